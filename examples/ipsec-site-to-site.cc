/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A site-to-site VPN: two security gateways join two subnets over an untrusted core link.
//
//   hostA 10.1.0.1 -- 10.1.0.2 gwA 192.0.2.1 ==== 192.0.2.2 gwB 10.2.0.1 -- 10.2.0.2 hostB
//          site A                        ESP tunnel mode                      site B
//
// hostA sends UDP echo requests to hostB. The hosts run no IPsec at all; the gateways'
// policies select traffic between 10.1.0.0/24 and 10.2.0.0/24 and carry it in an ESP
// tunnel between their core addresses. The capture of the core link shows only ESP between
// 192.0.2.1 and 192.0.2.2; decrypted (the key file below), each packet holds the hosts'
// IPv4 packet. The site links carry the hosts' packets in the clear.
//
// Either side of the tunnel may be IPv6: --sites=6 gives the sites fd00:a::/64 and
// fd00:b::/64, --core=6 the core link fd00:ff::/64, so the four combinations are
// IPv4 in IPv4, IPv6 in IPv6, IPv4 in IPv6 (4-in-6) and IPv6 in IPv4 (6-in-4). With a core of
// the other version than the sites, the gateways have no route between the sites at all:
// the tunnel policy is what joins them. (Unique local prefixes, not the documentation prefix
// 2001:db8::/32: ns-3's IPv6 forwarding drops packets to the latter.)
//
// Writes ipsec-site-to-site-<node>-<device>.pcap and ipsec-site-to-site.esp_sa to
// --outputDir. Options: --encryption, --integrity, --protocol=esp|ah, --packets,
// --sites=4|6, --core=4|6.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <filesystem>
#include <iostream>

using namespace ns3;

