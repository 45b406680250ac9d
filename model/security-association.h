/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SECURITY_ASSOCIATION_H
#define SECURITY_ASSOCIATION_H

#include "anti-replay-window.h"
#include "ipsec-address.h"
#include "ipsec-algorithm-registry.h"
#include "ipsec-drop-reason.h"
#include "ipsec-policy.h"

#include "ns3/simple-ref-count.h"

#include <array>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief Whether an SA runs real cryptography or only reproduces its sizes.
 */
enum class IpsecCryptoMode : uint8_t
{
    DEFAULT,   //!< Follow the IpsecLayer's CryptoMode attribute (REAL when there is no layer)
    REAL,      //!< Real encryption and ICVs: the bytes a real stack would send
    SIZE_ONLY, //!< Same sizes, headers, sequence numbers and replay checks; no cipher work
};

/**
 * @brief Print a crypto mode ("default", "real", "size-only").
 * @param os the stream
 * @param mode the mode
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, IpsecCryptoMode mode);

/**
 * @ingroup ipsec
 * @brief The parameters that define an SA, as key management supplies them.
 */
struct IpsecSaParams
{
    IpsecProtocol protocol = IpsecProtocol::ESP; //!< ESP or AH
    IpsecMode mode = IpsecMode::TRANSPORT;       //!< Transport or tunnel
    uint32_t spi = 0;                            //!< SPI (chosen by the receiver)
    IpsecAddress source;                         //!< Sender of protected packets (IPv4 or IPv6)
    IpsecAddress destination; //!< Receiver of protected packets (same version as source)
    IpsecEncryption encryption = IpsecEncryption::AES_CBC;   //!< Encryption algorithm
    std::vector<uint8_t> encryptionKey;                      //!< Key, salt appended
    IpsecIntegrity integrity = IpsecIntegrity::HMAC_SHA1_96; //!< Integrity algorithm
    std::vector<uint8_t> integrityKey;                       //!< Integrity key
    uint32_t replayWindow = 64;                              //!< Anti-replay window size
    bool extendedSequenceNumbers = false;                    //!< 64-bit sequence numbers
    uint64_t initialSequence = 0; //!< Last sequence number sent (next one is +1)
    /** Real crypto or size-only; DEFAULT is resolved when the SA is installed. */
    IpsecCryptoMode cryptoMode = IpsecCryptoMode::DEFAULT;

    /**
     * @brief Check the parameters.
     * @return an empty string when valid, otherwise what is wrong
     */
    std::string Validate() const;
};

/**
 * @ingroup ipsec
 * @brief Per-SA traffic and drop counters.
 */
struct IpsecSaCounters
{
    uint64_t txPackets = 0; //!< Packets protected with this SA
    uint64_t txBytes = 0;   //!< Payload bytes protected with this SA
    uint64_t rxPackets = 0; //!< Packets accepted on this SA
    uint64_t rxBytes = 0;   //!< Payload bytes accepted on this SA
    std::array<uint64_t, static_cast<size_t>(IpsecDropReason::COUNT)> drops{}; //!< By reason

    /**
     * @param reason a drop reason
     * @return drops counted for it
     */
    uint64_t GetDrops(IpsecDropReason reason) const;
    /** @return all drops */
    uint64_t GetTotalDrops() const;
};

/**
 * @ingroup ipsec
 * @brief One security association: parameters, keyed transforms, sequence state, counters.
 *
 * SAs are created only by SecurityAssociationDatabase::Add(), which validates the
 * parameters first, so an SA object always holds a usable algorithm/key combination.
 */
class SecurityAssociation : public SimpleRefCount<SecurityAssociation>
{
  public:
    /**
     * @brief Construct from validated parameters.
     * @param params the parameters (IpsecSaParams::Validate() returned no error)
     */
    explicit SecurityAssociation(const IpsecSaParams& params);

    /** @return the parameters */
    const IpsecSaParams& GetParams() const;
    /** @return the protocol */
    IpsecProtocol GetProtocol() const;
    /** @return the mode */
    IpsecMode GetMode() const;
    /** @return the SPI */
    uint32_t GetSpi() const;
    /** @return the source address */
    IpsecAddress GetSource() const;
    /** @return the destination address */
    IpsecAddress GetDestination() const;
    /** @return the encryption algorithm */
    IpsecEncryption GetEncryption() const;
    /** @return the integrity algorithm */
    IpsecIntegrity GetIntegrity() const;
    /** @return the encryption algorithm's descriptor */
    const EncryptionAlgorithmInfo& GetEncryptionInfo() const;
    /** @return the ICV length on the wire */
    uint32_t GetIcvSize() const;
    /** @return whether the SA only reproduces sizes (no cipher, no ICV work) */
    bool IsSizeOnly() const;
    /** @return the keyed cipher (not for size-only SAs, which build none) */
    EspCipher& GetCipher() const;
    /** @return the keyed authenticator, or nullptr for AEAD/no integrity */
    IpsecAuthenticator* GetAuthenticator() const;

    /**
     * @brief Take the next outbound sequence number.
     * @param[out] seq the number to send
     * @return false if it would cycle (RFC 4303 3.3.3); the SA must then not be used
     */
    bool NextSequence(uint64_t& seq);
    /** @return the last sequence number sent */
    uint64_t GetLastSequence() const;

    /** @return the anti-replay window */
    AntiReplayWindow& GetReplayWindow();
    /** @return the counters */
    IpsecSaCounters& GetCounters();
    /** @return the counters */
    const IpsecSaCounters& GetCounters() const;

    /**
     * @brief A per-SA random value XORed with the sequence number to form counter-mode IVs:
     * unique per packet as RFC 4106 requires, and drawn from a random stream.
     * @param salt the value
     */
    void SetIvSalt(uint64_t salt);
    /** @return the IV salt */
    uint64_t GetIvSalt() const;

    /**
     * @brief Print like `ipseckey dump` does.
     * @param os the stream
     */
    void Print(std::ostream& os) const;

  private:
    IpsecSaParams m_params;                   //!< Defining parameters
    const EncryptionAlgorithmInfo* m_encInfo; //!< Registry entry
    Ptr<EspCipher> m_cipher;                  //!< Keyed cipher
    Ptr<IpsecAuthenticator> m_auth;           //!< Keyed integrity (may be null)
    uint64_t m_lastSequence;                  //!< Last sequence number sent
    AntiReplayWindow m_replay;                //!< Receive window
    IpsecSaCounters m_counters;               //!< Counters
    uint64_t m_ivSalt;                        //!< IV whitening for counter modes
    uint32_t m_icvBytes;                      //!< ICV length on the wire
};

/**
 * @brief Print an SA.
 * @param os the stream
 * @param sa the SA
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, const SecurityAssociation& sa);

} // namespace ns3

#endif /* SECURITY_ASSOCIATION_H */
