/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "esp-header.h"

#include <iomanip>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(EspHeader);

EspHeader::EspHeader()
    : m_spi(0),
      m_sequence(0)
{
}

EspHeader::EspHeader(uint32_t spi, uint32_t sequence)
    : m_spi(spi),
      m_sequence(sequence)
{
}

TypeId
EspHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::EspHeader")
                            .SetParent<Header>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<EspHeader>();
    return tid;
}

TypeId
EspHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
EspHeader::Print(std::ostream& os) const
{
    const auto flags = os.flags();
    os << "ESP spi=0x" << std::hex << std::setw(8) << std::setfill('0') << m_spi << std::dec
       << " seq=" << m_sequence;
    os.flags(flags);
}

uint32_t
EspHeader::GetSerializedSize() const
{
    return SIZE;
}

void
EspHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32(m_spi);
    start.WriteHtonU32(m_sequence);
}

uint32_t
EspHeader::Deserialize(Buffer::Iterator start)
{
    m_spi = start.ReadNtohU32();
    m_sequence = start.ReadNtohU32();
    return SIZE;
}

void
EspHeader::SetSpi(uint32_t spi)
{
    m_spi = spi;
}

uint32_t
EspHeader::GetSpi() const
{
    return m_spi;
}

void
EspHeader::SetSequence(uint32_t sequence)
{
    m_sequence = sequence;
}

uint32_t
EspHeader::GetSequence() const
{
    return m_sequence;
}

} // namespace ns3
