/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsecconf-parser.h"

#include "ipseckey-parser.h"

#include "ns3/abort.h"
#include "ns3/ipsec-error.h"
#include "ns3/log.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecconfParser");

namespace
{

/// A word or a brace, and the line it is on.
struct Token
{
    std::string text; //!< The word, "{" or "}"
    uint32_t line;    //!< Its line
};

/// Splits a policy file into words and braces; '#' comments to the end of the line.
std::vector<Token>
Tokenize(const std::string& text)
{
    std::vector<Token> tokens;
    std::string word;
    uint32_t line = 1;
    auto flush = [&]() {
        if (!word.empty())
        {
            tokens.push_back({word, line});
            word.clear();
        }
    };
    for (size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        if (c == '#')
        {
            flush();
            while (i + 1 < text.size() && text[i + 1] != '\n')
            {
                ++i;
            }
        }
        else if (c == '{' || c == '}')
        {
            flush();
            tokens.push_back({std::string(1, c), line});
        }
        else if (c == '\\' && i + 1 < text.size() && text[i + 1] == '\n')
        {
            flush(); // the man page discourages continuations; they are plain whitespace
        }
        else if (std::isspace(static_cast<unsigned char>(c)))
        {
            flush();
            if (c == '\n')
            {
                ++line;
            }
        }
        else
        {
            word += c;
        }
    }
    flush();
    return tokens;
}

/// Lower-case copy (keywords, names and values of ipsecconf(8) are case-insensitive).
std::string
Lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return s;
}

/**
 * @param text decimal digits
 * @param max the largest value accepted
 * @param[out] value the number
 * @return whether @p text was a decimal number no larger than @p max
 */
