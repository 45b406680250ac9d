/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-layer.h"

#include "ipsec-accept-clear.h"
#include "ipsec-forwarding-hook.h"
#include "ipsec-icmp-proxy.h"
#include "ipsec-inbound-protocol.h"
#include "ipsec-input.h"
#include "ipsec-ipv6-forwarding-hook.h"
#include "ipsec-l4-proxy.h"
#include "ipsec-multicast-control-handler.h"
#include "ipsec-output.h"
#include "ipsec-processing-stack.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <limits>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecLayer");

NS_OBJECT_ENSURE_REGISTERED(IpsecLayer);

namespace
{
constexpr uint8_t PROTO_ICMP = 1;
constexpr uint8_t PROTO_IGMP = 2;
constexpr uint8_t PROTO_TCP = 6;
constexpr uint8_t PROTO_UDP = 17;
constexpr uint8_t PROTO_ICMPV6 = 58;
constexpr uint8_t PROTO_PIM = 103;
} // namespace

uint64_t
IpsecLayer::Counters::GetDrops(IpsecDropReason reason) const
{
    return drops[static_cast<size_t>(reason)];
}

TypeId
IpsecLayer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IpsecLayer")
            .SetParent<Object>()
            .SetGroupName("Ipsec")
            .AddConstructor<IpsecLayer>()
            .AddAttribute("DefaultAction",
                          "What happens to traffic that no SPD entry selects: Bypass (sent and "
                          "accepted in the clear, like a host without IPsec policy) or Discard.",
                          EnumValue(DEFAULT_BYPASS),
#if IPSEC_NS3_MINOR >= 41
                          MakeEnumAccessor<DefaultAction>(&IpsecLayer::m_defaultAction),
#else
                          MakeEnumAccessor(&IpsecLayer::m_defaultAction),
#endif
                          MakeEnumChecker(DEFAULT_BYPASS, "Bypass", DEFAULT_DISCARD, "Discard"))
            .AddAttribute("CryptoMode",
                          "Crypto given to SAs installed with IpsecCryptoMode::DEFAULT: Real "
                          "(real ciphers and ICVs, bytes Wireshark decrypts) or SizeOnly (same "
                          "packet sizes, headers, sequence numbers and replay checks, no cipher "
                          "work: for large studies where only sizes and timing matter).",
                          EnumValue(CRYPTO_REAL),
#if IPSEC_NS3_MINOR >= 41
                          MakeEnumAccessor<CryptoModeDefault>(&IpsecLayer::m_cryptoMode),
#else
                          MakeEnumAccessor(&IpsecLayer::m_cryptoMode),
#endif
                          MakeEnumChecker(CRYPTO_REAL, "Real", CRYPTO_SIZE_ONLY, "SizeOnly"))
            .AddAttribute("CryptoEngine",
                          "The processing-delay model: when set, ESP encryption and "
                          "decryption take simulated time on this node's crypto engines. "
                          "Unset (the default), they take none.",
                          PointerValue(),
                          MakePointerAccessor(&IpsecLayer::m_engine),
                          MakePointerChecker<IpsecCryptoEngine>())
            .AddAttribute("ReplayWindowSize",
                          "Anti-replay window (packets) given to SAs installed without a size "
                          "of their own (RFC 4303 3.4.3; 64 is the RFC's default).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&IpsecLayer::m_replayWindow),
                          MakeUintegerChecker<uint32_t>(1, 1u << 20))
            .AddAttribute("AcquireQueueLimit",
                          "Packets held per protect policy while key management, asked by an "
                          "ACQUIRE, negotiates the missing SA; more are dropped "
                          "(no-outbound-sa). 0: none are held, the ACQUIRE is still sent.",
                          UintegerValue(16),
                          MakeUintegerAccessor(&IpsecLayer::m_acquireLimit),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("AcquireHoldTime",
                          "How long a held packet may wait for its SA before it is dropped "
                          "(no-outbound-sa).",
                          TimeValue(Seconds(3)),
                          MakeTimeAccessor(&IpsecLayer::m_acquireHoldTime),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("AcquireTimeout",
                          "How long an ACQUIRE stays pending: no other is sent for the same "
                          "policy before an SA arrives or this time passes (Linux's "
                          "acquire expiry is 30 s).",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&IpsecLayer::m_acquireTimeout),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("BypassIcmpv6LinkControl",
                          "ICMPv6 messages an IPv6 link needs to work (Neighbor Discovery: "
                          "types 133-137; MLD: 130-132 and 143) bypass the SPD in both "
                          "directions, so that a policy protecting or discarding all traffic "
                          "between two addresses does not cut the link from under itself. "
                          "False: they are subject to policy like any other packet.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&IpsecLayer::m_bypassLinkControl),
                          MakeBooleanChecker())
            .AddAttribute("IcmpAcceptClear",
                          "ipadm's icmp-accept-clear. True: inbound cleartext ICMP and ICMPv6 "
                          "skip the policy check, and an echo reply is protected like the "
                          "request it answers (the same protocols, modes and algorithms back to "
                          "the requester; in the clear if the request came in the clear, "
                          "whatever the SPD says). False: ICMP is policed like other traffic "
                          "and the SPD decides how replies leave. ICMPv6 Neighbor Discovery "
                          "and MLD follow BypassIcmpv6LinkControl either way.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&IpsecLayer::m_icmpAcceptClear),
                          MakeBooleanChecker())
            .AddAttribute("IgmpAcceptClear",
                          "ipadm's igmp-accept-clear. True: inbound cleartext IGMP (IPv4 "
                          "protocol 2) skips the policy check. False: it is checked against the "
                          "SPD like other traffic.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&IpsecLayer::m_igmpAcceptClear),
                          MakeBooleanChecker())
            .AddAttribute("PimAcceptClear",
                          "ipadm's pim-accept-clear. True: inbound cleartext PIM (protocol "
                          "103, IPv4 and IPv6) skips the policy check. False: it is checked "
                          "against the SPD like other traffic.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&IpsecLayer::m_pimAcceptClear),
                          MakeBooleanChecker())
            .AddAttribute("UdpEncapsulation",
                          "The node's UDP encapsulation of ESP (RFC 3948): NAT traversal "
                          "endpoints and keepalives.",
                          PointerValue(),
                          MakePointerAccessor(&IpsecLayer::m_udpEncap),
                          MakePointerChecker<IpsecUdpEncapsulation>())
            .AddAttribute("FollowNatMapping",
                          "When an authenticated UDP-encapsulated packet, newer than any "
                          "before it, comes from another address or port than its SA says, "
                          "move that SA and the outbound SAs to the peer's old address and "
                          "port to the new ones, as an IKE daemon does on PF_KEY's "
                          "SADB_X_NAT_T_NEW_MAPPING (RFC 7296 section 2.23). False: only "
                          "report it (trace, PF_KEY) and leave the SAs to key management.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&IpsecLayer::m_followNatMapping),
                          MakeBooleanChecker())
            .AddAttribute("PersockRequirePriv",
                          "The persock-require-priv tunable: when true (the default), only a "
                          "privileged socket may set per-socket policy (IP_SEC_OPT) naming "
                          "algorithms different from system-wide policy; when false, any "
                          "socket may, though only a privileged one may bypass policy.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&IpsecLayer::m_persockRequirePriv),
                          MakeBooleanChecker())
            .AddAttribute("PolicyLogger",
                          "The policy logger this node reports IPsec policy failures and "
                          "other drops to (one logger may serve many nodes); unset, none.",
                          PointerValue(),
                          MakePointerAccessor(&IpsecLayer::m_logger),
                          MakePointerChecker<IpsecPolicyLogger>())
            .AddTraceSource("Decision",
                            "A policy decision (bypass, protect, discard) for a packet this "
                            "node sends, receives or forwards, and every drop with its reason.",
                            MakeTraceSourceAccessor(&IpsecLayer::m_decisionTrace),
                            "ns3::IpsecLayer::DecisionTracedCallback")
            .AddTraceSource("SocketOptionRefused",
                            "A per-socket request (IP_SEC_OPT / IPV6_SEC_OPT) was refused: "
                            "the socket, the errno and why.",
                            MakeTraceSourceAccessor(&IpsecLayer::m_socketOptionRefusedTrace),
                            "ns3::IpsecLayer::SocketOptionTracedCallback")
            .AddTraceSource("Drop",
                            "A packet was discarded by IPsec processing or policy.",
                            MakeTraceSourceAccessor(&IpsecLayer::m_dropTrace),
                            "ns3::IpsecLayer::DropTracedCallback")
            .AddTraceSource("Protect",
                            "An outbound packet was protected (the ESP or AH packet is passed); "
                            "with an SA bundle, once per SA.",
                            MakeTraceSourceAccessor(&IpsecLayer::m_protectTrace),
                            "ns3::IpsecLayer::SaTracedCallback")
            .AddTraceSource("Unprotect",
                            "An inbound packet passed an SA's replay and integrity checks (its "
                            "payload is passed); with an SA bundle, once per SA.",
                            MakeTraceSourceAccessor(&IpsecLayer::m_unprotectTrace),
                            "ns3::IpsecLayer::SaTracedCallback")
            .AddTraceSource("NatMappingChanged",
                            "A NAT changed a peer's mapping: an authenticated UDP-encapsulated "
                            "packet of the inbound SA came from the given address and port.",
                            MakeTraceSourceAccessor(&IpsecLayer::m_natMappingTrace),
                            "ns3::IpsecLayer::NatMappingTracedCallback")
            .AddTraceSource("MulticastControlReceived",
                            "An IGMP or PIM message for this node was accepted (protected, or "
                            "in the clear by policy or by igmp-/pim-accept-clear); it stands in "
                            "for the multicast routing daemon, which ns-3 does not have.",
                            MakeTraceSourceAccessor(&IpsecLayer::m_multicastControlTrace),
                            "ns3::IpsecLayer::MulticastControlTracedCallback");
    return tid;
}

IpsecLayer::IpsecLayer()
    : m_spd(CreateObject<SecurityPolicyDatabase>()),
      m_sad(CreateObject<SecurityAssociationDatabase>()),
      m_ivStream(CreateObject<UniformRandomVariable>()),
      m_reinjecting(false),
      m_defaultAction(DEFAULT_BYPASS),
      m_cryptoMode(CRYPTO_REAL),
      m_replayWindow(64),
      m_bypassLinkControl(true),
      m_acquireLimit(16),
      m_acquireHoldTime(Seconds(3)),
      m_acquireTimeout(Seconds(30)),
      m_followNatMapping(true),
      m_output(std::make_unique<IpsecOutput>(*this, m_ivStream)),
      m_input(std::make_unique<IpsecInput>(*this, m_ivStream)),
      m_persockRequirePriv(true),
      m_icmpAcceptClear(true),
      m_igmpAcceptClear(true),
      m_pimAcceptClear(true),
      m_acceptClear(std::make_unique<IpsecAcceptClear>(*this))
{
    m_socketPolicy.SetSpd(m_spd);
    m_udpEncap = CreateObject<IpsecUdpEncapsulation>();
    NS_LOG_FUNCTION(this);
    // Held packets go out once an SA arrives; not from inside the SAD's Add, whose caller
    // (key management) may be in the middle of a message.
    m_sad->TraceConnectWithoutContext("SaAdded",
                                      MakeCallback(&IpsecOutput::OnSaAdded, m_output.get()));
}

IpsecLayer::~IpsecLayer() = default;

void
IpsecLayer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_realL4.clear();
    m_proxies.clear();
    m_ipv4 = nullptr;
    m_ipv6 = nullptr;
    m_node = nullptr;
    // The paths themselves stay until the layer is destroyed: a packet the crypto engine
    // still holds comes back to them, and finds the layer disposed (m_node null).
    m_output->Dispose();
    m_socketPolicy.Clear();
    m_logger = nullptr;
    m_acquireCallback = AcquireCallback();
    m_natMappingCallback = NatMappingCallback();
    m_udpEncap->Dispose(); // its sockets and keepalive timer
    m_udpEncap = nullptr;
    m_spd = nullptr;
    m_sad->Dispose(); // its lifetime timers refer to it
    m_sad = nullptr;
    m_engine = nullptr;
    for (auto& tunnel : m_tunnels)
    {
        tunnel->Dispose(); // drops its device callback and its reference to this layer
    }
    m_tunnels.clear();
    Object::DoDispose();
}

