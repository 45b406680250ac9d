/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_LAYER_H
#define IPSEC_LAYER_H

#include "ah-transform.h"
#include "esp-transform.h"
#include "ipsec-crypto-engine.h"
#include "ipsec-drop-reason.h"
#include "ipsec-tunnel-interface.h"
#include "security-association-database.h"
#include "security-policy-database.h"

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <array>
#include <map>

namespace ns3
{

class Node;
class Ipv4L3Protocol;
class Ipv4Interface;

/**
 * @ingroup ipsec
 * @brief The IPsec layer of one node: enforces its SPD on every datagram the node sends or
 * receives and applies ESP with the SAs of its SAD.
 *
 * It is aggregated to a Node that already has an IPv4 stack and hooks in without patching
 * ns-3: outbound, it becomes the down target of UDP, TCP and ICMP; inbound, it receives
 * protocol 50 (ESP) from Ipv4L3Protocol, and IpsecL4Proxy objects registered in place of UDP
 * and TCP check that cleartext arriving for them is allowed to be clear.
 */
class IpsecLayer : public Object
{
  public:
    /** What happens to traffic that no SPD entry selects. */
    enum DefaultAction
    {
        DEFAULT_BYPASS,  //!< Pass in the clear, as a host with no policy does
        DEFAULT_DISCARD, //!< Drop
    };

    /** The crypto mode given to SAs installed with IpsecCryptoMode::DEFAULT. */
    enum CryptoModeDefault
    {
        CRYPTO_REAL,      //!< Real ciphers and ICVs
        CRYPTO_SIZE_ONLY, //!< Sizes, headers and sequence numbers only
    };

    /** Layer-wide counters. */
    struct Counters
    {
        uint64_t protectedOut = 0; //!< Packets sent protected
        uint64_t clearOut = 0;     //!< Packets sent in the clear by policy
        uint64_t protectedIn = 0;  //!< Protected packets accepted
        uint64_t clearIn = 0;      //!< Cleartext packets accepted by policy
        std::array<uint64_t, static_cast<size_t>(IpsecDropReason::COUNT)> drops{}; //!< Drops

        /**
         * @param reason a reason
         * @return drops counted for it
         */
        uint64_t GetDrops(IpsecDropReason reason) const;
    };

    /**
     * TracedCallback signature for drops.
     * @param packet the packet as it was when dropped
     * @param reason why
     * @param spi the SPI of the SA involved, 0 if none
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet,
                                       IpsecDropReason reason,
                                       uint32_t spi);
    /**
     * TracedCallback signature for protected packets.
     * @param packet the packet (ESP packet outbound, decrypted payload inbound)
     * @param sa the SA used
     */
    typedef void (*SaTracedCallback)(Ptr<const Packet> packet, Ptr<const SecurityAssociation> sa);

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    IpsecLayer();
    ~IpsecLayer() override;

    /** @return the SPD */
    Ptr<SecurityPolicyDatabase> GetSpd() const;
    /** @return the SAD */
    Ptr<SecurityAssociationDatabase> GetSad() const;

    /**
     * @brief Install an SA through the SAD and prepare it for this layer.
     * @param params the SA (replayWindow 0 takes the ReplayWindowSize attribute)
     * @param[out] error why it was refused
     * @return the SA or nullptr
     */
    Ptr<SecurityAssociation> AddSa(IpsecSaParams params, std::string& error);

    /** @return the counters */
    const Counters& GetCounters() const;

    /** @return the crypto mode SAs installed with IpsecCryptoMode::DEFAULT get */
    IpsecCryptoMode GetDefaultCryptoMode() const;

    /**
     * @brief Print the SPD and SAD like `ipseckey dump` and `ipsecconf` do.
     * @param os the stream
     */
    void Print(std::ostream& os) const;

    /**
     * @brief Assign a fixed random variable stream number to the IV generator.
     * @param stream first stream index
     * @return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * @brief Outbound entry point: the down target of the L4 protocols.
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
     * @brief Inbound ESP (called by the protocol-50 handler).
     * @param packet the ESP packet
     * @param header its IPv4 header
     * @param incomingInterface where it arrived
     */
    void ReceiveEsp(Ptr<Packet> packet,
                    const Ipv4Header& header,
                    Ptr<Ipv4Interface> incomingInterface);

    /**
     * @brief Inbound AH (called by the protocol-51 handler).
     * @param packet the packet from its AH header on
     * @param header its IPv4 header
     * @param incomingInterface where it arrived
     */
    void ReceiveAh(Ptr<Packet> packet,
                   const Ipv4Header& header,
                   Ptr<Ipv4Interface> incomingInterface);

