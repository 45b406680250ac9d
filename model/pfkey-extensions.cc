/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "pfkey-extensions.h"

#include <algorithm>
#include <cstring>
#include <sstream>

namespace ns3
{

namespace
{

// PF_KEY fields are in host byte order (the message crosses a local socket, never a
// network), so they are copied as the host stores them; SPIs, ports and IPv6 flow labels
// are in network order, as in the IP headers they describe.

template <typename T>
void
PutHost(std::vector<uint8_t>& out, T value)
{
    uint8_t bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.insert(out.end(), bytes, bytes + sizeof(T));
}

template <typename T>
T
GetHost(const uint8_t* data)
{
    T value;
    std::memcpy(&value, data, sizeof(T));
    return value;
}

void
PutNetwork16(std::vector<uint8_t>& out, uint16_t value)
{
    out.push_back(static_cast<uint8_t>(value >> 8));
    out.push_back(static_cast<uint8_t>(value));
}

void
PutNetwork32(std::vector<uint8_t>& out, uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
    {
        out.push_back(static_cast<uint8_t>(value >> shift));
    }
}

uint16_t
GetNetwork16(const uint8_t* data)
{
    return static_cast<uint16_t>((data[0] << 8) | data[1]);
}

uint32_t
GetNetwork32(const uint8_t* data)
{
    return (uint32_t(data[0]) << 24) | (uint32_t(data[1]) << 16) | (uint32_t(data[2]) << 8) |
           uint32_t(data[3]);
}

void
PutZeros(std::vector<uint8_t>& out, size_t count)
{
    out.insert(out.end(), count, 0);
}

/// Round up to the PF_KEY unit.
uint32_t
Align8(uint32_t size)
{
    return (size + PFKEY_UNIT - 1) / PFKEY_UNIT * PFKEY_UNIT;
}

/// Begin an extension: its sadb_ext header with a placeholder length; returns its offset.
size_t
BeginExtension(std::vector<uint8_t>& out, PfKeyExtensionType type)
{
    const size_t start = out.size();
    PutHost<uint16_t>(out, 0);
    PutHost<uint16_t>(out, static_cast<uint16_t>(type));
    return start;
}

/// Pad the extension begun at @p start with zeros and write its length in 64-bit words.
void
EndExtension(std::vector<uint8_t>& out, size_t start)
{
    const auto size = static_cast<uint32_t>(out.size() - start);
    PutZeros(out, Align8(size) - size);
    const auto units = static_cast<uint16_t>((out.size() - start) / PFKEY_UNIT);
    std::memcpy(out.data() + start, &units, sizeof(units));
}

PfKeyStatus
Invalid(const std::string& reason)
{
    return PfKeyStatus::Fail(PfKeyErrno::INVALID_ARGUMENT, reason);
}

/// Refuse an extension of a fixed-size struct whose length differs from it.
PfKeyStatus
CheckFixedSize(const char* what, uint32_t length, uint32_t expected)
{
    if (length != expected)
    {
        std::ostringstream os;
        os << what << " extension is " << length << " bytes, its struct is " << expected;
        return Invalid(os.str());
    }
    return PfKeyStatus{};
}

/// Refuse an extension shorter than the fixed part of its struct.
PfKeyStatus
CheckMinimumSize(const char* what, uint32_t length, uint32_t minimum)
{
    if (length < minimum)
    {
        std::ostringstream os;
        os << what << " extension is " << length << " bytes, shorter than its struct (" << minimum
           << ")";
        return Invalid(os.str());
    }
    return PfKeyStatus{};
}

constexpr uint32_t SOCKADDR_IN_SIZE = 16;  //!< sizeof(struct sockaddr_in)
constexpr uint32_t SOCKADDR_IN6_SIZE = 28; //!< sizeof(struct sockaddr_in6)

} // namespace

// ------------------------------------------------------------------------- PfKeySockaddr

uint32_t
PfKeySockaddr::GetSize() const
{
    switch (address.GetFamily())
    {
    case IpsecAddress::IPV4:
        return SOCKADDR_IN_SIZE;
    case IpsecAddress::IPV6:
        return SOCKADDR_IN6_SIZE;
    default:
        return 0;
    }
}

void
PfKeySockaddr::Encode(std::vector<uint8_t>& out) const
{
    if (address.IsIpv4())
    {
        PutHost<uint16_t>(out, PFKEY_AF_INET);
        PutNetwork16(out, port);
        out.insert(out.end(), address.GetBytes(), address.GetBytes() + 4);
        PutZeros(out, 8); // sin_zero
    }
    else if (address.IsIpv6())
    {
        PutHost<uint16_t>(out, PFKEY_AF_INET6);
        PutNetwork16(out, port);
        PutNetwork32(out, flowInfo);
        out.insert(out.end(), address.GetBytes(), address.GetBytes() + 16);
        PutHost<uint32_t>(out, scopeId);
    }
}

PfKeyStatus
PfKeySockaddr::Decode(const uint8_t* data, uint32_t available, PfKeySockaddr& sockaddr)
{
    if (available < 2)
    {
        return Invalid("no room for a sockaddr family");
    }
    const auto family = GetHost<uint16_t>(data);
    sockaddr = PfKeySockaddr{};
    if (family == PFKEY_AF_INET)
    {
        if (available < SOCKADDR_IN_SIZE)
        {
            return Invalid("sockaddr_in does not fit");
        }
        sockaddr.port = GetNetwork16(data + 2);
        sockaddr.address = Ipv4Address(GetNetwork32(data + 4));
        return PfKeyStatus{};
    }
    if (family == PFKEY_AF_INET6)
    {
        if (available < SOCKADDR_IN6_SIZE)
        {
            return Invalid("sockaddr_in6 does not fit");
        }
        sockaddr.port = GetNetwork16(data + 2);
        sockaddr.flowInfo = GetNetwork32(data + 4);
        uint8_t bytes[16];
        std::memcpy(bytes, data + 8, sizeof(bytes));
        sockaddr.address = Ipv6Address(bytes);
        sockaddr.scopeId = GetHost<uint32_t>(data + 24);
        return PfKeyStatus{};
    }
    std::ostringstream os;
    os << "sockaddr family " << family << " is neither AF_INET (" << PFKEY_AF_INET
       << ") nor AF_INET6 (" << PFKEY_AF_INET6 << ")";
    return Invalid(os.str());
}

// ---------------------------------------------------------------------- PfKeySaExtension

void
PfKeySaExtension::Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const
{
    const size_t start = BeginExtension(out, type);
    PutNetwork32(out, spi);
    out.push_back(replayWindow);
    out.push_back(static_cast<uint8_t>(state));
    out.push_back(auth);
    out.push_back(encrypt);
    PutHost<uint32_t>(out, flags);
    EndExtension(out, start);
}

PfKeyStatus
PfKeySaExtension::Decode(const uint8_t* data, uint32_t length, PfKeySaExtension& extension)
{
    PfKeyStatus status = CheckFixedSize("SA", length, SIZE);
    if (!status.IsOk())
    {
        return status;
    }
    extension.spi = GetNetwork32(data + 4);
    extension.replayWindow = data[8];
    extension.state = static_cast<PfKeySaState>(data[9]);
    extension.auth = data[10];
    extension.encrypt = data[11];
    extension.flags = GetHost<uint32_t>(data + 12);
    return status;
}

// ---------------------------------------------------------------- PfKeyLifetimeExtension

void
PfKeyLifetimeExtension::Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const
{
    const size_t start = BeginExtension(out, type);
    PutHost<uint32_t>(out, allocations);
    PutHost<uint64_t>(out, bytes);
    PutHost<uint64_t>(out, addTime);
    PutHost<uint64_t>(out, useTime);
    EndExtension(out, start);
}

PfKeyStatus
PfKeyLifetimeExtension::Decode(const uint8_t* data,
                               uint32_t length,
                               PfKeyLifetimeExtension& extension)
{
    PfKeyStatus status = CheckFixedSize("lifetime", length, SIZE);
    if (!status.IsOk())
    {
        return status;
    }
    extension.allocations = GetHost<uint32_t>(data + 4);
    extension.bytes = GetHost<uint64_t>(data + 8);
    extension.addTime = GetHost<uint64_t>(data + 16);
    extension.useTime = GetHost<uint64_t>(data + 24);
    return status;
}

// ----------------------------------------------------------------- PfKeyAddressExtension

PfKeyAddressExtension
PfKeyAddressExtension::ForHost(const IpsecAddress& address, uint16_t port, uint8_t protocol)
{
    PfKeyAddressExtension extension;
    extension.protocol = protocol;
    extension.prefixLength = static_cast<uint8_t>(address.GetLength() * 8);
    extension.sockaddr.address = address;
    extension.sockaddr.port = port;
    return extension;
}

void
PfKeyAddressExtension::Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const
{
    const size_t start = BeginExtension(out, type);
    out.push_back(protocol);
    out.push_back(prefixLength);
    PutHost<uint16_t>(out, 0);
    sockaddr.Encode(out);
    EndExtension(out, start);
}

PfKeyStatus
PfKeyAddressExtension::Decode(const uint8_t* data,
                              uint32_t length,
                              PfKeyAddressExtension& extension)
{
    // Linux's minimum: the header and a generic struct sockaddr (16 bytes).
    PfKeyStatus status = CheckMinimumSize("address", length, HEADER_SIZE + SOCKADDR_IN_SIZE);
    if (!status.IsOk())
    {
        return status;
    }
    extension.protocol = data[4];
    extension.prefixLength = data[5];
    status = PfKeySockaddr::Decode(data + HEADER_SIZE, length - HEADER_SIZE, extension.sockaddr);
    if (!status.IsOk())
    {
        status.reason = "address extension: " + status.reason;
        return status;
    }
    const uint32_t expected = Align8(HEADER_SIZE + extension.sockaddr.GetSize());
    const uint32_t maxPrefix = extension.sockaddr.address.GetLength() * 8;
    if (length != expected)
    {
        std::ostringstream os;
        os << "address extension is " << length << " bytes, its "
           << (extension.sockaddr.address.IsIpv4() ? "sockaddr_in" : "sockaddr_in6")
           << " needs exactly " << expected;
        return Invalid(os.str());
    }
    if (extension.prefixLength > maxPrefix)
    {
        std::ostringstream os;
        os << "address prefix length " << unsigned(extension.prefixLength) << " exceeds "
           << maxPrefix;
        return Invalid(os.str());
    }
    return status;
}

// --------------------------------------------------------------------- PfKeyKeyExtension

PfKeyKeyExtension
PfKeyKeyExtension::FromBytes(const std::vector<uint8_t>& key)
{
    PfKeyKeyExtension extension;
    extension.bits = static_cast<uint16_t>(key.size() * 8);
    extension.data = key;
    return extension;
}

void
PfKeyKeyExtension::Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const
{
    const size_t start = BeginExtension(out, type);
    PutHost<uint16_t>(out, bits);
    PutHost<uint16_t>(out, 0);
    const size_t keyBytes = (bits + 7u) / 8u;
    const size_t copied = std::min(keyBytes, data.size());
    out.insert(out.end(), data.begin(), data.begin() + copied);
    PutZeros(out, keyBytes - copied);
    EndExtension(out, start);
}

PfKeyStatus
PfKeyKeyExtension::Decode(const uint8_t* data, uint32_t length, PfKeyKeyExtension& extension)
{
    PfKeyStatus status = CheckMinimumSize("key", length, HEADER_SIZE);
    if (!status.IsOk())
    {
        return status;
    }
    extension.bits = GetHost<uint16_t>(data + 4);
    const uint32_t keyBytes = (extension.bits + 7u) / 8u;
    if (HEADER_SIZE + keyBytes > length)
    {
        std::ostringstream os;
        os << "key of " << extension.bits << " bits does not fit its " << length
           << "-byte extension";
        return Invalid(os.str());
    }
    extension.data.assign(data + HEADER_SIZE, data + HEADER_SIZE + keyBytes);
    return status;
}

// ---------------------------------------------------------------- PfKeyIdentityExtension

void
PfKeyIdentityExtension::Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const
{
    const size_t start = BeginExtension(out, type);
    PutHost<uint16_t>(out, static_cast<uint16_t>(this->type));
    PutHost<uint16_t>(out, 0);
    PutHost<uint64_t>(out, id);
    if (!text.empty())
    {
        // Up to the first NUL: the string is NUL-terminated on the wire.
        out.insert(out.end(), text.begin(), std::find(text.begin(), text.end(), '\0'));
        out.push_back(0);
    }
    EndExtension(out, start);
}

PfKeyStatus
PfKeyIdentityExtension::Decode(const uint8_t* data,
                               uint32_t length,
                               PfKeyIdentityExtension& extension)
{
    PfKeyStatus status = CheckMinimumSize("identity", length, HEADER_SIZE);
    if (!status.IsOk())
    {
        return status;
    }
    extension.type = static_cast<PfKeyIdentityType>(GetHost<uint16_t>(data + 4));
    extension.id = GetHost<uint64_t>(data + 8);
    extension.text.clear();
    if (length > HEADER_SIZE)
    {
        const uint8_t* begin = data + HEADER_SIZE;
        const uint8_t* end = data + length;
        const uint8_t* nul = std::find(begin, end, 0);
        if (nul == end)
        {
            return Invalid("identity string is not NUL-terminated inside its extension");
        }
        extension.text.assign(begin, nul);
    }
    return status;
}

// ------------------------------------------------------------- PfKeySensitivityExtension

void
PfKeySensitivityExtension::Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const
{
    const size_t start = BeginExtension(out, type);
    const auto sensitivityWords =
        static_cast<uint8_t>(std::min<size_t>(sensitivityBitmap.size(), 255));
    const auto integrityWords = static_cast<uint8_t>(std::min<size_t>(integrityBitmap.size(), 255));
    PutHost<uint32_t>(out, dpd);
    out.push_back(sensitivityLevel);
    out.push_back(sensitivityWords);
    out.push_back(integrityLevel);
    out.push_back(integrityWords);
    PutHost<uint32_t>(out, 0);
    for (size_t i = 0; i < sensitivityWords; ++i)
    {
        PutHost<uint64_t>(out, sensitivityBitmap[i]);
    }
    for (size_t i = 0; i < integrityWords; ++i)
    {
        PutHost<uint64_t>(out, integrityBitmap[i]);
    }
    EndExtension(out, start);
}

PfKeyStatus
PfKeySensitivityExtension::Decode(const uint8_t* data,
                                  uint32_t length,
                                  PfKeySensitivityExtension& extension)
{
    PfKeyStatus status = CheckMinimumSize("sensitivity", length, HEADER_SIZE);
    if (!status.IsOk())
    {
        return status;
    }
    extension.dpd = GetHost<uint32_t>(data + 4);
    extension.sensitivityLevel = data[8];
    const uint8_t sensitivityWords = data[9];
    extension.integrityLevel = data[10];
    const uint8_t integrityWords = data[11];
    const uint32_t needed = HEADER_SIZE + (sensitivityWords + integrityWords) * PFKEY_UNIT;
    if (needed != length)
    {
        std::ostringstream os;
        os << "sensitivity bitmaps of " << unsigned(sensitivityWords) << " + "
           << unsigned(integrityWords) << " words need " << needed << " bytes, the extension is "
           << length;
        return Invalid(os.str());
    }
    extension.sensitivityBitmap.clear();
    extension.integrityBitmap.clear();
    const uint8_t* word = data + HEADER_SIZE;
    for (unsigned i = 0; i < sensitivityWords; ++i, word += PFKEY_UNIT)
    {
        extension.sensitivityBitmap.push_back(GetHost<uint64_t>(word));
    }
    for (unsigned i = 0; i < integrityWords; ++i, word += PFKEY_UNIT)
    {
        extension.integrityBitmap.push_back(GetHost<uint64_t>(word));
    }
    return status;
}

// ---------------------------------------------------------------- PfKeyProposalExtension

void
PfKeyProposalExtension::Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const
{
    const size_t start = BeginExtension(out, type);
    out.push_back(replayWindow);
    PutZeros(out, 3);
    for (const auto& comb : combinations)
    {
        out.push_back(comb.auth);
        out.push_back(comb.encrypt);
        PutHost<uint16_t>(out, comb.flags);
        PutHost<uint16_t>(out, comb.authMinBits);
        PutHost<uint16_t>(out, comb.authMaxBits);
        PutHost<uint16_t>(out, comb.encryptMinBits);
        PutHost<uint16_t>(out, comb.encryptMaxBits);
        PutHost<uint32_t>(out, 0);
        PutHost<uint32_t>(out, comb.softAllocations);
        PutHost<uint32_t>(out, comb.hardAllocations);
        PutHost<uint64_t>(out, comb.softBytes);
        PutHost<uint64_t>(out, comb.hardBytes);
        PutHost<uint64_t>(out, comb.softAddTime);
        PutHost<uint64_t>(out, comb.hardAddTime);
        PutHost<uint64_t>(out, comb.softUseTime);
        PutHost<uint64_t>(out, comb.hardUseTime);
    }
    EndExtension(out, start);
}

PfKeyStatus
PfKeyProposalExtension::Decode(const uint8_t* data,
                               uint32_t length,
                               PfKeyProposalExtension& extension)
{
    PfKeyStatus status = CheckMinimumSize("proposal", length, HEADER_SIZE);
    if (!status.IsOk())
    {
        return status;
    }
    if ((length - HEADER_SIZE) % PfKeyCombination::SIZE != 0)
    {
        std::ostringstream os;
        os << "proposal extension of " << length << " bytes does not hold a whole number of "
           << PfKeyCombination::SIZE << "-byte combinations";
        return Invalid(os.str());
    }
    extension.replayWindow = data[4];
    extension.combinations.clear();
    for (const uint8_t* p = data + HEADER_SIZE; p < data + length; p += PfKeyCombination::SIZE)
    {
        PfKeyCombination comb;
        comb.auth = p[0];
        comb.encrypt = p[1];
        comb.flags = GetHost<uint16_t>(p + 2);
        comb.authMinBits = GetHost<uint16_t>(p + 4);
        comb.authMaxBits = GetHost<uint16_t>(p + 6);
        comb.encryptMinBits = GetHost<uint16_t>(p + 8);
        comb.encryptMaxBits = GetHost<uint16_t>(p + 10);
        comb.softAllocations = GetHost<uint32_t>(p + 16);
        comb.hardAllocations = GetHost<uint32_t>(p + 20);
        comb.softBytes = GetHost<uint64_t>(p + 24);
        comb.hardBytes = GetHost<uint64_t>(p + 32);
        comb.softAddTime = GetHost<uint64_t>(p + 40);
        comb.hardAddTime = GetHost<uint64_t>(p + 48);
        comb.softUseTime = GetHost<uint64_t>(p + 56);
        comb.hardUseTime = GetHost<uint64_t>(p + 64);
        extension.combinations.push_back(comb);
    }
    return status;
}

// --------------------------------------------------------------- PfKeySupportedExtension

void
PfKeySupportedExtension::Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const
{
    const size_t start = BeginExtension(out, type);
    PutHost<uint32_t>(out, 0);
    for (const auto& algorithm : algorithms)
    {
        out.push_back(algorithm.id);
        out.push_back(algorithm.ivLength);
        PutHost<uint16_t>(out, algorithm.minBits);
        PutHost<uint16_t>(out, algorithm.maxBits);
        PutHost<uint16_t>(out, 0);
    }
    EndExtension(out, start);
}

PfKeyStatus
PfKeySupportedExtension::Decode(const uint8_t* data,
                                uint32_t length,
                                PfKeySupportedExtension& extension)
{
    PfKeyStatus status = CheckMinimumSize("supported", length, HEADER_SIZE);
    if (!status.IsOk())
    {
        return status;
    }
    // Lengths are whole 64-bit words and struct sadb_alg is one word: nothing can be left.
    extension.algorithms.clear();
    for (const uint8_t* p = data + HEADER_SIZE; p < data + length;
         p += PfKeyAlgorithmDescription::SIZE)
    {
        PfKeyAlgorithmDescription algorithm;
        algorithm.id = p[0];
        algorithm.ivLength = p[1];
        algorithm.minBits = GetHost<uint16_t>(p + 2);
        algorithm.maxBits = GetHost<uint16_t>(p + 4);
        extension.algorithms.push_back(algorithm);
    }
    return status;
}

// ---------------------------------------------------------------- PfKeySpiRangeExtension

void
PfKeySpiRangeExtension::Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const
{
    const size_t start = BeginExtension(out, type);
    PutHost<uint32_t>(out, min);
    PutHost<uint32_t>(out, max);
    PutHost<uint32_t>(out, 0);
    EndExtension(out, start);
}

PfKeyStatus
PfKeySpiRangeExtension::Decode(const uint8_t* data,
                               uint32_t length,
                               PfKeySpiRangeExtension& extension)
{
    PfKeyStatus status = CheckFixedSize("SPI range", length, SIZE);
    if (!status.IsOk())
    {
        return status;
    }
    extension.min = GetHost<uint32_t>(data + 4);
    extension.max = GetHost<uint32_t>(data + 8);
    return status;
}

// --------------------------------------------------------------------- PfKeySa2Extension

void
PfKeySa2Extension::Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const
{
    const size_t start = BeginExtension(out, type);
    out.push_back(static_cast<uint8_t>(mode));
    out.push_back(0);
    PutHost<uint16_t>(out, 0);
    PutHost<uint32_t>(out, sequence);
    PutHost<uint32_t>(out, reqid);
    EndExtension(out, start);
}

PfKeyStatus
PfKeySa2Extension::Decode(const uint8_t* data, uint32_t length, PfKeySa2Extension& extension)
{
    PfKeyStatus status = CheckFixedSize("SA2", length, SIZE);
    if (!status.IsOk())
    {
        return status;
    }
    extension.mode = static_cast<PfKeyIpsecMode>(data[4]);
    extension.sequence = GetHost<uint32_t>(data + 8);
    extension.reqid = GetHost<uint32_t>(data + 12);
    return status;
}

// ------------------------------------------------------------------- PfKeyIpsecRequest

uint32_t
PfKeyIpsecRequest::GetSize() const
{
    if (!hasEndpoints)
    {
        return HEADER_SIZE;
    }
    return Align8(HEADER_SIZE + tunnelSource.GetSize() + tunnelDestination.GetSize());
}

// ----------------------------------------------------------------- PfKeyPolicyExtension

void
PfKeyPolicyExtension::Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const
{
    const size_t start = BeginExtension(out, type);
    PutHost<uint16_t>(out, static_cast<uint16_t>(this->type));
    out.push_back(static_cast<uint8_t>(direction));
    out.push_back(0);
    PutHost<uint32_t>(out, id);
    PutHost<uint32_t>(out, priority);
    for (const auto& request : requests)
    {
        const size_t requestStart = out.size();
        PutHost<uint16_t>(out, static_cast<uint16_t>(request.GetSize()));
        PutHost<uint16_t>(out, request.protocol);
        out.push_back(static_cast<uint8_t>(request.mode));
        out.push_back(static_cast<uint8_t>(request.level));
        PutHost<uint16_t>(out, 0);
        PutHost<uint32_t>(out, request.reqid);
        PutHost<uint32_t>(out, 0);
        if (request.hasEndpoints)
        {
            request.tunnelSource.Encode(out);
            request.tunnelDestination.Encode(out);
        }
        PutZeros(out, requestStart + request.GetSize() - out.size());
    }
    EndExtension(out, start);
}

PfKeyStatus
PfKeyPolicyExtension::Decode(const uint8_t* data, uint32_t length, PfKeyPolicyExtension& extension)
{
    PfKeyStatus status = CheckMinimumSize("policy", length, HEADER_SIZE);
    if (!status.IsOk())
    {
        return status;
    }
    extension.type = static_cast<PfKeyPolicyType>(GetHost<uint16_t>(data + 4));
    extension.direction = static_cast<PfKeyPolicyDirection>(data[6]);
    extension.id = GetHost<uint32_t>(data + 8);
    extension.priority = GetHost<uint32_t>(data + 12);
    extension.requests.clear();

    uint32_t offset = HEADER_SIZE;
    while (offset < length)
    {
        const uint32_t left = length - offset;
        const uint8_t* p = data + offset;
        std::ostringstream where;
        where << "ipsecrequest " << extension.requests.size() + 1 << ": ";
        if (left < PfKeyIpsecRequest::HEADER_SIZE)
        {
            return Invalid(where.str() + "fewer bytes left than its 16-byte header");
        }
        const uint16_t requestLength = GetHost<uint16_t>(p);
        if (requestLength < PfKeyIpsecRequest::HEADER_SIZE || requestLength > left ||
            requestLength % PFKEY_UNIT != 0)
        {
            std::ostringstream os;
            os << where.str() << "length " << requestLength
               << " bytes is not a multiple of 8 between 16 and the " << left
               << " bytes left in the policy";
            return Invalid(os.str());
        }
        PfKeyIpsecRequest request;
        request.protocol = GetHost<uint16_t>(p + 2);
        request.mode = static_cast<PfKeyIpsecMode>(p[4]);
        request.level = static_cast<PfKeyIpsecLevel>(p[5]);
        request.reqid = GetHost<uint32_t>(p + 8);
        if (requestLength > PfKeyIpsecRequest::HEADER_SIZE)
        {
            const uint32_t pairRoom = requestLength - PfKeyIpsecRequest::HEADER_SIZE;
            status = PfKeySockaddr::Decode(p + PfKeyIpsecRequest::HEADER_SIZE,
                                           pairRoom,
                                           request.tunnelSource);
            if (!status.IsOk())
            {
                return Invalid(where.str() + "tunnel source: " + status.reason);
            }
            const uint32_t sourceSize = request.tunnelSource.GetSize();
            status = PfKeySockaddr::Decode(p + PfKeyIpsecRequest::HEADER_SIZE + sourceSize,
                                           pairRoom - sourceSize,
                                           request.tunnelDestination);
            if (!status.IsOk())
            {
                return Invalid(where.str() + "tunnel destination: " + status.reason);
            }
            if (request.tunnelSource.address.GetFamily() !=
                request.tunnelDestination.address.GetFamily())
            {
                return Invalid(where.str() + "tunnel endpoints of two address families");
            }
            request.hasEndpoints = true;
            if (request.GetSize() != requestLength)
            {
                std::ostringstream os;
                os << where.str() << "length " << requestLength << " bytes, its sockaddr pair "
                   << "needs exactly " << request.GetSize();
                return Invalid(os.str());
            }
        }
        extension.requests.push_back(request);
        offset += requestLength;
    }
    return status;
}

// ---------------------------------------------------------------- PfKeyNatTypeExtension

void
PfKeyNatTypeExtension::Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const
{
    const size_t start = BeginExtension(out, type);
    out.push_back(static_cast<uint8_t>(this->type));
    PutZeros(out, 3);
    EndExtension(out, start);
}

PfKeyStatus
PfKeyNatTypeExtension::Decode(const uint8_t* data,
                              uint32_t length,
                              PfKeyNatTypeExtension& extension)
{
    PfKeyStatus status = CheckFixedSize("NAT-T type", length, SIZE);
    if (status.IsOk())
    {
        extension.type = static_cast<PfKeyNatTraversalType>(data[4]);
    }
    return status;
}

// ---------------------------------------------------------------- PfKeyNatPortExtension

void
PfKeyNatPortExtension::Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const
{
    const size_t start = BeginExtension(out, type);
    PutNetwork16(out, port);
    PutHost<uint16_t>(out, 0);
    EndExtension(out, start);
}

PfKeyStatus
PfKeyNatPortExtension::Decode(const uint8_t* data,
                              uint32_t length,
                              PfKeyNatPortExtension& extension)
{
    PfKeyStatus status = CheckFixedSize("NAT-T port", length, SIZE);
    if (status.IsOk())
    {
        extension.port = GetNetwork16(data + 4);
    }
    return status;
}

// ----------------------------------------------------------------- PfKeyOpaqueExtension

void
PfKeyOpaqueExtension::Encode(std::vector<uint8_t>& out) const
{
    const size_t start = BeginExtension(out, type);
    out.insert(out.end(), body.begin(), body.end());
    EndExtension(out, start);
}

PfKeyStatus
PfKeyOpaqueExtension::Decode(const uint8_t* data, uint32_t length, PfKeyOpaqueExtension& extension)
{
    extension.type = static_cast<PfKeyExtensionType>(GetHost<uint16_t>(data + 2));
    // Linux's minimum sizes: struct sadb_x_kmprivate, sec_ctx and kmaddress are 8 bytes,
    // struct sadb_x_filter 40.
    const uint32_t minimum = extension.type == PfKeyExtensionType::X_FILTER ? 40 : 8;
    PfKeyStatus status =
        CheckMinimumSize(PfKeyExtensionTypeName(extension.type).c_str(), length, minimum);
    if (!status.IsOk())
    {
        return status;
    }
    if (extension.type == PfKeyExtensionType::X_SEC_CTX)
    {
        const uint16_t contextLength = GetHost<uint16_t>(data + 6);
        const uint32_t expected = Align8(8 + contextLength);
        if (expected != length)
        {
            std::ostringstream os;
            os << "security context of " << contextLength << " bytes needs a " << expected
               << "-byte extension, not " << length;
            return Invalid(os.str());
        }
    }
    extension.body.assign(data + 4, data + length);
    return status;
}

} // namespace ns3
