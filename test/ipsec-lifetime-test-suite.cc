/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// SA lifetimes (RFC 2367 section 2.3.3) and the ACQUIRE hold queue: soft and hard expiry by add
// time, use time, bytes and packets; the outbound sequence space running out (RFC 4303
// 3.3.3) with a small starting counter; larval SPI reservations timing out; lifetimes changed
// in place; packets held for a missing SA and sent in order when it arrives, or dropped when
// the queue is full or they wait too long.

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

/// A valid ESP SA between 10.9.0.1 and 10.9.0.2.
IpsecSaParams
Params(uint32_t spi)
{
    IpsecSaParams p;
    p.spi = spi;
    p.source = Ipv4Address("10.9.0.1");
    p.destination = Ipv4Address("10.9.0.2");
    p.encryption = IpsecEncryption::AES_CBC;
    p.encryptionKey.assign(16, 0x11);
    p.integrity = IpsecIntegrity::HMAC_SHA1_96;
    p.integrityKey.assign(20, 0x22);
    return p;
}

/// Records the SAD's traces.
struct SadLog
{
    std::vector<std::pair<Time, std::string>> events;

    void Expired(Ptr<const SecurityAssociation>, bool hard)
    {
        events.emplace_back(Simulator::Now(), hard ? "hard" : "soft");
    }

    void Deleted(Ptr<const SecurityAssociation>)
    {
        events.emplace_back(Simulator::Now(), "deleted");
    }

    void Connect(Ptr<SecurityAssociationDatabase> sad)
    {
        sad->TraceConnectWithoutContext("SaExpired", MakeCallback(&SadLog::Expired, this));
        sad->TraceConnectWithoutContext("SaDeleted", MakeCallback(&SadLog::Deleted, this));
    }
};

class TimeLifetimeTestCase : public TestCase
{
  public:
    TimeLifetimeTestCase()
        : TestCase("add-time and use-time lifetimes: soft makes dying, hard removes")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<SecurityAssociationDatabase> sad = CreateObject<SecurityAssociationDatabase>();
        SadLog log;
        log.Connect(sad);
        IpsecSaParams p = Params(0x1000);
        p.softLifetime.addTime = Seconds(1);
        p.hardLifetime.addTime = Seconds(2);
        std::string error;
        Ptr<SecurityAssociation> byAdd = sad->Add(p, error);
        NS_TEST_ASSERT_MSG_NE(byAdd, nullptr, error);
        IpsecSaParams q = Params(0x2000);
        q.softLifetime.useTime = Seconds(1);
        q.hardLifetime.useTime = Seconds(2);
        Ptr<SecurityAssociation> byUse = sad->Add(q, error);
        NS_TEST_ASSERT_MSG_NE(byUse, nullptr, error);
        // First use at 5 s: the use-time clock starts then.
        Simulator::Schedule(Seconds(5), [&]() {
            byUse->GetCounters().txPackets++;
            sad->NotifyUse(byUse);
        });
        IpsecSaState at1500;
        Simulator::Schedule(MilliSeconds(1500), [&]() { at1500 = byAdd->GetState(); });
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(at1500, IpsecSaState::DYING, "soft lifetime: dying, still usable");
        NS_TEST_ASSERT_MSG_EQ(log.events.size(), 6u, "soft, hard, deleted for each SA");
        NS_TEST_ASSERT_MSG_EQ(log.events.at(0).first, Seconds(1), "");
        NS_TEST_ASSERT_MSG_EQ(log.events.at(0).second, "soft", "");
        NS_TEST_ASSERT_MSG_EQ(log.events.at(1).first, Seconds(2), "");
        NS_TEST_ASSERT_MSG_EQ(log.events.at(1).second, "hard", "");
        NS_TEST_ASSERT_MSG_EQ(log.events.at(2).second, "deleted", "a hard expiry removes the SA");
        NS_TEST_ASSERT_MSG_EQ(log.events.at(3).first, Seconds(6), "use time from first use");
        NS_TEST_ASSERT_MSG_EQ(log.events.at(4).first, Seconds(7), "");
        NS_TEST_ASSERT_MSG_EQ(byAdd->GetState(), IpsecSaState::DEAD, "");
        NS_TEST_ASSERT_MSG_EQ(sad->GetAll().size(), 0u, "both gone");
        NS_TEST_ASSERT_MSG_EQ(sad->FindInbound(IpsecProtocol::ESP, p.destination, 0x1000),
                              nullptr,
                              "");
        Simulator::Destroy();
    }
};

