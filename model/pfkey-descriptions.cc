/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "pfkey-descriptions.h"

#include "ipsec-algorithm-registry.h"
#include "pfkey-converter.h"

#include "ns3/assert.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

namespace
{
/// The PF_KEY state of an SA.
PfKeySaState
ToPfKey(IpsecSaState state)
{
    return static_cast<PfKeySaState>(static_cast<uint8_t>(state));
}

/// sadb_lifetime of the SA's current usage, times in seconds as Linux reports them.
PfKeyLifetimeExtension
CurrentLifetime(const SecurityAssociation& sa)
{
    const IpsecLifetime current = sa.GetCurrentLifetime();
    PfKeyLifetimeExtension ext;
    ext.allocations = current.allocations;
    ext.bytes = current.bytes;
    ext.addTime = static_cast<uint64_t>(current.addTime.GetSeconds());
    ext.useTime = static_cast<uint64_t>(current.useTime.GetSeconds());
    return ext;
}

/// An installed SA as the engine's own messages (GET, DUMP, EXPIRE, the ADD/UPDATE replies)
/// describe it. PfKeyConverter::FromSaParams() refuses what PF_KEY v2 has no field for, which
/// is right for requests but not here: the SA exists (a helper may have installed it with
/// ESN or a starting sequence number), and refusing would leave the message empty, with no
/// SA type, so an EXPIRE would reach nobody. As Linux's af_key does, leave out ESN and the
/// starting sequence number, report a replay window above 255 as 255 and time limits in whole
/// seconds (rounded up). Of the NAT original addresses only the source has an extension
/// (SADB_X_EXT_NAT_T_OA); the destination is left out.
PfKeyMessage
DescribeSa(PfKeyMessageType type, const IpsecSaParams& params, uint32_t sequence, uint32_t pid)
{
    IpsecSaParams carried = params;
    carried.extendedSequenceNumbers = false;
    carried.initialSequence = 0;
    if (carried.udpEncap)
    {
        carried.udpEncap->originalDestination = IpsecAddress();
    }
    carried.replayWindow = std::min<uint32_t>(carried.replayWindow, 255);
    for (IpsecLifetime* lifetime : {&carried.softLifetime, &carried.hardLifetime})
    {
        lifetime->addTime = Seconds(std::ceil(lifetime->addTime.GetSeconds()));
        lifetime->useTime = Seconds(std::ceil(lifetime->useTime.GetSeconds()));
    }
    PfKeyMessage message;
    const PfKeyStatus status = PfKeyConverter::FromSaParams(type, carried, message, sequence, pid);
    NS_ASSERT_MSG(status.IsOk(), "an installed SA cannot be described: " << status);
    return message;
}
} // namespace

PfKeyAddressExtension
PfKeyDescriptions::SelectorSide(const IpsecTrafficSelector& selector, bool local)
{
    IpsecAddress low;
    IpsecAddress high;
    uint16_t portLow = 0;
    uint16_t portHigh = 0;
    if (local)
    {
        selector.GetLocalRange(low, high);
        selector.GetLocalPorts(portLow, portHigh);
    }
    else
    {
        selector.GetRemoteRange(low, high);
        selector.GetRemotePorts(portLow, portHigh);
    }
    PfKeyAddressExtension ext;
    ext.protocol = selector.GetProtocol() == IpsecTrafficSelector::ANY_PROTOCOL
                       ? PFKEY_ULPROTO_ANY
                       : static_cast<uint8_t>(selector.GetProtocol());
    ext.sockaddr.port = portLow == portHigh ? portLow : 0;
    if (low.GetFamily() == IpsecAddress::NONE)
    {
        // Any address: the unspecified address of the selector's version, prefix 0.
        ext.sockaddr.address = selector.GetFamily() == IpsecAddress::IPV6
                                   ? IpsecAddress(Ipv6Address::GetAny())
                                   : IpsecAddress(Ipv4Address::GetAny());
        ext.prefixLength = 0;
        return ext;
    }
    ext.sockaddr.address = low;
    ext.prefixLength = low.GetCoveringPrefixLength(high);
    return ext;
}

PfKeyMessage
PfKeyDescriptions::Sa(PfKeyMessageType type,
                      const SecurityAssociation& sa,
                      uint32_t sequence,
                      uint32_t pid)
{
    PfKeyMessage message = DescribeSa(type, sa.GetParams(), sequence, pid);
    message.sa->state = ToPfKey(sa.GetState());
    message.currentLifetime = CurrentLifetime(sa);
    return message;
}

