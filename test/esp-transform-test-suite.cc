/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ESP processing (EspTransform) for every algorithm of the registry: exact layout, round
// trips, an independent re-computation with raw Crypto++, every refusal reason, and published
// test vectors run through the module's own inbound path.

#include "ipsec-test-compat.h"

#include "ns3/esp-transform.h"
#include "ns3/test.h"

#include <cryptopp/aes.h>
#include <cryptopp/gcm.h>
#include <cryptopp/hmac.h>
#include <cryptopp/modes.h>
#include <cryptopp/sha.h>

using namespace ns3;

namespace
{

std::vector<uint8_t>
Hex(const std::string& hex)
{
    std::vector<uint8_t> out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
    {
        out.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    }
    return out;
}

std::vector<uint8_t>
Bytes(Ptr<const Packet> p)
{
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

Ptr<Packet>
ToPacket(const std::vector<uint8_t>& b)
{
    return Create<Packet>(b.data(), b.size());
}

std::vector<uint8_t>
Pattern(uint32_t n, uint8_t seed)
{
    std::vector<uint8_t> b(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        b[i] = static_cast<uint8_t>(seed + 7 * i);
    }
    return b;
}

/// One algorithm combination of the registry, with a key set.
struct Suite
{
    const char* name;
    IpsecEncryption enc;
    uint32_t encKeyBytes; // salt included
    IpsecIntegrity auth;
    uint32_t authKeyBytes;
};

const std::vector<Suite>&
AllSuites()
{
    static const std::vector<Suite> suites = {
        {"aes-cbc-128/hmac-sha1", IpsecEncryption::AES_CBC, 16, IpsecIntegrity::HMAC_SHA1_96, 20},
        {"aes-cbc-192/hmac-sha256",
         IpsecEncryption::AES_CBC,
         24,
         IpsecIntegrity::HMAC_SHA256_128,
         32},
        {"aes-cbc-256/hmac-sha256",
         IpsecEncryption::AES_CBC,
         32,
         IpsecIntegrity::HMAC_SHA256_128,
         32},
        {"aes-cbc-256/hmac-sha1", IpsecEncryption::AES_CBC, 32, IpsecIntegrity::HMAC_SHA1_96, 20},
        {"aes-gcm16-128", IpsecEncryption::AES_GCM_ICV16, 20, IpsecIntegrity::NONE, 0},
        {"aes-gcm16-192", IpsecEncryption::AES_GCM_ICV16, 28, IpsecIntegrity::NONE, 0},
        {"aes-gcm16-256", IpsecEncryption::AES_GCM_ICV16, 36, IpsecIntegrity::NONE, 0},
        {"null/hmac-sha256", IpsecEncryption::NULL_ENC, 0, IpsecIntegrity::HMAC_SHA256_128, 32},
        {"null/hmac-sha1", IpsecEncryption::NULL_ENC, 0, IpsecIntegrity::HMAC_SHA1_96, 20},
    };
    return suites;
}

IpsecSaParams
Params(const Suite& s, uint32_t spi = 0x1234, bool esn = false)
{
    IpsecSaParams p;
    p.spi = spi;
    p.source = Ipv4Address("10.0.0.1");
    p.destination = Ipv4Address("10.0.0.2");
    p.encryption = s.enc;
    p.encryptionKey = Pattern(s.encKeyBytes, 0x11);
    p.integrity = s.auth;
    p.integrityKey = Pattern(s.authKeyBytes, 0x22);
    p.extendedSequenceNumbers = esn;
    return p;
}

uint32_t
U32(const std::vector<uint8_t>& b, size_t at)
{
    return (uint32_t(b[at]) << 24) | (uint32_t(b[at + 1]) << 16) | (uint32_t(b[at + 2]) << 8) |
           b[at + 3];
}

/// The plaintext ESP trailer layout: payload, 1, 2, 3, ..., pad length, next header.
std::vector<uint8_t>
WithTrailer(std::vector<uint8_t> payload, uint32_t align, uint8_t nextHeader)
{
    const uint32_t pad = (align - (payload.size() + 2) % align) % align;
    for (uint32_t i = 1; i <= pad; ++i)
    {
        payload.push_back(static_cast<uint8_t>(i));
    }
    payload.push_back(static_cast<uint8_t>(pad));
    payload.push_back(nextHeader);
    return payload;
}

} // namespace

/// Exact sizes and a round trip for every algorithm and many payload sizes.
class RoundTripTestCase : public TestCase
{
  public:
    RoundTripTestCase()
        : TestCase("round trip and layout for every algorithm")
    {
    }

