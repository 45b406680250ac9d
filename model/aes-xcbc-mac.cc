/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// AES-XCBC-MAC-96 (RFC 3566). Crypto++ has CMAC but not XCBC, so the MAC is built here on
// Crypto++'s AES block function, following RFC 3566 section 4 step by step.

#include "ipsec-authenticator.h"

#include <cryptopp/aes.h>

namespace ns3
{

namespace
{

class AesXcbcMac96 : public IpsecAuthenticator
{
  public:
    explicit AesXcbcMac96(const std::vector<uint8_t>& key)
    {
        // Step 1: derive K1, K2, K3 by encrypting constant blocks 0x01.., 0x02.., 0x03...
        CryptoPP::AES::Encryption master(key.data(), key.size());
        uint8_t k1[BLOCK];
        uint8_t constant[BLOCK];
        std::fill(constant, constant + BLOCK, 0x01);
        master.ProcessBlock(constant, k1);
        std::fill(constant, constant + BLOCK, 0x02);
        master.ProcessBlock(constant, m_k2);
        std::fill(constant, constant + BLOCK, 0x03);
        master.ProcessBlock(constant, m_k3);
        m_k1.SetKey(k1, BLOCK);
        Restart();
    }

    void Restart() override
    {
        std::fill(m_state, m_state + BLOCK, 0); // step 2: E[0] = 0
        m_pending = 0;
    }

    void Update(const uint8_t* data, std::size_t len) override
    {
        // The last block is treated differently (step 4/5), so a full block is only
        // chained in once more data proves it is not the last.
        if (len == 0)
        {
            return;
        }
        if (m_pending > 0 || len <= BLOCK)
        {
            const std::size_t take = std::min<std::size_t>(len, BLOCK - m_pending);
            std::copy(data, data + take, m_buffer + m_pending);
            m_pending += take;
            data += take;
            len -= take;
            if (len == 0)
            {
                return;
            }
            Chain(m_buffer); // more data follows: this full block is not the last
            m_pending = 0;
        }
        // Chain the bulk straight from the input, keeping back the last (possibly full) block.
        const std::size_t bulk = (len - 1) / BLOCK * BLOCK;
        if (bulk > 0)
        {
            m_k1.AdvancedProcessBlocks(
                m_state,
                data,
                m_state,
                bulk,
                CryptoPP::BlockTransformation::BT_DontIncrementInOutPointers |
                    CryptoPP::BlockTransformation::BT_XorInput);
            data += bulk;
            len -= bulk;
        }
        std::copy(data, data + len, m_buffer);
        m_pending = len;
    }

    void Final(uint8_t* icv) override
    {
        const uint8_t* subkey = m_k2; // step 4: a complete last block uses K2
        if (m_pending < BLOCK)
        {
            // Step 5: pad with a single 1 bit and zeros, and use K3 (also for empty input).
            m_buffer[m_pending] = 0x80;
            std::fill(m_buffer + m_pending + 1, m_buffer + BLOCK, 0);
            subkey = m_k3;
        }
        for (std::size_t i = 0; i < BLOCK; ++i)
        {
            m_buffer[i] ^= subkey[i];
        }
        Chain(m_buffer);
        std::copy(m_state, m_state + ICV_BYTES, icv); // RFC 3566 section 5: first 96 bits
    }

    uint32_t GetIcvSize() const override
    {
        return ICV_BYTES;
    }

  private:
    /// E[i] = AES-K1(M[i] XOR E[i-1]).
    void Chain(const uint8_t* block)
    {
        for (std::size_t i = 0; i < BLOCK; ++i)
        {
            m_state[i] ^= block[i];
        }
        m_k1.ProcessBlock(m_state);
    }

    static constexpr std::size_t BLOCK = 16;
    static constexpr uint32_t ICV_BYTES = 12;
    CryptoPP::AES::Encryption m_k1; //!< AES keyed with K1
    uint8_t m_k2[BLOCK];            //!< Subkey for a complete last block
    uint8_t m_k3[BLOCK];            //!< Subkey for a padded last block
    uint8_t m_state[BLOCK];         //!< Running E[i]
    uint8_t m_buffer[BLOCK];        //!< Bytes not yet chained
    std::size_t m_pending;          //!< Bytes held in m_buffer
};

} // namespace

Ptr<IpsecAuthenticator>
CreateAesXcbcMac96(const std::vector<uint8_t>& key)
{
    return Create<AesXcbcMac96>(key);
}

} // namespace ns3
