/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-layer.h"

#include "esp-header.h"
#include "ipsec-inbound-protocol.h"
#include "ipsec-l4-proxy.h"

#include "ns3/enum.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecLayer");

NS_OBJECT_ENSURE_REGISTERED(IpsecLayer);

namespace
{
constexpr uint8_t PROTO_ICMP = 1;
constexpr uint8_t PROTO_TCP = 6;
constexpr uint8_t PROTO_UDP = 17;
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
                            "An outbound packet was protected (the ESP packet is passed).",
                            MakeTraceSourceAccessor(&IpsecLayer::m_protectTrace),
                            "ns3::IpsecLayer::SaTracedCallback")
            .AddTraceSource("Unprotect",
                            "An inbound protected packet was accepted (its payload is passed).",
                            MakeTraceSourceAccessor(&IpsecLayer::m_unprotectTrace),
                            "ns3::IpsecLayer::SaTracedCallback");
    return tid;
}

IpsecLayer::IpsecLayer()
    : m_spd(CreateObject<SecurityPolicyDatabase>()),
      m_sad(CreateObject<SecurityAssociationDatabase>()),
      m_ivStream(CreateObject<UniformRandomVariable>()),
      m_esp(m_ivStream),
      m_ahIdentification(0),
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
    Ptr<SecurityAssociation> sa = m_sad->FindOutbound(*policy, local, destination);
    if (!sa)
    {
        Drop(packet, IpsecDropReason::NO_OUTBOUND_SA, nullptr);
        return;
    }
    if (sa->GetProtocol() == IpsecProtocol::AH)
    {
        SendAh(packet, local, destination, protocol, route, sa);
        return;
    }
    // With the processing-delay model, the job is admitted before any work is done, so a full
    // queue costs no sequence number; the bytes go out when an engine has finished them.
    Time delay;
    if (m_engine &&
        !m_engine->Admit(*sa,
                         packet->GetSize() + EspTransform::GetOverhead(*sa, packet->GetSize()),
                         IpsecCryptoEngine::ENCRYPT,
                         packet,
                         delay))
    {
        Drop(packet, IpsecDropReason::CRYPTO_QUEUE_FULL, sa);
        return;
    }
    IpsecDropReason reason;
    if (!m_esp.Protect(*sa, packet, protocol, reason))
    {
        Drop(packet, reason, sa);
        return;
    }
    if (m_engine && delay.IsStrictlyPositive())
    {
        Simulator::Schedule(delay,
                            &IpsecLayer::SendProtected,
                            this,
                            packet,
                            local,
                            destination,
                            route,
                            sa);
        return;
    }
    SendProtected(packet, local, destination, route, sa);
}

void
IpsecLayer::SendAh(Ptr<Packet> packet,
                   Ipv4Address source,
                   Ipv4Address destination,
                   uint8_t protocol,
                   Ptr<Ipv4Route> route,
                   Ptr<SecurityAssociation> sa)
{
    // AH authenticates the IP header, so the layer builds it here, as Ipv4L3Protocol would
    // (the socket's TTL and TOS tags honoured), and sends the packet with it unchanged.
    Ipv4Header ip;
    ip.SetSource(source);
    ip.SetDestination(destination);
    ip.SetProtocol(static_cast<uint8_t>(IpsecProtocol::AH));
    ip.SetPayloadSize(packet->GetSize() + AhTransform::GetHeaderSize(*sa));
    UintegerValue defaultTtl;
    m_ipv4->GetAttribute("DefaultTtl", defaultTtl);
    uint8_t ttl = static_cast<uint8_t>(defaultTtl.Get());
    SocketIpTtlTag ttlTag;
    if (packet->RemovePacketTag(ttlTag))
    {
        ttl = ttlTag.GetTtl();
    }
    uint8_t tos = 0;
    SocketIpTosTag tosTag;
    if (packet->RemovePacketTag(tosTag))
    {
        tos = tosTag.GetTos();
    }
    ip.SetTtl(ttl);
    ip.SetTos(tos);
    ip.SetMayFragment();
    ip.SetIdentification(m_ahIdentification++);
    if (Node::ChecksumEnabled())
    {
        ip.EnableChecksum();
    }
    if (!route)
    {
        Drop(packet, IpsecDropReason::NO_ROUTE, sa);
        return;
    }
    Time delay;
    if (m_engine &&
        !m_engine->Admit(*sa, ip.GetPayloadSize(), IpsecCryptoEngine::ENCRYPT, packet, delay))
    {
        Drop(packet, IpsecDropReason::CRYPTO_QUEUE_FULL, sa);
        return;
    }
    IpsecDropReason reason;
    if (!m_ah.Protect(*sa, packet, protocol, ip, reason))
    {
        Drop(packet, reason, sa);
        return;
    }
    if (m_engine && delay.IsStrictlyPositive())
    {
        Simulator::Schedule(delay, &IpsecLayer::SendAhProtected, this, packet, ip, route, sa);
        return;
    }
    SendAhProtected(packet, ip, route, sa);
}

