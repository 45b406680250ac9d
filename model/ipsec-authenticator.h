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
 * @brief A keyed integrity transform (a truncated HMAC or AES-XCBC-MAC) shared by ESP and AH.
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
 * @name Integrity transform factories
 * Each takes the key as key management supplies it; the registry validates its length.
 * @{
 */
/** @param key 16 bytes @return HMAC-MD5-96 (RFC 2403) */
Ptr<IpsecAuthenticator> CreateHmacMd5_96(const std::vector<uint8_t>& key);
/** @param key 20 bytes @return HMAC-SHA1-96 (RFC 2404) */
Ptr<IpsecAuthenticator> CreateHmacSha1_96(const std::vector<uint8_t>& key);
/** @param key 32 bytes @return the legacy HMAC-SHA-256-96 (draft-ietf-ipsec-ciph-sha-256-00) */
Ptr<IpsecAuthenticator> CreateHmacSha256_96(const std::vector<uint8_t>& key);
/** @param key 32 bytes @return HMAC-SHA-256-128 (RFC 4868) */
Ptr<IpsecAuthenticator> CreateHmacSha256_128(const std::vector<uint8_t>& key);
/** @param key 48 bytes @return HMAC-SHA-384-192 (RFC 4868) */
Ptr<IpsecAuthenticator> CreateHmacSha384_192(const std::vector<uint8_t>& key);
/** @param key 64 bytes @return HMAC-SHA-512-256 (RFC 4868) */
Ptr<IpsecAuthenticator> CreateHmacSha512_256(const std::vector<uint8_t>& key);
/** @param key 20 bytes @return HMAC-RIPEMD-160-96 (RFC 2857) */
Ptr<IpsecAuthenticator> CreateHmacRipemd160_96(const std::vector<uint8_t>& key);
/** @param key 16 bytes @return AES-XCBC-MAC-96 (RFC 3566) */
Ptr<IpsecAuthenticator> CreateAesXcbcMac96(const std::vector<uint8_t>& key);
/** @} */

} // namespace ns3

#endif /* IPSEC_AUTHENTICATOR_H */
