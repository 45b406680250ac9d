/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ESP_CIPHER_H
#define ESP_CIPHER_H

#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief A keyed ESP encryption transform (confidentiality, or combined mode).
 *
 * One instance is created per SA when the SA is installed, so the expensive key schedule
 * (and, for GCM, the multiplication tables) is computed once, not per packet.
 */
class EspCipher : public SimpleRefCount<EspCipher>
{
  public:
    virtual ~EspCipher();

    /**
     * @brief Encrypt in place.
     * @param iv the packet's explicit IV (the algorithm's IV size)
     * @param aad additional authenticated data (AEAD only; ignored otherwise)
     * @param aadLen length of @p aad
     * @param data the plaintext, replaced by the ciphertext
     * @param len length of @p data (a multiple of the block size)
     * @param icv where an AEAD algorithm writes its ICV (ignored otherwise)
     */
    virtual void Encrypt(const uint8_t* iv,
                         const uint8_t* aad,
                         std::size_t aadLen,
                         uint8_t* data,
                         std::size_t len,
                         uint8_t* icv) = 0;

    /**
     * @brief Decrypt in place; an AEAD algorithm also verifies the ICV.
     * @param iv the packet's explicit IV
     * @param aad additional authenticated data (AEAD only)
     * @param aadLen length of @p aad
     * @param data the ciphertext, replaced by the plaintext
     * @param len length of @p data
     * @param icv the received ICV (AEAD only)
     * @return false if an AEAD ICV does not verify (then @p data is unspecified)
     */
    virtual bool Decrypt(const uint8_t* iv,
                         const uint8_t* aad,
                         std::size_t aadLen,
                         uint8_t* data,
                         std::size_t len,
                         const uint8_t* icv) = 0;
};

/**
 * @ingroup ipsec
 * @brief Create the NULL cipher of RFC 2410 (no-op).
 * @return the cipher
 */
Ptr<EspCipher> CreateNullCipher();
/**
 * @ingroup ipsec
 * @brief Create an AES-CBC cipher (RFC 3602).
 * @param key 16, 24 or 32 bytes
 * @return the cipher
 */
Ptr<EspCipher> CreateAesCbcCipher(const std::vector<uint8_t>& key);
/**
 * @ingroup ipsec
 * @brief Create an AES-GCM cipher (RFC 4106).
 * @param key AES key followed by the 4-byte salt
 * @param icvBytes ICV length (8, 12 or 16)
 * @return the cipher
 */
Ptr<EspCipher> CreateAesGcmCipher(const std::vector<uint8_t>& key, uint16_t icvBytes);

} // namespace ns3

#endif /* ESP_CIPHER_H */
