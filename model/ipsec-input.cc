/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-input.h"

#include "ipsec-accept-clear.h"
#include "ipsec-encapsulation.h"
#include "ipsec-layer.h"
#include "ipsec-loopback-tag.h"
#include "ipsec-processing-stack.h"
#include "ipsec-wire.h"

#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/udp-header.h"

#include <utility>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecInput");

IpsecInput::IpsecInput(IpsecLayer& layer, Ptr<RandomVariableStream> ivStream)
    : m_layer(layer),
      m_esp(ivStream)
{
}

IpsecInput::~IpsecInput() = default;

void
IpsecInput::Receive(IpsecProtocol protocol,
                    Ptr<Packet> packet,
                    const IpsecIpHeader& header,
                    Ptr<NetDevice> device)
{
    IpsecProcessingStack::Frame caller(header.IsIpv6() ? "Ipv6L3Protocol::LocalDeliver"
                                                       : "Ipv4L3Protocol::LocalDeliver",
                                       IpsecProcessingStack::Origin::CALLER);
    IpsecProcessingStack::Frame frame(protocol == IpsecProtocol::AH ? "ipsec_input::ReceiveAh"
                                                                    : "ipsec_input::ReceiveEsp");
    ReceiveProtected(protocol, packet, Inbound{header, header, device, {}, false});
}

bool
IpsecInput::ReceiveUdp(Ptr<Packet> packet, const IpsecIpHeader& header, Ptr<NetDevice> device)
{
    UdpHeader udp;
    if (!m_layer.m_udpEncap || !m_layer.m_udpEncap->HasEndpoints() ||
        packet->GetSize() < udp.GetSerializedSize())
    {
        return false; // most nodes have no endpoint: their UDP pays no more than this
    }
    packet->PeekHeader(udp);
    if (!m_layer.m_udpEncap->IsEndpoint(udp.GetDestinationPort()))
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
        m_layer.Drop(packet,
                     IpsecDropReason::UDP_CHECKSUM,
                     IpsecDirection::INBOUND,
                     nullptr,
                     nullptr,
                     nullptr,
                     &header);
        return true;
    }
    if (kind == IpsecUdpEncapsulation::Kind::KEEPALIVE)
    {
        m_layer.m_udpEncap->NotifyKeepaliveReceived(packet,
                                                    header.GetSource(),
                                                    udp.GetSourcePort());
        return true;
    }
    IpsecProcessingStack::Frame caller("UdpL4Protocol::Receive",
                                       IpsecProcessingStack::Origin::CALLER);
    IpsecProcessingStack::Frame frame("ipsec_input::ReceiveUdpEncapsulated");
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

void
IpsecInput::ReceiveProtected(IpsecProtocol protocol, Ptr<Packet> packet, Inbound state)
{
    // The outermost ESP header's sequence number tells whether a UDP packet is the newest.
    Ptr<SecurityAssociation> sa =
        FindInboundSa(protocol, packet, state.current, state.udp ? &state.sequence : nullptr);
    if (!sa)
    {
        return;
    }
    // An SA is either carried in UDP or not (Linux counts XfrmInStateMismatch likewise):
    // a peer or NAT must not switch it from one to the other.
    if (state.udp != sa->GetParams().udpEncap.has_value())
    {
        m_layer.Drop(packet, IpsecDropReason::ENCAP_MISMATCH, IpsecDirection::INBOUND, sa);
        return;
    }
    state.used.reserve(2); // an SA, or a bundle of two
    Unprotect(packet, std::move(state), sa);
}

void
IpsecInput::CheckNatMapping(Ptr<SecurityAssociation> sa, const Inbound& state)
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
    if (m_layer.m_followNatMapping)
    {
        std::string error;
        m_layer.m_sad->FollowNatMapping(sa, from, state.udpSource, error);
        if (!error.empty())
        {
            NS_LOG_WARN("cannot follow the NAT mapping: " << error);
        }
    }
    m_layer.m_natMappingTrace(sa, from, state.udpSource);
    if (!m_layer.m_natMappingCallback.IsNull())
    {
        m_layer.m_natMappingCallback(sa, from, state.udpSource);
    }
}

