/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Tunnel mode (RFC 4301 section 5.1.2): host-to-host tunnels with ESP and AH whose wire bytes
// carry an outer header between the tunnel endpoints and, once decrypted, the inner IPv4
// packet; a host tunnelling to a security gateway that decapsulates and forwards in the
// clear (TTL decremented); the inbound check that a tunnel carries only what its policy
// allows; and RFC 6040 ECN decapsulation.

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

/// Collects the bytes a device puts on the wire and what a sink receives.
struct Observer
{
    std::vector<std::vector<uint8_t>> wire;
    std::vector<std::vector<uint8_t>> farWire;
    uint64_t rxBytes = 0;
    uint32_t rxPackets = 0;
    uint32_t echoes = 0;

    void OnEcho(Ptr<const Packet>)
    {
        ++echoes;
    }

    void OnWire(Ptr<const Packet> p)
    {
        wire.push_back(Bytes(p));
    }

    void OnFarWire(Ptr<const Packet> p)
    {
        farWire.push_back(Bytes(p));
    }

    void OnRx(Ptr<const Packet> p, const Address&)
    {
        rxBytes += p->GetSize();
        ++rxPackets;
    }
};

class HostToHostTestCase : public TestCase
{
  public:
    HostToHostTestCase()
        : TestCase("host-to-host tunnel, ESP and AH: outer header, inner packet, delivery")
    {
    }

  private:
    void DoRun() override
    {
        for (auto protocol : {IpsecProtocol::ESP, IpsecProtocol::AH})
        {
            const bool ah = protocol == IpsecProtocol::AH;
            Observer obs;
            NodeContainer nodes;
            nodes.Create(2);
            PointToPointHelper p2p;
            p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
            NetDeviceContainer devices = p2p.Install(nodes);
            InternetStackHelper internet;
            internet.Install(nodes);
            Ipv4AddressHelper addresses("10.60.0.0", "255.255.255.0");
            Ipv4InterfaceContainer ifaces = addresses.Assign(devices);
            const Ipv4Address a = ifaces.GetAddress(0);
            const Ipv4Address b = ifaces.GetAddress(1);
            IpsecHelper ipsec;
            ipsec.Install(nodes);
            ipsec.AssignStreams(nodes, 9);
            IpsecTrafficSelector udp;
            udp.SetLocalPrefix(a, Ipv4Mask("/32")).SetRemotePrefix(b, Ipv4Mask("/32"));
            udp.SetProtocol(17);
            ipsec.AddTunnelPolicyPair(nodes.Get(0), a, nodes.Get(1), b, udp, protocol);
            IpsecSaPair pair;
            if (ah)
            {
                IpsecAhSaConfig config;
                config.mode = IpsecMode::TUNNEL;
                pair = ipsec.AddAhSaPair(nodes.Get(0), a, nodes.Get(1), b, config);
            }
            else
            {
                IpsecEspSaConfig config;
                config.mode = IpsecMode::TUNNEL;
                pair = ipsec.AddEspSaPair(nodes.Get(0), a, nodes.Get(1), b, config);
            }
            UdpEchoServerHelper server(9);
            server.Install(nodes.Get(1)).Start(Seconds(0));
            UdpEchoClientHelper client(b, 9);
            client.SetAttribute("MaxPackets", UintegerValue(3));
            client.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
            client.SetAttribute("PacketSize", UintegerValue(100));
            ApplicationContainer c = client.Install(nodes.Get(0));
            c.Start(Seconds(0.1));
            c.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Observer::OnEcho, &obs));
            devices.Get(0)->TraceConnectWithoutContext("PhyTxBegin",
                                                       MakeCallback(&Observer::OnWire, &obs));
            Simulator::Stop(Seconds(1));
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ(obs.echoes, 3, (ah ? "AH" : "ESP") << ": echoes come back");

