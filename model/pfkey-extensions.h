/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PFKEY_EXTENSIONS_H
#define PFKEY_EXTENSIONS_H

#include "ipsec-address.h"
#include "pfkey-constants.h"

#include <cstdint>
#include <vector>

namespace ns3
{

// The PF_KEY v2 extensions (RFC 2367 section 2.3, with the KAME/Linux X extensions), one
// struct each. Every struct encodes and decodes itself in the layout of the matching
// struct of <linux/pfkeyv2.h>: fields in host byte order except SPIs, ports and IPv6 flow
// labels (network order, as in Linux), reserved fields zero, the whole extension padded with
// zeros to a multiple of 8 bytes and its length counted in 64-bit words.
//
// Decode() receives a whole extension (its 4-byte sadb_ext header included) whose length
// field PfKeyMessage::Parse() has already checked against the buffer, and refuses what
// does not fit its struct with EINVAL, as Linux does. Reserved fields are ignored on input
// and written as zero, so any decoded extension encodes to canonical bytes.

/**
 * @ingroup ipsec
 * @brief A socket address inside a PF_KEY message: Linux's sockaddr_in (16 bytes) or
 * sockaddr_in6 (28 bytes), the family numbered as Linux numbers it.
 */
struct PfKeySockaddr
{
    IpsecAddress address;  //!< IPv4 or IPv6 address
    uint16_t port = 0;     //!< Port (0: any); network order on the wire
    uint32_t flowInfo = 0; //!< IPv6 only: sin6_flowinfo (network order on the wire)
    uint32_t scopeId = 0;  //!< IPv6 only: sin6_scope_id

    /** @return 16 for IPv4, 28 for IPv6, 0 for no address */
    uint32_t GetSize() const;
    /**
     * @brief Append the sockaddr (its address must be IPv4 or IPv6).
     * @param out the buffer
     */
    void Encode(std::vector<uint8_t>& out) const;
    /**
     * @brief Read a sockaddr.
     * @param data its first byte
     * @param available bytes readable at @p data
     * @param[out] sockaddr the address read
     * @return EINVAL if the family is neither AF_INET nor AF_INET6 or the bytes are too few
     */
    static PfKeyStatus Decode(const uint8_t* data, uint32_t available, PfKeySockaddr& sockaddr);
};

/**
 * @ingroup ipsec
 * @brief SADB_EXT_SA (struct sadb_sa, 16 bytes).
 */
struct PfKeySaExtension
{
    static constexpr uint32_t SIZE = 16; //!< Bytes on the wire

    uint32_t spi = 0;         //!< SPI (network order on the wire)
    uint8_t replayWindow = 0; //!< Anti-replay window in packets (Linux's reading), 0: none
    PfKeySaState state = PfKeySaState::MATURE; //!< SA state
    uint8_t auth = 0;    //!< Authentication algorithm (SADB_AALG_*; IpsecIntegrity values)
    uint8_t encrypt = 0; //!< Encryption algorithm (SADB_EALG_*; IpsecEncryption values)
    uint32_t flags = 0;  //!< SADB_SAFLAGS_* bits

    /**
     * @brief Append the extension.
     * @param type its extension type
     * @param out the buffer
     */
    void Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const;
    /**
     * @brief Read the extension.
     * @param data the extension (sadb_ext header included)
     * @param length its length in bytes
     * @param[out] extension what was read
     * @return success or EINVAL with the reason
     */
    static PfKeyStatus Decode(const uint8_t* data, uint32_t length, PfKeySaExtension& extension);
};

/**
 * @ingroup ipsec
 * @brief SADB_EXT_LIFETIME_CURRENT/HARD/SOFT (struct sadb_lifetime, 32 bytes).
 */
struct PfKeyLifetimeExtension
{
    static constexpr uint32_t SIZE = 32; //!< Bytes on the wire

    uint32_t allocations = 0; //!< Packets (Linux's reading)
    uint64_t bytes = 0;       //!< Bytes
    uint64_t addTime = 0;     //!< Seconds after adding (limit) or time added (current)
    uint64_t useTime = 0;     //!< Seconds after first use (limit) or time of first use

