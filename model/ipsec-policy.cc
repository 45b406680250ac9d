/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-policy.h"

#include "security-association.h"

namespace ns3
{

bool
IpsecProtection::IsSatisfiedBy(const SecurityAssociation& sa) const
{
    return sa.GetProtocol() == protocol && sa.GetMode() == mode &&
           (encryption == IpsecEncryption::ANY || encryption == sa.GetEncryption()) &&
           (integrity == IpsecIntegrity::ANY || integrity == sa.GetIntegrity()) &&
           (reqid == 0 || reqid == sa.GetParams().reqid);
}

std::string
IpsecProtection::Validate() const
{
    if (protocol != IpsecProtocol::ESP && protocol != IpsecProtocol::AH)
    {
        return "protection must be ESP or AH";
    }
    if (protocol == IpsecProtocol::AH && encryption != IpsecEncryption::ANY &&
        encryption != IpsecEncryption::NONE)
    {
        return "AH does not encrypt: an AH policy cannot require an encryption algorithm";
    }
    if (mode == IpsecMode::TUNNEL && (tunnelLocal.IsAny() || tunnelRemote.IsAny()))
    {
        return "a tunnel-mode entry needs its tunnel endpoints (SetTunnelEndpoints)";
    }
    if (mode == IpsecMode::TUNNEL && tunnelLocal.GetFamily() != tunnelRemote.GetFamily())
    {
        return "tunnel endpoints must be of one IP version (both IPv4 or both IPv6)";
    }
    if (mode == IpsecMode::TUNNEL && (tunnelLocal.IsMulticast() || tunnelRemote.IsMulticast()))
    {
        // Its SA would need a multicast destination or source, which the SAD refuses.
        return "tunnel endpoints must be unicast addresses: tunnel mode towards a multicast "
               "group is not supported (protect group traffic with ESP in transport mode)";
    }
    if (encryption != IpsecEncryption::ANY && IpsecAlgorithmRegistry::Find(encryption) == nullptr)
    {
        return "unknown encryption algorithm in policy";
    }
    if (integrity != IpsecIntegrity::ANY && IpsecAlgorithmRegistry::Find(integrity) == nullptr)
    {
        return "unknown integrity algorithm in policy";
    }
    return "";
}

IpsecPolicy::IpsecPolicy(const IpsecTrafficSelector& selector, IpsecAction action)
    : m_selector(selector),
      m_action(action),
      m_bundle(1),
      m_index(0)
{
}

IpsecPolicy&
IpsecPolicy::SetProtection(IpsecProtocol protocol,
                           IpsecMode mode,
                           IpsecEncryption encryption,
                           IpsecIntegrity integrity)
{
    IpsecProtection& first = m_bundle.front();
    first.protocol = protocol;
    first.mode = mode;
    first.encryption = encryption;
    first.integrity = integrity;
    m_lastStep = 0;
    return *this;
}

IpsecPolicy&
IpsecPolicy::AddProtection(IpsecProtocol protocol,
                           IpsecMode mode,
                           IpsecEncryption encryption,
                           IpsecIntegrity integrity)
{
    IpsecProtection step;
    step.protocol = protocol;
    step.mode = mode;
    step.encryption = encryption;
    step.integrity = integrity;
    m_bundle.push_back(step);
    m_lastStep = m_bundle.size() - 1;
    return *this;
}

const std::vector<IpsecProtection>&
IpsecPolicy::GetBundle() const
{
    return m_bundle;
}

IpsecPolicy&
IpsecPolicy::SetTunnelEndpoints(IpsecAddress local, IpsecAddress remote)
{
    m_bundle.at(m_lastStep).tunnelLocal = local;
    m_bundle.at(m_lastStep).tunnelRemote = remote;
    return *this;
}

IpsecPolicy&
IpsecPolicy::SetReqid(uint32_t reqid)
{
    m_bundle.at(m_lastStep).reqid = reqid;
    return *this;
}

IpsecAddress
IpsecPolicy::GetTunnelLocal() const
{
    return m_bundle.front().tunnelLocal;
}

IpsecAddress
IpsecPolicy::GetTunnelRemote() const
{
    return m_bundle.front().tunnelRemote;
}

const IpsecTrafficSelector&
IpsecPolicy::GetSelector() const
{
    return m_selector;
}

IpsecAction
IpsecPolicy::GetAction() const
{
    return m_action;
}

IpsecProtocol
IpsecPolicy::GetProtocol() const
{
    return m_bundle.front().protocol;
}

IpsecMode
IpsecPolicy::GetMode() const
{
    return m_bundle.front().mode;
}

IpsecEncryption
IpsecPolicy::GetEncryption() const
{
    return m_bundle.front().encryption;
}

IpsecIntegrity
IpsecPolicy::GetIntegrity() const
{
    return m_bundle.front().integrity;
}

bool
IpsecPolicy::IsSatisfiedBy(const SecurityAssociation& sa) const
{
    return m_action == IpsecAction::PROTECT && m_bundle.front().IsSatisfiedBy(sa);
}

bool
IpsecPolicy::IsSatisfiedBy(const std::vector<Ptr<SecurityAssociation>>& outerFirst) const
{
    if (m_action != IpsecAction::PROTECT || outerFirst.size() != m_bundle.size())
    {
        return false;
    }
    for (size_t i = 0; i < m_bundle.size(); ++i)
    {
        const IpsecProtection& step = m_bundle[m_bundle.size() - 1 - i];
        const SecurityAssociation& sa = *outerFirst[i];
        if (!step.IsSatisfiedBy(sa) ||
            (step.mode == IpsecMode::TUNNEL && sa.GetSource() != step.tunnelRemote))
        {
            return false;
        }
    }
    return true;
}

uint32_t
IpsecPolicy::GetIndex() const
{
    return m_index;
}

void
IpsecPolicy::SetIndex(uint32_t index)
{
    m_index = index;
}

void
IpsecPolicy::CountMatch(uint32_t bytes)
{
    ++m_counters.packets;
    m_counters.bytes += bytes;
}

void
IpsecPolicy::CountDrop(IpsecDropReason reason)
{
    ++m_counters.drops[static_cast<size_t>(reason)];
}

const IpsecPolicyCounters&
IpsecPolicy::GetCounters() const
{
    return m_counters;
}

uint64_t
IpsecPolicyCounters::GetDrops(IpsecDropReason reason) const
{
    return drops[static_cast<size_t>(reason)];
}

uint64_t
IpsecPolicyCounters::GetTotalDrops() const
{
    uint64_t total = 0;
    for (uint64_t n : drops)
    {
        total += n;
    }
    return total;
}

uint64_t
IpsecPolicy::GetMatchCount() const
{
    return m_counters.packets;
}

bool
IpsecPolicy::SelectsOnlyMulticast() const
{
    // Multicast addresses form one block per IP version, so a range lies inside it when both
    // of its ends do.
    IpsecAddress low;
    IpsecAddress high;
    m_selector.GetLocalRange(low, high);
    if (low.IsMulticast() && high.IsMulticast())
    {
        return true;
    }
    m_selector.GetRemoteRange(low, high);
    return low.IsMulticast() && high.IsMulticast();
}

std::string
IpsecPolicy::Validate() const
{
    std::string err = m_selector.Validate();
    if (!err.empty())
    {
        return err;
    }
    if (m_action != IpsecAction::PROTECT)
    {
        return "";
    }
    for (size_t i = 0; i < m_bundle.size(); ++i)
    {
        err = m_bundle[i].Validate();
        if (!err.empty())
        {
            return m_bundle.size() > 1 ? "bundle step " + std::to_string(i + 1) + ": " + err : err;
        }
        // AH authenticates the IP header that carries it, so nothing may wrap it.
        if (m_bundle[i].protocol == IpsecProtocol::AH && i + 1 != m_bundle.size())
        {
            return "AH must be the outermost step of an SA bundle";
        }
        // A transport-mode step's SA goes to the packet's destination: to a group, that SA
        // can only be ESP (IpsecSaParams::Validate), so the policy could never be served.
        if (m_bundle[i].protocol == IpsecProtocol::AH && m_bundle[i].mode == IpsecMode::TRANSPORT &&
            SelectsOnlyMulticast())
        {
            return "AH towards a multicast group is not supported: protect group traffic with "
                   "ESP in transport mode";
        }
    }
    return "";
}

void
IpsecPolicy::Print(std::ostream& os) const
{
    os << "#" << m_index << " {" << m_selector << "} " << m_action;
    if (m_action == IpsecAction::PROTECT)
    {
        for (const auto& step : m_bundle)
        {
            os << " {" << step.protocol << " " << step.mode;
            if (step.mode == IpsecMode::TUNNEL)
            {
                os << " " << step.tunnelLocal << " <-> " << step.tunnelRemote;
            }
            os << " encr_alg " << step.encryption << " auth_alg " << step.integrity;
            if (step.reqid != 0)
            {
                os << " reqid " << step.reqid;
            }
            os << "}";
        }
    }
    os << " matched " << m_counters.packets << " pkts " << m_counters.bytes << " bytes";
    for (size_t i = 0; i < m_counters.drops.size(); ++i)
    {
        if (m_counters.drops[i] != 0)
        {
            os << ", " << static_cast<IpsecDropReason>(i) << " " << m_counters.drops[i];
        }
    }
}

std::ostream&
operator<<(std::ostream& os, const IpsecPolicy& policy)
{
    policy.Print(os);
    return os;
}

std::ostream&
operator<<(std::ostream& os, IpsecAction action)
{
    switch (action)
    {
    case IpsecAction::BYPASS:
        return os << "bypass";
    case IpsecAction::DISCARD:
        return os << "discard";
    case IpsecAction::PROTECT:
        return os << "protect";
    }
    return os << "?";
}

std::ostream&
operator<<(std::ostream& os, IpsecMode mode)
{
    return os << (mode == IpsecMode::TUNNEL ? "tunnel" : "transport");
}

std::ostream&
operator<<(std::ostream& os, IpsecProtocol protocol)
{
    return os << (protocol == IpsecProtocol::AH ? "ah" : "esp");
}

} // namespace ns3
