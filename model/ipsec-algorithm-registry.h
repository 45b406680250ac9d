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
 * The numeric values are the PF_KEY v2 `SADB_EALG_*` / `SADB_X_EALG_*` numbers of
 * `<linux/pfkeyv2.h>` (RFC 2367 and the IANA registry), so they can be carried unchanged in
 * PF_KEY messages. ChaCha20-Poly1305 has no PF_KEY number in Linux; it uses a private one
 * (EncryptionAlgorithmInfo::pfkeyAssigned is false for it).
 */
enum class IpsecEncryption : uint8_t
{
    NONE = 0,                //!< No encryption transform (used by AH-only SAs)
    DES_CBC = 2,             //!< DES-CBC, RFC 2405
    TRIPLE_DES_CBC = 3,      //!< 3DES-CBC (DES-EDE3), RFC 2451
    CAST_CBC = 6,            //!< CAST-128-CBC, RFC 2451 / RFC 2144
    BLOWFISH_CBC = 7,        //!< Blowfish-CBC, RFC 2451
    NULL_ENC = 11,           //!< ESP_NULL, RFC 2410
    AES_CBC = 12,            //!< AES-CBC, RFC 3602
    AES_CTR = 13,            //!< AES-CTR, RFC 3686
    AES_CCM_ICV8 = 14,       //!< AES-CCM with an 8-octet ICV, RFC 4309
    AES_CCM_ICV12 = 15,      //!< AES-CCM with a 12-octet ICV, RFC 4309
    AES_CCM_ICV16 = 16,      //!< AES-CCM with a 16-octet ICV, RFC 4309
    AES_GCM_ICV8 = 18,       //!< AES-GCM with an 8-octet ICV, RFC 4106
    AES_GCM_ICV12 = 19,      //!< AES-GCM with a 12-octet ICV, RFC 4106
    AES_GCM_ICV16 = 20,      //!< AES-GCM with a 16-octet ICV, RFC 4106
    CAMELLIA_CBC = 22,       //!< Camellia-CBC, RFC 4312
    NULL_AES_GMAC = 23,      //!< NULL encryption with AES-GMAC integrity, RFC 4543
    CHACHA20_POLY1305 = 250, //!< ChaCha20-Poly1305, RFC 7634 (private PF_KEY number)
    TWOFISH_CBC = 253,       //!< Twofish-CBC (Linux SADB_X_EALG_TWOFISHCBC)
    ANY = 255,               //!< Policy wildcard: any algorithm satisfies the policy
};

/**
 * @ingroup ipsec
 * @brief Integrity algorithm identifiers (PF_KEY v2 `SADB_AALG_*` / `SADB_X_AALG_*` numbers).
 *
 * The legacy HMAC-SHA-256-96 has no PF_KEY number of its own (old Linux kernels used
 * SADB_X_AALG_SHA2_256HMAC with a 96-bit truncation); it uses a private number.
 */
enum class IpsecIntegrity : uint8_t
{
    NONE = 0,              //!< No separate integrity transform (NULL, or AEAD encryption)
    HMAC_MD5_96 = 2,       //!< HMAC-MD5-96, RFC 2403
    HMAC_SHA1_96 = 3,      //!< HMAC-SHA1-96, RFC 2404
    HMAC_SHA256_128 = 5,   //!< HMAC-SHA-256-128, RFC 4868
    HMAC_SHA384_192 = 6,   //!< HMAC-SHA-384-192, RFC 4868
    HMAC_SHA512_256 = 7,   //!< HMAC-SHA-512-256, RFC 4868
    HMAC_RIPEMD160_96 = 8, //!< HMAC-RIPEMD-160-96, RFC 2857
    AES_XCBC_96 = 9,       //!< AES-XCBC-MAC-96, RFC 3566
    HMAC_SHA256_96 = 250,  //!< Legacy HMAC-SHA-256-96 (draft-ietf-ipsec-ciph-sha-256-00)
    ANY = 255,             //!< Policy wildcard: any algorithm satisfies the policy
};

