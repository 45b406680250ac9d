/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The ipseckey and ipsecconf front-ends applied to nodes: SAs installed through PF_KEY (a
// registered socket hears the ADDs), get/dump output, policies through the key engine's SPD
// entry point, and all-or-nothing files: an error anywhere (a duplicate SA, a delete of a
// missing one, NAT-T details that cannot be expressed, a duplicate policy) installs nothing
// and names the line; `encap udp` and the nat_* extensions give SAs their UDP encapsulation.

#include "ipsec-test-compat.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <sstream>

using namespace ns3;

namespace
{

/// A node with an IPsec layer.
Ptr<Node>
MakeNode()
{
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    NetDeviceContainer devices = p2p.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    addresses.Assign(devices);
    IpsecHelper ipsec;
    ipsec.Install(nodes);
    return nodes.Get(0);
}

const std::string SA_AB = "add esp spi 0x1001 src 10.1.1.1 dst 10.1.1.2 encr_alg aes "
                          "encrkey 4b7e151628aed2a6abf7158809cf4f3c auth_alg sha1 "
                          "authkey 2b7e151628aed2a6abf7158809cf4f3c762e7160\n";
const std::string SA_BA = "add esp spi 0x1002 src 10.1.1.2 dst 10.1.1.1 encr_alg aes "
                          "encrkey a6abf7158809cf4f3c2b7e151628aed2 auth_alg sha1 "
                          "authkey 762e7160f38b4da56a784d9045190cfe2b7e1516\n";

/// Apply ipseckey text to a node.
std::string
ApplyKeys(Ptr<Node> node, const std::string& text, std::ostream* out = nullptr)
{
    const IpseckeyParseResult parsed = IpseckeyParser::ParseString(text, "keys");
    if (!parsed.Ok())
    {
        return parsed.GetErrorText();
    }
    return IpseckeyLoader::Apply(node, parsed.commands, out);
}

/// Apply ipsecconf text to a node.
std::string
ApplyPolicy(Ptr<Node> node, const std::string& text)
{
    const IpsecconfParseResult parsed = IpsecconfParser().ParseString(text, "policy");
    if (!parsed.Ok())
    {
        return parsed.GetErrorText();
    }
    return IpsecconfLoader::Apply(node, parsed.entries);
}

class IpseckeyLoaderTestCase : public TestCase
{
  public:
    IpseckeyLoaderTestCase()
        : TestCase("ipseckey files: applied through PF_KEY, get and dump, all or nothing")
    {
    }

  private:
    uint32_t m_adds = 0;

    void OnRecv(Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv(1 << 20, 0))
        {
            std::vector<uint8_t> bytes(p->GetSize());
            p->CopyData(bytes.data(), bytes.size());
            PfKeyMessage m;
            if (PfKeyMessage::Parse(bytes, m).IsOk() && m.type == PfKeyMessageType::ADD)
            {
                ++m_adds;
            }
        }
    }

    void DoRun() override
    {
        Ptr<Node> node = MakeNode();
        Ptr<SecurityAssociationDatabase> sad = node->GetObject<IpsecLayer>()->GetSad();
        Ptr<Socket> listener = Socket::CreateSocket(node, PfKeySocketFactory::GetTypeId());
        listener->SetRecvCallback(MakeCallback(&IpseckeyLoaderTestCase::OnRecv, this));

        std::ostringstream out;
        NS_TEST_ASSERT_MSG_EQ(
            ApplyKeys(node,
                      "flush\n" + SA_AB + SA_BA + "get esp spi 0x1001 dst 10.1.1.2\ndump esp\n",
                      &out),
            "",
            "a good file applies");
        NS_TEST_ASSERT_MSG_EQ(sad->GetAll().size(), 2u, "two SAs");
        NS_TEST_ASSERT_MSG_EQ(m_adds, 2u, "every socket heard the ADDs: the PF_KEY path");
        Ptr<SecurityAssociation> ab =
            sad->FindInbound(IpsecProtocol::ESP, Ipv4Address("10.1.1.2"), 0x1001);
        NS_TEST_ASSERT_MSG_NE(ab, nullptr, "");
        NS_TEST_ASSERT_MSG_EQ(ab->GetParams().encryptionKey.at(0), 0x4b, "the file's key");
        NS_TEST_ASSERT_MSG_EQ(ab->GetReplayWindow().GetSize(), 64u, "the layer's default window");
        const std::string printed = out.str();
        NS_TEST_ASSERT_MSG_NE(printed.find("spi 0x00001001"), std::string::npos, "get prints");
        NS_TEST_ASSERT_MSG_NE(printed.find("spi 0x00001002"), std::string::npos, "dump prints");

        // Errors: nothing of the file applies, and the message names the line.
        struct Case
        {
            std::string text;
            std::string where;
            std::string what;
        };

        const std::vector<Case> cases{
            {"flush\n" + SA_AB + SA_AB, "keys:3:", "exists already"},
            {"delete esp spi 0x4444 dst 10.1.1.2\n", "keys:1:", "no SA with this SPI"},
            {"add esp spi 0x3000 src 10.1.9.1 dst 10.1.9.2 encr_alg aes encrkey "
             "4b7e151628aed2a6abf7158809cf4f3c encap udp nat_rport 4500\n",
             "keys:1:",
             "add 'inbound'"},
            {"add esp spi 0x3001 src 10.1.1.1 dst 10.1.1.2 encr_alg aes encrkey 4b7e15\n",
             "keys:1:",
             "key"},
            {SA_AB.substr(0, SA_AB.find(" encr_alg")) + "\n", "keys:1:", "encr_alg"},
        };
        for (const auto& c : cases)
        {
            const std::string error = ApplyKeys(node, c.text);
            NS_TEST_ASSERT_MSG_NE(error.find(c.where), std::string::npos, error);
            NS_TEST_ASSERT_MSG_NE(error.find(c.what), std::string::npos, error);
            NS_TEST_ASSERT_MSG_EQ(sad->GetAll().size(), 2u, c.where << " changed nothing");
        }
        Simulator::Destroy();
    }
};

/// `encap udp` and the nat_* extensions: the SA's UDP encapsulation for its direction.
class IpseckeyNatTraversalTestCase : public TestCase
{
  public:
    IpseckeyNatTraversalTestCase()
        : TestCase("ipseckey encap udp with nat_lport, nat_rport, nat_rem: UDP-encapsulated SAs")
    {
    }

  private:
    static std::string Esp(const std::string& spi, const std::string& ends)
    {
        return "add esp spi " + spi + " " + ends +
               " encr_alg aes encrkey 4b7e151628aed2a6abf7158809cf4f3c auth_alg sha1 authkey "
               "2b7e151628aed2a6abf7158809cf4f3c762e7160";
    }

    void DoRun() override
    {
        Ptr<Node> node = MakeNode(); // 10.1.1.1
        Ptr<SecurityAssociationDatabase> sad = node->GetObject<IpsecLayer>()->GetSad();
        const std::string text =
            Esp("0x2001", "src 10.1.1.1 dst 10.1.1.2") + " encap udp nat_rport 4501\n" +
            Esp("0x2002", "src 10.1.1.2 dst 10.1.1.1") +
            " encap udp nat_lport 4600 nat_rport 4501 nat_rem 192.168.7.7\n" +
            Esp("0x2003", "src 10.1.1.2 dst 10.1.1.1") + " encap udp\n" +
            Esp("0x2004", "src 10.1.9.2 dst 10.1.9.1") + " inbound encap udp nat_lport 4700\n" +
            Esp("0x2005", "src 10.1.1.1 dst 10.1.1.2") +
            " encap udp nat_loc 203.0.113.5 nat_rem 192.168.7.7\n" +
            "get esp spi 0x2001 dst 10.1.1.2\n";
        std::ostringstream out;
        NS_TEST_ASSERT_MSG_EQ(ApplyKeys(node, text, &out), "", "applies");
        NS_TEST_ASSERT_MSG_EQ(sad->GetAll().size(), 5u, "five SAs");

        auto encap = [&sad](const char* dst, uint32_t spi) {
            Ptr<SecurityAssociation> sa = sad->Get(IpsecProtocol::ESP, Ipv4Address(dst), spi);
            NS_ABORT_MSG_UNLESS(sa && sa->GetParams().udpEncap,
                                "SA " << spi << " not encapsulated");
            return *sa->GetParams().udpEncap;
        };
        // Outbound: from this node's port (default 4500) to the peer's (nat_rport).
        IpsecUdpEncap e = encap("10.1.1.2", 0x2001);
        NS_TEST_EXPECT_MSG_EQ(e.sourcePort, 4500, "outbound: local port 4500");
        NS_TEST_EXPECT_MSG_EQ(e.destinationPort, 4501, "outbound: nat_rport");
        NS_TEST_EXPECT_MSG_EQ(e.originalSource.GetFamily(), IpsecAddress::NONE, "no OA");
        // Inbound: from the peer's port to this node's; nat_rem is the original source.
        e = encap("10.1.1.1", 0x2002);
        NS_TEST_EXPECT_MSG_EQ(e.sourcePort, 4501, "inbound: from nat_rport");
        NS_TEST_EXPECT_MSG_EQ(e.destinationPort, 4600, "inbound: to nat_lport");
        NS_TEST_EXPECT_MSG_EQ(e.originalSource,
                              IpsecAddress(Ipv4Address("192.168.7.7")),
                              "nat_rem: NAT-OA");
        e = encap("10.1.1.1", 0x2003);
        NS_TEST_EXPECT_MSG_EQ(e.sourcePort, 4500, "defaults");
        NS_TEST_EXPECT_MSG_EQ(e.destinationPort, 4500, "defaults");
        // Neither address is the node's: 'inbound' tells.
        e = encap("10.1.9.1", 0x2004);
        NS_TEST_EXPECT_MSG_EQ(e.sourcePort, 4500, "inbound hint: remote default");
        NS_TEST_EXPECT_MSG_EQ(e.destinationPort, 4700, "inbound hint: nat_lport");
        // Outbound: nat_loc and nat_rem describe the NATs; the SA's own addresses are the
        // original ones, nothing to record.
        e = encap("10.1.1.2", 0x2005);
        NS_TEST_EXPECT_MSG_EQ(e.originalSource.GetFamily(), IpsecAddress::NONE, "");
        NS_TEST_EXPECT_MSG_NE(out.str().find("encap udp 4500->4501"),
                              std::string::npos,
                              "get prints the encapsulation: " << out.str());

        // Errors: nothing of the file applies; each names the line and the extension.
        struct Case
        {
            std::string text;
            std::string where;
            std::string what;
        };

        const std::vector<Case> cases{
            {Esp("0x2101", "src 10.1.1.2 dst 10.1.1.1") + " encap udp\n" +
                 Esp("0x2102", "src 10.1.1.2 dst 10.1.1.1") + " encap udp nat_loc 203.0.113.5\n",
             "keys:2:",
             "remove nat_loc"},
            {Esp("0x2103", "src 10.1.9.2 dst 10.1.9.1") + " encap udp nat_lport 4700\n",
             "keys:1:",
             "add 'inbound' (dst is this node) or 'outbound'"},
            {Esp("0x2104", "src 10.1.1.2 dst 10.1.1.1") + " encap udp nat_rem 2001:db8::7\n",
             "keys:1:",
             "nat_rem is not of the SA's IP version"},
        };
        for (const auto& c : cases)
        {
            const std::string error = ApplyKeys(node, c.text);
            NS_TEST_EXPECT_MSG_NE(error.find(c.where), std::string::npos, error);
            NS_TEST_EXPECT_MSG_NE(error.find(c.what), std::string::npos, error);
            NS_TEST_EXPECT_MSG_EQ(sad->GetAll().size(), 5u, c.where << " changed nothing");
        }
        Simulator::Destroy();
    }
};

class IpsecconfLoaderTestCase : public TestCase
{
  public:
    IpsecconfLoaderTestCase()
        : TestCase("ipsecinit.conf files: policies through the key engine, all or nothing")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<Node> node = MakeNode();
        Ptr<SecurityPolicyDatabase> spd = node->GetObject<IpsecLayer>()->GetSpd();
        const std::string good =
            "{laddr 10.1.1.1 raddr 10.1.1.2 ulp udp rport 9} ipsec {encr_algs aes "
            "encr_auth_algs sha256}\n"
            "{ulp udp rport 10} bypass {}\n"
            "{ulp tcp rport 23} drop {}\n";
        NS_TEST_ASSERT_MSG_EQ(ApplyPolicy(node, good), "", "applies");
        NS_TEST_ASSERT_MSG_EQ(spd->GetPolicies().size(), 3u, "");
        const IpsecProtection& step = spd->GetPolicies().at(0)->GetBundle().front();
        NS_TEST_ASSERT_MSG_EQ(step.encryption, IpsecEncryption::AES_CBC, "algorithms kept");
        NS_TEST_ASSERT_MSG_EQ(step.integrity, IpsecIntegrity::HMAC_SHA256_128, "");
        IpsecFlowKey key;
        key.direction = IpsecDirection::OUTBOUND;
        key.local = Ipv4Address("10.1.1.1");
        key.remote = Ipv4Address("10.1.1.2");
        key.protocol = 6;
        key.remotePort = 23;
        NS_TEST_ASSERT_MSG_EQ(spd->Lookup(key)->GetAction(), IpsecAction::DISCARD, "telnet");

        // The same entries again: each is a duplicate; nothing is added.
        const std::string again = ApplyPolicy(node, good);
        NS_TEST_ASSERT_MSG_NE(again.find("policy:1:"), std::string::npos, again);
        NS_TEST_ASSERT_MSG_NE(again.find("exists already"), std::string::npos, again);
        NS_TEST_ASSERT_MSG_EQ(spd->GetPolicies().size(), 3u, "nothing added");
        // A new entry followed by a duplicate of it: neither is installed.
        const std::string twice = ApplyPolicy(node,
                                              "{ulp udp rport 53} bypass {}\n"
                                              "{ulp udp rport 53} bypass {}\n");
        NS_TEST_ASSERT_MSG_NE(twice.find("policy:2:"), std::string::npos, twice);
        NS_TEST_ASSERT_MSG_EQ(spd->GetPolicies().size(), 3u, "all or nothing");
        Simulator::Destroy();
    }
};

} // namespace

/// The suite.
class IpsecConfigLoaderTestSuite : public TestSuite
{
  public:
    IpsecConfigLoaderTestSuite()
        : TestSuite("ipsec-config-loader", ipsectest::UNIT)
    {
        AddTestCase(new IpseckeyLoaderTestCase, ipsectest::QUICK);
        AddTestCase(new IpseckeyNatTraversalTestCase, ipsectest::QUICK);
        AddTestCase(new IpsecconfLoaderTestCase, ipsectest::QUICK);
    }
};

static IpsecConfigLoaderTestSuite g_ipsecConfigLoaderTestSuite;