    /**
     * @brief Append the extension.
     * @param type its extension type
     * @param out the buffer
     */
    void Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const;
    /**
     * @brief Read the extension.
     * @param data the extension (sadb_ext header included)
     * @param length its length in bytes
     * @param[out] extension what was read
     * @return success or EINVAL with the reason
     */
    static PfKeyStatus Decode(const uint8_t* data,
                              uint32_t length,
                              PfKeyLifetimeExtension& extension);
};

/**
 * @ingroup ipsec
 * @brief SADB_EXT_ADDRESS_SRC/DST/PROXY and SADB_X_EXT_NAT_T_OA (struct sadb_address, 8
 * bytes, then a sockaddr padded to 8 bytes: 24 bytes for IPv4, 40 for IPv6).
 */
struct PfKeyAddressExtension
{
    static constexpr uint32_t HEADER_SIZE = 8; //!< Bytes before the sockaddr

    uint8_t protocol = PFKEY_ULPROTO_ANY; //!< Upper-layer protocol (255: any)
    uint8_t prefixLength = 0;             //!< Prefix length (at most 32 or 128)
    PfKeySockaddr sockaddr;               //!< Address and port

    /**
     * @brief An address extension for one host: full-length prefix.
     * @param address the address (IPv4 or IPv6)
     * @param port the port (0: any)
     * @param protocol the upper-layer protocol (255: any)
     * @return the extension
     */
    static PfKeyAddressExtension ForHost(const IpsecAddress& address,
                                         uint16_t port = 0,
                                         uint8_t protocol = PFKEY_ULPROTO_ANY);
    /**
     * @brief Append the extension.
     * @param type its extension type
     * @param out the buffer
     */
    void Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const;
    /**
     * @brief Read the extension: its length must be exactly the padded size of its sockaddr
     * and the prefix length must fit the family, as Linux requires.
     * @param data the extension (sadb_ext header included)
     * @param length its length in bytes
     * @param[out] extension what was read
     * @return success or EINVAL with the reason
     */
    static PfKeyStatus Decode(const uint8_t* data,
                              uint32_t length,
                              PfKeyAddressExtension& extension);
};

/**
 * @ingroup ipsec
 * @brief SADB_EXT_KEY_AUTH/ENCRYPT (struct sadb_key, 8 bytes, then the key bits padded).
 */
struct PfKeyKeyExtension
{
    static constexpr uint32_t HEADER_SIZE = 8; //!< Bytes before the key data

    uint16_t bits = 0;         //!< Key length in bits
    std::vector<uint8_t> data; //!< The key: (bits + 7) / 8 bytes

    /**
     * @brief A key extension for whole bytes.
     * @param key the key
     * @return the extension (bits = 8 * key size)
     */
    static PfKeyKeyExtension FromBytes(const std::vector<uint8_t>& key);
    /**
     * @brief Append the extension: (bits + 7) / 8 bytes of @c data (zeros if it is
     * shorter), then zero padding.
     * @param type its extension type
     * @param out the buffer
     */
    void Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const;
    /**
     * @brief Read the extension.
     * @param data the extension (sadb_ext header included)
     * @param length its length in bytes
     * @param[out] extension what was read
     * @return success, or EINVAL when the key bits exceed the extension
     */
    static PfKeyStatus Decode(const uint8_t* data, uint32_t length, PfKeyKeyExtension& extension);
};

/**
 * @ingroup ipsec
 * @brief SADB_EXT_IDENTITY_SRC/DST (struct sadb_ident, 16 bytes, then an optional
 * NUL-terminated string padded to 8 bytes).
 */
struct PfKeyIdentityExtension
{
    static constexpr uint32_t HEADER_SIZE = 16; //!< Bytes before the string

    PfKeyIdentityType type = PfKeyIdentityType::RESERVED; //!< What the identity is
    uint64_t id = 0;                                      //!< Numeric identity (e.g. a user id)
    std::string text; //!< The identity string (no NUL inside); empty: none carried

