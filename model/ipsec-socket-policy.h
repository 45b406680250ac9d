/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_SOCKET_POLICY_H
#define IPSEC_SOCKET_POLICY_H

#include "ipsec-policy.h"
#include "ipsec-traffic-selector.h"
#include "security-policy-database.h"

#include "ns3/ptr.h"
#include "ns3/socket.h"

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The socket options that carry per-socket IPsec policy: IP_SEC_OPT applies to a
 * socket's IPv4 traffic, IPV6_SEC_OPT to its IPv6 traffic.
 */
enum class IpsecSocketOption : uint8_t
{
    IP_SEC_OPT,   //!< IPPROTO_IP level: the socket's IPv4 traffic
    IPV6_SEC_OPT, //!< IPPROTO_IPV6 level: the socket's IPv6 traffic
};

/**
 * @ingroup ipsec
 * @brief A per-socket IPsec request, the counterpart of `ipsec_req_t`.
 *
 * Each of the three request fields holds IPSEC_PREF_* bits: NEVER (bypass all policy,
 * privileged sockets only), REQUIRED (use the service whatever other policy says), REQUIRED
 * ORed with UNIQUE (and use SAs of this socket's own). A request whose three fields are all
 * zero removes the socket's policy: its traffic follows system-wide policy again.
 *
 * Algorithms are PF_KEY numbers (`SADB_AALG_*`, `SADB_EALG_*`, which are also the values of
 * IpsecIntegrity and IpsecEncryption); 0 leaves the choice to the SAs.
 */
struct IpsecSocketRequest
{
    static constexpr uint32_t PREF_NEVER = 0x01;    //!< IPSEC_PREF_NEVER
    static constexpr uint32_t PREF_REQUIRED = 0x02; //!< IPSEC_PREF_REQUIRED
    static constexpr uint32_t PREF_UNIQUE = 0x04;   //!< IPSEC_PREF_UNIQUE

    uint32_t ahReq = 0;        //!< ipsr_ah_req: AH request
    uint32_t espReq = 0;       //!< ipsr_esp_req: ESP request
    uint32_t selfEncapReq = 0; //!< ipsr_self_encap_req: an outer IP header of its own
    uint8_t authAlg = 0;       //!< ipsr_auth_alg: AH's integrity algorithm (0: any)
    uint8_t espAlg = 0;        //!< ipsr_esp_alg: ESP's encryption algorithm (0: any)
    uint8_t espAuthAlg = 0;    //!< ipsr_esp_auth_alg: ESP's integrity algorithm (0: any)

    /** @return whether all three request fields are zero (no per-socket policy) */
    bool IsEmpty() const;
    /** @return whether any request field asks for NEVER (bypass) */
    bool IsBypass() const;
    /** @return whether any request field asks for UNIQUE */
    bool IsUnique() const;
    /** @return whether any algorithm is named */
    bool NamesAlgorithms() const;
};

/**
 * @brief Compare two requests field by field.
 * @param a a request
 * @param b another
 * @return whether they are equal
 */
bool operator==(const IpsecSocketRequest& a, const IpsecSocketRequest& b);

/**
 * @brief Print a request like `ah required esp required,unique encr_alg aes-cbc`.
 * @param os the stream
 * @param request the request
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, const IpsecSocketRequest& request);

/**
 * @ingroup ipsec
 * @brief The per-socket policy of one node (FreeBSD's ipsec_pcb.c, Solaris' conn policy):
 * which sockets have an IP_SEC_OPT / IPV6_SEC_OPT request, which sockets are privileged, and
 * the decision a request makes for the packets of its socket.
 *
 * A per-socket request overrides system-wide policy for that socket's traffic, both
 * directions: NEVER bypasses it, REQUIRED protects with the requested services in transport
 * mode (in tunnel mode to the peer's own address with self-encapsulation), whatever the SPD
 * says. UNIQUE binds the socket's steps to a request ID of its own (GetReqid), so that only
 * SAs installed for that ID carry its traffic.
 *
 * Packets are matched to sockets by what the sockets report (GetSockName, GetPeerName): the
 * protocol (UDP for datagram sockets, TCP for stream sockets), the local port and address,
 * and the peer when the socket is connected. A connected socket is preferred to one bound to
 * an address, which is preferred to one bound to any address; TCP connections accepted by a
 * listening socket share its local port and so inherit its request, as they do in Solaris.
 */
class IpsecSocketPolicy
{
  public:
    IpsecSocketPolicy();

    /**
     * @brief The SPD whose entries unprivileged requests are compared with.
     * @param spd the node's SPD
     */
    void SetSpd(Ptr<SecurityPolicyDatabase> spd);

