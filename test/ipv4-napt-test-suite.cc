/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Ipv4Napt: a NAT node between two inside hosts (each on its own point-to-point link) and two
// servers on an outside CSMA segment, with ns-3's checksums enabled so that every receiver
// verifies the checksums the NAT updated (they silently drop bad ones: delivery proves them).
// The packets the NAT sends are also captured and their checksums recomputed here,
// independently of the model's own arithmetic.
//
//   h0 10.0.0.1 --- (if 1) 10.0.0.2 -.
//                                    NAT (if 3) 203.0.113.1 --- CSMA --- s0 203.0.113.2
//   h1 10.0.1.1 --- (if 2) 10.0.1.2 /                                 \- s1 203.0.113.3

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
#include "ns3/traffic-control-module.h"

#include <functional>
#include <sstream>

using namespace ns3;

namespace
{

using ipsectest::Bytes;

constexpr uint8_t TCP = 6;
constexpr uint8_t UDP = 17;
constexpr uint8_t ICMP = 1;

uint16_t
Get16(const std::vector<uint8_t>& b, size_t at)
{
    return static_cast<uint16_t>((b[at] << 8) | b[at + 1]);
}

/// RFC 1071 sum (not complemented) of some bytes, added to @p sum
uint32_t
Sum(const uint8_t* data, size_t size, uint32_t sum = 0)
{
    for (size_t i = 0; i + 1 < size; i += 2)
    {
        sum += static_cast<uint32_t>((data[i] << 8) | data[i + 1]);
    }
    if (size % 2)
    {
        sum += static_cast<uint32_t>(data[size - 1]) << 8;
    }
    return sum;
}

/// Does a sum including the checksum field verify (fold to 0xffff)?
bool
Verifies(uint32_t sum)
{
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum == 0xffff;
}

/// Recompute every checksum of a whole IPv4 packet (no fragments): the IPv4 header's, and
/// the TCP, UDP (unless 0) or ICMP one. Returns an empty string or what is wrong.
std::string
CheckChecksums(const std::vector<uint8_t>& b)
{
    if (b.size() < 20)
    {
        return "short packet";
    }
    const size_t ihl = (b[0] & 0x0f) * 4;
    if (!Verifies(Sum(b.data(), ihl)))
    {
        return "bad IPv4 header checksum";
    }
    const uint8_t protocol = b[9];
    const size_t l4Size = Get16(b, 2) - ihl;
    const uint8_t* l4 = b.data() + ihl;
    if (protocol == ICMP)
    {
        return Verifies(Sum(l4, l4Size)) ? "" : "bad ICMP checksum";
    }
    if (protocol == UDP || protocol == TCP)
    {
        if (protocol == UDP && Get16(b, ihl + 6) == 0)
        {
            return "";
        }
        uint32_t pseudo = Sum(b.data() + 12, 8); // source and destination address
        pseudo += protocol;
        pseudo += static_cast<uint32_t>(l4Size);
        return Verifies(Sum(l4, l4Size, pseudo)) ? "" : "bad TCP/UDP checksum";
    }
    return "";
}

/// The test network. Configure the helper, then build.
struct NatBed
{
    NodeContainer hosts;
    NodeContainer servers;
    Ptr<Node> nat;
    Ipv4Address host[2];
    Ipv4Address server[2];
    Ipv4Address pub;
    Ptr<Ipv4Napt> napt;
    /// Whole IPv4 packets the NAT sent, by interface (1, 2 inside; 3 outside)
    std::map<uint32_t, std::vector<std::vector<uint8_t>>> sent;

    explicit NatBed(const Ipv4NaptHelper& helper)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        hosts.Create(2);
        servers.Create(2);
        nat = CreateObject<Node>();
        InternetStackHelper internet;
        internet.Install(hosts);
        internet.Install(servers);
        internet.Install(nat);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        NetDeviceContainer link0 = p2p.Install(hosts.Get(0), nat);
        NetDeviceContainer link1 = p2p.Install(hosts.Get(1), nat);
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        NetDeviceContainer lan;
        lan.Add(csma.Install(NodeContainer(NodeContainer(nat), servers)));
        Ipv4AddressHelper addresses;
        addresses.SetBase("10.0.0.0", "255.255.255.0");
        Ipv4InterfaceContainer if0 = addresses.Assign(link0);
        addresses.SetBase("10.0.1.0", "255.255.255.0");
        Ipv4InterfaceContainer if1 = addresses.Assign(link1);
        addresses.SetBase("203.0.113.0", "255.255.255.0");
        Ipv4InterfaceContainer ifLan = addresses.Assign(lan);
        host[0] = if0.GetAddress(0);
        host[1] = if1.GetAddress(0);
        pub = ifLan.GetAddress(0);
        server[0] = ifLan.GetAddress(1);
        server[1] = ifLan.GetAddress(2);
        // Hosts: default route to the NAT. Servers: only their own segment (no route to the
        // private addresses, as on the Internet).
        Ipv4StaticRoutingHelper routing;
        routing.GetStaticRouting(hosts.Get(0)->GetObject<Ipv4>())
            ->SetDefaultRoute(if0.GetAddress(1), 1);
        routing.GetStaticRouting(hosts.Get(1)->GetObject<Ipv4>())
            ->SetDefaultRoute(if1.GetAddress(1), 1);
        napt = helper.Install(nat, 3, {1, 2});
        nat->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Tx",
            Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                [this](Ptr<const Packet> p, Ptr<Ipv4>, uint32_t interface) {
                    sent[interface].push_back(Bytes(p));
                }));
    }

    ~NatBed()
    {
        Simulator::Destroy();
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    }

    /// Run until @p seconds
    void Run(double seconds)
    {
        Simulator::Stop(Seconds(seconds));
        Simulator::Run();
    }

    /// The first checksum problem among everything the NAT sent, or ""
    std::string ChecksumProblems() const
    {
        for (const auto& entry : sent)
        {
            for (const auto& packet : entry.second)
            {
                std::string problem = CheckChecksums(packet);
                if (!problem.empty())
                {
                    return problem;
                }
            }
        }
        return "";
    }

    /// Number of dynamic mappings of a protocol
    size_t Count(uint8_t protocol) const
    {
        size_t n = 0;
        for (const auto& m : napt->GetMappings())
        {
            n += m.protocol == protocol && !m.isStatic;
        }
        return n;
    }
};

/// A UDP socket that records what it receives and from whom; optionally echoes.
struct UdpEnd
{
    Ptr<Socket> socket;
    std::vector<InetSocketAddress> from;
    std::vector<uint32_t> sizes;
    std::vector<std::pair<uint8_t, uint8_t>> icmp; //!< (type, code) of ICMP errors
    bool echo = false;

    UdpEnd(Ptr<Node> node, uint16_t port, bool echoBack = false)
        : echo(echoBack)
    {
        socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        socket->SetRecvCallback(Callback<void, Ptr<Socket>>([this](Ptr<Socket> s) {
            Address address;
            while (Ptr<Packet> p = s->RecvFrom(address))
            {
                from.push_back(InetSocketAddress::ConvertFrom(address));
                sizes.push_back(p->GetSize());
                if (echo)
                {
                    s->SendTo(p, 0, address);
                }
            }
        }));
        socket->SetAttribute(
            "IcmpCallback",
            CallbackValue(Callback<void, Ipv4Address, uint8_t, uint8_t, uint8_t, uint32_t>(
                [this](Ipv4Address, uint8_t, uint8_t type, uint8_t code, uint32_t) {
                    icmp.emplace_back(type, code);
                })));
    }

    /// Send @p size bytes to @p to:@p port at @p t seconds
    void SendAt(double t, Ipv4Address to, uint16_t port, uint32_t size = 100)
    {
        Ptr<Socket> s = socket;
        Simulator::Schedule(Seconds(t), [s, to, port, size]() {
            s->SendTo(Create<Packet>(size), 0, InetSocketAddress(to, port));
        });
    }

