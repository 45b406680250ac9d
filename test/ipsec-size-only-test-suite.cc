/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Size-only SAs: for every algorithm of the registry the wire layout (sizes, SPI, sequence
// numbers, padding, trailer) equals real ESP, nothing is encrypted, replay and trailer checks
// still refuse what real ESP refuses; the layer's CryptoMode attribute and the helper carry
// the choice to SAs, and whole scenarios deliver the same data as with real crypto.

#include "ipsec-test-compat.h"
#include "ipsec-test-util.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <fstream>
#include <sstream>

using namespace ns3;

namespace
{

using ipsectest::Bytes;

std::vector<uint8_t>
Pattern(uint32_t n, uint8_t seed)
{
    std::vector<uint8_t> b(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        b[i] = static_cast<uint8_t>(seed + 13 * i);
    }
    return b;
}

/// Valid parameters for an algorithm, its smallest key, and an integrity algorithm when the
/// encryption needs one.
IpsecSaParams
ParamsFor(const EncryptionAlgorithmInfo& enc, IpsecCryptoMode mode)
{
    IpsecSaParams p;
    p.spi = 0x4242;
    p.source = Ipv4Address("10.0.0.1");
    p.destination = Ipv4Address("10.0.0.2");
    p.encryption = enc.id;
    const uint16_t bits = enc.keyBits.back();
    p.encryptionKey = Pattern(bits / 8 + enc.saltBytes, 0x21);
    p.integrity = enc.aead ? IpsecIntegrity::NONE : IpsecIntegrity::HMAC_SHA256_128;
    p.integrityKey = enc.aead ? std::vector<uint8_t>() : Pattern(32, 0x55);
    p.cryptoMode = mode;
    return p;
}

class LayoutTestCase : public TestCase
{
  public:
    LayoutTestCase()
        : TestCase("size-only ESP has real ESP's layout for every algorithm")
    {
    }

  private:
    void DoRun() override
    {
        for (const auto& enc : IpsecAlgorithmRegistry::EncryptionAlgorithms())
        {
            const IpsecSaParams realParams = ParamsFor(enc, IpsecCryptoMode::REAL);
            const IpsecSaParams sizeParams = ParamsFor(enc, IpsecCryptoMode::SIZE_ONLY);
            NS_TEST_ASSERT_MSG_EQ(sizeParams.Validate(), "", enc.name);
            SecurityAssociation realSa(realParams);
            SecurityAssociation sizeSa(sizeParams);
            SecurityAssociation sizeIn(sizeParams);
            NS_TEST_ASSERT_MSG_EQ(sizeSa.IsSizeOnly(), true, enc.name);
            NS_TEST_ASSERT_MSG_EQ(realSa.IsSizeOnly(), false, enc.name);
            EspTransform esp;
            const uint32_t ivLen = enc.ivBytes;
            for (uint32_t n : {0u, 1u, 2u, 15u, 16u, 17u, 200u, 1400u})
            {
                const std::vector<uint8_t> payload = Pattern(n, static_cast<uint8_t>(n));
                Ptr<Packet> real = Create<Packet>(payload.data(), n);
                Ptr<Packet> sized = Create<Packet>(payload.data(), n);
                IpsecDropReason why;
                NS_TEST_ASSERT_MSG_EQ(esp.Protect(realSa, real, 17, why), true, enc.name);
                NS_TEST_ASSERT_MSG_EQ(esp.Protect(sizeSa, sized, 17, why), true, enc.name);
                const std::vector<uint8_t> r = Bytes(real);
                const std::vector<uint8_t> s = Bytes(sized);
                NS_TEST_ASSERT_MSG_EQ(s.size(), r.size(), enc.name << " size for " << n);
                NS_TEST_ASSERT_MSG_EQ(s.size(), n + EspTransform::GetOverhead(sizeSa, n), "");
                // SPI and sequence number are the real ones.
                NS_TEST_ASSERT_MSG_EQ((std::equal(s.begin(), s.begin() + 8, r.begin())),
                                      true,
                                      enc.name << " header");
                // The payload is in clear after the (zero) IV, then the RFC 4303 trailer.
                const uint32_t icv = sizeSa.GetIcvSize();
                const uint32_t pad = s.at(s.size() - icv - 2);
                NS_TEST_ASSERT_MSG_EQ(8 + ivLen + n + pad + 2 + icv, s.size(), enc.name);
                NS_TEST_ASSERT_MSG_EQ(
                    (std::equal(payload.begin(), payload.end(), s.begin() + 8 + ivLen)),
                    true,
                    enc.name << " payload in clear");
                for (uint32_t i = 0; i < pad; ++i)
                {
                    NS_TEST_ASSERT_MSG_EQ(uint32_t(s.at(8 + ivLen + n + i)), i + 1, "padding");
                }
                NS_TEST_ASSERT_MSG_EQ(uint32_t(s.at(s.size() - icv - 1)), 17u, "next header");
                for (uint32_t i = 0; i < icv; ++i)
                {
                    NS_TEST_ASSERT_MSG_EQ(uint32_t(s.at(s.size() - icv + i)), 0u, "zero ICV");
                }
                // And back.
                uint8_t nh = 0;
                NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(sizeIn, sized, nh, why),
                                      true,
                                      enc.name << ": " << why);
                NS_TEST_ASSERT_MSG_EQ(uint32_t(nh), 17u, "next header");
                NS_TEST_ASSERT_MSG_EQ((Bytes(sized) == payload), true, enc.name << " payload");
            }
            NS_TEST_ASSERT_MSG_EQ(sizeSa.GetCounters().txPackets, 8, "tx counted");
            NS_TEST_ASSERT_MSG_EQ(sizeIn.GetCounters().rxPackets, 8, "rx counted");
        }
    }
};

class SizeOnlyRefusalTestCase : public TestCase
{
  public:
    SizeOnlyRefusalTestCase()
        : TestCase("size-only ESP refuses replays, bad trailers, dummies and runts")
    {
    }

  private:
    void DoRun() override
    {
        const IpsecSaParams params =
            ParamsFor(*IpsecAlgorithmRegistry::Find(IpsecEncryption::AES_CBC),
                      IpsecCryptoMode::SIZE_ONLY);
        SecurityAssociation out(params);
        SecurityAssociation in(params);
        EspTransform esp;
        IpsecDropReason why;
        uint8_t nh;
        const std::vector<uint8_t> payload = Pattern(21, 3);

        Ptr<Packet> first = Create<Packet>(payload.data(), payload.size());
        esp.Protect(out, first, 17, why);
        Ptr<Packet> copy = first->Copy();
        const uint32_t wireSize = first->GetSize();
        NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(in, first, nh, why), true, why);
        NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(in, copy, nh, why), false, "replayed");
        NS_TEST_ASSERT_MSG_EQ(ToString(why), std::string(ToString(IpsecDropReason::REPLAY)), "");
        NS_TEST_ASSERT_MSG_EQ(copy->GetSize(), wireSize, "refused packet untouched");

        // Corrupt a padding byte: refused, packet untouched.
        Ptr<Packet> second = Create<Packet>(payload.data(), payload.size());
        esp.Protect(out, second, 17, why);
        std::vector<uint8_t> wire = Bytes(second);
        const uint32_t icv = out.GetIcvSize();
        const uint32_t pad = wire.at(wire.size() - icv - 2);
        NS_TEST_ASSERT_MSG_GT(pad, 0u, "this payload size needs padding");
        wire.at(wire.size() - icv - 3) ^= 0xff; // last padding byte
        Ptr<Packet> badPad = Create<Packet>(wire.data(), wire.size());
        NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(in, badPad, nh, why), false, "bad padding");
        NS_TEST_ASSERT_MSG_EQ(ToString(why),
                              std::string(ToString(IpsecDropReason::BAD_PADDING)),
                              "");
        NS_TEST_ASSERT_MSG_EQ(badPad->GetSize(), wire.size(), "refused packet untouched");

        // A pad length beyond the payload.
        Ptr<Packet> third = Create<Packet>(payload.data(), payload.size());
        esp.Protect(out, third, 17, why);
        wire = Bytes(third);
        wire.at(wire.size() - icv - 2) = 250;
        Ptr<Packet> longPad = Create<Packet>(wire.data(), wire.size());
        NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(in, longPad, nh, why), false, "pad length");
        NS_TEST_ASSERT_MSG_EQ(ToString(why),
                              std::string(ToString(IpsecDropReason::BAD_PADDING)),
                              "");

        // Next header 59: a dummy packet, counted and dropped (RFC 4303 2.6).
        Ptr<Packet> dummy = Create<Packet>(payload.data(), payload.size());
        esp.Protect(out, dummy, 59, why);
        NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(in, dummy, nh, why), false, "dummy");
        NS_TEST_ASSERT_MSG_EQ(ToString(why),
                              std::string(ToString(IpsecDropReason::DUMMY_PACKET)),
                              "");

        // Too short to hold header, IV, trailer and ICV.
        const std::vector<uint8_t> runt(8 + 16 + 1 + icv, 0);
        Ptr<Packet> small = Create<Packet>(runt.data(), runt.size());
        NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(in, small, nh, why), false, "runt");
        NS_TEST_ASSERT_MSG_EQ(ToString(why), std::string(ToString(IpsecDropReason::TRUNCATED)), "");

        // A real SA cannot read a size-only packet: its ICV is zeros.
        IpsecSaParams realParams = params;
        realParams.cryptoMode = IpsecCryptoMode::REAL;
        SecurityAssociation realIn(realParams);
        Ptr<Packet> fourth = Create<Packet>(payload.data(), payload.size());
        esp.Protect(out, fourth, 17, why);
        NS_TEST_ASSERT_MSG_EQ(esp.Unprotect(realIn, fourth, nh, why), false, "zero ICV");
        NS_TEST_ASSERT_MSG_EQ(ToString(why),
                              std::string(ToString(IpsecDropReason::ICV_MISMATCH)),
                              "");
    }
};

