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

/// ESP header: decoding bytes that arrive from the wire, and printing small values.
class EspHeaderDecodeTestCase : public TestCase
{
  public:
    EspHeaderDecodeTestCase()
        : TestCase("ESP header decoded from wire bytes")
    {
    }

  private:
    void DoRun() override
    {
        // RFC 4303 section 2: SPI (32 bits) then sequence number (32 bits), both big-endian,
        // followed by opaque payload bytes that the header must not consume.
        const uint8_t wire[] = {0x00, 0x00, 0x01, 0x00, 0xff, 0xff, 0xff, 0xfe, 0xde, 0xad};
        Ptr<Packet> p = Create<Packet>(wire, sizeof(wire));
        EspHeader h;
        NS_TEST_ASSERT_MSG_EQ(p->PeekHeader(h), EspHeader::SIZE, "peek reads 8 bytes");
        NS_TEST_ASSERT_MSG_EQ(p->GetSize(), sizeof(wire), "peek leaves the packet alone");
        NS_TEST_ASSERT_MSG_EQ(h.GetSpi(), 256, "SPI 0x00000100");
        NS_TEST_ASSERT_MSG_EQ(h.GetSequence(), 0xfffffffe, "sequence 0xfffffffe");
        NS_TEST_ASSERT_MSG_EQ(p->RemoveHeader(h), EspHeader::SIZE, "remove reads 8 bytes");
        uint8_t rest[2] = {};
        NS_TEST_ASSERT_MSG_EQ(p->GetSize(), 2, "payload left");
        p->CopyData(rest, sizeof(rest));
        NS_TEST_ASSERT_MSG_EQ(int(rest[0]), 0xde, "first payload byte");
        NS_TEST_ASSERT_MSG_EQ(int(rest[1]), 0xad, "second payload byte");

        // Each byte lands in its own place: a distinct value per octet.
        for (uint32_t shift = 0; shift < 32; shift += 8)
        {
            EspHeader one(uint32_t(0x5a) << shift, uint32_t(0xa5) << shift);
            Ptr<Packet> q = Create<Packet>();
            q->AddHeader(one);
            uint8_t b[8];
            q->CopyData(b, sizeof(b));
            for (uint32_t i = 0; i < 4; ++i)
            {
                const bool here = (3 - i) * 8 == shift;
                NS_TEST_ASSERT_MSG_EQ(int(b[i]), here ? 0x5a : 0, "SPI octet " << i);
                NS_TEST_ASSERT_MSG_EQ(int(b[4 + i]), here ? 0xa5 : 0, "sequence octet " << i);
            }
        }

        // Print pads the SPI to 8 hex digits and restores the stream's flags.
        std::ostringstream os;
        os << std::hex;
        EspHeader(0x100, 0).Print(os);
        os << 255;
        NS_TEST_ASSERT_MSG_EQ(os.str(), "ESP spi=0x00000100 seq=0ff", "Print keeps stream state");
        std::ostringstream dec;
        EspHeader(0xffffffff, 0xffffffff).Print(dec);
        NS_TEST_ASSERT_MSG_EQ(dec.str(), "ESP spi=0xffffffff seq=4294967295", "largest values");
        NS_TEST_ASSERT_MSG_EQ(EspHeader::GetTypeId().GetName(), "ns3::EspHeader", "TypeId");
        NS_TEST_ASSERT_MSG_EQ(h.GetInstanceTypeId(), EspHeader::GetTypeId(), "instance TypeId");
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
        AddTestCase(new EspHeaderDecodeTestCase, ipsectest::QUICK);
    }
};

/// Static instance.
static EspHeaderTestSuite g_espHeaderTestSuite;
