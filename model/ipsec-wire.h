/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_WIRE_H
#define IPSEC_WIRE_H

#include <cstdint>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief Read a 32-bit field in network byte order (SPIs, sequence numbers).
 * @param p the field's first byte
 * @return its value
 */
inline uint32_t
ReadNetwork32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

/**
 * @ingroup ipsec
 * @brief Write a 32-bit field in network byte order.
 * @param p where the field starts
 * @param v its value
 */
inline void
WriteNetwork32(uint8_t* p, uint32_t v)
{
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8);
    p[3] = static_cast<uint8_t>(v);
}

} // namespace ns3

#endif /* IPSEC_WIRE_H */
