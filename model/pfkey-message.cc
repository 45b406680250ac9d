/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "pfkey-message.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <cstring>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfKeyMessage");

namespace
{

template <typename T>
T
GetHost(const uint8_t* data)
{
    T value;
    std::memcpy(&value, data, sizeof(T));
    return value;
}

template <typename T>
void
PutHost(uint8_t* data, T value)
{
    std::memcpy(data, &value, sizeof(T));
}

PfKeyStatus
Invalid(const std::string& reason)
{
    return PfKeyStatus::Fail(PfKeyErrno::INVALID_ARGUMENT, reason);
}

/// Whether a type is one the message keeps as opaque bytes.
bool
IsOpaqueType(PfKeyExtensionType type)
{
    return type == PfKeyExtensionType::X_KMPRIVATE || type == PfKeyExtensionType::X_SEC_CTX ||
           type == PfKeyExtensionType::X_KMADDRESS || type == PfKeyExtensionType::X_FILTER;
}

const PfKeyOpaqueExtension*
FindOpaque(const PfKeyMessage& message, PfKeyExtensionType type)
{
    for (const auto& extension : message.opaqueExtensions)
    {
        if (extension.type == type)
        {
            return &extension;
        }
    }
    return nullptr;
}

/// Append one extension if the message carries it; the single place that maps extension
/// types to members for output.
void
EncodeExtension(const PfKeyMessage& m, PfKeyExtensionType type, std::vector<uint8_t>& out)
{
    using T = PfKeyExtensionType;
    switch (type)
    {
    case T::SA:
        return m.sa ? m.sa->Encode(type, out) : void();
    case T::LIFETIME_CURRENT:
        return m.currentLifetime ? m.currentLifetime->Encode(type, out) : void();
    case T::LIFETIME_HARD:
        return m.hardLifetime ? m.hardLifetime->Encode(type, out) : void();
    case T::LIFETIME_SOFT:
        return m.softLifetime ? m.softLifetime->Encode(type, out) : void();
    case T::ADDRESS_SRC:
        return m.sourceAddress ? m.sourceAddress->Encode(type, out) : void();
    case T::ADDRESS_DST:
        return m.destinationAddress ? m.destinationAddress->Encode(type, out) : void();
    case T::ADDRESS_PROXY:
        return m.proxyAddress ? m.proxyAddress->Encode(type, out) : void();
    case T::KEY_AUTH:
        return m.authKey ? m.authKey->Encode(type, out) : void();
    case T::KEY_ENCRYPT:
        return m.encryptKey ? m.encryptKey->Encode(type, out) : void();
    case T::IDENTITY_SRC:
        return m.sourceIdentity ? m.sourceIdentity->Encode(type, out) : void();
    case T::IDENTITY_DST:
        return m.destinationIdentity ? m.destinationIdentity->Encode(type, out) : void();
    case T::SENSITIVITY:
        return m.sensitivity ? m.sensitivity->Encode(type, out) : void();
    case T::PROPOSAL:
        return m.proposal ? m.proposal->Encode(type, out) : void();
    case T::SUPPORTED_AUTH:
        return m.supportedAuth ? m.supportedAuth->Encode(type, out) : void();
    case T::SUPPORTED_ENCRYPT:
        return m.supportedEncrypt ? m.supportedEncrypt->Encode(type, out) : void();
    case T::SPIRANGE:
        return m.spiRange ? m.spiRange->Encode(type, out) : void();
    case T::X_POLICY:
        return m.policy ? m.policy->Encode(type, out) : void();
    case T::X_SA2:
        return m.sa2 ? m.sa2->Encode(type, out) : void();
    case T::X_NAT_T_TYPE:
        return m.natType ? m.natType->Encode(type, out) : void();
    case T::X_NAT_T_SPORT:
        return m.natSourcePort ? m.natSourcePort->Encode(type, out) : void();
    case T::X_NAT_T_DPORT:
        return m.natDestinationPort ? m.natDestinationPort->Encode(type, out) : void();
    case T::X_NAT_T_OA:
        return m.natOriginalAddress ? m.natOriginalAddress->Encode(type, out) : void();
    case T::X_KMPRIVATE:
    case T::X_SEC_CTX:
    case T::X_KMADDRESS:
    case T::X_FILTER:
        if (const auto* opaque = FindOpaque(m, type))
        {
            opaque->Encode(out);
        }
        return;
    case T::RESERVED:
        return;
    }
}

/// Decode an extension of a modelled type into its member.
template <typename Extension>
PfKeyStatus
DecodeInto(const uint8_t* data, uint32_t length, std::optional<Extension>& member)
{
    Extension extension;
    PfKeyStatus status = Extension::Decode(data, length, extension);
    if (status.IsOk())
    {
        member = std::move(extension);
    }
    return status;
}

PfKeyStatus
DecodeExtension(const uint8_t* data, uint32_t length, PfKeyExtensionType type, PfKeyMessage& m)
{
    using T = PfKeyExtensionType;
    switch (type)
    {
    case T::SA:
        return DecodeInto(data, length, m.sa);
    case T::LIFETIME_CURRENT:
        return DecodeInto(data, length, m.currentLifetime);
    case T::LIFETIME_HARD:
        return DecodeInto(data, length, m.hardLifetime);
    case T::LIFETIME_SOFT:
        return DecodeInto(data, length, m.softLifetime);
    case T::ADDRESS_SRC:
        return DecodeInto(data, length, m.sourceAddress);
    case T::ADDRESS_DST:
        return DecodeInto(data, length, m.destinationAddress);
    case T::ADDRESS_PROXY:
        return DecodeInto(data, length, m.proxyAddress);
    case T::KEY_AUTH:
        return DecodeInto(data, length, m.authKey);
    case T::KEY_ENCRYPT:
        return DecodeInto(data, length, m.encryptKey);
    case T::IDENTITY_SRC:
        return DecodeInto(data, length, m.sourceIdentity);
    case T::IDENTITY_DST:
        return DecodeInto(data, length, m.destinationIdentity);
    case T::SENSITIVITY:
        return DecodeInto(data, length, m.sensitivity);
    case T::PROPOSAL:
        return DecodeInto(data, length, m.proposal);
    case T::SUPPORTED_AUTH:
        return DecodeInto(data, length, m.supportedAuth);
    case T::SUPPORTED_ENCRYPT:
        return DecodeInto(data, length, m.supportedEncrypt);
    case T::SPIRANGE:
        return DecodeInto(data, length, m.spiRange);
    case T::X_POLICY:
        return DecodeInto(data, length, m.policy);
    case T::X_SA2:
        return DecodeInto(data, length, m.sa2);
    case T::X_NAT_T_TYPE:
        return DecodeInto(data, length, m.natType);
    case T::X_NAT_T_SPORT:
        return DecodeInto(data, length, m.natSourcePort);
    case T::X_NAT_T_DPORT:
        return DecodeInto(data, length, m.natDestinationPort);
    case T::X_NAT_T_OA:
        return DecodeInto(data, length, m.natOriginalAddress);
    case T::X_KMPRIVATE:
    case T::X_SEC_CTX:
    case T::X_KMADDRESS:
    case T::X_FILTER: {
        PfKeyOpaqueExtension extension;
        PfKeyStatus status = PfKeyOpaqueExtension::Decode(data, length, extension);
        if (status.IsOk())
        {
            m.opaqueExtensions.push_back(std::move(extension));
        }
        return status;
    }
    case T::RESERVED:
        break;
    }
    return Invalid("extension type " + std::to_string(static_cast<unsigned>(type)) +
                   " is not a PF_KEY extension");
}

// ----------------------------------------------------------- request checks (CheckRequest)

PfKeyStatus
Missing(const PfKeyMessage& m, PfKeyExtensionType type, const std::string& why = "")
{
    std::string reason = PfKeyMessageTypeName(m.type) + " needs " + PfKeyExtensionTypeName(type);
    if (!why.empty())
    {
        reason += " (" + why + ")";
    }
    return Invalid(reason);
}

/// RFC 2367's address(SD): both present, of one family (Linux's present_and_same_family).
PfKeyStatus
CheckAddressPair(const PfKeyMessage& m)
{
    if (!m.sourceAddress)
    {
        return Missing(m, PfKeyExtensionType::ADDRESS_SRC);
    }
    if (!m.destinationAddress)
    {
        return Missing(m, PfKeyExtensionType::ADDRESS_DST);
    }
    if (m.sourceAddress->sockaddr.address.GetFamily() !=
        m.destinationAddress->sockaddr.address.GetFamily())
    {
        return Invalid(PfKeyMessageTypeName(m.type) +
                       ": source and destination addresses are of different families");
    }
    return PfKeyStatus{};
}

/// SA messages name one SA type the kernel keys: AH, ESP or IPComp.
PfKeyStatus
CheckSpecificSaType(const PfKeyMessage& m)
{
    if (m.saType != PfKeySaType::AH && m.saType != PfKeySaType::ESP &&
        m.saType != PfKeySaType::X_IPCOMP)
    {
        return Invalid(PfKeyMessageTypeName(m.type) + " needs SA type AH, ESP or IPCOMP, not " +
                       PfKeySaTypeName(m.saType));
    }
    return PfKeyStatus{};
}

/// FLUSH and DUMP take UNSPEC (all) or one keyed SA type.
PfKeyStatus
CheckSaTypeOrAll(const PfKeyMessage& m)
{
    if (m.saType == PfKeySaType::UNSPEC)
    {
        return PfKeyStatus{};
    }
    return CheckSpecificSaType(m);
}

PfKeyStatus
CheckAddOrUpdate(const PfKeyMessage& m)
{
    PfKeyStatus status = CheckSpecificSaType(m);
    if (!status.IsOk())
    {
        return status;
    }
    if (!m.sa)
    {
        return Missing(m, PfKeyExtensionType::SA);
    }
    status = CheckAddressPair(m);
    if (!status.IsOk())
    {
        return status;
    }
    // Linux refuses algorithm numbers past its tables' ends with EINVAL (unknown numbers
    // inside them are ENOSYS, the key engine's business).
    if (m.sa->auth > PFKEY_AALG_MAX || m.sa->encrypt > PFKEY_EALG_MAX)
    {
        return Invalid("algorithm number beyond SADB_AALG_MAX/SADB_EALG_MAX");
    }
    if (m.saType == PfKeySaType::ESP && !m.encryptKey)
    {
        return Missing(m, PfKeyExtensionType::KEY_ENCRYPT, "ESP SAs carry an encryption key");
    }
    if (m.saType == PfKeySaType::AH && !m.authKey)
    {
        return Missing(m, PfKeyExtensionType::KEY_AUTH, "AH SAs carry an authentication key");
    }
    if (m.authKey && m.authKey->bits == 0 && m.sa->auth != PFKEY_AALG_X_NULL)
    {
        return Invalid("authentication key of 0 bits for algorithm " + std::to_string(m.sa->auth));
    }
    if (m.encryptKey && m.encryptKey->bits == 0 && m.sa->encrypt != PFKEY_EALG_NULL)
    {
        return Invalid("encryption key of 0 bits for algorithm " + std::to_string(m.sa->encrypt));
    }
    if (m.sa2 && static_cast<uint8_t>(m.sa2->mode) > static_cast<uint8_t>(PfKeyIpsecMode::BEET))
    {
        return Invalid("SA2 mode " + std::to_string(static_cast<unsigned>(m.sa2->mode)) +
                       " is not an IPSEC_MODE_* value");
    }
    return PfKeyStatus{};
}

PfKeyStatus
CheckPolicyDirection(const PfKeyMessage& m)
{
    const auto direction = static_cast<uint8_t>(m.policy->direction);
    if (direction == 0 || direction >= static_cast<uint8_t>(PfKeyPolicyDirection::MAX))
    {
        return Invalid("policy direction " + std::to_string(direction) +
                       " is not inbound (1), outbound (2) or forward (3)");
    }
    return PfKeyStatus{};
}

PfKeyStatus
CheckPolicyAdd(const PfKeyMessage& m)
{
    if (!m.policy)
    {
        return Missing(m, PfKeyExtensionType::X_POLICY);
    }
    PfKeyStatus status = CheckAddressPair(m);
    if (!status.IsOk())
    {
        return status;
    }
    if (static_cast<uint16_t>(m.policy->type) > static_cast<uint16_t>(PfKeyPolicyType::IPSEC))
    {
        return Invalid("policy type " + std::to_string(static_cast<unsigned>(m.policy->type)) +
                       " is not discard (0), none (1) or ipsec (2)");
    }
    status = CheckPolicyDirection(m);
    if (!status.IsOk() || m.policy->type != PfKeyPolicyType::IPSEC)
    {
        return status;
    }
    size_t index = 0;
    for (const auto& request : m.policy->requests)
    {
        const std::string where = "ipsecrequest " + std::to_string(++index) + ": ";
        if (request.protocol != 50 && request.protocol != 51 && request.protocol != 108)
        {
            return Invalid(where + "protocol " + std::to_string(request.protocol) +
                           " is not ESP (50), AH (51) or IPComp (108)");
        }
        if (static_cast<uint8_t>(request.mode) > static_cast<uint8_t>(PfKeyIpsecMode::BEET))
        {
            return Invalid(where + "mode " + std::to_string(static_cast<unsigned>(request.mode)) +
                           " is not an IPSEC_MODE_* value");
        }
        if (static_cast<uint8_t>(request.level) > static_cast<uint8_t>(PfKeyIpsecLevel::UNIQUE))
        {
            return Invalid(where + "level " + std::to_string(static_cast<unsigned>(request.level)) +
                           " is not an IPSEC_LEVEL_* value");
        }
        if (request.mode == PfKeyIpsecMode::TUNNEL && !request.hasEndpoints)
        {
            return Invalid(where + "tunnel mode without tunnel endpoints");
        }
    }
    return PfKeyStatus{};
}

} // namespace

