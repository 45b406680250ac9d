/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_ALGORITHM_REGISTRY_H
#define IPSEC_ALGORITHM_REGISTRY_H

#include "esp-cipher.h"
#include "ipsec-authenticator.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief Encryption algorithm identifiers.
 *
 * The numeric values are the PF_KEY v2 `SADB_EALG_*` / `SADB_X_EALG_*` numbers used by
 * `<linux/pfkeyv2.h>` (RFC 2367 and the IANA registry), so they can be carried unchanged in
 * PF_KEY messages.
 */
enum class IpsecEncryption : uint8_t
{
    NONE = 0,           //!< No encryption transform (used by AH-only SAs)
    NULL_ENC = 11,      //!< ESP_NULL, RFC 2410
    AES_CBC = 12,       //!< AES-CBC, RFC 3602
    AES_GCM_ICV16 = 20, //!< AES-GCM with a 16-octet ICV, RFC 4106
    ANY = 255,          //!< Policy wildcard: any algorithm satisfies the policy
};

/**
 * @ingroup ipsec
 * @brief Integrity algorithm identifiers (PF_KEY v2 `SADB_AALG_*` numbers).
 */
enum class IpsecIntegrity : uint8_t
{
    NONE = 0,            //!< No separate integrity transform (NULL, or AEAD encryption)
    HMAC_SHA1_96 = 3,    //!< HMAC-SHA1-96, RFC 2404
    HMAC_SHA256_128 = 5, //!< HMAC-SHA-256-128, RFC 4868
    ANY = 255,           //!< Policy wildcard: any algorithm satisfies the policy
};

/**
 * @ingroup ipsec
 * @brief Everything the module knows about one encryption algorithm.
 */
struct EncryptionAlgorithmInfo
{
    IpsecEncryption id;               //!< PF_KEY identifier
    std::string name;                 //!< Canonical name (ipseckey style), e.g. "aes-cbc"
    std::vector<std::string> aliases; //!< Other accepted spellings
    std::string wiresharkName;        //!< The string Wireshark's esp_sa table uses
    std::vector<uint16_t> keyBits;    //!< Accepted key sizes, salt excluded
    uint16_t saltBytes;               //!< Salt appended to the key material (RFC 4106: 4)
    uint16_t blockBytes;              //!< Cipher block size (1 for stream/AEAD modes)
    uint16_t ivBytes;                 //!< Explicit IV carried in each packet
    uint16_t icvBytes;                //!< ICV produced by an AEAD algorithm, 0 otherwise
    bool aead;                        //!< Combined-mode algorithm (no separate integrity)
};

/**
 * @ingroup ipsec
 * @brief Everything the module knows about one integrity algorithm.
 */
struct IntegrityAlgorithmInfo
{
    IpsecIntegrity id;                //!< PF_KEY identifier
    std::string name;                 //!< Canonical name (ipseckey style), e.g. "hmac-sha1"
    std::vector<std::string> aliases; //!< Other accepted spellings
    std::string wiresharkName;        //!< The string Wireshark's esp_sa table uses
    uint16_t keyBits;                 //!< Key size
    uint16_t icvBytes;                //!< Truncated ICV length
};

/**
 * @ingroup ipsec
 * @brief The single source of truth for algorithm names, sizes and implementations.
 *
 * Every other part of the module (SA validation, helpers, the Wireshark key export and the
 * pcap inspector) asks the registry; nothing else hard-codes an algorithm property.
 */
class IpsecAlgorithmRegistry
{
  public:
    /**
     * @brief Look up an encryption algorithm.
     * @param id the identifier
     * @return the descriptor, or nullptr if the module does not implement it
     */
    static const EncryptionAlgorithmInfo* Find(IpsecEncryption id);
    /**
     * @brief Look up an integrity algorithm.
     * @param id the identifier
     * @return the descriptor, or nullptr if the module does not implement it
     */
    static const IntegrityAlgorithmInfo* Find(IpsecIntegrity id);
    /**
     * @brief Find an encryption algorithm by any of its names (case-insensitive).
     * @param name canonical name, alias or Wireshark string
     * @return the descriptor, or nullptr
     */
    static const EncryptionAlgorithmInfo* FindEncryption(const std::string& name);
    /**
     * @brief Find an integrity algorithm by any of its names (case-insensitive).
     * @param name canonical name, alias or Wireshark string
     * @return the descriptor, or nullptr
     */
    static const IntegrityAlgorithmInfo* FindIntegrity(const std::string& name);
    /** @return all encryption algorithms */
    static const std::vector<EncryptionAlgorithmInfo>& EncryptionAlgorithms();
    /** @return all integrity algorithms */
    static const std::vector<IntegrityAlgorithmInfo>& IntegrityAlgorithms();

    /**
     * @brief Check that a combination of algorithms and keys may form an ESP SA.
     * @param enc encryption algorithm
     * @param encKey encryption key material (salt included at the end)
     * @param auth integrity algorithm
     * @param authKey integrity key
     * @return an empty string when valid, otherwise a message saying what is wrong
     */
    static std::string ValidateEsp(IpsecEncryption enc,
                                   const std::vector<uint8_t>& encKey,
                                   IpsecIntegrity auth,
                                   const std::vector<uint8_t>& authKey);

    /**
     * @brief Build a keyed cipher for an encryption algorithm.
     * @param id the algorithm (must be valid)
     * @param key key material including the salt (must have passed ValidateEsp)
     * @return the keyed cipher
     */
    static Ptr<EspCipher> CreateCipher(IpsecEncryption id, const std::vector<uint8_t>& key);
    /**
     * @brief Build a keyed authenticator for an integrity algorithm.
     * @param id the algorithm (must not be NONE)
     * @param key the key
     * @return the keyed authenticator
     */
    static Ptr<IpsecAuthenticator> CreateAuthenticator(IpsecIntegrity id,
                                                       const std::vector<uint8_t>& key);
};

/**
 * @brief Print an encryption algorithm's canonical name.
 * @param os the stream
 * @param id the algorithm
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, IpsecEncryption id);
/**
 * @brief Print an integrity algorithm's canonical name.
 * @param os the stream
 * @param id the algorithm
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, IpsecIntegrity id);

} // namespace ns3

#endif /* IPSEC_ALGORITHM_REGISTRY_H */
