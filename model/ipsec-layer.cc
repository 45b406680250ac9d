/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-layer.h"

#include "esp-header.h"
#include "ipsec-forwarding-hook.h"
#include "ipsec-inbound-protocol.h"
#include "ipsec-ipv6-forwarding-hook.h"
#include "ipsec-l4-proxy.h"
#include "ipsec-wire.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-header.h"
#include "ns3/uinteger.h"

#include <limits>
#include <utility>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecLayer");

NS_OBJECT_ENSURE_REGISTERED(IpsecLayer);

namespace
{
constexpr uint8_t PROTO_ICMP = 1;
constexpr uint8_t PROTO_TCP = 6;
constexpr uint8_t PROTO_UDP = 17;
constexpr uint8_t PROTO_ICMPV6 = 58;
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
                            "ns3::IpsecLayer::NatMappingTracedCallback");
    return tid;
}

IpsecLayer::IpsecLayer()
    : m_spd(CreateObject<SecurityPolicyDatabase>()),
      m_sad(CreateObject<SecurityAssociationDatabase>()),
      m_ivStream(CreateObject<UniformRandomVariable>()),
      m_esp(m_ivStream),
      m_reinjecting(false),
      m_defaultAction(DEFAULT_BYPASS),
      m_cryptoMode(CRYPTO_REAL),
      m_replayWindow(64),
      m_bypassLinkControl(true),
      m_acquireLimit(16),
      m_acquireHoldTime(Seconds(3)),
      m_acquireTimeout(Seconds(30)),
      m_followNatMapping(true)
{
    m_udpEncap = CreateObject<IpsecUdpEncapsulation>();
    NS_LOG_FUNCTION(this);
    m_acquireQueue.SetDropCallback(MakeCallback(&IpsecLayer::DropHeld, this));
    // Held packets go out once an SA arrives; not from inside the SAD's Add, whose caller
    // (key management) may be in the middle of a message.
    m_sad->TraceConnectWithoutContext("SaAdded", MakeCallback(&IpsecLayer::OnSaAdded, this));
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
    m_encapsulation.SetStacks(nullptr, nullptr);
    m_node = nullptr;
    m_acquireQueue.Clear();
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
        m_encapsulation.SetStacks(m_ipv4, m_ipv6);
        HookIpv4();
    }
    if (m_node && !m_ipv6 && GetObject<Ipv6L3Protocol>())
    {
        m_ipv6 = GetObject<Ipv6L3Protocol>();
        m_encapsulation.SetStacks(m_ipv4, m_ipv6);
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
            // Ipv4L3Protocol::GetIcmp() casts protocol 1, so ICMP itself is not proxied.
            m_ipv4->Insert(ProxyFor(l4));
        }
    }
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
        m_esp.InitializeSa(*sa);
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
IpsecLayer::Decide(const IpsecFlowKey& key, Ptr<IpsecPolicy>& policy) const
{
    policy = nullptr;
    if (IsLinkControl(key))
    {
        NS_LOG_LOGIC(key << " -> ICMPv6 link control, bypass");
        return IpsecAction::BYPASS;
    }
    policy = m_spd->Lookup(key);
    if (policy)
    {
        policy->CountMatch();
        NS_LOG_LOGIC(key << " -> " << *policy);
        return policy->GetAction();
    }
    NS_LOG_LOGIC(key << " -> default");
    return m_defaultAction == DEFAULT_BYPASS ? IpsecAction::BYPASS : IpsecAction::DISCARD;
}

void
IpsecLayer::Drop(Ptr<const Packet> packet, IpsecDropReason reason, Ptr<SecurityAssociation> sa)
{
    NS_LOG_INFO("node " << (m_node ? m_node->GetId() : 0) << " drop " << reason);
    ++m_counters.drops[static_cast<size_t>(reason)];
    uint32_t spi = 0;
    if (sa)
    {
        ++sa->GetCounters().drops[static_cast<size_t>(reason)];
        spi = sa->GetSpi();
    }
    m_dropTrace(packet, reason, spi);
}

void
IpsecLayer::Send(Ptr<Packet> packet,
                 Ipv4Address source,
                 Ipv4Address destination,
                 uint8_t protocol,
                 Ptr<Ipv4Route> route)
{
    Ipv4Address local = source;
    if (local == Ipv4Address::GetAny() && route)
    {
        local = route->GetSource();
    }
    SendProtected(packet, source, local, destination, protocol, Route{route, nullptr});
}

