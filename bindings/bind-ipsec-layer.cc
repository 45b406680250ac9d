/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The IPsec layer, its decisions, counters and trace sources; the crypto engine, NAT-T
// encapsulation, tunnel interfaces, per-socket policy and the policy logger.

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
/// What the layer's trace sources pass: decisions and IP headers.
void
BindDecision(py::module_& m)
{
    using D = IpsecDecisionInfo;
    py::class_<D>(m, "IpsecDecisionInfo", "What the Decision trace reports for a packet")
        .def_readonly("decision", &D::decision, "BYPASS, PROTECT, DISCARD or DROP")
        .def_readonly("direction", &D::direction, "INBOUND or OUTBOUND")
        .def_readonly("key", &D::key, "The flow key")
        .def_readonly("reason", &D::reason, "Drop reason (DROP and DISCARD), or None")
        .def_property_readonly(
            "policy",
            [](const D& d) { return ConstCast<IpsecPolicy>(d.policy); },
            "The deciding policy, or None")
        .def_property_readonly(
            "sa",
            [](const D& d) { return ConstCast<SecurityAssociation>(d.sa); },
            "The SA a drop concerns, or None")
        .def_readonly("perSocket", &D::perSocket, "Whether the policy is a socket's")
        .def("__str__", [](const D& d) { return Text(d); })
        .def("__repr__", [](const D& d) { return "<IpsecDecisionInfo " + Text(d) + ">"; });

    py::class_<IpsecIpHeader>(m, "IpsecIpHeader", "An IPv4 or IPv6 header")
        .def("IsIpv6", &IpsecIpHeader::IsIpv6, "Whether it is IPv6")
        .def("GetSource", &IpsecIpHeader::GetSource, "Source address")
        .def("GetDestination", &IpsecIpHeader::GetDestination, "Destination address")
        .def("GetProtocol", &IpsecIpHeader::GetProtocol, "Protocol / next header")
        .def("GetPayloadSize", &IpsecIpHeader::GetPayloadSize, "Payload bytes");
}

/// IpsecLayer.
void
BindLayerClass(py::module_& m)
{
    py::class_<IpsecLayer, Object, Ptr<IpsecLayer>> layer(
        m,
        "IpsecLayer",
        "A node's IPsec layer (attributes: DefaultAction, CryptoMode, ReplayWindowSize, ...)");
    py::enum_<IpsecLayer::DefaultAction>(layer, "DefaultAction", "Unmatched traffic")
        .value("DEFAULT_BYPASS", IpsecLayer::DEFAULT_BYPASS)
        .value("DEFAULT_DISCARD", IpsecLayer::DEFAULT_DISCARD)
        .export_values();
    py::enum_<IpsecLayer::CryptoModeDefault>(layer, "CryptoModeDefault", "Crypto of DEFAULT SAs")
        .value("CRYPTO_REAL", IpsecLayer::CRYPTO_REAL)
        .value("CRYPTO_SIZE_ONLY", IpsecLayer::CRYPTO_SIZE_ONLY)
        .export_values();
    using C = IpsecLayer::Counters;
    py::class_<C>(layer, "Counters", "The layer's packet counters")
        .def_readonly("protectedOut", &C::protectedOut, "Packets sent protected")
        .def_readonly("clearOut", &C::clearOut, "Packets sent in the clear by policy")
        .def_readonly("protectedIn", &C::protectedIn, "Protected packets accepted")
        .def_readonly("clearIn", &C::clearIn, "Cleartext packets accepted by policy")
        .def_readonly("intraMachineOut", &C::intraMachineOut, "Intra-machine packets sent")
        .def_readonly("intraMachineIn", &C::intraMachineIn, "Intra-machine packets received")
        .def_readonly("socketOptionsRefused", &C::socketOptionsRefused, "IP_SEC_OPT refused")
        .def_readonly("icmpClearAccepted", &C::icmpClearAccepted, "icmp-accept-clear")
        .def_readonly("igmpClearAccepted", &C::igmpClearAccepted, "igmp-accept-clear")
        .def_readonly("pimClearAccepted", &C::pimClearAccepted, "pim-accept-clear")
        .def("GetDrops", &C::GetDrops, py::arg("reason"), "Drops for a reason")
        .def(
            "GetTotalDrops",
            [](const C& c) {
                uint64_t n = 0;
                for (auto d : c.drops)
                {
                    n += d;
                }
                return n;
            },
            "Drops for every reason");

    layer.def_static("GetTypeId", &IpsecLayer::GetTypeId, "The TypeId")
        .def("GetSpd", &IpsecLayer::GetSpd, "The SPD")
        .def("GetSad", &IpsecLayer::GetSad, "The SAD")
        .def(
            "AddSa",
            [](IpsecLayer& l, const IpsecSaParams& params) {
                std::string error;
                Ptr<SecurityAssociation> sa = l.AddSa(params, error);
                ThrowIfError(sa ? "" : error);
                return sa;
            },
            py::arg("params"),
            "Install an SA (DEFAULT crypto resolved here); raises IpsecError when it cannot")
        .def("GetCounters",
             &IpsecLayer::GetCounters,
             py::return_value_policy::reference_internal,
             "The counters (live)")
        .def(
            "SetSocketOption",
            [](IpsecLayer& l,
               Ptr<Socket> socket,
               IpsecSocketOption option,
               const IpsecSocketRequest& request) {
                std::string error;
                int rc = l.SetSocketOption(socket, option, request, error);
                return py::make_tuple(rc, error);
            },
            py::arg("socket"),
            py::arg("option"),
            py::arg("request"),
            "IP_SEC_OPT for a socket: returns (status, message) as C++ (0, '') on success")
        .def("GetPolicyLogger", &IpsecLayer::GetPolicyLogger, "The policy logger, or None")
        .def("GetDefaultCryptoMode", &IpsecLayer::GetDefaultCryptoMode, "REAL or SIZE_ONLY")
        .def("Print", &PrintText<IpsecLayer>, "SPD, SAD, socket policies and counters as text")
        .def("AssignStreams", &IpsecLayer::AssignStreams, py::arg("stream"), "Fix the streams")
        .def("GetUdpEncapsulation", &IpsecLayer::GetUdpEncapsulation, "NAT traversal")
        .def("GetTunnels", &IpsecLayer::GetTunnels, "The route-based tunnels")
        .def("GetHeldPackets", &IpsecLayer::GetHeldPackets, "Packets held for an ACQUIRE")
        .def("GetCryptoEngine", &IpsecLayer::GetCryptoEngine, "The crypto engine, or None")
        .def("SetCryptoEngine",
             &IpsecLayer::SetCryptoEngine,
             py::arg("engine"),
             "Set (or, None, remove) the processing-delay model");
}

