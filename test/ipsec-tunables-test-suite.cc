/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The ipadm tunables icmp-accept-clear, igmp-accept-clear and pim-accept-clear (IpsecLayer
// attributes IcmpAcceptClear, IgmpAcceptClear, PimAcceptClear), each in both settings, and
// that ns-3's own ICMP (TTL exceeded, port unreachable, Neighbor Discovery) keeps working with
// the layer's ICMP proxy in place. Two hosts on a CSMA link (IPv4 and IPv6); node 0 asks,
// node 1 answers. Echo requests leave node 0 through its ICMP's down target (the IPsec layer),
// as a kernel ping would, so node 0's own SPD decides whether they go protected; the reply
// is made by node 1's Icmpv4L4Protocol / Icmpv6L4Protocol, which is what is checked: on the
// wire (node 1's frames), at node 0 (what it received, decrypted or not), in counters and in
// drop reasons.

#include "ipsec-test-compat.h"

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"

#include <map>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint8_t ICMP = 1;
constexpr uint8_t IGMP = 2;
constexpr uint8_t ICMPV6 = 58;
constexpr uint8_t PIM = 103;
constexpr uint8_t ESP = 50;
constexpr uint32_t ETH = 14; //!< Ethernet header before the IP header on a CSMA device

/// What one IP packet on the wire was.
struct WirePacket
{
    bool ipv6 = false;
    uint8_t protocol = 0;
    uint32_t spi = 0;     //!< ESP: its SPI
    uint8_t icmpType = 0; //!< ICMP/ICMPv6: its type
};

/// Two hosts on a CSMA link, IPv4 and IPv6, with IPsec layers and recorders.
class Hosts
{
  public:
    explicit Hosts(bool icmpAcceptClear = true,
                   bool igmpAcceptClear = true,
                   bool pimAcceptClear = true)
    {
        nodes.Create(2);
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        devices = csma.Install(nodes);
        InternetStackHelper().Install(nodes);
        Ipv4InterfaceContainer i4 = Ipv4AddressHelper("10.7.0.0", "255.255.255.0").Assign(devices);
        Ipv6InterfaceContainer i6 =
            Ipv6AddressHelper(Ipv6Address("fd00:7::"), Ipv6Prefix(64)).Assign(devices);
        a = i4.GetAddress(0);
        b = i4.GetAddress(1);
        a6 = i6.GetAddress(0, 1);
        b6 = i6.GetAddress(1, 1);
        helper.SetLayerAttribute("IcmpAcceptClear", BooleanValue(icmpAcceptClear));
        helper.SetLayerAttribute("IgmpAcceptClear", BooleanValue(igmpAcceptClear));
        helper.SetLayerAttribute("PimAcceptClear", BooleanValue(pimAcceptClear));
        helper.Install(nodes);
        helper.AssignStreams(nodes, 7);
        for (uint32_t i = 0; i < 2; ++i)
        {
            Layer(i)->TraceConnectWithoutContext("Drop",
                                                 MakeCallback(&Hosts::OnDrop, this).Bind(i));
        }
        devices.Get(1)->TraceConnectWithoutContext("PhyTxBegin",
                                                   MakeCallback(&Hosts::OnWire, this));
        // What node 0 receives: cleartext ICMP from its stacks, decrypted payloads from its
        // layer (transport: the ICMP message; tunnel: the inner IP packet).
        nodes.Get(0)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "LocalDeliver",
            MakeCallback(&Hosts::OnLocal4, this));
        nodes.Get(0)->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
            "LocalDeliver",
            MakeCallback(&Hosts::OnLocal6, this));
        Layer(0)->TraceConnectWithoutContext("Unprotect", MakeCallback(&Hosts::OnUnprotect, this));
        Layer(1)->TraceConnectWithoutContext("MulticastControlReceived",
                                             MakeCallback(&Hosts::OnControl, this));
    }

    Ptr<IpsecLayer> Layer(uint32_t i) const
    {
        return nodes.Get(i)->GetObject<IpsecLayer>();
    }

    /// A policy on node @p i for protocol @p protocol (0: any), any addresses; @p inboundOnly
    /// restricts it to inbound traffic.
    void Policy(uint32_t i,
                uint8_t protocol,
                IpsecAction action,
                IpsecMode mode = IpsecMode::TRANSPORT,
                bool inboundOnly = false)
    {
        IpsecTrafficSelector sel;
        if (protocol != 0)
        {
            sel.SetProtocol(protocol);
        }
        if (inboundOnly)
        {
            sel.SetDirection(IpsecDirection::INBOUND);
        }
        auto p = Create<IpsecPolicy>(sel, action);
        if (action == IpsecAction::PROTECT)
        {
            p->SetProtection(IpsecProtocol::ESP, mode);
            if (mode == IpsecMode::TUNNEL)
            {
                p->SetTunnelEndpoints(IpsecAddress(i == 0 ? a : b), IpsecAddress(i == 0 ? b : a));
            }
        }
        helper.AddPolicy(nodes.Get(i), p);
    }

    /// ESP SAs between the hosts (AES-GCM, random keys).
    IpsecSaPair Sas(IpsecMode mode = IpsecMode::TRANSPORT, bool ipv6 = false)
    {
        IpsecEspSaConfig cfg;
        cfg.mode = mode;
        return ipv6 ? helper.AddEspSaPair(nodes.Get(0), a6, nodes.Get(1), b6, cfg)
                    : helper.AddEspSaPair(nodes.Get(0), a, nodes.Get(1), b, cfg);
    }

    /// Node 0 sends @p count echo requests (id 0x4242, sequence 1..count) at 10 ms intervals
    /// from time @p start, through its ICMP's down target (its IPsec layer).
    void Ping(uint32_t count, bool ipv6 = false, Time start = Seconds(1))
    {
        for (uint32_t seq = 1; seq <= count; ++seq)
        {
            Simulator::Schedule(start + MilliSeconds(10 * seq), [this, seq, ipv6]() {
                if (ipv6)
                {
                    Ptr<Packet> p = Create<Packet>(24);
                    Icmpv6Echo echo(true);
                    echo.SetId(0x4242);
                    echo.SetSeq(seq);
                    echo.CalculatePseudoHeaderChecksum(a6,
                                                       b6,
                                                       p->GetSize() + echo.GetSerializedSize(),
                                                       ICMPV6);
                    p->AddHeader(echo);
                    Ptr<IpL4Protocol> icmp6 = nodes.Get(0)->GetObject<Icmpv6L4Protocol>();
                    icmp6->GetDownTarget6()(p, a6, b6, ICMPV6, nullptr);
                    return;
                }
                Ptr<Packet> p = Create<Packet>();
                Icmpv4Echo echo;
                echo.SetIdentifier(0x4242);
                echo.SetSequenceNumber(seq);
                echo.SetData(Create<Packet>(24));
                p->AddHeader(echo);
                Icmpv4Header icmp;
                icmp.SetType(Icmpv4Header::ICMPV4_ECHO);
                icmp.EnableChecksum();
                p->AddHeader(icmp);
                Ptr<IpL4Protocol> icmp4 = nodes.Get(0)->GetObject<Icmpv4L4Protocol>();
                icmp4->GetDownTarget()(p, a, b, ICMP, nullptr);
            });
        }
    }

    void Run(Time stop = Seconds(3))
    {
        Simulator::Stop(stop);
        Simulator::Run();
    }

    uint64_t Drops(uint32_t node, IpsecDropReason reason) const
    {
        auto it = traced.find({node, reason});
        return it == traced.end() ? 0 : it->second;
    }

    /// Node 1's packets of one kind on the wire.
    uint32_t Sent(bool ipv6, uint8_t protocol, int icmpType = -1, uint32_t spi = 0) const
    {
        uint32_t n = 0;
        for (const auto& w : wire)
        {
            if (w.ipv6 == ipv6 && w.protocol == protocol &&
                (icmpType < 0 || w.icmpType == icmpType) && (spi == 0 || w.spi == spi))
            {
                ++n;
            }
        }
        return n;
    }

    NodeContainer nodes;
    NetDeviceContainer devices;
    Ipv4Address a;
    Ipv4Address b;
    Ipv6Address a6;
    Ipv6Address b6;
    IpsecHelper helper;
    std::vector<WirePacket> wire;
    std::map<std::pair<uint32_t, IpsecDropReason>, uint64_t> traced;
    uint32_t clearReplies = 0;                     //!< Echo replies node 0 received in the clear
    uint32_t protectedReplies = 0;                 //!< Echo replies node 0 received decrypted
    uint32_t tunnelReplies = 0;                    //!< ... of which inside an inner IPv4 packet
    std::vector<std::pair<uint8_t, bool>> control; //!< Node 1's MulticastControlReceived

  private:
    void OnDrop(uint32_t node, Ptr<const Packet>, IpsecDropReason reason, uint32_t)
    {
        ++traced[{node, reason}];
    }

    void OnWire(Ptr<const Packet> frame)
    {
        std::vector<uint8_t> bytes(frame->GetSize());
        frame->CopyData(bytes.data(), bytes.size());
        if (bytes.size() < ETH + 48)
        {
            return;
        }
        const uint16_t type = static_cast<uint16_t>((bytes[12] << 8) | bytes[13]);
        WirePacket w;
        uint32_t l4 = 0;
        if (type == 0x0800)
        {
            w.protocol = bytes[ETH + 9];
            l4 = ETH + 4 * (bytes[ETH] & 0x0f);
        }
        else if (type == 0x86dd)
        {
            w.ipv6 = true;
            w.protocol = bytes[ETH + 6];
            l4 = ETH + 40;
        }
        else
        {
            return;
        }
        w.icmpType = bytes[l4];
        w.spi = (uint32_t(bytes[l4]) << 24) | (uint32_t(bytes[l4 + 1]) << 16) |
                (uint32_t(bytes[l4 + 2]) << 8) | bytes[l4 + 3];
        wire.push_back(w);
    }

    void OnLocal4(const Ipv4Header& h, Ptr<const Packet> p, uint32_t)
    {
        uint8_t type = 0xff;
        p->CopyData(&type, 1);
        if (h.GetProtocol() == ICMP && type == 0)
        {
            ++clearReplies;
        }
    }

    void OnLocal6(const Ipv6Header& h, Ptr<const Packet> p, uint32_t)
    {
        uint8_t type = 0;
        p->CopyData(&type, 1);
        if (h.GetNextHeader() == ICMPV6 && type == 129)
        {
            ++clearReplies;
        }
    }

    void OnUnprotect(Ptr<const Packet> p, Ptr<const SecurityAssociation>)
    {
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        if (bytes.size() > 28 && bytes[0] == 0x45 && bytes[9] == ICMP && bytes[20] == 0)
        {
            ++protectedReplies;
            ++tunnelReplies;
        }
        else if (!bytes.empty() && (bytes[0] == 0 || bytes[0] == 129))
        {
            ++protectedReplies;
        }
    }

    void OnControl(Ptr<const Packet>, const IpsecIpHeader& h, bool isProtected)
    {
        control.emplace_back(h.GetProtocol(), isProtected);
    }
};