void
IpsecInput::Unprotect(Ptr<Packet> packet, Inbound state, Ptr<SecurityAssociation> sa)
{
    // With the processing-delay model every SA of a bundle is a job of its own, served in
    // turn, as the outbound side does.
    Time delay;
    if (m_layer.m_engine)
    {
        if (!m_layer.m_engine
                 ->Admit(*sa, packet->GetSize(), IpsecCryptoEngine::DECRYPT, packet, delay))
        {
            m_layer.Drop(packet, IpsecDropReason::CRYPTO_QUEUE_FULL, IpsecDirection::INBOUND, sa);
            return;
        }
        if (delay.IsStrictlyPositive())
        {
            Simulator::Schedule(delay, &IpsecInput::FinishReceive, this, packet, state, sa);
            return;
        }
    }
    FinishReceive(packet, std::move(state), sa);
}

Ptr<SecurityAssociation>
IpsecInput::FindInboundSa(IpsecProtocol protocol,
                          Ptr<Packet> packet,
                          const IpsecIpHeader& header,
                          uint32_t* sequence)
{
    const IpsecAddress destination = header.GetDestination();
    // ESP starts with SPI and sequence number; AH with next header, length, reserved, SPI.
    uint8_t head[8];
    if (packet->CopyData(head, sizeof(head)) < sizeof(head))
    {
        m_layer.Drop(packet,
                     IpsecDropReason::TRUNCATED,
                     IpsecDirection::INBOUND,
                     nullptr,
                     nullptr,
                     nullptr,
                     &header);
        return nullptr;
    }
    const uint32_t spi = ReadNetwork32(head + (protocol == IpsecProtocol::AH ? 4 : 0));
    if (sequence && protocol == IpsecProtocol::ESP)
    {
        *sequence = ReadNetwork32(head + 4);
    }
    Ptr<SecurityAssociation> sa = m_layer.m_sad->FindInbound(protocol, destination, spi);
    if (!sa)
    {
        m_layer.Drop(packet,
                     IpsecDropReason::NO_SA,
                     IpsecDirection::INBOUND,
                     nullptr,
                     nullptr,
                     nullptr,
                     &header);
    }
    return sa;
}

bool
IpsecInput::IsLocalAddress(const IpsecAddress& address, Ptr<NetDevice> device) const
{
    if (address.IsIpv6())
    {
        return m_layer.m_ipv6 && m_layer.m_ipv6->GetInterfaceForAddress(address.GetIpv6()) >= 0;
    }
    if (!m_layer.m_ipv4)
    {
        return false;
    }
    const int32_t iif = Ipv4InterfaceIndex(device);
    return iif >= 0 ? m_layer.m_ipv4->IsDestinationAddress(address.GetIpv4(), iif)
                    : m_layer.m_ipv4->GetInterfaceForAddress(address.GetIpv4()) >= 0;
}

int32_t
IpsecInput::Ipv4InterfaceIndex(Ptr<NetDevice> device) const
{
    // Every inbound packet asks; remembering the last answer keeps the stack's lookup (and its
    // logging checks) off the per-packet path. An index, once assigned, does not change.
    if (PeekPointer(device) == m_cachedDevice)
    {
        return m_cachedInterface;
    }
    const int32_t iif = m_layer.m_ipv4->GetInterfaceForDevice(device);
    if (iif >= 0)
    {
        m_cachedDevice = PeekPointer(device);
        m_cachedInterface = iif;
    }
    return iif;
}

void
IpsecInput::FinishReceive(Ptr<Packet> packet, Inbound state, Ptr<SecurityAssociation> sa)
{
    if (!m_layer.m_node)
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
        m_layer.Drop(packet, reason, IpsecDirection::INBOUND, sa);
        return;
    }
    state.used.push_back(sa);
    m_layer.m_sad->NotifyUse(sa);
    m_layer.m_unprotectTrace(packet, sa);
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
            m_layer.Drop(packet, IpsecDropReason::BAD_INNER_PACKET, IpsecDirection::INBOUND, sa);
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
            FindInboundSa(static_cast<IpsecProtocol>(nextHeader), packet, inner);
        if (next)
        {
            Unprotect(packet, std::move(state), next);
        }
        return;
    }
    CheckAndDeliver(packet, state);
}

