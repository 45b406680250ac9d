/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Multicast with one shared SA: a sender protects UDP to a group with ESP (transport mode)
// and every receiver holds the same SA (SPI, keys, the group as destination) as an inbound
// SA with a replay window of its own. Configured through IpsecHelper, the ipseckey and
// ipsecconf loaders, and PF_KEY (ACQUIRE naming the group, ADD on each node). Every test
// asserts on delivered bytes, the packets each node's IP layer saw, drop reasons and
// counters.

#include "ipsec-test-compat.h"
#include "ipsec-test-util.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint16_t PORT = 7000;
constexpr uint32_t SIZE = 200;       //!< UDP payload bytes of each datagram
constexpr uint32_t SPI = 0x4d430001; //!< The group SA's SPI in the helper tests
const char* const GROUP = "239.1.2.3";

/// The payload of datagram @p i: recognisable, different for each datagram.
std::vector<uint8_t>
Payload(uint32_t i)
{
    std::vector<uint8_t> bytes(SIZE);
    for (uint32_t k = 0; k < SIZE; ++k)
    {
        bytes[k] = static_cast<uint8_t>('a' + (i * 7 + k) % 26);
    }
    return bytes;
}

uint32_t
Read32(const std::vector<uint8_t>& b, size_t at)
{
    return (uint32_t(b.at(at)) << 24) | (uint32_t(b.at(at + 1)) << 16) |
           (uint32_t(b.at(at + 2)) << 8) | b.at(at + 3);
}

bool
Contains(const std::vector<uint8_t>& haystack, const std::vector<uint8_t>& needle)
{
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
           haystack.end();
}

/**
 * One IPv4 CSMA LAN 10.1.0.0/24: node 0 sends to the group, nodes 1-3 are its receivers,
 * node 4 runs IPsec but has no SA for the group, node 5 runs no IPsec at all. Nodes 1-5
 * listen on the group's port (ns-3's IPv4 hands every multicast datagram to every node).
 */
class GroupLan
{
  public:
    static constexpr uint32_t N = 6;

    GroupLan()
        : group(GROUP),
          received(N),
          ipRx(N)
    {
        nodes.Create(N);
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(5)));
        devices = csma.Install(nodes);
        InternetStackHelper().Install(nodes);
        ifs = Ipv4AddressHelper("10.1.0.0", "255.255.255.0").Assign(devices);
        // The sender's route to the groups: out of its LAN interface.
        Ipv4StaticRoutingHelper().SetDefaultMulticastRoute(nodes.Get(0), devices.Get(0));
        NodeContainer withIpsec;
        for (uint32_t i = 0; i < 5; ++i)
        {
            withIpsec.Add(nodes.Get(i));
        }
        ipsec.Install(withIpsec);
        ipsec.AssignStreams(withIpsec, 1);
        for (uint32_t i = 0; i < 5; ++i)
        {
            Layer(i)->TraceConnectWithoutContext("Drop",
                                                 MakeCallback(&GroupLan::OnDrop, this).Bind(i));
        }
        for (uint32_t i = 0; i < N; ++i)
        {
            nodes.Get(i)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
                "Rx",
                MakeCallback(&GroupLan::OnIpRx, this).Bind(i));
        }
        nodes.Get(0)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Tx",
            MakeCallback(&GroupLan::OnIpTx, this));
        for (uint32_t i = 1; i < N; ++i)
        {
            Ptr<Socket> rx = Socket::CreateSocket(nodes.Get(i), UdpSocketFactory::GetTypeId());
            rx->Bind(InetSocketAddress(Ipv4Address::GetAny(), PORT));
            rx->SetRecvCallback(MakeCallback(&GroupLan::OnReceive, this).Bind(i));
            sockets.push_back(rx);
        }
    }

    Ptr<IpsecLayer> Layer(uint32_t i) const
    {
        return nodes.Get(i)->GetObject<IpsecLayer>();
    }

    Ipv4Address Sender() const
    {
        return ifs.GetAddress(0);
    }

    NodeContainer Receivers() const
    {
        return NodeContainer(nodes.Get(1), nodes.Get(2), nodes.Get(3));
    }

    /// Send @p count datagrams to the group, 10 ms apart from @p start on.
    void Send(uint32_t count, Time start = MilliSeconds(10))
    {
        Ptr<Socket> tx = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        tx->Bind(InetSocketAddress(Sender(), 0));
        tx->Connect(InetSocketAddress(group, PORT));
        for (uint32_t i = 0; i < count; ++i)
        {
            const std::vector<uint8_t> bytes = Payload(i);
            Simulator::Schedule(start + MilliSeconds(10 * i), [tx, bytes]() {
                tx->Send(Create<Packet>(bytes.data(), bytes.size()));
            });
        }
        sockets.push_back(tx);
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

    uint64_t AllDrops(uint32_t node) const
    {
        uint64_t total = 0;
        for (const auto& [key, count] : traced)
        {
            total += key.first == node ? count : 0;
        }
        return total;
    }

    /// The datagrams @p node's socket received, as payload indices (-1: unknown bytes).
    std::vector<int> Indices(uint32_t node) const
    {
        std::vector<int> out;
        for (const auto& bytes : received[node])
        {
            int index = -1;
            for (uint32_t i = 0; i < 64 && index < 0; ++i)
            {
                index = bytes == Payload(i) ? static_cast<int>(i) : -1;
            }
            out.push_back(index);
        }
        return out;
    }

    NodeContainer nodes;
    NetDeviceContainer devices;
    Ipv4InterfaceContainer ifs;
    IpsecHelper ipsec;
    Ipv4Address group;
    std::vector<std::vector<std::vector<uint8_t>>> received; //!< Per node: UDP payloads
    std::vector<std::vector<std::vector<uint8_t>>> ipRx;     //!< Per node: IPv4 packets in
    std::vector<std::vector<uint8_t>> ipTx;                  //!< IPv4 packets node 0 sent
    std::vector<Ptr<Packet>> txPackets;                      //!< The same, to replay
    std::map<std::pair<uint32_t, IpsecDropReason>, uint64_t> traced;
    std::vector<Ptr<Socket>> sockets;

  private:
    void OnReceive(uint32_t node, Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv())
        {
            received[node].push_back(ipsectest::Bytes(p));
        }
    }

    void OnDrop(uint32_t node, Ptr<const Packet>, IpsecDropReason reason, uint32_t)
    {
        ++traced[{node, reason}];
    }

    void OnIpRx(uint32_t node, Ptr<const Packet> p, Ptr<Ipv4>, uint32_t)
    {
        ipRx[node].push_back(ipsectest::Bytes(p));
    }

    void OnIpTx(Ptr<const Packet> p, Ptr<Ipv4>, uint32_t)
    {
        ipTx.push_back(ipsectest::Bytes(p));
        txPackets.push_back(p->Copy());
    }
};

