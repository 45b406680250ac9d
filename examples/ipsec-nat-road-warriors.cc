/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Several road warriors behind one NAPT reach the same security gateway at once.
//
//   rw1 192.168.1.2  +
//   rw2 192.168.1.3 -+-- nat 192.168.1.1 | 203.0.113.1 --- 203.0.113.2 gw 10.1.0.1 --- server
//   rw3 192.168.1.4  +     (CSMA LAN inside)                                         10.1.0.2
//
// Each road warrior has a tunnel-mode ESP SA pair in UDP (RFC 3948) with the gateway and runs a
// UDP echo with the server through it. To the gateway they all come from the NAT's one public
// address, and all from port 4500 inside: the NAT gives the first its own port (with port
// preservation) and the others other ports. The gateway tells them apart by SPI inbound and by
// request ID outbound (one per road warrior, on its SAs and its policy), and learns each mapped
// port from the first authenticated packet (IpsecLayer::FollowNatMapping), since it can only
// guess them beforehand.
//
// Checksums are on, so every translated and decapsulated packet is checked by the receiving
// stacks. The NAT's outside link is captured with the Wireshark ESP SA file
// (ipsec-nat-road-warriors.esp_sa): Wireshark decodes ESP in UDP on port 4500 by itself and
// decrypts it (ipsec-nat-road-warriors-outside.pcap); the inside LAN is captured too
// (ipsec-nat-road-warriors-inside.pcap).
//
//   ./build/ipsec-nat-road-warriors --hosts=3 --mapping=AddressAndPortDependent
//       --filtering=AddressAndPortDependent --portAllocation=Random --outputDir=rw-out

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <fstream>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecNatRoadWarriors");

