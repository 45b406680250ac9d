/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ns-3 internet: the stack, IPv4 addressing, static and global routing (IPv6: bind-internet6.cc).

#include "bind-ip-stack.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/udp-socket-factory.h"

namespace ns3
{
namespace python
{

namespace
{
void
BindIpv4(py::module_& m)
{
    py::class_<Ipv4InterfaceAddress>(m, "Ipv4InterfaceAddress", "An address of an interface")
        .def(py::init<Ipv4Address, Ipv4Mask>(),
             py::arg("local"),
             py::arg("mask"),
             "An address and its mask (for Ipv4.AddAddress)")
        .def("GetLocal", &Ipv4InterfaceAddress::GetLocal, "The address")
        .def("GetMask", &Ipv4InterfaceAddress::GetMask, "Its mask")
        .def("GetBroadcast", &Ipv4InterfaceAddress::GetBroadcast, "The subnet's broadcast")
        .def("__repr__", [](const Ipv4InterfaceAddress& a) { return Text(a); });

    py::class_<Ipv4, Object, Ptr<Ipv4>> stack(m, "Ipv4", "A node's IPv4 stack");
    AddInterfaceMethods<Ipv4, Ipv4InterfaceAddress>(stack);
    stack.def(
        "GetAddress",
        [](const Ipv4& ip, uint32_t interface, uint32_t index) {
            CheckInterface(interface, ip.GetNInterfaces());
            if (index >= ip.GetNAddresses(interface))
            {
                throw py::index_error("interface has no address " + std::to_string(index));
            }
            return ip.GetAddress(interface, index);
        },
        py::arg("interface"),
        py::arg("index") = 0,
        "An address of an interface");

    py::class_<Ipv4InterfaceContainer>(m,
                                       "Ipv4InterfaceContainer",
                                       "Interfaces (and their addresses) that an address helper "
                                       "assigned")
        .def(py::init<>())
        .def(
            "GetAddress",
            [](const Ipv4InterfaceContainer& c, uint32_t i, uint32_t j) {
                auto [ip, interface] = InterfaceEntry(c, i);
                if (j >= ip->GetNAddresses(interface))
                {
                    throw py::index_error("interface " + std::to_string(i) + " has no address " +
                                          std::to_string(j));
                }
                return c.GetAddress(i, j);
            },
            py::arg("i"),
            py::arg("j") = 0,
            "The j-th address of the i-th interface")
        .def("GetN", &Ipv4InterfaceContainer::GetN, "Number of interfaces")
        .def("Get",
             &InterfaceEntry<Ipv4InterfaceContainer>,
             py::arg("i"),
             "(Ipv4, interface index) of the i-th entry")
        .def("__len__", &Ipv4InterfaceContainer::GetN)
        .def("__getitem__", &InterfaceEntry<Ipv4InterfaceContainer>)
        .def(
            "__iter__",
            [](const Ipv4InterfaceContainer& c) { return py::make_iterator(c.Begin(), c.End()); },
            py::keep_alive<0, 1>())
        .def("__repr__",
             [](const Ipv4InterfaceContainer& c) {
                 std::string text = "<Ipv4InterfaceContainer";
                 for (uint32_t i = 0; i < c.GetN(); ++i)
                 {
                     text += " " + Text(c.GetAddress(i));
                 }
                 return text + ">";
             })
        .def("Add",
             py::overload_cast<const Ipv4InterfaceContainer&>(&Ipv4InterfaceContainer::Add),
             py::arg("other"),
             "Append another container");

    py::class_<Ipv4AddressHelper>(m, "Ipv4AddressHelper", "Assigns IPv4 addresses to devices")
        .def(py::init<>())
        .def(py::init<Ipv4Address, Ipv4Mask, Ipv4Address>(),
             py::arg("network"),
             py::arg("mask"),
             py::arg("base") = Ipv4Address("0.0.0.1"),
             "Addresses from network/mask, starting at base")
        .def("SetBase",
             &Ipv4AddressHelper::SetBase,
             py::arg("network"),
             py::arg("mask"),
             py::arg("base") = Ipv4Address("0.0.0.1"),
             "Start again in another network")
        .def("NewNetwork", &Ipv4AddressHelper::NewNetwork, "Move to the next network")
        .def("NewAddress", &Ipv4AddressHelper::NewAddress, "Take the next address")
        .def("Assign",
             &Ipv4AddressHelper::Assign,
             py::arg("devices"),
             "Give each device the next address (devices need an IPv4 stack)");

    py::class_<Ipv4StaticRouting, Object, Ptr<Ipv4StaticRouting>>(m,
                                                                  "Ipv4StaticRouting",
                                                                  "A node's static routes")
        .def("SetDefaultRoute",
             &Ipv4StaticRouting::SetDefaultRoute,
             py::arg("next_hop"),
             py::arg("interface"),
             py::arg("metric") = 0,
             "The route of last resort")
        .def("AddNetworkRouteTo",
             py::overload_cast<Ipv4Address, Ipv4Mask, Ipv4Address, uint32_t, uint32_t>(
                 &Ipv4StaticRouting::AddNetworkRouteTo),
             py::arg("network"),
             py::arg("mask"),
             py::arg("next_hop"),
             py::arg("interface"),
             py::arg("metric") = 0,
             "A route to a network through a gateway")
        .def("AddNetworkRouteTo",
             py::overload_cast<Ipv4Address, Ipv4Mask, uint32_t, uint32_t>(
                 &Ipv4StaticRouting::AddNetworkRouteTo),
             py::arg("network"),
             py::arg("mask"),
             py::arg("interface"),
             py::arg("metric") = 0,
             "A route to a network on a link")
        .def("AddHostRouteTo",
             py::overload_cast<Ipv4Address, Ipv4Address, uint32_t, uint32_t>(
                 &Ipv4StaticRouting::AddHostRouteTo),
             py::arg("dest"),
             py::arg("next_hop"),
             py::arg("interface"),
             py::arg("metric") = 0,
             "A route to one host through a gateway")
        .def("GetNRoutes", &Ipv4StaticRouting::GetNRoutes, "Number of unicast routes");

    py::class_<Ipv4StaticRoutingHelper>(m, "Ipv4StaticRoutingHelper", "Static IPv4 routes")
        .def(py::init<>())
        .def(
            "GetStaticRouting",
            [](const Ipv4StaticRoutingHelper& h, Ptr<Ipv4> ipv4) {
                if (!ipv4)
                {
                    throw py::value_error("GetStaticRouting: no IPv4 stack (None)");
                }
                Ptr<Ipv4StaticRouting> r = h.GetStaticRouting(ipv4);
                if (!r)
                {
                    throw py::value_error("GetStaticRouting: the node has no static routing");
                }
                return r;
            },
            py::arg("ipv4"),
            "The static routing of a node's IPv4 stack")
        .def("SetDefaultMulticastRoute",
             py::overload_cast<Ptr<Node>, Ptr<NetDevice>>(
                 &Ipv4StaticRoutingHelper::SetDefaultMulticastRoute),
             py::arg("node"),
             py::arg("device"),
             "Send multicast out of this device");

    py::class_<Ipv4GlobalRoutingHelper>(m, "Ipv4GlobalRoutingHelper", "Computed shortest paths")
        .def_static("PopulateRoutingTables",
                    &Ipv4GlobalRoutingHelper::PopulateRoutingTables,
                    "Compute every node's routes from the topology")
        .def_static("RecomputeRoutingTables",
                    &Ipv4GlobalRoutingHelper::RecomputeRoutingTables,
                    "Compute them again after a change");
}

} // namespace

void
BindInternet(py::module_& m)
{
    py::class_<InternetStackHelper>(m, "InternetStackHelper", "Installs IPv4/IPv6, UDP and TCP")
        .def(py::init<>())
        .def("Install",
             py::overload_cast<NodeContainer>(&InternetStackHelper::Install, py::const_),
             py::arg("nodes"),
             "Install the stack on every node")
        .def("Install",
             py::overload_cast<Ptr<Node>>(&InternetStackHelper::Install, py::const_),
             py::arg("node"),
             "Install the stack on a node")
        .def("SetIpv4StackInstall",
             &InternetStackHelper::SetIpv4StackInstall,
             py::arg("enable"),
             "Whether Install() adds IPv4")
        .def("SetIpv6StackInstall",
             &InternetStackHelper::SetIpv6StackInstall,
             py::arg("enable"),
             "Whether Install() adds IPv6")
        .def("AssignStreams",
             &InternetStackHelper::AssignStreams,
             py::arg("nodes"),
             py::arg("stream"),
             "Fix the random streams; returns how many were used");
    py::class_<Ipv4Header, Header>(m, "Ipv4Header", "An IPv4 header")
        .def(py::init<>())
        .def("GetSource", &Ipv4Header::GetSource, "Source address")
        .def("GetDestination", &Ipv4Header::GetDestination, "Destination address")
        .def("GetProtocol", &Ipv4Header::GetProtocol, "Protocol number of the payload")
        .def("GetTtl", &Ipv4Header::GetTtl, "Time to live")
        .def("GetPayloadSize", &Ipv4Header::GetPayloadSize, "Bytes after the header")
        .def("GetIdentification", &Ipv4Header::GetIdentification, "The identification field");
    BindIpv4(m);
    BindInternet6(m);

    py::class_<UdpSocketFactory>(m, "UdpSocketFactory", "Makes UDP sockets")
        .def_static("GetTypeId",
                    &UdpSocketFactory::GetTypeId,
                    "The TypeId Socket.CreateSocket takes");
    py::class_<TcpSocketFactory>(m, "TcpSocketFactory", "Makes TCP sockets")
        .def_static("GetTypeId",
                    &TcpSocketFactory::GetTypeId,
                    "The TypeId Socket.CreateSocket takes");
}

} // namespace python
} // namespace ns3
