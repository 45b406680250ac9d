/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The combined-mode ESP algorithms: AES-GCM (RFC 4106), AES-CCM (RFC 4309), AES-GMAC
// (RFC 4543) and ChaCha20-Poly1305 (RFC 7634). All build their nonce as salt | explicit IV,
// the salt coming from the end of the SA's key material.

#include "esp-cipher.h"

#include <cryptopp/aes.h>
#include <cryptopp/ccm.h>
#include <cryptopp/chachapoly.h>
#include <cryptopp/gcm.h>

namespace ns3
{

namespace
{

constexpr std::size_t IV_BYTES = 8;

/// An AEAD whose nonce is salt | IV and whose AAD is what ESP passes (SPI, sequence).
template <typename Enc, typename Dec, std::size_t SaltBytes>
class SaltedAeadCipher : public EspCipher
{
  public:
    SaltedAeadCipher(const std::vector<uint8_t>& key, uint16_t icvBytes)
        : m_icvBytes(icvBytes)
    {
        const std::size_t cipherKeyBytes = key.size() - SaltBytes;
        std::copy(key.begin() + cipherKeyBytes, key.end(), m_nonce);
        m_enc.SetKeyWithIV(key.data(), cipherKeyBytes, m_nonce, NONCE_BYTES);
        m_dec.SetKeyWithIV(key.data(), cipherKeyBytes, m_nonce, NONCE_BYTES);
    }

    void Encrypt(const uint8_t* iv,
                 const uint8_t* aad,
                 std::size_t aadLen,
                 uint8_t* data,
                 std::size_t len,
                 uint8_t* icv) override
    {
        std::copy(iv, iv + IV_BYTES, m_nonce + SaltBytes);
        m_enc.EncryptAndAuthenticate(data,
                                     icv,
                                     m_icvBytes,
                                     m_nonce,
                                     NONCE_BYTES,
                                     aad,
                                     aadLen,
                                     data,
                                     len);
    }

    bool Decrypt(const uint8_t* iv,
                 const uint8_t* aad,
                 std::size_t aadLen,
                 uint8_t* data,
                 std::size_t len,
                 const uint8_t* icv) override
    {
        std::copy(iv, iv + IV_BYTES, m_nonce + SaltBytes);
        return m_dec
            .DecryptAndVerify(data, icv, m_icvBytes, m_nonce, NONCE_BYTES, aad, aadLen, data, len);
    }

  private:
    static constexpr std::size_t NONCE_BYTES = SaltBytes + IV_BYTES;
    uint16_t m_icvBytes;               //!< Truncated tag length
    uint8_t m_nonce[NONCE_BYTES] = {}; //!< salt | IV of the current packet
    Enc m_enc;                         //!< Keyed encryptor
    Dec m_dec;                         //!< Keyed decryptor
};

/**
 * RFC 4543: GCM with nothing to encrypt. The SPI and sequence number, the IV and the whole
 * cleartext payload with its trailer are all additional authenticated data, fed in place.
 */
class AesGmacCipher : public EspCipher
{
  public:
    explicit AesGmacCipher(const std::vector<uint8_t>& key)
    {
        const std::size_t aesBytes = key.size() - SALT_BYTES;
        std::copy(key.begin() + aesBytes, key.end(), m_nonce);
        m_gcm.SetKeyWithIV(key.data(), aesBytes, m_nonce, NONCE_BYTES);
    }

    void Encrypt(const uint8_t* iv,
                 const uint8_t* aad,
                 std::size_t aadLen,
                 uint8_t* data,
                 std::size_t len,
                 uint8_t* icv) override
    {
        Authenticate(iv, aad, aadLen, data, len);
        m_gcm.TruncatedFinal(icv, ICV_BYTES);
    }

    bool Decrypt(const uint8_t* iv,
                 const uint8_t* aad,
                 std::size_t aadLen,
                 uint8_t* data,
                 std::size_t len,
                 const uint8_t* icv) override
    {
        Authenticate(iv, aad, aadLen, data, len);
        return m_gcm.TruncatedVerify(icv, ICV_BYTES);
    }

  private:
    void Authenticate(const uint8_t* iv,
                      const uint8_t* aad,
                      std::size_t aadLen,
                      const uint8_t* data,
                      std::size_t len)
    {
        std::copy(iv, iv + IV_BYTES, m_nonce + SALT_BYTES);
        m_gcm.Resynchronize(m_nonce, NONCE_BYTES);
        m_gcm.Update(aad, aadLen);
        m_gcm.Update(iv, IV_BYTES);
        m_gcm.Update(data, len);
    }

    static constexpr std::size_t SALT_BYTES = 4;
    static constexpr std::size_t NONCE_BYTES = SALT_BYTES + IV_BYTES;
    static constexpr std::size_t ICV_BYTES = 16;
    uint8_t m_nonce[NONCE_BYTES] = {};              //!< salt | IV of the current packet
    CryptoPP::GCM<CryptoPP::AES>::Encryption m_gcm; //!< Keyed GHASH/GCTR
};

template <int TagBytes>
Ptr<EspCipher>
MakeCcm(const std::vector<uint8_t>& key)
{
    using Ccm = CryptoPP::CCM<CryptoPP::AES, TagBytes>;
    return Create<SaltedAeadCipher<typename Ccm::Encryption, typename Ccm::Decryption, 3>>(
        key,
        TagBytes);
}

} // namespace

Ptr<EspCipher>
CreateAesGcmCipher(const std::vector<uint8_t>& key, uint16_t icvBytes)
{
    using Gcm = CryptoPP::GCM<CryptoPP::AES>;
    return Create<SaltedAeadCipher<Gcm::Encryption, Gcm::Decryption, 4>>(key, icvBytes);
}

Ptr<EspCipher>
CreateAesCcmCipher(const std::vector<uint8_t>& key, uint16_t icvBytes)
{
    // Crypto++ fixes the CCM tag length at compile time.
    switch (icvBytes)
    {
    case 8:
        return MakeCcm<8>(key);
    case 12:
        return MakeCcm<12>(key);
    default:
        return MakeCcm<16>(key);
    }
}

Ptr<EspCipher>
CreateAesGmacCipher(const std::vector<uint8_t>& key)
{
    return Create<AesGmacCipher>(key);
}

Ptr<EspCipher>
CreateChaCha20Poly1305Cipher(const std::vector<uint8_t>& key)
{
    using Cc = CryptoPP::ChaCha20Poly1305;
    return Create<SaltedAeadCipher<Cc::Encryption, Cc::Decryption, 4>>(key, 16);
}

} // namespace ns3