/// The ESP configuration of the helper tests: AES-CBC with HMAC-SHA-256, fixed SPI.
IpsecMulticastSaConfig
GroupSaConfig()
{
    IpsecMulticastSaConfig config;
    config.encryption = IpsecEncryption::AES_CBC;
    config.integrity = IpsecIntegrity::HMAC_SHA256_128;
    config.spi = SPI;
    return config;
}

} // namespace

/// One sender, three receivers sharing the SA, a node without the SA, a node without IPsec.
class SharedSaTestCase : public TestCase
{
  public:
    SharedSaTestCase()
        : TestCase("one group SA: every receiver decrypts the same ESP packets")
    {
    }

  private:
    void DoRun() override
    {
        GroupLan lan;
        lan.ipsec.AddMulticastPolicies(lan.nodes.Get(0),
                                       lan.Sender(),
                                       lan.group,
                                       lan.Receivers(),
                                       IpsecTrafficSelector().SetProtocol(17));
        const IpsecMulticastSa sa = lan.ipsec.AddMulticastSa(lan.nodes.Get(0),
                                                             lan.Sender(),
                                                             lan.group,
                                                             lan.Receivers(),
                                                             GroupSaConfig());
        lan.Send(10);
        lan.Run();

        NS_TEST_ASSERT_MSG_EQ(sa.receivers.size(), 3u, "one copy per receiver");
        // The wire: ten ESP packets to the group under the one SPI, no plaintext.
        NS_TEST_ASSERT_MSG_EQ(lan.ipTx.size(), 10u, "ten packets sent");
        for (uint32_t i = 0; i < lan.ipTx.size(); ++i)
        {
            const std::vector<uint8_t>& w = lan.ipTx[i];
            NS_TEST_ASSERT_MSG_EQ(static_cast<int>(w.at(9)), 50, "IPv4 protocol is ESP");
            NS_TEST_ASSERT_MSG_EQ(Ipv4Address(Read32(w, 16)), lan.group, "to the group");
            NS_TEST_ASSERT_MSG_EQ(Ipv4Address(Read32(w, 12)), lan.Sender(), "from the sender");
            NS_TEST_ASSERT_MSG_EQ(Read32(w, 20), SPI, "the group SA's SPI");
            NS_TEST_ASSERT_MSG_EQ(Read32(w, 24), i + 1, "sequence number");
            const std::vector<uint8_t> payload = Payload(i);
            NS_TEST_ASSERT_MSG_EQ(
                Contains(w, std::vector<uint8_t>(payload.begin(), payload.begin() + 26)),
                false,
                "no plaintext on the wire");
        }
        // Every node's IP layer saw exactly those bytes; the receivers delivered them all.
        const std::vector<int> all{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        for (uint32_t node = 1; node < GroupLan::N; ++node)
        {
            NS_TEST_ASSERT_MSG_EQ((lan.ipRx[node] == lan.ipTx),
                                  true,
                                  "node " << node << " received the very packets sent");
        }
        for (uint32_t r = 0; r < 3; ++r)
        {
            const uint32_t node = r + 1;
            NS_TEST_ASSERT_MSG_EQ((lan.Indices(node) == all), true, "receiver " << node);
            const IpsecSaCounters& c = sa.receivers[r]->GetCounters();
            NS_TEST_ASSERT_MSG_EQ(c.rxPackets, 10u, "receiver " << node << " SA rx packets");
            NS_TEST_ASSERT_MSG_EQ(c.rxBytes, 10u * (SIZE + 8), "receiver SA rx bytes (UDP)");
            NS_TEST_ASSERT_MSG_EQ(c.GetTotalDrops(), 0u, "no drop on the SA");
            NS_TEST_ASSERT_MSG_EQ(sa.receivers[r]->GetReplayWindow().GetTop(), 10u, "window");
            NS_TEST_ASSERT_MSG_EQ(sa.receivers[r]->GetSpi(), SPI, "same SPI");
            NS_TEST_ASSERT_MSG_EQ(sa.receivers[r]->GetDestination(),
                                  IpsecAddress(lan.group),
                                  "the group is the destination");
            NS_TEST_ASSERT_MSG_EQ((sa.receivers[r]->GetParams().encryptionKey ==
                                   sa.sender->GetParams().encryptionKey),
                                  true,
                                  "same key");
            NS_TEST_ASSERT_MSG_EQ(lan.Layer(node)->GetCounters().protectedIn, 10u, "layer");
            NS_TEST_ASSERT_MSG_EQ(lan.AllDrops(node), 0u, "nothing dropped at receiver");
        }
        NS_TEST_ASSERT_MSG_EQ(sa.sender->GetCounters().txPackets, 10u, "sender SA tx");
        NS_TEST_ASSERT_MSG_EQ(sa.sender->GetCounters().rxPackets, 0u, "no loopback");
        NS_TEST_ASSERT_MSG_EQ(lan.Layer(0)->GetCounters().protectedOut, 10u, "sender layer");
        // Node 4 has IPsec and no SA: the group's ESP is a no-sa drop, nothing delivered.
        NS_TEST_ASSERT_MSG_EQ(lan.received[4].size(), 0u, "no SA, nothing delivered");
        NS_TEST_ASSERT_MSG_EQ(lan.Drops(4, IpsecDropReason::NO_SA), 10u, "traced no-sa");
        NS_TEST_ASSERT_MSG_EQ(lan.Layer(4)->GetCounters().GetDrops(IpsecDropReason::NO_SA),
                              10u,
                              "counted no-sa");
        NS_TEST_ASSERT_MSG_EQ(lan.AllDrops(4), 10u, "and nothing else");
        // Node 5 has no IPsec: ESP is an unknown protocol to it.
        NS_TEST_ASSERT_MSG_EQ(lan.received[5].size(), 0u, "no IPsec, nothing delivered");
        // One Wireshark row for the group SA.
        const std::vector<std::string> rows = lan.ipsec.GetWiresharkEspSaRows();
        NS_TEST_ASSERT_MSG_EQ(rows.size(), 1u, "one esp_sa row");
        NS_TEST_ASSERT_MSG_NE(rows[0].find("\"10.1.0.1\",\"239.1.2.3\",\"0x4d430001\""),
                              std::string::npos,
                              rows[0]);
        Simulator::Destroy();
    }
};

/// Each receiver's copy of the SA has its own replay window.
class IndependentReplayTestCase : public TestCase
{
  public:
    IndependentReplayTestCase()
        : TestCase("replay windows are per receiver: a replay one refuses fills another's gap")
    {
    }

