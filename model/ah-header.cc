/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ah-header.h"

#include <algorithm>
#include <iomanip>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(AhHeader);

AhHeader::AhHeader()
    : m_nextHeader(0),
      m_spi(0),
      m_sequence(0)
{
}

TypeId
AhHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::AhHeader")
                            .SetParent<Header>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<AhHeader>();
    return tid;
}

TypeId
AhHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
AhHeader::Print(std::ostream& os) const
{
    const auto flags = os.flags();
    os << "AH next " << static_cast<int>(m_nextHeader) << " spi 0x" << std::hex << std::setw(8)
       << std::setfill('0') << m_spi << std::dec << " seq " << m_sequence << " icv " << m_icv.size()
       << " bytes";
    os.flags(flags);
}

uint32_t
AhHeader::GetSerializedSize() const
{
    return FIXED_SIZE + static_cast<uint32_t>(m_icv.size());
}

void
AhHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(m_nextHeader);
    start.WriteU8(static_cast<uint8_t>(GetSerializedSize() / 4 - 2));
    start.WriteU16(0);
    start.WriteHtonU32(m_spi);
    start.WriteHtonU32(m_sequence);
    start.Write(m_icv.data(), m_icv.size());
}

uint32_t
AhHeader::Deserialize(Buffer::Iterator start)
{
    m_nextHeader = start.ReadU8();
    const uint32_t words = start.ReadU8() + 2u;
    start.ReadU16();
    m_spi = start.ReadNtohU32();
    m_sequence = start.ReadNtohU32();
    const uint32_t total = std::max<uint32_t>(words * 4, FIXED_SIZE);
    m_icv.resize(total - FIXED_SIZE);
    start.Read(m_icv.data(), m_icv.size());
    return total;
}

void
AhHeader::SetNextHeader(uint8_t nextHeader)
{
    m_nextHeader = nextHeader;
}

uint8_t
AhHeader::GetNextHeader() const
{
    return m_nextHeader;
}

void
AhHeader::SetSpi(uint32_t spi)
{
    m_spi = spi;
}

uint32_t
AhHeader::GetSpi() const
{
    return m_spi;
}

void
AhHeader::SetSequence(uint32_t sequence)
{
    m_sequence = sequence;
}

uint32_t
AhHeader::GetSequence() const
{
    return m_sequence;
}

void
AhHeader::SetIcvField(const std::vector<uint8_t>& icv)
{
    m_icv = icv;
}

const std::vector<uint8_t>&
AhHeader::GetIcvField() const
{
    return m_icv;
}

uint32_t
AhHeader::GetSize(uint32_t icvBytes, uint32_t alignment)
{
    return (FIXED_SIZE + icvBytes + alignment - 1) / alignment * alignment;
}

} // namespace ns3
