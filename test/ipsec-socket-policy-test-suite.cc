/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Per-socket policy (IP_SEC_OPT / IPV6_SEC_OPT), the privilege model and the
// persock-require-priv tunable: requests are validated and refused with the errno an
// application would see, and accepted requests decide the socket's packets in both
// directions whatever the SPD says. Every case checks the bytes on the wire and what the
// receiving socket got.

#include "ipsec-test-compat.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <cerrno>
#include <map>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint16_t PORT = 7000;
constexpr uint8_t PROTO_ESP = 50;
constexpr uint8_t PROTO_UDP = 17;

/// Two hosts on a point-to-point link, IPv4 or IPv6, with IPsec layers and recorders.
class Hosts
{
  public:
    explicit Hosts(bool ipv6 = false)
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
            address[0] = ifaces.GetAddress(0, 1);
            address[1] = ifaces.GetAddress(1, 1);
        }
        else
        {
            Ipv4AddressHelper addr("10.0.0.0", "255.255.255.0");
            Ipv4InterfaceContainer ifaces = addr.Assign(devices);
            address[0] = ifaces.GetAddress(0);
            address[1] = ifaces.GetAddress(1);
        }
        helper.Install(nodes);
        helper.AssignStreams(nodes, 1);
        for (uint32_t i = 0; i < 2; ++i)
        {
            Layer(i)->TraceConnectWithoutContext("Drop",
                                                 MakeCallback(&Hosts::OnDrop, this).Bind(i));
            devices.Get(i)->TraceConnectWithoutContext("PhyTxBegin",
                                                       MakeCallback(&Hosts::OnWire, this).Bind(i));
        }
    }

    Ptr<IpsecLayer> Layer(uint32_t i) const
    {
        return nodes.Get(i)->GetObject<IpsecLayer>();
    }

    /// The socket address of @p node's address and @p port.
    Address SocketAddress(uint32_t node, uint16_t port) const
    {
        if (m_ipv6)
        {
            return Inet6SocketAddress(address[node].GetIpv6(), port);
        }
        return InetSocketAddress(address[node].GetIpv4(), port);
    }

    /// A UDP socket on @p node bound to @p port (0: an ephemeral one) that records what it gets.
    Ptr<Socket> Udp(uint32_t node, uint16_t port = 0)
    {
        Ptr<Socket> s = Socket::CreateSocket(nodes.Get(node), UdpSocketFactory::GetTypeId());
        if (m_ipv6)
        {
            s->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), port));
        }
        else
        {
            s->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        }
        s->SetRecvCallback(MakeCallback(&Hosts::OnReceive, this));
        return s;
    }

    /// Send @p count datagrams of @p size bytes from @p socket to node 1's PORT.
    void SendTo(Ptr<Socket> socket, uint32_t count, uint32_t size = 100, double start = 0.1)
    {
        for (uint32_t i = 0; i < count; ++i)
        {
            Simulator::Schedule(Seconds(start + 0.01 * i), [this, socket, size]() {
                socket->SendTo(Create<Packet>(size), 0, SocketAddress(1, PORT));
            });
        }
    }

    void Run(double seconds = 3)
    {
        Simulator::Stop(Seconds(seconds));
        Simulator::Run();
    }

    uint64_t Drops(uint32_t node, IpsecDropReason reason) const
    {
        auto it = drops.find({node, reason});
        return it == drops.end() ? 0 : it->second;
    }

    /// IP protocol (IPv4) or next header (IPv6) of each packet @p node sent.
    std::vector<uint8_t> Protocols(uint32_t node) const
    {
        std::vector<uint8_t> out;
        for (const auto& w : wire[node])
        {
            out.push_back(w.at(m_ipv6 ? 6 : 9));
        }
        return out;
    }

    /// SPI of the ESP packet @p w (directly after the IP header).
    uint32_t Spi(const std::vector<uint8_t>& w) const
    {
        const size_t at = m_ipv6 ? 40 : 20;
        return (w.at(at) << 24) | (w.at(at + 1) << 16) | (w.at(at + 2) << 8) | w.at(at + 3);
    }

    NodeContainer nodes;
    NetDeviceContainer devices;
    IpsecAddress address[2];
    IpsecHelper helper;
    std::map<Ptr<Socket>, uint32_t> received;      //!< Datagrams per receiving socket
    std::map<Ptr<Socket>, uint64_t> receivedBytes; //!< Bytes per receiving socket
    std::vector<std::vector<uint8_t>> wire[2];     //!< IP packets each node sent
    std::map<std::pair<uint32_t, IpsecDropReason>, uint64_t> drops;

  private:
    void OnReceive(Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv())
        {
            ++received[socket];
            receivedBytes[socket] += p->GetSize();
        }
    }

    void OnDrop(uint32_t node, Ptr<const Packet>, IpsecDropReason reason, uint32_t)
    {
        ++drops[{node, reason}];
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

/// Protect all UDP with ESP on both hosts (optionally naming the encryption).
void
ProtectUdp(Hosts& t, IpsecEncryption encryption = IpsecEncryption::ANY)
{
    for (uint32_t i = 0; i < 2; ++i)
    {
        IpsecTrafficSelector selector;
        selector.SetProtocol(PROTO_UDP);
        auto policy = Create<IpsecPolicy>(selector, IpsecAction::PROTECT);
        policy->SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT, encryption);
        t.helper.AddPolicy(t.nodes.Get(i), policy);
    }
}

