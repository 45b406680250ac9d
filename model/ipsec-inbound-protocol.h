/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_INBOUND_PROTOCOL_H
#define IPSEC_INBOUND_PROTOCOL_H

#include "ipsec-policy.h"

#include "ns3/ip-l4-protocol.h"

namespace ns3
{

class IpsecLayer;

/**
 * @ingroup ipsec
 * @brief Registers one IPsec protocol (ESP, 50, or AH, 51) with Ipv4L3Protocol and hands every
 * packet of it to the node's IpsecLayer. Nothing is sent through it: the layer sends ESP and
 * AH itself.
 */
class IpsecInboundProtocol : public IpL4Protocol
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    IpsecInboundProtocol();
    /**
     * @brief Construct.
     * @param layer the layer to hand packets to
     * @param protocol ESP or AH
     */
    IpsecInboundProtocol(Ptr<IpsecLayer> layer, IpsecProtocol protocol);

    /**
     * @brief The IP protocol number this receiver is registered under.
     * @return 50 (ESP) or 51 (AH)
     */
    int GetProtocolNumber() const override;
    /**
     * @brief Hand an IPv4 ESP or AH packet to the layer's inbound processing (SA lookup,
     * replay check, ICV, decryption, policy).
     * @param p the packet, from its ESP or AH header on
     * @param header its IPv4 header
     * @param incomingInterface the interface it arrived on
     * @return always RX_OK: failures are the layer's traced drops, and ESP and AH are never
     * answered with ICMP
     */
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv4Header& header,
                                   Ptr<Ipv4Interface> incomingInterface) override;
    /**
     * @brief Hand an IPv6 ESP or AH packet (after the extension headers ns-3 has removed) to
     * the layer's inbound processing.
     * @param p the packet, from its ESP or AH header on
     * @param header its IPv6 header
     * @param incomingInterface the interface it arrived on
     * @return always RX_OK, as for IPv4
     */
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv6Header& header,
                                   Ptr<Ipv6Interface> incomingInterface) override;
    /**
     * @brief Keep the stack's IPv4 send callback; unused, since the layer sends ESP and AH
     * itself.
     * @param cb the callback
     */
    void SetDownTarget(IpL4Protocol::DownTargetCallback cb) override;
    /**
     * @brief Keep the stack's IPv6 send callback; unused, as SetDownTarget.
     * @param cb the callback
     */
    void SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb) override;
    /**
     * @brief The IPv4 callback given to SetDownTarget.
     * @return the callback (null if none was given)
     */
    IpL4Protocol::DownTargetCallback GetDownTarget() const override;
    /**
     * @brief The IPv6 callback given to SetDownTarget6.
     * @return the callback (null if none was given)
     */
    IpL4Protocol::DownTargetCallback6 GetDownTarget6() const override;

  protected:
    /** Drops the reference to the layer. */
    void DoDispose() override;

  private:
    Ptr<IpsecLayer> m_layer;                   //!< Receiver of the packets
    IpsecProtocol m_protocol;                  //!< ESP or AH
    IpL4Protocol::DownTargetCallback m_down;   //!< Unused; kept for the interface
    IpL4Protocol::DownTargetCallback6 m_down6; //!< Unused; kept for the interface
};

} // namespace ns3

#endif /* IPSEC_INBOUND_PROTOCOL_H */
