/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef AH_HEADER_H
#define AH_HEADER_H

#include "ns3/header.h"

#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The IP Authentication Header (RFC 4302 section 2).
 *
 * Next header, payload length (the header's length in 32-bit words minus 2), a reserved
 * field, SPI, sequence number and the ICV, padded so that the header is a multiple of 32 bits
 * (IPv4) or 64 bits (IPv6).
 */
class AhHeader : public Header
{
  public:
    /** Next header, payload length, reserved, SPI and sequence number. */
    static constexpr uint32_t FIXED_SIZE = 12;

    AhHeader();

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    /**
     * @brief The TypeId packet metadata and printing use for this header.
     * @return AhHeader::GetTypeId()
     */
    TypeId GetInstanceTypeId() const override;
    /**
     * @brief Print next header, SPI, sequence number and ICV length (the ICV bytes are left
     * out: they mean nothing to a reader).
     * @param os the stream
     */
    void Print(std::ostream& os) const override;
    /**
     * @brief Size on the wire: the fixed 12 bytes and the ICV (with its padding to 32 or 64
     * bits, as set).
     * @return bytes
     */
    uint32_t GetSerializedSize() const override;
    /**
     * @brief Write the header in network byte order; the payload length field is derived from
     * the ICV size (RFC 4302 section 2.2: 32-bit words minus 2).
     * @param start where to write
     */
    void Serialize(Buffer::Iterator start) const override;
    /**
     * @brief Read a header; the payload length field decides how many ICV bytes follow. A
     * payload length that points before the ICV field gives a header with no ICV.
     * @param start where to read
     * @return the bytes read
     */
    uint32_t Deserialize(Buffer::Iterator start) override;

    /** @param nextHeader protocol of what follows */
    void SetNextHeader(uint8_t nextHeader);
    /** @return protocol of what follows */
    uint8_t GetNextHeader() const;
    /** @param spi the SPI */
    void SetSpi(uint32_t spi);
    /** @return the SPI */
    uint32_t GetSpi() const;
    /** @param sequence the (low 32 bits of the) sequence number */
    void SetSequence(uint32_t sequence);
    /** @return the (low 32 bits of the) sequence number */
    uint32_t GetSequence() const;
    /**
     * @param icv the ICV field: the ICV plus any alignment padding
     */
    void SetIcvField(const std::vector<uint8_t>& icv);
    /** @return the ICV field (ICV plus alignment padding) */
    const std::vector<uint8_t>& GetIcvField() const;

    /**
     * @param icvBytes ICV length
     * @param alignment 4 (IPv4) or 8 (IPv6)
     * @return the header's length with the ICV padded to the alignment
     */
    static uint32_t GetSize(uint32_t icvBytes, uint32_t alignment);

  private:
    uint8_t m_nextHeader;       //!< Protocol of what follows
    uint32_t m_spi;             //!< Security parameters index
    uint32_t m_sequence;        //!< Sequence number (low 32 bits)
    std::vector<uint8_t> m_icv; //!< ICV field, padding included
};

} // namespace ns3

#endif /* AH_HEADER_H */
