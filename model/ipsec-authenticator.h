/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_AUTHENTICATOR_H
#define IPSEC_AUTHENTICATOR_H

#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief A keyed integrity transform (a truncated HMAC) shared by ESP and AH.
 *
 * The ICV is computed incrementally so that callers can feed the parts of a packet (ESP
 * header, IV and ciphertext, the implicit high sequence bits) without copying them together.
 */
class IpsecAuthenticator : public SimpleRefCount<IpsecAuthenticator>
{
  public:
    virtual ~IpsecAuthenticator();
    /** @brief Start a new ICV computation. */
    virtual void Restart() = 0;
    /**
     * @brief Feed bytes into the running computation.
     * @param data the bytes
     * @param len their number
     */
    virtual void Update(const uint8_t* data, std::size_t len) = 0;
    /**
     * @brief Finish and write the truncated ICV.
     * @param icv output, GetIcvSize() bytes
     */
    virtual void Final(uint8_t* icv) = 0;
    /** @return the truncated ICV length in bytes */
    virtual uint32_t GetIcvSize() const = 0;
};

/**
 * @ingroup ipsec
 * @brief Create an HMAC-SHA1-96 authenticator (RFC 2404).
 * @param key 20-byte key
 * @return the authenticator
 */
Ptr<IpsecAuthenticator> CreateHmacSha1_96(const std::vector<uint8_t>& key);
/**
 * @ingroup ipsec
 * @brief Create an HMAC-SHA-256-128 authenticator (RFC 4868).
 * @param key 32-byte key
 * @return the authenticator
 */
Ptr<IpsecAuthenticator> CreateHmacSha256_128(const std::vector<uint8_t>& key);

} // namespace ns3

#endif /* IPSEC_AUTHENTICATOR_H */
