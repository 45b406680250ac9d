/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The ipseckey(8) command-file parser: the sample file field by field, every keyword and
// synonym, key syntax, a table of broken commands with their messages, and atomicity.

#include "ipsec-test-compat.h"

#include "ns3/ipseckey-parser.h"
#include "ns3/test.h"

#include <functional>

using namespace ns3;

namespace
{

/// A committed data file (test/data); CTest runs from the module's root.
std::string
DataFile(const std::string& name)
{
#ifdef NS_TEST_SOURCEDIR
    return std::string(NS_TEST_SOURCEDIR) + "/data/" + name;
#else
    return "test/data/" + name;
#endif
}

/// Bytes from hex.
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

/// An IPv4 or IPv6 address from text.
IpsecAddress
Addr(const std::string& text)
{
    IpsecAddress a;
    IpsecAddress::Parse(text, a);
    return a;
}

const std::string MD5_KEY = "2ba029fe7817f3cd5ee9a9e9eaff60b7";
const std::string SHA1_KEY = "8a3f699d94d76b6758b83e6956b83e70a263200b";
const std::string AES_KEY = "1dc1841b4b34ab4416d6312d46790ca7";
const std::string DES3_KEY = "81be534c5141d7deac269baccb309da91bfd175ccf135497";

} // namespace

/// The sample command file, every field of every command.
class IpseckeySampleFileTestCase : public TestCase
{
  public:
    IpseckeySampleFileTestCase()
        : TestCase("ipseckey: the sample file, field by field")
    {
    }