int
main(int argc, char* argv[])
{
    uint32_t hosts = 3;
    uint32_t packets = 10;
    std::string mapping = "EndpointIndependent";
    std::string filtering = "AddressAndPortDependent";
    std::string portAllocation = "Preserve";
    std::string outputDir = ".";
    bool checksums = true;

    CommandLine cmd(__FILE__);
    cmd.AddValue("hosts", "Road warriors behind the NAT (1-250)", hosts);
    cmd.AddValue("packets", "Echo requests per road warrior", packets);
    cmd.AddValue("mapping", "NAT mapping behaviour (RFC 4787)", mapping);
    cmd.AddValue("filtering", "NAT filtering behaviour (RFC 4787)", filtering);
    cmd.AddValue("portAllocation", "NAT port allocation: Preserve or Random", portAllocation);
    cmd.AddValue("checksums", "Compute and check IP, UDP and TCP checksums", checksums);
    cmd.AddValue("outputDir", "Where the captures, key file and tables go", outputDir);
    cmd.Parse(argc, argv);
    if (hosts < 1 || hosts > 250 || packets < 1)
    {
        std::cerr << "hosts must be 1-250 and packets at least 1\n";
        return 1;
    }
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(checksums));
    SystemPath::MakeDirectories(outputDir);

    NodeContainer warriors;
    warriors.Create(hosts);
    Ptr<Node> nat = CreateObject<Node>();
    Ptr<Node> gw = CreateObject<Node>();
    Ptr<Node> server = CreateObject<Node>();

    CsmaHelper lan;
    lan.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    lan.SetChannelAttribute("Delay", TimeValue(MicroSeconds(50)));
    NetDeviceContainer home = lan.Install(NodeContainer(NodeContainer(nat), warriors));
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    link.SetChannelAttribute("Delay", StringValue("5ms"));
    NetDeviceContainer internet = link.Install(nat, gw);
    NetDeviceContainer office = link.Install(gw, server);

    InternetStackHelper stack;
    stack.Install(NodeContainer(warriors, NodeContainer(nat, gw, server)));
    Ipv4AddressHelper address("192.168.1.0", "255.255.255.0");
    Ipv4InterfaceContainer homeIfs = address.Assign(home); // the NAT is 192.168.1.1
    address.SetBase("203.0.113.0", "255.255.255.0");
    address.Assign(internet);
    address.SetBase("10.1.0.0", "255.255.255.0");
    address.Assign(office);
    const Ipv4Address natPublic("203.0.113.1");
    const Ipv4Address gwAddress("203.0.113.2");
    const Ipv4Address serverAddress("10.1.0.2");

    Ipv4StaticRoutingHelper routing;
    for (uint32_t i = 0; i < hosts; ++i)
    {
        routing.GetStaticRouting(warriors.Get(i)->GetObject<Ipv4>())
            ->SetDefaultRoute(Ipv4Address("192.168.1.1"), 1);
    }
    routing.GetStaticRouting(nat->GetObject<Ipv4>())->SetDefaultRoute(gwAddress, 2);
    routing.GetStaticRouting(server->GetObject<Ipv4>())
        ->SetDefaultRoute(Ipv4Address("10.1.0.1"), 1);

    // IPsec: each road warrior's tunnel to the gateway, bound to its own request ID.
    IpsecHelper ipsec;
    ipsec.Install(NodeContainer(warriors, NodeContainer(gw)));
    const Ipv4Mask host("255.255.255.255");
    const Ipv4Mask subnet("255.255.255.0");
    for (uint32_t i = 0; i < hosts; ++i)
    {
        const Ipv4Address rwAddress = homeIfs.GetAddress(i + 1);
        const uint32_t reqid = i + 1;
        IpsecTrafficSelector rwSelector;
        rwSelector.SetLocalPrefix(rwAddress, host).SetRemotePrefix(Ipv4Address("10.1.0.0"), subnet);
        auto rwPolicy = Create<IpsecPolicy>(rwSelector, IpsecAction::PROTECT);
        rwPolicy->SetProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL)
            .SetTunnelEndpoints(rwAddress, gwAddress)
            .SetReqid(reqid);
        ipsec.AddPolicy(warriors.Get(i), rwPolicy);
        IpsecTrafficSelector gwSelector;
        gwSelector.SetLocalPrefix(Ipv4Address("10.1.0.0"), subnet).SetRemotePrefix(rwAddress, host);
        auto gwPolicy = Create<IpsecPolicy>(gwSelector, IpsecAction::PROTECT);
        gwPolicy->SetProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL)
            .SetTunnelEndpoints(gwAddress, natPublic)
            .SetReqid(reqid);
        ipsec.AddPolicy(gw, gwPolicy);

        IpsecEspSaConfig sa;
        sa.encryption = IpsecEncryption::AES_CBC;
        sa.integrity = IpsecIntegrity::HMAC_SHA256_128;
        sa.mode = IpsecMode::TUNNEL;
        sa.reqid = reqid;
        IpsecNatTraversalConfig natt;
        natt.natAddress = natPublic; // the mapped port is a guess (4500) the first packet fixes
        ipsec.AddEspSaPairThroughNat(warriors.Get(i), rwAddress, gw, gwAddress, sa, natt);
    }

    Ipv4NaptHelper naptHelper;
    naptHelper.SetAttribute("MappingBehavior", StringValue(mapping));
    naptHelper.SetAttribute("FilteringBehavior", StringValue(filtering));
    naptHelper.SetAttribute("PortAllocation", StringValue(portAllocation));
    Ptr<Ipv4Napt> napt = naptHelper.Install(internet.Get(0), {home.Get(0)});
    NodeContainer all(warriors, NodeContainer(nat, gw, server));
    ipsec.AssignStreams(all, 1);
    Ipv4NaptHelper::AssignStreams(all, 1000);

    // Echo traffic: each road warrior in turn, so that they overlap.
    UdpEchoServerHelper echoServer(7);
    echoServer.Install(server).Start(Seconds(0.5));
    std::vector<uint32_t> echoes(hosts, 0);
    for (uint32_t i = 0; i < hosts; ++i)
    {
        UdpEchoClientHelper client(serverAddress, 7);
        client.SetAttribute("MaxPackets", UintegerValue(packets));
        client.SetAttribute("Interval", TimeValue(Seconds(0.5)));
        client.SetAttribute("PacketSize", UintegerValue(200));
        ApplicationContainer app = client.Install(warriors.Get(i));
        app.Start(Seconds(1 + 0.1 * i));
        app.Get(0)->TraceConnectWithoutContext(
            "Rx",
            MakeCallback(+[](uint32_t* n, Ptr<const Packet>) { ++*n; }).Bind(&echoes[i]));
    }

    const std::string prefix = outputDir + "/ipsec-nat-road-warriors";
    // The gateway's side of the NAT link, and the NAT's side of the LAN.
    link.EnablePcap(prefix + "-outside.pcap", internet.Get(1), true, true);
    lan.EnablePcap(prefix + "-inside.pcap", home.Get(0), true, true);
    ipsec.WriteWiresharkEspSa(prefix + ".esp_sa");

    Simulator::Stop(Seconds(2 + 0.1 * hosts + 0.5 * packets));
    Simulator::Run();

    bool allEchoed = true;
    for (uint32_t i = 0; i < hosts; ++i)
    {
        std::cout << "road warrior " << i + 1 << " " << homeIfs.GetAddress(i + 1) << ": sent "
                  << packets << ", echoes " << echoes[i] << "\n";
        allEchoed = allEchoed && echoes[i] == packets;
    }
    std::cout << "NAT: " << napt->GetOutboundTranslations() << " out, "
              << napt->GetInboundTranslations() << " in, " << napt->GetTotalDrops() << " dropped\n";
    std::ofstream tables(prefix + "-tables.txt");
    napt->PrintMappings(tables);
    IpsecHelper::Print(gw, tables);
    napt->PrintMappings(std::cout);
    Simulator::Destroy();
    std::cout << (allEchoed ? "every echo came back" : "ECHOES MISSING") << "\n";
    return allEchoed ? 0 : 2;
}
