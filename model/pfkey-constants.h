/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PFKEY_CONSTANTS_H
#define PFKEY_CONSTANTS_H

// The numbers of PF_KEY v2 (RFC 2367) with the Linux/KAME extensions, as <linux/pfkeyv2.h>
// and <linux/ipsec.h> define them. The module does not include those headers, so that it
// builds on any platform; test/pfkey-message-test-suite.cc compares every value below with
// them where they exist.

#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{

/** The PF_KEY protocol version a message must carry (PF_KEY_V2). */
constexpr uint8_t PFKEY_VERSION = 2;
/** Bytes in one PF_KEY length unit: every length field counts 64-bit words. */
constexpr uint32_t PFKEY_UNIT = 8;
/** Bytes of the base message header (struct sadb_msg). */
constexpr uint32_t PFKEY_HEADER_SIZE = 16;
/** The largest message a 16-bit count of 64-bit words can describe. */
constexpr uint32_t PFKEY_MAX_MESSAGE_SIZE = 0xffff * PFKEY_UNIT;

/**
 * @ingroup ipsec
 * @brief PF_KEY message types (sadb_msg_type; SADB_* and SADB_X_*).
 */
enum class PfKeyMessageType : uint8_t
{
    RESERVED = 0,             //!< SADB_RESERVED: never valid
    GETSPI = 1,               //!< SADB_GETSPI: reserve an SPI (larval SA)
    UPDATE = 2,               //!< SADB_UPDATE: complete a larval SA
    ADD = 3,                  //!< SADB_ADD: add a complete SA
    DELETE = 4,               //!< SADB_DELETE: remove an SA
    GET = 5,                  //!< SADB_GET: read one SA
    ACQUIRE = 6,              //!< SADB_ACQUIRE: the kernel asks for an SA
    REGISTER = 7,             //!< SADB_REGISTER: listen for ACQUIRE of an SA type
    EXPIRE = 8,               //!< SADB_EXPIRE: a lifetime was reached (kernel to user)
    FLUSH = 9,                //!< SADB_FLUSH: remove all SAs (of a type)
    DUMP = 10,                //!< SADB_DUMP: list all SAs (of a type)
    X_PROMISC = 11,           //!< SADB_X_PROMISC: see every message
    X_PCHANGE = 12,           //!< SADB_X_PCHANGE: policy change (kernel to user)
    X_SPDUPDATE = 13,         //!< SADB_X_SPDUPDATE: add or replace a policy
    X_SPDADD = 14,            //!< SADB_X_SPDADD: add a policy
    X_SPDDELETE = 15,         //!< SADB_X_SPDDELETE: remove a policy by selector
    X_SPDGET = 16,            //!< SADB_X_SPDGET: read a policy by id
    X_SPDACQUIRE = 17,        //!< SADB_X_SPDACQUIRE (kernel to user)
    X_SPDDUMP = 18,           //!< SADB_X_SPDDUMP: list all policies
    X_SPDFLUSH = 19,          //!< SADB_X_SPDFLUSH: remove all policies
    X_SPDSETIDX = 20,         //!< SADB_X_SPDSETIDX: add a policy (Linux treats it as SPDADD)
    X_SPDEXPIRE = 21,         //!< SADB_X_SPDEXPIRE (kernel to user)
    X_SPDDELETE2 = 22,        //!< SADB_X_SPDDELETE2: remove a policy by id
    X_NAT_T_NEW_MAPPING = 23, //!< SADB_X_NAT_T_NEW_MAPPING: a NAT changed (kernel to user)
    X_MIGRATE = 24,           //!< SADB_X_MIGRATE: move SAs to new endpoints
    MAX = 24,                 //!< SADB_MAX: the highest valid type
};

/**
 * @ingroup ipsec
 * @brief PF_KEY extension types (sadb_ext_type; SADB_EXT_* and SADB_X_EXT_*).
 *
 * Linux has no SADB_X_EXT_NAT_T_OAR: the number FreeBSD uses for it (24) is
 * SADB_X_EXT_SEC_CTX in Linux, whose numbering this follows.
 */
