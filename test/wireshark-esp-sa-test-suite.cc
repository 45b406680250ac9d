/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Tests of the Wireshark esp_sa key rows and of the ESP capture inspector, on captures made
// by ns-3 and on captures made by an independent ESP implementation
// (test/make-foreign-esp-capture.py, checked by tshark).

#include "ipsec-test-compat.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <fstream>
#include <sstream>

using namespace ns3;

namespace
{

std::string
DataFile(const std::string& name)
{
    return std::string(NS_TEST_SOURCEDIR) + "/data/" + name;
}

std::vector<uint8_t>
Bytes(const std::string& s)
{
    return std::vector<uint8_t>(s.begin(), s.end());
}

/// The UDP payload of a decrypted transport-mode UDP segment.
std::vector<uint8_t>
UdpPayload(const EspPacketVerdict& v)
{
    return v.inner.size() < 8 ? std::vector<uint8_t>()
                              : std::vector<uint8_t>(v.inner.begin() + 8, v.inner.end());
}

void
CopyFile(const std::string& from, const std::string& to, size_t keep)
{
    std::ifstream in(from, std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream out(to, std::ios::binary);
    out.write(all.data(), std::min(keep, all.size()));
}

} // namespace

/// Parsing and formatting of esp_sa rows.
class EspSaRowTestCase : public TestCase
{
  public:
    EspSaRowTestCase()
        : TestCase("esp_sa rows: parse, format, validate")
    {
    }

