/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SECURITY_POLICY_DATABASE_H
#define SECURITY_POLICY_DATABASE_H

#include "ipsec-policy.h"

#include "ns3/object.h"
#include "ns3/ptr.h"

#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The SPD: an ordered list of policies.
 *
 * Lookup follows the man page: entries are tried in order and the first match decides, with
 * one exception: a bypass entry that matches wins over every other entry, wherever it is.
 */
class SecurityPolicyDatabase : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    SecurityPolicyDatabase();

    /**
     * @brief Append a policy (it becomes the last one tried).
     * @param policy the policy
     * @return an empty string on success, otherwise why the policy was refused (then nothing
     *         was added)
     */
    std::string Add(Ptr<IpsecPolicy> policy);
    /**
     * @brief Remove a policy by index.
     * @param index the index returned by IpsecPolicy::GetIndex()
     * @return whether a policy was removed
     */
    bool Remove(uint32_t index);
    /** @brief Remove every policy. */
    void Flush();

    /**
     * @brief Find the policy that decides a packet.
     * @param key the packet's selector values
     * @return the deciding policy, or nullptr when no entry matches
     */
    Ptr<IpsecPolicy> Lookup(const IpsecFlowKey& key) const;

    /** @return the policies in order */
    const std::vector<Ptr<IpsecPolicy>>& GetPolicies() const;

    /**
     * @brief Print every entry, one per line.
     * @param os the stream
     */
    void Print(std::ostream& os) const;

  private:
    std::vector<Ptr<IpsecPolicy>> m_policies; //!< In lookup order
    uint32_t m_nextIndex;                     //!< Index for the next policy added
};

} // namespace ns3

#endif /* SECURITY_POLICY_DATABASE_H */
