/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_ENCAPSULATION_H
#define IPSEC_ENCAPSULATION_H

#include "ipsec-ip-header.h"
#include "security-association.h"

#include "ns3/packet.h"

namespace ns3
{

class Ipv4L3Protocol;
class Ipv6L3Protocol;

/**
 * @ingroup ipsec
 * @brief The IP headers the IPsec layer writes and reads itself: the header a host would have
 * sent (which tunnel mode carries inside, and AH must know before the packet leaves), the
 * tunnel-mode inner header with the RFC 4301 5.1.2 / RFC 6040 rules for the outer one, and
 * decapsulation. IPv4 and IPv6, in any combination of inner and outer version.
 */
class IpsecEncapsulation
{
  public:
    IpsecEncapsulation();

    /**
     * @brief The stacks whose defaults (TTL / hop limit, traffic class) the headers take.
     * @param ipv4 the node's IPv4 stack, or null
     * @param ipv6 the node's IPv6 stack, or null
     */
    void SetStacks(Ptr<Ipv4L3Protocol> ipv4, Ptr<Ipv6L3Protocol> ipv6);

    /**
     * @brief Build the header the node's stack would build for @p packet: the socket's
     * TTL/hop-limit, TOS/traffic-class and DF tags (removed from the packet) or the stack's
     * defaults, and for IPv4 an identification counter of its own.
     * @param packet the packet (its tags are read)
     * @param source source address (its version chooses the header's)
     * @param destination destination address
     * @param protocol protocol / next header
     * @param payloadSize payload length
     * @return the header
     */
    IpsecIpHeader BuildHeader(Ptr<Packet> packet,
                              const IpsecAddress& source,
                              const IpsecAddress& destination,
                              uint8_t protocol,
                              uint32_t payloadSize);

    /**
     * @brief Tunnel mode: put the inner header on @p packet and switch the addresses to the
     * SA's endpoints. The outer header is told, through the packet's socket tags, to copy
     * the inner DSCP and ECN (RFC 4301 5.1.2.1, RFC 6040 normal mode) and, IPv4 in IPv4,
     * the DF bit.
     * @param packet the payload; gets the inner header
     * @param[in,out] source the inner source, then the SA's source endpoint
     * @param[in,out] destination the inner destination, then the SA's destination endpoint
     * @param protocol the payload's protocol
     * @param sa the tunnel-mode SA
     * @param forwarded on a gateway, the forwarded packet's header (TTL already decremented);
     *        null to build the header the host would have sent
     * @return the next header for the SA's transform (4 for IPv4 inside, 41 for IPv6)
     */
    uint8_t Encapsulate(Ptr<Packet> packet,
                        IpsecAddress& source,
                        IpsecAddress& destination,
                        uint8_t protocol,
                        const SecurityAssociation& sa,
                        const IpsecIpHeader* forwarded);

    /**
     * @brief Take the inner header off a tunnel-mode payload (RFC 4301 5.1.2; ECN per
     * RFC 6040 section 4.2). A refused packet's bytes are left as they were.
     * @param packet the payload, from the inner header on
     * @param nextHeader the next header the SA's transform announced (4 or 41)
     * @param outer the outer header it arrived with
     * @param[out] inner the inner header
     * @return false if the payload is not a well-formed IP packet of the announced version,
     *         or RFC 6040 says drop (CE outside, not ECN-capable inside)
     */
    static bool Decapsulate(Ptr<Packet> packet,
                            uint8_t nextHeader,
                            const IpsecIpHeader& outer,
                            IpsecIpHeader& inner);

  private:
    Ptr<Ipv4L3Protocol> m_ipv4; //!< IPv4 stack (defaults), or null
    Ptr<Ipv6L3Protocol> m_ipv6; //!< IPv6 stack (defaults), or null
    uint16_t m_identification;  //!< IPv4 identification of the headers built here
};

} // namespace ns3

#endif /* IPSEC_ENCAPSULATION_H */
