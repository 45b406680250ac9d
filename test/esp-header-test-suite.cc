/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-test-compat.h"

#include "ns3/esp-header.h"
#include "ns3/packet.h"
#include "ns3/test.h"

#include <sstream>

using namespace ns3;

/// ESP header: wire bytes, round trip through a Packet, printing.
class EspHeaderTestCase : public TestCase
{
  public:
    EspHeaderTestCase()
        : TestCase("ESP header serialization")
    {
    }

  private:
    void DoRun() override
    {
        EspHeader h(0xa1b2c3d4, 0x01020304);
        NS_TEST_ASSERT_MSG_EQ(h.GetSerializedSize(), 8, "8 bytes on the wire");
        Ptr<Packet> p = Create<Packet>(5);
        p->AddHeader(h);
        NS_TEST_ASSERT_MSG_EQ(p->GetSize(), 13, "header + payload");
        uint8_t wire[8];
        p->CopyData(wire, sizeof(wire));
        const uint8_t expected[8] = {0xa1, 0xb2, 0xc3, 0xd4, 0x01, 0x02, 0x03, 0x04};
        for (int i = 0; i < 8; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(int(wire[i]), int(expected[i]), "network byte order at " << i);
        }
        EspHeader back;
        NS_TEST_ASSERT_MSG_EQ(p->RemoveHeader(back), 8, "consumed");
        NS_TEST_ASSERT_MSG_EQ(back.GetSpi(), 0xa1b2c3d4, "SPI");
        NS_TEST_ASSERT_MSG_EQ(back.GetSequence(), 0x01020304, "sequence");
        NS_TEST_ASSERT_MSG_EQ(p->GetSize(), 5, "payload left");

        back.SetSpi(256);
        back.SetSequence(0xffffffff);
        Ptr<Packet> q = Create<Packet>();
        q->AddHeader(back);
        EspHeader again;
        q->PeekHeader(again);
        NS_TEST_ASSERT_MSG_EQ(again.GetSpi(), 256, "SPI");
        NS_TEST_ASSERT_MSG_EQ(again.GetSequence(), 0xffffffff, "largest sequence");

        std::ostringstream os;
        h.Print(os);
        NS_TEST_ASSERT_MSG_EQ(os.str(), "ESP spi=0xa1b2c3d4 seq=16909060", "Print");
        NS_TEST_ASSERT_MSG_EQ(EspHeader().GetSpi(), 0, "default");
    }
};

/// ESP header suite.
class EspHeaderTestSuite : public TestSuite
{
  public:
    EspHeaderTestSuite()
        : TestSuite("ipsec-esp-header", ipsectest::UNIT)
    {
        AddTestCase(new EspHeaderTestCase, ipsectest::QUICK);
    }
};

/// Static instance.
static EspHeaderTestSuite g_espHeaderTestSuite;