    uint16_t LastPort() const
    {
        return from.empty() ? 0 : from.back().GetPort();
    }

    Ipv4Address LastAddress() const
    {
        return from.empty() ? Ipv4Address::GetAny() : from.back().GetIpv4();
    }
};

/// A raw IPv4 socket for one protocol that records the whole packets it receives.
struct RawEnd
{
    Ptr<Socket> socket;
    std::vector<std::vector<uint8_t>> rx;

    RawEnd(Ptr<Node> node, uint8_t protocol)
    {
        socket = Socket::CreateSocket(node, Ipv4RawSocketFactory::GetTypeId());
        socket->SetAttribute("Protocol", UintegerValue(protocol));
        socket->SetRecvCallback(Callback<void, Ptr<Socket>>([this](Ptr<Socket> s) {
            while (Ptr<Packet> p = s->Recv())
            {
                rx.push_back(Bytes(p));
            }
        }));
    }

    /// Send raw L4 bytes to @p to at @p t seconds
    void SendAt(double t, Ipv4Address to, std::vector<uint8_t> bytes)
    {
        Ptr<Socket> s = socket;
        Simulator::Schedule(Seconds(t), [s, to, bytes]() {
            s->SendTo(Create<Packet>(bytes.data(), bytes.size()), 0, InetSocketAddress(to, 0));
        });
    }
};

/// An ICMP echo request with a valid checksum
std::vector<uint8_t>
EchoRequest(uint16_t id, uint16_t sequence)
{
    std::vector<uint8_t>
        b{8, 0, 0, 0, uint8_t(id >> 8), uint8_t(id), uint8_t(sequence >> 8), uint8_t(sequence)};
    for (int i = 0; i < 24; ++i)
    {
        b.push_back(static_cast<uint8_t>(i));
    }
    uint32_t sum = Sum(b.data(), b.size());
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    const auto checksum = static_cast<uint16_t>(~sum);
    b[2] = static_cast<uint8_t>(checksum >> 8);
    b[3] = static_cast<uint8_t>(checksum);
    return b;
}

Ipv4NaptHelper
Helper(const std::string& mapping = "EndpointIndependent",
       const std::string& filtering = "EndpointIndependent")
{
    Ipv4NaptHelper helper;
    helper.SetAttribute("MappingBehavior", StringValue(mapping));
    helper.SetAttribute("FilteringBehavior", StringValue(filtering));
    return helper;
}

// ------------------------------------------------------------------ mapping and filtering

/// Endpoint-independent mapping with each filtering behaviour: one external port for every
/// destination; which unsolicited senders get through.
class FilteringTestCase : public TestCase
{
  public:
    FilteringTestCase(const std::string& filtering, bool otherPortPasses, bool otherAddressPasses)
        : TestCase("EIM + " + filtering +
                   " filtering: one external port, inbound from "
                   "the same server's other port " +
                   (otherPortPasses ? "passes" : "is filtered") + ", from another server " +
                   (otherAddressPasses ? "passes" : "is filtered")),
          m_filtering(filtering),
          m_otherPort(otherPortPasses),
          m_otherAddress(otherAddressPasses)
    {
    }

  private:
    void DoRun() override
    {
        NatBed bed(Helper("EndpointIndependent", m_filtering));
        UdpEnd h0(bed.hosts.Get(0), 5000);
        UdpEnd s0(bed.servers.Get(0), 7, true);
        UdpEnd s0Other(bed.servers.Get(0), 8);
        UdpEnd s1(bed.servers.Get(1), 7);
        uint32_t filterDrops = 0;
        bed.napt->TraceConnectWithoutContext(
            "FilterDrop",
            Callback<void, Ptr<const Packet>, const Ipv4Header&, const Ipv4NaptMapping&>(
                [&](Ptr<const Packet>, const Ipv4Header& h, const Ipv4NaptMapping& m) {
                    ++filterDrops;
                    NS_TEST_EXPECT_MSG_EQ(m.internalAddress, bed.host[0], "mapping reported");
                    NS_TEST_EXPECT_MSG_EQ(h.GetDestination(), bed.pub, "header as received");
                }));
        h0.SendAt(1, bed.server[0], 7);
        // Unsolicited: from the same server's other port, then from the other server.
        Simulator::Schedule(Seconds(2), [&]() {
            s0Other.socket->SendTo(Create<Packet>(50), 0, InetSocketAddress(bed.pub, 5000));
            s1.socket->SendTo(Create<Packet>(60), 0, InetSocketAddress(bed.pub, 5000));
        });
        bed.Run(3);

        NS_TEST_ASSERT_MSG_EQ(s0.from.size(), 1, "server received the datagram");
        NS_TEST_EXPECT_MSG_EQ(s0.LastAddress(), bed.pub, "server sees the public address");
        NS_TEST_EXPECT_MSG_EQ(s0.LastPort(), 5000, "port preserved");
        uint32_t fromOtherPort = 0;
        uint32_t fromOtherAddress = 0;
        uint32_t echoes = 0;
        for (size_t i = 0; i < h0.from.size(); ++i)
        {
            echoes += h0.sizes[i] == 100;
            fromOtherPort += h0.sizes[i] == 50;
            fromOtherAddress += h0.sizes[i] == 60;
            NS_TEST_EXPECT_MSG_EQ(
                (h0.from[i].GetIpv4() == bed.server[0] || h0.from[i].GetIpv4() == bed.server[1]),
                true,
                "the host sees the real sender");
        }
        NS_TEST_EXPECT_MSG_EQ(echoes, 1, "the solicited reply always passes");
        NS_TEST_EXPECT_MSG_EQ(fromOtherPort, m_otherPort ? 1 : 0, "same address, other port");
        NS_TEST_EXPECT_MSG_EQ(fromOtherAddress, m_otherAddress ? 1 : 0, "other address");
        const uint32_t expectedDrops = (m_otherPort ? 0 : 1) + (m_otherAddress ? 0 : 1);
        NS_TEST_EXPECT_MSG_EQ(filterDrops, expectedDrops, "FilterDrop trace");
        NS_TEST_EXPECT_MSG_EQ(bed.napt->GetDropCount(Ipv4NaptDropReason::FILTERED),
                              expectedDrops,
                              "filtered counter");
        NS_TEST_EXPECT_MSG_EQ(bed.ChecksumProblems(), "", "checksums on the wire");
    }

    std::string m_filtering;
    bool m_otherPort;
    bool m_otherAddress;
};

/// Mapping behaviours: which destinations share an external port.
class MappingTestCase : public TestCase
{
  public:
    MappingTestCase(const std::string& mapping, bool samePortOtherPort, bool samePortOtherAddress)
        : TestCase(mapping + " mapping: external port " +
                   (samePortOtherPort ? "reused" : "not reused") + " for another port, " +
                   (samePortOtherAddress ? "reused" : "not reused") + " for another address"),
          m_mapping(mapping),
          m_otherPort(samePortOtherPort),
          m_otherAddress(samePortOtherAddress)
    {
    }

  private:
    void DoRun() override
    {
        // Filtering follows the mapping (address-and-port-dependent where it is): replies
        // must come back through each mapping all the same.
        NatBed bed(Helper(m_mapping, m_mapping));
        UdpEnd h0(bed.hosts.Get(0), 5000);
        UdpEnd s0a(bed.servers.Get(0), 7, true);
        UdpEnd s0b(bed.servers.Get(0), 8, true);
        UdpEnd s1(bed.servers.Get(1), 7, true);
        h0.SendAt(1, bed.server[0], 7);
        h0.SendAt(1.1, bed.server[0], 8);
        h0.SendAt(1.2, bed.server[1], 7);
        bed.Run(2);
        NS_TEST_ASSERT_MSG_EQ(s0a.from.size() + s0b.from.size() + s1.from.size(), 3, "sent");
        NS_TEST_EXPECT_MSG_EQ(s0a.LastPort(), 5000, "first mapping preserves the port");
        NS_TEST_EXPECT_MSG_EQ((s0b.LastPort() == s0a.LastPort()), m_otherPort, "other port");
        NS_TEST_EXPECT_MSG_EQ((s1.LastPort() == s0a.LastPort()), m_otherAddress, "other address");
        const size_t mappings = 1 + (m_otherPort ? 0 : 1) + (m_otherAddress ? 0 : 1);
        NS_TEST_EXPECT_MSG_EQ(bed.Count(UDP), mappings, "mappings in the table");
        NS_TEST_EXPECT_MSG_EQ(h0.from.size(), 3, "every reply came back through its mapping");
        for (const auto& m : bed.napt->GetMappings())
        {
            NS_TEST_EXPECT_MSG_EQ(m.externalAddress, bed.pub, "external address");
        }
        NS_TEST_EXPECT_MSG_EQ(bed.ChecksumProblems(), "", "checksums on the wire");
    }

