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

/// Key sizes from @p min to @p max bits in steps of 8 (the variable-key ciphers of RFC 2451).
std::vector<uint16_t>
BitRange(uint16_t min, uint16_t max)
{
    std::vector<uint16_t> bits;
    for (uint16_t b = min; b <= max; b += 8)
    {
        bits.push_back(b);
    }
    return bits;
}

/// DES keys with the parity bits masked: the 4 weak and 12 semi-weak keys (FIPS 74).
bool
IsWeakDesKey(const uint8_t* key)
{
    static const uint64_t weak[] = {
        0x0101010101010101,
        0xfefefefefefefefe,
        0xe0e0e0e0f1f1f1f1,
        0x1f1f1f1f0e0e0e0e,
        0x01fe01fe01fe01fe,
        0xfe01fe01fe01fe01,
        0x1fe01fe00ef10ef1,
        0xe01fe01ff10ef10e,
        0x01e001e001f101f1,
        0xe001e001f101f101,
        0x1ffe1ffe0efe0efe,
        0xfe1ffe1ffe0efe0e,
        0x011f011f010e010e,
        0x1f011f010e010e01,
        0xe0fee0fef1fef1fe,
        0xfee0fee0fef1fef1,
    };
    uint64_t k = 0;
    for (int i = 0; i < 8; ++i)
    {
        k = (k << 8) | (key[i] & 0xfe);
    }
    for (uint64_t w : weak)
    {
        if (k == (w & 0xfefefefefefefefeULL))
        {
            return true;
        }
    }
    return false;
}

/// RFC 2405 section 5: weak and semi-weak DES keys must be refused.
std::string
CheckDesKey(const std::vector<uint8_t>& key)
{
    return IsWeakDesKey(key.data()) ? "des-cbc: weak or semi-weak DES key refused (RFC 2405)" : "";
}

/// RFC 2451 section 2.3: no weak component key, and K1 != K2 != K3, which would reduce 3DES
/// to single DES.
std::string
CheckTripleDesKey(const std::vector<uint8_t>& key)
{
    for (int i = 0; i < 3; ++i)
    {
        if (IsWeakDesKey(key.data() + 8 * i))
        {
            return "3des-cbc: key part " + std::to_string(i + 1) +
                   " is a weak or semi-weak DES key (RFC 2451 section 2.3)";
        }
    }
    auto same = [&key](int a, int b) {
        for (int i = 0; i < 8; ++i)
        {
            if ((key[8 * a + i] & 0xfe) != (key[8 * b + i] & 0xfe))
            {
                return false;
            }
        }
        return true;
    };
    if (same(0, 1) || same(1, 2))
    {
        return "3des-cbc: equal adjacent key parts reduce 3DES to single DES (RFC 2451 "
               "section 2.3)";
    }
    return "";
}

/// The registry's factories take the key only; the ICV length is part of the algorithm.
template <uint16_t IcvBytes>
Ptr<EspCipher>
MakeGcm(const std::vector<uint8_t>& k)
{
    return CreateAesGcmCipher(k, IcvBytes);
}

template <uint16_t IcvBytes>
Ptr<EspCipher>
MakeCcm(const std::vector<uint8_t>& k)
{
    return CreateAesCcmCipher(k, IcvBytes);
}

Ptr<EspCipher>
MakeNull(const std::vector<uint8_t>&)
{
    return CreateNullCipher();
}

const std::vector<uint16_t> AES_BITS = {128, 192, 256};

