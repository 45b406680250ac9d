/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// AH (RFC 4302) over IPv4 in transport mode: header layout, an ICV recomputed independently
// from hand-built bytes with raw Crypto++, which IPv4 fields the ICV covers and which it does
// not, refusals (tampering, replay, bad length), ESN, and AH between two hosts over the full
// ns-3 stack for every integrity algorithm.

#include "ipsec-test-compat.h"
#include "ipsec-test-util.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <cryptopp/hmac.h>
#include <cryptopp/sha.h>

using namespace ns3;

namespace
{

using ipsectest::Bytes;

IpsecSaParams
AhParams(IpsecIntegrity alg = IpsecIntegrity::HMAC_SHA256_128, bool esn = false)
{
    IpsecSaParams p;
    p.protocol = IpsecProtocol::AH;
    p.spi = 0x51515151;
    p.source = Ipv4Address("192.0.2.1");
    p.destination = Ipv4Address("192.0.2.2");
    p.encryption = IpsecEncryption::NONE;
    p.encryptionKey.clear();
    p.integrity = alg;
    p.integrityKey.resize(IpsecAlgorithmRegistry::Find(alg)->keyBits / 8);
    for (size_t i = 0; i < p.integrityKey.size(); ++i)
    {
        p.integrityKey[i] = static_cast<uint8_t>(0xa0 + i);
    }
    p.extendedSequenceNumbers = esn;
    return p;
}

Ipv4Header
IpHeader(uint32_t payload)
{
    Ipv4Header h;
    h.SetSource(Ipv4Address("192.0.2.1"));
    h.SetDestination(Ipv4Address("192.0.2.2"));
    h.SetProtocol(51);
    h.SetPayloadSize(payload);
    h.SetIdentification(0x1234);
    h.SetTtl(64);
    h.SetTos(0xb8);
    h.SetDontFragment();
    return h;
}

class LayoutAndIcvTestCase : public TestCase
{
  public:
    LayoutAndIcvTestCase()
        : TestCase("AH layout and an ICV recomputed from hand-built bytes")
    {
    }

