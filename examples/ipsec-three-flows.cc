/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Two hosts on a point-to-point link and three UDP echo flows between them:
//
//   port  9: protected by ESP (transport mode), by AH with --protocol=ah, or by ESP inside AH
//            (an SA bundle) with --protocol=esp+ah
//   port 10: bypassed (cleartext), by an entry placed *last* in the SPD to show that bypass
//            entries are honoured before all others
//   port 11: discarded by policy
//
//   n0 10.1.1.1 ---------------- 10.1.1.2 n1
//        echo clients               echo servers (ports 9, 10, 11)
//
// Writes ipsec-three-flows-<node>-<device>.pcap and ipsec-three-flows.esp_sa (the keys, in
// Wireshark's esp_sa format) to --outputDir, and prints what each flow delivered.
//
// To open the capture decrypted, copy the .esp_sa file into a Wireshark profile folder as
// `esp_sa`, or pass each of its rows to tshark as `-o uat:esp_sa:<row>` (see README.md).

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecThreeFlows");

namespace
{

/// Packets received per UDP port, at the servers and back at the clients.
std::map<uint16_t, uint32_t> g_serverRx;
std::map<uint16_t, uint32_t> g_clientRx;

// "RxWithAddresses" has the same signature in ns-3.37 and in current releases.
void
CountServerRx(uint16_t port, Ptr<const Packet>, const Address&, const Address&)
{
    ++g_serverRx[port];
}

void
CountClientRx(uint16_t port, Ptr<const Packet>, const Address&, const Address&)
{
    ++g_clientRx[port];
}

void
PrintDrop(Ptr<const Packet> packet, IpsecDropReason reason, uint32_t spi)
{
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " IPsec drop " << reason << " spi " << spi << " size " << packet->GetSize());
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir = ".";
    std::string encryption = "aes-cbc";
    std::string integrity = "default";
    uint32_t keyBits = 0;
    std::string cryptoMode = "real";
    std::string protocolName = "esp";
    uint32_t packets = 5;
    bool verbose = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Where pcaps and the esp_sa key file go", outputDir);
    std::string encNames;
    for (const auto& info : IpsecAlgorithmRegistry::EncryptionAlgorithms())
    {
        encNames += (encNames.empty() ? "" : ", ") + info.name;
    }
    std::string authNames;
    for (const auto& info : IpsecAlgorithmRegistry::IntegrityAlgorithms())
    {
        authNames += (authNames.empty() ? "" : ", ") + info.name;
    }
    cmd.AddValue("encryption", "ESP encryption: " + encNames, encryption);
    cmd.AddValue("integrity",
                 "ESP integrity: " + authNames +
                     "; default: none for combined-mode encryption, else hmac-sha256",
                 integrity);
    cmd.AddValue("keyBits", "Encryption key size, salt excluded (0: 128 where allowed)", keyBits);
    cmd.AddValue("cryptoMode", "real, or size-only (same sizes, no cipher work)", cryptoMode);
    cmd.AddValue("protocol",
                 "esp; ah (AH with --integrity, hmac-sha256 by default; no encryption); or "
                 "esp+ah (an SA bundle: ESP inside AH, the AH with HMAC-SHA-256-128)",
                 protocolName);
    cmd.AddValue("packets", "Echo requests per flow", packets);
    cmd.AddValue("verbose", "Log every IPsec drop", verbose);
    cmd.Parse(argc, argv);
    if (verbose)
    {
        LogComponentEnable("IpsecThreeFlows", LOG_LEVEL_INFO);
    }

