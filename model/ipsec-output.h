/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_OUTPUT_H
#define IPSEC_OUTPUT_H

#include "ah-transform.h"
#include "esp-transform.h"
#include "ipsec-acquire-queue.h"
#include "ipsec-address.h"
#include "ipsec-encapsulation.h"
#include "ipsec-ip-header.h"
#include "ipsec-policy.h"
#include "security-association.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6-route.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"

#include <optional>
#include <vector>

namespace ns3
{

class IpsecLayer;
class IpsecTunnelInterface;
class Ipv4L3Protocol;
class Ipv6L3Protocol;

/**
 * @ingroup ipsec
 * @brief The outbound data path of an IpsecLayer (FreeBSD's ipsec_output.c): what the node
 * sends, and what a security gateway forwards into a tunnel, is checked against the SPD, then
 * sent in the clear, dropped, or protected with the SAs of the deciding policy's bundle and
 * handed to IP; when an SA is missing, key management is asked and the packet waits for it.
 *
 * Not an Object: its layer owns it, and it works with the layer's shared state (stacks, SAD,
 * policy decision, counters, traces, crypto engine), which it reaches through its back
 * reference as a friend of IpsecLayer. It alone uses the protecting transforms, the tunnel
 * headers it builds and the queue of packets waiting for an SA.
 */
class IpsecOutput
{
  public:
    /**
     * @brief Construct.
     * @param layer the layer this path belongs to (it outlives the path)
     * @param ivStream the stream ESP IVs and IV salts are drawn from
     */
    IpsecOutput(IpsecLayer& layer, Ptr<RandomVariableStream> ivStream);
    ~IpsecOutput();

    // Not copyable: callbacks and scheduled events hold this object's address.
    /** Deleted copy constructor. */
    IpsecOutput(const IpsecOutput&) = delete;
    /**
     * Deleted copy assignment.
     * @return nothing
     */
    IpsecOutput& operator=(const IpsecOutput&) = delete;

    /**
     * @brief The stacks whose defaults (TTL / hop limit, traffic class) the headers this
     * path builds take.
     * @param ipv4 the node's IPv4 stack, or null
     * @param ipv6 the node's IPv6 stack, or null
     */
    void SetStacks(Ptr<Ipv4L3Protocol> ipv4, Ptr<Ipv6L3Protocol> ipv6);
    /** @brief Let go of the stacks and of the packets waiting for an SA (layer disposal). */
    void Dispose();

    /**
     * @brief Prepare a newly installed SA for protection (its IV salt).
     * @param sa the SA
     */
    void InitializeSa(SecurityAssociation& sa);

    /**
     * @brief IPv4 outbound entry point (IpsecLayer::Send).
     * @param packet the L4 segment
     * @param source source address
     * @param destination destination address
     * @param protocol L4 protocol number
     * @param route the route chosen by the L4 protocol
     */
    void Send(Ptr<Packet> packet,
              Ipv4Address source,
              Ipv4Address destination,
              uint8_t protocol,
              Ptr<Ipv4Route> route);
    /**
     * @brief IPv6 outbound entry point (IpsecLayer::Send6).
     * @param packet the L4 segment
     * @param source source address
     * @param destination destination address
     * @param protocol L4 protocol number
     * @param route the route chosen by the L4 protocol (null for ICMPv6)
     */
    void Send6(Ptr<Packet> packet,
               Ipv6Address source,
               Ipv6Address destination,
               uint8_t protocol,
               Ptr<Ipv6Route> route);

    /**
     * @brief An inner packet routed into a tunnel interface (IpsecLayer::SendThroughTunnel).
     * @param tunnel the tunnel interface
     * @param packet the packet, from its IP header on
     * @return whether it was sent
     */
    bool SendThroughTunnel(Ptr<IpsecTunnelInterface> tunnel, Ptr<Packet> packet);

    /**
     * @brief A packet the node would forward (IpsecLayer::InterceptForward).
     * @param packet the packet, without its IP header
     * @param header its IP header
     * @return true if the path took it (protected or dropped), false to forward as usual
     */
    bool InterceptForward(Ptr<const Packet> packet, const IpsecIpHeader& header);

    /**
     * @brief An SA was installed: held packets may go (scheduled, not nested in the Add).
     * @param sa the SA
     */
    void OnSaAdded(Ptr<const SecurityAssociation> sa);
    /** @return packets waiting for an SA, all policies together */
    uint32_t GetHeldPackets() const;

  private:
    /** The route an L4 protocol chose, for whichever IP version the packet has. */
    struct Route
    {
        Ptr<Ipv4Route> v4; //!< IPv4 route, or null
        Ptr<Ipv6Route> v6; //!< IPv6 route, or null
    };