/**
 * icmp-accept-clear on: an echo request protected by ESP (transport or tunnel mode) is
 * answered with ESP on the responder's outbound SA of the same kind, although the responder's
 * SPD has no entry for ICMP (it would send the reply in the clear).
 */
class ProtectedRequestTestCase : public TestCase
{
  public:
    explicit ProtectedRequestTestCase(IpsecMode mode)
        : TestCase(mode == IpsecMode::TUNNEL ? "icmp-accept-clear on: tunnel-mode request, reply "
                                               "into the tunnel"
                                             : "icmp-accept-clear on: protected request, "
                                               "protected reply"),
          m_mode(mode)
    {
    }

  private:
    void DoRun() override
    {
        Hosts h;
        h.Policy(0, ICMP, IpsecAction::PROTECT, m_mode); // only the requester protects ICMP
        if (m_mode == IpsecMode::TUNNEL)
        {
            // A tunnel carries only what an inbound entry lets it carry (RFC 4301 5.2); the
            // responder has no outbound entry for ICMP, so its SPD would reply in the clear.
            h.Policy(1, ICMP, IpsecAction::PROTECT, m_mode, true);
        }
        IpsecSaPair sas = h.Sas(m_mode);
        h.Ping(3);
        h.Run();
        const uint32_t replySpi = sas.btoa->GetSpi();
        NS_TEST_EXPECT_MSG_EQ(h.Sent(false, ESP, -1, replySpi), 3, "three ESP replies, B->A SA");
        NS_TEST_EXPECT_MSG_EQ(h.Sent(false, ICMP), 0, "no ICMP in the clear from the responder");
        NS_TEST_EXPECT_MSG_EQ(h.protectedReplies, 3, "the requester decrypted three replies");
        NS_TEST_EXPECT_MSG_EQ(h.tunnelReplies,
                              (m_mode == IpsecMode::TUNNEL ? 3 : 0),
                              "tunnel mode: the replies came through the tunnel");
        NS_TEST_EXPECT_MSG_EQ(h.clearReplies, 0, "no reply in the clear");
        // The pair's SAs are node 0's copies: btoa is its inbound SA.
        NS_TEST_EXPECT_MSG_EQ(sas.btoa->GetCounters().rxPackets, 3, "responder's SA used");
        NS_TEST_EXPECT_MSG_EQ(h.Layer(1)->GetCounters().icmpClearAccepted, 0, "none was clear");
        NS_TEST_EXPECT_MSG_EQ(h.traced.size(), 0, "no drops");
        Simulator::Destroy();
    }

