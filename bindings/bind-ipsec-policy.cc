/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Addresses, traffic selectors, policies and the SPD.

#include "bind-ipsec.h"

#include "ns3/ipsec-address.h"
#include "ns3/ipsec-policy.h"
#include "ns3/ipsec-traffic-selector.h"
#include "ns3/security-association.h"
#include "ns3/security-policy-database.h"

namespace ns3
{
namespace python
{

namespace
{
/// A (low, high) pair read through a getter with two output parameters.
template <typename T, typename V>
std::pair<V, V>
Range(const T& object, void (T::*get)(V&, V&) const)
{
    V low;
    V high;
    (object.*get)(low, high);
    return {low, high};
}
} // namespace

void
ThrowIfError(const std::string& error)
{
    if (!error.empty())
    {
        throw IpsecError(error);
    }
}

namespace
{
/// What the module binds beyond the examples' needs: the rest of the policy API.
void
BindPolicyMore(py::module_& m)
{
    auto address = py::reinterpret_borrow<py::class_<IpsecAddress>>(m.attr("IpsecAddress"));
    py::enum_<IpsecAddress::Family>(address, "Family", "IP version")
        .value("NONE", IpsecAddress::NONE)
        .value("IPV4", IpsecAddress::IPV4)
        .value("IPV6", IpsecAddress::IPV6)
        .export_values();
    address.def("GetFamily", &IpsecAddress::GetFamily, "NONE, IPV4 or IPV6")
        .def(
            "GetBytes",
            [](const IpsecAddress& a) {
                return py::bytes(reinterpret_cast<const char*>(a.GetBytes()), a.GetLength());
            },
            "The address in network order")
        .def("GetLength", &IpsecAddress::GetLength, "4, 16 or 0");
    py::implicitly_convertible<py::str, IpsecAddress>();

    using TS = IpsecTrafficSelector;
    auto selector = py::reinterpret_borrow<py::class_<TS>>(m.attr("IpsecTrafficSelector"));
    selector.def("Matches", &TS::Matches, py::arg("key"), "Whether a flow key matches")
        .def("GetFamily", &TS::GetFamily, "The address family (NONE: any)")
        .def("GetIcmpType", &TS::GetIcmpType, "ICMP type or ANY_ICMP")
        .def("GetIcmpCode", &TS::GetIcmpCode, "ICMP code or ANY_ICMP")
        .def(py::self == py::self);

    auto step = py::reinterpret_borrow<py::class_<IpsecProtection>>(m.attr("IpsecProtection"));
    step.def(KeywordInit<IpsecProtection>(),
             "A step with fields from keyword arguments (C++ or snake_case names)")
        .def_readonly_static("AUTO_REQID_MIN",
                             &IpsecProtection::AUTO_REQID_MIN,
                             "First request ID given automatically")
        .def("IsSatisfiedBy",
             &IpsecProtection::IsSatisfiedBy,
             py::arg("sa"),
             "Whether an SA satisfies this step")
        .def("Validate", &IpsecProtection::Validate, "What is wrong with it, or ''");

    auto policy =
        py::reinterpret_borrow<py::class_<IpsecPolicy, Ptr<IpsecPolicy>>>(m.attr("IpsecPolicy"));
    policy.def("GetTunnelLocal", &IpsecPolicy::GetTunnelLocal, "Our tunnel endpoint")
        .def("GetTunnelRemote", &IpsecPolicy::GetTunnelRemote, "The peer's tunnel endpoint")
        .def("GetEncryption", &IpsecPolicy::GetEncryption, "The first step's encryption")
        .def("GetIntegrity", &IpsecPolicy::GetIntegrity, "The first step's integrity")
        .def("IsSatisfiedBy",
             py::overload_cast<const SecurityAssociation&>(&IpsecPolicy::IsSatisfiedBy, py::const_),
             py::arg("sa"),
             "Whether an SA satisfies the policy")
        .def("Print", &PrintText<IpsecPolicy>, "The policy as text (what __str__ gives)");

    using Spd = SecurityPolicyDatabase;
    auto spd =
        py::reinterpret_borrow<py::class_<Spd, Object, Ptr<Spd>>>(m.attr("SecurityPolicyDatabase"));
    spd.def(py::init([]() { return CreateObject<Spd>(); }), "An empty SPD")
        .def("Lookup", &Spd::Lookup, py::arg("key"), "The policy a flow matches, or None")
        .def("Print", &PrintText<Spd>, "The SPD as text");

    m.def(
        "ToString",
        [](IpsecDropReason r) { return std::string(ToString(r)); },
        py::arg("reason"),
        "A drop reason's name as logs and counters print it, e.g. 'no-sa'");
}
} // namespace

void
BindIpsecPolicy(py::module_& m)
{
    py::class_<IpsecAddress>(m, "IpsecAddress", "An IPv4 or IPv6 address (or none: 'any')")
        .def(py::init<>())
        .def(py::init<Ipv4Address>(), py::arg("ipv4"))
        .def(py::init<Ipv6Address>(), py::arg("ipv6"))
        .def(py::init([](const std::string& text) {
                 IpsecAddress a;
                 if (!IpsecAddress::Parse(text, a))
                 {
                     throw IpsecError("not an IPv4 or IPv6 address: '" + text + "'");
                 }
                 return a;
             }),
             py::arg("text"),
             "From text ('10.1.1.1', 'fd00::1')")
        .def("IsIpv4", &IpsecAddress::IsIpv4, "Whether an IPv4 address")
        .def("IsIpv6", &IpsecAddress::IsIpv6, "Whether an IPv6 address")
        .def("IsAny", &IpsecAddress::IsAny, "Whether no address (a wildcard)")
        .def("IsMulticast", &IpsecAddress::IsMulticast, "Whether a multicast group")
        .def("GetIpv4", &IpsecAddress::GetIpv4, "As Ipv4Address (IPv4 only)")
        .def("GetIpv6", &IpsecAddress::GetIpv6, "As Ipv6Address (IPv6 only)")
        .def(py::self == py::self)
        .def(py::self != py::self)
        .def(py::self < py::self)
        .def("__hash__", [](const IpsecAddress& a) { return std::hash<std::string>()(Text(a)); })
        .def("__str__", &Text<IpsecAddress>)
        .def("__repr__", [](const IpsecAddress& a) { return "IpsecAddress('" + Text(a) + "')"; });
    py::implicitly_convertible<Ipv4Address, IpsecAddress>();
    py::implicitly_convertible<Ipv6Address, IpsecAddress>();

    py::class_<IpsecTrafficSelector>(m,
                                     "IpsecTrafficSelector",
                                     "What an SPD entry selects: addresses, protocol, ports, ICMP "
                                     "type, direction. Setters return the selector (chainable).")
        .def(py::init<>())
        .def(py::init<const IpsecTrafficSelector&>(), py::arg("other"), "A copy")
        .def("SetLocalPrefix",
             py::overload_cast<Ipv4Address, Ipv4Mask>(&IpsecTrafficSelector::SetLocalPrefix),
             py::arg("address"),
             py::arg("mask"),
             py::return_value_policy::reference_internal,
             "This node's addresses: an IPv4 prefix")
        .def("SetLocalPrefix",
             py::overload_cast<Ipv6Address, Ipv6Prefix>(&IpsecTrafficSelector::SetLocalPrefix),
             py::arg("address"),
             py::arg("prefix"),
             py::return_value_policy::reference_internal,
             "This node's addresses: an IPv6 prefix")
        .def("SetLocalRange",
             &IpsecTrafficSelector::SetLocalRange,
             py::arg("low"),
             py::arg("high"),
             py::return_value_policy::reference_internal,
             "This node's addresses: a range")
        .def("SetRemotePrefix",
             py::overload_cast<Ipv4Address, Ipv4Mask>(&IpsecTrafficSelector::SetRemotePrefix),
             py::arg("address"),
             py::arg("mask"),
             py::return_value_policy::reference_internal,
             "The peer's addresses: an IPv4 prefix")
        .def("SetRemotePrefix",
             py::overload_cast<Ipv6Address, Ipv6Prefix>(&IpsecTrafficSelector::SetRemotePrefix),
             py::arg("address"),
             py::arg("prefix"),
             py::return_value_policy::reference_internal,
             "The peer's addresses: an IPv6 prefix")
        .def("SetRemoteRange",
             &IpsecTrafficSelector::SetRemoteRange,
             py::arg("low"),
             py::arg("high"),
             py::return_value_policy::reference_internal,
             "The peer's addresses: a range")
        .def("SetProtocol",
             &IpsecTrafficSelector::SetProtocol,
             py::arg("protocol"),
             py::return_value_policy::reference_internal,
             "Upper-layer protocol (17 UDP, 6 TCP)")
        .def("SetLocalPorts",
             &IpsecTrafficSelector::SetLocalPorts,
             py::arg("low"),
             py::arg("high"),
             py::return_value_policy::reference_internal,
             "This node's ports")
        .def("SetRemotePorts",
             &IpsecTrafficSelector::SetRemotePorts,
             py::arg("low"),
             py::arg("high"),
             py::return_value_policy::reference_internal,
             "The peer's ports")
        .def("SetIcmp",
             &IpsecTrafficSelector::SetIcmp,
             py::arg("type"),
             py::arg("code") = IpsecTrafficSelector::ANY_ICMP,
             py::return_value_policy::reference_internal,
             "ICMP/ICMPv6 type and code")
        .def("SetDirection",
             &IpsecTrafficSelector::SetDirection,
             py::arg("direction"),
             py::return_value_policy::reference_internal,
             "Inbound, outbound or both")
        .def("Mirror", &IpsecTrafficSelector::Mirror, "The selector as the peer sees it")
        .def("Validate", &IpsecTrafficSelector::Validate, "What is wrong, or ''")
        .def("GetProtocol", &IpsecTrafficSelector::GetProtocol, "Protocol (256: any)")
        .def("GetDirection", &IpsecTrafficSelector::GetDirection, "The direction")
        .def(
            "GetLocalRange",
            [](const IpsecTrafficSelector& s) {
                return Range(s, &IpsecTrafficSelector::GetLocalRange);
            },
            "(low, high) local addresses")
        .def(
            "GetRemoteRange",
            [](const IpsecTrafficSelector& s) {
                return Range(s, &IpsecTrafficSelector::GetRemoteRange);
            },
            "(low, high) remote addresses")
        .def(
            "GetLocalPorts",
            [](const IpsecTrafficSelector& s) {
                return Range(s, &IpsecTrafficSelector::GetLocalPorts);
            },
            "(low, high) local ports")
        .def(
            "GetRemotePorts",
            [](const IpsecTrafficSelector& s) {
                return Range(s, &IpsecTrafficSelector::GetRemotePorts);
            },
            "(low, high) remote ports")
        .def(py::self == py::self)
        .def("__str__", &Text<IpsecTrafficSelector>)
        .def("__repr__", [](const IpsecTrafficSelector& s) {
            return "<IpsecTrafficSelector " + Text(s) + ">";
        });

    py::class_<IpsecProtection>(m, "IpsecProtection", "One step of a PROTECT entry's bundle")
        .def(py::init<>())
        .def_readwrite("protocol", &IpsecProtection::protocol, "ESP or AH")
        .def_readwrite("mode", &IpsecProtection::mode, "Transport or tunnel")
        .def_readwrite("encryption", &IpsecProtection::encryption, "Required encryption")
        .def_readwrite("integrity", &IpsecProtection::integrity, "Required integrity")
        .def_readwrite("tunnelLocal", &IpsecProtection::tunnelLocal, "Tunnel: local endpoint")
        .def_readwrite("tunnelRemote", &IpsecProtection::tunnelRemote, "Tunnel: peer endpoint")
        .def_readwrite("reqid", &IpsecProtection::reqid, "Request ID (0: any)");

    py::class_<IpsecPolicyCounters>(m, "IpsecPolicyCounters", "What a policy matched and dropped")
        .def_readonly("packets", &IpsecPolicyCounters::packets, "Packets matched")
        .def_readonly("bytes", &IpsecPolicyCounters::bytes, "Bytes matched")
        .def("GetDrops", &IpsecPolicyCounters::GetDrops, py::arg("reason"), "Drops for a reason")
        .def("GetTotalDrops", &IpsecPolicyCounters::GetTotalDrops, "All drops");

    py::class_<IpsecPolicy, Ptr<IpsecPolicy>>(m,
                                              "IpsecPolicy",
                                              "An SPD entry: a selector and an action (bypass, "
                                              "discard, protect with a bundle of steps)")
        .def(py::init([](const IpsecTrafficSelector& selector, IpsecAction action) {
                 return Create<IpsecPolicy>(selector, action);
             }),
             py::arg("selector"),
             py::arg("action"))
        .def("SetProtection",
             &IpsecPolicy::SetProtection,
             py::arg("protocol"),
             py::arg("mode"),
             py::arg("encryption") = IpsecEncryption::ANY,
             py::arg("integrity") = IpsecIntegrity::ANY,
             py::return_value_policy::reference_internal,
             "The first (innermost) protection step; returns the policy")
        .def("AddProtection",
             &IpsecPolicy::AddProtection,
             py::arg("protocol"),
             py::arg("mode"),
             py::arg("encryption") = IpsecEncryption::ANY,
             py::arg("integrity") = IpsecIntegrity::ANY,
             py::return_value_policy::reference_internal,
             "An outer protection step (AH outermost); returns the policy")
        .def("SetTunnelEndpoints",
             &IpsecPolicy::SetTunnelEndpoints,
             py::arg("local"),
             py::arg("remote"),
             py::return_value_policy::reference_internal,
             "The tunnel's endpoints (tunnel mode); returns the policy")
        .def("SetReqid",
             &IpsecPolicy::SetReqid,
             py::arg("reqid"),
             py::return_value_policy::reference_internal,
             "Use only SAs with this request ID; returns the policy")
        .def("GetSelector", &IpsecPolicy::GetSelector, "The selector")
        .def("GetAction", &IpsecPolicy::GetAction, "The action")
        .def("GetProtocol", &IpsecPolicy::GetProtocol, "The innermost step's protocol")
        .def("GetMode", &IpsecPolicy::GetMode, "The innermost step's mode")
        .def("GetBundle", &IpsecPolicy::GetBundle, "The protection steps, innermost first")
        .def("GetIndex", &IpsecPolicy::GetIndex, "The entry's index in its SPD")
        .def("GetMatchCount", &IpsecPolicy::GetMatchCount, "Packets matched")
        .def("GetCounters",
             &IpsecPolicy::GetCounters,
             "Packets, bytes and drops",
             py::return_value_policy::reference_internal)
        .def("Validate", &IpsecPolicy::Validate, "What is wrong, or ''")
        .def("__str__", &PrintText<IpsecPolicy>)
        .def("__repr__", [](const IpsecPolicy& p) { return "<IpsecPolicy " + PrintText(p) + ">"; });

    py::class_<SecurityPolicyDatabase, Object, Ptr<SecurityPolicyDatabase>>(
        m,
        "SecurityPolicyDatabase",
        "The SPD: ordered entries, bypass entries honoured first")
        .def_static("GetTypeId", &SecurityPolicyDatabase::GetTypeId, "The ns-3 TypeId")
        .def(
            "Add",
            [](SecurityPolicyDatabase& spd, Ptr<IpsecPolicy> policy) {
                ThrowIfError(spd.Add(policy));
            },
            py::arg("policy"),
            "Append an entry (IpsecError if invalid)")
        .def("Remove",
             &SecurityPolicyDatabase::Remove,
             py::arg("index"),
             "Remove the entry with an index; whether there was one")
        .def("Flush", &SecurityPolicyDatabase::Flush, "Remove every entry")
        .def("GetPolicies", &SecurityPolicyDatabase::GetPolicies, "The entries, in order")
        .def("__len__", [](const SecurityPolicyDatabase& s) { return s.GetPolicies().size(); })
        .def("__iter__",
             [](const SecurityPolicyDatabase& s) { return py::iter(py::cast(s.GetPolicies())); })
        .def("__str__", &PrintText<SecurityPolicyDatabase>);
    BindPolicyMore(m);
}

} // namespace python
} // namespace ns3