void
IpsecLayer::NotifyNewAggregate()
{
    // Each stack is hooked once, when both it and the node are known.
    if (!m_node)
    {
        m_node = GetObject<Node>();
        if (m_node)
        {
            m_udpEncap->Setup(m_node, m_sad);
        }
    }
    if (m_node && !m_ipv4 && GetObject<Ipv4L3Protocol>())
    {
        m_ipv4 = GetObject<Ipv4L3Protocol>();
        m_output->SetStacks(m_ipv4, m_ipv6);
        HookIpv4();
    }
    if (m_node && !m_ipv6 && GetObject<Ipv6L3Protocol>())
    {
        m_ipv6 = GetObject<Ipv6L3Protocol>();
        m_output->SetStacks(m_ipv4, m_ipv6);
        HookIpv6();
    }
    Object::NotifyNewAggregate();
}

Ptr<IpL4Protocol>
IpsecLayer::ProxyFor(Ptr<IpL4Protocol> l4)
{
    const auto proto = static_cast<uint8_t>(l4->GetProtocolNumber());
    auto it = m_proxies.find(proto);
    if (it == m_proxies.end())
    {
        m_realL4[proto] = l4;
        it = m_proxies.emplace(proto, CreateObject<IpsecL4Proxy>(l4, this)).first;
    }
    return it->second;
}

