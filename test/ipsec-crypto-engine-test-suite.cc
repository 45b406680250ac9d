/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The processing-delay model (IpsecCryptoEngine): service times from the cost table, FIFO
// service by parallel engines, the queue limit, refused cost tables, and the delays and
// drops it causes in a running scenario.

#include "ipsec-test-compat.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

using namespace ns3;

namespace
{

IpsecSaParams
CbcSha1()
{
    IpsecSaParams p;
    p.spi = 0x1000;
    p.source = Ipv4Address("10.0.0.1");
    p.destination = Ipv4Address("10.0.0.2");
    p.encryption = IpsecEncryption::AES_CBC;
    p.encryptionKey = std::vector<uint8_t>(16, 0x11);
    p.integrity = IpsecIntegrity::HMAC_SHA1_96;
    p.integrityKey = std::vector<uint8_t>(20, 0x22);
    return p;
}

IpsecSaParams
Gcm()
{
    IpsecSaParams p = CbcSha1();
    p.encryption = IpsecEncryption::AES_GCM_ICV16;
    p.encryptionKey = std::vector<uint8_t>(20, 0x33);
    p.integrity = IpsecIntegrity::NONE;
    p.integrityKey.clear();
    return p;
}

class ServiceTimeTestCase : public TestCase
{
  public:
    ServiceTimeTestCase()
        : TestCase("service time: encryption plus integrity cost, overrides, speed factor")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<IpsecCryptoEngine> engine = CreateObject<IpsecCryptoEngine>();
        SecurityAssociation cbc(CbcSha1());
        SecurityAssociation gcm(Gcm());
        // Defaults come from the registry.
        const IpsecAlgorithmCost aes = IpsecAlgorithmRegistry::Find(IpsecEncryption::AES_CBC)->cost;
        const IpsecAlgorithmCost sha =
            IpsecAlgorithmRegistry::Find(IpsecIntegrity::HMAC_SHA1_96)->cost;
        const double expectNs =
            aes.perPacketNs + sha.perPacketNs + (aes.perByteNs + sha.perByteNs) * 1000;
        NS_TEST_ASSERT_MSG_EQ_TOL(engine->GetServiceTime(cbc, 1000).GetNanoSeconds(),
                                  expectNs,
                                  1.0,
                                  "registry defaults");
        NS_TEST_ASSERT_MSG_GT(engine->GetServiceTime(cbc, 1400),
                              engine->GetServiceTime(cbc, 64),
                              "");

        std::string error;
        NS_TEST_ASSERT_MSG_EQ(
            engine->SetCostTable("aes-cbc=1000+2; hmac-sha1=500+1;aes-gcm16=300+0.5", error),
            true,
            error);
        NS_TEST_ASSERT_MSG_EQ(engine->GetServiceTime(cbc, 100), NanoSeconds(1800), "1000+500+300");
        // A combined-mode SA has no separate integrity cost.
        NS_TEST_ASSERT_MSG_EQ(engine->GetServiceTime(gcm, 100), NanoSeconds(350), "300+50");
        engine->SetAttribute("SpeedFactor", DoubleValue(2.0));
        NS_TEST_ASSERT_MSG_EQ(engine->GetServiceTime(cbc, 100), NanoSeconds(3600), "half speed");
        // Aliases name the same algorithms; the table reads back canonical and sorted.
        NS_TEST_ASSERT_MSG_EQ(engine->SetCostTable("sha1=7+0;aes=9+1", error), true, error);
        NS_TEST_ASSERT_MSG_EQ(engine->GetCostTable(), "aes-cbc=9+1;hmac-sha1=7+0", "");
        StringValue v;
        engine->GetAttribute("CostTable", v);
        NS_TEST_ASSERT_MSG_EQ(v.Get(), "aes-cbc=9+1;hmac-sha1=7+0", "attribute reads back");
        NS_TEST_ASSERT_MSG_EQ(engine->SetCostTable("", error), true, "empty clears");
        NS_TEST_ASSERT_MSG_EQ(engine->GetCostTable(), "", "");
    }
};

