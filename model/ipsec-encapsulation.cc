/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-encapsulation.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/node.h"
#include "ns3/socket.h"
#include "ns3/uinteger.h"

namespace ns3
{

namespace
{
constexpr uint8_t ECN_CE = 3;
constexpr uint8_t ECN_NOT_ECT = 0;
constexpr uint8_t FALLBACK_HOP_LIMIT = 64; //!< When the version's stack is missing

/// A stack's uinteger attribute, or @p fallback without the stack.
template <typename Stack>
uint8_t
StackDefault(const Ptr<Stack>& stack, const char* attribute, uint8_t fallback)
{
    if (!stack)
    {
        return fallback;
    }
    UintegerValue value;
    stack->GetAttribute(attribute, value);
    return static_cast<uint8_t>(value.Get());
}
} // namespace

IpsecEncapsulation::IpsecEncapsulation()
    : m_identification(0)
{
}

void
IpsecEncapsulation::SetStacks(Ptr<Ipv4L3Protocol> ipv4, Ptr<Ipv6L3Protocol> ipv6)
{
    m_ipv4 = ipv4;
    m_ipv6 = ipv6;
}

IpsecIpHeader
IpsecEncapsulation::BuildHeader(Ptr<Packet> packet,
                                const IpsecAddress& source,
                                const IpsecAddress& destination,
                                uint8_t protocol,
                                uint32_t payloadSize)
{
    if (source.IsIpv6())
    {
        // As Ipv6L3Protocol::Send does: hop limit and traffic class tags, else the defaults.
        Ipv6Header ip;
        ip.SetSource(source.GetIpv6());
        ip.SetDestination(destination.GetIpv6());
        ip.SetNextHeader(protocol);
        ip.SetPayloadLength(static_cast<uint16_t>(payloadSize));
        SocketIpv6HopLimitTag hopTag;
        ip.SetHopLimit(packet->RemovePacketTag(hopTag)
                           ? hopTag.GetHopLimit()
                           : StackDefault(m_ipv6, "DefaultTtl", FALLBACK_HOP_LIMIT));
        SocketIpv6TclassTag tclassTag;
        ip.SetTrafficClass(packet->RemovePacketTag(tclassTag)
                               ? tclassTag.GetTclass()
                               : StackDefault(m_ipv6, "DefaultTclass", 0));
        return ip;
    }
    // As Ipv4L3Protocol does: the socket's TTL, TOS and DF tags, else the defaults.
    Ipv4Header ip;
    ip.SetSource(source.GetIpv4());
    ip.SetDestination(destination.GetIpv4());
    ip.SetProtocol(protocol);
    ip.SetPayloadSize(static_cast<uint16_t>(payloadSize));
    SocketIpTtlTag ttlTag;
    ip.SetTtl(packet->RemovePacketTag(ttlTag)
                  ? ttlTag.GetTtl()
                  : StackDefault(m_ipv4, "DefaultTtl", FALLBACK_HOP_LIMIT));
    SocketIpTosTag tosTag;
    ip.SetTos(packet->RemovePacketTag(tosTag) ? tosTag.GetTos() : 0);
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

uint8_t
IpsecEncapsulation::Encapsulate(Ptr<Packet> packet,
                                IpsecAddress& source,
                                IpsecAddress& destination,
                                uint8_t protocol,
                                const SecurityAssociation& sa,
                                const IpsecIpHeader* forwarded)
{
    // The inner packet is what the host would have sent (RFC 4301 section 5.1.2), or, on a
    // gateway, the forwarded packet as it is.
    const IpsecIpHeader inner =
        forwarded ? *forwarded
                  : BuildHeader(packet, source, destination, protocol, packet->GetSize());
    inner.AddTo(packet);
    // RFC 4301 5.1.2.1: the outer header copies DSCP and, RFC 6040 normal mode, ECN from the
    // inner one, through the tags the outer header's builder reads. The socket's hop-limit
    // tag went to the inner header, so the outer one gets the default.
    source = sa.GetSource();
    destination = sa.GetDestination();
    if (destination.IsIpv6())
    {
        SocketIpv6TclassTag tclass;
        tclass.SetTclass(inner.GetTrafficClass());
        packet->ReplacePacketTag(tclass);
    }
    else
    {
        SocketIpTosTag tos;
        tos.SetTos(inner.GetTrafficClass());
        packet->ReplacePacketTag(tos);
        // DF is copied from an inner IPv4 header (RFC 4301's default "copy" choice); an inner
        // IPv6 packet has no DF, and its outer IPv4 header lets routers fragment it (RFC 4213
        // 3.2), as the IPv6 packet itself may not be.
        SocketSetDontFragmentTag df;
        if (!inner.IsIpv6() && inner.GetIpv4().IsDontFragment())
        {
            df.Enable();
        }
        else
        {
            df.Disable();
        }
        packet->ReplacePacketTag(df);
    }
    return inner.GetEncapsulationProtocol();
}

bool
IpsecEncapsulation::Decapsulate(Ptr<Packet> packet,
                                uint8_t nextHeader,
                                const IpsecIpHeader& outer,
                                IpsecIpHeader& inner)
{
    if (!IpsecIpHeader::RemoveFrom(packet, nextHeader, inner))
    {
        return false;
    }
    // RFC 6040 section 4.2: congestion marked on the outer header survives decapsulation;
    // a CE mark on a packet whose inner header is not ECN-capable means drop.
    if (outer.GetEcn() == ECN_CE)
    {
        if (inner.GetEcn() == ECN_NOT_ECT)
        {
            inner.AddTo(packet);
            return false;
        }
        inner.SetEcn(ECN_CE);
    }
    return true;
}

} // namespace ns3
