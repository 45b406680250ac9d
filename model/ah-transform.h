/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef AH_TRANSFORM_H
#define AH_TRANSFORM_H

#include "ipsec-drop-reason.h"
#include "ipsec-ip-header.h"
#include "security-association.h"

#include "ns3/packet.h"

#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief AH packet processing for IPv4 (RFC 4302 sections 3.3 and 3.4) for one SA at a time.
 *
 * The ICV covers the IPv4 header with its mutable fields (DSCP/ECN, flags, fragment offset,
 * TTL, checksum) zeroed, the AH header with a zero ICV field, the payload, and, with extended
 * sequence numbers, the high 32 sequence bits appended after the payload (RFC 4302 section
 * 3.3.3.2.2 / 2.5.1). Since the ICV covers the IP header, the caller builds that header first
 * and sends the packet with it unchanged.
 */
class AhTransform
{
  public:
    /** IPv4 aligns AH to 32 bits (RFC 4302 section 3.3.3.2.1). */
    static constexpr uint32_t IPV4_ALIGNMENT = 4;
    /** IPv6 aligns AH to 64 bits (RFC 4302 section 3.3.3.2.1). */
    static constexpr uint32_t IPV6_ALIGNMENT = 8;
    /** The longest immutable IP header ImmutableIpHeader() writes. */
    static constexpr uint32_t MAX_IP_HEADER = 40;

    /**
     * @param sa an AH SA
     * @return the AH header's length on the wire, ICV and padding included (aligned for the
     *         IP version of the SA's addresses)
     */
    static uint32_t GetHeaderSize(const SecurityAssociation& sa);

    /**
     * @brief Prepend an AH header to @p packet (the payload, e.g. a UDP datagram).
     * @param sa the outbound SA
     * @param packet the payload; packet tags are kept
     * @param nextHeader the protocol of the payload
     * @param ipHeader the IPv4 or IPv6 header the packet will be sent with: protocol (next
     *        header) 51, payload size GetHeaderSize() + payload, addresses final
     * @param[out] reason why the packet must be dropped, when false is returned
     * @return whether the packet was protected
     */
    bool Protect(SecurityAssociation& sa,
                 Ptr<Packet> packet,
                 uint8_t nextHeader,
                 const IpsecIpHeader& ipHeader,
                 IpsecDropReason& reason);

    /**
     * @brief Verify and remove the AH header of @p packet. When the packet is refused it is
     * left untouched.
     * @param sa the SA the SPI selected
     * @param packet the packet from its AH header on
     * @param ipHeader the IPv4 or IPv6 header it arrived with (IPv6: extension headers before
     *        AH already processed, as ns-3 does before it delivers the AH payload)
     * @param[out] nextHeader the protocol of the payload
     * @param[out] reason why the packet must be dropped, when false is returned
     * @param enforceReplay whether duplicates and too-old packets are refused
     * @return whether the packet was accepted
     */
    bool Unprotect(SecurityAssociation& sa,
                   Ptr<Packet> packet,
                   const IpsecIpHeader& ipHeader,
                   uint8_t& nextHeader,
                   IpsecDropReason& reason,
                   bool enforceReplay = true);

    /**
     * @brief Verify and remove the AH header of @p packet, given the headers in front of it
     *        already in the form the ICV covers. This is for a receiver that sees the raw
     *        packet, such as a capture reader: an IPv6 packet's extension headers before AH
     *        are covered by the ICV (RFC 4302 3.3.3.1.2.2) but have no place in an
     *        IpsecIpHeader. When the packet is refused it is left untouched.
     * @param sa the SA the SPI selected
     * @param packet the packet from its AH header on
     * @param immutable the IP header and the extension headers before AH, with mutable fields
     *        zeroed and mutable but predictable ones as at the final destination
     * @param immutableLen the number of bytes at @p immutable
     * @param ipv6 whether the packet is IPv6 (AH must then be aligned to 64 bits)
     * @param[out] nextHeader the protocol of the payload
     * @param[out] reason why the packet must be dropped, when false is returned
     * @param enforceReplay whether duplicates and too-old packets are refused
     * @return whether the packet was accepted
     */
    bool UnprotectImmutable(SecurityAssociation& sa,
                            Ptr<Packet> packet,
                            const uint8_t* immutable,
                            uint32_t immutableLen,
                            bool ipv6,
                            uint8_t& nextHeader,
                            IpsecDropReason& reason,
                            bool enforceReplay = true);

    /**
     * @brief The IPv4 header as the ICV sees it: mutable fields zeroed (RFC 4302 3.3.3.1.1.1).
     * @param ipHeader the header
     * @param[out] out 20 bytes
     */
    static void ImmutableIpv4Header(const Ipv4Header& ipHeader, uint8_t* out);
    /**
     * @brief The IPv6 header as the ICV sees it: traffic class, flow label and hop limit
     *        zeroed (RFC 4302 3.3.3.1.2).
     * @param ipHeader the header
     * @param[out] out 40 bytes
     */
    static void ImmutableIpv6Header(const Ipv6Header& ipHeader, uint8_t* out);
    /**
     * @brief The header of either version as the ICV sees it.
     * @param ipHeader the header
     * @param[out] out at least MAX_IP_HEADER bytes
     * @return the bytes written (20 or 40)
     */
    static uint32_t ImmutableIpHeader(const IpsecIpHeader& ipHeader, uint8_t* out);

  private:
    /**
     * @brief Compute the ICV of an AH packet held in m_buffer (ICV field zeroed there).
     * @param sa the SA
     * @param ip the IP header (and IPv6 extension headers before AH) as the ICV sees them
     * @param ipLen the number of bytes at @p ip
     * @param total bytes in m_buffer (AH header and payload)
     * @param seq the full sequence number
     * @param[out] icv the ICV
     */
    void ComputeIcv(SecurityAssociation& sa,
                    const uint8_t* ip,
                    uint32_t ipLen,
                    uint32_t total,
                    uint64_t seq,
                    uint8_t* icv);

    std::vector<uint8_t> m_buffer; //!< Scratch space reused for every packet
};

} // namespace ns3

#endif /* AH_TRANSFORM_H */