enum class PfKeyExtensionType : uint16_t
{
    RESERVED = 0,           //!< SADB_EXT_RESERVED: never valid
    SA = 1,                 //!< SADB_EXT_SA
    LIFETIME_CURRENT = 2,   //!< SADB_EXT_LIFETIME_CURRENT
    LIFETIME_HARD = 3,      //!< SADB_EXT_LIFETIME_HARD
    LIFETIME_SOFT = 4,      //!< SADB_EXT_LIFETIME_SOFT
    ADDRESS_SRC = 5,        //!< SADB_EXT_ADDRESS_SRC
    ADDRESS_DST = 6,        //!< SADB_EXT_ADDRESS_DST
    ADDRESS_PROXY = 7,      //!< SADB_EXT_ADDRESS_PROXY
    KEY_AUTH = 8,           //!< SADB_EXT_KEY_AUTH
    KEY_ENCRYPT = 9,        //!< SADB_EXT_KEY_ENCRYPT
    IDENTITY_SRC = 10,      //!< SADB_EXT_IDENTITY_SRC
    IDENTITY_DST = 11,      //!< SADB_EXT_IDENTITY_DST
    SENSITIVITY = 12,       //!< SADB_EXT_SENSITIVITY
    PROPOSAL = 13,          //!< SADB_EXT_PROPOSAL
    SUPPORTED_AUTH = 14,    //!< SADB_EXT_SUPPORTED_AUTH
    SUPPORTED_ENCRYPT = 15, //!< SADB_EXT_SUPPORTED_ENCRYPT
    SPIRANGE = 16,          //!< SADB_EXT_SPIRANGE
    X_KMPRIVATE = 17,       //!< SADB_X_EXT_KMPRIVATE (kept as opaque bytes)
    X_POLICY = 18,          //!< SADB_X_EXT_POLICY (KAME)
    X_SA2 = 19,             //!< SADB_X_EXT_SA2 (KAME)
    X_NAT_T_TYPE = 20,      //!< SADB_X_EXT_NAT_T_TYPE
    X_NAT_T_SPORT = 21,     //!< SADB_X_EXT_NAT_T_SPORT
    X_NAT_T_DPORT = 22,     //!< SADB_X_EXT_NAT_T_DPORT
    X_NAT_T_OA = 23,        //!< SADB_X_EXT_NAT_T_OA (original address)
    X_SEC_CTX = 24,         //!< SADB_X_EXT_SEC_CTX (kept as opaque bytes)
    X_KMADDRESS = 25,       //!< SADB_X_EXT_KMADDRESS (kept as opaque bytes)
    X_FILTER = 26,          //!< SADB_X_EXT_FILTER (kept as opaque bytes)
    MAX = 26,               //!< SADB_EXT_MAX: the highest valid type
};

/**
 * @ingroup ipsec
 * @brief PF_KEY SA types (sadb_msg_satype; SADB_SATYPE_*).
 */
enum class PfKeySaType : uint8_t
{
    UNSPEC = 0,   //!< SADB_SATYPE_UNSPEC: all types (FLUSH, DUMP, REGISTER)
    AH = 2,       //!< SADB_SATYPE_AH
    ESP = 3,      //!< SADB_SATYPE_ESP
    RSVP = 5,     //!< SADB_SATYPE_RSVP
    OSPFV2 = 6,   //!< SADB_SATYPE_OSPFV2
    RIPV2 = 7,    //!< SADB_SATYPE_RIPV2
    MIP = 8,      //!< SADB_SATYPE_MIP
    X_IPCOMP = 9, //!< SADB_X_SATYPE_IPCOMP
    MAX = 9,      //!< SADB_SATYPE_MAX
};

/**
 * @ingroup ipsec
 * @brief SA states (sadb_sa_state; SADB_SASTATE_*). Same values as IpsecSaState.
 */
enum class PfKeySaState : uint8_t
{
    LARVAL = 0, //!< SADB_SASTATE_LARVAL
    MATURE = 1, //!< SADB_SASTATE_MATURE
    DYING = 2,  //!< SADB_SASTATE_DYING
    DEAD = 3,   //!< SADB_SASTATE_DEAD
};

/** SA flag (sadb_sa_flags): SADB_SAFLAGS_PFS. */
constexpr uint32_t PFKEY_SA_FLAG_PFS = 0x1;
/** SA flag (sadb_sa_flags): SADB_SAFLAGS_NOPMTUDISC. */
constexpr uint32_t PFKEY_SA_FLAG_NO_PMTU_DISCOVERY = 0x20000000;
/** SA flag (sadb_sa_flags): SADB_SAFLAGS_DECAP_DSCP. */
constexpr uint32_t PFKEY_SA_FLAG_DECAP_DSCP = 0x40000000;
/** SA flag (sadb_sa_flags): SADB_SAFLAGS_NOECN. */
constexpr uint32_t PFKEY_SA_FLAG_NO_ECN = 0x80000000;