            // Check A's outgoing packets: PPP (2 bytes), outer IPv4 (20), then ESP or AH.
            uint32_t seen = 0;
            SecurityAssociation twin(pair.atob->GetParams());
            for (const auto& w : obs.wire)
            {
                NS_TEST_ASSERT_MSG_GT(w.size(), 22u, "");
                NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(2 + 9)), ah ? 51u : 50u, "outer protocol");
                NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(2 + 8)), 64u, "outer TTL is the default");
                Ptr<Packet> payload = Create<Packet>(w.data() + 22, w.size() - 22);
                uint8_t nh = 0;
                IpsecDropReason why;
                if (ah)
                {
                    Buffer buf;
                    buf.AddAtStart(20);
                    buf.Begin().Write(w.data() + 2, 20);
                    Ipv4Header outer;
                    outer.Deserialize(buf.Begin());
                    AhTransform transform;
                    NS_TEST_ASSERT_MSG_EQ(transform.Unprotect(twin, payload, outer, nh, why),
                                          true,
                                          why);
                }
                else
                {
                    EspTransform transform;
                    NS_TEST_ASSERT_MSG_EQ(transform.Unprotect(twin, payload, nh, why), true, why);
                }
                NS_TEST_ASSERT_MSG_EQ(uint32_t(nh), 4u, "next header: IPv4 inside");
                Ipv4Header inner;
                payload->RemoveHeader(inner);
                NS_TEST_ASSERT_MSG_EQ(inner.GetSource(), a, "inner source");
                NS_TEST_ASSERT_MSG_EQ(inner.GetDestination(), b, "inner destination");
                NS_TEST_ASSERT_MSG_EQ(uint32_t(inner.GetProtocol()), 17u, "inner protocol");
                NS_TEST_ASSERT_MSG_EQ(inner.GetPayloadSize(), payload->GetSize(), "inner length");
                ++seen;
            }
            NS_TEST_ASSERT_MSG_EQ(seen, 3, "three tunnelled requests");
            Simulator::Destroy();
        }
    }
};

/// H (10.70.0.1) -- G (10.70.0.2 | 10.71.0.1) -- S (10.71.0.2): H tunnels to gateway G.
class GatewayTestCase : public TestCase
{
  public:
    GatewayTestCase()
        : TestCase("host to security gateway: decapsulated, checked, forwarded in the clear")
    {
    }

  private:
    void DoRun() override
    {
        Observer obs;
        NodeContainer nodes;
        nodes.Create(3);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        NetDeviceContainer hg = p2p.Install(nodes.Get(0), nodes.Get(1));
        NetDeviceContainer gs = p2p.Install(nodes.Get(1), nodes.Get(2));
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper a1("10.70.0.0", "255.255.255.0");
        Ipv4InterfaceContainer i1 = a1.Assign(hg);
        Ipv4AddressHelper a2("10.71.0.0", "255.255.255.0");
        Ipv4InterfaceContainer i2 = a2.Assign(gs);
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        const Ipv4Address h = i1.GetAddress(0);
        const Ipv4Address g = i1.GetAddress(1);
        const Ipv4Address server = i2.GetAddress(1);

        IpsecHelper ipsec;
        NodeContainer ends(nodes.Get(0), nodes.Get(1));
        ipsec.Install(ends);
        ipsec.AssignStreams(ends, 11);
        // Only UDP to port 9 on the server's subnet goes through the tunnel.
        IpsecTrafficSelector sel;
        sel.SetLocalPrefix(h, Ipv4Mask("/32"))
            .SetRemotePrefix(Ipv4Address("10.71.0.0"), Ipv4Mask("/24"))
            .SetProtocol(17)
            .SetRemotePorts(9, 9);
        ipsec.AddTunnelPolicyPair(nodes.Get(0), h, nodes.Get(1), g, sel);
        // H also sends port 10 into the same SA, which G's policy does not allow.
        IpsecTrafficSelector port10 = sel;
        port10.SetRemotePorts(10, 10);
        auto smuggle = Create<IpsecPolicy>(port10, IpsecAction::PROTECT);
        smuggle->SetProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL).SetTunnelEndpoints(h, g);
        ipsec.AddPolicy(nodes.Get(0), smuggle);
        IpsecEspSaConfig config;
        config.mode = IpsecMode::TUNNEL;
        ipsec.AddEspSaPair(nodes.Get(0), h, nodes.Get(1), g, config);