void
IpsecInput::CheckAndDeliver(Ptr<Packet> packet, const Inbound& state)
{
    const IpsecIpHeader& current = state.current;
    const std::vector<Ptr<SecurityAssociation>>& used = state.used;
    const uint8_t nextHeader = current.GetProtocol();
    const Ptr<NetDevice>& device = state.device;
    // RFC 4301 5.2 step 4: the payload must be traffic that these SAs may carry.
    const IpsecFlowKey key = m_layer.MakeKey(IpsecDirection::INBOUND,
                                             current.GetDestination(),
                                             current.GetSource(),
                                             nextHeader,
                                             packet);

    // A route-based tunnel: its own policy decides, and the inner packet appears on its
    // device, for this node's routing to deliver or forward.
    for (const auto& tunnelIf : m_layer.m_tunnels)
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
            m_layer.Drop(packet,
                         IpsecDropReason::POLICY_MISMATCH,
                         IpsecDirection::INBOUND,
                         used.back(),
                         tunnelPolicy,
                         &key);
            return;
        }
        tunnelPolicy->CountMatch(packet->GetSize());
        ++m_layer.m_counters.protectedIn;
        current.AddTo(packet);
        m_layer.m_reinjecting = true;
        tunnelIf->GetDevice()->Receive(packet,
                                       current.IsIpv6() ? Ipv6L3Protocol::PROT_NUMBER
                                                        : Ipv4L3Protocol::PROT_NUMBER,
                                       Address(),
                                       Address(),
                                       NetDevice::PACKET_HOST);
        m_layer.m_reinjecting = false;
        return;
    }
    // Per-socket policy applies to what this node delivers to its own sockets, not to what a
    // gateway forwards.
    const bool local = !state.tunnel || IsLocalAddress(current.GetDestination(), device);
    Ptr<IpsecPolicy> policy;
    const IpsecAction action = m_layer.Decide(key, packet, local, policy);
    if (action == IpsecAction::DISCARD)
    {
        m_layer.Drop(packet,
                     IpsecDropReason::POLICY_DISCARD,
                     IpsecDirection::INBOUND,
                     used.back(),
                     policy,
                     &key);
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
        m_layer.Drop(packet,
                     IpsecDropReason::POLICY_MISMATCH,
                     IpsecDirection::INBOUND,
                     used.back(),
                     policy,
                     &key);
        return;
    }

    if (!local)
    {
        // A security gateway: the inner packet continues through this node's forwarding,
        // which decrements its TTL and fires ns-3's forwarding traces.
        ++m_layer.m_counters.protectedIn;
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
        m_layer.Drop(packet, IpsecDropReason::TRUNCATED, IpsecDirection::INBOUND, used.back());
        return;
    }
    DeliverLocally(packet, current, device, used);
}

