/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ESP_HEADER_H
#define ESP_HEADER_H

#include "ns3/header.h"

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The cleartext part of an ESP packet (RFC 4303 section 2): SPI and sequence number.
 *
 * The IV, the encrypted payload, the trailer and the ICV follow it as opaque bytes.
 */
class EspHeader : public Header
{
  public:
    /** The ESP header is always 8 bytes. */
    static constexpr uint32_t SIZE = 8;

    EspHeader();
    /**
     * @brief Construct with values.
     * @param spi security parameters index
     * @param sequence low 32 bits of the sequence number
     */
    EspHeader(uint32_t spi, uint32_t sequence);

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    /**
     * @brief The TypeId packet metadata and printing use for this header.
     * @return EspHeader::GetTypeId()
     */
    TypeId GetInstanceTypeId() const override;
    /**
     * @brief Print SPI and sequence number, the fields in clear on the wire.
     * @param os the stream
     */
    void Print(std::ostream& os) const override;
    /**
     * @brief Size on the wire: always SIZE (SPI and low sequence number; the IV belongs to
     * the transform, which knows the algorithm).
     * @return 8
     */
    uint32_t GetSerializedSize() const override;
    /**
     * @brief Write SPI and sequence number in network byte order.
     * @param start where to write
     */
    void Serialize(Buffer::Iterator start) const override;
    /**
     * @brief Read SPI and sequence number.
     * @param start where to read
     * @return the bytes read (SIZE)
     */
    uint32_t Deserialize(Buffer::Iterator start) override;

    /** @param spi the SPI */
    void SetSpi(uint32_t spi);
    /** @return the SPI */
    uint32_t GetSpi() const;
    /** @param sequence the (low 32 bits of the) sequence number */
    void SetSequence(uint32_t sequence);
    /** @return the (low 32 bits of the) sequence number */
    uint32_t GetSequence() const;

  private:
    uint32_t m_spi;      //!< Security parameters index
    uint32_t m_sequence; //!< Sequence number (low 32 bits)
};

} // namespace ns3

#endif /* ESP_HEADER_H */