        for (uint16_t port : {9, 10})
        {
            PacketSinkHelper sink("ns3::UdpSocketFactory",
                                  InetSocketAddress(Ipv4Address::GetAny(), port));
            ApplicationContainer s = sink.Install(nodes.Get(2));
            s.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Observer::OnRx, &obs));
            UdpClientHelper client(server, port);
            client.SetAttribute("MaxPackets", UintegerValue(4));
            client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
            client.SetAttribute("PacketSize", UintegerValue(120));
            client.Install(nodes.Get(0)).Start(Seconds(0.1));
        }
        hg.Get(0)->TraceConnectWithoutContext("PhyTxBegin", MakeCallback(&Observer::OnWire, &obs));
        gs.Get(0)->TraceConnectWithoutContext("PhyTxBegin",
                                              MakeCallback(&Observer::OnFarWire, &obs));
        Simulator::Stop(Seconds(1));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(obs.rxPackets, 4, "port 9 arrives, port 10 is refused at G");
        NS_TEST_ASSERT_MSG_EQ(obs.rxBytes, 4 * 120, "");
        const IpsecLayer::Counters& gc = nodes.Get(1)->GetObject<IpsecLayer>()->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(gc.protectedIn, 4, "G accepted the port-9 packets");
        NS_TEST_ASSERT_MSG_EQ(gc.GetDrops(IpsecDropReason::POLICY_MISMATCH), 4, "port 10");
        for (const auto& w : obs.wire)
        {
            if (w.size() > 22 && w.at(2 + 9) != 1) // ignore nothing but ESP is expected
            {
                NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(2 + 9)), 50u, "H -> G: only ESP");
            }
        }
        uint32_t clear = 0;
        for (const auto& w : obs.farWire)
        {
            if (w.size() > 22 && w.at(2 + 9) == 17)
            {
                ++clear;
                NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(2 + 8)), 63u, "inner TTL decremented by G");
                NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(2 + 12)), 10u, "source is H");
                NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(2 + 15)), 1u, "source is H");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(clear, 4, "G -> S: the inner packets, in the clear");
        Simulator::Destroy();
    }
};

/// hA -- gwA ==== gwB -- hB: a site-to-site VPN between two security gateways.
class SiteToSiteTestCase : public TestCase
{
  public:
    SiteToSiteTestCase()
        : TestCase("site-to-site VPN: gateways encapsulate forwarded traffic both ways")
    {
    }

  private:
    std::vector<std::vector<uint8_t>> m_core;
    std::vector<std::vector<uint8_t>> m_siteB;

    void OnCore(Ptr<const Packet> p)
    {
        m_core.push_back(Bytes(p));
    }

    void OnSiteB(Ptr<const Packet> p)
    {
        m_siteB.push_back(Bytes(p));
    }