bool
ParseDecimal(const std::string& text, uint64_t max, uint64_t& value)
{
    if (text.empty() || text.size() > 10 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
    {
        return false;
    }
    value = std::stoull(text);
    return value <= max;
}

/// A name for a number, and whether it belongs to ICMPv6.
struct Named
{
    const char* name; //!< The name
    uint16_t value;   //!< Its number
    bool ipv6;        //!< ICMPv6 (for ICMP names)
};

/// Protocol names (getprotobyname(3) of a typical /etc/protocols).
const std::vector<Named> PROTOCOLS = {
    {"icmp", 1, false},
    {"igmp", 2, false},
    {"ipip", 4, false},
    {"ipencap", 4, false},
    {"tcp", 6, false},
    {"egp", 8, false},
    {"udp", 17, false},
    {"ipv6", 41, false},
    {"rsvp", 46, false},
    {"gre", 47, false},
    {"esp", 50, false},
    {"ah", 51, false},
    {"icmp6", 58, true},
    {"icmpv6", 58, true},
    {"ipv6-icmp", 58, true},
    {"ospf", 89, false},
    {"pim", 103, false},
    {"sctp", 132, false},
};

/// Service names (getservbyname(3) with no protocol) for ports.
const std::vector<Named> SERVICES = {
    {"echo", 7, false},           {"discard", 9, false}, {"ftp-data", 20, false},
    {"ftp", 21, false},           {"ssh", 22, false},    {"telnet", 23, false},
    {"smtp", 25, false},          {"domain", 53, false}, {"bootps", 67, false},
    {"bootpc", 68, false},        {"tftp", 69, false},   {"http", 80, false},
    {"www", 80, false},           {"ntp", 123, false},   {"snmp", 161, false},
    {"bgp", 179, false},          {"https", 443, false}, {"isakmp", 500, false},
    {"syslog", 514, false},       {"route", 520, false}, {"router", 520, false},
    {"ipsec-nat-t", 4500, false},
};

/// ICMP type names of ipsecconf(8).
const std::vector<Named> ICMP_TYPES = {
    {"echorep", 0, false},     {"unreach", 3, false},      {"squench", 4, false},
    {"redir", 5, false},       {"echo", 8, false},         {"timex", 11, false},
    {"paramprob", 12, false},  {"timest", 13, false},      {"timestrep", 14, false},
    {"inforeq", 15, false},    {"inforep", 16, false},     {"maskreq", 17, false},
    {"maskrep", 18, false},    {"unreach6", 1, true},      {"pkttoobig6", 2, true},
    {"timex6", 3, true},       {"paramprob6", 4, true},    {"echo6", 128, true},
    {"echorep6", 129, true},   {"router-sol6", 133, true}, {"router-ad6", 134, true},
    {"neigh-sol6", 135, true}, {"neigh-ad6", 136, true},   {"redir6", 137, true},
};

/// ICMP code names of ipsecconf(8).
const std::vector<Named> ICMP_CODES = {
    {"net-unr", 0, false},        {"host-unr", 1, false},       {"proto-unr", 2, false},
    {"port-unr", 3, false},       {"needfrag", 4, false},       {"srcfail", 5, false},
    {"net-unk", 6, false},        {"host-unk", 7, false},       {"isolate", 8, false},
    {"net-prohib", 9, false},     {"host-prohib", 10, false},   {"net-tos", 11, false},
    {"host-tos", 12, false},      {"filter-prohib", 13, false}, {"host-preced", 14, false},
    {"cutoff-preced", 15, false}, {"no-route6", 0, true},       {"adm-prohib6", 1, true},
    {"addr-unr6", 3, true},       {"port-unr6", 4, true},       {"hop-limex6", 0, true},
    {"frag-re-timex6", 1, true},  {"err-head6", 0, true},       {"unrec-head6", 1, true},
    {"unreq-opt6", 2, true},
};

/// @return the entry of @p table named @p name (case-insensitive), or nullptr
const Named*
FindNamed(const std::vector<Named>& table, const std::string& name)
{
    const std::string lower = Lower(name);
    for (const auto& n : table)
    {
        if (lower == n.name)
        {
            return &n;
        }
    }
    return nullptr;
}

/// What a pattern or property keyword is, once its synonyms are folded together.
enum class Key : uint8_t
{
    SADDR,
    DADDR,
    LADDR,
    RADDR,
    SMASK,
    DMASK,
    SPORT,
    DPORT,
    LPORT,
    RPORT,
    ULP,
    TYPE,
    CODE,
    TUNNEL,
    NEGOTIATE,
    DIR,
    AUTH_ALGS,
    ENCR_ALGS,
    ENCR_AUTH_ALGS,
    SA,
};

/// @return the pattern keyword @p word names, if it is one
std::optional<Key>
PatternKey(const std::string& word)
{
    static const std::map<std::string, Key> keys = {
        {"saddr", Key::SADDR},   {"src", Key::SADDR},           {"srcaddr", Key::SADDR},
        {"daddr", Key::DADDR},   {"dst", Key::DADDR},           {"dstaddr", Key::DADDR},
        {"dest", Key::DADDR},    {"laddr", Key::LADDR},         {"local", Key::LADDR},
        {"raddr", Key::RADDR},   {"remote", Key::RADDR},        {"smask", Key::SMASK},
        {"dmask", Key::DMASK},   {"sport", Key::SPORT},         {"dport", Key::DPORT},
        {"lport", Key::LPORT},   {"rport", Key::RPORT},         {"ulp", Key::ULP},
        {"proto", Key::ULP},     {"type", Key::TYPE},           {"code", Key::CODE},
        {"tunnel", Key::TUNNEL}, {"negotiate", Key::NEGOTIATE}, {"dir", Key::DIR},
    };
    auto found = keys.find(Lower(word));
    return found == keys.end() ? std::nullopt : std::optional<Key>(found->second);
}

/// @return the property keyword @p word names, if it is one
std::optional<Key>
PropertyKey(const std::string& word)
{
    static const std::map<std::string, Key> keys = {
        {"auth_algs", Key::AUTH_ALGS},
        {"encr_algs", Key::ENCR_ALGS},
        {"encr_auth_algs", Key::ENCR_AUTH_ALGS},
        {"sa", Key::SA},
        {"dir", Key::DIR},
    };
    auto found = keys.find(Lower(word));
    return found == keys.end() ? std::nullopt : std::optional<Key>(found->second);
}

/// A keyword and its value as written.
struct Pair
{
    Token key;   //!< The keyword
    Token value; //!< Its value
};

/// An address pattern: address and prefix.
struct Prefix
{
    IpsecAddress address;        //!< The address (none: not given)
    uint8_t length = 0;          //!< Prefix length
    bool explicitLength = false; //!< Whether it was written as /n
};

/// An inclusive range of ICMP types or codes.
struct Range
{
    uint16_t low = 0;  //!< First value
    uint16_t high = 0; //!< Last value
};

/// Reads one entry's pattern and properties; stops at its first error.
class EntryReader
{
  public:
    /**
     * @param file the file name for the entry and its errors
     * @param tunnels the tunnels entries may name
     */
    EntryReader(const std::string& file,
                const std::map<std::string, std::pair<IpsecAddress, IpsecAddress>>& tunnels)
        : m_file(file),
          m_tunnels(tunnels)
    {
    }

    /**
     * @param open the entry's opening brace
     * @param pattern the pattern's words
     * @param action the action word
     * @param properties the properties' words
     * @param[out] entry the entry
     * @return an empty string, or the error
     */
    std::string Read(const Token& open,
                     const std::vector<Token>& pattern,
                     const Token& action,
                     const std::vector<Token>& properties,
                     IpsecconfEntry& entry);

  private:
    /**
     * @param at the token the error is about
     * @param context the words the error is about
     * @param message what is wrong and how to fix it
     * @return the formatted error
     */
    std::string Error(const Token& at, const std::string& context, const std::string& message) const
    {
        return m_file + ":" + std::to_string(at.line) + ": '" + context + "': " + message;
    }

    /// @return the error for @p pair
    std::string Error(const Pair& pair, const std::string& message) const
    {
        return Error(pair.value, pair.key.text + " " + pair.value.text, message);
    }

    std::string Collect(const std::vector<Token>& words, bool properties);
    std::string ParseAddress(const Pair& pair, Prefix& out) const;
    std::string ParseMask(const Pair& pair, uint8_t& length) const;
    std::string ParsePort(const Pair& pair, uint16_t& port) const;
    std::string ParseIcmp(const Pair& pair,
                          const std::vector<Named>& names,
                          uint16_t max,
                          Range& out);
    std::string ParseEncryption(const Pair& pair,
                                IpsecEncryption& id,
                                IpsecconfKeyLength& bits) const;
    std::string ParseIntegrity(const Pair& pair,
                               IpsecIntegrity& id,
                               IpsecconfKeyLength& bits) const;
    std::string ParseKeyLength(const Pair& pair,
                               const std::string& spec,
                               IpsecconfKeyLength& bits) const;

    const std::string& m_file;                                                     //!< File name
    const std::map<std::string, std::pair<IpsecAddress, IpsecAddress>>& m_tunnels; //!< Tunnels
    std::map<Key, Pair> m_pairs;    //!< The keywords given, by meaning
    std::optional<bool> m_icmpIpv6; //!< Whether the ICMP names used are ICMPv6 ones
};

std::string
EntryReader::Collect(const std::vector<Token>& words, bool properties)
{
    for (size_t i = 0; i < words.size(); i += 2)
    {
        const Token& key = words[i];
        const std::optional<Key> k = properties ? PropertyKey(key.text) : PatternKey(key.text);
        if (!k)
        {
            const bool other =
                properties ? PatternKey(key.text).has_value() : PropertyKey(key.text).has_value();
            return Error(key,
                         key.text,
                         std::string("unknown ") + (properties ? "property" : "pattern") +
                             (other ? std::string("; it belongs in the ") +
                                          (properties ? "pattern (the first braces)"
                                                      : "properties (the braces after the "
                                                        "action)")
                              : properties ? "; properties are auth_algs, encr_algs, "
                                             "encr_auth_algs, sa, dir"
                                           : "; patterns are laddr, raddr, saddr, daddr, "
                                             "smask, dmask, lport, rport, sport, dport, "
                                             "ulp, type, code, tunnel, negotiate, dir"));
        }
        if (i + 1 >= words.size())
        {
            return Error(key,
                         key.text,
                         "expects a value before the closing '}'; give one or remove '" + key.text +
                             "'");
        }
        Pair pair{key, words[i + 1]};
        // A key length may be written apart from its algorithm: "aes (128..256)".
        if ((*k == Key::AUTH_ALGS || *k == Key::ENCR_ALGS || *k == Key::ENCR_AUTH_ALGS) &&
            i + 2 < words.size() && words[i + 2].text[0] == '(')
        {
            pair.value.text += words[i + 2].text;
            ++i;
        }
        auto seen = m_pairs.find(*k);
        if (seen != m_pairs.end())
        {
            return Error(pair,
                         "given twice in one entry (first as '" + seen->second.key.text +
                             "' on line " + std::to_string(seen->second.key.line) + "); keep one");
        }
        m_pairs.emplace(*k, pair);
    }
    return "";
}

std::string
EntryReader::ParseAddress(const Pair& pair, Prefix& out) const
{
    std::string text = pair.value.text;
    std::string prefix;
    const size_t slash = text.find('/');
    if (slash != std::string::npos)
    {
        prefix = text.substr(slash + 1);
        text = text.substr(0, slash);
        out.explicitLength = true;
    }
    if (!IpsecAddress::Parse(text, out.address))
    {
        return Error(pair,
                     "'" + text +
                         "' is not an IPv4 or IPv6 address; host and network names are not "
                         "resolved (a simulation has no name service): write the address, e.g. "
                         "10.1.1.0/24 or 2001:db8::/64");
    }
    const uint64_t max = out.address.IsIpv4() ? 32 : 128;
    uint64_t length = max;
    if (out.explicitLength && !ParseDecimal(prefix, max, length))
    {
        return Error(pair,
                     "bad prefix length '/" + prefix + "'; use /0 to /" + std::to_string(max) +
                         " for an IPv" + (out.address.IsIpv4() ? "4" : "6") + " address");
    }
    out.length = static_cast<uint8_t>(length);
    return "";
}

std::string
EntryReader::ParseMask(const Pair& pair, uint8_t& length) const
{
    uint32_t mask = 0;
    const std::string& text = pair.value.text;
    IpsecAddress dotted;
    if (text.size() > 2 && (text[1] == 'x' || text[1] == 'X') && text[0] == '0' &&
        text.size() <= 10 &&
        std::all_of(text.begin() + 2, text.end(), [](unsigned char c) { return std::isxdigit(c); }))
    {
        mask = static_cast<uint32_t>(std::stoul(text.substr(2), nullptr, 16));
    }
    else if (IpsecAddress::Parse(text, dotted) && dotted.IsIpv4())
    {
        mask = dotted.GetIpv4().Get();
    }
    else
    {
        return Error(pair,
                     "a mask is IPv4 only, written 0xffffff00 or 255.255.255.0; for IPv6 use "
                     "an address/prefix");
    }
    length = 0;
    while (length < 32 && (mask & (0x80000000u >> length)) != 0)
    {
        ++length;
    }
    if (length < 32 && (mask << length) != 0)
    {
        return Error(pair, "the mask is not contiguous; use leading one bits only");
    }
    return "";
}

std::string
EntryReader::ParsePort(const Pair& pair, uint16_t& port) const
{
    uint64_t n = 0;
    if (const Named* s = FindNamed(SERVICES, pair.value.text))
    {
        port = s->value;
        return "";
    }
    if (!ParseDecimal(pair.value.text, 65535, n) || n == 0)
    {
        return Error(pair,
                     "a port is a number 1-65535 or a service name (telnet, ssh, domain, http, "
                     "https, isakmp, ...); leave it out to match any port");
    }
    port = static_cast<uint16_t>(n);
    return "";
}

std::string
EntryReader::ParseIcmp(const Pair& pair, const std::vector<Named>& names, uint16_t max, Range& out)
{
    const std::string& text = pair.value.text;
    const bool isType = &names == &ICMP_TYPES;
    if (const Named* n = FindNamed(names, text))
    {
        if (m_icmpIpv6 && *m_icmpIpv6 != n->ipv6)
        {
            return Error(pair,
                         "'" + text + "' is an ICMP" + (n->ipv6 ? "v6" : "v4") +
                             " name, but the entry is about ICMP" + (n->ipv6 ? "v4" : "v6"));
        }
        m_icmpIpv6 = n->ipv6;
        out.low = out.high = n->value;
        return "";
    }
    const size_t dash = text.find('-');
    uint64_t low = 0;
    uint64_t high = 0;
    const bool ok = dash == std::string::npos ? ParseDecimal(text, max, low) && (high = low, true)
                                              : ParseDecimal(text.substr(0, dash), max, low) &&
                                                    ParseDecimal(text.substr(dash + 1), max, high);
    if (!ok)
    {
        return Error(pair,
                     std::string("an ICMP ") + (isType ? "type" : "code") + " is a number 0-" +
                         std::to_string(max) + ", a range such as " + (isType ? "133-137" : "0-3") +
                         ", or a name (" +
                         (isType ? "echo, echorep, unreach, echo6, neigh-sol6, ..."
                                 : "net-unr, host-unr, port-unr, no-route6, ...") +
                         ")");
    }
    if (low > high)
    {
        return Error(pair, "the range is empty; write the lower value first");
    }
    out.low = static_cast<uint16_t>(low);
    out.high = static_cast<uint16_t>(high);
    return "";
}

std::string
EntryReader::ParseKeyLength(const Pair& pair,
                            const std::string& spec,
                            IpsecconfKeyLength& bits) const
{
    // "(n)", "(n..)", "(..n)" or "(n..m)" (ipsecconf(8) keylen).
    const std::string inner =
        spec.size() >= 2 && spec.back() == ')' ? spec.substr(1, spec.size() - 2) : "";
    const size_t dots = inner.find("..");
    uint64_t low = 0;
    uint64_t high = 0;
    bool ok = !inner.empty();
    if (ok && dots == std::string::npos)
    {
        ok = ParseDecimal(inner, 65535, low) && low > 0;
        high = low;
    }
    else if (ok)
    {
        const std::string a = inner.substr(0, dots);
        const std::string b = inner.substr(dots + 2);
        ok = !(a.empty() && b.empty()) && (a.empty() || (ParseDecimal(a, 65535, low) && low > 0)) &&
             (b.empty() || (ParseDecimal(b, 65535, high) && high > 0));
    }
    if (!ok)
    {
        return Error(pair,
                     "bad key length '" + spec +
                         "'; write (bits), (min..), (..max) or (min..max), e.g. aes(128..256)");
    }
    if (high != 0 && low > high)
    {
        return Error(pair, "the key length range is empty; write the smaller length first");
    }
    bits.minBits = static_cast<uint16_t>(low);
    bits.maxBits = static_cast<uint16_t>(high);
    return "";
}

/**
 * @param bits a key length constraint
 * @param length a key length
 * @return whether the constraint allows it
 */
bool
Allows(const IpsecconfKeyLength& bits, uint16_t length)
{
    return (bits.minBits == 0 || length >= bits.minBits) &&
           (bits.maxBits == 0 || length <= bits.maxBits);
}

/// @return "min..max" as written
std::string
RangeText(const IpsecconfKeyLength& bits)
{
    if (bits.minBits != 0 && bits.minBits == bits.maxBits)
    {
        return std::to_string(bits.minBits) + " bits";
    }
    return (bits.minBits ? std::to_string(bits.minBits) : "") + ".." +
           (bits.maxBits ? std::to_string(bits.maxBits) : "");
}

std::string
EntryReader::ParseEncryption(const Pair& pair, IpsecEncryption& id, IpsecconfKeyLength& bits) const
{
    const std::string& text = pair.value.text;
    const size_t paren = text.find('(');
    const std::string name = text.substr(0, paren);
    if (paren != std::string::npos)
    {
        std::string err = ParseKeyLength(pair, text.substr(paren), bits);
        if (!err.empty())
        {
            return err;
        }
    }
    if (Lower(name) == "any")
    {
        id = IpsecEncryption::ANY;
        return "";
    }
    const EncryptionAlgorithmInfo* e = IpseckeyParser::FindEncryption(name);
    if (e == nullptr)
    {
        return Error(pair,
                     "unknown encryption algorithm '" + name + "'; known: any, " +
                         IpseckeyParser::KnownEncryptionNames());
    }
    id = e->id;
    if (paren != std::string::npos)
    {
        std::string sizes;
        bool fits = false;
        for (uint16_t k : e->keyBits)
        {
            fits = fits || Allows(bits, k);
            sizes += (sizes.empty() ? "" : ", ") + std::to_string(k);
        }
        if (!fits)
        {
            return Error(pair,
                         e->keyBits.empty() || e->keyBits == std::vector<uint16_t>{0}
                             ? e->name + " takes no key; remove the key length"
                             : e->name + " has no key length of " + RangeText(bits) +
                                   "; its key lengths are " + sizes);
        }
    }
    return "";
}

std::string
EntryReader::ParseIntegrity(const Pair& pair, IpsecIntegrity& id, IpsecconfKeyLength& bits) const
{
    const std::string& text = pair.value.text;
    const size_t paren = text.find('(');
    const std::string name = text.substr(0, paren);
    if (paren != std::string::npos)
    {
        std::string err = ParseKeyLength(pair, text.substr(paren), bits);
        if (!err.empty())
        {
            return err;
        }
    }
    if (Lower(name) == "any")
    {
        id = IpsecIntegrity::ANY;
        return "";
    }
    const IntegrityAlgorithmInfo* a = IpseckeyParser::FindIntegrity(name);
    if (a == nullptr || a->id == IpsecIntegrity::NONE)
    {
        return Error(pair,
                     "unknown authentication algorithm '" + name + "'; known: any, " +
                         IpseckeyParser::KnownIntegrityNames());
    }
    id = a->id;
    if (paren != std::string::npos && !Allows(bits, a->keyBits))
    {
        return Error(pair,
                     a->name + " has no key length of " + RangeText(bits) + "; its key is " +
                         std::to_string(a->keyBits) + " bits");
    }
    return "";
}

std::string
EntryReader::Read(const Token& open,
                  const std::vector<Token>& pattern,
                  const Token& action,
                  const std::vector<Token>& properties,
                  IpsecconfEntry& entry)
{
    entry.file = m_file;
    entry.line = open.line;
    const std::string verb = Lower(action.text);
    if (verb == "ipsec")
    {
        entry.action = IpsecconfAction::IPSEC;
    }
    else if (verb == "apply")
    {
        entry.action = IpsecconfAction::APPLY;
    }
    else if (verb == "permit")
    {
        entry.action = IpsecconfAction::PERMIT;
    }
    else if (verb == "bypass" || verb == "pass")
    {
        entry.action = IpsecconfAction::BYPASS;
    }
    else if (verb == "drop")
    {
        entry.action = IpsecconfAction::DROP;
    }
    else
    {
        return Error(action,
                     action.text,
                     "unknown action; use ipsec, apply, permit, bypass, pass or drop");
    }
    std::string err = Collect(pattern, false);
    if (err.empty())
    {
        err = Collect(properties, true);
    }
    if (!err.empty())
    {
        return err;
    }
    auto has = [this](Key k) { return m_pairs.count(k) != 0; };
    auto at = [this](Key k) -> const Pair& { return m_pairs.at(k); };

    // Direction: apply is outbound, permit inbound; the others default to both.
    IpsecDirection direction = entry.action == IpsecconfAction::APPLY    ? IpsecDirection::OUTBOUND
                               : entry.action == IpsecconfAction::PERMIT ? IpsecDirection::INBOUND
                                                                         : IpsecDirection::BOTH;
    if (has(Key::DIR))
    {
        const std::string d = Lower(at(Key::DIR).value.text);
        const IpsecDirection given = d == "in"     ? IpsecDirection::INBOUND
                                     : d == "out"  ? IpsecDirection::OUTBOUND
                                     : d == "both" ? IpsecDirection::BOTH
                                                   : static_cast<IpsecDirection>(0);
        if (given == static_cast<IpsecDirection>(0))
        {
            return Error(at(Key::DIR), "dir is in, out or both");
        }
        if ((entry.action == IpsecconfAction::APPLY || entry.action == IpsecconfAction::PERMIT) &&
            given != direction)
        {
            const bool apply = entry.action == IpsecconfAction::APPLY;
            return Error(at(Key::DIR),
                         std::string(apply ? "apply" : "permit") + " is for " +
                             (apply ? "outbound" : "inbound") + " traffic only: use 'dir " +
                             (apply ? "out" : "in") + "' or none, or the action ipsec");
        }
        direction = given;
    }

    // Addresses: source and destination become local and remote by direction.
    Prefix local;
    Prefix remote;
    const Pair* localBy = nullptr;
    const Pair* remoteBy = nullptr;
    // Which side a key names: l* always local, s* local outbound and remote inbound, d* the
    // reverse; s*/d* on an entry of both directions, or a side given twice, is an error.
    // Addresses and ports follow the same rule.
    auto side = [&](Key k,
                    Key localKey,
                    Key remoteKey,
                    Key sourceKey,
                    const std::string& noun,
                    const std::string& localWord,
                    const std::string& remoteWord,
                    const Pair*& localGiven,
                    const Pair*& remoteGiven,
                    bool& isLocal) -> std::string {
        const Pair& p = at(k);
        const bool named = k != localKey && k != remoteKey; // by source or destination
        if (named && direction == IpsecDirection::BOTH)
        {
            const bool source = k == sourceKey;
            return Error(p,
                         p.key.text + " names a " + (source ? "source" : "destination") +
                             (noun == "address" ? "" : " " + noun) +
                             ", which is local one way and remote the other; for an entry of "
                             "both directions use " +
                             (source ? localWord : remoteWord) + " (or give dir in or out)");
        }
        isLocal = k == localKey || (k == sourceKey && direction == IpsecDirection::OUTBOUND) ||
                  (named && k != sourceKey && direction == IpsecDirection::INBOUND);
        const Pair*& by = isLocal ? localGiven : remoteGiven;
        if (by != nullptr)
        {
            return Error(p,
                         "gives the " + std::string(isLocal ? "local" : "remote") + " " + noun +
                             " again (already given by '" + by->key.text + "' on line " +
                             std::to_string(by->key.line) + "); keep one");
        }
        by = &p;
        return "";
    };
    for (Key k : {Key::LADDR, Key::RADDR, Key::SADDR, Key::DADDR})
    {
        if (!has(k))
        {
            continue;
        }
        bool isLocal = false;
        err = side(k,
                   Key::LADDR,
                   Key::RADDR,
                   Key::SADDR,
                   "address",
                   "laddr",
                   "raddr",
                   localBy,
                   remoteBy,
                   isLocal);
        if (err.empty())
        {
            err = ParseAddress(at(k), isLocal ? local : remote);
        }
        if (!err.empty())
        {
            return err;
        }
    }
    for (Key k : {Key::SMASK, Key::DMASK})
    {
        if (!has(k))
        {
            continue;
        }
        const Pair& p = at(k);
        const Key addressKey = k == Key::SMASK ? Key::SADDR : Key::DADDR;
        if (!has(addressKey))
        {
            return Error(p,
                         p.key.text + " applies to " + (k == Key::SMASK ? "saddr" : "daddr") +
                             ", which is not given");
        }
        const bool isLocal = localBy == &at(addressKey);
        Prefix& target = isLocal ? local : remote;
        if (target.explicitLength)
        {
            return Error(p,
                         "the address already has a /prefix; give either the prefix or " +
                             p.key.text);
        }
        if (!target.address.IsIpv4())
        {
            return Error(p, "a mask is for IPv4 addresses; write the IPv6 prefix as address/n");
        }
        err = ParseMask(p, target.length);
        if (!err.empty())
        {
            return err;
        }
    }
    if (local.address.GetFamily() != IpsecAddress::NONE &&
        remote.address.GetFamily() != IpsecAddress::NONE &&
        local.address.GetFamily() != remote.address.GetFamily())
    {
        return Error(*remoteBy,
                     std::string("the local address is IPv") +
                         (local.address.IsIpv4() ? "4" : "6") + " but the remote one IPv" +
                         (remote.address.IsIpv4() ? "4" : "6") +
                         "; a packet has one IP version, so write two entries");
    }

    // Ports, the same way.
    uint16_t localPort = 0;
    uint16_t remotePort = 0;
    const Pair* localPortBy = nullptr;
    const Pair* remotePortBy = nullptr;
    for (Key k : {Key::LPORT, Key::RPORT, Key::SPORT, Key::DPORT})
    {
        if (!has(k))
        {
            continue;
        }
        bool isLocal = false;
        err = side(k,
                   Key::LPORT,
                   Key::RPORT,
                   Key::SPORT,
                   "port",
                   "lport",
                   "rport",
                   localPortBy,
                   remotePortBy,
                   isLocal);
        if (err.empty())
        {
            err = ParsePort(at(k), isLocal ? localPort : remotePort);
        }
        if (!err.empty())
        {
            return err;
        }
    }

    // Protocol and ICMP.
    uint16_t protocol = IpsecTrafficSelector::ANY_PROTOCOL;
    if (has(Key::ULP))
    {
        const Pair& p = at(Key::ULP);
        uint64_t n = 0;
        if (const Named* named = FindNamed(PROTOCOLS, p.value.text))
        {
            protocol = named->value;
        }
        else if (ParseDecimal(p.value.text, 255, n))
        {
            protocol = static_cast<uint16_t>(n);
        }
        else
        {
            return Error(p,
                         "unknown protocol; use a number 0-255 or a name (tcp, udp, icmp, "
                         "ipv6-icmp, sctp, esp, ah, gre, ...)");
        }
        if ((localPortBy || remotePortBy) && protocol != 6 && protocol != 17 && protocol != 132)
        {
            const Pair& port = localPortBy ? *localPortBy : *remotePortBy;
            return Error(port, "ports need ulp tcp, udp or sctp; the entry's ulp has no ports");
        }
        if (protocol == 1 || protocol == 58)
        {
            m_icmpIpv6 = protocol == 58;
        }
    }
    Range types{0, 0};
    Range codes{0, 0};
    const bool hasType = has(Key::TYPE);
    const bool hasCode = has(Key::CODE);
    if (hasType)
    {
        if (protocol != 1 && protocol != 58)
        {
            return Error(at(Key::TYPE), "type needs 'ulp icmp' or 'ulp ipv6-icmp' in the pattern");
        }
        err = ParseIcmp(at(Key::TYPE), ICMP_TYPES, 255, types);
        if (!err.empty())
        {
            return err;
        }
    }
    if (hasCode)
    {
        if (!hasType)
        {
            return Error(at(Key::CODE), "code needs a 'type' in the pattern");
        }
        // ipsecconf(8) takes codes 0-254.
        err = ParseIcmp(at(Key::CODE), ICMP_CODES, 254, codes);
        if (!err.empty())
        {
            return err;
        }
    }
    const size_t combinations = hasType ? static_cast<size_t>(types.high - types.low + 1) *
                                              (hasCode ? codes.high - codes.low + 1 : 1)
                                        : 1;
    if (combinations > 256)
    {
        return Error(at(hasCode ? Key::CODE : Key::TYPE),
                     "type and code ranges give " + std::to_string(combinations) +
                         " combinations, one policy each; narrow them to at most 256");
    }

    // Tunnels.
    std::optional<std::pair<IpsecAddress, IpsecAddress>> endpoints;
    if (has(Key::NEGOTIATE))
    {
        const Pair& p = at(Key::NEGOTIATE);
        const std::string n = Lower(p.value.text);
        if (n != "tunnel" && n != "transport")
        {
            return Error(p, "negotiate is tunnel or transport");
        }
        if (!has(Key::TUNNEL))
        {
            return Error(p, "negotiate applies to tunnel entries; add 'tunnel <interface>'");
        }
        entry.negotiate =
            n == "tunnel" ? IpsecconfNegotiate::TUNNEL : IpsecconfNegotiate::TRANSPORT;
    }
    if (has(Key::TUNNEL))
    {
        const Pair& p = at(Key::TUNNEL);
        entry.tunnel = p.value.text;
        const bool addresses = localBy != nullptr || remoteBy != nullptr;
        if (entry.negotiate == IpsecconfNegotiate::NONE)
        {
            // Inner addresses mean tunnel mode; without them the entry is the Solaris 9 style
            // transport-mode protection of the tunnel's packets (ipsecconf(8)).
            entry.negotiate =
                addresses ? IpsecconfNegotiate::TUNNEL : IpsecconfNegotiate::TRANSPORT;
        }
        if (entry.negotiate == IpsecconfNegotiate::TRANSPORT && addresses)
        {
            const Pair& by = localBy ? *localBy : *remoteBy;
            return Error(by,
                         "a 'negotiate transport' tunnel entry protects the tunnel's own packets "
                         "and takes no addresses; remove it or use 'negotiate tunnel'");
        }
        if (entry.negotiate == IpsecconfNegotiate::TUNNEL)
        {
            auto t = m_tunnels.find(entry.tunnel);
            if (t == m_tunnels.end())
            {
                return Error(p,
                             "unknown tunnel interface; declare its endpoints first with "
                             "IpsecconfParser::AddTunnel(\"" +
                                 entry.tunnel + "\", local, remote)");
            }
            endpoints = t->second;
        }
    }

    // Properties.
    const bool protect = entry.action == IpsecconfAction::IPSEC ||
                         entry.action == IpsecconfAction::APPLY ||
                         entry.action == IpsecconfAction::PERMIT;
    if (!protect)
    {
        for (Key k : {Key::AUTH_ALGS, Key::ENCR_ALGS, Key::ENCR_AUTH_ALGS, Key::SA})
        {
            if (has(k))
            {
                return Error(at(k),
                             action.text + " applies no IPsec, so it takes no " + at(k).key.text +
                                 "; remove it (only dir is allowed)");
            }
        }
    }
    if (has(Key::SA))
    {
        const std::string s = Lower(at(Key::SA).value.text);
        if (s != "shared" && s != "unique")
        {
            return Error(at(Key::SA), "sa is shared or unique");
        }
        entry.uniqueSa = s == "unique";
    }
    const bool ah = has(Key::AUTH_ALGS);
    const bool esp = has(Key::ENCR_ALGS) || has(Key::ENCR_AUTH_ALGS);
    if (protect && !ah && !esp)
    {
        return Error(action,
                     action.text,
                     "says what protection to require: add encr_algs and/or encr_auth_algs "
                     "(ESP) or auth_algs (AH) to the properties");
    }
    // encr_auth_algs alone means ESP with NULL encryption (ipsecconf(8)); encr_algs alone
    // accepts an ESP SA with or without integrity.
    IpsecEncryption encryption =
        has(Key::ENCR_ALGS) ? IpsecEncryption::ANY : IpsecEncryption::NULL_ENC;
    IpsecIntegrity espIntegrity = IpsecIntegrity::ANY;
    IpsecIntegrity ahIntegrity = IpsecIntegrity::ANY;
    if (has(Key::ENCR_ALGS))
    {
        err = ParseEncryption(at(Key::ENCR_ALGS), encryption, entry.encryptionKeyBits);
    }
    if (err.empty() && has(Key::ENCR_AUTH_ALGS))
    {
        err = ParseIntegrity(at(Key::ENCR_AUTH_ALGS), espIntegrity, entry.espIntegrityKeyBits);
    }
    if (err.empty() && ah)
    {
        err = ParseIntegrity(at(Key::AUTH_ALGS), ahIntegrity, entry.ahIntegrityKeyBits);
    }
    if (!err.empty())
    {
        return err;
    }
    if (esp && encryption != IpsecEncryption::ANY && espIntegrity != IpsecIntegrity::ANY)
    {
        const EncryptionAlgorithmInfo* e = IpsecAlgorithmRegistry::Find(encryption);
        if (e->aead)
        {
            return Error(at(Key::ENCR_AUTH_ALGS),
                         e->name + " is a combined-mode algorithm with its own integrity; "
                                   "remove encr_auth_algs");
        }
    }

    // The selector, once per ICMP type/code combination.
    const IpsecAction spdAction = protect                                   ? IpsecAction::PROTECT
                                  : entry.action == IpsecconfAction::BYPASS ? IpsecAction::BYPASS
                                                                            : IpsecAction::DISCARD;
    const IpsecMode mode = endpoints ? IpsecMode::TUNNEL : IpsecMode::TRANSPORT;
    for (size_t c = 0; c < combinations; ++c)
    {
        IpsecTrafficSelector selector;
        selector.SetDirection(direction);
        if (local.address.GetFamily() != IpsecAddress::NONE)
        {
            IpsecAddress low;
            IpsecAddress high;
            local.address.GetPrefixRange(local.length, low, high);
            selector.SetLocalRange(low, high);
        }
        if (remote.address.GetFamily() != IpsecAddress::NONE)
        {
            IpsecAddress low;
            IpsecAddress high;
            remote.address.GetPrefixRange(remote.length, low, high);
            selector.SetRemoteRange(low, high);
        }
        selector.SetProtocol(protocol);
        if (localPort != 0)
        {
            selector.SetLocalPorts(localPort, localPort);
        }
        if (remotePort != 0)
        {
            selector.SetRemotePorts(remotePort, remotePort);
        }
        if (hasType)
        {
            const size_t perType = hasCode ? codes.high - codes.low + 1 : 1;
            const int16_t type = static_cast<int16_t>(types.low + c / perType);
            const int16_t code = hasCode ? static_cast<int16_t>(codes.low + c % perType)
                                         : IpsecTrafficSelector::ANY_ICMP;
            selector.SetIcmp(type, code);
        }
        Ptr<IpsecPolicy> policy = Create<IpsecPolicy>(selector, spdAction);
        if (protect)
        {
            // ESP inside, AH outermost (AH authenticates the header that carries it); in a
            // tunnel the first step is the tunnel, and AH rides on its outer header.
            if (esp)
            {
                policy->SetProtection(IpsecProtocol::ESP, mode, encryption, espIntegrity);
            }
            else
            {
                policy->SetProtection(IpsecProtocol::AH, mode, IpsecEncryption::ANY, ahIntegrity);
            }
            if (endpoints)
            {
                policy->SetTunnelEndpoints(endpoints->first, endpoints->second);
            }
            if (esp && ah)
            {
                policy->AddProtection(IpsecProtocol::AH,
                                      IpsecMode::TRANSPORT,
                                      IpsecEncryption::ANY,
                                      ahIntegrity);
            }
        }
        const std::string invalid = policy->Validate();
        if (!invalid.empty())
        {
            return Error(open, "{", "the entry does not make a valid policy: " + invalid);
        }
        entry.policies.push_back(policy);
    }
    return "";
}

} // namespace

