/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_IP_HEADER_H
#define IPSEC_IP_HEADER_H

#include "ipsec-address.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/packet.h"

#include <variant>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief An IPv4 or an IPv6 header, with the fields IPsec reads and writes under one name
 * for both versions: the IPsec layer, tunnel encapsulation and AH work on packets of either
 * version, and a tunnel's inner version may differ from its outer one.
 */
class IpsecIpHeader
{
  public:
    /** The protocol number of an IPv4 packet inside another IP packet. */
    static constexpr uint8_t PROTO_IPV4 = 4;
    /** The protocol number of an IPv6 packet inside another IP packet. */
    static constexpr uint8_t PROTO_IPV6 = 41;

    /** An empty IPv4 header. */
    IpsecIpHeader();
    /**
     * @brief Wrap an IPv4 header.
     * @param header the header
     */
    IpsecIpHeader(const Ipv4Header& header); // NOLINT(google-explicit-constructor): by design
    /**
     * @brief Wrap an IPv6 header.
     * @param header the header
     */
    IpsecIpHeader(const Ipv6Header& header); // NOLINT(google-explicit-constructor): by design

    /** @return whether this is an IPv6 header */
    bool IsIpv6() const;
    /** @return the IPv4 header (only meaningful when !IsIpv6()) */
    const Ipv4Header& GetIpv4() const;
    /** @return the IPv4 header (only meaningful when !IsIpv6()) */
    Ipv4Header& GetIpv4();
    /** @return the IPv6 header (only meaningful when IsIpv6()) */
    const Ipv6Header& GetIpv6() const;
    /** @return the IPv6 header (only meaningful when IsIpv6()) */
    Ipv6Header& GetIpv6();

    /** @return the source address */
    IpsecAddress GetSource() const;
    /** @return the destination address */
    IpsecAddress GetDestination() const;
    /** @return the protocol (IPv4) or next header (IPv6) */
    uint8_t GetProtocol() const;
    /**
     * @param protocol the protocol (IPv4) or next header (IPv6)
     */
    void SetProtocol(uint8_t protocol);
    /** @return the payload length the header announces */
    uint32_t GetPayloadSize() const;
    /**
     * @param size the payload length
     */
    void SetPayloadSize(uint32_t size);
    /** @return the TOS byte (IPv4) or traffic class (IPv6): DSCP and ECN */
    uint8_t GetTrafficClass() const;
    /** @return the ECN bits (RFC 3168) */
    uint8_t GetEcn() const;
    /**
     * @param ecn the ECN bits (RFC 3168)
     */
    void SetEcn(uint8_t ecn);
    /** @return the TTL (IPv4) or hop limit (IPv6) */
    uint8_t GetHopLimit() const;
    /**
     * @param hopLimit the TTL (IPv4) or hop limit (IPv6)
     */
    void SetHopLimit(uint8_t hopLimit);
    /** @return the protocol number of this header when it is carried inside another */
    uint8_t GetEncapsulationProtocol() const;
    /** @return the header's length on the wire */
    uint32_t GetSerializedSize() const;

    /**
     * @brief Put the header in front of @p packet (an IPv4 header computes its checksum
     * when ns-3's checksums are on).
     * @param packet the payload
     */
    void AddTo(Ptr<Packet> packet) const;
    /**
     * @brief Take the IP header off a packet that starts with one, checking what a receiver
     * must (version, header length, IPv4 checksum when ns-3's checksums are on, a payload
     * length within the packet) and trimming link padding after the payload. A refused
     * packet is left as it was.
     * @param packet the packet
     * @param expectedProtocol the version announced by the outer header (PROTO_IPV4 or
     *        PROTO_IPV6)
     * @param[out] header the header
     * @return whether the packet was a well-formed IP packet of that version
     */
    static bool RemoveFrom(Ptr<Packet> packet, uint8_t expectedProtocol, IpsecIpHeader& header);

  private:
    /// One header, never both: the layer builds and copies these per packet.
    std::variant<Ipv4Header, Ipv6Header> m_header;
};

/**
 * @brief Print the header as ns-3 prints its version.
 * @param os the stream
 * @param header the header
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, const IpsecIpHeader& header);

} // namespace ns3

#endif /* IPSEC_IP_HEADER_H */