// Default processing costs (ns per packet, ns per byte of ESP packet) of this module's ESP
// transform on the reference machine (the 2-core AMD EPYC CI machine with AES-NI and SHA-NI,
// Crypto++ 8.7), from `ipsec-crypto-bench --costs`: least-squares fits over 64-, 512- and
// 1400-byte payloads. Encryption entries include the transform's framing; integrity entries
// are what the algorithm adds to NULL encryption.
constexpr IpsecAlgorithmCost COST_NULL{119.0, 0.026};
constexpr IpsecAlgorithmCost COST_DES{54.5, 10.898};
constexpr IpsecAlgorithmCost COST_3DES{0.0, 27.849};
constexpr IpsecAlgorithmCost COST_CAST{78.2, 7.213};
constexpr IpsecAlgorithmCost COST_BLOWFISH{89.6, 6.991};
constexpr IpsecAlgorithmCost COST_AES_CBC{230.5, 0.897};
constexpr IpsecAlgorithmCost COST_AES_CTR{175.9, 0.134};
constexpr IpsecAlgorithmCost COST_AES_CCM{322.8, 0.984};
constexpr IpsecAlgorithmCost COST_AES_GCM{326.9, 0.263};
constexpr IpsecAlgorithmCost COST_AES_GMAC{283.6, 0.145};
constexpr IpsecAlgorithmCost COST_CAMELLIA{132.8, 5.826};
constexpr IpsecAlgorithmCost COST_CHACHA{787.4, 1.377};
constexpr IpsecAlgorithmCost COST_TWOFISH{147.6, 4.872};
constexpr IpsecAlgorithmCost COST_MD5{382.2, 1.427};
constexpr IpsecAlgorithmCost COST_SHA1{183.0, 0.499};
constexpr IpsecAlgorithmCost COST_SHA256{173.0, 0.548};
constexpr IpsecAlgorithmCost COST_SHA512{872.1, 1.802};
constexpr IpsecAlgorithmCost COST_RIPEMD{849.1, 3.262};
constexpr IpsecAlgorithmCost COST_XCBC{4.4, 0.866};

} // namespace

