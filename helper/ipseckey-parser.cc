/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipseckey-parser.h"

#include "ns3/log.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpseckeyParser");

namespace
{

/// One word of a command and the line it is on (a command may span lines).
struct Word
{
    std::string text; //!< The word
    uint32_t line;    //!< Its line
};

/// What an extension is, once its synonyms are folded together.
enum class Ext : uint8_t
{
    SPI,
    DIRECTION,
    REPLAY,
    REPLAY_VALUE,
    STATE,
    AUTH_ALG,
    ENCR_ALG,
    SOFT_ALLOC,
    SOFT_BYTES,
    SOFT_ADDTIME,
    SOFT_USETIME,
    HARD_ALLOC,
    HARD_BYTES,
    HARD_ADDTIME,
    HARD_USETIME,
    IDLE_ADDTIME,
    IDLE_USETIME,
    SRC,
    DST,
    INNER_SRC,
    INNER_DST,
    SPORT,
    DPORT,
    INNER_SPORT,
    INNER_DPORT,
    PROTO,
    INNER_PROTO,
    AUTH_KEY,
    ENCR_KEY,
    ENCAP,
    NAT_LOC,
    NAT_REM,
    NAT_LPORT,
    NAT_RPORT,
    UNSUPPORTED,
};

/// One spelling of an extension.
struct ExtInfo
{
    Ext ext;            //!< What it is
    bool ipv6Only;      //!< The *6 address forms take IPv6 addresses only
    bool takesValue;    //!< Whether a value follows (inbound/outbound take none)
    const char* reason; //!< Why it is refused (UNSUPPORTED only)
};

/// Why Solaris' label extensions are refused.
const char* const LABELS = "labels and sensitivity (Trusted Extensions) are not supported by "
                           "this module; remove it";
/// Why current lifetimes are refused.
const char* const CURRENT = "current lifetimes are what the key engine measures; a command "
                            "cannot set them; remove it";
/// Why SA pairs are refused.
const char* const PAIRS = "SA pairs are a Solaris extension that PF_KEY v2 (RFC 2367) and this "
                          "module lack; add or update each SA with its own command";

/// The extensions of ipseckey(8), by every spelling illumos' ipseckey.c accepts.
const std::map<std::string, ExtInfo>&
Extensions()
{
    static const std::map<std::string, ExtInfo> table = {
        {"spi", {Ext::SPI, false, true, nullptr}},
        {"inbound", {Ext::DIRECTION, false, false, nullptr}},
        {"outbound", {Ext::DIRECTION, false, false, nullptr}},
        {"replay", {Ext::REPLAY, false, true, nullptr}},
        {"replay_value", {Ext::REPLAY_VALUE, false, true, nullptr}},
        {"state", {Ext::STATE, false, true, nullptr}},
        {"auth_alg", {Ext::AUTH_ALG, false, true, nullptr}},
        {"authalg", {Ext::AUTH_ALG, false, true, nullptr}},
        {"encr_alg", {Ext::ENCR_ALG, false, true, nullptr}},
        {"encralg", {Ext::ENCR_ALG, false, true, nullptr}},
        {"soft_alloc", {Ext::SOFT_ALLOC, false, true, nullptr}},
        {"soft_bytes", {Ext::SOFT_BYTES, false, true, nullptr}},
        {"soft_addtime", {Ext::SOFT_ADDTIME, false, true, nullptr}},
        {"soft_usetime", {Ext::SOFT_USETIME, false, true, nullptr}},
        {"hard_alloc", {Ext::HARD_ALLOC, false, true, nullptr}},
        {"hard_bytes", {Ext::HARD_BYTES, false, true, nullptr}},
        {"hard_addtime", {Ext::HARD_ADDTIME, false, true, nullptr}},
        {"hard_usetime", {Ext::HARD_USETIME, false, true, nullptr}},
        {"idle_addtime", {Ext::IDLE_ADDTIME, false, true, nullptr}},
        {"idle_usetime", {Ext::IDLE_USETIME, false, true, nullptr}},
        {"src", {Ext::SRC, false, true, nullptr}},
        {"srcaddr", {Ext::SRC, false, true, nullptr}},
        {"saddr", {Ext::SRC, false, true, nullptr}},
        {"src6", {Ext::SRC, true, true, nullptr}},
        {"srcaddr6", {Ext::SRC, true, true, nullptr}},
        {"saddr6", {Ext::SRC, true, true, nullptr}},
        {"dst", {Ext::DST, false, true, nullptr}},
        {"dstaddr", {Ext::DST, false, true, nullptr}},
        {"daddr", {Ext::DST, false, true, nullptr}},
        {"dst6", {Ext::DST, true, true, nullptr}},
        {"dstaddr6", {Ext::DST, true, true, nullptr}},
        {"daddr6", {Ext::DST, true, true, nullptr}},
        {"proxy", {Ext::INNER_SRC, false, true, nullptr}},
        {"proxyaddr", {Ext::INNER_SRC, false, true, nullptr}},
        {"innersrc", {Ext::INNER_SRC, false, true, nullptr}},
        {"isrc", {Ext::INNER_SRC, false, true, nullptr}},
        {"proxy6", {Ext::INNER_SRC, true, true, nullptr}},
        {"proxyaddr6", {Ext::INNER_SRC, true, true, nullptr}},
        {"innersrc6", {Ext::INNER_SRC, true, true, nullptr}},
        {"isrc6", {Ext::INNER_SRC, true, true, nullptr}},
        {"innerdst", {Ext::INNER_DST, false, true, nullptr}},
        {"idst", {Ext::INNER_DST, false, true, nullptr}},
        {"innerdst6", {Ext::INNER_DST, true, true, nullptr}},
        {"idst6", {Ext::INNER_DST, true, true, nullptr}},
        {"sport", {Ext::SPORT, false, true, nullptr}},
        {"dport", {Ext::DPORT, false, true, nullptr}},
        {"innersport", {Ext::INNER_SPORT, false, true, nullptr}},
        {"isport", {Ext::INNER_SPORT, false, true, nullptr}},
        {"innerdport", {Ext::INNER_DPORT, false, true, nullptr}},
        {"idport", {Ext::INNER_DPORT, false, true, nullptr}},
        {"proto", {Ext::PROTO, false, true, nullptr}},
        {"ulp", {Ext::PROTO, false, true, nullptr}},
        {"iproto", {Ext::INNER_PROTO, false, true, nullptr}},
        {"iulp", {Ext::INNER_PROTO, false, true, nullptr}},
        {"authkey", {Ext::AUTH_KEY, false, true, nullptr}},
        {"encrkey", {Ext::ENCR_KEY, false, true, nullptr}},
        {"encap", {Ext::ENCAP, false, true, nullptr}},
        {"nat_loc", {Ext::NAT_LOC, false, true, nullptr}},
        {"nat_rem", {Ext::NAT_REM, false, true, nullptr}},
        {"nat_lport", {Ext::NAT_LPORT, false, true, nullptr}},
        {"nat_rport", {Ext::NAT_RPORT, false, true, nullptr}},
        {"pair-spi", {Ext::UNSUPPORTED, false, true, PAIRS}},
        {"flags",
         {Ext::UNSUPPORTED,
          false,
          true,
          "raw SA flags are not supported; the flags follow from the other extensions "
          "(encap udp sets NAT traversal); remove it"}},
        {"current_alloc", {Ext::UNSUPPORTED, false, true, CURRENT}},
        {"current_bytes", {Ext::UNSUPPORTED, false, true, CURRENT}},
        {"current_addtime", {Ext::UNSUPPORTED, false, true, CURRENT}},
        {"current_usetime", {Ext::UNSUPPORTED, false, true, CURRENT}},
        {"srcidtype",
         {Ext::UNSUPPORTED,
          false,
          true,
          "certificate identities are not supported (they serve automated key management); "
          "remove it"}},
        {"dstidtype",
         {Ext::UNSUPPORTED,
          false,
          true,
          "certificate identities are not supported (they serve automated key management); "
          "remove it"}},
        {"dpd",
         {Ext::UNSUPPORTED, false, true, "dead-peer-detection hints are not supported; remove it"}},
        {"reserved_bits",
         {Ext::UNSUPPORTED, false, true, "reserved key bits are not supported; remove it"}},
        {"sens_level", {Ext::UNSUPPORTED, false, true, LABELS}},
        {"sens_map", {Ext::UNSUPPORTED, false, true, LABELS}},
        {"integ_level", {Ext::UNSUPPORTED, false, true, LABELS}},
        {"integ_map", {Ext::UNSUPPORTED, false, true, LABELS}},
        {"label", {Ext::UNSUPPORTED, false, true, LABELS}},
        {"outer-label", {Ext::UNSUPPORTED, false, true, LABELS}},
        {"implicit-label", {Ext::UNSUPPORTED, false, true, LABELS}},
    };
    return table;
}

/**
 * Levenshtein distance, to suggest the keyword a typo meant.
 * @param a a word
 * @param b another
 * @return the number of single-character edits between them
 */
size_t
EditDistance(const std::string& a, const std::string& b)
{
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
    {
        row[j] = j;
    }
    for (size_t i = 1; i <= a.size(); ++i)
    {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
        {
            const size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

/**
 * @param text a number in C syntax: decimal, 0x hex or 0 octal, as ipseckey(8) takes them
 * @param[out] value the number
 * @return whether @p text was a whole non-negative number that fits 64 bits
 */
bool
ParseNumber(const std::string& text, uint64_t& value)
{
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])))
    {
        return false; // strtoull would accept signs and blanks
    }
    errno = 0;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 0);
    if (errno != 0 || end != text.c_str() + text.size())
    {
        return false;
    }
    value = v;
    return true;
}