  private:
    void DoRun() override
    {
        EspTransform esp;
        std::vector<uint32_t> sizes;
        for (uint32_t n = 0; n <= 40; ++n)
        {
            sizes.push_back(n);
        }
        sizes.push_back(1400);
        for (const Suite& s : AllSuites())
        {
            SecurityAssociation tx(Params(s));
            SecurityAssociation rx(Params(s));
            esp.InitializeSa(tx);
            const EncryptionAlgorithmInfo& info = tx.GetEncryptionInfo();
            const uint32_t align = std::max<uint32_t>(info.blockBytes, 4);
            uint32_t seq = 0;
            for (uint32_t n : sizes)
            {
                const std::vector<uint8_t> payload = Pattern(n, static_cast<uint8_t>(n));
                Ptr<Packet> p = ToPacket(payload);
                IpsecDropReason why;
                NS_TEST_ASSERT_MSG_EQ(esp.Protect(tx, p, 17, why), true, s.name);
                ++seq;
                const std::vector<uint8_t> wire = Bytes(p);
                const uint32_t pad = (align - (n + 2) % align) % align;
                const uint32_t expected = 8 + info.ivBytes + n + pad + 2 + tx.GetIcvSize();
                NS_TEST_ASSERT_MSG_EQ(wire.size(), expected, s.name << " size for " << n);
                NS_TEST_ASSERT_MSG_EQ(EspTransform::GetOverhead(tx, n), expected - n, "overhead");
                NS_TEST_ASSERT_MSG_EQ(U32(wire, 0), 0x1234, "SPI");
                NS_TEST_ASSERT_MSG_EQ(U32(wire, 4), seq, "sequence number");
                NS_TEST_ASSERT_MSG_EQ((wire.size() - 8 - info.ivBytes - tx.GetIcvSize()) % align,
                                      0,
                                      "aligned ciphertext");
                if (s.enc == IpsecEncryption::NULL_ENC)
                {
                    // The trailer is visible: RFC 4303 2.4 default padding 1, 2, 3, ...
                    const auto plain = WithTrailer(payload, align, 17);
                    NS_TEST_ASSERT_MSG_EQ(
                        (std::vector<uint8_t>(wire.begin() + 8, wire.end() - tx.GetIcvSize()) ==
                         plain),
                        true,
                        "NULL payload and trailer");
                }
                uint8_t nh = 0;
                NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(rx, p, nh, why), true, s.name << " " << n);
                NS_TEST_ASSERT_MSG_EQ(int(nh), 17, "next header");
                NS_TEST_ASSERT_MSG_EQ((Bytes(p) == payload), true, s.name << " payload " << n);
            }
            NS_TEST_ASSERT_MSG_EQ(tx.GetCounters().txPackets, sizes.size(), "tx counter");
            NS_TEST_ASSERT_MSG_EQ(rx.GetCounters().rxPackets, sizes.size(), "rx counter");
            NS_TEST_ASSERT_MSG_EQ(rx.GetReplayWindow().GetTop(), sizes.size(), "window");
        }
    }
};

/// What Protect writes, re-computed with raw Crypto++ (not through the module's adapters).
class IndependentCheckTestCase : public TestCase
{
  public:
    IndependentCheckTestCase()
        : TestCase("protected packets checked with raw Crypto++")
    {
    }

