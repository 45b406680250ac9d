/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// UDP encapsulation of ESP (RFC 3948) between two hosts on one link, without a NAT: the wire
// format, keepalives, demultiplexing on an encapsulation endpoint, encapsulation mismatches,
// NAT mapping changes, and transport-mode checksum correction; then through the NAT model
// (Ipv4Napt): transport-mode TCP and UDP with checksums on, and two hosts behind one NAT.

#include "ipsec-test-compat.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <map>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint16_t APP_PORT = 5000;

uint16_t
Read16(const std::vector<uint8_t>& b, size_t at)
{
    return static_cast<uint16_t>((b.at(at) << 8) | b.at(at + 1));
}

uint32_t
Read32(const std::vector<uint8_t>& b, size_t at)
{
    return (uint32_t(Read16(b, at)) << 16) | Read16(b, at + 2);
}

/// One's-complement checksum over a pseudo-header and a segment; 0xffff folded means valid.
uint16_t
FoldedSum(const std::vector<uint8_t>& pseudo, const std::vector<uint8_t>& segment)
{
    uint32_t sum = 0;
    for (const auto* part : {&pseudo, &segment})
    {
        for (size_t i = 0; i < part->size(); i += 2)
        {
            sum += (uint32_t((*part)[i]) << 8) | (i + 1 < part->size() ? (*part)[i + 1] : 0);
        }
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(sum);
}

std::vector<uint8_t>
Pseudo4(Ipv4Address src, Ipv4Address dst, uint8_t protocol, uint16_t length)
{
    std::vector<uint8_t> p(12, 0);
    src.Serialize(p.data());
    dst.Serialize(p.data() + 4);
    p[9] = protocol;
    p[10] = static_cast<uint8_t>(length >> 8);
    p[11] = static_cast<uint8_t>(length);
    return p;
}

/// Two hosts on a point-to-point link, IPv4 or IPv6, with IPsec layers and recorders.
class NattHosts
{
  public:
    explicit NattHosts(bool ipv6 = false)
        : m_ipv6(ipv6)
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.Install(nodes);
        if (ipv6)
        {
            Ipv6AddressHelper addr(Ipv6Address("fd00:1::"), Ipv6Prefix(64));
            Ipv6InterfaceContainer ifaces = addr.Assign(devices);
            ifaces.SetForwarding(0, false);
            a = ifaces.GetAddress(0, 1);
            b = ifaces.GetAddress(1, 1);
        }
        else
        {
            Ipv4AddressHelper addr("10.0.0.0", "255.255.255.0");
            Ipv4InterfaceContainer ifaces = addr.Assign(devices);
            a = ifaces.GetAddress(0);
            b = ifaces.GetAddress(1);
        }
        helper.Install(nodes);
        helper.AssignStreams(nodes, 1);
        for (uint32_t i = 0; i < 2; ++i)
        {
            Layer(i)->TraceConnectWithoutContext("Drop",
                                                 MakeCallback(&NattHosts::OnDrop, this).Bind(i));
            devices.Get(i)->TraceConnectWithoutContext(
                "PhyTxBegin",
                MakeCallback(&NattHosts::OnWire, this).Bind(i));
        }
    }

    Ptr<IpsecLayer> Layer(uint32_t i) const
    {
        return nodes.Get(i)->GetObject<IpsecLayer>();
    }

    /// Protect UDP to and from APP_PORT on both hosts (mirrored), optionally tunnel mode.
    void ProtectApp(IpsecMode mode = IpsecMode::TRANSPORT)
    {
        for (uint32_t i = 0; i < 2; ++i)
        {
            for (bool toApp : {true, false})
            {
                IpsecTrafficSelector sel;
                sel.SetProtocol(17);
                if (toApp)
                {
                    sel.SetRemotePorts(APP_PORT, APP_PORT);
                }
                else
                {
                    sel.SetLocalPorts(APP_PORT, APP_PORT);
                }
                auto p = Create<IpsecPolicy>(sel, IpsecAction::PROTECT);
                p->SetProtection(IpsecProtocol::ESP, mode);
                if (mode == IpsecMode::TUNNEL)
                {
                    p->SetTunnelEndpoints(i == 0 ? a : b, i == 0 ? b : a);
                }
                helper.AddPolicy(nodes.Get(i), p);
            }
        }
    }

    /// An echo server on B's APP_PORT and a client socket on A; A sends at the given times.
    void Echo(const std::vector<Time>& times, uint32_t size = 200)
    {
        Ptr<Socket> server = Socket::CreateSocket(nodes.Get(1), UdpSocketFactory::GetTypeId());
        server->Bind(Any(APP_PORT));
        server->SetRecvCallback(MakeCallback(&NattHosts::OnServer, this));
        Ptr<Socket> client = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        client->Bind(Any(0));
        client->Connect(To(b, APP_PORT));
        client->SetRecvCallback(MakeCallback(&NattHosts::OnClient, this));
        for (size_t i = 0; i < times.size(); ++i)
        {
            std::vector<uint8_t> bytes(size);
            for (uint32_t k = 0; k < size; ++k)
            {
                bytes[k] = static_cast<uint8_t>('a' + (i + k) % 26);
            }
            sent.push_back(bytes);
            Simulator::Schedule(times[i], [client, bytes]() {
                client->Send(Create<Packet>(bytes.data(), bytes.size()));
            });
        }
        sockets.push_back(server);
        sockets.push_back(client);
    }

    Address Any(uint16_t port) const
    {
        return m_ipv6 ? Address(Inet6SocketAddress(Ipv6Address::GetAny(), port))
                      : Address(InetSocketAddress(Ipv4Address::GetAny(), port));
    }

    Address To(const IpsecAddress& address, uint16_t port) const
    {
        return m_ipv6 ? Address(Inet6SocketAddress(address.GetIpv6(), port))
                      : Address(InetSocketAddress(address.GetIpv4(), port));
    }

    void Run(Time stop = Seconds(5))
    {
        Simulator::Stop(stop);
        Simulator::Run();
    }

    uint64_t Drops(uint32_t node, IpsecDropReason reason) const
    {
        auto it = traced.find({node, reason});
        return it == traced.end() ? 0 : it->second;
    }

    NodeContainer nodes;
    NetDeviceContainer devices;
    IpsecAddress a;
    IpsecAddress b;
    IpsecHelper helper;
    std::vector<std::vector<uint8_t>> sent;
    std::vector<std::vector<uint8_t>> echoed;                   //!< Received at B
    std::vector<std::vector<uint8_t>> returned;                 //!< Echoes received back at A
    std::map<uint32_t, std::vector<std::vector<uint8_t>>> wire; //!< IP packets sent, by node
    std::map<std::pair<uint32_t, IpsecDropReason>, uint64_t> traced;
    std::vector<Ptr<Socket>> sockets;

  private:
    void OnServer(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> p = socket->RecvFrom(from))
        {
            std::vector<uint8_t> bytes(p->GetSize());
            p->CopyData(bytes.data(), bytes.size());
            echoed.push_back(bytes);
            socket->SendTo(p, 0, from);
        }
    }

    void OnClient(Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv())
        {
            std::vector<uint8_t> bytes(p->GetSize());
            p->CopyData(bytes.data(), bytes.size());
            returned.push_back(bytes);
        }
    }

    void OnDrop(uint32_t node, Ptr<const Packet>, IpsecDropReason reason, uint32_t)
    {
        ++traced[{node, reason}];
    }

    void OnWire(uint32_t node, Ptr<const Packet> p)
    {
        Ptr<Packet> copy = p->Copy();
        PppHeader ppp;
        copy->RemoveHeader(ppp);
        std::vector<uint8_t> bytes(copy->GetSize());
        copy->CopyData(bytes.data(), bytes.size());
        wire[node].push_back(bytes);
    }

    bool m_ipv6;
};