  private:
    void DoRun() override
    {
        const IpsecSaParams params = AhParams();
        NS_TEST_ASSERT_MSG_EQ(params.Validate(), "", "valid AH SA");
        SecurityAssociation sa(params);
        AhTransform ah;
        const std::vector<uint8_t> payload =
            {0x13, 0x88, 0x00, 0x09, 0x00, 0x0c, 0x00, 0x00, 'h', 'e', 'l', 'l'};
        Ptr<Packet> p = Create<Packet>(payload.data(), payload.size());
        const uint32_t ahLen = AhTransform::GetHeaderSize(sa);
        NS_TEST_ASSERT_MSG_EQ(ahLen, 12 + 16, "HMAC-SHA-256-128: 12 + 16 bytes");
        const Ipv4Header ip = IpHeader(ahLen + payload.size());
        IpsecDropReason why;
        NS_TEST_ASSERT_MSG_EQ(ah.Protect(sa, p, 17, ip, why), true, "protected");
        const std::vector<uint8_t> w = Bytes(p);
        NS_TEST_ASSERT_MSG_EQ(w.size(), ahLen + payload.size(), "size");
        NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(0)), 17u, "next header");
        NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(1)), ahLen / 4 - 2, "payload length field");
        NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(2) | w.at(3)), 0u, "reserved");
        NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(4)), 0x51u, "SPI");
        NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(11)), 1u, "first sequence number is 1");
        NS_TEST_ASSERT_MSG_EQ((std::equal(payload.begin(), payload.end(), w.begin() + ahLen)),
                              true,
                              "payload in clear after AH");

        // The ICV by hand: IPv4 header with DSCP/ECN, flags, offset, TTL, checksum zero.
        const uint16_t total = static_cast<uint16_t>(20 + ahLen + payload.size());
        std::vector<uint8_t> icvInput = {0x45,
                                         0x00,
                                         static_cast<uint8_t>(total >> 8),
                                         static_cast<uint8_t>(total),
                                         0x12,
                                         0x34,
                                         0x00,
                                         0x00,
                                         0x00,
                                         51,
                                         0x00,
                                         0x00,
                                         192,
                                         0,
                                         2,
                                         1,
                                         192,
                                         0,
                                         2,
                                         2};
        icvInput.insert(icvInput.end(), w.begin(), w.begin() + 12);
        icvInput.insert(icvInput.end(), 16, 0); // ICV field zero
        icvInput.insert(icvInput.end(), payload.begin(), payload.end());
        CryptoPP::HMAC<CryptoPP::SHA256> hmac(params.integrityKey.data(),
                                              params.integrityKey.size());
        uint8_t mac[32];
        hmac.CalculateDigest(mac, icvInput.data(), icvInput.size());
        NS_TEST_ASSERT_MSG_EQ((std::equal(mac, mac + 16, w.begin() + 12)),
                              true,
                              "ICV = HMAC-SHA-256 over immutable header, AH, payload, truncated");

        // The receiver accepts it, and gets the payload back.
        SecurityAssociation in(params);
        uint8_t nh = 0;
        NS_TEST_ASSERT_MSG_EQ(ah.Unprotect(in, p, ip, nh, why), true, why);
        NS_TEST_ASSERT_MSG_EQ(uint32_t(nh), 17u, "");
        NS_TEST_ASSERT_MSG_EQ((Bytes(p) == payload), true, "payload restored");

        // Linux pads AH to 64 bits by default (28 -> 32 bytes here): accepted too.
        {
            const uint32_t padded = 32;
            const uint16_t tot = static_cast<uint16_t>(20 + padded + payload.size());
            std::vector<uint8_t> ah =
                {17, padded / 4 - 2, 0, 0, 0x51, 0x51, 0x51, 0x51, 0, 0, 0, 7};
            std::vector<uint8_t> input = {0x45,
                                          0x00,
                                          static_cast<uint8_t>(tot >> 8),
                                          static_cast<uint8_t>(tot),
                                          0x12,
                                          0x34,
                                          0x00,
                                          0x00,
                                          0x00,
                                          51,
                                          0x00,
                                          0x00,
                                          192,
                                          0,
                                          2,
                                          1,
                                          192,
                                          0,
                                          2,
                                          2};
            input.insert(input.end(), ah.begin(), ah.end());
            input.insert(input.end(), padded - 12, 0);
            input.insert(input.end(), payload.begin(), payload.end());
            uint8_t full[32];
            hmac.CalculateDigest(full, input.data(), input.size());
            std::vector<uint8_t> wire = ah;
            wire.insert(wire.end(), full, full + 16);
            wire.insert(wire.end(), 4, 0); // padding
            wire.insert(wire.end(), payload.begin(), payload.end());
            Ptr<Packet> linuxStyle = Create<Packet>(wire.data(), wire.size());
            const Ipv4Header linuxIp = IpHeader(padded + payload.size());
            NS_TEST_ASSERT_MSG_EQ(ah.size(), 12u, "");
            NS_TEST_ASSERT_MSG_EQ(AhTransform().Unprotect(in, linuxStyle, linuxIp, nh, why),
                                  true,
                                  "64-bit aligned AH: " << why);
            NS_TEST_ASSERT_MSG_EQ((Bytes(linuxStyle) == payload), true, "payload restored");
        }

        AhHeader parsed;
        Ptr<Packet> again = Create<Packet>(w.data(), w.size());
        again->RemoveHeader(parsed);
        NS_TEST_ASSERT_MSG_EQ(parsed.GetSpi(), 0x51515151u, "AhHeader reads the SPI");
        NS_TEST_ASSERT_MSG_EQ(parsed.GetIcvField().size(), 16u, "and the ICV field");
        NS_TEST_ASSERT_MSG_EQ(again->GetSize(), payload.size(), "");
    }
};

