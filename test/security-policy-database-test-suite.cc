/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Selectors, SPD ordering and bypass precedence, and the SAD's validation and lookup rules.

#include "ipsec-test-compat.h"

#include "ns3/security-association-database.h"
#include "ns3/security-policy-database.h"
#include "ns3/test.h"

using namespace ns3;

namespace
{

IpsecFlowKey
Key(IpsecDirection dir,
    const char* local,
    const char* remote,
    uint8_t proto,
    uint16_t lport = 0,
    uint16_t rport = 0)
{
    IpsecFlowKey k;
    k.direction = dir;
    k.local = Ipv4Address(local);
    k.remote = Ipv4Address(remote);
    k.protocol = proto;
    k.localPort = lport;
    k.remotePort = rport;
    return k;
}

IpsecSaParams
Sa(uint32_t spi, const char* src, const char* dst)
{
    IpsecSaParams p;
    p.spi = spi;
    p.source = Ipv4Address(src);
    p.destination = Ipv4Address(dst);
    p.encryption = IpsecEncryption::AES_CBC;
    p.encryptionKey = std::vector<uint8_t>(16, 1);
    p.integrity = IpsecIntegrity::HMAC_SHA1_96;
    p.integrityKey = std::vector<uint8_t>(20, 2);
    return p;
}

} // namespace

/// Traffic selector matching.
class SelectorTestCase : public TestCase
{
  public:
    SelectorTestCase()
        : TestCase("traffic selectors")
    {
    }