// --------------------------------------------------------------------------- PfKeyMessage

PfKeyMessage::PfKeyMessage() = default;

PfKeyMessage::PfKeyMessage(PfKeyMessageType type,
                           PfKeySaType saType,
                           uint32_t sequence,
                           uint32_t pid)
    : type(type),
      saType(saType),
      sequence(sequence),
      pid(pid)
{
}

PfKeyStatus
PfKeyMessage::Parse(const std::vector<uint8_t>& bytes, PfKeyMessage& message)
{
    return Parse(bytes.data(), bytes.size(), message);
}

PfKeyStatus
PfKeyMessage::Parse(const uint8_t* data, size_t size, PfKeyMessage& message)
{
    NS_LOG_FUNCTION(size);
    message = PfKeyMessage();
    if (data == nullptr || size < PFKEY_HEADER_SIZE)
    {
        return PfKeyStatus::Fail(PfKeyErrno::MESSAGE_SIZE,
                                 "message of " + std::to_string(size) +
                                     " bytes is shorter than the 16-byte sadb_msg header");
    }
    message.version = data[0];
    message.type = static_cast<PfKeyMessageType>(data[1]);
    message.error = static_cast<PfKeyErrno>(data[2]);
    message.saType = static_cast<PfKeySaType>(data[3]);
    const uint16_t units = GetHost<uint16_t>(data + 4);
    message.reserved = GetHost<uint16_t>(data + 6);
    message.sequence = GetHost<uint32_t>(data + 8);
    message.pid = GetHost<uint32_t>(data + 12);

    // The order of Linux's checks: version and type (EINVAL) before the length (EMSGSIZE).
    if (message.version != PFKEY_VERSION)
    {
        return Invalid("version " + std::to_string(message.version) + " is not PF_KEY_V2 (2)");
    }
    if (message.type == PfKeyMessageType::RESERVED ||
        static_cast<uint8_t>(message.type) > static_cast<uint8_t>(PfKeyMessageType::MAX))
    {
        return Invalid("message type " + std::to_string(static_cast<unsigned>(message.type)) +
                       " is reserved or unknown (valid: 1 to 24)");
    }
    if (size_t(units) * PFKEY_UNIT != size)
    {
        std::ostringstream os;
        os << "sadb_msg_len says " << units << " 64-bit words (" << units * PFKEY_UNIT
           << " bytes) but the message has " << size << " bytes";
        return PfKeyStatus::Fail(PfKeyErrno::MESSAGE_SIZE, os.str());
    }

    bool seen[static_cast<size_t>(PfKeyExtensionType::MAX) + 1] = {};
    size_t offset = PFKEY_HEADER_SIZE;
    while (offset < size)
    {
        // Lengths are whole words, so at least one word (the sadb_ext header) is left.
        const uint8_t* extension = data + offset;
        const uint32_t length = uint32_t(GetHost<uint16_t>(extension)) * PFKEY_UNIT;
        const uint16_t extensionType = GetHost<uint16_t>(extension + 2);
        std::ostringstream where;
        where << "extension at byte " << offset << " ";
        if (length == 0)
        {
            return Invalid(where.str() + "has length 0");
        }
        if (length > size - offset)
        {
            std::ostringstream os;
            os << where.str() << "(" << length << " bytes) runs past the end of the " << size
               << "-byte message";
            return Invalid(os.str());
        }
        if (extensionType == 0 || extensionType > static_cast<uint16_t>(PfKeyExtensionType::MAX))
        {
            // Linux skips types above SADB_EXT_MAX; refusing them makes a sender's mistake
            // visible instead of silently ignoring what it asked for.
            return Invalid(where.str() + "has reserved or unknown type " +
                           std::to_string(extensionType));
        }
        const auto typed = static_cast<PfKeyExtensionType>(extensionType);
        if (seen[extensionType])
        {
            return Invalid("duplicate " + PfKeyExtensionTypeName(typed));
        }
        seen[extensionType] = true;
        PfKeyStatus status = DecodeExtension(extension, length, typed, message);
        if (!status.IsOk())
        {
            status.reason = PfKeyExtensionTypeName(typed) + ": " + status.reason;
            NS_LOG_LOGIC("refused: " << status);
            return status;
        }
        offset += length;
    }
    return PfKeyStatus{};
}

