/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Benchmark: ESP transform throughput per algorithm, against Crypto++ doing the same work.
//
// For every registry algorithm it times EspTransform::Protect and Unprotect on 64, 512 and
// 1400-byte payloads and, beside them, Crypto++ called directly (no ns-3 packets, no ESP
// framing) on the same sizes; the ratio shows what the module adds around the cipher.
// It then fits the processing-delay model's costs (perPacketNs + perByteNs * ESP bytes, as
// IpsecCryptoEngine charges them) and prints them as a --costTable string and as the
// registry's constants. Costs are machine-specific, hence the CPU line. `make bench` runs it.

#include "ns3/core-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"

#define CRYPTOPP_ENABLE_NAMESPACE_WEAK 1 // HMAC-MD5-96 is still an ESP algorithm
#include <algorithm>
#include <array>
#include <chrono>
#include <cryptopp/aes.h>
#include <cryptopp/blowfish.h>
#include <cryptopp/camellia.h>
#include <cryptopp/cast.h>
#include <cryptopp/ccm.h>
#include <cryptopp/chachapoly.h>
#include <cryptopp/cmac.h>
#include <cryptopp/cpu.h>
#include <cryptopp/des.h>
#include <cryptopp/gcm.h>
#include <cryptopp/hmac.h>
#include <cryptopp/md5.h>
#include <cryptopp/modes.h>
#include <cryptopp/ripemd.h>
#include <cryptopp/sha.h>
#include <cryptopp/twofish.h>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>

using namespace ns3;
using namespace CryptoPP;