class CoverageTestCase : public TestCase
{
  public:
    CoverageTestCase()
        : TestCase("AH ICV ignores mutable IPv4 fields, covers the rest; refusals")
    {
    }

  private:
    /// Protects a fresh packet and tries to unprotect it under @p rx on a fresh SA.
    bool Try(const std::function<void(Ipv4Header&)>& rx,
             const std::function<void(std::vector<uint8_t>&)>& tamper,
             IpsecDropReason& why)
    {
        const IpsecSaParams params = AhParams(IpsecIntegrity::HMAC_SHA1_96);
        SecurityAssociation out(params);
        SecurityAssociation in(params);
        AhTransform ah;
        Ptr<Packet> p = Create<Packet>(40);
        const Ipv4Header tx = IpHeader(AhTransform::GetHeaderSize(out) + 40);
        ah.Protect(out, p, 6, tx, why);
        std::vector<uint8_t> w = Bytes(p);
        tamper(w);
        Ptr<Packet> q = Create<Packet>(w.data(), w.size());
        Ipv4Header received = tx;
        rx(received);
        uint8_t nh;
        const bool ok = ah.Unprotect(in, q, received, nh, why);
        if (!ok)
        {
            NS_TEST_EXPECT_MSG_EQ(q->GetSize(), w.size(), "a refused packet is left untouched");
        }
        return ok;
    }

    void DoRun() override
    {
        IpsecDropReason why;
        auto none = [](std::vector<uint8_t>&) {};
        auto same = [](Ipv4Header&) {};
        NS_TEST_ASSERT_MSG_EQ(Try(same, none, why), true, "unchanged");
        // Mutable fields (RFC 4302 3.3.3.1.1.1): routers may change them.
        NS_TEST_ASSERT_MSG_EQ(Try([](Ipv4Header& h) { h.SetTtl(3); }, none, why), true, "TTL");
        NS_TEST_ASSERT_MSG_EQ(Try([](Ipv4Header& h) { h.SetTos(0x01); }, none, why), true, "ECN");
        NS_TEST_ASSERT_MSG_EQ(Try([](Ipv4Header& h) { h.SetMayFragment(); }, none, why),
                              true,
                              "DF");

        // Immutable fields and the payload are covered.
        const struct
        {
            const char* name;
            std::function<void(Ipv4Header&)> rx;
        } immutable[] = {
            {"source", [](Ipv4Header& h) { h.SetSource(Ipv4Address("192.0.2.9")); }},
            {"destination", [](Ipv4Header& h) { h.SetDestination(Ipv4Address("192.0.2.9")); }},
            {"identification", [](Ipv4Header& h) { h.SetIdentification(0x4321); }},
            {"total length", [](Ipv4Header& h) { h.SetPayloadSize(h.GetPayloadSize() + 4); }},
        };

        for (const auto& f : immutable)
        {
            NS_TEST_ASSERT_MSG_EQ(Try(f.rx, none, why), false, f.name);
            NS_TEST_ASSERT_MSG_EQ(ToString(why),
                                  std::string(ToString(IpsecDropReason::ICV_MISMATCH)),
                                  f.name);
        }
        NS_TEST_ASSERT_MSG_EQ(Try(
                                  same,
                                  [](std::vector<uint8_t>& w) { w.back() ^= 1; },
                                  why),
                              false,
                              "payload");
        NS_TEST_ASSERT_MSG_EQ(Try(
                                  same,
                                  [](std::vector<uint8_t>& w) { w.at(0) = 17; },
                                  why),
                              false,
                              "next header");
        NS_TEST_ASSERT_MSG_EQ(Try(
                                  same,
                                  [](std::vector<uint8_t>& w) { w.at(20) ^= 0x80; },
                                  why),
                              false,
                              "ICV");
        NS_TEST_ASSERT_MSG_EQ(Try(
                                  same,
                                  [](std::vector<uint8_t>& w) { w.at(1) = 6; },
                                  why),
                              false,
                              "length field");
        NS_TEST_ASSERT_MSG_EQ(ToString(why), std::string(ToString(IpsecDropReason::TRUNCATED)), "");
        NS_TEST_ASSERT_MSG_EQ(Try(
                                  same,
                                  [](std::vector<uint8_t>& w) { w.resize(20); },
                                  why),
                              false,
                              "runt");
        NS_TEST_ASSERT_MSG_EQ(ToString(why), std::string(ToString(IpsecDropReason::TRUNCATED)), "");
    }
};

