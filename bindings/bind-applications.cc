/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ns-3 applications: UDP echo, UDP client/server, on-off, packet sink, bulk send.

#include "ns3-python.h"

#include "ns3/application-container.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/node.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/socket.h"
#include "ns3/udp-client-server-helper.h"
#include "ns3/udp-echo-client.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/udp-server.h"

namespace ns3
{
namespace python
{

namespace
{
/// helper.SetAttribute(name, value) for the application helpers (a bad name raises).
template <typename Helper>
void
SetAppAttribute(Helper& helper, const char* type, const std::string& name, py::handle value)
{
    std::string error;
    Ptr<AttributeValue> v = CheckedAttributeValue(TypeId::LookupByName(type), name, value, error);
    if (!v)
    {
        throw py::value_error(error);
    }
    helper.SetAttribute(name, *v);
}

/// Adds SetAttribute and Install to a helper class of application type `type`.
template <typename Class>
void
AddHelperMethods(Class& cls, const char* type)
{
    using Helper = typename Class::type;
    cls.def(
           "SetAttribute",
           [type](Helper& h, const std::string& name, py::handle value) {
               SetAppAttribute(h, type, name, value);
           },
           py::arg("name"),
           py::arg("value"),
           "An attribute of the applications Install() creates")
        .def(
            "Install",
            [](Helper& h, NodeContainer nodes) { return h.Install(nodes); },
            py::arg("nodes"),
            "One application on each node")
        .def(
            "Install",
            [](Helper& h, Ptr<Node> node) { return h.Install(node); },
            py::arg("node"),
            "One application on a node");
}

/**
 * An Application that a Python class may derive from: StartApplication, StopApplication and
 * DoDispose call the Python overrides. Once added to a node, it holds its Python object (the
 * overrides live there) until DoDispose, which Simulator.Destroy() runs: the cycle is broken
 * then, so nothing leaks.
 */
class PyApplication : public Application
{
  public:
    /** @param self The Python object to keep while a node runs this application. */
    void KeepPythonObject(py::object self)
    {
        m_self = std::make_unique<PyRef>(std::move(self));
    }

  protected:
    void DoDispose() override
    {
        CallOverride("DoDispose");
        m_self.reset();
        Application::DoDispose();
    }

  private:
    void StartApplication() override
    {
        CallOverride("StartApplication");
    }

    void StopApplication() override
    {
        CallOverride("StopApplication");
    }

    /// Calls the Python override of `name`, if any (Application's own does nothing).
    void CallOverride(const char* name)
    {
        if (!Py_IsInitialized() || _Py_IsFinalizing())
        {
            return; // disposed by static destructors after Python: no Python left to call
        }
        py::gil_scoped_acquire gil;
        py::function override = py::get_override(static_cast<const Application*>(this), name);
        if (override)
        {
            CallFromSimulation(PyRef(std::move(override)), py::make_tuple());
        }
    }