/// Lower-case copy.
std::string
Lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return s;
}

/// Reads one command; stops at its first error.
class CommandReader
{
  public:
    /**
     * @param file the file name for the command and its errors
     * @param words the command's words (at least one)
     */
    CommandReader(const std::string& file, const std::vector<Word>& words)
        : m_file(file),
          m_words(words)
    {
    }

    /**
     * @param[out] command the command
     * @return an empty string, or the error
     */
    std::string Read(IpseckeyCommand& command);

  private:
    /**
     * @param line the line
     * @param context the words the error is about
     * @param message what is wrong and how to fix it
     * @return the formatted error
     */
    std::string Error(uint32_t line, const std::string& context, const std::string& message) const
    {
        return m_file + ":" + std::to_string(line) + ": '" + context + "': " + message;
    }

    /**
     * @param ext an extension the command gave
     * @return its keyword
     */
    const Word& Seen(Ext ext) const
    {
        return m_words[m_seen.at(ext)];
    }

    std::string ReadExtension(size_t& i);
    std::string Check();

    std::string ParseAddress(const Word& key,
                             const Word& value,
                             bool ipv6Only,
                             bool allowPrefix,
                             IpseckeyPrefix& out) const;
    std::string ParseKey(const Word& key,
                         const Word& value,
                         std::vector<uint8_t>& bytes,
                         uint32_t& bits) const;
    std::string ParseBounded(const Word& key,
                             const Word& value,
                             uint64_t low,
                             uint64_t high,
                             const std::string& why,
                             uint64_t& out) const;