PfKeyMessage
PfKeyDescriptions::Policy(PfKeyMessageType type,
                          const IpsecPolicy& policy,
                          uint32_t sequence,
                          uint32_t pid)
{
    PfKeyMessage message(type, PfKeySaType::UNSPEC, sequence, pid);
    const IpsecTrafficSelector& selector = policy.GetSelector();
    const bool inbound = selector.GetDirection() == IpsecDirection::INBOUND;
    PfKeyPolicyExtension ext;
    PfKeyConverter::ToPolicyExtension(policy,
                                      inbound ? PfKeyPolicyDirection::INBOUND
                                              : PfKeyPolicyDirection::OUTBOUND,
                                      ext);
    ext.id = policy.GetIndex();
    message.policy = ext;
    // Source and destination as the packets of that direction carry them.
    const PfKeyAddressExtension local = SelectorSide(selector, true);
    const PfKeyAddressExtension remote = SelectorSide(selector, false);
    message.sourceAddress = inbound ? remote : local;
    message.destinationAddress = inbound ? local : remote;
    return message;
}

PfKeyProposalExtension
PfKeyDescriptions::Proposal(const IpsecProtection& step)
{
    // Every registry combination the step accepts, with a PF_KEY number Linux assigns.
    PfKeyProposalExtension proposal;
    proposal.replayWindow = 32;
    auto authOk = [&step](const IntegrityAlgorithmInfo& a) {
        return a.pfkeyAssigned && (step.integrity == IpsecIntegrity::ANY || step.integrity == a.id);
    };
    if (step.protocol == IpsecProtocol::AH)
    {
        for (const auto& a : IpsecAlgorithmRegistry::IntegrityAlgorithms())
        {
            if (a.id != IpsecIntegrity::NONE && authOk(a))
            {
                PfKeyCombination c;
                c.auth = static_cast<uint8_t>(a.id);
                c.authMinBits = c.authMaxBits = a.keyBits;
                proposal.combinations.push_back(c);
            }
        }
        return proposal;
    }
    for (const auto& e : IpsecAlgorithmRegistry::EncryptionAlgorithms())
    {
        if (!e.pfkeyAssigned || e.id == IpsecEncryption::NONE ||
            (step.encryption != IpsecEncryption::ANY && step.encryption != e.id))
        {
            continue;
        }
        const auto [lo, hi] = std::minmax_element(e.keyBits.begin(), e.keyBits.end());
        for (const auto& a : IpsecAlgorithmRegistry::IntegrityAlgorithms())
        {
            // Combined-mode ciphers take no separate integrity; the others need one.
            if (!authOk(a) || (e.aead != (a.id == IpsecIntegrity::NONE)))
            {
                continue;
            }
            PfKeyCombination c;
            c.encrypt = static_cast<uint8_t>(e.id);
            c.encryptMinBits = *lo;
            c.encryptMaxBits = *hi;
            c.auth = static_cast<uint8_t>(a.id);
            c.authMinBits = c.authMaxBits = a.keyBits;
            proposal.combinations.push_back(c);
        }
    }
    return proposal;
}

void
PfKeyDescriptions::SupportedAlgorithms(PfKeySaType saType, PfKeyMessage& reply)
{
    // Those with a PF_KEY number Linux assigns; the private 250 would mislead a real daemon.
    PfKeySupportedExtension auth;
    for (const auto& alg : IpsecAlgorithmRegistry::IntegrityAlgorithms())
    {
        if (alg.pfkeyAssigned && alg.id != IpsecIntegrity::NONE)
        {
            auth.algorithms.push_back({static_cast<uint8_t>(alg.id), 0, alg.keyBits, alg.keyBits});
        }
    }
    reply.supportedAuth = auth;
    if (saType == PfKeySaType::ESP)
    {
        PfKeySupportedExtension encrypt;
        for (const auto& alg : IpsecAlgorithmRegistry::EncryptionAlgorithms())
        {
            if (alg.pfkeyAssigned && alg.id != IpsecEncryption::NONE)
            {
                const auto [lo, hi] = std::minmax_element(alg.keyBits.begin(), alg.keyBits.end());
                encrypt.algorithms.push_back(
                    {static_cast<uint8_t>(alg.id), static_cast<uint8_t>(alg.ivBytes), *lo, *hi});
            }
        }
        reply.supportedEncrypt = encrypt;
    }
}

} // namespace ns3