  private:
    void DoRun() override
    {
        EspTransform esp;
        const std::vector<uint8_t> payload = Pattern(45, 3);
        for (const Suite& s : AllSuites())
        {
            IpsecSaParams params = Params(s);
            SecurityAssociation tx(params);
            esp.InitializeSa(tx);
            Ptr<Packet> p = ToPacket(payload);
            IpsecDropReason why;
            esp.Protect(tx, p, 6, why);
            const std::vector<uint8_t> w = Bytes(p);
            const uint32_t ivLen = tx.GetEncryptionInfo().ivBytes;
            const uint32_t icvLen = tx.GetIcvSize();
            const std::vector<uint8_t> iv(w.begin() + 8, w.begin() + 8 + ivLen);
            std::vector<uint8_t> body(w.begin() + 8 + ivLen, w.end() - icvLen);
            const std::vector<uint8_t> icv(w.end() - icvLen, w.end());
            const auto& key = params.encryptionKey;
            bool ok = true;
            if (s.enc == IpsecEncryption::AES_GCM_ICV16)
            {
                const size_t aesLen = key.size() - 4;
                std::vector<uint8_t> nonce(key.begin() + aesLen, key.end());
                nonce.insert(nonce.end(), iv.begin(), iv.end());
                CryptoPP::GCM<CryptoPP::AES>::Decryption dec;
                dec.SetKeyWithIV(key.data(), aesLen, nonce.data(), nonce.size());
                ok = dec.DecryptAndVerify(body.data(),
                                          icv.data(),
                                          16,
                                          nonce.data(),
                                          nonce.size(),
                                          w.data(),
                                          8,
                                          body.data(),
                                          body.size());
                NS_TEST_ASSERT_MSG_EQ(ok, true, s.name << ": GCM tag verifies");
                NS_TEST_ASSERT_MSG_EQ((body == WithTrailer(payload, 4, 6)), true, s.name);
                continue;
            }
            std::vector<uint8_t> mac(64);
            if (s.auth == IpsecIntegrity::HMAC_SHA1_96)
            {
                CryptoPP::HMAC<CryptoPP::SHA1> h(params.integrityKey.data(),
                                                 params.integrityKey.size());
                h.CalculateTruncatedDigest(mac.data(), 12, w.data(), w.size() - icvLen);
            }
            else
            {
                CryptoPP::HMAC<CryptoPP::SHA256> h(params.integrityKey.data(),
                                                   params.integrityKey.size());
                h.CalculateTruncatedDigest(mac.data(), 16, w.data(), w.size() - icvLen);
            }
            NS_TEST_ASSERT_MSG_EQ((std::vector<uint8_t>(mac.begin(), mac.begin() + icvLen) == icv),
                                  true,
                                  s.name << ": HMAC over SPI..ciphertext");
            if (s.enc == IpsecEncryption::AES_CBC)
            {
                CryptoPP::CBC_Mode<CryptoPP::AES>::Decryption dec;
                dec.SetKeyWithIV(key.data(), key.size(), iv.data());
                dec.ProcessData(body.data(), body.data(), body.size());
            }
            NS_TEST_ASSERT_MSG_EQ(
                (body == WithTrailer(payload, s.enc == IpsecEncryption::AES_CBC ? 16 : 4, 6)),
                true,
                s.name << ": plaintext, padding and trailer");
        }
        // CBC IVs differ from packet to packet.
        SecurityAssociation tx(Params(AllSuites()[0]));
        Ptr<Packet> a = ToPacket(payload);
        Ptr<Packet> b = ToPacket(payload);
        IpsecDropReason why;
        esp.Protect(tx, a, 6, why);
        esp.Protect(tx, b, 6, why);
        const auto wa = Bytes(a);
        const auto wb = Bytes(b);
        NS_TEST_ASSERT_MSG_EQ((std::vector<uint8_t>(wa.begin() + 8, wa.begin() + 24) ==
                               std::vector<uint8_t>(wb.begin() + 8, wb.begin() + 24)),
                              false,
                              "fresh IV");
    }
};

/// Every way an inbound packet is refused, and that refused packets are left untouched.
class RefusalTestCase : public TestCase
{
  public:
    RefusalTestCase()
        : TestCase("tampering, wrong key, replay, truncation, padding, dummy packets")
    {
    }

