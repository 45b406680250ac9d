/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_FORWARDING_HOOK_H
#define IPSEC_FORWARDING_HOOK_H

#include "ns3/ipv4-routing-protocol.h"

namespace ns3
{

class IpsecLayer;

/**
 * @ingroup ipsec
 * @brief Lets a node's IpsecLayer see the packets the node forwards (security gateways).
 *
 * Added to the node's Ipv4ListRouting ahead of every other routing protocol, so that the
 * routing helpers that look for their own protocol in the list (global, static routing) keep
 * working. Ipv4ListRouting delivers local packets itself; every packet to be forwarded is
 * offered here first: the layer protects it (tunnel mode), drops it by policy, or declines,
 * and the next routing protocol forwards it as usual. It never answers RouteOutput.
 */
class IpsecForwardingHook : public Ipv4RoutingProtocol
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    IpsecForwardingHook();
    /**
     * @brief Construct.
     * @param layer the layer to consult
     */
    explicit IpsecForwardingHook(Ptr<IpsecLayer> layer);

    /**
     * @brief Never a route of its own: the node's own packets are routed by the next protocol
     * in the list (outbound policy is applied by the layer's down targets, not here).
     * @param p the packet (unused)
     * @param header the header to route (unused)
     * @param oif the requested output device (unused)
     * @param[out] sockerr set to ERROR_NOROUTETOHOST
     * @return nullptr
     */
    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
#if IPSEC_NS3_MINOR >= 39
    /**
     * @brief Offer a packet to be forwarded to the IPsec layer before any routing
     * protocol forwards it (multicast is declined: the node receives it, it does not tunnel it).
     * @param p the packet, from the L4 header on
     * @param header its IPv4 header
     * @param idev the device it arrived on (unused)
     * @param ucb unicast forwarding callback (unused: a tunnelled packet is sent by the layer)
     * @param mcb multicast forwarding callback (unused)
     * @param lcb local delivery callback (unused: the list delivers local packets itself)
     * @param ecb error callback (unused)
     * @return true if the layer took the packet (tunnelled or dropped by policy); false lets
     * the next routing protocol forward it
     */
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    const UnicastForwardCallback& ucb,
                    const MulticastForwardCallback& mcb,
                    const LocalDeliverCallback& lcb,
                    const ErrorCallback& ecb) override;
#else
    /**
     * @brief Offer a packet to be forwarded to the IPsec layer before any routing
     * protocol forwards it (multicast is declined: the node receives it, it does not tunnel it).
     * @param p the packet, from the L4 header on
     * @param header its IPv4 header
     * @param idev the device it arrived on (unused)
     * @param ucb unicast forwarding callback (unused: a tunnelled packet is sent by the layer)
     * @param mcb multicast forwarding callback (unused)
     * @param lcb local delivery callback (unused: the list delivers local packets itself)
     * @param ecb error callback (unused)
     * @return true if the layer took the packet (tunnelled or dropped by policy); false lets
     * the next routing protocol forward it
     */
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
#endif
    /**
     * @brief Nothing to do: the hook keeps no routes.
     * @param interface the interface index (unused)
     */
    void NotifyInterfaceUp(uint32_t interface) override;
    /**
     * @brief Nothing to do: the hook keeps no routes.
     * @param interface the interface index (unused)
     */
    void NotifyInterfaceDown(uint32_t interface) override;
    /**
     * @brief Nothing to do: the hook keeps no routes.
     * @param interface the interface index (unused)
     * @param address the address (unused)
     */
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    /**
     * @brief Nothing to do: the hook keeps no routes.
     * @param interface the interface index (unused)
     * @param address the address (unused)
     */
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    /**
     * @brief Nothing to keep: the hook reaches the stack through its layer.
     * @param ipv4 the node's Ipv4 (unused)
     */
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    /**
     * @brief Print one line saying that forwarded packets meet IPsec policy here first and
     * that the hook has no routes (so that routing table dumps explain its presence).
     * @param stream where to print
     * @param unit time unit (unused: no entries with times)
     */
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    /** Drops the reference to the layer. */
    void DoDispose() override;

  private:
    Ptr<IpsecLayer> m_layer; //!< The layer deciding about forwarded packets
};

} // namespace ns3

#endif /* IPSEC_FORWARDING_HOOK_H */
