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

#include <algorithm>
#include <sstream>

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
        ah->SetProtection(IpsecProtocol::AH, IpsecMode::TRANSPORT, IpsecEncryption::AES_CBC);
        NS_TEST_ASSERT_MSG_NE(spd->Add(ah), "", "AH cannot require encryption");
        auto tunnel = Create<IpsecPolicy>(udp, IpsecAction::PROTECT);
        tunnel->SetProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL);
        NS_TEST_ASSERT_MSG_NE(spd->Add(tunnel), "", "tunnel without endpoints");
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

/// Selector corner cases: directions, mirror images, ICMP, every Validate() refusal.
class SelectorDetailTestCase : public TestCase
{
  public:
    SelectorDetailTestCase()
        : TestCase("selector directions, mirror, ICMP and validation details")
    {
    }

  private:
    void DoRun() override
    {
        const auto out = IpsecDirection::OUTBOUND;
        const auto in = IpsecDirection::INBOUND;

        // Direction in / out / both.
        IpsecTrafficSelector inOnly;
        inOnly.SetDirection(IpsecDirection::INBOUND);
        NS_TEST_ASSERT_MSG_EQ(inOnly.Matches(Key(in, "1.1.1.1", "2.2.2.2", 6, 1, 2)), true, "in");
        NS_TEST_ASSERT_MSG_EQ(inOnly.Matches(Key(out, "1.1.1.1", "2.2.2.2", 6, 1, 2)), false, "");
        IpsecTrafficSelector both;
        both.SetDirection(IpsecDirection::BOTH);
        NS_TEST_ASSERT_MSG_EQ(both.Matches(Key(in, "1.1.1.1", "2.2.2.2", 6, 1, 2)), true, "both");
        NS_TEST_ASSERT_MSG_EQ(both.Matches(Key(out, "1.1.1.1", "2.2.2.2", 6, 1, 2)), true, "");
        NS_TEST_ASSERT_MSG_EQ((inOnly.Mirror().GetDirection() == out), true, "in mirrors to out");
        NS_TEST_ASSERT_MSG_EQ((both.Mirror().GetDirection() == IpsecDirection::BOTH),
                              true,
                              "both stays both");

        // Prefix boundaries: /24 covers .0 to .255 and nothing next to it; /32 is one host.
        IpsecTrafficSelector net;
        net.SetRemotePrefix(Ipv4Address("192.168.7.99"), Ipv4Mask("/24"));
        NS_TEST_ASSERT_MSG_EQ(net.Matches(Key(out, "1.1.1.1", "192.168.7.0", 6)), true, "");
        NS_TEST_ASSERT_MSG_EQ(net.Matches(Key(out, "1.1.1.1", "192.168.7.255", 6)), true, "");
        NS_TEST_ASSERT_MSG_EQ(net.Matches(Key(out, "1.1.1.1", "192.168.6.255", 6)), false, "");
        NS_TEST_ASSERT_MSG_EQ(net.Matches(Key(out, "1.1.1.1", "192.168.8.0", 6)), false, "");
        IpsecTrafficSelector host;
        host.SetLocalPrefix(Ipv4Address("10.0.0.1"), Ipv4Mask("/32"));
        NS_TEST_ASSERT_MSG_EQ(host.Matches(Key(out, "10.0.0.1", "1.1.1.1", 6)), true, "/32");
        NS_TEST_ASSERT_MSG_EQ(host.Matches(Key(out, "10.0.0.2", "1.1.1.1", 6)), false, "/32");
        IpsecTrafficSelector all;
        all.SetLocalPrefix(Ipv4Address("10.0.0.1"), Ipv4Mask("/0"));
        NS_TEST_ASSERT_MSG_EQ(all.Matches(Key(out, "255.255.255.255", "0.0.0.0", 0)), true, "/0");

        // Protocol 0 is a protocol like any other, not a wildcard.
        IpsecTrafficSelector hopByHop;
        hopByHop.SetProtocol(0);
        NS_TEST_ASSERT_MSG_EQ(hopByHop.Matches(Key(out, "1.1.1.1", "2.2.2.2", 0)), true, "");
        NS_TEST_ASSERT_MSG_EQ(hopByHop.Matches(Key(out, "1.1.1.1", "2.2.2.2", 17)), false, "");
        NS_TEST_ASSERT_MSG_EQ(IpsecTrafficSelector().GetProtocol(),
                              IpsecTrafficSelector::ANY_PROTOCOL,
                              "any by default");

        // Ports: TCP and SCTP carry them too; a local-port selector ignores ICMP and ESP.
        IpsecTrafficSelector web;
        web.SetLocalPorts(80, 80);
        NS_TEST_ASSERT_MSG_EQ(web.Matches(Key(in, "1.1.1.1", "2.2.2.2", 6, 80, 5555)), true, "");
        NS_TEST_ASSERT_MSG_EQ(web.Matches(Key(in, "1.1.1.1", "2.2.2.2", 132, 80, 5)), true, "");
        NS_TEST_ASSERT_MSG_EQ(web.Matches(Key(in, "1.1.1.1", "2.2.2.2", 6, 81, 80)), false, "");
        NS_TEST_ASSERT_MSG_EQ(web.Matches(Key(in, "1.1.1.1", "2.2.2.2", 1, 80, 80)),
                              false,
                              "ICMP never matches a port selector, whatever the key holds");
        NS_TEST_ASSERT_MSG_EQ(web.Matches(Key(in, "1.1.1.1", "2.2.2.2", 50, 80, 80)), false, "");
        IpsecTrafficSelector wide;
        wide.SetLocalPorts(0, 65535).SetRemotePorts(0, 65535);
        NS_TEST_ASSERT_MSG_EQ(wide.Matches(Key(in, "1.1.1.1", "2.2.2.2", 1)),
                              true,
                              "the full range is no port selector at all");

        // Outbound ParseL4: the source port is ours.
        IpsecFlowKey tcp = Key(out, "1.1.1.1", "2.2.2.2", 6);
        const uint8_t seg[4] = {0xc0, 0x01, 0x00, 0x50}; // 49153 -> 80
        tcp.ParseL4(seg, 4);
        NS_TEST_ASSERT_MSG_EQ(tcp.localPort, 49153, "outbound: source port is local");
        NS_TEST_ASSERT_MSG_EQ(tcp.remotePort, 80, "destination port is the peer's");
        IpsecFlowKey shortSeg = Key(out, "1.1.1.1", "2.2.2.2", 17);
        shortSeg.ParseL4(seg, 3);
        NS_TEST_ASSERT_MSG_EQ(shortSeg.localPort, 0, "too short to hold ports");

        // ICMP: code alone, type alone, both.
        IpsecTrafficSelector code3;
        code3.SetProtocol(1).SetIcmp(IpsecTrafficSelector::ANY_ICMP, 3);
        IpsecFlowKey icmp = Key(in, "1.1.1.1", "2.2.2.2", 1);
        icmp.icmpType = 3;
        icmp.icmpCode = 3;
        NS_TEST_ASSERT_MSG_EQ(code3.Matches(icmp), true, "any type, code 3");
        icmp.icmpType = 11;
        NS_TEST_ASSERT_MSG_EQ(code3.Matches(icmp), true, "type does not matter");
        icmp.icmpCode = 0;
        NS_TEST_ASSERT_MSG_EQ(code3.Matches(icmp), false, "code does");
        IpsecFlowKey udpWithTypeBytes = Key(in, "1.1.1.1", "2.2.2.2", 17);
        udpWithTypeBytes.icmpType = 3;
        udpWithTypeBytes.icmpCode = 3;
        NS_TEST_ASSERT_MSG_EQ(code3.Matches(udpWithTypeBytes), false, "UDP is not ICMP");

        // Validate(): each refusal, with a message saying what is wrong.
        NS_TEST_ASSERT_MSG_EQ(IpsecTrafficSelector().Validate(), "", "default is valid");
        NS_TEST_ASSERT_MSG_EQ(IpsecTrafficSelector().SetProtocol(1).SetIcmp(8, 0).Validate(),
                              "",
                              "ICMP echo request selector");
        NS_TEST_ASSERT_MSG_EQ(IpsecTrafficSelector().SetProtocol(255).Validate(), "", "255");
        NS_TEST_ASSERT_MSG_EQ(
            IpsecTrafficSelector().SetProtocol(IpsecTrafficSelector::ANY_PROTOCOL).Validate(),
            "",
            "any");
        const std::vector<std::pair<IpsecTrafficSelector, std::string>> invalid = {
            {IpsecTrafficSelector().SetLocalRange(Ipv4Address("10.0.0.2"), Ipv4Address("10.0.0.1")),
             "local address range"},
            {IpsecTrafficSelector().SetRemoteRange(Ipv4Address("10.0.0.2"),
                                                   Ipv4Address("10.0.0.1")),
             "remote address range"},
            {IpsecTrafficSelector().SetProtocol(257), "protocol"},
            {IpsecTrafficSelector().SetLocalPorts(100, 99), "port range"},
            {IpsecTrafficSelector().SetRemotePorts(100, 99), "port range"},
            {IpsecTrafficSelector().SetProtocol(1).SetIcmp(0, 256), "ICMP type/code"},
            {IpsecTrafficSelector().SetProtocol(1).SetIcmp(-2), "ICMP type/code"},
            {IpsecTrafficSelector().SetIcmp(3, 3), "need protocol 1"},
            {IpsecTrafficSelector().SetIcmp(IpsecTrafficSelector::ANY_ICMP, 3), "protocol 1"},
            {IpsecTrafficSelector().SetProtocol(17).SetIcmp(8), "protocol 1"},
            {IpsecTrafficSelector().SetDirection(static_cast<IpsecDirection>(0)), "direction"},
            {IpsecTrafficSelector().SetDirection(static_cast<IpsecDirection>(4)), "direction"},
        };
        for (size_t i = 0; i < invalid.size(); ++i)
        {
            const std::string err = invalid[i].first.Validate();
            NS_TEST_ASSERT_MSG_NE(err.find(invalid[i].second),
                                  std::string::npos,
                                  "case " << i << ": '" << err << "'");
        }

        // Print: the one-line form names what the selector holds.
        std::ostringstream os;
        os << IpsecTrafficSelector()
                  .SetDirection(IpsecDirection::OUTBOUND)
                  .SetLocalPrefix(Ipv4Address("10.1.1.0"), Ipv4Mask("/24"))
                  .SetRemoteRange(Ipv4Address("10.2.0.1"), Ipv4Address("10.2.0.1"))
                  .SetProtocol(17)
                  .SetRemotePorts(53, 53);
        NS_TEST_ASSERT_MSG_EQ(os.str(),
                              "dir out laddr 10.1.1.0/24 raddr 10.2.0.1:53 ulp 17",
                              "Print");
    }
};

