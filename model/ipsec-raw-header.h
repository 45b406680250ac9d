/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_RAW_HEADER_H
#define IPSEC_RAW_HEADER_H

#include "ns3/header.h"
#include "ns3/ipv4-address.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The first N bytes of a packet as a Header, so that the NAT (Ipv4Napt) and NAT
 * traversal (IpsecUdpEncapsulation) can take an L4 header off, patch ports, identifiers and
 * checksums in place and put it back. Editing the packet this way (rather than rebuilding it
 * from its bytes) keeps its packet and byte tags.
 */
class IpsecRawHeader : public Header
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    /**
     * @brief The TypeId packet metadata and printing use for this header.
     * @return IpsecRawHeader::GetTypeId()
     */
    TypeId GetInstanceTypeId() const override;
    /**
     * @brief Construct.
     * @param size how many bytes Deserialize takes
     */
    explicit IpsecRawHeader(uint32_t size = 0);

    /**
     * @brief Size on the wire: exactly the bytes held (possibly patched).
     * @return bytes
     */
    uint32_t GetSerializedSize() const override;
    /**
     * @brief Write the bytes back unchanged, or as patched through Bytes().
     * @param start where to write
     */
    void Serialize(Buffer::Iterator start) const override;
    /**
     * @brief Take as many bytes as the constructor said (the L4 header to edit).
     * @param start where to read
     * @return the bytes read
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    /**
     * @brief Print how many bytes are held (their meaning is the caller's).
     * @param os the stream
     */
    void Print(std::ostream& os) const override;

    /**
     * @brief The bytes, to read or patch.
     * @return the bytes
     */
    std::vector<uint8_t>& Bytes();

  private:
    std::vector<uint8_t> m_bytes; //!< The header's bytes
};

/// Byte and checksum arithmetic on raw headers (network byte order).
namespace rawbytes
{

/**
 * @brief Read a 16-bit big-endian value.
 * @param p where
 * @return the value
 */
uint16_t Read16(const uint8_t* p);

/**
 * @brief Write a 16-bit big-endian value.
 * @param p where
 * @param value the value
 */
void Write16(uint8_t* p, uint16_t value);

/**
 * @brief Update an Internet checksum for one 16-bit word changing from @p oldWord to
 * @p newWord (RFC 1624 equation 3: HC' = ~(~HC + ~m + m')).
 * @param checksum where the checksum is stored (big-endian)
 * @param oldWord the word's old value
 * @param newWord the word's new value
 */
void ChecksumReplace16(uint8_t* checksum, uint16_t oldWord, uint16_t newWord);

/**
 * @brief Update a checksum for an IPv4 address change (two 16-bit words), e.g. in a TCP or
 * UDP pseudo-header.
 * @param checksum where the checksum is stored (big-endian)
 * @param oldAddress the old address
 * @param newAddress the new address
 */
void ChecksumReplaceAddress(uint8_t* checksum, Ipv4Address oldAddress, Ipv4Address newAddress);

/**
 * @brief Update a checksum for every 16-bit word that differs between two versions of the
 * bytes it covers (both of even offset; the checksum's own word must be equal in both).
 * @param checksum where the checksum is stored (big-endian)
 * @param before the covered bytes before the change
 * @param after the covered bytes after the change
 * @param size how many bytes to compare (even)
 */
void ChecksumReplaceRange(uint8_t* checksum,
                          const uint8_t* before,
                          const uint8_t* after,
                          uint32_t size);

/**
 * @brief The Internet checksum (RFC 1071) of some bytes.
 * @param data the bytes
 * @param size how many
 * @return the checksum as stored in a header
 */
uint16_t Checksum(const uint8_t* data, uint32_t size);

} // namespace rawbytes
} // namespace ns3

#endif /* IPSEC_RAW_HEADER_H */
