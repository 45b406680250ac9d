/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Two IPv6 hosts on an Ethernet-like (CSMA) link, with Neighbor Discovery, protecting all
// traffic between their addresses: a UDP echo flow and a TCP transfer.
//
//   n0 fd00:1::200:ff:fe00:1 ----- CSMA ----- fd00:1::200:ff:fe00:2 n1
//   echo client, TCP sender                 echo server, TCP sink
//
// One policy per host selects everything its address sends or receives (raddr any, ulp
// any), so the echo requests and replies and the TCP segments all travel in ESP (or AH, or ESP
// inside AH with
// --protocol=esp+ah); --mode=tunnel carries them in tunnel mode between the same addresses.
// The link's Neighbor Discovery (ICMPv6 types 133-137, and MLD) flows in the clear: the
// IpsecLayer's BypassIcmpv6LinkControl attribute, on by default, lets it past the SPD.
// Run with --ndBypass=false to see the link break: a host's Neighbor Solicitation, from its
// address to the peer's solicited-node multicast group, now falls under that policy, needs
// an SA to the group, finds none, and is dropped (no-outbound-sa): nothing is delivered.
//
// Writes ipsec-ipv6-host-to-host-<node>-<device>.pcap and ipsec-ipv6-host-to-host.esp_sa to
// --outputDir (open the capture decrypted in Wireshark as README.md explains) and prints
// what was delivered. The exit status is 0 when every request was answered.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"

#include <filesystem>
#include <iostream>

using namespace ns3;

