/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Intra-machine traffic (the man page): policy is enforced, mechanisms are not applied; the
// outbound policy's mechanisms count as if the packet had arrived with them. Each case sends
// UDP (and TCP) from a node to itself, to its own address and to the loopback address, and
// checks what was delivered, what was dropped and why, and that nothing went on the link.

#include "ipsec-test-compat.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <map>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint16_t PORT = 9;
constexpr uint8_t PROTO_UDP = 17;
constexpr uint8_t PROTO_TCP = 6;

/// One node with IPsec (and a link, so that it has an address of its own besides loopback).
class OneNode
{
  public:
    OneNode()
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper().Install(nodes);
        Ipv4AddressHelper addr("10.9.0.0", "255.255.255.0");
        own = addr.Assign(devices).GetAddress(0);
        helper.Install(nodes.Get(0));
        Layer()->TraceConnectWithoutContext("Drop", MakeCallback(&OneNode::OnDrop, this));
        devices.Get(0)->TraceConnectWithoutContext("PhyTxBegin",
                                                   MakeCallback(&OneNode::OnWire, this));
        rx = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        rx->Bind(InetSocketAddress(Ipv4Address::GetAny(), PORT));
        rx->SetRecvCallback(MakeCallback(&OneNode::OnReceive, this));
        tx = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        tx->Bind();
    }

    Ptr<IpsecLayer> Layer() const
    {
        return nodes.Get(0)->GetObject<IpsecLayer>();
    }

    /// A policy on the node: protocol @p protocol, in @p direction, doing @p action.
    Ptr<IpsecPolicy> Add(IpsecDirection direction,
                         IpsecAction action,
                         IpsecProtocol ipsec = IpsecProtocol::ESP,
                         IpsecEncryption encryption = IpsecEncryption::ANY,
                         uint8_t protocol = PROTO_UDP)
    {
        IpsecTrafficSelector selector;
        selector.SetProtocol(protocol);
        selector.SetDirection(direction);
        auto policy = Create<IpsecPolicy>(selector, action);
        if (action == IpsecAction::PROTECT)
        {
            policy->SetProtection(ipsec, IpsecMode::TRANSPORT, encryption);
        }
        return helper.AddPolicy(nodes.Get(0), policy);
    }

    /// Two datagrams: one to the node's own address, one to 127.0.0.1.
    void SendBoth()
    {
        Simulator::Schedule(Seconds(0.1), [this]() {
            tx->SendTo(Create<Packet>(64), 0, InetSocketAddress(own, PORT));
            tx->SendTo(Create<Packet>(64), 0, InetSocketAddress(Ipv4Address::GetLoopback(), PORT));
        });
    }

    void Run()
    {
        Simulator::Stop(Seconds(2));
        Simulator::Run();
    }

    uint64_t Drops(IpsecDropReason reason) const
    {
        auto it = drops.find(reason);
        return it == drops.end() ? 0 : it->second;
    }

    NodeContainer nodes;
    Ipv4Address own;
    IpsecHelper helper;
    Ptr<Socket> rx;
    Ptr<Socket> tx;
    uint32_t received = 0;
    uint32_t onWire = 0;
    std::map<IpsecDropReason, uint64_t> drops;

  private:
    void OnReceive(Ptr<Socket> socket)
    {
        while (socket->Recv())
        {
            ++received;
        }
    }

    void OnDrop(Ptr<const Packet>, IpsecDropReason reason, uint32_t)
    {
        ++drops[reason];
    }

    void OnWire(Ptr<const Packet>)
    {
        ++onWire;
    }
};

} // namespace

/// A protect policy with no SA at all: delivered, since mechanisms are not applied.
class ProtectDeliveredTestCase : public TestCase
{
  public:
    ProtectDeliveredTestCase()
        : TestCase("protect policy: delivered without SAs, nothing on the link")
    {
    }

  private:
    void DoRun() override
    {
        OneNode t;
        t.Add(IpsecDirection::BOTH, IpsecAction::PROTECT);
        t.SendBoth();
        t.Run();
        NS_TEST_ASSERT_MSG_EQ(t.received, 2, "own address and loopback delivered");
        NS_TEST_ASSERT_MSG_EQ(t.onWire, 0, "nothing sent on the link");
        NS_TEST_ASSERT_MSG_EQ(t.Layer()->GetSad()->GetAll().size(), 0, "no SA exists");
        NS_TEST_ASSERT_MSG_EQ(t.Layer()->GetCounters().intraMachineOut, 2, "enforced, not applied");
        NS_TEST_ASSERT_MSG_EQ(t.Layer()->GetCounters().intraMachineIn, 2, "accepted as protected");
        NS_TEST_ASSERT_MSG_EQ(t.Layer()->GetCounters().protectedOut, 0, "no ESP built");
        NS_TEST_ASSERT_MSG_EQ(t.drops.size(), 0, "no drops");
        Simulator::Destroy();
    }
};