    void DoRun() override
    {
        Observer obs;
        NodeContainer n;
        n.Create(4); // hA, gwA, gwB, hB
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        NetDeviceContainer siteA = p2p.Install(n.Get(0), n.Get(1));
        NetDeviceContainer core = p2p.Install(n.Get(1), n.Get(2));
        NetDeviceContainer siteB = p2p.Install(n.Get(2), n.Get(3));
        InternetStackHelper internet;
        internet.Install(n);
        Ipv4AddressHelper a("10.1.0.0", "255.255.255.0");
        Ipv4InterfaceContainer ia = a.Assign(siteA);
        Ipv4AddressHelper c("192.0.2.0", "255.255.255.0");
        Ipv4InterfaceContainer ic = c.Assign(core);
        Ipv4AddressHelper b("10.2.0.0", "255.255.255.0");
        Ipv4InterfaceContainer ib = b.Assign(siteB);
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();

        IpsecHelper ipsec;
        NodeContainer gateways(n.Get(1), n.Get(2));
        ipsec.Install(gateways);
        ipsec.AssignStreams(gateways, 13);
        IpsecTrafficSelector sites;
        sites.SetLocalPrefix(Ipv4Address("10.1.0.0"), Ipv4Mask("/24"))
            .SetRemotePrefix(Ipv4Address("10.2.0.0"), Ipv4Mask("/24"));
        ipsec.AddTunnelPolicyPair(n.Get(1), ic.GetAddress(0), n.Get(2), ic.GetAddress(1), sites);
        IpsecEspSaConfig config;
        config.mode = IpsecMode::TUNNEL;
        config.encryption = IpsecEncryption::AES_CBC;
        config.integrity = IpsecIntegrity::HMAC_SHA256_128;
        ipsec.AddEspSaPair(n.Get(1), ic.GetAddress(0), n.Get(2), ic.GetAddress(1), config);

        UdpEchoServerHelper server(7);
        server.Install(n.Get(3)).Start(Seconds(0));
        UdpEchoClientHelper client(ib.GetAddress(1), 7);
        client.SetAttribute("MaxPackets", UintegerValue(4));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
        client.SetAttribute("PacketSize", UintegerValue(300));
        ApplicationContainer app = client.Install(n.Get(0));
        app.Start(Seconds(0.1));
        app.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Observer::OnEcho, &obs));
        core.Get(0)->TraceConnectWithoutContext("PhyTxBegin",
                                                MakeCallback(&SiteToSiteTestCase::OnCore, this));
        core.Get(1)->TraceConnectWithoutContext("PhyTxBegin",
                                                MakeCallback(&SiteToSiteTestCase::OnCore, this));
        siteB.Get(0)->TraceConnectWithoutContext("PhyTxBegin",
                                                 MakeCallback(&SiteToSiteTestCase::OnSiteB, this));
        Simulator::Stop(Seconds(1));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(obs.echoes, 4, "hA's requests and hB's echoes cross the VPN");
        uint32_t esp = 0;
        for (const auto& w : m_core)
        {
            if (w.size() > 22)
            {
                NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(2 + 9)), 50u, "only ESP between gateways");
                esp += w.at(2 + 9) == 50;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(esp, 8, "4 requests and 4 echoes tunnelled");
        uint32_t clear = 0;
        for (const auto& w : m_siteB)
        {
            if (w.size() > 22 && w.at(2 + 9) == 17)
            {
                ++clear;
                NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(2 + 8)), 62u, "two forwarding hops");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(clear, 4, "site B sees the requests in the clear");
        const auto& ga = n.Get(1)->GetObject<IpsecLayer>()->GetCounters();
        const auto& gb = n.Get(2)->GetObject<IpsecLayer>()->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(ga.protectedOut, 4, "gwA encapsulated the requests");
        NS_TEST_ASSERT_MSG_EQ(gb.protectedIn, 4, "gwB decapsulated them");
        NS_TEST_ASSERT_MSG_EQ(gb.protectedOut, 4, "gwB encapsulated the echoes");
        NS_TEST_ASSERT_MSG_EQ(ga.protectedIn, 4, "gwA decapsulated them");
        Simulator::Destroy();
    }
};

/// Two hosts, ESP tunnel; the sender marks its datagrams with a TOS byte and sends some
/// larger than the link MTU.
class HeaderFieldsTestCase : public TestCase
{
  public:
    HeaderFieldsTestCase()
        : TestCase("tunnel outer header: DSCP, ECN and DF copied; oversize packets fragment "
                   "after ESP and reassemble before it")
    {
    }

  private:
    std::vector<std::vector<uint8_t>> m_wire;
    std::vector<uint32_t> m_rxSizes;

    void OnWire(Ptr<const Packet> p)
    {
        m_wire.push_back(Bytes(p));
    }

