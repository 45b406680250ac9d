/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-layer.h"

#include "esp-header.h"
#include "ipsec-forwarding-hook.h"
#include "ipsec-inbound-protocol.h"
#include "ipsec-l4-proxy.h"
#include "ipsec-wire.h"

#include "ns3/enum.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/uinteger.h"

#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecLayer");

NS_OBJECT_ENSURE_REGISTERED(IpsecLayer);

namespace
{
constexpr uint8_t PROTO_ICMP = 1;
constexpr uint8_t PROTO_TCP = 6;
constexpr uint8_t PROTO_UDP = 17;
constexpr uint8_t PROTO_IPIP = 4; //!< Next header of an inner IPv4 packet (tunnel mode)
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
                            "ns3::IpsecLayer::SaTracedCallback");
    return tid;
}

IpsecLayer::IpsecLayer()
    : m_spd(CreateObject<SecurityPolicyDatabase>()),
      m_sad(CreateObject<SecurityAssociationDatabase>()),
      m_ivStream(CreateObject<UniformRandomVariable>()),
      m_esp(m_ivStream),
      m_identification(0),
      m_reinjecting(false),
      m_defaultAction(DEFAULT_BYPASS),
      m_cryptoMode(CRYPTO_REAL),
      m_replayWindow(64)
{
    NS_LOG_FUNCTION(this);
}

IpsecLayer::~IpsecLayer() = default;

void
IpsecLayer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_realL4.clear();
    m_ipv4 = nullptr;
    m_node = nullptr;
    m_spd = nullptr;
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
    if (!m_node)
    {
        Ptr<Node> node = GetObject<Node>();
        Ptr<Ipv4L3Protocol> ipv4 = GetObject<Ipv4L3Protocol>();
        if (node && ipv4)
        {
            m_node = node;
            m_ipv4 = ipv4;
            Hook();
        }
    }
    Object::NotifyNewAggregate();
}

void
IpsecLayer::Hook()
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
            m_realL4[proto] = l4;
            m_ipv4->Insert(CreateObject<IpsecL4Proxy>(l4, this));
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
                               "IPsec policy (this node cannot be a security gateway)");
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
                    Ipv4Address local,
                    Ipv4Address remote,
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

IpsecAction
IpsecLayer::Decide(const IpsecFlowKey& key, Ptr<IpsecPolicy>& policy) const
{
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
    const IpsecFlowKey key =
        MakeKey(IpsecDirection::OUTBOUND, local, destination, protocol, packet);
    Ptr<IpsecPolicy> policy;
    switch (Decide(key, policy))
    {
    case IpsecAction::BYPASS:
        ++m_counters.clearOut;
        m_ipv4->Send(packet, source, destination, protocol, route);
        return;
    case IpsecAction::DISCARD:
        Drop(packet, IpsecDropReason::POLICY_DISCARD, nullptr);
        return;
    case IpsecAction::PROTECT:
        break;
    }
    std::vector<Ptr<SecurityAssociation>> sas;
    if (!ResolveBundle(*policy, local, destination, sas))
    {
        Drop(packet, IpsecDropReason::NO_OUTBOUND_SA, nullptr);
        return;
    }
    SendBundle(packet, local, destination, protocol, route, sas, nullptr);
}

