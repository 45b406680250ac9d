/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ns-3 sockets, with Python callables as their callbacks.

#include "ns3-python.h"

#include "ns3/node.h"
#include "ns3/socket.h"

namespace ns3
{
namespace python
{

namespace
{
/// A socket callback calling a Python callable (with the GIL, exceptions kept for Run()).
/// Simulator.Destroy() releases the callable: it usually refers to the socket holding it.
template <typename R, typename... Ts>
Callback<R, Ts...>
SocketCallback(py::object function, bool fallback = true)
{
    if (function.is_none())
    {
        return MakeNullCallback<R, Ts...>();
    }
    auto state = std::make_shared<TraceConnection::State>();
    state->function = std::make_unique<PyRef>(std::move(function));
    ReleaseAtDestroy(state);
    return Callback<R, Ts...>([state, fallback](Ts... args) -> R {
        if (!state->active)
        {
            if constexpr (std::is_same_v<R, bool>)
            {
                return fallback;
            }
            else
            {
                return;
            }
        }
        py::gil_scoped_acquire gil;
        py::object result = CallFromSimulation(*state->function, py::make_tuple(ToPython(args)...));
        if constexpr (std::is_same_v<R, bool>)
        {
            return result.is_none() ? fallback : result.cast<bool>();
        }
        else
        {
            (void)fallback; // only callbacks that answer have a default answer
        }
    });
}

/// A socket's address query as a Python value, or OSError-like RuntimeError.
py::object
QueryAddress(Ptr<Socket> socket, int (Socket::*query)(Address&) const, const char* what)
{
    Address address;
    if ((PeekPointer(socket)->*query)(address) != 0)
    {
        throw std::runtime_error(std::string(what) + " failed: socket error " +
                                 std::to_string(socket->GetErrno()));
    }
    return FromAddress(address);
}
} // namespace

void
BindSockets(py::module_& m)
{
    py::class_<Socket, Object, Ptr<Socket>> socket(m,
                                                   "Socket",
                                                   "A BSD-like socket. Calls return ns-3's "
                                                   "values (0 or -1, see GetErrno()).");
    py::enum_<Socket::SocketErrno>(socket, "SocketErrno", "Socket error numbers")
        .value("ERROR_NOTERROR", Socket::ERROR_NOTERROR)
        .value("ERROR_ISCONN", Socket::ERROR_ISCONN)
        .value("ERROR_NOTCONN", Socket::ERROR_NOTCONN)
        .value("ERROR_MSGSIZE", Socket::ERROR_MSGSIZE)
        .value("ERROR_AGAIN", Socket::ERROR_AGAIN)
        .value("ERROR_SHUTDOWN", Socket::ERROR_SHUTDOWN)
        .value("ERROR_OPNOTSUPP", Socket::ERROR_OPNOTSUPP)
        .value("ERROR_AFNOSUPPORT", Socket::ERROR_AFNOSUPPORT)
        .value("ERROR_INVAL", Socket::ERROR_INVAL)
        .value("ERROR_BADF", Socket::ERROR_BADF)
        .value("ERROR_NOROUTETOHOST", Socket::ERROR_NOROUTETOHOST)
        .value("ERROR_NODEV", Socket::ERROR_NODEV)
        .value("ERROR_ADDRNOTAVAIL", Socket::ERROR_ADDRNOTAVAIL)
        .value("ERROR_ADDRINUSE", Socket::ERROR_ADDRINUSE);
    socket
        .def_static(
            "CreateSocket",
            [](Ptr<Node> node, TypeId tid) {
                if (!node)
                {
                    throw py::value_error("CreateSocket: node is None");
                }
                Ptr<Socket> s = Socket::CreateSocket(node, tid);
                if (!s)
                {
                    throw py::value_error("CreateSocket: the node has no " + tid.GetName());
                }
                return s;
            },
            py::arg("node"),
            py::arg("tid"),
            "A new socket of a factory type, e.g. UdpSocketFactory.GetTypeId()")
        .def("GetNode", &Socket::GetNode, "The node")
        .def("GetErrno", &Socket::GetErrno, "The last error")
        .def(
            "Bind",
            [](Socket& s, py::object address) {
                return address.is_none() ? s.Bind() : s.Bind(ToAddress(address));
            },
            py::arg("address") = py::none(),
            "Bind to an address (None: any IPv4 address, ephemeral port)")
        .def("Bind6", &Socket::Bind6, "Bind to any IPv6 address, ephemeral port")
        .def(
            "Connect",
            [](Socket& s, py::handle address) { return s.Connect(ToAddress(address)); },
            py::arg("address"),
            "Connect (TCP) or fix the peer (UDP)")
        .def("Listen", &Socket::Listen, "Accept connections (TCP)")
        .def("Close", &Socket::Close, "Close the socket")
        .def("ShutdownSend", &Socket::ShutdownSend, "No more sending")
        .def(
            "Send",
            [](Socket& s, Ptr<Packet> p, uint32_t flags) { return s.Send(p, flags); },
            py::arg("packet"),
            py::arg("flags") = 0,
            "Send a packet to the connected peer; returns bytes sent or -1")
        .def(
            "SendTo",
            [](Socket& s, Ptr<Packet> p, uint32_t flags, py::handle to) {
                return s.SendTo(p, flags, ToAddress(to));
            },
            py::arg("packet"),
            py::arg("flags"),
            py::arg("address"),
            "Send a packet to an address; returns bytes sent or -1")
        .def(
            "Recv",
            [](Socket& s) -> py::object {
                Ptr<Packet> p = s.Recv();
                return p ? py::cast(p) : py::none();
            },
            "The next received packet, or None")
        .def(
            "RecvFrom",
            [](Socket& s) -> py::object {
                Address from;
                Ptr<Packet> p = s.RecvFrom(from);
                return p ? py::make_tuple(p, FromAddress(from)) : py::object(py::none());
            },
            "(packet, sender address) of the next received packet, or None")
        .def("GetRxAvailable", &Socket::GetRxAvailable, "Bytes waiting to be read")
        .def("GetTxAvailable", &Socket::GetTxAvailable, "Bytes that may be sent now")
        .def(
            "GetSockName",
            [](Ptr<Socket> s) { return QueryAddress(s, &Socket::GetSockName, "GetSockName"); },
            "The local address")
        .def(
            "GetPeerName",
            [](Ptr<Socket> s) { return QueryAddress(s, &Socket::GetPeerName, "GetPeerName"); },
            "The peer's address (connected sockets)")
        .def("SetAllowBroadcast",
             &Socket::SetAllowBroadcast,
             py::arg("allow"),
             "Whether broadcast may be sent")
        .def("SetIpTos", &Socket::SetIpTos, py::arg("tos"), "The IPv4 TOS of sent packets")
        .def(
            "SetRecvCallback",
            [](Socket& s, py::object f) {
                s.SetRecvCallback(SocketCallback<void, Ptr<Socket>>(std::move(f)));
            },
            py::arg("callback"),
            "callback(socket) when data arrives (None: no callback)")
        .def(
            "SetSendCallback",
            [](Socket& s, py::object f) {
                s.SetSendCallback(SocketCallback<void, Ptr<Socket>, uint32_t>(std::move(f)));
            },
            py::arg("callback"),
            "callback(socket, tx_available) when buffer space frees up")
        .def(
            "SetDataSentCallback",
            [](Socket& s, py::object f) {
                s.SetDataSentCallback(SocketCallback<void, Ptr<Socket>, uint32_t>(std::move(f)));
            },
            py::arg("callback"),
            "callback(socket, bytes) when data has been sent")
        .def(
            "SetConnectCallback",
            [](Socket& s, py::object succeeded, py::object failed) {
                s.SetConnectCallback(SocketCallback<void, Ptr<Socket>>(std::move(succeeded)),
                                     SocketCallback<void, Ptr<Socket>>(std::move(failed)));
            },
            py::arg("succeeded"),
            py::arg("failed"),
            "succeeded(socket) / failed(socket) when a connection attempt ends")
        .def(
            "SetAcceptCallback",
            [](Socket& s, py::object request, py::object created) {
                s.SetAcceptCallback(
                    request.is_none()
                        ? Callback<bool, Ptr<Socket>, const Address&>(
                              [](Ptr<Socket>, const Address&) { return true; })
                        : SocketCallback<bool, Ptr<Socket>, const Address&>(std::move(request)),
                    SocketCallback<void, Ptr<Socket>, const Address&>(std::move(created)));
            },
            py::arg("request"),
            py::arg("created"),
            "request(socket, from) -> bool decides (None: accept all); created(new_socket, from)");
}

} // namespace python
} // namespace ns3