    void OnRx(Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv())
        {
            m_rxSizes.push_back(p->GetSize());
        }
    }

    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses("10.80.0.0", "255.255.255.0");
        Ipv4InterfaceContainer ifaces = addresses.Assign(devices);
        const Ipv4Address a = ifaces.GetAddress(0);
        const Ipv4Address b = ifaces.GetAddress(1);
        IpsecHelper ipsec;
        ipsec.Install(nodes);
        ipsec.AssignStreams(nodes, 17);
        IpsecTrafficSelector udp;
        udp.SetProtocol(17);
        ipsec.AddTunnelPolicyPair(nodes.Get(0), a, nodes.Get(1), b, udp);
        IpsecEspSaConfig config;
        config.mode = IpsecMode::TUNNEL;
        ipsec.AddEspSaPair(nodes.Get(0), a, nodes.Get(1), b, config);

        Ptr<Socket> rx = Socket::CreateSocket(nodes.Get(1), UdpSocketFactory::GetTypeId());
        rx->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        rx->SetRecvCallback(MakeCallback(&HeaderFieldsTestCase::OnRx, this));
        Ptr<Socket> tx = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        tx->Connect(InetSocketAddress(b, 9));
        tx->SetIpTos(0xb9); // DSCP 46 (EF), ECN ECT(1)
        Simulator::Schedule(Seconds(0.1), [tx]() { tx->Send(Create<Packet>(100)); });
        Simulator::Schedule(Seconds(0.2), [tx]() { tx->Send(Create<Packet>(4000)); });
        // A socket that asks for DF (path MTU discovery): the outer header copies it.
        Ptr<Socket> df = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        df->SetAttribute("MtuDiscover", BooleanValue(true));
        df->Connect(InetSocketAddress(b, 9));
        df->SetIpTos(0xb9);
        Simulator::Schedule(Seconds(0.3), [df]() { df->Send(Create<Packet>(200)); });
        devices.Get(0)->TraceConnectWithoutContext(
            "PhyTxBegin",
            MakeCallback(&HeaderFieldsTestCase::OnWire, this));
        Simulator::Stop(Seconds(1));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(m_rxSizes.size(), 3, "all three datagrams delivered");
        NS_TEST_ASSERT_MSG_EQ(m_rxSizes.at(2), 200u, "");
        NS_TEST_ASSERT_MSG_EQ(m_rxSizes.at(0), 100u, "");
        NS_TEST_ASSERT_MSG_EQ(m_rxSizes.at(1), 4000u, "reassembled, then decrypted");
        uint32_t fragments = 0;
        uint32_t dontFragment = 0;
        for (const auto& w : m_wire)
        {
            NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(2 + 1)), 0xb9u, "outer TOS = inner DSCP + ECN");
            NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(2 + 9)), 50u, "ESP");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(w.size(), 1502u, "no frame above the MTU");
            const uint16_t flagsOffset = (w.at(2 + 6) << 8) | w.at(2 + 7);
            fragments += (flagsOffset & 0x3fff) != 0;
            dontFragment += (flagsOffset & 0x4000) != 0;
        }
        NS_TEST_ASSERT_MSG_EQ(fragments, 3u, "the 4000-byte datagram left as 3 ESP fragments");
        NS_TEST_ASSERT_MSG_EQ(dontFragment, 1u, "DF copied from the inner header, once");
        Simulator::Destroy();
    }
};

/// hA -- R1 ==(tun 172.16.0.0/30 over 192.0.2.0/24)== R2 -- hB, static routes.
class TunnelInterfaceTestCase : public TestCase
{
  public:
    TunnelInterfaceTestCase()
        : TestCase("route-based tunnel interfaces: routing chooses, per-tunnel policy decides")
    {
    }

  private:
    std::vector<std::vector<uint8_t>> m_core;

    void OnCore(Ptr<const Packet> p)
    {
        m_core.push_back(Bytes(p));
    }

