/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// IPsec over IPv6: transport-mode ESP and AH between IPv6 hosts (wire bytes decoded and
// verified, AH's 64-bit alignment and which IPv6 header fields its ICV covers), tunnel mode
// in every combination of inner and outer version (6-in-6, 4-in-6, 6-in-4), an IPv6
// site-to-site VPN (hop limit decremented at both gateways, clear on the sites), the
// cleartext check for UDP over IPv6, Neighbor Discovery bypass in both settings, and IPv6
// selectors and addresses.

#include "ipsec-test-compat.h"
#include "ipsec-test-util.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

using namespace ns3;

namespace
{

using ipsectest::Bytes;

constexpr uint32_t PPP = 2;       //!< PPP header before the IP header on a p2p device
constexpr uint32_t IPV6_HDR = 40; //!< IPv6 base header
constexpr uint32_t IPV4_HDR = 20; //!< IPv4 header without options

/// Wire bytes of a device and echo counts.
struct Observer
{
    std::vector<std::vector<uint8_t>> wire;
    uint32_t echoes = 0;
    uint32_t served = 0;

    void OnWire(Ptr<const Packet> p)
    {
        wire.push_back(Bytes(p));
    }

    void OnEcho(Ptr<const Packet>)
    {
        ++echoes;
    }

    // "RxWithAddresses" has the same signature in ns-3.37 and in current releases.
    void OnServed(Ptr<const Packet>, const Address&, const Address&)
    {
        ++served;
    }
};

/// Two dual-stack hosts on a point-to-point link, addresses 10.66.0.x and fd00:66::x.
struct TwoHosts
{
    NodeContainer nodes;
    NetDeviceContainer devices;
    Ipv4Address a4;
    Ipv4Address b4;
    Ipv6Address a6;
    Ipv6Address b6;

    TwoHosts()
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper v4("10.66.0.0", "255.255.255.0");
        Ipv4InterfaceContainer i4 = v4.Assign(devices);
        Ipv6AddressHelper v6(Ipv6Address("fd00:66::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer i6 = v6.Assign(devices);
        a4 = i4.GetAddress(0);
        b4 = i4.GetAddress(1);
        a6 = i6.GetAddress(0, 1);
        b6 = i6.GetAddress(1, 1);
    }

    /**
     * UDP echo (100-byte requests) from host A to host B's @p server address.
     * @param obs counts echoes
     * @param server the server's address
     * @param count requests
     */
    void Echo(Observer& obs, const Address& server, uint32_t count)
    {
        UdpEchoServerHelper s(9);
        ApplicationContainer sa = s.Install(nodes.Get(1));
        sa.Get(0)->TraceConnectWithoutContext("RxWithAddresses",
                                              MakeCallback(&Observer::OnServed, &obs));
        UdpEchoClientHelper client(server, 9);
        client.SetAttribute("MaxPackets", UintegerValue(count));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
        client.SetAttribute("PacketSize", UintegerValue(100));
        ApplicationContainer c = client.Install(nodes.Get(0));
        c.Start(Seconds(0.1));
        c.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Observer::OnEcho, &obs));
        devices.Get(0)->TraceConnectWithoutContext("PhyTxBegin",
                                                   MakeCallback(&Observer::OnWire, &obs));
    }
};

/// The IPv6 header at @p offset of @p bytes.
Ipv6Header
ReadIpv6(const std::vector<uint8_t>& bytes, uint32_t offset)
{
    Buffer buf;
    buf.AddAtStart(IPV6_HDR);
    buf.Begin().Write(bytes.data() + offset, IPV6_HDR);
    Ipv6Header h;
    h.Deserialize(buf.Begin());
    return h;
}

/// Transport-mode ESP and AH between two IPv6 hosts.
class TransportTestCase : public TestCase
{
  public:
    TransportTestCase()
        : TestCase("IPv6 transport ESP and AH: wire bytes, AH alignment and ICV coverage")
    {
    }

