/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Throughput and latency of an IPsec gateway versus algorithm, with the processing-delay
// model on.
//
//   client 0 --+
//   client 1 --+----- 10 Gbps point-to-point links --> gateway (terminates every client's ESP)
//   ...        |
//   client N-1 +
//
// Every client sends UDP datagrams of --size bytes to the gateway at an equal share of the
// offered load, through ESP transport-mode SAs. The gateway's crypto engines (--engines)
// decrypt everything, so they saturate first: beyond their capacity the delivered throughput
// levels off, latency grows with the queue, and with a queue limit the excess is dropped.
// For each algorithm and offered load the example writes one CSV row (delivered_mbps counts
// what arrived while the load was offered; latency covers every delivered datagram):
//
//   algorithm,engines,offered_mbps,delivered_mbps,mean_latency_us,p95_latency_us,
//   sent,delivered,crypto_drops
//
// Costs are the registry's defaults (measured on the reference machine) unless --costTable
// gives others; --speedFactor scales them all (2 = a machine half as fast).
//
//   ipsec-gateway-delay --algorithms=aes-gcm16,aes-cbc/hmac-sha1,3des-cbc/hmac-sha1
//       --rates=100,1000,5000 --csv=gateway.csv

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecGatewayDelay");

namespace
{

/// What one run measured.
struct Result
{
    uint64_t sent = 0;
    uint64_t delivered = 0;
    uint64_t windowBytes = 0; //!< Payload delivered while the clients were sending
    Time windowEnd;           //!< When the last client stops sending
    uint64_t cryptoDrops = 0;
    std::vector<double> latencyUs;
};

/// Collects per-datagram latency from the SeqTsHeader the UdpClients put in the payload.
void
OnRx(Result* result, Ptr<const Packet> packet, const Address&)
{
    SeqTsHeader seqTs;
    packet->PeekHeader(seqTs);
    result->latencyUs.push_back((Simulator::Now() - seqTs.GetTs()).GetSeconds() * 1e6);
    ++result->delivered;
    if (Simulator::Now() <= result->windowEnd)
    {
        result->windowBytes += packet->GetSize();
    }
}

/// "enc/auth" or "enc" (combined mode, or the default HMAC-SHA-256 for the others).
bool
ParseAlgorithm(const std::string& spec, IpsecEspSaConfig& config, std::string& error)
{
    const auto slash = spec.find('/');
    const std::string encName = spec.substr(0, slash);
    const EncryptionAlgorithmInfo* enc = IpsecAlgorithmRegistry::FindEncryption(encName);
    if (!enc)
    {
        error = "unknown encryption '" + encName + "'";
        return false;
    }
    std::string authName =
        slash == std::string::npos ? (enc->aead ? "none" : "hmac-sha256") : spec.substr(slash + 1);
    const IntegrityAlgorithmInfo* auth = IpsecAlgorithmRegistry::FindIntegrity(authName);
    if (!auth)
    {
        error = "unknown integrity '" + authName + "'";
        return false;
    }
    config.encryption = enc->id;
    config.integrity = auth->id;
    return true;
}

Result
RunOnce(const IpsecEspSaConfig& sa,
        double offeredMbps,
        uint32_t clients,
        uint32_t size,
        double durationS,
        uint32_t engines,
        uint32_t queueLimit,
        const std::string& costTable,
        double speedFactor)
{
    NodeContainer gateway;
    gateway.Create(1);
    NodeContainer clientNodes;
    clientNodes.Create(clients);
    InternetStackHelper internet;
    internet.Install(gateway);
    internet.Install(clientNodes);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("10us"));
    p2p.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("10000p"));

    IpsecHelper ipsec;
    ipsec.Install(gateway);
    ipsec.Install(clientNodes);
    std::vector<Ipv4Address> clientAddr;
    Ipv4Address gatewayAddr;
    for (uint32_t i = 0; i < clients; ++i)
    {
        NetDeviceContainer link = p2p.Install(clientNodes.Get(i), gateway.Get(0));
        std::ostringstream net;
        net << "10." << (i / 250) << "." << (i % 250) << ".0";
        Ipv4AddressHelper addresses(net.str().c_str(), "255.255.255.0");
        Ipv4InterfaceContainer ifaces = addresses.Assign(link);
        clientAddr.push_back(ifaces.GetAddress(0));
        if (i == 0)
        {
            gatewayAddr = ifaces.GetAddress(1);
        }
        IpsecTrafficSelector udp;
        udp.SetLocalPrefix(ifaces.GetAddress(0), Ipv4Mask("/32"))
            .SetRemotePrefix(gatewayAddr, Ipv4Mask("/32"))
            .SetProtocol(17);
        ipsec.AddPolicyPair(clientNodes.Get(i), gateway.Get(0), udp, IpsecAction::PROTECT);
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    NodeContainer all(gateway, clientNodes);
    ipsec.AssignStreams(all, 1);
    for (uint32_t i = 0; i < clients; ++i)
    {
        ipsec.AddEspSaPair(clientNodes.Get(i), clientAddr[i], gateway.Get(0), gatewayAddr, sa);
    }
    for (auto& engine : ipsec.EnableProcessingDelay(all, 1, costTable))
    {
        engine->SetAttribute("SpeedFactor", DoubleValue(speedFactor));
        engine->SetAttribute("QueueLimit", UintegerValue(queueLimit));
    }
    gateway.Get(0)->GetObject<IpsecLayer>()->GetCryptoEngine()->SetAttribute(
        "Engines",
        UintegerValue(engines));

    Result result;
    PacketSinkHelper sink("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    ApplicationContainer sinkApp = sink.Install(gateway.Get(0));
    sinkApp.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&OnRx, &result));

    // Each client sends its share at a constant rate; start times are staggered so the
    // clients' packets interleave instead of arriving in lockstep.
    const double perClientPps = offeredMbps * 1e6 / 8 / size / clients;
    const Time interval = Seconds(1.0 / perClientPps);
    const uint32_t perClient = static_cast<uint32_t>(perClientPps * durationS);
    ApplicationContainer sources;
    for (uint32_t i = 0; i < clients; ++i)
    {
        UdpClientHelper client(gatewayAddr, 9);
        client.SetAttribute("MaxPackets", UintegerValue(perClient));
        client.SetAttribute("Interval", TimeValue(interval));
        client.SetAttribute("PacketSize", UintegerValue(size));
        ApplicationContainer app = client.Install(clientNodes.Get(i));
        app.Start(Seconds(0.01) + interval * i / clients);
        sources.Add(app);
    }
    result.sent = uint64_t(perClient) * clients;
    result.windowEnd = Seconds(0.01 + durationS);
    Simulator::Stop(Seconds(0.01 + durationS + 1.0));
    Simulator::Run();
    for (uint32_t n = 0; n < all.GetN(); ++n)
    {
        result.cryptoDrops += all.Get(n)->GetObject<IpsecLayer>()->GetCounters().GetDrops(
            IpsecDropReason::CRYPTO_QUEUE_FULL);
    }
    Simulator::Destroy();
    return result;
}