  private:
    void DoRun() override
    {
        const auto out = IpsecDirection::OUTBOUND;
        const auto in = IpsecDirection::INBOUND;
        IpsecTrafficSelector any;
        NS_TEST_ASSERT_MSG_EQ(any.Matches(Key(out, "1.2.3.4", "5.6.7.8", 6, 1, 2)), true, "any");

        IpsecTrafficSelector s;
        s.SetLocalPrefix(Ipv4Address("10.1.0.0"), Ipv4Mask("/16"))
            .SetRemoteRange(Ipv4Address("10.2.0.10"), Ipv4Address("10.2.0.20"))
            .SetProtocol(17)
            .SetLocalPorts(1000, 2000)
            .SetRemotePorts(53, 53);
        NS_TEST_ASSERT_MSG_EQ(s.Matches(Key(out, "10.1.9.9", "10.2.0.10", 17, 1000, 53)), true, "");
        NS_TEST_ASSERT_MSG_EQ(s.Matches(Key(out, "10.1.9.9", "10.2.0.20", 17, 2000, 53)), true, "");
        NS_TEST_ASSERT_MSG_EQ(s.Matches(Key(out, "10.3.0.1", "10.2.0.10", 17, 1000, 53)),
                              false,
                              "local prefix");
        NS_TEST_ASSERT_MSG_EQ(s.Matches(Key(out, "10.1.0.1", "10.2.0.21", 17, 1000, 53)),
                              false,
                              "remote range");
        NS_TEST_ASSERT_MSG_EQ(s.Matches(Key(out, "10.1.0.1", "10.2.0.9", 17, 1000, 53)), false, "");
        NS_TEST_ASSERT_MSG_EQ(s.Matches(Key(out, "10.1.0.1", "10.2.0.15", 6, 1000, 53)),
                              false,
                              "protocol");
        NS_TEST_ASSERT_MSG_EQ(s.Matches(Key(out, "10.1.0.1", "10.2.0.15", 17, 999, 53)),
                              false,
                              "local port range");
        NS_TEST_ASSERT_MSG_EQ(s.Matches(Key(out, "10.1.0.1", "10.2.0.15", 17, 2001, 53)),
                              false,
                              "");
        NS_TEST_ASSERT_MSG_EQ(s.Matches(Key(out, "10.1.0.1", "10.2.0.15", 17, 1500, 54)),
                              false,
                              "remote port");
        NS_TEST_ASSERT_MSG_EQ(s.Matches(Key(in, "10.1.0.1", "10.2.0.15", 17, 1500, 53)),
                              true,
                              "both directions by default");

        // Direction.
        IpsecTrafficSelector o;
        o.SetDirection(IpsecDirection::OUTBOUND);
        NS_TEST_ASSERT_MSG_EQ(o.Matches(Key(out, "1.1.1.1", "2.2.2.2", 1)), true, "out");
        NS_TEST_ASSERT_MSG_EQ(o.Matches(Key(in, "1.1.1.1", "2.2.2.2", 1)), false, "not in");

        // Port selectors never match port-less protocols.
        IpsecTrafficSelector ports;
        ports.SetRemotePorts(0, 1000);
        NS_TEST_ASSERT_MSG_EQ(ports.Matches(Key(out, "1.1.1.1", "2.2.2.2", 17, 5, 80)), true, "");
        NS_TEST_ASSERT_MSG_EQ(ports.Matches(Key(out, "1.1.1.1", "2.2.2.2", 50)), false, "ESP");
        NS_TEST_ASSERT_MSG_EQ(ports.Matches(Key(out, "1.1.1.1", "2.2.2.2", 1)), false, "ICMP");

        // ICMP type and code.
        IpsecTrafficSelector echo;
        echo.SetProtocol(1).SetIcmp(8);
        IpsecFlowKey k = Key(out, "1.1.1.1", "2.2.2.2", 1);
        const uint8_t request[2] = {8, 0};
        k.ParseL4(request, 2);
        NS_TEST_ASSERT_MSG_EQ(echo.Matches(k), true, "echo request");
        const uint8_t reply[2] = {0, 0};
        k.ParseL4(reply, 2);
        NS_TEST_ASSERT_MSG_EQ(echo.Matches(k), false, "echo reply");
        IpsecTrafficSelector unreach;
        unreach.SetProtocol(1).SetIcmp(3, 3);
        const uint8_t port[2] = {3, 3};
        const uint8_t host[2] = {3, 1};
        k.ParseL4(port, 2);
        NS_TEST_ASSERT_MSG_EQ(unreach.Matches(k), true, "port unreachable");
        k.ParseL4(host, 2);
        NS_TEST_ASSERT_MSG_EQ(unreach.Matches(k), false, "host unreachable");

        // ParseL4 swaps ports by direction.
        IpsecFlowKey u = Key(in, "1.1.1.1", "2.2.2.2", 17);
        const uint8_t udp[4] = {0x13, 0x88, 0x00, 0x35}; // 5000 -> 53
        u.ParseL4(udp, 4);
        NS_TEST_ASSERT_MSG_EQ(u.remotePort, 5000, "inbound: source port is the peer's");
        NS_TEST_ASSERT_MSG_EQ(u.localPort, 53, "destination port is ours");

        // Mirror.
        IpsecTrafficSelector m = s.Mirror();
        NS_TEST_ASSERT_MSG_EQ(m.Matches(Key(out, "10.2.0.15", "10.1.4.4", 17, 53, 1500)), true, "");
        NS_TEST_ASSERT_MSG_EQ(m.Matches(Key(out, "10.1.4.4", "10.2.0.15", 17, 1500, 53)),
                              false,
                              "mirrored");
        IpsecTrafficSelector mo = o.Mirror();
        NS_TEST_ASSERT_MSG_EQ(mo.Matches(Key(in, "1.1.1.1", "2.2.2.2", 1)), true, "out -> in");

        // Validation.
        NS_TEST_ASSERT_MSG_EQ(s.Validate(), "", "valid");
        NS_TEST_ASSERT_MSG_NE(IpsecTrafficSelector()
                                  .SetLocalRange(Ipv4Address("10.0.0.9"), Ipv4Address("10.0.0.1"))
                                  .Validate(),
                              "",
                              "empty range");
        NS_TEST_ASSERT_MSG_NE(IpsecTrafficSelector().SetRemotePorts(9, 8).Validate(), "", "ports");
        NS_TEST_ASSERT_MSG_NE(IpsecTrafficSelector().SetProtocol(300).Validate(), "", "protocol");
        NS_TEST_ASSERT_MSG_NE(IpsecTrafficSelector().SetIcmp(8).Validate(), "", "ICMP w/o proto");
        NS_TEST_ASSERT_MSG_NE(IpsecTrafficSelector().SetProtocol(1).SetIcmp(256).Validate(),
                              "",
                              "ICMP type range");
    }
};

/// First match wins, bypass first.
class SpdOrderTestCase : public TestCase
{
  public:
    SpdOrderTestCase()
        : TestCase("SPD ordering and bypass precedence")
    {
    }