/// The crypto engine, NAT-T encapsulation and tunnel interfaces.
void
BindEngines(py::module_& m)
{
    py::class_<IpsecCryptoEngine, Object, Ptr<IpsecCryptoEngine>> engine(
        m,
        "IpsecCryptoEngine",
        "The processing-delay model of a node (attributes: Engines, QueueLimit, SpeedFactor, "
        "CostTable)");
    py::enum_<IpsecCryptoEngine::Direction>(engine, "Direction", "Kind of job")
        .value("ENCRYPT", IpsecCryptoEngine::ENCRYPT)
        .value("DECRYPT", IpsecCryptoEngine::DECRYPT)
        .export_values();
    engine.def_static("GetTypeId", &IpsecCryptoEngine::GetTypeId, "The TypeId")
        .def(py::init([]() { return CreateObject<IpsecCryptoEngine>(); }), "An engine")
        .def("GetServiceTime",
             &IpsecCryptoEngine::GetServiceTime,
             py::arg("sa"),
             py::arg("bytes"),
             "How long a job of this SA and size takes")
        .def("GetCost",
             py::overload_cast<IpsecEncryption>(&IpsecCryptoEngine::GetCost, py::const_),
             py::arg("id"),
             "Cost of an encryption algorithm")
        .def("GetCost",
             py::overload_cast<IpsecIntegrity>(&IpsecCryptoEngine::GetCost, py::const_),
             py::arg("id"),
             "Cost of an integrity algorithm")
        .def(
            "SetCostTable",
            [](IpsecCryptoEngine& e, const std::string& table) {
                std::string error;
                if (!e.SetCostTable(table, error))
                {
                    ThrowIfError(error);
                }
            },
            py::arg("table"),
            "Override costs ('aes-cbc=400+0.9,...'); raises IpsecError with the C++ message")
        .def("GetCostTable", &IpsecCryptoEngine::GetCostTable, "The overrides as text")
        .def("GetBacklog", &IpsecCryptoEngine::GetBacklog, "Jobs admitted, not completed");

    using U = IpsecUdpEncapsulation;
    py::class_<U, Object, Ptr<U>>(m, "IpsecUdpEncapsulation", "ESP in UDP (RFC 3948) of a layer")
        .def_static("GetTypeId", &U::GetTypeId, "The TypeId")
        .def_readonly_static("PORT", &U::PORT, "4500")
        .def(
            "OpenEndpoint",
            [](U& u, uint16_t port, bool keepalives) {
                std::string error;
                if (!u.OpenEndpoint(port, keepalives, error))
                {
                    ThrowIfError(error);
                }
            },
            py::arg("port"),
            py::arg("keepalives"),
            "Open a UDP encapsulation port; raises IpsecError with the C++ message")
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
        .def("IsEndpoint", &U::IsEndpoint, py::arg("port"), "Whether a port is an endpoint")
        .def("HasEndpoints", &U::HasEndpoints, "Whether any endpoint is open")
        .def("GetKeepalivesSent", &U::GetKeepalivesSent, "Keepalives sent")
        .def("GetKeepalivesReceived", &U::GetKeepalivesReceived, "Keepalives received");

    using T = IpsecTunnelInterface;
    py::class_<T, Object, Ptr<T>>(m, "IpsecTunnelInterface", "A route-based tunnel device")
        .def_static("GetTypeId", &T::GetTypeId, "The TypeId")
        .def("GetDevice", &T::GetDevice, "The virtual device")
        .def("GetLocalEndpoint", &T::GetLocalEndpoint, "Our endpoint")
        .def("GetRemoteEndpoint", &T::GetRemoteEndpoint, "The peer's endpoint")
        .def("GetSpd", &T::GetSpd, "The tunnel's own policy")
        .def(
            "AddPolicy",
            [](T& t,
               const IpsecTrafficSelector& s,
               IpsecAction a,
               IpsecEncryption e,
               IpsecIntegrity i) { return t.AddPolicy(s, a, e, i); },
            py::arg("selector"),
            py::arg("action"),
            py::arg("encryption") = IpsecEncryption::ANY,
            py::arg("integrity") = IpsecIntegrity::ANY,
            "Add an entry to the tunnel's policy; returns what is wrong ('' when added)");
}

