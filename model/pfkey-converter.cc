/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "pfkey-converter.h"

#include "ns3/log.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfKeyConverter");

namespace
{

constexpr uint8_t IP_PROTOCOL_ICMP = 1;    //!< ICMP
constexpr uint8_t IP_PROTOCOL_ICMPV6 = 58; //!< ICMPv6
constexpr int64_t NS_PER_SECOND = 1000000000;
/// Longest lifetime accepted from PF_KEY: ns-3 times are 64-bit nanoseconds (~292 years).
constexpr uint64_t MAX_LIFETIME_SECONDS = 1ULL << 32;

PfKeyStatus
Invalid(const std::string& reason)
{
    return PfKeyStatus::Fail(PfKeyErrno::INVALID_ARGUMENT, reason);
}

/// Seconds of a lifetime limit: PF_KEY counts whole seconds.
PfKeyStatus
ToSeconds(const char* what, Time time, uint64_t& seconds)
{
    const int64_t ns = time.GetNanoSeconds();
    if (ns < 0 || ns % NS_PER_SECOND != 0)
    {
        std::ostringstream os;
        os << what << " of " << time.As(Time::S)
           << " is not a whole number of seconds, which PF_KEY lifetimes count";
        return Invalid(os.str());
    }
    seconds = static_cast<uint64_t>(ns / NS_PER_SECOND);
    return PfKeyStatus{};
}

/// A lifetime extension for a limit, or nothing when the lifetime sets no limit.
PfKeyStatus
FromLifetime(const IpsecLifetime& lifetime, std::optional<PfKeyLifetimeExtension>& extension)
{
    if (lifetime.IsUnlimited())
    {
        extension.reset();
        return PfKeyStatus{};
    }
    PfKeyLifetimeExtension limit;
    limit.allocations = lifetime.allocations;
    limit.bytes = lifetime.bytes;
    PfKeyStatus status = ToSeconds("add time", lifetime.addTime, limit.addTime);
    if (status.IsOk())
    {
        status = ToSeconds("use time", lifetime.useTime, limit.useTime);
    }
    if (status.IsOk())
    {
        extension = limit;
    }
    return status;
}

PfKeyStatus
ToLifetime(const std::optional<PfKeyLifetimeExtension>& extension, IpsecLifetime& lifetime)
{
    lifetime = IpsecLifetime();
    if (!extension)
    {
        return PfKeyStatus{};
    }
    if (extension->addTime > MAX_LIFETIME_SECONDS || extension->useTime > MAX_LIFETIME_SECONDS)
    {
        return Invalid("lifetime beyond 2^32 seconds, longer than a simulation can run");
    }
    lifetime.allocations = extension->allocations;
    lifetime.bytes = extension->bytes;
    lifetime.addTime = Seconds(static_cast<double>(extension->addTime));
    lifetime.useTime = Seconds(static_cast<double>(extension->useTime));
    return PfKeyStatus{};
}

PfKeyStatus
ToKey(const char* what,
      const std::optional<PfKeyKeyExtension>& extension,
      std::vector<uint8_t>& key)
{
    key.clear();
    if (!extension)
    {
        return PfKeyStatus{};
    }
    if (extension->bits % 8 != 0)
    {
        return Invalid(std::string(what) + " key of " + std::to_string(extension->bits) +
                       " bits is not whole bytes");
    }
    key.assign(extension->data.begin(), extension->data.begin() + extension->bits / 8);
    return PfKeyStatus{};
}

/// The UDP encapsulation of an SA from its NAT-T extensions (RFC 3948 ESP in UDP only).
PfKeyStatus
ToUdpEncap(const PfKeyMessage& message, IpsecProtocol protocol, IpsecSaParams& params)
{
    params.udpEncap.reset();
    const bool anyNat = message.natType || message.natSourcePort || message.natDestinationPort ||
                        message.natOriginalAddress;
    if (!anyNat)
    {
        return PfKeyStatus{};
    }
    if (!message.natType)
    {
        // Ports or an original address alone would be dropped by Linux; a silent drop would
        // turn a NAT-T SA into a plain one, so it is refused.
        return Invalid("NAT-T ports or original address without SADB_X_EXT_NAT_T_TYPE: add "
                       "the type (2, ESP in UDP)");
    }
    if (protocol != IpsecProtocol::ESP)
    {
        return Invalid("NAT-T extensions on an AH SA: only ESP can be carried in UDP (RFC "
                       "3948); AH cannot cross a NAT");
    }
    switch (message.natType->type)
    {
    case PfKeyNatTraversalType::ESP_IN_UDP:
        break;
    case PfKeyNatTraversalType::ESP_IN_UDP_NON_IKE:
        return Invalid("NAT-T type 1 (UDP_ENCAP_ESPINUDP_NON_IKE, the pre-RFC draft with an "
                       "8-byte non-IKE marker) is not supported; use type 2 (ESP in UDP, RFC "
                       "3948)");
    default:
        return Invalid("NAT-T type " +
                       std::to_string(static_cast<unsigned>(message.natType->type)) +
                       " is not an encapsulation the module knows; use type 2 (ESP in UDP, "
                       "RFC 3948)");
    }
    // A missing port extension means the IKE NAT-T port (RFC 3948 section 2.1); a port of 0
    // given explicitly is refused by IpsecSaParams::Validate().
    IpsecUdpEncap encap;
    if (message.natSourcePort)
    {
        encap.sourcePort = message.natSourcePort->port;
    }
    if (message.natDestinationPort)
    {
        encap.destinationPort = message.natDestinationPort->port;
    }
    if (message.natOriginalAddress)
    {
        encap.originalSource = message.natOriginalAddress->sockaddr.address;
    }
    params.udpEncap = encap;
    return PfKeyStatus{};
}

} // namespace