/// Checksums on for one test case, off again after it (the runner may run other suites).
class ChecksumsOn
{
  public:
    ChecksumsOn()
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }

    ~ChecksumsOn()
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    }
};

IpsecNatTraversalConfig
NoNat(const IpsecAddress& a)
{
    IpsecNatTraversalConfig nat;
    nat.natAddress = a; // no NAT: A's address as B sees it is its own
    return nat;
}

} // namespace

/// ESP in UDP on the wire (RFC 3948 section 2.1), both ways, and intact delivery.
class NattWireFormatTestCase : public TestCase
{
  public:
    explicit NattWireFormatTestCase(IpsecMode mode)
        : TestCase(std::string("ESP in UDP over IPv4: wire format and delivery, ") +
                   (mode == IpsecMode::TUNNEL ? "tunnel mode" : "transport mode")),
          m_mode(mode)
    {
    }

  private:
    void DoRun() override
    {
        ChecksumsOn checksums;
        NattHosts t;
        t.ProtectApp(m_mode);
        IpsecEspSaConfig cfg;
        cfg.encryption = IpsecEncryption::AES_CBC;
        cfg.integrity = IpsecIntegrity::HMAC_SHA256_128;
        cfg.mode = m_mode;
        IpsecSaPair pair = t.helper.AddEspSaPairThroughNat(t.nodes.Get(0),
                                                           t.a,
                                                           t.nodes.Get(1),
                                                           t.b,
                                                           cfg,
                                                           NoNat(t.a));
        t.Layer(0)->GetUdpEncapsulation()->SetAttribute("KeepaliveInterval", TimeValue(Time(0)));
        t.Echo({MilliSeconds(100), MilliSeconds(200), MilliSeconds(300)});
        t.Run();

        NS_TEST_ASSERT_MSG_EQ(t.echoed.size(), 3, "B received every datagram");
        NS_TEST_ASSERT_MSG_EQ(t.returned.size(), 3, "A received every echo");
        for (size_t i = 0; i < t.returned.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ((t.returned[i] == t.sent[i]), true, "echo " << i << " intact");
        }
        for (uint32_t node : {0u, 1u})
        {
            const auto& packets = t.wire[node];
            NS_TEST_ASSERT_MSG_EQ(packets.size(), 3, "three packets from node " << node);
            const uint32_t spi = node == 0 ? pair.atob->GetSpi() : pair.btoa->GetSpi();
            for (size_t i = 0; i < packets.size(); ++i)
            {
                const auto& w = packets[i];
                NS_TEST_ASSERT_MSG_EQ(static_cast<int>(w.at(9)), 17, "outer protocol is UDP");
                NS_TEST_ASSERT_MSG_EQ(Read16(w, 20), 4500, "source port 4500");
                NS_TEST_ASSERT_MSG_EQ(Read16(w, 22), 4500, "destination port 4500");
                NS_TEST_ASSERT_MSG_EQ(Read16(w, 24), w.size() - 20, "UDP length");
                NS_TEST_ASSERT_MSG_EQ(Read16(w, 26), 0, "zero UDP checksum over IPv4");
                NS_TEST_ASSERT_MSG_EQ(Read32(w, 28), spi, "the SA's SPI after the UDP header");
                NS_TEST_ASSERT_MSG_EQ(Read32(w, 32), i + 1, "sequence number");
                NS_TEST_ASSERT_MSG_EQ(Read16(w, 2), w.size(), "IPv4 total length");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(pair.atob->GetCounters().txPackets, 3, "A->B SA carried three");
        Simulator::Destroy();
    }

    IpsecMode m_mode;
};

/// ESP in UDP over IPv6: the UDP checksum is mandatory there, and right.
class NattIpv6TestCase : public TestCase
{
  public:
    NattIpv6TestCase()
        : TestCase("ESP in UDP over IPv6: a valid UDP checksum, delivery both ways")
    {
    }

  private:
    void DoRun() override
    {
        ChecksumsOn checksums;
        NattHosts t(true);
        t.ProtectApp();
        IpsecEspSaConfig cfg;
        t.helper.AddEspSaPairThroughNat(t.nodes.Get(0), t.a, t.nodes.Get(1), t.b, cfg, NoNat(t.a));
        t.Layer(0)->GetUdpEncapsulation()->SetAttribute("KeepaliveInterval", TimeValue(Time(0)));
        t.Echo({Seconds(1), Seconds(1.1)});
        t.Run();
        NS_TEST_ASSERT_MSG_EQ(t.returned.size(), 2, "both echoes came back");
        uint32_t checked = 0;
        for (const auto& w : t.wire[0])
        {
            if (w.at(6) != 17 || Read16(w, 40) != 4500)
            {
                continue; // Neighbor Discovery
            }
            std::vector<uint8_t> pseudo(40, 0);
            std::copy(w.begin() + 8, w.begin() + 40, pseudo.begin());
            const uint16_t length = Read16(w, 4);
            pseudo[34] = static_cast<uint8_t>(length >> 8);
            pseudo[35] = static_cast<uint8_t>(length);
            pseudo[39] = 17;
            std::vector<uint8_t> segment(w.begin() + 40, w.end());
            NS_TEST_ASSERT_MSG_NE(Read16(w, 46), 0, "a UDP checksum is present");
            NS_TEST_ASSERT_MSG_EQ(FoldedSum(pseudo, segment), 0xffff, "and it is right");
            ++checked;
        }
        NS_TEST_ASSERT_MSG_EQ(checked, 2, "two encapsulated packets from A");
        Simulator::Destroy();
    }
};

/// NAT keepalives (RFC 3948 section 4): one 0xFF byte, from the side behind the NAT only,
/// every KeepaliveInterval of idleness, consumed by the peer's endpoint.
class NattKeepaliveTestCase : public TestCase
{
  public:
    NattKeepaliveTestCase(Time interval, bool idleOnly, bool traffic, uint32_t expected)
        : TestCase("NAT keepalives: interval " + std::to_string(interval.GetSeconds()) +
                   " s, only when idle " + std::to_string(idleOnly) + ", traffic " +
                   std::to_string(traffic)),
          m_interval(interval),
          m_idleOnly(idleOnly),
          m_traffic(traffic),
          m_expected(expected)
    {
    }

  private:
    void DoRun() override
    {
        NattHosts t;
        t.ProtectApp();
        Ptr<IpsecUdpEncapsulation> encap = t.Layer(0)->GetUdpEncapsulation();
        encap->SetAttribute("KeepaliveInterval", TimeValue(m_interval));
        encap->SetAttribute("KeepaliveOnlyWhenIdle", BooleanValue(m_idleOnly));
        std::vector<Time> received;
        t.Layer(1)->GetUdpEncapsulation()->TraceConnectWithoutContext(
            "KeepaliveReceived",
            MakeCallback(+[](std::vector<Time>* log,
                             Ptr<const Packet> p,
                             const IpsecAddress&,
                             uint16_t) {
                log->push_back(Simulator::Now());
            }).Bind(&received));
        IpsecEspSaConfig cfg;
        t.helper.AddEspSaPairThroughNat(t.nodes.Get(0), t.a, t.nodes.Get(1), t.b, cfg, NoNat(t.a));
        if (m_traffic)
        {
            std::vector<Time> times;
            for (int s = 1; s < 65; s += 5)
            {
                times.push_back(Seconds(s));
            }
            t.Echo(times);
        }
        t.Run(Seconds(65));

        NS_TEST_ASSERT_MSG_EQ(received.size(), m_expected, "keepalives received by B");
        NS_TEST_ASSERT_MSG_EQ(encap->GetKeepalivesSent(), m_expected, "keepalives sent by A");
        NS_TEST_ASSERT_MSG_EQ(t.Layer(1)->GetUdpEncapsulation()->GetKeepalivesSent(),
                              0,
                              "B (not behind a NAT) sends none");
        uint32_t onWire = 0;
        for (const auto& w : t.wire[0])
        {
            if (w.at(9) == 17 && w.size() == 29)
            {
                NS_TEST_ASSERT_MSG_EQ(Read16(w, 20), 4500, "keepalive from 4500");
                NS_TEST_ASSERT_MSG_EQ(Read16(w, 22), 4500, "to 4500");
                NS_TEST_ASSERT_MSG_EQ(Read16(w, 24), 9, "UDP length 9");
                NS_TEST_ASSERT_MSG_EQ(static_cast<int>(w.at(28)), 0xff, "the single 0xFF byte");
                ++onWire;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(onWire, m_expected, "keepalives on the wire");
        for (size_t i = 1; i < received.size() && !m_traffic; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL((received[i] - received[i - 1]).GetSeconds(),
                                      m_interval.GetSeconds(),
                                      0.01,
                                      "one interval apart");
        }
        if (m_traffic)
        {
            NS_TEST_ASSERT_MSG_EQ(t.returned.size(), 13, "the traffic got through");
        }
        Simulator::Destroy();
    }

    Time m_interval;
    bool m_idleOnly;
    bool m_traffic;
    uint32_t m_expected;
};

/// An endpoint socket set by the application (UDP_ENCAP): ESP goes to the layer, keepalives
/// are consumed, the non-ESP marker and short datagrams reach the socket unchanged.
class NattDemultiplexTestCase : public TestCase
{
  public:
    NattDemultiplexTestCase()
        : TestCase("encapsulation endpoint: ESP to IPsec, keepalive consumed, non-ESP to socket")
    {
    }

  private:
    void DoRun() override
    {
        NattHosts t;
        t.ProtectApp();
        // B's IKE daemon opens its socket itself and makes it the endpoint.
        Ptr<Socket> ike = Socket::CreateSocket(t.nodes.Get(1), UdpSocketFactory::GetTypeId());
        ike->Bind(InetSocketAddress(Ipv4Address::GetAny(), 4510));
        std::vector<std::vector<uint8_t>> atSocket;
        ike->SetRecvCallback(
            MakeCallback(+[](std::vector<std::vector<uint8_t>>* log, Ptr<Socket> s) {
                while (Ptr<Packet> p = s->Recv())
                {
                    std::vector<uint8_t> bytes(p->GetSize());
                    p->CopyData(bytes.data(), bytes.size());
                    log->push_back(bytes);
                }
            }).Bind(&atSocket));
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(t.Layer(1)->GetUdpEncapsulation()->SetEndpoint(ike, false, error),
                              true,
                              error);
        Ptr<Socket> unbound = Socket::CreateSocket(t.nodes.Get(1), UdpSocketFactory::GetTypeId());
        NS_TEST_ASSERT_MSG_EQ(t.Layer(1)->GetUdpEncapsulation()->SetEndpoint(unbound, false, error),
                              false,
                              "an unbound socket is refused");
        NS_TEST_ASSERT_MSG_NE(error.find("bind"), std::string::npos, "saying why: " << error);

        IpsecEspSaConfig cfg;
        IpsecNatTraversalConfig nat = NoNat(t.a);
        nat.portB = 4510;
        nat.openEndpoints = false;
        t.helper.AddEspSaPairThroughNat(t.nodes.Get(0), t.a, t.nodes.Get(1), t.b, cfg, nat);
        NS_TEST_ASSERT_MSG_EQ(t.Layer(0)->GetUdpEncapsulation()->OpenEndpoint(4500, false, error),
                              true,
                              error);

        // A's IKE daemon: the marker and a message, a keepalive, a short datagram.
        Ptr<Socket> peer = Socket::CreateSocket(t.nodes.Get(0), UdpSocketFactory::GetTypeId());
        peer->Bind(InetSocketAddress(Ipv4Address::GetAny(), 4600));
        const std::vector<uint8_t> ikeMessage{0, 0, 0, 0, 'I', 'K', 'E', 'v', '2', '!', '!', '!'};
        const std::vector<uint8_t> keepalive{0xff};
        const std::vector<uint8_t> shortOne{1, 2, 3, 4, 5, 6, 7, 8};
        const Ipv4Address to = t.b.GetIpv4();
        for (const auto& [when, bytes] :
             std::vector<std::pair<double, std::vector<uint8_t>>>{{0.5, ikeMessage},
                                                                  {0.6, keepalive},
                                                                  {0.7, shortOne}})
        {
            Simulator::Schedule(Seconds(when), [peer, to, bytes = bytes]() {
                peer->SendTo(Create<Packet>(bytes.data(), bytes.size()),
                             0,
                             InetSocketAddress(to, 4510));
            });
        }
        t.Echo({Seconds(1)});
        t.Run();

        NS_TEST_ASSERT_MSG_EQ(atSocket.size(), 2, "the marker datagram and the short one");
        if (atSocket.size() == 2)
        {
            NS_TEST_ASSERT_MSG_EQ((atSocket[0] == ikeMessage), true, "IKE with its marker");
            NS_TEST_ASSERT_MSG_EQ((atSocket[1] == shortOne), true, "the short datagram");
        }
        NS_TEST_ASSERT_MSG_EQ(t.Layer(1)->GetUdpEncapsulation()->GetKeepalivesReceived(),
                              1,
                              "the keepalive was consumed");
        NS_TEST_ASSERT_MSG_EQ(t.echoed.size(), 1, "ESP to 4510 reached the application");
        NS_TEST_ASSERT_MSG_EQ(t.returned.size(), 1, "and the echo came back in UDP");
        Simulator::Destroy();
    }
};

/// An SA is carried in UDP or not, never both: a mismatch is a counted drop.
class NattMismatchTestCase : public TestCase
{
  public:
    NattMismatchTestCase()
        : TestCase("ESP in UDP for a plain SA, and plain ESP for a UDP SA: encapsulation-mismatch")
    {
    }

  private:
    void DoRun() override
    {
        NattHosts t;
        t.ProtectApp();
        // Same keys and SPIs on both nodes, but only A's copies are UDP-encapsulated.
        IpsecSaParams ab;
        ab.source = t.a;
        ab.destination = t.b;
        ab.spi = 0x1000;
        ab.encryption = IpsecEncryption::AES_GCM_ICV16;
        ab.encryptionKey = std::vector<uint8_t>(20, 0x11);
        ab.integrity = IpsecIntegrity::NONE;
        IpsecSaParams ba = ab;
        ba.source = t.b;
        ba.destination = t.a;
        ba.spi = 0x2000;
        std::string error;
        IpsecSaParams abUdp = ab;
        abUdp.udpEncap = IpsecUdpEncap{};
        IpsecSaParams baUdp = ba;
        baUdp.udpEncap = IpsecUdpEncap{};
        NS_TEST_ASSERT_MSG_NE(t.Layer(0)->AddSa(abUdp, error), nullptr, error);
        NS_TEST_ASSERT_MSG_NE(t.Layer(0)->AddSa(baUdp, error), nullptr, error);
        NS_TEST_ASSERT_MSG_NE(t.Layer(1)->AddSa(ab, error), nullptr, error);
        NS_TEST_ASSERT_MSG_NE(t.Layer(1)->AddSa(ba, error), nullptr, error);
        NS_TEST_ASSERT_MSG_EQ(t.Layer(0)->GetUdpEncapsulation()->OpenEndpoint(4500, false, error),
                              true,
                              error);
        NS_TEST_ASSERT_MSG_EQ(t.Layer(1)->GetUdpEncapsulation()->OpenEndpoint(4500, false, error),
                              true,
                              error);
        t.Echo({Seconds(1)});
        t.Run();
        NS_TEST_ASSERT_MSG_EQ(t.echoed.size(), 0, "nothing delivered");
        NS_TEST_ASSERT_MSG_EQ(t.Drops(1, IpsecDropReason::ENCAP_MISMATCH),
                              1,
                              "B refused ESP in UDP for its plain SA");

        // AH cannot be carried in UDP.
        IpsecSaParams ah = ab;
        ah.protocol = IpsecProtocol::AH;
        ah.encryption = IpsecEncryption::NONE;
        ah.encryptionKey.clear();
        ah.integrity = IpsecIntegrity::HMAC_SHA256_128;
        ah.integrityKey = std::vector<uint8_t>(32, 1);
        ah.udpEncap = IpsecUdpEncap{};
        NS_TEST_ASSERT_MSG_NE(ah.Validate().find("only ESP"), std::string::npos, ah.Validate());
        IpsecSaParams noPort = abUdp;
        noPort.udpEncap->destinationPort = 0;
        NS_TEST_ASSERT_MSG_NE(noPort.Validate().find("ports"), std::string::npos, "zero port");
        Simulator::Destroy();
    }
};

/// The reverse mismatch: plain ESP arriving for an SA that expects UDP.
class NattPlainForUdpTestCase : public TestCase
{
  public:
    NattPlainForUdpTestCase()
        : TestCase("plain ESP for a UDP-encapsulated SA is an encapsulation-mismatch")
    {
    }

  private:
    void DoRun() override
    {
        NattHosts t;
        t.ProtectApp();
        IpsecSaParams ab;
        ab.source = t.a;
        ab.destination = t.b;
        ab.spi = 0x1000;
        ab.encryption = IpsecEncryption::AES_GCM_ICV16;
        ab.encryptionKey = std::vector<uint8_t>(20, 0x11);
        ab.integrity = IpsecIntegrity::NONE;
        IpsecSaParams abUdp = ab;
        abUdp.udpEncap = IpsecUdpEncap{};
        std::string error;
        NS_TEST_ASSERT_MSG_NE(t.Layer(0)->AddSa(ab, error), nullptr, error);
        NS_TEST_ASSERT_MSG_NE(t.Layer(1)->AddSa(abUdp, error), nullptr, error);
        t.Echo({Seconds(1)});
        t.Run();
        NS_TEST_ASSERT_MSG_EQ(t.echoed.size(), 0, "nothing delivered");
        NS_TEST_ASSERT_MSG_EQ(t.Drops(1, IpsecDropReason::ENCAP_MISMATCH), 1, "counted");
        Simulator::Destroy();
    }
};

/// A NAT mapping change: B expects A at the wrong port; A's first authenticated packet moves
/// B's SAs (FollowNatMapping) and the echo finds A. Without following, it does not.
class NattMappingChangeTestCase : public TestCase
{
  public:
    explicit NattMappingChangeTestCase(bool follow)
        : TestCase(std::string("NAT mapping change: ") +
                   (follow ? "followed, the reply reaches the new port"
                           : "not followed, reported only")),
          m_follow(follow)
    {
    }

  private:
    void DoRun() override
    {
        NattHosts t;
        t.ProtectApp();
        t.Layer(1)->SetAttribute("FollowNatMapping", BooleanValue(m_follow));
        std::vector<std::pair<IpsecAddress, uint16_t>> changes;
        t.Layer(1)->TraceConnectWithoutContext(
            "NatMappingChanged",
            MakeCallback(+[](std::vector<std::pair<IpsecAddress, uint16_t>>* log,
                             Ptr<const SecurityAssociation>,
                             const IpsecAddress& address,
                             uint16_t port) {
                log->emplace_back(address, port);
            }).Bind(&changes));
        IpsecEspSaConfig cfg;
        IpsecNatTraversalConfig nat = NoNat(t.a);
        nat.natPort = 1234; // B's wrong first guess
        IpsecSaPair pair =
            t.helper.AddEspSaPairThroughNat(t.nodes.Get(0), t.a, t.nodes.Get(1), t.b, cfg, nat);
        t.Layer(0)->GetUdpEncapsulation()->SetAttribute("KeepaliveInterval", TimeValue(Time(0)));
        // B's key manager, registered for ESP, hears SADB_X_NAT_T_NEW_MAPPING.
        Ptr<Socket> km = Socket::CreateSocket(t.nodes.Get(1), PfKeySocketFactory::GetTypeId());
        std::vector<PfKeyMessage> heard;
        km->SetRecvCallback(MakeCallback(+[](std::vector<PfKeyMessage>* log, Ptr<Socket> s) {
                                while (Ptr<Packet> p = s->Recv())
                                {
                                    std::vector<uint8_t> bytes(p->GetSize());
                                    p->CopyData(bytes.data(), bytes.size());
                                    PfKeyMessage m;
                                    if (PfKeyMessage::Parse(bytes.data(), bytes.size(), m).IsOk() &&
                                        m.type == PfKeyMessageType::X_NAT_T_NEW_MAPPING)
                                    {
                                        log->push_back(m);
                                    }
                                }
                            }).Bind(&heard));
        const std::vector<uint8_t> reg =
            PfKeyMessage(PfKeyMessageType::REGISTER, PfKeySaType::ESP, 1, 99).Serialize();
        km->Send(Create<Packet>(reg.data(), reg.size()), 0);
        t.Echo({Seconds(1), Seconds(2)});
        t.Run();

        NS_TEST_ASSERT_MSG_EQ(heard.size(), m_follow ? 1 : 2, "NEW_MAPPING messages");
        if (!heard.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(heard[0].sa->spi, pair.atob->GetSpi(), "for A's SA");
            NS_TEST_ASSERT_MSG_EQ(heard[0].natSourcePort->port, 4500, "the new port");
            NS_TEST_ASSERT_MSG_EQ(heard[0].sourceAddress->sockaddr.address, t.a, "the address");
        }
        Ptr<SecurityAssociation> inAtB =
            t.Layer(1)->GetSad()->Get(IpsecProtocol::ESP, t.b, pair.atob->GetSpi());
        Ptr<SecurityAssociation> outAtB =
            t.Layer(1)->GetSad()->Get(IpsecProtocol::ESP, t.a, pair.btoa->GetSpi());
        NS_TEST_ASSERT_MSG_EQ(t.echoed.size(), 2, "B received both datagrams either way");
        NS_TEST_ASSERT_MSG_NE(inAtB, nullptr, "B's inbound SA");
        NS_TEST_ASSERT_MSG_NE(outAtB, nullptr, "B's outbound SA");
        if (m_follow)
        {
            NS_TEST_ASSERT_MSG_EQ(changes.size(), 1, "one change, for the first packet");
            NS_TEST_ASSERT_MSG_EQ(changes.at(0).second, 4500, "to A's real port");
            NS_TEST_ASSERT_MSG_EQ(inAtB->GetParams().udpEncap->sourcePort, 4500, "inbound moved");
            NS_TEST_ASSERT_MSG_EQ(outAtB->GetParams().udpEncap->destinationPort,
                                  4500,
                                  "outbound moved");
            NS_TEST_ASSERT_MSG_EQ(t.returned.size(), 2, "both echoes reached A");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(changes.size(), 2, "reported for each packet");
            NS_TEST_ASSERT_MSG_EQ(outAtB->GetParams().udpEncap->destinationPort,
                                  1234,
                                  "B's SA left alone");
            NS_TEST_ASSERT_MSG_EQ(t.returned.size(), 0, "the echoes went to port 1234");
        }
        Simulator::Destroy();
    }

    bool m_follow;
};

/// RFC 3948 3.1.2: a transport-mode TCP or UDP checksum made for the sender's addresses is
/// made right for the received ones, incrementally from NAT-OA or computed anew.
class NattChecksumTestCase : public TestCase
{
  public:
    NattChecksumTestCase()
        : TestCase("transport-mode checksum correction (incremental with NAT-OA, or anew)")
    {
    }

  private:
    /// A UDP (or TCP) segment whose checksum ns-3 computed for (src, dst).
    static Ptr<Packet> Segment(uint8_t protocol, Ipv4Address src, Ipv4Address dst)
    {
        std::vector<uint8_t> data(37);
        for (size_t i = 0; i < data.size(); ++i)
        {
            data[i] = static_cast<uint8_t>(i * 7 + 3);
        }
        Ptr<Packet> p = Create<Packet>(data.data(), data.size());
        if (protocol == 17)
        {
            UdpHeader udp;
            udp.SetSourcePort(1111);
            udp.SetDestinationPort(2222);
            udp.EnableChecksums();
            udp.InitializeChecksum(src, dst, 17);
            p->AddHeader(udp);
        }
        else
        {
            TcpHeader tcp;
            tcp.SetSourcePort(1111);
            tcp.SetDestinationPort(2222);
            tcp.SetSequenceNumber(SequenceNumber32(123456));
            tcp.SetFlags(TcpHeader::ACK);
            tcp.EnableChecksums();
            tcp.InitializeChecksum(src, dst, 6);
            p->AddHeader(tcp);
        }
        return p;
    }

    static bool Valid(Ptr<Packet> p, uint8_t protocol, Ipv4Address src, Ipv4Address dst)
    {
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        return FoldedSum(Pseudo4(src, dst, protocol, bytes.size()), bytes) == 0xffff;
    }

    void DoRun() override
    {
        ChecksumsOn checksums;
        const Ipv4Address privateA("192.168.1.10");
        const Ipv4Address publicA("203.0.113.5");
        const Ipv4Address gateway("198.51.100.1");
        for (uint8_t protocol : {uint8_t(17), uint8_t(6)})
        {
            // Gateway side: A's packets carried its private address; they arrive from the NAT.
            Ipv4Header received;
            received.SetSource(publicA);
            received.SetDestination(gateway);
            received.SetProtocol(protocol);
            for (bool withOa : {true, false})
            {
                Ptr<Packet> p = Segment(protocol, privateA, gateway);
                NS_TEST_ASSERT_MSG_EQ(Valid(p, protocol, privateA, gateway), true, "as sent");
                NS_TEST_ASSERT_MSG_EQ(Valid(p, protocol, publicA, gateway), false, "not as is");
                IpsecUdpEncap encap;
                if (withOa)
                {
                    encap.originalSource = privateA;
                }
                NS_TEST_ASSERT_MSG_EQ(
                    IpsecUdpEncapsulation::FixTransportChecksum(p, protocol, encap, received),
                    true,
                    "fixed");
                NS_TEST_ASSERT_MSG_EQ(Valid(p, protocol, publicA, gateway),
                                      true,
                                      "valid for the received addresses, protocol "
                                          << int(protocol) << " NAT-OA " << withOa);
            }
            // Host side: the gateway wrote the NAT's address as destination.
            Ipv4Header atHost;
            atHost.SetSource(gateway);
            atHost.SetDestination(privateA);
            Ptr<Packet> p = Segment(protocol, gateway, publicA);
            IpsecUdpEncap encap;
            encap.originalDestination = publicA;
            IpsecUdpEncapsulation::FixTransportChecksum(p, protocol, encap, atHost);
            NS_TEST_ASSERT_MSG_EQ(Valid(p, protocol, gateway, privateA), true, "host side");
            // A corrupted segment stays wrong with NAT-OA: the correction is only the delta.
            Ptr<Packet> good = Segment(protocol, privateA, gateway);
            std::vector<uint8_t> flipped(good->GetSize());
            good->CopyData(flipped.data(), flipped.size());
            flipped.back() ^= 0x40;
            Ptr<Packet> bad = Create<Packet>(flipped.data(), flipped.size());
            NS_TEST_ASSERT_MSG_EQ(Valid(bad, protocol, privateA, gateway), false, "corrupted");
            encap = IpsecUdpEncap();
            encap.originalSource = privateA;
            IpsecUdpEncapsulation::FixTransportChecksum(bad, protocol, encap, received);
            NS_TEST_ASSERT_MSG_EQ(Valid(bad, protocol, publicA, gateway), false, "still bad");
        }
        // A UDP checksum of zero (none) stays zero.
        Ptr<Packet> none = Create<Packet>(20);
        UdpHeader udp;
        none->AddHeader(udp);
        Ipv4Header received;
        received.SetSource(publicA);
        received.SetDestination(gateway);
        IpsecUdpEncap encap;
        encap.originalSource = privateA;
        IpsecUdpEncapsulation::FixTransportChecksum(none, 17, encap, received);
        std::vector<uint8_t> bytes(none->GetSize());
        none->CopyData(bytes.data(), bytes.size());
        NS_TEST_ASSERT_MSG_EQ(Read16(bytes, 6), 0, "no checksum stays none");
        // Too short for its header: refused, unchanged.
        Ptr<Packet> runt = Create<Packet>(5);
        NS_TEST_ASSERT_MSG_EQ(IpsecUdpEncapsulation::FixTransportChecksum(runt, 6, encap, received),
                              false,
                              "runt refused");
        NS_TEST_ASSERT_MSG_EQ(runt->GetSize(), 5, "unchanged");
    }
};

/// Classification of what arrives on an endpoint (Linux's rules).
class NattClassifyTestCase : public TestCase
{
  public:
    NattClassifyTestCase()
        : TestCase("endpoint classification: keepalive, non-ESP marker, short, ESP")
    {
    }

  private:
    void DoRun() override
    {
        using Kind = IpsecUdpEncapsulation::Kind;
        auto kind = [](std::vector<uint8_t> bytes) {
            return static_cast<int>(
                IpsecUdpEncapsulation::Classify(Create<Packet>(bytes.data(), bytes.size())));
        };
        NS_TEST_ASSERT_MSG_EQ(kind({0xff}), static_cast<int>(Kind::KEEPALIVE), "0xFF");
        NS_TEST_ASSERT_MSG_EQ(kind({0xfe}), static_cast<int>(Kind::NON_ESP), "one other byte");
        NS_TEST_ASSERT_MSG_EQ(kind({0xff, 0xff}), static_cast<int>(Kind::NON_ESP), "two bytes");
        NS_TEST_ASSERT_MSG_EQ(kind({0, 0, 0, 0, 1, 2, 3, 4, 5, 6}),
                              static_cast<int>(Kind::NON_ESP),
                              "non-ESP marker");
        NS_TEST_ASSERT_MSG_EQ(kind({0, 0, 1, 0, 0, 0, 0, 1}),
                              static_cast<int>(Kind::NON_ESP),
                              "exactly an ESP header: too short");
        NS_TEST_ASSERT_MSG_EQ(kind({0, 0, 1, 0, 0, 0, 0, 1, 9}),
                              static_cast<int>(Kind::ESP),
                              "SPI 256 and a byte more");
        NS_TEST_ASSERT_MSG_EQ(kind({}), static_cast<int>(Kind::NON_ESP), "empty");
    }
};

/// A host behind a NAPT (random ports) and a server with transport-mode ESP in UDP between
/// them, ns-3 checksums on: TCP and UDP inside ESP arrive only if the receivers correct the
/// checksums the NAT made wrong (RFC 3948 3.1.2).
class NattThroughNaptTestCase : public TestCase
{
  public:
    /// How the server's inbound SA knows A's original address.
    enum Original
    {
        NAT_OA,   //!< Right: incremental correction
        NONE,     //!< Unknown: the checksum is computed anew
        WRONG_OA, //!< A wrong address: the correction is wrong and TCP drops the segments
    };

    explicit NattThroughNaptTestCase(Original original)
        : TestCase(std::string("transport mode through a NAPT, checksums on: TCP and UDP with ") +
                   (original == NAT_OA ? "NAT-OA"
                    : original == NONE ? "no NAT-OA"
                                       : "a wrong NAT-OA")),
          m_original(original)
    {
    }

  private:
    void DoRun() override
    {
        ChecksumsOn checksums;
        NodeContainer nodes;
        nodes.Create(3); // host, NAT, server
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("2ms"));
        NetDeviceContainer inside = p2p.Install(nodes.Get(0), nodes.Get(1));
        NetDeviceContainer outside = p2p.Install(nodes.Get(1), nodes.Get(2));
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addr("192.168.7.0", "255.255.255.0");
        const Ipv4Address host = addr.Assign(inside).GetAddress(0);
        addr.SetBase("198.51.100.0", "255.255.255.0");
        Ipv4InterfaceContainer out = addr.Assign(outside);
        const Ipv4Address natPublic = out.GetAddress(0);
        const Ipv4Address server = out.GetAddress(1);
        Ipv4StaticRoutingHelper routing;
        routing.GetStaticRouting(nodes.Get(0)->GetObject<Ipv4>())
            ->SetDefaultRoute(Ipv4Address("192.168.7.2"), 1);

        IpsecHelper helper;
        helper.Install(NodeContainer(nodes.Get(0), nodes.Get(2)));
        IpsecTrafficSelector hostSel;
        hostSel.SetLocalPrefix(host, Ipv4Mask("255.255.255.255"))
            .SetRemotePrefix(server, Ipv4Mask("255.255.255.255"));
        auto hostPolicy = Create<IpsecPolicy>(hostSel, IpsecAction::PROTECT);
        hostPolicy->SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT);
        helper.AddPolicy(nodes.Get(0), hostPolicy);
        IpsecTrafficSelector serverSel;
        serverSel.SetLocalPrefix(server, Ipv4Mask("255.255.255.255"))
            .SetRemotePrefix(natPublic, Ipv4Mask("255.255.255.255"));
        auto serverPolicy = Create<IpsecPolicy>(serverSel, IpsecAction::PROTECT);
        serverPolicy->SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT);
        helper.AddPolicy(nodes.Get(2), serverPolicy);
        IpsecEspSaConfig cfg;
        cfg.encryption = IpsecEncryption::AES_CBC;
        cfg.integrity = IpsecIntegrity::HMAC_SHA256_128;
        IpsecNatTraversalConfig nat;
        nat.natAddress = natPublic;
        nat.originalAddresses = m_original == NAT_OA;
        IpsecSaPair pair =
            helper.AddEspSaPairThroughNat(nodes.Get(0), host, nodes.Get(2), server, cfg, nat);
        if (m_original == WRONG_OA)
        {
            // The server believes A wrote another source address than it did.
            Ptr<SecurityAssociation> in =
                nodes.Get(2)->GetObject<IpsecLayer>()->GetSad()->Get(IpsecProtocol::ESP,
                                                                     server,
                                                                     pair.atob->GetSpi());
            IpsecUdpEncap wrong = *in->GetParams().udpEncap;
            wrong.originalSource = Ipv4Address("192.168.7.99");
            in->SetPeer(in->GetSource(), in->GetDestination(), wrong);
        }

        Ipv4NaptHelper naptHelper;
        naptHelper.SetAttribute("PortAllocation", StringValue("Random"));
        naptHelper.SetAttribute("MappingBehavior", StringValue("AddressAndPortDependent"));
        naptHelper.SetAttribute("FilteringBehavior", StringValue("AddressAndPortDependent"));
        Ptr<Ipv4Napt> napt = naptHelper.Install(outside.Get(0), {inside.Get(1)});
        helper.AssignStreams(nodes, 1);
        Ipv4NaptHelper::AssignStreams(nodes, 50);

        // TCP: 100 000 bytes from the host to the server; UDP echo from the host.
        PacketSinkHelper sink("ns3::TcpSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), 80));
        ApplicationContainer sinkApp = sink.Install(nodes.Get(2));
        BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(server, 80));
        bulk.SetAttribute("MaxBytes", UintegerValue(100000));
        bulk.Install(nodes.Get(0)).Start(Seconds(1));
        UdpEchoServerHelper echoServer(7);
        echoServer.Install(nodes.Get(2));
        UdpEchoClientHelper echo(server, 7);
        echo.SetAttribute("MaxPackets", UintegerValue(5));
        echo.SetAttribute("Interval", TimeValue(Seconds(0.2)));
        ApplicationContainer client = echo.Install(nodes.Get(0));
        client.Start(Seconds(1));
        uint32_t echoes = 0;
        client.Get(0)->TraceConnectWithoutContext(
            "Rx",
            MakeCallback(+[](uint32_t* n, Ptr<const Packet>) { ++*n; }).Bind(&echoes));
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        const uint64_t received = DynamicCast<PacketSink>(sinkApp.Get(0))->GetTotalRx();
        NS_TEST_ASSERT_MSG_EQ((napt->GetMappings().size() >= 1), true, "the NAT mapped the host");
        NS_TEST_ASSERT_MSG_NE(napt->GetMappings().front().externalPort,
                              4500,
                              "to a random port the server had to learn");
        if (m_original == WRONG_OA)
        {
            NS_TEST_ASSERT_MSG_EQ(received, 0, "no TCP segment passed its checksum");
            NS_TEST_ASSERT_MSG_EQ(echoes, 0, "no UDP datagram either");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(received, 100000, "every TCP byte arrived");
            NS_TEST_ASSERT_MSG_EQ(echoes, 5, "every echo came back");
        }
        Simulator::Destroy();
    }

    Original m_original;
};

/// Two hosts behind one NAPT, both from port 4500, to one gateway: request IDs keep their SAs
/// apart, and each learnt port moves only its own SAs.
class NattTwoPeersTestCase : public TestCase
{
  public:
    NattTwoPeersTestCase()
        : TestCase("two hosts behind one NAPT: request IDs keep them apart")
    {
    }

