/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-acquire-queue.h"

#include "security-association.h"

#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

IpsecAcquireQueue::IpsecAcquireQueue()
    : m_limit(0)
{
}

IpsecAcquireQueue::~IpsecAcquireQueue()
{
    Clear();
}

void
IpsecAcquireQueue::SetLimits(uint32_t limit, Time holdTime)
{
    m_limit = limit;
    m_holdTime = holdTime;
}

void
IpsecAcquireQueue::SetDropCallback(DropCallback drop)
{
    m_drop = drop;
}

bool
IpsecAcquireQueue::Hold(Ptr<IpsecPolicy> policy, Ptr<const Packet> packet, Resend resend)
{
    PolicyQueue& queue = m_queues[policy];
    if (queue.packets.size() >= m_limit)
    {
        return false;
    }
    Held held{packet, std::move(resend), EventId()};
    if (m_holdTime.IsStrictlyPositive())
    {
        held.timeout =
            Simulator::Schedule(m_holdTime, &IpsecAcquireQueue::Timeout, this, policy, packet);
    }
    queue.packets.push_back(std::move(held));
    return true;
}

bool
IpsecAcquireQueue::IsAcquirePending(Ptr<IpsecPolicy> policy) const
{
    auto it = m_queues.find(policy);
    return it != m_queues.end() && !it->second.acquirePending.IsExpired();
}

void
IpsecAcquireQueue::NoteAcquire(Ptr<IpsecPolicy> policy, Time timeout)
{
    PolicyQueue& queue = m_queues[policy];
    queue.acquirePending.Cancel();
    queue.acquirePending = Simulator::Schedule(timeout, []() {});
}

void
IpsecAcquireQueue::NoteSa(const SecurityAssociation& sa)
{
    for (auto& [policy, queue] : m_queues)
    {
        const auto& bundle = policy->GetBundle();
        // Protocol and mode are enough: an ACQUIRE answered twice costs a second ACQUIRE at
        // most, one left pending blocks key management for the whole AcquireTimeout.
        const bool provides = std::any_of(bundle.begin(), bundle.end(), [&sa](const auto& step) {
            return step.protocol == sa.GetProtocol() && step.mode == sa.GetMode();
        });
        if (provides && queue.packets.empty())
        {
            queue.acquirePending.Cancel();
        }
    }
}

void
IpsecAcquireQueue::Release()
{
    // Take every queue's packets out first: sending one may hold it again (its SA is not the
    // one that arrived), which must not disturb this pass.
    std::vector<Held> all;
    for (auto& [policy, queue] : m_queues)
    {
        for (auto& held : queue.packets)
        {
            held.timeout.Cancel();
            all.push_back(std::move(held));
        }
        queue.packets.clear();
    }
    for (auto& held : all)
    {
        held.resend();
    }
    // A policy none of whose packets had to wait again has its SA: a later need (the SA
    // expiring, say) may ask key management again at once.
    for (auto& [policy, queue] : m_queues)
    {
        if (queue.packets.empty())
        {
            queue.acquirePending.Cancel();
        }
    }
}

void
IpsecAcquireQueue::Timeout(Ptr<IpsecPolicy> policy, Ptr<const Packet> packet)
{
    auto it = m_queues.find(policy);
    if (it == m_queues.end())
    {
        return;
    }
    auto& packets = it->second.packets;
    auto held = std::find_if(packets.begin(), packets.end(), [&packet](const Held& h) {
        return h.packet == packet;
    });
    if (held != packets.end())
    {
        packets.erase(held);
        if (!m_drop.IsNull())
        {
            m_drop(packet);
        }
    }
}

uint32_t
IpsecAcquireQueue::GetSize() const
{
    uint32_t n = 0;
    for (const auto& [policy, queue] : m_queues)
    {
        n += static_cast<uint32_t>(queue.packets.size());
    }
    return n;
}

void
IpsecAcquireQueue::Clear()
{
    for (auto& [policy, queue] : m_queues)
    {
        for (auto& held : queue.packets)
        {
            held.timeout.Cancel();
        }
        queue.acquirePending.Cancel();
    }
    m_queues.clear();
    m_drop = DropCallback();
}

} // namespace ns3