/// An ESP SA pair between the hosts.
IpsecSaPair
SaPair(Hosts& t,
       IpsecEncryption encryption = IpsecEncryption::AES_CBC,
       IpsecIntegrity integrity = IpsecIntegrity::HMAC_SHA256_128,
       uint32_t reqid = 0,
       IpsecMode mode = IpsecMode::TRANSPORT)
{
    IpsecEspSaConfig config;
    config.encryption = encryption;
    config.integrity = integrity;
    config.reqid = reqid;
    config.mode = mode;
    return t.helper.AddEspSaPair(t.nodes.Get(0),
                                 t.address[0],
                                 t.nodes.Get(1),
                                 t.address[1],
                                 config);
}

IpsecSocketRequest
Esp(uint32_t pref = IpsecSocketRequest::PREF_REQUIRED, uint8_t encryption = 0)
{
    IpsecSocketRequest request;
    request.espReq = pref;
    request.espAlg = encryption;
    return request;
}

IpsecSocketRequest
Bypass()
{
    IpsecSocketRequest request;
    request.ahReq = IpsecSocketRequest::PREF_NEVER;
    request.espReq = IpsecSocketRequest::PREF_NEVER;
    request.selfEncapReq = IpsecSocketRequest::PREF_NEVER;
    return request;
}

constexpr auto IP = IpsecSocketOption::IP_SEC_OPT;

} // namespace

/// Malformed requests are refused with EINVAL and leave the socket's request as it was.
class RequestValidationTestCase : public TestCase
{
  public:
    RequestValidationTestCase()
        : TestCase("malformed requests: EINVAL, nothing changed")
    {
    }

  private:
    void DoRun() override
    {
        Hosts t;
        Ptr<Socket> s = t.Udp(0);
        const IpsecSocketRequest good = Esp();
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(s, IP, good), 0, "valid request");

        struct Bad
        {
            IpsecSocketRequest request;
            std::string expect;
        };

        std::vector<Bad> bad;
        IpsecSocketRequest r;
        r.espReq = 0x10;
        bad.push_back({r, "bits"});
        r = {};
        r.espReq = IpsecSocketRequest::PREF_NEVER | IpsecSocketRequest::PREF_REQUIRED;
        bad.push_back({r, "NEVER and REQUIRED"});
        r = {};
        r.ahReq = IpsecSocketRequest::PREF_UNIQUE;
        bad.push_back({r, "UNIQUE"});
        r = {};
        r.ahReq = IpsecSocketRequest::PREF_NEVER;
        r.espReq = IpsecSocketRequest::PREF_REQUIRED;
        bad.push_back({r, "bypass"});
        r = {};
        r.selfEncapReq = IpsecSocketRequest::PREF_REQUIRED;
        bad.push_back({r, "self-encapsulation"});
        r = Esp();
        r.authAlg = static_cast<uint8_t>(IpsecIntegrity::HMAC_SHA1_96);
        bad.push_back({r, "AH is not required"});
        r = {};
        r.ahReq = IpsecSocketRequest::PREF_REQUIRED;
        r.espAlg = static_cast<uint8_t>(IpsecEncryption::AES_CBC);
        bad.push_back({r, "ESP is not required"});
        r = Esp(IpsecSocketRequest::PREF_REQUIRED, 99);
        bad.push_back({r, "no encryption algorithm"});
        r = Esp(IpsecSocketRequest::PREF_REQUIRED,
                static_cast<uint8_t>(IpsecEncryption::AES_GCM_ICV16));
        r.espAuthAlg = static_cast<uint8_t>(IpsecIntegrity::HMAC_SHA1_96);
        bad.push_back({r, "authenticates by itself"});