/**
 * @ingroup ipsec
 * @brief Cost of running an algorithm over one packet, for the processing-delay model:
 * a fixed part plus a part proportional to the bytes processed.
 */
struct IpsecAlgorithmCost
{
    double perPacketNs; //!< Fixed cost per packet, nanoseconds
    double perByteNs;   //!< Cost per byte processed, nanoseconds
};

/**
 * @ingroup ipsec
 * @brief Everything the module knows about one encryption algorithm.
 */
struct EncryptionAlgorithmInfo
{
    IpsecEncryption id;               //!< PF_KEY identifier
    std::string name;                 //!< Canonical name (ipseckey style), e.g. "aes-cbc"
    std::vector<std::string> aliases; //!< Other accepted spellings (ipsecconf, Linux, strongSwan)
    std::string wiresharkName;        //!< The string Wireshark's esp_sa table uses (or would)
    bool wiresharkSupported;          //!< Whether Wireshark 4.0 can decrypt it
    bool pfkeyAssigned;               //!< Whether @c id is a PF_KEY number Linux defines
    uint16_t ikev2Id;                 //!< IKEv2 transform type 1 ID (IANA), 0 if none
    std::string rfc;                  //!< Defining document
    std::vector<uint16_t> keyBits;    //!< Accepted key sizes, salt excluded
    uint16_t saltBytes;               //!< Salt/nonce appended to the key material
    uint16_t blockBytes;              //!< Cipher block size (1 for stream/AEAD modes)
    uint16_t ivBytes;                 //!< Explicit IV carried in each packet
    uint16_t icvBytes;                //!< ICV produced by a combined-mode algorithm, else 0
    bool aead;                        //!< Combined mode (no separate integrity algorithm)
    bool confidential;                //!< Whether the payload is encrypted (false: NULL, GMAC)
    IpsecAlgorithmCost cost;          //!< Default processing cost (reference machine)
    /** Builds the keyed cipher from key material (salt included), already validated. */
    Ptr<EspCipher> (*create)(const std::vector<uint8_t>& key);
    /** Optional extra key check (weak keys); returns an error message or "". */
    std::string (*checkKey)(const std::vector<uint8_t>& key);
    /** Key sizes Wireshark 4.0 decrypts when it supports only some (empty: all). */
    std::vector<uint16_t> wiresharkKeyBits = {};
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
    std::string wiresharkName;        //!< The string Wireshark's esp_sa table uses (or would)
    bool wiresharkSupported;          //!< Whether Wireshark 4.0 can check its ICV
    bool pfkeyAssigned;               //!< Whether @c id is a PF_KEY number Linux defines
    uint16_t ikev2Id;                 //!< IKEv2 transform type 3 ID (IANA), 0 if none
    std::string rfc;                  //!< Defining document
    uint16_t keyBits;                 //!< Key size
    uint16_t icvBytes;                //!< Truncated ICV length
    IpsecAlgorithmCost cost;          //!< Default processing cost (reference machine)
    /** Builds the keyed authenticator (nullptr for NONE). */
    Ptr<IpsecAuthenticator> (*create)(const std::vector<uint8_t>& key);
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
    /**
     * @brief Find an encryption algorithm by its IKEv2 transform ID (IANA, transform type 1).
     * @param transformId the ID (0 never matches)
     * @return the descriptor, or nullptr
     */
    static const EncryptionAlgorithmInfo* FindEncryptionByIkev2(uint16_t transformId);
    /**
     * @brief Find an integrity algorithm by its IKEv2 transform ID (IANA, transform type 3).
     * @param transformId the ID (0 never matches)
     * @return the descriptor, or nullptr
     */
    static const IntegrityAlgorithmInfo* FindIntegrityByIkev2(uint16_t transformId);
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
     * @brief Check that a combination of algorithms and keys may form an AH SA: no
     * encryption, an integrity algorithm with a key of its length.
     * @param enc must be NONE
     * @param encKey must be empty
     * @param auth integrity algorithm (not NONE)
     * @param authKey integrity key
     * @return an empty string when valid, otherwise a message saying what is wrong
     */
    static std::string ValidateAh(IpsecEncryption enc,
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
