/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ANTI_REPLAY_WINDOW_H
#define ANTI_REPLAY_WINDOW_H

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The receiver's sliding window of RFC 4303 section 3.4.3 and Appendix A.
 *
 * Processing is split in two as the RFC requires: Check() runs before the ICV is verified and
 * never changes state; Accept() runs only after the ICV verified. With extended sequence
 * numbers (ESN) Check() also infers the 32 high-order bits that the sender did not transmit
 * (Appendix A2.2); those bits take part in the ICV, so a wrong guess fails integrity.
 */
class AntiReplayWindow
{
  public:
    /** Outcome of Check(). */
    enum Verdict
    {
        NEW,       //!< Not seen and inside or right of the window
        DUPLICATE, //!< Inside the window and already received
        TOO_OLD,   //!< Left of the window (or sequence number 0 without ESN)
    };

    /**
     * @brief Construct.
     * @param size window size in packets (at least 1; any size, e.g. 64 or 4096)
     * @param esn whether extended (64-bit) sequence numbers are in use
     */
    explicit AntiReplayWindow(uint32_t size = 64, bool esn = false);

    /**
     * @brief Classify a received sequence number without changing state.
     * @param seqLow the 32 bits carried in the ESP/AH header
     * @param[out] seq the full 64-bit sequence number (high bits inferred with ESN)
     * @return the verdict
     */
    Verdict Check(uint32_t seqLow, uint64_t& seq) const;
    /**
     * @brief Record a sequence number whose ICV verified (one left of the window is ignored).
     * @param seq the full sequence number from Check()
     */
    void Accept(uint64_t seq);

    /** @return the window size */
    uint32_t GetSize() const;
    /** @return whether ESN is in use */
    bool IsEsn() const;
    /** @return the highest sequence number accepted so far (0 if none) */
    uint64_t GetTop() const;

  private:
    /**
     * @param seq a sequence number inside the window
     * @return whether its bit is set
     */
    bool IsMarked(uint64_t seq) const;
    /** @param seq a sequence number inside the window, to mark as received */
    void Mark(uint64_t seq);

    uint32_t m_size;                //!< Window size
    bool m_esn;                     //!< Extended sequence numbers
    uint64_t m_top;                 //!< Highest accepted sequence number
    std::vector<uint64_t> m_bitmap; //!< Bit (seq % size') is set when seq was received
};

} // namespace ns3

#endif /* ANTI_REPLAY_WINDOW_H */