  private:
    void DoRun() override
    {
        GroupLan lan;
        lan.ipsec.AddMulticastPolicies(lan.nodes.Get(0), lan.Sender(), lan.group, lan.Receivers());
        const IpsecMulticastSa sa = lan.ipsec.AddMulticastSa(lan.nodes.Get(0),
                                                             lan.Sender(),
                                                             lan.group,
                                                             lan.Receivers(),
                                                             GroupSaConfig());
        // Receiver 2 loses datagrams 3-5 (sequence numbers 3-5, sent at 30, 40, 50 ms).
        Ptr<RateErrorModel> loss = CreateObject<RateErrorModel>();
        loss->SetRate(1.0);
        loss->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
        loss->Disable();
        lan.devices.Get(2)->SetAttribute("ReceiveErrorModel", PointerValue(loss));
        Simulator::Schedule(MilliSeconds(25), &RateErrorModel::Enable, loss);
        Simulator::Schedule(MilliSeconds(55), &RateErrorModel::Disable, loss);
        lan.Send(10);
        // Later, someone sends the group's packet with sequence number 4 again.
        Simulator::Schedule(MilliSeconds(500), [&lan]() {
            Ptr<NetDevice> device = lan.devices.Get(0);
            device->Send(lan.txPackets.at(3)->Copy(), device->GetMulticast(lan.group), 0x0800);
        });
        lan.Run();

        NS_TEST_ASSERT_MSG_EQ(lan.ipTx.size(), 10u, "ten sent");
        NS_TEST_ASSERT_MSG_EQ(Read32(lan.ipTx.at(3), 24), 4u, "the replayed packet is seq 4");
        const std::vector<int> all{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        const std::vector<int> gapFilled{0, 1, 5, 6, 7, 8, 9, 3};
        for (uint32_t node : {1u, 3u})
        {
            const Ptr<SecurityAssociation>& copy = sa.receivers[node - 1];
            NS_TEST_ASSERT_MSG_EQ((lan.Indices(node) == all), true, "receiver " << node);
            NS_TEST_ASSERT_MSG_EQ(copy->GetCounters().rxPackets, 10u, "accepted");
            NS_TEST_ASSERT_MSG_EQ(copy->GetCounters().GetDrops(IpsecDropReason::REPLAY),
                                  1u,
                                  "the replay refused at receiver " << node);
            NS_TEST_ASSERT_MSG_EQ(lan.Drops(node, IpsecDropReason::REPLAY), 1u, "traced");
        }
        const Ptr<SecurityAssociation>& gap = sa.receivers[1];
        NS_TEST_ASSERT_MSG_EQ((lan.Indices(2) == gapFilled),
                              true,
                              "receiver 2 lost 3-5, then took the late seq 4");
        NS_TEST_ASSERT_MSG_EQ(gap->GetCounters().rxPackets, 8u, "8 accepted at receiver 2");
        NS_TEST_ASSERT_MSG_EQ(gap->GetCounters().GetTotalDrops(), 0u, "none refused there");
        NS_TEST_ASSERT_MSG_EQ(gap->GetReplayWindow().GetTop(), 10u, "top 10 everywhere");
        NS_TEST_ASSERT_MSG_EQ(lan.AllDrops(2), 0u, "no drop at receiver 2");
        Simulator::Destroy();
    }
};

/// Cleartext to the group where receivers require ESP; a sender with policy but no SA.
class CleartextRefusedTestCase : public TestCase
{
  public:
    CleartextRefusedTestCase()
        : TestCase("cleartext to the group refused where policy requires ESP, counted once")
    {
    }