    void DoRun() override
    {
        Observer obs;
        NodeContainer n;
        n.Create(4); // hA, R1, R2, hB
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        NetDeviceContainer lanA = p2p.Install(n.Get(0), n.Get(1));
        NetDeviceContainer core = p2p.Install(n.Get(1), n.Get(2));
        NetDeviceContainer lanB = p2p.Install(n.Get(2), n.Get(3));
        InternetStackHelper internet;
        internet.Install(n);
        Ipv4AddressHelper a("10.1.0.0", "255.255.255.0");
        a.Assign(lanA);
        Ipv4AddressHelper c("192.0.2.0", "255.255.255.0");
        c.Assign(core);
        Ipv4AddressHelper b("10.2.0.0", "255.255.255.0");
        b.Assign(lanB);

        IpsecHelper ipsec;
        NodeContainer routers(n.Get(1), n.Get(2));
        ipsec.Install(routers);
        ipsec.AssignStreams(routers, 31);
        Ptr<IpsecTunnelInterface> t1 = ipsec.AddTunnelInterface(n.Get(1),
                                                                Ipv4Address("192.0.2.1"),
                                                                Ipv4Address("192.0.2.2"),
                                                                Ipv4Address("172.16.0.1"),
                                                                Ipv4Mask("/30"));
        Ptr<IpsecTunnelInterface> t2 = ipsec.AddTunnelInterface(n.Get(2),
                                                                Ipv4Address("192.0.2.2"),
                                                                Ipv4Address("192.0.2.1"),
                                                                Ipv4Address("172.16.0.2"),
                                                                Ipv4Mask("/30"));
        NS_TEST_ASSERT_MSG_EQ(t1->GetDevice()->GetMtu(), 1500 - 93, "MTU leaves room for ESP");
        // Per-tunnel policy: only UDP echo (port 7) between the two LANs.
        IpsecTrafficSelector echo;
        echo.SetLocalPrefix(Ipv4Address("10.1.0.0"), Ipv4Mask("/24"))
            .SetRemotePrefix(Ipv4Address("10.2.0.0"), Ipv4Mask("/24"))
            .SetProtocol(17);
        IpsecTrafficSelector toEcho = echo;
        toEcho.SetRemotePorts(7, 7);
        IpsecTrafficSelector fromEcho = echo;
        fromEcho.SetLocalPorts(7, 7);
        NS_TEST_ASSERT_MSG_EQ(t1->AddPolicy(toEcho, IpsecAction::PROTECT), "", "");
        NS_TEST_ASSERT_MSG_EQ(t2->AddPolicy(toEcho.Mirror(), IpsecAction::PROTECT), "", "");
        NS_TEST_ASSERT_MSG_NE(t1->AddPolicy(echo, IpsecAction::BYPASS), "", "no bypass");
        IpsecEspSaConfig config;
        config.mode = IpsecMode::TUNNEL;
        ipsec.AddEspSaPair(n.Get(1),
                           Ipv4Address("192.0.2.1"),
                           n.Get(2),
                           Ipv4Address("192.0.2.2"),
                           config);

        // Routing decides what enters the tunnels.
        Ipv4StaticRoutingHelper staticRouting;
        auto route = [&staticRouting, &n](uint32_t node) {
            return staticRouting.GetStaticRouting(n.Get(node)->GetObject<Ipv4>());
        };
        const uint32_t tun1 = n.Get(1)->GetObject<Ipv4>()->GetInterfaceForDevice(t1->GetDevice());
        const uint32_t tun2 = n.Get(2)->GetObject<Ipv4>()->GetInterfaceForDevice(t2->GetDevice());
        route(0)->SetDefaultRoute(Ipv4Address("10.1.0.2"), 1);
        route(3)->SetDefaultRoute(Ipv4Address("10.2.0.1"), 1);
        route(1)->AddNetworkRouteTo(Ipv4Address("10.2.0.0"), Ipv4Mask("/24"), tun1);
        route(2)->AddNetworkRouteTo(Ipv4Address("10.1.0.0"), Ipv4Mask("/24"), tun2);

        UdpEchoServerHelper server(7);
        server.Install(n.Get(3)).Start(Seconds(0));
        UdpEchoClientHelper client(Ipv4Address("10.2.0.2"), 7);
        client.SetAttribute("MaxPackets", UintegerValue(4));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
        client.SetAttribute("PacketSize", UintegerValue(200));
        ApplicationContainer app = client.Install(n.Get(0));
        app.Start(Seconds(0.1));
        app.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Observer::OnEcho, &obs));
        // Port 8 is routed into the tunnel too, but the tunnel's policy does not allow it.
        UdpClientHelper other(Ipv4Address("10.2.0.2"), 8);
        other.SetAttribute("MaxPackets", UintegerValue(3));
        other.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
        other.Install(n.Get(0)).Start(Seconds(0.1));
        core.Get(0)->TraceConnectWithoutContext(
            "PhyTxBegin",
            MakeCallback(&TunnelInterfaceTestCase::OnCore, this));
        core.Get(1)->TraceConnectWithoutContext(
            "PhyTxBegin",
            MakeCallback(&TunnelInterfaceTestCase::OnCore, this));
        Simulator::Stop(Seconds(1));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(obs.echoes, 4, "echo requests and replies cross the tunnel");
        uint32_t esp = 0;
        for (const auto& w : m_core)
        {
            NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(2 + 9)), 50u, "only ESP on the core link");
            esp += w.at(2 + 9) == 50;
        }
        NS_TEST_ASSERT_MSG_EQ(esp, 8, "");
        const auto& r1 = n.Get(1)->GetObject<IpsecLayer>()->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(r1.GetDrops(IpsecDropReason::POLICY_DISCARD),
                              3,
                              "port 8: routed into the tunnel, refused by its policy");
        NS_TEST_ASSERT_MSG_EQ(t1->GetSpd()->GetPolicies().at(0)->GetMatchCount(), 4 + 4, "");
        Simulator::Destroy();
    }
};

