/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ESP_L4_PROTOCOL_H
#define ESP_L4_PROTOCOL_H

#include "ns3/ip-l4-protocol.h"

namespace ns3
{

class IpsecLayer;

/**
 * @ingroup ipsec
 * @brief Registers IP protocol 50 with Ipv4L3Protocol and hands every ESP packet to the
 * node's IpsecLayer. ESP is never sent through it: the layer sends ESP itself.
 */
class EspL4Protocol : public IpL4Protocol
{
  public:
    /** ESP's IP protocol number. */
    static constexpr int PROT_NUMBER = 50;

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    EspL4Protocol();
    /**
     * @brief Construct.
     * @param layer the layer to hand packets to
     */
    explicit EspL4Protocol(Ptr<IpsecLayer> layer);

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
    Ptr<IpsecLayer> m_layer;                   //!< Receiver of ESP packets
    IpL4Protocol::DownTargetCallback m_down;   //!< Unused; kept for the interface
    IpL4Protocol::DownTargetCallback6 m_down6; //!< Unused; kept for the interface
};

} // namespace ns3

#endif /* ESP_L4_PROTOCOL_H */