namespace
{
/// Counts a trace's packets ("RxWithAddresses": the same signature in ns-3.37 and later).
void
Count(uint32_t* count, Ptr<const Packet>, const Address&, const Address&)
{
    ++*count;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir = ".";
    std::string encryption = "aes-gcm16";
    std::string integrity = "default";
    std::string protocolName = "esp";
    std::string modeName = "transport";
    uint32_t packets = 4;
    uint32_t tcpBytes = 20000;
    bool ndBypass = true;

    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Where pcaps and the esp_sa key file go", outputDir);
    cmd.AddValue("encryption", "ESP encryption algorithm", encryption);
    cmd.AddValue("integrity",
                 "Integrity algorithm (default: none for combined-mode ciphers, "
                 "hmac-sha256 otherwise and for AH)",
                 integrity);
    cmd.AddValue("protocol", "esp, ah, or esp+ah (ESP inside AH)", protocolName);
    cmd.AddValue("mode", "transport or tunnel", modeName);
    cmd.AddValue("packets", "UDP echo requests", packets);
    cmd.AddValue("tcpBytes", "Bytes of the TCP transfer", tcpBytes);
    cmd.AddValue("ndBypass", "Let Neighbor Discovery and MLD past the SPD", ndBypass);
    cmd.Parse(argc, argv);

    const EncryptionAlgorithmInfo* enc = IpsecAlgorithmRegistry::FindEncryption(encryption);
    const bool useAh = protocolName == "ah";
    const bool bundle = protocolName == "esp+ah";
    if (enc && integrity == "default")
    {
        integrity = enc->aead && !useAh ? "none" : "hmac-sha256";
    }
    const IntegrityAlgorithmInfo* auth = IpsecAlgorithmRegistry::FindIntegrity(integrity);
    if (!enc || !auth || (protocolName != "esp" && !useAh && !bundle) ||
        (modeName != "transport" && modeName != "tunnel"))
    {
        std::cerr << "ipsec-ipv6-host-to-host: unknown algorithm, protocol or mode\n";
        return 2;
    }
    const IpsecMode mode = modeName == "tunnel" ? IpsecMode::TUNNEL : IpsecMode::TRANSPORT;
    std::error_code mkdirError;
    std::filesystem::create_directories(outputDir, mkdirError);

    // Wireshark checks UDP and ICMPv6 checksums; ns-3 writes zeros unless told otherwise.
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    NodeContainer nodes;
    nodes.Create(2);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(50)));
    NetDeviceContainer devices = csma.Install(nodes);
    InternetStackHelper internet;
    internet.SetIpv4StackInstall(false);
    internet.Install(nodes);
    Ipv6AddressHelper addresses(Ipv6Address("fd00:1::"), Ipv6Prefix(64));
    Ipv6InterfaceContainer ifaces = addresses.Assign(devices);
    const Ipv6Address a = ifaces.GetAddress(0, 1);
    const Ipv6Address b = ifaces.GetAddress(1, 1);

    // --- IPsec: every protocol between the two addresses is protected.
    IpsecHelper ipsec;
    ipsec.SetLayerAttribute("BypassIcmpv6LinkControl", BooleanValue(ndBypass));
    ipsec.Install(nodes);
    ipsec.AssignStreams(nodes, 100);
    for (uint32_t i = 0; i < 2; ++i)
    {
        IpsecTrafficSelector all; // this host's address to anywhere, any protocol
        all.SetLocalPrefix(i == 0 ? a : b, Ipv6Prefix(128));
        auto policy = Create<IpsecPolicy>(all, IpsecAction::PROTECT);
        policy->SetProtection(useAh ? IpsecProtocol::AH : IpsecProtocol::ESP, mode);
        if (mode == IpsecMode::TUNNEL)
        {
            policy->SetTunnelEndpoints(i == 0 ? a : b, i == 0 ? b : a);
        }
        if (bundle)
        {
            policy->AddProtection(IpsecProtocol::AH, IpsecMode::TRANSPORT);
        }
        ipsec.AddPolicy(nodes.Get(i), policy);
    }
    if (useAh)
    {
        IpsecAhSaConfig ah;
        ah.integrity = auth->id;
        ah.mode = mode;
        ipsec.AddAhSaPair(nodes.Get(0), a, nodes.Get(1), b, ah);
    }
    else
    {
        IpsecEspSaConfig esp;
        esp.encryption = enc->id;
        esp.integrity = auth->id;
        esp.mode = mode;
        ipsec.AddEspSaPair(nodes.Get(0), a, nodes.Get(1), b, esp);
        if (bundle)
        {
            IpsecAhSaConfig ah; // HMAC-SHA-256-128, transport mode around the ESP
            ipsec.AddAhSaPair(nodes.Get(0), a, nodes.Get(1), b, ah);
        }
    }

    // --- Traffic: UDP echo and ping, both ways protected.
    UdpEchoServerHelper server(9);
    ApplicationContainer s = server.Install(nodes.Get(1));
    uint32_t served = 0;
    s.Get(0)->TraceConnectWithoutContext("RxWithAddresses", MakeBoundCallback(&Count, &served));
    UdpEchoClientHelper client(b, 9);
    client.SetAttribute("MaxPackets", UintegerValue(packets));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(200)));
    client.SetAttribute("PacketSize", UintegerValue(300));
    ApplicationContainer c = client.Install(nodes.Get(0));
    uint32_t echoed = 0;
    c.Get(0)->TraceConnectWithoutContext("RxWithAddresses", MakeBoundCallback(&Count, &echoed));
    c.Start(Seconds(1));
    // A TCP transfer: its segments and acknowledgements, both ways, are protected too.
    const uint16_t tcpPort = 5001;
    PacketSinkHelper sink("ns3::TcpSocketFactory",
                          Inet6SocketAddress(Ipv6Address::GetAny(), tcpPort));
    ApplicationContainer k = sink.Install(nodes.Get(1));
    BulkSendHelper bulk("ns3::TcpSocketFactory", Inet6SocketAddress(b, tcpPort));
    bulk.SetAttribute("MaxBytes", UintegerValue(tcpBytes));
    ApplicationContainer t = bulk.Install(nodes.Get(0));
    t.Start(Seconds(1.1));

    csma.EnablePcapAll(outputDir + "/ipsec-ipv6-host-to-host");
    ipsec.WriteWiresharkEspSa(outputDir + "/ipsec-ipv6-host-to-host.esp_sa");
    Simulator::Stop(Seconds(2 + 0.2 * packets));
    Simulator::Run();

    std::cout << "IPv6 " << protocolName << " " << modeName << " mode"
              << (useAh ? " " + integrity : " " + encryption + " / " + integrity)
              << (ndBypass ? "" : ", Neighbor Discovery subject to policy") << "\n"
              << "udp echo: " << packets << " requests, " << served << " served, " << echoed
              << " echoed\n"
              << "tcp:      " << tcpBytes << " bytes sent, "
              << DynamicCast<PacketSink>(k.Get(0))->GetTotalRx() << " received\n";
    const auto& counters = nodes.Get(0)->GetObject<IpsecLayer>()->GetCounters();
    std::cout << "n0: " << counters.protectedOut << " protected out, " << counters.protectedIn
              << " protected in, " << counters.clearOut << " clear out, "
              << counters.GetDrops(IpsecDropReason::NO_OUTBOUND_SA) << " without an SA\n";
    IpsecHelper::Print(nodes.Get(0), std::cout);
    std::cout << "capture: " << outputDir << "/ipsec-ipv6-host-to-host-0-0.pcap\n"
              << "keys:    " << outputDir << "/ipsec-ipv6-host-to-host.esp_sa\n";
    const bool ok =
        echoed == packets && DynamicCast<PacketSink>(k.Get(0))->GetTotalRx() == tcpBytes;
    Simulator::Destroy();
    return ok ? 0 : 1;
}