  private:
    void DoRun() override
    {
        for (auto protocol : {IpsecProtocol::ESP, IpsecProtocol::AH})
        {
            const bool ah = protocol == IpsecProtocol::AH;
            Observer obs;
            TwoHosts h;
            IpsecHelper ipsec;
            ipsec.Install(h.nodes);
            ipsec.AssignStreams(h.nodes, 21);
            IpsecTrafficSelector udp;
            udp.SetLocalPrefix(h.a6, Ipv6Prefix(128))
                .SetRemotePrefix(h.b6, Ipv6Prefix(128))
                .SetProtocol(17);
            ipsec.AddPolicyPair(h.nodes.Get(0),
                                h.nodes.Get(1),
                                udp,
                                IpsecAction::PROTECT,
                                protocol);
            IpsecSaPair pair;
            if (ah)
            {
                IpsecAhSaConfig config; // HMAC-SHA-256-128: 12 + 16 = 28 bytes, padded to 32
                pair = ipsec.AddAhSaPair(h.nodes.Get(0), h.a6, h.nodes.Get(1), h.b6, config);
            }
            else
            {
                IpsecEspSaConfig config;
                pair = ipsec.AddEspSaPair(h.nodes.Get(0), h.a6, h.nodes.Get(1), h.b6, config);
            }
            h.Echo(obs, h.b6, 3);
            Simulator::Stop(Seconds(1));
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ(obs.echoes, 3, (ah ? "AH" : "ESP") << ": echoes come back");
            NS_TEST_ASSERT_MSG_EQ(pair.atob->GetCounters().txPackets, 3, "three protected");

            uint32_t seen = 0;
            for (const auto& w : obs.wire)
            {
                if (w.size() < PPP + IPV6_HDR + 8 || (w[PPP] >> 4) != 6 ||
                    w[PPP + 6] != static_cast<uint8_t>(protocol))
                {
                    continue; // duplicate address detection, for instance
                }
                const Ipv6Header ip = ReadIpv6(w, PPP);
                NS_TEST_ASSERT_MSG_EQ(ip.GetSource(), h.a6, "source");
                NS_TEST_ASSERT_MSG_EQ(ip.GetPayloadLength(), w.size() - PPP - IPV6_HDR, "length");
                std::vector<uint8_t> body(w.begin() + PPP + IPV6_HDR, w.end());
                uint8_t nh = 0;
                IpsecDropReason why;
                SecurityAssociation twin(pair.atob->GetParams());
                if (ah)
                {
                    // RFC 4302 3.3.3.2.1: on IPv6 the AH header is a multiple of 8 bytes.
                    const uint32_t ahLen = (body[1] + 2u) * 4;
                    NS_TEST_ASSERT_MSG_EQ(ahLen, 32u, "HMAC-SHA-256-128 AH padded to 64 bits");
                    AhTransform transform;
                    // Mutable fields are outside the ICV: a router may change them.
                    Ipv6Header changed = ip;
                    changed.SetHopLimit(3);
                    changed.SetFlowLabel(0x12345);
                    changed.SetTrafficClass(0xb8);
                    Ptr<Packet> p = Create<Packet>(body.data(), body.size());
                    NS_TEST_ASSERT_MSG_EQ(transform.Unprotect(twin, p, changed, nh, why),
                                          true,
                                          "mutable fields changed: " << why);
                    NS_TEST_ASSERT_MSG_EQ(uint32_t(nh), 17u, "UDP inside");
                    // The addresses are covered: a different source fails the ICV.
                    SecurityAssociation twin2(pair.atob->GetParams());
                    Ipv6Header spoofed = ip;
                    spoofed.SetSource(Ipv6Address("fd00:66::99"));
                    p = Create<Packet>(body.data(), body.size());
                    NS_TEST_ASSERT_MSG_EQ(transform.Unprotect(twin2, p, spoofed, nh, why),
                                          false,
                                          "spoofed source accepted");
                    NS_TEST_ASSERT_MSG_EQ(why, IpsecDropReason::ICV_MISMATCH, "ICV mismatch");
                    // And so is the payload.
                    std::vector<uint8_t> tampered = body;
                    tampered.back() ^= 1;
                    p = Create<Packet>(tampered.data(), tampered.size());
                    NS_TEST_ASSERT_MSG_EQ(transform.Unprotect(twin2, p, ip, nh, why),
                                          false,
                                          "tampered payload accepted");
                }
                else
                {
                    EspTransform transform;
                    Ptr<Packet> p = Create<Packet>(body.data(), body.size());
                    NS_TEST_ASSERT_MSG_EQ(transform.Unprotect(twin, p, nh, why), true, why);
                    NS_TEST_ASSERT_MSG_EQ(uint32_t(nh), 17u, "UDP inside");
                    const std::vector<uint8_t> udpBytes = Bytes(p);
                    NS_TEST_ASSERT_MSG_EQ(udpBytes.size(), 108u, "UDP header and 100 bytes");
                    NS_TEST_ASSERT_MSG_EQ(uint32_t((udpBytes[2] << 8) | udpBytes[3]), 9u, "port");
                }
                ++seen;
            }
            NS_TEST_ASSERT_MSG_EQ(seen, 3, "three protected requests on the wire");
            Simulator::Destroy();
        }
    }
};

/// Tunnel mode between dual-stack hosts, every combination of inner and outer version.
class MixedTunnelTestCase : public TestCase
{
  public:
    MixedTunnelTestCase()
        : TestCase("tunnel mode 6-in-6, 4-in-6 and 6-in-4 (ESP and AH): outer and inner bytes")
    {
    }

  private:
    void DoRun() override
    {
        for (int inner : {4, 6})
        {
            for (int outer : {4, 6})
            {
                if (inner == 4 && outer == 4)
                {
                    continue; // the IPv4 tunnel suite covers it
                }
                for (auto protocol : {IpsecProtocol::ESP, IpsecProtocol::AH})
                {
                    Run(inner, outer, protocol);
                }
            }
        }
    }

