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

#include <arpa/inet.h>
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
constexpr uint32_t LINKTYPE_IPV6 = 229;
constexpr uint32_t LINKTYPE_LINUX_SLL2 = 276;

constexpr uint16_t ETHERTYPE_IPV4 = 0x0800;
constexpr uint16_t ETHERTYPE_IPV6 = 0x86dd;
constexpr uint16_t ETHERTYPE_VLAN = 0x8100;
constexpr uint16_t ETHERTYPE_QINQ = 0x88a8;
constexpr uint16_t PPP_IPV4 = 0x0021;
constexpr uint16_t PPP_IPV6 = 0x0057;
constexpr uint16_t NAT_T_PORT = 4500;
constexpr uint8_t PROTO_HOP_BY_HOP = 0;
constexpr uint8_t PROTO_TCP = 6;
constexpr uint8_t PROTO_UDP = 17;
constexpr uint8_t PROTO_ROUTING = 43;
constexpr uint8_t PROTO_FRAGMENT = 44;
constexpr uint8_t PROTO_ESP = 50;
constexpr uint8_t PROTO_AH = 51;
constexpr uint8_t PROTO_DESTINATION_OPTIONS = 60;
constexpr uint8_t PROTO_MOBILITY = 135;
constexpr uint8_t PROTO_HIP = 139;
constexpr uint8_t PROTO_SHIM6 = 140;

constexpr uint16_t IP_MORE_FRAGMENTS = 0x2000;
constexpr uint16_t IP_OFFSET_MASK = 0x1fff;
constexpr uint32_t IPV4_HEADER = 20;
constexpr uint32_t IPV6_HEADER = 40;
/// An option whose data may change on the way has this bit set in its type (RFC 8200 4.2).
constexpr uint8_t OPTION_MAY_CHANGE = 0x20;
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

void
PutU16(uint8_t* p, uint32_t value)
{
    p[0] = static_cast<uint8_t>(value >> 8);
    p[1] = static_cast<uint8_t>(value);
}

/// An address read from a packet.
IpsecAddress
AddressAt(const uint8_t* p, bool ipv6)
{
    if (ipv6)
    {
        return Ipv6Address::Deserialize(p);
    }
    return Ipv4Address::Deserialize(p);
}

/// An address as text: IPv6 in the compressed form of RFC 5952, whatever ns-3 version prints.
std::string
Text(const IpsecAddress& address)
{
    char text[INET6_ADDRSTRLEN];
    const int family = address.IsIpv6() ? AF_INET6 : AF_INET;
    return inet_ntop(family, address.GetBytes(), text, sizeof(text)) ? text : "?";
}

/**
 * Where the IP packet starts in a frame of the given link type, and which version the link
 * layer announces.
 * @param linkType the capture's link type
 * @param d the frame
 * @param n its length
 * @param[out] version 4 or 6 (raw-IP link types: the packet's own version nibble)
 * @return the offset, or -1 if the frame does not carry IP
 */
