/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPV4_NAPT_DROP_REASON_H
#define IPV4_NAPT_DROP_REASON_H

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief Why an Ipv4Napt discarded a packet. Every discard fires the NAT's Drop trace with
 * one of these and is counted per reason (Ipv4Napt::GetDropCount).
 */
enum class Ipv4NaptDropReason : uint8_t
{
    UNSUPPORTED_PROTOCOL, //!< Neither TCP, UDP nor ICMP (e.g. ESP, GRE): no port to translate
    FILTERED,             //!< Inbound: the mapping's filtering behaviour refuses the sender
    HAIRPIN_DISABLED,     //!< Inside host to a mapped public port while hairpinning is off
    FRAGMENT,             //!< A non-first fragment: it carries no L4 header to translate
    TRUNCATED,            //!< Shorter than the L4 header (or embedded header) to translate
    PORTS_EXHAUSTED,      //!< No free external port in the configured range
    UNSUPPORTED_ICMP,     //!< Outbound ICMP message the NAT cannot translate (not echo/error)
    COUNT                 //!< Number of reasons (not a reason)
};

/**
 * @brief Name of a drop reason, e.g. "unsupported-protocol".
 * @param reason the reason
 * @return a stable kebab-case name
 */
const char* ToString(Ipv4NaptDropReason reason);

/**
 * @brief Print a drop reason's name.
 * @param os the stream
 * @param reason the reason
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, Ipv4NaptDropReason reason);

} // namespace ns3

#endif /* IPV4_NAPT_DROP_REASON_H */
