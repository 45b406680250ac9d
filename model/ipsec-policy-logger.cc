/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-policy-logger.h"

#include "ns3/abort.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <sstream>
#include <system_error>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecPolicyLogger");

NS_OBJECT_ENSURE_REGISTERED(IpsecPolicyLogger);

namespace
{

// Per property, in the order of IpsecPolicyLogger::Property (which is private, hence plain
// arrays indexed by it).
constexpr const char* PROPERTY_NAMES[] = {"log_level",
                                          "log_file",
                                          "log_rotation_size",
                                          "log_size_units",
                                          "backtrace_depth"};
// The SMF property types, for Print().
constexpr const char* PROPERTY_TYPES[] = {"astring", "astring", "count", "astring", "count"};
// The defaults of the man page, except the log file: a simulation writes to its working
// directory, not to the machine's /var/log.
constexpr const char* PROPERTY_DEFAULTS[] = {"message+packet", "ipsec-policy.log", "1", "b", "25"};

constexpr const char* GROUP = "config/";

/// What a log_level value turns on.
struct LevelParts
{
    bool minimal = false; //!< "minimal": the header line only
    bool message = false; //!< "message"
    bool packet = false;  //!< "packet"
    bool stack = false;   //!< "stack"
};

/**
 * Parse a log_level value: substrings joined by '+', in any order.
 * @param value the value
 * @param[out] level what it turns on
 * @param[out] problem what is wrong, without the property's name
 * @return whether the value is valid
 */
bool
ParseLogLevel(const std::string& value, LevelParts& level, std::string& problem)
{
    if (value.empty())
    {
        problem = "the value is empty";
        return false;
    }
    LevelParts parsed;
    std::size_t start = 0;
    while (true)
    {
        const std::size_t end = value.find('+', start);
        const std::string part =
            value.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (part == "minimal")
        {
            parsed.minimal = true;
        }
        else if (part == "message")
        {
            parsed.message = true;
        }
        else if (part == "packet")
        {
            parsed.packet = true;
        }
        else if (part == "stack")
        {
            parsed.stack = true;
        }
        else if (part.empty())
        {
            problem = "'" + value + "' has an empty part";
            return false;
        }
        else
        {
            problem = "'" + value + "' has an unknown part '" + part + "'";
            return false;
        }
        if (end == std::string::npos)
        {
            break;
        }
        start = end + 1;
    }
    // The man page: minimal present excludes every other kind of information.
    if (parsed.minimal)
    {
        parsed.message = parsed.packet = parsed.stack = false;
    }
    level = parsed;
    return true;
}

/**
 * Parse a count property: decimal digits only, from 1 to @p max.
 * @param value the value
 * @param max the largest value allowed
 * @param[out] count the number
 * @return whether the value is valid
 */
bool
ParseCount(const std::string& value, uint64_t max, uint64_t& count)
{
    if (value.empty())
    {
        return false;
    }
    uint64_t v = 0;
    for (char c : value)
    {
        if (c < '0' || c > '9')
        {
            return false;
        }
        // max is at most 2^32 - 1, so v * 10 + 9 cannot overflow before this check fails.
        v = v * 10 + static_cast<uint64_t>(c - '0');
        if (v > max)
        {
            return false;
        }
    }
    if (v == 0)
    {
        return false;
    }
    count = v;
    return true;
}

/**
 * @param units a valid log_size_units value
 * @return bytes per unit (k, m and g are powers of 1024)
 */
uint64_t
UnitBytes(const std::string& units)
{
    switch (units.empty() ? 'b' : units[0])
    {
    case 'k':
    case 'K':
        return uint64_t{1} << 10;
    case 'm':
    case 'M':
        return uint64_t{1} << 20;
    case 'g':
    case 'G':
        return uint64_t{1} << 30;
    default:
        return 1;
    }
}

/**
 * The checker of the string-valued attributes: the property's own validation, so that
 * SetAttributeFailSafe and Config::SetDefaultFailSafe refuse what SetProperty refuses.
 */
class PropertyChecker : public StringChecker
{
  public:
    /** @param property the property's name */
    explicit PropertyChecker(const char* property)
        : m_property(property)
    {
    }

    bool Check(const AttributeValue& value) const override
    {
        const auto* v = dynamic_cast<const StringValue*>(&value);
        std::string error;
        return v != nullptr && IpsecPolicyLogger::ValidateProperty(m_property, v->Get(), error);
    }

    std::string GetValueTypeName() const override
    {
        return "ns3::StringValue";
    }

    bool HasUnderlyingTypeInformation() const override
    {
        return true;
    }

