/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_LAYER_H
#define IPSEC_LAYER_H

#include "ipsec-crypto-engine.h"
#include "ipsec-decision.h"
#include "ipsec-drop-reason.h"
#include "ipsec-policy-logger.h"
#include "ipsec-socket-policy.h"
#include "ipsec-tunnel-interface.h"
#include "ipsec-udp-encapsulation.h"
#include "security-association-database.h"
#include "security-policy-database.h"

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv6-route.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <array>
#include <map>
#include <memory>
#include <optional>

namespace ns3
{

class Node;
class Ipv4L3Protocol;
class Ipv6L3Protocol;
class NetDevice;
class IpsecOutput;
class IpsecInput;
class IpsecAcceptClear;

/**
 * @ingroup ipsec
 * @brief The IPsec layer of one node: enforces its SPD on every datagram the node sends or
 * receives and applies ESP with the SAs of its SAD.
 *
 * It is aggregated to a Node that already has an IPv4 and/or IPv6 stack and hooks into both
 * without patching ns-3: outbound, it becomes the down target (IPv4 and IPv6) of UDP, TCP,
 * ICMP and ICMPv6; inbound, it receives protocols 50 (ESP) and 51 (AH) from Ipv4L3Protocol
 * and Ipv6L3Protocol, and IpsecL4Proxy objects registered in place of UDP and TCP check that
 * cleartext arriving for them is allowed to be clear. Forwarding hooks first in the node's
 * Ipv4ListRouting and Ipv6ListRouting make it a security gateway.
 *
 * The layer holds what both directions share (SPD and SAD, the policy decision, attributes,
 * counters, traces) and its entry points; the data paths themselves are IpsecOutput and
 * IpsecInput, after FreeBSD's ipsec_output.c and ipsec_input.c, to which those entry points
 * hand each packet.
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
        /** Intra-machine packets a protect policy sent with its mechanisms not applied */
        uint64_t intraMachineOut = 0;
        /** Intra-machine packets accepted by the mechanisms the sender's policy named */
        uint64_t intraMachineIn = 0;
        uint64_t socketOptionsRefused = 0; //!< IP_SEC_OPT / IPV6_SEC_OPT requests refused

        // Let in by the accept-clear tunables, not by policy (so not in clearIn).
        uint64_t icmpClearAccepted = 0; //!< Cleartext ICMP let in by icmp-accept-clear
        uint64_t igmpClearAccepted = 0; //!< Cleartext IGMP let in by igmp-accept-clear
        uint64_t pimClearAccepted = 0;  //!< Cleartext PIM let in by pim-accept-clear

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
     * TracedCallback signature for policy decisions and drops.
     * @param packet the packet (outbound: the L4 segment; inbound: as it was decided)
     * @param info what was decided, by which policy, why
     */
    typedef void (*DecisionTracedCallback)(Ptr<const Packet> packet, const IpsecDecisionInfo& info);
    /**
     * TracedCallback signature for refused per-socket requests.
     * @param socket the socket
     * @param error the errno returned
     * @param message why
     */
    typedef void (*SocketOptionTracedCallback)(Ptr<const Socket> socket,
                                               int error,
                                               const std::string& message);
    /**
     * TracedCallback signature for NAT mapping changes.
     * @param sa the inbound SA whose packet showed the change
     * @param address the peer's address now
     * @param port the peer's UDP port now
     */
    typedef void (*NatMappingTracedCallback)(Ptr<const SecurityAssociation> sa,
                                             const IpsecAddress& address,
                                             uint16_t port);
    /**
     * TracedCallback signature for IGMP and PIM messages handed to the multicast routing
     * daemon this trace stands in for.
     * @param packet the message, from its IGMP or PIM header on
     * @param header its IP header (the protocol says which)
     * @param isProtected whether it arrived protected (otherwise accepted in the clear)
     */
    typedef void (*MulticastControlTracedCallback)(Ptr<const Packet> packet,
                                                   const IpsecIpHeader& header,
                                                   bool isProtected);

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