    IpsecMode m_mode;
};

/**
 * icmp-accept-clear on: a cleartext request is accepted although the responder's SPD
 * requires ESP for ICMP, and answered in the clear although that SPD would protect the reply.
 */
class ClearRequestTestCase : public TestCase
{
  public:
    ClearRequestTestCase()
        : TestCase("icmp-accept-clear on: clear request, clear reply despite a protect policy")
    {
    }

  private:
    void DoRun() override
    {
        Hosts h;
        h.Policy(1, ICMP, IpsecAction::PROTECT); // the responder protects ICMP; the requester not
        IpsecSaPair sas = h.Sas();
        h.Ping(3);
        h.Run();
        NS_TEST_EXPECT_MSG_EQ(h.Sent(false, ICMP, 0), 3, "three clear echo replies on the wire");
        NS_TEST_EXPECT_MSG_EQ(h.Sent(false, ESP), 0, "no ESP from the responder");
        NS_TEST_EXPECT_MSG_EQ(h.clearReplies, 3, "the requester got them");
        NS_TEST_EXPECT_MSG_EQ(sas.btoa->GetCounters().rxPackets, 0, "SA unused");
        NS_TEST_EXPECT_MSG_EQ(h.Layer(1)->GetCounters().icmpClearAccepted, 3, "accepted clear");
        NS_TEST_EXPECT_MSG_EQ(h.Layer(1)->GetCounters().clearIn, 0, "not by policy");
        NS_TEST_EXPECT_MSG_EQ(h.traced.size(), 0, "no drops");
        Simulator::Destroy();
    }
};