    std::string GetUnderlyingTypeInformation() const override
    {
        return std::string("std::string, a valid ") + GROUP + m_property + " value";
    }

    Ptr<AttributeValue> Create() const override
    {
        return ns3::Create<StringValue>();
    }

    bool Copy(const AttributeValue& source, AttributeValue& destination) const override
    {
        const auto* src = dynamic_cast<const StringValue*>(&source);
        auto* dst = dynamic_cast<StringValue*>(&destination);
        if (src == nullptr || dst == nullptr)
        {
            return false;
        }
        *dst = *src;
        return true;
    }

  private:
    const char* m_property; //!< Property name, without the group
};

/**
 * @param property a property name
 * @return a checker validating its values
 */
Ptr<const AttributeChecker>
MakePropertyChecker(const char* property)
{
    return Create<PropertyChecker>(property);
}

/**
 * @param t a time
 * @return seconds with nanosecond digits, e.g. "2.000000000"
 */
std::string
FormatTime(Time t)
{
    const int64_t ns = t.GetNanoSeconds();
    const uint64_t magnitude = ns < 0 ? 0 - static_cast<uint64_t>(ns) : static_cast<uint64_t>(ns);
    std::ostringstream os;
    os << (ns < 0 ? "-" : "") << magnitude / 1000000000 << "." << std::setw(9) << std::setfill('0')
       << magnitude % 1000000000;
    return os.str();
}

/**
 * @param direction a direction
 * @return its word in the log
 */
const char*
DirectionWord(IpsecDirection direction)
{
    switch (direction)
    {
    case IpsecDirection::INBOUND:
        return "inbound";
    case IpsecDirection::OUTBOUND:
        return "outbound";
    case IpsecDirection::BOTH:
        break;
    }
    return "both";
}

/**
 * @param value a 32-bit value
 * @return "0x" and eight hex digits
 */
std::string
Hex32(uint32_t value)
{
    std::ostringstream os;
    os << "0x" << std::hex << std::setw(8) << std::setfill('0') << value;
    return os.str();
}

/**
 * @param p two bytes in network order
 * @return their value
 */
uint16_t
Read16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

/**
 * @param p four bytes in network order
 * @return their value
 */
uint32_t
Read32(const uint8_t* p)
{
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

/**
 * @param protocol an IP protocol number
 * @return " (name)" for the protocols the decode knows, else ""
 */
std::string
ProtocolName(uint8_t protocol)
{
    switch (protocol)
    {
    case 0:
        return " (hopopt)";
    case 1:
        return " (icmp)";
    case 4:
        return " (ipv4)";
    case 6:
        return " (tcp)";
    case 17:
        return " (udp)";
    case 41:
        return " (ipv6)";
    case 43:
        return " (ipv6-route)";
    case 44:
        return " (ipv6-frag)";
    case 50:
        return " (esp)";
    case 51:
        return " (ah)";
    case 58:
        return " (icmpv6)";
    case 59:
        return " (ipv6-nonxt)";
    case 60:
        return " (ipv6-opts)";
    case 132:
        return " (sctp)";
    default:
        return "";
    }
}

/// Bytes of the packet the decode looks at: IP headers with options or extension headers,
/// a tunnel's inner header and an L4 header fit; longer chains are reported as truncated.
constexpr uint32_t DECODE_BYTES = 256;
/// Nested IP headers (tunnels) and AH payloads decoded at most.
constexpr int MAX_NESTING = 3;
/// The UDP port of ESP in UDP and IKE (RFC 3948).
constexpr uint16_t NAT_T_PORT = 4500;
/// Line prefix of the packet decode.
constexpr const char* PACKET = "  packet: ";

void DecodeIp(std::ostream& os, const uint8_t* p, uint32_t n, int nesting);

/**
 * Decode what follows an IP header.
 * @param os the entry
 * @param protocol what the IP header announces
 * @param p the payload's first bytes
 * @param n bytes available at @p p
 * @param nesting IP headers and AH headers already decoded
 */
void
DecodePayload(std::ostream& os, uint8_t protocol, const uint8_t* p, uint32_t n, int nesting)
{
    switch (protocol)
    {
    case 17: {
        if (n < 8)
        {
            os << PACKET << "udp header truncated (" << n << " bytes)\n";
            return;
        }
        const uint16_t sport = Read16(p);
        const uint16_t dport = Read16(p + 2);
        os << PACKET << "udp " << sport << " > " << dport << " length " << Read16(p + 4) << "\n";
        if (sport != NAT_T_PORT && dport != NAT_T_PORT)
        {
            return;
        }
        // RFC 3948 section 2: what a datagram on the NAT traversal port carries.
        const uint8_t* q = p + 8;
        const uint32_t m = n - 8;
        if (m == 1 && q[0] == 0xff)
        {
            os << PACKET << "nat-keepalive\n";
        }
        else if (m >= 4 && Read32(q) == 0)
        {
            os << PACKET << "non-esp marker (ike)\n";
        }
        else if (m >= 8)
        {
            os << PACKET << "esp (udp-encapsulated) spi " << Hex32(Read32(q)) << " seq "
               << Read32(q + 4) << "\n";
        }
        return;
    }
    case 6: {
        if (n < 14)
        {
            os << PACKET << "tcp header truncated (" << n << " bytes)\n";
            return;
        }
        static constexpr char FLAG_LETTERS[] = "FSRPAU";
        std::string flags;
        for (int bit = 0; bit < 6; ++bit)
        {
            if (p[13] & (1 << bit))
            {
                flags += FLAG_LETTERS[bit];
            }
        }
        os << PACKET << "tcp " << Read16(p) << " > " << Read16(p + 2) << " seq " << Read32(p + 4)
           << " flags " << (flags.empty() ? "none" : flags) << "\n";
        return;
    }
    case 1:
    case 58: {
        if (n < 2)
        {
            os << PACKET << (protocol == 1 ? "icmp" : "icmpv6") << " header truncated (" << n
               << " bytes)\n";
            return;
        }
        os << PACKET << (protocol == 1 ? "icmp" : "icmpv6") << " type " << unsigned{p[0]}
           << " code " << unsigned{p[1]} << "\n";
        return;
    }
    case 50: {
        if (n < 8)
        {
            os << PACKET << "esp header truncated (" << n << " bytes)\n";
            return;
        }
        os << PACKET << "esp spi " << Hex32(Read32(p)) << " seq " << Read32(p + 4) << "\n";
        return;
    }
    case 51: {
        if (n < 12)
        {
            os << PACKET << "ah header truncated (" << n << " bytes)\n";
            return;
        }
        os << PACKET << "ah spi " << Hex32(Read32(p + 4)) << " seq " << Read32(p + 8) << " next "
           << unsigned{p[0]} << ProtocolName(p[0]) << "\n";
        // AH leaves its payload in clear: show it too.
        const uint32_t ahLength = (uint32_t{p[1]} + 2) * 4;
        if (nesting < MAX_NESTING && ahLength <= n)
        {
            DecodePayload(os, p[0], p + ahLength, n - ahLength, nesting + 1);
        }
        return;
    }
    case 4:
    case 41:
        if (nesting < MAX_NESTING)
        {
            DecodeIp(os, p, n, nesting + 1);
        }
        return;
    default:
        os << PACKET << "protocol " << unsigned{protocol} << ProtocolName(protocol) << ": " << n
           << " bytes not decoded\n";
        return;
    }
}

/**
 * Decode a packet that starts with an IPv4 or IPv6 header.
 * @param os the entry
 * @param p the packet's first bytes
 * @param n bytes available at @p p
 * @param nesting IP headers and AH headers already decoded (non-zero: a tunnel's inner packet)
 */
void
DecodeIp(std::ostream& os, const uint8_t* p, uint32_t n, int nesting)
{
    const char* inner = nesting > 0 ? "inner " : "";
    if (n == 0)
    {
        os << PACKET << inner << "ip header missing (0 bytes)\n";
        return;
    }
    const unsigned version = p[0] >> 4;
    if (version == 4)
    {
        const uint32_t ihl = (p[0] & 0x0fU) * 4;
        if (n < 20 || ihl < 20 || n < ihl)
        {
            os << PACKET << inner << "ipv4 header truncated (" << n << " bytes)\n";
            return;
        }
        const uint16_t total = Read16(p + 2);
        const uint16_t fragmentOffset = Read16(p + 6) & 0x1fff;
        const uint8_t protocol = p[9];
        os << PACKET << inner << "ipv4 " << Ipv4Address::Deserialize(p + 12) << " > "
           << Ipv4Address::Deserialize(p + 16) << " proto " << unsigned{protocol}
           << ProtocolName(protocol) << " length " << total;
        if (fragmentOffset != 0)
        {
            // A later fragment has no L4 header to decode.
            os << " fragment offset " << fragmentOffset * 8 << "\n";
            return;
        }
        os << "\n";
        const uint32_t end = std::min<uint32_t>(n, std::max<uint32_t>(total, ihl));
        DecodePayload(os, protocol, p + ihl, end - ihl, nesting);
        return;
    }
    if (version == 6)
    {
        if (n < 40)
        {
            os << PACKET << inner << "ipv6 header truncated (" << n << " bytes)\n";
            return;
        }
        const uint32_t length = 40 + Read16(p + 4);
        uint8_t next = p[6];
        // Walk the extension headers that precede the payload (RFC 8200 section 4).
        uint32_t offset = 40;
        std::string chain;
        bool laterFragment = false;
        bool truncated = false;
        for (int i = 0; i < 8 && (next == 0 || next == 43 || next == 44 || next == 60); ++i)
        {
            if (offset + 8 > n)
            {
                truncated = true;
                break;
            }
            chain += (chain.empty() ? "" : ",") + std::to_string(next);
            const uint8_t* ext = p + offset;
            if (next == 44)
            {
                laterFragment = (Read16(ext + 2) & 0xfff8) != 0;
                offset += 8;
            }
            else
            {
                offset += (uint32_t{ext[1]} + 1) * 8;
            }
            next = ext[0];
            if (laterFragment)
            {
                break;
            }
        }
        os << PACKET << inner << "ipv6 " << Ipv6Address::Deserialize(p + 8) << " > "
           << Ipv6Address::Deserialize(p + 24) << " proto " << unsigned{next} << ProtocolName(next)
           << " length " << length;
        if (!chain.empty())
        {
            os << " ext " << chain;
        }
        os << "\n";
        if (truncated || offset > n)
        {
            os << PACKET << "extension headers truncated (" << n << " bytes decoded)\n";
            return;
        }
        if (laterFragment)
        {
            os << PACKET << "later fragment: no upper-layer header\n";
            return;
        }
        DecodePayload(os,
                      next,
                      p + offset,
                      std::min(n, length) - std::min(offset, length),
                      nesting);
        return;
    }
    os << PACKET << inner << "not an ip header (version " << version << ")\n";
}

/**
 * The `packet` part of an entry: the partial decode and the first bytes in hex.
 * @param os the entry
 * @param failure the failure
 */
void
DecodePacket(std::ostream& os, const IpsecPolicyFailure& failure)
{
    if (!failure.packet)
    {
        os << PACKET << "none\n";
        return;
    }
    const uint32_t size = failure.packet->GetSize();
    std::vector<uint8_t> bytes(std::min(size, DECODE_BYTES));
    failure.packet->CopyData(bytes.data(), bytes.size());
    const auto n = static_cast<uint32_t>(bytes.size());
    if (failure.ipHeader)
    {
        const IpsecIpHeader& ip = *failure.ipHeader;
        const uint8_t protocol = ip.GetProtocol();
        os << PACKET << (ip.IsIpv6() ? "ipv6 " : "ipv4 ") << ip.GetSource() << " > "
           << ip.GetDestination() << " proto " << unsigned{protocol} << ProtocolName(protocol)
           << " length " << ip.GetSerializedSize() + size << " (header not in the packet)\n";
        DecodePayload(os, protocol, bytes.data(), n, 0);
    }
    else
    {
        DecodeIp(os, bytes.data(), n, 0);
    }
    const uint32_t shown = std::min(n, IpsecPolicyLogger::HEX_DUMP_BYTES);
    std::ostringstream hex;
    hex << std::hex << std::setfill('0');
    for (uint32_t i = 0; i < shown; ++i)
    {
        hex << (i == 0 ? "" : " ") << std::setw(2) << unsigned{bytes[i]};
    }
    os << PACKET << "hex " << (shown == 0 ? "-" : hex.str()) << " (" << shown << " of " << size
       << " bytes)\n";
}

/**
 * @param text a message
 * @return the message on one line, so every line of an entry keeps its prefix
 */
std::string
OneLine(const std::string& text)
{
    std::string line = text;
    std::replace_if(
        line.begin(),
        line.end(),
        [](char c) { return c == '\n' || c == '\r'; },
        ' ');
    return line;
}

} // namespace

TypeId
IpsecPolicyLogger::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IpsecPolicyLogger")
            .SetParent<Object>()
            .SetGroupName("Ipsec")
            .AddConstructor<IpsecPolicyLogger>()
            .AddAttribute("LogLevel",
                          "config/log_level: what an entry holds besides its header line, one or "
                          "more of minimal, message, packet and stack joined by '+' in any "
                          "order; minimal excludes the others. Used from the next start.",
                          StringValue(PROPERTY_DEFAULTS[LOG_LEVEL]),
                          MakeStringAccessor(&IpsecPolicyLogger::SetLogLevelAttribute,
                                             &IpsecPolicyLogger::GetLogLevelAttribute),
                          MakePropertyChecker(PROPERTY_NAMES[LOG_LEVEL]))
            .AddAttribute("LogFile",
                          "config/log_file: the active log file; rotated copies get the "
                          "suffixes .0 (newest) to .9. Its directory must exist. Used from the "
                          "next start.",
                          StringValue(PROPERTY_DEFAULTS[LOG_FILE]),
                          MakeStringAccessor(&IpsecPolicyLogger::SetLogFileAttribute,
                                             &IpsecPolicyLogger::GetLogFileAttribute),
                          MakePropertyChecker(PROPERTY_NAMES[LOG_FILE]))
            .AddAttribute("LogRotationSize",
                          "config/log_rotation_size: with LogSizeUnits, the size from which a "
                          "start rotates the log file. Used from the next start.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&IpsecPolicyLogger::SetLogRotationSizeAttribute,
                                               &IpsecPolicyLogger::GetLogRotationSizeAttribute),
                          MakeUintegerChecker<uint32_t>(1, MAX_ROTATION_SIZE))
            .AddAttribute("LogSizeUnits",
                          "config/log_size_units: the unit of LogRotationSize, one of b, k, m, g "
                          "(bytes, KiB, MiB, GiB), upper or lower case. Used from the next "
                          "start.",
                          StringValue(PROPERTY_DEFAULTS[LOG_SIZE_UNITS]),
                          MakeStringAccessor(&IpsecPolicyLogger::SetLogSizeUnitsAttribute,
                                             &IpsecPolicyLogger::GetLogSizeUnitsAttribute),
                          MakePropertyChecker(PROPERTY_NAMES[LOG_SIZE_UNITS]))
            .AddAttribute("BacktraceDepth",
                          "config/backtrace_depth: stack frames an entry shows (innermost "
                          "first) when LogLevel includes stack. Used from the next start.",
                          UintegerValue(25),
                          MakeUintegerAccessor(&IpsecPolicyLogger::SetBacktraceDepthAttribute,
                                               &IpsecPolicyLogger::GetBacktraceDepthAttribute),
                          MakeUintegerChecker<uint32_t>(1, MAX_BACKTRACE_DEPTH))
            .AddTraceSource("Logged",
                            "An entry was written to the log file (its full text).",
                            MakeTraceSourceAccessor(&IpsecPolicyLogger::m_loggedTrace),
                            "ns3::IpsecPolicyLogger::LoggedTracedCallback");
    return tid;
}

