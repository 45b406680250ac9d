/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-output.h"

#include "ipsec-accept-clear.h"
#include "ipsec-layer.h"
#include "ipsec-loopback-tag.h"
#include "ipsec-processing-stack.h"
#include "ipsec-tunnel-interface.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecOutput");

namespace
{
constexpr uint8_t PROTO_ICMP = 1;
constexpr uint8_t PROTO_UDP = 17;

/**
 * @param protocol the L4 protocol whose down target the layer is
 * @param ipv6 whether it sends over IPv6
 * @return the ns-3 function that called the layer (the stack frame below ours)
 */
const char*
SenderOf(uint8_t protocol, bool ipv6)
{
    switch (protocol)
    {
    case 6:
        return ipv6 ? "TcpL4Protocol::SendPacketV6" : "TcpL4Protocol::SendPacketV4";
    case 17:
        return ipv6 ? "UdpL4Protocol::Send (IPv6)" : "UdpL4Protocol::Send";
    case 1:
        return "Icmpv4L4Protocol::SendMessage";
    case 58:
        return "Icmpv6L4Protocol::SendMessage";
    default:
        return ipv6 ? "IpL4Protocol down target (IPv6)" : "IpL4Protocol down target";
    }
}

constexpr uint8_t PROTO_ICMPV6 = 58;
} // namespace

IpsecOutput::IpsecOutput(IpsecLayer& layer, Ptr<RandomVariableStream> ivStream)
    : m_layer(layer),
      m_esp(ivStream)
{
    m_acquireQueue.SetDropCallback(MakeCallback(&IpsecOutput::DropHeld, this));
}

IpsecOutput::~IpsecOutput() = default;

void
IpsecOutput::SetStacks(Ptr<Ipv4L3Protocol> ipv4, Ptr<Ipv6L3Protocol> ipv6)
{
    m_encapsulation.SetStacks(ipv4, ipv6);
}

void
IpsecOutput::Dispose()
{
    m_encapsulation.SetStacks(nullptr, nullptr);
    m_acquireQueue.Clear();
}

void
IpsecOutput::InitializeSa(SecurityAssociation& sa)
{
    m_esp.InitializeSa(sa);
}