void
IpsecLayer::HookIpv4()
{
    NS_LOG_FUNCTION(this << m_node->GetId());
    // Outbound: become the down target of every L4 protocol that has one.
    for (uint8_t proto : {PROTO_ICMP, PROTO_TCP, PROTO_UDP})
    {
        Ptr<IpL4Protocol> l4 = m_ipv4->GetProtocol(proto);
        if (!l4)
        {
            continue;
        }
        l4->SetDownTarget(MakeCallback(&IpsecLayer::Send, this));
        if (proto != PROTO_ICMP)
        {
            m_ipv4->Insert(ProxyFor(l4));
        }
    }
    HookIpv4Control();
    m_ipv4->Insert(CreateObject<IpsecInboundProtocol>(this, IpsecProtocol::ESP));
    m_ipv4->Insert(CreateObject<IpsecInboundProtocol>(this, IpsecProtocol::AH));
    // Forwarded packets (security gateways): first in the node's list of routing protocols.
    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(m_ipv4->GetRoutingProtocol());
    if (list)
    {
        list->AddRoutingProtocol(CreateObject<IpsecForwardingHook>(this),
                                 std::numeric_limits<int16_t>::max());
    }
    else
    {
        NS_LOG_WARN("node " << m_node->GetId()
                            << ": routing is not an Ipv4ListRouting; forwarded packets bypass "
                               "IPsec policy (this node cannot be an IPv4 security gateway)");
    }
}

