/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A road warrior behind a NAT keeps a VPN to a security gateway: how often must it send NAT
// keepalives (RFC 3948 section 4) for traffic pushed to it to get through?
//
//   rw 192.168.1.2 --- nat 192.168.1.1 | 203.0.113.1 --- 203.0.113.2 gw 10.1.0.1 --- server
//                                                                                  10.1.0.2
//
// The road warrior protects its traffic with the server's subnet by a tunnel-mode ESP SA pair
// in UDP with the gateway (NAT traversal). At 1 s it sends one datagram to the server (standing
// in for the IKE exchange: it creates the NAT mapping and tells the gateway its mapped port);
// from 2 s the server pushes one datagram a second to the road warrior, which sends nothing
// more, except its keepalives (and, with --uplinkInterval, a datagram every so often).
//
// The NAT forgets a UDP mapping after --natTimeout seconds without an outbound packet (RFC 4787
// REQ-5 asks for at least 120 s; many home routers use 30-60 s). Keepalives more frequent than
// that keep the mapping alive and every pushed datagram arrives. Less frequent ones do not: the
// mapping expires, the gateway's ESP meets no mapping at the NAT and is lost, and when the next
// keepalive creates a new mapping on another port, the gateway still sends to the old one (a
// keepalive carries no ESP, so the gateway cannot learn the new port from it).
//
// Output: one CSV row per run (natTimeout, keepalive, pushed, delivered, fraction, ...). With
// --sweep, the grid of NAT timeouts {30, 60, 120} s and keepalive intervals {off, 10, 20, 30,
// 45, 60, 90, 120, 180} s is run and written to <outputDir>/ipsec-nat-keepalive.csv, which
// examples/ipsec-nat-keepalive-plot.py turns into a figure. A single run with --pcap captures
// the NAT's outside link (ipsec-nat-keepalive-outside.pcap, with ipsec-nat-keepalive.esp_sa for
// Wireshark) and dumps the NAT's mappings and the gateway's SAs
// (ipsec-nat-keepalive-nat-table.txt).
//
//   ./build/ipsec-nat-keepalive --natTimeout=30 --keepalive=20
//   ./build/ipsec-nat-keepalive --sweep --outputDir=nat-out
//   /usr/bin/python3 examples/ipsec-nat-keepalive-plot.py nat-out/ipsec-nat-keepalive.csv

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <fstream>
#include <iostream>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecNatKeepalive");

namespace
{

constexpr uint16_t PUSH_PORT = 9000;

/// What one run measured.
struct RunResult
{
    double natTimeout = 0;
    double keepalive = 0;
    uint32_t pushed = 0;
    uint32_t delivered = 0;
    uint64_t keepalivesSent = 0;
    uint64_t mappingsCreated = 0;
    uint64_t mappingsExpired = 0;
    uint64_t mappingChangesAtGateway = 0;
    Time lastDelivery;

    static std::string Header()
    {
        return "nat_timeout_s,keepalive_s,pushed,delivered,delivered_fraction,keepalives_sent,"
               "nat_mappings_created,nat_mappings_expired,gw_mapping_changes,last_delivery_s";
    }