  private:
    void DoRun() override
    {
        const std::string path = DataFile("ipseckey.conf");
        IpseckeyParseResult r = IpseckeyParser::ParseFile(path);
        NS_TEST_ASSERT_MSG_EQ(r.Ok(), true, r.GetErrorText());
        NS_TEST_ASSERT_MSG_EQ(r.commands.size(), 17, "commands in the sample");
        const auto& c = r.commands;

        NS_TEST_EXPECT_MSG_EQ((c[0].operation == IpseckeyOperation::FLUSH), true, "flush");
        NS_TEST_EXPECT_MSG_EQ((c[0].saType == IpseckeySaType::ALL), true, "flush all");
        NS_TEST_EXPECT_MSG_EQ(c[0].file, path, "file");
        NS_TEST_EXPECT_MSG_EQ(c[0].line, 9, "line of flush");
        NS_TEST_EXPECT_MSG_EQ((c[1].saType == IpseckeySaType::ESP), true, "flush esp");
        NS_TEST_EXPECT_MSG_EQ((c[2].operation == IpseckeyOperation::DUMP), true, "dump");
        NS_TEST_EXPECT_MSG_EQ((c[2].saType == IpseckeySaType::AH), true, "dump ah");

        // add esp 0x1000: every lifetime.
        const IpseckeyCommand& a = c[3];
        NS_TEST_EXPECT_MSG_EQ(a.line, 14, "a continued command has its first line");
        NS_TEST_EXPECT_MSG_EQ((a.operation == IpseckeyOperation::ADD), true, "add");
        NS_TEST_EXPECT_MSG_EQ((a.saType == IpseckeySaType::ESP), true, "esp");
        NS_TEST_EXPECT_MSG_EQ(a.spi.value_or(0), 0x1000, "spi");
        NS_TEST_EXPECT_MSG_EQ(a.source, Addr("10.1.1.1"), "src");
        NS_TEST_EXPECT_MSG_EQ(a.destination, Addr("10.1.1.2"), "dst");
        NS_TEST_EXPECT_MSG_EQ((a.encryption == IpsecEncryption::AES_CBC), true, "aes");
        NS_TEST_EXPECT_MSG_EQ((a.encryptionKey == Hex(AES_KEY)), true, "encrkey");
        NS_TEST_EXPECT_MSG_EQ(a.encryptionKeyBits, 128, "encrkey bits");
        NS_TEST_EXPECT_MSG_EQ((a.integrity == IpsecIntegrity::HMAC_SHA256_128), true, "sha256");
        NS_TEST_EXPECT_MSG_EQ(
            (a.integrityKey ==
             Hex("8d232d572c3d831e9a756db9b55555a66da6bff0b9db24d8fff6ec6ad0724de5")),
            true,
            "authkey");
        NS_TEST_EXPECT_MSG_EQ(a.integrityKeyBits, 256, "authkey bits");
        NS_TEST_EXPECT_MSG_EQ(+a.replayWindow.value_or(0), 32, "replay");
        NS_TEST_EXPECT_MSG_EQ(a.softLifetime.bytes, 1000000, "soft_bytes");
        NS_TEST_EXPECT_MSG_EQ(a.hardLifetime.bytes, 2000000, "hard_bytes");
        NS_TEST_EXPECT_MSG_EQ(a.softLifetime.addTime, Seconds(3000), "soft_addtime");
        NS_TEST_EXPECT_MSG_EQ(a.hardLifetime.addTime, Seconds(3600), "hard_addtime");
        NS_TEST_EXPECT_MSG_EQ(a.softLifetime.useTime, Seconds(1000), "soft_usetime");
        NS_TEST_EXPECT_MSG_EQ(a.hardLifetime.useTime, Seconds(1800), "hard_usetime");
        NS_TEST_EXPECT_MSG_EQ(a.softLifetime.allocations, 900, "soft_alloc");
        NS_TEST_EXPECT_MSG_EQ(a.hardLifetime.allocations, 1000, "hard_alloc");
        NS_TEST_EXPECT_MSG_EQ(a.idleAddTime, Seconds(600), "idle_addtime");
        NS_TEST_EXPECT_MSG_EQ(a.idleUseTime, Seconds(300), "idle_usetime");
        NS_TEST_EXPECT_MSG_EQ(a.tunnelMode, false, "transport");
        NS_TEST_EXPECT_MSG_EQ(a.udpEncapsulation, false, "no encap");
        NS_TEST_EXPECT_MSG_EQ(a.direction.has_value(), false, "no direction");
        NS_TEST_EXPECT_MSG_EQ(a.state.has_value(), false, "no state");
        NS_TEST_EXPECT_MSG_EQ(a.protocol.has_value(), false, "no proto");
        NS_TEST_EXPECT_MSG_EQ(a.sourcePort, 0, "no sport");

        // add esp 4097: synonyms, direction, state, replay_value, 0x key.
        const IpseckeyCommand& b = c[4];
        NS_TEST_EXPECT_MSG_EQ(b.line, 21, "line");
        NS_TEST_EXPECT_MSG_EQ(b.spi.value_or(0), 4097, "decimal spi");
        NS_TEST_EXPECT_MSG_EQ(b.source, Addr("10.1.1.2"), "srcaddr");
        NS_TEST_EXPECT_MSG_EQ(b.destination, Addr("10.1.1.1"), "dstaddr");
        NS_TEST_EXPECT_MSG_EQ((b.direction == IpsecDirection::OUTBOUND), true, "outbound");
        NS_TEST_EXPECT_MSG_EQ((b.state == IpsecSaState::MATURE), true, "state mature");
        NS_TEST_EXPECT_MSG_EQ(b.replayValue.value_or(0), 100, "replay_value");
        NS_TEST_EXPECT_MSG_EQ((b.encryption == IpsecEncryption::AES_CBC), true, "encralg");
        NS_TEST_EXPECT_MSG_EQ((b.encryptionKey == Hex("c53840c05db127539099bb04290f825f")),
                              true,
                              "0x key");
        NS_TEST_EXPECT_MSG_EQ((b.integrity == IpsecIntegrity::HMAC_SHA256_128), true, "authalg");
        NS_TEST_EXPECT_MSG_EQ(b.softLifetime.IsUnlimited(), true, "no soft lifetime");
        NS_TEST_EXPECT_MSG_EQ(b.hardLifetime.IsUnlimited(), true, "no hard lifetime");

        // add ah 0x2000: ports, proto, inbound, key with /bits.
        const IpseckeyCommand& h = c[5];
        NS_TEST_EXPECT_MSG_EQ((h.saType == IpseckeySaType::AH), true, "ah");
        NS_TEST_EXPECT_MSG_EQ((h.direction == IpsecDirection::INBOUND), true, "inbound");
        NS_TEST_EXPECT_MSG_EQ(h.sourcePort, 5000, "sport");
        NS_TEST_EXPECT_MSG_EQ(h.destinationPort, 5001, "dport");
        NS_TEST_EXPECT_MSG_EQ(+h.protocol.value_or(0), 17, "proto");
        NS_TEST_EXPECT_MSG_EQ(h.spi.value_or(0), 0x2000, "spi");
        NS_TEST_EXPECT_MSG_EQ(h.source, Addr("10.1.1.1"), "saddr");
        NS_TEST_EXPECT_MSG_EQ(h.destination, Addr("10.1.1.2"), "daddr");
        NS_TEST_EXPECT_MSG_EQ((h.integrity == IpsecIntegrity::HMAC_MD5_96), true, "md5");
        NS_TEST_EXPECT_MSG_EQ((h.integrityKey == Hex(MD5_KEY)), true, "authkey");
        NS_TEST_EXPECT_MSG_EQ(h.integrityKeyBits, 128, "/128");
        NS_TEST_EXPECT_MSG_EQ(h.encryption.has_value(), false, "AH: no encryption");

        // Tunnel mode.
        const IpseckeyCommand& t = c[6];
        NS_TEST_EXPECT_MSG_EQ(t.tunnelMode, true, "inner addresses: tunnel mode");
        NS_TEST_EXPECT_MSG_EQ(t.innerSource.address, Addr("10.1.0.0"), "innersrc");
        NS_TEST_EXPECT_MSG_EQ(+t.innerSource.prefixLength, 16, "innersrc prefix");
        NS_TEST_EXPECT_MSG_EQ(t.innerDestination.address, Addr("10.2.0.0"), "innerdst");
        NS_TEST_EXPECT_MSG_EQ(+t.innerDestination.prefixLength, 16, "innerdst prefix");
        NS_TEST_EXPECT_MSG_EQ(t.innerSourcePort, 1024, "innersport");
        NS_TEST_EXPECT_MSG_EQ(t.innerDestinationPort, 80, "innerdport");
        NS_TEST_EXPECT_MSG_EQ(+t.innerProtocol.value_or(0), 6, "iproto");
        NS_TEST_EXPECT_MSG_EQ((t.encryption == IpsecEncryption::TRIPLE_DES_CBC), true, "3des");
        NS_TEST_EXPECT_MSG_EQ(t.encryptionKeyBits, 192, "3des key");
        NS_TEST_EXPECT_MSG_EQ((t.integrity == IpsecIntegrity::HMAC_SHA1_96), true, "sha1");
        const IpseckeyCommand& t2 = c[7];
        NS_TEST_EXPECT_MSG_EQ(t2.tunnelMode, true, "proxy: tunnel mode");
        NS_TEST_EXPECT_MSG_EQ(t2.innerSource.address, Addr("10.2.0.0"), "proxy");
        NS_TEST_EXPECT_MSG_EQ(t2.innerDestination.address, Addr("10.1.0.0"), "idst");
        NS_TEST_EXPECT_MSG_EQ(+t2.innerProtocol.value_or(0), 17, "iulp");
        NS_TEST_EXPECT_MSG_EQ((t2.encryption == IpsecEncryption::AES_GCM_ICV16), true, "gcm");
        NS_TEST_EXPECT_MSG_EQ(t2.encryptionKey.size(), 20, "key and salt");
        NS_TEST_EXPECT_MSG_EQ(t2.integrity.has_value(), false, "AEAD: no auth_alg");

        // NAT traversal.
        const IpseckeyCommand& n = c[8];
        NS_TEST_EXPECT_MSG_EQ(n.udpEncapsulation, true, "encap udp");
        NS_TEST_EXPECT_MSG_EQ(n.natLocal, Addr("203.0.113.5"), "nat_loc");
        NS_TEST_EXPECT_MSG_EQ(n.natRemote, Addr("10.0.0.7"), "nat_rem");
        NS_TEST_EXPECT_MSG_EQ(n.natLocalPort, 4500, "nat_lport");
        NS_TEST_EXPECT_MSG_EQ(n.natRemotePort, 4501, "nat_rport");
        NS_TEST_EXPECT_MSG_EQ(n.source, Addr("192.0.2.10"), "src");
        NS_TEST_EXPECT_MSG_EQ(n.destination, Addr("198.51.100.1"), "dst");

        // IPv6.
        const IpseckeyCommand& v = c[9];
        NS_TEST_EXPECT_MSG_EQ(v.source, Addr("2001:db8::1"), "src6");
        NS_TEST_EXPECT_MSG_EQ(v.destination, Addr("2001:db8::2"), "dst6");
        NS_TEST_EXPECT_MSG_EQ((v.integrity == IpsecIntegrity::HMAC_SHA512_256), true, "sha512");
        NS_TEST_EXPECT_MSG_EQ(v.integrityKeyBits, 512, "sha512 key");
        const IpseckeyCommand& v2 = c[10];
        NS_TEST_EXPECT_MSG_EQ(v2.source, Addr("2001:db8::2"), "saddr6");
        NS_TEST_EXPECT_MSG_EQ((v2.integrity == IpsecIntegrity::HMAC_SHA384_192),
                              true,
                              "sha-384 (illumos spelling)");
        const IpseckeyCommand& v3 = c[11];
        NS_TEST_EXPECT_MSG_EQ(v3.destination, Addr("2001:db8::2"), "dstaddr6");
        NS_TEST_EXPECT_MSG_EQ(v3.innerSource.address, Addr("2001:db8:1::"), "innersrc6");
        NS_TEST_EXPECT_MSG_EQ(+v3.innerSource.prefixLength, 48, "innersrc6 prefix");
        NS_TEST_EXPECT_MSG_EQ(+v3.innerDestination.prefixLength, 48, "innerdst6 prefix");
        NS_TEST_EXPECT_MSG_EQ((v3.encryption == IpsecEncryption::NULL_ENC), true, "null");
        NS_TEST_EXPECT_MSG_EQ(v3.encryptionKey.empty(), true, "null: no key");

        // update, get, delete, dump.
        NS_TEST_EXPECT_MSG_EQ((c[12].operation == IpseckeyOperation::UPDATE), true, "update");
        NS_TEST_EXPECT_MSG_EQ(c[12].hardLifetime.bytes, 4000000, "update hard_bytes");
        NS_TEST_EXPECT_MSG_EQ(c[12].encryption.has_value(), false, "update: lifetimes only");
        NS_TEST_EXPECT_MSG_EQ((c[13].operation == IpseckeyOperation::GET), true, "get");
        NS_TEST_EXPECT_MSG_EQ(c[13].spi.value_or(0), 0x1000, "get spi");
        NS_TEST_EXPECT_MSG_EQ((c[14].operation == IpseckeyOperation::DELETE), true, "delete");
        NS_TEST_EXPECT_MSG_EQ((c[14].saType == IpseckeySaType::AH), true, "delete ah");
        NS_TEST_EXPECT_MSG_EQ(c[14].destination, Addr("10.1.1.2"), "delete dst");
        NS_TEST_EXPECT_MSG_EQ(c[15].source, Addr("10.1.1.2"), "delete src");
        NS_TEST_EXPECT_MSG_EQ((c[15].direction == IpsecDirection::OUTBOUND), true, "hint");
        NS_TEST_EXPECT_MSG_EQ((c[16].operation == IpseckeyOperation::DUMP), true, "dump");
        NS_TEST_EXPECT_MSG_EQ((c[16].saType == IpseckeySaType::ALL), true, "dump all");
        NS_TEST_EXPECT_MSG_EQ(c[16].line, 60, "line after a comment");
    }
};

