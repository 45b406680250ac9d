/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "esp-pcap-inspector.h"

#include "ns3/ah-header.h"
#include "ns3/esp-header.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pcap-file.h"

#include <fstream>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EspPcapInspector");

namespace
{

constexpr uint32_t LINKTYPE_NULL = 0;
constexpr uint32_t LINKTYPE_ETHERNET = 1;
constexpr uint32_t LINKTYPE_PPP = 9;
constexpr uint32_t LINKTYPE_RAW_OPENBSD = 12;
constexpr uint32_t LINKTYPE_RAW = 101;
constexpr uint32_t LINKTYPE_LOOP = 108;
constexpr uint32_t LINKTYPE_LINUX_SLL = 113;
constexpr uint32_t LINKTYPE_IPV4 = 228;
constexpr uint32_t LINKTYPE_LINUX_SLL2 = 276;

constexpr uint16_t ETHERTYPE_IPV4 = 0x0800;
constexpr uint16_t ETHERTYPE_VLAN = 0x8100;
constexpr uint16_t ETHERTYPE_QINQ = 0x88a8;
constexpr uint16_t PPP_IPV4 = 0x0021;
constexpr uint16_t NAT_T_PORT = 4500;
constexpr uint8_t PROTO_ESP = 50;
constexpr uint8_t PROTO_AH = 51;
constexpr uint8_t PROTO_UDP = 17;
constexpr uint8_t PROTO_TCP = 6;

constexpr uint16_t IP_MORE_FRAGMENTS = 0x2000;
constexpr uint16_t IP_OFFSET_MASK = 0x1fff;
constexpr uint64_t PCAP_FILE_HEADER = 24;
constexpr uint64_t PCAP_RECORD_HEADER = 16;

/// The largest frame the inspector reads; longer ones are cut (and then fail as truncated).
constexpr uint32_t MAX_FRAME = 65535 + 64;

uint16_t
U16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

uint32_t
U32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

std::string
Dotted(const uint8_t* p)
{
    std::ostringstream os;
    os << int(p[0]) << "." << int(p[1]) << "." << int(p[2]) << "." << int(p[3]);
    return os.str();
}

/**
 * Where the IPv4 header starts in a frame of the given link type.
 * @return the offset, or -1 if the frame does not carry IPv4
 */
int64_t
Ipv4Offset(uint32_t linkType, const uint8_t* d, uint32_t n)
{
    switch (linkType)
    {
    case LINKTYPE_PPP: {
        uint32_t off = 0;
        if (n >= 2 && d[0] == 0xff && d[1] == 0x03) // HDLC address and control
        {
            off = 2;
        }
        return (n >= off + 2 && U16(d + off) == PPP_IPV4) ? off + 2 : -1;
    }
    case LINKTYPE_ETHERNET: {
        uint32_t off = 12;
        while (n >= off + 2 && (U16(d + off) == ETHERTYPE_VLAN || U16(d + off) == ETHERTYPE_QINQ))
        {
            off += 4;
        }
        return (n >= off + 2 && U16(d + off) == ETHERTYPE_IPV4) ? off + 2 : -1;
    }
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_OPENBSD:
    case LINKTYPE_IPV4:
        return (n >= 1 && (d[0] >> 4) == 4) ? 0 : -1;
    case LINKTYPE_LINUX_SLL:
        return (n >= 16 && U16(d + 14) == ETHERTYPE_IPV4) ? 16 : -1;
    case LINKTYPE_LINUX_SLL2:
        return (n >= 20 && U16(d) == ETHERTYPE_IPV4) ? 20 : -1;
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP:
        // Address family 2 (AF_INET), in the writer's byte order (NULL) or network order (LOOP)
        return (n >= 4 && (U32(d) == 2 || U32(d) == 0x02000000)) ? 4 : -1;
    default:
        return -1;
    }
}

bool
LinkTypeSupported(uint32_t linkType)
{
    switch (linkType)
    {
    case LINKTYPE_NULL:
    case LINKTYPE_ETHERNET:
    case LINKTYPE_PPP:
    case LINKTYPE_RAW_OPENBSD:
    case LINKTYPE_RAW:
    case LINKTYPE_LOOP:
    case LINKTYPE_LINUX_SLL:
    case LINKTYPE_IPV4:
    case LINKTYPE_LINUX_SLL2:
        return true;
    default:
        return false;
    }
}

const char*
ProtocolName(uint8_t protocol)
{
    switch (protocol)
    {
    case 1:
        return "icmp";
    case 4:
        return "ipip";
    case PROTO_TCP:
        return "tcp";
    case PROTO_UDP:
        return "udp";
    case 41:
        return "ipv6";
    case 58:
        return "icmpv6";
    case 132:
        return "sctp";
    default:
        return "proto";
    }
}

} // namespace

