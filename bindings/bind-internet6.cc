/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ns-3 internet, IPv6: the stack's calls, addressing, static routing.

#include "bind-ip-stack.h"

#include "ns3/ipv6-address-helper.h"
#include "ns3/ipv6-interface-container.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/ipv6.h"
#include "ns3/net-device-container.h"
#include "ns3/node.h"

namespace ns3
{
namespace python
{

void
BindInternet6(py::module_& m)
{
    py::class_<Ipv6InterfaceAddress>(m, "Ipv6InterfaceAddress", "An address of an interface")
        .def(py::init<Ipv6Address, Ipv6Prefix>(),
             py::arg("address"),
             py::arg("prefix"),
             "An address and its prefix (for Ipv6.AddAddress)")
        .def("GetAddress", &Ipv6InterfaceAddress::GetAddress, "The address")
        .def("GetPrefix", &Ipv6InterfaceAddress::GetPrefix, "Its prefix")
        .def("__repr__", [](const Ipv6InterfaceAddress& a) { return Text(a); });

    py::class_<Ipv6, Object, Ptr<Ipv6>> stack(m, "Ipv6", "A node's IPv6 stack");
    AddInterfaceMethods<Ipv6, Ipv6InterfaceAddress>(stack);
    stack.def(
        "GetAddress",
        [](const Ipv6& ip, uint32_t interface, uint32_t index) {
            CheckInterface(interface, ip.GetNInterfaces());
            if (index >= ip.GetNAddresses(interface))
            {
                throw py::index_error("interface has no address " + std::to_string(index));
            }
            return ip.GetAddress(interface, index);
        },
        py::arg("interface"),
        py::arg("index"),
        "An address of an interface (0 is the link-local one)");

    py::class_<Ipv6InterfaceContainer>(m,
                                       "Ipv6InterfaceContainer",
                                       "Interfaces (and their addresses) that an address helper "
                                       "assigned")
        .def(py::init<>())
        .def(
            "GetAddress",
            [](const Ipv6InterfaceContainer& c, uint32_t i, uint32_t j) {
                auto [ip, interface] = InterfaceEntry(c, i);
                if (j >= ip->GetNAddresses(interface))
                {
                    throw py::index_error("interface " + std::to_string(i) + " has no address " +
                                          std::to_string(j));
                }
                return c.GetAddress(i, j);
            },
            py::arg("i"),
            py::arg("j"),
            "The j-th address of the i-th interface (j=1: the first global one)")
        .def("GetN", &Ipv6InterfaceContainer::GetN, "Number of interfaces")
        .def("Get",
             &InterfaceEntry<Ipv6InterfaceContainer>,
             py::arg("i"),
             "(Ipv6, interface index) of the i-th entry")
        .def(
            "GetLinkLocalAddress",
            [](Ipv6InterfaceContainer& c, uint32_t i) {
                if (i >= c.GetN())
                {
                    throw py::index_error("no interface " + std::to_string(i) + " in container");
                }
                return c.GetLinkLocalAddress(i);
            },
            py::arg("i"),
            "The link-local address of the i-th interface")
        .def(
            "SetForwarding",
            [](Ipv6InterfaceContainer& c, uint32_t i, bool router) {
                if (i >= c.GetN())
                {
                    throw py::index_error("no interface " + std::to_string(i) + " in container");
                }
                c.SetForwarding(i, router);
            },
            py::arg("i"),
            py::arg("router"),
            "Make the i-th interface's node forward on it (a router)")
        .def(
            "SetDefaultRouteInAllNodes",
            [](Ipv6InterfaceContainer& c, uint32_t router) {
                if (router >= c.GetN())
                {
                    throw py::index_error("no interface " + std::to_string(router) +
                                          " in container");
                }
                c.SetDefaultRouteInAllNodes(router);
            },
            py::arg("router"),
            "Default route of every other node: the router-th interface's address")
        .def("Add",
             py::overload_cast<const Ipv6InterfaceContainer&>(&Ipv6InterfaceContainer::Add),
             py::arg("other"),
             "Append another container")
        .def("__len__", &Ipv6InterfaceContainer::GetN)
        .def("__getitem__", &InterfaceEntry<Ipv6InterfaceContainer>)
        .def(
            "__iter__",
            [](const Ipv6InterfaceContainer& c) { return py::make_iterator(c.Begin(), c.End()); },
            py::keep_alive<0, 1>())
        .def("__repr__", [](const Ipv6InterfaceContainer& c) {
            std::string text = "<Ipv6InterfaceContainer";
            for (uint32_t i = 0; i < c.GetN(); ++i)
            {
                auto [ip, interface] = c.Get(i);
                uint32_t n = ip->GetNAddresses(interface);
                // The first global address when there is one, else the link-local one.
                text += " " + Text(c.GetAddress(i, n > 1 ? 1 : 0));
            }
            return text + ">";
        });

    py::class_<Ipv6AddressHelper>(m, "Ipv6AddressHelper", "Assigns IPv6 addresses to devices")
        .def(py::init<>())
        .def(py::init<Ipv6Address, Ipv6Prefix, Ipv6Address>(),
             py::arg("network"),
             py::arg("prefix"),
             py::arg("base") = Ipv6Address("::1"),
             "Addresses from network/prefix (autoconfigured from the MAC, as ns-3 does)")
        .def("SetBase",
             &Ipv6AddressHelper::SetBase,
             py::arg("network"),
             py::arg("prefix"),
             py::arg("base") = Ipv6Address("::1"),
             "Start again in another network")
        .def("NewNetwork", &Ipv6AddressHelper::NewNetwork, "Move to the next network")
        .def("Assign",
             py::overload_cast<const NetDeviceContainer&>(&Ipv6AddressHelper::Assign),
             py::arg("devices"),
             "Give each device an address (devices need an IPv6 stack)");

    py::class_<Ipv6StaticRouting, Object, Ptr<Ipv6StaticRouting>>(m,
                                                                  "Ipv6StaticRouting",
                                                                  "A node's static routes")
        .def("SetDefaultRoute",
             &Ipv6StaticRouting::SetDefaultRoute,
             py::arg("next_hop"),
             py::arg("interface"),
             py::arg("prefix_to_use") = Ipv6Address("::"),
             py::arg("metric") = 0,
             "The route of last resort")
        .def("AddNetworkRouteTo",
             py::overload_cast<Ipv6Address, Ipv6Prefix, Ipv6Address, uint32_t, uint32_t>(
                 &Ipv6StaticRouting::AddNetworkRouteTo),
             py::arg("network"),
             py::arg("prefix"),
             py::arg("next_hop"),
             py::arg("interface"),
             py::arg("metric") = 0,
             "A route to a network through a gateway")
        .def("AddNetworkRouteTo",
             py::overload_cast<Ipv6Address, Ipv6Prefix, uint32_t, uint32_t>(
                 &Ipv6StaticRouting::AddNetworkRouteTo),
             py::arg("network"),
             py::arg("prefix"),
             py::arg("interface"),
             py::arg("metric") = 0,
             "A route to a network on a link");

    py::class_<Ipv6StaticRoutingHelper>(m, "Ipv6StaticRoutingHelper", "Static IPv6 routes")
        .def(py::init<>())
        .def(
            "GetStaticRouting",
            [](const Ipv6StaticRoutingHelper& h, Ptr<Ipv6> ipv6) {
                if (!ipv6)
                {
                    throw py::value_error("GetStaticRouting: no IPv6 stack (None)");
                }
                Ptr<Ipv6StaticRouting> r = h.GetStaticRouting(ipv6);
                if (!r)
                {
                    throw py::value_error("GetStaticRouting: the node has no static routing");
                }
                return r;
            },
            py::arg("ipv6"),
            "The static routing of a node's IPv6 stack");
}

} // namespace python
} // namespace ns3