    std::string m_mapping;
    bool m_otherPort;
    bool m_otherAddress;
};

// ------------------------------------------------------------------ port allocation

class PortPreservationTestCase : public TestCase
{
  public:
    PortPreservationTestCase()
        : TestCase("port preservation: the first host keeps its port, the second falls back to "
                   "another one in the range")
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NaptHelper helper;
        helper.SetAttribute("PortRangeMin", UintegerValue(4000));
        helper.SetAttribute("PortRangeMax", UintegerValue(6000));
        NatBed bed(helper);
        UdpEnd h0(bed.hosts.Get(0), 5000);
        UdpEnd h1(bed.hosts.Get(1), 5000);
        UdpEnd h0low(bed.hosts.Get(0), 80); // outside the range: cannot be preserved
        UdpEnd s0(bed.servers.Get(0), 7);
        h0.SendAt(1, bed.server[0], 7);
        h1.SendAt(1.1, bed.server[0], 7);
        h0low.SendAt(1.2, bed.server[0], 7);
        bed.Run(2);
        NS_TEST_ASSERT_MSG_EQ(s0.from.size(), 3, "all delivered");
        NS_TEST_EXPECT_MSG_EQ(s0.from[0].GetPort(), 5000, "preserved");
        NS_TEST_EXPECT_MSG_NE(s0.from[1].GetPort(), 5000, "taken: another port");
        NS_TEST_EXPECT_MSG_EQ((s0.from[1].GetPort() >= 4000 && s0.from[1].GetPort() <= 6000),
                              true,
                              "fallback in range");
        NS_TEST_EXPECT_MSG_EQ((s0.from[2].GetPort() >= 4000 && s0.from[2].GetPort() <= 6000),
                              true,
                              "out-of-range port replaced by one in range");
    }
};

class RandomAllocationTestCase : public TestCase
{
  public:
    RandomAllocationTestCase()
        : TestCase("random allocation: ports in range, same stream gives the same ports")
    {
    }

  private:
    std::vector<uint16_t> Ports(int64_t stream)
    {
        Ipv4NaptHelper helper;
        helper.SetAttribute("PortAllocation", StringValue("Random"));
        helper.SetAttribute("PortRangeMin", UintegerValue(40000));
        helper.SetAttribute("PortRangeMax", UintegerValue(40999));
        NatBed bed(helper);
        Ipv4NaptHelper::AssignStreams(NodeContainer(bed.nat), stream);
        std::vector<std::unique_ptr<UdpEnd>> ends;
        UdpEnd s0(bed.servers.Get(0), 7);
        for (uint16_t i = 0; i < 5; ++i)
        {
            ends.push_back(std::make_unique<UdpEnd>(bed.hosts.Get(i % 2), 5000 + i));
            ends.back()->SendAt(1 + i * 0.01, bed.server[0], 7);
        }
        bed.Run(2);
        std::vector<uint16_t> ports;
        for (const auto& f : s0.from)
        {
            ports.push_back(f.GetPort());
        }
        return ports;
    }

    void DoRun() override
    {
        const std::vector<uint16_t> a = Ports(11);
        const std::vector<uint16_t> b = Ports(11);
        const std::vector<uint16_t> c = Ports(12);
        NS_TEST_ASSERT_MSG_EQ(a.size(), 5, "all delivered");
        bool allPreserved = true;
        for (size_t i = 0; i < a.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ((a[i] >= 40000 && a[i] <= 40999), true, "in range");
            allPreserved = allPreserved && a[i] == 5000 + i;
        }
        NS_TEST_EXPECT_MSG_EQ(allPreserved, false, "not preserved");
        NS_TEST_EXPECT_MSG_EQ((a == b), true, "same stream, same ports");
        NS_TEST_EXPECT_MSG_EQ((a == c), false, "another stream, other ports");
    }
};

// ------------------------------------------------------------------ timeouts

class UdpTimeoutTestCase : public TestCase
{
  public:
    UdpTimeoutTestCase(bool inboundRefresh)
        : TestCase(std::string("UDP timeout: expires 30 s after the last outbound packet, "
                               "outbound refreshes, inbound ") +
                   (inboundRefresh ? "refreshes too (InboundRefresh=true)" : "does not")),
          m_inboundRefresh(inboundRefresh)
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NaptHelper helper;
        helper.SetAttribute("InboundRefresh", BooleanValue(m_inboundRefresh));
        NatBed bed(helper);
        UdpEnd h0(bed.hosts.Get(0), 5000);
        UdpEnd h1(bed.hosts.Get(1), 6000);
        UdpEnd s0(bed.servers.Get(0), 7);
        std::vector<std::pair<Time, uint16_t>> expired;
        uint32_t refreshed = 0;
        bed.napt->TraceConnectWithoutContext(
            "MappingExpired",
            Callback<void, const Ipv4NaptMapping&>([&](const Ipv4NaptMapping& m) {
                expired.emplace_back(Simulator::Now(), m.internalPort);
            }));
        bed.napt->TraceConnectWithoutContext(
            "MappingRefreshed",
            Callback<void, const Ipv4NaptMapping&>([&](const Ipv4NaptMapping&) { ++refreshed; }));
        h0.SendAt(1, bed.server[0], 7); // expires at 31 exactly
        h1.SendAt(1, bed.server[0], 7);
        h1.SendAt(20, bed.server[0], 7); // refreshed: expires at 50
        // Inbound traffic to h0's mapping at 25 s
        Simulator::Schedule(Seconds(25), [&]() {
            s0.socket->SendTo(Create<Packet>(10), 0, InetSocketAddress(bed.pub, 5000));
        });
        double remainingAt30 = -1;
        Simulator::Schedule(Seconds(30), [&]() {
            for (const auto& m : bed.napt->GetMappings())
            {
                if (m.internalPort == 5000)
                {
                    remainingAt30 = (m.expires - Simulator::Now()).GetSeconds();
                }
            }
        });
        bed.Run(100);
        NS_TEST_EXPECT_MSG_EQ(h0.from.size(), 1, "inbound delivered at 25 s");
        NS_TEST_ASSERT_MSG_EQ(expired.size(), 2, "both expired");
        // Sort by port: 5000 then 6000.
        std::sort(expired.begin(), expired.end(), [](const auto& x, const auto& y) {
            return x.second < y.second;
        });
        // Propagation: the first packet reaches the NAT 1 ms (+ serialization) after 1 s.
        const Time arrival = expired[1].first - Seconds(49);
        NS_TEST_EXPECT_MSG_EQ((arrival > Seconds(1) && arrival < Seconds(1.01)),
                              true,
                              "h1 refreshed at 20 s: expires 30 s later");
        const double h0Expiry = expired[0].first.GetSeconds();
        if (m_inboundRefresh)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(h0Expiry, 55.0, 0.01, "inbound at 25 s refreshed");
            NS_TEST_EXPECT_MSG_EQ(refreshed, 2, "refreshed by h1's and by the inbound packet");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(h0Expiry, 31.0, 0.01, "30 s after the only outbound");
            NS_TEST_EXPECT_MSG_EQ_TOL(remainingAt30, 1.0, 0.01, "remaining lifetime");
            NS_TEST_EXPECT_MSG_EQ(refreshed, 1, "refreshed by h1's second packet only");
        }
        NS_TEST_EXPECT_MSG_EQ(bed.napt->GetMappings().size(), 0, "table empty");
    }

    bool m_inboundRefresh;
};

