/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The confidentiality-only ESP ciphers: block ciphers in CBC mode with an explicit IV
// (RFC 2405, 2451, 3602, 4312) and AES in counter mode (RFC 3686).

#include "esp-cipher.h"

#include <cryptopp/aes.h>
#include <cryptopp/blowfish.h>
#include <cryptopp/camellia.h>
#include <cryptopp/cast.h>
#include <cryptopp/des.h>
#include <cryptopp/modes.h>
#include <cryptopp/twofish.h>

namespace ns3
{

namespace
{

/// CBC with the packet's explicit IV; ESP does its own padding, so the mode adds none.
template <typename Block>
class CbcCipher : public EspCipher
{
  public:
    explicit CbcCipher(const std::vector<uint8_t>& key)
    {
        // Keying once per SA keeps the per-packet cost to Resynchronize() and the blocks.
        const uint8_t zeroIv[Block::BLOCKSIZE] = {};
        m_enc.SetKeyWithIV(key.data(), key.size(), zeroIv);
        m_dec.SetKeyWithIV(key.data(), key.size(), zeroIv);
    }

    void Encrypt(const uint8_t* iv,
                 const uint8_t*,
                 std::size_t,
                 uint8_t* data,
                 std::size_t len,
                 uint8_t*) override
    {
        m_enc.Resynchronize(iv, Block::BLOCKSIZE);
        m_enc.ProcessData(data, data, len);
    }

    bool Decrypt(const uint8_t* iv,
                 const uint8_t*,
                 std::size_t,
                 uint8_t* data,
                 std::size_t len,
                 const uint8_t*) override
    {
        m_dec.Resynchronize(iv, Block::BLOCKSIZE);
        m_dec.ProcessData(data, data, len);
        return true;
    }

  private:
    typename CryptoPP::CBC_Mode<Block>::Encryption m_enc; //!< Keyed encryptor
    typename CryptoPP::CBC_Mode<Block>::Decryption m_dec; //!< Keyed decryptor
};

/// RFC 3686: counter block = nonce (from the key material) | explicit IV | counter from 1.
class AesCtrCipher : public EspCipher
{
  public:
    explicit AesCtrCipher(const std::vector<uint8_t>& key)
    {
        const std::size_t aesBytes = key.size() - NONCE_BYTES;
        std::copy(key.begin() + aesBytes, key.end(), m_counter);
        m_counter[BLOCK - 1] = 1;
        m_ctr.SetKeyWithIV(key.data(), aesBytes, m_counter, BLOCK);
    }

    void Encrypt(const uint8_t* iv,
                 const uint8_t*,
                 std::size_t,
                 uint8_t* data,
                 std::size_t len,
                 uint8_t*) override
    {
        std::copy(iv, iv + IV_BYTES, m_counter + NONCE_BYTES);
        m_ctr.Resynchronize(m_counter, BLOCK);
        m_ctr.ProcessData(data, data, len);
    }

    bool Decrypt(const uint8_t* iv,
                 const uint8_t* aad,
                 std::size_t aadLen,
                 uint8_t* data,
                 std::size_t len,
                 const uint8_t*) override
    {
        Encrypt(iv, aad, aadLen, data, len, nullptr); // counter mode is its own inverse
        return true;
    }

  private:
    static constexpr std::size_t NONCE_BYTES = 4;
    static constexpr std::size_t IV_BYTES = 8;
    static constexpr std::size_t BLOCK = 16;
    uint8_t m_counter[BLOCK] = {};                       //!< nonce | IV | 00000001
    CryptoPP::CTR_Mode<CryptoPP::AES>::Encryption m_ctr; //!< Keyed counter mode
};

} // namespace

Ptr<EspCipher>
CreateDesCbcCipher(const std::vector<uint8_t>& key)
{
    return Create<CbcCipher<CryptoPP::DES>>(key);
}

Ptr<EspCipher>
CreateTripleDesCbcCipher(const std::vector<uint8_t>& key)
{
    return Create<CbcCipher<CryptoPP::DES_EDE3>>(key);
}

Ptr<EspCipher>
CreateCastCbcCipher(const std::vector<uint8_t>& key)
{
    return Create<CbcCipher<CryptoPP::CAST128>>(key);
}

Ptr<EspCipher>
CreateBlowfishCbcCipher(const std::vector<uint8_t>& key)
{
    return Create<CbcCipher<CryptoPP::Blowfish>>(key);
}

Ptr<EspCipher>
CreateAesCbcCipher(const std::vector<uint8_t>& key)
{
    return Create<CbcCipher<CryptoPP::AES>>(key);
}

Ptr<EspCipher>
CreateTwofishCbcCipher(const std::vector<uint8_t>& key)
{
    return Create<CbcCipher<CryptoPP::Twofish>>(key);
}

Ptr<EspCipher>
CreateCamelliaCbcCipher(const std::vector<uint8_t>& key)
{
    return Create<CbcCipher<CryptoPP::Camellia>>(key);
}

Ptr<EspCipher>
CreateAesCtrCipher(const std::vector<uint8_t>& key)
{
    return Create<AesCtrCipher>(key);
}

} // namespace ns3