IpsecPolicyLogger::IpsecPolicyLogger()
    : m_state(State::DISABLED),
      m_file(nullptr),
      m_entries(0)
{
    NS_LOG_FUNCTION(this);
    for (std::size_t i = 0; i < PROPERTY_COUNT; ++i)
    {
        m_pending[i] = m_configured[i] = PROPERTY_DEFAULTS[i];
    }
}

IpsecPolicyLogger::~IpsecPolicyLogger()
{
    NS_LOG_FUNCTION(this);
    if (m_file != nullptr)
    {
        std::fclose(m_file);
        m_file = nullptr;
    }
}

void
IpsecPolicyLogger::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Stop();
    Object::DoDispose();
}

std::vector<std::string>
IpsecPolicyLogger::GetPropertyNames()
{
    std::vector<std::string> names;
    for (const char* name : PROPERTY_NAMES)
    {
        names.push_back(std::string(GROUP) + name);
    }
    return names;
}

bool
IpsecPolicyLogger::FindProperty(const std::string& name, Property& property)
{
    // svccfg names properties with their group ("config/log_level"); accept the bare name too.
    const std::string group(GROUP);
    const std::string bare =
        name.compare(0, group.size(), group) == 0 ? name.substr(group.size()) : name;
    for (std::size_t i = 0; i < PROPERTY_COUNT; ++i)
    {
        if (bare == PROPERTY_NAMES[i])
        {
            property = static_cast<Property>(i);
            return true;
        }
    }
    return false;
}