class UdpTimeoutExactTestCase : public TestCase
{
  public:
    UdpTimeoutExactTestCase()
        : TestCase("UDP timeout is exact: inbound just before expiry passes, just after not")
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NaptHelper helper;
        helper.SetAttribute("UdpTimeout", TimeValue(Seconds(30)));
        NatBed bed(helper);
        UdpEnd h0(bed.hosts.Get(0), 5000);
        UdpEnd s0(bed.servers.Get(0), 7);
        Time created;
        Time expiredAt;
        bed.napt->TraceConnectWithoutContext(
            "MappingCreated",
            Callback<void, const Ipv4NaptMapping&>(
                [&](const Ipv4NaptMapping&) { created = Simulator::Now(); }));
        bed.napt->TraceConnectWithoutContext(
            "MappingExpired",
            Callback<void, const Ipv4NaptMapping&>(
                [&](const Ipv4NaptMapping&) { expiredAt = Simulator::Now(); }));
        h0.SendAt(1, bed.server[0], 7);
        bed.Run(2);
        NS_TEST_ASSERT_MSG_EQ(created.IsStrictlyPositive(), true, "mapping created");
        // Server packets arriving 2 ms before and 2 ms after the expiry (1 ms link).
        Simulator::Schedule(created + Seconds(30) - MilliSeconds(3) - Simulator::Now(), [&]() {
            s0.socket->SendTo(Create<Packet>(11), 0, InetSocketAddress(bed.pub, 5000));
        });
        Simulator::Schedule(created + Seconds(30) + MilliSeconds(1) - Simulator::Now(), [&]() {
            s0.socket->SendTo(Create<Packet>(12), 0, InetSocketAddress(bed.pub, 5000));
        });
        bed.Run(40);
        NS_TEST_EXPECT_MSG_EQ(expiredAt, created + Seconds(30), "expired exactly 30 s later");
        NS_TEST_ASSERT_MSG_EQ(h0.from.size(), 1, "only the packet before expiry");
        NS_TEST_EXPECT_MSG_EQ(h0.sizes[0], 11, "the early one");
    }
};

class TcpTimeoutTestCase : public TestCase
{
  public:
    TcpTimeoutTestCase()
        : TestCase("TCP: transitory on SYN, established timeout once open, transitory after "
                   "FINs; RST makes it transitory; data delivered with valid checksums")
    {
    }

  private:
    void DoRun() override
    {
        NatBed bed(Ipv4NaptHelper{});
        // Server: accepts, counts bytes, closes when the client does.
        uint32_t received = 0;
        Address peer;
        Ptr<Socket> listener =
            Socket::CreateSocket(bed.servers.Get(0), TcpSocketFactory::GetTypeId());
        listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
        listener->Listen();
        listener->SetAcceptCallback(
            MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
            Callback<void, Ptr<Socket>, const Address&>([&](Ptr<Socket> s, const Address& from) {
                peer = from;
                s->SetRecvCallback(Callback<void, Ptr<Socket>>([&](Ptr<Socket> r) {
                    while (Ptr<Packet> p = r->Recv())
                    {
                        received += p->GetSize();
                    }
                }));
                s->SetCloseCallbacks(Callback<void, Ptr<Socket>>([](Ptr<Socket> c) { c->Close(); }),
                                     Callback<void, Ptr<Socket>>([](Ptr<Socket>) {}));
            }));
        Ptr<Socket> client = Socket::CreateSocket(bed.hosts.Get(0), TcpSocketFactory::GetTypeId());
        client->Bind(InetSocketAddress(Ipv4Address::GetAny(), 3000));
        Simulator::Schedule(Seconds(1),
                            [&]() { client->Connect(InetSocketAddress(bed.server[0], 80)); });
        Simulator::Schedule(Seconds(1.5), [&]() { client->Send(Create<Packet>(3000)); });
        Simulator::Schedule(Seconds(3), [&]() { client->Close(); });
        // A second connection to a closed port: the server's RST ends it.
        Ptr<Socket> refused = Socket::CreateSocket(bed.hosts.Get(1), TcpSocketFactory::GetTypeId());
        refused->Bind(InetSocketAddress(Ipv4Address::GetAny(), 3001));
        Simulator::Schedule(Seconds(1),
                            [&]() { refused->Connect(InetSocketAddress(bed.server[0], 81)); });
        // ns-3's TCP retries its SYN despite the RST: stop it, so the mapping can idle.
        Simulator::Schedule(Seconds(1.5), [&]() { refused->Close(); });
        std::vector<std::pair<uint16_t, NaptTcpState>> atCreation;
        bed.napt->TraceConnectWithoutContext(
            "MappingCreated",
            Callback<void, const Ipv4NaptMapping&>([&](const Ipv4NaptMapping& m) {
                atCreation.emplace_back(m.internalPort, m.tcpState);
                NS_TEST_EXPECT_MSG_EQ(m.expires - Simulator::Now(), Seconds(240), "transitory");
            }));
        std::map<uint16_t, Time> expiredAt;
        bed.napt->TraceConnectWithoutContext(
            "MappingExpired",
            Callback<void, const Ipv4NaptMapping&>(
                [&](const Ipv4NaptMapping& m) { expiredAt[m.internalPort] = Simulator::Now(); }));
        auto find = [&](uint16_t port) {
            for (const auto& m : bed.napt->GetMappings())
            {
                if (m.internalPort == port)
                {
                    return m;
                }
            }
            return Ipv4NaptMapping{};
        };
        bed.Run(2);
        Ipv4NaptMapping open = find(3000);
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(open.tcpState),
                              static_cast<int>(NaptTcpState::ESTABLISHED),
                              "established after the handshake");
        NS_TEST_EXPECT_MSG_EQ(((open.expires - Simulator::Now()) > Seconds(7430)),
                              true,
                              "established timeout");
        Ipv4NaptMapping reset = find(3001);
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(reset.tcpState),
                              static_cast<int>(NaptTcpState::CLOSING),
                              "closed by RST");
        NS_TEST_EXPECT_MSG_EQ(((reset.expires - Simulator::Now()) < Seconds(240)),
                              true,
                              "transitory timeout after RST");
        bed.Run(5);
        Ipv4NaptMapping closed = find(3000);
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(closed.tcpState),
                              static_cast<int>(NaptTcpState::CLOSING),
                              "closing after FINs");
        NS_TEST_EXPECT_MSG_EQ(((closed.expires - Simulator::Now()) < Seconds(240)),
                              true,
                              "transitory timeout after FINs");
        bed.Run(300);
        NS_TEST_EXPECT_MSG_EQ(received, 3000, "data delivered through the NAT");
        NS_TEST_EXPECT_MSG_EQ(InetSocketAddress::ConvertFrom(peer).GetIpv4(), bed.pub, "server");
        NS_TEST_ASSERT_MSG_EQ(atCreation.size(), 2, "two mappings");
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(atCreation[0].second),
                              static_cast<int>(NaptTcpState::TRANSITORY),
                              "transitory at creation");
        NS_TEST_ASSERT_MSG_EQ(expiredAt.size(), 2, "both expired");
        NS_TEST_EXPECT_MSG_EQ((expiredAt[3000] > Seconds(243) && expiredAt[3000] < Seconds(244)),
                              true,
                              "240 s after the last FIN/ACK");
        NS_TEST_EXPECT_MSG_EQ((expiredAt[3001] > Seconds(241) && expiredAt[3001] < Seconds(242)),
                              true,
                              "240 s after the SYN");
        NS_TEST_EXPECT_MSG_EQ(bed.ChecksumProblems(), "", "checksums on the wire");
    }
};

class IcmpEchoTestCase : public TestCase
{
  public:
    IcmpEchoTestCase()
        : TestCase("ICMP echo: identifiers translated (two hosts with the same ID), replies "
                   "restored, 60 s timeout")
    {
    }

