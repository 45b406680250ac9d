/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The simulated PF_KEY v2 channel: constants, extensions, messages, the converter between
// messages and SA parameters, the socket, its factory and the key engine.

#include "bind-ipsec.h"

#include "ns3/ipsec-key-engine.h"
#include "ns3/ipsec-layer.h"
#include "ns3/node.h"
#include "ns3/pfkey-constants.h"
#include "ns3/pfkey-converter.h"
#include "ns3/pfkey-message.h"
#include "ns3/pfkey-socket-factory.h"
#include "ns3/pfkey-socket.h"

namespace ns3
{
namespace python
{

namespace
{
/// The constants, the status and the names of the enumerations.
void
BindConstants(py::module_& m)
{
    // The PfKey* enumerations are in bind-ipsec-enums.cc.
    m.attr("PFKEY_VERSION") = PFKEY_VERSION;
    m.attr("PFKEY_UNIT") = PFKEY_UNIT;
    m.attr("PFKEY_HEADER_SIZE") = PFKEY_HEADER_SIZE;
    m.attr("PFKEY_MAX_MESSAGE_SIZE") = PFKEY_MAX_MESSAGE_SIZE;
    m.attr("PFKEY_SA_FLAG_PFS") = PFKEY_SA_FLAG_PFS;
    m.attr("PFKEY_SA_FLAG_NO_PMTU_DISCOVERY") = PFKEY_SA_FLAG_NO_PMTU_DISCOVERY;
    m.attr("PFKEY_SA_FLAG_DECAP_DSCP") = PFKEY_SA_FLAG_DECAP_DSCP;
    m.attr("PFKEY_SA_FLAG_NO_ECN") = PFKEY_SA_FLAG_NO_ECN;
    m.attr("PFKEY_AALG_X_NULL") = PFKEY_AALG_X_NULL;
    m.attr("PFKEY_AALG_MAX") = PFKEY_AALG_MAX;
    m.attr("PFKEY_EALG_MAX") = PFKEY_EALG_MAX;
    m.attr("PFKEY_EALG_NULL") = PFKEY_EALG_NULL;
    m.attr("PFKEY_ULPROTO_ANY") = PFKEY_ULPROTO_ANY;
    m.attr("PFKEY_PORT_ANY") = PFKEY_PORT_ANY;
    m.attr("PFKEY_MANUAL_REQID_MAX") = PFKEY_MANUAL_REQID_MAX;
    m.attr("PFKEY_AF_INET") = PFKEY_AF_INET;
    m.attr("PFKEY_AF_INET6") = PFKEY_AF_INET6;

    py::class_<PfKeyStatus>(m, "PfKeyStatus", "OK, or an errno and what was wrong")
        .def(py::init([](PfKeyErrno e, const std::string& r) {
                 return PfKeyStatus{e, r};
             }),
             py::arg("error") = PfKeyErrno::OK,
             py::arg("reason") = "",
             "A status")
        .def_readwrite("error", &PfKeyStatus::error, "OK or the errno")
        .def_readwrite("reason", &PfKeyStatus::reason, "What was wrong")
        .def("IsOk", &PfKeyStatus::IsOk, "Whether it is OK")
        .def("__bool__", &PfKeyStatus::IsOk, "Whether it is OK")
        .def("__str__", [](const PfKeyStatus& s) { return Text(s); })
        .def("__repr__", [](const PfKeyStatus& s) { return "<PfKeyStatus " + Text(s) + ">"; });

    m.def("PfKeyMessageTypeName", &PfKeyMessageTypeName, py::arg("type"), "e.g. 'SADB_ADD'");
    m.def("PfKeyExtensionTypeName", &PfKeyExtensionTypeName, py::arg("type"), "Extension name");
    m.def("PfKeySaTypeName", &PfKeySaTypeName, py::arg("type"), "SA type name");
    m.def("PfKeyErrnoName", &PfKeyErrnoName, py::arg("error"), "e.g. 'EINVAL'");
}

/// The extensions (value types; optional ones on a message are None when absent).
void
BindExtensions(py::module_& m)
{
    py::class_<PfKeySockaddr> sa(m, "PfKeySockaddr", "A sockaddr_in / sockaddr_in6");
    StructBinder<PfKeySockaddr>(sa)
        .Field("address", "address", &PfKeySockaddr::address, "Address")
        .Field("port", "port", &PfKeySockaddr::port, "Port (0: any)")
        .Field("flowInfo", "flow_info", &PfKeySockaddr::flowInfo, "IPv6 flow info")
        .Field("scopeId", "scope_id", &PfKeySockaddr::scopeId, "IPv6 scope id")
        .Finish("PfKeySockaddr");

    py::class_<PfKeySaExtension> sae(m, "PfKeySaExtension", "SADB_EXT_SA");
    StructBinder<PfKeySaExtension>(sae)
        .Field("spi", "spi", &PfKeySaExtension::spi, "SPI")
        .Field("replayWindow", "replay_window", &PfKeySaExtension::replayWindow, "Window")
        .Field("state", "state", &PfKeySaExtension::state, "SA state")
        .Field("auth", "auth", &PfKeySaExtension::auth, "Integrity algorithm number")
        .Field("encrypt", "encrypt", &PfKeySaExtension::encrypt, "Encryption algorithm number")
        .Field("flags", "flags", &PfKeySaExtension::flags, "SADB_SAFLAGS_* bits")
        .Finish("PfKeySaExtension");

    using L = PfKeyLifetimeExtension;
    py::class_<L> life(m, "PfKeyLifetimeExtension", "SADB_EXT_LIFETIME_*");
    StructBinder<L>(life)
        .Field("allocations", "allocations", &L::allocations, "Packets")
        .Field("bytes", "bytes", &L::bytes, "Bytes")
        .Field("addTime", "add_time", &L::addTime, "Seconds after adding")
        .Field("useTime", "use_time", &L::useTime, "Seconds after first use")
        .Finish("PfKeyLifetimeExtension");

    using A = PfKeyAddressExtension;
    py::class_<A> addr(m, "PfKeyAddressExtension", "SADB_EXT_ADDRESS_*");
    StructBinder<A>(addr)
        .Field("protocol", "protocol", &A::protocol, "Upper-layer protocol (255: any)")
        .Field("prefixLength", "prefix_length", &A::prefixLength, "Prefix length")
        .Field("sockaddr", "sockaddr", &A::sockaddr, "Address and port")
        .Finish("PfKeyAddressExtension");
    addr.def_static("ForHost",
                    &A::ForHost,
                    py::arg("address"),
                    py::arg("port") = 0,
                    py::arg("protocol") = PFKEY_ULPROTO_ANY,
                    "A host address (full prefix length)");

    using K = PfKeyKeyExtension;
    py::class_<K> key(m, "PfKeyKeyExtension", "SADB_EXT_KEY_*");
    StructBinder<K>(key)
        .Field("bits", "bits", &K::bits, "Key length in bits")
        .Bytes("data", "data", &K::data, "The key")
        .Finish("PfKeyKeyExtension");
    key.def_static(
        "FromBytes",
        [](py::handle b) { return K::FromBytes(FromBytes(b)); },
        py::arg("key"),
        "A key extension of whole bytes");

    using Id = PfKeyIdentityExtension;
    py::class_<Id> ident(m, "PfKeyIdentityExtension", "SADB_EXT_IDENTITY_*");
    StructBinder<Id>(ident)
        .Field("type", "type", &Id::type, "Identity type")
        .Field("id", "id", &Id::id, "Numeric identity")
        .Field("text", "text", &Id::text, "Identity string")
        .Finish("PfKeyIdentityExtension");

    using S = PfKeySensitivityExtension;
    py::class_<S> sens(m, "PfKeySensitivityExtension", "SADB_EXT_SENSITIVITY");
    StructBinder<S>(sens)
        .Field("dpd", "dpd", &S::dpd, "Domain of protection")
        .Field("sensitivityLevel", "sensitivity_level", &S::sensitivityLevel, "Level")
        .Field("integrityLevel", "integrity_level", &S::integrityLevel, "Level")
        .Field("sensitivityBitmap", "sensitivity_bitmap", &S::sensitivityBitmap, "Bitmap")
        .Field("integrityBitmap", "integrity_bitmap", &S::integrityBitmap, "Bitmap")
        .Finish("PfKeySensitivityExtension");

    using C = PfKeyCombination;
    py::class_<C> comb(m, "PfKeyCombination", "sadb_comb: one acceptable combination");
    StructBinder<C>(comb)
        .Field("auth", "auth", &C::auth, "Integrity algorithm")
        .Field("encrypt", "encrypt", &C::encrypt, "Encryption algorithm")
        .Field("flags", "flags", &C::flags, "Flags")
        .Field("authMinBits", "auth_min_bits", &C::authMinBits, "Shortest integrity key")
        .Field("authMaxBits", "auth_max_bits", &C::authMaxBits, "Longest integrity key")
        .Field("encryptMinBits", "encrypt_min_bits", &C::encryptMinBits, "Shortest key")
        .Field("encryptMaxBits", "encrypt_max_bits", &C::encryptMaxBits, "Longest key")
        .Field("softAllocations", "soft_allocations", &C::softAllocations, "Soft packets")
        .Field("hardAllocations", "hard_allocations", &C::hardAllocations, "Hard packets")
        .Field("softBytes", "soft_bytes", &C::softBytes, "Soft bytes")
        .Field("hardBytes", "hard_bytes", &C::hardBytes, "Hard bytes")
        .Field("softAddTime", "soft_add_time", &C::softAddTime, "Soft add time")
        .Field("hardAddTime", "hard_add_time", &C::hardAddTime, "Hard add time")
        .Field("softUseTime", "soft_use_time", &C::softUseTime, "Soft use time")
        .Field("hardUseTime", "hard_use_time", &C::hardUseTime, "Hard use time")
        .Finish("PfKeyCombination");

    py::class_<PfKeyProposalExtension> prop(m, "PfKeyProposalExtension", "SADB_EXT_PROPOSAL");
    StructBinder<PfKeyProposalExtension>(prop)
        .Field("replayWindow",
               "replay_window",
               &PfKeyProposalExtension::replayWindow,
               "Proposed window")
        .Field("combinations",
               "combinations",
               &PfKeyProposalExtension::combinations,
               "Acceptable combinations, preferred first")
        .Finish("PfKeyProposalExtension");

    using D = PfKeyAlgorithmDescription;
    py::class_<D> desc(m, "PfKeyAlgorithmDescription", "sadb_alg");
    StructBinder<D>(desc)
        .Field("id", "id", &D::id, "Algorithm number")
        .Field("ivLength", "iv_length", &D::ivLength, "IV bytes")
        .Field("minBits", "min_bits", &D::minBits, "Shortest key")
        .Field("maxBits", "max_bits", &D::maxBits, "Longest key")
        .Finish("PfKeyAlgorithmDescription");
    py::class_<PfKeySupportedExtension> sup(m, "PfKeySupportedExtension", "SADB_EXT_SUPPORTED_*");
    StructBinder<PfKeySupportedExtension>(sup)
        .Field("algorithms", "algorithms", &PfKeySupportedExtension::algorithms, "Algorithms")
        .Finish("PfKeySupportedExtension");

    py::class_<PfKeySpiRangeExtension> range(m, "PfKeySpiRangeExtension", "SADB_EXT_SPIRANGE");
    StructBinder<PfKeySpiRangeExtension>(range)
        .Field("min", "min", &PfKeySpiRangeExtension::min, "Lowest SPI")
        .Field("max", "max", &PfKeySpiRangeExtension::max, "Highest SPI")
        .Finish("PfKeySpiRangeExtension");

    py::class_<PfKeySa2Extension> sa2(m, "PfKeySa2Extension", "SADB_X_EXT_SA2");
    StructBinder<PfKeySa2Extension>(sa2)
        .Field("mode", "mode", &PfKeySa2Extension::mode, "SA mode")
        .Field("sequence", "sequence", &PfKeySa2Extension::sequence, "Sequence")
        .Field("reqid", "reqid", &PfKeySa2Extension::reqid, "Request ID")
        .Finish("PfKeySa2Extension");

    using Q = PfKeyIpsecRequest;
    py::class_<Q> req(m, "PfKeyIpsecRequest", "sadb_x_ipsecrequest");
    StructBinder<Q>(req)
        .Field("protocol", "protocol", &Q::protocol, "50 ESP, 51 AH")
        .Field("mode", "mode", &Q::mode, "Transport or tunnel")
        .Field("level", "level", &Q::level, "How strictly an SA is needed")
        .Field("reqid", "reqid", &Q::reqid, "Request ID")
        .Field("hasEndpoints", "has_endpoints", &Q::hasEndpoints, "Sockaddrs follow")
        .Field("tunnelSource", "tunnel_source", &Q::tunnelSource, "Outer source")
        .Field("tunnelDestination", "tunnel_destination", &Q::tunnelDestination, "Outer dest")
        .Finish("PfKeyIpsecRequest");

    using P = PfKeyPolicyExtension;
    py::class_<P> pol(m, "PfKeyPolicyExtension", "SADB_X_EXT_POLICY");
    StructBinder<P>(pol)
        .Field("type", "type", &P::type, "What the policy does")
        .Field("direction", "direction", &P::direction, "Direction")
        .Field("id", "id", &P::id, "Policy index")
        .Field("priority", "priority", &P::priority, "Priority")
        .Field("requests", "requests", &P::requests, "Transforms, innermost first")
        .Finish("PfKeyPolicyExtension");

    py::class_<PfKeyNatTypeExtension> nt(m, "PfKeyNatTypeExtension", "SADB_X_EXT_NAT_T_TYPE");
    StructBinder<PfKeyNatTypeExtension>(nt)
        .Field("type", "type", &PfKeyNatTypeExtension::type, "Encapsulation")
        .Finish("PfKeyNatTypeExtension");
    py::class_<PfKeyNatPortExtension> np(m, "PfKeyNatPortExtension", "SADB_X_EXT_NAT_T_*PORT");
    StructBinder<PfKeyNatPortExtension>(np)
        .Field("port", "port", &PfKeyNatPortExtension::port, "UDP port")
        .Finish("PfKeyNatPortExtension");
    py::class_<PfKeyOpaqueExtension> op(m, "PfKeyOpaqueExtension", "An extension kept as bytes");
    StructBinder<PfKeyOpaqueExtension>(op)
        .Field("type", "type", &PfKeyOpaqueExtension::type, "Extension type")
        .Bytes("body", "body", &PfKeyOpaqueExtension::body, "Bytes after the sadb_ext header")
        .Finish("PfKeyOpaqueExtension");
}

/// PfKeyMessage and PfKeyConverter.
void
BindMessage(py::module_& m)
{
    using M = PfKeyMessage;
    py::class_<M> msg(m,
                      "PfKeyMessage",
                      "A PF_KEY v2 message. Extensions are None when absent; they are values: "
                      "change one by assigning a whole extension (m.sa = PfKeySaExtension(...))");
    msg.def(py::init<PfKeyMessageType, PfKeySaType, uint32_t, uint32_t>(),
            py::arg("type"),
            py::arg("sa_type"),
            py::arg("sequence") = 0,
            py::arg("pid") = 0,
            "A message with no extensions");
    StructBinder<M>(msg)
        .Field("version", "version", &M::version, "sadb_msg_version")
        .Field("type", "type", &M::type, "sadb_msg_type")
        .Field("error", "error", &M::error, "sadb_msg_errno")
        .Field("saType", "sa_type", &M::saType, "sadb_msg_satype")
        .Field("reserved", "reserved", &M::reserved, "sadb_msg_reserved")
        .Field("sequence", "sequence", &M::sequence, "sadb_msg_seq")
        .Field("pid", "pid", &M::pid, "sadb_msg_pid")
        .Field("sa", "sa", &M::sa, "SADB_EXT_SA")
        .Field("currentLifetime", "current_lifetime", &M::currentLifetime, "Current lifetime")
        .Field("hardLifetime", "hard_lifetime", &M::hardLifetime, "Hard lifetime")
        .Field("softLifetime", "soft_lifetime", &M::softLifetime, "Soft lifetime")
        .Field("sourceAddress", "source_address", &M::sourceAddress, "Source address")
        .Field("destinationAddress",
               "destination_address",
               &M::destinationAddress,
               "Destination address")
        .Field("proxyAddress", "proxy_address", &M::proxyAddress, "Proxy address")
        .Field("authKey", "auth_key", &M::authKey, "Integrity key")
        .Field("encryptKey", "encrypt_key", &M::encryptKey, "Encryption key")
        .Field("sourceIdentity", "source_identity", &M::sourceIdentity, "Source identity")
        .Field("destinationIdentity",
               "destination_identity",
               &M::destinationIdentity,
               "Destination identity")
        .Field("sensitivity", "sensitivity", &M::sensitivity, "Sensitivity")
        .Field("proposal", "proposal", &M::proposal, "Proposal")
        .Field("supportedAuth", "supported_auth", &M::supportedAuth, "Supported integrity")
        .Field("supportedEncrypt",
               "supported_encrypt",
               &M::supportedEncrypt,
               "Supported encryption")
        .Field("spiRange", "spi_range", &M::spiRange, "SPI range")
        .Field("policy", "policy", &M::policy, "Policy")
        .Field("sa2", "sa2", &M::sa2, "SA2")
        .Field("natType", "nat_type", &M::natType, "NAT-T type")
        .Field("natSourcePort", "nat_source_port", &M::natSourcePort, "NAT-T source port")
        .Field("natDestinationPort",
               "nat_destination_port",
               &M::natDestinationPort,
               "NAT-T destination port")
        .Field("natOriginalAddress",
               "nat_original_address",
               &M::natOriginalAddress,
               "NAT-T original address")
        .Field("opaqueExtensions",
               "opaque_extensions",
               &M::opaqueExtensions,
               "Extensions kept as bytes")
        .Finish("PfKeyMessage");
    msg.def_static(
           "Parse",
           [](py::handle data) {
               M message;
               PfKeyStatus status = M::Parse(FromBytes(data), message);
               return py::make_tuple(status, message);
           },
           py::arg("data"),
           "Decode bytes: returns (status, message) as the C++ return value and out-parameter")
        .def(
            "Serialize",
            [](const M& message) { return ToBytes(message.Serialize()); },
            "The message's bytes")
        .def("GetSerializedSize", &M::GetSerializedSize, "Its length in bytes")
        .def("CheckRequest", &M::CheckRequest, "Whether a user may send it")
        .def("HasExtension", &M::HasExtension, py::arg("type"), "Whether it carries one")
        .def("GetExtensionTypes", &M::GetExtensionTypes, "The extensions it carries")
        .def("MakeErrorReply", &M::MakeErrorReply, py::arg("error"), "The error reply")
        .def("Print", &PrintText<M>, "The message as text")
        .def("__str__", &PrintText<M>);

    using Conv = PfKeyConverter;
    py::class_<Conv>(m, "PfKeyConverter", "Messages to and from SA parameters (static)")
        .def_static("ToSaType", &Conv::ToSaType, py::arg("protocol"), "ESP -> ESP, AH -> AH")
        .def_static(
            "ToProtocol",
            [](PfKeySaType t) {
                IpsecProtocol p = IpsecProtocol::ESP;
                PfKeyStatus s = Conv::ToProtocol(t, p);
                return py::make_tuple(s, p);
            },
            py::arg("sa_type"),
            "Returns (status, protocol)")
        .def_static(
            "FromSaParams",
            [](PfKeyMessageType type, const IpsecSaParams& params, uint32_t seq, uint32_t pid) {
                M message;
                PfKeyStatus s = Conv::FromSaParams(type, params, message, seq, pid);
                return py::make_tuple(s, message);
            },
            py::arg("type"),
            py::arg("params"),
            py::arg("sequence") = 0,
            py::arg("pid") = 0,
            "An ADD/UPDATE message for SA parameters: returns (status, message)")
        .def_static(
            "ToSaParams",
            [](const M& message) {
                IpsecSaParams p;
                PfKeyStatus s = Conv::ToSaParams(message, p);
                return py::make_tuple(s, p);
            },
            py::arg("message"),
            "SA parameters of a message: returns (status, params)")
        .def_static(
            "ToPolicy",
            [](const M& message) {
                Ptr<IpsecPolicy> policy;
                PfKeyStatus s = Conv::ToPolicy(message, policy);
                return py::make_tuple(s, policy);
            },
            py::arg("message"),
            "The policy of an SPDADD message: returns (status, policy or None)")
        .def_static(
            "ToPolicyExtension",
            [](const IpsecPolicy& policy, PfKeyPolicyDirection d) {
                PfKeyPolicyExtension e;
                PfKeyStatus s = Conv::ToPolicyExtension(policy, d, e);
                return py::make_tuple(s, e);
            },
            py::arg("policy"),
            py::arg("direction"),
            "The policy extension of a policy: returns (status, extension)");
}

/// The socket, its factory and the key engine.
void
BindChannel(py::module_& m)
{
    py::class_<PfKeySocket, Socket, Ptr<PfKeySocket>>(
        m,
        "PfKeySocket",
        "A PF_KEY socket: Socket.CreateSocket(node, PfKeySocketFactory.GetTypeId()); Send "
        "message bytes in a Packet, Recv the replies and the engine's messages")
        .def_static("GetTypeId", &PfKeySocket::GetTypeId, "The TypeId")
        .def("GetPid", &PfKeySocket::GetPid, "The socket's pid (sadb_msg_pid of its requests)");
    py::class_<PfKeySocketFactory, Object, Ptr<PfKeySocketFactory>>(
        m,
        "PfKeySocketFactory",
        "Creates PF_KEY sockets (aggregated to nodes by IpsecHelper.Install)")
        .def_static("GetTypeId", &PfKeySocketFactory::GetTypeId, "The TypeId");

    using E = IpsecKeyEngine;
    py::class_<E, Object, Ptr<E>>(m, "IpsecKeyEngine", "A node's PF_KEY key engine")
        .def_static("GetTypeId", &E::GetTypeId, "The TypeId")
        .def("GetLayer", &E::GetLayer, "The IPsec layer it manages")
        .def("GetNode", &E::GetNode, "The node")
        .def("CreateSocket", &E::CreateSocket, "A new PF_KEY socket")
        .def(
            "Apply",
            [](E& e, const PfKeyMessage& request) {
                std::vector<PfKeyMessage> replies;
                PfKeyStatus s = e.Apply(request, &replies);
                return py::make_tuple(s, replies);
            },
            py::arg("request"),
            "Process a request without a socket: returns (status, replies)")
        .def(
            "AddSa",
            [](E& e, const IpsecSaParams& params) {
                PfKeyStatus s;
                Ptr<SecurityAssociation> sa = e.AddSa(params, s);
                return py::make_tuple(s, sa);
            },
            py::arg("params"),
            "Install an SA as SADB_ADD would: returns (status, SA or None)")
        .def("InstallPolicy",
             &E::InstallPolicy,
             py::arg("policy"),
             py::arg("replace"),
             "Install a policy as SPDADD/SPDUPDATE would; returns the status")
        .def("HasRegistered",
             &E::HasRegistered,
             py::arg("satype"),
             "Whether a socket registered for an SA type")
        .def(
            "AllocateSpi",
            [](E& e,
               IpsecProtocol p,
               const IpsecAddress& src,
               const IpsecAddress& dst,
               uint32_t min,
               uint32_t max) {
                uint32_t spi = 0;
                int rc = e.AllocateSpi(p, src, dst, min, max, spi);
                return py::make_tuple(rc, spi);
            },
            py::arg("protocol"),
            py::arg("source"),
            py::arg("destination"),
            py::arg("min"),
            py::arg("max"),
            "Reserve an SPI: returns (status, spi)")
        .def("GetNewMappingsSent", &E::GetNewMappingsSent, "NAT_T_NEW_MAPPING messages sent")
        .def("AssignStreams", &E::AssignStreams, py::arg("stream"), "Fix the streams");
    RegisterObjectType<PfKeySocket>();
    RegisterObjectType<PfKeySocketFactory>();
    RegisterObjectType<E>();
}
} // namespace

void
BindIpsecPfKey(py::module_& m)
{
    BindConstants(m);
    BindExtensions(m);
    BindMessage(m);
    BindChannel(m);
    using Sa = Ptr<const SecurityAssociation>;
    RegisterTraceSignature<uint32_t, Ptr<const Packet>>(
        "ns3::IpsecKeyEngine::MessageTracedCallback");
    RegisterTraceSignature<uint32_t, PfKeyErrno, const std::string&>(
        "ns3::IpsecKeyEngine::ErrorTracedCallback");
    RegisterTraceSignature<Ptr<const IpsecPolicy>, const IpsecAddress&, const IpsecAddress&>(
        "ns3::IpsecKeyEngine::AcquireTracedCallback");
    RegisterTraceSignature<Sa, bool>("ns3::IpsecKeyEngine::ExpireTracedCallback");
    RegisterTraceSignature<Sa, const IpsecAddress&, uint16_t>(
        "ns3::IpsecKeyEngine::NewMappingTracedCallback");
}

} // namespace python
} // namespace ns3
