/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "security-association.h"

#include <algorithm>
#include <iomanip>
#include <numeric>
#include <sstream>

namespace ns3
{

namespace
{

/// The largest window the module accepts; far above the 1024 that RFC 4303 suggests.
constexpr uint32_t MAX_REPLAY_WINDOW = 1u << 20;

void
PrintHex(std::ostream& os, const std::vector<uint8_t>& bytes)
{
    const auto flags = os.flags();
    for (uint8_t b : bytes)
    {
        os << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(b);
    }
    os.flags(flags);
}

/// What an AH SA reports as its encryption: none, no IV, no block, no ICV of its own.
const EncryptionAlgorithmInfo&
NoEncryption()
{
    static const EncryptionAlgorithmInfo none{IpsecEncryption::NONE,
                                              "none",
                                              {},
                                              "NULL",
                                              true,
                                              true,
                                              0,
                                              "",
                                              {0},
                                              0,
                                              1,
                                              0,
                                              0,
                                              false,
                                              false,
                                              {0, 0},
                                              nullptr,
                                              nullptr};
    return none;
}

} // namespace

std::string
IpsecSaParams::Validate() const
{
    if (protocol != IpsecProtocol::ESP && protocol != IpsecProtocol::AH)
    {
        return "protocol must be ESP or AH";
    }

    if (source.GetFamily() == IpsecAddress::NONE || source.GetFamily() != destination.GetFamily())
    {
        std::ostringstream os;
        os << "source " << source << " and destination " << destination
           << " must be two addresses of one IP version";
        return os.str();
    }
    if (source.IsMulticast())
    {
        // A multicast address names a group, never a sender (RFC 1112, RFC 4291 2.7).
        std::ostringstream os;
        os << "source " << source << " is a multicast address: a sender has a unicast address";
        return os.str();
    }
    if (destination.IsMulticast())
    {
        // A group SA (RFC 4301 4.1): one SA shared by the sender and every receiver. This
        // module carries it in ESP transport mode only; AH, tunnel mode and UDP
        // encapsulation towards a group are refused rather than half supported.
        std::string what;
        if (protocol != IpsecProtocol::ESP)
        {
            what = "AH";
        }
        else if (mode != IpsecMode::TRANSPORT)
        {
            what = "tunnel mode";
        }
        else if (udpEncap)
        {
            what = "UDP encapsulation";
        }
        if (!what.empty())
        {
            std::ostringstream os;
            os << "destination " << destination << " is a multicast group; " << what
               << " towards a group is not supported (a group SA is ESP in transport mode)";
            return os.str();
        }
    }
    if (spi < 256)
    {
        // RFC 4303 2.1: SPIs 1-255 are reserved by IANA, 0 is for local use only.
        std::ostringstream os;
        os << "SPI " << spi << " is reserved (RFC 4303 section 2.1); use 256 or above";
        return os.str();
    }
    if (replayWindow == 0 || replayWindow > MAX_REPLAY_WINDOW)
    {
        std::ostringstream os;
        os << "replay window " << replayWindow << " must be between 1 and " << MAX_REPLAY_WINDOW;
        return os.str();
    }
    if (!extendedSequenceNumbers && initialSequence > 0xffffffffULL)
    {
        return "initial sequence number exceeds 32 bits without ESN";
    }
    if (udpEncap)
    {
        if (protocol != IpsecProtocol::ESP)
        {
            return "only ESP can be carried in UDP (RFC 3948); AH cannot cross a NAT";
        }
        if (udpEncap->sourcePort == 0 || udpEncap->destinationPort == 0)
        {
            return "UDP encapsulation needs non-zero source and destination ports";
        }
        for (const IpsecAddress& original :
             {udpEncap->originalSource, udpEncap->originalDestination})
        {
            if (original.GetFamily() != IpsecAddress::NONE &&
                original.GetFamily() != source.GetFamily())
            {
                std::ostringstream os;
                os << "NAT original address " << original << " is not of the SA's IP version";
                return os.str();
            }
        }
    }
    const std::string lifetimeError = IpsecLifetime::Validate(softLifetime, hardLifetime);
    if (!lifetimeError.empty())
    {
        return lifetimeError;
    }
    if (protocol == IpsecProtocol::AH)
    {
        return IpsecAlgorithmRegistry::ValidateAh(encryption,
                                                  encryptionKey,
                                                  integrity,
                                                  integrityKey);
    }
    return IpsecAlgorithmRegistry::ValidateEsp(encryption, encryptionKey, integrity, integrityKey);
}

uint64_t
IpsecSaCounters::GetDrops(IpsecDropReason reason) const
{
    return drops[static_cast<size_t>(reason)];
}

uint64_t
IpsecSaCounters::GetTotalDrops() const
{
    return std::accumulate(drops.begin(), drops.end(), uint64_t(0));
}

SecurityAssociation::SecurityAssociation(const IpsecSaParams& params)
    : m_params(params),
      m_encInfo(IpsecAlgorithmRegistry::Find(params.encryption)),
      m_lastSequence(params.initialSequence),
      m_replay(params.replayWindow, params.extendedSequenceNumbers),
      m_ivSalt(0),
      m_state(IpsecSaState::MATURE),
      m_used(false)
{
    if (m_params.protocol == IpsecProtocol::AH)
    {
        m_encInfo = &NoEncryption();
    }
    m_icvBytes = m_encInfo->aead ? m_encInfo->icvBytes
                                 : IpsecAlgorithmRegistry::Find(params.integrity)->icvBytes;
    if (m_params.cryptoMode == IpsecCryptoMode::DEFAULT)
    {
        m_params.cryptoMode = IpsecCryptoMode::REAL;
    }
    if (IsSizeOnly())
    {
        return; // no key schedules: large size-only studies create many SAs
    }
    if (m_params.protocol == IpsecProtocol::ESP)
    {
        m_cipher = IpsecAlgorithmRegistry::CreateCipher(params.encryption, params.encryptionKey);
    }
    if (params.integrity != IpsecIntegrity::NONE)
    {
        m_auth = IpsecAlgorithmRegistry::CreateAuthenticator(params.integrity, params.integrityKey);
    }
}

void
SecurityAssociation::SetPeer(IpsecAddress source,
                             IpsecAddress destination,
                             const IpsecUdpEncap& encap)
{
    m_params.source = source;
    m_params.destination = destination;
    m_params.udpEncap = encap;
}

bool
SecurityAssociation::IsSizeOnly() const
{
    return m_params.cryptoMode == IpsecCryptoMode::SIZE_ONLY;
}

std::ostream&
operator<<(std::ostream& os, IpsecCryptoMode mode)
{
    switch (mode)
    {
    case IpsecCryptoMode::DEFAULT:
        return os << "default";
    case IpsecCryptoMode::REAL:
        return os << "real";
    case IpsecCryptoMode::SIZE_ONLY:
        return os << "size-only";
    }
    return os << "crypto-mode-" << static_cast<int>(mode);
}

const IpsecSaParams&
SecurityAssociation::GetParams() const
{
    return m_params;
}

IpsecProtocol
SecurityAssociation::GetProtocol() const
{
    return m_params.protocol;
}

IpsecMode
SecurityAssociation::GetMode() const
{
    return m_params.mode;
}

uint32_t
SecurityAssociation::GetSpi() const
{
    return m_params.spi;
}

IpsecAddress
SecurityAssociation::GetSource() const
{
    return m_params.source;
}

IpsecAddress
SecurityAssociation::GetDestination() const
{
    return m_params.destination;
}

IpsecEncryption
SecurityAssociation::GetEncryption() const
{
    return m_params.encryption;
}

IpsecIntegrity
SecurityAssociation::GetIntegrity() const
{
    return m_params.integrity;
}

const EncryptionAlgorithmInfo&
SecurityAssociation::GetEncryptionInfo() const
{
    return *m_encInfo;
}

uint32_t
SecurityAssociation::GetIcvSize() const
{
    return m_icvBytes;
}

EspCipher&
SecurityAssociation::GetCipher() const
{
    return *m_cipher;
}

IpsecAuthenticator*
SecurityAssociation::GetAuthenticator() const
{
    return PeekPointer(m_auth);
}

bool
SecurityAssociation::NextSequence(uint64_t& seq)
{
    const uint64_t limit = m_params.extendedSequenceNumbers ? ~uint64_t(0) : 0xffffffffULL;
    if (m_lastSequence >= limit)
    {
        return false;
    }
    seq = ++m_lastSequence;
    return true;
}

uint64_t
SecurityAssociation::GetLastSequence() const
{
    return m_lastSequence;
}

IpsecSaState
SecurityAssociation::GetState() const
{
    return m_state;
}

void
SecurityAssociation::SetState(IpsecSaState state)
{
    m_state = state;
}

void
SecurityAssociation::SetLifetimes(const IpsecLifetime& soft, const IpsecLifetime& hard)
{
    m_params.softLifetime = soft;
    m_params.hardLifetime = hard;
}

bool
SecurityAssociation::IsUsable() const
{
    return m_state == IpsecSaState::MATURE || m_state == IpsecSaState::DYING;
}

IpsecLifetime
SecurityAssociation::GetCurrentLifetime() const
{
    IpsecLifetime current;
    const uint64_t packets = m_counters.txPackets + m_counters.rxPackets;
    current.allocations = static_cast<uint32_t>(std::min<uint64_t>(packets, UINT32_MAX));
    current.bytes = m_counters.txBytes + m_counters.rxBytes;
    current.addTime = m_installed;
    current.useTime = m_firstUse;
    return current;
}

void
SecurityAssociation::SetInstallTime(Time installed)
{
    m_installed = installed;
}

bool
SecurityAssociation::NoteUse(Time now)
{
    if (m_used)
    {
        return false;
    }
    m_used = true;
    m_firstUse = now;
    return true;
}

bool
SecurityAssociation::IsSequenceExhausted() const
{
    const uint64_t limit = m_params.extendedSequenceNumbers ? ~uint64_t(0) : 0xffffffffULL;
    return m_lastSequence >= limit;
}

void
SecurityAssociation::AddTimer(EventId timer)
{
    m_timers.push_back(timer);
}

void
SecurityAssociation::CancelTimers()
{
    for (auto& timer : m_timers)
    {
        timer.Cancel();
    }
    m_timers.clear();
}

std::ostream&
operator<<(std::ostream& os, IpsecSaState state)
{
    switch (state)
    {
    case IpsecSaState::LARVAL:
        return os << "larval";
    case IpsecSaState::MATURE:
        return os << "mature";
    case IpsecSaState::DYING:
        return os << "dying";
    case IpsecSaState::DEAD:
        return os << "dead";
    }
    return os << "state-" << static_cast<int>(state);
}

AntiReplayWindow&
SecurityAssociation::GetReplayWindow()
{
    return m_replay;
}

IpsecSaCounters&
SecurityAssociation::GetCounters()
{
    return m_counters;
}

const IpsecSaCounters&
SecurityAssociation::GetCounters() const
{
    return m_counters;
}

void
SecurityAssociation::SetIvSalt(uint64_t salt)
{
    m_ivSalt = salt;
}

uint64_t
SecurityAssociation::GetIvSalt() const
{
    return m_ivSalt;
}

void
SecurityAssociation::Print(std::ostream& os) const
{
    const auto flags = os.flags();
    os << m_params.protocol << " spi 0x" << std::hex << std::setw(8) << std::setfill('0')
       << m_params.spi << std::dec << " src " << m_params.source << " dst " << m_params.destination
       << " mode " << m_params.mode << " state " << m_state;
    if (m_params.reqid != 0)
    {
        os << " reqid " << m_params.reqid;
    }
    os << "\n";
    if (m_params.udpEncap)
    {
        os << "  encap " << *m_params.udpEncap << "\n";
    }
    if (m_params.protocol == IpsecProtocol::ESP)
    {
        os << "  encr_alg " << m_params.encryption << " encrkey ";
        PrintHex(os, m_params.encryptionKey);
        os << "\n";
    }
    os << "  auth_alg " << m_params.integrity << " authkey ";
    PrintHex(os, m_params.integrityKey);
    if (IsSizeOnly())
    {
        os << "\n  crypto size-only (no cipher work; packets are not decryptable)";
    }
    os << "\n  replay " << m_replay.GetSize() << (m_params.extendedSequenceNumbers ? " esn" : "")
       << " seq-out " << m_lastSequence << " seq-in-top " << m_replay.GetTop() << "\n";
    if (!m_params.softLifetime.IsUnlimited() || !m_params.hardLifetime.IsUnlimited())
    {
        os << "  soft " << m_params.softLifetime << "; hard " << m_params.hardLifetime << "\n";
    }
    // What the lifetimes have used so far (PF_KEY's current lifetime extension).
    const IpsecLifetime used = GetCurrentLifetime();
    os << "  current allocations " << used.allocations << " bytes " << used.bytes << " addtime "
       << used.addTime.As(Time::S) << " usetime ";
    if (used.useTime.IsZero())
    {
        os << "-\n";
    }
    else
    {
        os << used.useTime.As(Time::S) << "\n";
    }
    os << "  tx " << m_counters.txPackets << " pkts " << m_counters.txBytes << " bytes, rx "
       << m_counters.rxPackets << " pkts " << m_counters.rxBytes << " bytes";
    for (size_t i = 0; i < m_counters.drops.size(); ++i)
    {
        if (m_counters.drops[i] != 0)
        {
            os << ", " << ToString(static_cast<IpsecDropReason>(i)) << " " << m_counters.drops[i];
        }
    }
    os.flags(flags);
}

std::ostream&
operator<<(std::ostream& os, const IpsecUdpEncap& encap)
{
    os << "udp " << encap.sourcePort << "->" << encap.destinationPort;
    if (encap.originalSource.GetFamily() != IpsecAddress::NONE)
    {
        os << " oa-src " << encap.originalSource;
    }
    if (encap.originalDestination.GetFamily() != IpsecAddress::NONE)
    {
        os << " oa-dst " << encap.originalDestination;
    }
    return os;
}

std::ostream&
operator<<(std::ostream& os, const SecurityAssociation& sa)
{
    sa.Print(os);
    return os;
}

} // namespace ns3