        for (const Bad& b : bad)
        {
            std::string error;
            NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(s, IP, b.request, &error),
                                  EINVAL,
                                  "refused: " << b.request);
            NS_TEST_ASSERT_MSG_NE(error.find(b.expect), std::string::npos, "message: " << error);
            NS_TEST_ASSERT_MSG_NE(error.find("IP_SEC_OPT"), std::string::npos, "names option");
            IpsecSocketRequest now;
            IpsecSocketOptions::GetSockOpt(s, IP, now);
            NS_TEST_ASSERT_MSG_EQ((now == good), true, "request unchanged after " << b.request);
        }
        NS_TEST_ASSERT_MSG_EQ(t.Layer(0)->GetCounters().socketOptionsRefused,
                              bad.size(),
                              "each refusal counted");

        // A raw socket sends past the layer; a node without a layer has no such option.
        Ptr<Socket> raw = Socket::CreateSocket(t.nodes.Get(0), Ipv4RawSocketFactory::GetTypeId());
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(raw, IP, good), EOPNOTSUPP, "raw");
        Ptr<Node> plain = CreateObject<Node>();
        InternetStackHelper().Install(plain);
        Ptr<Socket> other = Socket::CreateSocket(plain, UdpSocketFactory::GetTypeId());
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(other, IP, good),
                              ENOPROTOOPT,
                              "no IPsec layer");

        // All zero removes the request.
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(s, IP, IpsecSocketRequest()), 0, "");
        IpsecSocketRequest now;
        IpsecSocketOptions::GetSockOpt(s, IP, now);
        NS_TEST_ASSERT_MSG_EQ(now.IsEmpty(), true, "request removed");
        Simulator::Destroy();
    }
};

/// Only a privileged socket may bypass: the unprivileged one gets EPERM and its traffic
/// still obeys the SPD; the privileged pair talks in the clear although the SPD requires ESP.
class BypassPrivilegeTestCase : public TestCase
{
  public:
    BypassPrivilegeTestCase()
        : TestCase("bypass (NEVER) needs privilege and then overrides the SPD")
    {
    }

  private:
    void DoRun() override
    {
        Hosts t;
        ProtectUdp(t); // and no SAs: anything protected is dropped
        Ptr<Socket> rx = t.Udp(1, PORT);
        Ptr<Socket> tx = t.Udp(0);
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(tx, IP, Bypass(), &error),
                              EPERM,
                              "unprivileged bypass refused");
        NS_TEST_ASSERT_MSG_NE(error.find("privileged"), std::string::npos, error);
        t.SendTo(tx, 3, 100, 0.1);

        // The privileged pair, set up later, talks in the clear.
        Ptr<Socket> privileged = t.Udp(0);
        IpsecSocketOptions::SetPrivileged(privileged, true);
        IpsecSocketOptions::SetPrivileged(rx, true);
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(privileged, IP, Bypass()), 0, "");
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(rx, IP, Bypass()), 0, "");
        t.SendTo(privileged, 4, 100, 1.0);
        t.Run();

        NS_TEST_ASSERT_MSG_EQ(t.Drops(0, IpsecDropReason::NO_OUTBOUND_SA),
                              3,
                              "the refused socket's datagrams still need an SA");
        NS_TEST_ASSERT_MSG_EQ(t.received[rx], 4, "the bypassing datagrams arrived");
        const std::vector<uint8_t> protocols = t.Protocols(0);
        NS_TEST_ASSERT_MSG_EQ(protocols.size(), 4, "four packets on the wire");
        for (uint8_t p : protocols)
        {
            NS_TEST_ASSERT_MSG_EQ(static_cast<int>(p), PROTO_UDP, "cleartext UDP on the wire");
        }
        NS_TEST_ASSERT_MSG_EQ(t.Layer(1)->GetCounters().clearIn, 4, "accepted in the clear");
        Simulator::Destroy();
    }
};

