/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Two hosts behind an IPv4 NAPT talk to a server on the outside, no IPsec involved.
//
//   host0 10.1.1.1 ---\                          (public address)
//                      NAT 10.1.1.2 / 10.1.2.2 | 203.0.113.1 ------- server 203.0.113.2
//   host1 10.1.2.1 ---/
//
// Both hosts send UDP from the same local port to the server's echo port: with port
// preservation the first keeps its port, the second gets another one. The server only ever
// sees the NAT's public address. At the end the program prints the NAT's mapping table and
// its counters. --pcap=1 writes captures of every link (ipv4-napt-basic-<node>-<device>.pcap).
//
//   ./build/ipv4-napt-basic [--mapping=EndpointIndependent|AddressDependent|
//                            AddressAndPortDependent] [--filtering=...] [--pcap=1]

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string mapping = "EndpointIndependent";
    std::string filtering = "EndpointIndependent";
    bool pcap = false;
    CommandLine cmd(__FILE__);
    cmd.AddValue("mapping", "NAT mapping behaviour", mapping);
    cmd.AddValue("filtering", "NAT filtering behaviour", filtering);
    cmd.AddValue("pcap", "Write pcap captures", pcap);
    cmd.Parse(argc, argv);

    // Real checksums, so the receivers check that the NAT updated them correctly.
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    NodeContainer hosts;
    hosts.Create(2);
    Ptr<Node> nat = CreateObject<Node>();
    Ptr<Node> server = CreateObject<Node>();
    InternetStackHelper internet;
    internet.Install(hosts);
    internet.Install(nat);
    internet.Install(server);

    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer inside0 = p2p.Install(hosts.Get(0), nat);
    NetDeviceContainer inside1 = p2p.Install(hosts.Get(1), nat);
    NetDeviceContainer outside = p2p.Install(nat, server);

    Ipv4AddressHelper addresses;
    addresses.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer if0 = addresses.Assign(inside0);
    addresses.SetBase("10.1.2.0", "255.255.255.0");
    Ipv4InterfaceContainer if1 = addresses.Assign(inside1);
    addresses.SetBase("203.0.113.0", "255.255.255.0");
    Ipv4InterfaceContainer ifOut = addresses.Assign(outside);

    // The hosts route everything through the NAT; the server knows only its own link, as a
    // server on the Internet knows nothing of private addresses.
    Ipv4StaticRoutingHelper staticRouting;
    staticRouting.GetStaticRouting(hosts.Get(0)->GetObject<Ipv4>())
        ->SetDefaultRoute(if0.GetAddress(1), 1);
    staticRouting.GetStaticRouting(hosts.Get(1)->GetObject<Ipv4>())
        ->SetDefaultRoute(if1.GetAddress(1), 1);

    // The NAT: interface 3 (towards the server) is outside, 1 and 2 are inside.
    Ipv4NaptHelper naptHelper;
    naptHelper.SetAttribute("MappingBehavior", StringValue(mapping));
    naptHelper.SetAttribute("FilteringBehavior", StringValue(filtering));
    Ptr<Ipv4Napt> napt = naptHelper.Install(nat, 3, {1, 2});
    napt->AssignStreams(1);
    napt->TraceConnectWithoutContext(
        "MappingCreated",
        Callback<void, const Ipv4NaptMapping&>([](const Ipv4NaptMapping& m) {
            std::cout << Simulator::Now().GetSeconds() << " s: new " << m.ProtocolName()
                      << " mapping " << m.internalAddress << ":" << m.internalPort << " -> "
                      << m.externalAddress << ":" << m.externalPort << "\n";
        }));

    const uint16_t echoPort = 7;
    UdpEchoServerHelper echoServer(echoPort);
    echoServer.Install(server).Start(Seconds(0));
    uint32_t echoes = 0;
    for (uint32_t i = 0; i < 2; ++i)
    {
        // Same local port on both hosts: the NAT has to give the second another one.
        Ptr<Socket> socket = Socket::CreateSocket(hosts.Get(i), UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000));
        socket->SetRecvCallback(Callback<void, Ptr<Socket>>([&echoes](Ptr<Socket> s) {
            while (s->Recv())
            {
                ++echoes;
            }
        }));
        const InetSocketAddress to(ifOut.GetAddress(1), echoPort);
        for (uint32_t k = 0; k < 3; ++k)
        {
            Simulator::Schedule(Seconds(1 + i * 0.5 + k),
                                [socket, to]() { socket->SendTo(Create<Packet>(100), 0, to); });
        }
    }

    if (pcap)
    {
        p2p.EnablePcapAll("ipv4-napt-basic");
    }
    Simulator::Stop(Seconds(10));
    Simulator::Run();

    std::cout << "\nechoes received by the hosts: " << echoes << " of 6\n\n";
    napt->PrintMappings(std::cout);
    std::cout << "\noutbound translations " << napt->GetOutboundTranslations() << ", inbound "
              << napt->GetInboundTranslations() << ", dropped " << napt->GetTotalDrops() << "\n";
    Simulator::Destroy();
    return echoes == 6 ? 0 : 1;
}