    const std::string& m_file;        //!< File name
    const std::vector<Word>& m_words; //!< The command's words
    IpseckeyCommand m_cmd;            //!< What has been read
    std::map<Ext, size_t> m_seen;     //!< Extensions given: where their keyword is
    std::string m_context;            //!< "add esp": the command for command-level errors
};

std::string
CommandReader::Read(IpseckeyCommand& command)
{
    const Word& op = m_words[0];
    m_cmd.file = m_file;
    m_cmd.line = op.line;
    static const std::map<std::string, IpseckeyOperation> operations = {
        {"add", IpseckeyOperation::ADD},
        {"update", IpseckeyOperation::UPDATE},
        {"delete", IpseckeyOperation::DELETE},
        {"get", IpseckeyOperation::GET},
        {"flush", IpseckeyOperation::FLUSH},
        {"dump", IpseckeyOperation::DUMP},
    };
    static const std::map<std::string, std::string> refused = {
        {"update-pair", PAIRS},
        {"delete-pair", PAIRS},
        {"monitor", "monitoring is interactive; open a PF_KEY endpoint on the node instead"},
        {"passive_monitor",
         "monitoring is interactive; open a PF_KEY endpoint on the node instead"},
        {"pmonitor", "monitoring is interactive; open a PF_KEY endpoint on the node instead"},
        {"save", "saving SAs to a file is not supported in a command file; remove it"},
        {"help", "help is interactive; remove it"},
        {"?", "help is interactive; remove it"},
        {"quit", "quit/exit are interactive; end the file instead"},
        {"exit", "quit/exit are interactive; end the file instead"},
    };
    auto found = operations.find(op.text);
    if (found == operations.end())
    {
        auto no = refused.find(op.text);
        if (no != refused.end())
        {
            return Error(op.line, op.text, "command not supported: " + no->second);
        }
        std::string hint;
        for (const auto& [name, value] : operations)
        {
            if (EditDistance(Lower(op.text), name) <= 2)
            {
                hint = "did you mean '" + name + "'? ";
            }
        }
        return Error(op.line,
                     op.text,
                     "unknown command; " + hint +
                         "commands are add, update, delete, get, flush, dump");
    }
    m_cmd.operation = found->second;
    const bool whole =
        m_cmd.operation == IpseckeyOperation::FLUSH || m_cmd.operation == IpseckeyOperation::DUMP;

    size_t i = 1;
    if (i < m_words.size())
    {
        const std::string type = Lower(m_words[i].text);
        if (type == "esp" || type == "ah" || (whole && type == "all"))
        {
            m_cmd.saType = type == "esp"  ? IpseckeySaType::ESP
                           : type == "ah" ? IpseckeySaType::AH
                                          : IpseckeySaType::ALL;
            ++i;
        }
        else if (whole || Extensions().count(m_words[i].text) == 0)
        {
            return Error(m_words[i].line,
                         op.text + " " + m_words[i].text,
                         "unknown SA type '" + m_words[i].text + "'; use esp or ah" +
                             (whole ? " (or all, or nothing, for every type)" : ""));
        }
    }
    if (!whole && m_cmd.saType == IpseckeySaType::ALL)
    {
        return Error(op.line,
                     op.text,
                     "needs an SA type: write '" + op.text + " esp ...' or '" + op.text +
                         " ah ...'");
    }
    m_context = op.text + (m_cmd.saType == IpseckeySaType::ESP  ? " esp"
                           : m_cmd.saType == IpseckeySaType::AH ? " ah"
                                                                : "");
    if (whole && i < m_words.size())
    {
        return Error(m_words[i].line,
                     m_words[i].text,
                     op.text + " takes only an SA type (esp, ah or all); remove '" +
                         m_words[i].text + "'");
    }
    while (i < m_words.size())
    {
        std::string err = ReadExtension(i);
        if (!err.empty())
        {
            return err;
        }
    }
    std::string err = Check();
    if (err.empty())
    {
        command = m_cmd;
    }
    return err;
}

