/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ns-3's FlowMonitor on nodes with IPsec. Its Ipv4FlowProbe listens to Ipv4L3Protocol's
// SendOutgoing, UnicastForward, LocalDeliver and Drop traces, and Ipv4FlowClassifier only
// classifies UDP and TCP: what it reports for protected flows follows from where the IPsec
// layer meets the IPv4 stack. These tests pin it down exactly, next to a cleartext flow that
// FlowMonitor sees as usual.

#include "ipsec-test-compat.h"

#include "ns3/core-module.h"
#include "ns3/flow-monitor-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint16_t PROTECTED_PORT = 9; //!< The flow policy protects
constexpr uint16_t CLEAR_PORT = 10;    //!< The flow policy bypasses
constexpr uint32_t PROTECTED_PACKETS = 10;
constexpr uint32_t PROTECTED_SIZE = 300;
constexpr uint32_t CLEAR_PACKETS = 6;
constexpr uint32_t CLEAR_SIZE = 200;

/// One flow as FlowMonitor reports it: its five-tuple and its statistics.
struct Flow
{
    Ipv4FlowClassifier::FiveTuple tuple;
    FlowMonitor::FlowStats stats;
};

/// Send @p count datagrams of @p size bytes from @p from (source port @p sport) to @p to.
Ptr<Socket>
SendUdp(Ptr<Node> from,
        uint16_t sport,
        Ipv4Address to,
        uint16_t dport,
        uint32_t count,
        uint32_t size)
{
    Ptr<Socket> tx = Socket::CreateSocket(from, UdpSocketFactory::GetTypeId());
    tx->Bind(InetSocketAddress(Ipv4Address::GetAny(), sport));
    tx->Connect(InetSocketAddress(to, dport));
    for (uint32_t i = 0; i < count; ++i)
    {
        Simulator::Schedule(Seconds(1) + MilliSeconds(10 * i),
                            [tx, size]() { tx->Send(Create<Packet>(size)); });
    }
    return tx;
}

/// A sink on @p node's @p port counting what it receives.
Ptr<Socket>
Sink(Ptr<Node> node, uint16_t port, uint32_t& received)
{
    Ptr<Socket> rx = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    rx->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    rx->SetRecvCallback([&received](Ptr<Socket> s) {
        while (s->Recv())
        {
            ++received;
        }
    });
    return rx;
}

/// Run, then read every flow FlowMonitor knows.
std::vector<Flow>
RunAndCollect(FlowMonitorHelper& helper, Ptr<FlowMonitor> monitor)
{
    Simulator::Stop(Seconds(20)); // past FlowMonitor's MaxPerHopDelay (10 s) after the sends
    Simulator::Run();
    monitor->CheckForLostPackets();
    Ptr<Ipv4FlowClassifier> classifier = DynamicCast<Ipv4FlowClassifier>(helper.GetClassifier());
    std::vector<Flow> flows;
    for (const auto& [id, stats] : monitor->GetFlowStats())
    {
        flows.push_back({classifier->FindFlow(id), stats});
    }
    return flows;
}

std::string
Describe(const std::vector<Flow>& flows)
{
    std::ostringstream os;
    for (const auto& f : flows)
    {
        os << "[" << f.tuple.sourceAddress << ":" << f.tuple.sourcePort << " -> "
           << f.tuple.destinationAddress << ":" << f.tuple.destinationPort << " proto "
           << int(f.tuple.protocol) << " tx " << f.stats.txPackets << "/" << f.stats.txBytes
           << " rx " << f.stats.rxPackets << "/" << f.stats.rxBytes << " lost "
           << f.stats.lostPackets << " fwd " << f.stats.timesForwarded << "] ";
    }
    return os.str();
}

} // namespace

/**
 * Transport mode: the protected flow never reaches IPv4 as UDP. The layer hands IPv4 an ESP
 * packet (SendOutgoing sees protocol 50, which the classifier declines: no flow, no tag), and
 * delivers the decrypted UDP to UDP itself (no LocalDeliver for it). FlowMonitor shows only
 * the cleartext flow.
 */
