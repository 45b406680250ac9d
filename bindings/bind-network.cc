/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ns-3 network: nodes, devices, packets, addresses, sockets.

#include "ns3-python.h"

#include "ns3/ipv4-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/packet.h"

#include <sstream>

namespace ns3
{
namespace python
{

namespace
{
/// operator<< as a Python string.
template <typename T>
std::string
Text(const T& value)
{
    std::ostringstream os;
    os << value;
    return os.str();
}
} // namespace

void
BindNetwork(py::module_& m)
{
    py::class_<Node, Object, Ptr<Node>>(m, "Node", "A simulated host or router")
        .def(py::init([]() { return CreateObject<Node>(); }))
        .def_static("GetTypeId", &Node::GetTypeId)
        .def("GetId", &Node::GetId)
        .def("GetNDevices", &Node::GetNDevices)
        .def("GetDevice", &Node::GetDevice, py::arg("index"));

    py::class_<NodeContainer>(m, "NodeContainer", "A list of nodes")
        .def(py::init<>())
        .def(py::init<uint32_t>(), py::arg("n"), "Create n nodes")
        .def(py::init<Ptr<Node>>(), py::arg("node"))
        .def(py::init<const NodeContainer&, const NodeContainer&>(), py::arg("a"), py::arg("b"))
        .def("Create", py::overload_cast<uint32_t>(&NodeContainer::Create), py::arg("n"))
        .def("Add", [](NodeContainer& c, const NodeContainer& other) { c.Add(other); })
        .def("Add", [](NodeContainer& c, Ptr<Node> node) { c.Add(node); })
        .def("Get", &NodeContainer::Get, py::arg("i"))
        .def("GetN", &NodeContainer::GetN)
        .def("__len__", &NodeContainer::GetN)
        .def("__getitem__",
             [](const NodeContainer& c, uint32_t i) {
                 if (i >= c.GetN())
                 {
                     throw py::index_error("node index out of range");
                 }
                 return c.Get(i);
             })
        .def(
            "__iter__",
            [](const NodeContainer& c) { return py::make_iterator(c.Begin(), c.End()); },
            py::keep_alive<0, 1>());

    py::class_<NetDevice, Object, Ptr<NetDevice>>(m, "NetDevice", "A network interface")
        .def("GetIfIndex", &NetDevice::GetIfIndex)
        .def("GetNode", &NetDevice::GetNode)
        .def("GetMtu", &NetDevice::GetMtu);

    py::class_<NetDeviceContainer>(m, "NetDeviceContainer", "A list of devices")
        .def(py::init<>())
        .def("Get", &NetDeviceContainer::Get, py::arg("i"))
        .def("GetN", &NetDeviceContainer::GetN)
        .def("__len__", &NetDeviceContainer::GetN);

    py::class_<Ipv4Address>(m, "Ipv4Address", "An IPv4 address")
        .def(py::init<>())
        .def(py::init<const char*>(), py::arg("text"))
        .def("Get", &Ipv4Address::Get)
        .def(py::self == py::self)
        .def("__hash__", [](const Ipv4Address& a) { return a.Get(); })
        .def("__str__", &Text<Ipv4Address>)
        .def("__repr__", [](const Ipv4Address& a) { return "Ipv4Address('" + Text(a) + "')"; });
    py::implicitly_convertible<py::str, Ipv4Address>();

    py::class_<Packet, Ptr<Packet>>(m, "Packet", "A packet: payload bytes plus headers")
        .def(py::init([](uint32_t size) { return Create<Packet>(size); }), py::arg("size") = 0)
        .def(py::init([](py::bytes data) {
                 std::string s = data;
                 return Create<Packet>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
             }),
             py::arg("data"))
        .def("GetSize", &Packet::GetSize)
        .def("__len__", &Packet::GetSize)
        .def("GetUid", &Packet::GetUid)
        .def("Copy", &Packet::Copy)
        .def(
            "ToBytes",
            [](const Packet& p) {
                std::string s(p.GetSize(), '\0');
                p.CopyData(reinterpret_cast<uint8_t*>(s.data()), s.size());
                return py::bytes(s);
            },
            "The packet's bytes, headers included")
        .def("__repr__", [](const Packet& p) {
            return "<Packet " + std::to_string(p.GetSize()) + " bytes: " + Text(p) + ">";
        });
}

} // namespace python
} // namespace ns3
