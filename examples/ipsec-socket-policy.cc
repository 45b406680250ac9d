/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Per-socket IPsec policy (IP_SEC_OPT), the privilege model, the policy logger and the
// Decision trace, on two hosts.
//
//   client 10.1.1.1 ------------ server 10.1.1.2
//
// System-wide policy on both hosts protects all UDP with ESP AES-CBC. On the client:
//  * an application socket asks for AES-GCM instead: refused (EPERM) while
//    PersockRequirePriv is on, because the socket is unprivileged; it then asks for
//    REQUIRED|UNIQUE and gets an SA of its own (request ID printed);
//  * a privileged monitoring socket bypasses policy (NEVER) and talks in the clear to the
//    server's privileged monitoring socket;
//  * an unprivileged socket trying the same bypass gets EPERM.
// The refusals go to a policy logger (as every drop would); every decision is counted through
// the Decision trace. At the end each host's SPD, SAD, per-socket requests and counters are
// printed like `ipseckey dump`.
//
//   ./build/ipsec-socket-policy [--log=ipsec-socket-policy.log] [--logLevel=message+packet]
//
// The program checks its own outcome and exits with status 1 if anything differs.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <cerrno>
#include <iostream>
#include <map>

using namespace ns3;

namespace
{
std::map<std::string, uint32_t> g_decisions; //!< "node N decision" -> count
std::map<uint16_t, uint32_t> g_received;     //!< server port -> datagrams

void
CountDecision(std::string context, Ptr<const Packet>, const IpsecDecisionInfo& info)
{
    const std::string node = context.substr(10, context.find('/', 10) - 10);
    std::ostringstream key;
    key << "node " << node << " " << info.decision;
    if (info.reason)
    {
        key << " (" << *info.reason << ")";
    }
    ++g_decisions[key.str()];
}

void
Receive(Ptr<Socket> socket)
{
    while (Ptr<Packet> p = socket->Recv())
    {
        Address local;
        socket->GetSockName(local);
        ++g_received[InetSocketAddress::ConvertFrom(local).GetPort()];
    }
}

Ptr<Socket>
Bound(Ptr<Node> node, uint16_t port)
{
    Ptr<Socket> s = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    s->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    s->SetRecvCallback(MakeCallback(&Receive));
    return s;
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string log = "ipsec-socket-policy.log";
    std::string logLevel = "message+packet";
    CommandLine cmd(__FILE__);
    cmd.AddValue("log", "Policy logger file", log);
    cmd.AddValue("logLevel", "Policy logger log_level (minimal, message, packet, stack)", logLevel);
    cmd.Parse(argc, argv);

    NodeContainer hosts;
    hosts.Create(2);
    PointToPointHelper p2p;
    NetDeviceContainer devices = p2p.Install(hosts);
    InternetStackHelper().Install(hosts);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifaces = addresses.Assign(devices);
    const Ipv4Address server = ifaces.GetAddress(1);

    IpsecHelper ipsec;
    ipsec.Install(hosts);
    ipsec.AssignStreams(hosts, 1);

    // System-wide policy: all UDP protected with ESP AES-CBC, on both hosts.
    for (uint32_t i = 0; i < 2; ++i)
    {
        IpsecTrafficSelector udp;
        udp.SetProtocol(17);
        auto policy = Create<IpsecPolicy>(udp, IpsecAction::PROTECT);
        policy->SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT, IpsecEncryption::AES_CBC);
        ipsec.AddPolicy(hosts.Get(i), policy);
    }
    IpsecEspSaConfig cbc;
    cbc.encryption = IpsecEncryption::AES_CBC;
    cbc.integrity = IpsecIntegrity::HMAC_SHA256_128;

    // The policy logger, for both hosts.
    auto logger = CreateObject<IpsecPolicyLogger>();
    std::string error;
    if (!logger->SetProperty("log_file", log, error) ||
        !logger->SetProperty("log_level", logLevel, error))
    {
        std::cerr << error << "\n";
        return 1;
    }
    logger->Refresh();
    logger->Enable(); // rotates an existing log to .0
    IpsecHelper::SetPolicyLogger(hosts, logger);
    Config::Connect("/NodeList/*/$ns3::IpsecLayer/Decision", MakeCallback(&CountDecision));