/// REQUIRED protects a socket's traffic although an SPD entry bypasses it, and makes the
/// receiving socket refuse cleartext that the SPD would accept.
class RequiredOverridesSpdTestCase : public TestCase
{
  public:
    RequiredOverridesSpdTestCase()
        : TestCase("REQUIRED overrides a bypass entry, both directions")
    {
    }

  private:
    void DoRun() override
    {
        Hosts t;
        for (uint32_t i = 0; i < 2; ++i)
        {
            IpsecTrafficSelector udp;
            udp.SetProtocol(PROTO_UDP);
            t.helper.AddPolicy(t.nodes.Get(i), Create<IpsecPolicy>(udp, IpsecAction::BYPASS));
        }
        IpsecSaPair pair = SaPair(t);
        Ptr<Socket> rx = t.Udp(1, PORT);
        Ptr<Socket> tx = t.Udp(0);
        Ptr<Socket> clear = t.Udp(0);
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(tx, IP, Esp()), 0, "unprivileged");
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(rx, IP, Esp()), 0, "unprivileged");
        IpsecSocketRequest got;
        IpsecSocketOptions::GetSockOpt(tx, IP, got);
        NS_TEST_ASSERT_MSG_EQ((got == Esp()), true, "getsockopt returns the request");
        t.SendTo(tx, 5, 200, 0.1);
        t.SendTo(clear, 2, 200, 1.0);
        t.Run();

        NS_TEST_ASSERT_MSG_EQ(t.received[rx], 5, "protected datagrams delivered, clear ones not");
        NS_TEST_ASSERT_MSG_EQ(t.Drops(1, IpsecDropReason::CLEARTEXT_REJECTED),
                              2,
                              "the receiving socket refuses cleartext the SPD would accept");
        const auto& wire = t.wire[0];
        NS_TEST_ASSERT_MSG_EQ(wire.size(), 7, "seven packets sent");
        for (size_t i = 0; i < wire.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(static_cast<int>(wire[i].at(9)),
                                  (i < 5 ? PROTO_ESP : PROTO_UDP),
                                  "packet " << i);
            if (i < 5)
            {
                NS_TEST_ASSERT_MSG_EQ(t.Spi(wire[i]), pair.atob->GetSpi(), "the pair's SA");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(pair.atob->GetCounters().txPackets, 5, "SA counted");
        Simulator::Destroy();
    }
};

/// persock-require-priv: on (the default), an unprivileged socket may name only system-wide
/// policy's algorithms; off, it may choose others, but still not bypass.
class AlgorithmPrivilegeTestCase : public TestCase
{
  public:
    AlgorithmPrivilegeTestCase(bool requirePriv)
        : TestCase(std::string("persock-require-priv ") + (requirePriv ? "on" : "off")),
          m_requirePriv(requirePriv)
    {
    }