class TransportModeTestCase : public TestCase
{
  public:
    TransportModeTestCase()
        : TestCase("transport mode: the protected flow is invisible, the clear one exact")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper().Install(nodes);
        Ipv4InterfaceContainer ifs = Ipv4AddressHelper("10.1.1.0", "/24").Assign(devices);
        IpsecHelper ipsec;
        ipsec.Install(nodes);
        ipsec.AssignStreams(nodes, 1);
        IpsecTrafficSelector udp9;
        udp9.SetProtocol(17).SetRemotePorts(PROTECTED_PORT, PROTECTED_PORT);
        ipsec.AddPolicyPair(nodes.Get(0), nodes.Get(1), udp9, IpsecAction::PROTECT);
        IpsecSaPair sa = ipsec.AddEspSaPair(nodes.Get(0),
                                            ifs.GetAddress(0),
                                            nodes.Get(1),
                                            ifs.GetAddress(1),
                                            IpsecEspSaConfig());
        uint32_t got9 = 0;
        uint32_t got10 = 0;
        std::vector<Ptr<Socket>> sockets{
            Sink(nodes.Get(1), PROTECTED_PORT, got9),
            Sink(nodes.Get(1), CLEAR_PORT, got10),
            SendUdp(nodes.Get(0),
                    5009,
                    ifs.GetAddress(1),
                    PROTECTED_PORT,
                    PROTECTED_PACKETS,
                    PROTECTED_SIZE),
            SendUdp(nodes.Get(0), 5010, ifs.GetAddress(1), CLEAR_PORT, CLEAR_PACKETS, CLEAR_SIZE)};
        FlowMonitorHelper helper;
        Ptr<FlowMonitor> monitor = helper.InstallAll();
        const std::vector<Flow> flows = RunAndCollect(helper, monitor);

        // The traffic itself went through, protected and clear.
        NS_TEST_ASSERT_MSG_EQ(got9, PROTECTED_PACKETS, "protected flow delivered");
        NS_TEST_ASSERT_MSG_EQ(got10, CLEAR_PACKETS, "clear flow delivered");
        NS_TEST_ASSERT_MSG_EQ(sa.atob->GetCounters().txPackets, PROTECTED_PACKETS, "SA tx");
        Ptr<SecurityAssociation> atB =
            nodes.Get(1)->GetObject<IpsecLayer>()->GetSad()->Get(IpsecProtocol::ESP,
                                                                 ifs.GetAddress(1),
                                                                 sa.atob->GetSpi());
        NS_TEST_ASSERT_MSG_EQ(atB->GetCounters().rxPackets, PROTECTED_PACKETS, "SA rx at B");
        NS_TEST_ASSERT_MSG_EQ(atB->GetCounters().rxBytes,
                              PROTECTED_PACKETS * (PROTECTED_SIZE + 8),
                              "SA rx bytes: the UDP datagrams");
        // FlowMonitor: exactly one flow, the clear one, exact.
        NS_TEST_ASSERT_MSG_EQ(flows.size(), 1u, Describe(flows));
        const Flow& clear = flows.at(0);
        NS_TEST_ASSERT_MSG_EQ(clear.tuple.sourceAddress, ifs.GetAddress(0), Describe(flows));
        NS_TEST_ASSERT_MSG_EQ(clear.tuple.destinationAddress, ifs.GetAddress(1), "");
        NS_TEST_ASSERT_MSG_EQ(int(clear.tuple.protocol), 17, "UDP");
        NS_TEST_ASSERT_MSG_EQ(clear.tuple.sourcePort, 5010, "");
        NS_TEST_ASSERT_MSG_EQ(clear.tuple.destinationPort, CLEAR_PORT, "");
        NS_TEST_ASSERT_MSG_EQ(clear.stats.txPackets, CLEAR_PACKETS, "");
        NS_TEST_ASSERT_MSG_EQ(clear.stats.rxPackets, CLEAR_PACKETS, "");
        // FlowMonitor counts IP packets: payload, UDP header (8) and IPv4 header (20).
        NS_TEST_ASSERT_MSG_EQ(clear.stats.txBytes, CLEAR_PACKETS * (CLEAR_SIZE + 28), "");
        NS_TEST_ASSERT_MSG_EQ(clear.stats.rxBytes, CLEAR_PACKETS * (CLEAR_SIZE + 28), "");
        NS_TEST_ASSERT_MSG_EQ(clear.stats.lostPackets, 0u, "");
        NS_TEST_ASSERT_MSG_EQ(clear.stats.timesForwarded, 0u, "");
        Simulator::Destroy();
    }
};

/**
 * Tunnel mode between two gateways: the hosts send plain UDP, so the first IPv4 stack sees a
 * UDP packet and FlowMonitor opens the flow at the sending host (tx counted there) and tags
 * its bytes. At gwA the layer takes the packet before ns-3's forwarding and sends ESP or AH
 * (protocol 50 or 51: not classified, no flow). Whether the far end reports the flow depends
 * on the probe's byte tag surviving the transform: it does through AH, not through ESP.
 */
