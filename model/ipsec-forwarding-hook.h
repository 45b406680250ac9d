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

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
#if IPSEC_NS3_MINOR >= 39
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    const UnicastForwardCallback& ucb,
                    const MulticastForwardCallback& mcb,
                    const LocalDeliverCallback& lcb,
                    const ErrorCallback& ecb) override;
#else
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
#endif
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<IpsecLayer> m_layer; //!< The layer deciding about forwarded packets
};

} // namespace ns3

#endif /* IPSEC_FORWARDING_HOOK_H */