void
IpsecInput::DeliverLocally(Ptr<Packet> packet,
                           const IpsecIpHeader& header,
                           Ptr<NetDevice> device,
                           const std::vector<Ptr<SecurityAssociation>>& used)
{
    const Ptr<SecurityAssociation>& sa = used.back();
    const uint8_t protocol = header.GetProtocol();
    // While the protocol has it: an echo reply goes out like this request came, and the
    // cleartext checks (ICMP, IGMP, PIM) let it through, as its policy check is done.
    const IpsecAcceptClear::Scope scope(*m_layer.m_acceptClear, packet, header, &used);
    auto real = m_layer.m_realL4.find(protocol);
    Ptr<IpL4Protocol> l4 = real != m_layer.m_realL4.end() ? real->second : nullptr;
    if (header.IsIpv6())
    {
        if (!l4 && m_layer.m_ipv6)
        {
            l4 = m_layer.m_ipv6->GetProtocol(protocol);
        }
        const int32_t iif = m_layer.m_ipv6 ? m_layer.m_ipv6->GetInterfaceForDevice(device) : -1;
        if (!l4 || !m_layer.m_ipv6)
        {
            m_layer.Drop(packet, IpsecDropReason::UNKNOWN_PROTOCOL, IpsecDirection::INBOUND, sa);
            return;
        }
        // A 6-in-4 tunnel may end on a device without IPv6: the loopback interface stands in.
        ++m_layer.m_counters.protectedIn;
        l4->Receive(packet, header.GetIpv6(), m_layer.m_ipv6->GetInterface(iif >= 0 ? iif : 0));
        return;
    }
    if (!l4 && m_layer.m_ipv4)
    {
        l4 = m_layer.m_ipv4->GetProtocol(protocol);
    }
    if (!l4 || !m_layer.m_ipv4)
    {
        m_layer.Drop(packet, IpsecDropReason::UNKNOWN_PROTOCOL, IpsecDirection::INBOUND, sa);
        return;
    }
    const int32_t iif = Ipv4InterfaceIndex(device);
    ++m_layer.m_counters.protectedIn;
    l4->Receive(packet, header.GetIpv4(), m_layer.m_ipv4->GetInterface(iif >= 0 ? iif : 0));
}

void
IpsecInput::Reinject(Ptr<Packet> packet, bool ipv6, Ptr<NetDevice> device)
{
    m_layer.m_reinjecting = true;
    if (ipv6)
    {
        // A device without an IPv6 interface (a 6-in-4 tunnel's end) has the loopback's.
        if (m_layer.m_ipv6->GetInterfaceForDevice(device) < 0)
        {
            device = m_layer.m_ipv6->GetNetDevice(0);
        }
        m_layer.m_ipv6->Receive(device,
                                packet,
                                Ipv6L3Protocol::PROT_NUMBER,
                                Address(),
                                Address(),
                                NetDevice::PACKET_HOST);
    }
    else
    {
        if (m_layer.m_ipv4->GetInterfaceForDevice(device) < 0)
        {
            device = m_layer.m_ipv4->GetNetDevice(0);
        }
        m_layer.m_ipv4->Receive(device,
                                packet,
                                Ipv4L3Protocol::PROT_NUMBER,
                                Address(),
                                Address(),
                                NetDevice::PACKET_HOST);
    }
    m_layer.m_reinjecting = false;
}

bool
IpsecInput::AcceptClear(Ptr<const Packet> packet, const IpsecIpHeader& header)
{
    IpsecProcessingStack::Frame caller(header.IsIpv6() ? "Ipv6L3Protocol::LocalDeliver"
                                                       : "Ipv4L3Protocol::LocalDeliver",
                                       IpsecProcessingStack::Origin::CALLER);
    IpsecProcessingStack::Frame frame("ipsec_input::AcceptClear");
    const IpsecFlowKey key = m_layer.MakeKey(IpsecDirection::INBOUND,
                                             header.GetDestination(),
                                             header.GetSource(),
                                             header.GetProtocol(),
                                             packet);
    Ptr<IpsecPolicy> policy;
    const IpsecAction action = m_layer.Decide(key, packet, true, policy);
    if (action == IpsecAction::BYPASS)
    {
        ++m_layer.m_counters.clearIn;
        return true;
    }
    IpsecDropReason reason = IpsecDropReason::POLICY_DISCARD;
    if (action == IpsecAction::PROTECT)
    {
        // Intra-machine traffic arrives with the mechanisms its outbound policy named instead
        // of applied ones; only this node's own tag counts.
        IpsecLoopbackTag tag;
        if (packet->PeekPacketTag(tag) && tag.GetNode() == m_layer.m_node->GetId() &&
            m_layer.IsOwnAddress(header.GetSource()))
        {
            if (tag.Satisfies(*policy))
            {
                ++m_layer.m_counters.intraMachineIn;
                return true;
            }
            reason = IpsecDropReason::POLICY_MISMATCH;
        }
        else
        {
            reason = IpsecDropReason::CLEARTEXT_REJECTED;
        }
    }
    m_layer.Drop(packet, reason, IpsecDirection::INBOUND, nullptr, policy, &key, &header);
    return false;
}

} // namespace ns3