void
IpsecOutput::Send(Ptr<Packet> packet,
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
IpsecOutput::Send6(Ptr<Packet> packet,
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
IpsecOutput::SendProtected(Ptr<Packet> packet,
                           const IpsecAddress& source,
                           const IpsecAddress& local,
                           const IpsecAddress& destination,
                           uint8_t protocol,
                           const Route& route)
{
    IpsecProcessingStack::Frame caller(SenderOf(protocol, destination.IsIpv6()),
                                       IpsecProcessingStack::Origin::CALLER);
    IpsecProcessingStack::Frame frame("ipsec_output::SendProtected");
    // An echo reply goes as its request came (icmp-accept-clear), before any policy.
    if ((protocol == PROTO_ICMP || protocol == PROTO_ICMPV6) &&
        SendEchoReply(packet, source, local, destination, protocol, route))
    {
        return;
    }
    const IpsecFlowKey key =
        m_layer.MakeKey(IpsecDirection::OUTBOUND, local, destination, protocol, packet);
    Ptr<IpsecPolicy> policy;
    switch (m_layer.Decide(key, packet, true, policy))
    {
    case IpsecAction::BYPASS:
        ++m_layer.m_counters.clearOut;
        SendClear(packet, source, destination, protocol, route);
        return;
    case IpsecAction::DISCARD:
        m_layer.Drop(packet,
                     IpsecDropReason::POLICY_DISCARD,
                     IpsecDirection::OUTBOUND,
                     nullptr,
                     policy,
                     &key);
        return;
    case IpsecAction::PROTECT:
        break;
    }
    if (m_layer.IsOwnAddress(destination))
    {
        // Intra-machine traffic (the man page): the policy is enforced but its mechanisms are
        // not applied; the packet carries them to the inbound check instead.
        IpsecLoopbackTag tag;
        tag.Set(m_layer.m_node->GetId(), *policy);
        packet->ReplacePacketTag(tag);
        ++m_layer.m_counters.intraMachineOut;
        SendClear(packet, source, destination, protocol, route);
        return;
    }
    ProtectOrAcquire(policy, packet, local, destination, protocol, route, std::nullopt);
}

bool
IpsecOutput::SendEchoReply(Ptr<Packet> packet,
                           const IpsecAddress& source,
                           const IpsecAddress& local,
                           const IpsecAddress& destination,
                           uint8_t protocol,
                           const Route& route)
{
    IpsecAcceptClear::Reply reply =
        m_layer.m_acceptClear->DecideEchoReply(packet, local, destination, protocol);
    switch (reply.kind)
    {
    case IpsecAcceptClear::Reply::SPD:
        return false;
    case IpsecAcceptClear::Reply::CLEAR:
        ++m_layer.m_counters.clearOut;
        SendClear(packet, source, destination, protocol, route);
        return true;
    case IpsecAcceptClear::Reply::DROP:
        m_layer.Drop(packet, reply.reason, IpsecDirection::OUTBOUND, nullptr);
        return true;
    case IpsecAcceptClear::Reply::PROTECT:
        break;
    }
    SendBundle(packet, local, destination, protocol, route, reply.sas, nullptr);
    return true;
}

void
IpsecOutput::ProtectOrAcquire(Ptr<IpsecPolicy> policy,
                              Ptr<Packet> packet,
                              const IpsecAddress& source,
                              const IpsecAddress& destination,
                              uint8_t protocol,
                              const Route& route,
                              const std::optional<IpsecIpHeader>& forwarded)
{
    IpsecProcessingStack::Frame frame("ipsec_output::ProtectOrAcquire");
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
    IpsecFlowKey key; // what a drop reports
    key.direction = IpsecDirection::OUTBOUND;
    key.local = source;
    key.remote = destination;
    key.protocol = protocol;
    if (m_layer.m_acquireCallback.IsNull())
    {
        m_layer.Drop(packet,
                     IpsecDropReason::NO_OUTBOUND_SA,
                     IpsecDirection::OUTBOUND,
                     nullptr,
                     policy,
                     &key);
        return;
    }
    if (!m_acquireQueue.IsAcquirePending(policy))
    {
        if (!m_layer.m_acquireCallback(policy, source, destination))
        {
            m_layer.Drop(packet,
                         IpsecDropReason::NO_OUTBOUND_SA,
                         IpsecDirection::OUTBOUND,
                         nullptr,
                         policy,
                         &key); // nobody to ask
            return;
        }
        m_acquireQueue.NoteAcquire(policy, m_layer.m_acquireTimeout);
    }
    auto resend = [this, policy, packet, source, destination, protocol, route, forwarded]() {
        ProtectOrAcquire(policy, packet, source, destination, protocol, route, forwarded);
    };
    m_acquireQueue.SetLimits(m_layer.m_acquireLimit, m_layer.m_acquireHoldTime);
    if (!m_acquireQueue.Hold(policy, packet, resend))
    {
        m_layer.Drop(packet,
                     IpsecDropReason::NO_OUTBOUND_SA,
                     IpsecDirection::OUTBOUND,
                     nullptr,
                     policy,
                     &key);
    }
}

void
IpsecOutput::SendClear(Ptr<Packet> packet,
                       const IpsecAddress& source,
                       const IpsecAddress& destination,
                       uint8_t protocol,
                       const Route& route)
{
    if (destination.IsIpv6())
    {
        m_layer.m_ipv6->Send(packet, source.GetIpv6(), destination.GetIpv6(), protocol, route.v6);
    }
    else
    {
        m_layer.m_ipv4->Send(packet, source.GetIpv4(), destination.GetIpv4(), protocol, route.v4);
    }
}

void
IpsecOutput::OnSaAdded(Ptr<const SecurityAssociation> sa)
{
    m_acquireQueue.NoteSa(*sa);
    if (m_acquireQueue.GetSize() > 0)
    {
        Simulator::ScheduleNow(&IpsecAcquireQueue::Release, &m_acquireQueue);
    }
}

void
IpsecOutput::DropHeld(Ptr<const Packet> packet)
{
    m_layer.Drop(packet, IpsecDropReason::NO_OUTBOUND_SA, IpsecDirection::OUTBOUND, nullptr);
}

uint32_t
IpsecOutput::GetHeldPackets() const
{
    return m_acquireQueue.GetSize();
}

bool
IpsecOutput::ResolveBundle(const IpsecPolicy& policy,
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
        Ptr<SecurityAssociation> sa = m_layer.m_sad->FindOutbound(step, source, destination);
        if (!sa)
        {
            return false;
        }
        sas.push_back(sa);
    }
    return true;
}

IpsecOutput::Route
IpsecOutput::RouteFor(Ptr<Packet> packet, const IpsecIpHeader& header) const
{
    Route route;
    Socket::SocketErrno err;
    if (header.IsIpv6())
    {
        Ptr<Ipv6RoutingProtocol> routing =
            m_layer.m_ipv6 ? m_layer.m_ipv6->GetRoutingProtocol() : nullptr;
        route.v6 = routing ? routing->RouteOutput(packet, header.GetIpv6(), nullptr, err) : nullptr;
    }
    else
    {
        Ptr<Ipv4RoutingProtocol> routing =
            m_layer.m_ipv4 ? m_layer.m_ipv4->GetRoutingProtocol() : nullptr;
        route.v4 = routing ? routing->RouteOutput(packet, header.GetIpv4(), nullptr, err) : nullptr;
    }
    return route;
}

void
IpsecOutput::SendBundle(Ptr<Packet> packet,
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
            m_layer.Drop(packet, IpsecDropReason::ENCAP_MISMATCH, IpsecDirection::OUTBOUND, sa);
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
                m_layer.Drop(packet, IpsecDropReason::NO_ROUTE, IpsecDirection::OUTBOUND, sa);
                return;
            }
        }
        // With the processing-delay model, each job is admitted before any work is done, so a
        // full queue costs no sequence number; the bytes go out when the engines are done.
        Time delay;
        if (m_layer.m_engine &&
            !m_layer.m_engine->Admit(*sa, protectedSize, IpsecCryptoEngine::ENCRYPT, packet, delay))
        {
            m_layer.Drop(packet, IpsecDropReason::CRYPTO_QUEUE_FULL, IpsecDirection::OUTBOUND, sa);
            return;
        }
        busy = std::max(busy, delay);
        IpsecDropReason reason;
        const bool ok = ah ? m_ah.Protect(*sa, packet, nextHeader, outer, reason)
                           : m_esp.Protect(*sa, packet, nextHeader, reason);
        if (!ok)
        {
            m_layer.Drop(packet, reason, IpsecDirection::OUTBOUND, sa);
            return;
        }
        m_layer.m_sad->NotifyUse(sa); // lifetimes: byte and packet limits, sequence space
        if (!last)
        {
            protocol = static_cast<uint8_t>(IpsecProtocol::ESP);
            m_layer.m_protectTrace(packet, sa); // once per SA of the bundle; the last one on Emit
        }
    }
    Outbound out{packet, outer, ownHeader, source, destination, route, sas.back()};
    if (busy.IsStrictlyPositive())
    {
        Simulator::Schedule(busy, &IpsecOutput::Emit, this, out);
        return;
    }
    Emit(out);
}