    const EncryptionAlgorithmInfo* enc = IpsecAlgorithmRegistry::FindEncryption(encryption);
    if (enc && integrity == "default")
    {
        integrity = enc->aead ? "none" : "hmac-sha256";
    }
    const IntegrityAlgorithmInfo* auth = IpsecAlgorithmRegistry::FindIntegrity(integrity);
    if (!enc || !auth)
    {
        std::cerr << "unknown algorithm: " << encryption << " / " << integrity << "\n";
        return 2;
    }
    if (cryptoMode != "real" && cryptoMode != "size-only")
    {
        std::cerr << "--cryptoMode must be real or size-only\n";
        return 2;
    }
    if (protocolName != "esp" && protocolName != "ah" && protocolName != "esp+ah")
    {
        std::cerr << "--protocol must be esp, ah or esp+ah\n";
        return 2;
    }
    const bool useAh = protocolName == "ah";
    const bool bundle = protocolName == "esp+ah";
    if (useAh && auth->id == IpsecIntegrity::NONE)
    {
        std::cerr << "ipsec-three-flows: AH needs an integrity algorithm\n";
        return 2;
    }
    // Refuse a bad combination here with the registry's own message, before building anything.
    {
        const uint32_t bits = keyBits ? keyBits
                              : std::count(enc->keyBits.begin(), enc->keyBits.end(), 128)
                                  ? 128
                                  : enc->keyBits.front();
        // Only sizes and combinations matter here (real keys come from the helper's stream):
        // distinct bytes keep the DES weak-key checks out of the way.
        std::vector<uint8_t> encKey(bits / 8 + enc->saltBytes);
        for (std::size_t i = 0; i < encKey.size(); ++i)
        {
            encKey[i] = static_cast<uint8_t>(0x31 + 7 * i);
        }
        const std::vector<uint8_t> authKey(auth->keyBits / 8, 0x5a);
        const std::string why =
            useAh ? IpsecAlgorithmRegistry::ValidateAh(IpsecEncryption::NONE, {}, auth->id, authKey)
                  : IpsecAlgorithmRegistry::ValidateEsp(enc->id, encKey, auth->id, authKey);
        if (!why.empty())
        {
            std::cerr << "ipsec-three-flows: " << why << "\n";
            return 2;
        }
        keyBits = bits;
    }
    std::error_code mkdirError;
    std::filesystem::create_directories(outputDir, mkdirError);
    if (mkdirError)
    {
        std::cerr << "cannot create " << outputDir << ": " << mkdirError.message() << "\n";
        return 2;
    }

    // Wireshark checks IP and UDP checksums; ns-3 writes zeros unless told otherwise.
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer devices = p2p.Install(nodes);

    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifaces = addresses.Assign(devices);
    const Ipv4Address a = ifaces.GetAddress(0);
    const Ipv4Address b = ifaces.GetAddress(1);

    // --- IPsec: install the layer, then policies (seen from n0; mirrored on n1), then SAs.
    IpsecHelper ipsec;
    ipsec.Install(nodes);