  private:
    void DoRun() override
    {
        NatBed bed(Ipv4NaptHelper{});
        RawEnd h0(bed.hosts.Get(0), ICMP);
        RawEnd h1(bed.hosts.Get(1), ICMP);
        h0.SendAt(1, bed.server[0], EchoRequest(77, 1));
        h1.SendAt(1.1, bed.server[0], EchoRequest(77, 2));
        Time expiredAt;
        bed.napt->TraceConnectWithoutContext(
            "MappingExpired",
            Callback<void, const Ipv4NaptMapping&>([&](const Ipv4NaptMapping& m) {
                if (m.internalAddress == bed.host[0])
                {
                    expiredAt = Simulator::Now();
                }
            }));
        bed.Run(2);
        // On the outside wire: requests from the public address, IDs 77 and another.
        std::vector<uint16_t> ids;
        for (const auto& p : bed.sent[3])
        {
            if (p[9] == ICMP && p[20] == 8)
            {
                NS_TEST_EXPECT_MSG_EQ(Ipv4Address(uint32_t(Get16(p, 12)) << 16 | Get16(p, 14)),
                                      bed.pub,
                                      "source translated");
                ids.push_back(Get16(p, 24));
            }
        }
        NS_TEST_ASSERT_MSG_EQ(ids.size(), 2, "two requests left");
        NS_TEST_EXPECT_MSG_EQ(ids[0], 77, "first ID preserved");
        NS_TEST_EXPECT_MSG_NE(ids[1], 77, "second ID translated");
        // Each host got its reply with its own ID and sequence number.
        for (auto* end : {&h0, &h1})
        {
            NS_TEST_ASSERT_MSG_EQ(end->rx.size(), 1, "one echo reply");
            const auto& r = end->rx[0];
            NS_TEST_EXPECT_MSG_EQ(+r[20], 0, "echo reply");
            NS_TEST_EXPECT_MSG_EQ(Get16(r, 24), 77, "identifier restored");
            NS_TEST_EXPECT_MSG_EQ(CheckChecksums(r), "", "checksums");
        }
        NS_TEST_EXPECT_MSG_EQ(Get16(h1.rx[0], 26), 2, "sequence number");
        NS_TEST_EXPECT_MSG_EQ(bed.Count(ICMP), 2, "two ICMP mappings");
        bed.Run(70);
        NS_TEST_EXPECT_MSG_EQ_TOL(expiredAt.GetSeconds(), 61.0, 0.01, "60 s ICMP timeout");
        NS_TEST_EXPECT_MSG_EQ(bed.ChecksumProblems(), "", "checksums on the wire");
    }
};

class HoldDownTestCase : public TestCase
{
  public:
    HoldDownTestCase()
        : TestCase("hold-down: an expired external port is not reused for HoldDownTime")
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NaptHelper helper;
        helper.SetAttribute("PortRangeMin", UintegerValue(7000));
        helper.SetAttribute("PortRangeMax", UintegerValue(7000)); // a single port
        helper.SetAttribute("HoldDownTime", TimeValue(Seconds(100)));
        NatBed bed(helper);
        UdpEnd h0(bed.hosts.Get(0), 5000);
        UdpEnd h1(bed.hosts.Get(1), 6000);
        UdpEnd s0(bed.servers.Get(0), 7);
        h0.SendAt(1, bed.server[0], 7);   // gets 7000, expires at 31
        h1.SendAt(10, bed.server[0], 7);  // no free port
        h1.SendAt(40, bed.server[0], 7);  // 7000 held down until 131
        h1.SendAt(140, bed.server[0], 7); // free again
        bed.Run(150);
        NS_TEST_ASSERT_MSG_EQ(s0.from.size(), 2, "first and last delivered");
        NS_TEST_EXPECT_MSG_EQ(s0.from[0].GetPort(), 7000, "h0's port");
        NS_TEST_EXPECT_MSG_EQ(s0.from[1].GetPort(), 7000, "reused after hold-down");
        NS_TEST_EXPECT_MSG_EQ(bed.napt->GetDropCount(Ipv4NaptDropReason::PORTS_EXHAUSTED),
                              2,
                              "in use, then held down");
    }
};

// ------------------------------------------------------------------ hairpinning, forwards

class HairpinTestCase : public TestCase
{
  public:
    HairpinTestCase(bool enabled)
        : TestCase(std::string("hairpinning ") + (enabled ? "on" : "off") +
                   ": inside host to the public address and another's mapped port"),
          m_enabled(enabled)
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NaptHelper helper;
        helper.SetAttribute("Hairpinning", BooleanValue(m_enabled));
        helper.SetAttribute("FilteringBehavior", StringValue("AddressAndPortDependent"));
        NatBed bed(helper);
        UdpEnd h0(bed.hosts.Get(0), 5000);
        UdpEnd h1(bed.hosts.Get(1), 6000, true);
        UdpEnd s0(bed.servers.Get(0), 7);
        h1.SendAt(1, bed.server[0], 7);   // h1's mapping: public:6000
        h0.SendAt(1.5, bed.server[0], 7); // h0's mapping: public:5000
        // h1 opens its filter to h0's external endpoint (APDF), as in hole punching.
        h1.SendAt(2, bed.pub, 5000, 33);
        h0.SendAt(2.5, bed.pub, 6000, 44);
        bed.Run(4);
        uint32_t drops = 0;
        if (m_enabled)
        {
            NS_TEST_ASSERT_MSG_EQ(h1.from.size(), 1, "h1 received h0's datagram");
            NS_TEST_EXPECT_MSG_EQ(h1.LastAddress(), bed.pub, "source: h0's external address");
            NS_TEST_EXPECT_MSG_EQ(h1.LastPort(), 5000, "source: h0's external port");
            // h1's first datagram (33 bytes) met h0's filter, which had seen only the server, and
            // was dropped, as the first packet of UDP hole punching is; h0's then passed h1's
            // filter (h1 had sent to h0's external endpoint) and h1's echo passed h0's.
            NS_TEST_ASSERT_MSG_EQ(h0.from.size(), 1, "h0 received the echo only");
            NS_TEST_EXPECT_MSG_EQ(h0.sizes[0], 44, "the echo");
            NS_TEST_EXPECT_MSG_EQ(h0.LastAddress(), bed.pub, "from h1's external address");
            NS_TEST_EXPECT_MSG_EQ(h0.LastPort(), 6000, "from h1's external port");
            NS_TEST_EXPECT_MSG_EQ(bed.napt->GetHairpinTranslations(), 2, "hairpinned");
            NS_TEST_EXPECT_MSG_EQ(bed.napt->GetDropCount(Ipv4NaptDropReason::FILTERED),
                                  1,
                                  "the first hole-punching datagram");
            NS_TEST_EXPECT_MSG_EQ(bed.ChecksumProblems(), "", "checksums on the wire");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(h1.from.size(), 0, "nothing hairpinned");
            NS_TEST_EXPECT_MSG_EQ(h0.from.size(), 0, "nothing hairpinned");
            drops = 2;
        }
        NS_TEST_EXPECT_MSG_EQ(bed.napt->GetDropCount(Ipv4NaptDropReason::HAIRPIN_DISABLED),
                              drops,
                              "hairpin-disabled drops");
    }

    bool m_enabled;
};