int64_t
IpOffset(uint32_t linkType, const uint8_t* d, uint32_t n, uint8_t& version)
{
    auto fromEthertype = [&version](uint16_t type) {
        version = type == ETHERTYPE_IPV4 ? 4 : (type == ETHERTYPE_IPV6 ? 6 : 0);
        return version != 0;
    };
    switch (linkType)
    {
    case LINKTYPE_PPP: {
        uint32_t off = 0;
        if (n >= 2 && d[0] == 0xff && d[1] == 0x03) // HDLC address and control
        {
            off = 2;
        }
        if (n < off + 2)
        {
            return -1;
        }
        version = U16(d + off) == PPP_IPV4 ? 4 : (U16(d + off) == PPP_IPV6 ? 6 : 0);
        return version != 0 ? int64_t(off) + 2 : -1;
    }
    case LINKTYPE_ETHERNET: {
        uint32_t off = 12;
        while (n >= off + 2 && (U16(d + off) == ETHERTYPE_VLAN || U16(d + off) == ETHERTYPE_QINQ))
        {
            off += 4;
        }
        return (n >= off + 2 && fromEthertype(U16(d + off))) ? int64_t(off) + 2 : -1;
    }
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_OPENBSD:
        version = n >= 1 ? d[0] >> 4 : 0;
        return (version == 4 || version == 6) ? 0 : -1;
    case LINKTYPE_IPV4:
        version = 4;
        return 0;
    case LINKTYPE_IPV6:
        version = 6;
        return 0;
    case LINKTYPE_LINUX_SLL:
        return (n >= 16 && fromEthertype(U16(d + 14))) ? 16 : -1;
    case LINKTYPE_LINUX_SLL2:
        return (n >= 20 && fromEthertype(U16(d))) ? 20 : -1;
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP: {
        if (n < 4)
        {
            return -1;
        }
        // The address family, in the writer's byte order (NULL) or network order (LOOP):
        // AF_INET is 2 everywhere, AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD) or 30
        // (macOS).
        uint32_t family = U32(d);
        if (family > 0xffff)
        {
            family = (family >> 24) | ((family >> 8) & 0xff00);
        }
        version = family == 2 ? 4 : ((family == 24 || family == 28 || family == 30) ? 6 : 0);
        return version != 0 ? 4 : -1;
    }
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
    case LINKTYPE_IPV6:
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
    case PROTO_ESP:
        return "esp";
    case PROTO_AH:
        return "ah";
    case 58:
        return "icmpv6";
    case 132:
        return "sctp";
    default:
        return "proto";
    }
}

/// Extension headers with the generic layout: next header, length in 8-byte units beyond
/// the first 8, then data (RFC 8200 4, RFC 6564).
bool
IsGenericExtension(uint8_t protocol)
{
    return protocol == PROTO_HOP_BY_HOP || protocol == PROTO_ROUTING ||
           protocol == PROTO_DESTINATION_OPTIONS || protocol == PROTO_MOBILITY ||
           protocol == PROTO_HIP || protocol == PROTO_SHIM6;
}

const char*
ExtensionName(uint8_t protocol)
{
    switch (protocol)
    {
    case PROTO_HOP_BY_HOP:
        return "hbh";
    case PROTO_ROUTING:
        return "rh";
    case PROTO_FRAGMENT:
        return "frag";
    case PROTO_DESTINATION_OPTIONS:
        return "dst";
    case PROTO_MOBILITY:
        return "mobility";
    case PROTO_HIP:
        return "hip";
    default:
        return "shim6";
    }
}

/// An IP packet of a frame, located: its headers up to the first header that is not an
/// IPv6 extension header, and what follows them.
struct IpPacket
{
    EspPcapInspector::IpHeaders headers; //!< Up to the payload (ESP, AH, UDP, ...)
    uint8_t protocol = 0;                //!< The payload's protocol
    const uint8_t* payload = nullptr;    //!< The payload
    uint32_t payloadLen = 0;             //!< Its length within the packet and the frame
    bool firstFragment = false;          //!< Offset 0, more fragments follow
    uint32_t fragmentOffset = 0;         //!< A later fragment's offset in bytes
    std::string extensions;              //!< IPv6 extension headers walked
    std::string error;                   //!< Why the IPv6 header chain cannot be walked
};

/**
 * Locate an IPv4 packet's payload.
 * @param h the IPv4 header
 * @param available bytes from @p h to the end of the frame
 * @param[out] p the packet
 * @return false when it is no usable IPv4 packet (too short, bad lengths)
 */
bool
LocateIpv4(const uint8_t* h, uint32_t available, IpPacket& p)
{
    if (available < IPV4_HEADER || (h[0] >> 4) != 4)
    {
        return false;
    }
    const uint32_t ihl = (h[0] & 0x0f) * 4u;
    uint32_t total = U16(h + 2);
    if (ihl < IPV4_HEADER || total < ihl || ihl > available)
    {
        return false;
    }
    total = std::min(total, available); // a cut frame fails later as truncated
    p.headers.ipv6 = false;
    p.headers.source = AddressAt(h + 12, false);
    p.headers.destination = AddressAt(h + 16, false);
    p.headers.bytes.assign(h, h + ihl);
    p.headers.nextHeaderAt = 9;
    p.protocol = h[9];
    p.payload = h + ihl;
    p.payloadLen = total - ihl;
    const uint16_t fragment = U16(h + 6);
    p.fragmentOffset = (fragment & IP_OFFSET_MASK) * 8u;
    p.firstFragment = p.fragmentOffset == 0 && (fragment & IP_MORE_FRAGMENTS) != 0;
    return true;
}

