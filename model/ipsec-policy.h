/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_POLICY_H
#define IPSEC_POLICY_H

#include "ipsec-algorithm-registry.h"
#include "ipsec-drop-reason.h"
#include "ipsec-traffic-selector.h"

#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <array>
#include <string>
#include <vector>

namespace ns3
{

class SecurityAssociation;

/**
 * @ingroup ipsec
 * @brief IPsec security protocols (their IP protocol numbers).
 */
enum class IpsecProtocol : uint8_t
{
    ESP = 50, //!< Encapsulating Security Payload, RFC 4303
    AH = 51,  //!< Authentication Header, RFC 4302
};

/**
 * @ingroup ipsec
 * @brief IPsec modes.
 */
enum class IpsecMode : uint8_t
{
    TRANSPORT = 1, //!< Protect the payload of the original IP packet
    TUNNEL = 2,    //!< Protect a whole IP packet inside a new one
};

/**
 * @ingroup ipsec
 * @brief What an SPD entry does with the traffic it selects.
 */
enum class IpsecAction : uint8_t
{
    BYPASS,  //!< Pass in the clear; honoured before any other entry
    DISCARD, //!< Drop
    PROTECT, //!< Require IPsec protection as described by the entry
};

/**
 * @ingroup ipsec
 * @brief One step of the protection an SPD entry requires: one SA's protocol, mode,
 * algorithms and, in tunnel mode, its endpoints (seen from the node).
 */
struct IpsecProtection
{
    IpsecProtocol protocol = IpsecProtocol::ESP;       //!< ESP or AH
    IpsecMode mode = IpsecMode::TRANSPORT;             //!< Transport or tunnel
    IpsecEncryption encryption = IpsecEncryption::ANY; //!< Required encryption, or ANY
    IpsecIntegrity integrity = IpsecIntegrity::ANY;    //!< Required integrity, or ANY
    IpsecAddress tunnelLocal;  //!< Tunnel: this node's endpoint (IPv4 or IPv6)
    IpsecAddress tunnelRemote; //!< Tunnel: the peer's endpoint (same version as tunnelLocal)
    uint32_t reqid = 0;        //!< Only SAs with this request ID (0: any SA but a UNIQUE socket's)

    /**
     * Request IDs from here up are given automatically, to sockets asking for UNIQUE SAs
     * (Linux gives automatic IDs above its manual range, IPSEC_MANUAL_REQID_MAX 0x3fff). An
     * outbound SA with such an ID is its socket's own: steps without a request ID never pick
     * it.
     */
    static constexpr uint32_t AUTO_REQID_MIN = 0x4000;

    /**
     * @param sa an SA
     * @return whether the SA provides this step (protocol, mode, algorithms, request ID)
     */
    bool IsSatisfiedBy(const SecurityAssociation& sa) const;
    /** @return an empty string when the step is valid, otherwise what is wrong */
    std::string Validate() const;
};

/**
 * @ingroup ipsec
 * @brief What one policy decided: the packets and bytes it selected, and the drops it caused
 * or that followed its decision (no SA for a protect entry, a mismatch inbound).
 */
struct IpsecPolicyCounters
{
    uint64_t packets = 0; //!< Packets this policy decided
    uint64_t bytes = 0;   //!< Their bytes (L4 segment, or the forwarded packet's payload)
    std::array<uint64_t, static_cast<size_t>(IpsecDropReason::COUNT)> drops{}; //!< By reason

    /**
     * @param reason a reason
     * @return drops counted for it
     */
    uint64_t GetDrops(IpsecDropReason reason) const;
    /** @return all drops */
    uint64_t GetTotalDrops() const;
};

/**
 * @ingroup ipsec
 * @brief One SPD entry: a selector, an action and, for PROTECT, what protection is required:
 * one SA, or an SA bundle (RFC 4301 section 4.5) applied innermost first, e.g. ESP inside AH,
 * or transport-mode ESP inside a tunnel.
 */
class IpsecPolicy : public SimpleRefCount<IpsecPolicy>
{
  public:
    /**
     * @brief Construct.
     * @param selector the traffic this entry applies to
     * @param action what to do with it
     */
    IpsecPolicy(const IpsecTrafficSelector& selector, IpsecAction action);

    /**
     * @brief Make a PROTECT entry's (first, innermost) protection explicit.
     * @param protocol ESP or AH
     * @param mode transport or tunnel
     * @param encryption required encryption algorithm, or ANY
     * @param integrity required integrity algorithm, or ANY
     * @return this policy
     */
    IpsecPolicy& SetProtection(IpsecProtocol protocol,
                               IpsecMode mode,
                               IpsecEncryption encryption = IpsecEncryption::ANY,
                               IpsecIntegrity integrity = IpsecIntegrity::ANY);

