/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-decision.h"

#include <iomanip>

namespace ns3
{

std::ostream&
operator<<(std::ostream& os, IpsecDecision decision)
{
    switch (decision)
    {
    case IpsecDecision::BYPASS:
        return os << "bypass";
    case IpsecDecision::PROTECT:
        return os << "protect";
    case IpsecDecision::DISCARD:
        return os << "discard";
    case IpsecDecision::DROP:
        return os << "drop";
    }
    return os << "?";
}

std::ostream&
operator<<(std::ostream& os, const IpsecDecisionInfo& info)
{
    if (info.key.protocol != 0)
    {
        os << info.key;
    }
    else
    {
        os << (info.direction == IpsecDirection::INBOUND ? "in" : "out");
    }
    os << ": " << info.decision;
    if (info.reason)
    {
        os << " (" << *info.reason << ")";
    }
    if (info.policy)
    {
        os << " by "
           << (info.perSocket ? "socket policy" : "#" + std::to_string(info.policy->GetIndex()));
    }
    if (info.sa)
    {
        const auto flags = os.flags();
        os << " sa 0x" << std::hex << std::setw(8) << std::setfill('0') << info.sa->GetSpi();
        os.flags(flags);
    }
    return os;
}

} // namespace ns3
