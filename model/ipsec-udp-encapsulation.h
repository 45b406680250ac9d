/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_UDP_ENCAPSULATION_H
#define IPSEC_UDP_ENCAPSULATION_H

#include "ipsec-address.h"
#include "ipsec-ip-header.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <tuple>

namespace ns3
{

class Node;
class Packet;
class Socket;
class SecurityAssociation;
class SecurityAssociationDatabase;
struct IpsecUdpEncap;

/**
 * @ingroup ipsec
 * @brief UDP encapsulation of ESP for NAT traversal (RFC 3948): the node's encapsulation
 * endpoints, the UDP header of outbound packets, the demultiplexing of what arrives on an
 * endpoint, NAT keepalives, and the checksum correction of transport-mode payloads.
 *
 * An endpoint is the counterpart of a socket with the UDP_ENCAP option set (the man page's
 * NAT-Traversal endpoint): a UDP port on which a datagram whose first four bytes are zero
 * (the non-ESP marker: IKE) or that is too short to be ESP goes to the socket; a one-byte
 * 0xFF datagram is a NAT keepalive and is consumed; anything else is ESP and goes to the
 * IPsec layer. The layer owns one of these per node; it is reachable by the Config path
 * `/NodeList/N/$ns3::IpsecLayer/UdpEncapsulation`.
 *
 * Keepalives (RFC 3948 section 4) come from endpoints opened with keepalives on, i.e. on the
 * node behind the NAT: every UDP-encapsulated SA this node sends on such a port names a peer
 * (its destination address and port), and each peer receives a keepalive when nothing was
 * sent to it for KeepaliveInterval.
 */
class IpsecUdpEncapsulation : public Object
{
  public:
    /// The IANA port of IKE and ESP in UDP (RFC 3948 section 2.1).
    static constexpr uint16_t PORT = 4500;

    /// What a datagram arriving on an endpoint carries.
    enum class Kind : uint8_t
    {
        ESP,       //!< An ESP packet (non-zero SPI, longer than an ESP header)
        KEEPALIVE, //!< A NAT keepalive: one byte, 0xFF
        NON_ESP,   //!< For the socket: the non-ESP marker (IKE), or too short for ESP
    };

    /**
     * TracedCallback signature for keepalives.
     * @param packet the keepalive (UDP header and its one byte)
     * @param peer the peer's address
     * @param port the peer's port
     */
    typedef void (*KeepaliveTracedCallback)(Ptr<const Packet> packet,
                                            const IpsecAddress& peer,
                                            uint16_t port);

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    IpsecUdpEncapsulation();

    /**
     * @brief Attach to a node (the layer does this once its stacks are known).
     * @param node the node
     * @param sad the SAD whose UDP-encapsulated SAs name the keepalive peers
     */
    void Setup(Ptr<Node> node, Ptr<SecurityAssociationDatabase> sad);

    /**
     * @brief Make a bound UDP socket an encapsulation endpoint (UDP_ENCAP_ESPINUDP). The
     * socket keeps receiving everything that is not ESP or a keepalive.
     * @param socket a UDP socket, bound to its port
     * @param keepalives whether this node sends NAT keepalives from the port (it is behind a
     *        NAT)
     * @param[out] error why the socket was refused
     * @return whether the socket is now an endpoint
     */
    bool SetEndpoint(Ptr<Socket> socket, bool keepalives, std::string& error);

    /**
     * @brief Open an endpoint as an IKE daemon does: UDP sockets on @p port (IPv4, and IPv6
     * when the node has it) that discard what they receive. Opening an open port only
     * changes its keepalive setting.
     * @param port the port (usually 4500)
     * @param keepalives whether this node sends NAT keepalives from the port
     * @param[out] error why no endpoint was opened (e.g. the port is taken)
     * @return whether the port is an endpoint
     */
    bool OpenEndpoint(uint16_t port, bool keepalives, std::string& error);

    /**
     * @param port a UDP port of this node
     * @return whether it is an encapsulation endpoint
     */
    bool IsEndpoint(uint16_t port) const;
    /** @return whether the node has any encapsulation endpoint */
    bool HasEndpoints() const;

    /**
     * @brief What a datagram on an endpoint carries (Linux's udp encap_rcv rules).
     * @param packet the UDP payload, from @p offset on
     * @param offset where the payload starts (8: the packet starts with its UDP header)
     * @return its kind
     */
    static Kind Classify(Ptr<const Packet> packet, uint32_t offset = 0);