  private:
    void DoRun() override
    {
        auto spd = CreateObject<SecurityPolicyDatabase>();
        IpsecTrafficSelector udp;
        udp.SetProtocol(17);
        IpsecTrafficSelector dns = IpsecTrafficSelector(udp).SetRemotePorts(53, 53);
        IpsecTrafficSelector ntp = IpsecTrafficSelector(udp).SetRemotePorts(123, 123);

        auto discardDns = Create<IpsecPolicy>(dns, IpsecAction::DISCARD);
        auto protectUdp = Create<IpsecPolicy>(udp, IpsecAction::PROTECT);
        auto bypassNtp = Create<IpsecPolicy>(ntp, IpsecAction::BYPASS);
        auto bypassDns = Create<IpsecPolicy>(dns, IpsecAction::BYPASS);
        NS_TEST_ASSERT_MSG_EQ(spd->Add(discardDns), "", "");
        NS_TEST_ASSERT_MSG_EQ(spd->Add(protectUdp), "", "");
        NS_TEST_ASSERT_MSG_EQ(spd->Add(bypassNtp), "", "");
        NS_TEST_ASSERT_MSG_EQ(discardDns->GetIndex(), 1, "indices in order");
        NS_TEST_ASSERT_MSG_EQ(bypassNtp->GetIndex(), 3, "");

        const auto out = IpsecDirection::OUTBOUND;
        NS_TEST_ASSERT_MSG_EQ(spd->Lookup(Key(out, "1.1.1.1", "2.2.2.2", 17, 9, 53)),
                              discardDns,
                              "first match");
        NS_TEST_ASSERT_MSG_EQ(spd->Lookup(Key(out, "1.1.1.1", "2.2.2.2", 17, 9, 80)),
                              protectUdp,
                              "second entry");
        NS_TEST_ASSERT_MSG_EQ(spd->Lookup(Key(out, "1.1.1.1", "2.2.2.2", 17, 9, 123)),
                              bypassNtp,
                              "a later bypass wins over an earlier protect");
        NS_TEST_ASSERT_MSG_EQ(spd->Lookup(Key(out, "1.1.1.1", "2.2.2.2", 6, 9, 53)),
                              nullptr,
                              "nothing matches TCP");
        // A bypass added last still overrides the discard at the top.
        NS_TEST_ASSERT_MSG_EQ(spd->Add(bypassDns), "", "");
        NS_TEST_ASSERT_MSG_EQ(spd->Lookup(Key(out, "1.1.1.1", "2.2.2.2", 17, 9, 53)),
                              bypassDns,
                              "bypass precedence over discard");
        // Removing it restores the order-based decision.
        NS_TEST_ASSERT_MSG_EQ(spd->Remove(bypassDns->GetIndex()), true, "removed");
        NS_TEST_ASSERT_MSG_EQ(spd->Remove(99), false, "no such index");
        NS_TEST_ASSERT_MSG_EQ(spd->Lookup(Key(out, "1.1.1.1", "2.2.2.2", 17, 9, 53)),
                              discardDns,
                              "");
        // Refusals leave the SPD unchanged.
        NS_TEST_ASSERT_MSG_NE(spd->Add(protectUdp), "", "already in an SPD");
        NS_TEST_ASSERT_MSG_NE(spd->Add(nullptr), "", "null");
        auto bad =
            Create<IpsecPolicy>(IpsecTrafficSelector().SetRemotePorts(2, 1), IpsecAction::BYPASS);
        NS_TEST_ASSERT_MSG_NE(spd->Add(bad), "", "invalid selector");
        auto ah = Create<IpsecPolicy>(udp, IpsecAction::PROTECT);
        ah->SetProtection(IpsecProtocol::AH, IpsecMode::TRANSPORT);
        NS_TEST_ASSERT_MSG_NE(spd->Add(ah), "", "AH not implemented yet");
        auto tunnel = Create<IpsecPolicy>(udp, IpsecAction::PROTECT);
        tunnel->SetProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL);
        NS_TEST_ASSERT_MSG_NE(spd->Add(tunnel), "", "tunnel not implemented yet");
        NS_TEST_ASSERT_MSG_EQ(spd->GetPolicies().size(), 3, "nothing half-added");
        spd->Flush();
        NS_TEST_ASSERT_MSG_EQ(spd->GetPolicies().size(), 0, "flushed");
    }
};

/// Which SA satisfies a policy.
class PolicySaTestCase : public TestCase
{
  public:
    PolicySaTestCase()
        : TestCase("policy requirements against SAs")
    {
    }