class BadTableTestCase : public TestCase
{
  public:
    BadTableTestCase()
        : TestCase("bad cost tables are refused with a message and change nothing")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<IpsecCryptoEngine> engine = CreateObject<IpsecCryptoEngine>();
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(engine->SetCostTable("aes-cbc=10+1", error), true, error);

        const struct
        {
            const char* table;
            const char* message;
        } bad[] = {
            {"rot13=1+1", "unknown algorithm 'rot13'"},
            {"aes-cbc=10", "not name=perPacketNs+perByteNs"},
            {"aes-cbc", "not name=perPacketNs+perByteNs"},
            {"aes-cbc=-1+2", "non-negative numbers"},
            {"aes-cbc=1+x", "non-negative numbers"},
            {"aes-cbc=1+2+3", "non-negative numbers"},
            {"aes-cbc=1+2;aes=3+4", "given twice"},
            {"hmac-sha1=1+1;nope=2+2", "unknown algorithm 'nope'"},
        };

        for (const auto& b : bad)
        {
            error.clear();
            NS_TEST_ASSERT_MSG_EQ(engine->SetCostTable(b.table, error), false, b.table);
            NS_TEST_ASSERT_MSG_NE(error.find(b.message),
                                  std::string::npos,
                                  b.table << ": " << error);
            NS_TEST_ASSERT_MSG_EQ(engine->GetCostTable(),
                                  "aes-cbc=10+1",
                                  "unchanged by " << b.table);
        }
    }
};

/// Admits jobs at given times and records what the engine answered.
class QueueTestCase : public TestCase
{
  public:
    QueueTestCase()
        : TestCase("FIFO over parallel engines, queueing delays, queue limit, backlog")
    {
    }

  private:
    struct Outcome
    {
        bool admitted;
        Time delay;
    };

    void Admit(Ptr<IpsecCryptoEngine> engine,
               const SecurityAssociation* sa,
               std::vector<Outcome>* out)
    {
        Time delay;
        const bool ok =
            engine->Admit(*sa, 100, IpsecCryptoEngine::ENCRYPT, Create<Packet>(10), delay);
        out->push_back({ok, delay});
    }

    void OnQueueing(Time t)
    {
        m_queueing.push_back(t);
    }

    std::vector<Time> m_queueing;

