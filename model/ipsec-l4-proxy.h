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

    int GetProtocolNumber() const override;
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv4Header& header,
                                   Ptr<Ipv4Interface> incomingInterface) override;
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv6Header& header,
                                   Ptr<Ipv6Interface> incomingInterface) override;
    void ReceiveIcmp(Ipv4Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv4Address payloadSource,
                     Ipv4Address payloadDestination,
                     const uint8_t payload[8]) override;
    void ReceiveIcmp(Ipv6Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv6Address payloadSource,
                     Ipv6Address payloadDestination,
                     const uint8_t payload[8]) override;
    void SetDownTarget(IpL4Protocol::DownTargetCallback cb) override;
    void SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb) override;
    IpL4Protocol::DownTargetCallback GetDownTarget() const override;
    IpL4Protocol::DownTargetCallback6 GetDownTarget6() const override;

  protected:
    void DoDispose() override;
    /** @return the proxied protocol (what accepted segments are delivered to) */
    Ptr<IpL4Protocol> GetReal() const;

  private:
    Ptr<IpL4Protocol> m_real; //!< The proxied protocol
    Ptr<IpsecLayer> m_layer;  //!< The deciding layer
};

} // namespace ns3

#endif /* IPSEC_L4_PROXY_H */