    IpsecTrafficSelector udp;
    udp.SetLocalPrefix(a, Ipv4Mask("/32")).SetRemotePrefix(b, Ipv4Mask("/32")).SetProtocol(17);
    // 1. discard port 11
    ipsec.AddPolicyPair(nodes.Get(0),
                        nodes.Get(1),
                        IpsecTrafficSelector(udp).SetRemotePorts(11, 11),
                        IpsecAction::DISCARD);
    // 2. protect all other UDP between the hosts
    if (bundle)
    {
        // An SA bundle: ESP inside AH (RFC 4301 section 4.5), on both hosts.
        for (uint32_t i = 0; i < 2; ++i)
        {
            auto p = Create<IpsecPolicy>(i == 0 ? udp : udp.Mirror(), IpsecAction::PROTECT);
            p->SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT)
                .AddProtection(IpsecProtocol::AH, IpsecMode::TRANSPORT);
            ipsec.AddPolicy(nodes.Get(i), p);
        }
    }
    else
    {
        ipsec.AddPolicyPair(nodes.Get(0),
                            nodes.Get(1),
                            udp,
                            IpsecAction::PROTECT,
                            useAh ? IpsecProtocol::AH : IpsecProtocol::ESP);
    }
    // 3. bypass port 10: listed last, honoured first
    ipsec.AddPolicyPair(nodes.Get(0),
                        nodes.Get(1),
                        IpsecTrafficSelector(udp).SetRemotePorts(10, 10),
                        IpsecAction::BYPASS);

    IpsecEspSaConfig sa;
    sa.encryption = enc->id;
    sa.encryptionKeyBits = keyBits;
    sa.integrity = auth->id;
    sa.cryptoMode = cryptoMode == "real" ? IpsecCryptoMode::REAL : IpsecCryptoMode::SIZE_ONLY;
    ipsec.AssignStreams(nodes, 100);
    if (useAh)
    {
        IpsecAhSaConfig ah;
        ah.integrity = auth->id;
        ah.cryptoMode = sa.cryptoMode;
        ipsec.AddAhSaPair(nodes.Get(0), a, nodes.Get(1), b, ah);
    }
    else
    {
        ipsec.AddEspSaPair(nodes.Get(0), a, nodes.Get(1), b, sa);
    }
    if (bundle)
    {
        IpsecAhSaConfig ah; // HMAC-SHA-256-128
        ah.cryptoMode = sa.cryptoMode;
        ipsec.AddAhSaPair(nodes.Get(0), a, nodes.Get(1), b, ah);
    }

    // --- Three echo flows.
    for (uint16_t port : {9, 10, 11})
    {
        UdpEchoServerHelper server(port);
        ApplicationContainer s = server.Install(nodes.Get(1));
        s.Get(0)->TraceConnectWithoutContext("RxWithAddresses",
                                             MakeBoundCallback(&CountServerRx, port));
        s.Start(Seconds(0.5));

        UdpEchoClientHelper client(b, port);
        client.SetAttribute("MaxPackets", UintegerValue(packets));
        client.SetAttribute("Interval", TimeValue(Seconds(0.2)));
        ApplicationContainer c = client.Install(nodes.Get(0));
        Ptr<UdpEchoClient> echo = DynamicCast<UdpEchoClient>(c.Get(0));
        echo->SetFill("ns3-ipsec flow to port " + std::to_string(port));
        echo->TraceConnectWithoutContext("RxWithAddresses",
                                         MakeBoundCallback(&CountClientRx, port));
        c.Start(Seconds(1.0 + 0.05 * (port - 9)));
    }
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        nodes.Get(i)->GetObject<IpsecLayer>()->TraceConnectWithoutContext("Drop",
                                                                          MakeCallback(&PrintDrop));
    }

    p2p.EnablePcapAll(outputDir + "/ipsec-three-flows");
    ipsec.WriteWiresharkEspSa(outputDir + "/ipsec-three-flows.esp_sa");

    Simulator::Stop(Seconds(1.0 + 0.2 * packets + 1.0));
    Simulator::Run();

    if (useAh)
    {
        std::cout << "AH " << integrity << "\n";
    }
    else
    {
        std::cout << "ESP " << encryption << "-" << keyBits << " / " << integrity
                  << (bundle ? " inside AH hmac-sha256" : "") << "\n";
    }
    std::cout << "flow     policy     requests  delivered  echoed\n";
    const char* policyName[] = {"protect", "bypass", "discard"};
    for (uint16_t port : {9, 10, 11})
    {
        std::cout << std::left << std::setw(9) << ("udp/" + std::to_string(port)) << std::setw(9)
                  << policyName[port - 9] << std::right << std::setw(9) << packets << std::setw(11)
                  << g_serverRx[port] << std::setw(8) << g_clientRx[port] << "\n";
    }
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        std::cout << "\n";
        IpsecHelper::Print(nodes.Get(i), std::cout);
    }
    std::cout << "\npcaps: " << outputDir << "/ipsec-three-flows-{0,1}-0.pcap\n"
              << "keys:  " << outputDir << "/ipsec-three-flows.esp_sa\n";

    Simulator::Destroy();
    return 0;
}
