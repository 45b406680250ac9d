/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The IPv4 NAPT model (RFC 4787 behaviours) and its helper.

#include "bind-ipsec.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-napt-helper.h"
#include "ns3/ipv4-napt.h"

namespace ns3
{
namespace python
{

namespace
{
/// What the module binds beyond the examples' needs: port forwards and port ranges.
void
BindNatMore(py::module_& m)
{
    auto napt =
        py::reinterpret_borrow<py::class_<Ipv4Napt, Object, Ptr<Ipv4Napt>>>(m.attr("Ipv4Napt"));
    py::enum_<Ipv4Napt::PortAllocation>(napt, "PortAllocation", "External port choice")
        .value("PRESERVE", Ipv4Napt::PRESERVE)
        .value("RANDOM", Ipv4Napt::RANDOM)
        .export_values();
    napt.def("GetOutsideInterface", &Ipv4Napt::GetOutsideInterface, "Outside interface")
        .def("SetPortRange",
             &Ipv4Napt::SetPortRange,
             py::arg("min"),
             py::arg("max"),
             "External port range; whether valid")
        .def(
            "AddPortForward",
            [](Ipv4Napt& n, uint8_t protocol, uint16_t ext, Ipv4Address addr, uint16_t port) {
                std::string error;
                if (!n.AddPortForward(protocol, ext, addr, port, &error))
                {
                    ThrowIfError(error);
                }
            },
            py::arg("protocol"),
            py::arg("external_port"),
            py::arg("internal_address"),
            py::arg("internal_port"),
            "A static port forward; raises IpsecError with the C++ message when refused");
    py::reinterpret_borrow<py::class_<Ipv4NaptHelper>>(m.attr("Ipv4NaptHelper"))
        .def_static(
            "AddPortForward",
            [](Ptr<Ipv4Napt> n, uint8_t protocol, uint16_t ext, Ipv4Address addr, uint16_t port) {
                std::string error;
                if (!Ipv4NaptHelper::AddPortForward(n, protocol, ext, addr, port, &error))
                {
                    ThrowIfError(error);
                }
            },
            py::arg("napt"),
            py::arg("protocol"),
            py::arg("external_port"),
            py::arg("internal_address"),
            py::arg("internal_port"),
            "A static port forward; raises IpsecError with the C++ message when refused");
    m.def(
        "ToString",
        [](Ipv4NaptDropReason r) { return std::string(ToString(r)); },
        py::arg("reason"),
        "A NAT drop reason's name, e.g. 'filtered'");
}
} // namespace

void
BindIpsecNat(py::module_& m)
{
    py::class_<Ipv4NaptMapping>(m, "Ipv4NaptMapping", "One NAT mapping")
        .def_readonly("protocol", &Ipv4NaptMapping::protocol, "6 TCP, 17 UDP, 1 ICMP")
        .def_readonly("internalAddress", &Ipv4NaptMapping::internalAddress, "Inside host")
        .def_readonly("internalPort", &Ipv4NaptMapping::internalPort, "Inside port")
        .def_readonly("externalAddress", &Ipv4NaptMapping::externalAddress, "Public address")
        .def_readonly("externalPort", &Ipv4NaptMapping::externalPort, "External port")
        .def_readonly("isStatic", &Ipv4NaptMapping::isStatic, "A port forward")
        .def_readonly("created", &Ipv4NaptMapping::created, "When it was created")
        .def_readonly("expires", &Ipv4NaptMapping::expires, "When it expires unless refreshed")
        .def("ProtocolName", &Ipv4NaptMapping::ProtocolName, "'TCP', 'UDP' or 'ICMP'")
        .def("__repr__", [](const Ipv4NaptMapping& n) {
            return std::string("<Ipv4NaptMapping ") + n.ProtocolName() + " " +
                   Text(n.internalAddress) + ":" + std::to_string(n.internalPort) + " -> " +
                   Text(n.externalAddress) + ":" + std::to_string(n.externalPort) + ">";
        });

    py::class_<Ipv4Napt, Object, Ptr<Ipv4Napt>>(m,
                                                "Ipv4Napt",
                                                "An IPv4 NAPT on a node (routing wrapper)")
        .def_static("GetTypeId", &Ipv4Napt::GetTypeId, "The ns-3 TypeId")
        .def("GetPublicAddress", &Ipv4Napt::GetPublicAddress, "The outside address")
        .def("AssignStreams",
             &Ipv4Napt::AssignStreams,
             py::arg("stream"),
             "Fix the port allocation's random stream")
        .def("GetMappings", &Ipv4Napt::GetMappings, "The current mappings")
        .def(
            "PrintMappings",
            [](const Ipv4Napt& n) {
                std::ostringstream os;
                n.PrintMappings(os);
                return os.str();
            },
            "The mapping table, as text")
        .def("GetDropCount", &Ipv4Napt::GetDropCount, py::arg("reason"), "Drops for a reason")
        .def("GetTotalDrops", &Ipv4Napt::GetTotalDrops, "All drops")
        .def("GetOutboundTranslations",
             &Ipv4Napt::GetOutboundTranslations,
             "Packets translated outbound")
        .def("GetInboundTranslations",
             &Ipv4Napt::GetInboundTranslations,
             "Packets translated inbound")
        .def("GetHairpinTranslations", &Ipv4Napt::GetHairpinTranslations, "Packets hairpinned");

    py::class_<Ipv4NaptHelper>(m,
                               "Ipv4NaptHelper",
                               "Installs NAPTs (after the node's routes). Bad arguments raise "
                               "IpsecError.")
        .def(py::init<>())
        .def(
            "SetAttribute",
            [](Ipv4NaptHelper& h, const std::string& name, py::handle value) {
                std::string error;
                Ptr<AttributeValue> v =
                    CheckedAttributeValue(Ipv4Napt::GetTypeId(), name, value, error);
                ThrowIfError(error);
                h.SetAttribute(name, *v);
            },
            py::arg("name"),
            py::arg("value"),
            "An attribute of the NAPTs Install() creates")
        .def("Install",
             py::overload_cast<Ptr<Node>, uint32_t, const std::vector<uint32_t>&>(
                 &Ipv4NaptHelper::Install,
                 py::const_),
             py::arg("node"),
             py::arg("outside_interface"),
             py::arg("inside_interfaces"),
             "A NAPT on a node, by IPv4 interface indexes")
        .def("Install",
             py::overload_cast<Ptr<NetDevice>, const std::vector<Ptr<NetDevice>>&>(
                 &Ipv4NaptHelper::Install,
                 py::const_),
             py::arg("outside"),
             py::arg("inside"),
             "A NAPT on a node, by devices")
        .def_static("AssignStreams",
                    &Ipv4NaptHelper::AssignStreams,
                    py::arg("nodes"),
                    py::arg("stream"),
                    "Fix the random streams of these nodes' NAPTs")
        .def_static("GetNapt", &Ipv4NaptHelper::GetNapt, py::arg("node"), "A node's NAPT, or None");

    RegisterTraceSignature<const Ipv4NaptMapping&>("ns3::Ipv4Napt::MappingTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, const Ipv4Header&, Ipv4NaptDropReason>(
        "ns3::Ipv4Napt::DropTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, const Ipv4Header&, const Ipv4NaptMapping&>(
        "ns3::Ipv4Napt::FilterDropTracedCallback");
    BindNatMore(m);
}

} // namespace python
} // namespace ns3