  private:
    void DoRun() override
    {
        {
            GroupLan lan;
            lan.ipsec.AddMulticastPolicies(lan.nodes.Get(0),
                                           lan.Sender(),
                                           lan.group,
                                           lan.Receivers(),
                                           IpsecTrafficSelector().SetProtocol(17));
            lan.Layer(0)->GetSpd()->Flush(); // a sender that does not know the rules
            lan.Send(6);
            lan.Run();
            NS_TEST_ASSERT_MSG_EQ(lan.ipTx.size(), 6u, "sent");
            NS_TEST_ASSERT_MSG_EQ(static_cast<int>(lan.ipTx.at(0).at(9)), 17, "as plain UDP");
            for (uint32_t node = 1; node <= 3; ++node)
            {
                NS_TEST_ASSERT_MSG_EQ(lan.received[node].size(), 0u, "refused at " << node);
                // Once per datagram: on delivery, not again as traffic to forward.
                NS_TEST_ASSERT_MSG_EQ(lan.Drops(node, IpsecDropReason::CLEARTEXT_REJECTED),
                                      6u,
                                      "cleartext-rejected at " << node);
                NS_TEST_ASSERT_MSG_EQ(lan.AllDrops(node), 6u, "nothing else at " << node);
            }
            // Without a policy for the group, cleartext passes (default bypass).
            NS_TEST_ASSERT_MSG_EQ(lan.received[4].size(), 6u, "node 4 takes it");
            NS_TEST_ASSERT_MSG_EQ(lan.received[5].size(), 6u, "node 5 takes it");
            NS_TEST_ASSERT_MSG_EQ(lan.AllDrops(4), 0u, "no drop at node 4");
            Simulator::Destroy();
        }
        {
            GroupLan lan;
            lan.ipsec.AddMulticastPolicies(lan.nodes.Get(0),
                                           lan.Sender(),
                                           lan.group,
                                           lan.Receivers());
            lan.Send(4); // no SA yet, no key manager to ask
            lan.Run();
            NS_TEST_ASSERT_MSG_EQ(lan.ipTx.size(), 0u, "nothing may leave unprotected");
            NS_TEST_ASSERT_MSG_EQ(lan.Drops(0, IpsecDropReason::NO_OUTBOUND_SA), 4u, "no SA");
            Simulator::Destroy();
        }
        {
            // Under a discard default a receiver still takes the group's ESP exactly once.
            GroupLan lan;
            for (uint32_t i = 1; i <= 4; ++i)
            {
                lan.Layer(i)->SetAttribute("DefaultAction", StringValue("Discard"));
            }
            lan.ipsec.AddMulticastPolicies(lan.nodes.Get(0),
                                           lan.Sender(),
                                           lan.group,
                                           lan.Receivers());
            lan.ipsec.AddMulticastSa(lan.nodes.Get(0),
                                     lan.Sender(),
                                     lan.group,
                                     lan.Receivers(),
                                     GroupSaConfig());
            lan.Send(5);
            lan.Run();
            for (uint32_t node = 1; node <= 3; ++node)
            {
                NS_TEST_ASSERT_MSG_EQ(lan.received[node].size(), 5u, "delivered at " << node);
                NS_TEST_ASSERT_MSG_EQ(lan.AllDrops(node), 0u, "no drop at " << node);
            }
            NS_TEST_ASSERT_MSG_EQ(lan.Drops(4, IpsecDropReason::NO_SA), 5u, "no-sa at 4");
            NS_TEST_ASSERT_MSG_EQ(lan.AllDrops(4), 5u, "only that");
            Simulator::Destroy();
        }
    }
};

/// What the SAD, the SPD and the helper refuse, with messages that say why.
class WrongUseTestCase : public TestCase
{
  public:
    WrongUseTestCase()
        : TestCase("multicast sources, AH, tunnel mode and NAT-T towards a group are refused")
    {
    }