    /**
     * @brief Let a route-based tunnel's traffic through this layer (IpsecHelper does this).
     * @param tunnel the tunnel interface
     */
    void RegisterTunnel(Ptr<IpsecTunnelInterface> tunnel);
    /** @return the tunnel interfaces of this node */
    const std::vector<Ptr<IpsecTunnelInterface>>& GetTunnels() const;
    /**
     * @brief An inner IPv4 packet routed into a tunnel interface (its device's send callback):
     * protect it by the tunnel's policy and send it to the peer, or drop it.
     * @param tunnel the tunnel interface
     * @param packet the packet, from its IPv4 header on
     * @return whether it was sent
     */
    bool SendThroughTunnel(Ptr<IpsecTunnelInterface> tunnel, Ptr<Packet> packet);

    /**
     * @brief A packet this node would forward (called by IpsecForwardingHook): protect it
     * into a tunnel, drop it by policy, or let routing forward it.
     * @param packet the packet, without its IPv4 header
     * @param header its IPv4 header
     * @return true if the layer took it (protected or dropped), false to forward as usual
     */
    bool InterceptForward(Ptr<const Packet> packet, const Ipv4Header& header);

    /**
     * @brief Inbound cleartext check (called by IpsecL4Proxy).
     * @param packet the L4 segment
     * @param header its IPv4 header
     * @return whether policy lets it be delivered in the clear
     */
    bool AcceptClear(Ptr<const Packet> packet, const Ipv4Header& header);

    /** @return the processing-delay model's engine, or null when the model is off */
    Ptr<IpsecCryptoEngine> GetCryptoEngine() const;
    /**
     * @brief Turn the processing-delay model on (an engine) or off (null).
     * @param engine the engine
     */
    void SetCryptoEngine(Ptr<IpsecCryptoEngine> engine);

  protected:
    void DoDispose() override;
    void NotifyNewAggregate() override;

  private:
    /** A protected packet on its way to IPv4. */
    struct Outbound
    {
        Ptr<Packet> packet;          //!< The ESP or AH packet
        Ipv4Header header;           //!< The header to send it with (if withHeader)
        bool withHeader;             //!< Whether the layer built the header itself
        Ipv4Address source;          //!< Source (when Ipv4L3Protocol builds the header)
        Ipv4Address destination;     //!< Destination (likewise)
        Ptr<Ipv4Route> route;        //!< Route
        Ptr<SecurityAssociation> sa; //!< The SA that protected it
    };