    /**
     * @brief setsockopt(IP_SEC_OPT / IPV6_SEC_OPT) on one of this node's sockets (see
     * IpsecSocketOptions): validated against the socket's privilege and the
     * PersockRequirePriv attribute; refusals are counted, traced (SocketOptionRefused) and
     * logged (NS_LOG and the policy logger), and change nothing.
     * @param socket the socket
     * @param option which of its traffic
     * @param request the request
     * @param[out] error why it was refused
     * @return 0 or an errno value (EINVAL, EPERM, EOPNOTSUPP)
     */
    int SetSocketOption(Ptr<Socket> socket,
                        IpsecSocketOption option,
                        const IpsecSocketRequest& request,
                        std::string& error);
    /** @return this node's per-socket policy (requests and privileges) */
    IpsecSocketPolicy& GetSocketPolicy();
    /** @return the policy logger failures are reported to, or null */
    Ptr<IpsecPolicyLogger> GetPolicyLogger() const;

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
     * @brief IPv4 outbound entry point: the down target of the L4 protocols.
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
     * @brief IPv6 outbound entry point: the IPv6 down target of the L4 protocols.
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
     * @brief Inbound ESP or AH, IPv4 or IPv6 (called by the protocol-50 and -51 handlers).
     * @param protocol ESP or AH
     * @param packet the packet from its ESP or AH header on
     * @param header its IP header
     * @param device the device it arrived on
     */
    void Receive(IpsecProtocol protocol,
                 Ptr<Packet> packet,
                 const IpsecIpHeader& header,
                 Ptr<NetDevice> device);

    /**
     * @brief A UDP datagram for this node, before UDP sees it (called by the UDP proxy): if
     * it arrived on an encapsulation endpoint and holds ESP or a NAT keepalive, the layer
     * takes it (RFC 3948); anything else is left for UDP and the inbound policy check.
     * @param packet the datagram, from its UDP header on (not changed unless taken)
     * @param header its IP header
     * @param device the device it arrived on
     * @return whether the layer took the datagram
     */
    bool ReceiveUdp(Ptr<Packet> packet, const IpsecIpHeader& header, Ptr<NetDevice> device);

    /** @return the node's UDP encapsulation (NAT traversal endpoints and keepalives) */
    Ptr<IpsecUdpEncapsulation> GetUdpEncapsulation() const;

    /**
     * @brief Let a route-based tunnel's traffic through this layer (IpsecHelper does this).
     * @param tunnel the tunnel interface
     */
    void RegisterTunnel(Ptr<IpsecTunnelInterface> tunnel);
    /** @return the tunnel interfaces of this node */
    const std::vector<Ptr<IpsecTunnelInterface>>& GetTunnels() const;
    /**
     * @brief An inner IPv4 or IPv6 packet routed into a tunnel interface (its device's send
     * callback): protect it by the tunnel's policy and send it to the peer, or drop it.
     * @param tunnel the tunnel interface
     * @param packet the packet, from its IP header on
     * @return whether it was sent
     */
    bool SendThroughTunnel(Ptr<IpsecTunnelInterface> tunnel, Ptr<Packet> packet);

    /**
     * @brief A packet this node would forward (called by the IPv4 and IPv6 forwarding
     * hooks): protect it into a tunnel, drop it by policy, or let routing forward it.
     * @param packet the packet, without its IP header
     * @param header its IP header
     * @return true if the layer took it (protected or dropped), false to forward as usual
     */
    bool InterceptForward(Ptr<const Packet> packet, const IpsecIpHeader& header);

    /**
     * @brief Inbound cleartext check (called by IpsecL4Proxy).
     * @param packet the L4 segment
     * @param header its IP header
     * @return whether policy lets it be delivered in the clear
     */
    bool AcceptClear(Ptr<const Packet> packet, const IpsecIpHeader& header);

    /**
     * Asks key management for an SA (the key engine sends PF_KEY ACQUIRE): the policy that
     * needs it and the addresses of the packet that found it missing; returns whether anyone
     * was there to ask.
     */
    using AcquireCallback =
        Callback<bool, Ptr<IpsecPolicy>, const IpsecAddress&, const IpsecAddress&>;
    /**
     * @brief Who is asked when a protect policy has no usable SA (the key engine). Unset,
     * such packets are dropped (no-outbound-sa); set, they wait in a per-policy queue
     * (AcquireQueueLimit, AcquireHoldTime) while key management negotiates.
     * @param callback the callback
     */
    void SetAcquireCallback(AcquireCallback callback);
    /** @return packets waiting for an SA, all policies together */
    uint32_t GetHeldPackets() const;