  private:
    void DoRun() override
    {
        EspTransform esp;
        IpsecDropReason why;
        uint8_t nh;
        for (const Suite& s : AllSuites())
        {
            SecurityAssociation tx(Params(s));
            esp.InitializeSa(tx);
            Ptr<Packet> p = ToPacket(Pattern(33, 9));
            esp.Protect(tx, p, 17, why);
            const std::vector<uint8_t> good = Bytes(p);

            // Any single flipped bit, anywhere, fails integrity.
            for (size_t i = 0; i < good.size(); ++i)
            {
                SecurityAssociation rx(Params(s));
                std::vector<uint8_t> bad = good;
                bad[i] ^= 0x40;
                Ptr<Packet> q = ToPacket(bad);
                const bool accepted = esp.Unprotect(rx, q, nh, why);
                NS_TEST_ASSERT_MSG_EQ(accepted, false, s.name << " byte " << i);
                if (i >= 4 && i < 8)
                {
                    continue; // a changed sequence number may also be refused by the window
                }
                NS_TEST_ASSERT_MSG_EQ(std::string(ToString(why)),
                                      "icv-mismatch",
                                      s.name << " byte " << i);
                NS_TEST_ASSERT_MSG_EQ((Bytes(q) == bad), true, "refused packet untouched");
                NS_TEST_ASSERT_MSG_EQ(rx.GetReplayWindow().GetTop(), 0, "window untouched");
            }
            // Wrong key.
            IpsecSaParams wrong = Params(s);
            wrong.integrityKey = Pattern(s.authKeyBytes, 0x99);
            if (s.enc == IpsecEncryption::AES_GCM_ICV16)
            {
                wrong.encryptionKey[0] ^= 1;
            }
            SecurityAssociation other(wrong);
            Ptr<Packet> q = ToPacket(good);
            NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(other, q, nh, why), false, s.name);
            NS_TEST_ASSERT_MSG_EQ(std::string(ToString(why)), "icv-mismatch", "wrong key");

            // Replay, then a number that fell off the left of the window.
            SecurityAssociation rx(Params(s));
            q = ToPacket(good);
            NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(rx, q, nh, why), true, s.name);
            q = ToPacket(good);
            NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(rx, q, nh, why), false, "replay");
            NS_TEST_ASSERT_MSG_EQ(std::string(ToString(why)), "replay", s.name);
            NS_TEST_ASSERT_MSG_EQ(rx.GetCounters().rxPackets, 1, "accepted once");
            for (int i = 0; i < 70; ++i)
            {
                Ptr<Packet> more = ToPacket(Pattern(5, 1));
                esp.Protect(tx, more, 17, why);
                esp.Unprotect(rx, more, nh, why);
            }
            q = ToPacket(good);
            NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(rx, q, nh, why), false, "too old");
            NS_TEST_ASSERT_MSG_EQ(std::string(ToString(why)), "too-old", s.name);

            // Every length below the minimum is truncated, never read past its end.
            const uint32_t minimum =
                8 + tx.GetEncryptionInfo().ivBytes + tx.GetIcvSize() +
                std::max<uint32_t>(2, tx.GetEncryptionInfo().blockBytes > 1 ? 16 : 2);
            for (uint32_t n = 0; n < minimum; ++n)
            {
                SecurityAssociation r(Params(s));
                Ptr<Packet> t = ToPacket(std::vector<uint8_t>(good.begin(), good.begin() + n));
                NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(r, t, nh, why), false, n);
                NS_TEST_ASSERT_MSG_EQ(std::string(ToString(why)),
                                      "truncated",
                                      s.name << " length " << n);
            }
            if (s.enc == IpsecEncryption::AES_CBC)
            {
                SecurityAssociation r(Params(s));
                std::vector<uint8_t> odd = good;
                odd.insert(odd.end() - tx.GetIcvSize(), 0x00); // not a whole number of blocks
                Ptr<Packet> t = ToPacket(odd);
                NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(r, t, nh, why), false, "misaligned");
                NS_TEST_ASSERT_MSG_EQ(std::string(ToString(why)), "truncated", s.name);
            }
        }

        // Bad padding and dummy packets need a valid ICV over a crafted trailer: NULL + HMAC.
        const Suite& nullSuite = AllSuites()[7];
        auto craft = [&](const std::vector<uint8_t>& plain) {
            SecurityAssociation sa(Params(nullSuite));
            std::vector<uint8_t> w = {0, 0, 0x12, 0x34, 0, 0, 0, 1};
            w.insert(w.end(), plain.begin(), plain.end());
            std::vector<uint8_t> icv(16);
            sa.GetAuthenticator()->Restart();
            sa.GetAuthenticator()->Update(w.data(), w.size());
            sa.GetAuthenticator()->Final(icv.data());
            w.insert(w.end(), icv.begin(), icv.end());
            return w;
        };
        const std::vector<std::pair<std::vector<uint8_t>, std::string>> cases = {
            {{0xaa, 0xbb, 1, 3, 2, 17}, "bad-padding"},    // padding 1, 3 instead of 1, 2
            {{0xaa, 0xbb, 1, 2, 9, 17}, "bad-padding"},    // pad length beyond the payload
            {{0xaa, 0xbb, 1, 2, 2, 59}, "dummy-packet"},   // next header 59
            {{0xaa, 0xbb, 0xcc, 0xdd, 0, 17}, "accepted"}, // no padding
            {{0xaa, 0xbb, 1, 2, 2, 17}, "accepted"},       // default padding
        };
        for (const auto& [plain, expected] : cases)
        {
            SecurityAssociation rx(Params(nullSuite));
            Ptr<Packet> q = ToPacket(craft(plain));
            const bool ok = esp.Unprotect(rx, q, nh, why);
            NS_TEST_ASSERT_MSG_EQ((ok ? std::string("accepted") : ToString(why)),
                                  expected,
                                  "crafted trailer");
        }
    }
};

