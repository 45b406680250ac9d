/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-traffic-selector.h"

#include <sstream>

namespace ns3
{

namespace
{

constexpr uint8_t PROTO_ICMP = 1;
constexpr uint8_t PROTO_TCP = 6;
constexpr uint8_t PROTO_UDP = 17;
constexpr uint8_t PROTO_SCTP = 132;
constexpr uint8_t PROTO_ICMPV6 = 58;

// A range of "none" addresses is the wildcard: it matches either IP version.
bool
InRange(const IpsecAddress& a, const IpsecAddress& low, const IpsecAddress& high)
{
    if (low.GetFamily() == IpsecAddress::NONE)
    {
        return true;
    }
    return a.GetFamily() == low.GetFamily() && !(a < low) && !(high < a);
}

const char*
DirectionName(IpsecDirection d)
{
    switch (d)
    {
    case IpsecDirection::INBOUND:
        return "in";
    case IpsecDirection::OUTBOUND:
        return "out";
    case IpsecDirection::BOTH:
        break;
    }
    return "both";
}

// Prints a prefix as address/length, anything else as low-high.
void
PrintRange(std::ostream& os, const IpsecAddress& low, const IpsecAddress& high)
{
    if (low.GetFamily() == IpsecAddress::NONE)
    {
        os << "any";
        return;
    }
    os << low;
    if (low == high)
    {
        return;
    }
    const uint8_t length = low.GetCoveringPrefixLength(high);
    IpsecAddress prefixLow;
    IpsecAddress prefixHigh;
    low.GetPrefixRange(length, prefixLow, prefixHigh);
    if (prefixHigh == high)
    {
        os << "/" << static_cast<int>(length);
        return;
    }
    os << "-" << high;
}

void
PrintPorts(std::ostream& os, uint16_t low, uint16_t high)
{
    if (low == 0 && high == 0xffff)
    {
        return;
    }
    os << ":" << low;
    if (low != high)
    {
        os << "-" << high;
    }
}

} // namespace

void
IpsecFlowKey::ParseL4(const uint8_t* l4, uint32_t len)
{
    if (HasPorts() && len >= 4)
    {
        const uint16_t src = (l4[0] << 8) | l4[1];
        const uint16_t dst = (l4[2] << 8) | l4[3];
        localPort = (direction == IpsecDirection::OUTBOUND) ? src : dst;
        remotePort = (direction == IpsecDirection::OUTBOUND) ? dst : src;
    }
    else if (IsIcmp() && len >= 2)
    {
        icmpType = l4[0];
        icmpCode = l4[1];
    }
}

bool
IpsecFlowKey::IsIcmp() const
{
    return protocol == PROTO_ICMP || protocol == PROTO_ICMPV6;
}

bool
IpsecFlowKey::HasPorts() const
{
    return protocol == PROTO_UDP || protocol == PROTO_TCP || protocol == PROTO_SCTP;
}

std::ostream&
operator<<(std::ostream& os, const IpsecFlowKey& key)
{
    os << DirectionName(key.direction) << " " << key.local;
    if (key.HasPorts())
    {
        os << ":" << key.localPort;
    }
    os << " -> " << key.remote;
    if (key.HasPorts())
    {
        os << ":" << key.remotePort;
    }
    os << " proto " << static_cast<int>(key.protocol);
    if (key.IsIcmp())
    {
        os << " type " << static_cast<int>(key.icmpType) << " code "
           << static_cast<int>(key.icmpCode);
    }
    return os;
}

IpsecTrafficSelector::IpsecTrafficSelector()
    : m_direction(IpsecDirection::BOTH),
      m_localLow(),
      m_localHigh(),
      m_remoteLow(),
      m_remoteHigh(),
      m_protocol(ANY_PROTOCOL),
      m_localPortLow(0),
      m_localPortHigh(0xffff),
      m_remotePortLow(0),
      m_remotePortHigh(0xffff),
      m_icmpType(ANY_ICMP),
      m_icmpCode(ANY_ICMP)
{
}

IpsecTrafficSelector&
IpsecTrafficSelector::SetLocalPrefix(Ipv4Address address, Ipv4Mask mask)
{
    IpsecAddress(address).GetPrefixRange(mask.GetPrefixLength(), m_localLow, m_localHigh);
    return *this;
}

IpsecTrafficSelector&
IpsecTrafficSelector::SetLocalPrefix(Ipv6Address address, Ipv6Prefix prefix)
{
    IpsecAddress(address).GetPrefixRange(prefix.GetPrefixLength(), m_localLow, m_localHigh);
    return *this;
}

IpsecTrafficSelector&
IpsecTrafficSelector::SetLocalRange(IpsecAddress low, IpsecAddress high)
{
    m_localLow = low;
    m_localHigh = high;
    return *this;
}

IpsecTrafficSelector&
IpsecTrafficSelector::SetRemotePrefix(Ipv4Address address, Ipv4Mask mask)
{
    IpsecAddress(address).GetPrefixRange(mask.GetPrefixLength(), m_remoteLow, m_remoteHigh);
    return *this;
}

IpsecTrafficSelector&
IpsecTrafficSelector::SetRemotePrefix(Ipv6Address address, Ipv6Prefix prefix)
{
    IpsecAddress(address).GetPrefixRange(prefix.GetPrefixLength(), m_remoteLow, m_remoteHigh);
    return *this;
}

IpsecTrafficSelector&
IpsecTrafficSelector::SetRemoteRange(IpsecAddress low, IpsecAddress high)
{
    m_remoteLow = low;
    m_remoteHigh = high;
    return *this;
}

IpsecTrafficSelector&
IpsecTrafficSelector::SetProtocol(uint16_t protocol)
{
    m_protocol = protocol;
    return *this;
}

IpsecTrafficSelector&
IpsecTrafficSelector::SetLocalPorts(uint16_t low, uint16_t high)
{
    m_localPortLow = low;
    m_localPortHigh = high;
    return *this;
}

IpsecTrafficSelector&
IpsecTrafficSelector::SetRemotePorts(uint16_t low, uint16_t high)
{
    m_remotePortLow = low;
    m_remotePortHigh = high;
    return *this;
}

IpsecTrafficSelector&
IpsecTrafficSelector::SetIcmp(int16_t type, int16_t code)
{
    m_icmpType = type;
    m_icmpCode = code;
    return *this;
}

IpsecTrafficSelector&
IpsecTrafficSelector::SetDirection(IpsecDirection direction)
{
    m_direction = direction;
    return *this;
}

bool
IpsecTrafficSelector::Matches(const IpsecFlowKey& key) const
{
    if ((static_cast<uint8_t>(m_direction) & static_cast<uint8_t>(key.direction)) == 0)
    {
        return false;
    }
    if (!InRange(key.local, m_localLow, m_localHigh) ||
        !InRange(key.remote, m_remoteLow, m_remoteHigh))
    {
        return false;
    }
    if (m_protocol != ANY_PROTOCOL && m_protocol != key.protocol)
    {
        return false;
    }
    const bool anyLocalPort = m_localPortLow == 0 && m_localPortHigh == 0xffff;
    const bool anyRemotePort = m_remotePortLow == 0 && m_remotePortHigh == 0xffff;
    if (!anyLocalPort || !anyRemotePort)
    {
        // A port selector cannot match a protocol that has no ports (RFC 4301 4.4.1.1).
        if (!key.HasPorts() || key.localPort < m_localPortLow || key.localPort > m_localPortHigh ||
            key.remotePort < m_remotePortLow || key.remotePort > m_remotePortHigh)
        {
            return false;
        }
    }
    if (m_icmpType != ANY_ICMP || m_icmpCode != ANY_ICMP)
    {
        if (!key.IsIcmp() || (m_icmpType != ANY_ICMP && m_icmpType != key.icmpType) ||
            (m_icmpCode != ANY_ICMP && m_icmpCode != key.icmpCode))
        {
            return false;
        }
    }
    return true;
}

IpsecTrafficSelector
IpsecTrafficSelector::Mirror() const
{
    IpsecTrafficSelector m = *this;
    std::swap(m.m_localLow, m.m_remoteLow);
    std::swap(m.m_localHigh, m.m_remoteHigh);
    std::swap(m.m_localPortLow, m.m_remotePortLow);
    std::swap(m.m_localPortHigh, m.m_remotePortHigh);
    if (m_direction == IpsecDirection::INBOUND)
    {
        m.m_direction = IpsecDirection::OUTBOUND;
    }
    else if (m_direction == IpsecDirection::OUTBOUND)
    {
        m.m_direction = IpsecDirection::INBOUND;
    }
    return m;
}

std::string
IpsecTrafficSelector::Validate() const
{
    std::ostringstream err;
    const IpsecAddress::Family localFamily = m_localLow.GetFamily();
    const IpsecAddress::Family remoteFamily = m_remoteLow.GetFamily();
    if (localFamily != m_localHigh.GetFamily())
    {
        err << "local address range " << m_localLow << "-" << m_localHigh << " mixes IP versions";
    }
    else if (remoteFamily != m_remoteHigh.GetFamily())
    {
        err << "remote address range " << m_remoteLow << "-" << m_remoteHigh
            << " mixes IP versions";
    }
    else if (localFamily != IpsecAddress::NONE && remoteFamily != IpsecAddress::NONE &&
             localFamily != remoteFamily)
    {
        err << "local addresses are IPv" << static_cast<int>(localFamily) << " but remote ones IPv"
            << static_cast<int>(remoteFamily) << ": a packet has one IP version";
    }
    else if (m_localHigh < m_localLow)
    {
        err << "local address range " << m_localLow << "-" << m_localHigh << " is empty";
    }
    else if (m_remoteHigh < m_remoteLow)
    {
        err << "remote address range " << m_remoteLow << "-" << m_remoteHigh << " is empty";
    }
    else if (m_protocol > ANY_PROTOCOL)
    {
        err << "protocol " << m_protocol << " is out of range (0-255 or any)";
    }
    else if (m_localPortLow > m_localPortHigh || m_remotePortLow > m_remotePortHigh)
    {
        err << "port range is empty";
    }
    else if (m_icmpType < ANY_ICMP || m_icmpType > 255 || m_icmpCode < ANY_ICMP || m_icmpCode > 255)
    {
        err << "ICMP type/code out of range (0-255)";
    }
    else if ((m_icmpType != ANY_ICMP || m_icmpCode != ANY_ICMP) && m_protocol != PROTO_ICMP &&
             m_protocol != PROTO_ICMPV6)
    {
        err << "ICMP type/code selectors need protocol 1 (icmp) or 58 (ipv6-icmp)";
    }
    else if (static_cast<uint8_t>(m_direction) < 1 || static_cast<uint8_t>(m_direction) > 3)
    {
        err << "invalid direction";
    }
    return err.str();
}

IpsecDirection
IpsecTrafficSelector::GetDirection() const
{
    return m_direction;
}

uint16_t
IpsecTrafficSelector::GetProtocol() const
{
    return m_protocol;
}

void
IpsecTrafficSelector::GetLocalRange(IpsecAddress& low, IpsecAddress& high) const
{
    low = m_localLow;
    high = m_localHigh;
}

void
IpsecTrafficSelector::GetRemoteRange(IpsecAddress& low, IpsecAddress& high) const
{
    low = m_remoteLow;
    high = m_remoteHigh;
}

void
IpsecTrafficSelector::GetLocalPorts(uint16_t& low, uint16_t& high) const
{
    low = m_localPortLow;
    high = m_localPortHigh;
}

void
IpsecTrafficSelector::GetRemotePorts(uint16_t& low, uint16_t& high) const
{
    low = m_remotePortLow;
    high = m_remotePortHigh;
}

int16_t
IpsecTrafficSelector::GetIcmpType() const
{
    return m_icmpType;
}

int16_t
IpsecTrafficSelector::GetIcmpCode() const
{
    return m_icmpCode;
}

bool
IpsecTrafficSelector::operator==(const IpsecTrafficSelector& o) const
{
    return m_direction == o.m_direction && m_localLow == o.m_localLow &&
           m_localHigh == o.m_localHigh && m_remoteLow == o.m_remoteLow &&
           m_remoteHigh == o.m_remoteHigh && m_protocol == o.m_protocol &&
           m_localPortLow == o.m_localPortLow && m_localPortHigh == o.m_localPortHigh &&
           m_remotePortLow == o.m_remotePortLow && m_remotePortHigh == o.m_remotePortHigh &&
           m_icmpType == o.m_icmpType && m_icmpCode == o.m_icmpCode;
}

IpsecAddress::Family
IpsecTrafficSelector::GetFamily() const
{
    return m_localLow.GetFamily() != IpsecAddress::NONE ? m_localLow.GetFamily()
                                                        : m_remoteLow.GetFamily();
}

void
IpsecTrafficSelector::Print(std::ostream& os) const
{
    os << "dir " << DirectionName(m_direction) << " laddr ";
    PrintRange(os, m_localLow, m_localHigh);
    PrintPorts(os, m_localPortLow, m_localPortHigh);
    os << " raddr ";
    PrintRange(os, m_remoteLow, m_remoteHigh);
    PrintPorts(os, m_remotePortLow, m_remotePortHigh);
    os << " ulp ";
    if (m_protocol == ANY_PROTOCOL)
    {
        os << "any";
    }
    else
    {
        os << m_protocol;
    }
    if (m_icmpType != ANY_ICMP)
    {
        os << " type " << m_icmpType;
    }
    if (m_icmpCode != ANY_ICMP)
    {
        os << " code " << m_icmpCode;
    }
}

std::ostream&
operator<<(std::ostream& os, const IpsecTrafficSelector& selector)
{
    selector.Print(os);
    return os;
}

} // namespace ns3