/**
 * Locate an IPv6 packet's payload, walking its extension headers.
 * @param h the IPv6 header
 * @param available bytes from @p h to the end of the frame
 * @param[out] p the packet; `error` set when the extension header chain cannot be walked
 * @return false when it is no IPv6 packet (shorter than the fixed header, wrong version)
 */
bool
LocateIpv6(const uint8_t* h, uint32_t available, IpPacket& p)
{
    if (available < IPV6_HEADER || (h[0] >> 4) != 6)
    {
        return false;
    }
    // Bytes beyond the payload length (link padding) are not part of the packet; a frame cut
    // short by the capture ends earlier.
    const uint32_t end = std::min<uint32_t>(IPV6_HEADER + U16(h + 4), available);
    p.headers.ipv6 = true;
    p.headers.source = AddressAt(h + 8, true);
    p.headers.destination = AddressAt(h + 24, true);
    p.headers.bytes.assign(h, h + IPV6_HEADER);
    p.headers.nextHeaderAt = 6;
    uint8_t next = h[6];
    uint32_t off = IPV6_HEADER;
    const std::string captured = end < IPV6_HEADER + U16(h + 4) ? " captured" : "";
    auto fail = [&p, &next](uint32_t at, const std::string& why) {
        std::ostringstream os;
        os << ExtensionName(next) << " header at byte " << at << " " << why;
        p.error = os.str();
        return true;
    };
    // The list of headers walked is cut short: a chain can be long (it is only bounded by the
    // packet's length), a verdict line should not be.
    constexpr uint32_t LISTED = 8;
    uint32_t walked = 0;
    auto note = [&p, &walked](const std::string& name) {
        if (++walked <= LISTED)
        {
            p.extensions += (p.extensions.empty() ? "" : ",") + name;
        }
    };
    while (IsGenericExtension(next) || next == PROTO_FRAGMENT)
    {
        if (next == PROTO_HOP_BY_HOP && off != IPV6_HEADER)
        {
            return fail(off, "does not follow the IPv6 header");
        }
        const uint32_t fixed = next == PROTO_FRAGMENT ? 8 : 2; // bytes that give the length
        if (off + fixed > end)
        {
            return fail(off, "is cut: the packet ends at byte " + std::to_string(end) + captured);
        }
        const uint32_t len = next == PROTO_FRAGMENT ? 8 : (h[off + 1] + 1) * 8;
        if (off + len > end)
        {
            std::ostringstream os;
            os << "(" << len << " bytes) runs past the end of the packet (" << end << " bytes"
               << captured << ")";
            return fail(off, os.str());
        }
        const uint8_t* x = h + off;
        if (next == PROTO_FRAGMENT)
        {
            const uint32_t offset = U16(x + 2) & 0xfff8;
            const bool more = (x[3] & 1) != 0;
            if (offset == 0 && !more)
            {
                // An atomic fragment (RFC 6946) is a whole packet: a receiver drops the
                // fragment header before it processes AH, so the ICV never covered it.
                note("frag(atomic)");
                p.headers.bytes[p.headers.nextHeaderAt] = x[0];
                PutU16(&p.headers.bytes[4], U16(&p.headers.bytes[4]) - 8);
                next = x[0];
                off += len;
                continue;
            }
            note("frag");
            p.fragmentOffset = offset;
            p.firstFragment = offset == 0;
            if (offset != 0)
            {
                // What follows is the middle of the original packet, not headers; the
                // fragment header still names the protocol of the fragmentable part.
                p.protocol = x[0];
                p.payload = x + len;
                p.payloadLen = end - off - len;
                return true;
            }
        }
        else if (next == PROTO_ROUTING)
        {
            std::ostringstream os;
            os << "rh" << int(x[2]);
            if (x[3] != 0)
            {
                os << "(left=" << int(x[3]) << ")";
            }
            note(os.str());
        }
        else
        {
            note(ExtensionName(next));
        }
        p.headers.nextHeaderAt = static_cast<uint32_t>(p.headers.bytes.size());
        p.headers.bytes.insert(p.headers.bytes.end(), x, x + len);
        next = x[0];
        off += len;
    }
    if (walked > LISTED)
    {
        p.extensions += ",+" + std::to_string(walked - LISTED) + " more";
    }
    p.protocol = next;
    p.payload = h + off;
    p.payloadLen = end - off;
    return true;
}