void
IpsecLayer::HookIpv4Control()
{
    Ptr<IpL4Protocol> icmp = m_ipv4->GetProtocol(PROTO_ICMP);
    if (icmp)
    {
        // Ipv4L3Protocol::GetIcmp() asks the object in its table for Icmpv4L4Protocol with
        // GetObject: aggregated to the node, the proxy answers with the real ICMP.
        Ptr<IpsecIcmpProxy> proxy = CreateObject<IpsecIcmpProxy>(icmp, this, *m_acceptClear);
        m_ipv4->Insert(proxy);
        m_node->AggregateObject(proxy);
    }
    for (uint8_t proto : {PROTO_IGMP, PROTO_PIM})
    {
        if (!m_ipv4->GetProtocol(proto))
        {
            m_ipv4->Insert(CreateObject<IpsecMulticastControlHandler>(proto, this, *m_acceptClear));
        }
    }
}

void
IpsecLayer::HookIpv6()
{
    NS_LOG_FUNCTION(this << m_node->GetId());
    for (uint8_t proto : {PROTO_ICMPV6, PROTO_TCP, PROTO_UDP})
    {
        Ptr<IpL4Protocol> l4 = m_ipv6->GetProtocol(proto);
        if (!l4)
        {
            continue;
        }
        l4->SetDownTarget6(MakeCallback(&IpsecLayer::Send6, this));
        if (proto != PROTO_ICMPV6)
        {
            // Ipv6L3Protocol::GetIcmpv6() needs the real object behind protocol 58.
            m_ipv6->Insert(ProxyFor(l4));
        }
    }
    // ns-3 registers no IPv6 extension for 50 and 51 (its ESP and AH extensions are empty
    // stubs), so Ipv6L3Protocol hands them to the protocols registered for those numbers.
    m_ipv6->Insert(CreateObject<IpsecInboundProtocol>(this, IpsecProtocol::ESP));
    m_ipv6->Insert(CreateObject<IpsecInboundProtocol>(this, IpsecProtocol::AH));
    // ICMPv6 cannot be proxied (Ipv6Interface needs the real Icmpv6L4Protocol in the table):
    // icmp-accept-clear applies to it where its messages take effect (IpsecAcceptClear).
    if (!m_ipv6->GetProtocol(PROTO_PIM))
    {
        m_ipv6->Insert(CreateObject<IpsecMulticastControlHandler>(PROTO_PIM, this, *m_acceptClear));
    }
    if (!IpsecIpv6ForwardingHook::Install(m_ipv6, this))
    {
        NS_LOG_WARN(
            "node " << m_node->GetId()
                    << ": IPv6 routing is neither a list nor static; forwarded packets bypass "
                       "IPsec policy (this node cannot be an IPv6 security gateway)");
    }
}