bool
IpsecPolicyLogger::Canonicalize(Property property,
                                const std::string& value,
                                std::string& canonical,
                                std::string& error)
{
    const std::string prefix = std::string(GROUP) + PROPERTY_NAMES[property] + ": ";
    switch (property)
    {
    case LOG_LEVEL: {
        LevelParts level;
        std::string problem;
        if (!ParseLogLevel(value, level, problem))
        {
            error = prefix + problem +
                    "; the value is one or more of minimal, message, packet and stack joined "
                    "by '+' (e.g. message+packet)";
            return false;
        }
        canonical = value;
        return true;
    }
    case LOG_FILE: {
        const std::string file = std::filesystem::path(value).filename().string();
        if (value.empty() || value.find('\0') != std::string::npos || file.empty() || file == "." ||
            file == "..")
        {
            error = prefix + "'" + OneLine(value) +
                    "' is not a file name; the value is the path of the log file (its "
                    "directory must exist when the service starts)";
            return false;
        }
        canonical = value;
        return true;
    }
    case LOG_ROTATION_SIZE:
    case BACKTRACE_DEPTH: {
        const uint64_t max =
            property == LOG_ROTATION_SIZE ? MAX_ROTATION_SIZE : MAX_BACKTRACE_DEPTH;
        uint64_t count = 0;
        if (!ParseCount(value, max, count))
        {
            error = prefix + "'" + OneLine(value) + "' is not an integer from 1 to " +
                    std::to_string(max);
            return false;
        }
        canonical = std::to_string(count);
        return true;
    }
    case LOG_SIZE_UNITS:
        if (value.size() != 1 || std::string("bkmgBKMG").find(value[0]) == std::string::npos)
        {
            error = prefix + "'" + OneLine(value) +
                    "' is not a unit; the value is one of b, k, m, g (bytes, kbytes, mbytes, "
                    "gbytes), upper or lower case";
            return false;
        }
        canonical = value;
        return true;
    case PROPERTY_COUNT:
        break;
    }
    error = prefix + "not a property";
    return false;
}