    std::string Row() const
    {
        std::ostringstream os;
        os << natTimeout << "," << keepalive << "," << pushed << "," << delivered << ","
           << (pushed ? double(delivered) / pushed : 0.0) << "," << keepalivesSent << ","
           << mappingsCreated << "," << mappingsExpired << "," << mappingChangesAtGateway << ","
           << lastDelivery.GetSeconds();
        return os.str();
    }
};

/// Build the scenario, run it for @p duration, and count.
RunResult
RunOnce(double natTimeout,
        double keepalive,
        double duration,
        double uplinkInterval,
        const std::string& portAllocation,
        const std::string& pcapPrefix)
{
    RunResult result;
    result.natTimeout = natTimeout;
    result.keepalive = keepalive;

    NodeContainer nodes;
    nodes.Create(4);
    Ptr<Node> rw = nodes.Get(0);
    Ptr<Node> nat = nodes.Get(1);
    Ptr<Node> gw = nodes.Get(2);
    Ptr<Node> server = nodes.Get(3);

    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    link.SetChannelAttribute("Delay", StringValue("5ms"));
    NetDeviceContainer home = link.Install(rw, nat);
    NetDeviceContainer internet = link.Install(nat, gw);
    NetDeviceContainer office = link.Install(gw, server);

    InternetStackHelper stack;
    stack.Install(nodes);
    Ipv4AddressHelper address;
    address.SetBase("192.168.1.0", "255.255.255.0", "0.0.0.2");
    address.Assign(NetDeviceContainer(home.Get(0)));
    address.SetBase("192.168.1.0", "255.255.255.0", "0.0.0.1");
    address.Assign(NetDeviceContainer(home.Get(1)));
    address.SetBase("203.0.113.0", "255.255.255.0");
    address.Assign(internet);
    address.SetBase("10.1.0.0", "255.255.255.0");
    address.Assign(office);
    const Ipv4Address rwAddress("192.168.1.2");
    const Ipv4Address natPublic("203.0.113.1");
    const Ipv4Address gwAddress("203.0.113.2");
    const Ipv4Address serverAddress("10.1.0.2");

    // Routes: the home network reaches everything through the NAT, the NAT through the
    // gateway, the server through the gateway. Nobody outside has a route to 192.168.1.0/24:
    // only the tunnel reaches it.
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(rw->GetObject<Ipv4>())->SetDefaultRoute(Ipv4Address("192.168.1.1"), 1);
    routing.GetStaticRouting(nat->GetObject<Ipv4>())->SetDefaultRoute(gwAddress, 2);
    routing.GetStaticRouting(server->GetObject<Ipv4>())
        ->SetDefaultRoute(Ipv4Address("10.1.0.1"), 1);

    // IPsec on the road warrior and the gateway: tunnel-mode ESP in UDP, request ID 1.
    Config::SetDefault("ns3::IpsecUdpEncapsulation::KeepaliveInterval",
                       TimeValue(Seconds(keepalive)));
    IpsecHelper ipsec;
    ipsec.Install(NodeContainer(rw, gw));
    IpsecTrafficSelector rwSelector;
    rwSelector.SetLocalPrefix(rwAddress, Ipv4Mask("255.255.255.255"))
        .SetRemotePrefix(Ipv4Address("10.1.0.0"), Ipv4Mask("255.255.255.0"));
    auto rwPolicy = Create<IpsecPolicy>(rwSelector, IpsecAction::PROTECT);
    rwPolicy->SetProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL)
        .SetTunnelEndpoints(rwAddress, gwAddress)
        .SetReqid(1);
    ipsec.AddPolicy(rw, rwPolicy);
    IpsecTrafficSelector gwSelector;
    gwSelector.SetLocalPrefix(Ipv4Address("10.1.0.0"), Ipv4Mask("255.255.255.0"))
        .SetRemotePrefix(rwAddress, Ipv4Mask("255.255.255.255"));
    auto gwPolicy = Create<IpsecPolicy>(gwSelector, IpsecAction::PROTECT);
    gwPolicy->SetProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL)
        .SetTunnelEndpoints(gwAddress, natPublic)
        .SetReqid(1);
    ipsec.AddPolicy(gw, gwPolicy);
    IpsecEspSaConfig sa;
    sa.encryption = IpsecEncryption::AES_GCM_ICV16;
    sa.mode = IpsecMode::TUNNEL;
    sa.reqid = 1;
    IpsecNatTraversalConfig natt;
    natt.natAddress = natPublic; // the gateway's first guess of the mapped port: 4500
    ipsec.AddEspSaPairThroughNat(rw, rwAddress, gw, gwAddress, sa, natt);

    // The NAT, installed once the routes are in place.
    Ipv4NaptHelper naptHelper;
    naptHelper.SetAttribute("UdpTimeout", TimeValue(Seconds(natTimeout)));
    naptHelper.SetAttribute("PortAllocation", StringValue(portAllocation));
    Ptr<Ipv4Napt> napt = naptHelper.Install(internet.Get(0), {home.Get(1)});
    ipsec.AssignStreams(nodes, 1);
    Ipv4NaptHelper::AssignStreams(nodes, 100);

    napt->TraceConnectWithoutContext("MappingCreated",
                                     MakeCallback(+[](uint64_t* n, const Ipv4NaptMapping&) {
                                         ++*n;
                                     }).Bind(&result.mappingsCreated));
    napt->TraceConnectWithoutContext("MappingExpired",
                                     MakeCallback(+[](uint64_t* n, const Ipv4NaptMapping&) {
                                         ++*n;
                                     }).Bind(&result.mappingsExpired));
    gw->GetObject<IpsecLayer>()->TraceConnectWithoutContext(
        "NatMappingChanged",
        MakeCallback(+[](uint64_t* n,
                         Ptr<const SecurityAssociation>,
                         const IpsecAddress&,
                         uint16_t) {
            ++*n;
        }).Bind(&result.mappingChangesAtGateway));

    // The applications: one datagram up at 1 s (and every uplinkInterval), one down a second.
    Ptr<Socket> sink = Socket::CreateSocket(rw, UdpSocketFactory::GetTypeId());
    sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), PUSH_PORT));
    sink->SetRecvCallback(MakeCallback(+[](RunResult* r, Ptr<Socket> s) {
                              while (s->Recv())
                              {
                                  ++r->delivered;
                                  r->lastDelivery = Simulator::Now();
                              }
                          }).Bind(&result));
    Ptr<Socket> serverSink = Socket::CreateSocket(server, UdpSocketFactory::GetTypeId());
    serverSink->Bind(InetSocketAddress(Ipv4Address::GetAny(), PUSH_PORT));
    Ptr<Socket> up = Socket::CreateSocket(rw, UdpSocketFactory::GetTypeId());
    up->Connect(InetSocketAddress(serverAddress, PUSH_PORT));
    for (double t = 1; t<duration; t += uplinkInterval> 0 ? uplinkInterval : duration)
    {
        Simulator::Schedule(Seconds(t), [up]() { up->Send(Create<Packet>(100)); });
    }
    Ptr<Socket> push = Socket::CreateSocket(server, UdpSocketFactory::GetTypeId());
    push->Connect(InetSocketAddress(rwAddress, PUSH_PORT));
    for (double t = 2; t < duration; t += 1)
    {
        ++result.pushed;
        Simulator::Schedule(Seconds(t), [push]() { push->Send(Create<Packet>(200)); });
    }

    if (!pcapPrefix.empty())
    {
        link.EnablePcap(pcapPrefix + "-outside.pcap", internet.Get(1), true, true);
        ipsec.WriteWiresharkEspSa(pcapPrefix + ".esp_sa");
    }

    Simulator::Stop(Seconds(duration));
    Simulator::Run();
    result.keepalivesSent = rw->GetObject<IpsecLayer>()->GetUdpEncapsulation()->GetKeepalivesSent();
    if (!pcapPrefix.empty())
    {
        std::ofstream dump(pcapPrefix + "-nat-table.txt");
        napt->PrintMappings(dump);
        IpsecHelper::Print(gw, dump);
    }
    Simulator::Destroy();
    return result;
}

} // namespace