// The cost column is the processing-delay model's default (see the COST_ constants above and
// doc/ipsec.rst, "Processing-delay model").
const std::vector<EncryptionAlgorithmInfo>&
IpsecAlgorithmRegistry::EncryptionAlgorithms()
{
    // clang-format off
    static const std::vector<EncryptionAlgorithmInfo> table = {
        // id, name, aliases, Wireshark string, Wireshark 4.0 decrypts, PF_KEY number is Linux's,
        // IKEv2 ID, RFC, key bits, salt, block, IV, ICV, AEAD, confidential, cost, create, check
        {IpsecEncryption::NULL_ENC, "null", {"esp-null", "ecb(cipher_null)"},
         "NULL", true, true, 11, "RFC 2410",
         {0}, 0, 1, 0, 0, false, false, COST_NULL, &MakeNull, nullptr},
        {IpsecEncryption::DES_CBC, "des-cbc", {"des", "cbc(des)"},
         "DES-CBC [RFC2405]", true, true, 2, "RFC 2405",
         {64}, 0, 8, 8, 0, false, true, COST_DES, &CreateDesCbcCipher, &CheckDesKey},
        {IpsecEncryption::TRIPLE_DES_CBC, "3des-cbc",
         {"3des", "des3-cbc", "des3_ede", "cbc(des3_ede)", "tripledes"},
         "TripleDES-CBC [RFC2451]", true, true, 3, "RFC 2451",
         {192}, 0, 8, 8, 0, false, true, COST_3DES, &CreateTripleDesCbcCipher,
         &CheckTripleDesKey},
        {IpsecEncryption::CAST_CBC, "cast128-cbc",
         {"cast", "cast128", "cast5", "cast-cbc", "cbc(cast5)"},
         "CAST5-CBC [RFC2144]", true, true, 6, "RFC 2451, RFC 2144",
         BitRange(40, 128), 0, 8, 8, 0, false, true, COST_CAST, &CreateCastCbcCipher, nullptr},
        {IpsecEncryption::BLOWFISH_CBC, "blowfish-cbc", {"blowfish", "cbc(blowfish)"},
         "BLOWFISH-CBC [RFC2451]", true, true, 7, "RFC 2451",
         BitRange(40, 448), 0, 8, 8, 0, false, true, COST_BLOWFISH, &CreateBlowfishCbcCipher,
         nullptr},
        {IpsecEncryption::AES_CBC, "aes-cbc", {"aes", "aes128", "aes192", "aes256", "cbc(aes)"},
         "AES-CBC [RFC3602]", true, true, 12, "RFC 3602",
         AES_BITS, 0, 16, 16, 0, false, true, COST_AES_CBC, &CreateAesCbcCipher, nullptr},
        {IpsecEncryption::AES_CTR, "aes-ctr",
         {"aes128ctr", "aes192ctr", "aes256ctr", "rfc3686(ctr(aes))"},
         "AES-CTR [RFC3686]", true, true, 13, "RFC 3686",
         AES_BITS, 4, 1, 8, 0, false, true, COST_AES_CTR, &CreateAesCtrCipher, nullptr},
        {IpsecEncryption::AES_CCM_ICV8, "aes-ccm8", {"aes128ccm8", "aes192ccm8", "aes256ccm8"},
         "AES-CCM with 8 octet ICV [RFC4309]", false, true, 14, "RFC 4309",
         AES_BITS, 3, 1, 8, 8, true, true, COST_AES_CCM, &MakeCcm<8>, nullptr},
        {IpsecEncryption::AES_CCM_ICV12, "aes-ccm12",
         {"aes128ccm12", "aes192ccm12", "aes256ccm12"},
         "AES-CCM with 12 octet ICV [RFC4309]", false, true, 15, "RFC 4309",
         AES_BITS, 3, 1, 8, 12, true, true, COST_AES_CCM, &MakeCcm<12>, nullptr},
        {IpsecEncryption::AES_CCM_ICV16, "aes-ccm16",
         {"aes-ccm", "aes128ccm16", "aes192ccm16", "aes256ccm16", "rfc4309(ccm(aes))"},
         "AES-CCM with 16 octet ICV [RFC4309]", false, true, 16, "RFC 4309",
         AES_BITS, 3, 1, 8, 16, true, true, COST_AES_CCM, &MakeCcm<16>, nullptr},
        {IpsecEncryption::AES_GCM_ICV8, "aes-gcm8", {"aes128gcm8", "aes192gcm8", "aes256gcm8"},
         "AES-GCM with 8 octet ICV [RFC4106]", true, true, 18, "RFC 4106",
         AES_BITS, 4, 1, 8, 8, true, true, COST_AES_GCM, &MakeGcm<8>, nullptr},
        {IpsecEncryption::AES_GCM_ICV12, "aes-gcm12",
         {"aes128gcm12", "aes192gcm12", "aes256gcm12"},
         "AES-GCM with 12 octet ICV [RFC4106]", true, true, 19, "RFC 4106",
         AES_BITS, 4, 1, 8, 12, true, true, COST_AES_GCM, &MakeGcm<12>, nullptr},
        {IpsecEncryption::AES_GCM_ICV16, "aes-gcm16",
         {"aes-gcm", "aes128gcm16", "aes192gcm16", "aes256gcm16", "rfc4106(gcm(aes))"},
         "AES-GCM with 16 octet ICV [RFC4106]", true, true, 20, "RFC 4106",
         AES_BITS, 4, 1, 8, 16, true, true, COST_AES_GCM, &MakeGcm<16>, nullptr},
        {IpsecEncryption::CAMELLIA_CBC, "camellia-cbc",
         {"camellia", "camellia128", "camellia192", "camellia256", "cbc(camellia)"},
         "CAMELLIA-CBC [RFC4312]", false, true, 23, "RFC 4312",
         AES_BITS, 0, 16, 16, 0, false, true, COST_CAMELLIA, &CreateCamelliaCbcCipher,
         nullptr},
        {IpsecEncryption::NULL_AES_GMAC, "null-aes-gmac",
         {"aes-gmac", "aes128gmac", "aes192gmac", "aes256gmac", "rfc4543(gcm(aes))"},
         "NULL-AES-GMAC [RFC4543]", false, true, 21, "RFC 4543",
         AES_BITS, 4, 1, 8, 16, true, false, COST_AES_GMAC, &CreateAesGmacCipher, nullptr},
        {IpsecEncryption::CHACHA20_POLY1305, "chacha20-poly1305",
         {"chacha20poly1305", "rfc7539esp(chacha20,poly1305)"},
         "CHACHA20-POLY1305 [RFC7634]", false, false, 28, "RFC 7634",
         {256}, 4, 1, 8, 16, true, true, COST_CHACHA, &CreateChaCha20Poly1305Cipher, nullptr},
        {IpsecEncryption::TWOFISH_CBC, "twofish-cbc", {"twofish", "cbc(twofish)"},
         "TWOFISH-CBC", true, true, 0, "Twofish (Schneier et al., 1998) in CBC as RFC 2451",
         AES_BITS, 0, 16, 16, 0, false, true, COST_TWOFISH, &CreateTwofishCbcCipher, nullptr,
         {128, 256}},
    };
    // clang-format on
    return table;
}