/**
 * icmp-accept-clear off: the SPD decides. A clear request to a responder whose SPD requires
 * ESP is dropped (cleartext-rejected; a discard entry: policy-discard); a protected request
 * to a responder without an ICMP entry is answered in the clear; with a protect entry, with
 * ESP.
 */
class TunableOffTestCase : public TestCase
{
  public:
    TunableOffTestCase()
        : TestCase("icmp-accept-clear off: requests policed, replies decided by the SPD")
    {
    }

  private:
    void DoRun() override
    {
        {
            Hosts h(false);
            h.Policy(1, ICMP, IpsecAction::PROTECT);
            h.Sas();
            h.Ping(3);
            h.Run();
            NS_TEST_EXPECT_MSG_EQ(h.Drops(1, IpsecDropReason::CLEARTEXT_REJECTED),
                                  3,
                                  "clear requests refused");
            NS_TEST_EXPECT_MSG_EQ(
                h.Layer(1)->GetCounters().GetDrops(IpsecDropReason::CLEARTEXT_REJECTED),
                3,
                "and counted");
            NS_TEST_EXPECT_MSG_EQ(h.Sent(false, ICMP) + h.Sent(false, ESP), 0, "no reply");
            NS_TEST_EXPECT_MSG_EQ(h.Layer(1)->GetCounters().icmpClearAccepted, 0, "none");
            Simulator::Destroy();
        }
        {
            Hosts h(false);
            h.Policy(1, ICMP, IpsecAction::DISCARD);
            h.Ping(2);
            h.Run();
            NS_TEST_EXPECT_MSG_EQ(h.Drops(1, IpsecDropReason::POLICY_DISCARD), 2, "discarded");
            NS_TEST_EXPECT_MSG_EQ(h.Sent(false, ICMP), 0, "no reply");
            Simulator::Destroy();
        }
        {
            Hosts h(false);
            h.Policy(0, ICMP, IpsecAction::PROTECT);
            IpsecSaPair sas = h.Sas();
            h.Ping(3);
            h.Run();
            NS_TEST_EXPECT_MSG_EQ(h.Sent(false, ICMP, 0), 3, "replies clear, as the SPD says");
            NS_TEST_EXPECT_MSG_EQ(h.Sent(false, ESP), 0, "no ESP");
            NS_TEST_EXPECT_MSG_EQ(h.clearReplies, 3, "received");
            NS_TEST_EXPECT_MSG_EQ(sas.atob->GetCounters().txPackets, 3, "requests were ESP");
            Simulator::Destroy();
        }
        {
            Hosts h(false);
            h.Policy(0, ICMP, IpsecAction::PROTECT);
            h.Policy(1, ICMP, IpsecAction::PROTECT);
            IpsecSaPair sas = h.Sas();
            h.Ping(2);
            h.Run();
            NS_TEST_EXPECT_MSG_EQ(h.Sent(false, ESP, -1, sas.btoa->GetSpi()), 2, "ESP by policy");
            NS_TEST_EXPECT_MSG_EQ(h.protectedReplies, 2, "decrypted");
            Simulator::Destroy();
        }
    }
};