    void DoRun() override
    {
        SecurityAssociation sa(CbcSha1());
        std::string error;
        // Service time 1800 ns for every job below.
        const std::string table = "aes-cbc=1000+2;hmac-sha1=500+1";

        // One engine, three jobs at once: served one after another.
        {
            Ptr<IpsecCryptoEngine> engine = CreateObject<IpsecCryptoEngine>();
            engine->SetCostTable(table, error);
            engine->TraceConnectWithoutContext("QueueingDelay",
                                               MakeCallback(&QueueTestCase::OnQueueing, this));
            std::vector<Outcome> out;
            for (int i = 0; i < 3; ++i)
            {
                Simulator::Schedule(MicroSeconds(10),
                                    &QueueTestCase::Admit,
                                    this,
                                    engine,
                                    &sa,
                                    &out);
            }
            Simulator::Run();
            Simulator::Destroy();
            NS_TEST_ASSERT_MSG_EQ(out.size(), 3, "");
            NS_TEST_ASSERT_MSG_EQ(out.at(0).delay, NanoSeconds(1800), "");
            NS_TEST_ASSERT_MSG_EQ(out.at(1).delay, NanoSeconds(3600), "");
            NS_TEST_ASSERT_MSG_EQ(out.at(2).delay, NanoSeconds(5400), "");
            NS_TEST_ASSERT_MSG_EQ(m_queueing.size(), 3, "");
            NS_TEST_ASSERT_MSG_EQ(m_queueing.at(2), NanoSeconds(3600), "third waits two jobs");
        }
        // Two engines: two jobs in parallel, the third waits for the first free engine; a
        // job arriving after all finished waits for nothing.
        {
            Ptr<IpsecCryptoEngine> engine = CreateObject<IpsecCryptoEngine>();
            engine->SetCostTable(table, error);
            engine->SetAttribute("Engines", UintegerValue(2));
            std::vector<Outcome> out;
            for (int i = 0; i < 3; ++i)
            {
                Simulator::Schedule(MicroSeconds(10),
                                    &QueueTestCase::Admit,
                                    this,
                                    engine,
                                    &sa,
                                    &out);
            }
            Simulator::Schedule(MicroSeconds(20), &QueueTestCase::Admit, this, engine, &sa, &out);
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ(out.at(0).delay, NanoSeconds(1800), "");
            NS_TEST_ASSERT_MSG_EQ(out.at(1).delay, NanoSeconds(1800), "parallel");
            NS_TEST_ASSERT_MSG_EQ(out.at(2).delay, NanoSeconds(3600), "");
            NS_TEST_ASSERT_MSG_EQ(out.at(3).delay, NanoSeconds(1800), "idle engines");
            NS_TEST_ASSERT_MSG_EQ(engine->GetBacklog(), 1, "only the last job is in progress");
            Simulator::Destroy();
        }
        // Queue limit 1: one job in service, one waiting, the third refused; once the first
        // completes there is room again.
        {
            Ptr<IpsecCryptoEngine> engine = CreateObject<IpsecCryptoEngine>();
            engine->SetCostTable(table, error);
            engine->SetAttribute("QueueLimit", UintegerValue(1));
            std::vector<Outcome> out;
            for (int i = 0; i < 3; ++i)
            {
                Simulator::Schedule(MicroSeconds(10),
                                    &QueueTestCase::Admit,
                                    this,
                                    engine,
                                    &sa,
                                    &out);
            }
            Simulator::Schedule(MicroSeconds(10) + NanoSeconds(1800),
                                &QueueTestCase::Admit,
                                this,
                                engine,
                                &sa,
                                &out);
            Simulator::Run();
            Simulator::Destroy();
            NS_TEST_ASSERT_MSG_EQ(out.at(0).admitted, true, "in service");
            NS_TEST_ASSERT_MSG_EQ(out.at(1).admitted, true, "waiting");
            NS_TEST_ASSERT_MSG_EQ(out.at(2).admitted, false, "queue full");
            NS_TEST_ASSERT_MSG_EQ(out.at(3).admitted, true, "room again");
            NS_TEST_ASSERT_MSG_EQ(out.at(3).delay, NanoSeconds(3600), "behind the waiting job");
        }
    }
};

/// Two hosts, UDP through ESP, crypto engines with a 100 us fixed cost per job.
class ScenarioTestCase : public TestCase
{
  public:
    ScenarioTestCase()
        : TestCase("in a scenario: added latency, service-bound spacing, queue-full drops")
    {
    }

  private:
    std::vector<Time> m_rx;

    void OnRx(Ptr<const Packet>, const Address&)
    {
        m_rx.push_back(Simulator::Now());
    }