/// Match counters, printing, removal in the middle, and index allocation.
class SpdBookkeepingTestCase : public TestCase
{
  public:
    SpdBookkeepingTestCase()
        : TestCase("SPD indices, match counts, Remove and Flush")
    {
    }

  private:
    void DoRun() override
    {
        auto spd = CreateObject<SecurityPolicyDatabase>();
        const auto out = IpsecDirection::OUTBOUND;
        std::vector<Ptr<IpsecPolicy>> p;
        for (uint16_t port : {10, 20, 30, 40})
        {
            p.push_back(Create<IpsecPolicy>(
                IpsecTrafficSelector().SetProtocol(17).SetRemotePorts(port, port),
                IpsecAction::DISCARD));
            NS_TEST_ASSERT_MSG_EQ(p.back()->GetIndex(), 0, "no index before Add");
            NS_TEST_ASSERT_MSG_EQ(spd->Add(p.back()), "", "");
        }
        for (size_t i = 0; i < p.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(p[i]->GetIndex(), i + 1, "indices 1, 2, 3, ... in order");
            NS_TEST_ASSERT_MSG_EQ(spd->GetPolicies()[i], p[i], "kept in insertion order");
        }

        // The SPD only finds the deciding entry; the caller counts what it decided.
        Ptr<IpsecPolicy> hit = spd->Lookup(Key(out, "1.1.1.1", "2.2.2.2", 17, 1, 30));
        NS_TEST_ASSERT_MSG_EQ(hit, p[2], "port 30");
        NS_TEST_ASSERT_MSG_EQ(hit->GetMatchCount(), 0, "Lookup does not count");
        hit->CountMatch();
        hit->CountMatch();
        NS_TEST_ASSERT_MSG_EQ(p[2]->GetMatchCount(), 2, "counted");
        NS_TEST_ASSERT_MSG_EQ(p[1]->GetMatchCount(), 0, "others untouched");
        std::ostringstream os;
        p[2]->Print(os);
        NS_TEST_ASSERT_MSG_EQ(os.str().substr(0, 3), "#3 ", "printed with its index");
        NS_TEST_ASSERT_MSG_NE(os.str().find("discard matched 2"), std::string::npos, os.str());
        std::ostringstream all;
        spd->Print(all);
        const std::string listing = all.str();
        NS_TEST_ASSERT_MSG_EQ(std::count(listing.begin(), listing.end(), '\n'),
                              4,
                              "one line per entry");

        // Removing from the middle keeps the others, their order and their indices.
        NS_TEST_ASSERT_MSG_EQ(spd->Remove(2), true, "remove #2");
        NS_TEST_ASSERT_MSG_EQ(spd->Remove(2), false, "already gone");
        NS_TEST_ASSERT_MSG_EQ(spd->GetPolicies().size(), 3, "");
        NS_TEST_ASSERT_MSG_EQ(spd->GetPolicies()[1], p[2], "order kept");
        NS_TEST_ASSERT_MSG_EQ(p[2]->GetIndex(), 3, "index kept");
        NS_TEST_ASSERT_MSG_EQ(spd->Lookup(Key(out, "1.1.1.1", "2.2.2.2", 17, 1, 20)),
                              nullptr,
                              "the removed entry no longer decides");
        // Indices are never reused, so a stale index cannot remove a newer entry.
        auto later = Create<IpsecPolicy>(IpsecTrafficSelector(), IpsecAction::BYPASS);
        NS_TEST_ASSERT_MSG_EQ(spd->Add(later), "", "");
        NS_TEST_ASSERT_MSG_EQ(later->GetIndex(), 5, "next index");
        NS_TEST_ASSERT_MSG_EQ(spd->Remove(2), false, "stale index");
        NS_TEST_ASSERT_MSG_EQ(spd->GetPolicies().size(), 4, "");
        NS_TEST_ASSERT_MSG_EQ(spd->Lookup(Key(out, "1.1.1.1", "2.2.2.2", 17, 1, 30)),
                              later,
                              "the catch-all bypass overrides every discard");

        spd->Flush();
        NS_TEST_ASSERT_MSG_EQ(spd->GetPolicies().size(), 0, "flushed");
        NS_TEST_ASSERT_MSG_EQ(spd->Lookup(Key(out, "1.1.1.1", "2.2.2.2", 17, 1, 30)),
                              nullptr,
                              "empty SPD decides nothing");
        auto fresh = Create<IpsecPolicy>(IpsecTrafficSelector(), IpsecAction::DISCARD);
        NS_TEST_ASSERT_MSG_EQ(spd->Add(fresh), "", "");
        NS_TEST_ASSERT_MSG_GT(fresh->GetIndex(), later->GetIndex(), "not reused after Flush");

        // Two bypass entries: the first matching one decides; a discard/protect that comes
        // first still loses to both.
        auto spd2 = CreateObject<SecurityPolicyDatabase>();
        auto protect = Create<IpsecPolicy>(IpsecTrafficSelector(), IpsecAction::PROTECT);
        auto bypassUdp =
            Create<IpsecPolicy>(IpsecTrafficSelector().SetProtocol(17), IpsecAction::BYPASS);
        auto bypassAll = Create<IpsecPolicy>(IpsecTrafficSelector(), IpsecAction::BYPASS);
        spd2->Add(protect);
        spd2->Add(bypassUdp);
        spd2->Add(bypassAll);
        NS_TEST_ASSERT_MSG_EQ(spd2->Lookup(Key(out, "1.1.1.1", "2.2.2.2", 17, 1, 2)),
                              bypassUdp,
                              "first matching bypass");
        NS_TEST_ASSERT_MSG_EQ(spd2->Lookup(Key(out, "1.1.1.1", "2.2.2.2", 6, 1, 2)), bypassAll, "");
        // Bypass precedence only applies to bypass entries that match.
        auto spd3 = CreateObject<SecurityPolicyDatabase>();
        auto discardIn =
            Create<IpsecPolicy>(IpsecTrafficSelector().SetDirection(IpsecDirection::INBOUND),
                                IpsecAction::DISCARD);
        auto bypassOut =
            Create<IpsecPolicy>(IpsecTrafficSelector().SetDirection(IpsecDirection::OUTBOUND),
                                IpsecAction::BYPASS);
        spd3->Add(discardIn);
        spd3->Add(bypassOut);
        NS_TEST_ASSERT_MSG_EQ(spd3->Lookup(Key(IpsecDirection::INBOUND, "1.1.1.1", "2.2.2.2", 6)),
                              discardIn,
                              "the outbound bypass does not apply inbound");
        NS_TEST_ASSERT_MSG_EQ(spd3->Lookup(Key(out, "1.1.1.1", "2.2.2.2", 6)), bypassOut, "");
    }
};