class PortForwardTestCase : public TestCase
{
  public:
    PortForwardTestCase()
        : TestCase("port forwards: inbound to the forwarded port reaches the inside server, "
                   "its replies leave from that port; clashes are refused")
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NaptHelper helper;
        helper.SetAttribute("FilteringBehavior", StringValue("AddressAndPortDependent"));
        NatBed bed(helper);
        NS_TEST_EXPECT_MSG_EQ(Ipv4NaptHelper::AddPortForward(bed.napt, UDP, 8080, bed.host[1], 80),
                              true,
                              "forward added");
        std::string error;
        NS_TEST_EXPECT_MSG_EQ(
            Ipv4NaptHelper::AddPortForward(bed.napt, UDP, 8080, bed.host[0], 81, &error),
            false,
            "same external port refused");
        NS_TEST_EXPECT_MSG_NE(error.find("already forwarded"), std::string::npos, error);
        NS_TEST_EXPECT_MSG_EQ(bed.napt->AddPortForward(UDP, 8081, bed.host[1], 80, &error),
                              false,
                              "same inside endpoint refused");
        NS_TEST_EXPECT_MSG_EQ(bed.napt->AddPortForward(ICMP, 1, bed.host[1], 1, &error),
                              false,
                              "ICMP refused");
        NS_TEST_EXPECT_MSG_NE(error.find("protocol"), std::string::npos, error);
        NS_TEST_EXPECT_MSG_EQ(bed.napt->SetPortRange(10, 9), false, "inverted range refused");
        UdpEnd inside(bed.hosts.Get(1), 80, true);
        UdpEnd s0(bed.servers.Get(0), 7);
        UdpEnd s1(bed.servers.Get(1), 9);
        s0.SendAt(1, bed.pub, 8080, 20);
        s1.SendAt(1.1, bed.pub, 8080, 21);
        bed.Run(2);
        NS_TEST_ASSERT_MSG_EQ(inside.from.size(), 2, "both servers reach the inside server");
        NS_TEST_EXPECT_MSG_EQ(inside.from[0].GetIpv4(), bed.server[0], "real source");
        NS_TEST_ASSERT_MSG_EQ(s0.from.size(), 1, "reply");
        NS_TEST_EXPECT_MSG_EQ(s0.LastAddress(), bed.pub, "reply from the public address");
        NS_TEST_EXPECT_MSG_EQ(s0.LastPort(), 8080, "reply from the forwarded port");
        NS_TEST_EXPECT_MSG_EQ(s1.LastPort(), 8080, "reply from the forwarded port");
        NS_TEST_EXPECT_MSG_EQ(bed.Count(UDP), 0, "no dynamic mapping");
        NS_TEST_EXPECT_MSG_EQ(bed.napt->GetTotalDrops(), 0, "forwards are not filtered");
        NS_TEST_EXPECT_MSG_EQ(bed.ChecksumProblems(), "", "checksums on the wire");
    }
};

// ------------------------------------------------------------------ ICMP errors, drops

class IcmpErrorTestCase : public TestCase
{
  public:
    IcmpErrorTestCase()
        : TestCase("ICMP port unreachable from outside is translated back to the inside host "
                   "(embedded header, port, checksums)")
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NaptHelper helper;
        helper.SetAttribute("PortAllocation", StringValue("Random")); // external != internal
        NatBed bed(helper);
        UdpEnd h0(bed.hosts.Get(0), 5000);
        h0.SendAt(1, bed.server[0], 9999); // nobody listens: port unreachable
        bed.Run(2);
        NS_TEST_ASSERT_MSG_EQ(h0.icmp.size(), 1, "the host's socket got the error");
        NS_TEST_EXPECT_MSG_EQ(+h0.icmp[0].first, 3, "destination unreachable");
        NS_TEST_EXPECT_MSG_EQ(+h0.icmp[0].second, 3, "port unreachable");
        const std::vector<uint8_t>* error = nullptr;
        for (const auto& p : bed.sent[1])
        {
            if (p[9] == ICMP)
            {
                error = &p;
            }
        }
        NS_TEST_ASSERT_MSG_NE(error, nullptr, "ICMP error sent inside");
        const auto& e = *error;
        auto address = [&](size_t at) {
            return Ipv4Address(uint32_t(Get16(e, at)) << 16 | Get16(e, at + 2));
        };
        NS_TEST_EXPECT_MSG_EQ(address(16), bed.host[0], "outer destination");
        NS_TEST_EXPECT_MSG_EQ(address(12), bed.server[0], "outer source untouched");
        NS_TEST_EXPECT_MSG_EQ(CheckChecksums(e), "", "outer IPv4 and ICMP checksums");
        const size_t emb = 28; // 20 (IPv4) + 8 (ICMP header)
        NS_TEST_EXPECT_MSG_EQ(address(emb + 12), bed.host[0], "embedded source");
        NS_TEST_EXPECT_MSG_EQ(address(emb + 16), bed.server[0], "embedded destination");
        NS_TEST_EXPECT_MSG_EQ(Verifies(Sum(e.data() + emb, 20)), true, "embedded IPv4 checksum");
        NS_TEST_EXPECT_MSG_EQ(Get16(e, emb + 20), 5000, "embedded source port");
        NS_TEST_EXPECT_MSG_EQ(Get16(e, emb + 22), 9999, "embedded destination port");
        // The embedded UDP checksum must equal what h0 originally sent: compute it from the
        // known payload (100 zero bytes).
        std::vector<uint8_t> udp(e.begin() + emb + 20, e.begin() + emb + 28);
        udp.resize(108, 0);
        const uint16_t stored = Get16(udp, 6);
        udp[6] = udp[7] = 0;
        uint32_t pseudo = Sum(e.data() + emb + 12, 8) + UDP + 108;
        uint32_t sum = Sum(udp.data(), udp.size(), pseudo);
        while (sum >> 16)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        NS_TEST_EXPECT_MSG_EQ(stored, static_cast<uint16_t>(~sum), "embedded UDP checksum");
        // Outside, the error was about the translated packet.
        bool sawOutside = false;
        for (const auto& p : bed.sent[3])
        {
            if (p[9] == UDP)
            {
                NS_TEST_EXPECT_MSG_NE(Get16(p, 20), 5000, "random external port");
                sawOutside = true;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(sawOutside, true, "the datagram left");
    }
};

class OutboundIcmpErrorTestCase : public TestCase
{
  public:
    OutboundIcmpErrorTestCase()
        : TestCase("ICMP port unreachable from an inside host about a translated inbound "
                   "datagram leaves with the public endpoint embedded")
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NaptHelper helper;
        helper.SetAttribute("PortAllocation", StringValue("Random"));
        NatBed bed(helper);
        auto h0 = std::make_unique<UdpEnd>(bed.hosts.Get(0), 5000);
        UdpEnd s0(bed.servers.Get(0), 7);
        h0->SendAt(1, bed.server[0], 7);
        bed.Run(1.5);
        NS_TEST_ASSERT_MSG_EQ(s0.from.size(), 1, "mapping made");
        const uint16_t external = s0.LastPort();
        h0->socket->Close(); // the mapping stays, the inside port closes
        s0.SendAt(2, bed.pub, external, 30);
        bed.Run(3);
        const std::vector<uint8_t>* error = nullptr;
        for (const auto& p : bed.sent[3])
        {
            if (p[9] == ICMP)
            {
                error = &p;
            }
        }
        NS_TEST_ASSERT_MSG_NE(error, nullptr, "the host's ICMP error left");
        const auto& e = *error;
        auto address = [&](size_t at) {
            return Ipv4Address(uint32_t(Get16(e, at)) << 16 | Get16(e, at + 2));
        };
        NS_TEST_EXPECT_MSG_EQ(+e[20], 3, "destination unreachable");
        NS_TEST_EXPECT_MSG_EQ(address(12), bed.pub, "outer source translated");
        NS_TEST_EXPECT_MSG_EQ(address(28 + 12), bed.server[0], "embedded source");
        NS_TEST_EXPECT_MSG_EQ(address(28 + 16), bed.pub, "embedded destination translated");
        NS_TEST_EXPECT_MSG_EQ(Get16(e, 28 + 22), external, "embedded destination port");
        NS_TEST_EXPECT_MSG_EQ(Verifies(Sum(e.data() + 28, 20)), true, "embedded IPv4 checksum");
        NS_TEST_EXPECT_MSG_EQ(CheckChecksums(e), "", "outer checksums");
        NS_TEST_EXPECT_MSG_EQ(bed.napt->GetTotalDrops(), 0, "nothing dropped");
    }
};