  private:
    void DoRun() override
    {
        // Which addresses are groups.
        IpsecAddress a;
        for (const auto& [text, multicast] :
             std::vector<std::pair<std::string, bool>>{{"223.255.255.255", false},
                                                       {"224.0.0.0", true},
                                                       {"239.255.255.255", true},
                                                       {"240.0.0.0", false},
                                                       {"10.1.0.1", false},
                                                       {"ff02::1", true},
                                                       {"ff0e::1:2:3", true},
                                                       {"fe80::1", false},
                                                       {"fd00::ff", false}})
        {
            NS_TEST_ASSERT_MSG_EQ(IpsecAddress::Parse(text, a), true, text);
            NS_TEST_ASSERT_MSG_EQ(a.IsMulticast(), multicast, text);
        }
        NS_TEST_ASSERT_MSG_EQ(IpsecAddress().IsMulticast(), false, "no address");

        IpsecSaParams esp;
        esp.spi = 0x1000;
        esp.source = Ipv4Address("10.1.0.1");
        esp.destination = Ipv4Address(GROUP);
        esp.encryption = IpsecEncryption::AES_CBC;
        esp.encryptionKey.assign(16, 0x11);
        esp.integrity = IpsecIntegrity::HMAC_SHA1_96;
        esp.integrityKey.assign(20, 0x22);
        NS_TEST_ASSERT_MSG_EQ(esp.Validate(), "", "ESP transport to a group is fine");
        IpsecSaParams v6 = esp;
        v6.source = Ipv6Address("fd00::1");
        v6.destination = Ipv6Address("ff0e::1:2:3");
        NS_TEST_ASSERT_MSG_EQ(v6.Validate(), "", "and to an IPv6 group");

        auto refused = [this](const IpsecSaParams& p, const std::string& words) {
            const std::string error = p.Validate();
            NS_TEST_EXPECT_MSG_NE(error.find(words), std::string::npos, "got: " << error);
        };
        IpsecSaParams p = esp;
        p.source = Ipv4Address("239.9.9.9");
        p.destination = Ipv4Address("10.1.0.2");
        refused(p, "source 239.9.9.9 is a multicast address");
        p = esp;
        p.mode = IpsecMode::TUNNEL;
        refused(p, "tunnel mode towards a group is not supported");
        p = esp;
        p.udpEncap = IpsecUdpEncap();
        refused(p, "UDP encapsulation towards a group is not supported");
        p = esp;
        p.protocol = IpsecProtocol::AH;
        p.encryption = IpsecEncryption::NONE;
        p.encryptionKey.clear();
        refused(p, "AH towards a group is not supported");

        // Policies that could never find an SA.
        IpsecTrafficSelector toGroup;
        toGroup.SetLocalPrefix(Ipv4Address("10.1.0.1"), Ipv4Mask("/32"))
            .SetRemotePrefix(Ipv4Address(GROUP), Ipv4Mask("/32"));
        auto ah = Create<IpsecPolicy>(toGroup, IpsecAction::PROTECT);
        ah->SetProtection(IpsecProtocol::AH, IpsecMode::TRANSPORT);
        NS_TEST_ASSERT_MSG_NE(ah->Validate().find("AH towards a multicast group"),
                              std::string::npos,
                              ah->Validate());
        auto ahIn = Create<IpsecPolicy>(toGroup.Mirror(), IpsecAction::PROTECT);
        ahIn->SetProtection(IpsecProtocol::AH, IpsecMode::TRANSPORT);
        NS_TEST_ASSERT_MSG_NE(ahIn->Validate(), "", "the receivers' side too");
        auto esPolicy = Create<IpsecPolicy>(toGroup, IpsecAction::PROTECT);
        esPolicy->SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT);
        NS_TEST_ASSERT_MSG_EQ(esPolicy->Validate(), "", "ESP transport policy is fine");
        auto tunnel = Create<IpsecPolicy>(toGroup, IpsecAction::PROTECT);
        tunnel->SetProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL)
            .SetTunnelEndpoints(Ipv4Address("10.1.0.1"), Ipv4Address(GROUP));
        NS_TEST_ASSERT_MSG_NE(tunnel->Validate().find("tunnel endpoints must be unicast"),
                              std::string::npos,
                              tunnel->Validate());

        // PF_KEY ADD through a key engine refuses the same, with EINVAL.
        GroupLan lan;
        Ptr<IpsecKeyEngine> engine = lan.nodes.Get(1)->GetObject<IpsecKeyEngine>();
        PfKeyMessage add;
        p = esp;
        p.protocol = IpsecProtocol::AH;
        p.encryption = IpsecEncryption::NONE;
        p.encryptionKey.clear();
        PfKeyConverter::FromSaParams(PfKeyMessageType::ADD, p, add, 1, 99);
        const PfKeyStatus status = engine->Apply(add, nullptr);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), false, "AH to a group refused by the engine");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(status.error),
                              static_cast<int>(PfKeyErrno::INVALID_ARGUMENT),
                              status.reason);
        NS_TEST_ASSERT_MSG_EQ(lan.Layer(1)->GetSad()->GetAll().size(), 0u, "nothing installed");
        PfKeyConverter::FromSaParams(PfKeyMessageType::ADD, esp, add, 2, 99);
        NS_TEST_ASSERT_MSG_EQ(engine->Apply(add, nullptr).IsOk(), true, "ESP to a group");
        Simulator::Destroy();
    }
};