    /**
     * @brief Add an outer step to the entry's protection: the SA bundle applies the steps
     * in the order they were given (innermost first). AH must be the outermost step.
     * @param protocol ESP or AH
     * @param mode transport or tunnel
     * @param encryption required encryption algorithm, or ANY
     * @param integrity required integrity algorithm, or ANY
     * @return this policy
     */
    IpsecPolicy& AddProtection(IpsecProtocol protocol,
                               IpsecMode mode,
                               IpsecEncryption encryption = IpsecEncryption::ANY,
                               IpsecIntegrity integrity = IpsecIntegrity::ANY);
    /** @return the protection steps, innermost first */
    const std::vector<IpsecProtection>& GetBundle() const;

    /**
     * @brief Set the tunnel endpoints (RFC 4301 section 4.4.1.2) of the last protection step
     * given, seen from this node: protected packets travel in an outer IPv4 header from
     * @p local to @p remote, and are expected to arrive from @p remote.
     * @param local this node's tunnel endpoint address
     * @param remote the peer's tunnel endpoint address
     * @return this policy
     */
    IpsecPolicy& SetTunnelEndpoints(IpsecAddress local, IpsecAddress remote);
    /**
     * @brief Bind the last protection step given to the SAs with request ID @p reqid (PF_KEY's
     * sadb_x_ipsecrequest_reqid, ipsec.conf's `unique:N`), so that it uses those SAs only and
     * accepts only them inbound. Needed when several peers share the SA's addresses, e.g. road
     * warriors behind one NAT.
     * @param reqid the request ID (0: any SA)
     * @return this policy
     */
    IpsecPolicy& SetReqid(uint32_t reqid);
    /** @return this node's tunnel endpoint (first step, tunnel mode) */
    IpsecAddress GetTunnelLocal() const;
    /** @return the peer's tunnel endpoint (first step, tunnel mode) */
    IpsecAddress GetTunnelRemote() const;

    /** @return the selector */
    const IpsecTrafficSelector& GetSelector() const;
    /** @return the action */
    IpsecAction GetAction() const;
    /** @return the first step's required protocol (PROTECT only) */
    IpsecProtocol GetProtocol() const;
    /** @return the first step's required mode (PROTECT only) */
    IpsecMode GetMode() const;
    /** @return the first step's required encryption algorithm or ANY */
    IpsecEncryption GetEncryption() const;
    /** @return the first step's required integrity algorithm or ANY */
    IpsecIntegrity GetIntegrity() const;

    /**
     * @param sa an SA
     * @return whether the entry protects and the SA provides its first step
     */
    bool IsSatisfiedBy(const SecurityAssociation& sa) const;
    /**
     * @param outerFirst the SAs an inbound packet was unprotected with, outermost first
     * @return whether they are exactly this entry's bundle, tunnel SAs coming from their
     *         step's remote endpoint
     */
    bool IsSatisfiedBy(const std::vector<Ptr<SecurityAssociation>>& outerFirst) const;

    /** @return the index the SPD gave this entry (0 before it is added) */
    uint32_t GetIndex() const;
    /** @param index the index given by the SPD */
    void SetIndex(uint32_t index);

    /**
     * @brief Count one packet that this entry decided.
     * @param bytes its size
     */
    void CountMatch(uint32_t bytes = 0);
    /**
     * @brief Count a drop that this entry's decision led to.
     * @param reason why
     */
    void CountDrop(IpsecDropReason reason);
    /** @return packets this entry decided */
    uint64_t GetMatchCount() const;
    /** @return the entry's counters */
    const IpsecPolicyCounters& GetCounters() const;

    /**
     * @brief Check the entry.
     * @return an empty string when valid, otherwise what is wrong
     */
    std::string Validate() const;

    /**
     * @brief Print the entry on one line.
     * @param os the stream
     */
    void Print(std::ostream& os) const;

  private:
    /** @return whether the local or the remote address range holds only multicast groups */
    bool SelectsOnlyMulticast() const;

    IpsecTrafficSelector m_selector;       //!< Traffic selected
    IpsecAction m_action;                  //!< Decision
    std::vector<IpsecProtection> m_bundle; //!< Protection steps, innermost first
    size_t m_lastStep = 0;                 //!< The step SetTunnelEndpoints() applies to
    uint32_t m_index;                      //!< SPD index
    IpsecPolicyCounters m_counters;        //!< Packets decided, bytes, drops
};

/**
 * @brief Print a policy.
 * @param os the stream
 * @param policy the policy
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, const IpsecPolicy& policy);
/**
 * @brief Print an action.
 * @param os the stream
 * @param action the action
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, IpsecAction action);
/**
 * @brief Print a mode.
 * @param os the stream
 * @param mode the mode
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, IpsecMode mode);
/**
 * @brief Print a protocol.
 * @param os the stream
 * @param protocol the protocol
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, IpsecProtocol protocol);

} // namespace ns3

#endif /* IPSEC_POLICY_H */