void
IpsecOutput::Emit(Outbound out)
{
    if (!m_layer.m_node)
    {
        return; // disposed while the crypto engine held the packet
    }
    ++m_layer.m_counters.protectedOut;
    m_layer.m_protectTrace(out.packet, out.sa);
    auto protocol = static_cast<uint8_t>(out.sa->GetProtocol());
    if (out.sa->GetParams().udpEncap)
    {
        // RFC 3948: the UDP header goes between the (outer) IP header and ESP.
        const IpsecAddress source = out.withHeader ? out.header.GetSource() : out.source;
        const IpsecAddress destination =
            out.withHeader ? out.header.GetDestination() : out.destination;
        m_layer.m_udpEncap->Encapsulate(out.packet, *out.sa, source, destination);
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
        m_layer.m_ipv6->Send(out.packet,
                             out.source.GetIpv6(),
                             out.destination.GetIpv6(),
                             protocol,
                             out.route.v6);
    }
    else if (out.withHeader)
    {
        m_layer.m_ipv4->SendWithHeader(out.packet, out.header.GetIpv4(), out.route.v4);
    }
    else
    {
        m_layer.m_ipv4->Send(out.packet,
                             out.source.GetIpv4(),
                             out.destination.GetIpv4(),
                             protocol,
                             out.route.v4);
    }
}