  private:
    void DoRun() override
    {
        WiresharkEspSa row;
        std::string err;
        NS_TEST_ASSERT_MSG_EQ(
            WiresharkEspSa::Parse("\"IPv4\",\"10.0.0.1\",\"10.0.0.2\","
                                  "\"0x0000a011\",\"AES-CBC [RFC3602]\","
                                  "\"0x00112233445566778899aabbccddeeff\","
                                  "\"HMAC-SHA-1-96 [RFC2404]\","
                                  "\"0x0102030405060708090a0b0c0d0e0f1011121314\"",
                                  row,
                                  err),
            true,
            err);
        NS_TEST_ASSERT_MSG_EQ(row.Matches("10.0.0.1", "10.0.0.2", 0xa011), true, "match");
        NS_TEST_ASSERT_MSG_EQ(row.Matches("10.0.0.1", "10.0.0.2", 0xa012), false, "SPI");
        NS_TEST_ASSERT_MSG_EQ(row.Matches("10.0.0.3", "10.0.0.2", 0xa011), false, "source");
        IpsecSaParams p;
        NS_TEST_ASSERT_MSG_EQ(row.ToSaParams(p, err), true, err);
        NS_TEST_ASSERT_MSG_EQ((p.encryption == IpsecEncryption::AES_CBC), true, "AES-CBC");
        NS_TEST_ASSERT_MSG_EQ((p.integrity == IpsecIntegrity::HMAC_SHA1_96), true, "SHA1");
        NS_TEST_ASSERT_MSG_EQ(p.encryptionKey.size(), 16, "key bytes");
        NS_TEST_ASSERT_MSG_EQ(int(p.encryptionKey[15]), 0xff, "key byte order");
        NS_TEST_ASSERT_MSG_EQ(int(p.integrityKey[0]), 1, "auth key");
        NS_TEST_ASSERT_MSG_EQ(p.source, Ipv4Address("10.0.0.1"), "source");

        // The uat: prefix, unquoted fields, wildcards and decimal SPIs.
        NS_TEST_ASSERT_MSG_EQ(WiresharkEspSa::Parse("uat:esp_sa:IPv4,*,*,41233,NULL,,"
                                                    "\"HMAC-SHA-256-128 [RFC4868]\",0x" +
                                                        std::string(64, 'a'),
                                                    row,
                                                    err),
                              true,
                              err);
        NS_TEST_ASSERT_MSG_EQ(row.Matches("1.2.3.4", "5.6.7.8", 41233), true, "wildcards");
        NS_TEST_ASSERT_MSG_EQ(row.ToSaParams(p, err), true, err);
        NS_TEST_ASSERT_MSG_EQ((p.encryption == IpsecEncryption::NULL_ENC), true, "NULL");

        // Errors, each with a message.
        const std::vector<std::string> bad = {
            "\"IPv4\",\"*\",\"*\"",                                             // too few fields
            "\"IPv5\",\"*\",\"*\",\"*\",\"NULL\",\"\",\"NULL\",\"\"",           // protocol
            "\"IPv4\",\"*\",\"*\",\"0xZZ\",\"NULL\",\"\",\"NULL\",\"\"",        // SPI
            "\"IPv4\",\"*\",\"*\",\"0x1ffffffff\",\"NULL\",\"\",\"NULL\",\"\"", // SPI > 32 bit
            "\"IPv4\",\"*\",\"*\",\"*\",\"NULL\",\"\",\"NULL\",\"\",\"x\"",     // too many fields
            "\"IPv4\",\"*\",\"*\",\"*\",\"NULL,\"\",\"NULL\",\"\"",             // quotes
        };
        for (const auto& line : bad)
        {
            err.clear();
            NS_TEST_EXPECT_MSG_EQ(WiresharkEspSa::Parse(line, row, err), false, line);
            NS_TEST_EXPECT_MSG_NE(err, "", "a message for " << line);
        }
        // Rows that parse but cannot be used by the module's transforms.
        WiresharkEspSa unusable;
        unusable.encryption = "TripleDES-CBC [RFC2451]";
        unusable.encryptionKey = "0x" + std::string(48, '1');
        NS_TEST_ASSERT_MSG_EQ(unusable.ToSaParams(p, err), false, "3DES not implemented");
        NS_TEST_ASSERT_MSG_NE(err.find("not implemented"), std::string::npos, err);
        unusable = WiresharkEspSa();
        unusable.encryption = "AES-CBC [RFC3602]";
        unusable.encryptionKey = "0x0011";
        unusable.authentication = "HMAC-SHA-1-96 [RFC2404]";
        unusable.authenticationKey = "0x" + std::string(40, '2');
        NS_TEST_ASSERT_MSG_EQ(unusable.ToSaParams(p, err), false, "short AES key");
        unusable.encryptionKey = "0xABC";
        NS_TEST_ASSERT_MSG_EQ(unusable.ToSaParams(p, err), false, "odd hex digits");
        unusable.encryptionKey = "0x" + std::string(32, 'g');
        NS_TEST_ASSERT_MSG_EQ(unusable.ToSaParams(p, err), false, "not hex");

        // A file with a bad line is refused as a whole, with file and line in the message.
        const std::string file = CreateTempDirFilename("bad.esp_sa");
        {
            std::ofstream out(file);
            out << "# comment\n\n\"IPv4\",\"*\",\"*\",\"*\",\"NULL\",\"\",\"NULL\",\"\"\n"
                << "\"IPv4\",\"*\"\n";
        }
        std::vector<WiresharkEspSa> rows;
        NS_TEST_ASSERT_MSG_EQ(ReadWiresharkEspSaFile(file, rows, err), false, "bad file");
        NS_TEST_ASSERT_MSG_NE(err.find(":4:"), std::string::npos, "line number in " << err);
        NS_TEST_ASSERT_MSG_EQ(ReadWiresharkEspSaFile(file + ".missing", rows, err), false, "");
    }
};

/// An SA written as a row and read back gives the same algorithms and keys.
class EspSaRoundTripTestCase : public TestCase
{
  public:
    EspSaRoundTripTestCase()
        : TestCase("esp_sa rows: SA -> row -> SA")
    {
    }

