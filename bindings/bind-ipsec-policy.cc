/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The ipsec module's enumerations, addresses, traffic selectors, policies and the SPD.

#include "bind-ipsec.h"

#include "ns3/ipsec-decision.h"
#include "ns3/ipsec-error.h"
#include "ns3/security-association.h"
#include "ns3/security-policy-database.h"

#include <cctype>

namespace ns3
{
namespace python
{

namespace
{
/// The enumerations every other file uses.
void
BindEnums(py::module_& m)
{
    py::enum_<IpsecProtocol>(m, "IpsecProtocol", "IPsec protocol (its IP protocol number)")
        .value("ESP", IpsecProtocol::ESP)
        .value("AH", IpsecProtocol::AH);
    py::enum_<IpsecMode>(m, "IpsecMode", "Transport or tunnel mode")
        .value("TRANSPORT", IpsecMode::TRANSPORT)
        .value("TUNNEL", IpsecMode::TUNNEL);
    py::enum_<IpsecAction>(m, "IpsecAction", "What an SPD entry does with its traffic")
        .value("BYPASS", IpsecAction::BYPASS)
        .value("DISCARD", IpsecAction::DISCARD)
        .value("PROTECT", IpsecAction::PROTECT);
    py::enum_<IpsecDirection>(m, "IpsecDirection", "Direction of a packet or selector")
        .value("INBOUND", IpsecDirection::INBOUND)
        .value("OUTBOUND", IpsecDirection::OUTBOUND)
        .value("BOTH", IpsecDirection::BOTH);
    py::enum_<IpsecEncryption>(m, "IpsecEncryption", "ESP encryption algorithm (PF_KEY number)")
        .value("NONE", IpsecEncryption::NONE)
        .value("DES_CBC", IpsecEncryption::DES_CBC)
        .value("TRIPLE_DES_CBC", IpsecEncryption::TRIPLE_DES_CBC)
        .value("CAST_CBC", IpsecEncryption::CAST_CBC)
        .value("BLOWFISH_CBC", IpsecEncryption::BLOWFISH_CBC)
        .value("NULL_ENC", IpsecEncryption::NULL_ENC)
        .value("AES_CBC", IpsecEncryption::AES_CBC)
        .value("AES_CTR", IpsecEncryption::AES_CTR)
        .value("AES_CCM_ICV8", IpsecEncryption::AES_CCM_ICV8)
        .value("AES_CCM_ICV12", IpsecEncryption::AES_CCM_ICV12)
        .value("AES_CCM_ICV16", IpsecEncryption::AES_CCM_ICV16)
        .value("AES_GCM_ICV8", IpsecEncryption::AES_GCM_ICV8)
        .value("AES_GCM_ICV12", IpsecEncryption::AES_GCM_ICV12)
        .value("AES_GCM_ICV16", IpsecEncryption::AES_GCM_ICV16)
        .value("CAMELLIA_CBC", IpsecEncryption::CAMELLIA_CBC)
        .value("NULL_AES_GMAC", IpsecEncryption::NULL_AES_GMAC)
        .value("CHACHA20_POLY1305", IpsecEncryption::CHACHA20_POLY1305)
        .value("TWOFISH_CBC", IpsecEncryption::TWOFISH_CBC)
        .value("ANY", IpsecEncryption::ANY);
    py::enum_<IpsecIntegrity>(m, "IpsecIntegrity", "Integrity algorithm (PF_KEY number)")
        .value("NONE", IpsecIntegrity::NONE)
        .value("HMAC_MD5_96", IpsecIntegrity::HMAC_MD5_96)
        .value("HMAC_SHA1_96", IpsecIntegrity::HMAC_SHA1_96)
        .value("HMAC_SHA256_128", IpsecIntegrity::HMAC_SHA256_128)
        .value("HMAC_SHA384_192", IpsecIntegrity::HMAC_SHA384_192)
        .value("HMAC_SHA512_256", IpsecIntegrity::HMAC_SHA512_256)
        .value("HMAC_RIPEMD160_96", IpsecIntegrity::HMAC_RIPEMD160_96)
        .value("AES_XCBC_96", IpsecIntegrity::AES_XCBC_96)
        .value("HMAC_SHA256_96", IpsecIntegrity::HMAC_SHA256_96)
        .value("ANY", IpsecIntegrity::ANY);
    py::enum_<IpsecCryptoMode>(m, "IpsecCryptoMode", "Real crypto or size-only")
        .value("DEFAULT", IpsecCryptoMode::DEFAULT)
        .value("REAL", IpsecCryptoMode::REAL)
        .value("SIZE_ONLY", IpsecCryptoMode::SIZE_ONLY);
    py::enum_<IpsecSaState>(m, "IpsecSaState", "Where an SA is in its life")
        .value("LARVAL", IpsecSaState::LARVAL)
        .value("MATURE", IpsecSaState::MATURE)
        .value("DYING", IpsecSaState::DYING)
        .value("DEAD", IpsecSaState::DEAD);
    py::enum_<IpsecDropReason> reason(m, "IpsecDropReason", "Why the layer dropped a packet");
    for (uint8_t i = 0; i < static_cast<uint8_t>(IpsecDropReason::COUNT); ++i)
    {
        auto r = static_cast<IpsecDropReason>(i);
        std::string name = ToString(r); // "no-sa" -> NO_SA
        for (auto& c : name)
        {
            c = (c == '-') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        reason.value(name.c_str(), r);
    }
    m.def(
        "ToString",
        [](IpsecDropReason r) { return std::string(ToString(r)); },
        py::arg("reason"),
        "The drop reason's name as logs and counters print it, e.g. 'no-sa'");
    py::enum_<IpsecDecision>(m, "IpsecDecision", "What the layer decided for a packet")
        .value("BYPASS", IpsecDecision::BYPASS)
        .value("PROTECT", IpsecDecision::PROTECT)
        .value("DISCARD", IpsecDecision::DISCARD)
        .value("DROP", IpsecDecision::DROP);
}

/// IpsecAddress: an IPv4 or IPv6 address.
void
BindAddress(py::module_& m)
{
    py::class_<IpsecAddress> address(m, "IpsecAddress", "An IPv4 or IPv6 address, or none");
    py::enum_<IpsecAddress::Family>(address, "Family", "IP version")
        .value("NONE", IpsecAddress::NONE)
        .value("IPV4", IpsecAddress::IPV4)
        .value("IPV6", IpsecAddress::IPV6)
        .export_values();
    address.def(py::init<>(), "No address")
        .def(py::init<Ipv4Address>(), py::arg("address"), "An IPv4 address")
        .def(py::init<Ipv6Address>(), py::arg("address"), "An IPv6 address")
        .def(py::init([](const std::string& text) {
                 IpsecAddress a;
                 if (!IpsecAddress::Parse(text, a))
                 {
                     throw IpsecError("not an IPv4 or IPv6 address: '" + text + "'");
                 }
                 return a;
             }),
             py::arg("text"),
             "Parse dotted IPv4 or IPv6 text (IpsecError if it is neither)")
        .def("GetFamily", &IpsecAddress::GetFamily, "NONE, IPV4 or IPV6")
        .def("IsIpv4", &IpsecAddress::IsIpv4, "Whether it is an IPv4 address")
        .def("IsIpv6", &IpsecAddress::IsIpv6, "Whether it is an IPv6 address")
        .def("IsAny", &IpsecAddress::IsAny, "Whether it is none or the unspecified address")
        .def("IsMulticast", &IpsecAddress::IsMulticast, "Whether it is a multicast address")
        .def("GetIpv4", &IpsecAddress::GetIpv4, "The IPv4 address")
        .def("GetIpv6", &IpsecAddress::GetIpv6, "The IPv6 address")
        .def(
            "GetBytes",
            [](const IpsecAddress& a) {
                return py::bytes(reinterpret_cast<const char*>(a.GetBytes()), a.GetLength());
            },
            "The address in network order")
        .def("GetLength", &IpsecAddress::GetLength, "4, 16 or 0")
        .def(py::self == py::self)
        .def(py::self != py::self)
        .def(py::self < py::self)
        .def("__hash__", [](const IpsecAddress& a) { return py::hash(py::str(Text(a))); })
        .def("__str__", [](const IpsecAddress& a) { return Text(a); })
        .def("__repr__", [](const IpsecAddress& a) { return "IpsecAddress('" + Text(a) + "')"; });
    py::implicitly_convertible<Ipv4Address, IpsecAddress>();
    py::implicitly_convertible<Ipv6Address, IpsecAddress>();
    py::implicitly_convertible<py::str, IpsecAddress>();
}

/// IpsecFlowKey and IpsecTrafficSelector.
void
BindSelectors(py::module_& m)
{
    py::class_<IpsecFlowKey> key(m, "IpsecFlowKey", "What the SPD matches a packet on");
    StructBinder<IpsecFlowKey>(key)
        .Field("direction", "direction", &IpsecFlowKey::direction, "Direction of the packet")
        .Field("local", "local", &IpsecFlowKey::local, "Address on this node")
        .Field("remote", "remote", &IpsecFlowKey::remote, "Address of the peer")
        .Field("protocol", "protocol", &IpsecFlowKey::protocol, "IP protocol of the payload")
        .Field("localPort", "local_port", &IpsecFlowKey::localPort, "Port on this node")
        .Field("remotePort", "remote_port", &IpsecFlowKey::remotePort, "Port of the peer")
        .Field("icmpType", "icmp_type", &IpsecFlowKey::icmpType, "ICMP type")
        .Field("icmpCode", "icmp_code", &IpsecFlowKey::icmpCode, "ICMP code")
        .Finish("IpsecFlowKey");
    key.def("__str__", [](const IpsecFlowKey& k) { return Text(k); });

    using TS = IpsecTrafficSelector;
    const auto ref = py::return_value_policy::reference_internal;
    py::class_<TS>(m,
                   "IpsecTrafficSelector",
                   "The traffic of a policy; setters return the selector, so calls chain")
        .def(py::init<>(), "Any traffic, both directions")
        .def_readonly_static("ANY_PROTOCOL", &TS::ANY_PROTOCOL, "Protocol wildcard (256)")
        .def_readonly_static("ANY_ICMP", &TS::ANY_ICMP, "ICMP type/code wildcard (-1)")
        .def("SetLocalPrefix",
             py::overload_cast<Ipv4Address, Ipv4Mask>(&TS::SetLocalPrefix),
             py::arg("address"),
             py::arg("mask"),
             ref,
             "Local addresses: an IPv4 prefix")
        .def("SetLocalPrefix",
             py::overload_cast<Ipv6Address, Ipv6Prefix>(&TS::SetLocalPrefix),
             py::arg("address"),
             py::arg("prefix"),
             ref,
             "Local addresses: an IPv6 prefix")
        .def("SetLocalRange",
             &TS::SetLocalRange,
             py::arg("low"),
             py::arg("high"),
             ref,
             "Local addresses: a range")
        .def("SetRemotePrefix",
             py::overload_cast<Ipv4Address, Ipv4Mask>(&TS::SetRemotePrefix),
             py::arg("address"),
             py::arg("mask"),
             ref,
             "Remote addresses: an IPv4 prefix")
        .def("SetRemotePrefix",
             py::overload_cast<Ipv6Address, Ipv6Prefix>(&TS::SetRemotePrefix),
             py::arg("address"),
             py::arg("prefix"),
             ref,
             "Remote addresses: an IPv6 prefix")
        .def("SetRemoteRange",
             &TS::SetRemoteRange,
             py::arg("low"),
             py::arg("high"),
             ref,
             "Remote addresses: a range")
        .def("SetProtocol",
             &TS::SetProtocol,
             py::arg("protocol"),
             ref,
             "IP protocol, or ANY_PROTOCOL")
        .def("SetLocalPorts",
             &TS::SetLocalPorts,
             py::arg("low"),
             py::arg("high"),
             ref,
             "Local port range")
        .def("SetRemotePorts",
             &TS::SetRemotePorts,
             py::arg("low"),
             py::arg("high"),
             ref,
             "Remote port range")
        .def("SetIcmp",
             &TS::SetIcmp,
             py::arg("type"),
             py::arg("code") = TS::ANY_ICMP,
             ref,
             "ICMP type and code (ANY_ICMP: any)")
        .def("SetDirection",
             &TS::SetDirection,
             py::arg("direction"),
             ref,
             "INBOUND, OUTBOUND or BOTH")
        .def("Matches", &TS::Matches, py::arg("key"), "Whether a flow key matches")
        .def("Mirror", &TS::Mirror, "The selector seen from the peer")
        .def("Validate", &TS::Validate, "What is wrong with it, or ''")
        .def("GetDirection", &TS::GetDirection, "The direction(s)")
        .def("GetProtocol", &TS::GetProtocol, "The protocol or ANY_PROTOCOL")
        .def("GetFamily", &TS::GetFamily, "The address family (NONE: any)")
        .def(
            "GetLocalRange",
            [](const TS& s) {
                IpsecAddress low;
                IpsecAddress high;
                s.GetLocalRange(low, high);
                return py::make_tuple(low, high);
            },
            "(low, high) local addresses")
        .def(
            "GetRemoteRange",
            [](const TS& s) {
                IpsecAddress low;
                IpsecAddress high;
                s.GetRemoteRange(low, high);
                return py::make_tuple(low, high);
            },
            "(low, high) remote addresses")
        .def(
            "GetLocalPorts",
            [](const TS& s) {
                uint16_t low;
                uint16_t high;
                s.GetLocalPorts(low, high);
                return py::make_tuple(low, high);
            },
            "(low, high) local ports")
        .def(
            "GetRemotePorts",
            [](const TS& s) {
                uint16_t low;
                uint16_t high;
                s.GetRemotePorts(low, high);
                return py::make_tuple(low, high);
            },
            "(low, high) remote ports")
        .def("GetIcmpType", &TS::GetIcmpType, "ICMP type or ANY_ICMP")
        .def("GetIcmpCode", &TS::GetIcmpCode, "ICMP code or ANY_ICMP")
        .def(py::self == py::self)
        .def("__str__", [](const TS& s) { return PrintText(s); })
        .def("__repr__", [](const TS& s) { return "<IpsecTrafficSelector " + PrintText(s) + ">"; });
}

/// IpsecProtection, IpsecPolicyCounters, IpsecPolicy.
void
BindPolicy(py::module_& m)
{
    py::class_<IpsecProtection> step(m,
                                     "IpsecProtection",
                                     "One protection step of a policy (its bundle, innermost "
                                     "first)");
    StructBinder<IpsecProtection>(step)
        .Field("protocol", "protocol", &IpsecProtection::protocol, "ESP or AH")
        .Field("mode", "mode", &IpsecProtection::mode, "Transport or tunnel")
        .Field("encryption", "encryption", &IpsecProtection::encryption, "Required, or ANY")
        .Field("integrity", "integrity", &IpsecProtection::integrity, "Required, or ANY")
        .Field("tunnelLocal", "tunnel_local", &IpsecProtection::tunnelLocal, "Tunnel: our end")
        .Field("tunnelRemote", "tunnel_remote", &IpsecProtection::tunnelRemote, "Peer's end")
        .Field("reqid", "reqid", &IpsecProtection::reqid, "Request ID (0: any SA)")
        .Finish("IpsecProtection");
    step.def_readonly_static("AUTO_REQID_MIN",
                             &IpsecProtection::AUTO_REQID_MIN,
                             "First request ID given automatically")
        .def("IsSatisfiedBy",
             &IpsecProtection::IsSatisfiedBy,
             py::arg("sa"),
             "Whether an SA satisfies this step")
        .def("Validate", &IpsecProtection::Validate, "What is wrong with it, or ''");

    py::class_<IpsecPolicyCounters>(m, "IpsecPolicyCounters", "What a policy decided")
        .def_readonly("packets", &IpsecPolicyCounters::packets, "Packets decided")
        .def_readonly("bytes", &IpsecPolicyCounters::bytes, "Their bytes")
        .def("GetDrops", &IpsecPolicyCounters::GetDrops, py::arg("reason"), "Drops for a reason")
        .def("GetTotalDrops", &IpsecPolicyCounters::GetTotalDrops, "All drops");

    const auto self = py::return_value_policy::reference_internal;
    py::class_<IpsecPolicy, Ptr<IpsecPolicy>>(m, "IpsecPolicy", "An SPD entry")
        .def(py::init<const IpsecTrafficSelector&, IpsecAction>(),
             py::arg("selector"),
             py::arg("action"),
             "A policy for the selected traffic")
        .def("SetProtection",
             &IpsecPolicy::SetProtection,
             py::arg("protocol"),
             py::arg("mode"),
             py::arg("encryption") = IpsecEncryption::ANY,
             py::arg("integrity") = IpsecIntegrity::ANY,
             self,
             "The (single) protection step; returns the policy")
        .def("AddProtection",
             &IpsecPolicy::AddProtection,
             py::arg("protocol"),
             py::arg("mode"),
             py::arg("encryption") = IpsecEncryption::ANY,
             py::arg("integrity") = IpsecIntegrity::ANY,
             self,
             "Append an outer protection step (an SA bundle); returns the policy")
        .def("GetBundle", &IpsecPolicy::GetBundle, "The protection steps, innermost first")
        .def("SetTunnelEndpoints",
             &IpsecPolicy::SetTunnelEndpoints,
             py::arg("local"),
             py::arg("remote"),
             self,
             "Tunnel endpoints of the last step added; returns the policy")
        .def("SetReqid",
             &IpsecPolicy::SetReqid,
             py::arg("reqid"),
             self,
             "Only SAs with this request ID; returns the policy")
        .def("GetTunnelLocal", &IpsecPolicy::GetTunnelLocal, "Our tunnel endpoint")
        .def("GetTunnelRemote", &IpsecPolicy::GetTunnelRemote, "The peer's tunnel endpoint")
        .def("GetSelector", &IpsecPolicy::GetSelector, "The traffic selected")
        .def("GetAction", &IpsecPolicy::GetAction, "BYPASS, DISCARD or PROTECT")
        .def("GetProtocol", &IpsecPolicy::GetProtocol, "The first step's protocol")
        .def("GetMode", &IpsecPolicy::GetMode, "The first step's mode")
        .def("GetEncryption", &IpsecPolicy::GetEncryption, "The first step's encryption")
        .def("GetIntegrity", &IpsecPolicy::GetIntegrity, "The first step's integrity")
        .def("IsSatisfiedBy",
             py::overload_cast<const SecurityAssociation&>(&IpsecPolicy::IsSatisfiedBy, py::const_),
             py::arg("sa"),
             "Whether an SA satisfies the policy")
        .def("GetIndex", &IpsecPolicy::GetIndex, "SPD index")
        .def("GetMatchCount", &IpsecPolicy::GetMatchCount, "Packets decided")
        .def("GetCounters", &IpsecPolicy::GetCounters, self, "Packets, bytes and drops")
        .def("Validate", &IpsecPolicy::Validate, "What is wrong with it, or ''")
        .def("Print", &PrintText<IpsecPolicy>, "The policy as text")
        .def("__str__", &PrintText<IpsecPolicy>)
        .def("__repr__", [](const IpsecPolicy& p) { return "<IpsecPolicy " + PrintText(p) + ">"; });
}

/// SecurityPolicyDatabase.
void
BindSpd(py::module_& m)
{
    using Spd = SecurityPolicyDatabase;
    py::class_<Spd, Object, Ptr<Spd>>(m, "SecurityPolicyDatabase", "A node's SPD")
        .def_static("GetTypeId", &Spd::GetTypeId, "The TypeId")
        .def(py::init([]() { return CreateObject<Spd>(); }), "An empty SPD")
        .def("Add",
             &Spd::Add,
             py::arg("policy"),
             "Append a policy; returns what is wrong with it ('' when added), as in C++")
        .def("Remove", &Spd::Remove, py::arg("index"), "Remove a policy by index")
        .def("Flush", &Spd::Flush, "Remove every policy")
        .def("Lookup", &Spd::Lookup, py::arg("key"), "The policy a flow matches, or None")
        .def("GetPolicies", &Spd::GetPolicies, "The policies in lookup order")
        .def("Print", &PrintText<Spd>, "The SPD as text")
        .def("__len__", [](const Spd& spd) { return spd.GetPolicies().size(); });
}
} // namespace

void
BindIpsecPolicy(py::module_& m)
{
    BindEnums(m);
    BindAddress(m);
    BindSelectors(m);
    BindPolicy(m);
    BindSpd(m);
}

} // namespace python
} // namespace ns3
