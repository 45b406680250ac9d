/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// RFC 4303 section 3.4.3 and Appendix A: the receiver's sliding window, with and without
// extended sequence numbers.

#include "ipsec-test-compat.h"

#include "ns3/anti-replay-window.h"
#include "ns3/test.h"

#include <algorithm>
#include <random>
#include <set>

using namespace ns3;

namespace
{

/// Check then, if new, accept (what the receiver does once the ICV verified).
AntiReplayWindow::Verdict
Receive(AntiReplayWindow& w, uint32_t seqLow, uint64_t* full = nullptr)
{
    uint64_t seq = 0;
    const AntiReplayWindow::Verdict v = w.Check(seqLow, seq);
    if (v == AntiReplayWindow::NEW)
    {
        w.Accept(seq);
    }
    if (full)
    {
        *full = seq;
    }
    return v;
}

} // namespace

/// 32-bit sequence numbers.
class WindowBasicsTestCase : public TestCase
{
  public:
    WindowBasicsTestCase()
        : TestCase("window edges, duplicates, jumps (32-bit)")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t size : {1u, 64u, 100u, 1024u, 4096u})
        {
            AntiReplayWindow w(size);
            NS_TEST_ASSERT_MSG_EQ(w.GetSize(), size, "size");
            NS_TEST_ASSERT_MSG_EQ(Receive(w, 0), AntiReplayWindow::TOO_OLD, "0 is never valid");
            NS_TEST_ASSERT_MSG_EQ(Receive(w, 1), AntiReplayWindow::NEW, "first packet");
            NS_TEST_ASSERT_MSG_EQ(Receive(w, 1), AntiReplayWindow::DUPLICATE, "duplicate");
            const uint32_t top = 5000;
            NS_TEST_ASSERT_MSG_EQ(Receive(w, top), AntiReplayWindow::NEW, "jump ahead");
            NS_TEST_ASSERT_MSG_EQ(w.GetTop(), top, "top");
            // Left edge: top - size + 1 is inside, top - size is not.
            NS_TEST_ASSERT_MSG_EQ(Receive(w, top - size), AntiReplayWindow::TOO_OLD, "edge-1");
            if (size > 1)
            {
                NS_TEST_ASSERT_MSG_EQ(Receive(w, top - size + 1),
                                      AntiReplayWindow::NEW,
                                      "left edge, size " << size);
                NS_TEST_ASSERT_MSG_EQ(Receive(w, top - size + 1),
                                      AntiReplayWindow::DUPLICATE,
                                      "left edge again");
                NS_TEST_ASSERT_MSG_EQ(Receive(w, top - 1), AntiReplayWindow::NEW, "late");
            }
            NS_TEST_ASSERT_MSG_EQ(Receive(w, top), AntiReplayWindow::DUPLICATE, "top again");
            NS_TEST_ASSERT_MSG_EQ(w.GetTop(), top, "late packets do not move the window");
            // A jump bigger than the window forgets everything but the new top.
            NS_TEST_ASSERT_MSG_EQ(Receive(w, top + 3 * size + 7), AntiReplayWindow::NEW, "");
            if (size > 1)
            {
                NS_TEST_ASSERT_MSG_EQ(Receive(w, top + 3 * size + 6),
                                      AntiReplayWindow::NEW,
                                      "slot reused after a big jump is clear");
            }
        }
    }
};

/// Out-of-order arrival inside the window, and Check() does not change state.
class WindowOrderTestCase : public TestCase
{
  public:
    WindowOrderTestCase()
        : TestCase("out-of-order, state changes only on Accept")
    {
    }