/**
 * icmp-accept-clear on: a protected request whose mirror-image outbound SA is missing gets no
 * reply (no-outbound-sa), rather than a cleartext one.
 */
class NoOutboundSaTestCase : public TestCase
{
  public:
    NoOutboundSaTestCase()
        : TestCase("icmp-accept-clear on: no outbound SA for the reply, no-outbound-sa")
    {
    }

  private:
    void DoRun() override
    {
        Hosts h;
        h.Policy(0, ICMP, IpsecAction::PROTECT);
        IpsecSaPair sas = h.Sas();
        // Node 1 keeps the inbound SA (A->B) but loses its outbound one (B->A).
        NS_TEST_ASSERT_MSG_EQ(
            h.Layer(1)->GetSad()->Remove(IpsecProtocol::ESP, h.a, sas.btoa->GetSpi()),
            true,
            "removed");
        h.Ping(2);
        h.Run();
        NS_TEST_EXPECT_MSG_EQ(h.Drops(1, IpsecDropReason::NO_OUTBOUND_SA), 2, "dropped");
        NS_TEST_EXPECT_MSG_EQ(h.Sent(false, ICMP) + h.Sent(false, ESP), 0, "nothing sent");
        NS_TEST_EXPECT_MSG_EQ(sas.atob->GetCounters().txPackets, 2, "requests sent with ESP");
        Simulator::Destroy();
    }
};

/**
 * Cleartext ICMP errors: node 1 sends UDP (bypassed) to a closed port of node 0, whose
 * Ipv4L3Protocol answers port unreachable through GetIcmp() (the proxy's aggregate finds the
 * real ICMP). Node 1's SPD protects everything else: with icmp-accept-clear on the error
 * reaches node 1's socket, off it is cleartext-rejected.
 */
class IcmpErrorTestCase : public TestCase
{
  public:
    explicit IcmpErrorTestCase(bool on)
        : TestCase(on ? "icmp-accept-clear on: cleartext port unreachable accepted"
                      : "icmp-accept-clear off: cleartext port unreachable refused"),
          m_on(on)
    {
    }

  private:
    void DoRun() override
    {
        Hosts h(m_on);
        h.Policy(1, 17, IpsecAction::BYPASS);
        h.Policy(1, 0, IpsecAction::PROTECT); // everything else: ESP
        h.Sas();
        Ptr<Socket> tx = Socket::CreateSocket(h.nodes.Get(1), UdpSocketFactory::GetTypeId());
        tx->SetAttribute("IcmpCallback",
                         CallbackValue(MakeCallback(&IcmpErrorTestCase::OnIcmp, this)));
        tx->Bind();
        tx->Connect(InetSocketAddress(h.a, 7777));
        Simulator::Schedule(Seconds(1), [tx]() { tx->Send(Create<Packet>(40)); });
        uint32_t unreachSent = 0;
        h.devices.Get(0)->TraceConnectWithoutContext(
            "PhyTxBegin",
            MakeBoundCallback(&IcmpErrorTestCase::CountUnreach, &unreachSent));
        h.Run();
        NS_TEST_EXPECT_MSG_EQ(unreachSent, 1, "node 0 sent a port unreachable");
        NS_TEST_EXPECT_MSG_EQ(m_errors, (m_on ? 1 : 0), "node 1's socket heard it only when on");
        NS_TEST_EXPECT_MSG_EQ(unsigned(m_lastType), (m_on ? 3u : 0xffu), "destination unreachable");
        NS_TEST_EXPECT_MSG_EQ(h.Layer(1)->GetCounters().icmpClearAccepted, (m_on ? 1 : 0), "count");
        NS_TEST_EXPECT_MSG_EQ(h.Drops(1, IpsecDropReason::CLEARTEXT_REJECTED),
                              (m_on ? 0 : 1),
                              "refused when off");
        Simulator::Destroy();
    }