bool
IpsecPolicyLogger::ValidateProperty(const std::string& name,
                                    const std::string& value,
                                    std::string& error)
{
    Property property;
    std::string canonical;
    return Parse(name, value, property, canonical, error);
}

bool
IpsecPolicyLogger::Parse(const std::string& name,
                         const std::string& value,
                         Property& property,
                         std::string& canonical,
                         std::string& error)
{
    if (!FindProperty(name, property))
    {
        error = "'" + OneLine(name) +
                "' is not a property of the policy logger; its properties "
                "are config/log_level, config/log_file, config/log_rotation_size, "
                "config/log_size_units and config/backtrace_depth";
        return false;
    }
    return Canonicalize(property, value, canonical, error);
}

bool
IpsecPolicyLogger::SetProperty(const std::string& name,
                               const std::string& value,
                               std::string& error)
{
    NS_LOG_FUNCTION(this << name << value);
    Property property;
    std::string canonical;
    if (!Parse(name, value, property, canonical, error))
    {
        NS_LOG_WARN("setprop refused: " << error);
        return false;
    }
    m_pending[property] = canonical;
    error.clear();
    return true;
}

std::string
IpsecPolicyLogger::GetProperty(const std::string& name) const
{
    Property property;
    return FindProperty(name, property) ? m_pending[property] : std::string();
}