class FragmentTestCase : public TestCase
{
  public:
    FragmentTestCase()
        : TestCase("fragments: the first is translated, the others are counted fragment drops")
    {
    }

  private:
    void DoRun() override
    {
        NatBed bed(Ipv4NaptHelper{});
        UdpEnd h0(bed.hosts.Get(0), 5000);
        UdpEnd s0(bed.servers.Get(0), 7);
        h0.SendAt(1, bed.server[0], 7, 3000); // three fragments on a 1500-byte MTU
        h0.SendAt(1.1, bed.server[0], 7, 100);
        bed.Run(2);
        NS_TEST_ASSERT_MSG_EQ(s0.sizes.size(), 1, "only the small datagram arrived");
        NS_TEST_EXPECT_MSG_EQ(s0.sizes[0], 100, "the small one");
        NS_TEST_EXPECT_MSG_EQ(bed.napt->GetDropCount(Ipv4NaptDropReason::FRAGMENT),
                              2,
                              "second and third fragments");
        NS_TEST_EXPECT_MSG_EQ(bed.napt->GetOutboundTranslations(), 2, "first fragment, small");
    }
};

class IpsecThroughNatTestCase : public TestCase
{
  public:
    IpsecThroughNatTestCase()
        : TestCase("ESP transport mode between an inside host and a server cannot cross the "
                   "NAT (unsupported-protocol): the reason for NAT traversal")
    {
    }

  private:
    void DoRun() override
    {
        NatBed bed(Ipv4NaptHelper{});
        IpsecHelper ipsec;
        ipsec.Install(NodeContainer(bed.hosts.Get(0), bed.servers.Get(0)));
        IpsecTrafficSelector udp;
        udp.SetLocalPrefix(bed.host[0], Ipv4Mask("/32"))
            .SetRemotePrefix(bed.server[0], Ipv4Mask("/32"));
        udp.SetProtocol(UDP);
        ipsec.AddPolicyPair(bed.hosts.Get(0), bed.servers.Get(0), udp, IpsecAction::PROTECT);
        ipsec.AddEspSaPair(bed.hosts.Get(0),
                           bed.host[0],
                           bed.servers.Get(0),
                           bed.server[0],
                           IpsecEspSaConfig{});
        UdpEnd h0(bed.hosts.Get(0), 5000);
        UdpEnd s0(bed.servers.Get(0), 7);
        UdpEnd h1(bed.hosts.Get(1), 5000); // no IPsec: passes
        h0.SendAt(1, bed.server[0], 7);
        h1.SendAt(1, bed.server[0], 7);
        bed.Run(2);
        NS_TEST_ASSERT_MSG_EQ(s0.from.size(), 1, "only the cleartext datagram arrived");
        NS_TEST_EXPECT_MSG_EQ(s0.LastPort(), 5000, "h1's");
        NS_TEST_EXPECT_MSG_EQ(bed.napt->GetDropCount(Ipv4NaptDropReason::UNSUPPORTED_PROTOCOL),
                              1,
                              "the ESP packet");
    }
};

class UnsupportedProtocolTestCase : public TestCase
{
  public:
    UnsupportedProtocolTestCase()
        : TestCase("GRE and ESP are dropped as unsupported-protocol (hence NAT-T); truncated "
                   "UDP and unsupported ICMP are counted drops; Drop trace reasons")
    {
    }

  private:
    void DoRun() override
    {
        NatBed bed(Ipv4NaptHelper{});
        RawEnd gre(bed.hosts.Get(0), 47);
        RawEnd greServer(bed.servers.Get(0), 47);
        RawEnd esp(bed.servers.Get(0), 50);
        RawEnd shortUdp(bed.hosts.Get(0), UDP);
        RawEnd icmp(bed.hosts.Get(0), ICMP);
        std::vector<Ipv4NaptDropReason> reasons;
        bed.napt->TraceConnectWithoutContext(
            "Drop",
            Callback<void, Ptr<const Packet>, const Ipv4Header&, Ipv4NaptDropReason>(
                [&](Ptr<const Packet>, const Ipv4Header&, Ipv4NaptDropReason r) {
                    reasons.push_back(r);
                }));
        gre.SendAt(1, bed.server[0], std::vector<uint8_t>(24, 1));
        esp.SendAt(1.1, bed.pub, std::vector<uint8_t>(40, 2));
        // A queue disc would hash the runt by its UDP ports and read past its end (ns-3's own
        // code; debug builds of ns-3 assert): host 0 sends it without one.
        TrafficControlHelper().Uninstall(bed.hosts.Get(0)->GetDevice(1));
        shortUdp.SendAt(1.2, bed.server[0], std::vector<uint8_t>{0x13, 0x88, 0, 7});
        icmp.SendAt(1.3, bed.server[0], {13, 0, 0xf2, 0xff, 0, 0, 0, 0}); // timestamp
        bed.Run(2);
        NS_TEST_EXPECT_MSG_EQ(greServer.rx.size(), 0, "GRE did not pass");
        NS_TEST_EXPECT_MSG_EQ(bed.napt->GetDropCount(Ipv4NaptDropReason::UNSUPPORTED_PROTOCOL),
                              2,
                              "GRE out, ESP in");
        NS_TEST_EXPECT_MSG_EQ(bed.napt->GetDropCount(Ipv4NaptDropReason::TRUNCATED),
                              1,
                              "4-byte UDP");
        NS_TEST_EXPECT_MSG_EQ(bed.napt->GetDropCount(Ipv4NaptDropReason::UNSUPPORTED_ICMP),
                              1,
                              "ICMP timestamp");
        NS_TEST_ASSERT_MSG_EQ(reasons.size(), 4, "Drop trace");
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(reasons[0]),
                              static_cast<int>(Ipv4NaptDropReason::UNSUPPORTED_PROTOCOL),
                              "reason");
        std::ostringstream names;
        names << reasons[0] << " " << Ipv4NaptDropReason::FILTERED << " "
              << Ipv4NaptDropReason::HAIRPIN_DISABLED;
        NS_TEST_EXPECT_MSG_EQ(names.str(),
                              "unsupported-protocol filtered hairpin-disabled",
                              "kebab-case names");
        NS_TEST_EXPECT_MSG_EQ(bed.napt->GetTotalDrops(), 4, "total");
    }
};

class NatNodeOwnTrafficTestCase : public TestCase
{
  public:
    NatNodeOwnTrafficTestCase()
        : TestCase("packets for the NAT node itself (no mapping) are delivered to it; its own "
                   "packets are not translated")
    {
    }

  private:
    void DoRun() override
    {
        NatBed bed(Ipv4NaptHelper{});
        UdpEnd natService(bed.nat, 500, true); // e.g. an IKE daemon on the NAT box
        UdpEnd s0(bed.servers.Get(0), 500);
        UdpEnd h0(bed.hosts.Get(0), 5000);
        s0.SendAt(1, bed.pub, 500);
        h0.SendAt(1.2, bed.pub, 500); // inside host to the NAT's public address
        bed.Run(2);
        NS_TEST_EXPECT_MSG_EQ(natService.from.size(), 2, "both reached the NAT's own socket");
        NS_TEST_ASSERT_MSG_EQ(s0.from.size(), 1, "the NAT's reply");
        NS_TEST_EXPECT_MSG_EQ(s0.LastPort(), 500, "not translated");
        NS_TEST_EXPECT_MSG_EQ(bed.Count(UDP), 0, "no mappings");
        NS_TEST_EXPECT_MSG_EQ(h0.from.size(), 1, "inside host got the NAT's reply");
    }
};

// ------------------------------------------------------------------ traces, dump

class TracesAndDumpTestCase : public TestCase
{
  public:
    TracesAndDumpTestCase()
        : TestCase("MappingCreated, MappingRefreshed, MappingExpired arguments and the "
                   "PrintMappings dump")
    {
    }

