/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_L4_PROXY_H
#define IPSEC_L4_PROXY_H

#include "ns3/ip-l4-protocol.h"

namespace ns3
{

class IpsecLayer;

/**
 * @ingroup ipsec
 * @brief Stands in Ipv4L3Protocol's table for a real L4 protocol (UDP, TCP) so that every
 * cleartext datagram for it passes the IPsec layer's inbound policy check first.
 *
 * Decrypted ESP payloads do not come through here: the layer hands them to the real
 * protocol itself after its own policy check.
 */
class IpsecL4Proxy : public IpL4Protocol
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    IpsecL4Proxy();
    /**
     * @brief Construct.
     * @param real the protocol to deliver accepted datagrams to
     * @param layer the layer that decides
     */
    IpsecL4Proxy(Ptr<IpL4Protocol> real, Ptr<IpsecLayer> layer);

    /**
     * @brief The number the proxy is registered under: the real protocol's, whose place in the
     * stack's table it takes.
     * @return 17 (UDP) or 6 (TCP) (1 for the ICMP proxy)
     */
    int GetProtocolNumber() const override;
    /**
     * @brief A cleartext IPv4 segment for the real protocol: for UDP, ESP in UDP and NAT
     * keepalives go to the layer first (RFC 3948); then the layer's inbound policy decides
     * whether it may arrive in the clear, and only then does the real protocol see it.
     * @param p the segment, from its L4 header on
     * @param header its IPv4 header
     * @param incomingInterface the interface it arrived on
     * @return RX_OK when the layer took or dropped it (a policy drop must not make the stack
     * answer with ICMP), otherwise what the real protocol returns
     */
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv4Header& header,
                                   Ptr<Ipv4Interface> incomingInterface) override;
    /**
     * @brief The IPv6 counterpart of the IPv4 Receive: ESP in UDP to the layer, the
     * inbound policy check, then the real protocol.
     * @param p the segment, from its L4 header on
     * @param header its IPv6 header
     * @param incomingInterface the interface it arrived on
     * @return RX_OK when the layer took or dropped it, otherwise what the real protocol returns
     */
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv6Header& header,
                                   Ptr<Ipv6Interface> incomingInterface) override;
    /**
     * @brief Pass an ICMP error about one of the real protocol's segments on to it unchanged
     * (errors are not policed here: the offending segment was sent under policy).
     * @param icmpSource the router or host that sent the error
     * @param icmpTtl the TTL of the error message
     * @param icmpType ICMP type
     * @param icmpCode ICMP code
     * @param icmpInfo the type-specific word (e.g. the next-hop MTU)
     * @param payloadSource source address of the segment the error is about
     * @param payloadDestination its destination address
     * @param payload its first 8 bytes (the ports)
     */
    void ReceiveIcmp(Ipv4Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv4Address payloadSource,
                     Ipv4Address payloadDestination,
                     const uint8_t payload[8]) override;
    /**
     * @brief Pass an ICMPv6 error about one of the real protocol's segments on to it unchanged.
     * @param icmpSource the router or host that sent the error
     * @param icmpTtl the hop limit of the error message
     * @param icmpType ICMPv6 type
     * @param icmpCode ICMPv6 code
     * @param icmpInfo the type-specific word (e.g. the MTU of Packet Too Big)
     * @param payloadSource source address of the segment the error is about
     * @param payloadDestination its destination address
     * @param payload its first 8 bytes (the ports)
     */
    void ReceiveIcmp(Ipv6Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv6Address payloadSource,
                     Ipv6Address payloadDestination,
                     const uint8_t payload[8]) override;
    /**
     * @brief Ignored (with a log warning): the real protocol's down target belongs to the
     * IPsec layer, and nothing may take outbound policy away by setting it through the proxy.
     * @param cb the callback that is not installed
     */
    void SetDownTarget(IpL4Protocol::DownTargetCallback cb) override;
    /**
     * @brief Ignored (with a log warning), as SetDownTarget.
     * @param cb the callback that is not installed
     */
    void SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb) override;
    /**
     * @brief The real protocol's IPv4 down target (normally the layer's Send).
     * @return the callback
     */
    IpL4Protocol::DownTargetCallback GetDownTarget() const override;
    /**
     * @brief The real protocol's IPv6 down target (normally the layer's Send6).
     * @return the callback
     */
    IpL4Protocol::DownTargetCallback6 GetDownTarget6() const override;

  protected:
    /**
     * Drops the references to the real protocol and the layer (they refer back to each other
     * through the node).
     */
    void DoDispose() override;
    /** @return the proxied protocol (what accepted segments are delivered to) */
    Ptr<IpL4Protocol> GetReal() const;

  private:
    Ptr<IpL4Protocol> m_real; //!< The proxied protocol
    Ptr<IpsecLayer> m_layer;  //!< The deciding layer
};

} // namespace ns3

#endif /* IPSEC_L4_PROXY_H */