class TunnelModeTestCase : public TestCase
{
  public:
    explicit TunnelModeTestCase(IpsecProtocol protocol)
        : TestCase(std::string(protocol == IpsecProtocol::AH ? "AH" : "ESP") +
                   " tunnel through gateways: what FlowMonitor reports for the inner flow"),
          m_protocol(protocol)
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer n(4); // hA, gwA, gwB, hB
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        NetDeviceContainer siteA = p2p.Install(n.Get(0), n.Get(1));
        NetDeviceContainer core = p2p.Install(n.Get(1), n.Get(2));
        NetDeviceContainer siteB = p2p.Install(n.Get(2), n.Get(3));
        InternetStackHelper().Install(n);
        Ipv4InterfaceContainer ia = Ipv4AddressHelper("10.1.0.0", "/24").Assign(siteA);
        Ipv4InterfaceContainer ic = Ipv4AddressHelper("192.0.2.0", "/24").Assign(core);
        Ipv4InterfaceContainer ib = Ipv4AddressHelper("10.2.0.0", "/24").Assign(siteB);
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        IpsecHelper ipsec;
        NodeContainer gateways(n.Get(1), n.Get(2));
        ipsec.Install(gateways);
        ipsec.AssignStreams(gateways, 3);
        IpsecTrafficSelector sites;
        sites.SetLocalPrefix(Ipv4Address("10.1.0.0"), Ipv4Mask("/24"))
            .SetRemotePrefix(Ipv4Address("10.2.0.0"), Ipv4Mask("/24"))
            .SetProtocol(17)
            .SetRemotePorts(PROTECTED_PORT, PROTECTED_PORT);
        ipsec.AddTunnelPolicyPair(n.Get(1),
                                  ic.GetAddress(0),
                                  n.Get(2),
                                  ic.GetAddress(1),
                                  sites,
                                  m_protocol);
        IpsecSaPair sa;
        if (m_protocol == IpsecProtocol::AH)
        {
            IpsecAhSaConfig config;
            config.mode = IpsecMode::TUNNEL;
            sa = ipsec.AddAhSaPair(n.Get(1), ic.GetAddress(0), n.Get(2), ic.GetAddress(1), config);
        }
        else
        {
            IpsecEspSaConfig config;
            config.mode = IpsecMode::TUNNEL;
            sa = ipsec.AddEspSaPair(n.Get(1), ic.GetAddress(0), n.Get(2), ic.GetAddress(1), config);
        }
        uint32_t got9 = 0;
        uint32_t got10 = 0;
        std::vector<Ptr<Socket>> sockets{
            Sink(n.Get(3), PROTECTED_PORT, got9),
            Sink(n.Get(3), CLEAR_PORT, got10),
            SendUdp(n.Get(0),
                    5009,
                    ib.GetAddress(1),
                    PROTECTED_PORT,
                    PROTECTED_PACKETS,
                    PROTECTED_SIZE),
            SendUdp(n.Get(0), 5010, ib.GetAddress(1), CLEAR_PORT, CLEAR_PACKETS, CLEAR_SIZE)};
        FlowMonitorHelper helper;
        Ptr<FlowMonitor> monitor = helper.InstallAll();
        const std::vector<Flow> flows = RunAndCollect(helper, monitor);

