/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "anti-replay-window.h"

#include "ns3/abort.h"

namespace ns3
{

AntiReplayWindow::AntiReplayWindow(uint32_t size, bool esn)
    : m_size(size),
      m_esn(esn),
      m_top(0),
      m_bitmap((size + 63) / 64, 0)
{
    NS_ABORT_MSG_IF(size == 0, "the anti-replay window needs at least one slot");
}

AntiReplayWindow::Verdict
AntiReplayWindow::Check(uint32_t seqLow, uint64_t& seq) const
{
    if (!m_esn)
    {
        seq = seqLow;
    }
    else
    {
        // RFC 4303 Appendix A2.2: pick the high half that puts seq nearest the window.
        const uint32_t th = static_cast<uint32_t>(m_top >> 32);
        const uint32_t tl = static_cast<uint32_t>(m_top);
        const uint32_t bottom = tl - (m_size - 1); // wraps when the window spans two halves
        uint64_t seqHigh;
        if (tl >= m_size - 1)
        {
            seqHigh = (seqLow >= bottom) ? th : uint64_t(th) + 1;
        }
        else if (seqLow >= bottom)
        {
            if (th == 0)
            {
                // Would precede sequence number 1: nothing that old exists.
                seq = seqLow;
                return TOO_OLD;
            }
            seqHigh = th - 1;
        }
        else
        {
            seqHigh = th;
        }
        seq = (seqHigh << 32) | seqLow;
    }
    if (seq == 0)
    {
        return TOO_OLD;
    }
    if (seq > m_top)
    {
        return NEW;
    }
    if (m_top - seq >= m_size)
    {
        return TOO_OLD;
    }
    return IsMarked(seq) ? DUPLICATE : NEW;
}

void
AntiReplayWindow::Accept(uint64_t seq)
{
    const uint64_t bits = m_bitmap.size() * 64;
    if (seq > m_top)
    {
        const uint64_t advance = seq - m_top;
        if (advance >= bits)
        {
            std::fill(m_bitmap.begin(), m_bitmap.end(), 0);
        }
        else
        {
            // Slots that the window slides over belong to numbers never seen yet.
            for (uint64_t s = m_top + 1; s < seq; ++s)
            {
                m_bitmap[(s % bits) / 64] &= ~(uint64_t(1) << (s % 64));
            }
        }
        m_top = seq;
    }
    else if (m_top - seq >= m_size)
    {
        // Left of the window: its slot now belongs to a newer number, which must stay as is.
        return;
    }
    Mark(seq);
}

bool
AntiReplayWindow::IsMarked(uint64_t seq) const
{
    const uint64_t bit = seq % (m_bitmap.size() * 64);
    return (m_bitmap[bit / 64] >> (bit % 64)) & 1;
}

void
AntiReplayWindow::Mark(uint64_t seq)
{
    const uint64_t bit = seq % (m_bitmap.size() * 64);
    m_bitmap[bit / 64] |= uint64_t(1) << (bit % 64);
}

uint32_t
AntiReplayWindow::GetSize() const
{
    return m_size;
}

bool
AntiReplayWindow::IsEsn() const
{
    return m_esn;
}

uint64_t
AntiReplayWindow::GetTop() const
{
    return m_top;
}

} // namespace ns3