class VolumeLifetimeTestCase : public TestCase
{
  public:
    VolumeLifetimeTestCase()
        : TestCase("byte and packet lifetimes; refused lifetimes; lifetimes changed in place")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<SecurityAssociationDatabase> sad = CreateObject<SecurityAssociationDatabase>();
        SadLog log;
        log.Connect(sad);
        IpsecSaParams p = Params(0x1000);
        p.softLifetime.bytes = 300;
        p.hardLifetime.bytes = 500;
        std::string error;
        Ptr<SecurityAssociation> sa = sad->Add(p, error);
        for (int i = 0; i < 3; ++i)
        {
            sa->GetCounters().rxBytes += 200;
            sa->GetCounters().rxPackets++;
            sad->NotifyUse(sa);
            if (i == 0)
            {
                NS_TEST_ASSERT_MSG_EQ(sa->GetState(), IpsecSaState::MATURE, "200 < 300");
            }
            if (i == 1)
            {
                NS_TEST_ASSERT_MSG_EQ(sa->GetState(), IpsecSaState::DYING, "400 >= 300");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(sa->GetState(), IpsecSaState::DEAD, "600 >= 500");
        NS_TEST_ASSERT_MSG_EQ(log.events.size(), 3u, "soft once, hard, deleted");

        IpsecSaParams q = Params(0x2000);
        q.softLifetime.allocations = 2;
        q.hardLifetime.allocations = 3;
        Ptr<SecurityAssociation> counted = sad->Add(q, error);
        for (int i = 0; i < 3; ++i)
        {
            counted->GetCounters().txPackets++;
            sad->NotifyUse(counted);
        }
        NS_TEST_ASSERT_MSG_EQ(counted->GetState(), IpsecSaState::DEAD, "three packets");
        NS_TEST_ASSERT_MSG_EQ(log.events.size(), 6u, "");

        // A soft limit beyond its hard one is refused, and nothing is installed.
        IpsecSaParams bad = Params(0x3000);
        bad.softLifetime.bytes = 600;
        bad.hardLifetime.bytes = 500;
        NS_TEST_ASSERT_MSG_EQ(sad->Add(bad, error), nullptr, "refused");
        NS_TEST_ASSERT_MSG_NE(error.find("soft bytes 600 exceed hard 500"),
                              std::string::npos,
                              error);
        NS_TEST_ASSERT_MSG_EQ(sad->GetAll().size(), 0u, "");

        // Lifetimes changed in place keep counting from installation.
        IpsecSaParams r = Params(0x4000);
        r.hardLifetime.addTime = Seconds(10);
        Ptr<SecurityAssociation> changed = sad->Add(r, error);
        Simulator::Schedule(Seconds(1), [&]() {
            IpsecLifetime hard;
            hard.addTime = Seconds(3);
            std::string why;
            sad->UpdateLifetimes(changed, IpsecLifetime(), hard, why);
        });
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(log.events.size(), 8u, "");
        NS_TEST_ASSERT_MSG_EQ(log.events.at(6).first, Seconds(3), "3 s after installation");
        Simulator::Destroy();
    }
};

class LarvalTestCase : public TestCase
{
  public:
    LarvalTestCase()
        : TestCase("larval SPI reservations: unique, taken over by the SA, timed out")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<SecurityAssociationDatabase> sad = CreateObject<SecurityAssociationDatabase>();
        const IpsecAddress src = Ipv4Address("10.9.0.1");
        const IpsecAddress dst = Ipv4Address("10.9.0.2");
        NS_TEST_ASSERT_MSG_EQ(sad->ReserveSpi(IpsecProtocol::ESP, src, dst, 0x1000, Seconds(1)),
                              true,
                              "");
        NS_TEST_ASSERT_MSG_EQ(sad->ReserveSpi(IpsecProtocol::ESP, src, dst, 0x1000, Seconds(1)),
                              false,
                              "an SPI is reserved once");
        NS_TEST_ASSERT_MSG_EQ(sad->ReserveSpi(IpsecProtocol::AH, src, dst, 0x1000, Seconds(1)),
                              true,
                              "the triple includes the protocol");
        NS_TEST_ASSERT_MSG_EQ(sad->FindInbound(IpsecProtocol::ESP, dst, 0x1000),
                              nullptr,
                              "a larval SA carries nothing");
        std::string error;
        NS_TEST_ASSERT_MSG_NE(sad->Add(Params(0x1000), error), nullptr, "the SA takes it over");
        NS_TEST_ASSERT_MSG_EQ(sad->IsReserved(IpsecProtocol::ESP, dst, 0x1000), false, "");
        NS_TEST_ASSERT_MSG_EQ(sad->ReserveSpi(IpsecProtocol::ESP, src, dst, 0x1000, Seconds(1)),
                              false,
                              "and an SA's SPI cannot be reserved");
        NS_TEST_ASSERT_MSG_EQ(sad->ReserveSpi(IpsecProtocol::ESP, src, dst, 0x2000, Seconds(1)),
                              true,
                              "");
        bool at500 = false;
        Simulator::Schedule(MilliSeconds(500),
                            [&]() { at500 = sad->IsReserved(IpsecProtocol::ESP, dst, 0x2000); });
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(at500, true, "reserved before the timeout");
        NS_TEST_ASSERT_MSG_EQ(sad->IsReserved(IpsecProtocol::ESP, dst, 0x2000),
                              false,
                              "gone after it");
        Simulator::Destroy();
    }
};

