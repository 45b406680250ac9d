/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The module's enumerations, with str() giving the text the module prints (operator<<).
// The value lists mirror the headers; test/python/test_ipsec_enums.py checks them against the
// C++ printer, so a new enumerator missing here fails a test.

#include "bind-ipsec.h"

#include "ns3/ipsec-algorithm-registry.h"
#include "ns3/ipsec-decision.h"
#include "ns3/ipsec-drop-reason.h"
#include "ns3/ipsec-policy.h"
#include "ns3/ipsec-socket-policy.h"
#include "ns3/ipsec-traffic-selector.h"
#include "ns3/ipv4-napt-drop-reason.h"
#include "ns3/ipv4-napt-mapping.h"
#include "ns3/pfkey-constants.h"
#include "ns3/security-association.h"

namespace ns3
{
namespace python
{

void
BindIpsecEnums(py::module_& m)
{
    {
        py::enum_<IpsecEncryption> e(m,
                                     "IpsecEncryption",
                                     "ns3::IpsecEncryption (the C++ enum class IpsecEncryption)");
        e.value("NONE", IpsecEncryption::NONE);
        e.value("DES_CBC", IpsecEncryption::DES_CBC);
        e.value("TRIPLE_DES_CBC", IpsecEncryption::TRIPLE_DES_CBC);
        e.value("CAST_CBC", IpsecEncryption::CAST_CBC);
        e.value("BLOWFISH_CBC", IpsecEncryption::BLOWFISH_CBC);
        e.value("NULL_ENC", IpsecEncryption::NULL_ENC);
        e.value("AES_CBC", IpsecEncryption::AES_CBC);
        e.value("AES_CTR", IpsecEncryption::AES_CTR);
        e.value("AES_CCM_ICV8", IpsecEncryption::AES_CCM_ICV8);
        e.value("AES_CCM_ICV12", IpsecEncryption::AES_CCM_ICV12);
        e.value("AES_CCM_ICV16", IpsecEncryption::AES_CCM_ICV16);
        e.value("AES_GCM_ICV8", IpsecEncryption::AES_GCM_ICV8);
        e.value("AES_GCM_ICV12", IpsecEncryption::AES_GCM_ICV12);
        e.value("AES_GCM_ICV16", IpsecEncryption::AES_GCM_ICV16);
        e.value("CAMELLIA_CBC", IpsecEncryption::CAMELLIA_CBC);
        e.value("NULL_AES_GMAC", IpsecEncryption::NULL_AES_GMAC);
        e.value("CHACHA20_POLY1305", IpsecEncryption::CHACHA20_POLY1305);
        e.value("TWOFISH_CBC", IpsecEncryption::TWOFISH_CBC);
        e.value("ANY", IpsecEncryption::ANY);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<IpsecEncryption>, "The name the module prints (as operator<<)");
    }
    {
        py::enum_<IpsecIntegrity> e(m,
                                    "IpsecIntegrity",
                                    "ns3::IpsecIntegrity (the C++ enum class IpsecIntegrity)");
        e.value("NONE", IpsecIntegrity::NONE);
        e.value("HMAC_MD5_96", IpsecIntegrity::HMAC_MD5_96);
        e.value("HMAC_SHA1_96", IpsecIntegrity::HMAC_SHA1_96);
        e.value("HMAC_SHA256_128", IpsecIntegrity::HMAC_SHA256_128);
        e.value("HMAC_SHA384_192", IpsecIntegrity::HMAC_SHA384_192);
        e.value("HMAC_SHA512_256", IpsecIntegrity::HMAC_SHA512_256);
        e.value("HMAC_RIPEMD160_96", IpsecIntegrity::HMAC_RIPEMD160_96);
        e.value("AES_XCBC_96", IpsecIntegrity::AES_XCBC_96);
        e.value("HMAC_SHA256_96", IpsecIntegrity::HMAC_SHA256_96);
        e.value("ANY", IpsecIntegrity::ANY);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<IpsecIntegrity>, "The name the module prints (as operator<<)");
    }
    {
        py::enum_<IpsecDecision> e(m,
                                   "IpsecDecision",
                                   "ns3::IpsecDecision (the C++ enum class IpsecDecision)");
        e.value("BYPASS", IpsecDecision::BYPASS);
        e.value("PROTECT", IpsecDecision::PROTECT);
        e.value("DISCARD", IpsecDecision::DISCARD);
        e.value("DROP", IpsecDecision::DROP);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<IpsecDecision>, "The name the module prints (as operator<<)");
    }
    {
        py::enum_<IpsecDropReason> e(m,
                                     "IpsecDropReason",
                                     "ns3::IpsecDropReason (the C++ enum class IpsecDropReason)");
        e.value("POLICY_DISCARD", IpsecDropReason::POLICY_DISCARD);
        e.value("CLEARTEXT_REJECTED", IpsecDropReason::CLEARTEXT_REJECTED);
        e.value("NO_OUTBOUND_SA", IpsecDropReason::NO_OUTBOUND_SA);
        e.value("SEQUENCE_OVERFLOW", IpsecDropReason::SEQUENCE_OVERFLOW);
        e.value("NO_SA", IpsecDropReason::NO_SA);
        e.value("TRUNCATED", IpsecDropReason::TRUNCATED);
        e.value("REPLAY", IpsecDropReason::REPLAY);
        e.value("TOO_OLD", IpsecDropReason::TOO_OLD);
        e.value("ICV_MISMATCH", IpsecDropReason::ICV_MISMATCH);
        e.value("BAD_PADDING", IpsecDropReason::BAD_PADDING);
        e.value("POLICY_MISMATCH", IpsecDropReason::POLICY_MISMATCH);
        e.value("DUMMY_PACKET", IpsecDropReason::DUMMY_PACKET);
        e.value("UNKNOWN_PROTOCOL", IpsecDropReason::UNKNOWN_PROTOCOL);
        e.value("CRYPTO_QUEUE_FULL", IpsecDropReason::CRYPTO_QUEUE_FULL);
        e.value("NO_ROUTE", IpsecDropReason::NO_ROUTE);
        e.value("BAD_INNER_PACKET", IpsecDropReason::BAD_INNER_PACKET);
        e.value("ENCAP_MISMATCH", IpsecDropReason::ENCAP_MISMATCH);
        e.value("UDP_CHECKSUM", IpsecDropReason::UDP_CHECKSUM);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<IpsecDropReason>, "The name the module prints (as operator<<)");
    }
    {
        py::enum_<IpsecProtocol> e(m,
                                   "IpsecProtocol",
                                   "ns3::IpsecProtocol (the C++ enum class IpsecProtocol)");
        e.value("ESP", IpsecProtocol::ESP);
        e.value("AH", IpsecProtocol::AH);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<IpsecProtocol>, "The name the module prints (as operator<<)");
    }
    {
        py::enum_<IpsecMode> e(m, "IpsecMode", "ns3::IpsecMode (the C++ enum class IpsecMode)");
        e.value("TRANSPORT", IpsecMode::TRANSPORT);
        e.value("TUNNEL", IpsecMode::TUNNEL);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<IpsecMode>, "The name the module prints (as operator<<)");
    }
    {
        py::enum_<IpsecAction> e(m,
                                 "IpsecAction",
                                 "ns3::IpsecAction (the C++ enum class IpsecAction)");
        e.value("BYPASS", IpsecAction::BYPASS);
        e.value("DISCARD", IpsecAction::DISCARD);
        e.value("PROTECT", IpsecAction::PROTECT);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<IpsecAction>, "The name the module prints (as operator<<)");
    }
    {
        py::enum_<IpsecSocketOption> e(
            m,
            "IpsecSocketOption",
            "ns3::IpsecSocketOption (the C++ enum class IpsecSocketOption)");
        e.value("IP_SEC_OPT", IpsecSocketOption::IP_SEC_OPT);
        e.value("IPV6_SEC_OPT", IpsecSocketOption::IPV6_SEC_OPT);
    }
    {
        py::enum_<IpsecDirection> e(m,
                                    "IpsecDirection",
                                    "ns3::IpsecDirection (the C++ enum class IpsecDirection)");
        e.value("INBOUND", IpsecDirection::INBOUND);
        e.value("OUTBOUND", IpsecDirection::OUTBOUND);
        e.value("BOTH", IpsecDirection::BOTH);
    }
    {
        py::enum_<Ipv4NaptDropReason> e(
            m,
            "Ipv4NaptDropReason",
            "ns3::Ipv4NaptDropReason (the C++ enum class Ipv4NaptDropReason)");
        e.value("UNSUPPORTED_PROTOCOL", Ipv4NaptDropReason::UNSUPPORTED_PROTOCOL);
        e.value("FILTERED", Ipv4NaptDropReason::FILTERED);
        e.value("HAIRPIN_DISABLED", Ipv4NaptDropReason::HAIRPIN_DISABLED);
        e.value("FRAGMENT", Ipv4NaptDropReason::FRAGMENT);
        e.value("TRUNCATED", Ipv4NaptDropReason::TRUNCATED);
        e.value("PORTS_EXHAUSTED", Ipv4NaptDropReason::PORTS_EXHAUSTED);
        e.value("UNSUPPORTED_ICMP", Ipv4NaptDropReason::UNSUPPORTED_ICMP);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<Ipv4NaptDropReason>, "The name the module prints (as operator<<)");
    }
    {
        py::enum_<NaptBehavior> e(m,
                                  "NaptBehavior",
                                  "ns3::NaptBehavior (the C++ enum class NaptBehavior)");
        e.value("ENDPOINT_INDEPENDENT", NaptBehavior::ENDPOINT_INDEPENDENT);
        e.value("ADDRESS_DEPENDENT", NaptBehavior::ADDRESS_DEPENDENT);
        e.value("ADDRESS_AND_PORT_DEPENDENT", NaptBehavior::ADDRESS_AND_PORT_DEPENDENT);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<NaptBehavior>, "The name the module prints (as operator<<)");
    }
    {
        py::enum_<NaptTcpState> e(m,
                                  "NaptTcpState",
                                  "ns3::NaptTcpState (the C++ enum class NaptTcpState)");
        e.value("TRANSITORY", NaptTcpState::TRANSITORY);
        e.value("ESTABLISHED", NaptTcpState::ESTABLISHED);
        e.value("CLOSING", NaptTcpState::CLOSING);
    }
    {
        py::enum_<PfKeyMessageType> e(
            m,
            "PfKeyMessageType",
            "ns3::PfKeyMessageType (the C++ enum class PfKeyMessageType)");
        e.value("RESERVED", PfKeyMessageType::RESERVED);
        e.value("GETSPI", PfKeyMessageType::GETSPI);
        e.value("UPDATE", PfKeyMessageType::UPDATE);
        e.value("ADD", PfKeyMessageType::ADD);
        e.value("DELETE", PfKeyMessageType::DELETE);
        e.value("GET", PfKeyMessageType::GET);
        e.value("ACQUIRE", PfKeyMessageType::ACQUIRE);
        e.value("REGISTER", PfKeyMessageType::REGISTER);
        e.value("EXPIRE", PfKeyMessageType::EXPIRE);
        e.value("FLUSH", PfKeyMessageType::FLUSH);
        e.value("DUMP", PfKeyMessageType::DUMP);
        e.value("X_PROMISC", PfKeyMessageType::X_PROMISC);
        e.value("X_PCHANGE", PfKeyMessageType::X_PCHANGE);
        e.value("X_SPDUPDATE", PfKeyMessageType::X_SPDUPDATE);
        e.value("X_SPDADD", PfKeyMessageType::X_SPDADD);
        e.value("X_SPDDELETE", PfKeyMessageType::X_SPDDELETE);
        e.value("X_SPDGET", PfKeyMessageType::X_SPDGET);
        e.value("X_SPDACQUIRE", PfKeyMessageType::X_SPDACQUIRE);
        e.value("X_SPDDUMP", PfKeyMessageType::X_SPDDUMP);
        e.value("X_SPDFLUSH", PfKeyMessageType::X_SPDFLUSH);
        e.value("X_SPDSETIDX", PfKeyMessageType::X_SPDSETIDX);
        e.value("X_SPDEXPIRE", PfKeyMessageType::X_SPDEXPIRE);
        e.value("X_SPDDELETE2", PfKeyMessageType::X_SPDDELETE2);
        e.value("X_NAT_T_NEW_MAPPING", PfKeyMessageType::X_NAT_T_NEW_MAPPING);
        e.value("X_MIGRATE", PfKeyMessageType::X_MIGRATE);
        e.value("MAX", PfKeyMessageType::MAX);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<PfKeyMessageType>, "The name the module prints (as operator<<)");
    }
    {
        py::enum_<PfKeyExtensionType> e(
            m,
            "PfKeyExtensionType",
            "ns3::PfKeyExtensionType (the C++ enum class PfKeyExtensionType)");
        e.value("RESERVED", PfKeyExtensionType::RESERVED);
        e.value("SA", PfKeyExtensionType::SA);
        e.value("LIFETIME_CURRENT", PfKeyExtensionType::LIFETIME_CURRENT);
        e.value("LIFETIME_HARD", PfKeyExtensionType::LIFETIME_HARD);
        e.value("LIFETIME_SOFT", PfKeyExtensionType::LIFETIME_SOFT);
        e.value("ADDRESS_SRC", PfKeyExtensionType::ADDRESS_SRC);
        e.value("ADDRESS_DST", PfKeyExtensionType::ADDRESS_DST);
        e.value("ADDRESS_PROXY", PfKeyExtensionType::ADDRESS_PROXY);
        e.value("KEY_AUTH", PfKeyExtensionType::KEY_AUTH);
        e.value("KEY_ENCRYPT", PfKeyExtensionType::KEY_ENCRYPT);
        e.value("IDENTITY_SRC", PfKeyExtensionType::IDENTITY_SRC);
        e.value("IDENTITY_DST", PfKeyExtensionType::IDENTITY_DST);
        e.value("SENSITIVITY", PfKeyExtensionType::SENSITIVITY);
        e.value("PROPOSAL", PfKeyExtensionType::PROPOSAL);
        e.value("SUPPORTED_AUTH", PfKeyExtensionType::SUPPORTED_AUTH);
        e.value("SUPPORTED_ENCRYPT", PfKeyExtensionType::SUPPORTED_ENCRYPT);
        e.value("SPIRANGE", PfKeyExtensionType::SPIRANGE);
        e.value("X_KMPRIVATE", PfKeyExtensionType::X_KMPRIVATE);
        e.value("X_POLICY", PfKeyExtensionType::X_POLICY);
        e.value("X_SA2", PfKeyExtensionType::X_SA2);
        e.value("X_NAT_T_TYPE", PfKeyExtensionType::X_NAT_T_TYPE);
        e.value("X_NAT_T_SPORT", PfKeyExtensionType::X_NAT_T_SPORT);
        e.value("X_NAT_T_DPORT", PfKeyExtensionType::X_NAT_T_DPORT);
        e.value("X_NAT_T_OA", PfKeyExtensionType::X_NAT_T_OA);
        e.value("X_SEC_CTX", PfKeyExtensionType::X_SEC_CTX);
        e.value("X_KMADDRESS", PfKeyExtensionType::X_KMADDRESS);
        e.value("X_FILTER", PfKeyExtensionType::X_FILTER);
        e.value("MAX", PfKeyExtensionType::MAX);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<PfKeyExtensionType>, "The name the module prints (as operator<<)");
    }
    {
        py::enum_<PfKeySaType> e(m,
                                 "PfKeySaType",
                                 "ns3::PfKeySaType (the C++ enum class PfKeySaType)");
        e.value("UNSPEC", PfKeySaType::UNSPEC);
        e.value("AH", PfKeySaType::AH);
        e.value("ESP", PfKeySaType::ESP);
        e.value("RSVP", PfKeySaType::RSVP);
        e.value("OSPFV2", PfKeySaType::OSPFV2);
        e.value("RIPV2", PfKeySaType::RIPV2);
        e.value("MIP", PfKeySaType::MIP);
        e.value("X_IPCOMP", PfKeySaType::X_IPCOMP);
        e.value("MAX", PfKeySaType::MAX);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<PfKeySaType>, "The name the module prints (as operator<<)");
    }
    {
        py::enum_<PfKeySaState> e(m,
                                  "PfKeySaState",
                                  "ns3::PfKeySaState (the C++ enum class PfKeySaState)");
        e.value("LARVAL", PfKeySaState::LARVAL);
        e.value("MATURE", PfKeySaState::MATURE);
        e.value("DYING", PfKeySaState::DYING);
        e.value("DEAD", PfKeySaState::DEAD);
    }
    {
        py::enum_<PfKeyIdentityType> e(
            m,
            "PfKeyIdentityType",
            "ns3::PfKeyIdentityType (the C++ enum class PfKeyIdentityType)");
        e.value("RESERVED", PfKeyIdentityType::RESERVED);
        e.value("PREFIX", PfKeyIdentityType::PREFIX);
        e.value("FQDN", PfKeyIdentityType::FQDN);
        e.value("USERFQDN", PfKeyIdentityType::USERFQDN);
    }
    {
        py::enum_<PfKeyNatTraversalType> e(
            m,
            "PfKeyNatTraversalType",
            "ns3::PfKeyNatTraversalType (the C++ enum class PfKeyNatTraversalType)");
        e.value("NONE", PfKeyNatTraversalType::NONE);
        e.value("ESP_IN_UDP_NON_IKE", PfKeyNatTraversalType::ESP_IN_UDP_NON_IKE);
        e.value("ESP_IN_UDP", PfKeyNatTraversalType::ESP_IN_UDP);
    }
    {
        py::enum_<PfKeyIpsecMode> e(m,
                                    "PfKeyIpsecMode",
                                    "ns3::PfKeyIpsecMode (the C++ enum class PfKeyIpsecMode)");
        e.value("ANY", PfKeyIpsecMode::ANY);
        e.value("TRANSPORT", PfKeyIpsecMode::TRANSPORT);
        e.value("TUNNEL", PfKeyIpsecMode::TUNNEL);
        e.value("BEET", PfKeyIpsecMode::BEET);
    }
    {
        py::enum_<PfKeyPolicyDirection> e(
            m,
            "PfKeyPolicyDirection",
            "ns3::PfKeyPolicyDirection (the C++ enum class PfKeyPolicyDirection)");
        e.value("ANY", PfKeyPolicyDirection::ANY);
        e.value("INBOUND", PfKeyPolicyDirection::INBOUND);
        e.value("OUTBOUND", PfKeyPolicyDirection::OUTBOUND);
        e.value("FORWARD", PfKeyPolicyDirection::FORWARD);
        e.value("MAX", PfKeyPolicyDirection::MAX);
    }
    {
        py::enum_<PfKeyPolicyType> e(m,
                                     "PfKeyPolicyType",
                                     "ns3::PfKeyPolicyType (the C++ enum class PfKeyPolicyType)");
        e.value("DISCARD", PfKeyPolicyType::DISCARD);
        e.value("NONE", PfKeyPolicyType::NONE);
        e.value("IPSEC", PfKeyPolicyType::IPSEC);
        e.value("ENTRUST", PfKeyPolicyType::ENTRUST);
        e.value("BYPASS", PfKeyPolicyType::BYPASS);
    }
    {
        py::enum_<PfKeyIpsecLevel> e(m,
                                     "PfKeyIpsecLevel",
                                     "ns3::PfKeyIpsecLevel (the C++ enum class PfKeyIpsecLevel)");
        e.value("DEFAULT", PfKeyIpsecLevel::DEFAULT);
        e.value("USE", PfKeyIpsecLevel::USE);
        e.value("REQUIRE", PfKeyIpsecLevel::REQUIRE);
        e.value("UNIQUE", PfKeyIpsecLevel::UNIQUE);
    }
    {
        py::enum_<PfKeyErrno> e(m, "PfKeyErrno", "ns3::PfKeyErrno (the C++ enum class PfKeyErrno)");
        e.value("OK", PfKeyErrno::OK);
        e.value("NOT_PERMITTED", PfKeyErrno::NOT_PERMITTED);
        e.value("NO_ENTRY", PfKeyErrno::NO_ENTRY);
        e.value("NO_SUCH_PROCESS", PfKeyErrno::NO_SUCH_PROCESS);
        e.value("INTERRUPTED", PfKeyErrno::INTERRUPTED);
        e.value("TRY_AGAIN", PfKeyErrno::TRY_AGAIN);
        e.value("NO_MEMORY", PfKeyErrno::NO_MEMORY);
        e.value("BUSY", PfKeyErrno::BUSY);
        e.value("EXISTS", PfKeyErrno::EXISTS);
        e.value("INVALID_ARGUMENT", PfKeyErrno::INVALID_ARGUMENT);
        e.value("NOT_IMPLEMENTED", PfKeyErrno::NOT_IMPLEMENTED);
        e.value("MESSAGE_SIZE", PfKeyErrno::MESSAGE_SIZE);
        e.value("PROTOCOL_NOT_SUPPORTED", PfKeyErrno::PROTOCOL_NOT_SUPPORTED);
        e.value("OPERATION_NOT_SUPPORTED", PfKeyErrno::OPERATION_NOT_SUPPORTED);
        e.value("NO_BUFFER_SPACE", PfKeyErrno::NO_BUFFER_SPACE);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<PfKeyErrno>, "The name the module prints (as operator<<)");
    }
    {
        py::enum_<IpsecCryptoMode> e(m,
                                     "IpsecCryptoMode",
                                     "ns3::IpsecCryptoMode (the C++ enum class IpsecCryptoMode)");
        e.value("DEFAULT", IpsecCryptoMode::DEFAULT);
        e.value("REAL", IpsecCryptoMode::REAL);
        e.value("SIZE_ONLY", IpsecCryptoMode::SIZE_ONLY);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<IpsecCryptoMode>, "The name the module prints (as operator<<)");
    }
    {
        py::enum_<IpsecSaState> e(m,
                                  "IpsecSaState",
                                  "ns3::IpsecSaState (the C++ enum class IpsecSaState)");
        e.value("LARVAL", IpsecSaState::LARVAL);
        e.value("MATURE", IpsecSaState::MATURE);
        e.value("DYING", IpsecSaState::DYING);
        e.value("DEAD", IpsecSaState::DEAD);
        py::delattr(e, "__str__"); // replace pybind11's, not add an overload
        e.def("__str__", &Text<IpsecSaState>, "The name the module prints (as operator<<)");
    }
}

} // namespace python
} // namespace ns3
