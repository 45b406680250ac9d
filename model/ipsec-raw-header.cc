/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-raw-header.h"

#include <iomanip>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecRawHeader);

TypeId
IpsecRawHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecRawHeader")
                            .SetParent<Header>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecRawHeader>();
    return tid;
}

TypeId
IpsecRawHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

IpsecRawHeader::IpsecRawHeader(uint32_t size)
    : m_bytes(size)
{
}

uint32_t
IpsecRawHeader::GetSerializedSize() const
{
    return m_bytes.size();
}

void
IpsecRawHeader::Serialize(Buffer::Iterator start) const
{
    start.Write(m_bytes.data(), m_bytes.size());
}

uint32_t
IpsecRawHeader::Deserialize(Buffer::Iterator start)
{
    start.Read(m_bytes.data(), m_bytes.size());
    return m_bytes.size();
}

void
IpsecRawHeader::Print(std::ostream& os) const
{
    os << m_bytes.size() << " bytes";
}

std::vector<uint8_t>&
IpsecRawHeader::Bytes()
{
    return m_bytes;
}

namespace rawbytes
{

uint16_t
Read16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

void
Write16(uint8_t* p, uint16_t value)
{
    p[0] = static_cast<uint8_t>(value >> 8);
    p[1] = static_cast<uint8_t>(value & 0xff);
}

void
ChecksumReplace16(uint8_t* checksum, uint16_t oldWord, uint16_t newWord)
{
    // One's complement arithmetic: add ~HC, ~m and m' with end-around carry, complement.
    uint32_t sum = static_cast<uint16_t>(~Read16(checksum));
    sum += static_cast<uint16_t>(~oldWord);
    sum += newWord;
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    Write16(checksum, static_cast<uint16_t>(~sum));
}

void
ChecksumReplaceAddress(uint8_t* checksum, Ipv4Address oldAddress, Ipv4Address newAddress)
{
    const uint32_t o = oldAddress.Get();
    const uint32_t n = newAddress.Get();
    ChecksumReplace16(checksum, static_cast<uint16_t>(o >> 16), static_cast<uint16_t>(n >> 16));
    ChecksumReplace16(checksum,
                      static_cast<uint16_t>(o & 0xffff),
                      static_cast<uint16_t>(n & 0xffff));
}

void
ChecksumReplaceRange(uint8_t* checksum, const uint8_t* before, const uint8_t* after, uint32_t size)
{
    for (uint32_t i = 0; i + 1 < size; i += 2)
    {
        const uint16_t o = Read16(before + i);
        const uint16_t n = Read16(after + i);
        if (o != n)
        {
            ChecksumReplace16(checksum, o, n);
        }
    }
}

uint16_t
Checksum(const uint8_t* data, uint32_t size)
{
    uint32_t sum = 0;
    for (uint32_t i = 0; i + 1 < size; i += 2)
    {
        sum += Read16(data + i);
    }
    if (size % 2)
    {
        sum += static_cast<uint32_t>(data[size - 1]) << 8;
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum);
}

} // namespace rawbytes
} // namespace ns3
