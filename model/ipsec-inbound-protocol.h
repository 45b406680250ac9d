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

    int GetProtocolNumber() const override;
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv4Header& header,
                                   Ptr<Ipv4Interface> incomingInterface) override;
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv6Header& header,
                                   Ptr<Ipv6Interface> incomingInterface) override;
    void SetDownTarget(IpL4Protocol::DownTargetCallback cb) override;
    void SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb) override;
    IpL4Protocol::DownTargetCallback GetDownTarget() const override;
    IpL4Protocol::DownTargetCallback6 GetDownTarget6() const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<IpsecLayer> m_layer;                   //!< Receiver of the packets
    IpsecProtocol m_protocol;                  //!< ESP or AH
    IpL4Protocol::DownTargetCallback m_down;   //!< Unused; kept for the interface
    IpL4Protocol::DownTargetCallback6 m_down6; //!< Unused; kept for the interface
};

} // namespace ns3

#endif /* IPSEC_INBOUND_PROTOCOL_H */