Ptr<SecurityPolicyDatabase>
IpsecLayer::GetSpd() const
{
    return m_spd;
}

Ptr<SecurityAssociationDatabase>
IpsecLayer::GetSad() const
{
    return m_sad;
}

Ptr<SecurityAssociation>
IpsecLayer::AddSa(IpsecSaParams params, std::string& error)
{
    if (params.replayWindow == 0)
    {
        params.replayWindow = m_replayWindow;
    }
    if (params.cryptoMode == IpsecCryptoMode::DEFAULT)
    {
        params.cryptoMode = GetDefaultCryptoMode();
    }
    Ptr<SecurityAssociation> sa = m_sad->Add(params, error);
    if (sa)
    {
        m_output->InitializeSa(*sa);
    }
    return sa;
}

Ptr<IpsecCryptoEngine>
IpsecLayer::GetCryptoEngine() const
{
    return m_engine;
}

void
IpsecLayer::SetCryptoEngine(Ptr<IpsecCryptoEngine> engine)
{
    m_engine = engine;
}

IpsecCryptoMode
IpsecLayer::GetDefaultCryptoMode() const
{
    return m_cryptoMode == CRYPTO_SIZE_ONLY ? IpsecCryptoMode::SIZE_ONLY : IpsecCryptoMode::REAL;
}

const IpsecLayer::Counters&
IpsecLayer::GetCounters() const
{
    return m_counters;
}

int64_t
IpsecLayer::AssignStreams(int64_t stream)
{
    m_ivStream->SetStream(stream);
    return 1;
}

IpsecFlowKey
IpsecLayer::MakeKey(IpsecDirection direction,
                    const IpsecAddress& local,
                    const IpsecAddress& remote,
                    uint8_t protocol,
                    Ptr<const Packet> packet) const
{
    IpsecFlowKey key;
    key.direction = direction;
    key.local = local;
    key.remote = remote;
    key.protocol = protocol;
    uint8_t l4[4];
    const uint32_t n = packet->CopyData(l4, sizeof(l4));
    key.ParseL4(l4, n);
    return key;
}