    /** A protected packet on its way to IP. */
    struct Outbound
    {
        Ptr<Packet> packet;          //!< The ESP or AH packet
        IpsecIpHeader header;        //!< The header to send it with (if withHeader)
        bool withHeader;             //!< Whether the layer built the header itself
        IpsecAddress source;         //!< Source (when the stack builds the header)
        IpsecAddress destination;    //!< Destination (likewise)
        Route route;                 //!< Route
        Ptr<SecurityAssociation> sa; //!< The SA that protected it
    };

    /**
     * @brief Policy for an outbound L4 segment of either version.
     * @param packet the segment
     * @param source the source the L4 protocol gave (may be unspecified)
     * @param local the source address selectors see
     * @param destination destination
     * @param protocol L4 protocol
     * @param route the L4 protocol's route
     */
    void SendProtected(Ptr<Packet> packet,
                       const IpsecAddress& source,
                       const IpsecAddress& local,
                       const IpsecAddress& destination,
                       uint8_t protocol,
                       const Route& route);
    /**
     * @brief An ICMP echo reply under icmp-accept-clear: sent like its request came (in the
     * clear, or with the mirror images of the request's SAs), whatever the SPD says.
     * @param packet the ICMP or ICMPv6 message
     * @param source the source the L4 protocol gave
     * @param local the source address selectors see
     * @param destination destination
     * @param protocol 1 or 58
     * @param route the L4 protocol's route
     * @return false if the SPD is to decide (not an echo reply, or the tunable is off)
     */
    bool SendEchoReply(Ptr<Packet> packet,
                       const IpsecAddress& source,
                       const IpsecAddress& local,
                       const IpsecAddress& destination,
                       uint8_t protocol,
                       const Route& route);
    /**
     * @brief Protect with the SAs @p policy needs; when one is missing, ask key management
     * (once per policy while an ACQUIRE is pending) and hold the packet, or drop it.
     * @param policy the PROTECT policy
     * @param packet the L4 segment, or a forwarded packet's payload
     * @param source its source address
     * @param destination its destination address
     * @param protocol its protocol
     * @param route the L4 protocol's route (empty for forwarded packets)
     * @param forwarded a forwarded packet's header (gateways, tunnel interfaces)
     */
    void ProtectOrAcquire(Ptr<IpsecPolicy> policy,
                          Ptr<Packet> packet,
                          const IpsecAddress& source,
                          const IpsecAddress& destination,
                          uint8_t protocol,
                          const Route& route,
                          const std::optional<IpsecIpHeader>& forwarded);
    /**
     * @brief A held packet was given up (queue timeout).
     * @param packet the packet
     */
    void DropHeld(Ptr<const Packet> packet);
    /**
     * @brief Hand a cleartext packet to the stack of its version.
     * @param packet the segment
     * @param source source
     * @param destination destination
     * @param protocol protocol
     * @param route the route
     */
    void SendClear(Ptr<Packet> packet,
                   const IpsecAddress& source,
                   const IpsecAddress& destination,
                   uint8_t protocol,
                   const Route& route);
    /**
     * @brief Find the SA for each step of a policy's bundle.
     * @param policy the PROTECT policy
     * @param source the packet's source
     * @param destination the packet's destination
     * @param[out] sas one SA per step, innermost first
     * @return false if a step has no SA (then nothing may be applied)
     */
    bool ResolveBundle(const IpsecPolicy& policy,
                       IpsecAddress source,
                       IpsecAddress destination,
                       std::vector<Ptr<SecurityAssociation>>& sas) const;
    /**
     * @brief Apply an SA bundle (or a single SA), innermost step first, transport or tunnel
     * mode, ESP or AH; then send (at once, or when the crypto engine is done).
     * @param packet the L4 segment (or, on a gateway, the forwarded packet's payload)
     * @param source its source address
     * @param destination its destination address
     * @param protocol its protocol
     * @param route the route L4 chose (empty on a gateway)
     * @param sas the SAs, innermost first
     * @param forwarded on a gateway, the forwarded packet's header
     */
    void SendBundle(Ptr<Packet> packet,
                    IpsecAddress source,
                    IpsecAddress destination,
                    uint8_t protocol,
                    Route route,
                    const std::vector<Ptr<SecurityAssociation>>& sas,
                    const IpsecIpHeader* forwarded);
    /**
     * @brief Ask the routing protocol of the header's version for a route.
     * @param packet the packet
     * @param header the header it will be sent with
     * @return the route (empty when there is none)
     */
    Route RouteFor(Ptr<Packet> packet, const IpsecIpHeader& header) const;
    /**
     * @brief Hand a protected packet to IP.
     * @param out the packet and how to send it
     */
    void Emit(Outbound out);

    IpsecLayer& m_layer;                //!< The layer this path belongs to
    EspTransform m_esp;                 //!< ESP protection
    AhTransform m_ah;                   //!< AH protection
    IpsecEncapsulation m_encapsulation; //!< Own headers and tunnel mode
    IpsecAcquireQueue m_acquireQueue;   //!< Packets waiting for key management
};

} // namespace ns3

#endif /* IPSEC_OUTPUT_H */