  private:
    void DoRun() override
    {
        for (auto enc : {IpsecEncryption::AES_CBC, IpsecEncryption::AES_GCM_ICV16})
        {
            IpsecSaParams p;
            p.spi = 0x0badcafe;
            p.source = Ipv4Address("10.9.8.7");
            p.destination = Ipv4Address("10.9.8.6");
            p.encryption = enc;
            const bool gcm = enc == IpsecEncryption::AES_GCM_ICV16;
            p.encryptionKey = std::vector<uint8_t>(gcm ? 36 : 32, 0x5a);
            p.encryptionKey[3] = 0x01;
            p.integrity = gcm ? IpsecIntegrity::NONE : IpsecIntegrity::HMAC_SHA256_128;
            p.integrityKey = std::vector<uint8_t>(gcm ? 0 : 32, 0xa5);
            SecurityAssociation sa(p);
            const std::string line = WiresharkEspSa::FromSa(sa).Format();
            WiresharkEspSa row;
            std::string err;
            NS_TEST_ASSERT_MSG_EQ(WiresharkEspSa::Parse(line, row, err), true, err);
            NS_TEST_ASSERT_MSG_EQ(row.spi, "0x0badcafe", "SPI format");
            IpsecSaParams q;
            NS_TEST_ASSERT_MSG_EQ(row.ToSaParams(q, err), true, err);
            NS_TEST_ASSERT_MSG_EQ((q.encryption == p.encryption), true, "encryption");
            NS_TEST_ASSERT_MSG_EQ((q.integrity == p.integrity), true, "integrity");
            NS_TEST_ASSERT_MSG_EQ((q.encryptionKey == p.encryptionKey), true, "key");
            NS_TEST_ASSERT_MSG_EQ((q.integrityKey == p.integrityKey), true, "auth key");
            NS_TEST_ASSERT_MSG_EQ(row.Matches("10.9.8.7", "10.9.8.6", 0x0badcafe), true, "");
        }
    }
};

/// Captures from another ESP implementation (Python cryptography), verified by tshark.
class ForeignCaptureTestCase : public TestCase
{
  public:
    ForeignCaptureTestCase()
        : TestCase("inspector: captures made by another ESP implementation")
    {
    }

