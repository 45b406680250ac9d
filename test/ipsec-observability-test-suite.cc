/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Observability: the Decision trace through Config paths, per-policy and per-SA counters,
// the ipseckey-style dump, and the policy logger wired to the layers (entries with node,
// reason, packet decode and the simulated processing stack).

#include "ipsec-test-compat.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <tuple>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint16_t PROTECTED_PORT = 7000;
constexpr uint16_t CLEAR_PORT = 9000;
constexpr uint16_t DISCARDED_PORT = 9001;
constexpr uint16_t UNKEYED_PORT = 9002;
constexpr uint8_t PROTO_UDP = 17;
constexpr uint32_t PAYLOAD = 100;

/// Two hosts; A's SPD: bypass CLEAR_PORT (#1), discard DISCARDED_PORT (#2), AH for
/// UNKEYED_PORT without an SA (#3), ESP for the rest of UDP (#4); B mirrors #1 and #4.
class Scenario
{
  public:
    Scenario()
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper().Install(nodes);
        Ipv4AddressHelper addr("10.3.0.0", "255.255.255.0");
        Ipv4InterfaceContainer ifaces = addr.Assign(devices);
        a = ifaces.GetAddress(0);
        b = ifaces.GetAddress(1);
        helper.Install(nodes);
        helper.AssignStreams(nodes, 7);
        policies.push_back(helper.AddPolicy(nodes.Get(0), Entry(CLEAR_PORT, IpsecAction::BYPASS)));
        policies.push_back(
            helper.AddPolicy(nodes.Get(0), Entry(DISCARDED_PORT, IpsecAction::DISCARD)));
        Ptr<IpsecPolicy> ah = Entry(UNKEYED_PORT, IpsecAction::PROTECT);
        ah->SetProtection(IpsecProtocol::AH, IpsecMode::TRANSPORT);
        policies.push_back(helper.AddPolicy(nodes.Get(0), ah));
        policies.push_back(helper.AddPolicy(nodes.Get(0), Entry(0, IpsecAction::PROTECT)));
        IpsecTrafficSelector clear;
        clear.SetProtocol(PROTO_UDP);
        clear.SetLocalPorts(CLEAR_PORT, CLEAR_PORT);
        peerPolicies.push_back(
            helper.AddPolicy(nodes.Get(1), Create<IpsecPolicy>(clear, IpsecAction::BYPASS)));
        peerPolicies.push_back(helper.AddPolicy(nodes.Get(1), Entry(0, IpsecAction::PROTECT)));
        IpsecEspSaConfig config;
        config.encryption = IpsecEncryption::AES_CBC;
        config.integrity = IpsecIntegrity::HMAC_SHA256_128;
        pair = helper.AddEspSaPair(nodes.Get(0), a, nodes.Get(1), b, config);
        for (uint16_t port : {PROTECTED_PORT, CLEAR_PORT, DISCARDED_PORT, UNKEYED_PORT})
        {
            Ptr<Socket> rx = Socket::CreateSocket(nodes.Get(1), UdpSocketFactory::GetTypeId());
            rx->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
            rx->SetRecvCallback(MakeCallback(&Scenario::OnReceive, this));
            sockets.push_back(rx);
        }
        tx = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        tx->Bind();
    }

    /// A selector for UDP to @p port (0: all UDP) as seen from A.
    static Ptr<IpsecPolicy> Entry(uint16_t port, IpsecAction action)
    {
        IpsecTrafficSelector selector;
        selector.SetProtocol(PROTO_UDP);
        if (port != 0)
        {
            selector.SetRemotePorts(port, port);
        }
        auto policy = Create<IpsecPolicy>(selector, action);
        if (action == IpsecAction::PROTECT)
        {
            policy->SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT);
        }
        return policy;
    }

    /// 4 protected, 3 clear, 2 discarded, 1 unkeyed datagram from A to B.
    void SendMix(Ptr<Socket> from = nullptr)
    {
        Ptr<Socket> socket = from ? from : tx;
        const std::vector<std::pair<uint16_t, uint32_t>> plan{{PROTECTED_PORT, 4},
                                                              {CLEAR_PORT, 3},
                                                              {DISCARDED_PORT, 2},
                                                              {UNKEYED_PORT, 1}};
        double at = 0.1;
        for (const auto& [port, count] : plan)
        {
            for (uint32_t i = 0; i < count; ++i, at += 0.01)
            {
                const Ipv4Address to = b;
                const uint16_t p = port;
                Simulator::Schedule(Seconds(at), [socket, to, p]() {
                    socket->SendTo(Create<Packet>(PAYLOAD), 0, InetSocketAddress(to, p));
                });
            }
        }
    }

    void Run()
    {
        Simulator::Stop(Seconds(2));
        Simulator::Run();
    }

    Ptr<IpsecLayer> Layer(uint32_t i) const
    {
        return nodes.Get(i)->GetObject<IpsecLayer>();
    }

    NodeContainer nodes;
    Ipv4Address a;
    Ipv4Address b;
    IpsecHelper helper;
    std::vector<Ptr<IpsecPolicy>> policies;     //!< A's entries #1..#4
    std::vector<Ptr<IpsecPolicy>> peerPolicies; //!< B's entries
    IpsecSaPair pair;
    std::vector<Ptr<Socket>> sockets;
    Ptr<Socket> tx;
    uint32_t received = 0;

  private:
    void OnReceive(Ptr<Socket> socket)
    {
        while (socket->Recv())
        {
            ++received;
        }
    }
};