/// Every spelling of every supported extension lands in its field.
class IpseckeySynonymsTestCase : public TestCase
{
  public:
    IpseckeySynonymsTestCase()
        : TestCase("ipseckey: every keyword and synonym")
    {
    }

  private:
    void DoRun() override
    {
        using Check = std::function<bool(const IpseckeyCommand&)>;

        struct Row
        {
            std::string words; //!< Extensions added to a minimal AH add
            Check check;       //!< What they must set
        };

        const std::string ah = "add ah spi 0x1000 auth_alg md5 authkey " + MD5_KEY + " ";
        const std::string esp =
            "add esp spi 0x1000 encr_alg null auth_alg sha1 authkey " + SHA1_KEY + " ";
        const IpsecAddress v4a = Addr("10.1.1.1");
        const IpsecAddress v6a = Addr("2001:db8::1");
        std::vector<Row> rows;
        for (const char* k : {"src", "srcaddr", "saddr"})
        {
            rows.push_back({ah + "dst 10.1.1.2 " + k + " 10.1.1.1",
                            [v4a](const IpseckeyCommand& c) { return c.source == v4a; }});
        }
        for (const char* k : {"src6", "srcaddr6", "saddr6", "src", "srcaddr", "saddr"})
        {
            rows.push_back({ah + "dst 2001:db8::2 " + k + " 2001:db8::1",
                            [v6a](const IpseckeyCommand& c) { return c.source == v6a; }});
        }
        for (const char* k : {"dst", "dstaddr", "daddr"})
        {
            rows.push_back({ah + k + " 10.1.1.1",
                            [v4a](const IpseckeyCommand& c) { return c.destination == v4a; }});
        }
        for (const char* k : {"dst6", "dstaddr6", "daddr6"})
        {
            rows.push_back({ah + k + " 2001:db8::1",
                            [v6a](const IpseckeyCommand& c) { return c.destination == v6a; }});
        }
        for (const char* k : {"proxy", "proxyaddr", "innersrc", "isrc"})
        {
            rows.push_back(
                {ah + "dst 10.1.1.2 " + k + " 10.3.0.0/24", [](const IpseckeyCommand& c) {
                     return c.tunnelMode && c.innerSource.address == Addr("10.3.0.0") &&
                            c.innerSource.prefixLength == 24;
                 }});
        }
        for (const char* k : {"proxy6", "proxyaddr6", "innersrc6", "isrc6"})
        {
            rows.push_back({ah + "dst 10.1.1.2 " + k + " fd00::1", [](const IpseckeyCommand& c) {
                                return c.tunnelMode && c.innerSource.address == Addr("fd00::1") &&
                                       c.innerSource.prefixLength == 128;
                            }});
        }
        for (const char* k : {"innerdst", "idst", "innerdst6", "idst6"})
        {
            const bool six = std::string(k).back() == '6';
            rows.push_back({ah + "dst 10.1.1.2 " + k + (six ? " fd00::/8" : " 10.4.0.1"),
                            [six](const IpseckeyCommand& c) {
                                return c.tunnelMode &&
                                       c.innerDestination.address ==
                                           Addr(six ? "fd00::" : "10.4.0.1") &&
                                       c.innerDestination.prefixLength == (six ? 8 : 32);
                            }});
        }
        rows.push_back({ah + "dst 10.1.1.2 sport 7",
                        [](const IpseckeyCommand& c) { return c.sourcePort == 7; }});
        rows.push_back({ah + "dst 10.1.1.2 dport 0x50",
                        [](const IpseckeyCommand& c) { return c.destinationPort == 80; }});
        for (const char* k : {"innersport", "isport"})
        {
            rows.push_back({ah + "dst 10.1.1.2 " + k + " 9", [](const IpseckeyCommand& c) {
                                return c.innerSourcePort == 9 && c.tunnelMode;
                            }});
        }
        for (const char* k : {"innerdport", "idport"})
        {
            rows.push_back({ah + "dst 10.1.1.2 " + k + " 010", [](const IpseckeyCommand& c) {
                                return c.innerDestinationPort == 8 && c.tunnelMode; // octal
                            }});
        }
        for (const char* k : {"proto", "ulp"})
        {
            rows.push_back({ah + "dst 10.1.1.2 " + k + " 6", [](const IpseckeyCommand& c) {
                                return c.protocol == 6 && !c.tunnelMode;
                            }});
        }
        for (const char* k : {"iproto", "iulp"})
        {
            rows.push_back({ah + "dst 10.1.1.2 " + k + " 4", [](const IpseckeyCommand& c) {
                                return c.innerProtocol == 4 && c.tunnelMode;
                            }});
        }
        for (const char* k : {"auth_alg", "authalg"})
        {
            rows.push_back({std::string("add ah spi 0x1000 dst 10.1.1.2 ") + k +
                                " hmac-sha1 authkey " + SHA1_KEY,
                            [](const IpseckeyCommand& c) {
                                return c.integrity == IpsecIntegrity::HMAC_SHA1_96;
                            }});
        }
        for (const char* k : {"encr_alg", "encralg"})
        {
            rows.push_back(
                {std::string("add esp spi 0x1000 dst 10.1.1.2 ") + k + " aes encrkey " + AES_KEY,
                 [](const IpseckeyCommand& c) {
                     return c.encryption == IpsecEncryption::AES_CBC;
                 }});
        }
        // Algorithm spellings of ipseckey(8), and PF_KEY numbers.
        for (const char* alg : {"md5", "hmac-md5", "2"})
        {
            rows.push_back({std::string("add ah spi 0x1000 dst 10.1.1.2 auth_alg ") + alg +
                                " authkey " + MD5_KEY,
                            [](const IpseckeyCommand& c) {
                                return c.integrity == IpsecIntegrity::HMAC_MD5_96;
                            }});
        }
        for (const char* alg : {"sha", "sha-1", "hmac-sha1", "hmac-sha", "SHA1"})
        {
            rows.push_back({std::string("add ah spi 0x1000 dst 10.1.1.2 auth_alg ") + alg +
                                " authkey " + SHA1_KEY,
                            [](const IpseckeyCommand& c) {
                                return c.integrity == IpsecIntegrity::HMAC_SHA1_96;
                            }});
        }
        for (const char* alg : {"sha256", "sha-256", "hmac-sha256", "hmac-sha-256", "5"})
        {
            rows.push_back({std::string("add ah spi 0x1000 dst 10.1.1.2 auth_alg ") + alg +
                                " authkey " + std::string(64, 'a'),
                            [](const IpseckeyCommand& c) {
                                return c.integrity == IpsecIntegrity::HMAC_SHA256_128;
                            }});
        }
        for (const char* alg : {"des", "3des", "blowfish", "aes", "12"})
        {
            const std::string a(alg);
            const std::string key = a == "des"    ? DES3_KEY.substr(0, 16)
                                    : a == "3des" ? DES3_KEY
                                                  : AES_KEY;
            rows.push_back(
                {std::string("add esp spi 0x1000 dst 10.1.1.2 encr_alg ") + alg + " encrkey " + key,
                 [a](const IpseckeyCommand& c) {
                     return c.encryption ==
                            IpseckeyParser::FindEncryption(a == "12" ? "aes" : a)->id;
                 }});
        }
        rows.push_back({esp + "dst 10.1.1.2 replay 0",
                        [](const IpseckeyCommand& c) { return c.replayWindow == 0; }});
        rows.push_back({esp + "dst 10.1.1.2 replay_value 0xffffffff",
                        [](const IpseckeyCommand& c) { return c.replayValue == 0xffffffffu; }});
        const std::vector<std::pair<std::string, IpsecSaState>> states = {
            {"larval", IpsecSaState::LARVAL},
            {"mature", IpsecSaState::MATURE},
            {"dying", IpsecSaState::DYING},
            {"dead", IpsecSaState::DEAD},
            {"2", IpsecSaState::DYING},
        };
        for (const auto& [word, state] : states)
        {
            const IpsecSaState s = state;
            rows.push_back({esp + "dst 10.1.1.2 state " + word,
                            [s](const IpseckeyCommand& c) { return c.state == s; }});
        }
        rows.push_back({esp + "dst 10.1.1.2 inbound", [](const IpseckeyCommand& c) {
                            return c.direction == IpsecDirection::INBOUND;
                        }});
        rows.push_back(
            {esp + "dst 10.1.1.2 encap udp nat_lport 4500", [](const IpseckeyCommand& c) {
                 return c.udpEncapsulation && c.natLocalPort == 4500;
             }});
        rows.push_back({esp + "dst 2001:db8::2 encap udp nat_loc 2001:db8::9 nat_rem 10.0.0.1",
                        [](const IpseckeyCommand& c) {
                            return c.natLocal == Addr("2001:db8::9") &&
                                   c.natRemote == Addr("10.0.0.1");
                        }});
        rows.push_back({"update esp spi 0x1000 dst 10.1.1.2 soft_usetime 5 hard_usetime 0x10",
                        [](const IpseckeyCommand& c) {
                            return c.softLifetime.useTime == Seconds(5) &&
                                   c.hardLifetime.useTime == Seconds(16);
                        }});
        rows.push_back({"  delete   ah spi 256 dst 10.1.1.2 src 10.1.1.1 inbound  ",
                        [](const IpseckeyCommand& c) {
                            return c.operation == IpseckeyOperation::DELETE && c.spi == 256u &&
                                   c.direction == IpsecDirection::INBOUND;
                        }});
        rows.push_back({"get esp spi 0xffffffff dst6 ::1", [](const IpseckeyCommand& c) {
                            return c.operation == IpseckeyOperation::GET && c.spi == 0xffffffffu;
                        }});
        rows.push_back({"flush all", [](const IpseckeyCommand& c) {
                            return c.operation == IpseckeyOperation::FLUSH &&
                                   c.saType == IpseckeySaType::ALL;
                        }});
        rows.push_back({"dump ESP", [](const IpseckeyCommand& c) {
                            return c.operation == IpseckeyOperation::DUMP &&
                                   c.saType == IpseckeySaType::ESP;
                        }});
        // Key syntax: upper case, an odd digit count with its bit count.
        rows.push_back({"add ah spi 0x1000 dst 10.1.1.2 auth_alg md5 authkey "
                        "0X2BA029FE7817F3CD5EE9A9E9EAFF60B7",
                        [](const IpseckeyCommand& c) { return c.integrityKey == Hex(MD5_KEY); }});
        rows.push_back({"add ah spi 0x1000 dst 10.1.1.2 auth_alg md5 authkey "
                        "2ba029fe7817f3cd5ee9a9e9eaff60b/124",
                        [](const IpseckeyCommand& c) {
                            return c.integrityKeyBits == 124 && c.integrityKey.size() == 16 &&
                                   c.integrityKey.back() == 0xb0;
                        }});

        for (const auto& row : rows)
        {
            IpseckeyParseResult r = IpseckeyParser::ParseString(row.words, "synonyms");
            NS_TEST_EXPECT_MSG_EQ(r.Ok(), true, row.words << ": " << r.GetErrorText());
            if (r.commands.size() == 1)
            {
                NS_TEST_EXPECT_MSG_EQ(row.check(r.commands[0]), true, row.words);
            }
            else
            {
                NS_TEST_EXPECT_MSG_EQ(r.commands.size(), 1, row.words);
            }
        }
    }
};