    // Server sockets: the application port, and a privileged monitoring port.
    Ptr<Socket> appServer = Bound(hosts.Get(1), 5000);
    Ptr<Socket> monitorServer = Bound(hosts.Get(1), 5001);
    IpsecSocketRequest never;
    never.ahReq = never.espReq = never.selfEncapReq = IpsecSocketRequest::PREF_NEVER;
    IpsecSocketOptions::SetPrivileged(monitorServer, true);
    IpsecSocketOptions::SetSockOpt(monitorServer, IpsecSocketOption::IP_SEC_OPT, never);

    // The client application asks for AES-GCM: refused, it is not privileged.
    Ptr<Socket> app = Bound(hosts.Get(0), 0);
    IpsecSocketRequest gcm;
    gcm.espReq = IpsecSocketRequest::PREF_REQUIRED;
    gcm.espAlg = static_cast<uint8_t>(IpsecEncryption::AES_GCM_ICV16);
    const int gcmResult =
        IpsecSocketOptions::SetSockOpt(app, IpsecSocketOption::IP_SEC_OPT, gcm, &error);
    std::cout << "app socket, ESP with aes-gcm: " << (gcmResult == EPERM ? "EPERM" : "accepted")
              << " (" << error << ")\n";
    // It settles for an SA of its own with the system-wide algorithm.
    IpsecSocketRequest unique;
    unique.espReq = IpsecSocketRequest::PREF_REQUIRED | IpsecSocketRequest::PREF_UNIQUE;
    IpsecSocketOptions::SetSockOpt(app, IpsecSocketOption::IP_SEC_OPT, unique);
    const uint32_t reqid = IpsecSocketOptions::GetUniqueReqid(app, IpsecSocketOption::IP_SEC_OPT);
    std::cout << "app socket, ESP required+unique: request ID " << reqid << "\n";
    cbc.reqid = reqid; // what key management would negotiate for the socket
    IpsecSaPair own =
        ipsec.AddEspSaPair(hosts.Get(0), ifaces.GetAddress(0), hosts.Get(1), server, cbc);
    // The shared SAs everything else uses (the UNIQUE socket's SAs are its own).
    cbc.reqid = 0;
    ipsec.AddEspSaPair(hosts.Get(0), ifaces.GetAddress(0), hosts.Get(1), server, cbc);

    // Monitoring: the privileged socket bypasses; an unprivileged one may not.
    Ptr<Socket> monitor = Bound(hosts.Get(0), 0);
    IpsecSocketOptions::SetPrivileged(monitor, true);
    IpsecSocketOptions::SetSockOpt(monitor, IpsecSocketOption::IP_SEC_OPT, never);
    Ptr<Socket> sneaky = Bound(hosts.Get(0), 0);
    const int sneakyResult =
        IpsecSocketOptions::SetSockOpt(sneaky, IpsecSocketOption::IP_SEC_OPT, never, &error);
    std::cout << "unprivileged socket, bypass: " << (sneakyResult == EPERM ? "EPERM" : "accepted")
              << "\n";

    for (int i = 0; i < 5; ++i)
    {
        Simulator::Schedule(Seconds(1 + 0.1 * i), [app, server]() {
            app->SendTo(Create<Packet>(200), 0, InetSocketAddress(server, 5000));
        });
        Simulator::Schedule(Seconds(2 + 0.1 * i), [monitor, server]() {
            monitor->SendTo(Create<Packet>(50), 0, InetSocketAddress(server, 5001));
        });
    }
    // The refused socket's datagram to the monitoring port still goes through system policy:
    // ESP, which the server's bypassing monitoring socket accepts as well.
    Simulator::Schedule(Seconds(3), [sneaky, server]() {
        sneaky->SendTo(Create<Packet>(50), 0, InetSocketAddress(server, 5001));
    });
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    for (uint32_t i = 0; i < 2; ++i)
    {
        IpsecHelper::Print(hosts.Get(i), std::cout);
    }
    std::cout << "Decisions:\n";
    for (const auto& [what, count] : g_decisions)
    {
        std::cout << "  " << what << ": " << count << "\n";
    }
    std::cout << "Policy logger: " << logger->GetEntryCount() << " entries in " << log << "\n";

    const bool ok = gcmResult == EPERM && sneakyResult == EPERM && g_received[5000] == 5 &&
                    g_received[5001] == 6 && own.atob->GetCounters().txPackets == 5 &&
                    logger->GetEntryCount() == 2;
    Simulator::Destroy();
    if (!ok)
    {
        std::cerr << "unexpected outcome\n";
        return 1;
    }
    return 0;
}
