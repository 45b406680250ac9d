/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The NAPT model (Ipv4Napt), its mappings and its helper.

#include "bind-ipsec.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-napt-helper.h"
#include "ns3/ipv4-napt.h"
#include "ns3/net-device.h"
#include "ns3/node.h"

#include <cctype>

namespace ns3
{
namespace python
{

void
BindIpsecNat(py::module_& m)
{
    py::enum_<Ipv4NaptDropReason> reason(m, "Ipv4NaptDropReason", "Why the NAT dropped a packet");
    for (uint8_t i = 0; i < static_cast<uint8_t>(Ipv4NaptDropReason::COUNT); ++i)
    {
        auto r = static_cast<Ipv4NaptDropReason>(i);
        std::string name = ToString(r); // "unsupported-protocol" -> UNSUPPORTED_PROTOCOL
        for (auto& c : name)
        {
            c = (c == '-') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        reason.value(name.c_str(), r);
    }
    m.def(
        "ToString",
        [](Ipv4NaptDropReason r) { return std::string(ToString(r)); },
        py::arg("reason"),
        "The NAT drop reason's name, e.g. 'filtered'");
    py::enum_<NaptBehavior>(m, "NaptBehavior", "Mapping or filtering behaviour (RFC 4787)")
        .value("ENDPOINT_INDEPENDENT", NaptBehavior::ENDPOINT_INDEPENDENT)
        .value("ADDRESS_DEPENDENT", NaptBehavior::ADDRESS_DEPENDENT)
        .value("ADDRESS_AND_PORT_DEPENDENT", NaptBehavior::ADDRESS_AND_PORT_DEPENDENT);
    py::enum_<NaptTcpState>(m, "NaptTcpState", "TCP state of a mapping")
        .value("TRANSITORY", NaptTcpState::TRANSITORY)
        .value("ESTABLISHED", NaptTcpState::ESTABLISHED)
        .value("CLOSING", NaptTcpState::CLOSING);

    using M = Ipv4NaptMapping;
    py::class_<M>(m, "Ipv4NaptMapping", "A NAT binding (a copy: read-only)")
        .def_readonly("protocol", &M::protocol, "6, 17 or 1")
        .def_readonly("internalAddress", &M::internalAddress, "Inside host")
        .def_readonly("internalPort", &M::internalPort, "Inside port")
        .def_readonly("externalAddress", &M::externalAddress, "The NAT's public address")
        .def_readonly("externalPort", &M::externalPort, "External port")
        .def_readonly("keyRemoteAddress", &M::keyRemoteAddress, "Remote address bound to")
        .def_readonly("keyRemotePort", &M::keyRemotePort, "Remote port bound to")
        .def_readonly("isStatic", &M::isStatic, "A port forward")
        .def_readonly("created", &M::created, "When it was created")
        .def_readonly("expires", &M::expires, "When it expires unless refreshed")
        .def_readonly("tcpState", &M::tcpState, "TCP state")
        .def_readonly("remotes", &M::remotes, "Remote endpoints seen")
        .def("ProtocolName", &M::ProtocolName, "'tcp', 'udp' or 'icmp'");

    py::class_<Ipv4Napt, Object, Ptr<Ipv4Napt>> napt(
        m,
        "Ipv4Napt",
        "A NAPT (RFC 4787/5382/5508) as the routing protocol of a node");
    py::enum_<Ipv4Napt::PortAllocation>(napt, "PortAllocation", "External port choice")
        .value("PRESERVE", Ipv4Napt::PRESERVE)
        .value("RANDOM", Ipv4Napt::RANDOM)
        .export_values();
    napt.def_static("GetTypeId", &Ipv4Napt::GetTypeId, "The TypeId")
        .def("GetOutsideInterface", &Ipv4Napt::GetOutsideInterface, "Outside interface")
        .def("GetPublicAddress", &Ipv4Napt::GetPublicAddress, "The public address")
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
            "A static port forward; raises IpsecError with the C++ message when refused")
        .def("AssignStreams", &Ipv4Napt::AssignStreams, py::arg("stream"), "Fix the streams")
        .def("GetMappings", &Ipv4Napt::GetMappings, "The current mappings")
        .def(
            "PrintMappings",
            [](const Ipv4Napt& n) {
                std::ostringstream os;
                n.PrintMappings(os);
                return os.str();
            },
            "The mappings as text")
        .def("GetDropCount", &Ipv4Napt::GetDropCount, py::arg("reason"), "Drops for a reason")
        .def("GetTotalDrops", &Ipv4Napt::GetTotalDrops, "All drops")
        .def("GetOutboundTranslations", &Ipv4Napt::GetOutboundTranslations, "Outbound")
        .def("GetInboundTranslations", &Ipv4Napt::GetInboundTranslations, "Inbound")
        .def("GetHairpinTranslations", &Ipv4Napt::GetHairpinTranslations, "Hairpin");

    using H = Ipv4NaptHelper;
    py::class_<H>(m,
                  "Ipv4NaptHelper",
                  "Installs NATs; misuse raises IpsecError with the C++ message")
        .def(py::init<>(), "A helper")
        .def(
            "SetAttribute",
            [](H& h, const std::string& name, py::handle value) {
                h.SetAttribute(name, *ToAttributeValue(value));
            },
            py::arg("name"),
            py::arg("value"),
            "Set an attribute of the NATs this helper installs")
        .def("Install",
             py::overload_cast<Ptr<Node>, uint32_t, const std::vector<uint32_t>&>(&H::Install,
                                                                                  py::const_),
             py::arg("node"),
             py::arg("outside_interface"),
             py::arg("inside_interfaces"),
             "Install a NAT by interface indices; returns it")
        .def("Install",
             py::overload_cast<Ptr<NetDevice>, const std::vector<Ptr<NetDevice>>&>(&H::Install,
                                                                                   py::const_),
             py::arg("outside"),
             py::arg("inside"),
             "Install a NAT by devices; returns it")
        .def_static(
            "AddPortForward",
            [](Ptr<Ipv4Napt> n, uint8_t protocol, uint16_t ext, Ipv4Address addr, uint16_t port) {
                std::string error;
                if (!H::AddPortForward(n, protocol, ext, addr, port, &error))
                {
                    ThrowIfError(error);
                }
            },
            py::arg("napt"),
            py::arg("protocol"),
            py::arg("external_port"),
            py::arg("internal_address"),
            py::arg("internal_port"),
            "A static port forward; raises IpsecError with the C++ message when refused")
        .def_static("AssignStreams",
                    &H::AssignStreams,
                    py::arg("nodes"),
                    py::arg("stream"),
                    "Fix the NATs' streams; returns how many were used")
        .def_static("GetNapt", &H::GetNapt, py::arg("node"), "A node's NAT, or None");

    RegisterTraceSignature<const Ipv4NaptMapping&>("ns3::Ipv4Napt::MappingTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, const Ipv4Header&, Ipv4NaptDropReason>(
        "ns3::Ipv4Napt::DropTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, const Ipv4Header&, const Ipv4NaptMapping&>(
        "ns3::Ipv4Napt::FilterDropTracedCallback");
}

} // namespace python
} // namespace ns3