std::string
IpsecPolicyLogger::GetConfiguredProperty(const std::string& name) const
{
    Property property;
    return FindProperty(name, property) ? m_configured[property] : std::string();
}

void
IpsecPolicyLogger::SetConfigured(Property property, const std::string& value)
{
    std::string canonical;
    std::string error;
    // The attribute's checker ran first, so only a bug can get here with a bad value.
    NS_ABORT_MSG_UNLESS(Canonicalize(property, value, canonical, error), error);
    m_pending[property] = m_configured[property] = canonical;
}

void
IpsecPolicyLogger::SetLogLevelAttribute(std::string value)
{
    SetConfigured(LOG_LEVEL, value);
}

std::string
IpsecPolicyLogger::GetLogLevelAttribute() const
{
    return m_configured[LOG_LEVEL];
}

void
IpsecPolicyLogger::SetLogFileAttribute(std::string value)
{
    SetConfigured(LOG_FILE, value);
}

std::string
IpsecPolicyLogger::GetLogFileAttribute() const
{
    return m_configured[LOG_FILE];
}

void
IpsecPolicyLogger::SetLogRotationSizeAttribute(uint32_t value)
{
    SetConfigured(LOG_ROTATION_SIZE, std::to_string(value));
}

uint32_t
IpsecPolicyLogger::GetLogRotationSizeAttribute() const
{
    return static_cast<uint32_t>(std::stoul(m_configured[LOG_ROTATION_SIZE]));
}

void
IpsecPolicyLogger::SetLogSizeUnitsAttribute(std::string value)
{
    SetConfigured(LOG_SIZE_UNITS, value);
}

