/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "esp-cipher.h"

namespace ns3
{

EspCipher::~EspCipher() = default;

namespace
{

/// RFC 2410: the identity transform.
class NullCipher : public EspCipher
{
  public:
    void Encrypt(const uint8_t*, const uint8_t*, std::size_t, uint8_t*, std::size_t, uint8_t*)
        override
    {
    }

    bool Decrypt(const uint8_t*, const uint8_t*, std::size_t, uint8_t*, std::size_t, const uint8_t*)
        override
    {
        return true;
    }
};

} // namespace

Ptr<EspCipher>
CreateNullCipher()
{
    return Create<NullCipher>();
}

} // namespace ns3