    /**
     * @brief Append the extension.
     * @param type its extension type
     * @param out the buffer
     */
    void Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const;
    /**
     * @brief Read the extension.
     * @param data the extension (sadb_ext header included)
     * @param length its length in bytes
     * @param[out] extension what was read
     * @return success, or EINVAL when the string has no NUL inside the extension
     */
    static PfKeyStatus Decode(const uint8_t* data,
                              uint32_t length,
                              PfKeyIdentityExtension& extension);
};

/**
 * @ingroup ipsec
 * @brief SADB_EXT_SENSITIVITY (struct sadb_sens, 16 bytes, then the sensitivity and
 * integrity bitmaps, 64-bit words each).
 */
struct PfKeySensitivityExtension
{
    static constexpr uint32_t HEADER_SIZE = 16; //!< Bytes before the bitmaps

    uint32_t dpd = 0;                        //!< Domain of protection and interpretation
    uint8_t sensitivityLevel = 0;            //!< Sensitivity level
    uint8_t integrityLevel = 0;              //!< Integrity level
    std::vector<uint64_t> sensitivityBitmap; //!< Sensitivity bitmap (at most 255 words)
    std::vector<uint64_t> integrityBitmap;   //!< Integrity bitmap (at most 255 words)

    /**
     * @brief Append the extension.
     * @param type its extension type
     * @param out the buffer
     */
    void Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const;
    /**
     * @brief Read the extension.
     * @param data the extension (sadb_ext header included)
     * @param length its length in bytes
     * @param[out] extension what was read
     * @return success, or EINVAL when the bitmaps do not fit the extension
     */
    static PfKeyStatus Decode(const uint8_t* data,
                              uint32_t length,
                              PfKeySensitivityExtension& extension);
};

/**
 * @ingroup ipsec
 * @brief One combination of a proposal (struct sadb_comb, 72 bytes).
 */
struct PfKeyCombination
{
    static constexpr uint32_t SIZE = 72; //!< Bytes on the wire

    uint8_t auth = 0;             //!< Authentication algorithm
    uint8_t encrypt = 0;          //!< Encryption algorithm
    uint16_t flags = 0;           //!< SADB_SAFLAGS_* bits (16 of them)
    uint16_t authMinBits = 0;     //!< Shortest authentication key
    uint16_t authMaxBits = 0;     //!< Longest authentication key
    uint16_t encryptMinBits = 0;  //!< Shortest encryption key
    uint16_t encryptMaxBits = 0;  //!< Longest encryption key
    uint32_t softAllocations = 0; //!< Soft lifetime: packets
    uint32_t hardAllocations = 0; //!< Hard lifetime: packets
    uint64_t softBytes = 0;       //!< Soft lifetime: bytes
    uint64_t hardBytes = 0;       //!< Hard lifetime: bytes
    uint64_t softAddTime = 0;     //!< Soft lifetime: seconds after adding
    uint64_t hardAddTime = 0;     //!< Hard lifetime: seconds after adding
    uint64_t softUseTime = 0;     //!< Soft lifetime: seconds after first use
    uint64_t hardUseTime = 0;     //!< Hard lifetime: seconds after first use
};

/**
 * @ingroup ipsec
 * @brief SADB_EXT_PROPOSAL (struct sadb_prop, 8 bytes, then combinations).
 */
struct PfKeyProposalExtension
{
    static constexpr uint32_t HEADER_SIZE = 8; //!< Bytes before the combinations

    uint8_t replayWindow = 0;                   //!< Proposed replay window
    std::vector<PfKeyCombination> combinations; //!< Acceptable combinations, preferred first

    /**
     * @brief Append the extension.
     * @param type its extension type
     * @param out the buffer
     */
    void Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const;
    /**
     * @brief Read the extension.
     * @param data the extension (sadb_ext header included)
     * @param length its length in bytes
     * @param[out] extension what was read
     * @return success, or EINVAL when the rest is not a whole number of combinations
     */
    static PfKeyStatus Decode(const uint8_t* data,
                              uint32_t length,
                              PfKeyProposalExtension& extension);
};

/**
 * @ingroup ipsec
 * @brief One supported algorithm (struct sadb_alg, 8 bytes).
 */
struct PfKeyAlgorithmDescription
{
    static constexpr uint32_t SIZE = 8; //!< Bytes on the wire