PfKeySaType
PfKeyConverter::ToSaType(IpsecProtocol protocol)
{
    return protocol == IpsecProtocol::AH ? PfKeySaType::AH : PfKeySaType::ESP;
}

PfKeyStatus
PfKeyConverter::ToProtocol(PfKeySaType saType, IpsecProtocol& protocol)
{
    switch (saType)
    {
    case PfKeySaType::ESP:
        protocol = IpsecProtocol::ESP;
        return PfKeyStatus{};
    case PfKeySaType::AH:
        protocol = IpsecProtocol::AH;
        return PfKeyStatus{};
    default:
        return Invalid(PfKeySaTypeName(saType) + " is not an SA type the module keys (ESP, AH)");
    }
}

PfKeyStatus
PfKeyConverter::FromSaParams(PfKeyMessageType type,
                             const IpsecSaParams& params,
                             PfKeyMessage& message,
                             uint32_t sequence,
                             uint32_t pid)
{
    NS_LOG_FUNCTION(static_cast<unsigned>(type) << params.spi);
    if (params.extendedSequenceNumbers)
    {
        return Invalid("extended sequence numbers have no PF_KEY v2 field");
    }
    if (params.initialSequence != 0)
    {
        return Invalid("a starting sequence number has no PF_KEY v2 field");
    }
    if (params.replayWindow > 255)
    {
        return Invalid("replay window " + std::to_string(params.replayWindow) +
                       " exceeds the 255 that sadb_sa_replay holds");
    }
    if (params.source.GetFamily() == IpsecAddress::NONE ||
        params.destination.GetFamily() == IpsecAddress::NONE)
    {
        return Invalid("an SA message needs source and destination addresses");
    }

    message = PfKeyMessage(type, ToSaType(params.protocol), sequence, pid);
    PfKeySaExtension sa;
    sa.spi = params.spi;
    sa.replayWindow = static_cast<uint8_t>(params.replayWindow);
    sa.state = PfKeySaState::MATURE;
    sa.auth = static_cast<uint8_t>(params.integrity);
    sa.encrypt =
        params.protocol == IpsecProtocol::ESP ? static_cast<uint8_t>(params.encryption) : 0;
    message.sa = sa;

    PfKeySa2Extension sa2;
    sa2.mode =
        params.mode == IpsecMode::TUNNEL ? PfKeyIpsecMode::TUNNEL : PfKeyIpsecMode::TRANSPORT;
    sa2.reqid = params.reqid;
    message.sa2 = sa2;

    if (params.udpEncap)
    {
        if (params.protocol != IpsecProtocol::ESP)
        {
            return Invalid("UDP encapsulation of an AH SA: only ESP can be carried in UDP");
        }
        if (params.udpEncap->originalDestination.GetFamily() != IpsecAddress::NONE)
        {
            // Linux numbers only one original address (SADB_X_EXT_NAT_T_OA); FreeBSD's
            // NAT_T_OAR shares its number with Linux's SADB_X_EXT_SEC_CTX.
            return Invalid("a NAT original destination address has no PF_KEY extension in "
                           "Linux's numbering (only SADB_X_EXT_NAT_T_OA, the original source)");
        }
        message.natType = PfKeyNatTypeExtension{PfKeyNatTraversalType::ESP_IN_UDP};
        message.natSourcePort = PfKeyNatPortExtension{params.udpEncap->sourcePort};
        message.natDestinationPort = PfKeyNatPortExtension{params.udpEncap->destinationPort};
        if (params.udpEncap->originalSource.GetFamily() != IpsecAddress::NONE)
        {
            message.natOriginalAddress =
                PfKeyAddressExtension::ForHost(params.udpEncap->originalSource);
        }
    }

    message.sourceAddress = PfKeyAddressExtension::ForHost(params.source);
    message.destinationAddress = PfKeyAddressExtension::ForHost(params.destination);
    if (params.integrity != IpsecIntegrity::NONE)
    {
        message.authKey = PfKeyKeyExtension::FromBytes(params.integrityKey);
    }
    if (params.protocol == IpsecProtocol::ESP)
    {
        message.encryptKey = PfKeyKeyExtension::FromBytes(params.encryptionKey);
    }
    PfKeyStatus status = FromLifetime(params.softLifetime, message.softLifetime);
    if (status.IsOk())
    {
        status = FromLifetime(params.hardLifetime, message.hardLifetime);
    }
    return status;
}