/// Per-socket policy (IP_SEC_OPT).
void
BindSocketPolicy(py::module_& m)
{
    py::enum_<IpsecSocketOption>(m, "IpsecSocketOption", "Socket option level")
        .value("IP_SEC_OPT", IpsecSocketOption::IP_SEC_OPT)
        .value("IPV6_SEC_OPT", IpsecSocketOption::IPV6_SEC_OPT);
    using R = IpsecSocketRequest;
    py::class_<R> request(m, "IpsecSocketRequest", "An ipsec_req (Solaris IP_SEC_OPT)");
    StructBinder<R>(request)
        .Field("ahReq", "ah_req", &R::ahReq, "AH request (PREF_* bits)")
        .Field("espReq", "esp_req", &R::espReq, "ESP request (PREF_* bits)")
        .Field("selfEncapReq", "self_encap_req", &R::selfEncapReq, "Own outer IP header")
        .Field("authAlg", "auth_alg", &R::authAlg, "AH integrity algorithm (0: any)")
        .Field("espAlg", "esp_alg", &R::espAlg, "ESP encryption algorithm (0: any)")
        .Field("espAuthAlg", "esp_auth_alg", &R::espAuthAlg, "ESP integrity (0: any)")
        .Finish("IpsecSocketRequest");
    request.def_readonly_static("PREF_NEVER", &R::PREF_NEVER, "IPSEC_PREF_NEVER")
        .def_readonly_static("PREF_REQUIRED", &R::PREF_REQUIRED, "IPSEC_PREF_REQUIRED")
        .def_readonly_static("PREF_UNIQUE", &R::PREF_UNIQUE, "IPSEC_PREF_UNIQUE")
        .def("IsEmpty", &R::IsEmpty, "No request at all")
        .def("IsBypass", &R::IsBypass, "A bypass request")
        .def("IsUnique", &R::IsUnique, "A unique-SA request")
        .def("NamesAlgorithms", &R::NamesAlgorithms, "Whether it names algorithms")
        .def(py::self == py::self)
        .def("__str__", [](const R& r) { return Text(r); });

    using O = IpsecSocketOptions;
    py::class_<O>(m, "IpsecSocketOptions", "setsockopt(IP_SEC_OPT) for ns-3 sockets (static)")
        .def_static(
            "SetSockOpt",
            [](Ptr<Socket> socket, IpsecSocketOption option, const R& request) {
                std::string error;
                int rc = O::SetSockOpt(socket, option, request, &error);
                return py::make_tuple(rc, error);
            },
            py::arg("socket"),
            py::arg("option"),
            py::arg("request"),
            "Set a socket's request: returns (status, message), (0, '') on success, as the "
            "C++ return value and error out-parameter")
        .def_static(
            "GetSockOpt",
            [](Ptr<Socket> socket, IpsecSocketOption option) {
                R request;
                int rc = O::GetSockOpt(socket, option, request);
                return py::make_tuple(rc, request);
            },
            py::arg("socket"),
            py::arg("option"),
            "A socket's request: returns (status, request)")
        .def_static("SetPrivileged",
                    &O::SetPrivileged,
                    py::arg("socket"),
                    py::arg("privileged"),
                    "Grant a socket the privilege of bypass requests; returns the status")
        .def_static("GetUniqueReqid",
                    &O::GetUniqueReqid,
                    py::arg("socket"),
                    py::arg("option"),
                    "The request ID of a socket's unique SA (0: none)");
}

