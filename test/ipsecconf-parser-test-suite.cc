/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The ipsecconf(8) policy-file parser: the sample file entry by entry (selectors checked by
// matching packets on both sides of each boundary), keyword synonyms, key lengths, ICMP
// ranges, a table of broken entries with their messages, and atomicity.

#include "ipsec-test-compat.h"

#include "ns3/ipsecconf-parser.h"
#include "ns3/test.h"

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

/// An IPv4 or IPv6 address from text.
IpsecAddress
Addr(const std::string& text)
{
    IpsecAddress a;
    IpsecAddress::Parse(text, a);
    return a;
}

/// A packet's selector values.
IpsecFlowKey
Flow(IpsecDirection dir,
     const std::string& local,
     const std::string& remote,
     uint8_t protocol,
     uint16_t localPort = 0,
     uint16_t remotePort = 0)
{
    IpsecFlowKey k;
    k.direction = dir;
    k.local = Addr(local);
    k.remote = Addr(remote);
    k.protocol = protocol;
    k.localPort = localPort;
    k.remotePort = remotePort;
    return k;
}

/// An ICMP packet's selector values.
IpsecFlowKey
Icmp(IpsecDirection dir,
     const std::string& local,
     const std::string& remote,
     uint8_t type,
     uint8_t code)
{
    IpsecFlowKey k = Flow(dir, local, remote, Addr(local).IsIpv4() ? 1 : 58);
    k.icmpType = type;
    k.icmpCode = code;
    return k;
}

const IpsecDirection IN = IpsecDirection::INBOUND;   //!< Short name
const IpsecDirection OUT = IpsecDirection::OUTBOUND; //!< Short name

/// A parser that knows the sample's tunnel.
IpsecconfParser
Parser()
{
    IpsecconfParser p;
    p.AddTunnel("ip.tun0", Addr("192.0.2.1"), Addr("192.0.2.2"));
    return p;
}

} // namespace

/// The sample policy file, entry by entry.
class IpsecconfSampleFileTestCase : public TestCase
{
  public:
    IpsecconfSampleFileTestCase()
        : TestCase("ipsecconf: the sample file, entry by entry")
    {
    }

  private:
    /// @return whether the entry's single policy matches the flow
    static bool M(const IpsecconfEntry& e, const IpsecFlowKey& k)
    {
        return e.policies.size() == 1 && e.policies[0]->GetSelector().Matches(k);
    }