std::string
CommandReader::ReadExtension(size_t& i)
{
    const size_t keyIndex = i;
    const Word& key = m_words[i++];
    auto found = Extensions().find(key.text);
    if (found == Extensions().end())
    {
        std::string best;
        size_t bestDistance = 3;
        for (const auto& [name, info] : Extensions())
        {
            const size_t d = EditDistance(Lower(key.text), name);
            if (d < bestDistance && info.ext != Ext::UNSUPPORTED)
            {
                best = name;
                bestDistance = d;
            }
        }
        return Error(key.line,
                     key.text,
                     "unknown extension" +
                         (best.empty() ? std::string("; see ipseckey(8) for the extensions")
                                       : "; did you mean '" + best + "'?"));
    }
    const ExtInfo& info = found->second;
    if (info.ext == Ext::UNSUPPORTED)
    {
        return Error(key.line, key.text, std::string("not supported: ") + info.reason);
    }
    Word value{"", key.line};
    if (info.takesValue)
    {
        if (i >= m_words.size())
        {
            return Error(key.line,
                         key.text,
                         "expects a value after it, but the command ends; give one or remove '" +
                             key.text + "'");
        }
        value = m_words[i++];
    }
    const std::string context = info.takesValue ? key.text + " " + value.text : key.text;

    // delete and get identify an SA; anything but its identity would be ignored, so refuse it
    // (ipseckey(8): "Don't use extension for <string> for <command>").
    const bool lookup =
        m_cmd.operation == IpseckeyOperation::DELETE || m_cmd.operation == IpseckeyOperation::GET;
    if (lookup && info.ext != Ext::SPI && info.ext != Ext::SRC && info.ext != Ext::DST &&
        info.ext != Ext::DIRECTION)
    {
        return Error(key.line,
                     context,
                     m_words[0].text +
                         " identifies an SA by spi and dst (src, inbound and "
                         "outbound may help); remove '" +
                         key.text + "'");
    }
    auto seen = m_seen.find(info.ext);
    if (seen != m_seen.end())
    {
        return Error(key.line,
                     context,
                     "given twice in one command (first as '" + m_words[seen->second].text +
                         "' on line " + std::to_string(m_words[seen->second].line) + "); keep one");
    }
    m_seen.emplace(info.ext, keyIndex);

    uint64_t n = 0;
    std::string err;
    IpseckeyPrefix address;
    switch (info.ext)
    {
    case Ext::SPI:
        err = ParseBounded(key, value, 0, 0xffffffffULL, "an SPI is 32 bits", n);
        if (err.empty() && n == 0)
        {
            err = Error(key.line, context, "SPI 0 is invalid; use 256 or above");
        }
        else if (err.empty() && n < 256)
        {
            err = Error(key.line,
                        context,
                        "SPI " + std::to_string(n) +
                            " is reserved (1-255, RFC 4303 section 2.1); use 256 or above");
        }
        m_cmd.spi = static_cast<uint32_t>(n);
        break;
    case Ext::DIRECTION:
        m_cmd.direction =
            key.text == "inbound" ? IpsecDirection::INBOUND : IpsecDirection::OUTBOUND;
        break;
    case Ext::REPLAY:
        err = ParseBounded(key,
                           value,
                           0,
                           255,
                           "PF_KEY carries the replay window in 8 bits (sadb_sa_replay)",
                           n);
        m_cmd.replayWindow = static_cast<uint8_t>(n);
        break;
    case Ext::REPLAY_VALUE:
        err = ParseBounded(key, value, 0, 0xffffffffULL, "the sequence counter is 32 bits", n);
        m_cmd.replayValue = static_cast<uint32_t>(n);
        break;
    case Ext::STATE: {
        static const std::map<std::string, IpsecSaState> states = {
            {"larval", IpsecSaState::LARVAL},
            {"mature", IpsecSaState::MATURE},
            {"dying", IpsecSaState::DYING},
            {"dead", IpsecSaState::DEAD},
        };
        auto s = states.find(value.text);
        if (s != states.end())
        {
            m_cmd.state = s->second;
        }
        else if (ParseNumber(value.text, n) && n <= 3)
        {
            m_cmd.state = static_cast<IpsecSaState>(n);
        }
        else
        {
            err = Error(value.line,
                        context,
                        "unknown SA state; use larval, mature, dying, dead or 0-3");
        }
        break;
    }
    case Ext::AUTH_ALG: {
        const IntegrityAlgorithmInfo* a = IpseckeyParser::FindIntegrity(value.text);
        if (a == nullptr)
        {
            err = Error(value.line,
                        context,
                        "unknown authentication algorithm '" + value.text +
                            "'; known: " + IpseckeyParser::KnownIntegrityNames());
        }
        else
        {
            m_cmd.integrity = a->id;
        }
        break;
    }
    case Ext::ENCR_ALG: {
        if (m_cmd.saType == IpseckeySaType::AH)
        {
            err =
                Error(key.line, context, "AH does not encrypt; remove it, or use 'esp' to encrypt");
            break;
        }
        const EncryptionAlgorithmInfo* e = IpseckeyParser::FindEncryption(value.text);
        if (e == nullptr)
        {
            err = Error(value.line,
                        context,
                        "unknown encryption algorithm '" + value.text +
                            "'; known: " + IpseckeyParser::KnownEncryptionNames());
        }
        else
        {
            m_cmd.encryption = e->id;
        }
        break;
    }
    case Ext::SOFT_ALLOC:
    case Ext::HARD_ALLOC:
        err = ParseBounded(key, value, 0, 0xffffffffULL, "PF_KEY counts allocations in 32 bits", n);
        (info.ext == Ext::SOFT_ALLOC ? m_cmd.softLifetime : m_cmd.hardLifetime).allocations =
            static_cast<uint32_t>(n);
        break;
    case Ext::SOFT_BYTES:
    case Ext::HARD_BYTES:
        err = ParseBounded(key, value, 0, UINT64_MAX, "", n);
        (info.ext == Ext::SOFT_BYTES ? m_cmd.softLifetime : m_cmd.hardLifetime).bytes = n;
        break;
    case Ext::SOFT_ADDTIME:
    case Ext::HARD_ADDTIME:
    case Ext::SOFT_USETIME:
    case Ext::HARD_USETIME:
    case Ext::IDLE_ADDTIME:
    case Ext::IDLE_USETIME: {
        // ns-3 Time holds about 292 years in nanoseconds; 32 bits of seconds (136 years)
        // is far beyond any simulation and safely inside it.
        err = ParseBounded(key,
                           value,
                           0,
                           0xffffffffULL,
                           "seconds are limited to 32 bits (136 years)",
                           n);
        const Time t = Seconds(static_cast<double>(n));
        switch (info.ext)
        {
        case Ext::SOFT_ADDTIME:
            m_cmd.softLifetime.addTime = t;
            break;
        case Ext::HARD_ADDTIME:
            m_cmd.hardLifetime.addTime = t;
            break;
        case Ext::SOFT_USETIME:
            m_cmd.softLifetime.useTime = t;
            break;
        case Ext::HARD_USETIME:
            m_cmd.hardLifetime.useTime = t;
            break;
        case Ext::IDLE_ADDTIME:
            m_cmd.idleAddTime = t;
            break;
        default:
            m_cmd.idleUseTime = t;
            break;
        }
        break;
    }
    case Ext::SRC:
    case Ext::DST:
    case Ext::NAT_LOC:
    case Ext::NAT_REM:
        err = ParseAddress(key, value, info.ipv6Only, false, address);
        (info.ext == Ext::SRC       ? m_cmd.source
         : info.ext == Ext::DST     ? m_cmd.destination
         : info.ext == Ext::NAT_LOC ? m_cmd.natLocal
                                    : m_cmd.natRemote) = address.address;
        break;
    case Ext::INNER_SRC:
    case Ext::INNER_DST:
        err = ParseAddress(key, value, info.ipv6Only, true, address);
        (info.ext == Ext::INNER_SRC ? m_cmd.innerSource : m_cmd.innerDestination) = address;
        m_cmd.tunnelMode = true;
        break;
    case Ext::SPORT:
    case Ext::DPORT:
    case Ext::INNER_SPORT:
    case Ext::INNER_DPORT:
    case Ext::NAT_LPORT:
    case Ext::NAT_RPORT:
        err = ParseBounded(key, value, 1, 65535, "a port is 1-65535", n);
        (info.ext == Ext::SPORT         ? m_cmd.sourcePort
         : info.ext == Ext::DPORT       ? m_cmd.destinationPort
         : info.ext == Ext::INNER_SPORT ? m_cmd.innerSourcePort
         : info.ext == Ext::INNER_DPORT ? m_cmd.innerDestinationPort
         : info.ext == Ext::NAT_LPORT   ? m_cmd.natLocalPort
                                        : m_cmd.natRemotePort) = static_cast<uint16_t>(n);
        if (info.ext == Ext::INNER_SPORT || info.ext == Ext::INNER_DPORT)
        {
            m_cmd.tunnelMode = true;
        }
        break;
    case Ext::PROTO:
    case Ext::INNER_PROTO:
        err = ParseBounded(key, value, 0, 255, "an IP protocol number is 0-255", n);
        if (info.ext == Ext::PROTO)
        {
            m_cmd.protocol = static_cast<uint8_t>(n);
        }
        else
        {
            m_cmd.innerProtocol = static_cast<uint8_t>(n);
            m_cmd.tunnelMode = true;
        }
        break;
    case Ext::AUTH_KEY:
        err = ParseKey(key, value, m_cmd.integrityKey, m_cmd.integrityKeyBits);
        break;
    case Ext::ENCR_KEY:
        if (m_cmd.saType == IpseckeySaType::AH)
        {
            err = Error(key.line, context, "AH does not encrypt and takes no encryption key");
            break;
        }
        err = ParseKey(key, value, m_cmd.encryptionKey, m_cmd.encryptionKeyBits);
        break;
    case Ext::ENCAP:
        if (value.text != "udp")
        {
            err = Error(value.line,
                        context,
                        "the only encapsulation is udp (ESP in UDP, RFC 3948); write 'encap udp'");
        }
        m_cmd.udpEncapsulation = true;
        break;
    case Ext::UNSUPPORTED:
        break;
    }
    return err;
}