/**
 * The IPv6 header and the extension headers before AH as the AH ICV covers them (RFC 4302
 * 3.3.3.1.2): traffic class, flow label and hop limit zeroed (by AhTransform), the data of
 * options that may change on the way zeroed, and the destination and a routing header as
 * they will be when the packet arrives.
 * @param headers the headers as carried (already walked, so each one fits)
 * @param[out] out the headers in ICV form
 * @param[out] error why they cannot be put in that form
 * @return whether they could
 */
bool
ImmutableIpv6Headers(const std::vector<uint8_t>& headers,
                     std::vector<uint8_t>& out,
                     std::string& error)
{
    out = headers;
    uint8_t next = out[6];
    uint32_t off = IPV6_HEADER;
    while (off + 2 <= out.size())
    {
        const uint32_t len = next == PROTO_FRAGMENT ? 8 : (out[off + 1] + 1) * 8;
        uint8_t* x = &out[off];
        if (next == PROTO_HOP_BY_HOP || next == PROTO_DESTINATION_OPTIONS)
        {
            uint32_t i = 2;
            while (i < len)
            {
                if (x[i] == 0) // Pad1 is a single byte
                {
                    ++i;
                    continue;
                }
                if (i + 2 > len || i + 2 + x[i + 1] > len)
                {
                    std::ostringstream os;
                    os << ExtensionName(next) << " option of type " << int(x[i])
                       << " runs past the end of its header";
                    error = os.str();
                    return false;
                }
                if (x[i] & OPTION_MAY_CHANGE)
                {
                    std::fill(x + i + 2, x + i + 2 + x[i + 1], 0);
                }
                i += 2 + x[i + 1];
            }
        }
        else if (next == PROTO_ROUTING && x[3] != 0)
        {
            const uint8_t type = x[2];
            const uint32_t left = x[3];
            const uint32_t count = (len - 8) / 16;
            if (type != 0 && type != 2)
            {
                std::ostringstream os;
                os << "AH behind a routing header of type " << int(type) << " with " << left
                   << " segments left is not checked (its form at the destination is only "
                      "predicted for types 0 and 2)";
                error = os.str();
                return false;
            }
            if ((len - 8) % 16 != 0 || left > count)
            {
                std::ostringstream os;
                os << "routing header of type " << int(type) << " has " << left
                   << " segments left but " << count << " addresses";
                error = os.str();
                return false;
            }
            // Each remaining hop swaps the destination with the next address of the list:
            // at the end, the list holds the hops visited in order and the destination is its
            // former last address.
            uint8_t* list = x + 8;
            uint8_t* destination = &out[24];
            uint8_t finalDestination[16];
            std::copy(list + (count - 1) * 16, list + count * 16, finalDestination);
            const uint32_t nextHop = count - left;
            std::copy_backward(list + nextHop * 16, list + (count - 1) * 16, list + count * 16);
            std::copy(destination, destination + 16, list + nextHop * 16);
            std::copy(finalDestination, finalDestination + 16, destination);
            x[3] = 0;
        }
        next = x[0];
        off += len;
    }
    Buffer b;
    b.AddAtStart(IPV6_HEADER);
    b.Begin().Write(out.data(), IPV6_HEADER);
    Ipv6Header base;
    base.Deserialize(b.Begin());
    AhTransform::ImmutableIpv6Header(base, out.data());
    return true;
}