/// The decisions one Config path sink saw: (node, direction, decision, reason, entry index).
using Seen =
    std::map<std::tuple<uint32_t, IpsecDirection, IpsecDecision, std::string, uint32_t>, uint32_t>;

void
RecordDecision(Seen* seen, std::string context, Ptr<const Packet>, const IpsecDecisionInfo& info)
{
    // "/NodeList/N/$ns3::IpsecLayer/Decision"
    const uint32_t node = std::stoul(context.substr(10, context.find('/', 10) - 10));
    ++(*seen)[{node,
               info.direction,
               info.decision,
               info.reason ? ToString(*info.reason) : std::string("-"),
               info.policy ? info.policy->GetIndex() : 0}];
}

namespace fs = std::filesystem;

std::string
ReadFile(const fs::path& path)
{
    std::ifstream in(path);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

size_t
Count(const std::string& text, const std::string& part)
{
    size_t n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    {
        ++n;
    }
    return n;
}

} // namespace

/// Every decision reaches a Config::Connect sink with its node, direction, policy and reason.
class DecisionTraceTestCase : public TestCase
{
  public:
    DecisionTraceTestCase()
        : TestCase("Decision trace through a Config path")
    {
    }

  private:
    void DoRun() override
    {
        Scenario t;
        Seen seen;
        Config::Connect("/NodeList/*/$ns3::IpsecLayer/Decision",
                        MakeBoundCallback(&RecordDecision, &seen));
        t.SendMix();
        t.Run();

        const auto out = IpsecDirection::OUTBOUND;
        const auto in = IpsecDirection::INBOUND;
        const uint32_t idx1 = t.policies[0]->GetIndex();
        const uint32_t idx2 = t.policies[1]->GetIndex();
        const uint32_t idx3 = t.policies[2]->GetIndex();
        const uint32_t idx4 = t.policies[3]->GetIndex();
        const uint32_t peerClear = t.peerPolicies[0]->GetIndex();
        const uint32_t peerEsp = t.peerPolicies[1]->GetIndex();
        const Seen expected{
            {{0, out, IpsecDecision::PROTECT, "-", idx4}, 4},
            {{0, out, IpsecDecision::BYPASS, "-", idx1}, 3},
            {{0, out, IpsecDecision::DISCARD, "policy-discard", idx2}, 2},
            {{0, out, IpsecDecision::PROTECT, "-", idx3}, 1},
            {{0, out, IpsecDecision::DROP, "no-outbound-sa", idx3}, 1},
            {{1, in, IpsecDecision::PROTECT, "-", peerEsp}, 4},
            {{1, in, IpsecDecision::BYPASS, "-", peerClear}, 3},
        };
        std::ostringstream got;
        for (const auto& [k, n] : seen)
        {
            got << "node " << std::get<0>(k) << " " << (std::get<1>(k) == in ? "in " : "out ")
                << std::get<2>(k) << " " << std::get<3>(k) << " #" << std::get<4>(k) << " x" << n
                << "\n";
        }
        NS_TEST_ASSERT_MSG_EQ((seen == expected), true, "decisions seen:\n" << got.str());
        NS_TEST_ASSERT_MSG_EQ(t.received, 7, "4 protected and 3 clear delivered");
        Simulator::Destroy();
    }
};