/// Policy Validate() and IsSatisfiedBy() beyond the basics.
class PolicyDetailTestCase : public TestCase
{
  public:
    PolicyDetailTestCase()
        : TestCase("policy validation and requirements, algorithm by algorithm")
    {
    }

  private:
    void DoRun() override
    {
        IpsecTrafficSelector all;
        IpsecPolicy ah(all, IpsecAction::PROTECT);
        ah.SetProtection(IpsecProtocol::AH, IpsecMode::TRANSPORT);
        NS_TEST_ASSERT_MSG_EQ(ah.Validate(), "", "AH transport");
        IpsecPolicy ahEnc(all, IpsecAction::PROTECT);
        ahEnc.SetProtection(IpsecProtocol::AH, IpsecMode::TRANSPORT, IpsecEncryption::AES_CBC);
        NS_TEST_ASSERT_MSG_NE(ahEnc.Validate().find("AH does not encrypt"),
                              std::string::npos,
                              ahEnc.Validate());
        IpsecPolicy tunnel(all, IpsecAction::PROTECT);
        tunnel.SetProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL);
        NS_TEST_ASSERT_MSG_NE(tunnel.Validate().find("needs its tunnel endpoints"),
                              std::string::npos,
                              tunnel.Validate());
        tunnel.SetTunnelEndpoints(Ipv4Address("192.0.2.1"), Ipv4Address("198.51.100.1"));
        NS_TEST_ASSERT_MSG_EQ(tunnel.Validate(), "", "tunnel with endpoints");
        IpsecPolicy unknownEnc(all, IpsecAction::PROTECT);
        unknownEnc.SetProtection(IpsecProtocol::ESP,
                                 IpsecMode::TRANSPORT,
                                 static_cast<IpsecEncryption>(99)); // no such algorithm
        NS_TEST_ASSERT_MSG_NE(unknownEnc.Validate(), "", "unknown encryption");
        IpsecPolicy unknownAuth(all, IpsecAction::PROTECT);
        unknownAuth.SetProtection(IpsecProtocol::ESP,
                                  IpsecMode::TRANSPORT,
                                  IpsecEncryption::ANY,
                                  static_cast<IpsecIntegrity>(99)); // no such algorithm
        NS_TEST_ASSERT_MSG_NE(unknownAuth.Validate(), "", "unknown integrity");
        // Protection requirements are irrelevant to bypass and discard entries.
        IpsecPolicy bypass(all, IpsecAction::BYPASS);
        bypass.SetProtection(IpsecProtocol::AH, IpsecMode::TUNNEL);
        NS_TEST_ASSERT_MSG_EQ(bypass.Validate(), "", "bypass ignores protection");
        IpsecPolicy badSelector(IpsecTrafficSelector().SetIcmp(8), IpsecAction::DISCARD);
        NS_TEST_ASSERT_MSG_NE(badSelector.Validate(), "", "the selector is validated too");
        IpsecPolicy gcmOnly(all, IpsecAction::PROTECT);
        gcmOnly.SetProtection(IpsecProtocol::ESP,
                              IpsecMode::TRANSPORT,
                              IpsecEncryption::AES_GCM_ICV16,
                              IpsecIntegrity::NONE);
        NS_TEST_ASSERT_MSG_EQ(gcmOnly.Validate(), "", "AES-GCM without separate integrity");
        NS_TEST_ASSERT_MSG_EQ(gcmOnly.GetEncryption(), IpsecEncryption::AES_GCM_ICV16, "");
        NS_TEST_ASSERT_MSG_EQ(gcmOnly.GetIntegrity(), IpsecIntegrity::NONE, "");
        NS_TEST_ASSERT_MSG_EQ(gcmOnly.GetProtocol(), IpsecProtocol::ESP, "");
        NS_TEST_ASSERT_MSG_EQ(gcmOnly.GetMode(), IpsecMode::TRANSPORT, "");