/// The policy logger.
void
BindLogger(py::module_& m)
{
    using L = IpsecPolicyLogger;
    py::class_<L, Object, Ptr<L>> logger(m,
                                         "IpsecPolicyLogger",
                                         "The policy-failure log (Solaris ipsecpolicy-log)");
    py::enum_<L::State>(logger, "State", "Service state")
        .value("DISABLED", L::State::DISABLED)
        .value("ONLINE", L::State::ONLINE)
        .value("MAINTENANCE", L::State::MAINTENANCE);
    logger.def_static("GetTypeId", &L::GetTypeId, "The TypeId")
        .def(py::init([]() { return CreateObject<L>(); }), "A disabled logger")
        .def_static("GetPropertyNames", &L::GetPropertyNames, "The property names")
        .def_static(
            "ValidateProperty",
            [](const std::string& name, const std::string& value) {
                std::string error;
                return L::ValidateProperty(name, value, error) ? std::string() : error;
            },
            py::arg("name"),
            py::arg("value"),
            "What is wrong with a property value, or ''")
        .def(
            "SetProperty",
            [](L& l, const std::string& name, const std::string& value) {
                std::string error;
                if (!l.SetProperty(name, value, error))
                {
                    ThrowIfError(error);
                }
            },
            py::arg("name"),
            py::arg("value"),
            "Set a property (svccfg setprop); raises IpsecError with the C++ message")
        .def("GetProperty", &L::GetProperty, py::arg("name"), "A property's pending value")
        .def("GetConfiguredProperty",
             &L::GetConfiguredProperty,
             py::arg("name"),
             "A property's refreshed value")
        .def("Refresh", &L::Refresh, "Apply pending properties (svcadm refresh)")
        .def("Enable", &L::Enable, "Start logging")
        .def("Disable", &L::Disable, "Stop logging")
        .def("Restart", &L::Restart, "Restart")
        .def("IsEnabled", &L::IsEnabled, "Whether enabled")
        .def("IsOnline", &L::IsOnline, "Whether logging")
        .def("GetState", &L::GetState, "The state")
        .def("GetStateName", &L::GetStateName, "The state's name")
        .def("GetError", &L::GetError, "Why the last start failed")
        .def("GetActiveLogFile", &L::GetActiveLogFile, "The log file in use")
        .def("GetEntryCount", &L::GetEntryCount, "Entries written")
        .def("Print", &PrintText<L>, "The service as text");
}
} // namespace

void
BindIpsecLayer(py::module_& m)
{
    BindDecision(m);
    BindLayerClass(m);
    BindEngines(m);
    BindSocketPolicy(m);
    BindLogger(m);

    using Sa = Ptr<const SecurityAssociation>;
    RegisterTraceSignature<Ptr<const Packet>, IpsecDropReason, uint32_t>(
        "ns3::IpsecLayer::DropTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, Sa>("ns3::IpsecLayer::SaTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, const IpsecDecisionInfo&>(
        "ns3::IpsecLayer::DecisionTracedCallback");
    RegisterTraceSignature<Ptr<const Socket>, int, const std::string&>(
        "ns3::IpsecLayer::SocketOptionTracedCallback");
    RegisterTraceSignature<Sa, const IpsecAddress&, uint16_t>(
        "ns3::IpsecLayer::NatMappingTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, const IpsecIpHeader&, bool>(
        "ns3::IpsecLayer::MulticastControlTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, IpsecCryptoEngine::Direction, Time, Time>(
        "ns3::IpsecCryptoEngine::JobTracedCallback");
    RegisterTraceSignature<Time>("ns3::Time::TracedCallback");
    RegisterTraceSignature<uint32_t, uint32_t>("ns3::TracedValueCallback::Uint32");
    RegisterTraceSignature<const std::string&>("ns3::IpsecPolicyLogger::LoggedTracedCallback");
    RegisterTraceSignature<Ptr<const Packet>, const IpsecAddress&, uint16_t>(
        "ns3::IpsecUdpEncapsulation::KeepaliveTracedCallback");
}

} // namespace python
} // namespace ns3