bool
IpsecLayer::ResolveBundle(const IpsecPolicy& policy,
                          Ipv4Address source,
                          Ipv4Address destination,
                          std::vector<Ptr<SecurityAssociation>>& sas) const
{
    // Transport-mode steps join the addresses the packet has at that step; tunnel-mode steps
    // their tunnel endpoints (RFC 4301 section 4.4.1.2), which later steps then see.
    sas.clear();
    for (const IpsecProtection& step : policy.GetBundle())
    {
        if (step.mode == IpsecMode::TUNNEL)
        {
            source = step.tunnelLocal.GetIpv4();
            destination = step.tunnelRemote.GetIpv4();
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

void
IpsecLayer::SendBundle(Ptr<Packet> packet,
                       Ipv4Address source,
                       Ipv4Address destination,
                       uint8_t protocol,
                       Ptr<Ipv4Route> route,
                       const std::vector<Ptr<SecurityAssociation>>& sas,
                       const Ipv4Header* forwarded)
{
    // Each step in turn, innermost first. Only the last one may need a header of the layer's
    // own: AH covers the header that carries it (and is always outermost), and a tunnel's outer
    // header is built here; otherwise Ipv4L3Protocol builds it.
    Time busy;
    Ipv4Header outer;
    bool ownHeader = false;
    for (size_t i = 0; i < sas.size(); ++i)
    {
        const Ptr<SecurityAssociation>& sa = sas[i];
        const bool last = i + 1 == sas.size();
        const bool ah = sa->GetProtocol() == IpsecProtocol::AH;
        const bool tunnel = sa->GetMode() == IpsecMode::TUNNEL;
        const uint8_t nextHeader = tunnel ? Encapsulate(packet,
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
            outer = BuildHeader(packet,
                                source,
                                destination,
                                static_cast<uint8_t>(sa->GetProtocol()),
                                protectedSize);
            if (tunnel)
            {
                Socket::SocketErrno err;
                Ptr<Ipv4RoutingProtocol> routing = m_ipv4->GetRoutingProtocol();
                route = routing ? routing->RouteOutput(packet, outer, nullptr, err) : nullptr;
            }
            if (!route)
            {
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

uint8_t
IpsecLayer::Encapsulate(Ptr<Packet> packet,
                        Ipv4Address& source,
                        Ipv4Address& destination,
                        uint8_t protocol,
                        const SecurityAssociation& sa,
                        const Ipv4Header* forwarded)
{
    // The inner packet is what the host would have sent (RFC 4301 section 5.1.2), or, on a
    // gateway, the forwarded packet as it is.
    Ipv4Header inner = forwarded
                           ? *forwarded
                           : BuildHeader(packet, source, destination, protocol, packet->GetSize());
    if (forwarded && Node::ChecksumEnabled())
    {
        inner.EnableChecksum();
    }
    packet->AddHeader(inner);
    // RFC 4301 5.1.2.1: the outer header copies DSCP and, RFC 6040 normal mode, ECN from the
    // inner one, and DF (the default "copy" choice), through the tags BuildHeader reads. The
    // socket's TTL tag went to the inner header, so the outer one gets the default TTL.
    SocketIpTosTag tos;
    tos.SetTos(inner.GetTos());
    packet->ReplacePacketTag(tos);
    SocketSetDontFragmentTag df;
    if (inner.IsDontFragment())
    {
        df.Enable();
    }
    else
    {
        df.Disable();
    }
    packet->ReplacePacketTag(df);
    source = sa.GetSource().GetIpv4();
    destination = sa.GetDestination().GetIpv4();
    return PROTO_IPIP;
}

Ipv4Header
IpsecLayer::BuildHeader(Ptr<Packet> packet,
                        Ipv4Address source,
                        Ipv4Address destination,
                        uint8_t protocol,
                        uint32_t payloadSize)
{
    // As Ipv4L3Protocol does: the socket's TTL, TOS and DF tags, else the defaults.
    uint8_t ttl;
    SocketIpTtlTag ttlTag;
    if (packet->RemovePacketTag(ttlTag))
    {
        ttl = ttlTag.GetTtl();
    }
    else
    {
        UintegerValue defaultTtl;
        m_ipv4->GetAttribute("DefaultTtl", defaultTtl);
        ttl = static_cast<uint8_t>(defaultTtl.Get());
    }
    uint8_t tos = 0;
    SocketIpTosTag tosTag;
    if (packet->RemovePacketTag(tosTag))
    {
        tos = tosTag.GetTos();
    }
    Ipv4Header ip;
    ip.SetSource(source);
    ip.SetDestination(destination);
    ip.SetProtocol(protocol);
    ip.SetPayloadSize(payloadSize);
    ip.SetTtl(ttl);
    ip.SetTos(tos);
    SocketSetDontFragmentTag dfTag;
    if (packet->RemovePacketTag(dfTag) && dfTag.IsEnabled())
    {
        ip.SetDontFragment();
    }
    else
    {
        ip.SetMayFragment();
    }
    ip.SetIdentification(m_identification++);
    if (Node::ChecksumEnabled())
    {
        ip.EnableChecksum();
    }
    return ip;
}

void
IpsecLayer::Emit(Outbound out)
{
    if (!m_ipv4)
    {
        return; // disposed while the crypto engine held the packet
    }
    ++m_counters.protectedOut;
    m_protectTrace(out.packet, out.sa);
    if (out.withHeader)
    {
        m_ipv4->SendWithHeader(out.packet, out.header, out.route);
    }
    else
    {
        m_ipv4->Send(out.packet,
                     out.source,
                     out.destination,
                     static_cast<uint8_t>(IpsecProtocol::ESP),
                     out.route);
    }
}

void
IpsecLayer::ReceiveEsp(Ptr<Packet> packet,
                       const Ipv4Header& header,
                       Ptr<Ipv4Interface> incomingInterface)
{
    ReceiveProtected(IpsecProtocol::ESP, packet, header, incomingInterface);
}

void
IpsecLayer::ReceiveAh(Ptr<Packet> packet,
                      const Ipv4Header& header,
                      Ptr<Ipv4Interface> incomingInterface)
{
    ReceiveProtected(IpsecProtocol::AH, packet, header, incomingInterface);
}

void
IpsecLayer::ReceiveProtected(IpsecProtocol protocol,
                             Ptr<Packet> packet,
                             const Ipv4Header& header,
                             Ptr<Ipv4Interface> incomingInterface)
{
    Ptr<SecurityAssociation> sa = FindInboundSa(protocol, packet, header.GetDestination());
    if (!sa)
    {
        return;
    }
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
            Simulator::Schedule(delay,
                                &IpsecLayer::FinishReceive,
                                this,
                                packet,
                                header,
                                incomingInterface,
                                sa);
            return;
        }
    }
    FinishReceive(packet, header, incomingInterface, sa);
}

Ptr<SecurityAssociation>
IpsecLayer::FindInboundSa(IpsecProtocol protocol, Ptr<Packet> packet, Ipv4Address destination)
{
    // ESP starts with SPI and sequence number; AH with next header, length, reserved, SPI.
    uint8_t head[8];
    if (packet->CopyData(head, sizeof(head)) < sizeof(head))
    {
        Drop(packet, IpsecDropReason::TRUNCATED, nullptr);
        return nullptr;
    }
    const uint32_t spi = ReadNetwork32(head + (protocol == IpsecProtocol::AH ? 4 : 0));
    Ptr<SecurityAssociation> sa = m_sad->FindInbound(protocol, destination, spi);
    if (!sa)
    {
        Drop(packet, IpsecDropReason::NO_SA, nullptr);
    }
    return sa;
}

void
IpsecLayer::FinishReceive(Ptr<Packet> packet,
                          Ipv4Header header,
                          Ptr<Ipv4Interface> incomingInterface,
                          Ptr<SecurityAssociation> sa)
{
    if (!m_ipv4)
    {
        return; // disposed while the crypto engine held the packet
    }
    const int32_t iif = m_ipv4->GetInterfaceForDevice(incomingInterface->GetDevice());
    // Unprotect SA after SA while the payload is more ESP or AH for this node (an SA bundle),
    // remembering each SA: the policy check needs all of them.
    std::vector<Ptr<SecurityAssociation>> used; // outermost first
    Ipv4Header current = header;                // the header the bytes at hand came with
    uint8_t nextHeader = 0;
    bool tunnel = false;
    while (true)
    {
        // The transforms leave the packet as it was when they refuse it, so drops trace the
        // protected packet.
        IpsecDropReason reason;
        const bool accepted = sa->GetProtocol() == IpsecProtocol::AH
                                  ? m_ah.Unprotect(*sa, packet, current, nextHeader, reason)
                                  : m_esp.Unprotect(*sa, packet, nextHeader, reason);
        if (!accepted)
        {
            Drop(packet, reason, sa);
            return;
        }
        used.push_back(sa);
        m_unprotectTrace(packet, sa);
        Ipv4Header inner = current;
        if (sa->GetMode() == IpsecMode::TUNNEL)
        {
            // Tunnel mode: the payload is an IPv4 packet, whose own header selects policy.
            tunnel = true;
            if (nextHeader != PROTO_IPIP || !Decapsulate(packet, current, inner))
            {
                Drop(packet, IpsecDropReason::BAD_INNER_PACKET, sa);
                return;
            }
            nextHeader = inner.GetProtocol();
        }
        // As the payload's own header would have read (an inner AH's ICV covered it so).
        inner.SetProtocol(nextHeader);
        inner.SetPayloadSize(packet->GetSize());
        current = inner;
        const bool nested = nextHeader == static_cast<uint8_t>(IpsecProtocol::ESP) ||
                            nextHeader == static_cast<uint8_t>(IpsecProtocol::AH);
        if (!nested || !m_ipv4->IsDestinationAddress(current.GetDestination(), iif))
        {
            break;
        }
        sa =
            FindInboundSa(static_cast<IpsecProtocol>(nextHeader), packet, current.GetDestination());
        if (!sa)
        {
            return;
        }
    }

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
        packet->AddHeader(current);
        m_reinjecting = true;
        tunnelIf->GetDevice()->Receive(packet,
                                       Ipv4L3Protocol::PROT_NUMBER,
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
    const bool allowed =
        action == IpsecAction::PROTECT
            ? policy->IsSatisfiedBy(used) && used.front()->GetSource() == header.GetSource()
            : !tunnel && used.size() == 1;
    if (!allowed)
    {
        Drop(packet, IpsecDropReason::POLICY_MISMATCH, used.back());
        return;
    }

    if (tunnel && !m_ipv4->IsDestinationAddress(current.GetDestination(), iif))
    {
        // A security gateway: the inner packet continues through this node's forwarding,
        // which decrements its TTL and fires ns-3's forwarding traces.
        ++m_counters.protectedIn;
        packet->AddHeader(current);
        m_reinjecting = true;
        m_ipv4->Receive(incomingInterface->GetDevice(),
                        packet,
                        Ipv4L3Protocol::PROT_NUMBER,
                        Address(),
                        Address(),
                        NetDevice::PACKET_HOST);
        m_reinjecting = false;
        return;
    }
    auto real = m_realL4.find(nextHeader);
    Ptr<IpL4Protocol> l4 =
        (real != m_realL4.end()) ? real->second : m_ipv4->GetProtocol(nextHeader);
    if (!l4)
    {
        Drop(packet, IpsecDropReason::UNKNOWN_PROTOCOL, used.back());
        return;
    }
    ++m_counters.protectedIn;
    l4->Receive(packet, current, incomingInterface);
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
    if (packet->GetSize() < 20 || packet->CopyData(&first, 1) != 1 || (first >> 4) != 4)
    {
        Drop(packet, IpsecDropReason::BAD_INNER_PACKET, nullptr);
        return false;
    }
    Ipv4Header inner;
    packet->RemoveHeader(inner);
    // Routing chose the tunnel; its own policy decides whether this packet may use it.
    const IpsecFlowKey key = MakeKey(IpsecDirection::OUTBOUND,
                                     inner.GetSource(),
                                     inner.GetDestination(),
                                     inner.GetProtocol(),
                                     packet);
    Ptr<IpsecPolicy> policy = tunnel->GetSpd()->Lookup(key);
    if (!policy || policy->GetAction() != IpsecAction::PROTECT)
    {
        packet->AddHeader(inner);
        Drop(packet, IpsecDropReason::POLICY_DISCARD, nullptr);
        return false;
    }
    policy->CountMatch();
    std::vector<Ptr<SecurityAssociation>> sas;
    if (!ResolveBundle(*policy, inner.GetSource(), inner.GetDestination(), sas))
    {
        packet->AddHeader(inner);
        Drop(packet, IpsecDropReason::NO_OUTBOUND_SA, nullptr);
        return false;
    }
    SendBundle(packet,
               inner.GetSource(),
               inner.GetDestination(),
               inner.GetProtocol(),
               nullptr,
               sas,
               &inner);
    return true;
}

bool
IpsecLayer::InterceptForward(Ptr<const Packet> packet, const Ipv4Header& header)
{
    if (header.GetTtl() <= 1)
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
    std::vector<Ptr<SecurityAssociation>> sas;
    if (!ResolveBundle(*policy, header.GetSource(), header.GetDestination(), sas))
    {
        Drop(packet, IpsecDropReason::NO_OUTBOUND_SA, nullptr);
        return true;
    }
    // Forwarding decrements the TTL before the packet enters the tunnel.
    Ipv4Header inner = header;
    inner.SetTtl(header.GetTtl() - 1);
    SendBundle(packet->Copy(),
               header.GetSource(),
               header.GetDestination(),
               header.GetProtocol(),
               nullptr,
               sas,
               &inner);
    return true;
}

bool
IpsecLayer::Decapsulate(Ptr<Packet> packet, const Ipv4Header& outer, Ipv4Header& inner) const
{
    uint8_t first = 0;
    if (packet->GetSize() < 20 || packet->CopyData(&first, 1) != 1 || (first >> 4) != 4 ||
        (first & 0x0f) < 5)
    {
        return false;
    }
    if (Node::ChecksumEnabled())
    {
        inner.EnableChecksum(); // verified here, and recomputed if the header is re-added
    }
    packet->RemoveHeader(inner);
    if (!inner.IsChecksumOk() || inner.GetPayloadSize() > packet->GetSize())
    {
        packet->AddHeader(inner);
        return false;
    }
    packet->RemoveAtEnd(packet->GetSize() - inner.GetPayloadSize());
    // RFC 6040 section 4.2: congestion marked on the outer header survives decapsulation;
    // a CE mark on a packet whose inner header is not ECN-capable means drop.
    if (outer.GetEcn() == Ipv4Header::ECN_CE)
    {
        if (inner.GetEcn() == Ipv4Header::ECN_NotECT)
        {
            return false;
        }
        inner.SetEcn(Ipv4Header::ECN_CE);
    }
    return true;
}

bool
IpsecLayer::AcceptClear(Ptr<const Packet> packet, const Ipv4Header& header)
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