bool
IpsecOutput::SendThroughTunnel(Ptr<IpsecTunnelInterface> tunnel, Ptr<Packet> packet)
{
    uint8_t first = 0;
    packet->CopyData(&first, 1);
    IpsecIpHeader inner;
    if (!IpsecIpHeader::RemoveFrom(packet,
                                   (first >> 4) == 6 ? IpsecIpHeader::PROTO_IPV6
                                                     : IpsecIpHeader::PROTO_IPV4,
                                   inner))
    {
        m_layer.Drop(packet, IpsecDropReason::BAD_INNER_PACKET, IpsecDirection::OUTBOUND, nullptr);
        return false;
    }
    // Routing chose the tunnel; its own policy decides whether this packet may use it.
    const IpsecFlowKey key = m_layer.MakeKey(IpsecDirection::OUTBOUND,
                                             inner.GetSource(),
                                             inner.GetDestination(),
                                             inner.GetProtocol(),
                                             packet);
    Ptr<IpsecPolicy> policy = tunnel->GetSpd()->Lookup(key);
    if (!policy || policy->GetAction() != IpsecAction::PROTECT)
    {
        inner.AddTo(packet);
        m_layer.Drop(packet,
                     IpsecDropReason::POLICY_DISCARD,
                     IpsecDirection::OUTBOUND,
                     nullptr,
                     policy,
                     &key);
        return false;
    }
    policy->CountMatch(packet->GetSize());
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
IpsecOutput::InterceptForward(Ptr<const Packet> packet, const IpsecIpHeader& header)
{
    if (header.GetHopLimit() <= 1)
    {
        return false; // ns-3's forwarding sends the ICMP time exceeded
    }
    // Traffic leaving through a tunnel is outbound for this gateway's SPD.
    const IpsecFlowKey out = m_layer.MakeKey(IpsecDirection::OUTBOUND,
                                             header.GetSource(),
                                             header.GetDestination(),
                                             header.GetProtocol(),
                                             packet);
    Ptr<IpsecPolicy> policy;
    const IpsecAction action = m_layer.Decide(out, packet, false, policy);
    if (action == IpsecAction::DISCARD)
    {
        m_layer.Drop(packet,
                     IpsecDropReason::POLICY_DISCARD,
                     IpsecDirection::OUTBOUND,
                     nullptr,
                     policy,
                     &out);
        return true;
    }
    if (action == IpsecAction::BYPASS)
    {
        // Cleartext that policy says must arrive through a tunnel is refused (RFC 4301 5.2);
        // what this layer has just decapsulated is what did.
        const IpsecFlowKey in = m_layer.MakeKey(IpsecDirection::INBOUND,
                                                header.GetDestination(),
                                                header.GetSource(),
                                                header.GetProtocol(),
                                                packet);
        Ptr<IpsecPolicy> inPolicy;
        if (!m_layer.m_reinjecting &&
            m_layer.Decide(in, packet, false, inPolicy) == IpsecAction::PROTECT)
        {
            m_layer.Drop(packet,
                         IpsecDropReason::CLEARTEXT_REJECTED,
                         IpsecDirection::INBOUND,
                         nullptr,
                         inPolicy,
                         &in);
            return true;
        }
        return false;
    }
    if (policy->GetBundle().front().mode != IpsecMode::TUNNEL)
    {
        // Transport mode is for hosts.
        m_layer.Drop(packet,
                     IpsecDropReason::POLICY_MISMATCH,
                     IpsecDirection::OUTBOUND,
                     nullptr,
                     policy,
                     &out);
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

} // namespace ns3
