/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_POLICY_FAILURE_H
#define IPSEC_POLICY_FAILURE_H

#include "ipsec-drop-reason.h"
#include "ipsec-ip-header.h"
#include "ipsec-traffic-selector.h"

#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief One IPsec policy failure as the layer reports it to the IpsecPolicyLogger: what was
 * dropped, where, why, and the processing stack at that moment.
 *
 * The packet is given as the layer holds it at the drop, in one of two shapes:
 * - @c ipHeader empty: @c packet starts with its IPv4 or IPv6 header (the logger reads the
 *   version from the first byte);
 * - @c ipHeader set: the IP header has already been taken off (inbound) or not yet been added
 *   (outbound), and @c packet starts with what @c ipHeader's protocol announces: ESP, AH, UDP
 *   (possibly carrying ESP on the NAT traversal port), TCP, ICMP or ICMPv6. An outbound L4
 *   segment whose IP header does not exist yet can be described by a header built from the
 *   source, destination and protocol the layer was given.
 */
struct IpsecPolicyFailure
{
    Time time;                                          //!< Simulation time of the drop
    uint32_t nodeId = 0;                                //!< Node that dropped the packet
    IpsecDropReason reason = IpsecDropReason::COUNT;    //!< Why (COUNT: not set)
    uint32_t spi = 0;                                   //!< SPI of the SA involved, 0 if none
    IpsecDirection direction = IpsecDirection::INBOUND; //!< Inbound or outbound
    std::string message;                                //!< Human-readable explanation
    Ptr<const Packet> packet;                           //!< The packet (may be null)
    std::optional<IpsecIpHeader> ipHeader; //!< Set when @c packet starts after the IP header
    std::vector<std::string> stack;        //!< IpsecProcessingStack::Snapshot(), innermost first
};

} // namespace ns3

#endif /* IPSEC_POLICY_FAILURE_H */