    uint8_t id = 0;       //!< Algorithm number
    uint8_t ivLength = 0; //!< IV length in bytes
    uint16_t minBits = 0; //!< Shortest key
    uint16_t maxBits = 0; //!< Longest key
};

/**
 * @ingroup ipsec
 * @brief SADB_EXT_SUPPORTED_AUTH/ENCRYPT (struct sadb_supported, 8 bytes, then algorithms).
 */
struct PfKeySupportedExtension
{
    static constexpr uint32_t HEADER_SIZE = 8; //!< Bytes before the algorithms

    std::vector<PfKeyAlgorithmDescription> algorithms; //!< The algorithms

    /**
     * @brief Append the extension.
     * @param type its extension type
     * @param out the buffer
     */
    void Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const;
    /**
     * @brief Read the extension.
     * @param data the extension (sadb_ext header included)
     * @param length its length in bytes
     * @param[out] extension what was read
     * @return success
     */
    static PfKeyStatus Decode(const uint8_t* data,
                              uint32_t length,
                              PfKeySupportedExtension& extension);
};

/**
 * @ingroup ipsec
 * @brief SADB_EXT_SPIRANGE (struct sadb_spirange, 16 bytes).
 */
struct PfKeySpiRangeExtension
{
    static constexpr uint32_t SIZE = 16; //!< Bytes on the wire

    uint32_t min = 0; //!< Lowest acceptable SPI (host order, as Linux reads it)
    uint32_t max = 0; //!< Highest acceptable SPI

    /**
     * @brief Append the extension.
     * @param type its extension type
     * @param out the buffer
     */
    void Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const;
    /**
     * @brief Read the extension.
     * @param data the extension (sadb_ext header included)
     * @param length its length in bytes
     * @param[out] extension what was read
     * @return success or EINVAL with the reason
     */
    static PfKeyStatus Decode(const uint8_t* data,
                              uint32_t length,
                              PfKeySpiRangeExtension& extension);
};

/**
 * @ingroup ipsec
 * @brief SADB_X_EXT_SA2 (struct sadb_x_sa2, 16 bytes).
 */
struct PfKeySa2Extension
{
    static constexpr uint32_t SIZE = 16; //!< Bytes on the wire

    PfKeyIpsecMode mode = PfKeyIpsecMode::TRANSPORT; //!< SA mode
    uint32_t sequence = 0;                           //!< Sequence (ACQUIRE correlation)
    uint32_t reqid = 0;                              //!< Request id tying SAs to policies

    /**
     * @brief Append the extension.
     * @param type its extension type
     * @param out the buffer
     */
    void Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const;
    /**
     * @brief Read the extension.
     * @param data the extension (sadb_ext header included)
     * @param length its length in bytes
     * @param[out] extension what was read
     * @return success or EINVAL with the reason
     */
    static PfKeyStatus Decode(const uint8_t* data, uint32_t length, PfKeySa2Extension& extension);
};

/**
 * @ingroup ipsec
 * @brief One KAME ipsecrequest of a policy (struct sadb_x_ipsecrequest, 16 bytes, then, if
 * present, the tunnel source and destination sockaddrs, padded to 8 bytes). Its length
 * field counts bytes, not 64-bit words.
 */
struct PfKeyIpsecRequest
{
    static constexpr uint32_t HEADER_SIZE = 16; //!< Bytes before the sockaddrs

    uint16_t protocol = 50;                           //!< IP protocol: 50 ESP, 51 AH, 108 IPComp
    PfKeyIpsecMode mode = PfKeyIpsecMode::TRANSPORT;  //!< Transport or tunnel
    PfKeyIpsecLevel level = PfKeyIpsecLevel::REQUIRE; //!< How strictly an SA is needed
    uint32_t reqid = 0;                               //!< Request id (level UNIQUE)
    bool hasEndpoints = false;       //!< Whether the sockaddrs follow (tunnel mode needs them)
    PfKeySockaddr tunnelSource;      //!< Outer source (when hasEndpoints)
    PfKeySockaddr tunnelDestination; //!< Outer destination (same family)

    /** @return bytes on the wire, padding included */
    uint32_t GetSize() const;
};

/**
 * @ingroup ipsec
 * @brief SADB_X_EXT_POLICY (struct sadb_x_policy, 16 bytes, then the ipsecrequests of an
 * IPSEC policy, innermost transform first).
 */
struct PfKeyPolicyExtension
{
    static constexpr uint32_t HEADER_SIZE = 16; //!< Bytes before the requests

