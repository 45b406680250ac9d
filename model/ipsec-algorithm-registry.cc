/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-algorithm-registry.h"

#include "ns3/abort.h"

#include <algorithm>
#include <cctype>
#include <ostream>
#include <sstream>

namespace ns3
{

namespace
{

std::string
Lower(const std::string& s)
{
    std::string out = s;
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return out;
}

template <typename Info>
bool
NameMatches(const Info& info, const std::string& wanted)
{
    const std::string w = Lower(wanted);
    if (Lower(info.name) == w || Lower(info.wiresharkName) == w)
    {
        return true;
    }
    return std::any_of(info.aliases.begin(), info.aliases.end(), [&w](const std::string& a) {
        return Lower(a) == w;
    });
}

} // namespace

const std::vector<EncryptionAlgorithmInfo>&
IpsecAlgorithmRegistry::EncryptionAlgorithms()
{
    static const std::vector<EncryptionAlgorithmInfo> table = {
        {IpsecEncryption::NULL_ENC, "null", {"esp-null"}, "NULL", {0}, 0, 1, 0, 0, false},
        {IpsecEncryption::AES_CBC,
         "aes-cbc",
         {"aes", "aes128", "aes256", "cbc(aes)"},
         "AES-CBC [RFC3602]",
         {128, 192, 256},
         0,
         16,
         16,
         0,
         false},
        {IpsecEncryption::AES_GCM_ICV16,
         "aes-gcm16",
         {"aes-gcm", "aes128gcm16", "aes256gcm16", "rfc4106(gcm(aes))"},
         "AES-GCM with 16 octet ICV [RFC4106]",
         {128, 192, 256},
         4,
         1,
         8,
         16,
         true},
    };
    return table;
}

const std::vector<IntegrityAlgorithmInfo>&
IpsecAlgorithmRegistry::IntegrityAlgorithms()
{
    static const std::vector<IntegrityAlgorithmInfo> table = {
        {IpsecIntegrity::NONE, "none", {"null"}, "NULL", 0, 0},
        {IpsecIntegrity::HMAC_SHA1_96,
         "hmac-sha1",
         {"sha1", "hmac(sha1)", "hmac-sha1-96"},
         "HMAC-SHA-1-96 [RFC2404]",
         160,
         12},
        {IpsecIntegrity::HMAC_SHA256_128,
         "hmac-sha256",
         {"sha256", "sha2_256", "hmac(sha256)", "hmac-sha256-128", "hmac-sha-256-128"},
         "HMAC-SHA-256-128 [RFC4868]",
         256,
         16},
    };
    return table;
}

const EncryptionAlgorithmInfo*
IpsecAlgorithmRegistry::Find(IpsecEncryption id)
{
    for (const auto& info : EncryptionAlgorithms())
    {
        if (info.id == id)
        {
            return &info;
        }
    }
    return nullptr;
}

const IntegrityAlgorithmInfo*
IpsecAlgorithmRegistry::Find(IpsecIntegrity id)
{
    for (const auto& info : IntegrityAlgorithms())
    {
        if (info.id == id)
        {
            return &info;
        }
    }
    return nullptr;
}

const EncryptionAlgorithmInfo*
IpsecAlgorithmRegistry::FindEncryption(const std::string& name)
{
    for (const auto& info : EncryptionAlgorithms())
    {
        if (NameMatches(info, name))
        {
            return &info;
        }
    }
    return nullptr;
}

const IntegrityAlgorithmInfo*
IpsecAlgorithmRegistry::FindIntegrity(const std::string& name)
{
    for (const auto& info : IntegrityAlgorithms())
    {
        if (NameMatches(info, name))
        {
            return &info;
        }
    }
    return nullptr;
}

std::string
IpsecAlgorithmRegistry::ValidateEsp(IpsecEncryption enc,
                                    const std::vector<uint8_t>& encKey,
                                    IpsecIntegrity auth,
                                    const std::vector<uint8_t>& authKey)
{
    const EncryptionAlgorithmInfo* e = Find(enc);
    if (e == nullptr)
    {
        std::ostringstream os;
        os << "unsupported ESP encryption algorithm " << static_cast<int>(enc);
        return os.str();
    }
    const IntegrityAlgorithmInfo* a = Find(auth);
    if (a == nullptr)
    {
        std::ostringstream os;
        os << "unsupported integrity algorithm " << static_cast<int>(auth);
        return os.str();
    }
    const std::size_t bits =
        (encKey.size() >= e->saltBytes) ? (encKey.size() - e->saltBytes) * 8 : 0;
    const bool sizeOk = encKey.size() >= e->saltBytes &&
                        std::find(e->keyBits.begin(), e->keyBits.end(), bits) != e->keyBits.end();
    if (!sizeOk)
    {
        std::ostringstream os;
        os << e->name << ": key of " << encKey.size() * 8 << " bits is invalid; expected";
        for (auto k : e->keyBits)
        {
            os << " " << k + e->saltBytes * 8;
        }
        os << " bits" << (e->saltBytes ? " (salt included)" : "");
        return os.str();
    }
    if (authKey.size() * 8 != a->keyBits)
    {
        std::ostringstream os;
        os << a->name << ": key of " << authKey.size() * 8 << " bits is invalid; expected "
           << a->keyBits << " bits";
        return os.str();
    }
    if (e->aead && auth != IpsecIntegrity::NONE)
    {
        return e->name + " is a combined-mode algorithm and takes no separate integrity "
                         "algorithm (RFC 4303 section 3.2.3)";
    }
    if (enc == IpsecEncryption::NULL_ENC && auth == IpsecIntegrity::NONE)
    {
        return "NULL encryption with no integrity is forbidden (RFC 4303 section 3.2)";
    }
    return "";
}

Ptr<EspCipher>
IpsecAlgorithmRegistry::CreateCipher(IpsecEncryption id, const std::vector<uint8_t>& key)
{
    switch (id)
    {
    case IpsecEncryption::NULL_ENC:
        return CreateNullCipher();
    case IpsecEncryption::AES_CBC:
        return CreateAesCbcCipher(key);
    case IpsecEncryption::AES_GCM_ICV16:
        return CreateAesGcmCipher(key, 16);
    case IpsecEncryption::NONE:
    case IpsecEncryption::ANY:
        break;
    }
    NS_ABORT_MSG("no ESP cipher for algorithm " << static_cast<int>(id));
    return nullptr;
}

Ptr<IpsecAuthenticator>
IpsecAlgorithmRegistry::CreateAuthenticator(IpsecIntegrity id, const std::vector<uint8_t>& key)
{
    switch (id)
    {
    case IpsecIntegrity::HMAC_SHA1_96:
        return CreateHmacSha1_96(key);
    case IpsecIntegrity::HMAC_SHA256_128:
        return CreateHmacSha256_128(key);
    case IpsecIntegrity::NONE:
    case IpsecIntegrity::ANY:
        break;
    }
    NS_ABORT_MSG("no authenticator for algorithm " << static_cast<int>(id));
    return nullptr;
}

std::ostream&
operator<<(std::ostream& os, IpsecEncryption id)
{
    if (id == IpsecEncryption::ANY)
    {
        return os << "any";
    }
    const EncryptionAlgorithmInfo* info = IpsecAlgorithmRegistry::Find(id);
    return os << (info ? info->name : "ealg-" + std::to_string(static_cast<int>(id)));
}

std::ostream&
operator<<(std::ostream& os, IpsecIntegrity id)
{
    if (id == IpsecIntegrity::ANY)
    {
        return os << "any";
    }
    const IntegrityAlgorithmInfo* info = IpsecAlgorithmRegistry::Find(id);
    return os << (info ? info->name : "aalg-" + std::to_string(static_cast<int>(id)));
}

} // namespace ns3