/// Sequence numbers: overflow without ESN; ESN across 2^32 (high bits in the ICV).
class SequenceTestCase : public TestCase
{
  public:
    SequenceTestCase()
        : TestCase("sequence overflow and extended sequence numbers")
    {
    }

  private:
    void DoRun() override
    {
        EspTransform esp;
        IpsecDropReason why;
        uint8_t nh;
        for (const Suite& s : {AllSuites()[0], AllSuites()[4]})
        {
            // Without ESN the counter must not cycle (RFC 4303 3.3.3).
            IpsecSaParams p = Params(s);
            p.initialSequence = 0xfffffffe;
            SecurityAssociation tx(p);
            Ptr<Packet> a = ToPacket(Pattern(10, 1));
            NS_TEST_ASSERT_MSG_EQ(esp.Protect(tx, a, 17, why), true, "2^32-1 is still sent");
            NS_TEST_ASSERT_MSG_EQ(U32(Bytes(a), 4), 0xffffffff, "");
            Ptr<Packet> b = ToPacket(Pattern(10, 1));
            NS_TEST_ASSERT_MSG_EQ(esp.Protect(tx, b, 17, why), false, "would cycle");
            NS_TEST_ASSERT_MSG_EQ(std::string(ToString(why)), "sequence-overflow", s.name);
            NS_TEST_ASSERT_MSG_EQ(b->GetSize(), 10, "refused packet untouched");

            // With ESN it goes on; the receiver infers the high bits and the ICV covers them.
            IpsecSaParams e = Params(s, 0x1234, true);
            e.initialSequence = 0xfffffffe;
            SecurityAssociation etx(e);
            esp.InitializeSa(etx);
            SecurityAssociation erx(Params(s, 0x1234, true));
            erx.GetReplayWindow().Accept(0xfffffff0);
            for (uint64_t expect : {0xffffffffULL, 0x100000000ULL, 0x100000001ULL})
            {
                Ptr<Packet> c = ToPacket(Pattern(20, 2));
                NS_TEST_ASSERT_MSG_EQ(esp.Protect(etx, c, 17, why), true, "ESN continues");
                NS_TEST_ASSERT_MSG_EQ(U32(Bytes(c), 4), static_cast<uint32_t>(expect), "low");
                NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(erx, c, nh, why), true, s.name << expect);
                NS_TEST_ASSERT_MSG_EQ(erx.GetReplayWindow().GetTop(), expect, "inferred");
            }
            // A receiver that does not use ESN computes another ICV.
            IpsecSaParams esnTx = Params(s, 0x1234, true);
            SecurityAssociation ftx(esnTx);
            SecurityAssociation frx(Params(s, 0x1234, false));
            Ptr<Packet> d = ToPacket(Pattern(20, 2));
            esp.Protect(ftx, d, 17, why);
            NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(frx, d, nh, why), false, "ESN mismatch");
            NS_TEST_ASSERT_MSG_EQ(std::string(ToString(why)), "icv-mismatch", s.name);
        }
    }
};