        NS_TEST_ASSERT_MSG_EQ(got9, PROTECTED_PACKETS, "tunnelled flow delivered");
        NS_TEST_ASSERT_MSG_EQ(got10, CLEAR_PACKETS, "clear flow delivered");
        NS_TEST_ASSERT_MSG_EQ(sa.atob->GetCounters().txPackets, PROTECTED_PACKETS, "tunnel SA");
        // Two flows, both the hosts' UDP: nothing for the gateways' ESP or AH (protocol 50 and
        // 51 are not classified) and no flow between the tunnel endpoints.
        const std::string all = Describe(flows);
        NS_TEST_ASSERT_MSG_EQ(flows.size(), 2u, all);
        for (const Flow& f : flows)
        {
            NS_TEST_ASSERT_MSG_EQ(int(f.tuple.protocol), 17, all);
            NS_TEST_ASSERT_MSG_EQ(f.tuple.sourceAddress, ia.GetAddress(0), all);
            NS_TEST_ASSERT_MSG_EQ(f.tuple.destinationAddress, ib.GetAddress(1), all);
            const bool known =
                f.tuple.destinationPort == PROTECTED_PORT || f.tuple.destinationPort == CLEAR_PORT;
            NS_TEST_ASSERT_MSG_EQ(known, true, all);
            NS_TEST_ASSERT_MSG_EQ(f.tuple.sourcePort, f.tuple.destinationPort + 5000, all);
        }
        const Flow& tunnelled =
            flows.at(0).tuple.destinationPort == PROTECTED_PORT ? flows.at(0) : flows.at(1);
        const Flow& clear = &tunnelled == &flows.at(0) ? flows.at(1) : flows.at(0);
        // The clear flow: both gateways forward it (ns-3's UnicastForward at each).
        NS_TEST_ASSERT_MSG_EQ(clear.stats.txPackets, CLEAR_PACKETS, all);
        NS_TEST_ASSERT_MSG_EQ(clear.stats.rxPackets, CLEAR_PACKETS, all);
        NS_TEST_ASSERT_MSG_EQ(clear.stats.rxBytes, CLEAR_PACKETS * (CLEAR_SIZE + 28), all);
        NS_TEST_ASSERT_MSG_EQ(clear.stats.lostPackets, 0u, all);
        NS_TEST_ASSERT_MSG_EQ(clear.stats.timesForwarded, 2 * CLEAR_PACKETS, all);
        // The tunnelled flow: sent by hA, as a plain UDP flow, counted there.
        NS_TEST_ASSERT_MSG_EQ(tunnelled.stats.txPackets, PROTECTED_PACKETS, all);
        NS_TEST_ASSERT_MSG_EQ(tunnelled.stats.txBytes,
                              PROTECTED_PACKETS * (PROTECTED_SIZE + 28),
                              all);
        if (m_protocol == IpsecProtocol::AH)
        {
            // AH leaves the inner bytes as they are, so the probe's byte tag rides through the
            // tunnel: the outer packet at gwB fails the tag's address check (encapsulated,
            // not reported), the inner one is forwarded by gwB (gwA's forwarding is IPsec's,
            // before ns-3's UnicastForward) and delivered at hB. Exact.
            NS_TEST_ASSERT_MSG_EQ(tunnelled.stats.rxPackets, PROTECTED_PACKETS, all);
            NS_TEST_ASSERT_MSG_EQ(tunnelled.stats.rxBytes,
                                  PROTECTED_PACKETS * (PROTECTED_SIZE + 28),
                                  all);
            NS_TEST_ASSERT_MSG_EQ(tunnelled.stats.lostPackets, 0u, all);
            NS_TEST_ASSERT_MSG_EQ(tunnelled.stats.timesForwarded, PROTECTED_PACKETS, all);
        }
        else
        {
            // ESP replaces the inner bytes by ciphertext, and the byte tag goes with them: the
            // decrypted packet is a stranger to FlowMonitor, which declares every packet of
            // the flow lost once MaxPerHopDelay has passed, although all were delivered.
            NS_TEST_ASSERT_MSG_EQ(tunnelled.stats.rxPackets, 0u, all);
            NS_TEST_ASSERT_MSG_EQ(tunnelled.stats.rxBytes, 0u, all);
            NS_TEST_ASSERT_MSG_EQ(tunnelled.stats.lostPackets, PROTECTED_PACKETS, all);
            NS_TEST_ASSERT_MSG_EQ(tunnelled.stats.timesForwarded, 0u, all);
            // What tells the truth: the SAs' and the layers' counters.
            Ptr<SecurityAssociation> atGwB =
                n.Get(2)->GetObject<IpsecLayer>()->GetSad()->Get(IpsecProtocol::ESP,
                                                                 ic.GetAddress(1),
                                                                 sa.atob->GetSpi());
            NS_TEST_ASSERT_MSG_EQ(atGwB->GetCounters().rxPackets, PROTECTED_PACKETS, "SA rx");
            NS_TEST_ASSERT_MSG_EQ(n.Get(2)->GetObject<IpsecLayer>()->GetCounters().protectedIn,
                                  PROTECTED_PACKETS,
                                  "gwB layer");
        }
        Simulator::Destroy();
    }

    IpsecProtocol m_protocol; //!< ESP or AH
};

/// FlowMonitor suite.
class IpsecFlowMonitorTestSuite : public TestSuite
{
  public:
    IpsecFlowMonitorTestSuite()
        : TestSuite("ipsec-flow-monitor", ipsectest::SYSTEM)
    {
        AddTestCase(new TransportModeTestCase, ipsectest::QUICK);
        AddTestCase(new TunnelModeTestCase(IpsecProtocol::ESP), ipsectest::QUICK);
        AddTestCase(new TunnelModeTestCase(IpsecProtocol::AH), ipsectest::QUICK);
    }
};

/// Static instance.
static IpsecFlowMonitorTestSuite g_ipsecFlowMonitorTestSuite;