    static void CountUnreach(uint32_t* n, Ptr<const Packet> frame)
    {
        uint8_t b[ETH + 21];
        if (frame->CopyData(b, sizeof(b)) == sizeof(b) && b[12] == 0x08 && b[13] == 0 &&
            b[ETH + 9] == ICMP && b[ETH + 20] == 3)
        {
            ++*n;
        }
    }

    void OnIcmp(Ipv4Address, uint8_t, uint8_t type, uint8_t, uint32_t)
    {
        ++m_errors;
        m_lastType = type;
    }

    bool m_on;
    uint32_t m_errors = 0;
    uint8_t m_lastType = 0xff;
};

/**
 * ns-3's own ICMP with the proxy in place: protocol 1 in the table is the proxy, GetIcmp()
 * still returns the real Icmpv4L4Protocol, and a router with IPsec answers TTL exceeded.
 */
class TtlExceededTestCase : public TestCase
{
  public:
    TtlExceededTestCase()
        : TestCase("ICMP proxy: GetIcmp() finds the real ICMP; TTL exceeded still sent")
    {
    }

  private:
    void DoRun() override
    {
        Hosts h;
        Ptr<Node> r = h.nodes.Get(1); // node 1 routes 10.9.9.9 back towards node 0
        Ptr<Ipv4L3Protocol> ipv4 = r->GetObject<Ipv4L3Protocol>();
        NS_TEST_ASSERT_MSG_NE(DynamicCast<IpsecIcmpProxy>(ipv4->GetProtocol(ICMP)),
                              nullptr,
                              "the proxy is registered for protocol 1");
        // What Ipv4L3Protocol::GetIcmp() (private) does in ns-3.37 and later.
        NS_TEST_ASSERT_MSG_EQ(ipv4->GetProtocol(ICMP)->GetObject<Icmpv4L4Protocol>(),
                              r->GetObject<Icmpv4L4Protocol>(),
                              "GetIcmp() returns the real ICMP");
        Ipv4StaticRoutingHelper routing;
        routing.GetStaticRouting(h.nodes.Get(0)->GetObject<Ipv4>())
            ->AddHostRouteTo(Ipv4Address("10.9.9.9"), h.b, 1);
        routing.GetStaticRouting(r->GetObject<Ipv4>())
            ->AddHostRouteTo(Ipv4Address("10.9.9.9"), h.a, 1);
        Ptr<Socket> tx = Socket::CreateSocket(h.nodes.Get(0), UdpSocketFactory::GetTypeId());
        tx->SetAttribute("IcmpCallback",
                         CallbackValue(MakeCallback(&TtlExceededTestCase::OnIcmp, this)));
        tx->Bind();
        tx->SetIpTtl(1);
        tx->Connect(InetSocketAddress(Ipv4Address("10.9.9.9"), 9));
        Simulator::Schedule(Seconds(1), [tx]() { tx->Send(Create<Packet>(20)); });
        h.Run();
        NS_TEST_EXPECT_MSG_EQ(h.Sent(false, ICMP, 11), 1, "the router sent time exceeded");
        NS_TEST_EXPECT_MSG_EQ(m_types.size(), 1, "the sender's socket heard one error");
        if (!m_types.empty())
        {
            NS_TEST_EXPECT_MSG_EQ(unsigned(m_types[0]), 11u, "time exceeded");
        }
        NS_TEST_EXPECT_MSG_EQ(h.Layer(0)->GetCounters().icmpClearAccepted, 1, "accepted clear");
        Simulator::Destroy();
    }

    void OnIcmp(Ipv4Address, uint8_t, uint8_t type, uint8_t, uint32_t)
    {
        m_types.push_back(type);
    }

    std::vector<uint8_t> m_types;
};

/**
 * ICMPv6 (echo over a CSMA link, so Neighbor Discovery runs and must keep bypassing): a
 * protected request gets an ESP reply although the responder has no ICMPv6 entry; with the
 * responder protecting all traffic to the requester, a clear request gets a clear reply when
 * the tunable is on and is refused (cleartext-rejected) when it is off.
 */
class Icmpv6TestCase : public TestCase
{
  public:
    Icmpv6TestCase()
        : TestCase("icmp-accept-clear and ICMPv6: echo like the request, ND unaffected")
    {
    }

