/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "wireshark-esp-sa.h"

#include <algorithm>
#include <arpa/inet.h>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace ns3
{

namespace
{

std::string
HexKey(const std::vector<uint8_t>& key)
{
    if (key.empty())
    {
        return "";
    }
    std::ostringstream os;
    os << "0x" << std::hex << std::setfill('0');
    for (uint8_t b : key)
    {
        os << std::setw(2) << static_cast<int>(b);
    }
    return os.str();
}

bool
ParseHexKey(const std::string& text, std::vector<uint8_t>& key)
{
    key.clear();
    std::string hex = text;
    if (hex.rfind("0x", 0) == 0 || hex.rfind("0X", 0) == 0)
    {
        hex = hex.substr(2);
    }
    if (hex.size() % 2 != 0)
    {
        return false;
    }
    for (size_t i = 0; i < hex.size(); i += 2)
    {
        if (!std::isxdigit(static_cast<unsigned char>(hex[i])) ||
            !std::isxdigit(static_cast<unsigned char>(hex[i + 1])))
        {
            return false;
        }
        key.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    }
    return true;
}

bool
ParseSpi(const std::string& text, uint32_t& spi)
{
    if (text.empty())
    {
        return false;
    }
    try
    {
        size_t used = 0;
        const unsigned long long v = std::stoull(text, &used, 0);
        if (used != text.size() || v > 0xffffffffULL)
        {
            return false;
        }
        spi = static_cast<uint32_t>(v);
        return true;
    }
    catch (const std::exception&)
    {
        return false;
    }
}

/// An address of the row's IP version, or "*" for that version's unspecified address.
bool
ParseAddress(const std::string& text, bool ipv6, IpsecAddress& address)
{
    if (text == "*")
    {
        address = ipv6 ? IpsecAddress(Ipv6Address::GetAny()) : IpsecAddress(Ipv4Address::GetAny());
        return true;
    }
    return IpsecAddress::Parse(text, address) && address.IsIpv6() == ipv6;
}

/// Split a UAT line: comma-separated fields, each optionally double-quoted.
bool
SplitFields(const std::string& line, std::vector<std::string>& fields)
{
    fields.clear();
    size_t i = 0;
    while (true)
    {
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i])))
        {
            ++i;
        }
        std::string field;
        if (i < line.size() && line[i] == '"')
        {
            const size_t end = line.find('"', i + 1);
            if (end == std::string::npos)
            {
                return false;
            }
            field = line.substr(i + 1, end - i - 1);
            i = end + 1;
        }
        else
        {
            const size_t end = line.find(',', i);
            field = line.substr(i, end == std::string::npos ? std::string::npos : end - i);
            while (!field.empty() && std::isspace(static_cast<unsigned char>(field.back())))
            {
                field.pop_back();
            }
            i = (end == std::string::npos) ? line.size() : end;
        }
        fields.push_back(field);
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i])))
        {
            ++i;
        }
        if (i >= line.size())
        {
            return true;
        }
        if (line[i] != ',')
        {
            return false;
        }
        ++i;
    }
}

} // namespace

WiresharkEspSa
WiresharkEspSa::FromSa(const SecurityAssociation& sa)
{
    const IpsecSaParams& p = sa.GetParams();
    WiresharkEspSa row;
    std::ostringstream src;
    std::ostringstream dst;
    std::ostringstream spi;
    src << p.source;
    dst << p.destination;
    spi << "0x" << std::hex << std::setw(8) << std::setfill('0') << p.spi;
    row.protocol = p.source.IsIpv6() ? "IPv6" : "IPv4";
    row.source = src.str();
    row.destination = dst.str();
    row.spi = spi.str();
    // An AH SA is written as Wireshark's NULL-encryption row with its integrity algorithm, the
    // form ipsec-pcap-decode and test/esp-crosscheck.py read AH keys in.
    const EncryptionAlgorithmInfo* enc = IpsecAlgorithmRegistry::Find(
        p.protocol == IpsecProtocol::AH ? IpsecEncryption::NULL_ENC : p.encryption);
    const IntegrityAlgorithmInfo* auth = IpsecAlgorithmRegistry::Find(p.integrity);
    row.encryption = enc->wiresharkName;
    row.encryptionKey = HexKey(p.encryptionKey);
    row.authentication = auth->wiresharkName;
    row.authenticationKey = HexKey(p.integrityKey);
    const uint16_t keyBits = static_cast<uint16_t>((p.encryptionKey.size() - enc->saltBytes) * 8);
    const auto& wsBits = enc->wiresharkKeyBits;
    const bool wiresharkKey =
        wsBits.empty() || std::find(wsBits.begin(), wsBits.end(), keyBits) != wsBits.end();
    row.usability = (enc->wiresharkSupported && auth->wiresharkSupported && wiresharkKey)
                        ? WIRESHARK
                        : MODULE_ONLY;
    if (p.cryptoMode == IpsecCryptoMode::SIZE_ONLY)
    {
        row.usability = SIZE_ONLY;
    }
    return row;
}

