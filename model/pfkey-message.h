/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PFKEY_MESSAGE_H
#define PFKEY_MESSAGE_H

#include "pfkey-constants.h"
#include "pfkey-extensions.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief One PF_KEY v2 message (RFC 2367): the base header and its typed, optional
 * extensions, with the binary codec of Linux's <linux/pfkeyv2.h>.
 *
 * The header fields and extensions are public members: a message is a value that key
 * management builds, the key engine reads, and the channel carries as bytes. Serialize()
 * writes the bytes a Linux kernel would accept or send (extensions in ascending type order,
 * reserved fields and padding zero); Parse() decodes them, refusing malformed input with the
 * errno Linux uses (EMSGSIZE for a length that does not match the buffer, EINVAL for the
 * rest) and a sentence naming the fault, and never reads outside the buffer. Parse() checks
 * structure only; CheckRequest() adds the rules for messages a user sends to the kernel
 * (mandatory extensions per message type, RFC 2367 section 3.1 and Linux's af_key.c), which
 * the kernel's own replies and broadcasts do not follow.
 */
class PfKeyMessage
{
  public:
    /** An empty message (type RESERVED: set the type before use). */
    PfKeyMessage();
    /**
     * @brief A message with its header set and no extensions.
     * @param type the message type
     * @param saType the SA type
     * @param sequence the sequence number (sadb_msg_seq)
     * @param pid the sender's process id (sadb_msg_pid)
     */
    PfKeyMessage(PfKeyMessageType type,
                 PfKeySaType saType,
                 uint32_t sequence = 0,
                 uint32_t pid = 0);

    /**
     * @brief Decode a message.
     * @param data the bytes
     * @param size how many
     * @param[out] message the message (meaningful only on success)
     * @return success, or the errno and reason an error reply would carry
     */
    static PfKeyStatus Parse(const uint8_t* data, size_t size, PfKeyMessage& message);
    /**
     * @brief Decode a message.
     * @param bytes the bytes
     * @param[out] message the message (meaningful only on success)
     * @return success, or the errno and reason an error reply would carry
     */
    static PfKeyStatus Parse(const std::vector<uint8_t>& bytes, PfKeyMessage& message);

    /**
     * @brief Encode the message; sadb_msg_len is computed. Addresses must be IPv4 or IPv6
     * and the message at most PFKEY_MAX_MESSAGE_SIZE bytes (asserted).
     * @return the bytes
     */
    std::vector<uint8_t> Serialize() const;
    /** @return the size Serialize() produces, in bytes */
    uint32_t GetSerializedSize() const;

    /**
     * @brief Check a message sent by a user to the kernel: a reserved header field of zero,
     * a message type users may send (EOPNOTSUPP for the kernel's own EXPIRE, X_PCHANGE,
     * X_SPDACQUIRE, X_SPDEXPIRE and X_NAT_T_NEW_MAPPING), an SA type the message can use, and
     * the extensions RFC 2367 section 3.1 and Linux's af_key.c require: SA, source and
     * destination addresses of one family for UPDATE/ADD/DELETE/GET, addresses for GETSPI
     * (SPI range optional, min <= max), the key the SA type needs for UPDATE/ADD (ESP: the
     * encryption key, AH: the authentication key; keys of 0 bits only for the NULL
     * algorithms), X_POLICY with addresses for X_SPDADD/X_SPDUPDATE/X_SPDSETIDX/X_SPDDELETE
     * (a direction of inbound, outbound or forward; tunnel requests with endpoints),
     * X_POLICY for X_SPDGET/X_SPDDELETE2, nothing for REGISTER/FLUSH/DUMP/X_SPDDUMP/
     * X_SPDFLUSH/X_PROMISC.
     * @return success, or EINVAL (EOPNOTSUPP) naming what is missing or wrong
     */
    PfKeyStatus CheckRequest() const;

    /**
     * @param type an extension type
     * @return whether the message carries it
     */
    bool HasExtension(PfKeyExtensionType type) const;
    /** @return the types of the extensions carried, ascending */
    std::vector<PfKeyExtensionType> GetExtensionTypes() const;

    /**
     * @brief The error reply Linux sends for a refused message: this header with the errno
     * set and no extensions.
     * @param error the errno
     * @return the reply
     */
    PfKeyMessage MakeErrorReply(PfKeyErrno error) const;

    /**
     * @brief Print the header and the extension names on one line.
     * @param os the stream
     */
    void Print(std::ostream& os) const;

    // Base header (struct sadb_msg)
    uint8_t version = PFKEY_VERSION;                    //!< sadb_msg_version
    PfKeyMessageType type = PfKeyMessageType::RESERVED; //!< sadb_msg_type
    PfKeyErrno error = PfKeyErrno::OK;                  //!< sadb_msg_errno
    PfKeySaType saType = PfKeySaType::UNSPEC;           //!< sadb_msg_satype
    uint16_t reserved = 0; //!< sadb_msg_reserved: zero from users; Linux's policy replies
                           //!< carry a reference count there
    uint32_t sequence = 0; //!< sadb_msg_seq
    uint32_t pid = 0;      //!< sadb_msg_pid

    // Extensions, each at most once
    std::optional<PfKeySaExtension> sa;                        //!< SADB_EXT_SA
    std::optional<PfKeyLifetimeExtension> currentLifetime;     //!< SADB_EXT_LIFETIME_CURRENT
    std::optional<PfKeyLifetimeExtension> hardLifetime;        //!< SADB_EXT_LIFETIME_HARD
    std::optional<PfKeyLifetimeExtension> softLifetime;        //!< SADB_EXT_LIFETIME_SOFT
    std::optional<PfKeyAddressExtension> sourceAddress;        //!< SADB_EXT_ADDRESS_SRC
    std::optional<PfKeyAddressExtension> destinationAddress;   //!< SADB_EXT_ADDRESS_DST
    std::optional<PfKeyAddressExtension> proxyAddress;         //!< SADB_EXT_ADDRESS_PROXY
    std::optional<PfKeyKeyExtension> authKey;                  //!< SADB_EXT_KEY_AUTH
    std::optional<PfKeyKeyExtension> encryptKey;               //!< SADB_EXT_KEY_ENCRYPT
    std::optional<PfKeyIdentityExtension> sourceIdentity;      //!< SADB_EXT_IDENTITY_SRC
    std::optional<PfKeyIdentityExtension> destinationIdentity; //!< SADB_EXT_IDENTITY_DST
    std::optional<PfKeySensitivityExtension> sensitivity;      //!< SADB_EXT_SENSITIVITY
    std::optional<PfKeyProposalExtension> proposal;            //!< SADB_EXT_PROPOSAL
    std::optional<PfKeySupportedExtension> supportedAuth;      //!< SADB_EXT_SUPPORTED_AUTH
    std::optional<PfKeySupportedExtension> supportedEncrypt;   //!< SADB_EXT_SUPPORTED_ENCRYPT
    std::optional<PfKeySpiRangeExtension> spiRange;            //!< SADB_EXT_SPIRANGE
    std::optional<PfKeyPolicyExtension> policy;                //!< SADB_X_EXT_POLICY
    std::optional<PfKeySa2Extension> sa2;                      //!< SADB_X_EXT_SA2
    std::optional<PfKeyNatTypeExtension> natType;              //!< SADB_X_EXT_NAT_T_TYPE
    std::optional<PfKeyNatPortExtension> natSourcePort;        //!< SADB_X_EXT_NAT_T_SPORT
    std::optional<PfKeyNatPortExtension> natDestinationPort;   //!< SADB_X_EXT_NAT_T_DPORT
    std::optional<PfKeyAddressExtension> natOriginalAddress;   //!< SADB_X_EXT_NAT_T_OA
    /** Extensions kept as bytes (KMPRIVATE, SEC_CTX, KMADDRESS, FILTER), one per type. */
    std::vector<PfKeyOpaqueExtension> opaqueExtensions;
};

/**
 * @brief Print a message (see PfKeyMessage::Print).
 * @param os the stream
 * @param message the message
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, const PfKeyMessage& message);

} // namespace ns3

#endif /* PFKEY_MESSAGE_H */
