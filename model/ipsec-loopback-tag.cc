/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-loopback-tag.h"

#include <algorithm>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecLoopbackTag);

TypeId
IpsecLoopbackTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecLoopbackTag")
                            .SetParent<Tag>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecLoopbackTag>();
    return tid;
}

TypeId
IpsecLoopbackTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
IpsecLoopbackTag::GetSerializedSize() const
{
    return 4 + 1 + 4 * m_mechanisms.size();
}

void
IpsecLoopbackTag::Serialize(TagBuffer buffer) const
{
    buffer.WriteU32(m_node);
    buffer.WriteU8(static_cast<uint8_t>(m_mechanisms.size()));
    for (const IpsecProtection& step : m_mechanisms)
    {
        buffer.WriteU8(static_cast<uint8_t>(step.protocol));
        buffer.WriteU8(static_cast<uint8_t>(step.mode));
        buffer.WriteU8(static_cast<uint8_t>(step.encryption));
        buffer.WriteU8(static_cast<uint8_t>(step.integrity));
    }
}

void
IpsecLoopbackTag::Deserialize(TagBuffer buffer)
{
    m_node = buffer.ReadU32();
    const size_t count = std::min<size_t>(buffer.ReadU8(), MAX_STEPS);
    m_mechanisms.assign(count, IpsecProtection());
    for (IpsecProtection& step : m_mechanisms)
    {
        step.protocol = static_cast<IpsecProtocol>(buffer.ReadU8());
        step.mode = static_cast<IpsecMode>(buffer.ReadU8());
        step.encryption = static_cast<IpsecEncryption>(buffer.ReadU8());
        step.integrity = static_cast<IpsecIntegrity>(buffer.ReadU8());
    }
}

void
IpsecLoopbackTag::Print(std::ostream& os) const
{
    os << "intra-machine node " << m_node;
    for (const IpsecProtection& step : m_mechanisms)
    {
        os << " {" << step.protocol << " " << step.mode << " encr_alg " << step.encryption
           << " auth_alg " << step.integrity << "}";
    }
}

void
IpsecLoopbackTag::Set(uint32_t node, const IpsecPolicy& policy)
{
    m_node = node;
    const std::vector<IpsecProtection>& bundle = policy.GetBundle();
    m_mechanisms.assign(bundle.begin(),
                        bundle.begin() +
                            static_cast<std::ptrdiff_t>(std::min(bundle.size(), MAX_STEPS)));
}

uint32_t
IpsecLoopbackTag::GetNode() const
{
    return m_node;
}

const std::vector<IpsecProtection>&
IpsecLoopbackTag::GetMechanisms() const
{
    return m_mechanisms;
}

bool
IpsecLoopbackTag::Satisfies(const IpsecPolicy& policy) const
{
    const std::vector<IpsecProtection>& required = policy.GetBundle();
    if (policy.GetAction() != IpsecAction::PROTECT || required.size() != m_mechanisms.size())
    {
        return false;
    }
    for (size_t i = 0; i < required.size(); ++i)
    {
        const IpsecProtection& need = required[i];
        const IpsecProtection& have = m_mechanisms[i];
        if (need.protocol != have.protocol || need.mode != have.mode ||
            (need.encryption != IpsecEncryption::ANY && need.encryption != have.encryption) ||
            (need.integrity != IpsecIntegrity::ANY && need.integrity != have.integrity))
        {
            return false;
        }
    }
    return true;
}

} // namespace ns3
