/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPV4_NAPT_H
#define IPV4_NAPT_H

#include "ipv4-napt-drop-reason.h"
#include "ipv4-napt-mapping.h"

#include "ns3/ipv4-routing-protocol.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <array>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

class IpsecRawHeader;

/**
 * @ingroup ipsec
 * @brief An IPv4 NAPT (network address and port translator) between one outside interface
 * and any number of inside interfaces of a node.
 *
 * ns-3 has no packet filter hooks, so the NAT wraps the node's routing protocol: it becomes
 * the node's Ipv4RoutingProtocol and hands every call on to the protocol it wraps (usually an
 * Ipv4ListRouting). Packets from an inside interface that the wrapped protocol forwards
 * through the outside interface get their source translated to the public address (the
 * outside interface's first address) and an external port; packets arriving on the outside
 * interface for the public address are looked up, filtered and get their destination
 * translated back before the wrapped protocol forwards them. It must wrap the node's routing
 * rather than sit in its Ipv4ListRouting, because Ipv4ListRouting delivers packets for the
 * node's own addresses before consulting its members.
 *
 * TCP, UDP and ICMP (echo identifiers, and errors about a translated flow) are translated;
 * L4 checksums are updated incrementally (RFC 1624), the IPv4 header checksum is recomputed by
 * Ipv4L3Protocol. Anything else (ESP, GRE, ...) has no port to multiplex on and is dropped as
 * unsupported-protocol: that is why IPsec through a NAPT needs NAT traversal (UDP
 * encapsulation, RFC 3948). Packets the NAT node sends itself are not translated.
 *
 * Use Ipv4NaptHelper to install it.
 */
class Ipv4Napt : public Ipv4RoutingProtocol
{
  public:
    /// How external ports are chosen.
    enum PortAllocation
    {
        PRESERVE, //!< Keep the inside port if it is free (RFC 4787 REQ-3), else pick at random
        RANDOM    //!< Pick at random from the port range (RFC 6056)
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    Ipv4Napt();
    ~Ipv4Napt() override;

    /**
     * @brief Set the routing protocol the NAT wraps (the node's previous one).
     * @param inner the wrapped protocol, which already knows the node's Ipv4
     */
    void SetInnerRoutingProtocol(Ptr<Ipv4RoutingProtocol> inner);
    /**
     * @brief Get the wrapped routing protocol, e.g. to add static routes after installing.
     * @return the wrapped protocol
     */
    Ptr<Ipv4RoutingProtocol> GetInnerRoutingProtocol() const;
    /**
     * @brief Choose the outside and inside interfaces.
     * @param outside the outside interface's index
     * @param inside the inside interfaces' indices
     */
    void SetInterfaces(uint32_t outside, const std::vector<uint32_t>& inside);
    /**
     * @brief Get the outside interface.
     * @return its index
     */
    uint32_t GetOutsideInterface() const;
    /**
     * @brief Get the public address: the outside interface's first address.
     * @return the address (0.0.0.0 before the NAT is installed)
     */
    Ipv4Address GetPublicAddress() const;
    /**
     * @brief Set the range external ports are allocated from.
     * @param min the lowest port (at least 1)
     * @param max the highest port (at least @p min)
     * @return false, and nothing changes, if the range is empty or starts at 0
     */
    bool SetPortRange(uint16_t min, uint16_t max);
    /**
     * @brief Add a static port forward: packets to (@p protocol, public address,
     * @p externalPort) go to @p internalAddress:@p internalPort, whatever their source, and
     * that host's packets from @p internalPort leave from @p externalPort.
     * @param protocol 6 (TCP) or 17 (UDP)
     * @param externalPort the public port
     * @param internalAddress the inside host
     * @param internalPort the inside port
     * @param error if not null, receives why the forward was refused
     * @return false if the protocol is not TCP or UDP, a port is 0, or the external port or
     * the inside endpoint is already forwarded or mapped
     */
    bool AddPortForward(uint8_t protocol,
                        uint16_t externalPort,
                        Ipv4Address internalAddress,
                        uint16_t internalPort,
                        std::string* error = nullptr);
    /**
     * @brief Use fixed random variable streams (external port choice).
     * @param stream the first stream index to use
     * @return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * @brief All current mappings and port forwards, ordered by protocol and external port.
     * @return copies of the mappings
     */
    std::vector<Ipv4NaptMapping> GetMappings() const;
    /**
     * @brief Print the mapping table: protocol, internal and external endpoint, remaining
     * lifetime or state, remote endpoints seen.
     * @param os the stream
     */
    void PrintMappings(std::ostream& os) const;
    /**
     * @brief How many packets were dropped for a reason.
     * @param reason the reason
     * @return the count
     */
    uint64_t GetDropCount(Ipv4NaptDropReason reason) const;
    /**
     * @brief How many packets were dropped, all reasons together.
     * @return the count
     */
    uint64_t GetTotalDrops() const;
    /**
     * @brief How many packets had their source translated on the way out.
     * @return the count
     */
    uint64_t GetOutboundTranslations() const;
    /**
     * @brief How many packets had their destination translated on the way in.
     * @return the count
     */
    uint64_t GetInboundTranslations() const;
    /**
     * @brief How many packets were hairpinned (inside to a mapped public port, back inside).
     * @return the count
     */
    uint64_t GetHairpinTranslations() const;