bool
WiresharkEspSa::Parse(const std::string& rawLine, WiresharkEspSa& row, std::string& error)
{
    std::string line = rawLine;
    Usability usability = WIRESHARK;
    for (const auto& [prefix, kind] : {std::make_pair(std::string(MODULE_ONLY_PREFIX), MODULE_ONLY),
                                       std::make_pair(std::string(SIZE_ONLY_PREFIX), SIZE_ONLY),
                                       std::make_pair(std::string("uat:esp_sa:"), WIRESHARK)})
    {
        if (line.rfind(prefix, 0) == 0)
        {
            line = line.substr(prefix.size());
            usability = kind;
            break;
        }
    }
    std::vector<std::string> f;
    if (!SplitFields(line, f))
    {
        error = "unbalanced quotes or stray characters";
        return false;
    }
    if (f.size() != 8)
    {
        error = "expected 8 fields, found " + std::to_string(f.size());
        return false;
    }
    row = WiresharkEspSa{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], usability};
    if (row.protocol != "IPv4" && row.protocol != "IPv6")
    {
        error = "protocol must be IPv4 or IPv6, not '" + row.protocol + "'";
        return false;
    }
    uint32_t spi;
    if (row.spi != "*" && !ParseSpi(row.spi, spi))
    {
        error = "bad SPI '" + row.spi + "'";
        return false;
    }
    return true;
}

bool
WiresharkEspSa::ToSaParams(IpsecSaParams& params, std::string& error) const
{
    const EncryptionAlgorithmInfo* enc = IpsecAlgorithmRegistry::FindEncryption(encryption);
    if (!enc)
    {
        error = "encryption '" + encryption + "' is not implemented by the module";
        return false;
    }
    const IntegrityAlgorithmInfo* auth = IpsecAlgorithmRegistry::FindIntegrity(authentication);
    if (!auth)
    {
        error = "authentication '" + authentication + "' is not implemented by the module";
        return false;
    }
    params = IpsecSaParams();
    params.encryption = enc->id;
    params.integrity = auth->id;
    if (!ParseHexKey(encryptionKey, params.encryptionKey) ||
        !ParseHexKey(authenticationKey, params.integrityKey))
    {
        error = "keys must be 0x-prefixed hex";
        return false;
    }
    const bool ipv6 = protocol == "IPv6";
    if (!ParseAddress(source, ipv6, params.source) ||
        !ParseAddress(destination, ipv6, params.destination))
    {
        error = ipv6 ? "addresses must be IPv6 or *" : "addresses must be dotted-quad IPv4 or *";
        return false;
    }
    uint32_t spiValue = 0x100;
    if (spi != "*")
    {
        ParseSpi(spi, spiValue);
    }
    params.spi = std::max<uint32_t>(spiValue, 0x100);
    error = IpsecAlgorithmRegistry::ValidateEsp(params.encryption,
                                                params.encryptionKey,
                                                params.integrity,
                                                params.integrityKey);
    return error.empty();
}

bool
WiresharkEspSa::Matches(const std::string& src, const std::string& dst, uint32_t packetSpi) const
{
    if ((source != "*" && source != src) || (destination != "*" && destination != dst))
    {
        return false;
    }
    if (spi == "*")
    {
        return true;
    }
    uint32_t value;
    return ParseSpi(spi, value) && value == packetSpi;
}

std::string
WiresharkEspSa::Format() const
{
    std::ostringstream os;
    os << (usability == MODULE_ONLY ? MODULE_ONLY_PREFIX
                                    : (usability == SIZE_ONLY ? SIZE_ONLY_PREFIX : ""));
    os << '"' << protocol << "\",\"" << source << "\",\"" << destination << "\",\"" << spi
       << "\",\"" << encryption << "\",\"" << encryptionKey << "\",\"" << authentication << "\",\""
       << authenticationKey << '"';
    return os.str();
}

bool
ReadWiresharkEspSaFile(const std::string& filename,
                       std::vector<WiresharkEspSa>& rows,
                       std::string& error)
{
    std::ifstream in(filename);
    if (!in)
    {
        error = filename + ": cannot open";
        return false;
    }
    rows.clear();
    std::string line;
    unsigned lineNo = 0;
    while (std::getline(in, line))
    {
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        const size_t first = line.find_first_not_of(" \t");
        const std::string rest = first == std::string::npos ? "" : line.substr(first);
        const bool moduleRow = rest.rfind(WiresharkEspSa::MODULE_ONLY_PREFIX, 0) == 0 ||
                               rest.rfind(WiresharkEspSa::SIZE_ONLY_PREFIX, 0) == 0;
        if (rest.empty() || (rest[0] == '#' && !moduleRow))
        {
            continue;
        }
        WiresharkEspSa row;
        std::string why;
        if (!WiresharkEspSa::Parse(line.substr(first), row, why))
        {
            error = filename + ":" + std::to_string(lineNo) + ": " + why;
            return false;
        }
        rows.push_back(row);
    }
    return true;
}

} // namespace ns3