  private:
    void DoRun() override
    {
        {
            Hosts h;
            h.Policy(0, ICMPV6, IpsecAction::PROTECT);
            IpsecSaPair sas = h.Sas(IpsecMode::TRANSPORT, true);
            h.Ping(3, true, Seconds(2));
            h.Run(Seconds(4));
            NS_TEST_EXPECT_MSG_EQ(h.Sent(true, ESP, -1, sas.btoa->GetSpi()), 3, "ESP replies");
            NS_TEST_EXPECT_MSG_EQ(h.Sent(true, ICMPV6, 129), 0, "no clear reply");
            NS_TEST_EXPECT_MSG_EQ(h.protectedReplies, 3, "decrypted at the requester");
            Simulator::Destroy();
        }
        for (bool on : {true, false})
        {
            Hosts h(on);
            // The responder protects everything with the requester's address, in and out.
            IpsecTrafficSelector sel;
            sel.SetLocalPrefix(Ipv6Address("fd00:7::"), Ipv6Prefix(64));
            auto p = Create<IpsecPolicy>(sel, IpsecAction::PROTECT);
            p->SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT);
            h.helper.AddPolicy(h.nodes.Get(1), p);
            h.Sas(IpsecMode::TRANSPORT, true);
            h.Ping(3, true, Seconds(2));
            h.Run(Seconds(4));
            NS_TEST_EXPECT_MSG_GT(h.Sent(true, ICMPV6, 136), 0, "ND advertisements still sent");
            NS_TEST_EXPECT_MSG_EQ(h.Sent(true, ICMPV6, 129), (on ? 3 : 0), "clear replies when on");
            NS_TEST_EXPECT_MSG_EQ(h.Sent(true, ESP), 0, "never ESP");
            NS_TEST_EXPECT_MSG_EQ(h.clearReplies, (on ? 3 : 0), "received when on");
            NS_TEST_EXPECT_MSG_EQ(h.Drops(1, IpsecDropReason::CLEARTEXT_REJECTED),
                                  (on ? 0 : 3),
                                  "refused when off");
            Simulator::Destroy();
        }
    }
};

/**
 * igmp-accept-clear and pim-accept-clear: node 0 sends IGMP or PIM in the clear from a raw
 * socket; node 1's SPD protects (PIM) or discards (IGMP) everything from node 0. On: the
 * message reaches MulticastControlReceived and is counted; off: it is dropped with the
 * policy's reason. Node 1's raw socket sees it either way (ns-3 hands datagrams to raw
 * sockets before the layer's handler).
 */
class MulticastControlTestCase : public TestCase
{
  public:
    MulticastControlTestCase(uint8_t protocol, bool on)
        : TestCase(std::string(protocol == IGMP ? "igmp" : "pim") + "-accept-clear " +
                   (on ? "on: cleartext accepted" : "off: cleartext policed")),
          m_protocol(protocol),
          m_on(on)
    {
    }

  private:
    void DoRun() override
    {
        const bool igmp = m_protocol == IGMP;
        Hosts h(true, igmp ? m_on : true, igmp ? true : m_on);
        h.Policy(1, 0, igmp ? IpsecAction::DISCARD : IpsecAction::PROTECT);
        h.Sas();
        Ptr<Socket> tx = Socket::CreateSocket(h.nodes.Get(0), Ipv4RawSocketFactory::GetTypeId());
        tx->SetAttribute("Protocol", UintegerValue(m_protocol));
        Ptr<Socket> rx = Socket::CreateSocket(h.nodes.Get(1), Ipv4RawSocketFactory::GetTypeId());
        rx->SetAttribute("Protocol", UintegerValue(m_protocol));
        uint32_t raw = 0;
        rx->SetRecvCallback(MakeBoundCallback(&MulticastControlTestCase::OnRaw, &raw));
        const Ipv4Address b = h.b;
        Simulator::Schedule(Seconds(1), [tx, b]() {
            tx->SendTo(Create<Packet>(8), 0, InetSocketAddress(b, 0));
        });
        h.Run();
        const IpsecLayer::Counters& c = h.Layer(1)->GetCounters();
        NS_TEST_EXPECT_MSG_EQ(h.control.size(), (m_on ? 1 : 0), "handed on only when on");
        if (!h.control.empty())
        {
            NS_TEST_EXPECT_MSG_EQ(unsigned(h.control[0].first), unsigned(m_protocol), "proto");
            NS_TEST_EXPECT_MSG_EQ(h.control[0].second, false, "in the clear");
        }
        const uint64_t accepted = igmp ? c.igmpClearAccepted : c.pimClearAccepted;
        NS_TEST_EXPECT_MSG_EQ(accepted, (m_on ? 1 : 0), "accepted-clear counter");
        const IpsecDropReason reason =
            igmp ? IpsecDropReason::POLICY_DISCARD : IpsecDropReason::CLEARTEXT_REJECTED;
        NS_TEST_EXPECT_MSG_EQ(h.Drops(1, reason), (m_on ? 0 : 1), "the policy's drop when off");
        NS_TEST_EXPECT_MSG_EQ(c.GetDrops(reason), (m_on ? 0 : 1), "counted");
        NS_TEST_EXPECT_MSG_EQ(raw, 1, "the raw socket saw it either way (documented limit)");
        Simulator::Destroy();
    }