    /**
     * TracedCallback signature for mapping events.
     * @param mapping the mapping (a copy of the table entry at the time of the event)
     */
    typedef void (*MappingTracedCallback)(const Ipv4NaptMapping& mapping);
    /**
     * TracedCallback signature for drops.
     * @param packet the L4 packet (without IPv4 header) as received
     * @param header its IPv4 header
     * @param reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet,
                                       const Ipv4Header& header,
                                       Ipv4NaptDropReason reason);
    /**
     * TracedCallback signature for filtering drops.
     * @param packet the L4 packet (without IPv4 header) as received
     * @param header its IPv4 header
     * @param mapping the mapping whose filter refused it
     */
    typedef void (*FilterDropTracedCallback)(Ptr<const Packet> packet,
                                             const Ipv4Header& header,
                                             const Ipv4NaptMapping& mapping);

    // Ipv4RoutingProtocol: everything is forwarded to the wrapped protocol, RouteInput first
    // translates.
    /**
     * @brief The NAT node's own packets: routed by the wrapped protocol and never translated
     * (they leave with the node's own addresses, as a router's own traffic does).
     * @param p the packet
     * @param header the header to route
     * @param oif the requested output device, or null
     * @param[out] sockerr the wrapped protocol's error (ERROR_NOROUTETOHOST before it is set)
     * @return the wrapped protocol's route, or nullptr
     */
    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
#if IPSEC_NS3_MINOR >= 39
    /**
     * @brief Translate, then route: a packet from an inside interface goes to the wrapped
     * protocol with a unicast callback that translates its source when it leaves through the
     * outside; a packet for the public address is matched to its mapping (filtering applied),
     * translated back and forwarded inside, or hairpinned; the rest is routed unchanged. Drops
     * (unsupported protocol, filtered, fragment, ...) are traced and counted.
     * @param p the packet, from the L4 header on
     * @param header its IPv4 header
     * @param idev the device it arrived on (inside or outside)
     * @param ucb the stack's unicast forwarding callback
     * @param mcb the stack's multicast forwarding callback
     * @param lcb the stack's local delivery callback (packets for the NAT node itself)
     * @param ecb the stack's error callback
     * @return true if the NAT dropped the packet (counted) or the wrapped protocol handled
     * it; false if the wrapped protocol could not route it
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
     * @brief Translate, then route: a packet from an inside interface goes to the wrapped
     * protocol with a unicast callback that translates its source when it leaves through the
     * outside; a packet for the public address is matched to its mapping (filtering applied),
     * translated back and forwarded inside, or hairpinned; the rest is routed unchanged. Drops
     * (unsupported protocol, filtered, fragment, ...) are traced and counted.
     * @param p the packet, from the L4 header on
     * @param header its IPv4 header
     * @param idev the device it arrived on (inside or outside)
     * @param ucb the stack's unicast forwarding callback
     * @param mcb the stack's multicast forwarding callback
     * @param lcb the stack's local delivery callback (packets for the NAT node itself)
     * @param ecb the stack's error callback
     * @return true if the NAT dropped the packet (counted) or the wrapped protocol handled
     * it; false if the wrapped protocol could not route it
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
     * @brief Passed on to the wrapped protocol.
     * @param interface the interface index
     */
    void NotifyInterfaceUp(uint32_t interface) override;
    /**
     * @brief Passed on to the wrapped protocol.
     * @param interface the interface index
     */
    void NotifyInterfaceDown(uint32_t interface) override;
    /**
     * @brief Passed on to the wrapped protocol.
     * @param interface the interface index
     * @param address the address added
     */
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    /**
     * @brief Passed on to the wrapped protocol.
     * @param interface the interface index
     * @param address the address removed
     */
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    /**
     * @brief Store the node's Ipv4 (Ipv4L3Protocol::SetRoutingProtocol calls this). The
     * wrapped protocol already has it and is not told again.
     * @param ipv4 the node's Ipv4
     */
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    /**
     * @brief Print the outside interface and public address, then the wrapped protocol's
     * table.
     * @param stream where to print
     * @param unit time unit for the wrapped protocol's entries
     */
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    /**
     * Cancels every mapping's expiry event, empties the table and disposes of the wrapped
     * protocol.
     */
    void DoDispose() override;
    /** Initializes the wrapped protocol, which the stack no longer reaches directly. */
    void DoInitialize() override;

