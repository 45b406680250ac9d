/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Benchmark: what real ESP costs in simulation wall time.
//
// Two nodes on a 10 Gbps point-to-point link; one sends --packets UDP datagrams of 1400
// bytes to the other. The same scenario runs without IPsec (the baseline) and with ESP
// AES-128-GCM in transport mode, alternately, --repeat times each in this one process; the
// fastest run of each is reported with their ratio. `make bench` runs it.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <chrono>
#include <iomanip>
#include <iostream>

using namespace ns3;

namespace
{

struct RunResult
{
    double seconds;     //!< Wall time of Simulator::Run()
    uint64_t delivered; //!< Datagrams received by the sink
};

/// The scenario's variants.
enum class Variant
{
    PLAIN,     //!< No IPsec layer at all: the baseline
    ESP,       //!< ESP AES-128-GCM, real crypto
    SIZE_ONLY, //!< The same SAs in size-only mode
};

RunResult
RunOnce(Variant variant, uint32_t packets, uint32_t size)
{
    RngSeedManager::SetSeed(1);
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("10us"));
    NetDeviceContainer devices = p2p.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifaces = addresses.Assign(devices);

    if (variant != Variant::PLAIN)
    {
        IpsecHelper ipsec;
        ipsec.Install(nodes);
        IpsecTrafficSelector udp;
        udp.SetProtocol(17);
        ipsec.AddPolicyPair(nodes.Get(0), nodes.Get(1), udp, IpsecAction::PROTECT);
        IpsecEspSaConfig sa; // AES-128-GCM, 16-octet ICV
        sa.cryptoMode =
            variant == Variant::ESP ? IpsecCryptoMode::REAL : IpsecCryptoMode::SIZE_ONLY;
        ipsec.AssignStreams(nodes, 10);
        ipsec.AddEspSaPair(nodes.Get(0),
                           ifaces.GetAddress(0),
                           nodes.Get(1),
                           ifaces.GetAddress(1),
                           sa);
    }

    UdpServerHelper server(9);
    ApplicationContainer s = server.Install(nodes.Get(1));
    UdpClientHelper client(ifaces.GetAddress(1), 9);
    client.SetAttribute("MaxPackets", UintegerValue(packets));
    client.SetAttribute("Interval", TimeValue(NanoSeconds(2000)));
    client.SetAttribute("PacketSize", UintegerValue(size));
    client.Install(nodes.Get(0)).Start(Seconds(0.1));

    const auto start = std::chrono::steady_clock::now();
    Simulator::Run();
    const auto stop = std::chrono::steady_clock::now();
    RunResult r{std::chrono::duration<double>(stop - start).count(),
                DynamicCast<UdpServer>(s.Get(0))->GetReceived()};
    Simulator::Destroy();
    return r;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t packets = 200000;
    uint32_t size = 1400;
    uint32_t repeat = 3;
    std::string only;
    CommandLine cmd(__FILE__);
    cmd.AddValue("packets", "UDP datagrams per run", packets);
    cmd.AddValue("size", "UDP payload bytes", size);
    cmd.AddValue("repeat", "Runs of each variant (the fastest counts)", repeat);
    cmd.AddValue("only", "Run one variant only, for profiling: plain, esp or size-only", only);
    cmd.Parse(argc, argv);

    if (!only.empty())
    {
        const Variant v = only == "esp"         ? Variant::ESP
                          : only == "size-only" ? Variant::SIZE_ONLY
                                                : Variant::PLAIN;
        const RunResult r = RunOnce(v, packets, size);
        std::cout << only << " " << r.seconds << " s, " << r.delivered << " delivered\n";
        return r.delivered == packets ? 0 : 1;
    }
    RunResult plain{1e9, 0};
    RunResult esp{1e9, 0};
    RunResult sizeOnly{1e9, 0};
    for (uint32_t i = 0; i < repeat; ++i)
    {
        // Interleaved, so that machine noise hits all variants alike.
        RunResult p = RunOnce(Variant::PLAIN, packets, size);
        RunResult e = RunOnce(Variant::ESP, packets, size);
        RunResult z = RunOnce(Variant::SIZE_ONLY, packets, size);
        plain = p.seconds < plain.seconds ? p : plain;
        esp = e.seconds < esp.seconds ? e : esp;
        sizeOnly = z.seconds < sizeOnly.seconds ? z : sizeOnly;
    }
    if (plain.delivered != packets || esp.delivered != packets || sizeOnly.delivered != packets)
    {
        std::cerr << "bench scenario lost packets: plain " << plain.delivered << ", esp "
                  << esp.delivered << ", size-only " << sizeOnly.delivered << " of " << packets
                  << "\n";
        return 1;
    }
    std::cout << std::fixed << std::setprecision(3);
    std::cout << "scenario: 2 nodes, 10 Gbps p2p, " << packets << " UDP datagrams of " << size
              << " bytes, best of " << repeat << "\n";
    std::cout << "plain ns-3           " << plain.seconds << " s  " << 1e6 * plain.seconds / packets
              << " us/packet\n";
    std::cout << "ESP AES-128-GCM      " << esp.seconds << " s  " << 1e6 * esp.seconds / packets
              << " us/packet\n";
    std::cout << "ESP size-only        " << sizeOnly.seconds << " s  "
              << 1e6 * sizeOnly.seconds / packets << " us/packet\n";
    std::cout << "ratio esp/plain      " << esp.seconds / plain.seconds << "  (target <= 1.25)\n";
    std::cout << "ratio size-only/plain " << sizeOnly.seconds / plain.seconds
              << "  (target <= 1.05)\n";
    return 0;
}