  private:
    void DoRun() override
    {
        SecurityAssociation cbc(Sa(0x1000, "10.0.0.1", "10.0.0.2"));
        IpsecTrafficSelector all;
        IpsecPolicy any(all, IpsecAction::PROTECT);
        NS_TEST_ASSERT_MSG_EQ(any.IsSatisfiedBy(cbc), true, "ANY algorithms");
        IpsecPolicy wantCbc(all, IpsecAction::PROTECT);
        wantCbc.SetProtection(IpsecProtocol::ESP,
                              IpsecMode::TRANSPORT,
                              IpsecEncryption::AES_CBC,
                              IpsecIntegrity::HMAC_SHA1_96);
        NS_TEST_ASSERT_MSG_EQ(wantCbc.IsSatisfiedBy(cbc), true, "exact algorithms");
        IpsecPolicy wantSha256(all, IpsecAction::PROTECT);
        wantSha256.SetProtection(IpsecProtocol::ESP,
                                 IpsecMode::TRANSPORT,
                                 IpsecEncryption::ANY,
                                 IpsecIntegrity::HMAC_SHA256_128);
        NS_TEST_ASSERT_MSG_EQ(wantSha256.IsSatisfiedBy(cbc), false, "integrity differs");
        IpsecPolicy tunnel(all, IpsecAction::PROTECT);
        tunnel.SetProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL);
        NS_TEST_ASSERT_MSG_EQ(tunnel.IsSatisfiedBy(cbc), false, "mode differs");
        IpsecPolicy bypass(all, IpsecAction::BYPASS);
        NS_TEST_ASSERT_MSG_EQ(bypass.IsSatisfiedBy(cbc), false, "bypass needs no SA");
    }
};

/// SAD validation and lookups.
class SadTestCase : public TestCase
{
  public:
    SadTestCase()
        : TestCase("SAD: validation, (protocol, destination, SPI) lookup, outbound choice")
    {
    }