  private:
    /// (protocol, external port): the table's primary key
    using ExtKey = std::pair<uint8_t, uint16_t>;
    /// (protocol, internal address, internal port, remote address, remote port): the outbound
    /// lookup key; the remote part is zero where the mapping behaviour ignores it
    using OutKey = std::tuple<uint8_t, uint32_t, uint16_t, uint32_t, uint16_t>;

    /// The outcome of translating a packet: the translated packet or why it was dropped
    struct Result
    {
        Ptr<Packet> packet;                                    //!< Translated (null: drop)
        Ipv4Header header;                                     //!< Translated header
        Ipv4NaptDropReason reason = Ipv4NaptDropReason::COUNT; //!< Drop reason, if dropped
        bool local = false; //!< Not the NAT's: deliver unchanged (packets for the NAT node)
    };

    /**
     * @brief Is the interface one of the inside ones?
     * @param interface the index
     * @return true if inside
     */
    bool IsInside(uint32_t interface) const;
    /**
     * @brief A forwarded packet leaves through the outside interface: translate its source.
     * @param p the L4 packet
     * @param header its header
     * @return the result
     */
    Result TranslateOutbound(Ptr<const Packet> p, const Ipv4Header& header);
    /**
     * @brief A packet for the public address came in on the outside interface.
     * @param p the L4 packet
     * @param header its header
     * @return the result
     */
    Result TranslateInbound(Ptr<const Packet> p, const Ipv4Header& header);
    /**
     * @brief A packet for the public address came in on an inside interface.
     * @param p the L4 packet
     * @param header its header
     * @return the result
     */
    Result TranslateHairpin(Ptr<const Packet> p, const Ipv4Header& header);
    /**
     * @brief Translate an ICMP error (either direction) whose embedded packet is a
     * translated flow's.
     * @param p the ICMP message
     * @param header its header
     * @param inbound true for errors from outside about an outbound packet
     * @return the result
     */
    Result TranslateIcmpError(Ptr<const Packet> p, const Ipv4Header& header, bool inbound);
    /**
     * @brief Called with the wrapped protocol's forwarding decision for a packet from inside.
     * @param ucb Ipv4L3Protocol's forwarding callback
     * @param route the route chosen
     * @param p the L4 packet
     * @param header its header
     */
    void ForwardFromInside(UnicastForwardCallback ucb,
                           Ptr<Ipv4Route> route,
                           Ptr<const Packet> p,
                           const Ipv4Header& header);