void
IpsecLayer::Send6(Ptr<Packet> packet,
                  Ipv6Address source,
                  Ipv6Address destination,
                  uint8_t protocol,
                  Ptr<Ipv6Route> route)
{
    Ipv6Address local = source;
    if (local.IsAny() && route)
    {
        local = route->GetSource();
    }
    SendProtected(packet, source, local, destination, protocol, Route{nullptr, route});
}

void
IpsecLayer::SendProtected(Ptr<Packet> packet,
                          const IpsecAddress& source,
                          const IpsecAddress& local,
                          const IpsecAddress& destination,
                          uint8_t protocol,
                          const Route& route)
{
    const IpsecFlowKey key =
        MakeKey(IpsecDirection::OUTBOUND, local, destination, protocol, packet);
    Ptr<IpsecPolicy> policy;
    switch (Decide(key, policy))
    {
    case IpsecAction::BYPASS:
        ++m_counters.clearOut;
        SendClear(packet, source, destination, protocol, route);
        return;
    case IpsecAction::DISCARD:
        Drop(packet, IpsecDropReason::POLICY_DISCARD, nullptr);
        return;
    case IpsecAction::PROTECT:
        break;
    }
    ProtectOrAcquire(policy, packet, local, destination, protocol, route, std::nullopt);
}

void
IpsecLayer::ProtectOrAcquire(Ptr<IpsecPolicy> policy,
                             Ptr<Packet> packet,
                             const IpsecAddress& source,
                             const IpsecAddress& destination,
                             uint8_t protocol,
                             const Route& route,
                             const std::optional<IpsecIpHeader>& forwarded)
{
    std::vector<Ptr<SecurityAssociation>> sas;
    if (ResolveBundle(*policy, source, destination, sas))
    {
        SendBundle(packet,
                   source,
                   destination,
                   protocol,
                   route,
                   sas,
                   forwarded ? &*forwarded : nullptr);
        return;
    }
    // No usable SA: key management is asked (RFC 2367 ACQUIRE), once per policy until it
    // answers or the ACQUIRE times out, and the packet waits for the SA if there is room.
    if (m_acquireCallback.IsNull())
    {
        Drop(packet, IpsecDropReason::NO_OUTBOUND_SA, nullptr);
        return;
    }
    if (!m_acquireQueue.IsAcquirePending(policy))
    {
        if (!m_acquireCallback(policy, source, destination))
        {
            Drop(packet, IpsecDropReason::NO_OUTBOUND_SA, nullptr); // nobody to ask
            return;
        }
        m_acquireQueue.NoteAcquire(policy, m_acquireTimeout);
    }
    auto resend = [this, policy, packet, source, destination, protocol, route, forwarded]() {
        ProtectOrAcquire(policy, packet, source, destination, protocol, route, forwarded);
    };
    m_acquireQueue.SetLimits(m_acquireLimit, m_acquireHoldTime);
    if (!m_acquireQueue.Hold(policy, packet, resend))
    {
        Drop(packet, IpsecDropReason::NO_OUTBOUND_SA, nullptr);
    }
}