  private:
    void DoRun() override
    {
        AntiReplayWindow w(64);
        for (uint32_t s : {10u, 3u, 7u, 64u, 11u, 2u})
        {
            NS_TEST_ASSERT_MSG_EQ(Receive(w, s), AntiReplayWindow::NEW, "first time " << s);
        }
        for (uint32_t s : {10u, 3u, 7u, 64u, 11u, 2u})
        {
            NS_TEST_ASSERT_MSG_EQ(Receive(w, s), AntiReplayWindow::DUPLICATE, "again " << s);
        }
        NS_TEST_ASSERT_MSG_EQ(Receive(w, 1), AntiReplayWindow::NEW, "1 is inside [1, 64]");
        NS_TEST_ASSERT_MSG_EQ(Receive(w, 65), AntiReplayWindow::NEW, "slides by one");
        NS_TEST_ASSERT_MSG_EQ(Receive(w, 1), AntiReplayWindow::TOO_OLD, "now left of it");

        // Check alone, however often, changes nothing (forged packets must not move it).
        uint64_t seq;
        for (int i = 0; i < 3; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(w.Check(1000, seq), AntiReplayWindow::NEW, "new");
        }
        NS_TEST_ASSERT_MSG_EQ(w.GetTop(), 65, "top unchanged by Check");
        NS_TEST_ASSERT_MSG_EQ(w.Check(40, seq), AntiReplayWindow::NEW, "40 never accepted");

        // The last 32-bit number is accepted.
        AntiReplayWindow edge(64);
        NS_TEST_ASSERT_MSG_EQ(Receive(edge, 0xffffffff), AntiReplayWindow::NEW, "2^32-1");
        NS_TEST_ASSERT_MSG_EQ(Receive(edge, 0xffffffc0), AntiReplayWindow::NEW, "left edge");
        NS_TEST_ASSERT_MSG_EQ(Receive(edge, 0xffffffbf), AntiReplayWindow::TOO_OLD, "edge");
    }
};

/// RFC 4303 Appendix A2.2: inferring the high 32 bits.
class WindowEsnTestCase : public TestCase
{
  public:
    WindowEsnTestCase()
        : TestCase("extended sequence numbers across the 2^32 wrap")
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t high = uint64_t(1) << 32;
        AntiReplayWindow w(64, true);
        NS_TEST_ASSERT_MSG_EQ(w.IsEsn(), true, "ESN");
        uint64_t seq = 0;
        NS_TEST_ASSERT_MSG_EQ(Receive(w, 1, &seq), AntiReplayWindow::NEW, "");
        NS_TEST_ASSERT_MSG_EQ(seq, 1, "starts in subspace 0");
        // While the window spans "subspace -1" (Tl < W - 1), a number far above it reads as a
        // late packet of the previous subspace, which does not exist: refused.
        NS_TEST_ASSERT_MSG_EQ(Receive(w, 0xfffffff0, &seq), AntiReplayWindow::TOO_OLD, "");
        NS_TEST_ASSERT_MSG_EQ(Receive(w, 0x80000000, &seq), AntiReplayWindow::NEW, "");
        NS_TEST_ASSERT_MSG_EQ(seq, 0x80000000ULL, "half way");
        // Window inside one subspace (Tl >= W - 1), near its end.
        NS_TEST_ASSERT_MSG_EQ(Receive(w, 0xfffffff0, &seq), AntiReplayWindow::NEW, "");
        NS_TEST_ASSERT_MSG_EQ(seq, 0xfffffff0ULL, "still subspace 0");
        // Low half below the window bottom: the sender wrapped into subspace 1.
        NS_TEST_ASSERT_MSG_EQ(Receive(w, 5, &seq), AntiReplayWindow::NEW, "wrapped");
        NS_TEST_ASSERT_MSG_EQ(seq, high + 5, "Seqh = Th + 1");
        NS_TEST_ASSERT_MSG_EQ(w.GetTop(), high + 5, "top in subspace 1");
        // Window now spans two subspaces (Tl < W - 1): a late packet of subspace 0.
        NS_TEST_ASSERT_MSG_EQ(Receive(w, 0xfffffff8, &seq), AntiReplayWindow::NEW, "late");
        NS_TEST_ASSERT_MSG_EQ(seq, 0xfffffff8ULL, "Seqh = Th - 1");
        NS_TEST_ASSERT_MSG_EQ(Receive(w, 0xfffffff0, &seq), AntiReplayWindow::DUPLICATE, "");
        NS_TEST_ASSERT_MSG_EQ(Receive(w, 3, &seq), AntiReplayWindow::NEW, "");
        NS_TEST_ASSERT_MSG_EQ(seq, high + 3, "Seqh = Th");
        // Below the window bottom in subspace 0 is read as far ahead in subspace 1 (the
        // Appendix A2.2 rule); the ICV, which covers the inferred high bits, then decides.
        NS_TEST_ASSERT_MSG_EQ(w.Check(0xffffff00, seq), AntiReplayWindow::NEW, "ahead");
        NS_TEST_ASSERT_MSG_EQ(seq, high + 0xffffff00, "Seqh = Th");
        // Sequence number 0 of subspace 1 exists with ESN (only 0 of subspace 0 does not).
        NS_TEST_ASSERT_MSG_EQ(Receive(w, 0, &seq), AntiReplayWindow::NEW, "2^32 itself");
        NS_TEST_ASSERT_MSG_EQ(seq, high, "");