/// Broken commands, each with the error it must give.
class IpseckeyErrorTableTestCase : public TestCase
{
  public:
    IpseckeyErrorTableTestCase()
        : TestCase("ipseckey: broken commands and their messages")
    {
    }

  private:
    void DoRun() override
    {
        struct Row
        {
            std::string text;    //!< The file
            uint32_t line;       //!< Line the error names
            std::string token;   //!< The quoted words the error names
            std::string explain; //!< Part of the explanation
        };

        const std::string add = "add esp spi 0x1000 dst 10.1.1.2 encr_alg null ";
        const std::string ok = "flush\n"; // a first line, so that line numbers are tested
        const std::vector<Row> rows = {
            {ok + "add esp spi 0x10 dst 10.1.1.2 encr_alg null",
             2,
             "spi 0x10",
             "SPI 16 is reserved (1-255"},
            {ok + "add esp spi 0 dst 10.1.1.2", 2, "spi 0", "SPI 0 is invalid"},
            {ok + "add esp spi 0x100000000",
             2,
             "spi 0x100000000",
             "out of range; use 0-4294967295"},
            {ok + "add esp spi -5", 2, "spi -5", "is not a number"},
            {ok + "ad esp spi 0x1000", 2, "ad", "did you mean 'add'"},
            {ok + "add foo spi 0x1000", 2, "add foo", "unknown SA type 'foo'; use esp or ah"},
            {ok + "add spi 0x1000 dst 10.1.1.2", 2, "add", "needs an SA type"},
            {ok + "add esp spii 0x1000", 2, "spii", "did you mean 'spi'"},
            {ok + "add esp spi 0x1000 dst", 2, "dst", "expects a value"},
            {ok + "add esp spi 0x1000 dst you.example.com",
             2,
             "dst you.example.com",
             "no name service"},
            {ok + "add esp spi 0x1000 src6 10.1.1.1", 2, "src6 10.1.1.1", "use 'src'"},
            {ok + add + "src 2001:db8::1", 2, "src", "one IP version"},
            {ok + add + "spi 0x1001", 2, "spi 0x1001", "given twice"},
            {ok + "add esp spi 0x1000 dst 10.1.1.2 encr_alg rot13",
             2,
             "encr_alg rot13",
             "unknown encryption algorithm 'rot13'; known: "},
            {ok + "add ah spi 0x1000 dst 10.1.1.2 auth_alg sha3",
             2,
             "auth_alg sha3",
             "unknown authentication algorithm 'sha3'; known: "},
            {ok + "add ah spi 0x1000 dst 10.1.1.2 encr_alg aes",
             2,
             "encr_alg aes",
             "AH does not encrypt"},
            {ok + "add esp spi 0x1000 dst 10.1.1.2 encr_alg aes encrkey 00112233",
             2,
             "encrkey 00112233",
             "key of 32 bits is invalid"},
            {ok + "add esp spi 0x1000 dst 10.1.1.2 encr_alg aes encrkey xyz",
             2,
             "encrkey xyz",
             "hex digits"},
            {ok + add + "auth_alg md5 authkey 1234/20", 2, "authkey 1234/20", "too big"},
            {ok + add + "auth_alg md5 authkey 123456/8",
             2,
             "authkey 123456/8",
             "remove the extra digits"},
            {ok + add + "auth_alg md5 authkey 1234/x", 2, "authkey 1234/x", "not a bit count"},
            {ok + add + "replay 300", 2, "replay 300", "sadb_sa_replay"},
            {ok + add + "state wobbly", 2, "state wobbly", "unknown SA state"},
            {ok + add + "encap tcp", 2, "encap tcp", "write 'encap udp'"},
            {ok + add + "nat_lport 4500", 2, "nat_lport", "need 'encap udp'"},
            {ok + "add ah spi 0x1000 dst 10.1.1.2 auth_alg md5 authkey " + MD5_KEY + " encap udp",
             2,
             "encap udp",
             "only ESP"},
            {ok + add + "label foo", 2, "label", "not supported: labels"},
            {ok + add + "pair-spi 0x1001", 2, "pair-spi", "SA pairs"},
            {ok + add + "current_bytes 5", 2, "current_bytes", "current lifetimes"},
            {ok + add + "srcidtype fqdn a.example", 2, "srcidtype", "identities"},
            {ok + "monitor", 2, "monitor", "command not supported"},
            {ok + "update-pair esp spi 0x1000 dst 10.1.1.2", 2, "update-pair", "SA pairs"},
            {ok + "delete esp spi 0x1000 dst 10.1.1.2 encr_alg aes",
             2,
             "encr_alg aes",
             "identifies an SA by spi and dst"},
            {ok + "delete esp dst 10.1.1.2", 2, "delete esp", "needs 'spi <number>'"},
            {ok + "get ah spi 0x1000", 2, "get ah", "needs 'dst <address>'"},
            {ok + "flush esp now", 2, "now", "takes only an SA type"},
            {ok + "dump bogus", 2, "dump bogus", "unknown SA type"},
            {ok + "add esp spi 0x1000 dst 10.1.1.2", 2, "add esp", "needs 'encr_alg <name>'"},
            {ok + "add ah spi 0x1000 dst 10.1.1.2", 2, "add ah", "needs 'auth_alg <name>'"},
            {ok + add + "soft_bytes 5 hard_bytes 4", 2, "add esp", "soft_* limit"},
            {ok + add + "innersrc 10.1.0.0/33", 2, "innersrc 10.1.0.0/33", "use /0 to /32"},
            {ok + add + "src 10.1.1.1/24", 2, "src 10.1.1.1/24", "not a prefix"},
            {ok + add + "sport 0", 2, "sport 0", "out of range; use 1-65535"},
            {ok + "update esp spi 0x1000 dst 10.1.1.2 encrkey " + AES_KEY,
             2,
             "encrkey",
             "add 'encr_alg <name>'"},
            {ok + add + "hard_addtime 0x1ffffffff", 2, "hard_addtime 0x1ffffffff", "32 bits"},
            {ok + "add esp spi 0x1000 \\\n  dst 10.1.1.2 \\\n  encr_alg nope",
             4,
             "encr_alg nope",
             "unknown encryption algorithm"},
            {ok + "add esp spi 0x1000 dst 10.1.1.2 encr_alg aes-gcm16 encrkey " +
                 std::string(40, 'a') + " auth_alg sha1 authkey " + SHA1_KEY,
             2,
             "add esp",
             "combined-mode"},
            {ok + add + "innersrc 10.1.0.0/16 innerdst fd00::/8", 2, "innerdst", "one IP version"},
        };
        for (const auto& row : rows)
        {
            IpseckeyParseResult r = IpseckeyParser::ParseString(row.text, "ipseckey.conf");
            NS_TEST_EXPECT_MSG_EQ(r.commands.empty(), true, row.text << ": nothing applied");
            if (r.errors.empty())
            {
                NS_TEST_EXPECT_MSG_EQ(r.errors.size(), 1, row.text << ": must fail");
                continue;
            }
            const std::string prefix =
                "ipseckey.conf:" + std::to_string(row.line) + ": '" + row.token + "': ";
            NS_TEST_EXPECT_MSG_EQ(r.errors[0].rfind(prefix, 0),
                                  0,
                                  row.text << "\ngave: " << r.errors[0] << "\nwanted: " << prefix);
            NS_TEST_EXPECT_MSG_NE(r.errors[0].find(row.explain),
                                  std::string::npos,
                                  row.text << "\ngave: " << r.errors[0]
                                           << "\nwanted: " << row.explain);
        }
        NS_TEST_EXPECT_MSG_GT_OR_EQ(rows.size(), 25, "at least 25 broken cases");
    }
};

