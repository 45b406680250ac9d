/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-address.h"

#include <arpa/inet.h>
#include <cstring>
#include <tuple>

namespace ns3
{

IpsecAddress::IpsecAddress()
    : m_family(NONE),
      m_bytes{}
{
}

IpsecAddress::IpsecAddress(Ipv4Address address)
    : m_family(IPV4),
      m_bytes{}
{
    address.Serialize(m_bytes.data());
}

IpsecAddress::IpsecAddress(Ipv6Address address)
    : m_family(IPV6),
      m_bytes{}
{
    address.Serialize(m_bytes.data());
}

bool
IpsecAddress::Parse(const std::string& text, IpsecAddress& address)
{
    // inet_pton accepts exactly the textual forms; ns-3's string constructors accept
    // anything and yield garbage for bad input.
    uint8_t bytes[16];
    if (inet_pton(AF_INET, text.c_str(), bytes) == 1)
    {
        address = Ipv4Address::Deserialize(bytes);
        return true;
    }
    if (inet_pton(AF_INET6, text.c_str(), bytes) == 1)
    {
        address = Ipv6Address::Deserialize(bytes);
        return true;
    }
    return false;
}

IpsecAddress::Family
IpsecAddress::GetFamily() const
{
    return m_family;
}

bool
IpsecAddress::IsIpv4() const
{
    return m_family == IPV4;
}

bool
IpsecAddress::IsIpv6() const
{
    return m_family == IPV6;
}

bool
IpsecAddress::IsAny() const
{
    for (uint8_t b : m_bytes)
    {
        if (b != 0)
        {
            return false;
        }
    }
    return true;
}

bool
IpsecAddress::IsMulticast() const
{
    switch (m_family)
    {
    case IPV4:
        return (m_bytes[0] & 0xf0) == 0xe0;
    case IPV6:
        return m_bytes[0] == 0xff;
    case NONE:
        break;
    }
    return false;
}

Ipv4Address
IpsecAddress::GetIpv4() const
{
    return m_family == IPV4 ? Ipv4Address::Deserialize(m_bytes.data()) : Ipv4Address::GetAny();
}

Ipv6Address
IpsecAddress::GetIpv6() const
{
    return m_family == IPV6 ? Ipv6Address::Deserialize(m_bytes.data()) : Ipv6Address::GetAny();
}

const uint8_t*
IpsecAddress::GetBytes() const
{
    return m_bytes.data();
}

uint32_t
IpsecAddress::GetLength() const
{
    return m_family == IPV4 ? 4 : (m_family == IPV6 ? 16 : 0);
}

void
IpsecAddress::GetPrefixRange(uint8_t prefixLength, IpsecAddress& low, IpsecAddress& high) const
{
    low = *this;
    high = *this;
    const uint32_t bits = GetLength() * 8;
    for (uint32_t bit = prefixLength; bit < bits; ++bit)
    {
        const uint8_t mask = static_cast<uint8_t>(0x80 >> (bit % 8));
        low.m_bytes[bit / 8] &= static_cast<uint8_t>(~mask);
        high.m_bytes[bit / 8] |= mask;
    }
}

uint8_t
IpsecAddress::GetCoveringPrefixLength(const IpsecAddress& high) const
{
    // From the full length down: the first prefix that reaches high is the tightest; once
    // this address is no longer a prefix's first, no shorter prefix starts here either.
    const uint32_t bits = GetLength() * 8;
    for (int32_t length = static_cast<int32_t>(bits); length >= 0; --length)
    {
        IpsecAddress prefixLow;
        IpsecAddress prefixHigh;
        GetPrefixRange(static_cast<uint8_t>(length), prefixLow, prefixHigh);
        if (prefixLow != *this)
        {
            break;
        }
        if (!(prefixHigh < high))
        {
            return static_cast<uint8_t>(length);
        }
    }
    return static_cast<uint8_t>(bits);
}

bool
IpsecAddress::operator<(const IpsecAddress& other) const
{
    return std::tie(m_family, m_bytes) < std::tie(other.m_family, other.m_bytes);
}

bool
IpsecAddress::operator==(const IpsecAddress& other) const
{
    return m_family == other.m_family && m_bytes == other.m_bytes;
}

bool
IpsecAddress::operator!=(const IpsecAddress& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const IpsecAddress& address)
{
    switch (address.GetFamily())
    {
    case IpsecAddress::IPV4:
        return os << address.GetIpv4();
    case IpsecAddress::IPV6:
        return os << address.GetIpv6();
    case IpsecAddress::NONE:
        break;
    }
    return os << "-";
}

} // namespace ns3