/// Published ESP test vectors run through EspTransform::Unprotect.
class VectorTestCase : public TestCase
{
  public:
    VectorTestCase()
        : TestCase("published ESP vectors: RFC 3602 cases 5-8, draft-mcgrew-gcm-test-01")
    {
    }

  private:
    struct Vector
    {
        const char* name;
        IpsecEncryption enc;
        const char* key; // salt appended for GCM
        uint32_t spi;
        bool esn;
        uint64_t windowPrime; // accepted before, so that ESN high bits are inferred
        const char* packet;   // SPI | sequence | IV | ciphertext | ICV
        const char* payload;  // the decrypted payload, trailer removed
        uint8_t nextHeader;
    };

    void DoRun() override
    {
        const std::vector<Vector> vectors = {
            // RFC 3602 section 4, case #5: ICMP echo request in transport mode.
            {"RFC 3602 case 5",
             IpsecEncryption::AES_CBC,
             "90d382b410eeba7ad938c46cec1a82bf",
             0x4321,
             false,
             0,
             "0000432100000001e96e8c08ab465763fd098d45dd3ff893f663c25d325c18c6a9453e194e120849"
             "a4870b66cc6b9965330013b4898dc856a4699e523a55db080b59ec3a8e4b7e52775b07d1db34ed9c"
             "538ab50c551b874aa269add047ad2d5913ac19b7cfbad4a6",
             "08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
             "202122232425262728292a2b2c2d2e2f3031323334353637",
             1},
            // Case #6: another ICMP packet, 2 bytes of padding.
            {"RFC 3602 case 6",
             IpsecEncryption::AES_CBC,
             "90d382b410eeba7ad938c46cec1a82bf",
             0x4321,
             false,
             0,
             "000043210000000869d08df7d203329db093fc4924e5bd80f51995881ec4e0c4488987ce742e8109"
             "689bb379d2d750c0d915dca346a89f75",
             "0800b5e8a80a0500a69c083d0b660e00777777777777777777777777",
             1},
            // Case #7: tunnel mode (next header 4), IPv4 inside.
            {"RFC 3602 case 7",
             IpsecEncryption::AES_CBC,
             "0123456789abcdef0123456789abcdef",
             0x8765,
             false,
             0,
             "0000876500000002f4e765244f6407adf13dc1380f673f37773b5241a4c449225e4f3ce5ed611b0c"
             "237ca96cf74a93013c1b0ea1a0cf70f8e4ecaec78ac53aad7a0f022b859243c647752e94a859352b"
             "8a4d4d2decd136e5c177f132ad3fbfb2201ac9904c74ee0a109e0ca1e4dfe9d5a100b842f1c22f0d",
             "45000054090400004001f988c0a87b03c0a87bc808009f76a90a0100b49c083d02a2040008090a0b"
             "0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233"
             "34353637",
             4},
            // Case #8.
            {"RFC 3602 case 8",
             IpsecEncryption::AES_CBC,
             "0123456789abcdef0123456789abcdef",
             0x8765,
             false,
             0,
             "000087650000000585d47224b5f3dd5d2101d4ea8dffab2215b92683819596a8047232cc00f7048f"
             "e45318e11f8a0f62ede3c3fc61203bb50f980a08c9843fd3a1b06d5c07ff9639b7eb7dfb3512e5de"
             "435e7207ed971ef3d2726d9b5ef6affc6d17a0decbb13892",
             "45000044090c00004001f990c0a87b03c0a87bc80800d63caa0a0200c69c083da3de0300ffffffff"
             "ffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
             4},
            // draft-mcgrew-gcm-test-01 packet 1: AES-128, extended sequence number
            // 0x8765432100000000 (the high half only enters the AAD).
            {"GCM test 1 (AES-128, ESN)",
             IpsecEncryption::AES_GCM_ICV16,
             "4c80cdefbb5d10da906ac73c3613a634"
             "2e443b68",
             0x4321,
             true,
             0x87654320fffffff0ULL,
             "00004321000000004956ed7e3b244cfe"
             "fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34cfa2436f14a3f3cf"
             "65925bf1f4a13c5d15b21e1884f5ff6247aeabb786b93bce61bc17d768fd9732"
             "459018148f6cbe722fd04796562dfdb4",
             "45000048699a000080114db7c0a80102c0a801010a9bf15638d301000001000000000000045f7369"
             "70045f756470037369700963796265726369747902646b0000210001",
             1},
            // Packet 2: AES-192.
            {"GCM test 2 (AES-192)",
             IpsecEncryption::AES_GCM_ICV16,
             "feffe9928665731c6d6a8f9467308308feffe9928665731c"
             "cafebabe",
             0xa5f8,
             false,
             0,
             "0000a5f80000000afacedbaddecaf888"
             "a5b1f8066029aea40e598b8122de02420938b3ab33f828e687b8858b5bfbdbd0315b27452144cc77"
             "95457b9652037f5318027b5b4cd7a636",
             "45000028a4ad4000400678800a01038f0a010612802306b8cb712602dd6bb03e501016d07568",
             1},
            // Packet 3: AES-256.
            {"GCM test 3 (AES-256)",
             IpsecEncryption::AES_GCM_ICV16,
             "abbccddef00112233445566778899aababbccddef00112233445566778899aab"
             "11223344",
             0x4a2cbfe3,
             false,
             0,
             "4a2cbfe3000000020102030405060708"
             "ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763748a637985771d34"
             "7f0545659f14e99def842d8e"
             "b335f4eecfdbf831824b4c4915956c96",
             "4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee0000000007002400020bf0000"
             "020405b401010402",
             1},
            // Packet 5: sequence number 0xffffffff and an empty payload.
            {"GCM test 5 (empty payload)",
             IpsecEncryption::AES_GCM_ICV16,
             "7d773d00c144c525ac619d18c84a3f47"
             "d9664267",
             0x335467ae,
             false,
             0,
             "335467aeffffffff43457e9182443bc6437f866bcb3f699fe9b0822bac961c4504bef270",
             "",
             1},
        };
        EspTransform esp;
        for (const Vector& v : vectors)
        {
            IpsecSaParams p;
            p.spi = v.spi;
            p.encryption = v.enc;
            p.encryptionKey = Hex(v.key);
            p.integrity = IpsecIntegrity::NONE; // encryption-only ESP (RFC 3602) or AEAD
            p.integrityKey.clear();
            p.extendedSequenceNumbers = v.esn;
            NS_TEST_ASSERT_MSG_EQ(p.Validate(), "", v.name);
            SecurityAssociation sa(p);
            if (v.windowPrime)
            {
                sa.GetReplayWindow().Accept(v.windowPrime);
            }
            const std::vector<uint8_t> wire = Hex(v.packet);
            Ptr<Packet> packet = ToPacket(wire);
            uint8_t nh = 0;
            IpsecDropReason why = IpsecDropReason::COUNT;
            NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(sa, packet, nh, why),
                                  true,
                                  v.name << ": " << ToString(why));
            NS_TEST_ASSERT_MSG_EQ((Bytes(packet) == Hex(v.payload)), true, v.name << ": payload");
            NS_TEST_ASSERT_MSG_EQ(int(nh), int(v.nextHeader), v.name << ": next header");

            if (v.enc == IpsecEncryption::AES_GCM_ICV16)
            {
                // The tag authenticates: one flipped ciphertext bit is refused.
                SecurityAssociation again(p);
                if (v.windowPrime)
                {
                    again.GetReplayWindow().Accept(v.windowPrime);
                }
                std::vector<uint8_t> bad = wire;
                bad[16] ^= 1;
                Ptr<Packet> q = ToPacket(bad);
                NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(again, q, nh, why), false, v.name);
                NS_TEST_ASSERT_MSG_EQ(std::string(ToString(why)), "icv-mismatch", v.name);
            }
        }
    }
};

