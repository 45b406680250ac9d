/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-authenticator.h"

#include <cryptopp/hmac.h>
#include <cryptopp/sha.h>

namespace ns3
{

IpsecAuthenticator::~IpsecAuthenticator() = default;

namespace
{

/// HMAC with hash H, truncated to TruncBytes (RFC 2104 keyed once per SA).
template <typename H, uint32_t TruncBytes>
class TruncatedHmac : public IpsecAuthenticator
{
  public:
    explicit TruncatedHmac(const std::vector<uint8_t>& key)
        : m_hmac(key.data(), key.size())
    {
    }

    void Restart() override
    {
        m_hmac.Restart();
    }

    void Update(const uint8_t* data, std::size_t len) override
    {
        m_hmac.Update(data, len);
    }

    void Final(uint8_t* icv) override
    {
        m_hmac.TruncatedFinal(icv, TruncBytes);
    }

    uint32_t GetIcvSize() const override
    {
        return TruncBytes;
    }

  private:
    CryptoPP::HMAC<H> m_hmac;
};

} // namespace

Ptr<IpsecAuthenticator>
CreateHmacSha1_96(const std::vector<uint8_t>& key)
{
    return Create<TruncatedHmac<CryptoPP::SHA1, 12>>(key);
}

Ptr<IpsecAuthenticator>
CreateHmacSha256_128(const std::vector<uint8_t>& key)
{
    return Create<TruncatedHmac<CryptoPP::SHA256, 16>>(key);
}

} // namespace ns3