        IpsecSaParams gcm = Sa(0x5000, "10.0.0.1", "10.0.0.2");
        gcm.encryption = IpsecEncryption::AES_GCM_ICV16;
        gcm.encryptionKey = std::vector<uint8_t>(36, 3);
        gcm.integrity = IpsecIntegrity::NONE;
        gcm.integrityKey.clear();
        NS_TEST_ASSERT_MSG_EQ(gcm.Validate(), "", "AES-256-GCM with salt");
        SecurityAssociation gcmSa(gcm);
        IpsecSaParams sha256 = Sa(0x5001, "10.0.0.1", "10.0.0.2");
        sha256.integrity = IpsecIntegrity::HMAC_SHA256_128;
        sha256.integrityKey = std::vector<uint8_t>(32, 4);
        SecurityAssociation sha256Sa(sha256);
        SecurityAssociation sha1Sa(Sa(0x5002, "10.0.0.1", "10.0.0.2"));
        IpsecSaParams nullAuth = Sa(0x5003, "10.0.0.1", "10.0.0.2");
        nullAuth.encryption = IpsecEncryption::NULL_ENC;
        nullAuth.encryptionKey.clear();
        SecurityAssociation nullSa(nullAuth);

        IpsecPolicy any(all, IpsecAction::PROTECT);
        IpsecPolicy cbcAny(all, IpsecAction::PROTECT);
        cbcAny.SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT, IpsecEncryption::AES_CBC);
        IpsecPolicy anySha256(all, IpsecAction::PROTECT);
        anySha256.SetProtection(IpsecProtocol::ESP,
                                IpsecMode::TRANSPORT,
                                IpsecEncryption::ANY,
                                IpsecIntegrity::HMAC_SHA256_128);
        IpsecPolicy nullSha1(all, IpsecAction::PROTECT);
        nullSha1.SetProtection(IpsecProtocol::ESP,
                               IpsecMode::TRANSPORT,
                               IpsecEncryption::NULL_ENC,
                               IpsecIntegrity::HMAC_SHA1_96);
        IpsecPolicy discard(all, IpsecAction::DISCARD);

        struct Row
        {
            const IpsecPolicy* policy;
            const char* name;
            bool gcm, sha256, sha1, null;
        };

        const std::vector<Row> table = {
            {&any, "any/any", true, true, true, true},
            {&cbcAny, "aes-cbc/any", false, true, true, false},
            {&anySha256, "any/hmac-sha256", false, true, false, false},
            {&nullSha1, "null/hmac-sha1", false, false, false, true},
            {&gcmOnly, "aes-gcm/none", true, false, false, false},
            {&discard, "discard", false, false, false, false},
        };
        for (const Row& r : table)
        {
            NS_TEST_ASSERT_MSG_EQ(r.policy->IsSatisfiedBy(gcmSa), r.gcm, r.name << " vs gcm");
            NS_TEST_ASSERT_MSG_EQ(r.policy->IsSatisfiedBy(sha256Sa),
                                  r.sha256,
                                  r.name << " vs cbc/sha256");
            NS_TEST_ASSERT_MSG_EQ(r.policy->IsSatisfiedBy(sha1Sa),
                                  r.sha1,
                                  r.name << " vs cbc/sha1");
            NS_TEST_ASSERT_MSG_EQ(r.policy->IsSatisfiedBy(nullSa),
                                  r.null,
                                  r.name << " vs null/sha1");
        }
    }
};