const std::vector<IntegrityAlgorithmInfo>&
IpsecAlgorithmRegistry::IntegrityAlgorithms()
{
    // clang-format off
    static const std::vector<IntegrityAlgorithmInfo> table = {
        // id, name, aliases, Wireshark string, Wireshark 4.0 checks, PF_KEY number is Linux's,
        // IKEv2 ID, RFC, key bits, ICV bytes, cost, create
        {IpsecIntegrity::NONE, "none", {"null"}, "NULL", true, true, 0, "",
         0, 0, {0, 0}, nullptr},
        {IpsecIntegrity::HMAC_MD5_96, "hmac-md5", {"md5", "hmac-md5-96", "hmac(md5)"},
         "HMAC-MD5-96 [RFC2403]", true, true, 1, "RFC 2403",
         128, 12, COST_MD5, &CreateHmacMd5_96},
        {IpsecIntegrity::HMAC_SHA1_96, "hmac-sha1",
         {"sha1", "sha", "hmac-sha", "hmac(sha1)", "hmac-sha1-96", "sha-1", "hmac-sha-1"},
         "HMAC-SHA-1-96 [RFC2404]", true, true, 2, "RFC 2404",
         160, 12, COST_SHA1, &CreateHmacSha1_96},
        {IpsecIntegrity::HMAC_SHA256_128, "hmac-sha256",
         {"sha256", "sha2_256", "hmac(sha256)", "hmac-sha256-128", "hmac-sha-256-128", "sha-256",
          "hmac-sha-256"},
         "HMAC-SHA-256-128 [RFC4868]", true, true, 12, "RFC 4868",
         256, 16, COST_SHA256, &CreateHmacSha256_128},
        {IpsecIntegrity::HMAC_SHA384_192, "hmac-sha384",
         {"sha384", "sha2_384", "hmac(sha384)", "hmac-sha384-192", "hmac-sha-384-192", "sha-384",
          "hmac-sha-384"},
         "HMAC-SHA-384-192 [RFC4868]", true, true, 13, "RFC 4868",
         384, 24, COST_SHA512, &CreateHmacSha384_192},
        {IpsecIntegrity::HMAC_SHA512_256, "hmac-sha512",
         {"sha512", "sha2_512", "hmac(sha512)", "hmac-sha512-256", "hmac-sha-512-256", "sha-512",
          "hmac-sha-512"},
         "HMAC-SHA-512-256 [RFC4868]", true, true, 14, "RFC 4868",
         512, 32, COST_SHA512, &CreateHmacSha512_256},
        {IpsecIntegrity::HMAC_RIPEMD160_96, "hmac-ripemd160",
         {"ripemd160", "rmd160", "hmac(rmd160)", "hmac-ripemd160-96"},
         "MAC-RIPEMD-160-96 [RFC2857]", true, true, 0, "RFC 2857",
         160, 12, COST_RIPEMD, &CreateHmacRipemd160_96},
        {IpsecIntegrity::AES_XCBC_96, "aes-xcbc-mac",
         {"aes-xcbc", "aesxcbc", "xcbc(aes)", "aes-xcbc-mac-96"},
         "AES-XCBC-MAC-96 [RFC3566]", false, true, 5, "RFC 3566",
         128, 12, COST_XCBC, &CreateAesXcbcMac96},
        {IpsecIntegrity::HMAC_SHA256_96, "hmac-sha256-96", {"sha256-96", "hmac-sha-256-96"},
         "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]", true, false, 0,
         "draft-ietf-ipsec-ciph-sha-256-00", 256, 12, COST_SHA256, &CreateHmacSha256_96},
    };
    // clang-format on
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
        os << e->name << ": key of " << encKey.size() * 8 << " bits is invalid; expected ";
        const uint32_t salt = e->saltBytes * 8;
        if (e->keyBits.size() > 3)
        {
            os << e->keyBits.front() + salt << " to " << e->keyBits.back() + salt
               << " bits in steps of 8";
        }
        else
        {
            for (std::size_t i = 0; i < e->keyBits.size(); ++i)
            {
                os << (i ? (i + 1 == e->keyBits.size() ? " or " : ", ") : "")
                   << e->keyBits[i] + salt;
            }
            os << " bits";
        }
        if (e->saltBytes)
        {
            os << " (a " << e->saltBytes * 8 << "-bit salt included)";
        }
        return os.str();
    }
    if (e->checkKey)
    {
        const std::string weak = e->checkKey(encKey);
        if (!weak.empty())
        {
            return weak;
        }
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

std::string
IpsecAlgorithmRegistry::ValidateAh(IpsecEncryption enc,
                                   const std::vector<uint8_t>& encKey,
                                   IpsecIntegrity auth,
                                   const std::vector<uint8_t>& authKey)
{
    if (enc != IpsecEncryption::NONE || !encKey.empty())
    {
        return "AH does not encrypt: its encryption must be none, with no key (RFC 4302)";
    }
    const IntegrityAlgorithmInfo* a = Find(auth);
    if (a == nullptr || auth == IpsecIntegrity::NONE)
    {
        std::ostringstream os;
        os << "AH needs an integrity algorithm; " << auth << " is not one";
        return os.str();
    }
    if (authKey.size() * 8 != a->keyBits)
    {
        std::ostringstream os;
        os << a->name << ": key of " << authKey.size() * 8 << " bits is invalid; expected "
           << a->keyBits << " bits";
        return os.str();
    }
    return "";
}

Ptr<EspCipher>
IpsecAlgorithmRegistry::CreateCipher(IpsecEncryption id, const std::vector<uint8_t>& key)
{
    const EncryptionAlgorithmInfo* info = Find(id);
    NS_ABORT_MSG_IF(info == nullptr, "no ESP cipher for algorithm " << static_cast<int>(id));
    return info->create(key);
}

Ptr<IpsecAuthenticator>
IpsecAlgorithmRegistry::CreateAuthenticator(IpsecIntegrity id, const std::vector<uint8_t>& key)
{
    const IntegrityAlgorithmInfo* info = Find(id);
    NS_ABORT_MSG_IF(info == nullptr || info->create == nullptr,
                    "no authenticator for algorithm " << static_cast<int>(id));
    return info->create(key);
}

const EncryptionAlgorithmInfo*
IpsecAlgorithmRegistry::FindEncryptionByIkev2(uint16_t transformId)
{
    for (const auto& info : EncryptionAlgorithms())
    {
        if (transformId != 0 && info.ikev2Id == transformId)
        {
            return &info;
        }
    }
    return nullptr;
}

const IntegrityAlgorithmInfo*
IpsecAlgorithmRegistry::FindIntegrityByIkev2(uint16_t transformId)
{
    for (const auto& info : IntegrityAlgorithms())
    {
        if (transformId != 0 && info.ikev2Id == transformId)
        {
            return &info;
        }
    }
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