  private:
    void DoRun() override
    {
        Hosts t;
        for (uint32_t i = 0; i < 2; ++i)
        {
            t.Layer(i)->SetAttribute("PersockRequirePriv", BooleanValue(m_requirePriv));
        }
        ProtectUdp(t, IpsecEncryption::AES_CBC);
        IpsecSaPair cbc = SaPair(t, IpsecEncryption::AES_CBC);
        IpsecSaPair gcm = SaPair(t, IpsecEncryption::AES_GCM_ICV16, IpsecIntegrity::NONE);
        Ptr<Socket> rx = t.Udp(1, PORT);
        Ptr<Socket> tx = t.Udp(0);
        const auto aesCbc = static_cast<uint8_t>(IpsecEncryption::AES_CBC);
        const auto aesGcm = static_cast<uint8_t>(IpsecEncryption::AES_GCM_ICV16);

        // The system-wide algorithm is always allowed.
        NS_TEST_ASSERT_MSG_EQ(
            IpsecSocketOptions::SetSockOpt(tx, IP, Esp(IpsecSocketRequest::PREF_REQUIRED, aesCbc)),
            0,
            "same algorithm as the SPD");
        std::string error;
        const int result =
            IpsecSocketOptions::SetSockOpt(tx,
                                           IP,
                                           Esp(IpsecSocketRequest::PREF_REQUIRED, aesGcm),
                                           &error);
        NS_TEST_ASSERT_MSG_EQ(result, m_requirePriv ? EPERM : 0, "another algorithm: " << error);
        if (m_requirePriv)
        {
            NS_TEST_ASSERT_MSG_NE(error.find("differs from system-wide"), std::string::npos, error);
            IpsecSocketRequest now;
            IpsecSocketOptions::GetSockOpt(tx, IP, now);
            NS_TEST_ASSERT_MSG_EQ(static_cast<int>(now.espAlg), aesCbc, "request kept");
            // A privileged socket may.
            IpsecSocketOptions::SetPrivileged(tx, true);
            NS_TEST_ASSERT_MSG_EQ(
                IpsecSocketOptions::SetSockOpt(tx,
                                               IP,
                                               Esp(IpsecSocketRequest::PREF_REQUIRED, aesGcm)),
                0,
                "privileged");
        }
        IpsecSocketOptions::SetPrivileged(rx, true);
        NS_TEST_ASSERT_MSG_EQ(
            IpsecSocketOptions::SetSockOpt(rx, IP, Esp(IpsecSocketRequest::PREF_REQUIRED, aesGcm)),
            0,
            "receiver");
        // Never a bypass without privilege, tunable or not.
        Ptr<Socket> other = t.Udp(0);
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(other, IP, Bypass()), EPERM, "");

        t.SendTo(tx, 4, 120, 0.1);
        t.Run();
        NS_TEST_ASSERT_MSG_EQ(t.received[rx], 4, "delivered");
        for (const auto& w : t.wire[0])
        {
            NS_TEST_ASSERT_MSG_EQ(t.Spi(w), gcm.atob->GetSpi(), "the socket's algorithm's SA");
        }
        NS_TEST_ASSERT_MSG_EQ(cbc.atob->GetCounters().txPackets, 0, "system-wide SA unused");
        NS_TEST_ASSERT_MSG_EQ(gcm.atob->GetCounters().txPackets, 4, "chosen SA used");
        Simulator::Destroy();
    }

    bool m_requirePriv;
};

/// UNIQUE gives each socket a request ID of its own; each socket's packets use only the SAs
/// installed for it, and a socket whose SAs are missing gets none of the others'.
class UniqueTestCase : public TestCase
{
  public:
    UniqueTestCase()
        : TestCase("REQUIRED+UNIQUE: an SA of the socket's own")
    {
    }

