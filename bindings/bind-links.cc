/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ns-3 links: point-to-point and CSMA, with their pcap and ASCII tracing.

#include "ns3-python.h"

#include "ns3/csma-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/queue.h"

namespace ns3
{
namespace python
{

namespace
{
/// SetDeviceAttribute / SetChannelAttribute with a Python value; a bad name raises.
template <typename Helper>
void
SetHelperAttribute(Helper& helper,
                   void (Helper::*set)(std::string, const AttributeValue&),
                   TypeId tid,
                   const std::string& name,
                   py::handle value)
{
    std::string error;
    Ptr<AttributeValue> checked = CheckedAttributeValue(tid, name, value, error);
    if (!checked)
    {
        throw py::value_error(error);
    }
    (helper.*set)(name, *checked);
}

/// SetQueue(type, **attributes): the helpers' variadic template, for up to two attributes.
template <typename Helper>
void
SetQueue(Helper& helper, const std::string& type, const py::kwargs& kwargs)
{
    // As the helpers do: "ns3::DropTailQueue" means "ns3::DropTailQueue<Packet>".
    std::string fullType = type;
    QueueBase::AppendItemTypeIfNotPresent(fullType, "Packet");
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(fullType, &tid))
    {
        throw py::value_error("no queue type named '" + type + "'");
    }
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> attributes;
    for (auto item : kwargs)
    {
        std::string name = item.first.cast<std::string>();
        std::string error;
        Ptr<AttributeValue> v = CheckedAttributeValue(tid, name, item.second, error);
        if (!v)
        {
            throw py::value_error(error);
        }
        attributes.emplace_back(name, v);
    }
    switch (attributes.size())
    {
    case 0:
        helper.SetQueue(type);
        break;
    case 1:
        helper.SetQueue(type, attributes[0].first, *attributes[0].second);
        break;
    case 2:
        helper.SetQueue(type,
                        attributes[0].first,
                        *attributes[0].second,
                        attributes[1].first,
                        *attributes[1].second);
        break;
    default:
        throw py::value_error("SetQueue takes at most two attributes");
    }
}

/// The pcap-enabling methods both helpers inherit from PcapHelperForDevice.
template <typename Class>
void
AddPcap(Class& cls)
{
    using Helper = typename Class::type;
    cls.def(
           "EnablePcapAll",
           [](Helper& h, const std::string& prefix, bool promiscuous) {
               h.EnablePcapAll(prefix, promiscuous);
           },
           py::arg("prefix"),
           py::arg("promiscuous") = false,
           "Capture every device of this type: <prefix>-<node>-<device>.pcap")
        .def(
            "EnablePcap",
            [](Helper& h,
               const std::string& prefix,
               Ptr<NetDevice> device,
               bool promiscuous,
               bool explicitFilename) {
                h.EnablePcap(prefix, device, promiscuous, explicitFilename);
            },
            py::arg("prefix"),
            py::arg("device"),
            py::arg("promiscuous") = false,
            py::arg("explicit_filename") = false,
            "Capture one device (explicit_filename: prefix is the whole file name)")
        .def(
            "EnablePcap",
            [](Helper& h, const std::string& prefix, NetDeviceContainer devices, bool promiscuous) {
                h.EnablePcap(prefix, devices, promiscuous);
            },
            py::arg("prefix"),
            py::arg("devices"),
            py::arg("promiscuous") = false,
            "Capture these devices")
        .def(
            "EnablePcap",
            [](Helper& h, const std::string& prefix, NodeContainer nodes, bool promiscuous) {
                h.EnablePcap(prefix, nodes, promiscuous);
            },
            py::arg("prefix"),
            py::arg("nodes"),
            py::arg("promiscuous") = false,
            "Capture every device of these nodes")
        .def(
            "EnableAsciiAll",
            [](Helper& h, const std::string& prefix) { h.EnableAsciiAll(prefix); },
            py::arg("prefix"),
            "ASCII trace of every device of this type: <prefix>-<node>-<device>.tr")
        .def(
            "EnableAscii",
            [](Helper& h, const std::string& prefix, Ptr<NetDevice> device, bool explicitFilename) {
                h.EnableAscii(prefix, device, explicitFilename);
            },
            py::arg("prefix"),
            py::arg("device"),
            py::arg("explicit_filename") = false,
            "ASCII trace of one device (explicit_filename: prefix is the whole file name)");
}
} // namespace

void
BindLinks(py::module_& m)
{
    py::class_<PointToPointHelper> p2p(m, "PointToPointHelper", "Point-to-point links");
    p2p.def(py::init<>())
        .def(
            "SetDeviceAttribute",
            [](PointToPointHelper& h, const std::string& name, py::handle value) {
                SetHelperAttribute(h,
                                   &PointToPointHelper::SetDeviceAttribute,
                                   TypeId::LookupByName("ns3::PointToPointNetDevice"),
                                   name,
                                   value);
            },
            py::arg("name"),
            py::arg("value"),
            "An attribute of the devices Install() creates (DataRate, Mtu, ...)")
        .def(
            "SetChannelAttribute",
            [](PointToPointHelper& h, const std::string& name, py::handle value) {
                SetHelperAttribute(h,
                                   &PointToPointHelper::SetChannelAttribute,
                                   TypeId::LookupByName("ns3::PointToPointChannel"),
                                   name,
                                   value);
            },
            py::arg("name"),
            py::arg("value"),
            "An attribute of the channels Install() creates (Delay)")
        .def("SetQueue",
             &SetQueue<PointToPointHelper>,
             py::arg("type"),
             "The devices' transmit queue, e.g. SetQueue('ns3::DropTailQueue', MaxSize='100p')")
        .def("Install",
             py::overload_cast<NodeContainer>(&PointToPointHelper::Install),
             py::arg("nodes"),
             "A link between the two nodes of a container")
        .def("Install",
             py::overload_cast<Ptr<Node>, Ptr<Node>>(&PointToPointHelper::Install),
             py::arg("a"),
             py::arg("b"),
             "A link between two nodes");
    AddPcap(p2p);

    py::class_<CsmaHelper> csma(m, "CsmaHelper", "CSMA (Ethernet-like) shared links");
    csma.def(py::init<>())
        .def(
            "SetDeviceAttribute",
            [](CsmaHelper& h, const std::string& name, py::handle value) {
                SetHelperAttribute(h,
                                   &CsmaHelper::SetDeviceAttribute,
                                   TypeId::LookupByName("ns3::CsmaNetDevice"),
                                   name,
                                   value);
            },
            py::arg("name"),
            py::arg("value"),
            "An attribute of the devices Install() creates (Mtu, ...)")
        .def(
            "SetChannelAttribute",
            [](CsmaHelper& h, const std::string& name, py::handle value) {
                SetHelperAttribute(h,
                                   &CsmaHelper::SetChannelAttribute,
                                   TypeId::LookupByName("ns3::CsmaChannel"),
                                   name,
                                   value);
            },
            py::arg("name"),
            py::arg("value"),
            "An attribute of the channel Install() creates (DataRate, Delay)")
        .def("SetQueue",
             &SetQueue<CsmaHelper>,
             py::arg("type"),
             "The devices' transmit queue, e.g. SetQueue('ns3::DropTailQueue', MaxSize='100p')")
        .def("Install",
             py::overload_cast<const NodeContainer&>(&CsmaHelper::Install, py::const_),
             py::arg("nodes"),
             "One shared channel with a device on every node")
        .def("Install",
             py::overload_cast<Ptr<Node>>(&CsmaHelper::Install, py::const_),
             py::arg("node"),
             "A device on a node, on a new channel")
        .def("AssignStreams",
             &CsmaHelper::AssignStreams,
             py::arg("devices"),
             py::arg("stream"),
             "Fix the devices' backoff random streams; returns how many were used");
    AddPcap(csma);
}

} // namespace python
} // namespace ns3