  private:
    void DoRun() override
    {
        auto sad = CreateObject<SecurityAssociationDatabase>();
        std::string err;
        // Refusals, each with a message, and nothing installed.
        std::vector<IpsecSaParams> bad;
        bad.push_back(Sa(0x1000, "10.0.0.1", "10.0.0.2"));
        bad.back().encryptionKey.resize(15); // AES-128 needs 16 bytes
        bad.push_back(Sa(0x1000, "10.0.0.1", "10.0.0.2"));
        bad.back().integrityKey.resize(16); // HMAC-SHA1 needs 20
        bad.push_back(Sa(0x1000, "10.0.0.1", "10.0.0.2"));
        bad.back().encryption = IpsecEncryption::AES_GCM_ICV16; // needs key + 4-byte salt
        bad.back().encryptionKey.resize(20);
        bad.back().integrity = IpsecIntegrity::HMAC_SHA1_96; // AEAD + separate integrity
        bad.push_back(Sa(0x1000, "10.0.0.1", "10.0.0.2"));
        bad.back().encryption = IpsecEncryption::AES_GCM_ICV16;
        bad.back().encryptionKey.resize(16); // salt missing
        bad.back().integrity = IpsecIntegrity::NONE;
        bad.back().integrityKey.clear();
        bad.push_back(Sa(0x1000, "10.0.0.1", "10.0.0.2"));
        bad.back().encryption = IpsecEncryption::NULL_ENC; // NULL with no integrity
        bad.back().encryptionKey.clear();
        bad.back().integrity = IpsecIntegrity::NONE;
        bad.back().integrityKey.clear();
        bad.push_back(Sa(255, "10.0.0.1", "10.0.0.2")); // reserved SPI
        bad.push_back(Sa(0x1000, "10.0.0.1", "10.0.0.2"));
        bad.back().replayWindow = 0;
        bad.push_back(Sa(0x1000, "10.0.0.1", "10.0.0.2"));
        bad.back().encryption = static_cast<IpsecEncryption>(99); // unknown
        bad.push_back(Sa(0x1000, "10.0.0.1", "10.0.0.2"));
        bad.back().initialSequence = uint64_t(1) << 32; // needs ESN
        for (size_t i = 0; i < bad.size(); ++i)
        {
            err.clear();
            NS_TEST_ASSERT_MSG_EQ(sad->Add(bad[i], err), nullptr, "case " << i);
            NS_TEST_ASSERT_MSG_NE(err, "", "message for case " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(sad->GetAll().size(), 0, "nothing installed");

        // The same SPI towards two destinations: two SAs (never looked up by SPI alone).
        auto toB = sad->Add(Sa(0x1000, "10.0.0.1", "10.0.0.2"), err);
        NS_TEST_ASSERT_MSG_NE(toB, nullptr, err);
        auto toC = sad->Add(Sa(0x1000, "10.0.0.1", "10.0.0.3"), err);
        NS_TEST_ASSERT_MSG_NE(toC, nullptr, err);
        NS_TEST_ASSERT_MSG_EQ(sad->Add(Sa(0x1000, "10.0.0.9", "10.0.0.2"), err), nullptr, "dup");
        NS_TEST_ASSERT_MSG_NE(err.find("already exists"), std::string::npos, err);
        NS_TEST_ASSERT_MSG_EQ(sad->FindInbound(IpsecProtocol::ESP, Ipv4Address("10.0.0.2"), 0x1000),
                              toB,
                              "");
        NS_TEST_ASSERT_MSG_EQ(sad->FindInbound(IpsecProtocol::ESP, Ipv4Address("10.0.0.3"), 0x1000),
                              toC,
                              "");
        NS_TEST_ASSERT_MSG_EQ(sad->FindInbound(IpsecProtocol::ESP, Ipv4Address("10.0.0.4"), 0x1000),
                              nullptr,
                              "unknown destination");
        NS_TEST_ASSERT_MSG_EQ(sad->FindInbound(IpsecProtocol::AH, Ipv4Address("10.0.0.2"), 0x1000),
                              nullptr,
                              "other protocol");

        // Outbound: the newest SA that satisfies the policy.
        IpsecPolicy any(IpsecTrafficSelector(), IpsecAction::PROTECT);
        auto newer = sad->Add(Sa(0x2000, "10.0.0.1", "10.0.0.2"), err);
        NS_TEST_ASSERT_MSG_EQ(
            sad->FindOutbound(any, Ipv4Address("10.0.0.1"), Ipv4Address("10.0.0.2")),
            newer,
            "newest");
        IpsecSaParams gcm = Sa(0x3000, "10.0.0.1", "10.0.0.2");
        gcm.encryption = IpsecEncryption::AES_GCM_ICV16;
        gcm.encryptionKey.resize(20);
        gcm.integrity = IpsecIntegrity::NONE;
        gcm.integrityKey.clear();
        auto gcmSa = sad->Add(gcm, err);
        NS_TEST_ASSERT_MSG_NE(gcmSa, nullptr, err);
        IpsecPolicy wantCbc(IpsecTrafficSelector(), IpsecAction::PROTECT);
        wantCbc.SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT, IpsecEncryption::AES_CBC);
        NS_TEST_ASSERT_MSG_EQ(
            sad->FindOutbound(wantCbc, Ipv4Address("10.0.0.1"), Ipv4Address("10.0.0.2")),
            newer,
            "the newest that satisfies the policy");
        NS_TEST_ASSERT_MSG_EQ(
            sad->FindOutbound(any, Ipv4Address("10.0.0.2"), Ipv4Address("10.0.0.1")),
            nullptr,
            "no SA the other way");

        NS_TEST_ASSERT_MSG_EQ(sad->Remove(IpsecProtocol::ESP, Ipv4Address("10.0.0.2"), 0x2000),
                              true,
                              "");
        NS_TEST_ASSERT_MSG_EQ(sad->Remove(IpsecProtocol::ESP, Ipv4Address("10.0.0.2"), 0x2000),
                              false,
                              "gone");
        NS_TEST_ASSERT_MSG_EQ(
            sad->FindOutbound(wantCbc, Ipv4Address("10.0.0.1"), Ipv4Address("10.0.0.2")),
            toB,
            "falls back to the older SA");
        NS_TEST_ASSERT_MSG_EQ(sad->GetAll().size(), 3, "");
        sad->Flush();
        NS_TEST_ASSERT_MSG_EQ(sad->GetAll().size(), 0, "flushed");

        // Replay windows of at least 1024, and ESN, are accepted.
        IpsecSaParams wide = Sa(0x4000, "10.0.0.1", "10.0.0.2");
        wide.replayWindow = 4096;
        wide.extendedSequenceNumbers = true;
        auto w = sad->Add(wide, err);
        NS_TEST_ASSERT_MSG_NE(w, nullptr, err);
        NS_TEST_ASSERT_MSG_EQ(w->GetReplayWindow().GetSize(), 4096, "");
        NS_TEST_ASSERT_MSG_EQ(w->GetReplayWindow().IsEsn(), true, "");
    }
};

/// SPD and SAD suite.
class SecurityPolicyDatabaseTestSuite : public TestSuite
{
  public:
    SecurityPolicyDatabaseTestSuite()
        : TestSuite("ipsec-spd", ipsectest::UNIT)
    {
        AddTestCase(new SelectorTestCase, ipsectest::QUICK);
        AddTestCase(new SpdOrderTestCase, ipsectest::QUICK);
        AddTestCase(new PolicySaTestCase, ipsectest::QUICK);
        AddTestCase(new SadTestCase, ipsectest::QUICK);
    }
};

/// Static instance.
static SecurityPolicyDatabaseTestSuite g_securityPolicyDatabaseTestSuite;