  private:
    void DoRun() override
    {
        Hosts t;
        Ptr<Socket> rx = t.Udp(1, PORT);
        Ptr<Socket> first = t.Udp(0);
        Ptr<Socket> second = t.Udp(0);
        Ptr<Socket> third = t.Udp(0);
        const IpsecSocketRequest unique =
            Esp(IpsecSocketRequest::PREF_REQUIRED | IpsecSocketRequest::PREF_UNIQUE);
        for (const auto& s : {first, second, third})
        {
            NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(s, IP, unique), 0, "unique");
        }
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(rx, IP, Esp()), 0, "receiver");
        const uint32_t id1 = IpsecSocketOptions::GetUniqueReqid(first, IP);
        const uint32_t id2 = IpsecSocketOptions::GetUniqueReqid(second, IP);
        const uint32_t id3 = IpsecSocketOptions::GetUniqueReqid(third, IP);
        NS_TEST_ASSERT_MSG_NE(id1, 0, "an ID");
        NS_TEST_ASSERT_MSG_EQ((id1 != id2 && id2 != id3 && id1 != id3), true, "distinct IDs");
        // Setting the same request again keeps the ID (SAs installed for it stay usable).
        IpsecSocketOptions::SetSockOpt(first, IP, unique);
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::GetUniqueReqid(first, IP), id1, "stable");

        IpsecSaPair pair1 = SaPair(t, IpsecEncryption::AES_CBC, IpsecIntegrity::HMAC_SHA1_96, id1);
        IpsecSaPair pair2 = SaPair(t, IpsecEncryption::AES_CBC, IpsecIntegrity::HMAC_SHA1_96, id2);
        t.SendTo(first, 3, 100, 0.1);
        t.SendTo(second, 2, 100, 0.5);
        t.SendTo(third, 2, 100, 0.9); // no SA with its ID
        // A socket without a request, under a protect entry, may not use the unique SAs.
        ProtectUdp(t);
        Ptr<Socket> plain = t.Udp(0);
        t.SendTo(plain, 1, 100, 1.3);
        t.Run();

        NS_TEST_ASSERT_MSG_EQ(t.received[rx], 5, "the two sockets with SAs got through");
        NS_TEST_ASSERT_MSG_EQ(pair1.atob->GetCounters().txPackets, 3, "first socket's SA");
        NS_TEST_ASSERT_MSG_EQ(pair2.atob->GetCounters().txPackets, 2, "second socket's SA");
        NS_TEST_ASSERT_MSG_EQ(t.Drops(0, IpsecDropReason::NO_OUTBOUND_SA),
                              3,
                              "third socket (2) and the plain one (1): the SAs are not theirs");
        const auto& wire = t.wire[0];
        NS_TEST_ASSERT_MSG_EQ(wire.size(), 5, "five ESP packets");
        for (size_t i = 0; i < wire.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(t.Spi(wire[i]),
                                  (i < 3 ? pair1 : pair2).atob->GetSpi(),
                                  "packet " << i);
        }
        Simulator::Destroy();
    }
};

/// TCP: the listening socket's request covers the connections it accepts; a whole transfer
/// goes through ESP although the SPD has no entry at all.
class SocketTcpTestCase : public TestCase
{
  public:
    SocketTcpTestCase()
        : TestCase("TCP: listener and client sockets, accepted connections inherit")
    {
    }

  private:
    void DoRun() override
    {
        Hosts t;
        IpsecSaPair pair = SaPair(t);
        Ptr<Socket> listener = Socket::CreateSocket(t.nodes.Get(1), TcpSocketFactory::GetTypeId());
        listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), PORT));
        listener->Listen();
        uint64_t bytes = 0;
        listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeCallback(&SocketTcpTestCase::Accepted, this));
        m_bytes = &bytes;
        Ptr<Socket> client = Socket::CreateSocket(t.nodes.Get(0), TcpSocketFactory::GetTypeId());
        client->Bind();
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(listener, IP, Esp()), 0, "listener");
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(client, IP, Esp()), 0, "client");
        constexpr uint32_t TOTAL = 30000;
        uint32_t sent = 0;
        // The socket comes as the argument: a callback holding its own socket would keep it
        // alive forever (a reference cycle).
        auto push = [&sent](Ptr<Socket> socket, uint32_t) {
            while (sent < TOTAL && socket->GetTxAvailable() > 0)
            {
                const uint32_t n = std::min<uint32_t>(socket->GetTxAvailable(), TOTAL - sent);
                if (socket->Send(Create<Packet>(n)) < 0)
                {
                    break;
                }
                sent += n;
            }
        };
        client->SetSendCallback(Callback<void, Ptr<Socket>, uint32_t>(push));
        client->SetConnectCallback(
            Callback<void, Ptr<Socket>>([push](Ptr<Socket> s) { push(s, 0); }),
            MakeNullCallback<void, Ptr<Socket>>());
        // Connecting sends the SYN at once: not before the simulation (and the nodes) start.
        Simulator::Schedule(Seconds(0.1), [client, &t]() {
            client->Connect(InetSocketAddress(t.address[1].GetIpv4(), PORT));
        });
        t.Run(5);

        NS_TEST_ASSERT_MSG_EQ(bytes, TOTAL, "every byte delivered");
        for (uint32_t node = 0; node < 2; ++node)
        {
            NS_TEST_ASSERT_MSG_GT(t.wire[node].size(), 10, "segments both ways");
            for (uint8_t p : t.Protocols(node))
            {
                NS_TEST_ASSERT_MSG_EQ(static_cast<int>(p), PROTO_ESP, "only ESP from " << node);
            }
        }
        NS_TEST_ASSERT_MSG_GT(pair.btoa->GetCounters().rxPackets,
                              5,
                              "the accepted side's SA (A's copy)");
        NS_TEST_ASSERT_MSG_EQ(t.Drops(0, IpsecDropReason::CLEARTEXT_REJECTED), 0, "");
        NS_TEST_ASSERT_MSG_EQ(t.Layer(1)->GetSpd()->GetPolicies().size(), 0, "no SPD entry");
        m_sockets.clear();
        Simulator::Destroy();
    }

    void Accepted(Ptr<Socket> socket, const Address&)
    {
        m_sockets.push_back(socket);
        socket->SetRecvCallback(MakeCallback(&SocketTcpTestCase::Read, this));
    }

    void Read(Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv())
        {
            *m_bytes += p->GetSize();
        }
    }

    uint64_t* m_bytes = nullptr;
    std::vector<Ptr<Socket>> m_sockets;
};

