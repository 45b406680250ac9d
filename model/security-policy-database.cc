/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "security-policy-database.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SecurityPolicyDatabase");

NS_OBJECT_ENSURE_REGISTERED(SecurityPolicyDatabase);

TypeId
SecurityPolicyDatabase::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SecurityPolicyDatabase")
                            .SetParent<Object>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<SecurityPolicyDatabase>();
    return tid;
}

SecurityPolicyDatabase::SecurityPolicyDatabase()
    : m_nextIndex(1)
{
}

std::string
SecurityPolicyDatabase::Add(Ptr<IpsecPolicy> policy)
{
    if (!policy)
    {
        return "null policy";
    }
    if (policy->GetIndex() != 0)
    {
        return "policy is already in an SPD";
    }
    std::string err = policy->Validate();
    if (!err.empty())
    {
        return err;
    }
    policy->SetIndex(m_nextIndex++);
    m_policies.push_back(policy);
    NS_LOG_DEBUG("added " << *policy);
    return "";
}

bool
SecurityPolicyDatabase::Remove(uint32_t index)
{
    for (auto it = m_policies.begin(); it != m_policies.end(); ++it)
    {
        if ((*it)->GetIndex() == index)
        {
            m_policies.erase(it);
            return true;
        }
    }
    return false;
}

void
SecurityPolicyDatabase::Flush()
{
    m_policies.clear();
}

Ptr<IpsecPolicy>
SecurityPolicyDatabase::Lookup(const IpsecFlowKey& key) const
{
    for (const auto& p : m_policies)
    {
        if (p->GetAction() == IpsecAction::BYPASS && p->GetSelector().Matches(key))
        {
            return p;
        }
    }
    for (const auto& p : m_policies)
    {
        if (p->GetAction() != IpsecAction::BYPASS && p->GetSelector().Matches(key))
        {
            return p;
        }
    }
    return nullptr;
}

const std::vector<Ptr<IpsecPolicy>>&
SecurityPolicyDatabase::GetPolicies() const
{
    return m_policies;
}

void
SecurityPolicyDatabase::Print(std::ostream& os) const
{
    for (const auto& p : m_policies)
    {
        os << *p << "\n";
    }
}

} // namespace ns3