std::string
CommandReader::ParseBounded(const Word& key,
                            const Word& value,
                            uint64_t low,
                            uint64_t high,
                            const std::string& why,
                            uint64_t& out) const
{
    const std::string context = key.text + " " + value.text;
    if (!ParseNumber(value.text, out))
    {
        return Error(value.line,
                     context,
                     "'" + value.text +
                         "' is not a number; write it in decimal, 0x hex or 0 octal");
    }
    if (out < low || out > high)
    {
        return Error(value.line,
                     context,
                     std::to_string(out) + " is out of range; use " + std::to_string(low) + "-" +
                         std::to_string(high) + (why.empty() ? "" : " (" + why + ")"));
    }
    return "";
}

std::string
CommandReader::ParseAddress(const Word& key,
                            const Word& value,
                            bool ipv6Only,
                            bool allowPrefix,
                            IpseckeyPrefix& out) const
{
    const std::string context = key.text + " " + value.text;
    std::string text = value.text;
    std::string prefix;
    const size_t slash = text.find('/');
    if (slash != std::string::npos)
    {
        if (!allowPrefix)
        {
            return Error(value.line,
                         context,
                         key.text + " takes one address, not a prefix; remove '" +
                             text.substr(slash) + "'");
        }
        prefix = text.substr(slash + 1);
        text = text.substr(0, slash);
    }
    if (!IpsecAddress::Parse(text, out.address))
    {
        return Error(value.line,
                     context,
                     "'" + text +
                         "' is not an IPv4 or IPv6 address; host names are not resolved (a "
                         "simulation has no name service): write the node's address, e.g. "
                         "10.1.1.1 or 2001:db8::1");
    }
    if (ipv6Only && !out.address.IsIpv6())
    {
        return Error(value.line,
                     context,
                     key.text + " takes an IPv6 address; for IPv4 use '" +
                         key.text.substr(0, key.text.size() - 1) + "'");
    }
    const uint64_t maxPrefix = out.address.IsIpv4() ? 32 : 128;
    uint64_t length = maxPrefix;
    if (slash != std::string::npos && (!ParseNumber(prefix, length) || length > maxPrefix))
    {
        return Error(value.line,
                     context,
                     "bad prefix length '/" + prefix + "'; use /0 to /" +
                         std::to_string(maxPrefix) + " for an IPv" +
                         (out.address.IsIpv4() ? "4" : "6") + " address");
    }
    out.prefixLength = static_cast<uint8_t>(length);
    return "";
}