namespace
{

/// Counts the echoes hostA receives.
void
CountEcho(uint32_t* count, Ptr<const Packet>)
{
    ++*count;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir = ".";
    std::string encryption = "aes-cbc";
    std::string integrity = "hmac-sha256";
    std::string protocolName = "esp";
    uint32_t packets = 4;
    uint32_t sitesVersion = 4;
    uint32_t coreVersion = 4;
    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Where pcaps and the key file go", outputDir);
    cmd.AddValue("encryption", "ESP encryption algorithm (ESP only)", encryption);
    cmd.AddValue("integrity", "Integrity algorithm (none for combined-mode ESP)", integrity);
    cmd.AddValue("protocol", "esp or ah", protocolName);
    cmd.AddValue("packets", "Echo requests", packets);
    cmd.AddValue("sites", "IP version of the sites and hosts (4 or 6)", sitesVersion);
    cmd.AddValue("core",
                 "IP version of the core link, the tunnel's outer header (4 or 6)",
                 coreVersion);
    cmd.Parse(argc, argv);

    const EncryptionAlgorithmInfo* enc = IpsecAlgorithmRegistry::FindEncryption(encryption);
    const IntegrityAlgorithmInfo* auth = IpsecAlgorithmRegistry::FindIntegrity(integrity);
    if (!enc || !auth || (protocolName != "esp" && protocolName != "ah"))
    {
        std::cerr << "ipsec-site-to-site: unknown algorithm or protocol\n";
        return 2;
    }
    if ((sitesVersion != 4 && sitesVersion != 6) || (coreVersion != 4 && coreVersion != 6))
    {
        std::cerr << "ipsec-site-to-site: --sites and --core take 4 or 6\n";
        return 2;
    }
    std::error_code mkdirError;
    std::filesystem::create_directories(outputDir, mkdirError);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    NodeContainer n;
    n.Create(4); // hostA, gwA, gwB, hostB
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer siteA = p2p.Install(n.Get(0), n.Get(1));
    NetDeviceContainer core = p2p.Install(n.Get(1), n.Get(2));
    NetDeviceContainer siteB = p2p.Install(n.Get(2), n.Get(3));
    InternetStackHelper internet;
    internet.Install(n);
    const bool sites6 = sitesVersion == 6;
    const bool core6 = coreVersion == 6;

    // --- Addresses. Each link gets the version it needs; hosts route everything via their
    // gateway, and the gateways know their own links only.
    Ptr<Ipv6> ipv6Gw[2] = {n.Get(1)->GetObject<Ipv6>(), n.Get(2)->GetObject<Ipv6>()};
    for (auto& ipv6 : ipv6Gw)
    {
        ipv6->SetAttribute("IpForward", BooleanValue(true)); // IPv4 forwards by default
    }
    IpsecAddress hostB;
    IpsecAddress gwCore[2];
    IpsecTrafficSelector sites; // seen from gwA: its site is local, gwB's is remote
    if (sites6)
    {
        Ipv6AddressHelper a(Ipv6Address("fd00:a::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ia = a.Assign(siteA);
        Ipv6AddressHelper b(Ipv6Address("fd00:b::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ib = b.Assign(siteB);
        Ipv6StaticRoutingHelper routing;
        routing.GetStaticRouting(n.Get(0)->GetObject<Ipv6>())
            ->SetDefaultRoute(ia.GetAddress(1, 1), 1);
        routing.GetStaticRouting(n.Get(3)->GetObject<Ipv6>())
            ->SetDefaultRoute(ib.GetAddress(0, 1), 1);
        hostB = ib.GetAddress(1, 1);
        sites.SetLocalPrefix(Ipv6Address("fd00:a::"), Ipv6Prefix(64))
            .SetRemotePrefix(Ipv6Address("fd00:b::"), Ipv6Prefix(64));
    }
    else
    {
        Ipv4AddressHelper a("10.1.0.0", "255.255.255.0");
        Ipv4InterfaceContainer ia = a.Assign(siteA);
        Ipv4AddressHelper b("10.2.0.0", "255.255.255.0");
        Ipv4InterfaceContainer ib = b.Assign(siteB);
        Ipv4StaticRoutingHelper routing;
        routing.GetStaticRouting(n.Get(0)->GetObject<Ipv4>())->SetDefaultRoute(ia.GetAddress(1), 1);
        routing.GetStaticRouting(n.Get(3)->GetObject<Ipv4>())->SetDefaultRoute(ib.GetAddress(0), 1);
        hostB = ib.GetAddress(1);
        sites.SetLocalPrefix(Ipv4Address("10.1.0.0"), Ipv4Mask("/24"))
            .SetRemotePrefix(Ipv4Address("10.2.0.0"), Ipv4Mask("/24"));
    }
    if (core6)
    {
        Ipv6AddressHelper c(Ipv6Address("fd00:ff::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ic = c.Assign(core);
        gwCore[0] = ic.GetAddress(0, 1);
        gwCore[1] = ic.GetAddress(1, 1);
    }
    else
    {
        Ipv4AddressHelper c("192.0.2.0", "255.255.255.0");
        Ipv4InterfaceContainer ic = c.Assign(core);
        gwCore[0] = ic.GetAddress(0);
        gwCore[1] = ic.GetAddress(1);
    }

    // --- IPsec on the gateways only: one tunnel-mode policy pair, one SA pair.
    IpsecHelper ipsec;
    NodeContainer gateways(n.Get(1), n.Get(2));
    ipsec.Install(gateways);
    ipsec.AssignStreams(gateways, 100);
    const bool ah = protocolName == "ah";
    ipsec.AddTunnelPolicyPair(n.Get(1),
                              gwCore[0],
                              n.Get(2),
                              gwCore[1],
                              sites,
                              ah ? IpsecProtocol::AH : IpsecProtocol::ESP);
    if (ah)
    {
        IpsecAhSaConfig config;
        config.mode = IpsecMode::TUNNEL;
        config.integrity = auth->id;
        ipsec.AddAhSaPair(n.Get(1), gwCore[0], n.Get(2), gwCore[1], config);
    }
    else
    {
        IpsecEspSaConfig config;
        config.mode = IpsecMode::TUNNEL;
        config.encryption = enc->id;
        config.integrity = auth->id;
        ipsec.AddEspSaPair(n.Get(1), gwCore[0], n.Get(2), gwCore[1], config);
    }

    UdpEchoServerHelper server(7);
    server.Install(n.Get(3)).Start(Seconds(0));
    UdpEchoClientHelper client(sites6 ? Address(hostB.GetIpv6()) : Address(hostB.GetIpv4()), 7);
    client.SetAttribute("MaxPackets", UintegerValue(packets));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(100)));
    client.SetAttribute("PacketSize", UintegerValue(200));
    ApplicationContainer app = client.Install(n.Get(0));
    app.Start(Seconds(1));
    uint32_t echoes = 0;
    app.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&CountEcho, &echoes));

    p2p.EnablePcapAll(outputDir + "/ipsec-site-to-site");
    ipsec.WriteWiresharkEspSa(outputDir + "/ipsec-site-to-site.esp_sa");
    Simulator::Stop(Seconds(2 + 0.1 * packets));
    Simulator::Run();

    std::cout << "site-to-site " << (ah ? "AH" : "ESP") << " tunnel, IPv" << sitesVersion
              << " in IPv" << coreVersion << ": " << packets << " requests, " << echoes
              << " echoes\n";
    for (uint32_t g = 1; g <= 2; ++g)
    {
        IpsecHelper::Print(n.Get(g), std::cout);
    }
    std::cout << "core capture: " << outputDir << "/ipsec-site-to-site-1-1.pcap\n"
              << "keys:         " << outputDir << "/ipsec-site-to-site.esp_sa\n";
    Simulator::Destroy();
    return echoes == packets ? 0 : 1;
}