bool
IpsecLayer::IsLinkControl(const IpsecFlowKey& key) const
{
    if (!m_bypassLinkControl || key.protocol != PROTO_ICMPV6)
    {
        return false;
    }
    // RFC 4861 (router/neighbor solicitation and advertisement, redirect) and MLD (RFC 2710,
    // RFC 3810): without them there is no IPv6 link to protect traffic on.
    const uint8_t type = key.icmpType;
    return (type >= 133 && type <= 137) || (type >= 130 && type <= 132) || type == 143;
}

IpsecAction
IpsecLayer::Decide(const IpsecFlowKey& key,
                   Ptr<const Packet> packet,
                   bool local,
                   Ptr<IpsecPolicy>& policy)
{
    policy = nullptr;
    IpsecAction action;
    bool perSocket = false;
    if (IsLinkControl(key))
    {
        NS_LOG_LOGIC(key << " -> ICMPv6 link control, bypass");
        action = IpsecAction::BYPASS;
    }
    else
    {
        // A socket's own request overrides system-wide policy for its traffic (the man page);
        // forwarded packets belong to no socket of this node.
        std::optional<IpsecAction> socketAction;
        if (local && !m_socketPolicy.IsEmpty())
        {
            socketAction = m_socketPolicy.Decide(key, policy);
        }
        if (socketAction)
        {
            action = *socketAction;
            perSocket = true;
        }
        else
        {
            policy = m_spd->Lookup(key);
            action = policy ? policy->GetAction()
                            : (m_defaultAction == DEFAULT_BYPASS ? IpsecAction::BYPASS
                                                                 : IpsecAction::DISCARD);
        }
        if (policy)
        {
            policy->CountMatch(packet->GetSize());
        }
        NS_LOG_LOGIC(key << " -> " << (perSocket ? "socket " : "")
                         << (policy ? "policy" : "default") << " " << action);
    }
    // A discard is reported once, by the drop that carries it out.
    if (action != IpsecAction::DISCARD && !m_decisionTrace.IsEmpty())
    {
        IpsecDecisionInfo info;
        info.decision =
            action == IpsecAction::BYPASS ? IpsecDecision::BYPASS : IpsecDecision::PROTECT;
        info.direction = key.direction;
        info.key = key;
        info.policy = policy;
        info.perSocket = perSocket;
        m_decisionTrace(packet, info);
    }
    return action;
}

bool
IpsecLayer::IsOwnAddress(const IpsecAddress& address) const
{
    if (address.IsIpv6())
    {
        const Ipv6Address a = address.GetIpv6();
        return a.IsLocalhost() || (m_ipv6 && m_ipv6->GetInterfaceForAddress(a) >= 0);
    }
    const Ipv4Address a = address.GetIpv4();
    return a.IsLocalhost() || (m_ipv4 && m_ipv4->GetInterfaceForAddress(a) >= 0);
}

void
IpsecLayer::Drop(Ptr<const Packet> packet,
                 IpsecDropReason reason,
                 IpsecDirection direction,
                 Ptr<SecurityAssociation> sa,
                 Ptr<IpsecPolicy> policy,
                 const IpsecFlowKey* key,
                 const IpsecIpHeader* header)
{
    NS_LOG_INFO("node " << (m_node ? m_node->GetId() : 0) << " drop " << reason);
    ++m_counters.drops[static_cast<size_t>(reason)];
    uint32_t spi = 0;
    if (sa)
    {
        ++sa->GetCounters().drops[static_cast<size_t>(reason)];
        spi = sa->GetSpi();
    }
    if (policy)
    {
        policy->CountDrop(reason);
    }
    m_dropTrace(packet, reason, spi);
    const bool log = m_logger && m_logger->IsOnline();
    if (m_decisionTrace.IsEmpty() && !log)
    {
        return;
    }
    IpsecDecisionInfo info;
    info.decision =
        reason == IpsecDropReason::POLICY_DISCARD ? IpsecDecision::DISCARD : IpsecDecision::DROP;
    info.direction = direction;
    if (key)
    {
        info.key = *key;
    }
    info.key.direction = direction;
    info.reason = reason;
    info.policy = policy;
    info.sa = sa;
    m_decisionTrace(packet, info);
    if (log)
    {
        LogFailure(packet, info, header);
    }
}