std::vector<uint8_t>
PfKeyMessage::Serialize() const
{
    std::vector<uint8_t> out(PFKEY_HEADER_SIZE, 0);
    out[0] = version;
    out[1] = static_cast<uint8_t>(type);
    out[2] = static_cast<uint8_t>(error);
    out[3] = static_cast<uint8_t>(saType);
    PutHost<uint16_t>(out.data() + 6, reserved);
    PutHost<uint32_t>(out.data() + 8, sequence);
    PutHost<uint32_t>(out.data() + 12, pid);
    for (const auto& opaque : opaqueExtensions)
    {
        NS_ASSERT_MSG(IsOpaqueType(opaque.type),
                      PfKeyExtensionTypeName(opaque.type) << " is not kept as opaque bytes");
    }
    for (uint16_t t = 1; t <= static_cast<uint16_t>(PfKeyExtensionType::MAX); ++t)
    {
        EncodeExtension(*this, static_cast<PfKeyExtensionType>(t), out);
    }
    NS_ASSERT_MSG(out.size() <= PFKEY_MAX_MESSAGE_SIZE,
                  "PF_KEY message of " << out.size() << " bytes exceeds 65535 64-bit words");
    PutHost<uint16_t>(out.data() + 4, static_cast<uint16_t>(out.size() / PFKEY_UNIT));
    return out;
}