void
IpsecLayer::SendAhProtected(Ptr<Packet> packet,
                            Ipv4Header header,
                            Ptr<Ipv4Route> route,
                            Ptr<SecurityAssociation> sa)
{
    if (!m_ipv4)
    {
        return; // disposed while the crypto engine held the packet
    }
    ++m_counters.protectedOut;
    m_protectTrace(packet, sa);
    m_ipv4->SendWithHeader(packet, header, route);
}

void
IpsecLayer::SendProtected(Ptr<Packet> packet,
                          Ipv4Address source,
                          Ipv4Address destination,
                          Ptr<Ipv4Route> route,
                          Ptr<SecurityAssociation> sa)
{
    if (!m_ipv4)
    {
        return; // disposed while the crypto engine held the packet
    }
    ++m_counters.protectedOut;
    m_protectTrace(packet, sa);
    m_ipv4->Send(packet, source, destination, static_cast<uint8_t>(IpsecProtocol::ESP), route);
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
    // The SPI is at offset 0 in ESP and 4 in AH (after next header, length and reserved).
    const uint32_t spiOffset = protocol == IpsecProtocol::AH ? 4 : 0;
    uint8_t head[8];
    if (packet->CopyData(head, sizeof(head)) <
        spiOffset + 4 + (protocol == IpsecProtocol::ESP ? 4 : 0))
    {
        Drop(packet, IpsecDropReason::TRUNCATED, nullptr);
        return;
    }
    const uint32_t spi = (uint32_t(head[spiOffset]) << 24) | (uint32_t(head[spiOffset + 1]) << 16) |
                         (uint32_t(head[spiOffset + 2]) << 8) | head[spiOffset + 3];
    Ptr<SecurityAssociation> sa = m_sad->FindInbound(protocol, header.GetDestination(), spi);
    if (!sa)
    {
        Drop(packet, IpsecDropReason::NO_SA, nullptr);
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
    // The transforms leave the packet as it was when they refuse it, so drops trace the
    // protected packet.
    uint8_t nextHeader = 0;
    IpsecDropReason reason;
    const bool accepted = sa->GetProtocol() == IpsecProtocol::AH
                              ? m_ah.Unprotect(*sa, packet, header, nextHeader, reason)
                              : m_esp.Unprotect(*sa, packet, nextHeader, reason);
    if (!accepted)
    {
        Drop(packet, reason, sa);
        return;
    }

    // RFC 4301 5.2 step 4: the payload must be traffic that this SA may carry.
    const IpsecFlowKey key = MakeKey(IpsecDirection::INBOUND,
                                     header.GetDestination(),
                                     header.GetSource(),
                                     nextHeader,
                                     packet);
    Ptr<IpsecPolicy> policy;
    const IpsecAction action = Decide(key, policy);
    if (action == IpsecAction::DISCARD)
    {
        Drop(packet, IpsecDropReason::POLICY_DISCARD, sa);
        return;
    }
    if (action == IpsecAction::PROTECT &&
        (!policy->IsSatisfiedBy(*sa) || sa->GetSource() != header.GetSource()))
    {
        Drop(packet, IpsecDropReason::POLICY_MISMATCH, sa);
        return;
    }

    Ipv4Header inner = header;
    inner.SetProtocol(nextHeader);
    inner.SetPayloadSize(packet->GetSize());
    auto real = m_realL4.find(nextHeader);
    Ptr<IpL4Protocol> l4 =
        (real != m_realL4.end()) ? real->second : m_ipv4->GetProtocol(nextHeader);
    if (!l4)
    {
        Drop(packet, IpsecDropReason::UNKNOWN_PROTOCOL, sa);
        return;
    }
    ++m_counters.protectedIn;
    m_unprotectTrace(packet, sa);
    l4->Receive(packet, inner, incomingInterface);
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