    void Run(int inner, int outer, IpsecProtocol protocol)
    {
        const bool ah = protocol == IpsecProtocol::AH;
        std::ostringstream name;
        name << (ah ? "AH " : "ESP ") << inner << "-in-" << outer;
        Observer obs;
        TwoHosts h;
        IpsecHelper ipsec;
        ipsec.Install(h.nodes);
        ipsec.AssignStreams(h.nodes, 31);
        IpsecTrafficSelector udp;
        if (inner == 6)
        {
            udp.SetLocalPrefix(h.a6, Ipv6Prefix(128)).SetRemotePrefix(h.b6, Ipv6Prefix(128));
        }
        else
        {
            udp.SetLocalPrefix(h.a4, Ipv4Mask("/32")).SetRemotePrefix(h.b4, Ipv4Mask("/32"));
        }
        udp.SetProtocol(17);
        const IpsecAddress endA = outer == 6 ? IpsecAddress(h.a6) : IpsecAddress(h.a4);
        const IpsecAddress endB = outer == 6 ? IpsecAddress(h.b6) : IpsecAddress(h.b4);
        ipsec.AddTunnelPolicyPair(h.nodes.Get(0), endA, h.nodes.Get(1), endB, udp, protocol);
        IpsecSaPair pair;
        if (ah)
        {
            IpsecAhSaConfig config;
            config.mode = IpsecMode::TUNNEL;
            pair = ipsec.AddAhSaPair(h.nodes.Get(0), endA, h.nodes.Get(1), endB, config);
        }
        else
        {
            IpsecEspSaConfig config;
            config.mode = IpsecMode::TUNNEL;
            pair = ipsec.AddEspSaPair(h.nodes.Get(0), endA, h.nodes.Get(1), endB, config);
        }
        h.Echo(obs, inner == 6 ? Address(h.b6) : Address(h.b4), 3);
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(obs.echoes, 3, name.str() << ": echoes come back");

        uint32_t seen = 0;
        const uint32_t outerLen = outer == 6 ? IPV6_HDR : IPV4_HDR;
        for (const auto& w : obs.wire)
        {
            if (w.size() < PPP + outerLen + 8 || (w[PPP] >> 4) != outer)
            {
                continue;
            }
            const uint8_t proto = outer == 6 ? w[PPP + 6] : w[PPP + 9];
            if (proto != static_cast<uint8_t>(protocol))
            {
                continue; // IPv6 link control, for instance
            }
            std::vector<uint8_t> body(w.begin() + PPP + outerLen, w.end());
            Ptr<Packet> p = Create<Packet>(body.data(), body.size());
            SecurityAssociation twin(pair.atob->GetParams());
            uint8_t nh = 0;
            IpsecDropReason why;
            bool ok;
            if (ah)
            {
                IpsecIpHeader header;
                if (outer == 6)
                {
                    header = IpsecIpHeader(ReadIpv6(w, PPP));
                }
                else
                {
                    Buffer buf;
                    buf.AddAtStart(IPV4_HDR);
                    buf.Begin().Write(w.data() + PPP, IPV4_HDR);
                    Ipv4Header h4;
                    h4.Deserialize(buf.Begin());
                    header = IpsecIpHeader(h4);
                }
                AhTransform transform;
                ok = transform.Unprotect(twin, p, header, nh, why);
            }
            else
            {
                EspTransform transform;
                ok = transform.Unprotect(twin, p, nh, why);
            }
            NS_TEST_ASSERT_MSG_EQ(ok, true, name.str() << ": " << why);
            NS_TEST_ASSERT_MSG_EQ(uint32_t(nh),
                                  (inner == 6 ? 41u : 4u),
                                  name.str() << ": next header names the inner version");
            const std::vector<uint8_t> in = Bytes(p);
            NS_TEST_ASSERT_MSG_EQ(uint32_t(in.at(0) >> 4), uint32_t(inner), "inner version");
            const uint8_t innerProto = inner == 6 ? in.at(6) : in.at(9);
            NS_TEST_ASSERT_MSG_EQ(uint32_t(innerProto), 17u, "inner UDP");
            const uint32_t innerLen = inner == 6 ? IPV6_HDR : IPV4_HDR;
            NS_TEST_ASSERT_MSG_EQ(in.size(), innerLen + 108, "inner packet whole");
            ++seen;
        }
        NS_TEST_ASSERT_MSG_EQ(seen, 3, name.str() << ": three tunnelled requests");
        Simulator::Destroy();
    }
};