        // Th == 0 and a number that would be in "subspace -1".
        AntiReplayWindow start(64, true);
        Receive(start, 10);
        NS_TEST_ASSERT_MSG_EQ(Receive(start, 0xfffffff0, &seq),
                              AntiReplayWindow::TOO_OLD,
                              "nothing precedes sequence number 1");
        // A big window keeps working across the wrap.
        AntiReplayWindow big(1024, true);
        Receive(big, 0x80000000);
        Receive(big, 0xffffff00);
        NS_TEST_ASSERT_MSG_EQ(Receive(big, 100, &seq), AntiReplayWindow::NEW, "");
        NS_TEST_ASSERT_MSG_EQ(seq, high + 100, "");
        NS_TEST_ASSERT_MSG_EQ(Receive(big, 0xffffff10, &seq), AntiReplayWindow::NEW, "");
        NS_TEST_ASSERT_MSG_EQ(seq, 0xffffff10ULL, "back in subspace 0");
        NS_TEST_ASSERT_MSG_EQ(Receive(big, 0xffffff00, &seq), AntiReplayWindow::DUPLICATE, "");
    }
};

/// Strictly in-order arrival for many sizes, then everything in the window is a duplicate.
class WindowInOrderTestCase : public TestCase
{
  public:
    WindowInOrderTestCase()
        : TestCase("in-order arrival fills the window (sizes 1 to 4096)")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t size : {1u, 2u, 63u, 64u, 65u, 100u, 1024u, 4096u})
        {
            AntiReplayWindow w(size);
            const uint32_t last = 3 * size + 5;
            for (uint32_t s = 1; s <= last; ++s)
            {
                uint64_t full = 0;
                NS_TEST_ASSERT_MSG_EQ(Receive(w, s, &full), AntiReplayWindow::NEW, "in order");
                NS_TEST_ASSERT_MSG_EQ(full, s, "32-bit: the full number is the low half");
                NS_TEST_ASSERT_MSG_EQ(w.GetTop(), s, "top follows");
            }
            for (uint32_t s = last - size + 1; s <= last; ++s)
            {
                uint64_t full = 0;
                NS_TEST_ASSERT_MSG_EQ(w.Check(s, full),
                                      AntiReplayWindow::DUPLICATE,
                                      "size " << size << " seq " << s);
            }
            uint64_t full = 0;
            NS_TEST_ASSERT_MSG_EQ(w.Check(last - size, full),
                                  AntiReplayWindow::TOO_OLD,
                                  "size " << size << ": top - W is outside");
            NS_TEST_ASSERT_MSG_EQ(w.Check(1, full), AntiReplayWindow::TOO_OLD, "long gone");
            NS_TEST_ASSERT_MSG_EQ(w.GetTop(), last, "checks changed nothing");
        }
    }
};