class ReplayAndEsnTestCase : public TestCase
{
  public:
    ReplayAndEsnTestCase()
        : TestCase("AH replay window, and ESN high bits in the ICV")
    {
    }

  private:
    void DoRun() override
    {
        for (bool esn : {false, true})
        {
            IpsecSaParams params = AhParams(IpsecIntegrity::HMAC_SHA512_256, esn);
            params.initialSequence = 99;
            SecurityAssociation out(params);
            SecurityAssociation in(params);
            AhTransform ah;
            IpsecDropReason why;
            const Ipv4Header ip = IpHeader(AhTransform::GetHeaderSize(out) + 10);
            NS_TEST_ASSERT_MSG_EQ(AhTransform::GetHeaderSize(out), 12u + 32u, "SHA-512-256");
            Ptr<Packet> p = Create<Packet>(10);
            ah.Protect(out, p, 17, ip, why);
            Ptr<Packet> copy = p->Copy();
            uint8_t nh;
            NS_TEST_ASSERT_MSG_EQ(ah.Unprotect(in, p, ip, nh, why), true, why);
            NS_TEST_ASSERT_MSG_EQ(ah.Unprotect(in, copy, ip, nh, why), false, "replay");
            NS_TEST_ASSERT_MSG_EQ(ToString(why),
                                  std::string(ToString(IpsecDropReason::REPLAY)),
                                  "");
            if (esn)
            {
                // The implicit high 32 bits (zero here) are appended to the ICV input: a
                // receiver without ESN computes another ICV for the same bytes.
                IpsecSaParams plain = params;
                plain.extendedSequenceNumbers = false;
                SecurityAssociation out2(params);
                SecurityAssociation inPlain(plain);
                Ptr<Packet> q = Create<Packet>(10);
                ah.Protect(out2, q, 17, ip, why);
                NS_TEST_ASSERT_MSG_EQ(ah.Unprotect(inPlain, q, ip, nh, why), false, "ESN");
                NS_TEST_ASSERT_MSG_EQ(ToString(why),
                                      std::string(ToString(IpsecDropReason::ICV_MISMATCH)),
                                      "high bits are in the ICV");
            }
        }
    }
};

/// Two hosts, UDP under AH; what arrives, and what is on the wire.
class EndToEndTestCase : public TestCase
{
  public:
    EndToEndTestCase()
        : TestCase("AH between two hosts for every integrity algorithm")
    {
    }

  private:
    uint64_t m_rxBytes = 0;
    std::vector<std::vector<uint8_t>> m_wire;

    void OnRx(Ptr<const Packet> p, const Address&)
    {
        m_rxBytes += p->GetSize();
    }

    void OnWire(Ptr<const Packet> p)
    {
        m_wire.push_back(Bytes(p));
    }