PfKeyStatus
PfKeyConverter::ToSaParams(const PfKeyMessage& message, IpsecSaParams& params)
{
    NS_LOG_FUNCTION(message);
    params = IpsecSaParams();
    PfKeyStatus status = ToProtocol(message.saType, params.protocol);
    if (!status.IsOk())
    {
        return status;
    }
    if (!message.sa)
    {
        return Invalid("an SA message needs SADB_EXT_SA");
    }
    if (!message.sourceAddress || !message.destinationAddress)
    {
        return Invalid("an SA message needs SADB_EXT_ADDRESS_SRC and SADB_EXT_ADDRESS_DST");
    }
    status = ToUdpEncap(message, params.protocol, params);
    if (!status.IsOk())
    {
        return status;
    }

    params.mode = IpsecMode::TRANSPORT;
    if (message.sa2)
    {
        params.reqid = message.sa2->reqid;
        switch (message.sa2->mode)
        {
        case PfKeyIpsecMode::ANY: // Linux reads "any" as transport
        case PfKeyIpsecMode::TRANSPORT:
            break;
        case PfKeyIpsecMode::TUNNEL:
            params.mode = IpsecMode::TUNNEL;
            break;
        default:
            return Invalid("SA2 mode " + std::to_string(static_cast<unsigned>(message.sa2->mode)) +
                           " (BEET or unknown) is not modelled");
        }
    }

    const PfKeySaExtension& sa = *message.sa;
    params.spi = sa.spi;
    params.replayWindow = sa.replayWindow;
    params.source = message.sourceAddress->sockaddr.address;
    params.destination = message.destinationAddress->sockaddr.address;

    params.integrity =
        sa.auth == PFKEY_AALG_X_NULL ? IpsecIntegrity::NONE : static_cast<IpsecIntegrity>(sa.auth);
    if (IpsecAlgorithmRegistry::Find(params.integrity) == nullptr)
    {
        return PfKeyStatus::Fail(PfKeyErrno::NOT_IMPLEMENTED,
                                 "authentication algorithm " + std::to_string(sa.auth) +
                                     " is not implemented");
    }
    if (params.protocol == IpsecProtocol::AH)
    {
        if (sa.encrypt != 0)
        {
            return Invalid("an AH SA names encryption algorithm " + std::to_string(sa.encrypt));
        }
        params.encryption = IpsecEncryption::NONE;
    }
    else
    {
        params.encryption = static_cast<IpsecEncryption>(sa.encrypt);
        if (params.encryption == IpsecEncryption::ANY ||
            IpsecAlgorithmRegistry::Find(params.encryption) == nullptr)
        {
            return PfKeyStatus::Fail(PfKeyErrno::NOT_IMPLEMENTED,
                                     "encryption algorithm " + std::to_string(sa.encrypt) +
                                         " is not implemented");
        }
    }

    status = ToKey("authentication", message.authKey, params.integrityKey);
    if (status.IsOk())
    {
        status = ToKey("encryption", message.encryptKey, params.encryptionKey);
    }
    if (status.IsOk())
    {
        status = ToLifetime(message.softLifetime, params.softLifetime);
    }
    if (status.IsOk())
    {
        status = ToLifetime(message.hardLifetime, params.hardLifetime);
    }
    if (!status.IsOk())
    {
        return status;
    }
    const std::string error = params.Validate();
    if (!error.empty())
    {
        return Invalid(error);
    }
    return PfKeyStatus{};
}

