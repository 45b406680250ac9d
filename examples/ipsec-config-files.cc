/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Two hosts configured only from configuration files, as a system administrator configures
// the ipsec(4P) system: each host's policy from an ipsecinit.conf (ipsecconf(8) syntax) and
// the SAs from an ipseckey(8) command file, both shipped beside this example in
// examples/ipsec-config-files/. The files go through the same path as any key manager: the
// ipseckey commands become PF_KEY messages for the node's key engine, the ipsecconf entries
// enter the SPD through the engine's policy entry point.
//
//   A 10.1.1.1 ---------------- 10.1.1.2 B
//   echo clients to ports 9 (protected), 10 (bypassed), 11 (dropped)
//
// Writes ipsec-config-files-<node>-<device>.pcap and ipsec-config-files.esp_sa to
// --outputDir and prints what each flow delivered and both nodes' SPD and SAD. A bad line in
// either file stops the example with the file, line and reason (try --ipseckey=... with a
// broken copy).

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>

using namespace ns3;

namespace
{
std::map<uint16_t, uint32_t> g_echoed; //!< Echoes back at A, per port

void
CountEcho(uint16_t port, Ptr<const Packet>, const Address&, const Address&)
{
    ++g_echoed[port];
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string configDir = "examples/ipsec-config-files";
    std::string outputDir = ".";
    std::string ipseckeyFile;
    uint32_t packets = 4;
    CommandLine cmd(__FILE__);
    cmd.AddValue("configDir",
                 "Folder of host-a.ipsecinit.conf, host-b.ipsecinit.conf and "
                 "hosts.ipseckey (default: the repository's copy)",
                 configDir);
    cmd.AddValue("ipseckey",
                 "ipseckey file for both hosts (default: <configDir>/hosts.ipseckey)",
                 ipseckeyFile);
    cmd.AddValue("outputDir", "Where pcaps and the esp_sa key file go", outputDir);
    cmd.AddValue("packets", "Echo requests per flow", packets);
    cmd.Parse(argc, argv);
    if (ipseckeyFile.empty())
    {
        ipseckeyFile = configDir + "/hosts.ipseckey";
    }
    std::error_code mkdirError;
    std::filesystem::create_directories(outputDir, mkdirError);

    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    NetDeviceContainer devices = p2p.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifaces = addresses.Assign(devices);

    // --- IPsec: an empty layer on each host, then each host's two files.
    IpsecHelper ipsec;
    ipsec.Install(nodes);
    ipsec.AssignStreams(nodes, 100);
    const char* policyFile[] = {"host-a.ipsecinit.conf", "host-b.ipsecinit.conf"};
    for (uint32_t i = 0; i < 2; ++i)
    {
        std::string error =
            IpsecconfLoader::ApplyFile(nodes.Get(i), configDir + "/" + policyFile[i]);
        if (error.empty())
        {
            error = IpseckeyLoader::ApplyFile(nodes.Get(i), ipseckeyFile, nullptr);
        }
        if (!error.empty())
        {
            std::cerr << "ipsec-config-files: node " << i << ": configuration refused:\n" << error;
            return 2;
        }
    }

    for (uint16_t port : {9, 10, 11})
    {
        UdpEchoServerHelper server(port);
        server.Install(nodes.Get(1)).Start(Seconds(0.5));
        UdpEchoClientHelper client(ifaces.GetAddress(1), port);
        client.SetAttribute("MaxPackets", UintegerValue(packets));
        client.SetAttribute("Interval", TimeValue(Seconds(0.2)));
        ApplicationContainer c = client.Install(nodes.Get(0));
        c.Get(0)->TraceConnectWithoutContext("RxWithAddresses",
                                             MakeBoundCallback(&CountEcho, port));
        c.Start(Seconds(1.0 + 0.05 * (port - 9)));
    }

    p2p.EnablePcapAll(outputDir + "/ipsec-config-files");
    // The key file from the SAs the files installed (the helper only knows its own).
    std::ofstream keys(outputDir + "/ipsec-config-files.esp_sa");
    for (const auto& sa : nodes.Get(0)->GetObject<IpsecLayer>()->GetSad()->GetAll())
    {
        keys << WiresharkEspSa::FromSa(*sa).Format() << "\n";
    }
    keys.close();

    Simulator::Stop(Seconds(2 + 0.2 * packets));
    Simulator::Run();
    std::cout << "flow     policy    requests  echoed\n";
    const char* policyName[] = {"ipsec", "bypass", "drop"};
    for (uint16_t port : {9, 10, 11})
    {
        std::cout << std::left << std::setw(9) << ("udp/" + std::to_string(port)) << std::setw(10)
                  << policyName[port - 9] << std::right << std::setw(8) << packets << std::setw(8)
                  << g_echoed[port] << "\n";
    }
    for (uint32_t i = 0; i < 2; ++i)
    {
        std::cout << "\n";
        IpsecHelper::Print(nodes.Get(i), std::cout);
    }
    Simulator::Destroy();
    const bool ok = g_echoed[9] == packets && g_echoed[10] == packets && g_echoed[11] == 0;
    return ok ? 0 : 1;
}