void
IpsecLayer::SendClear(Ptr<Packet> packet,
                      const IpsecAddress& source,
                      const IpsecAddress& destination,
                      uint8_t protocol,
                      const Route& route)
{
    if (destination.IsIpv6())
    {
        m_ipv6->Send(packet, source.GetIpv6(), destination.GetIpv6(), protocol, route.v6);
    }
    else
    {
        m_ipv4->Send(packet, source.GetIpv4(), destination.GetIpv4(), protocol, route.v4);
    }
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

void
IpsecLayer::OnSaAdded(Ptr<const SecurityAssociation> sa)
{
    m_acquireQueue.NoteSa(*sa);
    if (m_acquireQueue.GetSize() > 0)
    {
        Simulator::ScheduleNow(&IpsecAcquireQueue::Release, &m_acquireQueue);
    }
}

void
IpsecLayer::DropHeld(Ptr<const Packet> packet)
{
    Drop(packet, IpsecDropReason::NO_OUTBOUND_SA, nullptr);
}

uint32_t
IpsecLayer::GetHeldPackets() const
{
    return m_acquireQueue.GetSize();
}

bool
IpsecLayer::ResolveBundle(const IpsecPolicy& policy,
                          IpsecAddress source,
                          IpsecAddress destination,
                          std::vector<Ptr<SecurityAssociation>>& sas) const
{
    // Transport-mode steps join the addresses the packet has at that step; tunnel-mode steps
    // their tunnel endpoints (RFC 4301 section 4.4.1.2), which later steps then see.
    sas.clear();
    for (const IpsecProtection& step : policy.GetBundle())
    {
        if (step.mode == IpsecMode::TUNNEL)
        {
            source = step.tunnelLocal;
            destination = step.tunnelRemote;
        }
        Ptr<SecurityAssociation> sa = m_sad->FindOutbound(step, source, destination);
        if (!sa)
        {
            return false;
        }
        sas.push_back(sa);
    }
    return true;
}

IpsecLayer::Route
IpsecLayer::RouteFor(Ptr<Packet> packet, const IpsecIpHeader& header) const
{
    Route route;
    Socket::SocketErrno err;
    if (header.IsIpv6())
    {
        Ptr<Ipv6RoutingProtocol> routing = m_ipv6 ? m_ipv6->GetRoutingProtocol() : nullptr;
        route.v6 = routing ? routing->RouteOutput(packet, header.GetIpv6(), nullptr, err) : nullptr;
    }
    else
    {
        Ptr<Ipv4RoutingProtocol> routing = m_ipv4 ? m_ipv4->GetRoutingProtocol() : nullptr;
        route.v4 = routing ? routing->RouteOutput(packet, header.GetIpv4(), nullptr, err) : nullptr;
    }
    return route;
}

void
IpsecLayer::SendBundle(Ptr<Packet> packet,
                       IpsecAddress source,
                       IpsecAddress destination,
                       uint8_t protocol,
                       Route route,
                       const std::vector<Ptr<SecurityAssociation>>& sas,
                       const IpsecIpHeader* forwarded)
{
    // Each step in turn, innermost first. Only the last one may need a header of the layer's
    // own: AH covers the header that carries it (and is always outermost), and a tunnel's outer
    // header is built here; otherwise the IP stack builds it.
    Time busy;
    IpsecIpHeader outer;
    bool ownHeader = false;
    for (size_t i = 0; i < sas.size(); ++i)
    {
        const Ptr<SecurityAssociation>& sa = sas[i];
        const bool last = i + 1 == sas.size();
        const bool ah = sa->GetProtocol() == IpsecProtocol::AH;
        const bool tunnel = sa->GetMode() == IpsecMode::TUNNEL;
        if (!last && sa->GetParams().udpEncap)
        {
            // ESP in UDP must be the outermost header: nothing may cover the UDP header.
            Drop(packet, IpsecDropReason::ENCAP_MISMATCH, sa);
            return;
        }
        const uint8_t nextHeader = tunnel
                                       ? m_encapsulation.Encapsulate(packet,
                                                                     source,
                                                                     destination,
                                                                     protocol,
                                                                     *sa,
                                                                     i == 0 ? forwarded : nullptr)
                                       : protocol;
        const uint32_t protectedSize =
            packet->GetSize() + (ah ? AhTransform::GetHeaderSize(*sa)
                                    : EspTransform::GetOverhead(*sa, packet->GetSize()));
        if (last && (ah || tunnel))
        {
            ownHeader = true;
            outer = m_encapsulation.BuildHeader(packet,
                                                source,
                                                destination,
                                                static_cast<uint8_t>(sa->GetProtocol()),
                                                protectedSize);
            if (tunnel)
            {
                route = RouteFor(packet, outer);
            }
            if (!route.v4 && !route.v6 && (tunnel || !outer.IsIpv6()))
            {
                // An IPv6 host's transport AH may leave routing to Ipv6L3Protocol (ICMPv6).
                Drop(packet, IpsecDropReason::NO_ROUTE, sa);
                return;
            }
        }
        // With the processing-delay model, each job is admitted before any work is done, so a
        // full queue costs no sequence number; the bytes go out when the engines are done.
        Time delay;
        if (m_engine &&
            !m_engine->Admit(*sa, protectedSize, IpsecCryptoEngine::ENCRYPT, packet, delay))
        {
            Drop(packet, IpsecDropReason::CRYPTO_QUEUE_FULL, sa);
            return;
        }
        busy = std::max(busy, delay);
        IpsecDropReason reason;
        const bool ok = ah ? m_ah.Protect(*sa, packet, nextHeader, outer, reason)
                           : m_esp.Protect(*sa, packet, nextHeader, reason);
        if (!ok)
        {
            Drop(packet, reason, sa);
            return;
        }
        m_sad->NotifyUse(sa); // lifetimes: byte and packet limits, sequence space
        if (!last)
        {
            protocol = static_cast<uint8_t>(IpsecProtocol::ESP);
            m_protectTrace(packet, sa); // once per SA of the bundle; the last one on Emit
        }
    }
    Outbound out{packet, outer, ownHeader, source, destination, route, sas.back()};
    if (busy.IsStrictlyPositive())
    {
        Simulator::Schedule(busy, &IpsecLayer::Emit, this, out);
        return;
    }
    Emit(out);
}

void
IpsecLayer::Emit(Outbound out)
{
    if (!m_node)
    {
        return; // disposed while the crypto engine held the packet
    }
    ++m_counters.protectedOut;
    m_protectTrace(out.packet, out.sa);
    auto protocol = static_cast<uint8_t>(out.sa->GetProtocol());
    if (out.sa->GetParams().udpEncap)
    {
        // RFC 3948: the UDP header goes between the (outer) IP header and ESP.
        const IpsecAddress source = out.withHeader ? out.header.GetSource() : out.source;
        const IpsecAddress destination =
            out.withHeader ? out.header.GetDestination() : out.destination;
        m_udpEncap->Encapsulate(out.packet, *out.sa, source, destination);
        protocol = PROTO_UDP;
        out.header.SetProtocol(protocol);
        out.header.SetPayloadSize(out.packet->GetSize());
    }
    if (out.destination.IsIpv6())
    {
        // Ipv6L3Protocol always builds the header itself; the tags make it build the one this
        // layer built (the header AH authenticated, or the tunnel's outer header).
        if (out.withHeader)
        {
            SocketIpv6HopLimitTag hopLimit;
            hopLimit.SetHopLimit(out.header.GetHopLimit());
            out.packet->ReplacePacketTag(hopLimit);
            SocketIpv6TclassTag tclass;
            tclass.SetTclass(out.header.GetTrafficClass());
            out.packet->ReplacePacketTag(tclass);
        }
        m_ipv6->Send(out.packet,
                     out.source.GetIpv6(),
                     out.destination.GetIpv6(),
                     protocol,
                     out.route.v6);
    }
    else if (out.withHeader)
    {
        m_ipv4->SendWithHeader(out.packet, out.header.GetIpv4(), out.route.v4);
    }
    else
    {
        m_ipv4->Send(out.packet,
                     out.source.GetIpv4(),
                     out.destination.GetIpv4(),
                     protocol,
                     out.route.v4);
    }
}

void
IpsecLayer::Receive(IpsecProtocol protocol,
                    Ptr<Packet> packet,
                    const IpsecIpHeader& header,
                    Ptr<NetDevice> device)
{
    ReceiveProtected(protocol, packet, Inbound{header, header, device, {}, false});
}

bool
IpsecLayer::ReceiveUdp(Ptr<Packet> packet, const IpsecIpHeader& header, Ptr<NetDevice> device)
{
    UdpHeader udp;
    if (!m_udpEncap || !m_udpEncap->HasEndpoints() || packet->GetSize() < udp.GetSerializedSize())
    {
        return false; // most nodes have no endpoint: their UDP pays no more than this
    }
    packet->PeekHeader(udp);
    if (!m_udpEncap->IsEndpoint(udp.GetDestinationPort()))
    {
        return false;
    }
    const IpsecUdpEncapsulation::Kind kind =
        IpsecUdpEncapsulation::Classify(packet, udp.GetSerializedSize());
    if (kind == IpsecUdpEncapsulation::Kind::NON_ESP)
    {
        return false; // IKE and the like: the socket's, through the cleartext policy check
    }
    if (!IpsecUdpEncapsulation::IsUdpChecksumOk(packet, header))
    {
        Drop(packet, IpsecDropReason::UDP_CHECKSUM, nullptr);
        return true;
    }
    if (kind == IpsecUdpEncapsulation::Kind::KEEPALIVE)
    {
        m_udpEncap->NotifyKeepaliveReceived(packet, header.GetSource(), udp.GetSourcePort());
        return true;
    }
    packet->RemoveHeader(udp);
    IpsecIpHeader esp = header;
    esp.SetProtocol(static_cast<uint8_t>(IpsecProtocol::ESP));
    esp.SetPayloadSize(packet->GetSize());
    Inbound state{header, esp, device, {}, false};
    state.udp = true;
    state.udpSource = udp.GetSourcePort();
    ReceiveProtected(IpsecProtocol::ESP, packet, std::move(state));
    return true;
}

Ptr<IpsecUdpEncapsulation>
IpsecLayer::GetUdpEncapsulation() const
{
    return m_udpEncap;
}

void
IpsecLayer::ReceiveProtected(IpsecProtocol protocol, Ptr<Packet> packet, Inbound state)
{
    // The outermost ESP header's sequence number tells whether a UDP packet is the newest.
    Ptr<SecurityAssociation> sa = FindInboundSa(protocol,
                                                packet,
                                                state.current.GetDestination(),
                                                state.udp ? &state.sequence : nullptr);
    if (!sa)
    {
        return;
    }
    // An SA is either carried in UDP or not (Linux counts XfrmInStateMismatch likewise):
    // a peer or NAT must not switch it from one to the other.
    if (state.udp != sa->GetParams().udpEncap.has_value())
    {
        Drop(packet, IpsecDropReason::ENCAP_MISMATCH, sa);
        return;
    }
    state.used.reserve(2); // an SA, or a bundle of two
    Unprotect(packet, std::move(state), sa);
}

void
IpsecLayer::CheckNatMapping(Ptr<SecurityAssociation> sa, const Inbound& state)
{
    const IpsecAddress from = state.header.GetSource();
    const IpsecUdpEncap& encap = *sa->GetParams().udpEncap;
    if (from == sa->GetSource() && state.udpSource == encap.sourcePort)
    {
        return;
    }
    if (static_cast<uint32_t>(sa->GetReplayWindow().GetTop()) != state.sequence)
    {
        return; // an older packet than one already accepted: it may predate the change
    }
    NS_LOG_INFO("NAT mapping of SA spi " << sa->GetSpi() << " changed: " << sa->GetSource() << ":"
                                         << encap.sourcePort << " -> " << from << ":"
                                         << state.udpSource);
    if (m_followNatMapping)
    {
        std::string error;
        m_sad->FollowNatMapping(sa, from, state.udpSource, error);
        if (!error.empty())
        {
            NS_LOG_WARN("cannot follow the NAT mapping: " << error);
        }
    }
    m_natMappingTrace(sa, from, state.udpSource);
    if (!m_natMappingCallback.IsNull())
    {
        m_natMappingCallback(sa, from, state.udpSource);
    }
}

void
IpsecLayer::Unprotect(Ptr<Packet> packet, Inbound state, Ptr<SecurityAssociation> sa)
{
    // With the processing-delay model every SA of a bundle is a job of its own, served in
    // turn, as the outbound side does.
    Time delay;
    if (m_engine)
    {
        if (!m_engine->Admit(*sa, packet->GetSize(), IpsecCryptoEngine::DECRYPT, packet, delay))
        {
            Drop(packet, IpsecDropReason::CRYPTO_QUEUE_FULL, sa);
            return;
        }
        if (delay.IsStrictlyPositive())
        {
            Simulator::Schedule(delay, &IpsecLayer::FinishReceive, this, packet, state, sa);
            return;
        }
    }
    FinishReceive(packet, std::move(state), sa);
}

Ptr<SecurityAssociation>
IpsecLayer::FindInboundSa(IpsecProtocol protocol,
                          Ptr<Packet> packet,
                          const IpsecAddress& destination,
                          uint32_t* sequence)
{
    // ESP starts with SPI and sequence number; AH with next header, length, reserved, SPI.
    uint8_t head[8];
    if (packet->CopyData(head, sizeof(head)) < sizeof(head))
    {
        Drop(packet, IpsecDropReason::TRUNCATED, nullptr);
        return nullptr;
    }
    const uint32_t spi = ReadNetwork32(head + (protocol == IpsecProtocol::AH ? 4 : 0));
    if (sequence && protocol == IpsecProtocol::ESP)
    {
        *sequence = ReadNetwork32(head + 4);
    }
    Ptr<SecurityAssociation> sa = m_sad->FindInbound(protocol, destination, spi);
    if (!sa)
    {
        Drop(packet, IpsecDropReason::NO_SA, nullptr);
    }
    return sa;
}

bool
IpsecLayer::IsLocalAddress(const IpsecAddress& address, Ptr<NetDevice> device) const
{
    if (address.IsIpv6())
    {
        return m_ipv6 && m_ipv6->GetInterfaceForAddress(address.GetIpv6()) >= 0;
    }
    if (!m_ipv4)
    {
        return false;
    }
    const int32_t iif = Ipv4InterfaceIndex(device);
    return iif >= 0 ? m_ipv4->IsDestinationAddress(address.GetIpv4(), iif)
                    : m_ipv4->GetInterfaceForAddress(address.GetIpv4()) >= 0;
}

int32_t
IpsecLayer::Ipv4InterfaceIndex(Ptr<NetDevice> device) const
{
    // Every inbound packet asks; remembering the last answer keeps the stack's lookup (and its
    // logging checks) off the per-packet path. An index, once assigned, does not change.
    if (PeekPointer(device) == m_cachedDevice)
    {
        return m_cachedInterface;
    }
    const int32_t iif = m_ipv4->GetInterfaceForDevice(device);
    if (iif >= 0)
    {
        m_cachedDevice = PeekPointer(device);
        m_cachedInterface = iif;
    }
    return iif;
}

void
IpsecLayer::FinishReceive(Ptr<Packet> packet, Inbound state, Ptr<SecurityAssociation> sa)
{
    if (!m_node)
    {
        return; // disposed while the crypto engine held the packet
    }
    // The transforms leave the packet as it was when they refuse it, so drops trace the
    // protected packet.
    uint8_t nextHeader = 0;
    IpsecDropReason reason;
    const bool accepted = sa->GetProtocol() == IpsecProtocol::AH
                              ? m_ah.Unprotect(*sa, packet, state.current, nextHeader, reason)
                              : m_esp.Unprotect(*sa, packet, nextHeader, reason);
    if (!accepted)
    {
        Drop(packet, reason, sa);
        return;
    }
    state.used.push_back(sa);
    m_sad->NotifyUse(sa);
    m_unprotectTrace(packet, sa);
    if (state.udp && state.used.size() == 1)
    {
        CheckNatMapping(sa, state);
    }
    IpsecIpHeader inner = state.current;
    if (sa->GetMode() == IpsecMode::TUNNEL)
    {
        // Tunnel mode: the payload is an IP packet (either version), whose own header selects
        // policy.
        state.tunnel = true;
        if (!IpsecEncapsulation::Decapsulate(packet, nextHeader, state.current, inner))
        {
            Drop(packet, IpsecDropReason::BAD_INNER_PACKET, sa);
            return;
        }
        nextHeader = inner.GetProtocol();
    }
    // As the payload's own header would have read (an inner AH's ICV covered it so).
    inner.SetProtocol(nextHeader);
    inner.SetPayloadSize(packet->GetSize());
    state.current = inner;
    // More ESP or AH for this node (an SA bundle): unprotect that too, remembering each SA,
    // since the policy check needs all of them.
    const bool nested = nextHeader == static_cast<uint8_t>(IpsecProtocol::ESP) ||
                        nextHeader == static_cast<uint8_t>(IpsecProtocol::AH);
    if (nested && IsLocalAddress(inner.GetDestination(), state.device))
    {
        Ptr<SecurityAssociation> next =
            FindInboundSa(static_cast<IpsecProtocol>(nextHeader), packet, inner.GetDestination());
        if (next)
        {
            Unprotect(packet, std::move(state), next);
        }
        return;
    }
    CheckAndDeliver(packet, state);
}

void
IpsecLayer::CheckAndDeliver(Ptr<Packet> packet, const Inbound& state)
{
    const IpsecIpHeader& current = state.current;
    const std::vector<Ptr<SecurityAssociation>>& used = state.used;
    const uint8_t nextHeader = current.GetProtocol();
    const Ptr<NetDevice>& device = state.device;
    // RFC 4301 5.2 step 4: the payload must be traffic that these SAs may carry.
    const IpsecFlowKey key = MakeKey(IpsecDirection::INBOUND,
                                     current.GetDestination(),
                                     current.GetSource(),
                                     nextHeader,
                                     packet);

    // A route-based tunnel: its own policy decides, and the inner packet appears on its
    // device, for this node's routing to deliver or forward.
    for (const auto& tunnelIf : m_tunnels)
    {
        const Ptr<SecurityAssociation>& outerSa = used.front();
        if (outerSa->GetMode() != IpsecMode::TUNNEL ||
            outerSa->GetSource() != tunnelIf->GetRemoteEndpoint() ||
            outerSa->GetDestination() != tunnelIf->GetLocalEndpoint())
        {
            continue;
        }
        Ptr<IpsecPolicy> tunnelPolicy = tunnelIf->GetSpd()->Lookup(key);
        if (!tunnelPolicy || !tunnelPolicy->IsSatisfiedBy(used))
        {
            Drop(packet, IpsecDropReason::POLICY_MISMATCH, used.back());
            return;
        }
        tunnelPolicy->CountMatch();
        ++m_counters.protectedIn;
        current.AddTo(packet);
        m_reinjecting = true;
        tunnelIf->GetDevice()->Receive(packet,
                                       current.IsIpv6() ? Ipv6L3Protocol::PROT_NUMBER
                                                        : Ipv4L3Protocol::PROT_NUMBER,
                                       Address(),
                                       Address(),
                                       NetDevice::PACKET_HOST);
        m_reinjecting = false;
        return;
    }
    Ptr<IpsecPolicy> policy;
    const IpsecAction action = Decide(key, policy);
    if (action == IpsecAction::DISCARD)
    {
        Drop(packet, IpsecDropReason::POLICY_DISCARD, used.back());
        return;
    }
    // A protect entry must be satisfied by exactly the SAs used, the outermost one sent by the
    // packet's sender. A tunnel or a bundle carries only what a protect entry lets it carry:
    // a gateway must not forward whatever a peer wraps in its SA.
    // Behind a NAT the outer source is the NAT's: the SA (moved along with the mapping, or
    // not) vouches for the sender instead.
    const bool allowed =
        action == IpsecAction::PROTECT
            ? policy && policy->IsSatisfiedBy(used) &&
                  (state.udp || used.front()->GetSource() == state.header.GetSource())
            : !state.tunnel && used.size() == 1;
    if (!allowed)
    {
        Drop(packet, IpsecDropReason::POLICY_MISMATCH, used.back());
        return;
    }

    if (state.tunnel && !IsLocalAddress(current.GetDestination(), device))
    {
        // A security gateway: the inner packet continues through this node's forwarding,
        // which decrements its TTL and fires ns-3's forwarding traces.
        ++m_counters.protectedIn;
        current.AddTo(packet);
        Reinject(packet, current.IsIpv6(), device);
        return;
    }
    if (state.udp && !state.tunnel &&
        !IpsecUdpEncapsulation::FixTransportChecksum(packet,
                                                     nextHeader,
                                                     *used.front()->GetParams().udpEncap,
                                                     current))
    {
        Drop(packet, IpsecDropReason::TRUNCATED, used.back());
        return;
    }
    DeliverLocally(packet, current, device, used.back());
}

void
IpsecLayer::DeliverLocally(Ptr<Packet> packet,
                           const IpsecIpHeader& header,
                           Ptr<NetDevice> device,
                           Ptr<SecurityAssociation> sa)
{
    const uint8_t protocol = header.GetProtocol();
    auto real = m_realL4.find(protocol);
    Ptr<IpL4Protocol> l4 = real != m_realL4.end() ? real->second : nullptr;
    if (header.IsIpv6())
    {
        if (!l4 && m_ipv6)
        {
            l4 = m_ipv6->GetProtocol(protocol);
        }
        const int32_t iif = m_ipv6 ? m_ipv6->GetInterfaceForDevice(device) : -1;
        if (!l4 || !m_ipv6)
        {
            Drop(packet, IpsecDropReason::UNKNOWN_PROTOCOL, sa);
            return;
        }
        // A 6-in-4 tunnel may end on a device without IPv6: the loopback interface stands in.
        ++m_counters.protectedIn;
        l4->Receive(packet, header.GetIpv6(), m_ipv6->GetInterface(iif >= 0 ? iif : 0));
        return;
    }
    if (!l4 && m_ipv4)
    {
        l4 = m_ipv4->GetProtocol(protocol);
    }
    if (!l4 || !m_ipv4)
    {
        Drop(packet, IpsecDropReason::UNKNOWN_PROTOCOL, sa);
        return;
    }
    const int32_t iif = Ipv4InterfaceIndex(device);
    ++m_counters.protectedIn;
    l4->Receive(packet, header.GetIpv4(), m_ipv4->GetInterface(iif >= 0 ? iif : 0));
}

void
IpsecLayer::Reinject(Ptr<Packet> packet, bool ipv6, Ptr<NetDevice> device)
{
    m_reinjecting = true;
    if (ipv6)
    {
        // A device without an IPv6 interface (a 6-in-4 tunnel's end) has the loopback's.
        if (m_ipv6->GetInterfaceForDevice(device) < 0)
        {
            device = m_ipv6->GetNetDevice(0);
        }
        m_ipv6->Receive(device,
                        packet,
                        Ipv6L3Protocol::PROT_NUMBER,
                        Address(),
                        Address(),
                        NetDevice::PACKET_HOST);
    }
    else
    {
        if (m_ipv4->GetInterfaceForDevice(device) < 0)
        {
            device = m_ipv4->GetNetDevice(0);
        }
        m_ipv4->Receive(device,
                        packet,
                        Ipv4L3Protocol::PROT_NUMBER,
                        Address(),
                        Address(),
                        NetDevice::PACKET_HOST);
    }
    m_reinjecting = false;
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
    uint8_t first = 0;
    packet->CopyData(&first, 1);
    IpsecIpHeader inner;
    if (!IpsecIpHeader::RemoveFrom(packet,
                                   (first >> 4) == 6 ? IpsecIpHeader::PROTO_IPV6
                                                     : IpsecIpHeader::PROTO_IPV4,
                                   inner))
    {
        Drop(packet, IpsecDropReason::BAD_INNER_PACKET, nullptr);
        return false;
    }
    // Routing chose the tunnel; its own policy decides whether this packet may use it.
    const IpsecFlowKey key = MakeKey(IpsecDirection::OUTBOUND,
                                     inner.GetSource(),
                                     inner.GetDestination(),
                                     inner.GetProtocol(),
                                     packet);
    Ptr<IpsecPolicy> policy = tunnel->GetSpd()->Lookup(key);
    if (!policy || policy->GetAction() != IpsecAction::PROTECT)
    {
        inner.AddTo(packet);
        Drop(packet, IpsecDropReason::POLICY_DISCARD, nullptr);
        return false;
    }
    policy->CountMatch();
    ProtectOrAcquire(policy,
                     packet,
                     inner.GetSource(),
                     inner.GetDestination(),
                     inner.GetProtocol(),
                     Route(),
                     inner);
    return true;
}

bool
IpsecLayer::InterceptForward(Ptr<const Packet> packet, const IpsecIpHeader& header)
{
    if (header.GetHopLimit() <= 1)
    {
        return false; // ns-3's forwarding sends the ICMP time exceeded
    }
    // Traffic leaving through a tunnel is outbound for this gateway's SPD.
    const IpsecFlowKey out = MakeKey(IpsecDirection::OUTBOUND,
                                     header.GetSource(),
                                     header.GetDestination(),
                                     header.GetProtocol(),
                                     packet);
    Ptr<IpsecPolicy> policy;
    const IpsecAction action = Decide(out, policy);
    if (action == IpsecAction::DISCARD)
    {
        Drop(packet, IpsecDropReason::POLICY_DISCARD, nullptr);
        return true;
    }
    if (action == IpsecAction::BYPASS)
    {
        // Cleartext that policy says must arrive through a tunnel is refused (RFC 4301 5.2);
        // what this layer has just decapsulated is what did.
        const IpsecFlowKey in = MakeKey(IpsecDirection::INBOUND,
                                        header.GetDestination(),
                                        header.GetSource(),
                                        header.GetProtocol(),
                                        packet);
        Ptr<IpsecPolicy> inPolicy;
        if (!m_reinjecting && Decide(in, inPolicy) == IpsecAction::PROTECT)
        {
            Drop(packet, IpsecDropReason::CLEARTEXT_REJECTED, nullptr);
            return true;
        }
        return false;
    }
    if (policy->GetBundle().front().mode != IpsecMode::TUNNEL)
    {
        Drop(packet, IpsecDropReason::POLICY_MISMATCH, nullptr); // transport is for hosts
        return true;
    }
    // Forwarding decrements the TTL (hop limit) before the packet enters the tunnel.
    IpsecIpHeader inner = header;
    inner.SetHopLimit(header.GetHopLimit() - 1);
    ProtectOrAcquire(policy,
                     packet->Copy(),
                     header.GetSource(),
                     header.GetDestination(),
                     header.GetProtocol(),
                     Route(),
                     inner);
    return true;
}

bool
IpsecLayer::AcceptClear(Ptr<const Packet> packet, const IpsecIpHeader& header)
{
    const IpsecFlowKey key = MakeKey(IpsecDirection::INBOUND,
                                     header.GetDestination(),
                                     header.GetSource(),
                                     header.GetProtocol(),
                                     packet);
    Ptr<IpsecPolicy> policy;
    switch (Decide(key, policy))
    {
    case IpsecAction::BYPASS:
        ++m_counters.clearIn;
        return true;
    case IpsecAction::DISCARD:
        Drop(packet, IpsecDropReason::POLICY_DISCARD, nullptr);
        return false;
    case IpsecAction::PROTECT:
        break;
    }
    Drop(packet, IpsecDropReason::CLEARTEXT_REJECTED, nullptr);
    return false;
}

void
IpsecLayer::Print(std::ostream& os) const
{
    os << "SPD (" << m_spd->GetPolicies().size() << " entries, default "
       << (m_defaultAction == DEFAULT_BYPASS ? "bypass" : "discard") << "):\n";
    m_spd->Print(os);
    os << "SAD (" << m_sad->GetAll().size() << " SAs):\n";
    m_sad->Print(os);
}

} // namespace ns3