namespace
{

constexpr std::array<uint32_t, 3> SIZES = {64, 512, 1400}; //!< Payload bytes measured
constexpr double TARGET_RATIO = 0.80;                      //!< Target for Protect/raw at 1400 B
using Costs = std::array<double, SIZES.size()>;            //!< Nanoseconds per packet, per size
using RawOp = std::function<void(uint8_t* data, std::size_t len)>;
using Clock = std::chrono::steady_clock;

uint32_t g_packets = 8000; //!< Packets per timed loop (default: whole run well under 60 s)
uint32_t g_repeat = 3;     //!< Timed loops per measurement (the fastest chunk counts)
volatile uint32_t g_sink;  //!< Keeps results observable so no loop can be optimized away

/// Smallest per-packet ns of @p perPacket(i), i = 0 .. g_packets - 1, timed in chunks of
/// CHUNK packets. The machine may be shared (a build on the other core): the cleanest chunks,
/// not the average, describe what the code itself costs.
template <typename F>
double
ChunkedNs(F&& perPacket)
{
    constexpr uint32_t CHUNK = 64;
    double best = std::numeric_limits<double>::infinity();
    for (uint32_t i = 0; i < g_packets; i += CHUNK)
    {
        const uint32_t end = std::min(g_packets, i + CHUNK);
        const auto start = Clock::now();
        for (uint32_t j = i; j < end; ++j)
        {
            perPacket(j);
        }
        const std::chrono::duration<double, std::nano> ns = Clock::now() - start;
        best = std::min(best, ns.count() / (end - i));
    }
    return best;
}

/// Net per-packet ns of a loop, best of g_repeat: @p run(true) does the work and returns its
/// ChunkedNs(); @p run(false) only makes the packets the work needs, so their allocation
/// (which the caller would pay anyway) is not counted.
template <typename Run>
double
NetNs(Run run)
{
    run(true); // warm-up: key schedules, ns-3's buffer free list, caches
    double work = std::numeric_limits<double>::infinity();
    double empty = work;
    for (uint32_t k = 0; k < g_repeat; ++k)
    {
        work = std::min(work, run(true));
        empty = std::min(empty, run(false));
    }
    return std::max(0.0, work - empty);
}

/// Deterministic key bytes; distinct seeds give distinct keys (3DES refuses equal parts).
std::vector<uint8_t>
KeyBytes(std::size_t n, uint8_t seed)
{
    std::vector<uint8_t> key(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        key[i] = static_cast<uint8_t>(seed * 59 + i * 113 + 17);
    }
    return key;
}

const EncryptionAlgorithmInfo&
Enc(IpsecEncryption id)
{
    return *IpsecAlgorithmRegistry::Find(id);
}

/// 128-bit keys where the algorithm allows them, else its only (or first) size.
uint16_t
KeyBitsFor(const EncryptionAlgorithmInfo& e)
{
    const auto& bits = e.keyBits;
    return std::find(bits.begin(), bits.end(), 128) != bits.end() ? 128 : bits.front();
}

/// The SA's parameters. NONE integrity with a non-AEAD cipher fails Validate(), but the
/// SecurityAssociation constructor does not validate: that is how the fits isolate costs.
IpsecSaParams
MakeParams(IpsecEncryption enc, IpsecIntegrity integ)
{
    IpsecSaParams p;
    p.spi = 0x1000;
    p.source = Ipv4Address("10.0.0.1");
    p.destination = Ipv4Address("10.0.0.2");
    p.encryption = enc;
    p.encryptionKey = KeyBytes(KeyBitsFor(Enc(enc)) / 8 + Enc(enc).saltBytes, 1);
    p.integrity = integ;
    p.integrityKey = KeyBytes(IpsecAlgorithmRegistry::Find(integ)->keyBits / 8, 2);
    p.cryptoMode = IpsecCryptoMode::REAL;
    return p;
}

/// Protect ns per packet at each size, on fresh payload packets as the IP layer hands them.
Costs
TimeProtect(const IpsecSaParams& params)
{
    Costs out{};
    EspTransform esp;
    for (std::size_t s = 0; s < SIZES.size(); ++s)
    {
        const std::vector<uint8_t> payload(SIZES[s], 0xa5);
        out[s] = NetNs([&](bool protect) {
            SecurityAssociation sa(params); // fresh per loop: sequence numbers restart
            esp.InitializeSa(sa);
            IpsecDropReason reason;
            return ChunkedNs([&](uint32_t) {
                Ptr<Packet> p = Create<Packet>(payload.data(), SIZES[s]);
                NS_ABORT_MSG_IF(protect && !esp.Protect(sa, p, 17, reason), "refused: " << reason);
                g_sink = p->GetSize();
            });
        });
    }
    return out;
}

/// Unprotect ns per packet: the ESP packets come from Protect on an outbound SA; each loop
/// gets a fresh twin inbound SA, since the same sequence numbers are replayed every time.
Costs
TimeUnprotect(const IpsecSaParams& params)
{
    Costs out{};
    EspTransform esp;
    for (std::size_t s = 0; s < SIZES.size(); ++s)
    {
        SecurityAssociation outbound(params);
        esp.InitializeSa(outbound);
        const uint32_t wireSize = SIZES[s] + EspTransform::GetOverhead(outbound, SIZES[s]);
        std::vector<uint8_t> wire(std::size_t(g_packets) * wireSize);
        const std::vector<uint8_t> payload(SIZES[s], 0x5a);
        IpsecDropReason reason;
        for (uint32_t i = 0; i < g_packets; ++i)
        {
            Ptr<Packet> p = Create<Packet>(payload.data(), SIZES[s]);
            esp.Protect(outbound, p, 17, reason);
            p->CopyData(&wire[std::size_t(i) * wireSize], wireSize);
        }
        out[s] = NetNs([&](bool unprotect) {
            SecurityAssociation inbound(params);
            uint8_t next = 0;
            return ChunkedNs([&](uint32_t i) {
                Ptr<Packet> p = Create<Packet>(&wire[std::size_t(i) * wireSize], wireSize);
                NS_ABORT_MSG_IF(unprotect && !esp.Unprotect(inbound, p, next, reason),
                                "refused: " << reason);
                g_sink = p->GetSize();
            });
        });
    }
    return out;
}

// Raw Crypto++: the same work on a plain buffer, re-IVed per packet as any packet transform
// must be. Each factory takes the cipher key (salt removed) and the ICV length.

template <typename Block>
RawOp
RawCbc(const std::vector<uint8_t>& key, uint32_t)
{
    auto enc = std::make_shared<typename CBC_Mode<Block>::Encryption>();
    const uint8_t iv[Block::BLOCKSIZE] = {1};
    enc->SetKeyWithIV(key.data(), key.size(), iv);
    return [enc](uint8_t* d, std::size_t n) {
        const uint8_t iv[Block::BLOCKSIZE] = {2};
        enc->Resynchronize(iv, Block::BLOCKSIZE);
        enc->ProcessData(d, d, (n + Block::BLOCKSIZE - 1) / Block::BLOCKSIZE * Block::BLOCKSIZE);
    };
}

RawOp
RawCtr(const std::vector<uint8_t>& key, uint32_t)
{
    auto ctr = std::make_shared<CTR_Mode<AES>::Encryption>();
    const uint8_t block[16] = {3};
    ctr->SetKeyWithIV(key.data(), key.size(), block);
    return [ctr](uint8_t* d, std::size_t n) {
        const uint8_t block[16] = {4};
        ctr->Resynchronize(block, 16);
        ctr->ProcessData(d, d, n);
    };
}

/// An AEAD with ESP's nonce length (salt + 8-byte IV) and 8-byte SPI/sequence AAD; GMAC
/// authenticates the payload as AAD instead (RFC 4543).
template <typename Aead, int NonceLen, bool Gmac = false>
RawOp
RawAead(const std::vector<uint8_t>& key, uint32_t icv)
{
    auto aead = std::make_shared<Aead>();
    const uint8_t nonce[NonceLen] = {5};
    aead->SetKeyWithIV(key.data(), key.size(), nonce, NonceLen);
    return [aead, icv](uint8_t* d, std::size_t n) {
        const uint8_t nonce[NonceLen] = {6};
        const uint8_t aad[8] = {7};
        uint8_t tag[16];
        if (Gmac)
        {
            aead->EncryptAndAuthenticate(d, tag, icv, nonce, NonceLen, d, n, d, 0);
        }
        else
        {
            aead->EncryptAndAuthenticate(d, tag, icv, nonce, NonceLen, aad, 8, d, n);
        }
        g_sink = tag[0];
    };
}

template <typename Mac>
RawOp
RawMac(const std::vector<uint8_t>& key, uint32_t)
{
    auto mac = std::make_shared<Mac>(key.data(), key.size());
    return [mac](uint8_t* d, std::size_t n) {
        uint8_t digest[64]; // the largest, SHA-512's
        mac->CalculateDigest(digest, d, n);
        g_sink = digest[0];
    };
}

using RawFactory = RawOp (*)(const std::vector<uint8_t>& key, uint32_t icvBytes);

/// Crypto++ doing an algorithm pair's work: encrypt, then MAC the ciphertext.
RawOp
MakeRaw(const IpsecSaParams& p)
{
    // clang-format off
    static const std::map<IpsecEncryption, RawFactory> ciphers = {
        {IpsecEncryption::DES_CBC, &RawCbc<DES>},
        {IpsecEncryption::TRIPLE_DES_CBC, &RawCbc<DES_EDE3>},
        {IpsecEncryption::CAST_CBC, &RawCbc<CAST128>},
        {IpsecEncryption::BLOWFISH_CBC, &RawCbc<Blowfish>},
        {IpsecEncryption::AES_CBC, &RawCbc<AES>},
        {IpsecEncryption::CAMELLIA_CBC, &RawCbc<Camellia>},
        {IpsecEncryption::TWOFISH_CBC, &RawCbc<Twofish>},
        {IpsecEncryption::AES_CTR, &RawCtr},
        {IpsecEncryption::AES_CCM_ICV8, &RawAead<CCM<AES, 8>::Encryption, 11>},
        {IpsecEncryption::AES_CCM_ICV12, &RawAead<CCM<AES, 12>::Encryption, 11>},
        {IpsecEncryption::AES_CCM_ICV16, &RawAead<CCM<AES, 16>::Encryption, 11>},
        {IpsecEncryption::AES_GCM_ICV8, &RawAead<GCM<AES>::Encryption, 12>},
        {IpsecEncryption::AES_GCM_ICV12, &RawAead<GCM<AES>::Encryption, 12>},
        {IpsecEncryption::AES_GCM_ICV16, &RawAead<GCM<AES>::Encryption, 12>},
        {IpsecEncryption::NULL_AES_GMAC, &RawAead<GCM<AES>::Encryption, 12, true>},
        {IpsecEncryption::CHACHA20_POLY1305, &RawAead<ChaCha20Poly1305::Encryption, 12>},
    };
    static const std::map<IpsecIntegrity, RawFactory> macs = {
        {IpsecIntegrity::HMAC_MD5_96, &RawMac<HMAC<Weak::MD5>>},
        {IpsecIntegrity::HMAC_SHA1_96, &RawMac<HMAC<SHA1>>},
        {IpsecIntegrity::HMAC_SHA256_96, &RawMac<HMAC<SHA256>>},
        {IpsecIntegrity::HMAC_SHA256_128, &RawMac<HMAC<SHA256>>},
        {IpsecIntegrity::HMAC_SHA384_192, &RawMac<HMAC<SHA384>>},
        {IpsecIntegrity::HMAC_SHA512_256, &RawMac<HMAC<SHA512>>},
        {IpsecIntegrity::HMAC_RIPEMD160_96, &RawMac<HMAC<RIPEMD160>>},
        // Crypto++ has no XCBC; CMAC, its standardised successor, makes the same AES calls.
        {IpsecIntegrity::AES_XCBC_96, &RawMac<CMAC<AES>>},
    };
    // clang-format on
    const auto& e = Enc(p.encryption);
    const std::vector<uint8_t> key(p.encryptionKey.begin(), p.encryptionKey.end() - e.saltBytes);
    auto c = ciphers.find(p.encryption);
    auto m = macs.find(p.integrity);
    const RawOp none = [](uint8_t*, std::size_t) {}; // NULL encryption, or no integrity
    const RawOp cipher = c != ciphers.end() ? c->second(key, e.icvBytes) : none;
    const RawOp mac = m != macs.end() ? m->second(p.integrityKey, 0) : none;
    return [cipher, mac](uint8_t* d, std::size_t n) {
        cipher(d, n);
        mac(d, n);
    };
}

Costs
TimeRaw(const RawOp& op)
{
    Costs out{};
    std::vector<uint8_t> buf(SIZES.back() + 64, 0xa5); // room for rounding up to a block
    for (std::size_t s = 0; s < SIZES.size(); ++s)
    {
        out[s] = NetNs([&](bool work) {
            return work ? ChunkedNs([&](uint32_t) { op(buf.data(), SIZES[s]); }) : 0.0;
        });
    }
    return out;
}

/// Protect timings, shared by the table and the fits (AEAD rows are both).
const Costs&
Protect(IpsecEncryption enc, IpsecIntegrity integ)
{
    static std::map<std::pair<IpsecEncryption, IpsecIntegrity>, Costs> cache;
    auto it = cache.find({enc, integ});
    if (it == cache.end())
    {
        it = cache.emplace(std::make_pair(enc, integ), TimeProtect(MakeParams(enc, integ))).first;
    }
    return it->second;
}

/// Least squares of y = a + b x over the sizes, x being the ESP packet bytes that
/// IpsecCryptoEngine charges (payload plus ESP overhead).
IpsecAlgorithmCost
Fit(const Costs& y, IpsecEncryption enc, IpsecIntegrity integ)
{
    const SecurityAssociation sa(MakeParams(enc, integ));
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    const double n = SIZES.size();
    for (std::size_t s = 0; s < SIZES.size(); ++s)
    {
        const double x = SIZES[s] + EspTransform::GetOverhead(sa, SIZES[s]);
        sx += x;
        sy += y[s];
        sxx += x * x;
        sxy += x * y[s];
    }
    const double b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const double a = (sy - b * sx) / n;
    // A term that noise pushes below zero is fixed at zero and the other refitted: the cost
    // table accepts no negative numbers.
    if (a < 0)
    {
        return {0, std::max(0.0, sxy / sxx)};
    }
    return b < 0 ? IpsecAlgorithmCost{std::max(0.0, sy / n), 0} : IpsecAlgorithmCost{a, b};
}

/// The model/ipsec-algorithm-registry.cc constant an algorithm's default cost comes from.
std::string
ConstantName(const std::string& name)
{
    // First matching prefix wins, so null-aes-gmac comes before null.
    // clang-format off
    static const std::vector<std::pair<std::string, std::string>> prefixes = {
        {"null-aes-gmac", "AES_GMAC"}, {"null", "NULL"}, {"des-cbc", "DES"}, {"3des", "3DES"},
        {"cast", "CAST"}, {"blowfish", "BLOWFISH"}, {"aes-cbc", "AES_CBC"}, {"aes-ctr", "AES_CTR"},
        {"aes-ccm", "AES_CCM"}, {"aes-gcm", "AES_GCM"}, {"camellia", "CAMELLIA"},
        {"chacha20", "CHACHA"}, {"twofish", "TWOFISH"}, {"hmac-md5", "MD5"}, {"hmac-sha1", "SHA1"},
        {"hmac-sha256", "SHA256"}, {"hmac-sha384", "SHA512"}, {"hmac-sha512", "SHA512"},
        {"hmac-ripemd160", "RIPEMD"}, {"aes-xcbc", "XCBC"}};
    // clang-format on
    for (const auto& [prefix, constant] : prefixes)
    {
        if (name.rfind(prefix, 0) == 0)
        {
            return "COST_" + constant;
        }
    }
    return "COST_UNKNOWN";
}

std::string
CpuModel()
{
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    std::string model = "unknown";
    uint32_t cpus = 0;
    while (std::getline(in, line))
    {
        if (line.rfind("model name", 0) == 0 && model == "unknown")
        {
            model = line.substr(line.find(':') + 2);
        }
        cpus += line.rfind("processor", 0) == 0;
    }
    return model + " (" + std::to_string(cpus) + " logical CPUs)";
}

/// Prints one table row: thousands of packets/s per size, then Protect/raw per size.
void
PrintRow(IpsecEncryption enc, IpsecIntegrity integ)
{
    const IpsecSaParams params = MakeParams(enc, integ);
    const std::string error = params.Validate();
    NS_ABORT_MSG_IF(!error.empty(), "bad benchmark SA: " << error);
    const Costs& protect = Protect(enc, integ);
    const Costs unprotect = TimeUnprotect(params);
    const Costs raw = TimeRaw(MakeRaw(params));
    const auto& e = Enc(enc);
    std::ostringstream name;
    name << e.name << (e.keyBits.front() ? "-" + std::to_string(KeyBitsFor(e)) : "");
    std::ostringstream integName;
    integName << integ;
    std::cout << std::left << std::setw(22) << name.str() << std::setw(15) << integName.str()
              << std::right << std::setprecision(0);
    for (const Costs* c : {&protect, &unprotect, &raw})
    {
        std::cout << " ";
        for (double ns : *c)
        {
            std::cout << std::setw(6) << 1e6 / ns;
        }
    }
    std::cout << " " << std::setprecision(2);
    for (std::size_t s = 0; s < SIZES.size(); ++s)
    {
        std::cout << std::setw(6) << raw[s] / protect[s];
    }
    std::cout << (raw.back() / protect.back() < TARGET_RATIO ? "  below 0.80" : "") << "\n";
}

/// Prints the fits as a --costTable string and as the registry's constants; a constant shared
/// by several algorithms (all GCM ICV sizes, sha384 and sha512...) gets their mean.
void
PrintCosts(const std::vector<std::pair<std::string, IpsecAlgorithmCost>>& fits)
{
    std::cout << "Processing-delay costs: ns = perPacketNs + perByteNs * ESP packet bytes, "
                 "least squares over 64/512/1400 B\n(encryption: Protect with no integrity, "
                 "AEAD itself; integrity: (null + it) - (null + none))\n--costTable string:\n";
    std::map<std::string, std::vector<IpsecAlgorithmCost>> constants;
    std::map<std::string, std::string> members;
    std::vector<std::string> order;
    for (std::size_t i = 0; i < fits.size(); ++i)
    {
        const auto& [name, cost] = fits[i];
        std::cout << (i ? ";" : "") << name << "=" << std::setprecision(1) << cost.perPacketNs
                  << "+" << std::setprecision(3) << cost.perByteNs;
        const std::string c = ConstantName(name);
        if (constants[c].empty())
        {
            order.push_back(c);
        }
        constants[c].push_back(cost);
        members[c] += " " + name;
    }
    std::cout << "\n\nC++ for model/ipsec-algorithm-registry.cc:\n";
    for (const auto& c : order)
    {
        double a = 0;
        double b = 0;
        for (const auto& cost : constants[c])
        {
            a += cost.perPacketNs / constants[c].size();
            b += cost.perByteNs / constants[c].size();
        }
        std::cout << "constexpr IpsecAlgorithmCost " << c << "{" << std::setprecision(1) << a
                  << ", " << std::setprecision(3) << b << "}; //" << members[c] << "\n";
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string only;
    bool costsOnly = false;
    CommandLine cmd(__FILE__);
    cmd.AddValue("packets", "Packets per timed loop", g_packets);
    cmd.AddValue("repeat", "Timed loops per measurement (best of them)", g_repeat);
    cmd.AddValue("only", "Measure one algorithm (an encryption or integrity name)", only);
    cmd.AddValue("costs", "Print only the fitted processing-delay cost table", costsOnly);
    cmd.Parse(argc, argv);
    const auto* onlyEnc = only.empty() ? nullptr : IpsecAlgorithmRegistry::FindEncryption(only);
    const auto* onlyInteg = only.empty() ? nullptr : IpsecAlgorithmRegistry::FindIntegrity(only);
    if (g_packets == 0 || g_repeat == 0 || (!only.empty() && !onlyEnc && !onlyInteg) ||
        (onlyInteg && onlyInteg->id == IpsecIntegrity::NONE))
    {
        std::cerr << "need --packets, --repeat >= 1 and --only=<algorithm> (not none)\n";
        return 1;
    }

    // Rows: each encryption with its usual integrity (AEAD: none; else hmac-sha1), then
    // aes-cbc with each integrity algorithm. Fits: every algorithm on either list.
    std::vector<std::pair<IpsecEncryption, IpsecIntegrity>> rows;
    std::vector<std::pair<std::string, IpsecAlgorithmCost>> fits;
    for (const auto& e : IpsecAlgorithmRegistry::EncryptionAlgorithms())
    {
        if (!onlyInteg && (!onlyEnc || onlyEnc == &e))
        {
            rows.emplace_back(e.id, e.aead ? IpsecIntegrity::NONE : IpsecIntegrity::HMAC_SHA1_96);
        }
    }
    for (const auto& a : IpsecAlgorithmRegistry::IntegrityAlgorithms())
    {
        const bool dup = a.id == IpsecIntegrity::HMAC_SHA1_96 && !onlyInteg; // the aes-cbc row
        if (!onlyEnc && (!onlyInteg || onlyInteg == &a) && a.id != IpsecIntegrity::NONE && !dup)
        {
            rows.emplace_back(IpsecEncryption::AES_CBC, a.id);
        }
    }

    const auto start = Clock::now();
    std::cout << "CPU: " << CpuModel() << "\n";
    const int v = LibraryVersion();
    std::cout << "Crypto++ " << v / 100 << "." << v / 10 % 10 << "." << v % 10;
#if CRYPTOPP_BOOL_X86 || CRYPTOPP_BOOL_X32 || CRYPTOPP_BOOL_X64
    std::cout << "; AES-NI " << (HasAESNI() ? "yes" : "no") << ", CLMUL "
              << (HasCLMUL() ? "yes" : "no") << ", SHA-NI " << (HasSHA() ? "yes" : "no");
#endif
    std::cout << "\n"
              << g_packets << " packets per loop, best 64-packet chunk of " << g_repeat
              << " loops\n\n";
    std::cout << std::fixed;
    if (!costsOnly)
    {
        std::cout << "Thousands of packets/s for payloads of 64, 512, 1400 bytes; ratio = "
                     "Protect/raw Crypto++, target >= 0.80 at 1400 B\n"
                  << std::left << std::setw(37) << "encryption            integrity" << std::right
                  << std::setw(19) << "Protect" << std::setw(19) << "Unprotect" << std::setw(19)
                  << "raw Crypto++" << std::setw(19) << "ratio"
                  << "\n";
        for (const auto& [enc, integ] : rows)
        {
            PrintRow(enc, integ);
        }
        if (std::any_of(rows.begin(), rows.end(), [](const auto& r) {
                return r.second == IpsecIntegrity::AES_XCBC_96;
            }))
        {
            std::cout << "Raw aes-xcbc-mac is Crypto++'s CMAC<AES>: Crypto++ has no XCBC.\n";
        }
        std::cout << "\n";
    }

    // Encryption: Protect with no integrity (the ESP framing is in it); integrity: its increment
    // over null + none, so that an SA's cost is the sum of its two parts, as the model adds them.
    for (const auto& e : IpsecAlgorithmRegistry::EncryptionAlgorithms())
    {
        if (!onlyInteg && (!onlyEnc || onlyEnc == &e))
        {
            fits.emplace_back(e.name,
                              Fit(Protect(e.id, IpsecIntegrity::NONE), e.id, IpsecIntegrity::NONE));
        }
    }
    for (const auto& a : IpsecAlgorithmRegistry::IntegrityAlgorithms())
    {
        if (!onlyEnc && (!onlyInteg || onlyInteg == &a) && a.id != IpsecIntegrity::NONE)
        {
            const Costs& with = Protect(IpsecEncryption::NULL_ENC, a.id);
            const Costs& without = Protect(IpsecEncryption::NULL_ENC, IpsecIntegrity::NONE);
            Costs diff;
            for (std::size_t s = 0; s < SIZES.size(); ++s)
            {
                diff[s] = with[s] - without[s];
            }
            fits.emplace_back(a.name, Fit(diff, IpsecEncryption::NULL_ENC, a.id));
        }
    }
    PrintCosts(fits);
    std::cout << "\ntotal " << std::setprecision(1)
              << std::chrono::duration<double>(Clock::now() - start).count() << " s\n";
    return 0;
}