    void DoRun() override
    {
        const std::string path = DataFile("ipsecinit.conf");
        IpsecconfParseResult r = Parser().ParseFile(path);
        NS_TEST_ASSERT_MSG_EQ(r.Ok(), true, r.GetErrorText());
        NS_TEST_ASSERT_MSG_EQ(r.entries.size(), 14, "entries in the sample");
        const auto& e = r.entries;
        for (const auto& entry : e)
        {
            NS_TEST_EXPECT_MSG_EQ(entry.file, path, "file");
            for (const auto& p : entry.policies)
            {
                NS_TEST_EXPECT_MSG_EQ(p->Validate(), "", "line " << entry.line);
            }
        }

        // Neighbor Discovery: five policies, types 133-137, both directions, in the clear.
        NS_TEST_EXPECT_MSG_EQ(e[0].line, 6, "line");
        NS_TEST_EXPECT_MSG_EQ((e[0].action == IpsecconfAction::BYPASS), true, "pass");
        NS_TEST_ASSERT_MSG_EQ(e[0].policies.size(), 5, "one policy per type");
        for (uint8_t t = 133; t <= 137; ++t)
        {
            const auto& p = e[0].policies[t - 133];
            NS_TEST_EXPECT_MSG_EQ((p->GetAction() == IpsecAction::BYPASS), true, "bypass");
            NS_TEST_EXPECT_MSG_EQ((p->GetSelector().GetDirection() == IpsecDirection::BOTH),
                                  true,
                                  "dir both");
            NS_TEST_EXPECT_MSG_EQ(p->GetSelector().Matches(Icmp(IN, "fe80::1", "fe80::2", t, 0)),
                                  true,
                                  "type " << +t);
            NS_TEST_EXPECT_MSG_EQ(p->GetSelector().Matches(Icmp(OUT, "fe80::1", "fe80::2", t, 9)),
                                  true,
                                  "any code");
            NS_TEST_EXPECT_MSG_EQ(
                p->GetSelector().Matches(Icmp(IN, "fe80::1", "fe80::2", t == 137 ? 133 : t + 1, 0)),
                false,
                "only its type");
        }

        // DNS bypasses.
        NS_TEST_EXPECT_MSG_EQ(M(e[1], Flow(IN, "10.1.1.1", "10.1.1.9", 17, 53, 3333)), true, "");
        NS_TEST_EXPECT_MSG_EQ(M(e[1], Flow(OUT, "10.1.1.1", "10.1.1.9", 6, 54, 53)), false, "");
        NS_TEST_EXPECT_MSG_EQ(M(e[2], Flow(OUT, "10.1.1.1", "10.1.1.9", 17, 3333, 53)), true, "");
        NS_TEST_EXPECT_MSG_EQ(M(e[2], Flow(IN, "10.1.1.1", "10.1.1.9", 17, 3333, 53)), false, "");

        // TCP between A and B, both ways: ESP AES (128..256) + HMAC-SHA-256, shared.
        const IpsecconfEntry& tcp = e[3];
        NS_TEST_EXPECT_MSG_EQ(tcp.line, 13, "multi-line entry: line of its brace");
        NS_TEST_EXPECT_MSG_EQ((tcp.action == IpsecconfAction::IPSEC), true, "ipsec");
        NS_TEST_ASSERT_MSG_EQ(tcp.policies.size(), 1, "one policy");
        const Ptr<IpsecPolicy> p = tcp.policies[0];
        NS_TEST_EXPECT_MSG_EQ((p->GetAction() == IpsecAction::PROTECT), true, "protect");
        NS_TEST_EXPECT_MSG_EQ((p->GetProtocol() == IpsecProtocol::ESP), true, "esp");
        NS_TEST_EXPECT_MSG_EQ((p->GetMode() == IpsecMode::TRANSPORT), true, "transport");
        NS_TEST_EXPECT_MSG_EQ((p->GetEncryption() == IpsecEncryption::AES_CBC), true, "aes");
        NS_TEST_EXPECT_MSG_EQ((p->GetIntegrity() == IpsecIntegrity::HMAC_SHA256_128), true, "");
        NS_TEST_EXPECT_MSG_EQ(p->GetBundle().size(), 1, "ESP only");
        NS_TEST_EXPECT_MSG_EQ(tcp.encryptionKeyBits.minBits, 128, "min key");
        NS_TEST_EXPECT_MSG_EQ(tcp.encryptionKeyBits.maxBits, 256, "max key");
        NS_TEST_EXPECT_MSG_EQ(tcp.uniqueSa, false, "sa shared");
        NS_TEST_EXPECT_MSG_EQ(tcp.tunnel, "", "no tunnel");
        NS_TEST_EXPECT_MSG_EQ((tcp.negotiate == IpsecconfNegotiate::NONE), true, "");
        NS_TEST_EXPECT_MSG_EQ(M(tcp, Flow(OUT, "10.1.1.1", "10.1.1.2", 6, 1, 2)), true, "out");
        NS_TEST_EXPECT_MSG_EQ(M(tcp, Flow(IN, "10.1.1.1", "10.1.1.2", 6, 1, 2)), true, "in");
        NS_TEST_EXPECT_MSG_EQ(M(tcp, Flow(OUT, "10.1.1.1", "10.1.1.3", 6)), false, "raddr /32");
        NS_TEST_EXPECT_MSG_EQ(M(tcp, Flow(OUT, "10.1.1.1", "10.1.1.2", 17)), false, "ulp tcp");

        // apply: source is local, destination remote; sa unique.
        const IpsecconfEntry& apply = e[4];
        NS_TEST_EXPECT_MSG_EQ((apply.action == IpsecconfAction::APPLY), true, "apply");
        NS_TEST_EXPECT_MSG_EQ(apply.uniqueSa, true, "sa unique");
        NS_TEST_EXPECT_MSG_EQ(M(apply, Flow(OUT, "10.1.1.1", "10.1.2.77", 17, 5000, 9)), true, "");
        NS_TEST_EXPECT_MSG_EQ(M(apply, Flow(IN, "10.1.1.1", "10.1.2.77", 17, 5000, 9)),
                              false,
                              "outbound only");
        NS_TEST_EXPECT_MSG_EQ(M(apply, Flow(OUT, "10.1.1.1", "10.1.3.1", 17, 5000, 9)), false, "");
        NS_TEST_EXPECT_MSG_EQ(M(apply, Flow(OUT, "10.1.1.1", "10.1.2.7", 17, 5001, 9)), false, "");
        NS_TEST_EXPECT_MSG_EQ(
            (apply.policies[0]->GetEncryption() == IpsecEncryption::TRIPLE_DES_CBC),
            true,
            "3des");
        NS_TEST_EXPECT_MSG_EQ((apply.policies[0]->GetIntegrity() == IpsecIntegrity::HMAC_SHA1_96),
                              true,
                              "sha1");
        // permit: source is remote; smask.
        const IpsecconfEntry& permit = e[5];
        NS_TEST_EXPECT_MSG_EQ((permit.action == IpsecconfAction::PERMIT), true, "permit");
        NS_TEST_EXPECT_MSG_EQ(M(permit, Flow(IN, "10.1.1.1", "10.1.2.200", 17)), true, "");
        NS_TEST_EXPECT_MSG_EQ(M(permit, Flow(OUT, "10.1.1.1", "10.1.2.200", 17)), false, "");
        NS_TEST_EXPECT_MSG_EQ(M(permit, Flow(IN, "10.1.1.1", "10.1.3.1", 17)), false, "smask");

        // AH only.
        const IpsecconfEntry& ah = e[6];
        NS_TEST_EXPECT_MSG_EQ((ah.policies[0]->GetProtocol() == IpsecProtocol::AH), true, "ah");
        NS_TEST_EXPECT_MSG_EQ((ah.policies[0]->GetIntegrity() == IpsecIntegrity::HMAC_SHA1_96),
                              true,
                              "");
        NS_TEST_EXPECT_MSG_EQ(M(ah, Flow(OUT, "10.1.1.1", "10.9.255.1", 6)), true, "");
        NS_TEST_EXPECT_MSG_EQ(M(ah, Flow(IN, "10.1.1.1", "10.9.255.1", 6)), false, "dir out");
        // AH + ESP: ESP inside, AH outermost; dmask.
        const IpsecconfEntry& both = e[7];
        const auto& bundle = both.policies[0]->GetBundle();
        NS_TEST_ASSERT_MSG_EQ(bundle.size(), 2, "two steps");
        NS_TEST_EXPECT_MSG_EQ((bundle[0].protocol == IpsecProtocol::ESP), true, "ESP first");
        NS_TEST_EXPECT_MSG_EQ((bundle[0].encryption == IpsecEncryption::ANY), true, "any");
        NS_TEST_EXPECT_MSG_EQ((bundle[0].integrity == IpsecIntegrity::ANY), true, "any");
        NS_TEST_EXPECT_MSG_EQ((bundle[1].protocol == IpsecProtocol::AH), true, "AH outer");
        NS_TEST_EXPECT_MSG_EQ((bundle[1].integrity == IpsecIntegrity::HMAC_MD5_96), true, "md5");
        NS_TEST_EXPECT_MSG_EQ(M(both, Flow(OUT, "10.1.1.1", "10.8.3.4", 6)), true, "");
        NS_TEST_EXPECT_MSG_EQ(M(both, Flow(OUT, "10.1.1.1", "10.9.3.4", 6)), false, "dmask");

        // ICMP echo: ESP with NULL encryption.
        const IpsecconfEntry& ping = e[8];
        NS_TEST_EXPECT_MSG_EQ((ping.policies[0]->GetEncryption() == IpsecEncryption::NULL_ENC),
                              true,
                              "encr_auth_algs alone: NULL encryption");
        NS_TEST_EXPECT_MSG_EQ(M(ping, Icmp(OUT, "10.1.1.1", "10.1.1.2", 8, 0)), true, "echo");
        NS_TEST_EXPECT_MSG_EQ(M(ping, Icmp(OUT, "10.1.1.1", "10.1.1.2", 8, 1)), false, "code");
        NS_TEST_EXPECT_MSG_EQ(M(ping, Icmp(OUT, "10.1.1.1", "10.1.1.2", 0, 0)), false, "type");

        // drop.
        const IpsecconfEntry& drop = e[9];
        NS_TEST_EXPECT_MSG_EQ((drop.action == IpsecconfAction::DROP), true, "drop");
        NS_TEST_EXPECT_MSG_EQ((drop.policies[0]->GetAction() == IpsecAction::DISCARD), true, "");
        NS_TEST_EXPECT_MSG_EQ(M(drop, Flow(IN, "10.1.1.1", "10.66.1.1", 6)), true, "");

        // IPv6.
        const IpsecconfEntry& web = e[10];
        NS_TEST_EXPECT_MSG_EQ((web.policies[0]->GetEncryption() == IpsecEncryption::AES_GCM_ICV16),
                              true,
                              "gcm");
        NS_TEST_EXPECT_MSG_EQ((web.policies[0]->GetSelector().GetFamily() == IpsecAddress::IPV6),
                              true,
                              "IPv6");
        NS_TEST_EXPECT_MSG_EQ(M(web, Flow(OUT, "2001:db8::1", "2001:db8::ff", 6, 4000, 80)),
                              true,
                              "");
        NS_TEST_EXPECT_MSG_EQ(M(web, Flow(OUT, "2001:db8::1", "2001:db9::ff", 6, 4000, 80)),
                              false,
                              "/64");
        const IpsecconfEntry& ssh = e[11];
        NS_TEST_EXPECT_MSG_EQ(ssh.encryptionKeyBits.minBits, 192, "any(192..)");
        NS_TEST_EXPECT_MSG_EQ(ssh.encryptionKeyBits.maxBits, 0, "no upper bound");
        NS_TEST_EXPECT_MSG_EQ((ssh.policies[0]->GetIntegrity() == IpsecIntegrity::HMAC_SHA512_256),
                              true,
                              "sha512");
        NS_TEST_EXPECT_MSG_EQ(M(ssh, Flow(IN, "2001:db8::1", "2001:db8:7::5", 6, 22, 999)),
                              true,
                              "");
        NS_TEST_EXPECT_MSG_EQ(M(ssh, Flow(OUT, "2001:db8::1", "2001:db8:7::5", 6, 22, 999)),
                              false,
                              "dir in");

        // Tunnels.
        const IpsecconfEntry& tun = e[12];
        NS_TEST_EXPECT_MSG_EQ(tun.tunnel, "ip.tun0", "tunnel");
        NS_TEST_EXPECT_MSG_EQ((tun.negotiate == IpsecconfNegotiate::TUNNEL), true, "negotiate");
        NS_TEST_EXPECT_MSG_EQ((tun.policies[0]->GetMode() == IpsecMode::TUNNEL), true, "mode");
        NS_TEST_EXPECT_MSG_EQ(tun.policies[0]->GetTunnelLocal(), Addr("192.0.2.1"), "local");
        NS_TEST_EXPECT_MSG_EQ(tun.policies[0]->GetTunnelRemote(), Addr("192.0.2.2"), "remote");
        NS_TEST_EXPECT_MSG_EQ(M(tun, Flow(OUT, "10.1.9.9", "10.2.8.8", 6)), true, "inner");
        const IpsecconfEntry& tun1 = e[13];
        NS_TEST_EXPECT_MSG_EQ(tun1.tunnel, "ip.tun1", "tunnel");
        NS_TEST_EXPECT_MSG_EQ((tun1.negotiate == IpsecconfNegotiate::TRANSPORT), true, "");
        NS_TEST_EXPECT_MSG_EQ((tun1.policies[0]->GetMode() == IpsecMode::TRANSPORT), true, "");
        NS_TEST_EXPECT_MSG_EQ((tun1.policies[0]->GetIntegrity() == IpsecIntegrity::HMAC_MD5_96),
                              true,
                              "md5");
    }
};

