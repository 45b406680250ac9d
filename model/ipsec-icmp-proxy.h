/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_ICMP_PROXY_H
#define IPSEC_ICMP_PROXY_H

#include "ipsec-l4-proxy.h"

namespace ns3
{

class IpsecLayer;
class IpsecAcceptClear;

/**
 * @ingroup ipsec
 * @brief Stands in Ipv4L3Protocol's table for ICMP (protocol 1) so that cleartext ICMP passes
 * the IPsec layer's icmp-accept-clear rule (or, with it off, the SPD check) before
 * Icmpv4L4Protocol sees it, and so that an echo request is noted while ICMP answers it.
 *
 * It has a TypeId of its own and is aggregated to the node: Ipv4L3Protocol::GetIcmp() asks
 * the object in its table for Icmpv4L4Protocol through GetObject, which finds the real ICMP in
 * the node's aggregate, so TTL exceeded, port unreachable and fragmentation needed are still
 * sent by the real protocol. Decrypted ICMP comes through here too (the layer delivers it to
 * whatever is registered); it is recognised and not checked again.
 *
 * IPv6 cannot have such a proxy: Ipv6Interface casts the protocol registered for 58 to
 * Icmpv6L4Protocol (Neighbor Discovery, DAD), so ICMPv6 stays in its table.
 */
class IpsecIcmpProxy : public IpsecL4Proxy
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    IpsecIcmpProxy();
    /**
     * @brief Construct.
     * @param real the node's Icmpv4L4Protocol
     * @param layer the layer (kept alive: it owns @p rules)
     * @param rules the layer's accept-clear rules
     */
    IpsecIcmpProxy(Ptr<IpL4Protocol> real, Ptr<IpsecLayer> layer, IpsecAcceptClear& rules);

    /**
     * @brief Cleartext ICMP passes icmp-accept-clear (or, with it off, the SPD check) before
     * the real ICMP sees it; an accepted echo request is noted so that its reply leaves in the
     * clear. ICMP the layer decrypted is recognised and passed on without a second check.
     * @param p the ICMP message
     * @param header its IPv4 header
     * @param incomingInterface the interface it arrived on
     * @return RX_OK when policy dropped it (no ICMP about ICMP), otherwise what the real ICMP
     * returns
     */
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv4Header& header,
                                   Ptr<Ipv4Interface> incomingInterface) override;
    /**
     * @brief Passed straight to the real protocol: the proxy is never registered for IPv6
     * (ICMPv6 cannot be proxied), so this exists only to complete the interface.
     * @param p the message
     * @param header its IPv6 header
     * @param incomingInterface the interface it arrived on
     * @return what the real protocol returns
     */
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv6Header& header,
                                   Ptr<Ipv6Interface> incomingInterface) override;

  protected:
    /**
     * Forgets the accept-clear rules (owned by the layer) before the base class lets the
     * layer go.
     */
    void DoDispose() override;

  private:
    IpsecAcceptClear* m_rules{nullptr}; //!< The layer's accept-clear rules (the base class
                                        //!< keeps the layer, and so them, alive)
};

} // namespace ns3

#endif /* IPSEC_ICMP_PROXY_H */
