/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// One sender, N receivers of a multicast group on a CSMA LAN, all sharing one ESP SA
// (RFC 4301 4.1: "communicating machines that use multicast can share the same multicast
// SA"). The sender protects its UDP datagrams to the group with the SA; each receiver holds
// the same SA (SPI, keys, the group as destination) and checks it against a replay window of
// its own. One more node is on the LAN with IPsec but without the SA: it counts the group's
// ESP as no-sa drops.
//
//   sender 10.1.0.1 --+-- receiver 10.1.0.2 ... receiver 10.1.0.(N+1)
//                     +-- outsider (IPsec, no SA)          all on one CSMA LAN
//
// Writes a pcap per device and the Wireshark esp_sa file (one row: the group SA), then prints
// per receiver what it delivered and what its copy of the SA counted. Exits non-zero unless
// every receiver delivered every datagram. test/multicast-check.sh decrypts the captures with
// tshark.

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"

#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <string>

using namespace ns3;

namespace
{

std::map<uint32_t, uint32_t> g_delivered; //!< Datagrams each node's socket received

void
OnReceive(uint32_t node, Ptr<Socket> socket)
{
    while (socket->Recv())
    {
        ++g_delivered[node];
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t receivers = 3;
    uint32_t packets = 5;
    std::string outputDir = ".";
    CommandLine cmd(__FILE__);
    cmd.AddValue("receivers", "Receivers of the group (at least 1)", receivers);
    cmd.AddValue("packets", "Datagrams the sender sends to the group", packets);
    cmd.AddValue("outputDir", "Where the pcaps and the esp_sa file go", outputDir);
    cmd.Parse(argc, argv);
    if (receivers == 0)
    {
        std::cerr << "--receivers must be at least 1\n";
        return 1;
    }
    std::error_code mkdirError;
    std::filesystem::create_directories(outputDir, mkdirError);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true)); // Wireshark checks them

    // Node 0 sends, nodes 1..N receive, node N+1 has IPsec but not the group's SA.
    NodeContainer nodes(receivers + 2);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    NetDeviceContainer devices = csma.Install(nodes);
    InternetStackHelper().Install(nodes);
    Ipv4InterfaceContainer ifs = Ipv4AddressHelper("10.1.0.0", "255.255.255.0").Assign(devices);
    const Ipv4Address sender = ifs.GetAddress(0);
    const Ipv4Address group("239.1.2.3");
    const uint16_t port = 7000;
    // The sender needs a route to the group: out of its LAN interface.
    Ipv4StaticRoutingHelper().SetDefaultMulticastRoute(nodes.Get(0), devices.Get(0));

    IpsecHelper ipsec;
    ipsec.Install(nodes);
    ipsec.AssignStreams(nodes, 1);
    NodeContainer members;
    for (uint32_t i = 1; i <= receivers; ++i)
    {
        members.Add(nodes.Get(i));
    }
    // Policy: the sender protects UDP to the group, the receivers require it (inbound).
    ipsec.AddMulticastPolicies(nodes.Get(0),
                               sender,
                               group,
                               members,
                               IpsecTrafficSelector().SetProtocol(17));
    // One SA for the whole group: AES-CBC with HMAC-SHA-256, keys from the helper's stream.
    IpsecMulticastSaConfig config;
    config.encryption = IpsecEncryption::AES_CBC;
    config.integrity = IpsecIntegrity::HMAC_SHA256_128;
    const IpsecMulticastSa sa = ipsec.AddMulticastSa(nodes.Get(0), sender, group, members, config);

    // Every node but the sender listens on the group's port.
    std::vector<Ptr<Socket>> sockets;
    for (uint32_t i = 1; i < nodes.GetN(); ++i)
    {
        Ptr<Socket> rx = Socket::CreateSocket(nodes.Get(i), UdpSocketFactory::GetTypeId());
        rx->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        rx->SetRecvCallback(MakeBoundCallback(&OnReceive, i));
        sockets.push_back(rx);
    }
    Ptr<Socket> tx = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
    tx->Bind(InetSocketAddress(sender, 0));
    tx->Connect(InetSocketAddress(group, port));
    for (uint32_t i = 0; i < packets; ++i)
    {
        // A payload test/multicast-check.sh recognises once tshark has decrypted it.
        const std::string text = "ns3-ipsec multicast datagram " + std::to_string(i);
        Simulator::Schedule(Seconds(1) + MilliSeconds(10 * i), [tx, text]() {
            tx->Send(Create<Packet>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
        });
    }

    csma.EnablePcap(outputDir + "/ipsec-multicast", devices);
    ipsec.WriteWiresharkEspSa(outputDir + "/ipsec-multicast.esp_sa");
    Simulator::Stop(Seconds(3));
    Simulator::Run();

    std::cout << "group " << group << ", SA spi 0x" << std::hex << sa.sender->GetSpi() << std::dec
              << ", sender sent " << sa.sender->GetCounters().txPackets
              << " protected datagrams\n\n"
              << "node  role       delivered  sa-rx  window-top  drops\n";
    bool ok = sa.sender->GetCounters().txPackets == packets;
    for (uint32_t i = 1; i <= receivers; ++i)
    {
        const Ptr<SecurityAssociation>& copy = sa.receivers[i - 1];
        std::cout << std::setw(4) << i << "  receiver   " << std::setw(9) << g_delivered[i] << "  "
                  << std::setw(5) << copy->GetCounters().rxPackets << "  " << std::setw(10)
                  << copy->GetReplayWindow().GetTop() << "  " << std::setw(5)
                  << copy->GetCounters().GetTotalDrops() << "\n";
        ok = ok && g_delivered[i] == packets && copy->GetCounters().rxPackets == packets;
    }
    const uint32_t outsider = receivers + 1;
    const uint64_t noSa = nodes.Get(outsider)->GetObject<IpsecLayer>()->GetCounters().GetDrops(
        IpsecDropReason::NO_SA);
    std::cout << std::setw(4) << outsider << "  no SA      " << std::setw(9)
              << g_delivered[outsider] << "      -           -  " << std::setw(5) << noSa
              << " (no-sa)\n";
    ok = ok && g_delivered[outsider] == 0 && noSa == packets;
    Simulator::Destroy();
    return ok ? 0 : 1;
}
