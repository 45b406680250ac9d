/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The IPsec layer, its counters and decisions, UDP encapsulation, the crypto engine, the
// policy logger and per-socket policy; the signatures of their trace sources.

#include "bind-ipsec.h"

#include "ns3/ipsec-crypto-engine.h"
#include "ns3/ipsec-decision.h"
#include "ns3/ipsec-ip-header.h"
#include "ns3/ipsec-layer.h"
#include "ns3/ipsec-policy-logger.h"
#include "ns3/ipsec-socket-options.h"
#include "ns3/ipsec-tunnel-interface.h"
#include "ns3/ipsec-udp-encapsulation.h"
#include "ns3/socket.h"

namespace ns3
{
namespace python
{

namespace
{
void
BindLayer(py::module_& m)
{
    py::class_<IpsecLayer::Counters>(m, "IpsecLayerCounters", "What a node's layer counted")
        .def_readonly("protectedOut", &IpsecLayer::Counters::protectedOut, "Sent protected")
        .def_readonly("clearOut", &IpsecLayer::Counters::clearOut, "Sent in the clear by policy")
        .def_readonly("protectedIn", &IpsecLayer::Counters::protectedIn, "Protected, accepted")
        .def_readonly("clearIn", &IpsecLayer::Counters::clearIn, "Clear, accepted by policy")
        .def_readonly("intraMachineOut",
                      &IpsecLayer::Counters::intraMachineOut,
                      "Sent to this node itself")
        .def_readonly("intraMachineIn",
                      &IpsecLayer::Counters::intraMachineIn,
                      "Received from this node itself")
        .def_readonly("socketOptionsRefused",
                      &IpsecLayer::Counters::socketOptionsRefused,
                      "IP_SEC_OPT requests refused")
        .def_readonly("icmpClearAccepted",
                      &IpsecLayer::Counters::icmpClearAccepted,
                      "Clear ICMP let in by IcmpAcceptClear")
        .def_readonly("igmpClearAccepted",
                      &IpsecLayer::Counters::igmpClearAccepted,
                      "Clear IGMP let in by IgmpAcceptClear")
        .def_readonly("pimClearAccepted",
                      &IpsecLayer::Counters::pimClearAccepted,
                      "Clear PIM let in by PimAcceptClear")
        .def("GetDrops", &IpsecLayer::Counters::GetDrops, py::arg("reason"), "Drops for a reason")
        .def(
            "GetTotalDrops",
            [](const IpsecLayer::Counters& c) {
                uint64_t total = 0;
                for (uint64_t d : c.drops)
                {
                    total += d;
                }
                return total;
            },
            "All drops");

    py::class_<IpsecFlowKey>(m, "IpsecFlowKey", "The selectors of one packet")
        .def_readonly("protocol", &IpsecFlowKey::protocol, "Upper-layer protocol")
        .def_readonly("localPort", &IpsecFlowKey::localPort, "This node's port")
        .def_readonly("remotePort", &IpsecFlowKey::remotePort, "The peer's port")
        .def("__str__", &Text<IpsecFlowKey>);

    py::class_<IpsecDecisionInfo>(m, "IpsecDecisionInfo", "One policy decision (Decision trace)")
        .def_readonly("decision", &IpsecDecisionInfo::decision, "What was decided")
        .def_readonly("direction", &IpsecDecisionInfo::direction, "Inbound or outbound")
        .def_readonly("key", &IpsecDecisionInfo::key, "The packet's selectors")
        .def_property_readonly(
            "reason",
            [](const IpsecDecisionInfo& i) -> py::object {
                return i.reason ? py::cast(*i.reason) : py::none();
            },
            "Why it was dropped or discarded, or None")
        .def_property_readonly(
            "policy",
            [](const IpsecDecisionInfo& i) -> py::object {
                return i.policy ? py::cast(ConstCast<IpsecPolicy>(i.policy)) : py::none();
            },
            "The deciding policy, or None (default action)")
        .def_property_readonly(
            "sa",
            [](const IpsecDecisionInfo& i) -> py::object {
                return i.sa ? py::cast(ConstCast<SecurityAssociation>(i.sa)) : py::none();
            },
            "The SA a drop concerns, or None")
        .def_readonly("perSocket", &IpsecDecisionInfo::perSocket, "Decided by a socket's policy");

    py::class_<IpsecLayer, Object, Ptr<IpsecLayer>>(m,
                                                    "IpsecLayer",
                                                    "A node's IPsec layer (IpsecHelper installs "
                                                    "it): SPD, SAD, counters, traces")
        .def_static("GetTypeId", &IpsecLayer::GetTypeId, "The ns-3 TypeId")
        .def("GetSpd", &IpsecLayer::GetSpd, "The SPD")
        .def("GetSad", &IpsecLayer::GetSad, "The SAD")
        .def("GetCounters",
             &IpsecLayer::GetCounters,
             py::return_value_policy::reference_internal,
             "Packets protected, clear, dropped by reason")
        .def("GetUdpEncapsulation",
             &IpsecLayer::GetUdpEncapsulation,
             "The UDP encapsulation (NAT traversal) part")
        .def("GetCryptoEngine", &IpsecLayer::GetCryptoEngine, "The processing-delay model, or None")
        .def("GetPolicyLogger", &IpsecLayer::GetPolicyLogger, "The policy logger, or None")
        .def("GetHeldPackets", &IpsecLayer::GetHeldPackets, "Packets waiting for an SA")
        .def("GetDefaultCryptoMode", &IpsecLayer::GetDefaultCryptoMode, "Real or size-only")
        .def("AssignStreams",
             &IpsecLayer::AssignStreams,
             py::arg("stream"),
             "Fix the random streams; returns how many were used")
        .def("Print", &PrintText<IpsecLayer>, "The SPD, SAD and counters, like `ipseckey dump`")
        .def("__str__", &PrintText<IpsecLayer>);

    py::class_<IpsecUdpEncapsulation, Object, Ptr<IpsecUdpEncapsulation>>(
        m,
        "IpsecUdpEncapsulation",
        "ESP in UDP (RFC 3948): endpoints and NAT keepalives")
        .def_static("GetTypeId", &IpsecUdpEncapsulation::GetTypeId, "The ns-3 TypeId")
        .def(
            "OpenEndpoint",
            [](IpsecUdpEncapsulation& u, uint16_t port, bool keepalives) {
                std::string error;
                if (!u.OpenEndpoint(port, keepalives, error))
                {
                    throw IpsecError(error);
                }
            },
            py::arg("port"),
            py::arg("keepalives"),
            "Open an encapsulation endpoint on a UDP port (IpsecError if refused)")
        .def("IsEndpoint",
             &IpsecUdpEncapsulation::IsEndpoint,
             py::arg("port"),
             "Whether a port is an endpoint")
        .def("GetKeepalivesSent", &IpsecUdpEncapsulation::GetKeepalivesSent, "Keepalives sent")
        .def("GetKeepalivesReceived",
             &IpsecUdpEncapsulation::GetKeepalivesReceived,
             "Keepalives received");

    py::class_<IpsecCryptoEngine, Object, Ptr<IpsecCryptoEngine>> engine(
        m,
        "IpsecCryptoEngine",
        "The processing-delay model: engines, costs, queue");
    py::enum_<IpsecCryptoEngine::Direction>(engine, "Direction", "What a job does")
        .value("ENCRYPT", IpsecCryptoEngine::ENCRYPT)
        .value("DECRYPT", IpsecCryptoEngine::DECRYPT);
    engine
        .def(py::init([](py::kwargs kwargs) {
                 Ptr<IpsecCryptoEngine> e = CreateObject<IpsecCryptoEngine>();
                 SetAttributes(e, kwargs);
                 return e;
             }),
             "A crypto engine; keyword arguments set attributes")
        .def_static("GetTypeId", &IpsecCryptoEngine::GetTypeId, "The ns-3 TypeId")
        .def(
            "SetCostTable",
            [](IpsecCryptoEngine& e, const std::string& table) {
                std::string error;
                if (!e.SetCostTable(table, error))
                {
                    throw IpsecError(error);
                }
            },
            py::arg("table"),
            "Cost overrides 'name=perPacketNs+perByteNs;...' (IpsecError if malformed)")
        .def("GetCostTable", &IpsecCryptoEngine::GetCostTable, "The overrides in effect")
        .def("GetBacklog", &IpsecCryptoEngine::GetBacklog, "Jobs admitted, not finished");
}

void
BindLoggerAndSockets(py::module_& m)
{
    py::class_<IpsecPolicyLogger, Object, Ptr<IpsecPolicyLogger>>(
        m,
        "IpsecPolicyLogger",
        "The policy logger (svc:/network/ipsec/policy:logger)")
        .def(py::init([]() { return CreateObject<IpsecPolicyLogger>(); }), "A logger, disabled")
        .def_static("GetTypeId", &IpsecPolicyLogger::GetTypeId, "The ns-3 TypeId")
        .def_static("GetPropertyNames",
                    &IpsecPolicyLogger::GetPropertyNames,
                    "The properties SetProperty accepts")
        .def(
            "SetProperty",
            [](IpsecPolicyLogger& l, const std::string& name, const std::string& value) {
                std::string error;
                if (!l.SetProperty(name, value, error))
                {
                    throw IpsecError(error);
                }
            },
            py::arg("name"),
            py::arg("value"),
            "Configure a property, pending until Refresh() (IpsecError if refused)")
        .def("GetProperty",
             &IpsecPolicyLogger::GetProperty,
             py::arg("name"),
             "A property in effect")
        .def("Refresh", &IpsecPolicyLogger::Refresh, "Apply the configured properties")
        .def("Enable", &IpsecPolicyLogger::Enable, "Start logging")
        .def("Disable", &IpsecPolicyLogger::Disable, "Stop logging")
        .def("Restart", &IpsecPolicyLogger::Restart, "Reopen (after an error)")
        .def("IsOnline", &IpsecPolicyLogger::IsOnline, "Whether entries are written")
        .def("GetStateName", &IpsecPolicyLogger::GetStateName, "online, disabled, maintenance")
        .def("GetError", &IpsecPolicyLogger::GetError, "Why in maintenance")
        .def("GetEntryCount", &IpsecPolicyLogger::GetEntryCount, "Entries written")
        .def("__enter__",
             [](Ptr<IpsecPolicyLogger> l) {
                 l->Enable();
                 return l;
             })
        .def(
            "__exit__",
            [](IpsecPolicyLogger& l, py::handle, py::handle, py::handle) { l.Disable(); },
            "`with logger:` enables it for the block");

    py::class_<IpsecSocketRequest> request(m,
                                           "IpsecSocketRequest",
                                           "IP_SEC_OPT's ipsec_req_t: a socket's own policy");
    request
        .def(KeywordInit<IpsecSocketRequest>(),
             "A request; keyword arguments set fields (espReq=PREF_REQUIRED, ...)")
        .def_readwrite("ahReq", &IpsecSocketRequest::ahReq, "AH request bits")
        .def_readwrite("espReq", &IpsecSocketRequest::espReq, "ESP request bits")
        .def_readwrite("selfEncapReq", &IpsecSocketRequest::selfEncapReq, "Tunnel request bits")
        .def_readwrite("authAlg", &IpsecSocketRequest::authAlg, "AH integrity (0: any)")
        .def_readwrite("espAlg", &IpsecSocketRequest::espAlg, "ESP encryption (0: any)")
        .def_readwrite("espAuthAlg", &IpsecSocketRequest::espAuthAlg, "ESP integrity (0: any)")
        .def("IsEmpty", &IpsecSocketRequest::IsEmpty, "Whether no bit is set");
    request.attr("PREF_NEVER") = IpsecSocketRequest::PREF_NEVER;
    request.attr("PREF_REQUIRED") = IpsecSocketRequest::PREF_REQUIRED;
    request.attr("PREF_UNIQUE") = IpsecSocketRequest::PREF_UNIQUE;

    py::class_<IpsecSocketOptions>(m,
                                   "IpsecSocketOptions",
                                   "setsockopt/getsockopt for IP_SEC_OPT (static methods)")
        .def_static(
            "SetSockOpt",
            [](Ptr<Socket> socket, IpsecSocketOption option, const IpsecSocketRequest& r) {
                std::string error;
                int result = IpsecSocketOptions::SetSockOpt(socket, option, r, &error);
                if (result != 0)
                {
                    PyErr_SetObject(PyExc_OSError, py::make_tuple(result, error).ptr());
                    throw py::error_already_set();
                }
            },
            py::arg("socket"),
            py::arg("option"),
            py::arg("request"),
            "Set a socket's request; raises OSError(errno, message) when refused (EINVAL, "
            "EPERM, EOPNOTSUPP, ENOPROTOOPT), changing nothing")
        .def_static(
            "GetSockOpt",
            [](Ptr<Socket> socket, IpsecSocketOption option) {
                IpsecSocketRequest r;
                int result = IpsecSocketOptions::GetSockOpt(socket, option, r);
                if (result != 0)
                {
                    PyErr_SetObject(PyExc_OSError,
                                    py::make_tuple(result, "getsockopt refused").ptr());
                    throw py::error_already_set();
                }
                return r;
            },
            py::arg("socket"),
            py::arg("option"),
            "A socket's request")
        .def_static("SetPrivileged",
                    &IpsecSocketOptions::SetPrivileged,
                    py::arg("socket"),
                    py::arg("privileged"),
                    "Mark a socket as a privileged process's")
        .def_static("GetUniqueReqid",
                    &IpsecSocketOptions::GetUniqueReqid,
                    py::arg("socket"),
                    py::arg("option"),
                    "The request ID a UNIQUE request was given (0: none)");
}
} // namespace

namespace
{
/// What the module binds beyond the examples' needs: the rest of the layer, tunnels,
/// loggers and socket requests.
void
BindLayerMore(py::module_& m)
{
    auto key = py::reinterpret_borrow<py::class_<IpsecFlowKey>>(m.attr("IpsecFlowKey"));
    key.def(KeywordInit<IpsecFlowKey>(),
            "A flow key with fields from keyword arguments (C++ or snake_case names)")
        .def_readwrite("direction", &IpsecFlowKey::direction, "Direction of the packet")
        .def_readwrite("local", &IpsecFlowKey::local, "Address on this node")
        .def_readwrite("remote", &IpsecFlowKey::remote, "Address of the peer")
        .def_readwrite("protocol", &IpsecFlowKey::protocol, "Upper-layer protocol")
        .def_readwrite("localPort", &IpsecFlowKey::localPort, "This node's port")
        .def_readwrite("remotePort", &IpsecFlowKey::remotePort, "The peer's port")
        .def_readwrite("icmpType", &IpsecFlowKey::icmpType, "ICMP type")
        .def_readwrite("icmpCode", &IpsecFlowKey::icmpCode, "ICMP code");

    py::class_<IpsecIpHeader>(m, "IpsecIpHeader", "An IPv4 or IPv6 header")
        .def("IsIpv6", &IpsecIpHeader::IsIpv6, "Whether it is IPv6")
        .def("GetSource", &IpsecIpHeader::GetSource, "Source address")
        .def("GetDestination", &IpsecIpHeader::GetDestination, "Destination address")
        .def("GetProtocol", &IpsecIpHeader::GetProtocol, "Protocol / next header")
        .def("GetPayloadSize", &IpsecIpHeader::GetPayloadSize, "Payload bytes");

    auto layer = py::reinterpret_borrow<py::class_<IpsecLayer, Object, Ptr<IpsecLayer>>>(
        m.attr("IpsecLayer"));
    layer.attr("Counters") = m.attr("IpsecLayerCounters"); // the C++ name, IpsecLayer::Counters
    py::enum_<IpsecLayer::DefaultAction>(layer, "DefaultAction", "Unmatched traffic")
        .value("DEFAULT_BYPASS", IpsecLayer::DEFAULT_BYPASS)
        .value("DEFAULT_DISCARD", IpsecLayer::DEFAULT_DISCARD)
        .export_values();
    py::enum_<IpsecLayer::CryptoModeDefault>(layer, "CryptoModeDefault", "Crypto of DEFAULT SAs")
        .value("CRYPTO_REAL", IpsecLayer::CRYPTO_REAL)
        .value("CRYPTO_SIZE_ONLY", IpsecLayer::CRYPTO_SIZE_ONLY)
        .export_values();
    layer
        .def(
            "AddSa",
            [](IpsecLayer& l, const IpsecSaParams& params) {
                std::string error;
                Ptr<SecurityAssociation> sa = l.AddSa(params, error);
                ThrowIfError(sa ? "" : error);
                return sa;
            },
            py::arg("params"),
            "Install an SA (DEFAULT crypto resolved here); raises IpsecError with the C++ "
            "message when it cannot")
        .def(
            "SetSocketOption",
            [](IpsecLayer& l,
               Ptr<Socket> socket,
               IpsecSocketOption option,
               const IpsecSocketRequest& request) {
                std::string error;
                int result = l.SetSocketOption(socket, option, request, error);
                if (result != 0)
                {
                    PyErr_SetObject(PyExc_OSError, py::make_tuple(result, error).ptr());
                    throw py::error_already_set();
                }
            },
            py::arg("socket"),
            py::arg("option"),
            py::arg("request"),
            "IP_SEC_OPT for a socket; raises OSError(errno, message) when refused, as "
            "IpsecSocketOptions.SetSockOpt")
        .def("GetTunnels", &IpsecLayer::GetTunnels, "The route-based tunnels")
        .def("SetCryptoEngine",
             &IpsecLayer::SetCryptoEngine,
             py::arg("engine"),
             "Set (or, None, remove) the processing-delay model");

    using U = IpsecUdpEncapsulation;
    py::reinterpret_borrow<py::class_<U, Object, Ptr<U>>>(m.attr("IpsecUdpEncapsulation"))
        .def_readonly_static("PORT", &U::PORT, "4500")
        .def(
            "SetEndpoint",
            [](U& u, Ptr<Socket> socket, bool keepalives) {
                std::string error;
                if (!u.SetEndpoint(socket, keepalives, error))
                {
                    ThrowIfError(error);
                }
            },
            py::arg("socket"),
            py::arg("keepalives"),
            "Use a bound UDP socket as endpoint; raises IpsecError with the C++ message")
        .def("HasEndpoints", &U::HasEndpoints, "Whether any endpoint is open");

    using CE = IpsecCryptoEngine;
    auto engine =
        py::reinterpret_borrow<py::class_<CE, Object, Ptr<CE>>>(m.attr("IpsecCryptoEngine"));
    engine.attr("ENCRYPT") = engine.attr("Direction").attr("ENCRYPT");
    engine.attr("DECRYPT") = engine.attr("Direction").attr("DECRYPT");
    engine
        .def("GetServiceTime",
             &CE::GetServiceTime,
             py::arg("sa"),
             py::arg("bytes"),
             "How long a job of this SA and size takes")
        .def("GetCost",
             py::overload_cast<IpsecEncryption>(&CE::GetCost, py::const_),
             py::arg("id"),
             "Cost of an encryption algorithm")
        .def("GetCost",
             py::overload_cast<IpsecIntegrity>(&CE::GetCost, py::const_),
             py::arg("id"),
             "Cost of an integrity algorithm");

    using T = IpsecTunnelInterface;
    py::class_<T, Object, Ptr<T>>(m, "IpsecTunnelInterface", "A route-based tunnel device")
        .def_static("GetTypeId", &T::GetTypeId, "The TypeId")
        .def("GetDevice", &T::GetDevice, "The virtual device")
        .def("GetLocalEndpoint", &T::GetLocalEndpoint, "Our endpoint")
        .def("GetRemoteEndpoint", &T::GetRemoteEndpoint, "The peer's endpoint")
        .def("GetSpd", &T::GetSpd, "The tunnel's own policy")
        .def("AddPolicy",
             &T::AddPolicy,
             py::arg("selector"),
             py::arg("action"),
             py::arg("encryption") = IpsecEncryption::ANY,
             py::arg("integrity") = IpsecIntegrity::ANY,
             "Add an entry to the tunnel's policy; returns what is wrong ('' when added), as "
             "in C++");
    RegisterObjectType<T>();

    using L = IpsecPolicyLogger;
    auto logger =
        py::reinterpret_borrow<py::class_<L, Object, Ptr<L>>>(m.attr("IpsecPolicyLogger"));
    py::enum_<L::State>(logger, "State", "Service state")
        .value("DISABLED", L::State::DISABLED)
        .value("ONLINE", L::State::ONLINE)
        .value("MAINTENANCE", L::State::MAINTENANCE);
    logger.def("GetState", &L::GetState, "The state")
        .def("IsEnabled", &L::IsEnabled, "Whether enabled")
        .def_static(
            "ValidateProperty",
            [](const std::string& name, const std::string& value) {
                std::string error;
                return L::ValidateProperty(name, value, error) ? std::string() : error;
            },
            py::arg("name"),
            py::arg("value"),
            "What is wrong with a property value, or ''")
        .def("GetConfiguredProperty",
             &L::GetConfiguredProperty,
             py::arg("name"),
             "A property's refreshed value")
        .def("GetActiveLogFile", &L::GetActiveLogFile, "The log file in use")
        .def("Print", &PrintText<L>, "The service as text");

    using R = IpsecSocketRequest;
    py::reinterpret_borrow<py::class_<R>>(m.attr("IpsecSocketRequest"))
        .def("IsBypass", &R::IsBypass, "A bypass request")
        .def("IsUnique", &R::IsUnique, "A unique-SA request")
        .def("NamesAlgorithms", &R::NamesAlgorithms, "Whether it names algorithms")
        .def(py::self == py::self)
        .def("__str__", &Text<R>, "The request as the module prints it");
}
} // namespace

void
BindIpsecLayer(py::module_& m)
{
    BindLayer(m);
    BindLoggerAndSockets(m);

    RegisterTraceSignature<Ptr<const Packet>, IpsecDropReason, uint32_t>(
        "ns3::IpsecLayer::DropTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, Ptr<const SecurityAssociation>>(
        "ns3::IpsecLayer::SaTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, const IpsecDecisionInfo&>(
        "ns3::IpsecLayer::DecisionTracedCallback");
    RegisterTraceSignature<Ptr<const Socket>, int, const std::string&>(
        "ns3::IpsecLayer::SocketOptionTracedCallback");
    RegisterTraceSignature<Ptr<const SecurityAssociation>, const IpsecAddress&, uint16_t>(
        "ns3::IpsecLayer::NatMappingTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, const IpsecAddress&, uint16_t>(
        "ns3::IpsecUdpEncapsulation::KeepaliveTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, IpsecCryptoEngine::Direction, Time, Time>(
        "ns3::IpsecCryptoEngine::JobTracedCallback");
    RegisterTraceSignature<Time>("ns3::Time::TracedCallback");
    RegisterTraceSignature<uint32_t, uint32_t>("ns3::TracedValueCallback::Uint32");
    RegisterTraceSignature<const std::string&>("ns3::IpsecPolicyLogger::LoggedTracedCallback");
    BindLayerMore(m);
    RegisterTraceSignature<Ptr<const Packet>, const IpsecIpHeader&, bool>(
        "ns3::IpsecLayer::MulticastControlTracedCallback");
}

} // namespace python
} // namespace ns3
