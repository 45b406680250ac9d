/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipv4-napt-drop-reason.h"

namespace ns3
{

const char*
ToString(Ipv4NaptDropReason reason)
{
    switch (reason)
    {
    case Ipv4NaptDropReason::UNSUPPORTED_PROTOCOL:
        return "unsupported-protocol";
    case Ipv4NaptDropReason::FILTERED:
        return "filtered";
    case Ipv4NaptDropReason::HAIRPIN_DISABLED:
        return "hairpin-disabled";
    case Ipv4NaptDropReason::FRAGMENT:
        return "fragment";
    case Ipv4NaptDropReason::TRUNCATED:
        return "truncated";
    case Ipv4NaptDropReason::PORTS_EXHAUSTED:
        return "ports-exhausted";
    case Ipv4NaptDropReason::UNSUPPORTED_ICMP:
        return "unsupported-icmp";
    case Ipv4NaptDropReason::COUNT:
        break;
    }
    return "unknown";
}

std::ostream&
operator<<(std::ostream& os, Ipv4NaptDropReason reason)
{
    return os << ToString(reason);
}

} // namespace ns3