    /**
     * Tells key management that a NAT changed a peer's mapping (the key engine sends PF_KEY
     * SADB_X_NAT_T_NEW_MAPPING): the inbound UDP-encapsulated SA whose authenticated packet
     * showed it, and the address and UDP port the packet came from.
     */
    using NatMappingCallback =
        Callback<void, Ptr<SecurityAssociation>, const IpsecAddress&, uint16_t>;
    /**
     * @brief Who hears of NAT mapping changes (the key engine).
     * @param callback the callback
     */
    void SetNatMappingCallback(NatMappingCallback callback);

    /** @return the processing-delay model's engine, or null when the model is off */
    Ptr<IpsecCryptoEngine> GetCryptoEngine() const;
    /**
     * @brief Turn the processing-delay model on (an engine) or off (null).
     * @param engine the engine
     */
    void SetCryptoEngine(Ptr<IpsecCryptoEngine> engine);

  protected:
    /**
     * Releases the stacks, proxies, databases, UDP encapsulation (its sockets and keepalive
     * timer) and SA timers; the data paths stay until destruction, because the crypto engine
     * may still hold packets that come back to them.
     */
    void DoDispose() override;
    /**
     * Hooks into each IP stack once it and the node are both aggregated, whatever the order
     * of aggregation: down targets, proxies, ESP and AH receivers, forwarding hooks.
     */
    void NotifyNewAggregate() override;

  private:
    // The data paths work with the state below (stacks, SAD, policy decision, counters,
    // traces): they are parts of this layer, split out to keep each path in one place.
    friend class IpsecOutput;
    friend class IpsecInput;
    friend class IpsecAcceptClear;

    /** @brief Hook into the node's IPv4 stack (once). */
    void HookIpv4();
    /**
     * @brief Police IPv4 control messages: the ICMP proxy, the IGMP and PIM handlers.
     */
    void HookIpv4Control();
    /** @brief Hook into the node's IPv6 stack (once). */
    void HookIpv6();
    /**
     * @brief Take over an L4 protocol's inbound side: a proxy checks its cleartext.
     * @param l4 the protocol (the same object serves IPv4 and IPv6)
     * @return the proxy, shared by both versions
     */
    Ptr<IpL4Protocol> ProxyFor(Ptr<IpL4Protocol> l4);
    /**
     * @param key an outbound or inbound packet's selector values
     * @return whether it is IPv6 link control (Neighbor Discovery, MLD) that bypasses the SPD
     */
    bool IsLinkControl(const IpsecFlowKey& key) const;
    /**
     * @param direction packet direction
     * @param local address on this node
     * @param remote address of the peer
     * @param protocol L4 protocol
     * @param packet the L4 segment
     * @return the packet's selector values
     */
    IpsecFlowKey MakeKey(IpsecDirection direction,
                         const IpsecAddress& local,
                         const IpsecAddress& remote,
                         uint8_t protocol,
                         Ptr<const Packet> packet) const;
    /**
     * @brief The policy decision for a packet: a socket's request (for the node's own
     * traffic), then the SPD, then the default action. Counts the deciding policy's packets
     * and bytes and fires the Decision trace.
     * @param key a packet's selector values
     * @param packet the packet (its size is counted; the trace passes it)
     * @param local whether the packet is the node's own (sent by or delivered to one of its
     *        sockets), so that per-socket policy applies; false for forwarded traffic
     * @param[out] policy the deciding policy, nullptr if none matched
     * @return the deciding policy's action (the default action if none)
     */
    IpsecAction Decide(const IpsecFlowKey& key,
                       Ptr<const Packet> packet,
                       bool local,
                       Ptr<IpsecPolicy>& policy);
    /**
     * @param address an address
     * @return whether it is one of this node's addresses or a loopback address (the packet
     *         is intra-machine traffic)
     */
    bool IsOwnAddress(const IpsecAddress& address) const;
    /**
     * @brief Count, trace and log a drop.
     * @param packet the packet
     * @param reason why
     * @param direction the packet's direction
     * @param sa the SA involved, if any
     * @param policy the policy whose decision led to the drop, if any
     * @param key the packet's selector values, when known
     * @param header the IP header of a packet that does not start with one, when known
     */
    void Drop(Ptr<const Packet> packet,
              IpsecDropReason reason,
              IpsecDirection direction,
              Ptr<SecurityAssociation> sa,
              Ptr<IpsecPolicy> policy = nullptr,
              const IpsecFlowKey* key = nullptr,
              const IpsecIpHeader* header = nullptr);
    /**
     * @brief Report a drop to the policy logger (when it is online).
     * @param packet the packet
     * @param info the decision
     * @param header its IP header, if known and not in the packet
     */
    void LogFailure(Ptr<const Packet> packet,
                    const IpsecDecisionInfo& info,
                    const IpsecIpHeader* header) const;

