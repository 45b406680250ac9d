/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_TEST_UTIL_H
#define IPSEC_TEST_UTIL_H

// Small helpers the test suites share.

#include "ns3/packet.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace ipsectest
{

/**
 * @param p a packet
 * @return its bytes
 */
inline std::vector<uint8_t>
Bytes(Ptr<const Packet> p)
{
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

} // namespace ipsectest
} // namespace ns3

#endif /* IPSEC_TEST_UTIL_H */