    /// Sends @p burst datagrams at 1 s; returns the layer counters of both nodes.
    std::pair<IpsecLayer::Counters, IpsecLayer::Counters> Run(bool delay,
                                                              uint32_t burst,
                                                              uint32_t queueLimit,
                                                              bool bundle = false)
    {
        m_rx.clear();
        NodeContainer nodes;
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses("10.7.0.0", "255.255.255.0");
        Ipv4InterfaceContainer ifaces = addresses.Assign(devices);
        IpsecHelper ipsec;
        ipsec.Install(nodes);
        ipsec.AssignStreams(nodes, 3);
        IpsecTrafficSelector udp;
        udp.SetProtocol(17);
        if (bundle)
        {
            // ESP inside AH: two SAs, so two jobs at each end.
            for (uint32_t i = 0; i < 2; ++i)
            {
                auto p = Create<IpsecPolicy>(i == 0 ? udp : udp.Mirror(), IpsecAction::PROTECT);
                p->SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT)
                    .AddProtection(IpsecProtocol::AH, IpsecMode::TRANSPORT);
                ipsec.AddPolicy(nodes.Get(i), p);
            }
            ipsec.AddAhSaPair(nodes.Get(0),
                              ifaces.GetAddress(0),
                              nodes.Get(1),
                              ifaces.GetAddress(1),
                              IpsecAhSaConfig());
        }
        else
        {
            ipsec.AddPolicyPair(nodes.Get(0), nodes.Get(1), udp, IpsecAction::PROTECT);
        }
        ipsec.AddEspSaPair(nodes.Get(0),
                           ifaces.GetAddress(0),
                           nodes.Get(1),
                           ifaces.GetAddress(1),
                           IpsecEspSaConfig());
        if (delay)
        {
            auto engines =
                ipsec.EnableProcessingDelay(nodes, 1, "aes-gcm16=100000+0;hmac-sha256=50000+0");
            for (auto& e : engines)
            {
                e->SetAttribute("QueueLimit", UintegerValue(queueLimit));
            }
        }
        PacketSinkHelper sink("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
        ApplicationContainer apps = sink.Install(nodes.Get(1));
        apps.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&ScenarioTestCase::OnRx, this));
        Ptr<Socket> tx = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        tx->Connect(InetSocketAddress(ifaces.GetAddress(1), 9));
        for (uint32_t i = 0; i < burst; ++i)
        {
            Simulator::Schedule(Seconds(1), [tx]() { tx->Send(Create<Packet>(100)); });
        }
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        auto counters = std::make_pair(nodes.Get(0)->GetObject<IpsecLayer>()->GetCounters(),
                                       nodes.Get(1)->GetObject<IpsecLayer>()->GetCounters());
        Simulator::Destroy();
        return counters;
    }

    void DoRun() override
    {
        Run(false, 1, 0);
        NS_TEST_ASSERT_MSG_EQ(m_rx.size(), 1, "without the model");
        const Time base = m_rx.at(0);
        Run(true, 1, 0);
        NS_TEST_ASSERT_MSG_EQ(m_rx.size(), 1, "with the model");
        NS_TEST_ASSERT_MSG_EQ(m_rx.at(0) - base, MicroSeconds(200), "encrypt + decrypt");

        // ESP inside AH: each end serves an ESP job (100 us) and an AH job (50 us) in turn.
        Run(false, 1, 0, true);
        NS_TEST_ASSERT_MSG_EQ(m_rx.size(), 1, "bundle without the model");
        const Time bundleBase = m_rx.at(0);
        Run(true, 1, 0, true);
        NS_TEST_ASSERT_MSG_EQ(m_rx.size(), 1, "bundle with the model");
        NS_TEST_ASSERT_MSG_EQ(m_rx.at(0) - bundleBase,
                              MicroSeconds(2 * (100 + 50)),
                              "both SAs charged at both ends");

        // A burst of 10: the sender's engine spaces them 100 us apart, so does the receiver's.
        auto counters = Run(true, 10, 0);
        NS_TEST_ASSERT_MSG_EQ(m_rx.size(), 10, "all delivered");
        for (size_t i = 1; i < m_rx.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(m_rx.at(i) - m_rx.at(i - 1), MicroSeconds(100), "service-bound");
        }
        NS_TEST_ASSERT_MSG_EQ(m_rx.back() - base, MicroSeconds(200 + 900), "last one waited");
        NS_TEST_ASSERT_MSG_EQ(counters.first.protectedOut, 10, "");

        // With room for 3 waiting jobs, 4 of the burst make it (1 in service + 3 waiting).
        counters = Run(true, 10, 3);
        NS_TEST_ASSERT_MSG_EQ(m_rx.size(), 4, "queue limit");
        NS_TEST_ASSERT_MSG_EQ(counters.first.GetDrops(IpsecDropReason::CRYPTO_QUEUE_FULL), 6, "");
        NS_TEST_ASSERT_MSG_EQ(counters.first.protectedOut, 4, "");
    }
};

} // namespace

class IpsecCryptoEngineTestSuite : public TestSuite
{
  public:
    IpsecCryptoEngineTestSuite()
        : TestSuite("ipsec-crypto-engine", ipsectest::UNIT)
    {
        AddTestCase(new ServiceTimeTestCase, ipsectest::QUICK);
        AddTestCase(new BadTableTestCase, ipsectest::QUICK);
        AddTestCase(new QueueTestCase, ipsectest::QUICK);
        AddTestCase(new ScenarioTestCase, ipsectest::QUICK);
    }
};

static IpsecCryptoEngineTestSuite g_ipsecCryptoEngineTestSuite;
