/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_PROCESSING_STACK_H
#define IPSEC_PROCESSING_STACK_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The simulated kernel stack back trace: which processing steps of the IPsec layer (and
 * which ns-3 callers above them) are running when a packet is dropped, for the policy logger's
 * `stack` log level.
 *
 * The layer marks each step with a scope-bound Frame:
 * @code
 *   IpsecProcessingStack::Frame caller("Ipv4L3Protocol::LocalDeliver",
 *                                      IpsecProcessingStack::Origin::CALLER);
 *   IpsecProcessingStack::Frame frame("ipsec_layer::AcceptClear");
 * @endcode
 * and the drop path takes a Snapshot().
 *
 * There is one stack for the whole process (static storage): ns-3 runs one event at a time on
 * one thread, so at any instant only one chain of calls is in progress. Because a Frame lives
 * exactly as long as the C++ scope that declares it, every frame an event pushed is popped
 * before that event returns to the scheduler; an event scheduled later therefore starts with
 * the stack empty apart from what it pushes itself. Frames cannot be created on the heap (that
 * would let one outlive its scope and leak into later events).
 */
class IpsecProcessingStack
{
  public:
    /** Who a frame stands for; shown as a module prefix, as a kernel back trace would. */
    enum class Origin : uint8_t
    {
        IPSEC,  //!< A processing step of the IPsec module itself (printed "ipsec`name")
        CALLER, //!< The ns-3 function that called into the module (printed "ns3`name")
    };

    /**
     * @brief A processing step, on the stack for as long as it is in scope. Costs one vector
     * push and one pop: the name is not copied, so it must outlive the frame (a string literal).
     */
    class Frame
    {
      public:
        /**
         * @brief Push a frame.
         * @param name the step, e.g. "ipsec_layer::AcceptClear"; not copied
         * @param origin whether the step is the module's own or its ns-3 caller's
         */
        explicit Frame(const char* name, Origin origin = Origin::IPSEC);
        /** Pop the frame. */
        ~Frame();

        Frame(const Frame&) = delete;
        Frame& operator=(const Frame&) = delete;
        Frame(Frame&&) = delete;
        Frame& operator=(Frame&&) = delete;

        /**
         * @brief Not available: a frame on the heap could outlive its scope.
         * @param size unused
         * @return never
         */
        static void* operator new(std::size_t size) = delete;
        /**
         * @brief Not available: a frame on the heap could outlive its scope.
         * @param size unused
         * @return never
         */
        static void* operator new[](std::size_t size) = delete;
    };

    /** Frames to keep without reallocating; deeper stacks still work. */
    static constexpr std::size_t RESERVED_FRAMES = 64;

    /**
     * @brief The current frames, innermost first, each as "module`name" (module "ipsec" or
     * "ns3", see Origin).
     * @param depth at most this many frames (the innermost ones)
     * @return the frames
     */
    static std::vector<std::string> Snapshot(uint32_t depth);

    /** @return the number of frames on the stack */
    static std::size_t GetDepth();

  private:
    /** One entry: the name as given and its origin. */
    struct Entry
    {
        const char* name; //!< Step name (not owned)
        Origin origin;    //!< Module or caller
    };

    /**
     * @return the process-wide stack; a function-local static, so it exists before any frame
     * is pushed whatever the order of static initialisation
     */
    static std::vector<Entry>& Frames();
};

} // namespace ns3

#endif /* IPSEC_PROCESSING_STACK_H */