/// Synonyms, key lengths, ICMP ranges and other accepted forms.
class IpsecconfFormsTestCase : public TestCase
{
  public:
    IpsecconfFormsTestCase()
        : TestCase("ipsecconf: synonyms, key lengths, ICMP ranges")
    {
    }

  private:
    /// @return the single entry @p text gives (an empty entry on errors, reported)
    IpsecconfEntry One(const std::string& text)
    {
        IpsecconfParseResult r = Parser().ParseString(text, "forms");
        NS_TEST_EXPECT_MSG_EQ(r.Ok(), true, text << ": " << r.GetErrorText());
        NS_TEST_EXPECT_MSG_EQ(r.entries.size(), 1, text);
        return r.entries.empty() ? IpsecconfEntry() : r.entries[0];
    }

    /// @return whether the entry's first policy matches
    static bool M(const IpsecconfEntry& e, const IpsecFlowKey& k)
    {
        return !e.policies.empty() && e.policies[0]->GetSelector().Matches(k);
    }

    void DoRun() override
    {
        for (const char* k : {"saddr", "src", "srcaddr"})
        {
            IpsecconfEntry e = One(std::string("{") + k + " 10.1.1.1 dir out} bypass {}");
            NS_TEST_EXPECT_MSG_EQ(M(e, Flow(OUT, "10.1.1.1", "1.2.3.4", 6)), true, k);
            NS_TEST_EXPECT_MSG_EQ(M(e, Flow(OUT, "10.1.1.2", "10.1.1.1", 6)), false, k);
            e = One(std::string("{") + k + " 10.1.1.1 dir in} bypass {}");
            NS_TEST_EXPECT_MSG_EQ(M(e, Flow(IN, "1.2.3.4", "10.1.1.1", 6)), true, k << " in");
        }
        for (const char* k : {"daddr", "dst", "dstaddr", "dest"})
        {
            IpsecconfEntry e = One(std::string("{") + k + " 10.1.1.1 dir out} bypass {}");
            NS_TEST_EXPECT_MSG_EQ(M(e, Flow(OUT, "1.2.3.4", "10.1.1.1", 6)), true, k);
            e = One(std::string("{") + k + " 10.1.1.1} permit {auth_algs md5}");
            NS_TEST_EXPECT_MSG_EQ(M(e, Flow(IN, "10.1.1.1", "1.2.3.4", 6)), true, k << " in");
        }
        for (const char* k : {"laddr", "local"})
        {
            IpsecconfEntry e = One(std::string("{") + k + " 10.1.1.0/24} bypass {}");
            NS_TEST_EXPECT_MSG_EQ(M(e, Flow(IN, "10.1.1.200", "1.2.3.4", 6)), true, k);
            NS_TEST_EXPECT_MSG_EQ(M(e, Flow(IN, "1.2.3.4", "10.1.1.200", 6)), false, k);
        }
        for (const char* k : {"raddr", "remote"})
        {
            IpsecconfEntry e = One(std::string("{") + k + " 2001:db8::/32} bypass {}");
            NS_TEST_EXPECT_MSG_EQ(M(e, Flow(OUT, "::1", "2001:db8:5::1", 6)), true, k);
        }
        for (const char* k : {"ulp", "proto", "ULP"})
        {
            IpsecconfEntry e = One(std::string("{") + k + " sctp} bypass {}");
            NS_TEST_EXPECT_MSG_EQ(e.policies[0]->GetSelector().GetProtocol(), 132, k);
        }
        for (const char* k : {"sport", "dport"})
        {
            IpsecconfEntry e = One(std::string("{ulp tcp ") + k + " ssh dir in} drop {}");
            const bool src = std::string(k) == "sport";
            NS_TEST_EXPECT_MSG_EQ(
                M(e, Flow(IN, "1.1.1.1", "2.2.2.2", 6, src ? 1 : 22, src ? 22 : 1)),
                true,
                k);
        }
        IpsecconfEntry e = One("{ lport telnet } pass { dir in }");
        NS_TEST_EXPECT_MSG_EQ((e.action == IpsecconfAction::BYPASS), true, "pass");
        NS_TEST_EXPECT_MSG_EQ(M(e, Flow(IN, "1.1.1.1", "2.2.2.2", 6, 23, 1)), true, "dir prop");
        NS_TEST_EXPECT_MSG_EQ(M(e, Flow(OUT, "1.1.1.1", "2.2.2.2", 6, 23, 1)), false, "in only");
        e = One("{raddr 10.0.0.1} IPSEC {ENCR_ALGS AES ENCR_AUTH_ALGS HMAC-SHA1 SA UNIQUE}");
        NS_TEST_EXPECT_MSG_EQ(e.uniqueSa, true, "case-insensitive");

        // Key lengths, attached or apart.
        const std::vector<std::tuple<std::string, uint16_t, uint16_t>> lengths = {
            {"aes(192)", 192, 192},
            {"aes(..192)", 0, 192},
            {"aes(192..)", 192, 0},
            {"aes (192..256)", 192, 256},
            {"any(192..)", 192, 0},
            {"blowfish(40..448)", 40, 448},
        };
        for (const auto& [spec, low, high] : lengths)
        {
            e = One("{raddr 10.0.0.1} ipsec {encr_algs " + spec + " sa shared}");
            NS_TEST_EXPECT_MSG_EQ(e.encryptionKeyBits.minBits, low, spec);
            NS_TEST_EXPECT_MSG_EQ(e.encryptionKeyBits.maxBits, high, spec);
        }
        e = One("{} ipsec {auth_algs sha256(256) encr_auth_algs hmac-sha1(..160)}");
        NS_TEST_EXPECT_MSG_EQ(e.ahIntegrityKeyBits.minBits, 256, "auth_algs key length");
        NS_TEST_EXPECT_MSG_EQ(e.espIntegrityKeyBits.maxBits, 160, "encr_auth_algs key length");
        NS_TEST_EXPECT_MSG_EQ(e.policies[0]->GetBundle().size(), 2, "ESP and AH");
        e = One("{} ipsec {encr_algs 12 encr_auth_algs 3}");
        NS_TEST_EXPECT_MSG_EQ((e.policies[0]->GetEncryption() == IpsecEncryption::AES_CBC),
                              true,
                              "numbers");

        // ICMP ranges: one policy per type and code.
        e = One("{ulp icmp type 3-4 code 0-3} drop {}");
        NS_TEST_ASSERT_MSG_EQ(e.policies.size(), 8, "2 types x 4 codes");
        NS_TEST_EXPECT_MSG_EQ(
            e.policies[7]->GetSelector().Matches(Icmp(IN, "1.1.1.1", "2.2.2.2", 4, 3)),
            true,
            "last combination");
        e = One("{ulp ipv6-icmp type echo6} pass {}");
        NS_TEST_EXPECT_MSG_EQ(M(e, Icmp(IN, "::1", "::2", 128, 0)), true, "echo6");
        e = One("{ulp icmp type unreach code port-unr} pass {}");
        NS_TEST_EXPECT_MSG_EQ(M(e, Icmp(IN, "1.1.1.1", "2.2.2.2", 3, 3)), true, "names");
        NS_TEST_EXPECT_MSG_EQ(M(e, Icmp(IN, "1.1.1.1", "2.2.2.2", 3, 1)), false, "code");

        // An empty pattern matches everything; several entries on a line; comments anywhere.
        IpsecconfParseResult r = Parser().ParseString(
            "{} drop {} {dir out} ipsec {encr_algs any} # trailing\n\n{lport 1} bypass {}");
        NS_TEST_EXPECT_MSG_EQ(r.entries.size(), 3, r.GetErrorText());
        r = Parser().ParseString("# nothing\n");
        NS_TEST_EXPECT_MSG_EQ(r.Ok(), true, "an empty file is fine");
        NS_TEST_EXPECT_MSG_EQ(r.entries.size(), 0, "and has no entry");
    }
};