uint32_t
PfKeyMessage::GetSerializedSize() const
{
    return static_cast<uint32_t>(Serialize().size());
}

bool
PfKeyMessage::HasExtension(PfKeyExtensionType type) const
{
    if (type == PfKeyExtensionType::RESERVED)
    {
        return false;
    }
    std::vector<uint8_t> probe;
    EncodeExtension(*this, type, probe);
    return !probe.empty();
}

std::vector<PfKeyExtensionType>
PfKeyMessage::GetExtensionTypes() const
{
    std::vector<PfKeyExtensionType> types;
    for (uint16_t t = 1; t <= static_cast<uint16_t>(PfKeyExtensionType::MAX); ++t)
    {
        if (HasExtension(static_cast<PfKeyExtensionType>(t)))
        {
            types.push_back(static_cast<PfKeyExtensionType>(t));
        }
    }
    return types;
}

PfKeyStatus
PfKeyMessage::CheckRequest() const
{
    using M = PfKeyMessageType;
    if (version != PFKEY_VERSION)
    {
        return Invalid("version " + std::to_string(version) + " is not PF_KEY_V2 (2)");
    }
    if (reserved != 0)
    {
        return Invalid("sadb_msg_reserved is " + std::to_string(reserved) + ", must be 0");
    }
    if (static_cast<uint8_t>(saType) > static_cast<uint8_t>(PfKeySaType::MAX))
    {
        return Invalid("SA type " + std::to_string(static_cast<unsigned>(saType)) +
                       " is beyond SADB_SATYPE_MAX");
    }
    switch (type)
    {
    case M::GETSPI: {
        PfKeyStatus status = CheckSpecificSaType(*this);
        if (!status.IsOk())
        {
            return status;
        }
        status = CheckAddressPair(*this);
        if (status.IsOk() && spiRange && spiRange->min > spiRange->max)
        {
            return Invalid("SPI range minimum " + std::to_string(spiRange->min) +
                           " exceeds its maximum " + std::to_string(spiRange->max));
        }
        return status;
    }
    case M::UPDATE:
    case M::ADD:
        return CheckAddOrUpdate(*this);
    case M::DELETE:
    case M::GET: {
        PfKeyStatus status = CheckSpecificSaType(*this);
        if (!status.IsOk())
        {
            return status;
        }
        if (!sa)
        {
            return Missing(*this, PfKeyExtensionType::SA);
        }
        return CheckAddressPair(*this);
    }
    case M::ACQUIRE: {
        // A key manager answers an ACQUIRE it cannot satisfy with the bare header (errno
        // set); a full ACQUIRE carries what RFC 2367 section 3.1.6 lists.
        if (GetExtensionTypes().empty())
        {
            return PfKeyStatus{};
        }
        PfKeyStatus status = CheckAddressPair(*this);
        if (status.IsOk() && !proposal)
        {
            return Missing(*this, PfKeyExtensionType::PROPOSAL);
        }
        return status;
    }
    case M::REGISTER:
    case M::X_PROMISC:
    case M::X_SPDDUMP:
    case M::X_SPDFLUSH:
        return PfKeyStatus{};
    case M::FLUSH:
    case M::DUMP:
        return CheckSaTypeOrAll(*this);
    case M::X_SPDUPDATE:
    case M::X_SPDADD:
    case M::X_SPDSETIDX:
        return CheckPolicyAdd(*this);
    case M::X_SPDDELETE: {
        if (!policy)
        {
            return Missing(*this, PfKeyExtensionType::X_POLICY);
        }
        PfKeyStatus status = CheckAddressPair(*this);
        return status.IsOk() ? CheckPolicyDirection(*this) : status;
    }
    case M::X_SPDGET:
    case M::X_SPDDELETE2:
        return policy ? PfKeyStatus{} : Missing(*this, PfKeyExtensionType::X_POLICY);
    case M::X_MIGRATE:
        return policy ? CheckAddressPair(*this) : Missing(*this, PfKeyExtensionType::X_POLICY);
    case M::EXPIRE:
    case M::X_PCHANGE:
    case M::X_SPDACQUIRE:
    case M::X_SPDEXPIRE:
    case M::X_NAT_T_NEW_MAPPING:
        return PfKeyStatus::Fail(PfKeyErrno::OPERATION_NOT_SUPPORTED,
                                 PfKeyMessageTypeName(type) + " is sent by the kernel only");
    case M::RESERVED:
        break;
    }
    return Invalid("message type " + std::to_string(static_cast<unsigned>(type)) +
                   " is reserved or unknown");
}

PfKeyMessage
PfKeyMessage::MakeErrorReply(PfKeyErrno errorNumber) const
{
    PfKeyMessage reply(type, saType, sequence, pid);
    reply.version = version;
    reply.reserved = reserved;
    reply.error = errorNumber;
    return reply;
}

void
PfKeyMessage::Print(std::ostream& os) const
{
    os << PfKeyMessageTypeName(type) << " " << PfKeySaTypeName(saType) << " seq " << sequence
       << " pid " << pid;
    if (error != PfKeyErrno::OK)
    {
        os << " errno " << PfKeyErrnoName(error);
    }
    os << " [";
    bool first = true;
    for (auto extension : GetExtensionTypes())
    {
        os << (first ? "" : " ") << PfKeyExtensionTypeName(extension);
        first = false;
    }
    os << "]";
}

std::ostream&
operator<<(std::ostream& os, const PfKeyMessage& message)
{
    message.Print(os);
    return os;
}

} // namespace ns3