std::vector<std::string>
Split(const std::string& list)
{
    std::vector<std::string> out;
    std::istringstream is(list);
    std::string item;
    while (std::getline(is, item, ','))
    {
        if (!item.empty())
        {
            out.push_back(item);
        }
    }
    return out;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string algorithms = "null/hmac-sha1,aes-gcm16,aes-cbc/hmac-sha1,chacha20-poly1305,"
                             "3des-cbc/hmac-sha1";
    std::string rates = "100,500,1000,2000,5000";
    std::string csv = "ipsec-gateway-delay.csv";
    std::string costTable;
    uint32_t clients = 4;
    uint32_t size = 1400;
    uint32_t engines = 1;
    uint32_t queueLimit = 1000;
    double duration = 0.05;
    double speedFactor = 1.0;

    CommandLine cmd(__FILE__);
    cmd.AddValue("algorithms", "Comma-separated 'encryption[/integrity]' list", algorithms);
    cmd.AddValue("rates", "Comma-separated offered loads, Mbit/s of UDP payload", rates);
    cmd.AddValue("csv", "Output CSV file", csv);
    cmd.AddValue("clients", "Clients sharing the offered load", clients);
    cmd.AddValue("size", "UDP payload bytes", size);
    cmd.AddValue("engines", "Crypto engines at the gateway", engines);
    cmd.AddValue("queueLimit", "Jobs that may wait for a crypto engine (0: no limit)", queueLimit);
    cmd.AddValue("duration", "Seconds of traffic per point", duration);
    cmd.AddValue("costTable", "Cost overrides, 'name=perPacketNs+perByteNs;...'", costTable);
    cmd.AddValue("speedFactor", "Scales every cost (2: a machine half as fast)", speedFactor);
    cmd.Parse(argc, argv);

    std::vector<std::pair<std::string, IpsecEspSaConfig>> configs;
    for (const auto& spec : Split(algorithms))
    {
        IpsecEspSaConfig config;
        std::string error;
        if (!ParseAlgorithm(spec, config, error))
        {
            std::cerr << "ipsec-gateway-delay: " << error << "\n";
            return 2;
        }
        configs.emplace_back(spec, config);
    }
    std::vector<double> loads;
    for (const auto& r : Split(rates))
    {
        char* end = nullptr;
        const double v = std::strtod(r.c_str(), &end);
        if (*end != '\0' || !(v > 0))
        {
            std::cerr << "ipsec-gateway-delay: bad rate '" << r << "'\n";
            return 2;
        }
        loads.push_back(v);
    }
    {
        std::string error;
        if (!CreateObject<IpsecCryptoEngine>()->SetCostTable(costTable, error))
        {
            std::cerr << "ipsec-gateway-delay: " << error << "\n";
            return 2;
        }
    }
    if (clients == 0 || clients > 62500 || size < 12 || engines == 0 || !(duration > 0))
    {
        std::cerr << "ipsec-gateway-delay: need clients 1..62500, size >= 12 (the SeqTs "
                     "header), engines >= 1, duration > 0\n";
        return 2;
    }

    std::ofstream out(csv);
    if (!out)
    {
        std::cerr << "ipsec-gateway-delay: cannot write " << csv << "\n";
        return 2;
    }
    out << "algorithm,engines,offered_mbps,delivered_mbps,mean_latency_us,p95_latency_us,"
           "sent,delivered,crypto_drops\n";
    std::cout << std::fixed << std::setprecision(1);
    for (const auto& [name, config] : configs)
    {
        for (double load : loads)
        {
            Result r = RunOnce(config,
                               load,
                               clients,
                               size,
                               duration,
                               engines,
                               queueLimit,
                               costTable,
                               speedFactor);
            double mean = 0;
            double p95 = 0;
            if (!r.latencyUs.empty())
            {
                for (double l : r.latencyUs)
                {
                    mean += l;
                }
                mean /= r.latencyUs.size();
                std::sort(r.latencyUs.begin(), r.latencyUs.end());
                p95 = r.latencyUs[static_cast<size_t>(0.95 * (r.latencyUs.size() - 1))];
            }
            // Throughput while the load was offered: what arrives later is queue draining.
            const double deliveredMbps = r.windowBytes * 8 / duration / 1e6;
            out << name << "," << engines << "," << load << "," << deliveredMbps << "," << mean
                << "," << p95 << "," << r.sent << "," << r.delivered << "," << r.cryptoDrops
                << "\n";
            std::cout << std::setw(24) << std::left << name << std::right << " offered "
                      << std::setw(7) << load << " Mb/s  delivered " << std::setw(7)
                      << deliveredMbps << " Mb/s  latency mean " << std::setw(8) << mean
                      << " us  p95 " << std::setw(8) << p95 << " us  drops " << r.cryptoDrops
                      << "\n";
        }
    }
    std::cout << "CSV: " << csv << "\n";
    return 0;
}