/// HMAC test vectors through the module's authenticators.
class HmacVectorTestCase : public TestCase
{
  public:
    HmacVectorTestCase()
        : TestCase("HMAC vectors: RFC 2202 and 2404 SHA-1-96, RFC 4868 and 4231 SHA-256-128")
    {
    }

  private:
    void DoRun() override
    {
        struct HmacVector
        {
            const char* name;
            IpsecIntegrity alg;
            std::vector<uint8_t> key;
            std::string data;
            const char* icv; // truncated
        };

        const std::vector<HmacVector> vectors = {
            // RFC 2202 test case 1 and 2, truncated to 96 bits as RFC 2404 specifies.
            {"RFC 2202 #1",
             IpsecIntegrity::HMAC_SHA1_96,
             std::vector<uint8_t>(20, 0x0b),
             "Hi There",
             "b617318655057264e28bc0b6"},
            {"RFC 2202 #2",
             IpsecIntegrity::HMAC_SHA1_96,
             {'J', 'e', 'f', 'e'},
             "what do ya want for nothing?",
             "effcdf6ae5eb2fa2d27416d5"},
            // RFC 4868 section 2.7.2.1, AUTH256-1 (a 32-byte key), truncated to 128 bits.
            {"RFC 4868 AUTH256-1",
             IpsecIntegrity::HMAC_SHA256_128,
             std::vector<uint8_t>(32, 0x0b),
             "Hi There",
             "198a607eb44bfbc69903a0f1cf2bbdc5"},
            // RFC 4231 test case 2.
            {"RFC 4231 #2",
             IpsecIntegrity::HMAC_SHA256_128,
             {'J', 'e', 'f', 'e'},
             "what do ya want for nothing?",
             "5bdcc146bf60754e6a042426089575c7"},
        };
        for (const auto& v : vectors)
        {
            Ptr<IpsecAuthenticator> auth =
                IpsecAlgorithmRegistry::CreateAuthenticator(v.alg, v.key);
            std::vector<uint8_t> icv(auth->GetIcvSize());
            // Fed in two pieces, as ESP feeds header and body.
            auth->Restart();
            auth->Update(reinterpret_cast<const uint8_t*>(v.data.data()), 3);
            auth->Update(reinterpret_cast<const uint8_t*>(v.data.data()) + 3, v.data.size() - 3);
            auth->Final(icv.data());
            NS_TEST_ASSERT_MSG_EQ((icv == Hex(v.icv)), true, v.name);
        }
    }
};

/// ESP transform suite.
class EspTransformTestSuite : public TestSuite
{
  public:
    EspTransformTestSuite()
        : TestSuite("ipsec-esp-transform", ipsectest::UNIT)
    {
        AddTestCase(new RoundTripTestCase, ipsectest::QUICK);
        AddTestCase(new IndependentCheckTestCase, ipsectest::QUICK);
        AddTestCase(new RefusalTestCase, ipsectest::QUICK);
        AddTestCase(new SequenceTestCase, ipsectest::QUICK);
        AddTestCase(new VectorTestCase, ipsectest::QUICK);
        AddTestCase(new HmacVectorTestCase, ipsectest::QUICK);
    }
};

/// Static instance.
static EspTransformTestSuite g_espTransformTestSuite;
