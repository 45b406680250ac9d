/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_LOOPBACK_TAG_H
#define IPSEC_LOOPBACK_TAG_H

#include "ipsec-policy.h"

#include "ns3/tag.h"

#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The protection an intra-machine packet would have had.
 *
 * The man page: intra-machine traffic policies are enforced, but the mechanisms are not
 * applied; the outbound policy translates into an inbound packet with those mechanisms
 * applied. The IPsec layer puts this tag on a packet that a protect policy sends to the node
 * itself, sends it in the clear, and when it comes back checks inbound policy against the
 * mechanisms in the tag, as if the packet had been unprotected with them. The tag names the
 * node that put it there, so a tag that travelled to another node counts for nothing.
 */
class IpsecLoopbackTag : public Tag
{
  public:
    /** The most protection steps a tag carries (an SPD bundle has at most a few). */
    static constexpr size_t MAX_STEPS = 8;

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    /**
     * @brief The TypeId packet tags are stored under.
     * @return IpsecLoopbackTag::GetTypeId()
     */
    TypeId GetInstanceTypeId() const override;
    /**
     * @brief Size in the tag buffer: the node ID, the step count and four bytes per step.
     * @return bytes
     */
    uint32_t GetSerializedSize() const override;
    /**
     * @brief Store the node ID and each step's protocol, mode and algorithms.
     * @param buffer where to write
     */
    void Serialize(TagBuffer buffer) const override;
    /**
     * @brief Read what Serialize wrote.
     * @param buffer where to read
     */
    void Deserialize(TagBuffer buffer) override;
    /**
     * @brief Print the node and each step as {protocol mode encr_alg auth_alg}.
     * @param os the stream
     */
    void Print(std::ostream& os) const override;

    /**
     * @brief Record what an outbound policy would have applied.
     * @param node the node's ID
     * @param policy the PROTECT policy (at most MAX_STEPS steps)
     */
    void Set(uint32_t node, const IpsecPolicy& policy);
    /** @return the ID of the node that put the tag on */
    uint32_t GetNode() const;
    /** @return the steps the outbound policy would have applied, innermost first */
    const std::vector<IpsecProtection>& GetMechanisms() const;

    /**
     * @brief RFC 4301 5.2 step 4 for an intra-machine packet: the mechanisms must be exactly
     * what the inbound PROTECT policy requires, step by step (protocol, mode and each named
     * algorithm; a policy naming an algorithm is satisfied only by the same one).
     * @param policy the inbound policy
     * @return whether the mechanisms satisfy it
     */
    bool Satisfies(const IpsecPolicy& policy) const;

  private:
    uint32_t m_node = 0;                       //!< Node that tagged the packet
    std::vector<IpsecProtection> m_mechanisms; //!< Protection steps, innermost first
};

} // namespace ns3

#endif /* IPSEC_LOOPBACK_TAG_H */