std::string
IpsecPolicyLogger::GetLogSizeUnitsAttribute() const
{
    return m_configured[LOG_SIZE_UNITS];
}

void
IpsecPolicyLogger::SetBacktraceDepthAttribute(uint32_t value)
{
    SetConfigured(BACKTRACE_DEPTH, std::to_string(value));
}

uint32_t
IpsecPolicyLogger::GetBacktraceDepthAttribute() const
{
    return static_cast<uint32_t>(std::stoul(m_configured[BACKTRACE_DEPTH]));
}

void
IpsecPolicyLogger::Refresh()
{
    NS_LOG_FUNCTION(this);
    m_configured = m_pending;
}

void
IpsecPolicyLogger::Enable()
{
    NS_LOG_FUNCTION(this);
    if (m_state != State::ONLINE)
    {
        Start();
    }
}

void
IpsecPolicyLogger::Disable()
{
    NS_LOG_FUNCTION(this);
    Stop();
}

void
IpsecPolicyLogger::Restart()
{
    NS_LOG_FUNCTION(this);
    if (m_state == State::DISABLED)
    {
        return;
    }
    Stop();
    Start();
}

bool
IpsecPolicyLogger::IsEnabled() const
{
    return m_state != State::DISABLED;
}

bool
IpsecPolicyLogger::IsOnline() const
{
    return m_state == State::ONLINE;
}

IpsecPolicyLogger::State
IpsecPolicyLogger::GetState() const
{
    return m_state;
}

std::string
IpsecPolicyLogger::GetStateName() const
{
    return StateName(m_state);
}

const std::string&
IpsecPolicyLogger::GetError() const
{
    return m_error;
}

const std::string&
IpsecPolicyLogger::GetActiveLogFile() const
{
    static const std::string none;
    return m_state == State::ONLINE ? m_running.file : none;
}

uint32_t
IpsecPolicyLogger::GetWantedStackDepth() const
{
    return m_state == State::ONLINE && m_running.stack ? m_running.backtraceDepth : 0;
}

const char*
IpsecPolicyLogger::StateName(State state)
{
    switch (state)
    {
    case State::DISABLED:
        return "disabled";
    case State::ONLINE:
        return "online";
    case State::MAINTENANCE:
        return "maintenance";
    }
    return "unknown";
}

void
IpsecPolicyLogger::Start()
{
    NS_LOG_FUNCTION(this);
    // The configured values were validated when they were set, so they parse.
    Running running;
    LevelParts level;
    std::string problem;
    ParseLogLevel(m_configured[LOG_LEVEL], level, problem);
    running.message = level.message;
    running.packet = level.packet;
    running.stack = level.stack;
    running.file = m_configured[LOG_FILE];
    uint64_t count = 1;
    ParseCount(m_configured[LOG_ROTATION_SIZE], MAX_ROTATION_SIZE, count);
    running.threshold = count * UnitBytes(m_configured[LOG_SIZE_UNITS]);
    ParseCount(m_configured[BACKTRACE_DEPTH], MAX_BACKTRACE_DEPTH, count);
    running.backtraceDepth = static_cast<uint32_t>(count);
    m_running = running;

    std::string error;
    if (!Rotate(running.file, running.threshold, error))
    {
        Fail(error);
        return;
    }
    errno = 0;
    m_file = std::fopen(running.file.c_str(), "a");
    if (m_file == nullptr)
    {
        const int code = errno;
        Fail("cannot open log file '" + running.file +
             "' for appending: " + (code != 0 ? std::strerror(code) : "unknown error"));
        return;
    }
    m_state = State::ONLINE;
    m_error.clear();
    NS_LOG_INFO("policy logger online, writing " << running.file);
}

void
IpsecPolicyLogger::Stop()
{
    NS_LOG_FUNCTION(this);
    if (m_file != nullptr)
    {
        std::fclose(m_file);
        m_file = nullptr;
    }
    m_state = State::DISABLED;
}

void
IpsecPolicyLogger::Fail(const std::string& error)
{
    NS_LOG_FUNCTION(this << error);
    if (m_file != nullptr)
    {
        std::fclose(m_file);
        m_file = nullptr;
    }
    m_state = State::MAINTENANCE;
    m_error = error;
    NS_LOG_ERROR("policy logger in maintenance: " << error);
}

