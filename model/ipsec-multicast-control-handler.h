/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_MULTICAST_CONTROL_HANDLER_H
#define IPSEC_MULTICAST_CONTROL_HANDLER_H

#include "ns3/ip-l4-protocol.h"

namespace ns3
{

class IpsecLayer;
class IpsecAcceptClear;

/**
 * @ingroup ipsec
 * @brief The layer's receiver for IGMP (IPv4 protocol 2) and PIM (protocol 103, IPv4 and
 * IPv6), which ns-3 does not implement: it applies igmp-accept-clear and pim-accept-clear to
 * cleartext messages and hands accepted ones to the layer's MulticastControlReceived trace,
 * which stands in for a multicast routing daemon. Registered only where the stack has no
 * protocol of that number. Protected messages reach it after the layer's inbound checks.
 *
 * ns-3 gives every datagram to the node's raw sockets before this demultiplexing, so a raw
 * socket for protocol 2 or 103 receives such messages whatever policy says.
 */
class IpsecMulticastControlHandler : public IpL4Protocol
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    IpsecMulticastControlHandler();
    /**
     * @brief Construct.
     * @param protocol 2 (IGMP) or 103 (PIM)
     * @param layer the layer (kept alive: it owns @p rules)
     * @param rules the layer's accept-clear rules
     */
    IpsecMulticastControlHandler(uint8_t protocol, Ptr<IpsecLayer> layer, IpsecAcceptClear& rules);

    /**
     * @brief The IP protocol number this handler is registered under.
     * @return 2 (IGMP) or 103 (PIM)
     */
    int GetProtocolNumber() const override;
    /**
     * @brief An IGMP or PIM message over IPv4: the accept-clear rules (or the SPD, with the
     * tunable off) decide, and an accepted message fires MulticastControlReceived.
     * @param p the message, from its IGMP or PIM header on
     * @param header its IPv4 header
     * @param incomingInterface the interface it arrived on (unused)
     * @return always RX_OK: a refused message gets no ICMP answer
     */
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv4Header& header,
                                   Ptr<Ipv4Interface> incomingInterface) override;
    /**
     * @brief A PIM message over IPv6, handled as over IPv4.
     * @param p the message, from its PIM header on
     * @param header its IPv6 header
     * @param incomingInterface the interface it arrived on (unused)
     * @return always RX_OK
     */
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv6Header& header,
                                   Ptr<Ipv6Interface> incomingInterface) override;
    /**
     * @brief Keep the stack's IPv4 send callback; unused, since nothing is sent from here.
     * @param cb the callback
     */
    void SetDownTarget(IpL4Protocol::DownTargetCallback cb) override;
    /**
     * @brief Keep the stack's IPv6 send callback; unused.
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
    /** Drops the reference to the layer and forgets its accept-clear rules. */
    void DoDispose() override;

  private:
    uint8_t m_protocol{0};                     //!< 2 or 103
    Ptr<IpsecLayer> m_layer;                   //!< Keeps m_rules alive
    IpsecAcceptClear* m_rules{nullptr};        //!< The layer's accept-clear rules
    IpL4Protocol::DownTargetCallback m_down;   //!< Unused: nothing is sent from here
    IpL4Protocol::DownTargetCallback6 m_down6; //!< Unused: nothing is sent from here
};

} // namespace ns3

#endif /* IPSEC_MULTICAST_CONTROL_HANDLER_H */