    void DoRun() override
    {
        for (const auto& alg : IpsecAlgorithmRegistry::IntegrityAlgorithms())
        {
            if (alg.id == IpsecIntegrity::NONE)
            {
                continue;
            }
            m_rxBytes = 0;
            m_wire.clear();
            NodeContainer nodes;
            nodes.Create(2);
            PointToPointHelper p2p;
            p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
            NetDeviceContainer devices = p2p.Install(nodes);
            InternetStackHelper internet;
            internet.Install(nodes);
            Ipv4AddressHelper addresses("10.51.0.0", "255.255.255.0");
            Ipv4InterfaceContainer ifaces = addresses.Assign(devices);
            IpsecHelper ipsec;
            ipsec.Install(nodes);
            ipsec.AssignStreams(nodes, 5);
            IpsecTrafficSelector udp;
            udp.SetProtocol(17);
            auto policy = Create<IpsecPolicy>(udp, IpsecAction::PROTECT);
            policy->SetProtection(IpsecProtocol::AH, IpsecMode::TRANSPORT);
            ipsec.AddPolicy(nodes.Get(0), policy);
            auto mirror = Create<IpsecPolicy>(udp.Mirror(), IpsecAction::PROTECT);
            mirror->SetProtection(IpsecProtocol::AH, IpsecMode::TRANSPORT);
            ipsec.AddPolicy(nodes.Get(1), mirror);
            IpsecAhSaConfig config;
            config.integrity = alg.id;
            IpsecSaPair pair = ipsec.AddAhSaPair(nodes.Get(0),
                                                 ifaces.GetAddress(0),
                                                 nodes.Get(1),
                                                 ifaces.GetAddress(1),
                                                 config);
            PacketSinkHelper sink("ns3::UdpSocketFactory",
                                  InetSocketAddress(Ipv4Address::GetAny(), 9));
            ApplicationContainer apps = sink.Install(nodes.Get(1));
            apps.Get(0)->TraceConnectWithoutContext("Rx",
                                                    MakeCallback(&EndToEndTestCase::OnRx, this));
            devices.Get(0)->TraceConnectWithoutContext(
                "PhyTxBegin",
                MakeCallback(&EndToEndTestCase::OnWire, this));
            UdpClientHelper client(ifaces.GetAddress(1), 9);
            client.SetAttribute("MaxPackets", UintegerValue(5));
            client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
            client.SetAttribute("PacketSize", UintegerValue(200));
            client.Install(nodes.Get(0)).Start(Seconds(0.1));
            Simulator::Stop(Seconds(1));
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ(m_rxBytes, 5 * 200, alg.name << ": all delivered");
            NS_TEST_ASSERT_MSG_EQ(pair.atob->GetCounters().txPackets, 5, alg.name);
            const uint64_t rx =
                nodes.Get(1)
                    ->GetObject<IpsecLayer>()
                    ->GetSad()
                    ->FindInbound(IpsecProtocol::AH, ifaces.GetAddress(1), pair.atob->GetSpi())
                    ->GetCounters()
                    .rxPackets;
            NS_TEST_ASSERT_MSG_EQ(rx, 5, alg.name << ": accepted by the peer's SA");
            uint32_t ahPackets = 0;
            for (const auto& w : m_wire)
            {
                // PPP (2 bytes) then IPv4: protocol 51, the AH header, then UDP to port 9.
                if (w.size() > 22 && w.at(2 + 9) == 51)
                {
                    ++ahPackets;
                    const uint32_t ahLen = (w.at(22 + 1) + 2u) * 4;
                    NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(22)), 17u, "next header UDP");
                    NS_TEST_ASSERT_MSG_EQ(uint32_t(w.at(22 + ahLen + 3)), 9u, "UDP port 9");
                    NS_TEST_ASSERT_MSG_EQ(ahLen, AhTransform::GetHeaderSize(*pair.atob), "");
                }
            }
            NS_TEST_ASSERT_MSG_EQ(ahPackets, 5, alg.name << ": only AH on the wire");
            Simulator::Destroy();
        }
    }
};

} // namespace

class IpsecAhTestSuite : public TestSuite
{
  public:
    IpsecAhTestSuite()
        : TestSuite("ipsec-ah", ipsectest::UNIT)
    {
        AddTestCase(new LayoutAndIcvTestCase, ipsectest::QUICK);
        AddTestCase(new CoverageTestCase, ipsectest::QUICK);
        AddTestCase(new ReplayAndEsnTestCase, ipsectest::QUICK);
        AddTestCase(new EndToEndTestCase, ipsectest::QUICK);
    }
};

static IpsecAhTestSuite g_ipsecAhTestSuite;