bool
IpsecPolicyLogger::Rotate(const std::string& file, uint64_t threshold, std::string& error)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(file, ec);
    if (status.type() == fs::file_type::not_found)
    {
        return true; // nothing logged yet: the start creates the file
    }
    if (ec)
    {
        error = "rotating log file '" + file + "': " + ec.message();
        return false;
    }
    if (status.type() != fs::file_type::regular)
    {
        // Not ours to rename (e.g. /dev/null or a pipe); opening it decides whether it works.
        return true;
    }
    const uintmax_t size = fs::file_size(file, ec);
    if (ec)
    {
        error = "rotating log file '" + file + "': " + ec.message();
        return false;
    }
    if (size < threshold)
    {
        NS_LOG_LOGIC(file << " has " << size << " bytes, below " << threshold << ": no rotation");
        return true;
    }
    auto old = [&file](uint32_t i) { return file + "." + std::to_string(i); };
    // The oldest copy goes first, so that no rename below lands on an existing file.
    fs::remove(old(ROTATED_FILES - 1), ec);
    if (ec)
    {
        error = "rotating log file '" + file + "': cannot remove '" + old(ROTATED_FILES - 1) +
                "': " + ec.message();
        return false;
    }
    for (uint32_t i = ROTATED_FILES - 1; i > 0; --i)
    {
        const std::string from = old(i - 1);
        if (!fs::exists(from, ec))
        {
            if (ec)
            {
                error = "rotating log file '" + file + "': cannot inspect '" + from +
                        "': " + ec.message();
                return false;
            }
            continue;
        }
        fs::rename(from, old(i), ec);
        if (ec)
        {
            error = "rotating log file '" + file + "': cannot rename '" + from + "' to '" + old(i) +
                    "': " + ec.message();
            return false;
        }
    }
    fs::rename(file, old(0), ec);
    if (ec)
    {
        error = "rotating log file '" + file + "': cannot rename it to '" + old(0) +
                "': " + ec.message();
        return false;
    }
    NS_LOG_INFO("rotated " << file << " (" << size << " bytes, threshold " << threshold << ")");
    return true;
}

std::string
IpsecPolicyLogger::FormatEntry(const IpsecPolicyFailure& failure) const
{
    std::ostringstream os;
    os << "time=" << FormatTime(failure.time) << " node=" << failure.nodeId
       << " direction=" << DirectionWord(failure.direction) << " reason=" << failure.reason
       << " spi=" << Hex32(failure.spi) << "\n";
    if (m_running.message)
    {
        os << "  message: " << (failure.message.empty() ? "-" : OneLine(failure.message)) << "\n";
    }
    if (m_running.packet)
    {
        DecodePacket(os, failure);
    }
    if (m_running.stack)
    {
        const std::size_t n = std::min<std::size_t>(failure.stack.size(), m_running.backtraceDepth);
        if (n == 0)
        {
            os << "  stack: -\n";
        }
        for (std::size_t i = 0; i < n; ++i)
        {
            os << "  stack: #" << i << " " << failure.stack[i] << "\n";
        }
    }
    return os.str();
}

bool
IpsecPolicyLogger::Log(const IpsecPolicyFailure& failure)
{
    NS_LOG_FUNCTION(this << failure.nodeId << failure.reason);
    if (m_state != State::ONLINE)
    {
        return false;
    }
    const std::string entry = FormatEntry(failure);
    errno = 0;
    // Flushed per entry: whoever reads the file (a test, an operator's tail -f) sees every
    // drop as soon as it happened, and a crash loses nothing.
    if (std::fwrite(entry.data(), 1, entry.size(), m_file) != entry.size() ||
        std::fflush(m_file) != 0)
    {
        const int code = errno;
        Fail("writing log file '" + m_running.file +
             "': " + (code != 0 ? std::strerror(code) : "unknown error"));
        return false;
    }
    ++m_entries;
    m_loggedTrace(entry);
    return true;
}

uint64_t
IpsecPolicyLogger::GetEntryCount() const
{
    return m_entries;
}

void
IpsecPolicyLogger::Print(std::ostream& os) const
{
    for (std::size_t i = 0; i < PROPERTY_COUNT; ++i)
    {
        os << GROUP << PROPERTY_NAMES[i] << " " << PROPERTY_TYPES[i] << " " << m_configured[i]
           << "\n";
    }
    os << "general/enabled boolean " << (IsEnabled() ? "true" : "false") << "\n";
    os << "restarter/state astring " << StateName(m_state) << "\n";
}

std::ostream&
operator<<(std::ostream& os, const IpsecPolicyLogger& logger)
{
    logger.Print(os);
    return os;
}

std::ostream&
operator<<(std::ostream& os, IpsecPolicyLogger::State state)
{
    return os << IpsecPolicyLogger::StateName(state);
}

} // namespace ns3