/** Authentication algorithm number Linux reserves for "no authentication" (KAME). */
constexpr uint8_t PFKEY_AALG_X_NULL = 251;
/** Highest authentication algorithm number Linux accepts (SADB_AALG_MAX). */
constexpr uint8_t PFKEY_AALG_MAX = 251;
/** Highest encryption algorithm number Linux accepts (SADB_EALG_MAX). */
constexpr uint8_t PFKEY_EALG_MAX = 253;
/** Encryption algorithm number of ESP NULL (SADB_EALG_NULL). */
constexpr uint8_t PFKEY_EALG_NULL = 11;

/**
 * @ingroup ipsec
 * @brief Identity types (sadb_ident_type; SADB_IDENTTYPE_*).
 */
enum class PfKeyIdentityType : uint16_t
{
    RESERVED = 0, //!< SADB_IDENTTYPE_RESERVED
    PREFIX = 1,   //!< SADB_IDENTTYPE_PREFIX: an address prefix
    FQDN = 2,     //!< SADB_IDENTTYPE_FQDN: a host name
    USERFQDN = 3, //!< SADB_IDENTTYPE_USERFQDN: user@host
};

/**
 * @ingroup ipsec
 * @brief NAT traversal encapsulation types (sadb_x_nat_t_type_type; UDP_ENCAP_* of
 * <linux/udp.h>).
 */
enum class PfKeyNatTraversalType : uint8_t
{
    NONE = 0,               //!< No encapsulation
    ESP_IN_UDP_NON_IKE = 1, //!< UDP_ENCAP_ESPINUDP_NON_IKE (draft-ietf-ipsec-nat-t-ike-00/01)
    ESP_IN_UDP = 2,         //!< UDP_ENCAP_ESPINUDP (RFC 3948)
};

/**
 * @ingroup ipsec
 * @brief IPsec modes in SADB_X_EXT_SA2 and ipsecrequests (IPSEC_MODE_* of <linux/ipsec.h>).
 */
enum class PfKeyIpsecMode : uint8_t
{
    ANY = 0,       //!< IPSEC_MODE_ANY (Linux reads it as transport)
    TRANSPORT = 1, //!< IPSEC_MODE_TRANSPORT
    TUNNEL = 2,    //!< IPSEC_MODE_TUNNEL
    BEET = 3,      //!< IPSEC_MODE_BEET (not modelled)
};

/**
 * @ingroup ipsec
 * @brief Policy directions (sadb_x_policy_dir; IPSEC_DIR_*).
 */
enum class PfKeyPolicyDirection : uint8_t
{
    ANY = 0,      //!< IPSEC_DIR_ANY (refused in requests)
    INBOUND = 1,  //!< IPSEC_DIR_INBOUND
    OUTBOUND = 2, //!< IPSEC_DIR_OUTBOUND
    FORWARD = 3,  //!< IPSEC_DIR_FWD (Linux)
    MAX = 4,      //!< IPSEC_DIR_MAX: first invalid value
};

/**
 * @ingroup ipsec
 * @brief Policy types (sadb_x_policy_type; IPSEC_POLICY_*).
 */
enum class PfKeyPolicyType : uint16_t
{
    DISCARD = 0, //!< IPSEC_POLICY_DISCARD: drop
    NONE = 1,    //!< IPSEC_POLICY_NONE: pass in the clear
    IPSEC = 2,   //!< IPSEC_POLICY_IPSEC: protect as the ipsecrequests say
    ENTRUST = 3, //!< IPSEC_POLICY_ENTRUST: consult the system policy (sockets only)
    BYPASS = 4,  //!< IPSEC_POLICY_BYPASS: ignore the system policy (sockets only)
};

/**
 * @ingroup ipsec
 * @brief ipsecrequest levels (sadb_x_ipsecrequest_level; IPSEC_LEVEL_*).
 */
enum class PfKeyIpsecLevel : uint8_t
{
    DEFAULT = 0, //!< IPSEC_LEVEL_DEFAULT
    USE = 1,     //!< IPSEC_LEVEL_USE: use an SA if there is one
    REQUIRE = 2, //!< IPSEC_LEVEL_REQUIRE: an SA is required
    UNIQUE = 3,  //!< IPSEC_LEVEL_UNIQUE: an SA of this policy only (reqid)
};