    static void OnRaw(uint32_t* n, Ptr<Socket> socket)
    {
        while (socket->Recv())
        {
            ++*n;
        }
    }

    uint8_t m_protocol;
    bool m_on;
};

/**
 * Protected PIM takes the normal inbound path: node 0's SPD protects PIM, node 1's requires
 * ESP for it and pim-accept-clear is off; the decrypted message reaches the trace as protected.
 */
class ProtectedPimTestCase : public TestCase
{
  public:
    ProtectedPimTestCase()
        : TestCase("pim-accept-clear off: protected PIM delivered through the inbound path")
    {
    }

  private:
    void DoRun() override
    {
        Hosts h(true, true, false);
        h.Policy(0, PIM, IpsecAction::PROTECT);
        h.Policy(1, PIM, IpsecAction::PROTECT);
        IpsecSaPair sas = h.Sas();
        Ptr<IpsecLayer> sender = h.Layer(0);
        const Ipv4Address a = h.a;
        const Ipv4Address b = h.b;
        Simulator::Schedule(Seconds(1), [sender, a, b]() {
            sender->Send(Create<Packet>(8), a, b, PIM, nullptr);
        });
        h.Run();
        NS_TEST_EXPECT_MSG_EQ(h.Sent(false, PIM), 0, "no PIM from node 1 (nothing answers)");
        NS_TEST_EXPECT_MSG_EQ(sas.atob->GetCounters().txPackets, 1, "sent with ESP");
        NS_TEST_EXPECT_MSG_EQ(h.control.size(), 1, "handed on");
        if (!h.control.empty())
        {
            NS_TEST_EXPECT_MSG_EQ(unsigned(h.control[0].first), unsigned(PIM), "PIM");
            NS_TEST_EXPECT_MSG_EQ(h.control[0].second, true, "protected");
        }
        NS_TEST_EXPECT_MSG_EQ(h.Layer(1)->GetCounters().pimClearAccepted, 0, "not clear");
        NS_TEST_EXPECT_MSG_EQ(h.traced.size(), 0, "no drops");
        Simulator::Destroy();
    }
};

class IpsecTunablesTestSuite : public TestSuite
{
  public:
    IpsecTunablesTestSuite()
        : TestSuite("ipsec-tunables", ipsectest::SYSTEM)
    {
        AddTestCase(new ProtectedRequestTestCase(IpsecMode::TRANSPORT), ipsectest::QUICK);
        AddTestCase(new ProtectedRequestTestCase(IpsecMode::TUNNEL), ipsectest::QUICK);
        AddTestCase(new ClearRequestTestCase, ipsectest::QUICK);
        AddTestCase(new TunableOffTestCase, ipsectest::QUICK);
        AddTestCase(new NoOutboundSaTestCase, ipsectest::QUICK);
        AddTestCase(new IcmpErrorTestCase(true), ipsectest::QUICK);
        AddTestCase(new IcmpErrorTestCase(false), ipsectest::QUICK);
        AddTestCase(new TtlExceededTestCase, ipsectest::QUICK);
        AddTestCase(new Icmpv6TestCase, ipsectest::QUICK);
        AddTestCase(new MulticastControlTestCase(IGMP, true), ipsectest::QUICK);
        AddTestCase(new MulticastControlTestCase(IGMP, false), ipsectest::QUICK);
        AddTestCase(new MulticastControlTestCase(PIM, true), ipsectest::QUICK);
        AddTestCase(new MulticastControlTestCase(PIM, false), ipsectest::QUICK);
        AddTestCase(new ProtectedPimTestCase, ipsectest::QUICK);
    }
};

IpsecTunablesTestSuite g_ipsecTunablesTestSuite;

} // namespace