/// IPV6_SEC_OPT decides an IPv6 socket's traffic; IP_SEC_OPT on the same socket does not.
class Ipv6TestCase : public TestCase
{
  public:
    Ipv6TestCase()
        : TestCase("IPv6: IPV6_SEC_OPT applies, IP_SEC_OPT does not")
    {
    }

  private:
    void DoRun() override
    {
        Hosts t(true);
        IpsecSaPair pair = SaPair(t);
        Ptr<Socket> rx = t.Udp(1, PORT);
        Ptr<Socket> tx = t.Udp(0);
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(tx, IP, Esp()), 0, "IPv4 option");
        t.SendTo(tx, 2, 100, 2.0); // after duplicate address detection
        Simulator::Schedule(Seconds(2.5), [tx, rx]() {
            IpsecSocketOptions::SetSockOpt(tx, IpsecSocketOption::IPV6_SEC_OPT, Esp());
            IpsecSocketOptions::SetSockOpt(rx, IpsecSocketOption::IPV6_SEC_OPT, Esp());
        });
        t.SendTo(tx, 3, 100, 3.0);
        t.Run(5);

        NS_TEST_ASSERT_MSG_EQ(t.received[rx], 5, "all delivered");
        std::vector<uint8_t> data;
        for (uint8_t p : t.Protocols(0))
        {
            if (p == PROTO_UDP || p == PROTO_ESP)
            {
                data.push_back(p);
            }
        }
        const std::vector<uint8_t> expected{PROTO_UDP, PROTO_UDP, PROTO_ESP, PROTO_ESP, PROTO_ESP};
        NS_TEST_ASSERT_MSG_EQ((data == expected), true, "clear, then ESP");
        NS_TEST_ASSERT_MSG_EQ(pair.atob->GetCounters().txPackets, 3, "SA counted");
        Simulator::Destroy();
    }
};

/// Self-encapsulation: the socket's packets travel in an outer header of their own (tunnel
/// mode between the hosts' own addresses); without it the transport request finds no SA.
class SelfEncapTestCase : public TestCase
{
  public:
    SelfEncapTestCase()
        : TestCase("self-encapsulation: tunnel mode to the peer itself")
    {
    }

