/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "security-association-database.h"

#include "ns3/log.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SecurityAssociationDatabase");

NS_OBJECT_ENSURE_REGISTERED(SecurityAssociationDatabase);

TypeId
SecurityAssociationDatabase::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SecurityAssociationDatabase")
                            .SetParent<Object>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<SecurityAssociationDatabase>();
    return tid;
}

SecurityAssociationDatabase::SecurityAssociationDatabase() = default;

Ptr<SecurityAssociation>
SecurityAssociationDatabase::Add(const IpsecSaParams& params, std::string& error)
{
    error = params.Validate();
    if (!error.empty())
    {
        NS_LOG_WARN("SA refused: " << error);
        return nullptr;
    }
    const SaKey key{static_cast<uint8_t>(params.protocol), params.destination, params.spi};
    if (m_byKey.count(key) != 0)
    {
        std::ostringstream os;
        os << "an SA with SPI " << params.spi << " to " << params.destination << " already exists";
        error = os.str();
        return nullptr;
    }
    auto sa = Create<SecurityAssociation>(params);
    m_byKey[key] = sa;
    m_byPair[{params.source, params.destination}].push_back(sa);
    m_order.push_back(sa);
    NS_LOG_DEBUG("added SA spi " << params.spi << " " << params.source << " -> "
                                 << params.destination);
    return sa;
}

bool
SecurityAssociationDatabase::Remove(IpsecProtocol protocol, IpsecAddress destination, uint32_t spi)
{
    auto it = m_byKey.find({static_cast<uint8_t>(protocol), destination, spi});
    if (it == m_byKey.end())
    {
        return false;
    }
    Ptr<SecurityAssociation> sa = it->second;
    m_byKey.erase(it);
    auto& list = m_byPair[{sa->GetSource(), destination}];
    list.erase(std::remove(list.begin(), list.end(), sa), list.end());
    m_order.erase(std::remove(m_order.begin(), m_order.end(), sa), m_order.end());
    return true;
}

void
SecurityAssociationDatabase::Flush()
{
    m_byKey.clear();
    m_byPair.clear();
    m_order.clear();
}

Ptr<SecurityAssociation>
SecurityAssociationDatabase::FindInbound(IpsecProtocol protocol,
                                         IpsecAddress destination,
                                         uint32_t spi) const
{
    auto it = m_byKey.find({static_cast<uint8_t>(protocol), destination, spi});
    return it == m_byKey.end() ? nullptr : it->second;
}

Ptr<SecurityAssociation>
SecurityAssociationDatabase::FindOutbound(const IpsecPolicy& policy,
                                          IpsecAddress source,
                                          IpsecAddress destination) const
{
    if (policy.GetAction() != IpsecAction::PROTECT)
    {
        return nullptr;
    }
    return FindOutbound(policy.GetBundle().front(), source, destination);
}

Ptr<SecurityAssociation>
SecurityAssociationDatabase::FindOutbound(const IpsecProtection& step,
                                          IpsecAddress source,
                                          IpsecAddress destination) const
{
    auto it = m_byPair.find({source, destination});
    if (it == m_byPair.end())
    {
        return nullptr;
    }
    for (auto sa = it->second.rbegin(); sa != it->second.rend(); ++sa)
    {
        if (step.IsSatisfiedBy(**sa))
        {
            return *sa;
        }
    }
    return nullptr;
}

std::vector<Ptr<SecurityAssociation>>
SecurityAssociationDatabase::GetAll() const
{
    return m_order;
}

void
SecurityAssociationDatabase::Print(std::ostream& os) const
{
    for (const auto& sa : m_order)
    {
        os << *sa << "\n";
    }
}

} // namespace ns3