bool
IpsecconfParseResult::Ok() const
{
    return errors.empty();
}

std::string
IpsecconfParseResult::GetErrorText() const
{
    std::string text;
    for (const auto& e : errors)
    {
        text += e + "\n";
    }
    return text;
}

void
IpsecconfParser::AddTunnel(const std::string& name, IpsecAddress local, IpsecAddress remote)
{
    NS_LOG_FUNCTION(this << name << local << remote);
    IPSEC_THROW_IF(local.GetFamily() == IpsecAddress::NONE ||
                       local.GetFamily() != remote.GetFamily(),
                   "tunnel " << name << ": endpoints must be two addresses of one IP version");
    m_tunnels[name] = {local, remote};
}

IpsecconfParseResult
IpsecconfParser::ParseString(const std::string& text, const std::string& name) const
{
    NS_LOG_FUNCTION(this << name);
    IpsecconfParseResult result;
    const std::vector<Token> tokens = Tokenize(text);
    auto error = [&name](const Token& at, const std::string& message) {
        return name + ":" + std::to_string(at.line) + ": '" + at.text + "': " + message;
    };
    // Reads the words up to the brace closing the one at tokens[i - 1]; structural errors
    // end the parse, since what follows can no longer be told apart.
    auto braced = [&](size_t& i, std::vector<Token>& words, std::string& err) {
        const Token& open = tokens[i - 1];
        while (i < tokens.size() && tokens[i].text != "}")
        {
            if (tokens[i].text == "{")
            {
                err = error(tokens[i],
                            "a '{' inside braces; close the one opened on line " +
                                std::to_string(open.line) + " with '}' first");
                return;
            }
            words.push_back(tokens[i++]);
        }
        if (i >= tokens.size())
        {
            err = error(open,
                        "unterminated '{' opened on line " + std::to_string(open.line) +
                            "; close it with '}'");
            return;
        }
        ++i; // the '}'
    };

    size_t i = 0;
    while (i < tokens.size())
    {
        const Token& open = tokens[i];
        if (open.text != "{")
        {
            result.errors.push_back(
                error(open, "expected '{' to start an entry: {pattern} action {properties}"));
            break;
        }
        ++i;
        std::string err;
        std::vector<Token> pattern;
        braced(i, pattern, err);
        if (!err.empty())
        {
            result.errors.push_back(err);
            break;
        }
        if (i >= tokens.size() || tokens[i].text == "{" || tokens[i].text == "}")
        {
            const Token& at = i < tokens.size() ? tokens[i] : tokens[i - 1];
            result.errors.push_back(
                error(at,
                      "the pattern needs an action after it (ipsec, apply, permit, bypass, "
                      "pass or drop) and then '{ properties }'"));
            break;
        }
        const Token& action = tokens[i++];
        if (i >= tokens.size() || tokens[i].text != "{")
        {
            result.errors.push_back(error(action,
                                          "an action needs its '{ properties }' after it, "
                                          "even empty: write '" +
                                              action.text + " {}'"));
            break;
        }
        ++i;
        std::vector<Token> properties;
        braced(i, properties, err);
        if (!err.empty())
        {
            result.errors.push_back(err);
            break;
        }
        if (i < tokens.size() && Lower(tokens[i].text) == "or")
        {
            result.errors.push_back(
                error(tokens[i],
                      "'or' alternatives are not supported: a policy here requires one "
                      "protection; keep one alternative (an 'any' algorithm accepts several)"));
            break;
        }
        IpsecconfEntry entry;
        EntryReader reader(name, m_tunnels);
        err = reader.Read(open, pattern, action, properties, entry);
        if (err.empty())
        {
            result.entries.push_back(entry);
        }
        else
        {
            result.errors.push_back(err);
        }
    }
    if (!result.errors.empty())
    {
        // Atomic: a file with an error installs nothing.
        result.entries.clear();
    }
    return result;
}

IpsecconfParseResult
IpsecconfParser::ParseFile(const std::string& path) const
{
    NS_LOG_FUNCTION(this << path);
    std::ifstream in(path);
    if (!in)
    {
        IpsecconfParseResult result;
        result.errors.push_back(path + ": cannot open the file (" +
                                std::string(errno != 0 ? std::strerror(errno) : "unreadable") +
                                "); check the path");
        return result;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
    {
        IpsecconfParseResult result;
        result.errors.push_back(path + ": read error; check the file");
        return result;
    }
    return ParseString(text.str(), path);
}

} // namespace ns3