  private:
    void DoRun() override
    {
        Ipv4NaptHelper helper;
        helper.SetAttribute("FilteringBehavior", StringValue("AddressDependent"));
        NatBed bed(helper);
        NS_TEST_ASSERT_MSG_EQ(Ipv4NaptHelper::GetNapt(bed.nat), bed.napt, "found on the node");
        NS_TEST_EXPECT_MSG_EQ(Ipv4NaptHelper::GetNapt(bed.hosts.Get(0)), nullptr, "no NAT");
        Ipv4NaptHelper::AddPortForward(bed.napt, TCP, 2222, bed.host[1], 22);
        UdpEnd h0(bed.hosts.Get(0), 5000);
        UdpEnd s0(bed.servers.Get(0), 7, true);
        std::vector<Ipv4NaptMapping> created;
        std::vector<Ipv4NaptMapping> refreshed;
        std::vector<Ipv4NaptMapping> expired;
        auto record = [](std::vector<Ipv4NaptMapping>& into) {
            return Callback<void, const Ipv4NaptMapping&>(
                [&into](const Ipv4NaptMapping& m) { into.push_back(m); });
        };
        bed.napt->TraceConnectWithoutContext("MappingCreated", record(created));
        bed.napt->TraceConnectWithoutContext("MappingRefreshed", record(refreshed));
        bed.napt->TraceConnectWithoutContext("MappingExpired", record(expired));
        h0.SendAt(1, bed.server[0], 7);
        h0.SendAt(2, bed.server[1], 7);
        bed.Run(3);
        NS_TEST_ASSERT_MSG_EQ(created.size(), 1, "one mapping");
        NS_TEST_EXPECT_MSG_EQ(+created[0].protocol, +UDP, "protocol");
        NS_TEST_EXPECT_MSG_EQ(created[0].internalAddress, bed.host[0], "internal address");
        NS_TEST_EXPECT_MSG_EQ(created[0].internalPort, 5000, "internal port");
        NS_TEST_EXPECT_MSG_EQ(created[0].externalAddress, bed.pub, "external address");
        NS_TEST_EXPECT_MSG_EQ(created[0].externalPort, 5000, "external port");
        NS_TEST_EXPECT_MSG_EQ(created[0].remotes.size(), 1, "first remote");
        NS_TEST_ASSERT_MSG_EQ(refreshed.size(), 1, "refreshed by the second datagram");
        NS_TEST_EXPECT_MSG_EQ(refreshed[0].remotes.size(), 2, "both remotes");
        std::ostringstream dump;
        bed.napt->PrintMappings(dump);
        const std::string text = dump.str();
        NS_TEST_EXPECT_MSG_NE(text.find("filtering address-dependent"), std::string::npos, text);
        NS_TEST_EXPECT_MSG_NE(text.find("udp   10.0.0.1:5000          203.0.113.1:5000       "
                                        "29.001 s      -            203.0.113.2:7,203.0.113.3:7"),
                              std::string::npos,
                              text);
        NS_TEST_EXPECT_MSG_NE(text.find("tcp   10.0.1.1:22            203.0.113.1:2222       "
                                        "static"),
                              std::string::npos,
                              text);
        bed.Run(40);
        NS_TEST_ASSERT_MSG_EQ(expired.size(), 1, "expired");
        NS_TEST_EXPECT_MSG_EQ(expired[0].externalPort, 5000, "expired mapping");
        NS_TEST_EXPECT_MSG_EQ(bed.napt->GetMappings().size(), 1, "the forward stays");
    }
};

class InstallByDeviceTestCase : public TestCase
{
  public:
    InstallByDeviceTestCase()
        : TestCase("Ipv4NaptHelper::Install by device: interfaces resolved, public address is "
                   "the outside interface's first")
    {
    }

  private:
    void DoRun() override
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        NodeContainer nodes;
        nodes.Create(3); // host, NAT, server
        InternetStackHelper internet;
        internet.Install(nodes);
        PointToPointHelper p2p;
        NetDeviceContainer inside = p2p.Install(nodes.Get(0), nodes.Get(1));
        NetDeviceContainer outside = p2p.Install(nodes.Get(1), nodes.Get(2));
        Ipv4AddressHelper addresses("192.168.1.0", "255.255.255.0");
        Ipv4InterfaceContainer in = addresses.Assign(inside);
        addresses.SetBase("198.51.100.0", "255.255.255.0");
        Ipv4InterfaceContainer out = addresses.Assign(outside);
        Ipv4StaticRoutingHelper routing;
        routing.GetStaticRouting(nodes.Get(0)->GetObject<Ipv4>())
            ->SetDefaultRoute(in.GetAddress(1), 1);
        Ipv4NaptHelper helper;
        Ptr<Ipv4Napt> napt = helper.Install(outside.Get(0), {inside.Get(1)});
        NS_TEST_EXPECT_MSG_EQ(napt->GetOutsideInterface(), 2, "outside interface");
        NS_TEST_EXPECT_MSG_EQ(napt->GetPublicAddress(), out.GetAddress(0), "public address");
        NS_TEST_EXPECT_MSG_EQ(Ipv4NaptHelper::GetNapt(nodes.Get(1)), napt, "aggregated");
        NS_TEST_EXPECT_MSG_NE(napt->GetInnerRoutingProtocol(), nullptr, "wraps the old routing");
        NS_TEST_EXPECT_MSG_EQ(nodes.Get(1)->GetObject<Ipv4>()->GetRoutingProtocol(),
                              napt,
                              "installed as the node's routing protocol");
        UdpEnd host(nodes.Get(0), 1234);
        UdpEnd server(nodes.Get(2), 7, true);
        host.SendAt(1, out.GetAddress(1), 7);
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(server.LastAddress(), out.GetAddress(0), "translated source");
        NS_TEST_EXPECT_MSG_EQ(host.from.size(), 1, "echo back through the NAT");
        Simulator::Destroy();
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    }
};

class Ipv4NaptTestSuite : public TestSuite
{
  public:
    Ipv4NaptTestSuite()
        : TestSuite("ipv4-napt", ipsectest::SYSTEM)
    {
        using ipsectest::QUICK;
        AddTestCase(new FilteringTestCase("EndpointIndependent", true, true), QUICK);
        AddTestCase(new FilteringTestCase("AddressDependent", true, false), QUICK);
        AddTestCase(new FilteringTestCase("AddressAndPortDependent", false, false), QUICK);
        AddTestCase(new MappingTestCase("EndpointIndependent", true, true), QUICK);
        AddTestCase(new MappingTestCase("AddressDependent", true, false), QUICK);
        AddTestCase(new MappingTestCase("AddressAndPortDependent", false, false), QUICK);
        AddTestCase(new PortPreservationTestCase, QUICK);
        AddTestCase(new RandomAllocationTestCase, QUICK);
        AddTestCase(new UdpTimeoutTestCase(false), QUICK);
        AddTestCase(new UdpTimeoutTestCase(true), QUICK);
        AddTestCase(new UdpTimeoutExactTestCase, QUICK);
        AddTestCase(new TcpTimeoutTestCase, QUICK);
        AddTestCase(new IcmpEchoTestCase, QUICK);
        AddTestCase(new HoldDownTestCase, QUICK);
        AddTestCase(new HairpinTestCase(true), QUICK);
        AddTestCase(new HairpinTestCase(false), QUICK);
        AddTestCase(new PortForwardTestCase, QUICK);
        AddTestCase(new IcmpErrorTestCase, QUICK);
        AddTestCase(new OutboundIcmpErrorTestCase, QUICK);
        AddTestCase(new UnsupportedProtocolTestCase, QUICK);
        AddTestCase(new IpsecThroughNatTestCase, QUICK);
        AddTestCase(new FragmentTestCase, QUICK);
        AddTestCase(new InstallByDeviceTestCase, QUICK);
        AddTestCase(new NatNodeOwnTrafficTestCase, QUICK);
        AddTestCase(new TracesAndDumpTestCase, QUICK);
    }
};

Ipv4NaptTestSuite g_ipv4NaptTestSuite; //!< Registers the suite

} // namespace