    std::unique_ptr<PyRef> m_self; //!< The Python object, while on a node
};

/// The i-th application, or IndexError.
Ptr<Application>
GetApplication(const ApplicationContainer& c, uint32_t i)
{
    if (i >= c.GetN())
    {
        throw py::index_error("no application " + std::to_string(i) + " in container");
    }
    return c.Get(i);
}
} // namespace

void
BindApplications(py::module_& m)
{
    py::class_<Application, PyApplication, Object, Ptr<Application>>(
        m,
        "Application",
        "An application. A Python subclass may override StartApplication, StopApplication and "
        "DoDispose (call Application.__init__ first, then Node.AddApplication).")
        .def(py::init([]() -> Ptr<Application> { return CreateObject<PyApplication>(); }),
             "A new application (for Python subclasses)")
        .def_static("GetTypeId", &Application::GetTypeId, "The ns-3 TypeId")
        .def("SetStartTime", &Application::SetStartTime, py::arg("start"), "When it starts")
        .def("SetStopTime", &Application::SetStopTime, py::arg("stop"), "When it stops")
        .def("GetNode", &Application::GetNode, "Its node");

    py::class_<ApplicationContainer>(m, "ApplicationContainer", "A list of applications")
        .def(py::init<>())
        .def("Start", &ApplicationContainer::Start, py::arg("start"), "Start every one at a time")
        .def("Stop", &ApplicationContainer::Stop, py::arg("stop"), "Stop every one at a time")
        .def("Get", &GetApplication, py::arg("i"), "The i-th application")
        .def("GetN", &ApplicationContainer::GetN, "Number of applications")
        .def("Add",
             py::overload_cast<ApplicationContainer>(&ApplicationContainer::Add),
             py::arg("other"),
             "Append another container")
        .def("__len__", &ApplicationContainer::GetN)
        .def("__getitem__", &GetApplication)
        .def(
            "__iter__",
            [](const ApplicationContainer& c) { return py::make_iterator(c.Begin(), c.End()); },
            py::keep_alive<0, 1>())
        .def("__repr__", [](const ApplicationContainer& c) {
            return "<ApplicationContainer of " + std::to_string(c.GetN()) + ">";
        });

    // Node.AddApplication here, where Application is known: Python subclasses are kept.
    py::class_<Node, Object, Ptr<Node>>(m.attr("Node"))
        .def(
            "AddApplication",
            [](Ptr<Node> node, py::object application) {
                Ptr<Application> app = application.cast<Ptr<Application>>();
                if (!app)
                {
                    throw py::value_error("AddApplication: application is None");
                }
                if (app->GetNode())
                {
                    throw py::value_error("AddApplication: the application is already on node " +
                                          std::to_string(app->GetNode()->GetId()));
                }
                if (auto pyApp = dynamic_cast<PyApplication*>(PeekPointer(app)))
                {
                    pyApp->KeepPythonObject(application);
                }
                return node->AddApplication(app);
            },
            py::arg("application"),
            "Run an application on this node; returns its index")
        .def(
            "GetApplication",
            [](const Node& n, uint32_t i) {
                if (i >= n.GetNApplications())
                {
                    throw py::index_error("node has no application " + std::to_string(i));
                }
                return n.GetApplication(i);
            },
            py::arg("index"),
            "The application at an index");

    py::class_<UdpEchoClient, Application, Ptr<UdpEchoClient>>(m,
                                                               "UdpEchoClient",
                                                               "Sends UDP echo requests")
        .def("SetFill",
             py::overload_cast<std::string>(&UdpEchoClient::SetFill),
             py::arg("fill"),
             "The requests' payload: this text and a terminating zero");
    py::class_<PacketSink, Application, Ptr<PacketSink>>(m,
                                                         "PacketSink",
                                                         "Receives and counts traffic")
        .def("GetTotalRx", &PacketSink::GetTotalRx, "Bytes received")
        .def("GetListeningSocket", &PacketSink::GetListeningSocket, "Its listening socket");
    py::class_<UdpServer, Application, Ptr<UdpServer>>(m,
                                                       "UdpServer",
                                                       "Receives UdpClient datagrams")
        .def("GetReceived", &UdpServer::GetReceived, "Datagrams received")
        .def("GetLost", &UdpServer::GetLost, "Datagrams lost (sequence gaps)");

    py::class_<UdpEchoServerHelper> echoServer(m, "UdpEchoServerHelper", "UDP echo servers");
    echoServer.def(py::init<uint16_t>(), py::arg("port"), "Servers on a port");
    AddHelperMethods(echoServer, "ns3::UdpEchoServer");

    py::class_<UdpEchoClientHelper> echoClient(m, "UdpEchoClientHelper", "UDP echo clients");
    echoClient.def(py::init([](py::handle address, uint16_t port) {
                       return UdpEchoClientHelper(ToAddress(address), port);
                   }),
                   py::arg("address"),
                   py::arg("port"),
                   "Clients of the server at address (Ipv4Address or Ipv6Address) and port");
    AddHelperMethods(echoClient, "ns3::UdpEchoClient");

    py::class_<UdpServerHelper> udpServer(m, "UdpServerHelper", "UdpServer applications");
    udpServer.def(py::init<uint16_t>(), py::arg("port"), "Servers on a port");
    AddHelperMethods(udpServer, "ns3::UdpServer");

    py::class_<UdpClientHelper> udpClient(m,
                                          "UdpClientHelper",
                                          "UdpClient applications (sequence-numbered datagrams)");
    udpClient.def(py::init([](py::handle address, uint16_t port) {
                      return UdpClientHelper(ToAddress(address), port);
                  }),
                  py::arg("address"),
                  py::arg("port"),
                  "Clients sending to address and port");
    AddHelperMethods(udpClient, "ns3::UdpClient");

    py::class_<OnOffHelper> onOff(m, "OnOffHelper", "On-off traffic sources");
    onOff
        .def(py::init([](const std::string& protocol, py::handle address) {
                 return OnOffHelper(protocol, ToAddress(address));
             }),
             py::arg("protocol"),
             py::arg("address"),
             "Sources with a socket factory ('ns3::UdpSocketFactory') and a peer address")
        .def("SetConstantRate",
             &OnOffHelper::SetConstantRate,
             py::arg("rate"),
             py::arg("packet_size") = 512,
             "Always on at a rate")
        .def(
            "AssignStreams",
            [](OnOffHelper& h, NodeContainer nodes, int64_t stream) {
                return h.AssignStreams(nodes, stream);
            },
            py::arg("nodes"),
            py::arg("stream"),
            "Fix the on/off random streams of the nodes' OnOff applications; returns how many "
            "were used");
    AddHelperMethods(onOff, "ns3::OnOffApplication");

    py::class_<PacketSinkHelper> sink(m, "PacketSinkHelper", "Packet sinks");
    sink.def(py::init([](const std::string& protocol, py::handle address) {
                 return PacketSinkHelper(protocol, ToAddress(address));
             }),
             py::arg("protocol"),
             py::arg("address"),
             "Sinks with a socket factory and a local address to listen on");
    AddHelperMethods(sink, "ns3::PacketSink");

    py::class_<BulkSendHelper> bulk(m, "BulkSendHelper", "Bulk senders (TCP as fast as possible)");
    bulk.def(py::init([](const std::string& protocol, py::handle address) {
                 return BulkSendHelper(protocol, ToAddress(address));
             }),
             py::arg("protocol"),
             py::arg("address"),
             "Senders with a socket factory and a peer address");
    AddHelperMethods(bulk, "ns3::BulkSendApplication");
}

} // namespace python
} // namespace ns3