  private:
    void DoRun() override
    {
        EspPcapInspector inspector;
        std::string err;
        NS_TEST_ASSERT_MSG_EQ(inspector.LoadKeys(DataFile("foreign-esp.esp_sa"), err), true, err);
        std::ostringstream out;
        EspInspectionSummary s = inspector.Inspect(DataFile("foreign-esp-ethernet.pcap"), out);
        NS_TEST_ASSERT_MSG_EQ(s.error, "", "readable");
        NS_TEST_ASSERT_MSG_EQ(s.frames, 9, "frames");
        NS_TEST_ASSERT_MSG_EQ(s.esp, 6, "ESP packets (plain, IP options, VLAN, UDP 4500)");
        NS_TEST_ASSERT_MSG_EQ(s.good, 5, "good");
        NS_TEST_ASSERT_MSG_EQ(s.failed, 1, "the corrupted one");
        NS_TEST_ASSERT_MSG_EQ(s.skipped, 3, "keepalive, IKE behind the marker, ARP");
        const std::vector<std::string> expected = {"foreign payload 1",
                                                   "foreign reply 1",
                                                   "foreign payload 2, with IP options",
                                                   "foreign reply 2",
                                                   "foreign payload 3, in UDP"};
        for (size_t i = 0; i < expected.size(); ++i)
        {
            const EspPacketVerdict& v = s.packets.at(i);
            NS_TEST_ASSERT_MSG_EQ(v.IsGood(), true, "packet " << i << ": " << v);
            NS_TEST_ASSERT_MSG_EQ(int(v.innerProtocol), 17, "UDP inside");
            NS_TEST_ASSERT_MSG_EQ((UdpPayload(v) == Bytes(expected[i])), true, "payload " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(s.packets[0].spi, 0x1234, "SPI");
        NS_TEST_ASSERT_MSG_EQ(s.packets[1].spi, 0xabcd, "GCM SA");
        NS_TEST_ASSERT_MSG_EQ(s.packets[4].udpEncapsulated, true, "NAT-T");
        NS_TEST_ASSERT_MSG_EQ(s.packets[4].sequence, 3, "sequence");
        NS_TEST_ASSERT_MSG_EQ(s.packets[5].frame, 9, "frame number");
        NS_TEST_ASSERT_MSG_EQ((s.packets[5].reason == IpsecDropReason::ICV_MISMATCH),
                              true,
                              "ICV mismatch");
        NS_TEST_ASSERT_MSG_NE(out.str().find("icv=BAD"), std::string::npos, out.str());

        EspInspectionSummary sll = inspector.Inspect(DataFile("foreign-esp-sll.pcap"), out);
        NS_TEST_ASSERT_MSG_EQ(sll.esp, 2, "Linux cooked capture");
        NS_TEST_ASSERT_MSG_EQ(sll.good, 2, "AES-CBC-256 / HMAC-SHA-256-128");
        NS_TEST_ASSERT_MSG_EQ(int(sll.packets.at(0).innerProtocol), 6, "TCP inside");
        NS_TEST_ASSERT_MSG_EQ(sll.packets[0].inner.size(), 20, "a bare TCP header");
        NS_TEST_ASSERT_MSG_EQ(int(sll.packets[0].inner[3]), 80, "to port 80");

        // Without the keys, every ESP packet fails and says why.
        EspPcapInspector keyless;
        EspInspectionSummary none = keyless.Inspect(DataFile("foreign-esp-sll.pcap"), out);
        NS_TEST_ASSERT_MSG_EQ(none.failed, 2, "no keys");
        NS_TEST_ASSERT_MSG_EQ((none.packets.at(0).status == EspPacketVerdict::NO_KEY), true, "");
    }
};

/// Unreadable input is reported, never a crash.
class BadCaptureTestCase : public TestCase
{
  public:
    BadCaptureTestCase()
        : TestCase("inspector: missing, foreign-format and truncated files")
    {
    }

  private:
    void DoRun() override
    {
        EspPcapInspector inspector;
        std::string err;
        inspector.LoadKeys(DataFile("foreign-esp.esp_sa"), err);
        std::ostringstream out;
        NS_TEST_ASSERT_MSG_NE(inspector.Inspect(DataFile("no-such.pcap"), out).error, "", "");
        NS_TEST_ASSERT_MSG_NE(inspector.Inspect(DataFile("foreign-esp.esp_sa"), out).error,
                              "",
                              "not a pcap");
        const std::string ng = CreateTempDirFilename("x.pcapng");
        {
            std::ofstream f(ng, std::ios::binary);
            const uint32_t magic = 0x0a0d0d0a;
            f.write(reinterpret_cast<const char*>(&magic), 4);
            f << std::string(60, '\0');
        }
        NS_TEST_ASSERT_MSG_NE(inspector.Inspect(ng, out).error.find("pcapng"),
                              std::string::npos,
                              "pcapng named");
        // Cut in the middle of the third record: the two whole records are still checked.
        const std::string cut = CreateTempDirFilename("cut.pcap");
        CopyFile(DataFile("foreign-esp-ethernet.pcap"), cut, 24 + 2 * 16 + 200);
        EspInspectionSummary s = inspector.Inspect(cut, out);
        NS_TEST_ASSERT_MSG_EQ(s.error, "", "a cut file is still read");
        NS_TEST_ASSERT_MSG_EQ(s.good, 2, "the complete records");
    }
};

/// A capture of our own stack, with the helper's key file, and with a wrong key.
class OwnCaptureTestCase : public TestCase
{
  public:
    OwnCaptureTestCase()
        : TestCase("inspector: ns-3 capture with the helper's keys")
    {
    }

  private:
    void DoRun() override
    {
        const std::string prefix = CreateTempDirFilename("own");
        const std::string keys = prefix + ".esp_sa";
        {
            // In a scope of its own, so that the pcap file is closed when it ends.
            NodeContainer nodes;
            nodes.Create(2);
            PointToPointHelper p2p;
            NetDeviceContainer devices = p2p.Install(nodes);
            InternetStackHelper().Install(nodes);
            Ipv4InterfaceContainer ifs =
                Ipv4AddressHelper("10.2.0.0", "255.255.255.0").Assign(devices);
            IpsecHelper ipsec;
            ipsec.Install(nodes);
            IpsecTrafficSelector udp;
            udp.SetProtocol(17);
            ipsec.AddPolicyPair(nodes.Get(0), nodes.Get(1), udp, IpsecAction::PROTECT);
            IpsecEspSaConfig cfg;
            cfg.encryption = IpsecEncryption::AES_CBC;
            cfg.integrity = IpsecIntegrity::HMAC_SHA1_96;
            ipsec.AddEspSaPair(nodes.Get(0),
                               ifs.GetAddress(0),
                               nodes.Get(1),
                               ifs.GetAddress(1),
                               cfg);
            UdpEchoServerHelper(9).Install(nodes.Get(1)).Start(Seconds(0.5));
            UdpEchoClientHelper client(ifs.GetAddress(1), 9);
            client.SetAttribute("MaxPackets", UintegerValue(3));
            client.SetAttribute("Interval", TimeValue(MilliSeconds(100)));
            client.Install(nodes.Get(0)).Start(Seconds(1));
            p2p.EnablePcap(prefix, devices.Get(0));
            ipsec.WriteWiresharkEspSa(keys);
            Simulator::Stop(Seconds(3));
            Simulator::Run();
            Simulator::Destroy();
        }

        EspPcapInspector inspector;
        std::string err;
        NS_TEST_ASSERT_MSG_EQ(inspector.LoadKeys(keys, err), true, err);
        std::ostringstream out;
        EspInspectionSummary s = inspector.Inspect(prefix + "-0-0.pcap", out);
        NS_TEST_ASSERT_MSG_EQ(s.error, "", "readable");
        NS_TEST_ASSERT_MSG_EQ(s.esp, 6, "three requests, three echoes");
        NS_TEST_ASSERT_MSG_EQ(s.good, 6, out.str());
        NS_TEST_ASSERT_MSG_EQ(s.packets.at(0).inner.size(), 8 + 100, "UDP header + 100 bytes");
        NS_TEST_ASSERT_MSG_EQ(s.packets.at(5).sequence, 3, "sequence numbers");

        // Flip one hex digit of every authentication key: all ICVs must fail.
        std::vector<WiresharkEspSa> rows;
        ReadWiresharkEspSaFile(keys, rows, err);
        EspPcapInspector wrong;
        for (auto row : rows)
        {
            row.authenticationKey[2] = row.authenticationKey[2] == '0' ? '1' : '0';
            wrong.AddKey(row);
        }
        EspInspectionSummary w = wrong.Inspect(prefix + "-0-0.pcap", out);
        NS_TEST_ASSERT_MSG_EQ(w.failed, 6, "wrong keys");
        NS_TEST_ASSERT_MSG_EQ((w.packets.at(0).reason == IpsecDropReason::ICV_MISMATCH), true, "");
    }
};

/// The esp_sa key rows and the capture inspector.
class WiresharkEspSaTestSuite : public TestSuite
{
  public:
    WiresharkEspSaTestSuite()
        : TestSuite("ipsec-pcap-inspector", ipsectest::UNIT)
    {
        AddTestCase(new EspSaRowTestCase, ipsectest::QUICK);
        AddTestCase(new EspSaRoundTripTestCase, ipsectest::QUICK);
        AddTestCase(new ForeignCaptureTestCase, ipsectest::QUICK);
        AddTestCase(new BadCaptureTestCase, ipsectest::QUICK);
        AddTestCase(new OwnCaptureTestCase, ipsectest::QUICK);
    }
};

/// Static instance.
static WiresharkEspSaTestSuite g_wiresharkEspSaTestSuite;