/// Broken entries, each with the error it must give.
class IpsecconfErrorTableTestCase : public TestCase
{
  public:
    IpsecconfErrorTableTestCase()
        : TestCase("ipsecconf: broken entries and their messages")
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

        const std::string ok = "{lport 53} bypass {}\n"; // a first line, to test line numbers
        const std::vector<Row> rows = {
            {ok + "{laddr 10.1.1.1} ipsec {encr_algs aes-ctrr}",
             2,
             "encr_algs aes-ctrr",
             "unknown encryption algorithm 'aes-ctrr'; known: any, "},
            {ok + "{laddr spiderweb} bypass {}", 2, "laddr spiderweb", "no name service"},
            {ok + "{laddr 10.1.1.1/33} bypass {}", 2, "laddr 10.1.1.1/33", "use /0 to /32"},
            {ok + "{laddr 10.1.1.1 raddr 2001:db8::1} bypass {}",
             2,
             "raddr 2001:db8::1",
             "one IP version"},
            {ok + "{saddr 10.1.1.1} ipsec {encr_algs aes}", 2, "saddr 10.1.1.1", "use laddr"},
            {ok + "{laddr 10.1.1.1\nlocal 10.1.1.2} bypass {}",
             3,
             "local 10.1.1.2",
             "given twice in one entry (first as 'laddr' on line 2)"},
            {ok + "{saddr 10.1.1.1 laddr 10.1.1.2 dir out} bypass {}",
             2,
             "saddr 10.1.1.1",
             "gives the local address again"},
            {ok + "{lport 0} bypass {}", 2, "lport 0", "a port is a number 1-65535"},
            {ok + "{lport 80 ulp icmp} bypass {}", 2, "lport 80", "ports need ulp tcp"},
            {ok + "{ulp foo} bypass {}", 2, "ulp foo", "unknown protocol"},
            {ok + "{type echo} bypass {}", 2, "type echo", "needs 'ulp icmp'"},
            {ok + "{ulp icmp code 3} bypass {}", 2, "code 3", "needs a 'type'"},
            {ok + "{ulp icmp type echo6} bypass {}", 2, "type echo6", "ICMPv6 name"},
            {ok + "{ulp icmp type 10-5} bypass {}", 2, "type 10-5", "range is empty"},
            {ok + "{ulp icmp type 300} bypass {}", 2, "type 300", "a number 0-255"},
            {ok + "{ulp icmp type 0-255 code 0-254} drop {}", 2, "code 0-254", "narrow them"},
            {ok + "{negotiate tunnel} ipsec {encr_algs aes}",
             2,
             "negotiate tunnel",
             "add 'tunnel <interface>'"},
            {ok + "{tunnel ip.tun9 laddr 10.1.0.0/16} ipsec {encr_algs aes}",
             2,
             "tunnel ip.tun9",
             "AddTunnel(\"ip.tun9\""},
            {ok + "{tunnel ip.tun1 negotiate transport laddr 10.1.0.0/16} ipsec {encr_algs aes}",
             2,
             "laddr 10.1.0.0/16",
             "takes no addresses"},
            {ok + "{tunnel ip.tun0 negotiate sideways} ipsec {encr_algs aes}",
             2,
             "negotiate sideways",
             "tunnel or transport"},
            {ok + "{laddr 10.1.1.1} apply {encr_algs aes dir in}",
             2,
             "dir in",
             "apply is for outbound traffic only"},
            {ok + "{dir sideways} bypass {}", 2, "dir sideways", "in, out or both"},
            {ok + "{lport 53} bypass {encr_algs aes}", 2, "encr_algs aes", "takes no encr_algs"},
            {ok + "{lport 53} ipsec {}", 2, "ipsec", "add encr_algs"},
            {ok + "{lport 53} ipsec {sa maybe encr_algs aes}", 2, "sa maybe", "shared or unique"},
            {ok + "{lport 53} ipsec {encr_algs aes(100)}",
             2,
             "encr_algs aes(100)",
             "no key length of 100 bits; its key lengths are 128, 192, 256"},
            {ok + "{lport 53} ipsec {encr_algs aes(..x)}", 2, "encr_algs aes(..x)", "bad key"},
            {ok + "{lport 53} ipsec {encr_algs aes(256..128)}",
             2,
             "encr_algs aes(256..128)",
             "range is empty"},
            {ok + "{lport 53} ipsec {auth_algs sha1(128)}",
             2,
             "auth_algs sha1(128)",
             "its key is 160 bits"},
            {ok + "{lport 53} ipsec {encr_algs aes-gcm16 encr_auth_algs sha1}",
             2,
             "encr_auth_algs sha1",
             "combined-mode"},
            {ok + "{lport 53} ipsec {auth_algs none}",
             2,
             "auth_algs none",
             "unknown authentication algorithm"},
            {ok + "{lport 53} ipsec {encr_algs aes} or ipsec {encr_algs 3des}",
             2,
             "or",
             "not supported"},
            {ok + "laddr 10.1.1.1} bypass {}", 2, "laddr", "expected '{'"},
            {ok + "{laddr 10.1.1.1 bypass {}", 2, "{", "a '{' inside braces"},
            {ok + "{laddr 10.1.1.1} bypass", 2, "bypass", "write 'bypass {}'"},
            {ok + "{laddr 10.1.1.1} {}", 2, "{", "needs an action"},
            {ok + "{laddr 10.1.1.1} allow {}", 2, "allow", "unknown action"},
            {ok + "{laddr} bypass {}", 2, "laddr", "expects a value"},
            {ok + "{foo 1} bypass {}", 2, "foo", "unknown pattern"},
            {ok + "{encr_algs aes} bypass {}", 2, "encr_algs", "belongs in the properties"},
            {ok + "{smask 255.255.0.0 dir out} bypass {}", 2, "smask 255.255.0.0", "saddr"},
            {ok + "{saddr 10.1.0.0/16 smask 255.255.0.0 dir out} bypass {}",
             2,
             "smask 255.255.0.0",
             "either the prefix or smask"},
            {ok + "{saddr 10.1.0.0 smask 255.0.255.0 dir out} bypass {}",
             2,
             "smask 255.0.255.0",
             "not contiguous"},
            {ok + "{laddr 10.1.1.1} ipsec {\n encr_algs aes\n", 2, "{", "unterminated '{'"},
        };
        for (const auto& row : rows)
        {
            IpsecconfParseResult r = Parser().ParseString(row.text, "ipsecinit.conf");
            NS_TEST_EXPECT_MSG_EQ(r.entries.empty(), true, row.text << ": nothing installed");
            if (r.errors.empty())
            {
                NS_TEST_EXPECT_MSG_EQ(r.errors.size(), 1, row.text << ": must fail");
                continue;
            }
            const std::string prefix =
                "ipsecinit.conf:" + std::to_string(row.line) + ": '" + row.token + "': ";
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

/// A file with an error installs nothing; every bad entry is reported; files.
class IpsecconfAtomicTestCase : public TestCase
{
  public:
    IpsecconfAtomicTestCase()
        : TestCase("ipsecconf: atomicity, several errors, files")
    {
    }

  private:
    void DoRun() override
    {
        const std::string good = "{lport 53} bypass {}\n{raddr 10.1.1.2} ipsec {encr_algs aes}\n";
        IpsecconfParseResult r = Parser().ParseString(good);
        NS_TEST_ASSERT_MSG_EQ(r.entries.size(), 2, r.GetErrorText());

        r = Parser().ParseString(good + "# more\n{raddr 10.1.1.3} ipsec {encr_algs rot13}\n", "p");
        NS_TEST_EXPECT_MSG_EQ(r.entries.size(), 0, "an error on the last line: nothing");
        NS_TEST_ASSERT_MSG_EQ(r.errors.size(), 1, "one error");
        NS_TEST_EXPECT_MSG_EQ(r.errors[0].rfind("p:4: 'encr_algs rot13': ", 0), 0, r.errors[0]);
        NS_TEST_EXPECT_MSG_EQ(r.Ok(), false, "not ok");
        NS_TEST_EXPECT_MSG_EQ(r.GetErrorText(), r.errors[0] + "\n", "error text");

        r = Parser().ParseString("{lport x} bypass {}\n" + good + "{ulp zz} drop {}\n", "p");
        NS_TEST_EXPECT_MSG_EQ(r.entries.size(), 0, "nothing");
        NS_TEST_ASSERT_MSG_EQ(r.errors.size(), 2, "each bad entry reported");
        NS_TEST_EXPECT_MSG_EQ(r.errors[0].rfind("p:1: 'lport x'", 0), 0, r.errors[0]);
        NS_TEST_EXPECT_MSG_EQ(r.errors[1].rfind("p:4: 'ulp zz'", 0), 0, r.errors[1]);

        const std::string missing = DataFile("no-such-ipsecinit.conf");
        r = Parser().ParseFile(missing);
        NS_TEST_EXPECT_MSG_EQ(r.entries.size(), 0, "missing file: nothing");
        NS_TEST_ASSERT_MSG_EQ(r.errors.size(), 1, "missing file: an error");
        NS_TEST_EXPECT_MSG_EQ(r.errors[0].rfind(missing + ": cannot open the file", 0),
                              0,
                              r.errors[0]);
    }
};

/// The ipsecconf front-end's parser.
class IpsecconfParserTestSuite : public TestSuite
{
  public:
    IpsecconfParserTestSuite()
        : TestSuite("ipsec-ipsecconf-parser", ipsectest::UNIT)
    {
        AddTestCase(new IpsecconfSampleFileTestCase, ipsectest::QUICK);
        AddTestCase(new IpsecconfFormsTestCase, ipsectest::QUICK);
        AddTestCase(new IpsecconfErrorTableTestCase, ipsectest::QUICK);
        AddTestCase(new IpsecconfAtomicTestCase, ipsectest::QUICK);
    }
};

/// Static instance.
static IpsecconfParserTestSuite g_ipsecconfParserTestSuite;
