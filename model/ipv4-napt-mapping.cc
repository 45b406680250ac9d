/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipv4-napt-mapping.h"

namespace ns3
{

const char*
ToString(NaptBehavior behavior)
{
    switch (behavior)
    {
    case NaptBehavior::ENDPOINT_INDEPENDENT:
        return "endpoint-independent";
    case NaptBehavior::ADDRESS_DEPENDENT:
        return "address-dependent";
    case NaptBehavior::ADDRESS_AND_PORT_DEPENDENT:
        return "address-and-port-dependent";
    }
    return "unknown";
}

std::ostream&
operator<<(std::ostream& os, NaptBehavior behavior)
{
    return os << ToString(behavior);
}

const char*
ToString(NaptTcpState state)
{
    switch (state)
    {
    case NaptTcpState::TRANSITORY:
        return "transitory";
    case NaptTcpState::ESTABLISHED:
        return "established";
    case NaptTcpState::CLOSING:
        return "closing";
    }
    return "unknown";
}

const char*
Ipv4NaptMapping::ProtocolName() const
{
    switch (protocol)
    {
    case 6:
        return "tcp";
    case 17:
        return "udp";
    case 1:
        return "icmp";
    default:
        return "other";
    }
}

} // namespace ns3
