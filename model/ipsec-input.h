/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_INPUT_H
#define IPSEC_INPUT_H

#include "ah-transform.h"
#include "esp-transform.h"
#include "ipsec-address.h"
#include "ipsec-ip-header.h"
#include "security-association.h"

#include "ns3/net-device.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"

#include <vector>

namespace ns3
{

class IpsecLayer;

/**
 * @ingroup ipsec
 * @brief The inbound data path of an IpsecLayer (FreeBSD's ipsec_input.c): ESP and AH
 * arriving for the node, directly over IP or in UDP (RFC 3948), are matched to their SAs,
 * verified and unprotected, checked against the policy that the SAs used must satisfy
 * (RFC 4301 5.2), and delivered to the local L4 protocol, to a tunnel interface or back to
 * IP for forwarding; cleartext arriving for UDP and TCP is checked against the SPD too.
 *
 * Not an Object: its layer owns it, and it works with the layer's shared state (stacks, SAD,
 * policy decision, counters, traces, crypto engine, tunnels), which it reaches through its
 * back reference as a friend of IpsecLayer. It alone uses the unprotecting transforms.
 */
class IpsecInput
{
  public:
    /**
     * @brief Construct.
     * @param layer the layer this path belongs to (it outlives the path)
     * @param ivStream the layer's IV stream; inbound processing draws nothing from it, it is
     *        only given so that the ESP transform does not create a random variable of its own
     */
    IpsecInput(IpsecLayer& layer, Ptr<RandomVariableStream> ivStream);
    ~IpsecInput();

    // Not copyable: scheduled events hold this object's address.
    /** Deleted copy constructor. */
    IpsecInput(const IpsecInput&) = delete;
    /**
     * Deleted copy assignment.
     * @return nothing
     */
    IpsecInput& operator=(const IpsecInput&) = delete;

    /**
     * @brief Inbound ESP or AH, IPv4 or IPv6 (IpsecLayer::Receive).
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
     * @brief A UDP datagram for this node, before UDP sees it (IpsecLayer::ReceiveUdp).
     * @param packet the datagram, from its UDP header on (not changed unless taken)
     * @param header its IP header
     * @param device the device it arrived on
     * @return whether the path took the datagram
     */
    bool ReceiveUdp(Ptr<Packet> packet, const IpsecIpHeader& header, Ptr<NetDevice> device);

    /**
     * @brief Inbound cleartext check (IpsecLayer::AcceptClear).
     * @param packet the L4 segment
     * @param header its IP header
     * @return whether policy lets it be delivered in the clear
     */
    bool AcceptClear(Ptr<const Packet> packet, const IpsecIpHeader& header);

  private:
    /** An inbound protected packet on its way through the SAs that carried it. */
    struct Inbound
    {
        IpsecIpHeader header;                       //!< The header it arrived with
        IpsecIpHeader current;                      //!< The header of the bytes at hand
        Ptr<NetDevice> device;                      //!< Where it arrived
        std::vector<Ptr<SecurityAssociation>> used; //!< SAs unprotected so far, outermost first
        bool tunnel;                                //!< Whether one of them was tunnel mode
        bool udp = false;                           //!< Whether it arrived as ESP in UDP (RFC 3948)
        uint16_t udpSource = 0;                     //!< Its UDP source port, then
        uint32_t sequence = 0; //!< The outermost ESP header's sequence number (low 32 bits)
    };

    /**
     * @brief Inbound ESP or AH, directly over IP or from UDP.
     * @param protocol ESP or AH
     * @param packet the packet from its ESP or AH header on
     * @param state the header and device it arrived with, and how it was encapsulated
     */
    void ReceiveProtected(IpsecProtocol protocol, Ptr<Packet> packet, Inbound state);
    /**
     * @brief After the outermost SA of a UDP-encapsulated packet accepted it: if its source
     * address or port differs from what the SA expects, a NAT changed its mapping. Follow it
     * (FollowNatMapping) and tell key management; only a packet newer than any before it
     * counts, so a late or replayed one cannot move the SA back.
     * @param sa the SA
     * @param state the packet's state
     */
    void CheckNatMapping(Ptr<SecurityAssociation> sa, const Inbound& state);
    /**
     * @brief Unprotect with one SA: at once, or when the crypto engine has done the job.
     * @param packet the ESP or AH packet
     * @param state what the packet has been through so far
     * @param sa the SA its SPI selected
     */
    void Unprotect(Ptr<Packet> packet, Inbound state, Ptr<SecurityAssociation> sa);
    /**
     * @brief Verify and remove one SA's protection (and a tunnel's outer header); go on with
     * the next SA of a bundle, or check policy and deliver.
     * @param packet the ESP or AH packet
     * @param state what the packet has been through so far
     * @param sa the SA its SPI selected
     */
    void FinishReceive(Ptr<Packet> packet, Inbound state, Ptr<SecurityAssociation> sa);
    /**
     * @brief RFC 4301 5.2 step 4 and delivery: the unprotected payload must be traffic that
     * the SAs used may carry; then it goes to a tunnel interface, to forwarding (a gateway)
     * or to the local L4 protocol.
     * @param packet the payload
     * @param state its headers and the SAs that carried it
     */
    void CheckAndDeliver(Ptr<Packet> packet, const Inbound& state);
    /**
     * @brief Read an inbound ESP or AH packet's SPI and find its SA; a packet too short for
     * its header, or with an unknown SPI, is dropped.
     * @param protocol ESP or AH
     * @param packet the packet from its ESP or AH header on
     * @param header the IP header of the bytes at hand (its destination selects the SA)
     * @param[out] sequence if not null, receives an ESP packet's sequence number (low 32 bits)
     * @return the SA, or null (the packet has been dropped)
     */
    Ptr<SecurityAssociation> FindInboundSa(IpsecProtocol protocol,
                                           Ptr<Packet> packet,
                                           const IpsecIpHeader& header,
                                           uint32_t* sequence = nullptr);
    /**
     * @param address an address
     * @param device the device a packet to it arrived on
     * @return whether the address is this node's (so the packet is for this node)
     */
    bool IsLocalAddress(const IpsecAddress& address, Ptr<NetDevice> device) const;
    /**
     * @param device a device of this node
     * @return its IPv4 interface index, or -1
     */
    int32_t Ipv4InterfaceIndex(Ptr<NetDevice> device) const;
    /**
     * @brief Deliver an unprotected packet to its L4 protocol (the real one behind a proxy).
     * @param packet the L4 segment
     * @param header its IP header
     * @param device where it arrived
     * @param used the SAs that carried it, outermost first
     */
    void DeliverLocally(Ptr<Packet> packet,
                        const IpsecIpHeader& header,
                        Ptr<NetDevice> device,
                        const std::vector<Ptr<SecurityAssociation>>& used);
    /**
     * @brief Give a decapsulated packet back to the IP stack of its version, as if it had
     * arrived on @p device, for the node to forward (a security gateway).
     * @param packet the packet, from its IP header on
     * @param ipv6 whether it is an IPv6 packet
     * @param device the device it arrives on
     */
    void Reinject(Ptr<Packet> packet, bool ipv6, Ptr<NetDevice> device);

    IpsecLayer& m_layer;                               //!< The layer this path belongs to
    EspTransform m_esp;                                //!< ESP verification and decryption
    AhTransform m_ah;                                  //!< AH verification
    mutable const NetDevice* m_cachedDevice = nullptr; //!< Last device Ipv4InterfaceIndex saw
    mutable int32_t m_cachedInterface = -1;            //!< Its interface index
};

} // namespace ns3

#endif /* IPSEC_INPUT_H */
