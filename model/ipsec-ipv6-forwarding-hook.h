/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_IPV6_FORWARDING_HOOK_H
#define IPSEC_IPV6_FORWARDING_HOOK_H

#include "ns3/ipv6-routing-protocol.h"

#include <cstdint>

namespace ns3
{

class IpsecLayer;
class Ipv6L3Protocol;

/**
 * @ingroup ipsec
 * @brief The IPv6 counterpart of IpsecForwardingHook: lets a node's IpsecLayer see the IPv6
 * packets the node forwards (security gateways).
 *
 * Added to the node's Ipv6ListRouting ahead of every other routing protocol. Ipv6L3Protocol
 * delivers local packets before it asks routing, so only packets to be forwarded get here;
 * multicast is declined. The layer protects a packet (tunnel mode), drops it by policy, or
 * declines, and the next routing protocol forwards it as usual. It never answers RouteOutput.
 */
class IpsecIpv6ForwardingHook : public Ipv6RoutingProtocol
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    IpsecIpv6ForwardingHook();
    /**
     * @brief Construct.
     * @param layer the layer to consult
     */
    explicit IpsecIpv6ForwardingHook(Ptr<IpsecLayer> layer);

    /**
     * @brief Put a hook for @p layer first in the node's IPv6 routing.
     *
     * ns-3.37's InternetStackHelper gives IPv6 a bare Ipv6StaticRouting, not a list. Such a
     * node gets an Ipv6ListRouting holding the hook and a new Ipv6StaticRouting with every
     * route of the old one (Ipv6StaticRoutingHelper::GetStaticRouting() finds it inside the
     * list; a pointer to the old object obtained earlier no longer routes).
     * @param ipv6 the node's IPv6 stack
     * @param layer the layer
     * @return false if the routing is neither a list nor static routing (no hook installed)
     */
    static bool Install(Ptr<Ipv6L3Protocol> ipv6, Ptr<IpsecLayer> layer);

    /**
     * @brief Never a route of its own: the node's own packets are routed by the next protocol
     * in the list (outbound policy is applied by the layer's down targets, not here).
     * @param p the packet (unused)
     * @param header the header to route (unused)
     * @param oif the requested output device (unused)
     * @param[out] sockerr set to ERROR_NOROUTETOHOST
     * @return nullptr
     */
    Ptr<Ipv6Route> RouteOutput(Ptr<Packet> p,
                               const Ipv6Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
#if IPSEC_NS3_MINOR >= 39
    /**
     * @brief Offer a packet to be forwarded to the IPsec layer before any routing
     * protocol forwards it (multicast is declined: the node receives it, it does not tunnel it).
     * @param p the packet, from the L4 header on
     * @param header its IPv6 header
     * @param idev the device it arrived on (unused)
     * @param ucb unicast forwarding callback (unused: a tunnelled packet is sent by the layer)
     * @param mcb multicast forwarding callback (unused)
     * @param lcb local delivery callback (unused: the list delivers local packets itself)
     * @param ecb error callback (unused)
     * @return true if the layer took the packet (tunnelled or dropped by policy); false lets
     * the next routing protocol forward it
     */
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv6Header& header,
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
     * @param header its IPv6 header
     * @param idev the device it arrived on (unused)
     * @param ucb unicast forwarding callback (unused: a tunnelled packet is sent by the layer)
     * @param mcb multicast forwarding callback (unused)
     * @param lcb local delivery callback (unused: the list delivers local packets itself)
     * @param ecb error callback (unused)
     * @return true if the layer took the packet (tunnelled or dropped by policy); false lets
     * the next routing protocol forward it
     */
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv6Header& header,
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
    void NotifyAddAddress(uint32_t interface, Ipv6InterfaceAddress address) override;
    /**
     * @brief Nothing to do: the hook keeps no routes.
     * @param interface the interface index (unused)
     * @param address the address (unused)
     */
    void NotifyRemoveAddress(uint32_t interface, Ipv6InterfaceAddress address) override;
    /**
     * @brief Nothing to do: routes belong to the other protocols of the list.
     * @param dst destination (unused)
     * @param mask its prefix (unused)
     * @param nextHop next hop (unused)
     * @param interface interface index (unused)
     * @param prefixToUse source prefix (unused)
     */
    void NotifyAddRoute(Ipv6Address dst,
                        Ipv6Prefix mask,
                        Ipv6Address nextHop,
                        uint32_t interface,
                        Ipv6Address prefixToUse) override;
    /**
     * @brief Nothing to do: routes belong to the other protocols of the list.
     * @param dst destination (unused)
     * @param mask its prefix (unused)
     * @param nextHop next hop (unused)
     * @param interface interface index (unused)
     * @param prefixToUse source prefix (unused)
     */
    void NotifyRemoveRoute(Ipv6Address dst,
                           Ipv6Prefix mask,
                           Ipv6Address nextHop,
                           uint32_t interface,
                           Ipv6Address prefixToUse) override;
    /**
     * @brief Nothing to keep: the hook reaches the stack through its layer.
     * @param ipv6 the node's Ipv6 (unused)
     */
    void SetIpv6(Ptr<Ipv6> ipv6) override;
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

#endif /* IPSEC_IPV6_FORWARDING_HOOK_H */