bool
EspPacketVerdict::IsGood() const
{
    return status == GOOD;
}

std::ostream&
operator<<(std::ostream& os, const EspPacketVerdict& v)
{
    const auto flags = os.flags();
    const char fill = os.fill();
    os << "#" << v.frame << " " << v.source << " -> " << v.destination
       << (v.udpEncapsulated ? " udp-encap" : "") << (v.ah ? " ah" : "") << " spi=0x" << std::hex
       << std::setw(8) << std::setfill('0') << v.spi << std::dec << std::setfill(fill)
       << " seq=" << v.sequence << " ";
    switch (v.status)
    {
    case EspPacketVerdict::GOOD:
        os << "icv=good" << v.nested << " inner=" << ProtocolName(v.innerProtocol) << "("
           << int(v.innerProtocol) << ") len=" << v.inner.size();
        if ((v.innerProtocol == PROTO_UDP || v.innerProtocol == PROTO_TCP) && v.inner.size() >= 4)
        {
            os << " ports " << U16(v.inner.data()) << "->" << U16(v.inner.data() + 2);
        }
        break;
    case EspPacketVerdict::BAD:
        os << v.nested << (v.nested.empty() ? "" : " ");
        if (v.reason == IpsecDropReason::ICV_MISMATCH || v.reason == IpsecDropReason::TRUNCATED)
        {
            os << "icv=BAD (" << ToString(v.reason) << ")";
        }
        else
        {
            // Refused after the ICV verified: bad padding, dummy packet
            os << "icv=good FAILED (" << ToString(v.reason) << ")";
        }
        break;
    case EspPacketVerdict::NO_KEY:
        os << "no-key";
        break;
    case EspPacketVerdict::UNUSABLE_KEY:
        os << "unusable-key (" << v.detail << ")";
        break;
    case EspPacketVerdict::FRAGMENT:
        os << "fragment, not checked";
        break;
    case EspPacketVerdict::SIZE_ONLY:
        os << "size-only SA, not decryptable";
        break;
    }
    os.flags(flags);
    return os;
}

EspPcapInspector::EspPcapInspector() = default;

bool
EspPcapInspector::LoadKeys(const std::string& filename, std::string& error)
{
    std::vector<WiresharkEspSa> rows;
    if (!ReadWiresharkEspSaFile(filename, rows, error))
    {
        return false;
    }
    m_keys.insert(m_keys.end(), rows.begin(), rows.end());
    return true;
}

void
EspPcapInspector::AddKey(const WiresharkEspSa& row)
{
    m_keys.push_back(row);
}