/// Two hosts, UDP to port 9 protected; SAs, ACQUIRE and hold queue under test.
class TwoHostsScenario
{
  public:
    NodeContainer nodes;
    Ipv4InterfaceContainer ifaces;
    IpsecHelper ipsec;
    std::vector<uint32_t> received; //!< Sizes the server got, in order
    uint32_t acquires = 0;

    TwoHostsScenario(uint32_t queueLimit, Time holdTime)
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses("10.9.0.0", "255.255.255.0");
        ifaces = addresses.Assign(devices);
        ipsec.SetLayerAttribute("AcquireQueueLimit", UintegerValue(queueLimit));
        ipsec.SetLayerAttribute("AcquireHoldTime", TimeValue(holdTime));
        ipsec.Install(nodes);
        ipsec.AssignStreams(nodes, 5);
        IpsecTrafficSelector udp;
        udp.SetProtocol(17).SetRemotePorts(9, 9);
        ipsec.AddPolicyPair(nodes.Get(0), nodes.Get(1), udp, IpsecAction::PROTECT);
        PacketSinkHelper sink("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
        ApplicationContainer apps = sink.Install(nodes.Get(1));
        apps.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&TwoHostsScenario::OnRx, this));
    }

    void OnRx(Ptr<const Packet> p, const Address&)
    {
        received.push_back(p->GetSize());
    }

    bool OnAcquire(Ptr<IpsecPolicy>, const IpsecAddress&, const IpsecAddress&)
    {
        ++acquires;
        return true;
    }

    /// Sends datagrams of 101, 102, ... bytes, 100 ms apart from @p start.
    void Send(uint32_t count, Time start, uint32_t firstSize = 101)
    {
        Ptr<Socket> tx = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        tx->Connect(InetSocketAddress(ifaces.GetAddress(1), 9));
        for (uint32_t i = 0; i < count; ++i)
        {
            Simulator::Schedule(start + MilliSeconds(100 * i),
                                [tx, i, firstSize]() { tx->Send(Create<Packet>(firstSize + i)); });
        }
    }

    void InstallSas(Time when, uint64_t initialSequence = 0)
    {
        Simulator::Schedule(when, [this, initialSequence]() {
            IpsecEspSaConfig config;
            config.initialSequence = initialSequence;
            ipsec.AddEspSaPair(nodes.Get(0),
                               ifaces.GetAddress(0),
                               nodes.Get(1),
                               ifaces.GetAddress(1),
                               config);
        });
    }

    const IpsecLayer::Counters& Sender() const
    {
        return nodes.Get(0)->GetObject<IpsecLayer>()->GetCounters();
    }
};

class AcquireQueueTestCase : public TestCase
{
  public:
    AcquireQueueTestCase()
        : TestCase("ACQUIRE: one per policy, packets held and released in order, limits")
    {
    }

