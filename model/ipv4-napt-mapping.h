/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPV4_NAPT_MAPPING_H
#define IPV4_NAPT_MAPPING_H

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <ostream>
#include <set>
#include <utility>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief RFC 4787 section 4.1 (mapping) and 5 (filtering) behaviours: which part of the
 * remote endpoint a mapping is bound to, or an inbound packet is checked against.
 */
enum class NaptBehavior : uint8_t
{
    ENDPOINT_INDEPENDENT,      //!< Any remote endpoint
    ADDRESS_DEPENDENT,         //!< The remote address
    ADDRESS_AND_PORT_DEPENDENT //!< The remote address and port
};

/**
 * @brief Name of a behaviour, e.g. "address-dependent".
 * @param behavior the behaviour
 * @return a stable kebab-case name
 */
const char* ToString(NaptBehavior behavior);

/**
 * @brief Print a behaviour's name.
 * @param os the stream
 * @param behavior the behaviour
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, NaptBehavior behavior);

/**
 * @ingroup ipsec
 * @brief What the NAT knows of a TCP mapping's connection (RFC 5382 section 5): only an
 * established connection earns the long idle timeout.
 */
enum class NaptTcpState : uint8_t
{
    TRANSITORY,  //!< Opening: a SYN seen in fewer than both directions
    ESTABLISHED, //!< SYNs seen in both directions, no FIN pair or RST since
    CLOSING      //!< FINs seen in both directions, or an RST
};

/**
 * @brief Name of a TCP state, e.g. "established".
 * @param state the state
 * @return a stable kebab-case name
 */
const char* ToString(NaptTcpState state);

/**
 * @ingroup ipsec
 * @brief One translation: an inside endpoint bound to an external port of the NAT's public
 * address, as Ipv4Napt::GetMappings reports it (a copy: changing it changes nothing).
 */
struct Ipv4NaptMapping
{
    uint8_t protocol = 0;         //!< 6 (TCP), 17 (UDP) or 1 (ICMP; ports are echo IDs)
    Ipv4Address internalAddress;  //!< Inside host
    uint16_t internalPort = 0;    //!< Inside port (ICMP: the host's echo identifier)
    Ipv4Address externalAddress;  //!< The NAT's public address
    uint16_t externalPort = 0;    //!< External port (ICMP: the translated identifier)
    Ipv4Address keyRemoteAddress; //!< Remote address the mapping is bound to (ADM, APDM)
    uint16_t keyRemotePort = 0;   //!< Remote port the mapping is bound to (APDM)
    bool isStatic = false;        //!< A port forward: never expires, never filters
    Time created;                 //!< When it was created
    Time expires;                 //!< When it expires unless refreshed (dynamic only)
    NaptTcpState tcpState = NaptTcpState::TRANSITORY; //!< TCP only
    bool synOut = false;                              //!< TCP: SYN seen outbound
    bool synIn = false;                               //!< TCP: SYN seen inbound
    bool finOut = false;                              //!< TCP: FIN seen outbound
    bool finIn = false;                               //!< TCP: FIN seen inbound
    /// Remote endpoints the inside host sent to through this mapping (what filtering checks)
    std::set<std::pair<Ipv4Address, uint16_t>> remotes;
    EventId expiryEvent; //!< Pending expiry check (dynamic only)

    /**
     * @brief Name of the protocol: "tcp", "udp" or "icmp".
     * @return the name
     */
    const char* ProtocolName() const;
};

} // namespace ns3

#endif /* IPV4_NAPT_MAPPING_H */