namespace
{
/**
 * @param source source address
 * @param destination destination address
 * @param protocol protocol or next header
 * @param payload payload length
 * @return an IP header of the addresses' version with these fields
 */
IpsecIpHeader
MakeHeader(const IpsecAddress& source,
           const IpsecAddress& destination,
           uint8_t protocol,
           uint32_t payload)
{
    if (destination.IsIpv6())
    {
        Ipv6Header h;
        h.SetSource(source.IsIpv6() ? source.GetIpv6() : Ipv6Address::GetAny());
        h.SetDestination(destination.GetIpv6());
        h.SetNextHeader(protocol);
        h.SetPayloadLength(payload);
        return h;
    }
    Ipv4Header h;
    h.SetSource(source.IsIpv4() ? source.GetIpv4() : Ipv4Address::GetAny());
    h.SetDestination(destination.GetIpv4());
    h.SetProtocol(protocol);
    h.SetPayloadSize(payload);
    return h;
}
} // namespace

void
IpsecLayer::LogFailure(Ptr<const Packet> packet,
                       const IpsecDecisionInfo& info,
                       const IpsecIpHeader* header) const
{
    IpsecPolicyFailure failure;
    failure.time = Simulator::Now();
    failure.nodeId = m_node ? m_node->GetId() : 0;
    failure.reason = *info.reason;
    failure.spi = info.sa ? info.sa->GetSpi() : 0;
    failure.direction = info.direction;
    std::ostringstream message;
    message << info;
    if (info.policy)
    {
        message << "; policy " << *info.policy;
    }
    failure.message = message.str();
    failure.packet = packet;
    // The logger decodes the packet from its IP header: give it the one the packet had (or
    // will have) when the packet itself starts at its payload.
    const bool outbound = info.direction == IpsecDirection::OUTBOUND;
    if (header)
    {
        failure.ipHeader = *header;
    }
    else if (info.key.protocol != 0)
    {
        failure.ipHeader = MakeHeader(outbound ? info.key.local : info.key.remote,
                                      outbound ? info.key.remote : info.key.local,
                                      info.key.protocol,
                                      packet->GetSize());
    }
    else if (info.sa)
    {
        failure.ipHeader = MakeHeader(info.sa->GetSource(),
                                      info.sa->GetDestination(),
                                      static_cast<uint8_t>(info.sa->GetProtocol()),
                                      packet->GetSize());
    }
    failure.stack = IpsecProcessingStack::Snapshot(m_logger->GetWantedStackDepth());
    m_logger->Log(failure);
}

int
IpsecLayer::SetSocketOption(Ptr<Socket> socket,
                            IpsecSocketOption option,
                            const IpsecSocketRequest& request,
                            std::string& error)
{
    const int result = m_socketPolicy.Set(socket, option, request, m_persockRequirePriv, error);
    if (result == 0)
    {
        return 0;
    }
    NS_LOG_WARN("node " << (m_node ? m_node->GetId() : 0) << ": " << error);
    ++m_counters.socketOptionsRefused;
    m_socketOptionRefusedTrace(socket, result, error);
    if (m_logger && m_logger->IsOnline())
    {
        // No packet was dropped: the entry records the refusal as a policy failure of the
        // socket's, as Solaris' logger records per-socket policy errors.
        IpsecPolicyFailure failure;
        failure.time = Simulator::Now();
        failure.nodeId = m_node ? m_node->GetId() : 0;
        failure.reason = IpsecDropReason::POLICY_MISMATCH;
        failure.direction = IpsecDirection::OUTBOUND;
        failure.message = "setsockopt refused (errno " + std::to_string(result) + "): " + error;
        failure.stack = IpsecProcessingStack::Snapshot(m_logger->GetWantedStackDepth());
        m_logger->Log(failure);
    }
    return result;
}