/// SAD refusals with their messages, boundaries, and an SAD that already holds SAs.
class SadDetailTestCase : public TestCase
{
  public:
    SadDetailTestCase()
        : TestCase("SAD: refusal messages, boundaries, duplicates keep the original")
    {
    }

  private:
    void DoRun() override
    {
        auto sad = CreateObject<SecurityAssociationDatabase>();
        std::string err;
        auto original = sad->Add(Sa(0x1000, "10.0.0.1", "10.0.0.2"), err);
        NS_TEST_ASSERT_MSG_NE(original, nullptr, err);
        NS_TEST_ASSERT_MSG_EQ(err, "", "no message on success");

        struct Refusal
        {
            const char* what;
            IpsecSaParams params;
            const char* message; // a part of the expected message
        };

        std::vector<Refusal> refusals;
        auto add = [&refusals](const char* what, const char* message) -> IpsecSaParams& {
            refusals.push_back({what, Sa(0x2000, "10.0.0.1", "10.0.0.2"), message});
            return refusals.back().params;
        };
        add("AES-CBC key of 15 bytes", "aes-cbc: key of 120 bits").encryptionKey.resize(15);
        add("AES-CBC key of 17 bytes", "expected 128, 192 or 256 bits").encryptionKey.resize(17);
        add("AES-CBC key of 0 bytes", "aes-cbc").encryptionKey.clear();
        add("HMAC-SHA1 key of 16 bytes", "hmac-sha1: key of 128 bits").integrityKey.resize(16);
        add("HMAC-SHA1 key of 32 bytes", "expected 160 bits").integrityKey.resize(32);
        {
            IpsecSaParams& p = add("HMAC-SHA-256 key of 20 bytes", "expected 256 bits");
            p.integrity = IpsecIntegrity::HMAC_SHA256_128;
        }
        {
            IpsecSaParams& p = add("AES-GCM key without salt", "salt included");
            p.encryption = IpsecEncryption::AES_GCM_ICV16;
            p.encryptionKey.resize(16);
            p.integrity = IpsecIntegrity::NONE;
            p.integrityKey.clear();
        }
        {
            IpsecSaParams& p = add("AES-GCM key of 33 bytes", "expected 160, 224 or 288 bits");
            p.encryption = IpsecEncryption::AES_GCM_ICV16;
            p.encryptionKey.resize(33);
            p.integrity = IpsecIntegrity::NONE;
            p.integrityKey.clear();
        }
        {
            IpsecSaParams& p = add("AES-GCM with HMAC-SHA1", "combined-mode");
            p.encryption = IpsecEncryption::AES_GCM_ICV16;
            p.encryptionKey.resize(20);
        }
        {
            IpsecSaParams& p = add("NULL key of 16 bytes", "null: key of 128 bits");
            p.encryption = IpsecEncryption::NULL_ENC;
        }
        {
            IpsecSaParams& p = add("NULL and no integrity", "forbidden");
            p.encryption = IpsecEncryption::NULL_ENC;
            p.encryptionKey.clear();
            p.integrity = IpsecIntegrity::NONE;
            p.integrityKey.clear();
        }
        {
            IpsecSaParams& p = add("integrity NONE with a key", "key of 160 bits");
            p.integrity = IpsecIntegrity::NONE;
        }
        add("SPI 0", "reserved").spi = 0;
        add("SPI 1", "reserved").spi = 1;
        add("SPI 255", "reserved").spi = 255;
        add("replay window 0", "replay window 0").replayWindow = 0;
        add("replay window 2^20 + 1", "between 1 and").replayWindow = (1u << 20) + 1;
        add("initial sequence 2^32 without ESN", "32 bits").initialSequence = uint64_t(1) << 32;
        add("AH with an encryption algorithm", "AH does not encrypt").protocol = IpsecProtocol::AH;
        {
            IpsecSaParams& p = add("AH without integrity", "AH needs an integrity algorithm");
            p.protocol = IpsecProtocol::AH;
            p.encryption = IpsecEncryption::NONE;
            p.encryptionKey.clear();
            p.integrity = IpsecIntegrity::NONE;
            p.integrityKey.clear();
        }
        {
            IpsecSaParams& p = add("AH with a short key", "hmac-sha1: key of 128 bits");
            p.protocol = IpsecProtocol::AH;
            p.encryption = IpsecEncryption::NONE;
            p.encryptionKey.clear();
            p.integrityKey.resize(16);
        }
        add("ESP without encryption", "unsupported ESP encryption").encryption =
            IpsecEncryption::NONE;
        add("unknown encryption", "unsupported ESP encryption").encryption =
            static_cast<IpsecEncryption>(99);
        add("unknown integrity", "unsupported integrity").integrity =
            static_cast<IpsecIntegrity>(99);
        add("encryption ANY", "unsupported").encryption = IpsecEncryption::ANY;
        add("duplicate (ESP, 10.0.0.2, 0x1000)", "already exists").spi = 0x1000;

        for (const Refusal& r : refusals)
        {
            err.clear();
            NS_TEST_ASSERT_MSG_EQ(sad->Add(r.params, err), nullptr, r.what);
            NS_TEST_ASSERT_MSG_NE(err.find(r.message),
                                  std::string::npos,
                                  r.what << ": '" << err << "'");
            NS_TEST_ASSERT_MSG_EQ(sad->GetAll().size(), 1, r.what << " left the SAD unchanged");
            NS_TEST_ASSERT_MSG_EQ(
                sad->FindInbound(IpsecProtocol::ESP, Ipv4Address("10.0.0.2"), 0x1000),
                original,
                r.what << ": the original SA is still the one found");
            NS_TEST_ASSERT_MSG_EQ(
                sad->FindInbound(IpsecProtocol::ESP, Ipv4Address("10.0.0.2"), r.params.spi),
                (r.params.spi == 0x1000 ? original : nullptr),
                r.what);
        }
        IpsecPolicy any(IpsecTrafficSelector(), IpsecAction::PROTECT);
        NS_TEST_ASSERT_MSG_EQ(
            sad->FindOutbound(any, Ipv4Address("10.0.0.1"), Ipv4Address("10.0.0.2")),
            original,
            "refused SAs never became outbound candidates");
        NS_TEST_ASSERT_MSG_EQ(original->GetSource(), Ipv4Address("10.0.0.1"), "untouched");

        // Accepted boundaries.
        const std::vector<std::pair<const char*, IpsecSaParams>> accepted = [] {
            std::vector<std::pair<const char*, IpsecSaParams>> v;
            v.emplace_back("SPI 256", Sa(256, "10.0.0.1", "10.0.0.2"));
            v.emplace_back("SPI 0xffffffff", Sa(0xffffffff, "10.0.0.1", "10.0.0.2"));
            v.emplace_back("AES-192-CBC", Sa(0x3001, "10.0.0.1", "10.0.0.2"));
            v.back().second.encryptionKey.resize(24);
            v.emplace_back("AES-256-CBC / HMAC-SHA-256", Sa(0x3002, "10.0.0.1", "10.0.0.2"));
            v.back().second.encryptionKey.resize(32);
            v.back().second.integrity = IpsecIntegrity::HMAC_SHA256_128;
            v.back().second.integrityKey.resize(32);
            v.emplace_back("AES-CBC without integrity", Sa(0x3003, "10.0.0.1", "10.0.0.2"));
            v.back().second.integrity = IpsecIntegrity::NONE;
            v.back().second.integrityKey.clear();
            for (size_t salted : {20, 28, 36})
            {
                v.emplace_back("AES-GCM with salt", Sa(0x3100 + salted, "10.0.0.1", "10.0.0.2"));
                v.back().second.encryption = IpsecEncryption::AES_GCM_ICV16;
                v.back().second.encryptionKey.resize(salted);
                v.back().second.integrity = IpsecIntegrity::NONE;
                v.back().second.integrityKey.clear();
            }
            v.emplace_back("replay window 1", Sa(0x3200, "10.0.0.1", "10.0.0.2"));
            v.back().second.replayWindow = 1;
            v.emplace_back("replay window 2^20", Sa(0x3201, "10.0.0.1", "10.0.0.2"));
            v.back().second.replayWindow = 1u << 20;
            v.emplace_back("initial sequence 2^32 - 1", Sa(0x3202, "10.0.0.1", "10.0.0.2"));
            v.back().second.initialSequence = 0xffffffff;
            v.emplace_back("initial sequence 2^32 with ESN", Sa(0x3203, "10.0.0.1", "10.0.0.2"));
            v.back().second.initialSequence = uint64_t(1) << 32;
            v.back().second.extendedSequenceNumbers = true;
            return v;
        }();
        for (const auto& [what, params] : accepted)
        {
            err = "stale";
            auto sa = sad->Add(params, err);
            NS_TEST_ASSERT_MSG_NE(sa, nullptr, what << ": " << err);
            NS_TEST_ASSERT_MSG_EQ(err, "", what);
            NS_TEST_ASSERT_MSG_EQ(
                sad->FindInbound(IpsecProtocol::ESP, params.destination, params.spi),
                sa,
                what);
        }
        NS_TEST_ASSERT_MSG_EQ(sad->GetAll().size(), 1 + accepted.size(), "all installed");
        NS_TEST_ASSERT_MSG_EQ(sad->GetAll().front(), original, "installation order");

        // The newest satisfying SA wins, per direction pair, and falls back on removal.
        auto newest = sad->GetAll().back();
        NS_TEST_ASSERT_MSG_EQ(
            sad->FindOutbound(any, Ipv4Address("10.0.0.1"), Ipv4Address("10.0.0.2")),
            newest,
            "newest of all");
        NS_TEST_ASSERT_MSG_EQ(sad->Remove(IpsecProtocol::ESP, Ipv4Address("10.0.0.2"), 0x3203),
                              true,
                              "");
        NS_TEST_ASSERT_MSG_EQ(
            sad->FindOutbound(any, Ipv4Address("10.0.0.1"), Ipv4Address("10.0.0.2"))->GetSpi(),
            0x3202,
            "the previous one");
        NS_TEST_ASSERT_MSG_EQ(sad->FindInbound(IpsecProtocol::ESP, Ipv4Address("10.0.0.2"), 0x3203),
                              nullptr,
                              "removed from the inbound index too");
        NS_TEST_ASSERT_MSG_EQ(sad->Remove(IpsecProtocol::ESP, Ipv4Address("10.0.0.3"), 0x3202),
                              false,
                              "removal needs the right destination");
        NS_TEST_ASSERT_MSG_EQ(sad->Remove(IpsecProtocol::AH, Ipv4Address("10.0.0.2"), 0x3202),
                              false,
                              "and the right protocol");
        // After a removal the SPI can be installed again.
        auto again = sad->Add(Sa(0x3203, "10.0.0.1", "10.0.0.2"), err);
        NS_TEST_ASSERT_MSG_NE(again, nullptr, err);
        std::ostringstream os;
        sad->Print(os);
        NS_TEST_ASSERT_MSG_NE(os.str().find("spi 0x00003203"), std::string::npos, os.str());
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
        AddTestCase(new SelectorDetailTestCase, ipsectest::QUICK);
        AddTestCase(new SpdBookkeepingTestCase, ipsectest::QUICK);
        AddTestCase(new PolicyDetailTestCase, ipsectest::QUICK);
        AddTestCase(new SadDetailTestCase, ipsectest::QUICK);
    }
};

/// Static instance.
static SecurityPolicyDatabaseTestSuite g_securityPolicyDatabaseTestSuite;
