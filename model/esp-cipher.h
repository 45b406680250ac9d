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
 * @name ESP cipher factories
 * Each takes the SA's key material exactly as key management supplies it (salt or nonce
 * appended for the counter and combined modes) after the registry has validated its length.
 * @{
 */
/** @return the NULL cipher of RFC 2410 (no-op) */
Ptr<EspCipher> CreateNullCipher();
/** @param key 8 bytes @return DES-CBC (RFC 2405) */
Ptr<EspCipher> CreateDesCbcCipher(const std::vector<uint8_t>& key);
/** @param key 24 bytes @return 3DES-CBC, DES-EDE3 (RFC 2451) */
Ptr<EspCipher> CreateTripleDesCbcCipher(const std::vector<uint8_t>& key);
/** @param key 5 to 16 bytes @return CAST-128-CBC (RFC 2451, RFC 2144) */
Ptr<EspCipher> CreateCastCbcCipher(const std::vector<uint8_t>& key);
/** @param key 5 to 56 bytes @return Blowfish-CBC (RFC 2451) */
Ptr<EspCipher> CreateBlowfishCbcCipher(const std::vector<uint8_t>& key);
/** @param key 16, 24 or 32 bytes @return AES-CBC (RFC 3602) */
Ptr<EspCipher> CreateAesCbcCipher(const std::vector<uint8_t>& key);
/** @param key 16, 24 or 32 bytes @return Twofish-CBC */
Ptr<EspCipher> CreateTwofishCbcCipher(const std::vector<uint8_t>& key);
/** @param key 16, 24 or 32 bytes @return Camellia-CBC (RFC 4312) */
Ptr<EspCipher> CreateCamelliaCbcCipher(const std::vector<uint8_t>& key);
/** @param key AES key followed by the 4-byte nonce @return AES-CTR (RFC 3686) */
Ptr<EspCipher> CreateAesCtrCipher(const std::vector<uint8_t>& key);
/**
 * @param key AES key followed by the 4-byte salt
 * @param icvBytes ICV length (8, 12 or 16)
 * @return AES-GCM (RFC 4106)
 */
Ptr<EspCipher> CreateAesGcmCipher(const std::vector<uint8_t>& key, uint16_t icvBytes);
/**
 * @param key AES key followed by the 3-byte salt
 * @param icvBytes ICV length (8, 12 or 16)
 * @return AES-CCM (RFC 4309)
 */
Ptr<EspCipher> CreateAesCcmCipher(const std::vector<uint8_t>& key, uint16_t icvBytes);
/**
 * @param key AES key followed by the 4-byte salt
 * @return NULL encryption with AES-GMAC integrity (RFC 4543): the payload stays in clear and
 *         is authenticated, with the IV, as additional data
 */
Ptr<EspCipher> CreateAesGmacCipher(const std::vector<uint8_t>& key);
/** @param key 32-byte key followed by the 4-byte salt @return ChaCha20-Poly1305 (RFC 7634) */
Ptr<EspCipher> CreateChaCha20Poly1305Cipher(const std::vector<uint8_t>& key);
/** @} */

} // namespace ns3

#endif /* ESP_CIPHER_H */