std::string
CommandReader::ParseKey(const Word& key,
                        const Word& value,
                        std::vector<uint8_t>& bytes,
                        uint32_t& bits) const
{
    // ipseckey(8): hex digits, optionally 0x-prefixed, with an optional "/bits"; an odd
    // digit count fills the high nibble of the last byte ("123" is 0x12 0x30).
    const std::string context = key.text + " " + value.text;
    std::string hex = value.text;
    if (hex.size() > 2 && (hex.compare(0, 2, "0x") == 0 || hex.compare(0, 2, "0X") == 0))
    {
        hex = hex.substr(2);
    }
    std::string bitText;
    const size_t slash = hex.find('/');
    if (slash != std::string::npos)
    {
        bitText = hex.substr(slash + 1);
        hex = hex.substr(0, slash);
    }
    if (hex.empty() ||
        !std::all_of(hex.begin(), hex.end(), [](unsigned char c) { return std::isxdigit(c) != 0; }))
    {
        return Error(value.line,
                     context,
                     "a key is hex digits (0-9, a-f) with an optional /bits, e.g. "
                     "0123456789abcdef0123456789abcdef or 123/12");
    }
    const uint64_t digits = hex.size();
    uint64_t n = (digits + 1) / 2 * 8;
    if (slash != std::string::npos)
    {
        if (!ParseNumber(bitText, n) || n == 0 || bitText[0] == '0')
        {
            return Error(value.line,
                         context,
                         "'/" + bitText + "' is not a bit count; write /<decimal bits>");
        }
        if (n > digits * 4)
        {
            return Error(value.line,
                         context,
                         "bit length " + std::to_string(n) + " is too big for " +
                             std::to_string(digits) +
                             " hex digits; give more digits or fewer "
                             "bits");
        }
        if (digits * 4 > n + 3)
        {
            return Error(value.line,
                         context,
                         std::to_string(digits) + " hex digits are more than " + std::to_string(n) +
                             " bits need; remove the extra digits or fix the bit count");
        }
    }
    bytes.assign((digits + 1) / 2, 0);
    for (size_t d = 0; d < digits; ++d)
    {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(hex[d])));
        const uint8_t nibble = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'a' + 10;
        bytes[d / 2] |= (d % 2 == 0) ? nibble << 4 : nibble;
    }
    if (n % 8 != 0)
    {
        bytes.back() &= static_cast<uint8_t>(0xff << (8 - n % 8));
    }
    bits = static_cast<uint32_t>(n);
    return "";
}

