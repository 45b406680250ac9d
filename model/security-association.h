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
#include "ipsec-lifetime.h"
#include "ipsec-policy.h"

#include "ns3/event-id.h"
#include "ns3/simple-ref-count.h"

#include <array>
#include <optional>
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
 * @brief Where an SA is in its life (RFC 2367 section 2.3.2; the values are PF_KEY's).
 */
enum class IpsecSaState : uint8_t
{
    LARVAL = 0, //!< SPI reserved by GETSPI, no keys yet: carries nothing
    MATURE = 1, //!< Usable
    DYING = 2,  //!< Soft lifetime reached: still usable, to be replaced
    DEAD = 3,   //!< Hard lifetime reached: carries nothing more, leaving the SAD
};

/**
 * @brief Print a state ("larval", "mature", "dying", "dead").
 * @param os the stream
 * @param state the state
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, IpsecSaState state);

/**
 * @ingroup ipsec
 * @brief UDP encapsulation of an ESP SA for NAT traversal (RFC 3948), as PF_KEY's NAT-T
 * extensions carry it (SADB_X_EXT_NAT_T_TYPE, _SPORT, _DPORT, _OA).
 *
 * Ports and addresses are those of the SA's direction: the sender writes @c sourcePort, the
 * receiver listens on @c destinationPort. The original addresses are the NAT-OA payloads of
 * IKE (RFC 3947 section 5.2): what the sender's packets carried before a NAT rewrote them.
 * A receiver uses them to correct the checksums of transport-mode TCP and UDP (RFC 3948
 * section 3.1.2); without them it computes the checksum anew.
 */
struct IpsecUdpEncap
{
    uint16_t sourcePort = 4500;       //!< UDP source port of the encapsulated packets
    uint16_t destinationPort = 4500;  //!< UDP destination port of the encapsulated packets
    IpsecAddress originalSource;      //!< The sender's own address, if a NAT rewrites it
    IpsecAddress originalDestination; //!< The destination the sender wrote, if a NAT rewrites it
};

/**
 * @brief Print an encapsulation ("udp 4500->4500 oa-src 10.0.0.1").
 * @param os the stream
 * @param encap the encapsulation
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, const IpsecUdpEncap& encap);

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
    IpsecLifetime softLifetime; //!< Limits that make the SA dying (soft EXPIRE); zero: none
    IpsecLifetime hardLifetime; //!< Limits that end the SA (hard EXPIRE); zero: none
    /**
     * ESP in UDP (RFC 3948), or nothing for ESP directly over IP. Only ESP SAs may have it.
     */
    std::optional<IpsecUdpEncap> udpEncap;
    /**
     * Request ID (PF_KEY's sadb_x_sa2_reqid): a policy step with the same non-zero reqid uses
     * only this SA. It tells apart SAs between the same two addresses, e.g. two peers behind
     * one NAT; 0 lets any policy use the SA.
     */
    uint32_t reqid = 0;

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

    /** @return the state */
    IpsecSaState GetState() const;
    /**
     * @param state the new state
     */
    void SetState(IpsecSaState state);
    /**
     * @brief Replace the lifetimes (the SAD restarts the timers).
     * @param soft the soft lifetime
     * @param hard the hard lifetime
     */
    void SetLifetimes(const IpsecLifetime& soft, const IpsecLifetime& hard);
    /**
     * @brief Move the SA's peer after a NAT changed its mapping: the SAD does this (it keeps
     * its indexes in step), for SADB_X_NAT_T_NEW_MAPPING.
     * @param source the new source address
     * @param destination the new destination address
     * @param encap the new encapsulation
     */
    void SetPeer(IpsecAddress source, IpsecAddress destination, const IpsecUdpEncap& encap);
    /** @return whether the SA may carry packets (mature or dying) */
    bool IsUsable() const;
    /**
     * @return the current lifetime: packets and bytes carried, installation time, and the
     *         time of the first packet (zero before it)
     */
    IpsecLifetime GetCurrentLifetime() const;
    /**
     * @brief Record installation or first use (the SAD does this).
     * @param installed when the SA was installed
     */
    void SetInstallTime(Time installed);
    /**
     * @brief Record a packet's use of the SA.
     * @param now the time
     * @return whether it was the first use
     */
    bool NoteUse(Time now);
    /** @return whether the outbound sequence space is used up (RFC 4303 3.3.3) */
    bool IsSequenceExhausted() const;
    /**
     * @brief Keep a lifetime timer, cancelled when the SA leaves the SAD.
     * @param timer the event
     */
    void AddTimer(EventId timer);
    /** @brief Cancel the lifetime timers. */
    void CancelTimers();

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
    IpsecSaState m_state;                     //!< Where the SA is in its life
    Time m_installed;                         //!< When it was installed
    Time m_firstUse;                          //!< When its first packet went through
    bool m_used;                              //!< Whether a packet went through
    std::vector<EventId> m_timers;            //!< Lifetime timers
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
