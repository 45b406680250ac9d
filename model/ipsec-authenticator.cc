/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-authenticator.h"

// MD5 lives in Crypto++'s "Weak" namespace; HMAC-MD5-96 is still a defined ESP/AH algorithm.
#define CRYPTOPP_ENABLE_NAMESPACE_WEAK 1
#include <cryptopp/hmac.h>
#include <cryptopp/md5.h>
#include <cryptopp/ripemd.h>
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
    CryptoPP::HMAC<H> m_hmac; //!< Keyed HMAC
};

} // namespace

Ptr<IpsecAuthenticator>
CreateHmacMd5_96(const std::vector<uint8_t>& key)
{
    return Create<TruncatedHmac<CryptoPP::Weak::MD5, 12>>(key);
}

Ptr<IpsecAuthenticator>
CreateHmacSha1_96(const std::vector<uint8_t>& key)
{
    return Create<TruncatedHmac<CryptoPP::SHA1, 12>>(key);
}

Ptr<IpsecAuthenticator>
CreateHmacSha256_96(const std::vector<uint8_t>& key)
{
    return Create<TruncatedHmac<CryptoPP::SHA256, 12>>(key);
}

Ptr<IpsecAuthenticator>
CreateHmacSha256_128(const std::vector<uint8_t>& key)
{
    return Create<TruncatedHmac<CryptoPP::SHA256, 16>>(key);
}

Ptr<IpsecAuthenticator>
CreateHmacSha384_192(const std::vector<uint8_t>& key)
{
    return Create<TruncatedHmac<CryptoPP::SHA384, 24>>(key);
}

Ptr<IpsecAuthenticator>
CreateHmacSha512_256(const std::vector<uint8_t>& key)
{
    return Create<TruncatedHmac<CryptoPP::SHA512, 32>>(key);
}

Ptr<IpsecAuthenticator>
CreateHmacRipemd160_96(const std::vector<uint8_t>& key)
{
    return Create<TruncatedHmac<CryptoPP::RIPEMD160, 12>>(key);
}

} // namespace ns3