/** IP protocol value meaning "any upper-layer protocol" (IPSEC_ULPROTO_ANY). */
constexpr uint8_t PFKEY_ULPROTO_ANY = 255;
/** Port value meaning "any port" (IPSEC_PORT_ANY). */
constexpr uint16_t PFKEY_PORT_ANY = 0;
/** Highest reqid a user may choose for a policy (IPSEC_MANUAL_REQID_MAX). */
constexpr uint32_t PFKEY_MANUAL_REQID_MAX = 0x3fff;

/** Address family of IPv4 socket addresses as Linux numbers it (AF_INET). */
constexpr uint16_t PFKEY_AF_INET = 2;
/** Address family of IPv6 socket addresses as Linux numbers it (AF_INET6). */
constexpr uint16_t PFKEY_AF_INET6 = 10;

/**
 * @ingroup ipsec
 * @brief The errno values PF_KEY replies carry (sadb_msg_errno), numbered as Linux numbers
 * them so that replies are byte-compatible with a Linux kernel's whatever the host platform.
 */
enum class PfKeyErrno : uint8_t
{
    OK = 0,                       //!< Success
    NOT_PERMITTED = 1,            //!< EPERM
    NO_ENTRY = 2,                 //!< ENOENT: no such SA or policy
    NO_SUCH_PROCESS = 3,          //!< ESRCH: no SA matches / no listener
    INTERRUPTED = 4,              //!< EINTR
    TRY_AGAIN = 11,               //!< EAGAIN
    NO_MEMORY = 12,               //!< ENOMEM
    BUSY = 16,                    //!< EBUSY
    EXISTS = 17,                  //!< EEXIST: the SA or policy exists
    INVALID_ARGUMENT = 22,        //!< EINVAL: malformed or inconsistent message
    NOT_IMPLEMENTED = 38,         //!< ENOSYS: unknown algorithm (Linux's choice)
    MESSAGE_SIZE = 90,            //!< EMSGSIZE: length field and buffer disagree
    PROTOCOL_NOT_SUPPORTED = 93,  //!< EPROTONOSUPPORT
    OPERATION_NOT_SUPPORTED = 95, //!< EOPNOTSUPP: a message users may not send
    NO_BUFFER_SPACE = 105,        //!< ENOBUFS
};

/**
 * @ingroup ipsec
 * @brief The outcome of decoding, checking or converting a PF_KEY message: success, or the
 * errno a reply would carry and a sentence saying what was wrong.
 */
struct PfKeyStatus
{
    PfKeyErrno error = PfKeyErrno::OK; //!< OK, or the errno of the error reply
    std::string reason;                //!< What was wrong (empty on success)

    /** @return whether it is a success */
    bool IsOk() const
    {
        return error == PfKeyErrno::OK;
    }

    /**
     * @brief A failure.
     * @param error the errno (not OK)
     * @param reason what was wrong
     * @return the status
     */
    static PfKeyStatus Fail(PfKeyErrno error, const std::string& reason)
    {
        return PfKeyStatus{error, reason};
    }
};

/**
 * @brief The Linux name of a message type ("SADB_ADD", "SADB_X_SPDADD"; a number if unknown).
 * @param type the type
 * @return the name
 */
std::string PfKeyMessageTypeName(PfKeyMessageType type);

/**
 * @brief The Linux name of an extension type ("SADB_EXT_SA"; a number if unknown).
 * @param type the type
 * @return the name
 */
std::string PfKeyExtensionTypeName(PfKeyExtensionType type);

/**
 * @brief The Linux name of an SA type ("SADB_SATYPE_ESP"; a number if unknown).
 * @param type the type
 * @return the name
 */
std::string PfKeySaTypeName(PfKeySaType type);

/**
 * @brief The C name of an errno value ("EINVAL"; a number if unknown).
 * @param error the value
 * @return the name
 */
std::string PfKeyErrnoName(PfKeyErrno error);

/**
 * @brief Print a message type by its Linux name.
 * @param os the stream
 * @param type the type
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, PfKeyMessageType type);
/**
 * @brief Print an extension type by its Linux name.
 * @param os the stream
 * @param type the type
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, PfKeyExtensionType type);
/**
 * @brief Print an SA type by its Linux name.
 * @param os the stream
 * @param type the type
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, PfKeySaType type);
/**
 * @brief Print an errno value by its C name.
 * @param os the stream
 * @param error the value
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, PfKeyErrno error);

/**
 * @brief Print a status: "OK", or "EINVAL: <reason>".
 * @param os the stream
 * @param status the status
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, const PfKeyStatus& status);

} // namespace ns3

#endif /* PFKEY_CONSTANTS_H */