/// A discard policy drops intra-machine traffic like any other.
class DiscardTestCase : public TestCase
{
  public:
    DiscardTestCase()
        : TestCase("discard policy: dropped")
    {
    }

  private:
    void DoRun() override
    {
        OneNode t;
        t.Add(IpsecDirection::OUTBOUND, IpsecAction::DISCARD);
        t.SendBoth();
        t.Run();
        NS_TEST_ASSERT_MSG_EQ(t.received, 0, "nothing delivered");
        NS_TEST_ASSERT_MSG_EQ(t.Drops(IpsecDropReason::POLICY_DISCARD), 2, "both discarded");
        Simulator::Destroy();
    }
};

/// Outbound bypass, inbound protect: the packet arrives with no mechanisms and is refused.
class ClearRefusedTestCase : public TestCase
{
  public:
    ClearRefusedTestCase()
        : TestCase("outbound bypass, inbound protect: cleartext refused")
    {
    }

  private:
    void DoRun() override
    {
        OneNode t;
        t.Add(IpsecDirection::OUTBOUND, IpsecAction::BYPASS);
        t.Add(IpsecDirection::INBOUND, IpsecAction::PROTECT);
        t.SendBoth();
        t.Run();
        NS_TEST_ASSERT_MSG_EQ(t.received, 0, "nothing delivered");
        NS_TEST_ASSERT_MSG_EQ(t.Drops(IpsecDropReason::CLEARTEXT_REJECTED), 2, "refused");
        Simulator::Destroy();
    }
};

/// The inbound policy checks the outbound policy's mechanisms: protocol and algorithm.
class MechanismMismatchTestCase : public TestCase
{
  public:
    MechanismMismatchTestCase(IpsecProtocol inboundProtocol,
                              IpsecEncryption inboundEncryption,
                              bool accepted)
        : TestCase(
              std::string("outbound esp aes-cbc, inbound requires ") +
              (inboundProtocol == IpsecProtocol::AH ? "ah" : "esp") +
              (inboundEncryption == IpsecEncryption::ANY
                   ? " (any)"
                   : (inboundEncryption == IpsecEncryption::AES_CBC ? " aes-cbc" : " aes-gcm")) +
              (accepted ? ": accepted" : ": policy mismatch")),
          m_protocol(inboundProtocol),
          m_encryption(inboundEncryption),
          m_accepted(accepted)
    {
    }

  private:
    void DoRun() override
    {
        OneNode t;
        t.Add(IpsecDirection::OUTBOUND,
              IpsecAction::PROTECT,
              IpsecProtocol::ESP,
              IpsecEncryption::AES_CBC);
        t.Add(IpsecDirection::INBOUND,
              IpsecAction::PROTECT,
              m_protocol,
              m_protocol == IpsecProtocol::AH ? IpsecEncryption::ANY : m_encryption);
        t.SendBoth();
        t.Run();
        NS_TEST_ASSERT_MSG_EQ(t.received, m_accepted ? 2 : 0, "delivered");
        NS_TEST_ASSERT_MSG_EQ(t.Drops(IpsecDropReason::POLICY_MISMATCH),
                              m_accepted ? 0 : 2,
                              "mismatch drops");
        Simulator::Destroy();
    }

    IpsecProtocol m_protocol;
    IpsecEncryption m_encryption;
    bool m_accepted;
};

/// Per-socket policy on both ends of an intra-machine conversation.
class SocketPolicyTestCase : public TestCase
{
  public:
    SocketPolicyTestCase()
        : TestCase("per-socket REQUIRED on both sockets; on the receiver only: refused")
    {
    }

