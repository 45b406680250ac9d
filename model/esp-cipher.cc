/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "esp-cipher.h"

#include "ns3/abort.h"

#include <cryptopp/aes.h>
#include <cryptopp/gcm.h>
#include <cryptopp/modes.h>

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

/// RFC 3602: AES in CBC mode with a 16-byte explicit IV and no padding of its own.
class AesCbcCipher : public EspCipher
{
  public:
    explicit AesCbcCipher(const std::vector<uint8_t>& key)
    {
        // Keying once keeps the per-packet cost to Resynchronize() and the block operations.
        m_enc.SetKeyWithIV(key.data(), key.size(), m_zeroIv);
        m_dec.SetKeyWithIV(key.data(), key.size(), m_zeroIv);
    }

    void Encrypt(const uint8_t* iv,
                 const uint8_t*,
                 std::size_t,
                 uint8_t* data,
                 std::size_t len,
                 uint8_t*) override
    {
        m_enc.Resynchronize(iv, CryptoPP::AES::BLOCKSIZE);
        m_enc.ProcessData(data, data, len);
    }

    bool Decrypt(const uint8_t* iv,
                 const uint8_t*,
                 std::size_t,
                 uint8_t* data,
                 std::size_t len,
                 const uint8_t*) override
    {
        m_dec.Resynchronize(iv, CryptoPP::AES::BLOCKSIZE);
        m_dec.ProcessData(data, data, len);
        return true;
    }

  private:
    uint8_t m_zeroIv[CryptoPP::AES::BLOCKSIZE] = {};
    CryptoPP::CBC_Mode<CryptoPP::AES>::Encryption m_enc;
    CryptoPP::CBC_Mode<CryptoPP::AES>::Decryption m_dec;
};

/// RFC 4106: AES-GCM, nonce = 4-byte salt || 8-byte explicit IV.
class AesGcmCipher : public EspCipher
{
  public:
    AesGcmCipher(const std::vector<uint8_t>& key, uint16_t icvBytes)
        : m_icvBytes(icvBytes)
    {
        const std::size_t aesBytes = key.size() - SALT_BYTES;
        std::copy(key.begin() + aesBytes, key.end(), m_nonce);
        m_enc.SetKeyWithIV(key.data(), aesBytes, m_nonce, NONCE_BYTES);
        m_dec.SetKeyWithIV(key.data(), aesBytes, m_nonce, NONCE_BYTES);
    }

    void Encrypt(const uint8_t* iv,
                 const uint8_t* aad,
                 std::size_t aadLen,
                 uint8_t* data,
                 std::size_t len,
                 uint8_t* icv) override
    {
        std::copy(iv, iv + IV_BYTES, m_nonce + SALT_BYTES);
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
        std::copy(iv, iv + IV_BYTES, m_nonce + SALT_BYTES);
        return m_dec
            .DecryptAndVerify(data, icv, m_icvBytes, m_nonce, NONCE_BYTES, aad, aadLen, data, len);
    }

  private:
    static constexpr std::size_t SALT_BYTES = 4;
    static constexpr std::size_t IV_BYTES = 8;
    static constexpr std::size_t NONCE_BYTES = SALT_BYTES + IV_BYTES;
    uint16_t m_icvBytes;
    uint8_t m_nonce[NONCE_BYTES] = {};
    CryptoPP::GCM<CryptoPP::AES>::Encryption m_enc;
    CryptoPP::GCM<CryptoPP::AES>::Decryption m_dec;
};

} // namespace

Ptr<EspCipher>
CreateNullCipher()
{
    return Create<NullCipher>();
}

Ptr<EspCipher>
CreateAesCbcCipher(const std::vector<uint8_t>& key)
{
    return Create<AesCbcCipher>(key);
}

Ptr<EspCipher>
CreateAesGcmCipher(const std::vector<uint8_t>& key, uint16_t icvBytes)
{
    return Create<AesGcmCipher>(key, icvBytes);
}

} // namespace ns3