  private:
    void DoRun() override
    {
        ChecksumsOn checksums;
        NodeContainer hosts;
        hosts.Create(2);
        Ptr<Node> nat = CreateObject<Node>();
        Ptr<Node> gw = CreateObject<Node>();
        CsmaHelper lan;
        NetDeviceContainer home = lan.Install(NodeContainer(NodeContainer(nat), hosts));
        PointToPointHelper p2p;
        NetDeviceContainer outside = p2p.Install(nat, gw);
        InternetStackHelper internet;
        internet.Install(NodeContainer(hosts, NodeContainer(nat, gw)));
        Ipv4AddressHelper addr("192.168.9.0", "255.255.255.0");
        Ipv4InterfaceContainer homeIfs = addr.Assign(home);
        addr.SetBase("198.51.100.0", "255.255.255.0");
        Ipv4InterfaceContainer out = addr.Assign(outside);
        const Ipv4Address natPublic = out.GetAddress(0);
        const Ipv4Address gwAddress = out.GetAddress(1);
        // The gateway's sockets need a route to the inner addresses; the tunnel takes them.
        Ipv4StaticRoutingHelper()
            .GetStaticRouting(gw->GetObject<Ipv4>())
            ->SetDefaultRoute(natPublic, 1);
        IpsecHelper helper;
        helper.Install(NodeContainer(hosts, NodeContainer(gw)));
        std::vector<IpsecSaPair> pairs;
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ipv4StaticRoutingHelper()
                .GetStaticRouting(hosts.Get(i)->GetObject<Ipv4>())
                ->SetDefaultRoute(homeIfs.GetAddress(0), 1);
            const Ipv4Address self = homeIfs.GetAddress(i + 1);
            // Each host reaches the gateway's service on port 7000 + i through its tunnel.
            IpsecTrafficSelector hostSel;
            hostSel.SetLocalPrefix(self, Ipv4Mask("255.255.255.255"))
                .SetRemotePrefix(gwAddress, Ipv4Mask("255.255.255.255"));
            auto hostPolicy = Create<IpsecPolicy>(hostSel, IpsecAction::PROTECT);
            hostPolicy->SetProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL)
                .SetTunnelEndpoints(self, gwAddress)
                .SetReqid(i + 1);
            helper.AddPolicy(hosts.Get(i), hostPolicy);
            IpsecTrafficSelector gwSel;
            gwSel.SetLocalPrefix(gwAddress, Ipv4Mask("255.255.255.255"))
                .SetRemotePrefix(self, Ipv4Mask("255.255.255.255"));
            auto gwPolicy = Create<IpsecPolicy>(gwSel, IpsecAction::PROTECT);
            gwPolicy->SetProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL)
                .SetTunnelEndpoints(gwAddress, natPublic)
                .SetReqid(i + 1);
            helper.AddPolicy(gw, gwPolicy);
            IpsecEspSaConfig cfg;
            cfg.mode = IpsecMode::TUNNEL;
            cfg.reqid = i + 1;
            IpsecNatTraversalConfig natt;
            natt.natAddress = natPublic;
            pairs.push_back(
                helper.AddEspSaPairThroughNat(hosts.Get(i), self, gw, gwAddress, cfg, natt));
        }
        Ipv4NaptHelper naptHelper;
        naptHelper.SetAttribute("PortAllocation", StringValue("Random"));
        naptHelper.Install(outside.Get(0), {home.Get(0)});
        NodeContainer all(hosts, NodeContainer(nat, gw));
        helper.AssignStreams(all, 1);
        Ipv4NaptHelper::AssignStreams(all, 70);

        // The gateway answers each host's datagrams; each host counts what comes back.
        Ptr<Socket> server = Socket::CreateSocket(gw, UdpSocketFactory::GetTypeId());
        server->Bind(InetSocketAddress(Ipv4Address::GetAny(), 7));
        server->SetRecvCallback(MakeCallback(+[](Ptr<Socket> s) {
            Address from;
            while (Ptr<Packet> p = s->RecvFrom(from))
            {
                s->SendTo(p, 0, from);
            }
        }));
        std::vector<std::vector<uint32_t>> sizes(2);
        std::vector<Ptr<Socket>> clients;
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<Socket> c = Socket::CreateSocket(hosts.Get(i), UdpSocketFactory::GetTypeId());
            c->Connect(InetSocketAddress(gwAddress, 7));
            c->SetRecvCallback(MakeCallback(+[](std::vector<uint32_t>* log, Ptr<Socket> s) {
                                   while (Ptr<Packet> p = s->Recv())
                                   {
                                       log->push_back(p->GetSize());
                                   }
                               }).Bind(&sizes[i]));
            for (uint32_t k = 0; k < 4; ++k)
            {
                // Host i sends datagrams of its own size, so a mix-up shows.
                Simulator::Schedule(Seconds(1 + 0.25 * k + 0.1 * i),
                                    [c, i]() { c->Send(Create<Packet>(100 + 50 * i)); });
            }
            clients.push_back(c);
        }
        Simulator::Stop(Seconds(4));
        Simulator::Run();

        for (uint32_t i = 0; i < 2; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(sizes[i].size(), 4, "host " << i << " got its four echoes");
            for (uint32_t size : sizes[i])
            {
                NS_TEST_ASSERT_MSG_EQ(size, 100 + 50 * i, "and only its own");
            }
        }
        Ptr<SecurityAssociationDatabase> sad = gw->GetObject<IpsecLayer>()->GetSad();
        const uint16_t port0 = sad->Get(IpsecProtocol::ESP, natPublic, pairs[0].btoa->GetSpi())
                                   ->GetParams()
                                   .udpEncap->destinationPort;
        const uint16_t port1 = sad->Get(IpsecProtocol::ESP, natPublic, pairs[1].btoa->GetSpi())
                                   ->GetParams()
                                   .udpEncap->destinationPort;
        NS_TEST_ASSERT_MSG_NE(port0, port1, "the gateway sends to two different mapped ports");
        Simulator::Destroy();
    }
};

