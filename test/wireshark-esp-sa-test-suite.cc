/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Tests of the Wireshark esp_sa key rows and of the ESP capture inspector, on captures made
// by ns-3 and on captures made by an independent ESP implementation
// (test/make-foreign-esp-capture.py, checked by tshark).

#include "ipsec-test-compat.h"
#include "ipsec-test-util.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/pcap-file.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

using namespace ns3;

namespace
{

/// A committed data file (test/data); CTest runs from the module's root.
std::string
DataFile(const std::string& name)
{
#ifdef NS_TEST_SOURCEDIR
    return std::string(NS_TEST_SOURCEDIR) + "/data/" + name;
#else
    return "test/data/" + name;
#endif
}

std::vector<uint8_t>
Bytes(const std::string& s)
{
    return std::vector<uint8_t>(s.begin(), s.end());
}

/// Byte @p i of @p b, or 0 when @p b is shorter (failed checks must not crash the runner,
/// which by default continues after a failure).
uint8_t
At8(const std::vector<uint8_t>& b, size_t i)
{
    return i < b.size() ? b[i] : 0;
}

/// Big-endian 16-bit value at @p i of @p b, or 0 when @p b is shorter.
uint16_t
At16(const std::vector<uint8_t>& b, size_t i)
{
    return static_cast<uint16_t>(At8(b, i) << 8 | At8(b, i + 1));
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

using Frame = std::vector<uint8_t>;

/// The frames of a pcap file, read with ns-3's PcapFile.
std::vector<Frame>
ReadFrames(const std::string& file, uint32_t& linkType)
{
    std::vector<Frame> frames;
    PcapFile pcap;
    pcap.Open(file, std::ios::in);
    linkType = pcap.GetDataLinkType();
    Frame buffer(65536);
    while (!pcap.Fail())
    {
        uint32_t sec;
        uint32_t usec;
        uint32_t inclLen;
        uint32_t origLen;
        uint32_t readLen;
        pcap.Read(buffer.data(), buffer.size(), sec, usec, inclLen, origLen, readLen);
        if (!pcap.Fail())
        {
            frames.emplace_back(buffer.begin(), buffer.begin() + readLen);
        }
    }
    return frames;
}

/// Write frames as a pcap file of the given link type.
void
WriteFrames(const std::string& file, uint32_t linkType, const std::vector<Frame>& frames)
{
    PcapFile pcap;
    pcap.Open(file, std::ios::out);
    pcap.Init(linkType, 65535);
    for (size_t i = 0; i < frames.size(); ++i)
    {
        pcap.Write(1, i, frames[i].data(), frames[i].size());
    }
    pcap.Close();
}

/// The IPv4 packets of the foreign Ethernet capture (VLAN tags removed), in frame order.
std::vector<Frame>
ForeignIpPackets()
{
    uint32_t linkType;
    std::vector<Frame> packets;
    for (const Frame& f : ReadFrames(DataFile("foreign-esp-ethernet.pcap"), linkType))
    {
        size_t off = 12;
        while (off + 2 <= f.size() && f[off] == 0x81 && f[off + 1] == 0x00)
        {
            off += 4;
        }
        if (off + 2 <= f.size() && f[off] == 0x08 && f[off + 1] == 0x00)
        {
            packets.emplace_back(f.begin() + off + 2, f.end());
        }
    }
    return packets;
}

/// @p prefix followed by @p packet.
Frame
Wrap(const Frame& prefix, const Frame& packet)
{
    Frame f(prefix);
    f.insert(f.end(), packet.begin(), packet.end());
    return f;
}

/// A minimal IPv4 header (checksum left zero: the inspector does not check it) and payload.
Frame
Ipv4Packet(uint8_t protocol, const Frame& payload)
{
    const size_t total = 20 + payload.size();
    Frame p = {0x45,
               0,
               uint8_t(total >> 8),
               uint8_t(total),
               0,
               1,
               0x40,
               0,
               64,
               protocol,
               0,
               0,
               10,
               0,
               0,
               1,
               10,
               0,
               0,
               2};
    p.insert(p.end(), payload.begin(), payload.end());
    return p;
}

constexpr uint16_t ETHERTYPE_IPV6 = 0x86dd;

/// The IP packets (either version) of a foreign Ethernet capture, in frame order.
std::vector<Frame>
ForeignPackets(const std::string& name)
{
    uint32_t linkType;
    std::vector<Frame> packets;
    for (const Frame& f : ReadFrames(DataFile(name), linkType))
    {
        size_t off = 12;
        while (off + 2 <= f.size() && f[off] == 0x81 && f[off + 1] == 0x00)
        {
            off += 4;
        }
        if (off + 2 <= f.size() && (At16(f, off) == 0x0800 || At16(f, off) == ETHERTYPE_IPV6))
        {
            packets.emplace_back(f.begin() + off + 2, f.end());
        }
    }
    return packets;
}

/// An IPv6 header from 2001:db8::1 to 2001:db8::2 (the foreign capture's SA 0x6001) and
/// payload; the payload length is the payload's unless given.
Frame
Ipv6Packet(uint8_t nextHeader, const Frame& payload, int payloadLength = -1)
{
    const size_t length = payloadLength < 0 ? payload.size() : size_t(payloadLength);
    Frame p = {0x60, 0, 0, 0, uint8_t(length >> 8), uint8_t(length), nextHeader, 64};
    for (uint8_t last : {1, 2})
    {
        const Frame address = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last};
        p.insert(p.end(), address.begin(), address.end());
    }
    p.insert(p.end(), payload.begin(), payload.end());
    return p;
}

/// An extension header of the generic layout: next header, length, then @p body padded with
/// zeros (Pad1 options, in an options header) to a multiple of 8 bytes.
Frame
Extension(uint8_t nextHeader, const Frame& body)
{
    Frame h = {nextHeader, 0};
    h.insert(h.end(), body.begin(), body.end());
    h.resize((h.size() + 7) / 8 * 8, 0);
    h[1] = static_cast<uint8_t>(h.size() / 8 - 1);
    return h;
}

/// @p a followed by @p b.
Frame
Cat(const Frame& a, const Frame& b)
{
    return Wrap(a, b);
}

/// Inspect @p packets written to @p file as a raw IP (link type 101) capture.
EspInspectionSummary
InspectRaw(EspPcapInspector& inspector,
           const std::string& file,
           const std::vector<Frame>& packets,
           std::ostream& out)
{
    WriteFrames(file, 101, packets);
    return inspector.Inspect(file, out);
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
        NS_TEST_ASSERT_MSG_EQ(int(At8(p.encryptionKey, 15)), 0xff, "key byte order");
        NS_TEST_ASSERT_MSG_EQ(int(At8(p.integrityKey, 0)), 1, "auth key");
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
        NS_TEST_ASSERT_MSG_EQ(row.Matches("1.2.3.4", "5.6.7.8", 41234), false, "decimal SPI");
        NS_TEST_ASSERT_MSG_EQ(row.ToSaParams(p, err), true, err);
        NS_TEST_ASSERT_MSG_EQ((p.encryption == IpsecEncryption::NULL_ENC), true, "NULL");
        NS_TEST_ASSERT_MSG_EQ((p.integrity == IpsecIntegrity::HMAC_SHA256_128), true, "SHA-256");
        NS_TEST_ASSERT_MSG_EQ(p.integrityKey.size(), 32, "auth key bytes");

        // SPI spellings Wireshark accepts: 0xa011, 0x0000a011, decimal; a wildcard SPI.
        for (const std::string spi : {"0xa011", "0x0000a011", "40977", "0XA011"})
        {
            NS_TEST_ASSERT_MSG_EQ(WiresharkEspSa::Parse("\"IPv4\",\"10.0.0.1\",\"*\",\"" + spi +
                                                            "\",\"NULL\",\"\",\"NULL\",\"\"",
                                                        row,
                                                        err),
                                  true,
                                  spi << ": " << err);
            NS_TEST_ASSERT_MSG_EQ(row.Matches("10.0.0.1", "9.9.9.9", 0xa011), true, spi);
            NS_TEST_ASSERT_MSG_EQ(row.Matches("10.0.0.9", "9.9.9.9", 0xa011), false, spi);
        }
        NS_TEST_ASSERT_MSG_EQ(WiresharkEspSa::Parse("IPv4, 10.0.0.1 , 10.0.0.2 ,*,"
                                                    "AES-CBC [RFC3602],0x" +
                                                        std::string(32, '0') +
                                                        ",HMAC-SHA-1-96 [RFC2404],0x" +
                                                        std::string(40, '0'),
                                                    row,
                                                    err),
                              true,
                              err);
        NS_TEST_ASSERT_MSG_EQ(row.source, "10.0.0.1", "unquoted fields are trimmed");
        NS_TEST_ASSERT_MSG_EQ(row.encryption, "AES-CBC [RFC3602]", "spaces inside a field kept");
        NS_TEST_ASSERT_MSG_EQ(row.Matches("10.0.0.1", "10.0.0.2", 12345), true, "any SPI");
        NS_TEST_ASSERT_MSG_EQ(row.ToSaParams(p, err), true, err);

        // Errors, each with a message.
        NS_TEST_ASSERT_MSG_EQ(WiresharkEspSa::Parse("\"IPv4\",\"*\"", row, err), false, "");
        NS_TEST_ASSERT_MSG_EQ(err, "expected 8 fields, found 2", "field count message");
        NS_TEST_ASSERT_MSG_EQ(
            WiresharkEspSa::Parse("\"IPv4\",\"*\",\"*\",\"0xZZ\",\"NULL\",\"\",\"NULL\",\"\"",
                                  row,
                                  err),
            false,
            "");
        NS_TEST_ASSERT_MSG_EQ(err, "bad SPI '0xZZ'", "SPI message");
        NS_TEST_ASSERT_MSG_EQ(
            WiresharkEspSa::Parse("\"IPX\",\"*\",\"*\",\"*\",\"NULL\",\"\",\"NULL\",\"\"",
                                  row,
                                  err),
            false,
            "");
        NS_TEST_ASSERT_MSG_NE(err.find("IPv4 or IPv6"), std::string::npos, err);
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
        NS_TEST_ASSERT_MSG_EQ(unusable.ToSaParams(p, err), false, "3DES with K1 = K2 = K3");
        NS_TEST_ASSERT_MSG_NE(err.find("single DES"), std::string::npos, err);
        unusable = WiresharkEspSa();
        unusable.encryption = "AES-CBC [RFC3602]";
        unusable.encryptionKey = "0x0011";
        unusable.authentication = "HMAC-SHA-1-96 [RFC2404]";
        unusable.authenticationKey = "0x" + std::string(40, '2');
        NS_TEST_ASSERT_MSG_EQ(unusable.ToSaParams(p, err), false, "short AES key");
        NS_TEST_ASSERT_MSG_NE(err.find("key of 16 bits is invalid"), std::string::npos, err);
        unusable.encryptionKey = "0xABC";
        NS_TEST_ASSERT_MSG_EQ(unusable.ToSaParams(p, err), false, "odd hex digits");
        NS_TEST_ASSERT_MSG_NE(err.find("hex"), std::string::npos, err);
        unusable.encryptionKey = "0x" + std::string(32, 'g');
        NS_TEST_ASSERT_MSG_EQ(unusable.ToSaParams(p, err), false, "not hex");
        NS_TEST_ASSERT_MSG_NE(err.find("hex"), std::string::npos, err);
        unusable.encryptionKey = "0x" + std::string(32, 'a');
        unusable.authentication = "ANY 96 bit authentication [no checking]";
        NS_TEST_ASSERT_MSG_EQ(unusable.ToSaParams(p, err), false, "no-checking ICV");
        NS_TEST_ASSERT_MSG_NE(err.find("not implemented"), std::string::npos, err);
        unusable.authentication = "HMAC-SHA-1-96 [RFC2404]";
        NS_TEST_ASSERT_MSG_EQ(unusable.ToSaParams(p, err), true, "now usable: " << err);

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

/**
 * Every algorithm of the registry survives SA -> row -> SA; rows Wireshark 4.0 cannot use
 * (its missing algorithms, Twofish-192) and size-only SAs are written behind the module's
 * comment prefixes, which a file reader honours while skipping ordinary comments.
 */
class EspSaEveryAlgorithmTestCase : public TestCase
{
  public:
    EspSaEveryAlgorithmTestCase()
        : TestCase("esp_sa rows: every algorithm, module-only and size-only rows")
    {
    }

  private:
    void DoRun() override
    {
        const std::string file = CreateTempDirFilename("every.esp_sa");
        std::ofstream out(file);
        out << "# an ordinary comment\n#ns3-ipsec is not a prefix without the colon and space\n";
        uint32_t spi = 0x1000;
        uint32_t moduleOnly = 0;
        uint32_t sizeOnly = 0;
        std::vector<IpsecSaParams> written;
        for (const auto& enc : IpsecAlgorithmRegistry::EncryptionAlgorithms())
        {
            for (uint16_t bits :
                 {enc.keyBits.front(), enc.keyBits[enc.keyBits.size() / 2], enc.keyBits.back()})
            {
                for (auto mode : {IpsecCryptoMode::REAL, IpsecCryptoMode::SIZE_ONLY})
                {
                    IpsecSaParams p;
                    p.spi = ++spi;
                    p.source = Ipv4Address("10.9.8.7");
                    p.destination = Ipv4Address("10.9.8.6");
                    p.encryption = enc.id;
                    p.encryptionKey.resize(bits / 8 + enc.saltBytes);
                    for (size_t i = 0; i < p.encryptionKey.size(); ++i)
                    {
                        p.encryptionKey[i] = static_cast<uint8_t>(0x31 + 7 * i + spi);
                    }
                    p.integrity = enc.aead ? IpsecIntegrity::NONE : IpsecIntegrity::HMAC_MD5_96;
                    p.integrityKey = std::vector<uint8_t>(enc.aead ? 0 : 16, 0x42);
                    p.cryptoMode = mode;
                    NS_TEST_ASSERT_MSG_EQ(p.Validate(), "", enc.name);
                    SecurityAssociation sa(p);
                    const WiresharkEspSa row = WiresharkEspSa::FromSa(sa);
                    const bool wiresharkKey =
                        enc.wiresharkKeyBits.empty() ||
                        std::count(enc.wiresharkKeyBits.begin(), enc.wiresharkKeyBits.end(), bits);
                    const auto expected = mode == IpsecCryptoMode::SIZE_ONLY
                                              ? WiresharkEspSa::SIZE_ONLY
                                              : (enc.wiresharkSupported && wiresharkKey
                                                     ? WiresharkEspSa::WIRESHARK
                                                     : WiresharkEspSa::MODULE_ONLY);
                    NS_TEST_ASSERT_MSG_EQ(row.usability, expected, enc.name << " " << bits);
                    const std::string line = row.Format();
                    NS_TEST_ASSERT_MSG_EQ((line.rfind("#ns3-ipsec: ", 0) == 0),
                                          (expected == WiresharkEspSa::MODULE_ONLY),
                                          line);
                    NS_TEST_ASSERT_MSG_EQ((line.rfind("#ns3-ipsec-size-only: ", 0) == 0),
                                          (expected == WiresharkEspSa::SIZE_ONLY),
                                          line);
                    moduleOnly += expected == WiresharkEspSa::MODULE_ONLY;
                    sizeOnly += expected == WiresharkEspSa::SIZE_ONLY;
                    out << line << "\n";
                    written.push_back(p);
                }
            }
        }
        out.close();
        // Camellia, CCM x3, GMAC, ChaCha20-Poly1305 at three sizes each (ChaCha's three are
        // its one), and Twofish-192.
        NS_TEST_ASSERT_MSG_EQ(moduleOnly, 6 * 3 + 1, "module-only rows");
        NS_TEST_ASSERT_MSG_EQ(sizeOnly, written.size() / 2, "size-only rows");

        std::vector<WiresharkEspSa> rows;
        std::string err;
        NS_TEST_ASSERT_MSG_EQ(ReadWiresharkEspSaFile(file, rows, err), true, err);
        NS_TEST_ASSERT_MSG_EQ(rows.size(), written.size(), "comments skipped, module rows read");
        for (size_t i = 0; i < rows.size() && i < written.size(); ++i)
        {
            IpsecSaParams q;
            NS_TEST_ASSERT_MSG_EQ(rows[i].ToSaParams(q, err), true, err);
            NS_TEST_ASSERT_MSG_EQ((q.encryption == written[i].encryption), true, rows[i].Format());
            NS_TEST_ASSERT_MSG_EQ((q.encryptionKey == written[i].encryptionKey), true, "key");
            NS_TEST_ASSERT_MSG_EQ((q.integrity == written[i].integrity), true, "integrity");
            NS_TEST_ASSERT_MSG_EQ((q.integrityKey == written[i].integrityKey), true, "auth key");
            NS_TEST_ASSERT_MSG_EQ((rows[i].usability == WiresharkEspSa::SIZE_ONLY),
                                  (written[i].cryptoMode == IpsecCryptoMode::SIZE_ONLY),
                                  rows[i].Format());
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
        NS_TEST_ASSERT_MSG_EQ(s.fragments, 0, "no fragments");
        NS_TEST_ASSERT_MSG_EQ(s.truncated, false, "whole file");
        NS_TEST_ASSERT_MSG_EQ(s.packets.size(), 6, "one verdict per ESP packet");
        if (s.packets.size() != 6)
        {
            return;
        }
        // Frames 6 (NAT keepalive), 7 (IKE behind the non-ESP marker) and 8 (ARP) are skipped.
        const std::vector<uint64_t> frames = {1, 2, 3, 4, 5, 9};
        for (size_t i = 0; i < frames.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(s.packets[i].frame, frames[i], "frame of ESP packet " << i);
        }
        for (size_t i = 0; i < expected.size(); ++i)
        {
            const EspPacketVerdict& v = s.packets[i];
            NS_TEST_ASSERT_MSG_EQ(v.IsGood(), true, "packet " << i << ": " << v);
            NS_TEST_ASSERT_MSG_EQ(int(v.innerProtocol), 17, "UDP inside");
            NS_TEST_ASSERT_MSG_EQ(v.inner.size(), 8 + expected[i].size(), "inner length " << i);
            NS_TEST_ASSERT_MSG_EQ(At16(v.inner, 4),
                                  8 + expected[i].size(),
                                  "UDP length field " << i);
            NS_TEST_ASSERT_MSG_EQ((UdpPayload(v) == Bytes(expected[i])), true, "payload " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(At16(s.packets[0].inner, 0), 40000, "UDP source port");
        NS_TEST_ASSERT_MSG_EQ(At16(s.packets[0].inner, 2), 7, "UDP destination port");
        NS_TEST_ASSERT_MSG_EQ(s.packets[0].spi, 0x1234, "SPI");
        NS_TEST_ASSERT_MSG_EQ(s.packets[1].spi, 0xabcd, "GCM SA");
        NS_TEST_ASSERT_MSG_EQ(s.packets[4].udpEncapsulated, true, "NAT-T");
        NS_TEST_ASSERT_MSG_EQ(s.packets[4].sequence, 3, "sequence");
        NS_TEST_ASSERT_MSG_EQ(s.packets[5].frame, 9, "frame number");
        NS_TEST_ASSERT_MSG_EQ((s.packets[5].reason == IpsecDropReason::ICV_MISMATCH),
                              true,
                              "ICV mismatch");
        NS_TEST_ASSERT_MSG_EQ((s.packets[5].status == EspPacketVerdict::BAD), true, "refused");
        NS_TEST_ASSERT_MSG_EQ(s.packets[5].inner.size(), 0, "nothing decrypted");
        const std::string text = out.str();
        NS_TEST_ASSERT_MSG_NE(text.find("#1 192.0.2.1 -> 192.0.2.2 spi=0x00001234 seq=1 "
                                        "icv=good inner=udp(17) len=25 ports 40000->7\n"),
                              std::string::npos,
                              text);
        NS_TEST_ASSERT_MSG_NE(text.find("#9 192.0.2.1 -> 192.0.2.2 spi=0x00001234 seq=4 "
                                        "icv=BAD (icv-mismatch)\n"),
                              std::string::npos,
                              text);
        NS_TEST_ASSERT_MSG_NE(text.find("#5 192.0.2.1 -> 192.0.2.2 udp-encap"),
                              std::string::npos,
                              text);

        EspInspectionSummary sll = inspector.Inspect(DataFile("foreign-esp-sll.pcap"), out);
        NS_TEST_ASSERT_MSG_EQ(sll.esp, 2, "Linux cooked capture");
        NS_TEST_ASSERT_MSG_EQ(sll.packets.size(), 2, "verdicts");
        if (sll.packets.size() != 2)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(sll.good, 2, "AES-CBC-256 / HMAC-SHA-256-128");
        NS_TEST_ASSERT_MSG_EQ(int(sll.packets[0].innerProtocol), 6, "TCP inside");
        NS_TEST_ASSERT_MSG_EQ(sll.failed, 0, "none failed");
        for (const auto& v : sll.packets)
        {
            NS_TEST_ASSERT_MSG_EQ(v.inner.size(), 20, "a bare TCP header");
            NS_TEST_ASSERT_MSG_EQ(At16(v.inner, 0), 40001, "from port 40001");
            NS_TEST_ASSERT_MSG_EQ(int(At8(v.inner, 3)), 80, "to port 80");
            NS_TEST_ASSERT_MSG_EQ(int(At8(v.inner, 13)), 0x02, "SYN");
        }
        NS_TEST_ASSERT_MSG_EQ(sll.packets[1].sequence, 2, "second packet");

        // Without the keys, every ESP packet fails and says why.
        EspPcapInspector keyless;
        EspInspectionSummary none = keyless.Inspect(DataFile("foreign-esp-sll.pcap"), out);
        NS_TEST_ASSERT_MSG_EQ(none.failed, 2, "no keys");
        NS_TEST_ASSERT_MSG_EQ(none.packets.size(), 2, "verdicts");
        if (none.packets.size() != 2)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(none.good, 0, "no keys");
        NS_TEST_ASSERT_MSG_EQ((none.packets[0].status == EspPacketVerdict::NO_KEY), true, "");
        std::ostringstream noKeyText;
        noKeyText << none.packets[0];
        NS_TEST_ASSERT_MSG_EQ(noKeyText.str(),
                              "#1 192.0.2.1 -> 192.0.2.2 spi=0x00005678 seq=1 no-key",
                              "verdict line");
    }
};

/// Rows the module cannot use are kept; matching packets fail and say why.
class UnusableKeyTestCase : public TestCase
{
  public:
    UnusableKeyTestCase()
        : TestCase("inspector: unimplemented algorithms, IPv6 rows, reserved SPIs")
    {
    }

  private:
    void DoRun() override
    {
        // A row with Wireshark's "no checking" ICV (which the module cannot use) ahead of the
        // real AES-CBC row for SPI 0x1234 (first match wins), and an
        // IPv6 catch-all row that must never apply to the IPv4 packets.
        const std::string file = CreateTempDirFilename("unusable.esp_sa");
        {
            std::ofstream out(file);
            out << "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x00001234\","
                   "\"AES-CBC [RFC3602]\",\"0x"
                << std::string(32, '1') << "\",\"ANY 96 bit authentication [no checking]\",\"0x"
                << std::string(40, '2') << "\"\n"
                << "\"IPv6\",\"*\",\"*\",\"*\",\"NULL\",\"\",\"HMAC-SHA-1-96 [RFC2404]\",\"0x"
                << std::string(40, '3') << "\"\n";
            std::ifstream keys(DataFile("foreign-esp.esp_sa"));
            out << keys.rdbuf();
        }
        EspPcapInspector inspector;
        std::string err;
        NS_TEST_ASSERT_MSG_EQ(inspector.LoadKeys(file, err), true, "kept: " << err);
        std::ostringstream out;
        EspInspectionSummary s = inspector.Inspect(DataFile("foreign-esp-ethernet.pcap"), out);
        NS_TEST_ASSERT_MSG_EQ(s.esp, 6, "ESP packets");
        NS_TEST_ASSERT_MSG_EQ(s.good, 2, "the GCM SA is unaffected (IPv6 row ignored)");
        NS_TEST_ASSERT_MSG_EQ(s.failed, 4, "every packet of SPI 0x1234");
        for (const auto& v : s.packets)
        {
            if (v.spi == 0x1234)
            {
                NS_TEST_ASSERT_MSG_EQ((v.status == EspPacketVerdict::UNUSABLE_KEY), true, v);
                NS_TEST_ASSERT_MSG_NE(v.detail.find("[no checking]' is not implemented"),
                                      std::string::npos,
                                      v.detail);
            }
        }
        NS_TEST_ASSERT_MSG_NE(out.str().find("unusable-key (authentication 'ANY 96 bit"),
                              std::string::npos,
                              out.str());

        // A packet with a reserved SPI (0x42) whose ICV is nevertheless right: the
        // inspector still checks it (the SA it builds keeps a valid SPI internally).
        IpsecSaParams p;
        p.spi = 0x100;
        p.encryption = IpsecEncryption::AES_CBC;
        p.encryptionKey = std::vector<uint8_t>(16, 0x11);
        p.integrity = IpsecIntegrity::HMAC_SHA1_96;
        p.integrityKey = std::vector<uint8_t>(20, 0x22);
        SecurityAssociation sa(p);
        EspTransform esp;
        const Frame inner = Bytes("reserved SPI payload");
        Ptr<Packet> packet = Create<Packet>(inner.data(), inner.size());
        IpsecDropReason reason;
        NS_TEST_ASSERT_MSG_EQ(esp.Protect(sa, packet, 253, reason), true, "protect");
        Frame bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        bytes[0] = bytes[1] = bytes[2] = 0;
        bytes[3] = 0x42;
        IpsecAuthenticator* auth = sa.GetAuthenticator();
        auth->Restart();
        auth->Update(bytes.data(), bytes.size() - 12);
        auth->Final(bytes.data() + bytes.size() - 12);
        const std::string pcap = CreateTempDirFilename("reserved-spi.pcap");
        WriteFrames(pcap, 101, {Ipv4Packet(50, bytes)});

        WiresharkEspSa row = WiresharkEspSa::FromSa(sa);
        row.source = row.destination = "*";
        row.spi = "66"; // decimal 0x42
        EspPcapInspector reserved;
        reserved.AddKey(row);
        EspInspectionSummary r = reserved.Inspect(pcap, out);
        NS_TEST_ASSERT_MSG_EQ(r.good, 1, "reserved SPI checked: " << out.str());
        if (r.packets.size() != 1)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(r.packets[0].spi, 0x42, "the packet's SPI");
        NS_TEST_ASSERT_MSG_EQ(int(r.packets[0].innerProtocol), 253, "next header");
        NS_TEST_ASSERT_MSG_EQ((r.packets[0].inner == inner), true, "payload");
    }
};

/// The same packets behind every supported link-layer header give the same verdicts.
class LinkTypesTestCase : public TestCase
{
  public:
    LinkTypesTestCase()
        : TestCase("inspector: PPP, Ethernet QinQ, raw IP, loopback, SLL2 link types, IPv4 and "
                   "IPv6")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<Frame> ip = ForeignIpPackets();
        NS_TEST_ASSERT_MSG_EQ(ip.size(), 8, "IPv4 packets in the foreign capture");
        if (ip.size() != 8)
        {
            return;
        }
        uint32_t two = 2; // AF_INET in host order, as BSD loopback captures write it
        Frame hostOrderFamily(4);
        std::memcpy(hostOrderFamily.data(), &two, 4);
        const Frame mac = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};
        Frame qinq(mac);
        qinq.insert(qinq.end(), {0x88, 0xa8, 0, 5, 0x81, 0x00, 0, 42, 0x08, 0x00});

        struct Case
        {
            std::string name;
            uint32_t linkType;
            Frame prefix;
            Frame trailer;
        };

        const std::vector<Case> cases = {
            {"ppp-ns3", 9, {0x00, 0x21}, {}},
            {"ppp-hdlc", 9, {0xff, 0x03, 0x00, 0x21}, {}},
            {"ethernet-qinq-padded", 1, qinq, {0xee, 0xee, 0xee, 0xee, 0xee, 0xee}},
            {"raw-101", 101, {}, {}},
            {"raw-228", 228, {}, {}},
            {"raw-12", 12, {}, {}},
            {"null", 0, hostOrderFamily, {}},
            {"loop", 108, {0, 0, 0, 2}, {}},
            {"sll2", 276, {0x08, 0x00, 0, 0, 0, 0, 0, 3, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0}, {}},
        };
        EspPcapInspector inspector;
        std::string err;
        NS_TEST_ASSERT_MSG_EQ(inspector.LoadKeys(DataFile("foreign-esp.esp_sa"), err), true, err);
        for (const auto& c : cases)
        {
            std::vector<Frame> frames;
            for (const Frame& packet : ip)
            {
                Frame f = Wrap(c.prefix, packet);
                f.insert(f.end(), c.trailer.begin(), c.trailer.end());
                frames.push_back(f);
            }
            const std::string file = CreateTempDirFilename(c.name + ".pcap");
            WriteFrames(file, c.linkType, frames);
            std::ostringstream out;
            EspInspectionSummary s = inspector.Inspect(file, out);
            NS_TEST_ASSERT_MSG_EQ(s.error, "", c.name);
            NS_TEST_ASSERT_MSG_EQ(s.esp, 6, c.name << ": ESP packets\n" << out.str());
            NS_TEST_ASSERT_MSG_EQ(s.good, 5, c.name << ": good\n" << out.str());
            NS_TEST_ASSERT_MSG_EQ(s.failed, 1, c.name << ": the corrupted one");
            NS_TEST_ASSERT_MSG_EQ(s.skipped, 2, c.name << ": keepalive and IKE");
            NS_TEST_ASSERT_MSG_EQ(
                (s.packets.size() == 6 &&
                 UdpPayload(s.packets[2]) == Bytes("foreign payload 2, with IP options")),
                true,
                c.name << ": payload");
        }

        // The IPv6 capture (its frame 14 is IPv4, a 6-in-4 tunnel) behind each link type that
        // carries both versions, with the IPv6 marker of each.
        const std::vector<Frame> ip6 = ForeignPackets("foreign-esp-ipv6.pcap");
        NS_TEST_ASSERT_MSG_EQ(ip6.size(), 18, "packets in the IPv6 capture");
        auto family = [](uint32_t af, bool hostOrder) {
            Frame f(4);
            if (hostOrder)
            {
                std::memcpy(f.data(), &af, 4);
            }
            else
            {
                f = {uint8_t(af >> 24), uint8_t(af >> 16), uint8_t(af >> 8), uint8_t(af)};
            }
            return f;
        };
        Frame qinq6(qinq);
        qinq6[qinq6.size() - 2] = 0x86;
        qinq6[qinq6.size() - 1] = 0xdd;
        const Frame sll4 = {0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x08, 0x00};
        Frame sll6(sll4);
        sll6[14] = 0x86;
        sll6[15] = 0xdd;
        const Frame sll2v4 = cases.back().prefix;
        Frame sll2v6(sll2v4);
        sll2v6[0] = 0x86;
        sll2v6[1] = 0xdd;

        struct Case6
        {
            std::string name;
            uint32_t linkType;
            Frame prefix4;
            Frame prefix6;
        };

        const std::vector<Case6> cases6 = {
            {"ppp6", 9, {0x00, 0x21}, {0x00, 0x57}},
            {"ppp6-hdlc", 9, {0xff, 0x03, 0x00, 0x21}, {0xff, 0x03, 0x00, 0x57}},
            {"ethernet6-qinq", 1, qinq, qinq6},
            {"raw6-101", 101, {}, {}},
            {"raw6-12", 12, {}, {}},
            {"null6-24", 0, family(2, true), family(24, true)},
            {"null6-28", 0, family(2, true), family(28, true)},
            {"null6-30", 0, family(2, true), family(30, true)},
            {"loop6-24", 108, family(2, false), family(24, false)},
            {"loop6-30", 108, family(2, false), family(30, false)},
            {"sll6", 113, sll4, sll6},
            {"sll2-6", 276, sll2v4, sll2v6},
        };
        for (const auto& c : cases6)
        {
            std::vector<Frame> frames;
            for (const Frame& packet : ip6)
            {
                frames.push_back(Wrap((At8(packet, 0) >> 4) == 6 ? c.prefix6 : c.prefix4, packet));
            }
            const std::string file = CreateTempDirFilename(c.name + ".pcap");
            WriteFrames(file, c.linkType, frames);
            std::ostringstream out;
            EspInspectionSummary s = inspector.Inspect(file, out);
            NS_TEST_ASSERT_MSG_EQ(s.error, "", c.name);
            NS_TEST_ASSERT_MSG_EQ(s.esp, 16, c.name << ": ESP/AH packets\n" << out.str());
            NS_TEST_ASSERT_MSG_EQ(s.good, 14, c.name << ": good\n" << out.str());
            NS_TEST_ASSERT_MSG_EQ(s.fragments, 2, c.name << ": fragments");
            NS_TEST_ASSERT_MSG_EQ(s.skipped, 0, c.name << ": nothing skipped");
        }
        // Link type 229 is IPv6 only: the IPv4 packet in it is not read as IPv6.
        const std::string raw229 = CreateTempDirFilename("raw229.pcap");
        WriteFrames(raw229, 229, ip6);
        std::ostringstream out229;
        EspInspectionSummary s229 = inspector.Inspect(raw229, out229);
        NS_TEST_ASSERT_MSG_EQ(s229.good, 13, "raw IPv6\n" << out229.str());
        NS_TEST_ASSERT_MSG_EQ(s229.skipped, 1, "the IPv4 packet");
        // ... and an AF_INET6 loopback frame whose packet is IPv4 is skipped too.
        const std::string mixed = CreateTempDirFilename("mixed.pcap");
        WriteFrames(mixed, 108, {Wrap(family(30, false), ip6[13])});
        s229 = inspector.Inspect(mixed, out229);
        NS_TEST_ASSERT_MSG_EQ(s229.skipped, 1, "version differs from the link layer's");

        // Frames of other protocols on each link type are skipped, not misread.
        const std::string other = CreateTempDirFilename("other.pcap");
        WriteFrames(other, 9, {Wrap({0xc0, 0x21}, ip[0]), Wrap({0x00, 0x57}, ip[0])});
        std::ostringstream out;
        EspInspectionSummary s = inspector.Inspect(other, out);
        NS_TEST_ASSERT_MSG_EQ(s.esp, 0, "LCP, and an IPv4 packet in an IPv6 PPP frame");
        NS_TEST_ASSERT_MSG_EQ(s.skipped, 2, "skipped");

        // An unsupported link type is an error that names it.
        const std::string wifi = CreateTempDirFilename("wifi.pcap");
        WriteFrames(wifi, 105, {ip[0]});
        s = inspector.Inspect(wifi, out);
        NS_TEST_ASSERT_MSG_NE(s.error.find("unsupported link type 105"), std::string::npos, "");
        NS_TEST_ASSERT_MSG_EQ(s.frames, 0, "nothing read");
    }
};

/// Fragmented ESP packets are not reassembled: listed or skipped, never misjudged.
class EspSaFragmentTestCase : public TestCase
{
  public:
    EspSaFragmentTestCase()
        : TestCase("inspector: IPv4 fragments and total length")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<Frame> ip = ForeignIpPackets();
        NS_TEST_ASSERT_MSG_EQ(ip.size(), 8, "IPv4 packets in the foreign capture");
        if (ip.size() != 8)
        {
            return;
        }
        Frame first = ip[0];
        first[6] |= 0x20; // more fragments, offset 0
        Frame later = ip[2];
        later[6] = 0;
        later[7] = 185;         // offset 1480 bytes, last fragment
        Frame udpFirst = ip[4]; // ESP in UDP 4500, first fragment
        udpFirst[6] = 0x20;
        Frame whole = ip[1];
        whole.insert(whole.end(), 30, 0xab); // bytes beyond the IP total length are ignored
        const std::string file = CreateTempDirFilename("fragments.pcap");
        WriteFrames(file, 101, {first, later, udpFirst, whole});

        EspPcapInspector inspector;
        std::string err;
        inspector.LoadKeys(DataFile("foreign-esp.esp_sa"), err);
        std::ostringstream out;
        EspInspectionSummary s = inspector.Inspect(file, out);
        NS_TEST_ASSERT_MSG_EQ(s.fragments, 3, "ESP fragments listed\n" << out.str());
        NS_TEST_ASSERT_MSG_EQ(s.skipped, 0, "nothing skipped");
        NS_TEST_ASSERT_MSG_EQ(s.esp, 1, "the whole packet");
        NS_TEST_ASSERT_MSG_EQ(s.good, 1, "verified despite trailing bytes");
        NS_TEST_ASSERT_MSG_EQ(s.failed, 0, "fragments are not failures");
        NS_TEST_ASSERT_MSG_EQ(s.packets.size(), 4, "three fragments and one packet");
        if (s.packets.size() != 4)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ((s.packets[0].status == EspPacketVerdict::FRAGMENT), true, "");
        NS_TEST_ASSERT_MSG_EQ(s.packets[0].spi, 0x1234, "SPI of the fragment");
        NS_TEST_ASSERT_MSG_EQ((s.packets[1].status == EspPacketVerdict::FRAGMENT), true, "");
        NS_TEST_ASSERT_MSG_EQ(s.packets[1].fragmentOffset, 1480, "a later fragment");
        NS_TEST_ASSERT_MSG_EQ(s.packets[2].udpEncapsulated, true, "NAT-T fragment");
        NS_TEST_ASSERT_MSG_EQ(s.packets[3].inner.size(), 23, "inner length");
        NS_TEST_ASSERT_MSG_NE(out.str().find("seq=1 fragment, not checked"),
                              std::string::npos,
                              out.str());
        NS_TEST_ASSERT_MSG_NE(out.str().find("#2 192.0.2.1 -> 192.0.2.2 esp fragment "
                                             "offset=1480, not checked\n"),
                              std::string::npos,
                              out.str());

        // A later fragment of UDP may be anything: skipped.
        Frame udpLater = ip[4];
        udpLater[6] = 0;
        udpLater[7] = 185;
        const std::string udpFile = CreateTempDirFilename("udp-fragment.pcap");
        WriteFrames(udpFile, 101, {udpLater});
        s = inspector.Inspect(udpFile, out);
        NS_TEST_ASSERT_MSG_EQ(s.skipped, 1, "later UDP fragment skipped");
        NS_TEST_ASSERT_MSG_EQ(s.packets.size(), 0, "not listed");
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
        NS_TEST_ASSERT_MSG_EQ(s.truncated, true, "the cut is reported");
        NS_TEST_ASSERT_MSG_NE(out.str().find("note:"), std::string::npos, out.str());

        // Only a file header: no frames, no error.
        const std::string empty = CreateTempDirFilename("empty.pcap");
        CopyFile(DataFile("foreign-esp-ethernet.pcap"), empty, 24);
        s = inspector.Inspect(empty, out);
        NS_TEST_ASSERT_MSG_EQ(s.error, "", "empty capture");
        NS_TEST_ASSERT_MSG_EQ(s.frames, 0, "no frames");
        NS_TEST_ASSERT_MSG_EQ(s.truncated, false, "not cut");

        // Shorter than a file header, and a header with a bad version.
        const std::string tiny = CreateTempDirFilename("tiny.pcap");
        CopyFile(DataFile("foreign-esp-ethernet.pcap"), tiny, 10);
        NS_TEST_ASSERT_MSG_NE(inspector.Inspect(tiny, out).error, "", "short header");
        const std::string version = CreateTempDirFilename("version.pcap");
        CopyFile(DataFile("foreign-esp-ethernet.pcap"), version, 1000);
        {
            std::fstream f(version, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(4);
            f.put(7);
        }
        NS_TEST_ASSERT_MSG_NE(inspector.Inspect(version, out).error, "", "version 7");

        // Garbage records: a huge length, random bytes, runt frames.
        const std::string garbage = CreateTempDirFilename("garbage.pcap");
        WriteFrames(
            garbage,
            1,
            {Frame(3, 0x08),
             Frame(14, 0),
             Wrap({2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00}, Frame(19, 0x45)),
             Wrap({2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00}, Ipv4Packet(50, Frame(5, 0x77))),
             Wrap({2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00},
                  Ipv4Packet(50, Frame(40, 0x77)))});
        {
            std::ofstream f(garbage, std::ios::binary | std::ios::app);
            const uint32_t record[4] = {1, 2, 0xfffffff0, 0xfffffff0};
            f.write(reinterpret_cast<const char*>(record), sizeof(record));
            f << std::string(100, '\x5a');
        }
        s = inspector.Inspect(garbage, out);
        NS_TEST_ASSERT_MSG_EQ(s.error, "", "garbage records are read");
        NS_TEST_ASSERT_MSG_EQ(s.skipped, 3, "runts and a cut IP header");
        NS_TEST_ASSERT_MSG_EQ(s.esp, 2, "two ESP packets");
        NS_TEST_ASSERT_MSG_EQ(s.failed, 2, "both fail");
        if (s.packets.size() != 2)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ((s.packets[0].reason == IpsecDropReason::TRUNCATED),
                              true,
                              "5 bytes of ESP");
        NS_TEST_ASSERT_MSG_EQ((s.packets[1].status == EspPacketVerdict::NO_KEY),
                              true,
                              "SPI 0x77777777");
        NS_TEST_ASSERT_MSG_EQ(s.truncated, true, "the bogus last record");
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
        if (s.packets.size() != 6)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(s.packets[0].inner.size(), 8 + 100, "UDP header + 100 bytes");
        NS_TEST_ASSERT_MSG_EQ(s.packets[5].sequence, 3, "sequence numbers");

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
        if (w.packets.empty())
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ((w.packets[0].reason == IpsecDropReason::ICV_MISMATCH), true, "");
    }
};

/// The foreign IPv6 capture: ESP and AH behind extension headers, NAT-T, tunnels of both
/// versions, a bundle, fragments; checked against what the generator put in.
class ForeignIpv6CaptureTestCase : public TestCase
{
  public:
    ForeignIpv6CaptureTestCase()
        : TestCase("inspector: IPv6 capture made by another ESP and AH implementation")
    {
    }

  private:
    void DoRun() override
    {
        EspPcapInspector inspector;
        std::string err;
        NS_TEST_ASSERT_MSG_EQ(inspector.LoadKeys(DataFile("foreign-esp.esp_sa"), err), true, err);
        std::ostringstream out;
        EspInspectionSummary s = inspector.Inspect(DataFile("foreign-esp-ipv6.pcap"), out);
        NS_TEST_ASSERT_MSG_EQ(s.error, "", "readable");
        NS_TEST_ASSERT_MSG_EQ(s.frames, 18, "frames");
        NS_TEST_ASSERT_MSG_EQ(s.esp, 16, "ESP and AH packets\n" << out.str());
        NS_TEST_ASSERT_MSG_EQ(s.good, 14, "good\n" << out.str());
        NS_TEST_ASSERT_MSG_EQ(s.failed, 2, "the corrupted AH and ESP packets");
        NS_TEST_ASSERT_MSG_EQ(s.fragments, 2, "both fragments of the fragmented packet");
        NS_TEST_ASSERT_MSG_EQ(s.malformed, 0, "none malformed");
        NS_TEST_ASSERT_MSG_EQ(s.skipped, 0, "nothing skipped");
        NS_TEST_ASSERT_MSG_EQ(s.packets.size(), 18, "one verdict per frame");
        if (s.packets.size() != 18)
        {
            return;
        }

        struct Expected
        {
            uint64_t frame;
            uint8_t version;
            std::string extensions;
            bool ah;
            uint32_t spi;
            uint8_t innerProtocol;
            size_t payloadAt; //!< where the UDP payload starts in the decrypted bytes
            std::string payload;
        };

        const std::vector<Expected> good = {
            {1, 6, "", false, 0x6001, 17, 8, "foreign v6 payload 1"},
            {2, 6, "hbh,dst", false, 0x6002, 17, 8, "foreign v6 reply 1"},
            {3, 6, "rh0,frag(atomic)", false, 0x6001, 17, 8, "foreign v6 payload 2, routed"},
            {4, 6, "", false, 0x6001, 17, 8, "foreign v6 payload 3, in UDP"},
            {5, 6, "hbh", true, 0x6003, 17, 8, "foreign v6 ah 1"},
            {6, 6, "dst,rh2(left=1)", true, 0x6003, 17, 8, "foreign v6 ah 2"},
            {7, 6, "rh0(left=2)", true, 0x6003, 17, 8, "foreign v6 ah 3"},
            {8, 6, "rh0(left=1)", true, 0x6003, 17, 8, "foreign v6 ah 4"},
            {9, 6, "hbh", true, 0x6003, 17, 8, "foreign v6 ah 5"},
            {11, 6, "hbh", true, 0x6006, 17, 8, "foreign v6 bundle"},
            {12, 6, "", false, 0x6004, 41, 48, "foreign 6-in-6"},
            {13, 6, "", false, 0x6004, 4, 28, "foreign 4-in-6"},
            {14, 4, "", false, 0x6005, 41, 48, "foreign 6-in-4"},
            {18, 6, "hbh,frag(atomic)", true, 0x6003, 17, 8, "foreign v6 ah 7, atomic"},
        };
        for (const auto& e : good)
        {
            const EspPacketVerdict& v = s.packets[e.frame - 1];
            NS_TEST_ASSERT_MSG_EQ(v.frame, e.frame, "frame");
            NS_TEST_ASSERT_MSG_EQ(v.IsGood(), true, "frame " << e.frame << ": " << v);
            NS_TEST_ASSERT_MSG_EQ(int(v.ipVersion), int(e.version), "frame " << e.frame);
            NS_TEST_ASSERT_MSG_EQ(v.extensions, e.extensions, "frame " << e.frame);
            NS_TEST_ASSERT_MSG_EQ(v.ah, e.ah, "frame " << e.frame);
            NS_TEST_ASSERT_MSG_EQ(v.spi, e.spi, "frame " << e.frame);
            NS_TEST_ASSERT_MSG_EQ(int(v.innerProtocol), int(e.innerProtocol), "frame " << e.frame);
            const std::vector<uint8_t> payload =
                v.inner.size() < e.payloadAt
                    ? std::vector<uint8_t>()
                    : std::vector<uint8_t>(v.inner.begin() + e.payloadAt, v.inner.end());
            NS_TEST_ASSERT_MSG_EQ((payload == Bytes(e.payload)),
                                  true,
                                  "frame " << e.frame << " payload");
        }
        NS_TEST_ASSERT_MSG_EQ(s.packets[3].udpEncapsulated, true, "NAT-T over IPv6");
        NS_TEST_ASSERT_MSG_EQ(s.packets[10].layers, 2, "AH then ESP");
        NS_TEST_ASSERT_MSG_EQ(s.packets[12].tunnel,
                              "192.0.2.1 -> 192.0.2.2 udp(17) ports 40000->7",
                              "4-in-6 inner packet");
        // The two corrupted packets.
        NS_TEST_ASSERT_MSG_EQ((s.packets[9].reason == IpsecDropReason::ICV_MISMATCH),
                              true,
                              "AH whose immutable option changed: " << s.packets[9]);
        NS_TEST_ASSERT_MSG_EQ((s.packets[16].reason == IpsecDropReason::ICV_MISMATCH),
                              true,
                              "ESP with a flipped bit");
        // The fragments: the first one has SPI and sequence number, the second only an offset.
        NS_TEST_ASSERT_MSG_EQ((s.packets[14].status == EspPacketVerdict::FRAGMENT), true, "");
        NS_TEST_ASSERT_MSG_EQ(s.packets[14].spi, 0x6001, "SPI of the first fragment");
        NS_TEST_ASSERT_MSG_EQ(s.packets[14].sequence, 4, "sequence of the first fragment");
        NS_TEST_ASSERT_MSG_EQ((s.packets[15].status == EspPacketVerdict::FRAGMENT), true, "");
        NS_TEST_ASSERT_MSG_EQ(s.packets[15].fragmentOffset, 1232, "offset of the second");

        const std::string text = out.str();
        for (const std::string line :
             {"#1 2001:db8::1 -> 2001:db8::2 spi=0x00006001 seq=1 icv=good inner=udp(17) len=28 "
              "ports 40000->7\n",
              "#6 2001:db8::1 -> 2001:db8:c0a::2 ext=dst,rh2(left=1) ah spi=0x00006003 seq=2 "
              "icv=good inner=udp(17) len=23 ports 40000->7\n",
              "#10 2001:db8::1 -> 2001:db8::2 ext=hbh ah spi=0x00006003 seq=6 icv=BAD "
              "(icv-mismatch)\n",
              "#11 2001:db8::1 -> 2001:db8::2 ext=hbh ah spi=0x00006006 seq=1 icv=good then esp "
              "spi=0x00006007 inner=udp(17) len=25 ports 40000->7\n",
              "#12 2001:db8:ffff::1 -> 2001:db8:ffff::2 spi=0x00006004 seq=1 icv=good "
              "inner=ipv6(41) len=62 [2001:db8::1 -> 2001:db8::2 udp(17) ports 40000->7]\n",
              "#14 198.51.100.1 -> 198.51.100.2 spi=0x00006005 seq=1 icv=good inner=ipv6(41) "
              "len=62 [2001:db8::1 -> 2001:db8::2 udp(17) ports 40000->7]\n",
              "#15 2001:db8::1 -> 2001:db8::2 ext=frag spi=0x00006001 seq=4 fragment, not "
              "checked\n",
              "#16 2001:db8::1 -> 2001:db8::2 ext=frag esp fragment offset=1232, not checked\n"})
        {
            NS_TEST_ASSERT_MSG_NE(text.find(line), std::string::npos, line << "\nin:\n" << text);
        }

        // Rows match on addresses, not on their text: the same keys with every IPv6 address
        // written another way (full, upper case, zeros kept) give the same verdicts. An IPv4
        // row with wildcards for the IPv6 SPIs, ahead of them, must not capture IPv6 packets.
        std::vector<WiresharkEspSa> rows;
        NS_TEST_ASSERT_MSG_EQ(ReadWiresharkEspSaFile(DataFile("foreign-esp.esp_sa"), rows, err),
                              true,
                              err);
        EspPcapInspector rewritten;
        WiresharkEspSa trap;
        trap.protocol = "IPv4";
        trap.authentication = "HMAC-SHA-1-96 [RFC2404]";
        trap.authenticationKey = "0x" + std::string(40, '7');
        for (const char* spi : {"0x00006001", "0x00006003", "0x00006004"})
        {
            trap.spi = spi;
            rewritten.AddKey(trap);
        }
        for (auto row : rows)
        {
            for (std::string* address : {&row.source, &row.destination})
            {
                if (*address == "2001:db8::2")
                {
                    *address = "2001:DB8:0:0:0:0:0:2";
                }
                else if (*address == "2001:db8::1")
                {
                    *address = "2001:0db8::0:1";
                }
                else if (*address == "2001:db8:ffff::2")
                {
                    *address = "2001:db8:FFFF:0000:0000:0000:0000:0002";
                }
            }
            rewritten.AddKey(row);
        }
        EspInspectionSummary r = rewritten.Inspect(DataFile("foreign-esp-ipv6.pcap"), out);
        NS_TEST_ASSERT_MSG_EQ(r.good, 14, "same verdicts with rewritten addresses");
        NS_TEST_ASSERT_MSG_EQ(r.failed, 2, "same failures");

        // A row for another address does not match.
        EspPcapInspector other;
        for (auto row : rows)
        {
            if (row.spi == "0x00006001")
            {
                row.source = "2001:db8::3";
            }
            other.AddKey(row);
        }
        EspInspectionSummary o = other.Inspect(DataFile("foreign-esp-ipv6.pcap"), out);
        NS_TEST_ASSERT_MSG_EQ(
            (o.packets.size() == 18 && o.packets[0].status == EspPacketVerdict::NO_KEY),
            true,
            "no key for 2001:db8::1 any more");
        NS_TEST_ASSERT_MSG_EQ(o.good, 11, "frames 1, 3 and 4 lost their key");
    }
};

/// AH over IPv6: what the ICV covers and what it does not (RFC 4302 3.3.3.1.2).
class Ipv6AhMutabilityTestCase : public TestCase
{
  public:
    Ipv6AhMutabilityTestCase()
        : TestCase("inspector: AH over IPv6, mutable and immutable fields and options")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<Frame> ip6 = ForeignPackets("foreign-esp-ipv6.pcap");
        NS_TEST_ASSERT_MSG_EQ(ip6.size(), 18, "packets");
        if (ip6.size() != 18)
        {
            return;
        }
        // Frame 5: IPv6 header, hop-by-hop header of 16 bytes (an option of type 0x3e, which
        // may change, data "CHG!" at 44; one of type 0x1e, which may not, at 48 with data
        // "KEEP" at 50; PadN), AH at 56.
        const Frame ah = ip6[4];
        NS_TEST_ASSERT_MSG_EQ(int(At8(ah, 6)), 0, "hop-by-hop first");
        NS_TEST_ASSERT_MSG_EQ(int(At8(ah, 42)), 0x3e, "may-change option");
        NS_TEST_ASSERT_MSG_EQ(int(At8(ah, 48)), 0x1e, "immutable option");
        NS_TEST_ASSERT_MSG_EQ(int(At8(ah, 40)), 51, "then AH");
        // Frame 8: type 0 routing header with one segment left at 40, addresses at 48 and 64.
        const Frame routed = ip6[7];

        struct Variant
        {
            std::string name;
            Frame packet;
            bool good;
        };

        std::vector<Variant> variants;
        auto change = [&variants](const std::string& name,
                                  Frame p,
                                  std::initializer_list<std::pair<size_t, uint8_t>> bytes,
                                  bool good) {
            for (const auto& [at, value] : bytes)
            {
                if (at < p.size())
                {
                    p[at] = value;
                }
            }
            variants.push_back({name, p, good});
        };
        change("as captured", ah, {}, true);
        change("hop limit", ah, {{7, 1}}, true);
        change("flow label", ah, {{1, 0x0a}, {2, 0xbc}, {3, 0xde}}, true);
        change("traffic class", ah, {{0, 0x6b}, {1, 0x80}}, true);
        change("data of the may-change option", ah, {{44, 'x'}, {47, 'y'}}, true);
        change("data of the immutable option", ah, {{50, 'k'}}, false);
        change("immutable option made may-change", ah, {{48, 0x3e}}, false);
        change("immutable option's length", ah, {{49, 2}, {52, 1}, {53, 0}}, false);
        change("destination address", ah, {{39, 3}}, false);
        change("payload", ah, {{At8(ah, 57) * 4 + 8 + 56 + 10, 0}}, false);
        // Frame 18: hop-by-hop header at 40, atomic fragment header at 48, AH at 56.
        const Frame atomic = ip6[17];
        change("atomic fragment: as captured", atomic, {}, true);
        change("atomic fragment: identification", atomic, {{55, 0x77}}, true);
        change("routed: as captured", routed, {}, true);
        change("routed: hop limit", routed, {{7, 9}}, true);
        change("routed: visited address", routed, {{63, 0x98}}, false);
        change("routed: address ahead", routed, {{79, 3}}, false);

        EspPcapInspector inspector;
        std::string err;
        inspector.LoadKeys(DataFile("foreign-esp.esp_sa"), err);
        std::vector<Frame> packets;
        for (const auto& v : variants)
        {
            packets.push_back(v.packet);
        }
        std::ostringstream out;
        EspInspectionSummary s =
            InspectRaw(inspector, CreateTempDirFilename("ah6-variants.pcap"), packets, out);
        NS_TEST_ASSERT_MSG_EQ(s.packets.size(), variants.size(), out.str());
        for (size_t i = 0; i < variants.size() && i < s.packets.size(); ++i)
        {
            const EspPacketVerdict& v = s.packets[i];
            NS_TEST_ASSERT_MSG_EQ(v.IsGood(), variants[i].good, variants[i].name << ": " << v);
            if (!variants[i].good)
            {
                NS_TEST_ASSERT_MSG_EQ((v.reason == IpsecDropReason::ICV_MISMATCH),
                                      true,
                                      variants[i].name << ": " << v);
            }
        }
    }
};

/// IPv6 packets protected by the module's own transforms, with the rows the helper writes.
class Ipv6OwnTransformTestCase : public TestCase
{
  public:
    Ipv6OwnTransformTestCase()
        : TestCase("inspector: the module's own ESP and AH over IPv6, iterated tunnels")
    {
    }

  private:
    static IpsecSaParams Params(IpsecProtocol protocol,
                                uint32_t spi,
                                IpsecAddress a,
                                IpsecAddress b)
    {
        IpsecSaParams p;
        p.protocol = protocol;
        p.spi = spi;
        p.source = a;
        p.destination = b;
        p.encryption =
            protocol == IpsecProtocol::AH ? IpsecEncryption::NONE : IpsecEncryption::AES_CBC;
        p.encryptionKey =
            protocol == IpsecProtocol::AH ? std::vector<uint8_t>() : std::vector<uint8_t>(16, 0x3c);
        p.integrity = IpsecIntegrity::HMAC_SHA256_128;
        p.integrityKey = std::vector<uint8_t>(32, uint8_t(spi));
        return p;
    }

    /// An IPv6 header in front of @p packet.
    static Frame AddIpv6(Ptr<Packet> packet, const Ipv6Header& header)
    {
        packet->AddHeader(header);
        return ipsectest::Bytes(packet);
    }

    static Ipv6Header Header(const char* from, const char* to, uint8_t next, uint32_t length)
    {
        Ipv6Header h;
        h.SetSource(Ipv6Address(from));
        h.SetDestination(Ipv6Address(to));
        h.SetNextHeader(next);
        h.SetPayloadLength(length);
        h.SetHopLimit(64);
        h.SetTrafficClass(0x28);
        h.SetFlowLabel(0x12345);
        return h;
    }

    void DoRun() override
    {
        const char* a = "2001:db8:1::1";
        const char* b = "2001:db8:2::2";
        SecurityAssociation esp(Params(IpsecProtocol::ESP, 0x7001, Ipv6Address(a), Ipv6Address(b)));
        SecurityAssociation ah(Params(IpsecProtocol::AH, 0x7002, Ipv6Address(a), Ipv6Address(b)));
        SecurityAssociation outer(Params(IpsecProtocol::ESP,
                                         0x7003,
                                         Ipv6Address("2001:db8:f::1"),
                                         Ipv6Address("2001:db8:f::2")));
        EspTransform espTransform;
        AhTransform ahTransform;
        IpsecDropReason reason;
        const Frame udp = {0x04, 0xd2, 0, 9, 0, 12, 0, 0, 'o', 'w', 'n', '6'};

        // ESP, transport mode.
        Ptr<Packet> p1 = Create<Packet>(udp.data(), udp.size());
        NS_TEST_ASSERT_MSG_EQ(espTransform.Protect(esp, p1, 17, reason), true, "ESP");
        const Frame esp1 = AddIpv6(p1, Header(a, b, 50, p1->GetSize()));

        // AH, transport mode: padded to 64 bits; traffic class and flow label are not covered.
        Ptr<Packet> p2 = Create<Packet>(udp.data(), udp.size());
        const uint32_t ahSize = AhTransform::GetHeaderSize(ah);
        NS_TEST_ASSERT_MSG_EQ(ahSize, 32, "12 + 16 bytes of ICV, padded to 64 bits");
        const Ipv6Header ahHeader = Header(a, b, 51, ahSize + udp.size());
        NS_TEST_ASSERT_MSG_EQ(ahTransform.Protect(ah, p2, 17, IpsecIpHeader(ahHeader), reason),
                              true,
                              "AH");
        const Frame ah2 = AddIpv6(p2, ahHeader);

        // An iterated tunnel: ESP between gateways around an IPv6 packet that carries ESP.
        Ptr<Packet> p3 = Create<Packet>(udp.data(), udp.size());
        espTransform.Protect(esp, p3, 17, reason);
        p3->AddHeader(Header(a, b, 50, p3->GetSize()));
        NS_TEST_ASSERT_MSG_EQ(espTransform.Protect(outer, p3, 41, reason), true, "outer ESP");
        const Frame tunnel =
            AddIpv6(p3, Header("2001:db8:f::1", "2001:db8:f::2", 50, p3->GetSize()));

        EspPcapInspector inspector;
        for (const SecurityAssociation* sa : {&esp, &ah, &outer})
        {
            const WiresharkEspSa row = WiresharkEspSa::FromSa(*sa);
            NS_TEST_ASSERT_MSG_EQ(row.protocol, "IPv6", "an IPv6 row");
            inspector.AddKey(row);
        }
        std::ostringstream out;
        EspInspectionSummary s =
            InspectRaw(inspector, CreateTempDirFilename("own6.pcap"), {esp1, ah2, tunnel}, out);
        NS_TEST_ASSERT_MSG_EQ(s.good, 3, out.str());
        if (s.packets.size() != 3)
        {
            return;
        }
        for (const auto& v : s.packets)
        {
            NS_TEST_ASSERT_MSG_EQ(int(v.innerProtocol), 17, v);
            NS_TEST_ASSERT_MSG_EQ((v.inner == udp), true, "the UDP datagram: " << v);
        }
        NS_TEST_ASSERT_MSG_EQ(s.packets[1].ah, true, "AH");
        NS_TEST_ASSERT_MSG_EQ(s.packets[2].layers, 2, "tunnel, then the ESP inside");
        NS_TEST_ASSERT_MSG_NE(
            out.str().find("#3 2001:db8:f::1 -> 2001:db8:f::2 spi=0x00007003 "
                           "seq=1 icv=good then tunnel [2001:db8:1::1 -> 2001:db8:2::2] esp "
                           "spi=0x00007001 "
                           "inner=udp(17) len=12 ports 1234->9\n"),
            std::string::npos,
            out.str());

        // Without the inner SA's key, the tunnel still opens and says where it stopped.
        EspPcapInspector outerOnly;
        outerOnly.AddKey(WiresharkEspSa::FromSa(outer));
        s = InspectRaw(outerOnly, CreateTempDirFilename("own6-outer.pcap"), {tunnel}, out);
        NS_TEST_ASSERT_MSG_EQ(s.failed, 1, "the inner ESP has no key");
        NS_TEST_ASSERT_MSG_NE(out.str().find("then tunnel [2001:db8:1::1 -> 2001:db8:2::2] esp "
                                             "spi=0x00007001 no-key"),
                              std::string::npos,
                              out.str());
    }
};

/// Broken IPv6 extension header chains are reported, never a crash.
class Ipv6MalformedTestCase : public TestCase
{
  public:
    Ipv6MalformedTestCase()
        : TestCase("inspector: truncated and malformed IPv6 extension header chains")
    {
    }

  private:
    void DoRun() override
    {
        EspPcapInspector inspector;
        std::string err;
        inspector.LoadKeys(DataFile("foreign-esp.esp_sa"), err);
        // ESP of SA 0x6001 (2001:db8::1 -> ::2), 24 bytes of nonsense after the header.
        Frame esp = {0, 0, 0x60, 0x01, 0, 0, 0, 9};
        esp.resize(32, 0x5a);
        // AH of SA 0x6003 (HMAC-SHA-256-128: 32 bytes on IPv6), payload of 8 bytes.
        Frame ahBody = {17, 6, 0, 0, 0, 0, 0x60, 0x03, 0, 0, 0, 1};
        ahBody.resize(40, 0);

        const Frame hopByHop = Extension(50, {1, 4, 0, 0, 0, 0}); // PadN
        Frame longHopByHop = hopByHop;
        longHopByHop[1] = 3; // claims 32 bytes
        const Frame optionPastEnd = Extension(51, {0x3e, 20, 1, 2, 3, 4});
        const Frame routing3 = Extension(51, {3, 1, 0, 0, 0, 0});
        Frame routing0(8 + 32, 0); // two addresses, three segments left
        routing0[0] = 51;
        routing0[1] = 4;
        routing0[3] = 3;
        Frame manyOptions;
        for (int i = 0; i < 300; ++i)
        {
            manyOptions = Cat(manyOptions, Extension(i + 1 < 300 ? 60 : 50, {}));
        }

        struct Case
        {
            std::string name;
            Frame packet;
            EspPacketVerdict::Status status;
            std::string detail; //!< part of the detail message
        };

        const std::vector<Case> cases = {
            {"header past the payload length",
             Ipv6Packet(0, Cat(longHopByHop, Frame(esp.begin(), esp.begin() + 16))),
             EspPacketVerdict::MALFORMED,
             "hbh header at byte 40 (32 bytes) runs past the end of the packet (64 bytes)"},
            {"header past the captured bytes",
             Ipv6Packet(0, Cat(longHopByHop, Frame(4, 0)), 100),
             EspPacketVerdict::MALFORMED,
             "(32 bytes) runs past the end of the packet (52 bytes captured)"},
            {"payload length too short for the header",
             Ipv6Packet(0, Cat(hopByHop, esp), 4),
             EspPacketVerdict::MALFORMED,
             "hbh header at byte 40 (8 bytes) runs past the end of the packet (44 bytes)"},
            {"header cut after one byte",
             Ipv6Packet(60, {50}),
             EspPacketVerdict::MALFORMED,
             "dst header at byte 40 is cut: the packet ends at byte 41"},
            {"hop-by-hop not first",
             Ipv6Packet(60, Cat(Extension(0, {}), Cat(hopByHop, esp))),
             EspPacketVerdict::MALFORMED,
             "hbh header at byte 48 does not follow the IPv6 header"},
            {"fragment header cut",
             Ipv6Packet(44, {50, 0, 0, 1}),
             EspPacketVerdict::MALFORMED,
             "frag header at byte 40 is cut: the packet ends at byte 44"},
            {"ESP cut by the capture",
             Ipv6Packet(0, Cat(hopByHop, Frame(esp.begin(), esp.begin() + 12)), 200),
             EspPacketVerdict::BAD,
             ""},
            {"option past the end of its header (AH)",
             Ipv6Packet(0, Cat(optionPastEnd, ahBody)),
             EspPacketVerdict::UNUSABLE_KEY,
             "hbh option of type 62 runs past the end of its header"},
            {"routing type 3 with segments left (AH)",
             Ipv6Packet(43, Cat(routing3, ahBody)),
             EspPacketVerdict::UNUSABLE_KEY,
             "routing header of type 3 with 1 segments left is not checked"},
            {"more segments left than addresses (AH)",
             Ipv6Packet(43, Cat(routing0, ahBody)),
             EspPacketVerdict::UNUSABLE_KEY,
             "has 3 segments left but 2 addresses"},
            {"300 destination options headers",
             Ipv6Packet(60, Cat(manyOptions, esp)),
             EspPacketVerdict::BAD,
             ""},
        };
        std::vector<Frame> packets;
        for (const auto& c : cases)
        {
            packets.push_back(c.packet);
        }
        // Not IPv6 packets at all: skipped.
        packets.push_back(Frame(39, 0x60));
        std::ostringstream out;
        EspInspectionSummary s =
            InspectRaw(inspector, CreateTempDirFilename("malformed6.pcap"), packets, out);
        NS_TEST_ASSERT_MSG_EQ(s.error, "", "read");
        NS_TEST_ASSERT_MSG_EQ(s.malformed, 6, out.str());
        NS_TEST_ASSERT_MSG_EQ(s.skipped, 1, "the runt");
        NS_TEST_ASSERT_MSG_EQ(s.good, 0, "nothing good");
        NS_TEST_ASSERT_MSG_EQ(s.packets.size(), cases.size(), out.str());
        for (size_t i = 0; i < cases.size() && i < s.packets.size(); ++i)
        {
            const EspPacketVerdict& v = s.packets[i];
            NS_TEST_ASSERT_MSG_EQ(int(v.status), int(cases[i].status), cases[i].name << ": " << v);
            NS_TEST_ASSERT_MSG_NE(v.detail.find(cases[i].detail),
                                  std::string::npos,
                                  cases[i].name << ": " << v.detail);
        }
        NS_TEST_ASSERT_MSG_NE(out.str().find("#1 2001:db8::1 -> 2001:db8::2 malformed (hbh "
                                             "header at byte 40 (32 bytes) runs past"),
                              std::string::npos,
                              out.str());
        NS_TEST_ASSERT_MSG_EQ(
            (s.packets.size() > 6 && s.packets[6].reason == IpsecDropReason::TRUNCATED),
            true,
            "the cut ESP packet");
        const std::string longChain = s.packets.size() > 10 ? s.packets[10].extensions : "";
        NS_TEST_ASSERT_MSG_EQ(longChain,
                              "dst,dst,dst,dst,dst,dst,dst,dst,+292 more",
                              "a long chain is listed in brief");

        // Every prefix of every packet of the foreign IPv6 capture, and every packet with one
        // of its first 120 bytes replaced: read to the end, whatever the verdicts.
        std::vector<Frame> mangled;
        for (const Frame& p : ForeignPackets("foreign-esp-ipv6.pcap"))
        {
            for (size_t len = 0; len < p.size(); len += 3)
            {
                mangled.emplace_back(p.begin(), p.begin() + len);
            }
            for (size_t at = 0; at < std::min<size_t>(120, p.size()); ++at)
            {
                Frame m = p;
                m[at] ^= 0xa5;
                mangled.push_back(m);
            }
        }
        std::ostringstream ignored;
        s = InspectRaw(inspector, CreateTempDirFilename("mangled6.pcap"), mangled, ignored);
        NS_TEST_ASSERT_MSG_EQ(s.frames, mangled.size(), "every frame read");
        NS_TEST_ASSERT_MSG_EQ(s.packets.size() + s.skipped, mangled.size(), "each accounted for");
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
        AddTestCase(new EspSaEveryAlgorithmTestCase, ipsectest::QUICK);
        AddTestCase(new ForeignCaptureTestCase, ipsectest::QUICK);
        AddTestCase(new UnusableKeyTestCase, ipsectest::QUICK);
        AddTestCase(new LinkTypesTestCase, ipsectest::QUICK);
        AddTestCase(new EspSaFragmentTestCase, ipsectest::QUICK);
        AddTestCase(new BadCaptureTestCase, ipsectest::QUICK);
        AddTestCase(new OwnCaptureTestCase, ipsectest::QUICK);
        AddTestCase(new ForeignIpv6CaptureTestCase, ipsectest::QUICK);
        AddTestCase(new Ipv6AhMutabilityTestCase, ipsectest::QUICK);
        AddTestCase(new Ipv6OwnTransformTestCase, ipsectest::QUICK);
        AddTestCase(new Ipv6MalformedTestCase, ipsectest::QUICK);
    }
};

/// Static instance.
static WiresharkEspSaTestSuite g_wiresharkEspSaTestSuite;
