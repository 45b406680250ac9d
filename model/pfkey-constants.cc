/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "pfkey-constants.h"

#include <array>

namespace ns3
{

std::string
PfKeyMessageTypeName(PfKeyMessageType type)
{
    static const std::array<const char*, 25> names = {
        "SADB_RESERVED",    "SADB_GETSPI",       "SADB_UPDATE",       "SADB_ADD",
        "SADB_DELETE",      "SADB_GET",          "SADB_ACQUIRE",      "SADB_REGISTER",
        "SADB_EXPIRE",      "SADB_FLUSH",        "SADB_DUMP",         "SADB_X_PROMISC",
        "SADB_X_PCHANGE",   "SADB_X_SPDUPDATE",  "SADB_X_SPDADD",     "SADB_X_SPDDELETE",
        "SADB_X_SPDGET",    "SADB_X_SPDACQUIRE", "SADB_X_SPDDUMP",    "SADB_X_SPDFLUSH",
        "SADB_X_SPDSETIDX", "SADB_X_SPDEXPIRE",  "SADB_X_SPDDELETE2", "SADB_X_NAT_T_NEW_MAPPING",
        "SADB_X_MIGRATE",
    };
    const auto index = static_cast<size_t>(type);
    if (index < names.size())
    {
        return names[index];
    }
    return "message type " + std::to_string(index);
}

std::string
PfKeyExtensionTypeName(PfKeyExtensionType type)
{
    static const std::array<const char*, 27> names = {
        "SADB_EXT_RESERVED",         "SADB_EXT_SA",
        "SADB_EXT_LIFETIME_CURRENT", "SADB_EXT_LIFETIME_HARD",
        "SADB_EXT_LIFETIME_SOFT",    "SADB_EXT_ADDRESS_SRC",
        "SADB_EXT_ADDRESS_DST",      "SADB_EXT_ADDRESS_PROXY",
        "SADB_EXT_KEY_AUTH",         "SADB_EXT_KEY_ENCRYPT",
        "SADB_EXT_IDENTITY_SRC",     "SADB_EXT_IDENTITY_DST",
        "SADB_EXT_SENSITIVITY",      "SADB_EXT_PROPOSAL",
        "SADB_EXT_SUPPORTED_AUTH",   "SADB_EXT_SUPPORTED_ENCRYPT",
        "SADB_EXT_SPIRANGE",         "SADB_X_EXT_KMPRIVATE",
        "SADB_X_EXT_POLICY",         "SADB_X_EXT_SA2",
        "SADB_X_EXT_NAT_T_TYPE",     "SADB_X_EXT_NAT_T_SPORT",
        "SADB_X_EXT_NAT_T_DPORT",    "SADB_X_EXT_NAT_T_OA",
        "SADB_X_EXT_SEC_CTX",        "SADB_X_EXT_KMADDRESS",
        "SADB_X_EXT_FILTER",
    };
    const auto index = static_cast<size_t>(type);
    if (index < names.size())
    {
        return names[index];
    }
    return "extension type " + std::to_string(index);
}

std::string
PfKeySaTypeName(PfKeySaType type)
{
    switch (type)
    {
    case PfKeySaType::UNSPEC:
        return "SADB_SATYPE_UNSPEC";
    case PfKeySaType::AH:
        return "SADB_SATYPE_AH";
    case PfKeySaType::ESP:
        return "SADB_SATYPE_ESP";
    case PfKeySaType::RSVP:
        return "SADB_SATYPE_RSVP";
    case PfKeySaType::OSPFV2:
        return "SADB_SATYPE_OSPFV2";
    case PfKeySaType::RIPV2:
        return "SADB_SATYPE_RIPV2";
    case PfKeySaType::MIP:
        return "SADB_SATYPE_MIP";
    case PfKeySaType::X_IPCOMP:
        return "SADB_X_SATYPE_IPCOMP";
    }
    return "SA type " + std::to_string(static_cast<unsigned>(type));
}

std::string
PfKeyErrnoName(PfKeyErrno error)
{
    switch (error)
    {
    case PfKeyErrno::OK:
        return "OK";
    case PfKeyErrno::NOT_PERMITTED:
        return "EPERM";
    case PfKeyErrno::NO_ENTRY:
        return "ENOENT";
    case PfKeyErrno::NO_SUCH_PROCESS:
        return "ESRCH";
    case PfKeyErrno::INTERRUPTED:
        return "EINTR";
    case PfKeyErrno::TRY_AGAIN:
        return "EAGAIN";
    case PfKeyErrno::NO_MEMORY:
        return "ENOMEM";
    case PfKeyErrno::BUSY:
        return "EBUSY";
    case PfKeyErrno::EXISTS:
        return "EEXIST";
    case PfKeyErrno::INVALID_ARGUMENT:
        return "EINVAL";
    case PfKeyErrno::NOT_IMPLEMENTED:
        return "ENOSYS";
    case PfKeyErrno::MESSAGE_SIZE:
        return "EMSGSIZE";
    case PfKeyErrno::PROTOCOL_NOT_SUPPORTED:
        return "EPROTONOSUPPORT";
    case PfKeyErrno::OPERATION_NOT_SUPPORTED:
        return "EOPNOTSUPP";
    case PfKeyErrno::NO_BUFFER_SPACE:
        return "ENOBUFS";
    }
    return "errno " + std::to_string(static_cast<unsigned>(error));
}

std::ostream&
operator<<(std::ostream& os, PfKeyMessageType type)
{
    return os << PfKeyMessageTypeName(type);
}

std::ostream&
operator<<(std::ostream& os, PfKeyExtensionType type)
{
    return os << PfKeyExtensionTypeName(type);
}

std::ostream&
operator<<(std::ostream& os, PfKeySaType type)
{
    return os << PfKeySaTypeName(type);
}

std::ostream&
operator<<(std::ostream& os, PfKeyErrno error)
{
    return os << PfKeyErrnoName(error);
}

std::ostream&
operator<<(std::ostream& os, const PfKeyStatus& status)
{
    if (status.IsOk())
    {
        return os << "OK";
    }
    return os << PfKeyErrnoName(status.error) << ": " << status.reason;
}

} // namespace ns3