    /**
     * @brief Put an ESP packet of a UDP-encapsulated SA in UDP (RFC 3948 section 2.1): the
     * SA's ports, and a zero checksum over IPv4 (as section 2.1 recommends) or a real one
     * over IPv6, where UDP needs it.
     * @param packet the ESP packet; gets the UDP header
     * @param sa the SA that protected it
     * @param source the outer source address
     * @param destination the outer destination address
     */
    void Encapsulate(Ptr<Packet> packet,
                     const SecurityAssociation& sa,
                     const IpsecAddress& source,
                     const IpsecAddress& destination);

    /**
     * @brief Note a keepalive received (the layer consumed it).
     * @param packet the datagram, UDP header included
     * @param peer its sender
     * @param port its sender's port
     */
    void NotifyKeepaliveReceived(Ptr<const Packet> packet, const IpsecAddress& peer, uint16_t port);

    /**
     * @brief Make the TCP or UDP checksum of a transport-mode payload that crossed a NAT
     * right for the addresses it arrived with (RFC 3948 section 3.1.2): incrementally from
     * the NAT original addresses when the SA has them, else computed anew (the payload's
     * integrity is ESP's). Nothing is done when ns-3 checksums are off, for other protocols,
     * or for a UDP checksum of zero.
     * @param packet the payload, starting with its TCP or UDP header
     * @param protocol its protocol number
     * @param encap the SA's encapsulation
     * @param received the IP header the packet arrived with
     * @return false if the payload is too short to hold its header (nothing was changed)
     */
    static bool FixTransportChecksum(Ptr<Packet> packet,
                                     uint8_t protocol,
                                     const IpsecUdpEncap& encap,
                                     const IpsecIpHeader& received);

    /**
     * @brief Check the UDP checksum of a datagram (when ns-3 checksums are on and it is not
     * zero).
     * @param packet the datagram, UDP header included
     * @param header its IP header
     * @return whether it is acceptable
     */
    static bool IsUdpChecksumOk(Ptr<const Packet> packet, const IpsecIpHeader& header);

    /** @return keepalives sent */
    uint64_t GetKeepalivesSent() const;
    /** @return keepalives received */
    uint64_t GetKeepalivesReceived() const;

  protected:
    /** Cancels the keepalive timer and detaches the endpoint sockets' receive callbacks. */
    void DoDispose() override;

  private:
    /// One endpoint port.
    struct Endpoint
    {
        Ptr<Socket> v4;          //!< Its IPv4 socket (opened here or given), or null
        Ptr<Socket> v6;          //!< Its IPv6 socket (opened here), or null
        bool keepalives = false; //!< Whether keepalives go out from it
    };

    /// (local port, peer address, peer port)
    using PeerKey = std::tuple<uint16_t, IpsecAddress, uint16_t>;

    /** @brief Send what is due and schedule the next check. */
    void KeepaliveTick();
    /** @brief Check for keepalives to send now (an endpoint or an SA was added). */
    void RescheduleKeepalives();
    /**
     * @brief An SA was added to the SAD: it may name a new peer.
     * @param sa the SA
     */
    void OnSaAdded(Ptr<const SecurityAssociation> sa);
    /**
     * @brief Send one keepalive.
     * @param source this node's address
     * @param key the local port and the peer
     */
    void SendKeepalive(const IpsecAddress& source, const PeerKey& key);
    /**
     * @brief Discard what an endpoint socket opened here receives (IKE is not modelled).
     * @param socket the socket
     */
    static void DiscardReceived(Ptr<Socket> socket);

    Ptr<Node> m_node;                         //!< Our node
    Ptr<SecurityAssociationDatabase> m_sad;   //!< Its SAD
    std::map<uint16_t, Endpoint> m_endpoints; //!< Endpoints by port
    std::map<PeerKey, Time> m_lastSent;       //!< Last packet to each peer
    EventId m_keepaliveTimer;                 //!< Next keepalive check
    Time m_keepaliveInterval;                 //!< Attribute
    bool m_idleOnly;                          //!< Attribute
    uint64_t m_keepalivesSent = 0;            //!< Counter
    uint64_t m_keepalivesReceived = 0;        //!< Counter
    TracedCallback<Ptr<const Packet>, const IpsecAddress&, uint16_t> m_keepaliveSentTrace;
    TracedCallback<Ptr<const Packet>, const IpsecAddress&, uint16_t> m_keepaliveReceivedTrace;
};

} // namespace ns3

#endif /* IPSEC_UDP_ENCAPSULATION_H */