/**
 * Random traffic (in order, late, replayed, forged, jumping) compared packet by packet with a
 * straightforward model of RFC 4303 section 3.4.3: a set of accepted numbers and the top.
 */
class WindowModelTestCase : public TestCase
{
  public:
    WindowModelTestCase()
        : TestCase("random traffic against a reference model of RFC 4303 3.4.3")
    {
    }

  private:
    void DoRun() override
    {
        std::mt19937_64 rng(4303);
        for (uint32_t size : {1u, 2u, 32u, 64u, 65u, 100u, 128u, 1000u, 1024u, 4096u})
        {
            AntiReplayWindow w(size);
            std::set<uint64_t> seen;
            uint64_t top = 0;
            uint64_t sender = 0;
            for (int step = 0; step < 20000; ++step)
            {
                const uint32_t r = rng() % 100;
                uint64_t seq;
                if (r < 55)
                {
                    sender += 1 + rng() % 3; // in order, with small losses
                    seq = sender;
                }
                else if (r < 90)
                {
                    const uint64_t back = rng() % (2 * uint64_t(size) + 2);
                    seq = sender > back ? sender - back : 0; // late or replayed
                }
                else if (r < 97)
                {
                    sender += 1 + rng() % (3 * uint64_t(size)); // a burst was lost
                    seq = sender;
                }
                else
                {
                    seq = 0; // never valid without ESN
                }
                AntiReplayWindow::Verdict expected;
                if (seq == 0 || (seq <= top && top - seq >= size))
                {
                    expected = AntiReplayWindow::TOO_OLD;
                }
                else if (seen.count(seq) != 0)
                {
                    expected = AntiReplayWindow::DUPLICATE;
                }
                else
                {
                    expected = AntiReplayWindow::NEW;
                }
                uint64_t full = 0;
                const AntiReplayWindow::Verdict v = w.Check(static_cast<uint32_t>(seq), full);
                NS_TEST_ASSERT_MSG_EQ(v, expected, "size " << size << " step " << step);
                NS_TEST_ASSERT_MSG_EQ(full, seq, "full sequence number");
                // One packet in five fails its ICV: checked, never accepted.
                if (v == AntiReplayWindow::NEW && rng() % 5 != 0)
                {
                    w.Accept(full);
                    seen.insert(seq);
                    top = std::max(top, seq);
                }
                NS_TEST_ASSERT_MSG_EQ(w.GetTop(), top, "top, size " << size);
            }
        }
    }
};

/**
 * RFC 4303 Appendix A2.2 as a property: whatever the window's position (inside one subspace,
 * spanning two, at the very start), every number from the window's bottom Bl up to
 * Bl + 2^32 - 1 is reconstructed from its low 32 bits exactly.
 */
