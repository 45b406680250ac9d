/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// SA bundles (RFC 4301 section 4.5): ESP inside AH, and transport-mode ESP inside an ESP
// tunnel, between two hosts — the nesting on the wire, each layer opened with its own SA,
// delivery; a receiver whose policy demands a bundle refusing a single SA; and the rule that
// AH is the outermost step.

#include "ipsec-test-compat.h"
#include "ipsec-test-util.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

using namespace ns3;

namespace
{

using ipsectest::Bytes;

/// Two hosts with IPsec layers; policies and SAs are up to each test.
struct TwoHosts
{
    NodeContainer nodes;
    NetDeviceContainer devices;
    Ipv4Address a;
    Ipv4Address b;
    IpsecHelper ipsec;
    std::vector<std::vector<uint8_t>> wire;
    uint32_t echoes = 0;

    TwoHosts()
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses("10.90.0.0", "255.255.255.0");
        Ipv4InterfaceContainer ifaces = addresses.Assign(devices);
        a = ifaces.GetAddress(0);
        b = ifaces.GetAddress(1);
        ipsec.Install(nodes);
        ipsec.AssignStreams(nodes, 21);
    }

    void OnWire(Ptr<const Packet> p)
    {
        wire.push_back(Bytes(p));
    }

    void OnEcho(Ptr<const Packet>)
    {
        ++echoes;
    }

    /// The same bundle on both hosts (mirrored selector, swapped tunnel endpoints).
    void AddBundlePolicies(const std::vector<IpsecProtection>& steps)
    {
        IpsecTrafficSelector udp;
        udp.SetProtocol(17);
        for (uint32_t i = 0; i < 2; ++i)
        {
            auto p = Create<IpsecPolicy>(i == 0 ? udp : udp.Mirror(), IpsecAction::PROTECT);
            for (size_t k = 0; k < steps.size(); ++k)
            {
                const IpsecProtection& s = steps[k];
                if (k == 0)
                {
                    p->SetProtection(s.protocol, s.mode);
                }
                else
                {
                    p->AddProtection(s.protocol, s.mode);
                }
                if (s.mode == IpsecMode::TUNNEL)
                {
                    p->SetTunnelEndpoints(i == 0 ? a : b, i == 0 ? b : a);
                }
            }
            NS_ABORT_MSG_UNLESS(p->Validate().empty(), p->Validate());
            ipsec.AddPolicy(nodes.Get(i), p);
        }
    }

    void Run(uint32_t packets)
    {
        UdpEchoServerHelper server(9);
        server.Install(nodes.Get(1)).Start(Seconds(0));
        UdpEchoClientHelper client(b, 9);
        client.SetAttribute("MaxPackets", UintegerValue(packets));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
        client.SetAttribute("PacketSize", UintegerValue(64));
        ApplicationContainer c = client.Install(nodes.Get(0));
        c.Start(Seconds(0.1));
        c.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&TwoHosts::OnEcho, this));
        devices.Get(0)->TraceConnectWithoutContext("PhyTxBegin",
                                                   MakeCallback(&TwoHosts::OnWire, this));
        Simulator::Stop(Seconds(1));
        Simulator::Run();
    }
};

IpsecProtection
Step(IpsecProtocol protocol, IpsecMode mode)
{
    IpsecProtection s;
    s.protocol = protocol;
    s.mode = mode;
    return s;
}

class EspInsideAhTestCase : public TestCase
{
  public:
    EspInsideAhTestCase()
        : TestCase("ESP inside AH between two hosts")
    {
    }

  private:
    void DoRun() override
    {
        TwoHosts t;
        t.AddBundlePolicies({Step(IpsecProtocol::ESP, IpsecMode::TRANSPORT),
                             Step(IpsecProtocol::AH, IpsecMode::TRANSPORT)});
        IpsecSaPair esp =
            t.ipsec.AddEspSaPair(t.nodes.Get(0), t.a, t.nodes.Get(1), t.b, IpsecEspSaConfig());
        IpsecSaPair ah =
            t.ipsec.AddAhSaPair(t.nodes.Get(0), t.a, t.nodes.Get(1), t.b, IpsecAhSaConfig());
        t.Run(3);
        NS_TEST_ASSERT_MSG_EQ(t.echoes, 3, "echoes through the bundle");
        NS_TEST_ASSERT_MSG_EQ(t.wire.size(), 3, "");
        for (const auto& w : t.wire)
        {
            // PPP 2 + IPv4 20: protocol AH; AH says ESP follows; the ESP SPI is the ESP SA's.
            NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(11)), 51u, "outer protocol AH");
            NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(22)), 50u, "AH next header ESP");
            const uint32_t ahLen = (w.at(23) + 2u) * 4;
            const uint32_t spi = (uint32_t(w.at(22 + ahLen)) << 24) |
                                 (uint32_t(w.at(23 + ahLen)) << 16) |
                                 (uint32_t(w.at(24 + ahLen)) << 8) | w.at(25 + ahLen);
            NS_TEST_ASSERT_MSG_EQ(spi, esp.atob->GetSpi(), "ESP inside");
        }
        NS_TEST_ASSERT_MSG_EQ(esp.atob->GetCounters().txPackets, 3, "");
        NS_TEST_ASSERT_MSG_EQ(ah.atob->GetCounters().txPackets, 3, "");
        NS_TEST_ASSERT_MSG_EQ(t.nodes.Get(1)->GetObject<IpsecLayer>()->GetCounters().protectedIn,
                              3,
                              "accepted once each");
        Simulator::Destroy();
    }
};

