/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The trace signatures of ns-3's common trace sources, and the types their arguments carry
// (IP drop reasons, IPv6 and TCP headers, TCP states, sequence numbers).

#include "ns3-python.h"

#include "ns3/data-rate.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/seq-ts-size-header.h"
#include "ns3/sequence-number.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tcp-socket-state.h"
#include "ns3/tcp-socket.h"

namespace ns3
{
namespace python
{

namespace
{
void
BindTraceArgumentTypes(py::module_& m)
{
    py::class_<SequenceNumber32>(m, "SequenceNumber32", "A 32-bit TCP sequence number")
        .def(py::init<uint32_t>(), py::arg("value"), "From its value")
        .def("GetValue", &SequenceNumber32::GetValue, "The number")
        .def("__int__", &SequenceNumber32::GetValue)
        .def("__index__", &SequenceNumber32::GetValue)
        .def(py::self == py::self)
        .def(py::self != py::self)
        .def(py::self < py::self)
        .def("__hash__", [](const SequenceNumber32& s) { return s.GetValue(); })
        .def("__repr__", [](const SequenceNumber32& s) {
            return "SequenceNumber32(" + std::to_string(s.GetValue()) + ")";
        });

    py::class_<Ipv6Header, Header>(m, "Ipv6Header", "An IPv6 header")
        .def(py::init<>())
        .def("GetSource", &Ipv6Header::GetSource, "Source address")
        .def("GetDestination", &Ipv6Header::GetDestination, "Destination address")
        .def("GetNextHeader", &Ipv6Header::GetNextHeader, "Protocol number of what follows")
        .def("GetHopLimit", &Ipv6Header::GetHopLimit, "Hop limit")
        .def("GetPayloadLength", &Ipv6Header::GetPayloadLength, "Bytes after the header")
        .def("GetFlowLabel", &Ipv6Header::GetFlowLabel, "The flow label")
        .def("GetTrafficClass", &Ipv6Header::GetTrafficClass, "The traffic class");

    py::class_<TcpHeader, Header>(m, "TcpHeader", "A TCP header")
        .def(py::init<>())
        .def("GetSourcePort", &TcpHeader::GetSourcePort, "Source port")
        .def("GetDestinationPort", &TcpHeader::GetDestinationPort, "Destination port")
        .def("GetSequenceNumber", &TcpHeader::GetSequenceNumber, "Sequence number")
        .def("GetAckNumber", &TcpHeader::GetAckNumber, "Acknowledgment number")
        .def("GetFlags", &TcpHeader::GetFlags, "Flag bits (TcpHeader.SYN, ...)")
        .def("GetWindowSize", &TcpHeader::GetWindowSize, "Advertised window")
        .def_property_readonly_static("FIN", [](py::object) { return int(TcpHeader::FIN); })
        .def_property_readonly_static("SYN", [](py::object) { return int(TcpHeader::SYN); })
        .def_property_readonly_static("RST", [](py::object) { return int(TcpHeader::RST); })
        .def_property_readonly_static("PSH", [](py::object) { return int(TcpHeader::PSH); })
        .def_property_readonly_static("ACK", [](py::object) { return int(TcpHeader::ACK); });

    py::class_<SeqTsSizeHeader, SeqTsHeader>(m,
                                             "SeqTsSizeHeader",
                                             "Sequence number, send time and size (the "
                                             "applications' *WithSeqTsSize traces)")
        .def(py::init<>())
        .def("GetSize", &SeqTsSizeHeader::GetSize, "The size carried")
        .def("SetSize", &SeqTsSizeHeader::SetSize, py::arg("size"), "Set the size carried");

    // The concrete IP stacks: bound for their drop reasons; their methods are Ipv4's/Ipv6's.
    py::class_<Ipv4L3Protocol, Ipv4, Ptr<Ipv4L3Protocol>> ipv4(m,
                                                               "Ipv4L3Protocol",
                                                               "ns-3's IPv4 stack");
    py::enum_<Ipv4L3Protocol::DropReason>(ipv4, "DropReason", "Why the Drop trace fired")
        .value("DROP_TTL_EXPIRED", Ipv4L3Protocol::DROP_TTL_EXPIRED)
        .value("DROP_NO_ROUTE", Ipv4L3Protocol::DROP_NO_ROUTE)
        .value("DROP_BAD_CHECKSUM", Ipv4L3Protocol::DROP_BAD_CHECKSUM)
        .value("DROP_INTERFACE_DOWN", Ipv4L3Protocol::DROP_INTERFACE_DOWN)
        .value("DROP_ROUTE_ERROR", Ipv4L3Protocol::DROP_ROUTE_ERROR)
        .value("DROP_FRAGMENT_TIMEOUT", Ipv4L3Protocol::DROP_FRAGMENT_TIMEOUT)
        .value("DROP_DUPLICATE", Ipv4L3Protocol::DROP_DUPLICATE);
    ipv4.def_static("GetTypeId", &Ipv4L3Protocol::GetTypeId, "The ns-3 TypeId");
    RegisterObjectType<Ipv4L3Protocol>();

    py::class_<Ipv6L3Protocol, Ipv6, Ptr<Ipv6L3Protocol>> ipv6(m,
                                                               "Ipv6L3Protocol",
                                                               "ns-3's IPv6 stack");
    py::enum_<Ipv6L3Protocol::DropReason>(ipv6, "DropReason", "Why the Drop trace fired")
        .value("DROP_TTL_EXPIRED", Ipv6L3Protocol::DROP_TTL_EXPIRED)
        .value("DROP_NO_ROUTE", Ipv6L3Protocol::DROP_NO_ROUTE)
        .value("DROP_INTERFACE_DOWN", Ipv6L3Protocol::DROP_INTERFACE_DOWN)
        .value("DROP_ROUTE_ERROR", Ipv6L3Protocol::DROP_ROUTE_ERROR)
        .value("DROP_UNKNOWN_PROTOCOL", Ipv6L3Protocol::DROP_UNKNOWN_PROTOCOL)
        .value("DROP_UNKNOWN_OPTION", Ipv6L3Protocol::DROP_UNKNOWN_OPTION)
        .value("DROP_MALFORMED_HEADER", Ipv6L3Protocol::DROP_MALFORMED_HEADER)
        .value("DROP_FRAGMENT_TIMEOUT", Ipv6L3Protocol::DROP_FRAGMENT_TIMEOUT);
    ipv6.def_static("GetTypeId", &Ipv6L3Protocol::GetTypeId, "The ns-3 TypeId");
    RegisterObjectType<Ipv6L3Protocol>();
}

void
BindTcpTypes(py::module_& m)
{
    py::class_<TcpSocket, Socket, Ptr<TcpSocket>> tcp(m, "TcpSocket", "A TCP socket");
    py::enum_<TcpSocket::TcpStates_t>(tcp, "TcpStates_t", "Connection states (RFC 793)")
        .value("CLOSED", TcpSocket::CLOSED)
        .value("LISTEN", TcpSocket::LISTEN)
        .value("SYN_SENT", TcpSocket::SYN_SENT)
        .value("SYN_RCVD", TcpSocket::SYN_RCVD)
        .value("ESTABLISHED", TcpSocket::ESTABLISHED)
        .value("CLOSE_WAIT", TcpSocket::CLOSE_WAIT)
        .value("LAST_ACK", TcpSocket::LAST_ACK)
        .value("FIN_WAIT_1", TcpSocket::FIN_WAIT_1)
        .value("FIN_WAIT_2", TcpSocket::FIN_WAIT_2)
        .value("CLOSING", TcpSocket::CLOSING)
        .value("TIME_WAIT", TcpSocket::TIME_WAIT)
        .export_values();
    tcp.def_static("GetTypeId", &TcpSocket::GetTypeId, "The ns-3 TypeId");
    RegisterObjectType<TcpSocket>();

    py::class_<TcpSocketBase, TcpSocket, Ptr<TcpSocketBase>>(m,
                                                             "TcpSocketBase",
                                                             "ns-3's TCP socket implementation")
        .def_static("GetTypeId", &TcpSocketBase::GetTypeId, "The ns-3 TypeId");
    RegisterObjectType<TcpSocketBase>();

    py::class_<TcpSocketState, Object, Ptr<TcpSocketState>> state(m,
                                                                  "TcpSocketState",
                                                                  "A TCP socket's congestion "
                                                                  "state");
    py::enum_<TcpSocketState::TcpCongState_t>(state,
                                              "TcpCongState_t",
                                              "Congestion states (as Linux's)")
        .value("CA_OPEN", TcpSocketState::CA_OPEN)
        .value("CA_DISORDER", TcpSocketState::CA_DISORDER)
        .value("CA_CWR", TcpSocketState::CA_CWR)
        .value("CA_RECOVERY", TcpSocketState::CA_RECOVERY)
        .value("CA_LOSS", TcpSocketState::CA_LOSS)
        .export_values();
    state.def_static("GetTypeId", &TcpSocketState::GetTypeId, "The ns-3 TypeId");
    RegisterObjectType<TcpSocketState>();
}

/// TracedValue<T> callbacks: (old value, new value), under ns3::TracedValueCallback::<name>.
template <typename T>
void
RegisterTracedValue(const std::string& name)
{
    RegisterTraceSignature<T, T>("ns3::TracedValueCallback::" + name);
}
} // namespace

void
BindTraces(py::module_& m)
{
    BindTraceArgumentTypes(m);
    BindTcpTypes(m);

    // Packets (devices, queues, applications, ARP): the names TypeId::AddTraceSource gives.
    RegisterTraceSignature<Ptr<const Packet>>("ns3::Packet::TracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, const Address&>("ns3::Packet::AddressTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, const Address&>(
        "ns3::Packet::PacketAddressTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, const Address&, const Address&>(
        "ns3::Packet::TwoAddressTracedCallback");
    RegisterTraceSignature<uint32_t, uint32_t>("ns3::Packet::SizeTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>,
                           const Address&,
                           const Address&,
                           const SeqTsSizeHeader&>("ns3::PacketSink::SeqTsSizeCallback");
    RegisterTraceSignature<Time>("ns3::Time::TracedCallback");

    // IPv4 and IPv6.
    RegisterTraceSignature<const Ipv4Header&, Ptr<const Packet>, uint32_t>(
        "ns3::Ipv4L3Protocol::SentTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
        "ns3::Ipv4L3Protocol::TxRxTracedCallback");
    RegisterTraceSignature<const Ipv4Header&,
                           Ptr<const Packet>,
                           Ipv4L3Protocol::DropReason,
                           Ptr<Ipv4>,
                           uint32_t>("ns3::Ipv4L3Protocol::DropTracedCallback");
    RegisterTraceSignature<const Ipv6Header&, Ptr<const Packet>, uint32_t>(
        "ns3::Ipv6L3Protocol::SentTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, Ptr<Ipv6>, uint32_t>(
        "ns3::Ipv6L3Protocol::TxRxTracedCallback");
    RegisterTraceSignature<const Ipv6Header&,
                           Ptr<const Packet>,
                           Ipv6L3Protocol::DropReason,
                           Ptr<Ipv6>,
                           uint32_t>("ns3::Ipv6L3Protocol::DropTracedCallback");

    // TCP.
    RegisterTraceSignature<Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocketBase>>(
        "ns3::TcpSocketBase::TcpTxRxTracedCallback");
    RegisterTraceSignature<TcpSocket::TcpStates_t, TcpSocket::TcpStates_t>(
        "ns3::TcpStatesTracedValueCallback");
    RegisterTraceSignature<TcpSocketState::TcpCongState_t, TcpSocketState::TcpCongState_t>(
        "ns3::TcpSocketState::TcpCongStatesTracedValueCallback");
    RegisterTracedValue<TcpSocketState::TcpCongState_t>("TcpCongState");
    RegisterTraceSignature<SequenceNumber32, SequenceNumber32>(
        "ns3::SequenceNumber32TracedValueCallback");
    RegisterTracedValue<SequenceNumber32>("SequenceNumber32");

    // TracedValue<T> of the basic types.
    RegisterTracedValue<bool>("Bool");
    RegisterTracedValue<int8_t>("Int8");
    RegisterTracedValue<int16_t>("Int16");
    RegisterTracedValue<int32_t>("Int32");
    RegisterTracedValue<int64_t>("Int64");
    RegisterTracedValue<uint8_t>("Uint8");
    RegisterTracedValue<uint16_t>("Uint16");
    RegisterTracedValue<uint32_t>("Uint32");
    RegisterTracedValue<uint64_t>("Uint64");
    RegisterTracedValue<double>("Double");
    RegisterTracedValue<Time>("Time");
    RegisterTracedValue<DataRate>("DataRate");
}

} // namespace python
} // namespace ns3
