/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_ACQUIRE_QUEUE_H
#define IPSEC_ACQUIRE_QUEUE_H

#include "ipsec-policy.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

#include <deque>
#include <functional>
#include <map>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief Outbound packets waiting for key management: a protect policy selected them, no
 * usable SA exists, and an ACQUIRE went to the registered key managers (RFC 2367 section
 * 3.1.6). One small FIFO per policy; packets leave in order when an SA arrives, or are dropped
 * when the queue is full or they have waited too long.
 */
class IpsecAcquireQueue
{
  public:
    /** Re-runs a held packet's outbound processing. */
    using Resend = std::function<void()>;
    /** Called for each packet dropped from a queue (full, or waited too long). */
    using DropCallback = Callback<void, Ptr<const Packet>>;

    IpsecAcquireQueue();
    ~IpsecAcquireQueue();

    /**
     * @param limit packets held per policy (0: none, packets are dropped at once)
     * @param holdTime how long a packet may wait
     */
    void SetLimits(uint32_t limit, Time holdTime);
    /**
     * @param drop told of every packet the queue gives up
     */
    void SetDropCallback(DropCallback drop);

    /**
     * @brief Hold a packet for @p policy.
     * @param policy the policy that wants an SA
     * @param packet the packet (for the drop trace)
     * @param resend how to send it once the SA is there
     * @return false if the queue is full or holds nothing (the caller drops the packet)
     */
    bool Hold(Ptr<IpsecPolicy> policy, Ptr<const Packet> packet, Resend resend);
    /**
     * @brief Whether an ACQUIRE for @p policy is still awaiting an answer.
     * @param policy the policy
     * @return true within the acquire timeout of the last one
     */
    bool IsAcquirePending(Ptr<IpsecPolicy> policy) const;
    /**
     * @brief Note that an ACQUIRE was sent for @p policy; another is sent only after
     * @p timeout without an SA.
     * @param policy the policy
     * @param timeout how long the ACQUIRE stays pending
     */
    void NoteAcquire(Ptr<IpsecPolicy> policy, Time timeout);
    /**
     * @brief An SA arrived: an ACQUIRE pending for a policy whose protection it provides is
     * answered (even with no packet held), so that the next need for an SA asks again.
     * @param sa the SA
     */
    void NoteSa(const SecurityAssociation& sa);
    /**
     * @brief An SA arrived: every held packet is sent again, in order, queue by queue (those
     * whose SA is still missing are held again).
     */
    void Release();
    /** @return packets held, all policies together */
    uint32_t GetSize() const;
    /** @brief Drop nothing, forget everything (disposal). */
    void Clear();

  private:
    /** A held packet. */
    struct Held
    {
        Ptr<const Packet> packet; //!< The packet, for the drop trace
        Resend resend;            //!< How to send it
        EventId timeout;          //!< Its hold-time limit
    };

    /** One policy's queue. */
    struct PolicyQueue
    {
        std::deque<Held> packets; //!< Held packets, oldest first
        EventId acquirePending;   //!< Running while an ACQUIRE awaits its SA
    };

    /**
     * @brief A held packet waited too long.
     * @param policy its policy
     * @param packet the packet
     */
    void Timeout(Ptr<IpsecPolicy> policy, Ptr<const Packet> packet);

    std::map<Ptr<IpsecPolicy>, PolicyQueue> m_queues; //!< By policy
    uint32_t m_limit;                                 //!< Packets per policy
    Time m_holdTime;                                  //!< Longest wait
    DropCallback m_drop;                              //!< Drop trace
};

} // namespace ns3

#endif /* IPSEC_ACQUIRE_QUEUE_H */