/// hostA -- gwA == gwB -- hostB, IPv6 everywhere, gateways tunnel the sites' traffic.
class Ipv6GatewayTestCase : public TestCase
{
  public:
    Ipv6GatewayTestCase()
        : TestCase("IPv6 site-to-site: ESP between gateways, hop limit, clear sites, mismatch")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer n;
        n.Create(4);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        NetDeviceContainer siteA = p2p.Install(n.Get(0), n.Get(1));
        NetDeviceContainer core = p2p.Install(n.Get(1), n.Get(2));
        NetDeviceContainer siteB = p2p.Install(n.Get(2), n.Get(3));
        InternetStackHelper internet;
        internet.SetIpv4StackInstall(false);
        internet.Install(n);
        for (uint32_t g : {1u, 2u})
        {
            n.Get(g)->GetObject<Ipv6>()->SetAttribute("IpForward", BooleanValue(true));
        }
        Ipv6AddressHelper a(Ipv6Address("fd00:a::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ia = a.Assign(siteA);
        Ipv6AddressHelper c(Ipv6Address("fd00:ff::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ic = c.Assign(core);
        Ipv6AddressHelper b(Ipv6Address("fd00:b::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ib = b.Assign(siteB);
        Ipv6StaticRoutingHelper routing;
        routing.GetStaticRouting(n.Get(0)->GetObject<Ipv6>())
            ->SetDefaultRoute(ia.GetAddress(1, 1), 1);
        routing.GetStaticRouting(n.Get(3)->GetObject<Ipv6>())
            ->SetDefaultRoute(ib.GetAddress(0, 1), 1);

        // A route gwA had before IPsec moved its IPv6 routing into a list survives the move.
        routing.GetStaticRouting(n.Get(1)->GetObject<Ipv6>())
            ->AddNetworkRouteTo(Ipv6Address("fd00:77::"), Ipv6Prefix(64), ic.GetAddress(1, 1), 2);
        IpsecHelper ipsec;
        NodeContainer gateways(n.Get(1), n.Get(2));
        ipsec.Install(gateways);
        ipsec.AssignStreams(gateways, 41);
        Ptr<Ipv6StaticRouting> table = routing.GetStaticRouting(n.Get(1)->GetObject<Ipv6>());
        NS_TEST_ASSERT_MSG_NE(table, nullptr, "the static routing is found inside the list");
        uint32_t kept = 0;
        for (uint32_t i = 0; i < table->GetNRoutes(); ++i)
        {
            kept += table->GetRoute(i).GetDest() == Ipv6Address("fd00:77::") ? 1 : 0;
        }
        NS_TEST_ASSERT_MSG_EQ(kept, 1, "the route was copied once");
        IpsecTrafficSelector sites;
        sites.SetLocalPrefix(Ipv6Address("fd00:a::"), Ipv6Prefix(64))
            .SetRemotePrefix(Ipv6Address("fd00:b::"), Ipv6Prefix(64))
            .SetProtocol(17)
            .SetRemotePorts(9, 9);
        ipsec.AddTunnelPolicyPair(n.Get(1),
                                  ic.GetAddress(0, 1),
                                  n.Get(2),
                                  ic.GetAddress(1, 1),
                                  sites);
        IpsecEspSaConfig config;
        config.mode = IpsecMode::TUNNEL;
        IpsecSaPair pair = ipsec.AddEspSaPair(n.Get(1),
                                              ic.GetAddress(0, 1),
                                              n.Get(2),
                                              ic.GetAddress(1, 1),
                                              config);

        Observer obs;
        Observer coreObs;
        Observer siteObs;
        UdpEchoServerHelper server(9);
        server.Install(n.Get(3)).Start(Seconds(0));
        UdpEchoClientHelper client(ib.GetAddress(1, 1), 9);
        client.SetAttribute("MaxPackets", UintegerValue(3));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
        ApplicationContainer app = client.Install(n.Get(0));
        app.Start(Seconds(0.1));
        app.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Observer::OnEcho, &obs));
        core.Get(0)->TraceConnectWithoutContext("PhyTxBegin",
                                                MakeCallback(&Observer::OnWire, &coreObs));
        siteB.Get(0)->TraceConnectWithoutContext("PhyTxBegin",
                                                 MakeCallback(&Observer::OnWire, &siteObs));
        // A packet gwB's SA carries but its policy does not allow (port 10, not 9): dropped.
        Simulator::Schedule(Seconds(0.5), [&]() {
            Ptr<Packet> inner = Create<Packet>(20);
            UdpHeader udp;
            udp.SetSourcePort(5000);
            udp.SetDestinationPort(10);
            inner->AddHeader(udp);
            Ipv6Header ih;
            ih.SetSource(ia.GetAddress(0, 1));
            ih.SetDestination(ib.GetAddress(1, 1));
            ih.SetNextHeader(17);
            ih.SetHopLimit(64);
            ih.SetPayloadLength(inner->GetSize());
            inner->AddHeader(ih);
            IpsecDropReason why;
            EspTransform transform(CreateObject<UniformRandomVariable>());
            SecurityAssociation sa(pair.atob->GetParams());
            transform.InitializeSa(sa);
            for (uint32_t i = 0; i < 100; ++i)
            {
                uint64_t seq;
                sa.NextSequence(seq);
            }
            transform.Protect(sa, inner, 41, why);
            Ipv6Header outerHeader;
            outerHeader.SetSource(ic.GetAddress(0, 1));
            outerHeader.SetDestination(ic.GetAddress(1, 1));
            outerHeader.SetNextHeader(50);
            outerHeader.SetHopLimit(64);
            outerHeader.SetPayloadLength(inner->GetSize());
            n.Get(2)->GetObject<IpsecLayer>()->Receive(IpsecProtocol::ESP,
                                                       inner,
                                                       outerHeader,
                                                       core.Get(1));
        });
        Simulator::Stop(Seconds(1));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(obs.echoes, 3, "echoes through the IPv6 tunnel");
        uint32_t esp = 0;
        for (const auto& w : coreObs.wire)
        {
            if (w.size() > PPP + IPV6_HDR && (w[PPP] >> 4) == 6 && w[PPP + 6] == 50)
            {
                ++esp;
                // The forwarded packet entered the tunnel with its hop limit decremented.
                SecurityAssociation twin(pair.atob->GetParams());
                Ptr<Packet> p =
                    Create<Packet>(w.data() + PPP + IPV6_HDR, w.size() - PPP - IPV6_HDR);
                EspTransform transform;
                uint8_t nh = 0;
                IpsecDropReason why;
                NS_TEST_ASSERT_MSG_EQ(transform.Unprotect(twin, p, nh, why), true, why);
                NS_TEST_ASSERT_MSG_EQ(uint32_t(nh), 41u, "IPv6 inside");
                const std::vector<uint8_t> in = Bytes(p);
                NS_TEST_ASSERT_MSG_EQ(uint32_t(in.at(7)), 63u, "inner hop limit after gwA");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(esp, 3, "three requests in ESP on the core link");
        uint32_t clear = 0;
        for (const auto& w : siteObs.wire)
        {
            if (w.size() > PPP + IPV6_HDR && (w[PPP] >> 4) == 6 && w[PPP + 6] == 17)
            {
                ++clear;
                NS_TEST_ASSERT_MSG_EQ(uint32_t(w[PPP + 7]), 62u, "hop limit after both gateways");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(clear, 3, "the requests reach site B in the clear");
        const auto& gwB = n.Get(2)->GetObject<IpsecLayer>()->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(gwB.GetDrops(IpsecDropReason::POLICY_MISMATCH),
                              1,
                              "port 10 does not belong in this tunnel");
        Simulator::Destroy();
    }
};

/// UDP over IPv6 that policy wants protected, sent in the clear by a host without IPsec.
class Ipv6CleartextTestCase : public TestCase
{
  public:
    Ipv6CleartextTestCase()
        : TestCase("IPv6 cleartext that policy wants protected is rejected and counted")
    {
    }

  private:
    void DoRun() override
    {
        Observer obs;
        TwoHosts h;
        IpsecHelper ipsec;
        Ptr<IpsecLayer> receiver = ipsec.Install(h.nodes.Get(1)); // host A has no IPsec
        IpsecTrafficSelector udp;
        udp.SetLocalPrefix(h.b6, Ipv6Prefix(128)).SetProtocol(17);
        ipsec.AddPolicy(h.nodes.Get(1), Create<IpsecPolicy>(udp, IpsecAction::PROTECT));
        h.Echo(obs, h.b6, 2);
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(obs.served, 0, "nothing reaches the server");
        NS_TEST_ASSERT_MSG_EQ(receiver->GetCounters().GetDrops(IpsecDropReason::CLEARTEXT_REJECTED),
                              2,
                              "both requests refused");
        Simulator::Destroy();
    }
};

/// Neighbor Discovery with a policy covering everything a host sends, both bypass settings.
class NeighborDiscoveryTestCase : public TestCase
{
  public:
    NeighborDiscoveryTestCase()
        : TestCase("ICMPv6 Neighbor Discovery bypasses the SPD by default; without, it needs SAs")
    {
    }

  private:
    void DoRun() override
    {
        for (bool bypass : {true, false})
        {
            NodeContainer nodes;
            nodes.Create(2);
            CsmaHelper csma;
            NetDeviceContainer devices = csma.Install(nodes);
            InternetStackHelper internet;
            internet.SetIpv4StackInstall(false);
            internet.Install(nodes);
            Ipv6AddressHelper v6(Ipv6Address("fd00:67::"), Ipv6Prefix(64));
            Ipv6InterfaceContainer i6 = v6.Assign(devices);
            const Ipv6Address a = i6.GetAddress(0, 1);
            const Ipv6Address b = i6.GetAddress(1, 1);
            IpsecHelper ipsec;
            ipsec.SetLayerAttribute("BypassIcmpv6LinkControl", BooleanValue(bypass));
            ipsec.Install(nodes);
            ipsec.AssignStreams(nodes, 51);
            for (uint32_t i = 0; i < 2; ++i)
            {
                IpsecTrafficSelector all; // everything this host's address sends or receives
                all.SetLocalPrefix(i == 0 ? a : b, Ipv6Prefix(128));
                ipsec.AddPolicy(nodes.Get(i), Create<IpsecPolicy>(all, IpsecAction::PROTECT));
            }
            IpsecEspSaConfig config;
            ipsec.AddEspSaPair(nodes.Get(0), a, nodes.Get(1), b, config);
            Observer obs;
            UdpEchoServerHelper server(9);
            server.Install(nodes.Get(1));
            UdpEchoClientHelper client(b, 9);
            client.SetAttribute("MaxPackets", UintegerValue(3));
            client.SetAttribute("Interval", TimeValue(MilliSeconds(50)));
            ApplicationContainer c = client.Install(nodes.Get(0));
            c.Start(Seconds(1));
            c.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Observer::OnEcho, &obs));
            Simulator::Stop(Seconds(2));
            Simulator::Run();
            const auto& counters = nodes.Get(0)->GetObject<IpsecLayer>()->GetCounters();
            if (bypass)
            {
                NS_TEST_ASSERT_MSG_EQ(obs.echoes, 3, "the link works, the echoes are protected");
                NS_TEST_ASSERT_MSG_EQ(counters.GetDrops(IpsecDropReason::NO_OUTBOUND_SA),
                                      0,
                                      "no drops");
                NS_TEST_ASSERT_MSG_GT(counters.clearOut, 0u, "solicitations went in the clear");
            }
            else
            {
                NS_TEST_ASSERT_MSG_EQ(obs.echoes, 0, "without Neighbor Discovery, no link");
                NS_TEST_ASSERT_MSG_GT(counters.GetDrops(IpsecDropReason::NO_OUTBOUND_SA),
                                      0u,
                                      "solicitations to the multicast group found no SA");
            }
            Simulator::Destroy();
        }
    }
};

/// IPv6 selectors, addresses, and version checks of SAs and policies.
class Ipv6SelectorTestCase : public TestCase
{
  public:
    Ipv6SelectorTestCase()
        : TestCase("IPv6 selectors, addresses and version checks")
    {
    }

  private:
    void DoRun() override
    {
        IpsecAddress parsed;
        NS_TEST_ASSERT_MSG_EQ(IpsecAddress::Parse("fd00::1", parsed), true, "IPv6 text");
        NS_TEST_ASSERT_MSG_EQ(parsed.IsIpv6(), true, "version");
        NS_TEST_ASSERT_MSG_EQ(parsed.GetIpv6(), Ipv6Address("fd00::1"), "value");
        NS_TEST_ASSERT_MSG_EQ(IpsecAddress::Parse("10.0.0.1", parsed), true, "IPv4 text");
        NS_TEST_ASSERT_MSG_EQ(parsed.IsIpv4(), true, "version");
        NS_TEST_ASSERT_MSG_EQ(IpsecAddress::Parse("fd00::1::2", parsed), false, "bad text");
        NS_TEST_ASSERT_MSG_EQ(IpsecAddress::Parse("10.0.0", parsed), false, "bad text");
        NS_TEST_ASSERT_MSG_EQ(
            (IpsecAddress(Ipv4Address("255.255.255.255")) < IpsecAddress(Ipv6Address("::"))),
            true,
            "every IPv4 address sorts before every IPv6 one");

        IpsecTrafficSelector v6;
        v6.SetLocalPrefix(Ipv6Address("fd00:1::"), Ipv6Prefix(64))
            .SetRemotePrefix(Ipv6Address("fd00:2::"), Ipv6Prefix(48));
        NS_TEST_ASSERT_MSG_EQ(v6.Validate(), "", "valid");
        IpsecFlowKey key;
        key.direction = IpsecDirection::OUTBOUND;
        key.local = Ipv6Address("fd00:1::ffff:1");
        key.remote = Ipv6Address("fd00:2:0:ffff::9");
        key.protocol = 17;
        NS_TEST_ASSERT_MSG_EQ(v6.Matches(key), true, "inside both prefixes");
        key.remote = Ipv6Address("fd00:3::9");
        NS_TEST_ASSERT_MSG_EQ(v6.Matches(key), false, "remote outside its /48");
        key.remote = Ipv6Address("fd00:2::9");
        key.local = Ipv6Address("fd00:1:0:1::1");
        NS_TEST_ASSERT_MSG_EQ(v6.Matches(key), false, "local outside its /64");
        std::ostringstream printed;
        v6.Print(printed);
        NS_TEST_ASSERT_MSG_EQ(printed.str(),
                              "dir both laddr fd00:1::/64 raddr fd00:2::/48 ulp any",
                              "printed as prefixes");

        // An IPv4 selector never matches IPv6 packets; the default one matches both.
        IpsecTrafficSelector v4;
        v4.SetLocalPrefix(Ipv4Address("0.0.0.0"), Ipv4Mask("/0"));
        IpsecFlowKey key6;
        key6.local = Ipv6Address("::1");
        key6.remote = Ipv6Address("::2");
        NS_TEST_ASSERT_MSG_EQ(v4.Matches(key6), false, "IPv4 /0 is not IPv6");
        NS_TEST_ASSERT_MSG_EQ(IpsecTrafficSelector().Matches(key6), true, "default matches");

        // ICMPv6 type selectors.
        IpsecTrafficSelector echo;
        echo.SetProtocol(58).SetIcmp(128);
        NS_TEST_ASSERT_MSG_EQ(echo.Validate(), "", "ICMPv6 type selector is valid");
        IpsecFlowKey icmp;
        icmp.local = Ipv6Address("::1");
        icmp.remote = Ipv6Address("::2");
        icmp.protocol = 58;
        const uint8_t request[4] = {128, 0, 0, 0};
        icmp.ParseL4(request, sizeof(request));
        NS_TEST_ASSERT_MSG_EQ(echo.Matches(icmp), true, "echo request");
        const uint8_t reply[4] = {129, 0, 0, 0};
        icmp.ParseL4(reply, sizeof(reply));
        NS_TEST_ASSERT_MSG_EQ(echo.Matches(icmp), false, "echo reply");

        // Mixed versions are refused with a message.
        IpsecTrafficSelector mixed;
        mixed.SetLocalPrefix(Ipv4Address("10.0.0.0"), Ipv4Mask("/8"))
            .SetRemotePrefix(Ipv6Address("fd00::"), Ipv6Prefix(8));
        NS_TEST_ASSERT_MSG_NE(mixed.Validate(), "", "IPv4 local, IPv6 remote");
        IpsecTrafficSelector range;
        range.SetLocalRange(Ipv4Address("10.0.0.1"), Ipv6Address("fd00::1"));
        NS_TEST_ASSERT_MSG_NE(range.Validate(), "", "range across versions");
        IpsecSaParams params;
        params.spi = 0x1000;
        params.source = Ipv4Address("10.0.0.1");
        params.destination = Ipv6Address("fd00::1");
        params.encryptionKey.assign(16, 0x11);
        params.integrityKey.assign(20, 0x22);
        NS_TEST_ASSERT_MSG_NE(params.Validate(), "", "SA between two versions");
        params.destination = Ipv4Address("10.0.0.2");
        NS_TEST_ASSERT_MSG_EQ(params.Validate(), "", "same version is fine");
        auto policy = Create<IpsecPolicy>(IpsecTrafficSelector(), IpsecAction::PROTECT);
        policy->SetProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL)
            .SetTunnelEndpoints(Ipv4Address("10.0.0.1"), Ipv6Address("fd00::2"));
        NS_TEST_ASSERT_MSG_NE(policy->Validate(), "", "tunnel endpoints of two versions");

        // The SAD keys IPv6 SAs by (protocol, destination, SPI) like IPv4 ones.
        Ptr<SecurityAssociationDatabase> sad = CreateObject<SecurityAssociationDatabase>();
        params.source = Ipv6Address("fd00::1");
        params.destination = Ipv6Address("fd00::2");
        std::string error;
        NS_TEST_ASSERT_MSG_NE(sad->Add(params, error), nullptr, error);
        params.destination = Ipv6Address("fd00::3");
        NS_TEST_ASSERT_MSG_NE(sad->Add(params, error), nullptr, "same SPI, other destination");
        NS_TEST_ASSERT_MSG_NE(sad->FindInbound(IpsecProtocol::ESP, Ipv6Address("fd00::2"), 0x1000),
                              nullptr,
                              "found");
        NS_TEST_ASSERT_MSG_EQ(sad->FindInbound(IpsecProtocol::ESP, Ipv4Address("0.0.0.2"), 0x1000),
                              nullptr,
                              "an IPv4 address never finds an IPv6 SA");
    }
};

/// hA -- R1 == R2 -- hB: IPv6 LANs joined by route-based tunnel interfaces over IPv4 (6-in-4).
class Ipv6TunnelInterfaceTestCase : public TestCase
{
  public:
    Ipv6TunnelInterfaceTestCase()
        : TestCase("route-based IPv6 tunnel interfaces over IPv4 (6-in-4): routing and policy")
    {
    }

  private:
    uint32_t m_port8Refused = 0;

    void OnDrop(Ptr<const Packet> p, IpsecDropReason reason, uint32_t)
    {
        const std::vector<uint8_t> b = Bytes(p);
        if (reason == IpsecDropReason::POLICY_DISCARD && b.size() > IPV6_HDR + 4 &&
            (b[0] >> 4) == 6 && b[6] == 17 && b[IPV6_HDR + 3] == 8)
        {
            ++m_port8Refused;
        }
    }

    void DoRun() override
    {
        NodeContainer n;
        n.Create(4);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        NetDeviceContainer lanA = p2p.Install(n.Get(0), n.Get(1));
        NetDeviceContainer core = p2p.Install(n.Get(1), n.Get(2));
        NetDeviceContainer lanB = p2p.Install(n.Get(2), n.Get(3));
        InternetStackHelper internet;
        internet.Install(n);
        for (uint32_t r : {1u, 2u})
        {
            n.Get(r)->GetObject<Ipv6>()->SetAttribute("IpForward", BooleanValue(true));
        }
        Ipv6AddressHelper a(Ipv6Address("fd00:a::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ia = a.Assign(lanA);
        Ipv4AddressHelper c("192.0.2.0", "255.255.255.0");
        c.Assign(core);
        Ipv6AddressHelper b(Ipv6Address("fd00:b::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ib = b.Assign(lanB);

        IpsecHelper ipsec;
        NodeContainer routers(n.Get(1), n.Get(2));
        ipsec.Install(routers);
        ipsec.AssignStreams(routers, 61);
        Ptr<IpsecTunnelInterface> t1 = ipsec.AddTunnelInterface(n.Get(1),
                                                                Ipv4Address("192.0.2.1"),
                                                                Ipv4Address("192.0.2.2"),
                                                                Ipv6Address("fd00:99::1"),
                                                                Ipv6Prefix(64));
        Ptr<IpsecTunnelInterface> t2 = ipsec.AddTunnelInterface(n.Get(2),
                                                                Ipv4Address("192.0.2.2"),
                                                                Ipv4Address("192.0.2.1"),
                                                                Ipv6Address("fd00:99::2"),
                                                                Ipv6Prefix(64));
        IpsecTrafficSelector echo;
        echo.SetLocalPrefix(Ipv6Address("fd00:a::"), Ipv6Prefix(64))
            .SetRemotePrefix(Ipv6Address("fd00:b::"), Ipv6Prefix(64))
            .SetProtocol(17)
            .SetRemotePorts(7, 7);
        NS_TEST_ASSERT_MSG_EQ(t1->AddPolicy(echo, IpsecAction::PROTECT), "", "");
        NS_TEST_ASSERT_MSG_EQ(t2->AddPolicy(echo.Mirror(), IpsecAction::PROTECT), "", "");
        IpsecEspSaConfig config;
        config.mode = IpsecMode::TUNNEL;
        ipsec.AddEspSaPair(n.Get(1),
                           Ipv4Address("192.0.2.1"),
                           n.Get(2),
                           Ipv4Address("192.0.2.2"),
                           config);

        Ipv6StaticRoutingHelper routing;
        auto table = [&routing, &n](uint32_t node) {
            return routing.GetStaticRouting(n.Get(node)->GetObject<Ipv6>());
        };
        auto index = [&n](uint32_t node, Ptr<IpsecTunnelInterface> t) {
            return n.Get(node)->GetObject<Ipv6>()->GetInterfaceForDevice(t->GetDevice());
        };
        table(0)->SetDefaultRoute(ia.GetAddress(1, 1), 1);
        table(3)->SetDefaultRoute(ib.GetAddress(0, 1), 1);
        table(1)->AddNetworkRouteTo(Ipv6Address("fd00:b::"), Ipv6Prefix(64), index(1, t1));
        table(2)->AddNetworkRouteTo(Ipv6Address("fd00:a::"), Ipv6Prefix(64), index(2, t2));

        Observer obs;
        Observer coreObs;
        UdpEchoServerHelper server(7);
        server.Install(n.Get(3)).Start(Seconds(0));
        UdpEchoClientHelper client(ib.GetAddress(1, 1), 7);
        client.SetAttribute("MaxPackets", UintegerValue(4));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
        ApplicationContainer app = client.Install(n.Get(0));
        app.Start(Seconds(0.1));
        app.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Observer::OnEcho, &obs));
        // Port 8 is routed into the tunnel too; the tunnel's policy refuses it.
        UdpClientHelper other(ib.GetAddress(1, 1), 8);
        other.SetAttribute("MaxPackets", UintegerValue(3));
        other.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
        other.Install(n.Get(0)).Start(Seconds(0.1));
        core.Get(0)->TraceConnectWithoutContext("PhyTxBegin",
                                                MakeCallback(&Observer::OnWire, &coreObs));
        // The layer drops what the tunnel's policy refuses with the inner IPv6 header on; the
        // routers' own ICMPv6 (router solicitations onto the tunnel link) is refused too.
        n.Get(1)->GetObject<IpsecLayer>()->TraceConnectWithoutContext(
            "Drop",
            MakeCallback(&Ipv6TunnelInterfaceTestCase::OnDrop, this));
        Simulator::Stop(Seconds(1));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(obs.echoes, 4, "echoes cross the IPv6 tunnel interfaces");
        uint32_t esp = 0;
        for (const auto& w : coreObs.wire)
        {
            if ((w.at(PPP) >> 4) == 4)
            {
                NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(PPP + 9)), 50u, "only ESP over IPv4");
                esp += w.at(PPP + 9) == 50;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(esp, 4, "the four requests, in ESP over IPv4");
        NS_TEST_ASSERT_MSG_EQ(m_port8Refused, 3, "port 8 refused by the tunnel's policy");
        Simulator::Destroy();
    }
};

/// A protected datagram larger than the link MTU: fragmented after ESP, reassembled before.
class Ipv6FragmentationTestCase : public TestCase
{
  public:
    Ipv6FragmentationTestCase()
        : TestCase("IPv6: oversize ESP packets fragment after IPsec and decrypt when reassembled")
    {
    }

  private:
    void DoRun() override
    {
        Observer obs;
        TwoHosts h;
        IpsecHelper ipsec;
        ipsec.Install(h.nodes);
        ipsec.AssignStreams(h.nodes, 71);
        IpsecTrafficSelector udp;
        udp.SetLocalPrefix(h.a6, Ipv6Prefix(128))
            .SetRemotePrefix(h.b6, Ipv6Prefix(128))
            .SetProtocol(17);
        ipsec.AddPolicyPair(h.nodes.Get(0), h.nodes.Get(1), udp, IpsecAction::PROTECT);
        IpsecEspSaConfig config;
        IpsecSaPair pair = ipsec.AddEspSaPair(h.nodes.Get(0), h.a6, h.nodes.Get(1), h.b6, config);
        UdpEchoServerHelper server(9);
        server.Install(h.nodes.Get(1));
        UdpEchoClientHelper client(h.b6, 9);
        client.SetAttribute("MaxPackets", UintegerValue(2));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
        client.SetAttribute("PacketSize", UintegerValue(3000));
        ApplicationContainer c = client.Install(h.nodes.Get(0));
        c.Start(Seconds(0.1));
        c.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Observer::OnEcho, &obs));
        h.devices.Get(0)->TraceConnectWithoutContext("PhyTxBegin",
                                                     MakeCallback(&Observer::OnWire, &obs));
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(obs.echoes, 2, "3000-byte echoes come back whole");
        uint32_t fragments = 0;
        for (const auto& w : obs.wire)
        {
            if (w.size() > PPP + IPV6_HDR + 8 && (w[PPP] >> 4) == 6 && w[PPP + 6] == 44)
            {
                ++fragments;
                NS_TEST_ASSERT_MSG_EQ(uint32_t(w[PPP + IPV6_HDR]),
                                      50u,
                                      "the fragment header carries ESP: IPsec came first");
                NS_TEST_ASSERT_MSG_LT_OR_EQ(w.size() - PPP, 1500u, "fits the link MTU");
            }
        }
        NS_TEST_ASSERT_MSG_GT_OR_EQ(fragments, 6u, "three fragments per request");
        NS_TEST_ASSERT_MSG_EQ(pair.btoa->GetCounters().rxPackets, 2, "both replies decrypted");
        NS_TEST_ASSERT_MSG_EQ(pair.atob->GetCounters().txPackets, 2, "one ESP packet each");
        Simulator::Destroy();
    }
};

/// Authenticated but unusable inner packets of an IPv6 tunnel: counted drops, never a crash.
class Ipv6BadInnerTestCase : public TestCase
{
  public:
    Ipv6BadInnerTestCase()
        : TestCase("IPv6 tunnel: malformed inner packets are dropped as bad-inner-packet")
    {
    }

  private:
    void DoRun() override
    {
        TwoHosts h;
        IpsecHelper ipsec;
        ipsec.Install(h.nodes);
        ipsec.AssignStreams(h.nodes, 81);
        IpsecTrafficSelector udp;
        udp.SetLocalPrefix(h.a6, Ipv6Prefix(128))
            .SetRemotePrefix(h.b6, Ipv6Prefix(128))
            .SetProtocol(17);
        ipsec.AddTunnelPolicyPair(h.nodes.Get(0), h.a6, h.nodes.Get(1), h.b6, udp);
        IpsecEspSaConfig config;
        config.mode = IpsecMode::TUNNEL;
        IpsecSaPair pair = ipsec.AddEspSaPair(h.nodes.Get(0), h.a6, h.nodes.Get(1), h.b6, config);
        SecurityAssociation sender(pair.atob->GetParams());
        EspTransform esp;
        Ptr<IpsecLayer> layer = h.nodes.Get(1)->GetObject<IpsecLayer>();
        auto deliver = [&](std::vector<uint8_t> bytes, uint8_t nextHeader) {
            Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
            IpsecDropReason why;
            esp.Protect(sender, p, nextHeader, why);
            Ipv6Header outer;
            outer.SetSource(h.a6);
            outer.SetDestination(h.b6);
            outer.SetNextHeader(50);
            outer.SetHopLimit(64);
            outer.SetPayloadLength(p->GetSize());
            layer->Receive(IpsecProtocol::ESP, p, outer, h.devices.Get(1));
        };
        std::vector<uint8_t> runt(10, 0);
        runt[0] = 0x60;
        deliver(runt, 41); // shorter than an IPv6 header
        std::vector<uint8_t> v4(20, 0);
        v4[0] = 0x45;
        deliver(v4, 41); // IPv4 where the next header says IPv6
        std::vector<uint8_t> longer(48, 0);
        longer[0] = 0x60;
        longer[5] = 200; // payload length beyond the bytes present
        longer[6] = 17;
        deliver(longer, 41);
        std::vector<uint8_t> v6(48, 0);
        v6[0] = 0x60;
        deliver(v6, 4);                      // IPv6 where the next header says IPv4
        deliver(std::vector<uint8_t>(), 41); // nothing at all
        NS_TEST_ASSERT_MSG_EQ(layer->GetCounters().GetDrops(IpsecDropReason::BAD_INNER_PACKET),
                              5,
                              "a runt, two version mismatches, a long length, an empty payload");
        NS_TEST_ASSERT_MSG_EQ(layer->GetCounters().protectedIn, 0, "nothing delivered");
        Simulator::Destroy();
    }
};

class IpsecIpv6TestSuite : public TestSuite
{
  public:
    IpsecIpv6TestSuite()
        : TestSuite("ipsec-ipv6", ipsectest::SYSTEM)
    {
        AddTestCase(new Ipv6SelectorTestCase, ipsectest::QUICK);
        AddTestCase(new TransportTestCase, ipsectest::QUICK);
        AddTestCase(new MixedTunnelTestCase, ipsectest::QUICK);
        AddTestCase(new Ipv6GatewayTestCase, ipsectest::QUICK);
        AddTestCase(new Ipv6CleartextTestCase, ipsectest::QUICK);
        AddTestCase(new NeighborDiscoveryTestCase, ipsectest::QUICK);
        AddTestCase(new Ipv6TunnelInterfaceTestCase, ipsectest::QUICK);
        AddTestCase(new Ipv6FragmentationTestCase, ipsectest::QUICK);
        AddTestCase(new Ipv6BadInnerTestCase, ipsectest::QUICK);
    }
};

static IpsecIpv6TestSuite g_ipsecIpv6TestSuite;

} // namespace