void
EspPcapInspector::Check(EspPacketVerdict& v,
                        const uint8_t* ip,
                        uint32_t ipLen,
                        const uint8_t* data,
                        uint32_t len)
{
    size_t row = 0;
    // The inspector reads IPv4 only; an IPv6 row never applies, even with wildcards.
    while (row < m_keys.size() &&
           (m_keys[row].protocol != "IPv4" || !m_keys[row].Matches(v.source, v.destination, v.spi)))
    {
        ++row;
    }
    if (row == m_keys.size())
    {
        v.status = EspPacketVerdict::NO_KEY;
        return;
    }
    if (m_keys[row].usability == WiresharkEspSa::SIZE_ONLY)
    {
        v.status = EspPacketVerdict::SIZE_ONLY;
        return;
    }
    Ptr<SecurityAssociation>& sa = m_sas[SaKey(row, v.source, v.destination, v.spi, v.ah)];
    if (!sa)
    {
        IpsecSaParams params;
        if (!m_keys[row].ToSaParams(params, v.detail))
        {
            NS_LOG_LOGIC("row " << row << " unusable: " << v.detail);
            v.status = EspPacketVerdict::UNUSABLE_KEY;
            return;
        }
        if (v.ah)
        {
            // An AH key is a row with NULL encryption and the integrity algorithm.
            if (params.encryption != IpsecEncryption::NULL_ENC)
            {
                v.detail = "an AH packet needs a row with NULL encryption";
                v.status = EspPacketVerdict::UNUSABLE_KEY;
                return;
            }
            params.protocol = IpsecProtocol::AH;
            params.encryption = IpsecEncryption::NONE;
            params.encryptionKey.clear();
        }
        // The transform does not look at the SA's SPI or addresses; they only describe the SA.
        // A reserved SPI (below 256) in a capture keeps the valid placeholder ToSaParams chose.
        if (v.spi >= 256)
        {
            params.spi = v.spi;
        }
        params.source = Ipv4Address(v.source.c_str());
        params.destination = Ipv4Address(v.destination.c_str());
        v.detail = params.Validate();
        if (!v.detail.empty())
        {
            v.status = EspPacketVerdict::UNUSABLE_KEY;
            return;
        }
        sa = Create<SecurityAssociation>(params);
    }
    Ptr<Packet> packet = Create<Packet>(data, len);
    bool accepted;
    if (v.ah)
    {
        if (ipLen != 20)
        {
            // ns-3's Ipv4Header has no options, so the ICV input cannot be rebuilt here.
            v.detail = "AH with IPv4 options is not checked";
            v.status = EspPacketVerdict::UNUSABLE_KEY;
            return;
        }
        Buffer b;
        b.AddAtStart(ipLen);
        b.Begin().Write(ip, ipLen);
        Ipv4Header header;
        header.Deserialize(b.Begin());
        accepted = m_ah.Unprotect(*sa, packet, header, v.innerProtocol, v.reason, false);
    }
    else
    {
        accepted = m_esp.Unprotect(*sa, packet, v.innerProtocol, v.reason, false);
    }
    if (!accepted)
    {
        v.status = EspPacketVerdict::BAD;
        return;
    }
    v.status = EspPacketVerdict::GOOD;
    v.inner.resize(packet->GetSize());
    packet->CopyData(v.inner.data(), v.inner.size());

    // An SA bundle in transport mode (ESP inside AH, ...): open the next layer too, as it
    // would have been carried by the same IP header.
    const bool nested = v.innerProtocol == PROTO_ESP || v.innerProtocol == PROTO_AH;
    constexpr uint32_t MAX_LAYERS = 4;
    if (!nested || v.layers >= MAX_LAYERS || ipLen != 20)
    {
        return;
    }
    EspPacketVerdict layer = v;
    layer.ah = v.innerProtocol == PROTO_AH;
    const uint32_t spiAt = layer.ah ? 4 : 0;
    if (v.inner.size() < spiAt + 8)
    {
        v.status = EspPacketVerdict::BAD;
        v.reason = IpsecDropReason::TRUNCATED;
        return;
    }
    layer.spi = U32(v.inner.data() + spiAt);
    layer.sequence = U32(v.inner.data() + spiAt + 4);
    layer.layers = v.layers + 1;
    layer.nested.clear();
    uint8_t innerIp[20];
    std::copy(ip, ip + 20, innerIp);
    innerIp[9] = v.innerProtocol;
    const uint32_t total = 20 + static_cast<uint32_t>(v.inner.size());
    innerIp[2] = static_cast<uint8_t>(total >> 8);
    innerIp[3] = static_cast<uint8_t>(total);
    const std::vector<uint8_t> bytes = v.inner;
    Check(layer, innerIp, 20, bytes.data(), static_cast<uint32_t>(bytes.size()));
    std::ostringstream os;
    os << " then " << (layer.ah ? "ah" : "esp") << " spi=0x" << std::hex << std::setw(8)
       << std::setfill('0') << layer.spi << std::dec << layer.nested;
    v.nested = os.str();
    v.status = layer.status;
    v.reason = layer.reason;
    v.detail = layer.detail;
    v.innerProtocol = layer.innerProtocol;
    v.inner = layer.inner;
}