/// The same scenario from ipseckey and ipsecconf files only.
class LoadersTestCase : public TestCase
{
  public:
    LoadersTestCase()
        : TestCase("ipseckey and ipsecconf configure the group on each node")
    {
    }

  private:
    void DoRun() override
    {
        GroupLan lan;
        // One ipseckey file for every member: the one SA, the group as its destination.
        const std::string keys = "flush\n"
                                 "add esp spi 0x4d430002 src 10.1.0.1 dst 239.1.2.3 \\\n"
                                 "    encr_alg aes encrkey 000102030405060708090a0b0c0d0e0f \\\n"
                                 "    auth_alg sha256 authkey "
                                 "101112131415161718191a1b1c1d1e1f"
                                 "202122232425262728292a2b2c2d2e2f\n";
        // ipsecconf: 'apply' on the sender (outbound), 'permit' on each receiver (inbound).
        const std::string senderPolicy =
            "{laddr 10.1.0.1 raddr 239.1.2.3 ulp udp rport 7000} apply "
            "{encr_algs aes encr_auth_algs sha256}\n";
        const std::string receiverPolicy =
            "{laddr 239.1.2.3 raddr 10.1.0.1 ulp udp lport 7000} permit "
            "{encr_algs aes encr_auth_algs sha256}\n";
        const IpseckeyParseResult parsedKeys = IpseckeyParser::ParseString(keys, "group.keys");
        NS_TEST_ASSERT_MSG_EQ(parsedKeys.Ok(), true, parsedKeys.GetErrorText());
        for (uint32_t node = 0; node <= 3; ++node)
        {
            const IpsecconfParseResult policy =
                IpsecconfParser().ParseString(node == 0 ? senderPolicy : receiverPolicy,
                                              "group.conf");
            NS_TEST_ASSERT_MSG_EQ(policy.Ok(), true, policy.GetErrorText());
            NS_TEST_ASSERT_MSG_EQ(IpsecconfLoader::Apply(lan.nodes.Get(node), policy.entries),
                                  "",
                                  "ipsecconf on node " << node);
            NS_TEST_ASSERT_MSG_EQ(
                IpseckeyLoader::Apply(lan.nodes.Get(node), parsedKeys.commands, nullptr),
                "",
                "ipseckey on node " << node);
        }
        lan.Send(8);
        lan.Run();

        NS_TEST_ASSERT_MSG_EQ(lan.ipTx.size(), 8u, "sent");
        const std::vector<int> all{0, 1, 2, 3, 4, 5, 6, 7};
        for (uint32_t node = 1; node <= 3; ++node)
        {
            NS_TEST_ASSERT_MSG_EQ((lan.ipRx[node] == lan.ipTx), true, "same packets " << node);
            NS_TEST_ASSERT_MSG_EQ((lan.Indices(node) == all), true, "delivered at " << node);
            Ptr<SecurityAssociation> copy =
                lan.Layer(node)->GetSad()->Get(IpsecProtocol::ESP, lan.group, 0x4d430002);
            NS_TEST_ASSERT_MSG_NE(copy, nullptr, "the group SA at " << node);
            NS_TEST_ASSERT_MSG_EQ(copy->GetCounters().rxPackets, 8u, "rx at " << node);
            NS_TEST_ASSERT_MSG_EQ(copy->GetReplayWindow().GetTop(), 8u, "window at " << node);
        }
        for (const auto& w : lan.ipTx)
        {
            NS_TEST_ASSERT_MSG_EQ(static_cast<int>(w.at(9)), 50, "ESP");
            NS_TEST_ASSERT_MSG_EQ(Read32(w, 20), 0x4d430002u, "the file's SPI");
        }
        NS_TEST_ASSERT_MSG_EQ(lan.Drops(4, IpsecDropReason::NO_SA), 8u, "no-sa at node 4");
        NS_TEST_ASSERT_MSG_EQ(lan.received[4].size(), 0u, "nothing at node 4");

        // Wrong uses name the file and line.
        const std::string ahKeys = "add ah spi 0x4d430003 src 10.1.0.1 dst 239.1.2.3 "
                                   "auth_alg sha256 authkey "
                                   "101112131415161718191a1b1c1d1e1f"
                                   "202122232425262728292a2b2c2d2e2f\n";
        const IpseckeyParseResult ah = IpseckeyParser::ParseString(ahKeys, "ah.keys");
        NS_TEST_ASSERT_MSG_EQ(ah.Ok(), true, ah.GetErrorText());
        const std::string ahError = IpseckeyLoader::Apply(lan.nodes.Get(1), ah.commands, nullptr);
        NS_TEST_ASSERT_MSG_NE(ahError.find("ah.keys:1:"), std::string::npos, ahError);
        NS_TEST_ASSERT_MSG_NE(ahError.find("AH towards a group is not supported"),
                              std::string::npos,
                              ahError);
        const std::string fromGroup = "add esp spi 0x4d430004 src 239.1.2.3 dst 10.1.0.2 "
                                      "encr_alg aes encrkey 000102030405060708090a0b0c0d0e0f\n";
        const IpseckeyParseResult bad = IpseckeyParser::ParseString(fromGroup, "src.keys");
        NS_TEST_ASSERT_MSG_EQ(bad.Ok(), true, bad.GetErrorText());
        const std::string srcError = IpseckeyLoader::Apply(lan.nodes.Get(2), bad.commands, nullptr);
        NS_TEST_ASSERT_MSG_NE(srcError.find("is a multicast address"), std::string::npos, srcError);
        const IpsecconfParseResult ahPolicy = IpsecconfParser().ParseString(
            "{laddr 10.1.0.1 raddr 239.1.2.3 ulp udp} apply {auth_algs sha256}\n",
            "ah.conf");
        const std::string ahPolicyError =
            ahPolicy.Ok() ? IpsecconfLoader::Apply(lan.nodes.Get(0), ahPolicy.entries)
                          : ahPolicy.GetErrorText();
        NS_TEST_ASSERT_MSG_NE(ahPolicyError.find("AH towards a multicast group"),
                              std::string::npos,
                              ahPolicyError);
        Simulator::Destroy();
    }
};