  private:
    void DoRun() override
    {
        Hosts t;
        IpsecSaPair tunnel =
            SaPair(t, IpsecEncryption::AES_CBC, IpsecIntegrity::HMAC_SHA1_96, 0, IpsecMode::TUNNEL);
        Ptr<Socket> rx = t.Udp(1, PORT);
        Ptr<Socket> tx = t.Udp(0);
        Ptr<Socket> transportOnly = t.Udp(0);
        IpsecSocketRequest request = Esp();
        request.selfEncapReq = IpsecSocketRequest::PREF_REQUIRED;
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(tx, IP, request), 0, "");
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(rx, IP, request), 0, "");
        NS_TEST_ASSERT_MSG_EQ(IpsecSocketOptions::SetSockOpt(transportOnly, IP, Esp()), 0, "");
        t.SendTo(tx, 3, 100, 0.1);
        t.SendTo(transportOnly, 2, 100, 0.5);
        t.Run();

        NS_TEST_ASSERT_MSG_EQ(t.received[rx], 3, "self-encapsulated datagrams delivered");
        NS_TEST_ASSERT_MSG_EQ(tunnel.atob->GetCounters().txPackets, 3, "tunnel SA used");
        NS_TEST_ASSERT_MSG_EQ(t.Drops(0, IpsecDropReason::NO_OUTBOUND_SA), 2, "no transport SA");
        Ptr<SecurityAssociation> inbound = t.Layer(1)->GetSad()->FindInbound(IpsecProtocol::ESP,
                                                                             t.address[1],
                                                                             tunnel.atob->GetSpi());
        NS_TEST_ASSERT_MSG_EQ(inbound->GetCounters().rxPackets, 3, "received through it");
        // Inner IPv4 header (20) + UDP (8) + 100 payload bytes inside the tunnel.
        NS_TEST_ASSERT_MSG_EQ(inbound->GetCounters().rxBytes, 3 * (20 + 8 + 100), "inner bytes");
        Simulator::Destroy();
    }
};

/// A refusal is visible: the trace fires with the errno and the message.
class RefusalTracedTestCase : public TestCase
{
  public:
    RefusalTracedTestCase()
        : TestCase("refusals are traced and counted")
    {
    }

  private:
    void DoRun() override
    {
        Hosts t;
        Ptr<Socket> s = t.Udp(0);
        std::vector<std::pair<int, std::string>> refused;
        t.Layer(0)->TraceConnectWithoutContext(
            "SocketOptionRefused",
            Callback<void, Ptr<const Socket>, int, const std::string&>(
                [&refused](Ptr<const Socket>, int error, const std::string& message) {
                    refused.emplace_back(error, message);
                }));
        IpsecSocketOptions::SetSockOpt(s, IP, Bypass());
        IpsecSocketOptions::SetSockOpt(s, IP, Esp(0x40));
        IpsecSocketOptions::SetSockOpt(s, IP, Esp()); // accepted: no trace
        NS_TEST_ASSERT_MSG_EQ(refused.size(), 2, "two refusals traced");
        if (refused.size() == 2)
        {
            NS_TEST_ASSERT_MSG_EQ(refused[0].first, EPERM, "bypass: EPERM");
            NS_TEST_ASSERT_MSG_EQ(refused[1].first, EINVAL, "bad bits: EINVAL");
        }
        NS_TEST_ASSERT_MSG_EQ(t.Layer(0)->GetCounters().socketOptionsRefused, 2, "counted");
        std::ostringstream dump;
        t.Layer(0)->Print(dump);
        NS_TEST_ASSERT_MSG_NE(dump.str().find("IP_SEC_OPT {esp required}"),
                              std::string::npos,
                              "the dump lists the socket's request:\n"
                                  << dump.str());
        Simulator::Destroy();
    }
};

/// The suite.
class IpsecSocketPolicyTestSuite : public TestSuite
{
  public:
    IpsecSocketPolicyTestSuite()
        : TestSuite("ipsec-socket-policy", ipsectest::SYSTEM)
    {
        AddTestCase(new RequestValidationTestCase, ipsectest::QUICK);
        AddTestCase(new BypassPrivilegeTestCase, ipsectest::QUICK);
        AddTestCase(new RequiredOverridesSpdTestCase, ipsectest::QUICK);
        AddTestCase(new AlgorithmPrivilegeTestCase(true), ipsectest::QUICK);
        AddTestCase(new AlgorithmPrivilegeTestCase(false), ipsectest::QUICK);
        AddTestCase(new UniqueTestCase, ipsectest::QUICK);
        AddTestCase(new SocketTcpTestCase, ipsectest::QUICK);
        AddTestCase(new Ipv6TestCase, ipsectest::QUICK);
        AddTestCase(new SelfEncapTestCase, ipsectest::QUICK);
        AddTestCase(new RefusalTracedTestCase, ipsectest::QUICK);
    }
};

/// The suite's instance.
static IpsecSocketPolicyTestSuite g_ipsecSocketPolicyTestSuite;