/// Per-policy and per-SA counters, and the ipseckey-style dump that prints them.
class CountersTestCase : public TestCase
{
  public:
    CountersTestCase()
        : TestCase("per-policy and per-SA counters, printed per node")
    {
    }

  private:
    void DoRun() override
    {
        Scenario t;
        t.SendMix();
        t.Run();

        const uint32_t segment = PAYLOAD + 8;
        const IpsecPolicyCounters& bypass = t.policies[0]->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(bypass.packets, 3, "bypass entry packets");
        NS_TEST_ASSERT_MSG_EQ(bypass.bytes, 3 * segment, "bypass entry bytes");
        NS_TEST_ASSERT_MSG_EQ(bypass.GetTotalDrops(), 0, "no drops");
        const IpsecPolicyCounters& discard = t.policies[1]->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(discard.packets, 2, "discard entry packets");
        NS_TEST_ASSERT_MSG_EQ(discard.GetDrops(IpsecDropReason::POLICY_DISCARD), 2, "discards");
        const IpsecPolicyCounters& unkeyed = t.policies[2]->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(unkeyed.GetDrops(IpsecDropReason::NO_OUTBOUND_SA), 1, "no SA");
        const IpsecPolicyCounters& esp = t.policies[3]->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(esp.packets, 4, "protect entry packets");
        NS_TEST_ASSERT_MSG_EQ(esp.bytes, 4 * segment, "protect entry bytes");
        NS_TEST_ASSERT_MSG_EQ(t.peerPolicies[1]->GetCounters().packets, 4, "B's protect entry");
        NS_TEST_ASSERT_MSG_EQ(t.peerPolicies[0]->GetCounters().packets, 3, "B's bypass entry");

        const IpsecSaCounters& out = t.pair.atob->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(out.txPackets, 4, "SA tx packets");
        NS_TEST_ASSERT_MSG_EQ(out.txBytes, 4 * segment, "SA tx bytes");
        NS_TEST_ASSERT_MSG_EQ(t.pair.atob->GetCurrentLifetime().allocations, 4, "lifetime used");
        Ptr<SecurityAssociation> inbound =
            t.Layer(1)->GetSad()->FindInbound(IpsecProtocol::ESP, t.b, t.pair.atob->GetSpi());
        NS_TEST_ASSERT_MSG_EQ(inbound->GetCounters().rxPackets, 4, "SA rx packets");
        NS_TEST_ASSERT_MSG_EQ(inbound->GetReplayWindow().GetTop(), 4, "replay window top");

        std::ostringstream dumpA;
        IpsecHelper::Print(t.nodes.Get(0), dumpA);
        const std::string a = dumpA.str();
        for (const std::string& part : {std::string("matched 3 pkts 324 bytes"),
                                        std::string("matched 2 pkts 216 bytes, policy-discard 2"),
                                        std::string("no-outbound-sa 1"),
                                        std::string("matched 4 pkts 432 bytes"),
                                        std::string("current allocations 4 bytes 432"),
                                        std::string("tx 4 pkts 432 bytes"),
                                        std::string("Counters: protected out 4 in 0, clear out 3")})
        {
            NS_TEST_ASSERT_MSG_NE(a.find(part), std::string::npos, "'" << part << "' in\n" << a);
        }
        std::ostringstream dumpB;
        IpsecHelper::Print(t.nodes.Get(1), dumpB);
        NS_TEST_ASSERT_MSG_NE(dumpB.str().find("seq-in-top 4"),
                              std::string::npos,
                              "B's inbound SA window:\n"
                                  << dumpB.str());
        Simulator::Destroy();
    }
};

/// The policy logger, given to both layers, records every drop with the node, the reason, a
/// decode of the packet and the processing steps it went through, at each log level.
class LayerPolicyLoggerTestCase : public TestCase
{
  public:
    LayerPolicyLoggerTestCase()
        : TestCase("policy logger wired to the layers: entries, decode, stack, levels")
    {
    }