class TransportInsideTunnelTestCase : public TestCase
{
  public:
    TransportInsideTunnelTestCase()
        : TestCase("transport-mode ESP inside an ESP tunnel")
    {
    }

  private:
    void DoRun() override
    {
        TwoHosts t;
        t.AddBundlePolicies({Step(IpsecProtocol::ESP, IpsecMode::TRANSPORT),
                             Step(IpsecProtocol::ESP, IpsecMode::TUNNEL)});
        IpsecEspSaConfig transport;
        IpsecSaPair inner =
            t.ipsec.AddEspSaPair(t.nodes.Get(0), t.a, t.nodes.Get(1), t.b, transport);
        IpsecEspSaConfig tunnel;
        tunnel.mode = IpsecMode::TUNNEL;
        tunnel.encryption = IpsecEncryption::AES_CBC;
        tunnel.integrity = IpsecIntegrity::HMAC_SHA1_96;
        IpsecSaPair outer = t.ipsec.AddEspSaPair(t.nodes.Get(0), t.a, t.nodes.Get(1), t.b, tunnel);
        t.Run(2);
        NS_TEST_ASSERT_MSG_EQ(t.echoes, 2, "echoes through the bundle");
        SecurityAssociation outerTwin(outer.atob->GetParams());
        SecurityAssociation innerTwin(inner.atob->GetParams());
        EspTransform esp;
        for (const auto& w : t.wire)
        {
            Ptr<Packet> p = Create<Packet>(w.data() + 22, w.size() - 22);
            uint8_t nh = 0;
            IpsecDropReason why;
            NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(outerTwin, p, nh, why), true, why);
            NS_TEST_ASSERT_MSG_EQ(uint32_t(nh), 4u, "the tunnel carries an IPv4 packet");
            Ipv4Header ip;
            p->RemoveHeader(ip);
            NS_TEST_ASSERT_MSG_EQ(uint32_t(ip.GetProtocol()), 50u, "which carries ESP");
            NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(innerTwin, p, nh, why), true, why);
            NS_TEST_ASSERT_MSG_EQ(uint32_t(nh), 17u, "which carries UDP");
        }
        NS_TEST_ASSERT_MSG_EQ(t.wire.size(), 2, "");
        Simulator::Destroy();
    }
};

class BundleMismatchTestCase : public TestCase
{
  public:
    BundleMismatchTestCase()
        : TestCase("a receiver requiring a bundle refuses one SA; AH must be outermost")
    {
    }

  private:
    void DoRun() override
    {
        TwoHosts t;
        // The sender protects with ESP only; the receiver requires ESP inside AH.
        IpsecTrafficSelector udp;
        udp.SetProtocol(17);
        auto single = Create<IpsecPolicy>(udp, IpsecAction::PROTECT);
        t.ipsec.AddPolicy(t.nodes.Get(0), single);
        auto bundle = Create<IpsecPolicy>(udp.Mirror(), IpsecAction::PROTECT);
        bundle->SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT)
            .AddProtection(IpsecProtocol::AH, IpsecMode::TRANSPORT);
        t.ipsec.AddPolicy(t.nodes.Get(1), bundle);
        t.ipsec.AddEspSaPair(t.nodes.Get(0), t.a, t.nodes.Get(1), t.b, IpsecEspSaConfig());
        t.Run(2);
        NS_TEST_ASSERT_MSG_EQ(t.echoes, 0, "nothing delivered");
        NS_TEST_ASSERT_MSG_EQ(t.nodes.Get(1)->GetObject<IpsecLayer>()->GetCounters().GetDrops(
                                  IpsecDropReason::POLICY_MISMATCH),
                              2,
                              "refused by the inbound policy check");
        Simulator::Destroy();

        IpsecPolicy ahInside(udp, IpsecAction::PROTECT);
        ahInside.SetProtection(IpsecProtocol::AH, IpsecMode::TRANSPORT)
            .AddProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT);
        NS_TEST_ASSERT_MSG_NE(ahInside.Validate().find("AH must be the outermost"),
                              std::string::npos,
                              ahInside.Validate());
        IpsecPolicy tunnelNoEndpoints(udp, IpsecAction::PROTECT);
        tunnelNoEndpoints.SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT)
            .AddProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL);
        NS_TEST_ASSERT_MSG_NE(tunnelNoEndpoints.Validate().find("bundle step 2"),
                              std::string::npos,
                              tunnelNoEndpoints.Validate());
    }
};

} // namespace

class IpsecBundleTestSuite : public TestSuite
{
  public:
    IpsecBundleTestSuite()
        : TestSuite("ipsec-bundle", ipsectest::UNIT)
    {
        AddTestCase(new EspInsideAhTestCase, ipsectest::QUICK);
        AddTestCase(new TransportInsideTunnelTestCase, ipsectest::QUICK);
        AddTestCase(new BundleMismatchTestCase, ipsectest::QUICK);
    }
};

static IpsecBundleTestSuite g_ipsecBundleTestSuite;