std::string
CommandReader::Check()
{
    const uint32_t line = m_cmd.line;
    const IpseckeyOperation op = m_cmd.operation;
    if (op == IpseckeyOperation::FLUSH || op == IpseckeyOperation::DUMP)
    {
        return "";
    }
    // An IPsec SA is identified by (protocol, destination, SPI) (ipsec(4P)).
    if (!m_cmd.spi)
    {
        return Error(line, m_context, "needs 'spi <number>' (256 or above) to name the SA");
    }
    if (m_cmd.destination.GetFamily() == IpsecAddress::NONE)
    {
        return Error(line,
                     m_context,
                     "needs 'dst <address>': an SA is identified by its destination and SPI");
    }
    if (m_cmd.source.GetFamily() != IpsecAddress::NONE &&
        m_cmd.source.GetFamily() != m_cmd.destination.GetFamily())
    {
        const Word& w = Seen(Ext::SRC);
        return Error(w.line,
                     w.text,
                     "src and dst must be of one IP version (both IPv4 or both IPv6)");
    }
    if (m_cmd.innerSource.address.GetFamily() != IpsecAddress::NONE &&
        m_cmd.innerDestination.address.GetFamily() != IpsecAddress::NONE &&
        m_cmd.innerSource.address.GetFamily() != m_cmd.innerDestination.address.GetFamily())
    {
        const Word& w = Seen(Ext::INNER_DST);
        return Error(w.line, w.text, "the inner source and destination must be of one IP version");
    }
    if (op == IpseckeyOperation::DELETE || op == IpseckeyOperation::GET)
    {
        return "";
    }

    const bool esp = m_cmd.saType == IpseckeySaType::ESP;
    const bool nat = m_cmd.natLocal.GetFamily() != IpsecAddress::NONE ||
                     m_cmd.natRemote.GetFamily() != IpsecAddress::NONE || m_cmd.natLocalPort != 0 ||
                     m_cmd.natRemotePort != 0;
    if (m_cmd.udpEncapsulation && !esp)
    {
        const Word& w = Seen(Ext::ENCAP);
        return Error(w.line, w.text + " udp", "only ESP is UDP-encapsulated (RFC 3948)");
    }
    if (nat && !m_cmd.udpEncapsulation)
    {
        for (Ext e : {Ext::NAT_LOC, Ext::NAT_REM, Ext::NAT_LPORT, Ext::NAT_RPORT})
        {
            auto w = m_seen.find(e);
            if (w != m_seen.end())
            {
                return Error(m_words[w->second].line,
                             m_words[w->second].text,
                             "NAT traversal fields need 'encap udp' in the same command");
            }
        }
    }
    if (!m_cmd.encryptionKey.empty() && !m_cmd.encryption)
    {
        const Word& w = Seen(Ext::ENCR_KEY);
        return Error(w.line, w.text, "a key needs its algorithm: add 'encr_alg <name>'");
    }
    if (!m_cmd.integrityKey.empty() && !m_cmd.integrity)
    {
        const Word& w = Seen(Ext::AUTH_KEY);
        return Error(w.line, w.text, "a key needs its algorithm: add 'auth_alg <name>'");
    }
    const std::string lifetimes = IpsecLifetime::Validate(m_cmd.softLifetime, m_cmd.hardLifetime);
    if (!lifetimes.empty())
    {
        return Error(line,
                     m_context,
                     lifetimes + "; make each soft_* limit smaller than its hard_* one");
    }

    // Algorithms and keys: an add must give a complete SA; an update may give only lifetimes,
    // but what it gives must fit together.
    const bool add = op == IpseckeyOperation::ADD;
    if (esp && add && !m_cmd.encryption)
    {
        return Error(line,
                     m_context,
                     "an ESP SA needs 'encr_alg <name>' (null for integrity only) and its "
                     "'encrkey'");
    }
    if (!esp && add && !m_cmd.integrity)
    {
        return Error(line, m_context, "an AH SA needs 'auth_alg <name>' and its 'authkey'");
    }
    std::string err;
    if (esp && m_cmd.encryption)
    {
        err = IpsecAlgorithmRegistry::ValidateEsp(*m_cmd.encryption,
                                                  m_cmd.encryptionKey,
                                                  m_cmd.integrity.value_or(IpsecIntegrity::NONE),
                                                  m_cmd.integrityKey);
    }
    else if (!esp && m_cmd.integrity)
    {
        err = IpsecAlgorithmRegistry::ValidateAh(IpsecEncryption::NONE,
                                                 {},
                                                 *m_cmd.integrity,
                                                 m_cmd.integrityKey);
    }
    if (!err.empty())
    {
        // Point at the key the registry complains about (its message starts with the
        // algorithm's name): its length is the usual culprit.
        const EncryptionAlgorithmInfo* e =
            m_cmd.encryption ? IpsecAlgorithmRegistry::Find(*m_cmd.encryption) : nullptr;
        const IntegrityAlgorithmInfo* a =
            m_cmd.integrity ? IpsecAlgorithmRegistry::Find(*m_cmd.integrity) : nullptr;
        Ext culprit = Ext::UNSUPPORTED;
        if (e != nullptr && err.rfind(e->name + ":", 0) == 0)
        {
            culprit = Ext::ENCR_KEY;
        }
        else if (a != nullptr && err.rfind(a->name + ":", 0) == 0)
        {
            culprit = Ext::AUTH_KEY;
        }
        auto w = m_seen.find(culprit);
        if (w != m_seen.end())
        {
            const Word& keyWord = m_words[w->second];
            return Error(keyWord.line, keyWord.text + " " + m_words[w->second + 1].text, err);
        }
        return Error(line, m_context, err);
    }
    return "";
}