/// Two hosts exchanging UDP through ESP; returns what the sink received and the layers.
struct Scenario
{
    uint64_t delivered = 0;
    std::vector<uint32_t> wireSizes;
    std::string dump;
    std::string keyFile;
    bool sizeOnlyA = false;
    bool sizeOnlyB = false;

    void OnRx(Ptr<const Packet> p)
    {
        delivered += p->GetSize();
    }

    void OnWire(Ptr<const Packet> p)
    {
        wireSizes.push_back(p->GetSize());
    }

    void Run(const std::string& layerMode, IpsecCryptoMode saMode, const std::string& keys)
    {
        Config::SetDefault("ns3::IpsecLayer::CryptoMode", StringValue(layerMode));
        NodeContainer nodes;
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses("10.9.0.0", "255.255.255.0");
        Ipv4InterfaceContainer ifaces = addresses.Assign(devices);
        IpsecHelper ipsec;
        ipsec.Install(nodes);
        ipsec.AssignStreams(nodes, 7);
        IpsecTrafficSelector udp;
        udp.SetProtocol(17);
        ipsec.AddPolicyPair(nodes.Get(0), nodes.Get(1), udp, IpsecAction::PROTECT);
        IpsecEspSaConfig config;
        config.encryption = IpsecEncryption::AES_CBC;
        config.integrity = IpsecIntegrity::HMAC_SHA1_96;
        config.cryptoMode = saMode;
        IpsecSaPair pair = ipsec.AddEspSaPair(nodes.Get(0),
                                              ifaces.GetAddress(0),
                                              nodes.Get(1),
                                              ifaces.GetAddress(1),
                                              config);
        sizeOnlyA = pair.atob->IsSizeOnly();
        sizeOnlyB = nodes.Get(1)
                        ->GetObject<IpsecLayer>()
                        ->GetSad()
                        ->FindInbound(IpsecProtocol::ESP, ifaces.GetAddress(1), pair.atob->GetSpi())
                        ->IsSizeOnly();
        PacketSinkHelper sink("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
        ApplicationContainer sinks = sink.Install(nodes.Get(1));
        sinks.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Scenario::OnRxAddr, this));
        UdpClientHelper client(ifaces.GetAddress(1), 9);
        client.SetAttribute("MaxPackets", UintegerValue(20));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(1)));
        client.SetAttribute("PacketSize", UintegerValue(333));
        client.Install(nodes.Get(0)).Start(Seconds(0.1));
        devices.Get(0)->TraceConnectWithoutContext("PhyTxBegin",
                                                   MakeCallback(&Scenario::OnWire, this));
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        std::ostringstream os;
        IpsecHelper::Print(nodes.Get(0), os);
        dump = os.str();
        ipsec.WriteWiresharkEspSa(keys);
        std::ifstream in(keys);
        keyFile.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        Simulator::Destroy();
        Config::SetDefault("ns3::IpsecLayer::CryptoMode", StringValue("Real"));
    }

    void OnRxAddr(Ptr<const Packet> p, const Address&)
    {
        OnRx(p);
    }
};

