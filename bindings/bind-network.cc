/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ns-3 network: nodes, devices, packets and headers, addresses, data rates, global values.

#include "ns3-python.h"

#include "ns3/data-rate.h"
#include "ns3/global-value.h"
#include "ns3/header.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/seq-ts-header.h"

#include <arpa/inet.h>

namespace ns3
{
namespace python
{

Address
ToAddress(py::handle value)
{
    if (py::isinstance<py::str>(value))
    {
        // Text: an IPv6 address has a colon, an IPv4 one dots; both are checked, as ns-3's
        // own parsers are not.
        std::string text = value.cast<std::string>();
        uint8_t buffer[16];
        if (text.find(':') != std::string::npos)
        {
            if (inet_pton(AF_INET6, text.c_str(), buffer) != 1)
            {
                throw py::value_error("invalid IPv6 address '" + text + "'");
            }
            return Ipv6Address(text.c_str());
        }
        if (inet_pton(AF_INET, text.c_str(), buffer) != 1)
        {
            throw py::value_error("invalid IPv4 address '" + text + "'");
        }
        return Ipv4Address(text.c_str());
    }
    if (py::isinstance<InetSocketAddress>(value))
    {
        return value.cast<InetSocketAddress>();
    }
    if (py::isinstance<Inet6SocketAddress>(value))
    {
        return value.cast<Inet6SocketAddress>();
    }
    if (py::isinstance<Ipv4Address>(value))
    {
        return value.cast<Ipv4Address>();
    }
    if (py::isinstance<Ipv6Address>(value))
    {
        return value.cast<Ipv6Address>();
    }
    if (py::isinstance<Address>(value))
    {
        return value.cast<Address>();
    }
    throw py::type_error("expected an address (InetSocketAddress, Inet6SocketAddress, str, "
                         "Ipv4Address, Ipv6Address or Address), not " +
                         py::str(py::type::of(value)).cast<std::string>());
}

py::object
FromAddress(const Address& address)
{
    if (InetSocketAddress::IsMatchingType(address))
    {
        return py::cast(InetSocketAddress::ConvertFrom(address));
    }
    if (Inet6SocketAddress::IsMatchingType(address))
    {
        return py::cast(Inet6SocketAddress::ConvertFrom(address));
    }
    if (Ipv4Address::IsMatchingType(address))
    {
        return py::cast(Ipv4Address::ConvertFrom(address));
    }
    if (Ipv6Address::IsMatchingType(address))
    {
        return py::cast(Ipv6Address::ConvertFrom(address));
    }
    return py::cast(address);
}

py::object
ToPython(const Address& value)
{
    return FromAddress(value);
}

namespace
{
/// The i-th element of a container, or IndexError.
template <typename C>
auto
At(const C& c, uint32_t i)
{
    if (i >= c.GetN())
    {
        throw py::index_error("index " + std::to_string(i) + " out of range (" +
                              std::to_string(c.GetN()) + " elements)");
    }
    return c.Get(i);
}

void
BindAddresses(py::module_& m)
{
    py::class_<Address>(m, "Address", "A generic ns-3 address (any type, as bytes)")
        .def(py::init<>())
        .def("IsInvalid", &Address::IsInvalid, "Whether the address was never set")
        .def("__repr__", [](const Address& a) { return "Address('" + Text(a) + "')"; });

    py::class_<Ipv4Address>(m, "Ipv4Address", "An IPv4 address")
        .def(py::init<>())
        .def(py::init<const char*>(), py::arg("text"), "From dotted-quad text")
        .def(py::init<uint32_t>(), py::arg("value"), "From a host-order 32-bit number")
        .def("Get", &Ipv4Address::Get, "The address as a host-order 32-bit number")
        .def_static("GetAny", &Ipv4Address::GetAny, "0.0.0.0")
        .def_static("GetLoopback", &Ipv4Address::GetLoopback, "127.0.0.1")
        .def_static("GetBroadcast", &Ipv4Address::GetBroadcast, "255.255.255.255")
        .def("IsMulticast", &Ipv4Address::IsMulticast, "Whether in 224.0.0.0/4")
        .def("CombineMask", &Ipv4Address::CombineMask, py::arg("mask"), "The network part")
        .def(py::self == py::self)
        .def(py::self != py::self)
        .def(py::self < py::self)
        .def("__hash__", [](const Ipv4Address& a) { return a.Get(); })
        .def("__str__", &Text<Ipv4Address>)
        .def("__repr__", [](const Ipv4Address& a) { return "Ipv4Address('" + Text(a) + "')"; });
    py::implicitly_convertible<py::str, Ipv4Address>();

    py::class_<Ipv4Mask>(m, "Ipv4Mask", "An IPv4 network mask")
        .def(py::init<const char*>(), py::arg("text"), "From '255.255.255.0' or '/24'")
        .def("GetPrefixLength", &Ipv4Mask::GetPrefixLength, "Number of leading one bits")
        .def(py::self == py::self)
        .def("__str__", &Text<Ipv4Mask>)
        .def("__repr__", [](const Ipv4Mask& a) { return "Ipv4Mask('" + Text(a) + "')"; });
    py::implicitly_convertible<py::str, Ipv4Mask>();

    py::class_<Ipv6Address>(m, "Ipv6Address", "An IPv6 address")
        .def(py::init<>())
        .def(py::init<const char*>(), py::arg("text"), "From textual form ('fd00::1')")
        .def_static("GetAny", &Ipv6Address::GetAny, "::")
        .def_static("GetLoopback", &Ipv6Address::GetLoopback, "::1")
        .def("IsMulticast", &Ipv6Address::IsMulticast, "Whether in ff00::/8")
        .def("IsLinkLocal", &Ipv6Address::IsLinkLocal, "Whether in fe80::/64")
        .def(py::self == py::self)
        .def(py::self != py::self)
        .def("__hash__", [](const Ipv6Address& a) { return std::hash<std::string>()(Text(a)); })
        .def("__str__", &Text<Ipv6Address>)
        .def("__repr__", [](const Ipv6Address& a) { return "Ipv6Address('" + Text(a) + "')"; });
    py::implicitly_convertible<py::str, Ipv6Address>();

    py::class_<Ipv6Prefix>(m, "Ipv6Prefix", "An IPv6 prefix length (as a mask)")
        .def(py::init<uint8_t>(), py::arg("length"), "From a prefix length (0-128)")
        .def(py::init<const char*>(), py::arg("text"), "From a mask in textual form")
        .def("GetPrefixLength", &Ipv6Prefix::GetPrefixLength, "The prefix length")
        .def("__str__", &Text<Ipv6Prefix>)
        .def("__repr__", [](const Ipv6Prefix& p) { return "Ipv6Prefix('" + Text(p) + "')"; });

    py::class_<InetSocketAddress>(m, "InetSocketAddress", "An IPv4 address and a port")
        .def(py::init<Ipv4Address, uint16_t>(), py::arg("ipv4"), py::arg("port") = 0)
        .def_static(
            "ConvertFrom",
            [](py::handle address) {
                Address a = ToAddress(address);
                if (!InetSocketAddress::IsMatchingType(a))
                {
                    throw py::type_error("not an IPv4 socket address: " +
                                         py::repr(address).cast<std::string>());
                }
                return InetSocketAddress::ConvertFrom(a);
            },
            py::arg("address"),
            "The InetSocketAddress an address holds (TypeError if none)")
        .def_static(
            "IsMatchingType",
            [](py::handle address) {
                return InetSocketAddress::IsMatchingType(ToAddress(address));
            },
            py::arg("address"),
            "Whether an address is an InetSocketAddress")
        .def("GetIpv4", &InetSocketAddress::GetIpv4, "The address")
        .def("GetPort", &InetSocketAddress::GetPort, "The port")
        .def("__eq__",
             [](const InetSocketAddress& a, const InetSocketAddress& b) {
                 return a.GetIpv4() == b.GetIpv4() && a.GetPort() == b.GetPort();
             })
        .def("__str__",
             [](const InetSocketAddress& a) {
                 return Text(a.GetIpv4()) + ":" + std::to_string(a.GetPort());
             })
        .def("__repr__", [](const InetSocketAddress& a) {
            return "InetSocketAddress('" + Text(a.GetIpv4()) + "', " + std::to_string(a.GetPort()) +
                   ")";
        });

    py::class_<Inet6SocketAddress>(m, "Inet6SocketAddress", "An IPv6 address and a port")
        .def(py::init<Ipv6Address, uint16_t>(), py::arg("ipv6"), py::arg("port") = 0)
        .def_static(
            "ConvertFrom",
            [](py::handle address) {
                Address a = ToAddress(address);
                if (!Inet6SocketAddress::IsMatchingType(a))
                {
                    throw py::type_error("not an IPv6 socket address: " +
                                         py::repr(address).cast<std::string>());
                }
                return Inet6SocketAddress::ConvertFrom(a);
            },
            py::arg("address"),
            "The Inet6SocketAddress an address holds (TypeError if none)")
        .def_static(
            "IsMatchingType",
            [](py::handle address) {
                return Inet6SocketAddress::IsMatchingType(ToAddress(address));
            },
            py::arg("address"),
            "Whether an address is an Inet6SocketAddress")
        .def("GetIpv6", &Inet6SocketAddress::GetIpv6, "The address")
        .def("GetPort", &Inet6SocketAddress::GetPort, "The port")
        .def("__str__",
             [](const Inet6SocketAddress& a) {
                 return "[" + Text(a.GetIpv6()) + "]:" + std::to_string(a.GetPort());
             })
        .def("__repr__", [](const Inet6SocketAddress& a) {
            return "Inet6SocketAddress('" + Text(a.GetIpv6()) + "', " +
                   std::to_string(a.GetPort()) + ")";
        });

    py::class_<DataRate>(m, "DataRate", "A bit rate")
        .def(py::init<const std::string&>(), py::arg("text"), "From '100Mbps', '1Gb/s', ...")
        .def(py::init<uint64_t>(), py::arg("bps"), "From bits per second")
        .def("GetBitRate", &DataRate::GetBitRate, "Bits per second")
        .def("__str__", &Text<DataRate>)
        .def("__repr__", [](const DataRate& d) { return "DataRate('" + Text(d) + "')"; });
    py::implicitly_convertible<py::str, DataRate>();
}

void
BindNodesAndDevices(py::module_& m)
{
    py::class_<Node, Object, Ptr<Node>>(m, "Node", "A simulated host or router")
        .def(py::init([]() { return CreateObject<Node>(); }), "A new node, with the next id")
        .def_static("GetTypeId", &Node::GetTypeId, "The ns-3 TypeId")
        .def("GetId", &Node::GetId, "The node's index in the NodeList")
        .def("GetNDevices", &Node::GetNDevices, "Number of devices")
        .def(
            "GetDevice",
            [](const Node& n, uint32_t i) {
                if (i >= n.GetNDevices())
                {
                    throw py::index_error("node has no device " + std::to_string(i));
                }
                return n.GetDevice(i);
            },
            py::arg("index"),
            "The device at an index (0 is the loopback once a stack is installed)")
        .def("GetNApplications", &Node::GetNApplications, "Number of applications");

    py::class_<NodeContainer>(m, "NodeContainer", "A list of nodes")
        .def(py::init<>())
        .def(py::init<uint32_t>(), py::arg("n"), "Create n nodes")
        .def(py::init<Ptr<Node>>(), py::arg("node"))
        .def(py::init<Ptr<Node>, Ptr<Node>>(), py::arg("a"), py::arg("b"))
        .def(py::init<Ptr<Node>, Ptr<Node>, Ptr<Node>>(), py::arg("a"), py::arg("b"), py::arg("c"))
        .def(py::init<const NodeContainer&, const NodeContainer&>(), py::arg("a"), py::arg("b"))
        .def("Create",
             py::overload_cast<uint32_t>(&NodeContainer::Create),
             py::arg("n"),
             "Create n more nodes")
        .def(
            "Add",
            [](NodeContainer& c, const NodeContainer& other) { c.Add(other); },
            py::arg("other"),
            "Append every node of another container")
        .def(
            "Add",
            [](NodeContainer& c, Ptr<Node> node) { c.Add(node); },
            py::arg("node"),
            "Append a node")
        .def("Get", &At<NodeContainer>, py::arg("i"), "The i-th node")
        .def("GetN", &NodeContainer::GetN, "Number of nodes")
        .def_static("GetGlobal", &NodeContainer::GetGlobal, "Every node of the simulation")
        .def("__len__", &NodeContainer::GetN)
        .def("__getitem__", &At<NodeContainer>)
        .def("__repr__",
             [](const NodeContainer& c) {
                 std::string text = "<NodeContainer";
                 for (uint32_t i = 0; i < c.GetN(); ++i)
                 {
                     text += " node " + std::to_string(c.Get(i)->GetId());
                 }
                 return text + ">";
             })
        .def(
            "__iter__",
            [](const NodeContainer& c) { return py::make_iterator(c.Begin(), c.End()); },
            py::keep_alive<0, 1>());

    py::class_<NetDevice, Object, Ptr<NetDevice>>(m, "NetDevice", "A network interface")
        .def("GetIfIndex", &NetDevice::GetIfIndex, "The device's index on its node")
        .def("GetNode", &NetDevice::GetNode, "The node it belongs to")
        .def("GetMtu", &NetDevice::GetMtu, "The link MTU")
        .def("SetMtu", &NetDevice::SetMtu, py::arg("mtu"), "Change the link MTU");

    py::class_<NetDeviceContainer>(m, "NetDeviceContainer", "A list of devices")
        .def(py::init<>())
        .def(py::init<Ptr<NetDevice>>(), py::arg("device"))
        .def(py::init<const NetDeviceContainer&, const NetDeviceContainer&>(),
             py::arg("a"),
             py::arg("b"))
        .def(
            "Add",
            [](NetDeviceContainer& c, Ptr<NetDevice> d) { c.Add(d); },
            py::arg("device"),
            "Append a device")
        .def(
            "Add",
            [](NetDeviceContainer& c, const NetDeviceContainer& o) { c.Add(o); },
            py::arg("other"),
            "Append every device of another container")
        .def("Get", &At<NetDeviceContainer>, py::arg("i"), "The i-th device")
        .def("GetN", &NetDeviceContainer::GetN, "Number of devices")
        .def("__len__", &NetDeviceContainer::GetN)
        .def("__getitem__", &At<NetDeviceContainer>)
        .def("__repr__",
             [](const NetDeviceContainer& c) {
                 std::string text = "<NetDeviceContainer";
                 for (uint32_t i = 0; i < c.GetN(); ++i)
                 {
                     Ptr<NetDevice> d = c.Get(i);
                     text += " " + d->GetInstanceTypeId().GetName() + "(node " +
                             std::to_string(d->GetNode()->GetId()) + ", " +
                             std::to_string(d->GetIfIndex()) + ")";
                 }
                 return text + ">";
             })
        .def(
            "__iter__",
            [](const NetDeviceContainer& c) { return py::make_iterator(c.Begin(), c.End()); },
            py::keep_alive<0, 1>());
}

void
BindPackets(py::module_& m)
{
    py::class_<Header>(m, "Header", "A protocol header that packets add, remove and peek")
        .def("GetSerializedSize", &Header::GetSerializedSize, "Bytes on the wire")
        .def("__str__", [](const Header& h) { return Text(h); });

    py::class_<SeqTsHeader, Header>(m,
                                    "SeqTsHeader",
                                    "Sequence number and send time (UdpClient's payload header)")
        .def(py::init<>())
        .def("GetSeq", &SeqTsHeader::GetSeq, "The sequence number")
        .def("SetSeq", &SeqTsHeader::SetSeq, py::arg("seq"), "Set the sequence number")
        .def("GetTs", &SeqTsHeader::GetTs, "When the packet was sent");

    py::class_<Packet, Ptr<Packet>>(m, "Packet", "A packet: payload bytes plus headers")
        .def(py::init([](uint32_t size) { return Create<Packet>(size); }),
             py::arg("size") = 0,
             "A packet of size zero bytes")
        .def(py::init([](py::bytes data) {
                 std::string s = data;
                 return Create<Packet>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
             }),
             py::arg("data"),
             "A packet holding these bytes")
        .def("GetSize", &Packet::GetSize, "Size in bytes, headers included")
        .def("__len__", &Packet::GetSize)
        .def("GetUid", &Packet::GetUid, "The packet's unique id")
        .def("Copy", &Packet::Copy, "A copy (cheap: copy on write)")
        .def("AddHeader", &Packet::AddHeader, py::arg("header"), "Prepend a header")
        .def("RemoveHeader",
             py::overload_cast<Header&>(&Packet::RemoveHeader),
             py::arg("header"),
             "Remove the first header into `header`; returns the bytes removed")
        .def("PeekHeader",
             py::overload_cast<Header&>(&Packet::PeekHeader, py::const_),
             py::arg("header"),
             "Read the first header into `header` without removing it; returns its size")
        .def("AddAtEnd", &Packet::AddAtEnd, py::arg("packet"), "Append another packet")
        .def(
            "ToBytes",
            [](const Packet& p) {
                std::string s(p.GetSize(), '\0');
                p.CopyData(reinterpret_cast<uint8_t*>(s.data()), s.size());
                return py::bytes(s);
            },
            "The packet's bytes, headers included")
        .def("__repr__", [](const Packet& p) {
            return "<Packet uid " + std::to_string(p.GetUid()) + ", " +
                   std::to_string(p.GetSize()) + " bytes>";
        });
}
} // namespace

void
BindNetwork(py::module_& m)
{
    BindAddresses(m);
    BindNodesAndDevices(m);
    BindPackets(m);

    py::class_<GlobalValue>(m, "GlobalValue", "ns-3's global settings (ChecksumEnabled, ...)")
        .def_static(
            "Bind",
            [](const std::string& name, py::handle value) {
                Ptr<AttributeValue> v = ToAttributeValue(value);
                if (!GlobalValue::BindFailSafe(name, *v))
                {
                    throw py::value_error("cannot set global value '" + name + "' to '" +
                                          py::str(value).cast<std::string>() + "'");
                }
            },
            py::arg("name"),
            py::arg("value"),
            "Set a global value, e.g. Bind('ChecksumEnabled', True)");
}

} // namespace python
} // namespace ns3