/// The suite.
class IpsecNatTraversalTestSuite : public TestSuite
{
  public:
    IpsecNatTraversalTestSuite()
        : TestSuite("ipsec-nat-traversal", ipsectest::UNIT)
    {
        AddTestCase(new NattClassifyTestCase(), ipsectest::QUICK);
        AddTestCase(new NattWireFormatTestCase(IpsecMode::TRANSPORT), ipsectest::QUICK);
        AddTestCase(new NattWireFormatTestCase(IpsecMode::TUNNEL), ipsectest::QUICK);
        AddTestCase(new NattIpv6TestCase(), ipsectest::QUICK);
        // Idle for 65 s: keepalives at 0, 20, 40 and 60 s.
        AddTestCase(new NattKeepaliveTestCase(Seconds(20), true, false, 4), ipsectest::QUICK);
        AddTestCase(new NattKeepaliveTestCase(Seconds(30), true, false, 3), ipsectest::QUICK);
        // Traffic every 5 s from 1 s on: only the keepalive at 0 s, before any traffic.
        AddTestCase(new NattKeepaliveTestCase(Seconds(20), true, true, 1), ipsectest::QUICK);
        // Every interval regardless.
        AddTestCase(new NattKeepaliveTestCase(Seconds(20), false, true, 4), ipsectest::QUICK);
        AddTestCase(new NattKeepaliveTestCase(Time(0), true, false, 0), ipsectest::QUICK);
        AddTestCase(new NattDemultiplexTestCase(), ipsectest::QUICK);
        AddTestCase(new NattMismatchTestCase(), ipsectest::QUICK);
        AddTestCase(new NattPlainForUdpTestCase(), ipsectest::QUICK);
        AddTestCase(new NattMappingChangeTestCase(true), ipsectest::QUICK);
        AddTestCase(new NattMappingChangeTestCase(false), ipsectest::QUICK);
        AddTestCase(new NattChecksumTestCase(), ipsectest::QUICK);
        AddTestCase(new NattThroughNaptTestCase(NattThroughNaptTestCase::NAT_OA), ipsectest::QUICK);
        AddTestCase(new NattThroughNaptTestCase(NattThroughNaptTestCase::NONE), ipsectest::QUICK);
        AddTestCase(new NattThroughNaptTestCase(NattThroughNaptTestCase::WRONG_OA),
                    ipsectest::QUICK);
        AddTestCase(new NattTwoPeersTestCase(), ipsectest::QUICK);
    }
};

/// Registers the suite.
static IpsecNatTraversalTestSuite g_ipsecNatTraversalTestSuite;