class SizeOnlyScenarioTestCase : public TestCase
{
  public:
    SizeOnlyScenarioTestCase()
        : TestCase("CryptoMode attribute and per-SA choice: same traffic, marked key file")
    {
    }

  private:
    void DoRun() override
    {
        Scenario real;
        real.Run("Real", IpsecCryptoMode::DEFAULT, CreateTempDirFilename("real.esp_sa"));
        Scenario layerWide;
        layerWide.Run("SizeOnly", IpsecCryptoMode::DEFAULT, CreateTempDirFilename("layer.esp_sa"));
        Scenario perSa;
        perSa.Run("Real", IpsecCryptoMode::SIZE_ONLY, CreateTempDirFilename("sa.esp_sa"));
        Scenario perSaReal;
        perSaReal.Run("SizeOnly", IpsecCryptoMode::REAL, CreateTempDirFilename("sareal.esp_sa"));

        NS_TEST_ASSERT_MSG_EQ(real.delivered, 20 * 333, "real crypto delivers everything");
        NS_TEST_ASSERT_MSG_EQ(real.sizeOnlyA || real.sizeOnlyB, false, "real SAs");
        NS_TEST_ASSERT_MSG_EQ(layerWide.sizeOnlyA && layerWide.sizeOnlyB, true, "attribute");
        NS_TEST_ASSERT_MSG_EQ(perSa.sizeOnlyA && perSa.sizeOnlyB, true, "per-SA size-only");
        NS_TEST_ASSERT_MSG_EQ(perSaReal.sizeOnlyA || perSaReal.sizeOnlyB, false, "per-SA real");
        for (const Scenario* s : {&layerWide, &perSa})
        {
            NS_TEST_ASSERT_MSG_EQ(s->delivered, real.delivered, "same data delivered");
            NS_TEST_ASSERT_MSG_EQ((s->wireSizes == real.wireSizes), true, "same wire sizes");
            NS_TEST_ASSERT_MSG_NE(s->dump.find("size-only"), std::string::npos, s->dump);
            NS_TEST_ASSERT_MSG_NE(s->keyFile.find("\n#ns3-ipsec-size-only: \"IPv4\""),
                                  std::string::npos,
                                  s->keyFile);
        }
        NS_TEST_ASSERT_MSG_EQ(real.keyFile.find("size-only: \""), std::string::npos, "");
        NS_TEST_ASSERT_MSG_EQ(real.wireSizes.empty(), false, "packets seen");
    }
};

} // namespace

class IpsecSizeOnlyTestSuite : public TestSuite
{
  public:
    IpsecSizeOnlyTestSuite()
        : TestSuite("ipsec-size-only", ipsectest::UNIT)
    {
        AddTestCase(new LayoutTestCase, ipsectest::QUICK);
        AddTestCase(new SizeOnlyRefusalTestCase, ipsectest::QUICK);
        AddTestCase(new SizeOnlyScenarioTestCase, ipsectest::QUICK);
    }
};

static IpsecSizeOnlyTestSuite g_ipsecSizeOnlyTestSuite;
