/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-accept-clear.h"

#include "ipsec-layer.h"
#include "ipsec-policy.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecAcceptClear");

namespace
{
constexpr uint8_t PROTO_ICMP = 1;
constexpr uint8_t PROTO_IGMP = 2;
constexpr uint8_t PROTO_TCP = 6;
constexpr uint8_t PROTO_UDP = 17;
constexpr uint8_t PROTO_ICMPV6 = 58;
constexpr uint8_t ICMP_ECHO_REPLY = 0;
constexpr uint8_t ICMP_ECHO_REQUEST = 8;
constexpr uint8_t ICMPV6_ECHO_REQUEST = 128;
constexpr uint8_t ICMPV6_ECHO_REPLY = 129;

/**
 * @brief Read an echo message's type, identifier and sequence number.
 * @param packet the ICMP or ICMPv6 message
 * @param[out] type its type
 * @param[out] id its identifier
 * @param[out] sequence its sequence number
 * @return false if it is too short to be an echo message
 */
bool
ReadEcho(Ptr<const Packet> packet, uint8_t& type, uint16_t& id, uint16_t& sequence)
{
    // Both versions: type, code, checksum, then identifier and sequence number.
    uint8_t head[8];
    if (packet->CopyData(head, sizeof(head)) < sizeof(head))
    {
        return false;
    }
    type = head[0];
    id = static_cast<uint16_t>((head[4] << 8) | head[5]);
    sequence = static_cast<uint16_t>((head[6] << 8) | head[7]);
    return true;
}
} // namespace

IpsecAcceptClear::Scope::Scope(IpsecAcceptClear& rules,
                               Ptr<const Packet> packet,
                               const IpsecIpHeader& header,
                               const std::vector<Ptr<SecurityAssociation>>* sas)
{
    m_protocol = header.GetProtocol();
    if (m_protocol == PROTO_TCP || m_protocol == PROTO_UDP)
    {
        return; // nothing here concerns them
    }
    m_rules = &rules;
    m_packet = PeekPointer(packet);
    m_requester = header.GetSource();
    m_sas = sas;
    uint8_t type = 0;
    if ((m_protocol == PROTO_ICMP || m_protocol == PROTO_ICMPV6) &&
        ReadEcho(packet, type, m_id, m_sequence))
    {
        // Read now: ICMP strips its headers off this very packet before it answers.
        m_echoRequest =
            type == (m_protocol == PROTO_ICMP ? ICMP_ECHO_REQUEST : ICMPV6_ECHO_REQUEST);
    }
    m_previous = rules.m_current;
    rules.m_current = this;
}

IpsecAcceptClear::Scope::~Scope()
{
    if (m_rules)
    {
        m_rules->m_current = m_previous;
    }
}

IpsecAcceptClear::IpsecAcceptClear(IpsecLayer& layer)
    : m_layer(layer)
{
}

bool
IpsecAcceptClear::IsProtectedDelivery(Ptr<const Packet> packet) const
{
    for (const Scope* scope = m_current; scope; scope = scope->m_previous)
    {
        if (scope->m_packet == PeekPointer(packet))
        {
            return scope->m_sas != nullptr;
        }
    }
    return false;
}

bool
IpsecAcceptClear::AcceptIcmp(Ptr<const Packet> packet, const IpsecIpHeader& header)
{
    if (m_layer.m_icmpAcceptClear)
    {
        ++m_layer.m_counters.icmpClearAccepted;
        return true;
    }
    return m_layer.AcceptClear(packet, header);
}

void
IpsecAcceptClear::ReceiveMulticastControl(Ptr<const Packet> packet, const IpsecIpHeader& header)
{
    const bool protectedDelivery = IsProtectedDelivery(packet);
    if (!protectedDelivery)
    {
        const bool igmp = header.GetProtocol() == PROTO_IGMP;
        if (igmp ? m_layer.m_igmpAcceptClear : m_layer.m_pimAcceptClear)
        {
            ++(igmp ? m_layer.m_counters.igmpClearAccepted : m_layer.m_counters.pimClearAccepted);
        }
        else if (!m_layer.AcceptClear(packet, header))
        {
            return; // dropped, counted and traced by the check
        }
    }
    m_layer.m_multicastControlTrace(packet, header, protectedDelivery);
}