PfKeyStatus
PfKeyConverter::ToPolicy(const PfKeyMessage& message, Ptr<IpsecPolicy>& policy)
{
    NS_LOG_FUNCTION(message);
    if (!message.policy)
    {
        return Invalid("a policy message needs SADB_X_EXT_POLICY");
    }
    if (!message.sourceAddress || !message.destinationAddress)
    {
        return Invalid("a policy message needs SADB_EXT_ADDRESS_SRC and SADB_EXT_ADDRESS_DST");
    }
    const PfKeyPolicyExtension& pol = *message.policy;
    const PfKeyAddressExtension& src = *message.sourceAddress;
    const PfKeyAddressExtension& dst = *message.destinationAddress;
    if (src.sockaddr.address.GetFamily() != dst.sockaddr.address.GetFamily())
    {
        return Invalid("selector source and destination are of different families");
    }
    if (src.protocol != dst.protocol)
    {
        return Invalid("selector source and destination name different protocols");
    }

    IpsecAction action;
    switch (pol.type)
    {
    case PfKeyPolicyType::DISCARD:
        action = IpsecAction::DISCARD;
        break;
    case PfKeyPolicyType::NONE:
        action = IpsecAction::BYPASS;
        break;
    case PfKeyPolicyType::IPSEC:
        action = IpsecAction::PROTECT;
        break;
    default:
        return Invalid("policy type " + std::to_string(static_cast<unsigned>(pol.type)) +
                       " (entrust, bypass or unknown) applies to sockets, not the SPD");
    }

    bool outbound;
    IpsecTrafficSelector selector;
    switch (pol.direction)
    {
    case PfKeyPolicyDirection::OUTBOUND:
        outbound = true;
        selector.SetDirection(IpsecDirection::OUTBOUND);
        break;
    case PfKeyPolicyDirection::INBOUND:
        outbound = false;
        selector.SetDirection(IpsecDirection::INBOUND);
        break;
    default:
        return Invalid("policy direction " + std::to_string(static_cast<unsigned>(pol.direction)) +
                       " (forward, any or unknown) is not represented; use inbound or outbound");
    }

    // Seen from the node: outbound packets leave from the local side.
    const PfKeyAddressExtension& local = outbound ? src : dst;
    const PfKeyAddressExtension& remote = outbound ? dst : src;
    IpsecAddress low;
    IpsecAddress high;
    local.sockaddr.address.GetPrefixRange(local.prefixLength, low, high);
    selector.SetLocalRange(low, high);
    remote.sockaddr.address.GetPrefixRange(remote.prefixLength, low, high);
    selector.SetRemoteRange(low, high);
    if (src.protocol != PFKEY_ULPROTO_ANY)
    {
        selector.SetProtocol(src.protocol);
    }
    if (src.protocol == IP_PROTOCOL_ICMP || src.protocol == IP_PROTOCOL_ICMPV6)
    {
        // Linux carries an ICMP selector's type in the source port, its code in the
        // destination port; 0 means any (so type 0 cannot be selected alone).
        const uint16_t icmpType = src.sockaddr.port;
        const uint16_t icmpCode = dst.sockaddr.port;
        if (icmpType > 255 || icmpCode > 255)
        {
            return Invalid("ICMP type or code beyond 255");
        }
        if (icmpType != 0 || icmpCode != 0)
        {
            selector.SetIcmp(
                icmpType != 0 ? static_cast<int16_t>(icmpType) : IpsecTrafficSelector::ANY_ICMP,
                icmpCode != 0 ? static_cast<int16_t>(icmpCode) : IpsecTrafficSelector::ANY_ICMP);
        }
    }
    else
    {
        if (local.sockaddr.port != PFKEY_PORT_ANY)
        {
            selector.SetLocalPorts(local.sockaddr.port, local.sockaddr.port);
        }
        if (remote.sockaddr.port != PFKEY_PORT_ANY)
        {
            selector.SetRemotePorts(remote.sockaddr.port, remote.sockaddr.port);
        }
    }
    std::string error = selector.Validate();
    if (!error.empty())
    {
        return Invalid("selector: " + error);
    }

    Ptr<IpsecPolicy> result = Create<IpsecPolicy>(selector, action);
    if (action == IpsecAction::PROTECT)
    {
        if (pol.requests.empty())
        {
            return Invalid("an ipsec policy needs at least one ipsecrequest");
        }
        size_t index = 0;
        for (const auto& request : pol.requests)
        {
            const std::string where = "ipsecrequest " + std::to_string(index + 1) + ": ";
            IpsecProtocol protocol;
            if (request.protocol == static_cast<uint16_t>(IpsecProtocol::ESP))
            {
                protocol = IpsecProtocol::ESP;
            }
            else if (request.protocol == static_cast<uint16_t>(IpsecProtocol::AH))
            {
                protocol = IpsecProtocol::AH;
            }
            else
            {
                return Invalid(where + "protocol " + std::to_string(request.protocol) +
                               " is not ESP or AH");
            }
            IpsecMode mode;
            if (request.mode == PfKeyIpsecMode::TRANSPORT || request.mode == PfKeyIpsecMode::ANY)
            {
                mode = IpsecMode::TRANSPORT;
            }
            else if (request.mode == PfKeyIpsecMode::TUNNEL)
            {
                mode = IpsecMode::TUNNEL;
            }
            else
            {
                return Invalid(where + "mode " +
                               std::to_string(static_cast<unsigned>(request.mode)) +
                               " (BEET or unknown) is not modelled");
            }
            if (request.level == PfKeyIpsecLevel::USE)
            {
                return Invalid(where + "level \"use\" (optional protection) is not represented");
            }
            uint32_t reqid = 0;
            if (request.level == PfKeyIpsecLevel::UNIQUE)
            {
                // Linux makes up a reqid for 0 (above PFKEY_MANUAL_REQID_MAX); the module
                // has no allocator for them, and the SAs must carry the same number anyway,
                // so the key manager chooses it.
                if (request.reqid == 0)
                {
                    return Invalid(where + "level \"unique\" needs a non-zero reqid (e.g. 1-" +
                                   std::to_string(PFKEY_MANUAL_REQID_MAX) +
                                   "): the module does not choose one");
                }
                reqid = request.reqid;
            }
            else if (request.reqid != 0)
            {
                // Only "unique" binds a request to its SAs; a reqid with another level would
                // be ignored, leaving the policy to use any SA.
                return Invalid(where + "reqid " + std::to_string(request.reqid) +
                               " needs level \"unique\" (3)");
            }
            if (index == 0)
            {
                result->SetProtection(protocol, mode);
            }
            else
            {
                result->AddProtection(protocol, mode);
            }
            if (reqid != 0)
            {
                result->SetReqid(reqid);
            }
            if (mode == IpsecMode::TUNNEL)
            {
                if (!request.hasEndpoints)
                {
                    return Invalid(where + "tunnel mode without tunnel endpoints");
                }
                const PfKeySockaddr& tunnelLocal =
                    outbound ? request.tunnelSource : request.tunnelDestination;
                const PfKeySockaddr& tunnelRemote =
                    outbound ? request.tunnelDestination : request.tunnelSource;
                result->SetTunnelEndpoints(tunnelLocal.address, tunnelRemote.address);
            }
            ++index;
        }
    }
    error = result->Validate();
    if (!error.empty())
    {
        return Invalid(error);
    }
    policy = result;
    return PfKeyStatus{};
}

