/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-lifetime.h"

#include <sstream>

namespace ns3
{

bool
IpsecLifetime::IsUnlimited() const
{
    return allocations == 0 && bytes == 0 && addTime.IsZero() && useTime.IsZero();
}

bool
IpsecLifetime::IsReachedBy(uint64_t packets, uint64_t octets) const
{
    return (allocations != 0 && packets >= allocations) || (bytes != 0 && octets >= bytes);
}

std::string
IpsecLifetime::Validate(const IpsecLifetime& soft, const IpsecLifetime& hard)
{
    // A soft limit warns before the hard one ends the SA; one beyond it would never be seen.
    std::ostringstream err;
    if (soft.addTime.IsStrictlyNegative() || soft.useTime.IsStrictlyNegative() ||
        hard.addTime.IsStrictlyNegative() || hard.useTime.IsStrictlyNegative())
    {
        err << "lifetimes cannot be negative";
    }
    else if (hard.allocations != 0 && soft.allocations > hard.allocations)
    {
        err << "soft allocations " << soft.allocations << " exceed hard " << hard.allocations;
    }
    else if (hard.bytes != 0 && soft.bytes > hard.bytes)
    {
        err << "soft bytes " << soft.bytes << " exceed hard " << hard.bytes;
    }
    else if (!hard.addTime.IsZero() && soft.addTime > hard.addTime)
    {
        err << "soft add time " << soft.addTime.As(Time::S) << " exceeds hard "
            << hard.addTime.As(Time::S);
    }
    else if (!hard.useTime.IsZero() && soft.useTime > hard.useTime)
    {
        err << "soft use time " << soft.useTime.As(Time::S) << " exceeds hard "
            << hard.useTime.As(Time::S);
    }
    return err.str();
}

std::ostream&
operator<<(std::ostream& os, const IpsecLifetime& lifetime)
{
    if (lifetime.IsUnlimited())
    {
        return os << "unlimited";
    }
    const char* sep = "";
    if (lifetime.allocations != 0)
    {
        os << "allocations " << lifetime.allocations;
        sep = " ";
    }
    if (lifetime.bytes != 0)
    {
        os << sep << "bytes " << lifetime.bytes;
        sep = " ";
    }
    if (!lifetime.addTime.IsZero())
    {
        os << sep << "addtime " << lifetime.addTime.As(Time::S);
        sep = " ";
    }
    if (!lifetime.useTime.IsZero())
    {
        os << sep << "usetime " << lifetime.useTime.As(Time::S);
    }
    return os;
}

} // namespace ns3