IpsecAcceptClear::Reply
IpsecAcceptClear::DecideEchoReply(Ptr<const Packet> packet,
                                  const IpsecAddress& local,
                                  const IpsecAddress& destination,
                                  uint8_t protocol)
{
    uint8_t type = 0;
    uint16_t id = 0;
    uint16_t sequence = 0;
    if (!ReadEcho(packet, type, id, sequence) ||
        type != (protocol == PROTO_ICMP ? ICMP_ECHO_REPLY : ICMPV6_ECHO_REPLY))
    {
        return Reply{};
    }
    const Scope* request = nullptr;
    for (const Scope* scope = m_current; scope; scope = scope->m_previous)
    {
        if (scope->m_echoRequest && scope->m_protocol == protocol &&
            scope->m_requester == destination && scope->m_id == id && scope->m_sequence == sequence)
        {
            request = scope;
            break;
        }
    }
    const bool requestProtected = request && request->m_sas;
    if (!m_layer.m_icmpAcceptClear)
    {
        Reply reply;
        if (protocol == PROTO_ICMPV6 && !requestProtected &&
            !CheckClearRequest6(local, destination, reply.reason))
        {
            reply.kind = Reply::DROP;
        }
        return reply; // SPD, unless the request itself was refused
    }
    if (!requestProtected)
    {
        // A request in the clear: ICMP answers only requests it receives, and the layer marks
        // every protected one, so an unmarked reply answers a cleartext request (always so for
        // ICMPv6, whose requests the layer cannot mark). Encrypting it would hand the
        // requester the ciphertext of a plaintext it chose.
        NS_LOG_LOGIC("echo reply to " << destination << " id " << id << " in the clear");
        Reply reply;
        reply.kind = Reply::CLEAR;
        return reply;
    }
    return ProtectLike(*request->m_sas);
}

IpsecAcceptClear::Reply
IpsecAcceptClear::ProtectLike(const std::vector<Ptr<SecurityAssociation>>& request) const
{
    // The request's SAs, outermost first; the reply's bundle is applied innermost first, each
    // SA the mirror image of the one that carried the request (a tunnel's endpoints swapped).
    Reply reply;
    for (auto it = request.rbegin(); it != request.rend(); ++it)
    {
        const SecurityAssociation& in = **it;
        IpsecProtection step;
        step.protocol = in.GetProtocol();
        step.mode = in.GetMode();
        step.encryption = in.GetEncryption();
        step.integrity = in.GetIntegrity();
        if (step.mode == IpsecMode::TUNNEL)
        {
            step.tunnelLocal = in.GetDestination();
            step.tunnelRemote = in.GetSource();
        }
        Ptr<SecurityAssociation> out =
            m_layer.m_sad->FindOutbound(step, in.GetDestination(), in.GetSource());
        if (!out)
        {
            NS_LOG_LOGIC("no outbound SA like inbound spi " << in.GetSpi() << " for the reply");
            reply.kind = Reply::DROP;
            reply.reason = IpsecDropReason::NO_OUTBOUND_SA;
            reply.sas.clear();
            return reply;
        }
        reply.sas.push_back(out);
    }
    reply.kind = Reply::PROTECT;
    return reply;
}

bool
IpsecAcceptClear::CheckClearRequest6(const IpsecAddress& local,
                                     const IpsecAddress& requester,
                                     IpsecDropReason& reason)
{
    IpsecFlowKey key;
    key.direction = IpsecDirection::INBOUND;
    key.local = local;
    key.remote = requester;
    key.protocol = PROTO_ICMPV6;
    key.icmpType = ICMPV6_ECHO_REQUEST;
    key.icmpCode = 0;
    Ptr<IpsecPolicy> policy;
    switch (m_layer.Decide(key, Create<Packet>(), true, policy))
    {
    case IpsecAction::BYPASS:
        ++m_layer.m_counters.clearIn;
        return true;
    case IpsecAction::DISCARD:
        reason = IpsecDropReason::POLICY_DISCARD;
        return false;
    case IpsecAction::PROTECT:
        break;
    }
    reason = IpsecDropReason::CLEARTEXT_REJECTED;
    return false;
}

} // namespace ns3
