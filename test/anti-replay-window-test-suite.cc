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
    }
};

/// Static instance.
static AntiReplayWindowTestSuite g_antiReplayWindowTestSuite;