EspInspectionSummary
EspPcapInspector::Inspect(const std::string& filename, std::ostream& out)
{
    NS_LOG_FUNCTION(this << filename);
    EspInspectionSummary summary;
    uint64_t fileSize = 0;
    {
        std::ifstream probe(filename, std::ios::binary | std::ios::ate);
        if (!probe)
        {
            summary.error = filename + ": cannot open";
            return summary;
        }
        fileSize = static_cast<uint64_t>(probe.tellg());
        probe.seekg(0);
        uint32_t magic = 0;
        if (!probe.read(reinterpret_cast<char*>(&magic), sizeof(magic)))
        {
            summary.error = filename + ": too short to be a pcap file";
            return summary;
        }
        if (magic == 0x0a0d0d0a)
        {
            summary.error = filename + ": pcapng is not supported; convert it with "
                                       "'editcap -F pcap in.pcapng out.pcap'";
            return summary;
        }
    }
    PcapFile pcap;
    pcap.Open(filename, std::ios::in);
    if (pcap.Fail())
    {
        summary.error = filename + ": not a pcap file (bad magic number, version or header)";
        return summary;
    }
    const uint32_t linkType = pcap.GetDataLinkType();
    if (!LinkTypeSupported(linkType))
    {
        summary.error = filename + ": unsupported link type " + std::to_string(linkType) +
                        " (supported: 0 null, 1 ethernet, 9 ppp, 12/101/228 raw ip, 108 loop, "
                        "113 linux sll, 276 linux sll2)";
        return summary;
    }

    uint64_t consumed = PCAP_FILE_HEADER;
    std::vector<uint8_t> frame(MAX_FRAME);
    while (!pcap.Fail() && !pcap.Eof())
    {
        uint32_t tsSec;
        uint32_t tsUsec;
        uint32_t inclLen = 0;
        uint32_t origLen;
        uint32_t readLen = 0;
        pcap.Read(frame.data(), frame.size(), tsSec, tsUsec, inclLen, origLen, readLen);
        if (pcap.Fail())
        {
            break; // end of file, or a truncated last record (found below)
        }
        consumed += PCAP_RECORD_HEADER + inclLen;
        ++summary.frames;
        const uint8_t* d = frame.data();
        const int64_t ip = Ipv4Offset(linkType, d, readLen);
        if (ip < 0 || readLen < ip + 20)
        {
            ++summary.skipped;
            continue;
        }
        const uint8_t* h = d + ip;
        const uint32_t ihl = (h[0] & 0x0f) * 4u;
        const uint32_t available = readLen - ip;
        uint32_t total = U16(h + 2);
        const uint16_t fragment = U16(h + 6);
        if ((h[0] >> 4) != 4 || ihl < 20 || total < ihl || ihl > available ||
            (fragment & IP_OFFSET_MASK) != 0)
        {
            // Not IPv4, malformed, or a later fragment (not reassembled here).
            ++summary.skipped;
            continue;
        }
        const bool firstFragment = (fragment & IP_MORE_FRAGMENTS) != 0;
        total = std::min(total, available); // a cut frame fails below as truncated
        const uint8_t* payload = h + ihl;
        uint32_t payloadLen = total - ihl;
        bool encapsulated = false;
        if (h[9] == PROTO_UDP && payloadLen >= 8 &&
            (U16(payload) == NAT_T_PORT || U16(payload + 2) == NAT_T_PORT))
        {
            payload += 8;
            payloadLen -= 8;
            const bool keepalive = payloadLen == 1 && payload[0] == 0xff;
            const bool nonEspMarker = payloadLen >= 4 && U32(payload) == 0;
            if (keepalive || nonEspMarker || payloadLen < 4)
            {
                ++summary.skipped; // RFC 3948: keepalive, or IKE behind the non-ESP marker
                continue;
            }
            encapsulated = true;
        }
        else if (h[9] != PROTO_ESP && h[9] != PROTO_AH)
        {
            ++summary.skipped;
            continue;
        }

        EspPacketVerdict v;
        v.frame = summary.frames;
        v.source = Dotted(h + 12);
        v.destination = Dotted(h + 16);
        v.udpEncapsulated = encapsulated;
        v.ah = !encapsulated && h[9] == PROTO_AH;
        const uint32_t spiAt = v.ah ? 4 : 0; // AH: next header, length, reserved, then SPI
        const uint32_t minLen = v.ah ? AhHeader::FIXED_SIZE : EspHeader::SIZE;
        if (payloadLen >= minLen)
        {
            v.spi = U32(payload + spiAt);
            v.sequence = U32(payload + spiAt + 4);
        }
        if (firstFragment)
        {
            v.status = EspPacketVerdict::FRAGMENT;
            ++summary.fragments;
        }
        else
        {
            if (payloadLen < minLen)
            {
                v.status = EspPacketVerdict::BAD;
                v.reason = IpsecDropReason::TRUNCATED;
            }
            else
            {
                Check(v, h, ihl, payload, payloadLen);
            }
            if (v.status == EspPacketVerdict::SIZE_ONLY)
            {
                ++summary.sizeOnly;
            }
            else
            {
                ++summary.esp;
                ++(v.IsGood() ? summary.good : summary.failed);
            }
        }
        out << v << "\n";
        summary.packets.push_back(std::move(v));
    }
    if (consumed != fileSize)
    {
        summary.truncated = true;
        out << "note: " << filename << ": the last record is cut or its length is wrong ("
            << fileSize << " bytes in the file, " << consumed << " in the records read)\n";
    }
    return summary;
}

} // namespace ns3