/// Splits a command file into commands: one a line, backslash continues, '#' comments.
std::vector<std::vector<Word>>
SplitCommands(const std::string& text)
{
    std::vector<std::vector<Word>> commands;
    std::vector<Word> current;
    std::istringstream in(text);
    std::string line;
    uint32_t number = 0;
    while (std::getline(in, line))
    {
        ++number;
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        std::istringstream words(line);
        std::string word;
        bool continued = false;
        while (words >> word)
        {
            if (word[0] == '#')
            {
                break;
            }
            if (word == "\\")
            {
                continued = true;
                continue; // only meaningful at the end; a stray one is harmless whitespace
            }
            continued = false;
            if (word.back() == '\\')
            {
                word.pop_back();
                continued = true;
            }
            current.push_back({word, number});
        }
        if (!continued && !current.empty())
        {
            commands.push_back(current);
            current.clear();
        }
    }
    if (!current.empty())
    {
        commands.push_back(current);
    }
    return commands;
}

/// Canonical names of a registry table, comma-separated.
template <typename T>
std::string
JoinNames(const std::vector<T>& algorithms)
{
    std::string names;
    for (const auto& a : algorithms)
    {
        if (a.name == "none")
        {
            continue;
        }
        names += (names.empty() ? "" : ", ") + a.name;
    }
    return names;
}

} // namespace

bool
IpseckeyParseResult::Ok() const
{
    return errors.empty();
}

std::string
IpseckeyParseResult::GetErrorText() const
{
    std::string text;
    for (const auto& e : errors)
    {
        text += e + "\n";
    }
    return text;
}

IpseckeyParseResult
IpseckeyParser::ParseString(const std::string& text, const std::string& name)
{
    NS_LOG_FUNCTION(name);
    IpseckeyParseResult result;
    for (const auto& words : SplitCommands(text))
    {
        IpseckeyCommand command;
        CommandReader reader(name, words);
        const std::string err = reader.Read(command);
        if (err.empty())
        {
            result.commands.push_back(command);
        }
        else
        {
            result.errors.push_back(err);
        }
    }
    if (!result.errors.empty())
    {
        // Atomic: a file with an error applies nothing.
        result.commands.clear();
    }
    return result;
}

IpseckeyParseResult
IpseckeyParser::ParseFile(const std::string& path)
{
    NS_LOG_FUNCTION(path);
    std::ifstream in(path);
    if (!in)
    {
        IpseckeyParseResult result;
        result.errors.push_back(path + ": cannot open the file (" +
                                std::string(errno != 0 ? std::strerror(errno) : "unreadable") +
                                "); check the path");
        return result;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
    {
        IpseckeyParseResult result;
        result.errors.push_back(path + ": read error; check the file");
        return result;
    }
    return ParseString(text.str(), path);
}

const EncryptionAlgorithmInfo*
IpseckeyParser::FindEncryption(const std::string& text)
{
    if (const EncryptionAlgorithmInfo* e = IpsecAlgorithmRegistry::FindEncryption(text))
    {
        return e;
    }
    uint64_t n = 0;
    if (ParseNumber(text, n) && n < static_cast<uint64_t>(IpsecEncryption::ANY))
    {
        return IpsecAlgorithmRegistry::Find(static_cast<IpsecEncryption>(n));
    }
    return nullptr;
}

const IntegrityAlgorithmInfo*
IpseckeyParser::FindIntegrity(const std::string& text)
{
    if (const IntegrityAlgorithmInfo* a = IpsecAlgorithmRegistry::FindIntegrity(text))
    {
        return a;
    }
    uint64_t n = 0;
    if (ParseNumber(text, n) && n < static_cast<uint64_t>(IpsecIntegrity::ANY))
    {
        return IpsecAlgorithmRegistry::Find(static_cast<IpsecIntegrity>(n));
    }
    return nullptr;
}

std::string
IpseckeyParser::KnownEncryptionNames()
{
    return JoinNames(IpsecAlgorithmRegistry::EncryptionAlgorithms());
}

std::string
IpseckeyParser::KnownIntegrityNames()
{
    return JoinNames(IpsecAlgorithmRegistry::IntegrityAlgorithms());
}

} // namespace ns3
