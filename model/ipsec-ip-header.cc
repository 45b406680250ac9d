/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-ip-header.h"

#include "ns3/node.h"

namespace ns3
{

namespace
{
constexpr uint32_t IPV4_MIN_HEADER = 20;
constexpr uint32_t IPV6_HEADER = 40;
} // namespace

IpsecIpHeader::IpsecIpHeader()
    : m_header(Ipv4Header())
{
}

IpsecIpHeader::IpsecIpHeader(const Ipv4Header& header)
    : m_header(header)
{
}

IpsecIpHeader::IpsecIpHeader(const Ipv6Header& header)
    : m_header(header)
{
}

bool
IpsecIpHeader::IsIpv6() const
{
    return m_header.index() == 1;
}

const Ipv4Header&
IpsecIpHeader::GetIpv4() const
{
    return std::get<Ipv4Header>(m_header);
}

Ipv4Header&
IpsecIpHeader::GetIpv4()
{
    return std::get<Ipv4Header>(m_header);
}

const Ipv6Header&
IpsecIpHeader::GetIpv6() const
{
    return std::get<Ipv6Header>(m_header);
}

Ipv6Header&
IpsecIpHeader::GetIpv6()
{
    return std::get<Ipv6Header>(m_header);
}

IpsecAddress
IpsecIpHeader::GetSource() const
{
    return IsIpv6() ? IpsecAddress(GetIpv6().GetSource()) : IpsecAddress(GetIpv4().GetSource());
}

IpsecAddress
IpsecIpHeader::GetDestination() const
{
    return IsIpv6() ? IpsecAddress(GetIpv6().GetDestination())
                    : IpsecAddress(GetIpv4().GetDestination());
}

uint8_t
IpsecIpHeader::GetProtocol() const
{
    return IsIpv6() ? GetIpv6().GetNextHeader() : GetIpv4().GetProtocol();
}

void
IpsecIpHeader::SetProtocol(uint8_t protocol)
{
    if (IsIpv6())
    {
        GetIpv6().SetNextHeader(protocol);
    }
    else
    {
        GetIpv4().SetProtocol(protocol);
    }
}

uint32_t
IpsecIpHeader::GetPayloadSize() const
{
    return IsIpv6() ? GetIpv6().GetPayloadLength() : GetIpv4().GetPayloadSize();
}

void
IpsecIpHeader::SetPayloadSize(uint32_t size)
{
    if (IsIpv6())
    {
        GetIpv6().SetPayloadLength(static_cast<uint16_t>(size));
    }
    else
    {
        GetIpv4().SetPayloadSize(static_cast<uint16_t>(size));
    }
}

uint8_t
IpsecIpHeader::GetTrafficClass() const
{
    return IsIpv6() ? GetIpv6().GetTrafficClass() : GetIpv4().GetTos();
}

uint8_t
IpsecIpHeader::GetEcn() const
{
    return GetTrafficClass() & 0x03;
}

void
IpsecIpHeader::SetEcn(uint8_t ecn)
{
    if (IsIpv6())
    {
        GetIpv6().SetTrafficClass(
            static_cast<uint8_t>((GetIpv6().GetTrafficClass() & 0xfc) | (ecn & 3)));
    }
    else
    {
        GetIpv4().SetEcn(static_cast<Ipv4Header::EcnType>(ecn & 3));
    }
}

uint8_t
IpsecIpHeader::GetHopLimit() const
{
    return IsIpv6() ? GetIpv6().GetHopLimit() : GetIpv4().GetTtl();
}

void
IpsecIpHeader::SetHopLimit(uint8_t hopLimit)
{
    if (IsIpv6())
    {
        GetIpv6().SetHopLimit(hopLimit);
    }
    else
    {
        GetIpv4().SetTtl(hopLimit);
    }
}

uint8_t
IpsecIpHeader::GetEncapsulationProtocol() const
{
    return IsIpv6() ? PROTO_IPV6 : PROTO_IPV4;
}

uint32_t
IpsecIpHeader::GetSerializedSize() const
{
    return IsIpv6() ? GetIpv6().GetSerializedSize() : GetIpv4().GetSerializedSize();
}

void
IpsecIpHeader::AddTo(Ptr<Packet> packet) const
{
    if (IsIpv6())
    {
        packet->AddHeader(GetIpv6());
        return;
    }
    Ipv4Header h = GetIpv4();
    if (Node::ChecksumEnabled())
    {
        h.EnableChecksum();
    }
    packet->AddHeader(h);
}

bool
IpsecIpHeader::RemoveFrom(Ptr<Packet> packet, uint8_t expectedProtocol, IpsecIpHeader& header)
{
    uint8_t first = 0;
    if (packet->CopyData(&first, 1) != 1)
    {
        return false;
    }
    const uint8_t version = first >> 4;
    if (expectedProtocol == PROTO_IPV6)
    {
        if (version != 6 || packet->GetSize() < IPV6_HEADER)
        {
            return false;
        }
        Ipv6Header h;
        packet->RemoveHeader(h);
        if (h.GetPayloadLength() > packet->GetSize())
        {
            packet->AddHeader(h);
            return false;
        }
        packet->RemoveAtEnd(packet->GetSize() - h.GetPayloadLength());
        header = IpsecIpHeader(h);
        return true;
    }
    if (expectedProtocol != PROTO_IPV4 || version != 4 || (first & 0x0f) < 5 ||
        packet->GetSize() < IPV4_MIN_HEADER)
    {
        return false;
    }
    Ipv4Header h;
    if (Node::ChecksumEnabled())
    {
        h.EnableChecksum(); // verified here, and recomputed if the header is re-added
    }
    packet->RemoveHeader(h);
    if (!h.IsChecksumOk() || h.GetPayloadSize() > packet->GetSize())
    {
        packet->AddHeader(h);
        return false;
    }
    packet->RemoveAtEnd(packet->GetSize() - h.GetPayloadSize());
    header = IpsecIpHeader(h);
    return true;
}

std::ostream&
operator<<(std::ostream& os, const IpsecIpHeader& header)
{
    if (header.IsIpv6())
    {
        header.GetIpv6().Print(os);
    }
    else
    {
        header.GetIpv4().Print(os);
    }
    return os;
}

} // namespace ns3
