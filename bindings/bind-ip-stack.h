/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef BIND_IP_STACK_H
#define BIND_IP_STACK_H

/**
 * @file
 * What Ipv4 and Ipv6 share in Python: the interface calls (checked before ns-3, whose
 * asserts are compiled out in Debian's build, sees an index) and the entries of their
 * interface containers.
 */

#include "ns3-python.h"

#include <string>
#include <utility>

namespace ns3
{
namespace python
{

/**
 * @brief Raises IndexError unless @p interface is one of @p count interfaces.
 * @param interface The index.
 * @param count The node's interfaces.
 */
inline void
CheckInterface(uint32_t interface, uint32_t count)
{
    if (interface >= count)
    {
        throw py::index_error("no interface " + std::to_string(interface) + " (the node has " +
                              std::to_string(count) + ")");
    }
}

/**
 * @brief The i-th entry, (stack, interface), of an Ipv4/Ipv6InterfaceContainer, or IndexError.
 * @param c The container.
 * @param i The entry.
 * @return The entry.
 */
template <typename Container>
auto
InterfaceEntry(const Container& c, uint32_t i)
{
    if (i >= c.GetN())
    {
        throw py::index_error("no interface " + std::to_string(i) + " in container");
    }
    return c.Get(i);
}

/**
 * @brief Binds the interface calls Ipv4 and Ipv6 have in common.
 * @tparam Ip Ipv4 or Ipv6
 * @tparam InterfaceAddress Ipv4InterfaceAddress or Ipv6InterfaceAddress
 * @param cls The class.
 */
template <typename Ip, typename InterfaceAddress, typename Class>
void
AddInterfaceMethods(Class& cls)
{
    cls.def_static("GetTypeId", &Ip::GetTypeId, "The ns-3 TypeId")
        .def("GetNInterfaces", &Ip::GetNInterfaces, "Interfaces, loopback (0) included")
        .def("GetInterfaceForDevice",
             &Ip::GetInterfaceForDevice,
             py::arg("device"),
             "The interface of a device, or -1")
        .def("GetInterfaceForAddress",
             &Ip::GetInterfaceForAddress,
             py::arg("address"),
             "The interface holding an address, or -1")
        .def(
            "SetForwarding",
            [](Ip& ip, uint32_t interface, bool on) {
                CheckInterface(interface, ip.GetNInterfaces());
                ip.SetForwarding(interface, on);
            },
            py::arg("interface"),
            py::arg("enabled"),
            "Whether an interface forwards packets")
        .def(
            "IsForwarding",
            [](const Ip& ip, uint32_t interface) {
                CheckInterface(interface, ip.GetNInterfaces());
                return ip.IsForwarding(interface);
            },
            py::arg("interface"),
            "Whether an interface forwards packets")
        .def(
            "GetNAddresses",
            [](const Ip& ip, uint32_t interface) {
                CheckInterface(interface, ip.GetNInterfaces());
                return ip.GetNAddresses(interface);
            },
            py::arg("interface"),
            "Number of addresses of an interface (IPv6: link-local included)")
        .def(
            "AddAddress",
            [](Ip& ip, uint32_t interface, const InterfaceAddress& address) {
                CheckInterface(interface, ip.GetNInterfaces());
                return ip.AddAddress(interface, address);
            },
            py::arg("interface"),
            py::arg("address"),
            "Add an address to an interface")
        .def(
            "GetNetDevice",
            [](Ip& ip, uint32_t interface) {
                CheckInterface(interface, ip.GetNInterfaces());
                return ip.GetNetDevice(interface);
            },
            py::arg("interface"),
            "The device of an interface")
        .def(
            "GetMtu",
            [](const Ip& ip, uint32_t interface) {
                CheckInterface(interface, ip.GetNInterfaces());
                return ip.GetMtu(interface);
            },
            py::arg("interface"),
            "The MTU of an interface")
        .def(
            "IsUp",
            [](const Ip& ip, uint32_t interface) {
                CheckInterface(interface, ip.GetNInterfaces());
                return ip.IsUp(interface);
            },
            py::arg("interface"),
            "Whether an interface is up")
        .def(
            "SetUp",
            [](Ip& ip, uint32_t interface) {
                CheckInterface(interface, ip.GetNInterfaces());
                ip.SetUp(interface);
            },
            py::arg("interface"),
            "Bring an interface up")
        .def(
            "SetDown",
            [](Ip& ip, uint32_t interface) {
                CheckInterface(interface, ip.GetNInterfaces());
                ip.SetDown(interface);
            },
            py::arg("interface"),
            "Take an interface down");
}

} // namespace python
} // namespace ns3

#endif // BIND_IP_STACK_H