/// A PF_KEY socket that records what it hears.
struct KeyManager
{
    Ptr<Socket> socket;
    std::vector<PfKeyMessage> got;

    explicit KeyManager(Ptr<Node> node)
        : socket(Socket::CreateSocket(node, PfKeySocketFactory::GetTypeId()))
    {
        socket->SetRecvCallback(MakeCallback(&KeyManager::OnRecv, this));
    }

    void OnRecv(Ptr<Socket> s)
    {
        while (Ptr<Packet> p = s->Recv(1 << 20, 0))
        {
            PfKeyMessage m;
            PfKeyMessage::Parse(ipsectest::Bytes(p), m);
            got.push_back(m);
        }
    }

    void Write(const PfKeyMessage& m)
    {
        const std::vector<uint8_t> bytes = m.Serialize();
        socket->Send(Create<Packet>(bytes.data(), bytes.size()), 0);
    }
};

/// ACQUIRE names the group; a group key manager answers with ADD on every member.
class MulticastAcquireTestCase : public TestCase
{
  public:
    MulticastAcquireTestCase()
        : TestCase("PF_KEY: ACQUIRE names the group, ADD on each member releases the packets")
    {
    }

  private:
    void DoRun() override
    {
        GroupLan lan;
        lan.ipsec.AddMulticastPolicies(lan.nodes.Get(0), lan.Sender(), lan.group, lan.Receivers());
        std::vector<std::unique_ptr<KeyManager>> managers;
        for (uint32_t node = 0; node <= 3; ++node)
        {
            managers.push_back(std::make_unique<KeyManager>(lan.nodes.Get(node)));
        }
        managers[0]->Write(PfKeyMessage(PfKeyMessageType::REGISTER, PfKeySaType::ESP, 1, 1));
        IpsecSaParams p;
        p.spi = 0x4d430005;
        p.source = lan.Sender();
        p.destination = lan.group;
        p.encryption = IpsecEncryption::AES_GCM_ICV16;
        p.encryptionKey.assign(20, 0x5a);
        p.integrity = IpsecIntegrity::NONE;
        PfKeyMessage add;
        PfKeyConverter::FromSaParams(PfKeyMessageType::ADD, p, add, 2, 1);
        // The "group controller" answers 50 ms after the ACQUIRE: the receivers first, so no
        // packet can overtake its SA.
        Simulator::Schedule(MilliSeconds(60), [&managers, add]() {
            for (int node = 3; node >= 0; --node)
            {
                managers[node]->Write(add);
            }
        });
        lan.Send(3);
        lan.Run();

        size_t acquires = 0;
        PfKeyMessage acquire;
        for (const auto& m : managers[0]->got)
        {
            if (m.type == PfKeyMessageType::ACQUIRE)
            {
                ++acquires;
                acquire = m;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(acquires, 1u, "one ACQUIRE for three datagrams");
        NS_TEST_ASSERT_MSG_EQ(acquire.sourceAddress->sockaddr.address,
                              IpsecAddress(lan.Sender()),
                              "from the sender");
        NS_TEST_ASSERT_MSG_EQ(acquire.destinationAddress->sockaddr.address,
                              IpsecAddress(lan.group),
                              "naming the group");
        NS_TEST_ASSERT_MSG_EQ(lan.ipTx.size(), 3u, "held, then sent");
        const std::vector<int> held{0, 1, 2};
        for (uint32_t node = 1; node <= 3; ++node)
        {
            NS_TEST_ASSERT_MSG_EQ((lan.Indices(node) == held), true, "delivered at " << node);
            Ptr<SecurityAssociation> copy =
                lan.Layer(node)->GetSad()->Get(IpsecProtocol::ESP, lan.group, 0x4d430005);
            NS_TEST_ASSERT_MSG_NE(copy, nullptr, "ADD through the key engine at " << node);
            NS_TEST_ASSERT_MSG_EQ(copy->GetCounters().rxPackets, 3u, "rx at " << node);
        }
        Simulator::Destroy();
    }
};

/// IPv6: the same SA to an IPv6 group; only nodes that joined the group see it.
class Ipv6GroupTestCase : public TestCase
{
  public:
    Ipv6GroupTestCase()
        : TestCase("IPv6 group: members decrypt, a node that did not join sees nothing")
    {
    }

  private:
    std::vector<std::vector<std::vector<uint8_t>>> m_received{5};

    void OnReceive(uint32_t node, Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv())
        {
            m_received[node].push_back(ipsectest::Bytes(p));
        }
    }

    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(5);
        NetDeviceContainer devices = CsmaHelper().Install(nodes);
        InternetStackHelper().Install(nodes);
        Ipv6AddressHelper addresses(Ipv6Address("fd00:1::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ifs = addresses.Assign(devices);
        const Ipv6Address sender = ifs.GetAddress(0, 1);
        const Ipv6Address group("ff0e::4d43:1");
        Ptr<Ipv6> ipv6 = nodes.Get(0)->GetObject<Ipv6>();
        Ipv6StaticRoutingHelper().GetStaticRouting(ipv6)->AddNetworkRouteTo(
            Ipv6Address("ff00::"),
            Ipv6Prefix(8),
            ifs.GetInterfaceIndex(0));
        IpsecHelper ipsec;
        ipsec.Install(nodes);
        ipsec.AssignStreams(nodes, 3);
        const NodeContainer receivers(nodes.Get(1), nodes.Get(2), nodes.Get(3));
        ipsec.AddMulticastPolicies(nodes.Get(0),
                                   sender,
                                   group,
                                   receivers,
                                   IpsecTrafficSelector().SetProtocol(17));
        IpsecMulticastSaConfig config = GroupSaConfig();
        const IpsecMulticastSa sa =
            ipsec.AddMulticastSa(nodes.Get(0), sender, group, receivers, config);
        std::vector<Ptr<Socket>> sockets;
        for (uint32_t node = 1; node <= 4; ++node)
        {
            Ptr<Socket> rx = Socket::CreateSocket(nodes.Get(node), UdpSocketFactory::GetTypeId());
            // Binding to the group joins it (ns-3 registers the address); node 4 does not.
            rx->Bind(Inet6SocketAddress(node <= 3 ? group : Ipv6Address::GetAny(), PORT));
            rx->SetRecvCallback(MakeCallback(&Ipv6GroupTestCase::OnReceive, this).Bind(node));
            sockets.push_back(rx);
        }
        Ptr<Socket> tx = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        tx->Bind(Inet6SocketAddress(sender, 0));
        tx->Connect(Inet6SocketAddress(group, PORT));
        for (uint32_t i = 0; i < 5; ++i)
        {
            const std::vector<uint8_t> bytes = Payload(i);
            Simulator::Schedule(Seconds(2) + MilliSeconds(10 * i), [tx, bytes]() {
                tx->Send(Create<Packet>(bytes.data(), bytes.size()));
            });
        }
        Simulator::Stop(Seconds(4));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(sa.sender->GetCounters().txPackets, 5u, "five protected");
        for (uint32_t node = 1; node <= 3; ++node)
        {
            NS_TEST_ASSERT_MSG_EQ(m_received[node].size(), 5u, "delivered at " << node);
            for (uint32_t i = 0; i < m_received[node].size(); ++i)
            {
                NS_TEST_ASSERT_MSG_EQ((m_received[node][i] == Payload(i)), true, "bytes " << i);
            }
            NS_TEST_ASSERT_MSG_EQ(sa.receivers[node - 1]->GetCounters().rxPackets, 5u, "SA rx");
        }
        Ptr<IpsecLayer> outsider = nodes.Get(4)->GetObject<IpsecLayer>();
        NS_TEST_ASSERT_MSG_EQ(m_received[4].size(), 0u, "not a member");
        NS_TEST_ASSERT_MSG_EQ(outsider->GetCounters().GetDrops(IpsecDropReason::NO_SA),
                              0u,
                              "IPv6 never hands it a group it did not join");
        Simulator::Destroy();
    }
};

/// Multicast suite.
class IpsecMulticastTestSuite : public TestSuite
{
  public:
    IpsecMulticastTestSuite()
        : TestSuite("ipsec-multicast", ipsectest::SYSTEM)
    {
        AddTestCase(new SharedSaTestCase, ipsectest::QUICK);
        AddTestCase(new IndependentReplayTestCase, ipsectest::QUICK);
        AddTestCase(new CleartextRefusedTestCase, ipsectest::QUICK);
        AddTestCase(new WrongUseTestCase, ipsectest::QUICK);
        AddTestCase(new LoadersTestCase, ipsectest::QUICK);
        AddTestCase(new MulticastAcquireTestCase, ipsectest::QUICK);
        AddTestCase(new Ipv6GroupTestCase, ipsectest::QUICK);
    }
};

/// Static instance.
static IpsecMulticastTestSuite g_ipsecMulticastTestSuite;