    /**
     * @brief Find or create the mapping for an inside endpoint and a remote endpoint.
     * @param protocol the protocol
     * @param internal the inside address
     * @param internalPort the inside port
     * @param remote the remote address
     * @param remotePort the remote port (0 for ICMP)
     * @param tcpFlags the packet's TCP flags (0 for other protocols)
     * @return the mapping, null if no external port is free
     */
    Ipv4NaptMapping* FindOrCreate(uint8_t protocol,
                                  Ipv4Address internal,
                                  uint16_t internalPort,
                                  Ipv4Address remote,
                                  uint16_t remotePort,
                                  uint8_t tcpFlags);
    /**
     * @brief Find the mapping an inside endpoint uses towards a remote endpoint.
     * @param protocol the protocol
     * @param internal the inside address
     * @param internalPort the inside port
     * @param remote the remote address
     * @param remotePort the remote port
     * @return the mapping or null
     */
    Ipv4NaptMapping* FindOutbound(uint8_t protocol,
                                  Ipv4Address internal,
                                  uint16_t internalPort,
                                  Ipv4Address remote,
                                  uint16_t remotePort);
    /**
     * @brief Find the mapping of an external port.
     * @param protocol the protocol
     * @param externalPort the port
     * @return the mapping or null
     */
    Ipv4NaptMapping* FindInbound(uint8_t protocol, uint16_t externalPort);
    /**
     * @brief The outbound key of an endpoint pair under the mapping behaviour.
     * @param protocol the protocol
     * @param internal the inside address
     * @param internalPort the inside port
     * @param remote the remote address
     * @param remotePort the remote port
     * @return the key
     */
    OutKey MakeOutKey(uint8_t protocol,
                      Ipv4Address internal,
                      uint16_t internalPort,
                      Ipv4Address remote,
                      uint16_t remotePort) const;
    /**
     * @brief Does the mapping's filter let a packet from this remote endpoint in?
     * @param m the mapping
     * @param remote the sender's address
     * @param remotePort the sender's port
     * @return true if it may pass
     */
    bool Permits(const Ipv4NaptMapping& m, Ipv4Address remote, uint16_t remotePort) const;
    /**
     * @brief Note a packet through a mapping: TCP state, idle timer.
     * @param m the mapping
     * @param outbound true for inside-to-outside packets
     * @param tcpFlags the TCP flags (0 for other protocols)
     * @param announce fire MappingRefreshed if refreshed (false for the creating packet)
     */
    void Touch(Ipv4NaptMapping& m, bool outbound, uint8_t tcpFlags, bool announce);
    /**
     * @brief The idle timeout of a mapping in its current state.
     * @param m the mapping
     * @return the timeout
     */
    Time TimeoutOf(const Ipv4NaptMapping& m) const;
    /**
     * @brief A mapping's expiry event: expire it, or wait longer if it was refreshed.
     * @param key the mapping's key
     */
    void CheckExpiry(ExtKey key);
    /**
     * @brief Is an external port free (unmapped, not held down, not forwarded)?
     * @param protocol the protocol
     * @param port the port
     * @return true if free
     */
    bool IsPortFree(uint8_t protocol, uint16_t port);
    /**
     * @brief Choose an external port.
     * @param protocol the protocol
     * @param internalPort the inside port (kept if preserving and free)
     * @param port receives the port
     * @return false if none is free
     */
    bool AllocatePort(uint8_t protocol, uint16_t internalPort, uint16_t& port);
    /**
     * @brief Count and trace a drop.
     * @param p the packet
     * @param header its header
     * @param reason why
     */
    void Drop(Ptr<const Packet> p, const Ipv4Header& header, Ipv4NaptDropReason reason);
    /**
     * @brief Rewrite the first bytes of a packet, keeping its tags.
     * @param p the packet
     * @param size how many bytes to expose
     * @param edit the edit
     * @return the edited copy
     */
    static Ptr<Packet> Rewrite(Ptr<const Packet> p,
                               uint32_t size,
                               const std::function<void(uint8_t*)>& edit);
    /**
     * @brief Attribute setter: the mapping behaviour.
     * @param value a NaptBehavior
     */
    void SetMappingAttribute(int value);
    /**
     * @brief Attribute getter: the mapping behaviour.
     * @return a NaptBehavior
     */
    int GetMappingAttribute() const;
    /**
     * @brief Attribute setter: the filtering behaviour.
     * @param value a NaptBehavior
     */
    void SetFilteringAttribute(int value);
    /**
     * @brief Attribute getter: the filtering behaviour.
     * @return a NaptBehavior
     */
    int GetFilteringAttribute() const;