int
main(int argc, char* argv[])
{
    double natTimeout = 30;
    double keepalive = 20;
    double duration = 600;
    double uplinkInterval = 0;
    std::string portAllocation = "Preserve";
    bool sweep = false;
    bool pcap = false;
    std::string outputDir = ".";

    CommandLine cmd(__FILE__);
    cmd.AddValue("natTimeout", "The NAT's UDP mapping timeout (s)", natTimeout);
    cmd.AddValue("keepalive", "The road warrior's NAT keepalive interval (s; 0: none)", keepalive);
    cmd.AddValue("duration", "Simulated time (s)", duration);
    cmd.AddValue("uplinkInterval",
                 "Seconds between the road warrior's own datagrams after the first (0: none)",
                 uplinkInterval);
    cmd.AddValue("portAllocation", "The NAT's PortAllocation: Preserve or Random", portAllocation);
    cmd.AddValue("sweep", "Run the grid of NAT timeouts and keepalive intervals", sweep);
    cmd.AddValue("pcap", "Capture the NAT's outside link (single runs)", pcap);
    cmd.AddValue("outputDir", "Where the CSV (and captures) go", outputDir);
    cmd.Parse(argc, argv);

    if (natTimeout <= 0 || keepalive < 0 || duration <= 2 || uplinkInterval < 0)
    {
        std::cerr << "natTimeout and duration (> 2) must be positive, keepalive and "
                     "uplinkInterval not negative\n";
        return 1;
    }
    std::vector<RunResult> results;
    if (sweep)
    {
        for (double timeout : {30.0, 60.0, 120.0})
        {
            for (double interval : {0.0, 10.0, 20.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0})
            {
                results.push_back(
                    RunOnce(timeout, interval, duration, uplinkInterval, portAllocation, ""));
            }
        }
    }
    else
    {
        SystemPath::MakeDirectories(outputDir);
        results.push_back(RunOnce(natTimeout,
                                  keepalive,
                                  duration,
                                  uplinkInterval,
                                  portAllocation,
                                  pcap ? outputDir + "/ipsec-nat-keepalive" : ""));
    }
    std::cout << RunResult::Header() << "\n";
    for (const auto& r : results)
    {
        std::cout << r.Row() << "\n";
    }
    if (sweep)
    {
        SystemPath::MakeDirectories(outputDir);
        const std::string csv = outputDir + "/ipsec-nat-keepalive.csv";
        std::ofstream out(csv);
        out << RunResult::Header() << "\n";
        for (const auto& r : results)
        {
            out << r.Row() << "\n";
        }
        std::cerr << "wrote " << csv << "\n";
    }
    return 0;
}