/// The decrypted inner packet of a tunnel, in brief: addresses, protocol, ports.
std::string
DescribeTunnel(const std::vector<uint8_t>& inner, uint8_t version, IpPacket& p)
{
    const uint32_t len = static_cast<uint32_t>(inner.size());
    const bool ok =
        version == 6 ? LocateIpv6(inner.data(), len, p) : LocateIpv4(inner.data(), len, p);
    if (!ok)
    {
        return "not an IPv" + std::to_string(version) + " packet";
    }
    std::ostringstream os;
    os << Text(p.headers.source) << " -> " << Text(p.headers.destination);
    if (!p.extensions.empty())
    {
        os << " ext=" << p.extensions;
    }
    if (!p.error.empty())
    {
        os << " malformed (" << p.error << ")";
        return os.str();
    }
    os << " " << ProtocolName(p.protocol) << "(" << int(p.protocol) << ")";
    if (p.fragmentOffset != 0 || p.firstFragment)
    {
        os << " fragment";
    }
    else if ((p.protocol == PROTO_UDP || p.protocol == PROTO_TCP) && p.payloadLen >= 4)
    {
        os << " ports " << U16(p.payload) << "->" << U16(p.payload + 2);
    }
    return os.str();
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
    os << "#" << v.frame << " " << v.source << " -> " << v.destination;
    if (!v.extensions.empty())
    {
        os << " ext=" << v.extensions;
    }
    if (v.status == EspPacketVerdict::MALFORMED)
    {
        os << " malformed (" << v.detail << ")";
        return os;
    }
    if (v.status == EspPacketVerdict::FRAGMENT && v.fragmentOffset != 0)
    {
        // A later fragment carries neither SPI nor sequence number.
        os << (v.ah ? " ah" : " esp") << " fragment offset=" << v.fragmentOffset << ", not checked";
        return os;
    }
    os << (v.udpEncapsulated ? " udp-encap" : "") << (v.ah ? " ah" : "");
    os << " spi=0x" << std::hex << std::setw(8) << std::setfill('0') << v.spi << std::dec
       << std::setfill(fill) << " seq=" << v.sequence << " ";
    switch (v.status)
    {
    case EspPacketVerdict::GOOD:
        os << "icv=good" << v.nested << " inner=" << ProtocolName(v.innerProtocol) << "("
           << int(v.innerProtocol) << ") len=" << v.inner.size();
        if ((v.innerProtocol == PROTO_UDP || v.innerProtocol == PROTO_TCP) && v.inner.size() >= 4)
        {
            os << " ports " << U16(v.inner.data()) << "->" << U16(v.inner.data() + 2);
        }
        if (!v.tunnel.empty())
        {
            os << " [" << v.tunnel << "]";
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
        os << v.nested << (v.nested.empty() ? "" : " ") << "no-key";
        break;
    case EspPacketVerdict::UNUSABLE_KEY:
        os << v.nested << (v.nested.empty() ? "" : " ") << "unusable-key (" << v.detail << ")";
        break;
    case EspPacketVerdict::FRAGMENT:
        os << "fragment, not checked";
        break;
    case EspPacketVerdict::SIZE_ONLY:
        os << "size-only SA, not decryptable";
        break;
    case EspPacketVerdict::MALFORMED:
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
    for (const auto& row : rows)
    {
        AddKey(row);
    }
    return true;
}

void
EspPcapInspector::AddKey(const WiresharkEspSa& row)
{
    RowAddresses a;
    a.ipv6 = row.protocol == "IPv6";
    a.sourceParsed = IpsecAddress::Parse(row.source, a.source);
    a.destinationParsed = IpsecAddress::Parse(row.destination, a.destination);
    m_keys.push_back(row);
    m_rowAddresses.push_back(a);
}

bool
EspPcapInspector::RowMatches(size_t row, const IpHeaders& ip, uint32_t spi) const
{
    const WiresharkEspSa& key = m_keys[row];
    const RowAddresses& a = m_rowAddresses[row];
    // A row applies to its own IP version only, even with wildcard addresses.
    if (a.ipv6 != ip.ipv6 || (key.protocol != "IPv4" && key.protocol != "IPv6"))
    {
        return false;
    }
    // Addresses compare as addresses (2001:db8::1 is 2001:0db8:0:0:0:0:0:1); a wildcard or
    // text that is no address goes to the row's own matching, which compares text.
    if ((a.sourceParsed && a.source != ip.source) ||
        (a.destinationParsed && a.destination != ip.destination))
    {
        return false;
    }
    return key.Matches(a.sourceParsed ? key.source : Text(ip.source),
                       a.destinationParsed ? key.destination : Text(ip.destination),
                       spi);
}

void
EspPcapInspector::CheckLayer(EspPacketVerdict& v,
                             const IpHeaders& ip,
                             const uint8_t* data,
                             uint32_t len)
{
    size_t row = 0;
    while (row < m_keys.size() && !RowMatches(row, ip, v.spi))
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
    Ptr<SecurityAssociation>& sa = m_sas[SaKey(row, ip.source, ip.destination, v.spi, v.ah)];
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
        params.source = ip.source;
        params.destination = ip.destination;
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
    if (v.ah && ip.ipv6)
    {
        std::vector<uint8_t> immutable;
        if (!ImmutableIpv6Headers(ip.bytes, immutable, v.detail))
        {
            v.status = EspPacketVerdict::UNUSABLE_KEY;
            return;
        }
        accepted = m_ah.UnprotectImmutable(*sa,
                                           packet,
                                           immutable.data(),
                                           static_cast<uint32_t>(immutable.size()),
                                           true,
                                           v.innerProtocol,
                                           v.reason,
                                           false);
    }
    else if (v.ah)
    {
        if (ip.bytes.size() != IPV4_HEADER)
        {
            // ns-3's Ipv4Header has no options, so the ICV input cannot be rebuilt here.
            v.detail = "AH with IPv4 options is not checked";
            v.status = EspPacketVerdict::UNUSABLE_KEY;
            return;
        }
        Buffer b;
        b.AddAtStart(IPV4_HEADER);
        b.Begin().Write(ip.bytes.data(), IPV4_HEADER);
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
}

void
EspPcapInspector::Check(EspPacketVerdict& v, const IpHeaders& ip, const uint8_t* data, uint32_t len)
{
    CheckLayer(v, ip, data, len);
    if (v.status != EspPacketVerdict::GOOD)
    {
        return;
    }
    const bool bundle = v.innerProtocol == PROTO_ESP || v.innerProtocol == PROTO_AH;
    const bool tunnel = v.innerProtocol == IpsecIpHeader::PROTO_IPV4 ||
                        v.innerProtocol == IpsecIpHeader::PROTO_IPV6;
    if (!bundle && !tunnel)
    {
        return;
    }
    IpPacket next;
    if (bundle)
    {
        // An SA bundle in transport mode (ESP inside AH, ...): the next layer is carried by
        // the same headers, as a receiver sees them once the outer layer is removed.
        next.headers = ip;
        next.headers.bytes[ip.nextHeaderAt] = v.innerProtocol;
        const uint32_t size = static_cast<uint32_t>(ip.bytes.size() + v.inner.size());
        if (ip.ipv6)
        {
            PutU16(&next.headers.bytes[4], size - IPV6_HEADER);
        }
        else
        {
            PutU16(&next.headers.bytes[2], size);
        }
        next.protocol = v.innerProtocol;
        next.payload = v.inner.data();
        next.payloadLen = static_cast<uint32_t>(v.inner.size());
    }
    else
    {
        v.tunnel =
            DescribeTunnel(v.inner, v.innerProtocol == IpsecIpHeader::PROTO_IPV6 ? 6 : 4, next);
        // Iterated tunnels: the inner packet's own ESP or AH is opened in turn (not when it
        // is a fragment or cannot be walked).
        if (next.payload == nullptr || !next.error.empty() || next.firstFragment ||
            next.fragmentOffset != 0 || (next.protocol != PROTO_ESP && next.protocol != PROTO_AH))
        {
            return;
        }
    }
    constexpr uint32_t MAX_LAYERS = 4;
    if (v.layers >= MAX_LAYERS)
    {
        return;
    }
    EspPacketVerdict layer = v;
    layer.ah = next.protocol == PROTO_AH;
    const uint32_t spiAt = layer.ah ? 4 : 0;
    if (next.payloadLen < spiAt + 8)
    {
        v.status = EspPacketVerdict::BAD;
        v.reason = IpsecDropReason::TRUNCATED;
        return;
    }
    layer.spi = U32(next.payload + spiAt);
    layer.sequence = U32(next.payload + spiAt + 4);
    layer.layers = v.layers + 1;
    layer.nested.clear();
    layer.tunnel.clear();
    // The inner bytes are replaced by the next layer's result: check a copy of them.
    const std::vector<uint8_t> bytes(next.payload, next.payload + next.payloadLen);
    Check(layer, next.headers, bytes.data(), static_cast<uint32_t>(bytes.size()));
    std::ostringstream os;
    os << " then ";
    if (tunnel)
    {
        // The inner packet's addresses: the verdict's tunnel field describes the last layer.
        os << "tunnel [" << Text(next.headers.source) << " -> " << Text(next.headers.destination)
           << (next.extensions.empty() ? "" : " ext=") << next.extensions << "] ";
    }
    os << (layer.ah ? "ah" : "esp") << " spi=0x" << std::hex << std::setw(8) << std::setfill('0')
       << layer.spi << std::dec << layer.nested;
    v.nested = os.str();
    v.status = layer.status;
    v.reason = layer.reason;
    v.detail = layer.detail;
    v.layers = layer.layers;
    v.innerProtocol = layer.innerProtocol;
    v.inner = layer.inner;
    v.tunnel = layer.tunnel;
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
                        " (supported: 0 null, 1 ethernet, 9 ppp, 12/101/228/229 raw ip, 108 loop, "
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
        uint8_t version = 0;
        const int64_t ip = IpOffset(linkType, d, readLen, version);
        IpPacket p;
        const uint32_t available = ip < 0 ? 0 : readLen - static_cast<uint32_t>(ip);
        const bool located = ip >= 0 && (version == 6 ? LocateIpv6(d + ip, available, p)
                                                      : LocateIpv4(d + ip, available, p));
        if (!located)
        {
            // Not IP, not the version the link layer announced, or an unusable IPv4 header.
            ++summary.skipped;
            continue;
        }
        EspPacketVerdict v;
        v.frame = summary.frames;
        v.ipVersion = version;
        v.source = Text(p.headers.source);
        v.destination = Text(p.headers.destination);
        v.extensions = p.extensions;
        if (!p.error.empty())
        {
            // Whether it carried ESP or AH cannot be told; list it rather than hide it.
            v.status = EspPacketVerdict::MALFORMED;
            v.detail = p.error;
            ++summary.malformed;
            out << v << "\n";
            summary.packets.push_back(std::move(v));
            continue;
        }
        const uint8_t* payload = p.payload;
        uint32_t payloadLen = p.payloadLen;
        bool encapsulated = false;
        if (p.fragmentOffset != 0)
        {
            // A later fragment: listed when the protocol it continues is ESP or AH (UDP
            // could be anything).
            if (p.protocol != PROTO_ESP && p.protocol != PROTO_AH)
            {
                ++summary.skipped;
                continue;
            }
            v.ah = p.protocol == PROTO_AH;
            v.fragmentOffset = p.fragmentOffset;
            v.status = EspPacketVerdict::FRAGMENT;
            ++summary.fragments;
            out << v << "\n";
            summary.packets.push_back(std::move(v));
            continue;
        }
        if (p.protocol == PROTO_UDP && payloadLen >= 8 &&
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
        else if (p.protocol != PROTO_ESP && p.protocol != PROTO_AH)
        {
            ++summary.skipped;
            continue;
        }

        v.udpEncapsulated = encapsulated;
        v.ah = !encapsulated && p.protocol == PROTO_AH;
        const uint32_t spiAt = v.ah ? 4 : 0; // AH: next header, length, reserved, then SPI
        const uint32_t minLen = v.ah ? AhHeader::FIXED_SIZE : EspHeader::SIZE;
        if (payloadLen >= minLen)
        {
            v.spi = U32(payload + spiAt);
            v.sequence = U32(payload + spiAt + 4);
        }
        if (p.firstFragment)
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
                Check(v, p.headers, payload, payloadLen);
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
