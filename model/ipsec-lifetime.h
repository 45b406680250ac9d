/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_LIFETIME_H
#define IPSEC_LIFETIME_H

#include "ns3/nstime.h"

#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief An SA lifetime as PF_KEY v2 carries it (RFC 2367 section 2.3.3): limits when it is a
 * soft or hard lifetime, usage when it is the current one.
 *
 * A zero field is no limit. "Allocations" counts packets, as Linux reads the PF_KEY field
 * (RFC 2367 leaves its unit to the implementation). Add time runs from the moment the SA is
 * installed, use time from its first packet.
 */
struct IpsecLifetime
{
    uint32_t allocations = 0; //!< Packets (limit), or packets so far (current)
    uint64_t bytes = 0;       //!< Payload bytes (limit), or bytes so far (current)
    Time addTime;             //!< Seconds after installation (limit), or installation time
    Time useTime;             //!< Seconds after first use (limit), or the first use's time

    /** @return whether no field sets a limit */
    bool IsUnlimited() const;
    /**
     * @param packets packets so far
     * @param octets bytes so far
     * @return whether the packet or byte limit is set and reached
     */
    bool IsReachedBy(uint64_t packets, uint64_t octets) const;
    /**
     * @brief Check a soft and a hard lifetime together.
     * @param soft the soft lifetime
     * @param hard the hard lifetime
     * @return an empty string, or what is wrong (a soft limit beyond its hard one)
     */
    static std::string Validate(const IpsecLifetime& soft, const IpsecLifetime& hard);
};

/**
 * @brief Print like `ipseckey dump` ("bytes 1000 addtime 30s", or "unlimited").
 * @param os the stream
 * @param lifetime the lifetime
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, const IpsecLifetime& lifetime);

} // namespace ns3

#endif /* IPSEC_LIFETIME_H */
