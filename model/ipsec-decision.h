/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_DECISION_H
#define IPSEC_DECISION_H

#include "ipsec-drop-reason.h"
#include "ipsec-policy.h"
#include "ipsec-traffic-selector.h"
#include "security-association.h"

#include <optional>
#include <ostream>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief What the IPsec layer decided for a packet.
 */
enum class IpsecDecision : uint8_t
{
    BYPASS,  //!< Sent or accepted in the clear by policy
    PROTECT, //!< Policy requires protection (outbound: it is applied next; inbound: it was)
    DISCARD, //!< Policy discards it
    DROP,    //!< Dropped for a reason (IpsecDecisionInfo::reason), policy or processing
};

/**
 * @brief Print a decision: "bypass", "protect", "discard" or "drop".
 * @param os the stream
 * @param decision the decision
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, IpsecDecision decision);

/**
 * @ingroup ipsec
 * @brief Everything the IpsecLayer "Decision" trace source reports about one decision.
 */
struct IpsecDecisionInfo
{
    IpsecDecision decision = IpsecDecision::BYPASS;      //!< What was decided
    IpsecDirection direction = IpsecDirection::OUTBOUND; //!< Inbound or outbound
    /**
     * The packet's selector values. For drops in SA processing (replay, ICV, unknown SPI...)
     * only @c direction is known: @c protocol is 0.
     */
    IpsecFlowKey key;
    std::optional<IpsecDropReason> reason; //!< Why (DROP and DISCARD only)
    /** The deciding policy: an SPD entry, a tunnel's, or a socket's; null for the default
     * action, ICMPv6 link control, and drops no policy decided. */
    Ptr<const IpsecPolicy> policy;
    Ptr<const SecurityAssociation> sa; //!< The SA a drop concerns, if any
    bool perSocket = false;            //!< The policy is a socket's (IP_SEC_OPT)
};

/**
 * @brief Print a decision on one line, e.g. "out 10.0.0.1:49153 -> 10.0.0.2:9 proto 17:
 * protect by #1".
 * @param os the stream
 * @param info the decision
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, const IpsecDecisionInfo& info);

} // namespace ns3

#endif /* IPSEC_DECISION_H */