/// A file with an error applies nothing; every bad command is reported; files.
class IpseckeyAtomicTestCase : public TestCase
{
  public:
    IpseckeyAtomicTestCase()
        : TestCase("ipseckey: atomicity, several errors, files")
    {
    }

  private:
    void DoRun() override
    {
        const std::string good =
            "flush\nadd ah spi 0x1000 dst 10.1.1.2 auth_alg md5 authkey " + MD5_KEY + "\n";
        IpseckeyParseResult r = IpseckeyParser::ParseString(good);
        NS_TEST_ASSERT_MSG_EQ(r.commands.size(), 2, r.GetErrorText());

        r = IpseckeyParser::ParseString(good + "dump ah\n# end\nget ah spi 0x1000\n", "k");
        NS_TEST_EXPECT_MSG_EQ(r.commands.size(), 0, "an error on the last line: nothing");
        NS_TEST_ASSERT_MSG_EQ(r.errors.size(), 1, "one error");
        NS_TEST_EXPECT_MSG_EQ(r.errors[0].rfind("k:5: 'get ah': ", 0), 0, r.errors[0]);
        NS_TEST_EXPECT_MSG_EQ(r.Ok(), false, "not ok");
        NS_TEST_EXPECT_MSG_EQ(r.GetErrorText(), r.errors[0] + "\n", "error text");

        r = IpseckeyParser::ParseString("add esp spi 1\n" + good + "frob\n", "k");
        NS_TEST_EXPECT_MSG_EQ(r.commands.size(), 0, "nothing");
        NS_TEST_ASSERT_MSG_EQ(r.errors.size(), 2, "each bad command reported");
        NS_TEST_EXPECT_MSG_EQ(r.errors[0].rfind("k:1: 'spi 1'", 0), 0, r.errors[0]);
        NS_TEST_EXPECT_MSG_EQ(r.errors[1].rfind("k:4: 'frob'", 0), 0, r.errors[1]);

        r = IpseckeyParser::ParseString("# only comments\n\n   \n");
        NS_TEST_EXPECT_MSG_EQ(r.Ok(), true, "an empty file is fine");
        NS_TEST_EXPECT_MSG_EQ(r.commands.size(), 0, "and has no command");

        r = IpseckeyParser::ParseString("flush\r\ndump esp\r\n");
        NS_TEST_EXPECT_MSG_EQ(r.commands.size(), 2, "CRLF line ends");

        const std::string missing = DataFile("no-such-ipseckey.conf");
        r = IpseckeyParser::ParseFile(missing);
        NS_TEST_EXPECT_MSG_EQ(r.commands.size(), 0, "missing file: nothing");
        NS_TEST_ASSERT_MSG_EQ(r.errors.size(), 1, "missing file: an error");
        NS_TEST_EXPECT_MSG_EQ(r.errors[0].rfind(missing + ": cannot open the file", 0),
                              0,
                              r.errors[0]);
    }
};

/// The ipseckey front-end's parser.
class IpseckeyParserTestSuite : public TestSuite
{
  public:
    IpseckeyParserTestSuite()
        : TestSuite("ipsec-ipseckey-parser", ipsectest::UNIT)
    {
        AddTestCase(new IpseckeySampleFileTestCase, ipsectest::QUICK);
        AddTestCase(new IpseckeySynonymsTestCase, ipsectest::QUICK);
        AddTestCase(new IpseckeyErrorTableTestCase, ipsectest::QUICK);
        AddTestCase(new IpseckeyAtomicTestCase, ipsectest::QUICK);
    }
};

/// Static instance.
static IpseckeyParserTestSuite g_ipseckeyParserTestSuite;