PfKeyStatus
PfKeyConverter::ToPolicyExtension(const IpsecPolicy& policy,
                                  PfKeyPolicyDirection direction,
                                  PfKeyPolicyExtension& extension)
{
    if (direction != PfKeyPolicyDirection::INBOUND && direction != PfKeyPolicyDirection::OUTBOUND)
    {
        return Invalid("an SPD policy is inbound or outbound");
    }
    extension = PfKeyPolicyExtension();
    extension.direction = direction;
    switch (policy.GetAction())
    {
    case IpsecAction::DISCARD:
        extension.type = PfKeyPolicyType::DISCARD;
        return PfKeyStatus{};
    case IpsecAction::BYPASS:
        extension.type = PfKeyPolicyType::NONE;
        return PfKeyStatus{};
    case IpsecAction::PROTECT:
        extension.type = PfKeyPolicyType::IPSEC;
        break;
    }
    const bool outbound = direction == PfKeyPolicyDirection::OUTBOUND;
    for (const auto& step : policy.GetBundle())
    {
        PfKeyIpsecRequest request;
        request.protocol = static_cast<uint16_t>(step.protocol);
        // A step bound to a reqid uses only its SAs: level "unique" says so.
        request.level = step.reqid != 0 ? PfKeyIpsecLevel::UNIQUE : PfKeyIpsecLevel::REQUIRE;
        request.reqid = step.reqid;
        if (step.mode == IpsecMode::TUNNEL)
        {
            request.mode = PfKeyIpsecMode::TUNNEL;
            request.hasEndpoints = true;
            request.tunnelSource.address = outbound ? step.tunnelLocal : step.tunnelRemote;
            request.tunnelDestination.address = outbound ? step.tunnelRemote : step.tunnelLocal;
        }
        else
        {
            request.mode = PfKeyIpsecMode::TRANSPORT;
        }
        extension.requests.push_back(request);
    }
    return PfKeyStatus{};
}

} // namespace ns3
