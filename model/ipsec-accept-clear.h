/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_ACCEPT_CLEAR_H
#define IPSEC_ACCEPT_CLEAR_H

#include "ipsec-address.h"
#include "ipsec-drop-reason.h"
#include "ipsec-ip-header.h"
#include "security-association.h"

#include "ns3/packet.h"

#include <cstdint>
#include <vector>

namespace ns3
{

class IpsecLayer;

/**
 * @ingroup ipsec
 * @brief The ipadm tunables icmp-accept-clear, igmp-accept-clear and pim-accept-clear of an
 * IpsecLayer (its attributes IcmpAcceptClear, IgmpAcceptClear, PimAcceptClear): which inbound
 * cleartext control messages skip the policy check, and how an ICMP echo reply is protected.
 *
 * With icmp-accept-clear on, an echo reply is protected like the echo request it answers:
 * with outbound SAs of the protocols, modes and algorithms of the inbound SAs that carried
 * the request, or not at all when the request came in the clear, whatever the SPD says (a
 * peer must not obtain ciphertext of a plaintext it chose). ns-3's ICMP answers a request
 * synchronously, inside its Receive, through its down target (the layer): so the layer notes
 * the request while it delivers it (a Scope) and the outbound path consults that note for an
 * echo reply to the requester with the request's identifier and sequence number.
 *
 * Not an Object: its layer owns it and it works with the layer's state (attributes, SPD,
 * SAD, counters, traces) as a friend of IpsecLayer.
 */
class IpsecAcceptClear
{
  public:
    /** What the outbound path does with an ICMP or ICMPv6 packet (DecideEchoReply). */
    struct Reply
    {
        /** The decision. */
        enum Kind
        {
            SPD,     //!< Not an echo reply under the tunable: the SPD decides
            CLEAR,   //!< Send in the clear
            PROTECT, //!< Send with @c sas
            DROP,    //!< Drop for @c reason
        };

        Kind kind = SPD;                                 //!< The decision
        std::vector<Ptr<SecurityAssociation>> sas;       //!< PROTECT: the SAs, innermost first
        IpsecDropReason reason = IpsecDropReason::COUNT; //!< DROP: why
    };

    /**
     * @brief Marks a packet that the layer is delivering to a local protocol, for as long as
     * the scope lives: the request an echo reply answers, and, when protected, a packet the
     * cleartext checks (ICMP proxy, IGMP and PIM handlers) must let through. Does nothing for
     * UDP and TCP, whose per-packet cost it must not raise.
     */
    class Scope
    {
      public:
        /**
         * @brief Mark @p packet.
         * @param rules the layer's rules
         * @param packet the packet, from its L4 header on
         * @param header its IP header
         * @param sas the SAs that carried it, outermost first (must outlive the scope), or
         *        null when it arrived in the clear
         */
        Scope(IpsecAcceptClear& rules,
              Ptr<const Packet> packet,
              const IpsecIpHeader& header,
              const std::vector<Ptr<SecurityAssociation>>* sas);
        ~Scope();
        /** Deleted copy constructor. */
        Scope(const Scope&) = delete;
        /**
         * Deleted copy assignment.
         * @return nothing
         */
        Scope& operator=(const Scope&) = delete;

      private:
        friend class IpsecAcceptClear;

        IpsecAcceptClear* m_rules = nullptr;                          //!< Null when inactive
        const Packet* m_packet = nullptr;                             //!< The packet delivered
        IpsecAddress m_requester;                                     //!< Its source
        uint8_t m_protocol = 0;                                       //!< Its protocol
        bool m_echoRequest = false;                                   //!< Whether an echo request
        uint16_t m_id = 0;                                            //!< Echo identifier
        uint16_t m_sequence = 0;                                      //!< Echo sequence number
        const std::vector<Ptr<SecurityAssociation>>* m_sas = nullptr; //!< SAs, or null: clear
        const Scope* m_previous = nullptr;                            //!< Enclosing scope
    };

    /**
     * @brief Construct.
     * @param layer the layer these rules belong to (it outlives them)
     */
    explicit IpsecAcceptClear(IpsecLayer& layer);

    /** Deleted copy constructor. */
    IpsecAcceptClear(const IpsecAcceptClear&) = delete;
    /**
     * Deleted copy assignment.
     * @return nothing
     */
    IpsecAcceptClear& operator=(const IpsecAcceptClear&) = delete;

    /**
     * @param packet a packet handed to a local protocol
     * @return whether the layer is delivering it after unprotecting it (its policy is
     *         checked already)
     */
    bool IsProtectedDelivery(Ptr<const Packet> packet) const;

    /**
     * @brief Inbound cleartext ICMP (the ICMP proxy): accepted without a policy check when
     * icmp-accept-clear is on, otherwise checked against the SPD like other traffic.
     * @param packet the ICMP message
     * @param header its IP header
     * @return whether it may be delivered
     */
    bool AcceptIcmp(Ptr<const Packet> packet, const IpsecIpHeader& header);

    /**
     * @brief An IGMP or PIM message for this node (the layer's handlers for protocols 2 and
     * 103): protected ones have passed their policy check; cleartext ones are accepted
     * without one when the protocol's tunable is on, otherwise checked against the SPD.
     * Accepted messages go to the MulticastControlReceived trace (the routing daemon's place).
     * @param packet the message
     * @param header its IP header
     */
    void ReceiveMulticastControl(Ptr<const Packet> packet, const IpsecIpHeader& header);

    /**
     * @brief How to send an outbound ICMP (protocol 1) or ICMPv6 (58) packet.
     * @param packet the message
     * @param local its source address as selectors see it
     * @param destination its destination
     * @param protocol 1 or 58
     * @return the decision; SPD for anything but an echo reply to a request being delivered
     *         (or, for ICMPv6, see the README: a clear request is checked here)
     */
    Reply DecideEchoReply(Ptr<const Packet> packet,
                          const IpsecAddress& local,
                          const IpsecAddress& destination,
                          uint8_t protocol);

  private:
    /**
     * @brief The protection for an echo reply like that of its request.
     * @param request the request's SAs, outermost first
     * @return PROTECT with the outbound SAs, or DROP (no-outbound-sa)
     */
    Reply ProtectLike(const std::vector<Ptr<SecurityAssociation>>& request) const;
    /**
     * @brief ICMPv6 has no inbound hook (see the README): with icmp-accept-clear off, a
     * cleartext echo request is checked against the SPD when its reply is about to leave.
     * @param local this node's address (the request's destination)
     * @param requester the request's source
     * @param[out] reason why it is refused
     * @return whether policy lets the request in in the clear
     */
    bool CheckClearRequest6(const IpsecAddress& local,
                            const IpsecAddress& requester,
                            IpsecDropReason& reason);

    IpsecLayer& m_layer;              //!< The layer these rules belong to
    const Scope* m_current = nullptr; //!< The innermost packet being delivered, if any
};

} // namespace ns3

#endif /* IPSEC_ACCEPT_CLEAR_H */