    Ptr<Node> m_node;                               //!< Our node
    Ptr<Ipv4L3Protocol> m_ipv4;                     //!< Its IPv4 stack, or null
    Ptr<Ipv6L3Protocol> m_ipv6;                     //!< Its IPv6 stack, or null
    Ptr<SecurityPolicyDatabase> m_spd;              //!< Policies
    Ptr<SecurityAssociationDatabase> m_sad;         //!< SAs
    std::map<uint8_t, Ptr<IpL4Protocol>> m_realL4;  //!< Protocols behind the proxies
    Ptr<UniformRandomVariable> m_ivStream;          //!< IV randomness
    Ptr<IpsecCryptoEngine> m_engine;                //!< Processing-delay model, or null
    std::map<uint8_t, Ptr<IpL4Protocol>> m_proxies; //!< Proxies by protocol
    bool m_reinjecting; //!< Forwarding a packet this layer has just decapsulated
    std::vector<Ptr<IpsecTunnelInterface>> m_tunnels; //!< Route-based tunnels
    DefaultAction m_defaultAction;                    //!< Unmatched traffic
    CryptoModeDefault m_cryptoMode;                   //!< Crypto mode for DEFAULT SAs
    uint32_t m_replayWindow;                          //!< Default replay window size
    bool m_bypassLinkControl;                //!< ICMPv6 Neighbor Discovery and MLD bypass the SPD
    AcquireCallback m_acquireCallback;       //!< The key engine's ACQUIRE
    NatMappingCallback m_natMappingCallback; //!< The key engine's NEW_MAPPING
    uint32_t m_acquireLimit;                 //!< Packets held per policy
    Time m_acquireHoldTime;                  //!< Longest wait of a held packet
    Time m_acquireTimeout;                   //!< How long an ACQUIRE stays pending
    Ptr<IpsecUdpEncapsulation> m_udpEncap;   //!< NAT traversal
    bool m_followNatMapping;                 //!< Attribute FollowNatMapping
    Counters m_counters;                     //!< Counters
    std::unique_ptr<IpsecOutput> m_output;   //!< The outbound path
    std::unique_ptr<IpsecInput> m_input;     //!< The inbound path
    IpsecSocketPolicy m_socketPolicy;        //!< Per-socket requests and privileges
    bool m_persockRequirePriv;               //!< Attribute PersockRequirePriv
    Ptr<IpsecPolicyLogger> m_logger;         //!< Attribute PolicyLogger
    bool m_icmpAcceptClear;                  //!< Attribute IcmpAcceptClear
    bool m_igmpAcceptClear;                  //!< Attribute IgmpAcceptClear
    bool m_pimAcceptClear;                   //!< Attribute PimAcceptClear
    std::unique_ptr<IpsecAcceptClear> m_acceptClear; //!< The accept-clear tunables' rules

    TracedCallback<Ptr<const Packet>, IpsecDropReason, uint32_t> m_dropTrace;    //!< Drops
    TracedCallback<Ptr<const Packet>, const IpsecDecisionInfo&> m_decisionTrace; //!< All
    /// Refused per-socket requests
    TracedCallback<Ptr<const Socket>, int, const std::string&> m_socketOptionRefusedTrace;
    TracedCallback<Ptr<const Packet>, Ptr<const SecurityAssociation>> m_protectTrace;   //!< Tx
    TracedCallback<Ptr<const Packet>, Ptr<const SecurityAssociation>> m_unprotectTrace; //!< Rx
    /// A NAT changed a peer's mapping
    TracedCallback<Ptr<const SecurityAssociation>, const IpsecAddress&, uint16_t> m_natMappingTrace;
    /// IGMP or PIM accepted (the multicast routing daemon's input)
    TracedCallback<Ptr<const Packet>, const IpsecIpHeader&, bool> m_multicastControlTrace;
};

} // namespace ns3

#endif /* IPSEC_LAYER_H */