    PfKeyPolicyType type = PfKeyPolicyType::IPSEC;                   //!< What the policy does
    PfKeyPolicyDirection direction = PfKeyPolicyDirection::OUTBOUND; //!< Direction
    uint32_t id = 0;                         //!< Policy index (kernel-assigned)
    uint32_t priority = 0;                   //!< Priority (lower first, Linux)
    std::vector<PfKeyIpsecRequest> requests; //!< Transforms, innermost first

    /**
     * @brief Append the extension.
     * @param type its extension type
     * @param out the buffer
     */
    void Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const;
    /**
     * @brief Read the extension and its requests: each request at least 16 bytes, a
     * multiple of 8, inside the extension; sockaddr pairs of one known family; no bytes left.
     * @param data the extension (sadb_ext header included)
     * @param length its length in bytes
     * @param[out] extension what was read
     * @return success or EINVAL with the reason
     */
    static PfKeyStatus Decode(const uint8_t* data,
                              uint32_t length,
                              PfKeyPolicyExtension& extension);
};

/**
 * @ingroup ipsec
 * @brief SADB_X_EXT_NAT_T_TYPE (struct sadb_x_nat_t_type, 8 bytes).
 */
struct PfKeyNatTypeExtension
{
    static constexpr uint32_t SIZE = 8; //!< Bytes on the wire

    PfKeyNatTraversalType type = PfKeyNatTraversalType::ESP_IN_UDP; //!< Encapsulation

    /**
     * @brief Append the extension.
     * @param type its extension type
     * @param out the buffer
     */
    void Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const;
    /**
     * @brief Read the extension.
     * @param data the extension (sadb_ext header included)
     * @param length its length in bytes
     * @param[out] extension what was read
     * @return success or EINVAL with the reason
     */
    static PfKeyStatus Decode(const uint8_t* data,
                              uint32_t length,
                              PfKeyNatTypeExtension& extension);
};

/**
 * @ingroup ipsec
 * @brief SADB_X_EXT_NAT_T_SPORT/DPORT (struct sadb_x_nat_t_port, 8 bytes).
 */
struct PfKeyNatPortExtension
{
    static constexpr uint32_t SIZE = 8; //!< Bytes on the wire

    uint16_t port = 0; //!< UDP port (network order on the wire)

    /**
     * @brief Append the extension.
     * @param type its extension type
     * @param out the buffer
     */
    void Encode(PfKeyExtensionType type, std::vector<uint8_t>& out) const;
    /**
     * @brief Read the extension.
     * @param data the extension (sadb_ext header included)
     * @param length its length in bytes
     * @param[out] extension what was read
     * @return success or EINVAL with the reason
     */
    static PfKeyStatus Decode(const uint8_t* data,
                              uint32_t length,
                              PfKeyNatPortExtension& extension);
};

/**
 * @ingroup ipsec
 * @brief An extension Linux knows but the module does not model (SADB_X_EXT_KMPRIVATE,
 * SEC_CTX, KMADDRESS, FILTER), kept as its bytes so that a message carrying one round-trips.
 */
struct PfKeyOpaqueExtension
{
    PfKeyExtensionType type = PfKeyExtensionType::X_KMPRIVATE; //!< Extension type
    std::vector<uint8_t> body; //!< Bytes after the 4-byte sadb_ext header, padding included

    /**
     * @brief Append the extension (body zero-padded to a multiple of 8 bytes overall).
     * @param out the buffer
     */
    void Encode(std::vector<uint8_t>& out) const;
    /**
     * @brief Read the extension: at least Linux's minimum size for its type; a security
     * context must fill its extension exactly, as Linux checks.
     * @param data the extension (sadb_ext header included)
     * @param length its length in bytes
     * @param[out] extension what was read
     * @return success or EINVAL with the reason
     */
    static PfKeyStatus Decode(const uint8_t* data,
                              uint32_t length,
                              PfKeyOpaqueExtension& extension);
};

} // namespace ns3

#endif /* PFKEY_EXTENSIONS_H */