IpsecSocketPolicy&
IpsecLayer::GetSocketPolicy()
{
    return m_socketPolicy;
}

Ptr<IpsecPolicyLogger>
IpsecLayer::GetPolicyLogger() const
{
    return m_logger;
}

void
IpsecLayer::Send(Ptr<Packet> packet,
                 Ipv4Address source,
                 Ipv4Address destination,
                 uint8_t protocol,
                 Ptr<Ipv4Route> route)
{
    m_output->Send(packet, source, destination, protocol, route);
}

void
IpsecLayer::Send6(Ptr<Packet> packet,
                  Ipv6Address source,
                  Ipv6Address destination,
                  uint8_t protocol,
                  Ptr<Ipv6Route> route)
{
    m_output->Send6(packet, source, destination, protocol, route);
}

void
IpsecLayer::SetAcquireCallback(AcquireCallback callback)
{
    m_acquireCallback = callback;
}

void
IpsecLayer::SetNatMappingCallback(NatMappingCallback callback)
{
    m_natMappingCallback = callback;
}

uint32_t
IpsecLayer::GetHeldPackets() const
{
    return m_output->GetHeldPackets();
}

void
IpsecLayer::Receive(IpsecProtocol protocol,
                    Ptr<Packet> packet,
                    const IpsecIpHeader& header,
                    Ptr<NetDevice> device)
{
    m_input->Receive(protocol, packet, header, device);
}

bool
IpsecLayer::ReceiveUdp(Ptr<Packet> packet, const IpsecIpHeader& header, Ptr<NetDevice> device)
{
    return m_input->ReceiveUdp(packet, header, device);
}

Ptr<IpsecUdpEncapsulation>
IpsecLayer::GetUdpEncapsulation() const
{
    return m_udpEncap;
}

void
IpsecLayer::RegisterTunnel(Ptr<IpsecTunnelInterface> tunnel)
{
    m_tunnels.push_back(tunnel);
}

const std::vector<Ptr<IpsecTunnelInterface>>&
IpsecLayer::GetTunnels() const
{
    return m_tunnels;
}

bool
IpsecLayer::SendThroughTunnel(Ptr<IpsecTunnelInterface> tunnel, Ptr<Packet> packet)
{
    return m_output->SendThroughTunnel(tunnel, packet);
}

bool
IpsecLayer::InterceptForward(Ptr<const Packet> packet, const IpsecIpHeader& header)
{
    return m_output->InterceptForward(packet, header);
}

bool
IpsecLayer::AcceptClear(Ptr<const Packet> packet, const IpsecIpHeader& header)
{
    return m_input->AcceptClear(packet, header);
}

void
IpsecLayer::Print(std::ostream& os) const
{
    os << "SPD (" << m_spd->GetPolicies().size() << " entries, default "
       << (m_defaultAction == DEFAULT_BYPASS ? "bypass" : "discard") << "):\n";
    m_spd->Print(os);
    os << "SAD (" << m_sad->GetAll().size() << " SAs):\n";
    m_sad->Print(os);
    if (!m_socketPolicy.IsEmpty())
    {
        os << "Per-socket policy:\n";
        m_socketPolicy.Print(os);
    }
    const Counters& c = m_counters;
    os << "Counters: protected out " << c.protectedOut << " in " << c.protectedIn << ", clear out "
       << c.clearOut << " in " << c.clearIn << ", intra-machine out " << c.intraMachineOut << " in "
       << c.intraMachineIn << ", socket options refused " << c.socketOptionsRefused;
    for (size_t i = 0; i < c.drops.size(); ++i)
    {
        if (c.drops[i] != 0)
        {
            os << ", " << static_cast<IpsecDropReason>(i) << " " << c.drops[i];
        }
    }
    os << "\n";
}

} // namespace ns3