    /**
     * @brief setsockopt(IP_SEC_OPT / IPV6_SEC_OPT): validate and install (or, when empty,
     * remove) a socket's request. Nothing changes when it is refused.
     * @param socket the socket
     * @param option which of its traffic the request is for
     * @param request the request
     * @param requirePrivilege the persock-require-priv tunable: an unprivileged socket may
     *        not name algorithms different from system-wide policy's
     * @param[out] error why it was refused
     * @return 0, or the errno setsockopt would set: EINVAL (malformed request), EPERM (not
     *         allowed to this socket), EOPNOTSUPP (a socket the IPsec layer does not see)
     */
    int Set(Ptr<Socket> socket,
            IpsecSocketOption option,
            const IpsecSocketRequest& request,
            bool requirePrivilege,
            std::string& error);
    /**
     * @brief getsockopt(IP_SEC_OPT / IPV6_SEC_OPT).
     * @param socket the socket
     * @param option which of its traffic
     * @return its request (all zero when it has none)
     */
    IpsecSocketRequest Get(Ptr<Socket> socket, IpsecSocketOption option) const;
    /**
     * @param socket a socket
     * @param option which of its traffic
     * @return the request ID its UNIQUE request uses (0 when it has none)
     */
    uint32_t GetReqid(Ptr<Socket> socket, IpsecSocketOption option) const;

    /**
     * @brief Grant or withdraw the PRIV_SYS_IP_CONFIG counterpart.
     * @param socket the socket
     * @param privileged whether it is privileged
     */
    void SetPrivileged(Ptr<Socket> socket, bool privileged);
    /**
     * @param socket a socket
     * @return whether it is privileged
     */
    bool IsPrivileged(Ptr<Socket> socket) const;

    /** @return whether no socket has a request (the per-packet lookup is then skipped) */
    bool IsEmpty() const;

    /**
     * @brief The per-socket decision for a packet this node sends or receives.
     * @param key the packet's selector values
     * @param[out] policy the socket's policy for this peer (bypass or protect)
     * @return the action, or nothing when no socket with a request owns the packet
     */
    std::optional<IpsecAction> Decide(const IpsecFlowKey& key, Ptr<IpsecPolicy>& policy);

    /**
     * @brief Print every request, like the per-socket part of `ipsecconf -l`.
     * @param os the stream
     */
    void Print(std::ostream& os) const;

    /** @brief Forget every socket (the layer is disposed). */
    void Clear();

  private:
    /** One socket's request for one IP version. */
    struct Entry
    {
        Ptr<Socket> socket;         //!< The socket
        IpsecSocketOption option;   //!< IPv4 or IPv6 traffic
        uint8_t protocol;           //!< UDP or TCP
        IpsecSocketRequest request; //!< The request
        uint32_t reqid;             //!< Its own request ID (UNIQUE), or 0
        std::map<std::pair<IpsecAddress, IpsecAddress>, Ptr<IpsecPolicy>>
            byPeer; //!< By (local, peer)
    };

    /**
     * @param request a request
     * @param[out] error what is wrong with it
     * @return whether it is well formed
     */
    static bool CheckRequest(const IpsecSocketRequest& request, std::string& error);
    /**
     * @param socket a socket
     * @param option which of its traffic
     * @param request what an unprivileged socket asks
     * @param[out] error how its algorithms differ from system-wide policy
     * @return whether the algorithms it names are system-wide policy's
     */
    bool SameAlgorithmsAsSystem(Ptr<Socket> socket,
                                IpsecSocketOption option,
                                const IpsecSocketRequest& request,
                                std::string& error) const;
    /**
     * @param entry a socket's entry
     * @param key a packet's selector values
     * @return how well the socket owns the packet: 0 not at all, then more for a bound address
     *         and most for a connected peer
     */
    static int MatchScore(const Entry& entry, const IpsecFlowKey& key);
    /**
     * @param entry a socket's entry
     * @param key a packet of its, to or from one peer
     * @return the policy its request makes for that peer
     */
    static Ptr<IpsecPolicy> BuildPolicy(const Entry& entry, const IpsecFlowKey& key);

    Ptr<SecurityPolicyDatabase> m_spd;                                    //!< System-wide policy
    std::map<std::pair<Ptr<Socket>, IpsecSocketOption>, Entry> m_entries; //!< Requests
    std::map<Ptr<Socket>, bool> m_privileged;                             //!< Privileged sockets
    uint32_t m_nextReqid; //!< Next UNIQUE request ID
};

} // namespace ns3

#endif /* IPSEC_SOCKET_POLICY_H */