class WindowEsnPropertyTestCase : public TestCase
{
  public:
    WindowEsnPropertyTestCase()
        : TestCase("ESN: every number in [Bl, Bl + 2^32) is inferred exactly")
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t subspace = uint64_t(1) << 32;
        std::mt19937_64 rng(2006);
        for (uint32_t size : {1u, 64u, 100u, 1024u})
        {
            // Th == 0 with Tl below and above W - 1, the last number of subspace 0, and the
            // same positions around later subspace boundaries (cases A and B of A2.2).
            std::vector<uint64_t> tops = {1, 2, size - 1ULL, size, size + 1ULL, 0xffffffffULL};
            for (uint64_t high : {1ULL, 2ULL, 0x87654321ULL, 0xfffffffeULL})
            {
                for (int64_t off :
                     {-int64_t(size) - 1, -int64_t(size), int64_t{-1}, int64_t{0}, int64_t{1}})
                {
                    tops.push_back(high * subspace + off);
                }
                for (uint64_t low : {uint64_t(size) - 2, uint64_t(size) - 1, uint64_t(size) + 7})
                {
                    tops.push_back(high * subspace + low);
                }
            }
            for (int i = 0; i < 20; ++i)
            {
                tops.push_back(1 + rng() % (uint64_t(1) << 40));
            }
            for (uint64_t top : tops)
            {
                if (top == 0)
                {
                    continue;
                }
                AntiReplayWindow w(size, true);
                w.Accept(top);
                NS_TEST_ASSERT_MSG_EQ(w.GetTop(), top, "primed");
                const uint64_t bottom = top >= size ? top - size + 1 : 1;
                // Bl + 2^32 - 1 with Bl = top - W + 1, which may precede 1.
                const uint64_t end = top + subspace - size;
                std::vector<uint64_t> probes = {bottom, top, top + 1, end, end - 1};
                for (int i = 0; i < 200; ++i)
                {
                    probes.push_back(bottom + rng() % (end - bottom + 1));
                }
                for (uint64_t s : probes)
                {
                    uint64_t full = 0;
                    const AntiReplayWindow::Verdict v = w.Check(static_cast<uint32_t>(s), full);
                    NS_TEST_ASSERT_MSG_EQ(full,
                                          s,
                                          "size " << size << " top 0x" << std::hex << top
                                                  << " seq 0x" << s);
                    NS_TEST_ASSERT_MSG_EQ(
                        v,
                        (s == top ? AntiReplayWindow::DUPLICATE : AntiReplayWindow::NEW),
                        "verdict for 0x" << std::hex << s);
                }
                NS_TEST_ASSERT_MSG_EQ(w.GetTop(), top, "Check never moved the window");
            }
        }
    }
};

/**
 * Only numbers inside the window own a slot: recording one that is left of the window (as a
 * receiver that does not enforce replay protection does) must not mark a slot that belongs to
 * a number still inside it.
 */
class WindowAcceptOutsideTestCase : public TestCase
{
  public:
    WindowAcceptOutsideTestCase()
        : TestCase("Accept left of the window marks no slot of the window")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t size : {1u, 64u, 100u, 1024u})
        {
            AntiReplayWindow w(size);
            const uint64_t top = 10 * uint64_t(size) + 3;
            Receive(w, static_cast<uint32_t>(top));
            // Every number that shares a bitmap slot with an unseen number of the window.
            for (uint64_t old = top - size; old + 4 * uint64_t(size) + 64 > top && old > 0; --old)
            {
                w.Accept(old);
            }
            NS_TEST_ASSERT_MSG_EQ(w.GetTop(), top, "old numbers do not move the window");
            uint32_t wrong = 0;
            uint64_t first = 0;
            for (uint64_t s = top - size + 1; s < top; ++s)
            {
                uint64_t full = 0;
                if (w.Check(static_cast<uint32_t>(s), full) != AntiReplayWindow::NEW)
                {
                    first = wrong++ == 0 ? s : first;
                }
            }
            NS_TEST_ASSERT_MSG_EQ(wrong,
                                  0,
                                  "size " << size << ": numbers never received refused, first "
                                          << first << " (window " << top - size + 1 << "-" << top
                                          << ")");
        }
    }
};

/// Anti-replay window suite.
class AntiReplayWindowTestSuite : public TestSuite
{
  public:
    AntiReplayWindowTestSuite()
        : TestSuite("ipsec-anti-replay-window", ipsectest::UNIT)
    {
        AddTestCase(new WindowBasicsTestCase, ipsectest::QUICK);
        AddTestCase(new WindowOrderTestCase, ipsectest::QUICK);
        AddTestCase(new WindowEsnTestCase, ipsectest::QUICK);
        AddTestCase(new WindowInOrderTestCase, ipsectest::QUICK);
        AddTestCase(new WindowModelTestCase, ipsectest::QUICK);
        AddTestCase(new WindowEsnPropertyTestCase, ipsectest::QUICK);
        AddTestCase(new WindowAcceptOutsideTestCase, ipsectest::QUICK);
    }
};

/// Static instance.
static AntiReplayWindowTestSuite g_antiReplayWindowTestSuite;
