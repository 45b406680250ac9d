/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-policy.h"

#include "security-association.h"

namespace ns3
{

IpsecPolicy::IpsecPolicy(const IpsecTrafficSelector& selector, IpsecAction action)
    : m_selector(selector),
      m_action(action),
      m_protocol(IpsecProtocol::ESP),
      m_mode(IpsecMode::TRANSPORT),
      m_encryption(IpsecEncryption::ANY),
      m_integrity(IpsecIntegrity::ANY),
      m_tunnelLocal(Ipv4Address::GetAny()),
      m_tunnelRemote(Ipv4Address::GetAny()),
      m_index(0),
      m_matches(0)
{
}

IpsecPolicy&
IpsecPolicy::SetProtection(IpsecProtocol protocol,
                           IpsecMode mode,
                           IpsecEncryption encryption,
                           IpsecIntegrity integrity)
{
    m_protocol = protocol;
    m_mode = mode;
    m_encryption = encryption;
    m_integrity = integrity;
    return *this;
}

IpsecPolicy&
IpsecPolicy::SetTunnelEndpoints(Ipv4Address local, Ipv4Address remote)
{
    m_tunnelLocal = local;
    m_tunnelRemote = remote;
    return *this;
}

Ipv4Address
IpsecPolicy::GetTunnelLocal() const
{
    return m_tunnelLocal;
}

Ipv4Address
IpsecPolicy::GetTunnelRemote() const
{
    return m_tunnelRemote;
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
    return m_protocol;
}

IpsecMode
IpsecPolicy::GetMode() const
{
    return m_mode;
}

IpsecEncryption
IpsecPolicy::GetEncryption() const
{
    return m_encryption;
}

IpsecIntegrity
IpsecPolicy::GetIntegrity() const
{
    return m_integrity;
}

bool
IpsecPolicy::IsSatisfiedBy(const SecurityAssociation& sa) const
{
    return m_action == IpsecAction::PROTECT && sa.GetProtocol() == m_protocol &&
           sa.GetMode() == m_mode &&
           (m_encryption == IpsecEncryption::ANY || m_encryption == sa.GetEncryption()) &&
           (m_integrity == IpsecIntegrity::ANY || m_integrity == sa.GetIntegrity());
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
IpsecPolicy::CountMatch()
{
    ++m_matches;
}

uint64_t
IpsecPolicy::GetMatchCount() const
{
    return m_matches;
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
    if (m_protocol != IpsecProtocol::ESP && m_protocol != IpsecProtocol::AH)
    {
        return "protection must be ESP or AH";
    }
    if (m_protocol == IpsecProtocol::AH && m_encryption != IpsecEncryption::ANY &&
        m_encryption != IpsecEncryption::NONE)
    {
        return "AH does not encrypt: an AH policy cannot require an encryption algorithm";
    }
    if (m_mode == IpsecMode::TUNNEL &&
        (m_tunnelLocal == Ipv4Address::GetAny() || m_tunnelRemote == Ipv4Address::GetAny()))
    {
        return "a tunnel-mode entry needs its tunnel endpoints (SetTunnelEndpoints)";
    }
    if (m_encryption != IpsecEncryption::ANY &&
        IpsecAlgorithmRegistry::Find(m_encryption) == nullptr)
    {
        return "unknown encryption algorithm in policy";
    }
    if (m_integrity != IpsecIntegrity::ANY && IpsecAlgorithmRegistry::Find(m_integrity) == nullptr)
    {
        return "unknown integrity algorithm in policy";
    }
    return "";
}

void
IpsecPolicy::Print(std::ostream& os) const
{
    os << "#" << m_index << " {" << m_selector << "} " << m_action;
    if (m_action == IpsecAction::PROTECT)
    {
        os << " {" << m_protocol << " " << m_mode;
        if (m_mode == IpsecMode::TUNNEL)
        {
            os << " " << m_tunnelLocal << " <-> " << m_tunnelRemote;
        }
        os << " encr_alg " << m_encryption << " auth_alg " << m_integrity << "}";
    }
    os << " matched " << m_matches;
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