    /**
     * @brief Hook into the node's IPv4 stack (once).
     */
    void Hook();
    /**
     * @brief Tunnel mode: put the inner IPv4 header on @p packet and switch the addresses to
     * the SA's endpoints; the outer header will copy the inner DSCP, ECN and DF (RFC 4301
     * 5.1.2.1, RFC 6040).
     * @param packet the payload; gets the inner header
     * @param[in,out] source the inner source, then the SA's source endpoint
     * @param[in,out] destination the inner destination, then the SA's destination endpoint
     * @param protocol the payload's protocol
     * @param sa the tunnel-mode SA
     * @param forwarded on a gateway, the forwarded packet's header (TTL already decremented);
     *        null to build the header the host would have sent
     * @return the next header for the SA's transform (IPv4 in IPv4)
     */
    uint8_t Encapsulate(Ptr<Packet> packet,
                        Ipv4Address& source,
                        Ipv4Address& destination,
                        uint8_t protocol,
                        const SecurityAssociation& sa,
                        const Ipv4Header* forwarded);
    /**
     * @brief Build an IPv4 header as Ipv4L3Protocol would: the packet's TTL, TOS and DF
     * socket tags (removed) or the defaults, the layer's own identification counter.
     * @param packet the packet (its tags are read)
     * @param source source address
     * @param destination destination address
     * @param protocol protocol field
     * @param payloadSize payload length
     * @return the header
     */
    Ipv4Header BuildHeader(Ptr<Packet> packet,
                           Ipv4Address source,
                           Ipv4Address destination,
                           uint8_t protocol,
                           uint32_t payloadSize);
    /**
     * @brief Find the SA for each step of a policy's bundle.
     * @param policy the PROTECT policy
     * @param source the packet's source
     * @param destination the packet's destination
     * @param[out] sas one SA per step, innermost first
     * @return false if a step has no SA (then nothing may be applied)
     */
    bool ResolveBundle(const IpsecPolicy& policy,
                       Ipv4Address source,
                       Ipv4Address destination,
                       std::vector<Ptr<SecurityAssociation>>& sas) const;
    /**
     * @brief Apply an SA bundle (or a single SA), innermost step first, transport or tunnel
     * mode, ESP or AH; then send (at once, or when the crypto engine is done).
     * @param packet the L4 segment (or, on a gateway, the forwarded packet's payload)
     * @param source its source address
     * @param destination its destination address
     * @param protocol its protocol
     * @param route the route L4 chose (null on a gateway)
     * @param sas the SAs, innermost first
     * @param forwarded on a gateway, the forwarded packet's header
     */
    void SendBundle(Ptr<Packet> packet,
                    Ipv4Address source,
                    Ipv4Address destination,
                    uint8_t protocol,
                    Ptr<Ipv4Route> route,
                    const std::vector<Ptr<SecurityAssociation>>& sas,
                    const Ipv4Header* forwarded);
    /**
     * @brief Take the inner IPv4 header off a tunnel-mode payload (RFC 4301 5.1.2; ECN per
     * RFC 6040). Leaves a refused packet's bytes as they were where it can.
     * @param packet the payload, from the inner header on
     * @param outer the outer header it arrived with
     * @param[out] inner the inner header
     * @return false if the payload is not a well-formed IPv4 packet (or RFC 6040 drops it)
     */
    bool Decapsulate(Ptr<Packet> packet, const Ipv4Header& outer, Ipv4Header& inner) const;
    /**
     * @brief Hand a protected packet to IPv4.
     * @param out the packet and how to send it
     */
    void Emit(Outbound out);
    /**
     * @brief Unprotect, check inbound policy and deliver (at once, or when the crypto engine
     * is done).
     * @param packet the ESP packet
     * @param header its IPv4 header
     * @param incomingInterface where it arrived
     * @param sa the SA its SPI selected
     */
    void FinishReceive(Ptr<Packet> packet,
                       Ipv4Header header,
                       Ptr<Ipv4Interface> incomingInterface,
                       Ptr<SecurityAssociation> sa);
    /**
     * @brief Read an inbound ESP or AH packet's SPI and find its SA; a packet too short for
     * its header, or with an unknown SPI, is dropped.
     * @param protocol ESP or AH
     * @param packet the packet from its ESP or AH header on
     * @param destination the destination address it was sent to
     * @return the SA, or null (the packet has been dropped)
     */
    Ptr<SecurityAssociation> FindInboundSa(IpsecProtocol protocol,
                                           Ptr<Packet> packet,
                                           Ipv4Address destination);
    /**
     * @brief Find the SA of an inbound ESP or AH packet and process it (at once, or when the
     * crypto engine is done).
     * @param protocol ESP or AH
     * @param packet the packet from its ESP or AH header on
     * @param header its IPv4 header
     * @param incomingInterface where it arrived
     */
    void ReceiveProtected(IpsecProtocol protocol,
                          Ptr<Packet> packet,
                          const Ipv4Header& header,
                          Ptr<Ipv4Interface> incomingInterface);
    /**
     * @param direction packet direction
     * @param local address on this node
     * @param remote address of the peer
     * @param protocol L4 protocol
     * @param packet the L4 segment
     * @return the packet's selector values
     */
    IpsecFlowKey MakeKey(IpsecDirection direction,
                         Ipv4Address local,
                         Ipv4Address remote,
                         uint8_t protocol,
                         Ptr<const Packet> packet) const;
    /**
     * @param key a packet's selector values
     * @param[out] policy the deciding policy, nullptr if none matched
     * @return the deciding policy's action (the default action if none), counting the match
     */
    IpsecAction Decide(const IpsecFlowKey& key, Ptr<IpsecPolicy>& policy) const;
    /**
     * @brief Count and trace a drop.
     * @param packet the packet
     * @param reason why
     * @param sa the SA involved, if any
     */
    void Drop(Ptr<const Packet> packet, IpsecDropReason reason, Ptr<SecurityAssociation> sa);

    Ptr<Node> m_node;                              //!< Our node
    Ptr<Ipv4L3Protocol> m_ipv4;                    //!< Its IPv4 stack
    Ptr<SecurityPolicyDatabase> m_spd;             //!< Policies
    Ptr<SecurityAssociationDatabase> m_sad;        //!< SAs
    std::map<uint8_t, Ptr<IpL4Protocol>> m_realL4; //!< Protocols behind the proxies
    Ptr<UniformRandomVariable> m_ivStream;         //!< IV randomness
    Ptr<IpsecCryptoEngine> m_engine;               //!< Processing-delay model, or null
    EspTransform m_esp;                            //!< ESP processing
    AhTransform m_ah;                              //!< AH processing
    uint16_t m_identification;                     //!< IPv4 identification of own headers
    bool m_reinjecting; //!< Forwarding a packet this layer has just decapsulated
    std::vector<Ptr<IpsecTunnelInterface>> m_tunnels; //!< Route-based tunnels
    DefaultAction m_defaultAction;                    //!< Unmatched traffic
    CryptoModeDefault m_cryptoMode;                   //!< Crypto mode for DEFAULT SAs
    uint32_t m_replayWindow;                          //!< Default replay window size
    Counters m_counters;                              //!< Counters

    TracedCallback<Ptr<const Packet>, IpsecDropReason, uint32_t> m_dropTrace;           //!< Drops
    TracedCallback<Ptr<const Packet>, Ptr<const SecurityAssociation>> m_protectTrace;   //!< Tx
    TracedCallback<Ptr<const Packet>, Ptr<const SecurityAssociation>> m_unprotectTrace; //!< Rx
};

} // namespace ns3

#endif /* IPSEC_LAYER_H */