  private:
    void DoRun() override
    {
        {
            // No key manager: packets without an SA are dropped at once.
            TwoHostsScenario s(16, Seconds(3));
            s.Send(3, Seconds(1));
            Simulator::Stop(Seconds(3));
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ(s.Sender().GetDrops(IpsecDropReason::NO_OUTBOUND_SA), 3, "");
            Simulator::Destroy();
        }
        {
            // A key manager: one ACQUIRE, five packets held, sent in order when the SA comes.
            TwoHostsScenario s(16, Seconds(3));
            s.nodes.Get(0)->GetObject<IpsecLayer>()->SetAcquireCallback(
                MakeCallback(&TwoHostsScenario::OnAcquire, &s));
            s.Send(5, Seconds(1));
            s.InstallSas(Seconds(2));
            s.Send(1, Seconds(2.5), 200);
            Simulator::Stop(Seconds(4));
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ(s.acquires, 1u, "one ACQUIRE while it is pending");
            const std::vector<uint32_t> expected{101, 102, 103, 104, 105, 200};
            NS_TEST_ASSERT_MSG_EQ((s.received == expected), true, "all delivered, in order");
            NS_TEST_ASSERT_MSG_EQ(s.Sender().GetDrops(IpsecDropReason::NO_OUTBOUND_SA), 0, "");
            Simulator::Destroy();
        }
        {
            // Room for two: the other three are dropped.
            TwoHostsScenario s(2, Seconds(3));
            s.nodes.Get(0)->GetObject<IpsecLayer>()->SetAcquireCallback(
                MakeCallback(&TwoHostsScenario::OnAcquire, &s));
            s.Send(5, Seconds(1));
            s.InstallSas(Seconds(2));
            Simulator::Stop(Seconds(4));
            Simulator::Run();
            const std::vector<uint32_t> expected{101, 102};
            NS_TEST_ASSERT_MSG_EQ((s.received == expected), true, "the first two");
            NS_TEST_ASSERT_MSG_EQ(s.Sender().GetDrops(IpsecDropReason::NO_OUTBOUND_SA), 3, "");
            Simulator::Destroy();
        }
        {
            // Nothing held (limit 0): the ACQUIRE is answered by the SA all the same, so when
            // that SA is gone the next packet asks again at once, not after AcquireTimeout.
            TwoHostsScenario s(0, Seconds(3));
            s.nodes.Get(0)->GetObject<IpsecLayer>()->SetAcquireCallback(
                MakeCallback(&TwoHostsScenario::OnAcquire, &s));
            s.Send(1, Seconds(1));
            s.InstallSas(Seconds(1.5));
            s.Send(1, Seconds(2), 150);
            Simulator::Schedule(Seconds(2.5), [&s]() {
                Ptr<SecurityAssociationDatabase> sad =
                    s.nodes.Get(0)->GetObject<IpsecLayer>()->GetSad();
                sad->Flush();
            });
            s.Send(1, Seconds(3), 160);
            Simulator::Stop(Seconds(4));
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ(s.acquires, 2u, "asked again once the SA was gone");
            const std::vector<uint32_t> expected{150};
            NS_TEST_ASSERT_MSG_EQ((s.received == expected), true, "only the packet with an SA");
            Simulator::Destroy();
        }
        {
            // Held for 0.5 s only; the SA comes at 2 s: packets sent before 1.5 s are lost.
            TwoHostsScenario s(16, MilliSeconds(500));
            s.nodes.Get(0)->GetObject<IpsecLayer>()->SetAcquireCallback(
                MakeCallback(&TwoHostsScenario::OnAcquire, &s));
            s.Send(8, Seconds(1));
            s.InstallSas(MilliSeconds(1750));
            Simulator::Stop(Seconds(4));
            Simulator::Run();
            // Sent at 1.0 .. 1.7 s; at 1.75 s those younger than 0.5 s are still held.
            const std::vector<uint32_t> expected{104, 105, 106, 107, 108};
            NS_TEST_ASSERT_MSG_EQ((s.received == expected), true, "only the young ones");
            NS_TEST_ASSERT_MSG_EQ(s.Sender().GetDrops(IpsecDropReason::NO_OUTBOUND_SA), 3, "");
            Simulator::Destroy();
        }
    }
};

class SequenceExhaustionTestCase : public TestCase
{
  public:
    SequenceExhaustionTestCase()
        : TestCase("the last outbound sequence number expires the SA (RFC 4303 3.3.3)")
    {
    }

  private:
    void DoRun() override
    {
        TwoHostsScenario s(16, Seconds(3));
        SadLog log;
        log.Connect(s.nodes.Get(0)->GetObject<IpsecLayer>()->GetSad());
        s.InstallSas(Seconds(0.5), 0xffffffffULL - 3);
        s.Send(5, Seconds(1));
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(s.received.size(), 3u, "sequence numbers 2^32-3 .. 2^32-1");
        NS_TEST_ASSERT_MSG_EQ(log.events.size(), 2u, "a hard expiry, then the SA is deleted");
        NS_TEST_ASSERT_MSG_EQ(log.events.at(0).second, "hard", "");
        NS_TEST_ASSERT_MSG_EQ(log.events.at(0).first, Seconds(1.2), "after the third packet");
        NS_TEST_ASSERT_MSG_EQ(s.Sender().GetDrops(IpsecDropReason::NO_OUTBOUND_SA),
                              2,
                              "the SA is gone: the rest has none");
        NS_TEST_ASSERT_MSG_EQ(s.Sender().GetDrops(IpsecDropReason::SEQUENCE_OVERFLOW),
                              0,
                              "never a cycled sequence number");
        Simulator::Destroy();
    }
};

} // namespace

/// The suite.
class IpsecLifetimeTestSuite : public TestSuite
{
  public:
    IpsecLifetimeTestSuite()
        : TestSuite("ipsec-lifetime", ipsectest::UNIT)
    {
        AddTestCase(new TimeLifetimeTestCase, ipsectest::QUICK);
        AddTestCase(new VolumeLifetimeTestCase, ipsectest::QUICK);
        AddTestCase(new LarvalTestCase, ipsectest::QUICK);
        AddTestCase(new AcquireQueueTestCase, ipsectest::QUICK);
        AddTestCase(new SequenceExhaustionTestCase, ipsectest::QUICK);
    }
};

static IpsecLifetimeTestSuite g_ipsecLifetimeTestSuite;