  private:
    void DoRun() override
    {
        const fs::path dir =
            fs::temp_directory_path() / ("ipsec-observability-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        const fs::path file = dir / "policy.log";

        Scenario t;
        // B refuses clear UDP to the clear port too: its bypass entry goes away.
        t.Layer(1)->GetSpd()->Remove(t.peerPolicies[0]->GetIndex());
        auto logger = CreateObject<IpsecPolicyLogger>();
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(logger->SetProperty("log_file", file.string(), error), true, error);
        NS_TEST_ASSERT_MSG_EQ(logger->SetProperty("log_level", "message+stack+packet", error),
                              true,
                              error);
        NS_TEST_ASSERT_MSG_EQ(logger->SetProperty("backtrace_depth", "3", error), true, error);
        logger->Refresh();
        logger->Enable();
        IpsecHelper::SetPolicyLogger(t.nodes, logger);
        // An unprivileged bypass request is logged too.
        IpsecSocketRequest never;
        never.espReq = IpsecSocketRequest::PREF_NEVER;
        IpsecSocketOptions::SetSockOpt(t.tx, IpsecSocketOption::IP_SEC_OPT, never);
        t.SendMix();
        t.Run();

        const std::string log = ReadFile(file);
        // 3 clear refused at B, 2 discarded and 1 unkeyed at A, 1 refused option.
        NS_TEST_ASSERT_MSG_EQ(logger->GetEntryCount(), 7, "entries:\n" << log);
        NS_TEST_ASSERT_MSG_EQ(Count(log, "node=1 direction=inbound reason=cleartext-rejected"),
                              3,
                              log);
        NS_TEST_ASSERT_MSG_EQ(Count(log, "node=0 direction=outbound reason=policy-discard"),
                              2,
                              log);
        NS_TEST_ASSERT_MSG_EQ(Count(log, "reason=no-outbound-sa"), 1, log);
        NS_TEST_ASSERT_MSG_EQ(Count(log, "setsockopt refused"), 1, log);
        NS_TEST_ASSERT_MSG_EQ(std::regex_search(log, std::regex("udp [0-9]+ > 9000 length 108")),
                              true,
                              "the clear datagram decoded:\n"
                                  << log);
        // Every drop of a packet is decoded from its IP header (given when not in the packet).
        NS_TEST_ASSERT_MSG_EQ(Count(log, "packet: ipv4 10.3.0.1 > 10.3.0.2 proto 17 (udp)"),
                              6,
                              log);
        NS_TEST_ASSERT_MSG_EQ(log.find("not an ip header"), std::string::npos, log);
        NS_TEST_ASSERT_MSG_NE(log.find("stack: #0 ipsec`ipsec_input::AcceptClear"),
                              std::string::npos,
                              log);
        NS_TEST_ASSERT_MSG_NE(log.find("stack: #1 ns3`Ipv4L3Protocol::LocalDeliver"),
                              std::string::npos,
                              log);
        NS_TEST_ASSERT_MSG_NE(log.find("stack: #0 ipsec`ipsec_output::ProtectOrAcquire"),
                              std::string::npos,
                              log);
        // backtrace_depth 3 cuts the outbound chain (ProtectOrAcquire, SendProtected, UDP).
        NS_TEST_ASSERT_MSG_NE(log.find("stack: #2 ns3`UdpL4Protocol::Send"),
                              std::string::npos,
                              log);
        NS_TEST_ASSERT_MSG_EQ(log.find("stack: #3"), std::string::npos, "cut at depth 3");

        // minimal: one line per entry. Restart rotates the log (1 byte threshold).
        logger->SetProperty("log_level", "minimal", error);
        logger->Refresh();
        logger->Restart();
        Simulator::Destroy();
        Scenario again;
        IpsecHelper::SetPolicyLogger(again.nodes, logger);
        again.SendMix();
        again.Run();
        const std::string minimal = ReadFile(file);
        NS_TEST_ASSERT_MSG_EQ(fs::exists(dir / "policy.log.0"), true, "previous log rotated");
        NS_TEST_ASSERT_MSG_EQ(Count(minimal, "\n"),
                              3,
                              "two discards and one unkeyed:\n"
                                  << minimal);
        NS_TEST_ASSERT_MSG_EQ(Count(minimal, "stack:"), 0, "minimal excludes the rest");
        Simulator::Destroy();
        logger->Disable();
        fs::remove_all(dir);
    }
};

/// The suite.
class IpsecObservabilityTestSuite : public TestSuite
{
  public:
    IpsecObservabilityTestSuite()
        : TestSuite("ipsec-observability", ipsectest::SYSTEM)
    {
        AddTestCase(new DecisionTraceTestCase, ipsectest::QUICK);
        AddTestCase(new CountersTestCase, ipsectest::QUICK);
        AddTestCase(new LayerPolicyLoggerTestCase, ipsectest::QUICK);
    }
};

/// The suite's instance.
static IpsecObservabilityTestSuite g_ipsecObservabilityTestSuite;