  private:
    void DoRun() override
    {
        OneNode t; // no SPD entry: default bypass
        IpsecSocketRequest esp;
        esp.espReq = IpsecSocketRequest::PREF_REQUIRED;
        NS_TEST_ASSERT_MSG_EQ(
            IpsecSocketOptions::SetSockOpt(t.rx, IpsecSocketOption::IP_SEC_OPT, esp),
            0,
            "");
        Ptr<Socket> plain = Socket::CreateSocket(t.nodes.Get(0), UdpSocketFactory::GetTypeId());
        plain->Bind();
        Simulator::Schedule(Seconds(0.5), [&t, esp, plain]() {
            plain->SendTo(Create<Packet>(10), 0, InetSocketAddress(t.own, PORT));
            IpsecSocketOptions::SetSockOpt(t.tx, IpsecSocketOption::IP_SEC_OPT, esp);
        });
        Simulator::Schedule(Seconds(1.0), [&t]() {
            t.tx->SendTo(Create<Packet>(10), 0, InetSocketAddress(t.own, PORT));
        });
        t.Run();
        NS_TEST_ASSERT_MSG_EQ(t.received, 1, "only the protected socket's datagram");
        NS_TEST_ASSERT_MSG_EQ(t.Drops(IpsecDropReason::CLEARTEXT_REJECTED), 1, "plain refused");
        NS_TEST_ASSERT_MSG_EQ(t.onWire, 0, "nothing on the link");
        Simulator::Destroy();
    }
};

/// A TCP connection to the node itself under a protect policy completes.
class IntraMachineTcpTestCase : public TestCase
{
  public:
    IntraMachineTcpTestCase()
        : TestCase("TCP to itself under a protect policy")
    {
    }

  private:
    void DoRun() override
    {
        OneNode t;
        t.Add(IpsecDirection::BOTH,
              IpsecAction::PROTECT,
              IpsecProtocol::AH,
              IpsecEncryption::ANY,
              PROTO_TCP);
        Ptr<Socket> listener = Socket::CreateSocket(t.nodes.Get(0), TcpSocketFactory::GetTypeId());
        listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 8080));
        listener->Listen();
        uint64_t bytes = 0;
        std::vector<Ptr<Socket>> accepted;
        listener->SetAcceptCallback(
            MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
            Callback<void, Ptr<Socket>, const Address&>(
                [&bytes, &accepted](Ptr<Socket> s, const Address&) {
                    accepted.push_back(s);
                    s->SetRecvCallback(Callback<void, Ptr<Socket>>([&bytes](Ptr<Socket> r) {
                        while (Ptr<Packet> p = r->Recv())
                        {
                            bytes += p->GetSize();
                        }
                    }));
                }));
        Ptr<Socket> client = Socket::CreateSocket(t.nodes.Get(0), TcpSocketFactory::GetTypeId());
        client->Bind();
        client->SetConnectCallback(
            Callback<void, Ptr<Socket>>([](Ptr<Socket> s) { s->Send(Create<Packet>(5000)); }),
            MakeNullCallback<void, Ptr<Socket>>());
        // Connecting sends the SYN at once: not before the simulation (and the node) start.
        Simulator::Schedule(Seconds(0.1),
                            [client, &t]() { client->Connect(InetSocketAddress(t.own, 8080)); });
        t.Run();
        NS_TEST_ASSERT_MSG_EQ(bytes, 5000, "all bytes delivered");
        NS_TEST_ASSERT_MSG_GT(t.Layer()->GetCounters().intraMachineIn, 3, "segments enforced");
        NS_TEST_ASSERT_MSG_EQ(t.drops.size(), 0, "no drops");
        accepted.clear();
        Simulator::Destroy();
    }
};

/// The suite.
class IpsecIntraMachineTestSuite : public TestSuite
{
  public:
    IpsecIntraMachineTestSuite()
        : TestSuite("ipsec-intra-machine", ipsectest::SYSTEM)
    {
        AddTestCase(new ProtectDeliveredTestCase, ipsectest::QUICK);
        AddTestCase(new DiscardTestCase, ipsectest::QUICK);
        AddTestCase(new ClearRefusedTestCase, ipsectest::QUICK);
        AddTestCase(new MechanismMismatchTestCase(IpsecProtocol::ESP, IpsecEncryption::ANY, true),
                    ipsectest::QUICK);
        AddTestCase(
            new MechanismMismatchTestCase(IpsecProtocol::ESP, IpsecEncryption::AES_CBC, true),
            ipsectest::QUICK);
        AddTestCase(new MechanismMismatchTestCase(IpsecProtocol::ESP,
                                                  IpsecEncryption::AES_GCM_ICV16,
                                                  false),
                    ipsectest::QUICK);
        AddTestCase(new MechanismMismatchTestCase(IpsecProtocol::AH, IpsecEncryption::ANY, false),
                    ipsectest::QUICK);
        AddTestCase(new SocketPolicyTestCase, ipsectest::QUICK);
        AddTestCase(new IntraMachineTcpTestCase, ipsectest::QUICK);
    }
};

/// The suite's instance.
static IpsecIntraMachineTestSuite g_ipsecIntraMachineTestSuite;