/// Tunnel packets built here with an outer CE mark, handed to the receiver's layer.
class EcnDecapsulationTestCase : public TestCase
{
  public:
    EcnDecapsulationTestCase()
        : TestCase("RFC 6040 decapsulation (CE survives into an ECN-capable inner packet, a "
                   "CE-marked not-ECT packet is dropped); malformed inner packets are dropped")
    {
    }

  private:
    std::vector<uint8_t> m_tos;

    void OnRx(Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv())
        {
            SocketIpTosTag tos;
            m_tos.push_back(p->PeekPacketTag(tos) ? tos.GetTos() : 0xff);
        }
    }

    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(2);
        PointToPointHelper p2p;
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses("10.85.0.0", "255.255.255.0");
        Ipv4InterfaceContainer ifaces = addresses.Assign(devices);
        const Ipv4Address a = ifaces.GetAddress(0);
        const Ipv4Address b = ifaces.GetAddress(1);
        IpsecHelper ipsec;
        ipsec.Install(nodes);
        ipsec.AssignStreams(nodes, 19);
        IpsecTrafficSelector udp;
        udp.SetProtocol(17);
        ipsec.AddTunnelPolicyPair(nodes.Get(0), a, nodes.Get(1), b, udp);
        IpsecEspSaConfig config;
        config.mode = IpsecMode::TUNNEL;
        IpsecSaPair pair = ipsec.AddEspSaPair(nodes.Get(0), a, nodes.Get(1), b, config);

        Ptr<Socket> rx = Socket::CreateSocket(nodes.Get(1), UdpSocketFactory::GetTypeId());
        rx->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        rx->SetIpRecvTos(true);
        rx->SetRecvCallback(MakeCallback(&EcnDecapsulationTestCase::OnRx, this));

        SecurityAssociation sender(pair.atob->GetParams());
        EspTransform esp;
        Ptr<IpsecLayer> layer = nodes.Get(1)->GetObject<IpsecLayer>();
        Ptr<Ipv4L3Protocol> ipv4 = nodes.Get(1)->GetObject<Ipv4L3Protocol>();
        auto deliver = [&](Ipv4Header::EcnType innerEcn) {
            Ptr<Packet> p = Create<Packet>(30);
            UdpHeader udpHeader;
            udpHeader.SetSourcePort(5000);
            udpHeader.SetDestinationPort(9);
            p->AddHeader(udpHeader);
            Ipv4Header inner;
            inner.SetSource(a);
            inner.SetDestination(b);
            inner.SetProtocol(17);
            inner.SetPayloadSize(p->GetSize());
            inner.SetTtl(64);
            inner.SetEcn(innerEcn);
            p->AddHeader(inner);
            IpsecDropReason why;
            esp.Protect(sender, p, 4, why);
            Ipv4Header outer;
            outer.SetSource(a);
            outer.SetDestination(b);
            outer.SetProtocol(50);
            outer.SetPayloadSize(p->GetSize());
            outer.SetTtl(60);
            outer.SetEcn(Ipv4Header::ECN_CE); // congestion seen on the way
            layer->Receive(IpsecProtocol::ESP, p, outer, ipv4->GetNetDevice(1));
        };
        // Malformed inner packets: authenticated, but not IPv4 a receiver could use.
        auto deliverInner = [&](std::vector<uint8_t> bytes) {
            Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
            IpsecDropReason why;
            esp.Protect(sender, p, 4, why);
            Ipv4Header outer;
            outer.SetSource(a);
            outer.SetDestination(b);
            outer.SetProtocol(50);
            outer.SetPayloadSize(p->GetSize());
            layer->Receive(IpsecProtocol::ESP, p, outer, ipv4->GetNetDevice(1));
        };
        Simulator::Schedule(Seconds(0.1), [&]() { deliver(Ipv4Header::ECN_ECT0); });
        Simulator::Schedule(Seconds(0.2), [&]() { deliver(Ipv4Header::ECN_NotECT); });
        Simulator::Schedule(Seconds(0.3), [&]() { deliverInner({0x45, 0, 0, 40, 1, 2}); });
        Simulator::Schedule(Seconds(0.4), [&]() {
            std::vector<uint8_t> v6(40, 0);
            v6[0] = 0x60; // an IPv6 header where the SA carries IPv4
            deliverInner(v6);
        });
        Simulator::Schedule(Seconds(0.5), [&]() {
            std::vector<uint8_t> longer(28, 0);
            longer[0] = 0x45;
            longer[3] = 200; // total length beyond the bytes present
            longer[9] = 17;
            deliverInner(longer);
        });
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(m_tos.size(), 1, "the not-ECT packet is dropped");
        NS_TEST_ASSERT_MSG_EQ(uint32_t(m_tos.at(0) & 0x3), 3u, "CE copied to the inner packet");
        NS_TEST_ASSERT_MSG_EQ(layer->GetCounters().GetDrops(IpsecDropReason::BAD_INNER_PACKET),
                              4,
                              "CE on not-ECT, a runt, IPv6 inside, a length beyond the bytes");
        Simulator::Destroy();
    }
};

} // namespace

class IpsecTunnelTestSuite : public TestSuite
{
  public:
    IpsecTunnelTestSuite()
        : TestSuite("ipsec-tunnel", ipsectest::UNIT)
    {
        AddTestCase(new HostToHostTestCase, ipsectest::QUICK);
        AddTestCase(new GatewayTestCase, ipsectest::QUICK);
        AddTestCase(new SiteToSiteTestCase, ipsectest::QUICK);
        AddTestCase(new HeaderFieldsTestCase, ipsectest::QUICK);
        AddTestCase(new TunnelInterfaceTestCase, ipsectest::QUICK);
        AddTestCase(new EcnDecapsulationTestCase, ipsectest::QUICK);
    }
};

static IpsecTunnelTestSuite g_ipsecTunnelTestSuite;