    Ptr<Ipv4> m_ipv4;                          //!< The node's Ipv4
    Ptr<Ipv4RoutingProtocol> m_inner;          //!< The wrapped routing protocol
    uint32_t m_outside = 0;                    //!< Outside interface
    std::vector<uint32_t> m_inside;            //!< Inside interfaces
    bool m_configured = false;                 //!< SetInterfaces was called
    NaptBehavior m_mapping;                    //!< Mapping behaviour
    NaptBehavior m_filtering;                  //!< Filtering behaviour
    PortAllocation m_allocation;               //!< Port allocation
    uint16_t m_portMin;                        //!< Lowest external port
    uint16_t m_portMax;                        //!< Highest external port
    Time m_udpTimeout;                         //!< UDP idle timeout
    Time m_tcpEstablishedTimeout;              //!< TCP established idle timeout
    Time m_tcpTransitoryTimeout;               //!< TCP transitory idle timeout
    Time m_icmpTimeout;                        //!< ICMP query idle timeout
    Time m_holdDown;                           //!< How long an expired external port stays unused
    bool m_inboundRefresh;                     //!< Do inbound packets refresh mappings?
    bool m_hairpinning;                        //!< Translate inside-to-public-address packets?
    Ptr<UniformRandomVariable> m_random;       //!< External port choice
    std::map<ExtKey, Ipv4NaptMapping> m_table; //!< Mappings and forwards by external port
    std::map<OutKey, uint16_t> m_outIndex;     //!< Outbound key to external port
    std::map<ExtKey, Time> m_heldDown;         //!< Expired external ports and their release time
    std::array<uint64_t, static_cast<size_t>(Ipv4NaptDropReason::COUNT)> m_drops{}; //!< Drops
    uint64_t m_outboundCount = 0; //!< Outbound translations
    uint64_t m_inboundCount = 0;  //!< Inbound translations
    uint64_t m_hairpinCount = 0;  //!< Hairpin translations

    TracedCallback<const Ipv4NaptMapping&> m_createdTrace;   //!< Mapping created
    TracedCallback<const Ipv4NaptMapping&> m_refreshedTrace; //!< Mapping refreshed
    TracedCallback<const Ipv4NaptMapping&> m_expiredTrace;   //!< Mapping expired
    TracedCallback<Ptr<const Packet>, const Ipv4Header&, Ipv4NaptDropReason>
        m_dropTrace; //!< Any drop
    TracedCallback<Ptr<const Packet>, const Ipv4Header&, const Ipv4NaptMapping&>
        m_filterDropTrace; //!< Filtering drop
};

} // namespace ns3

#endif /* IPV4_NAPT_H */
