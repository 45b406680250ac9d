/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-processing-stack.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecProcessingStack");

std::vector<IpsecProcessingStack::Entry>&
IpsecProcessingStack::Frames()
{
    // Reserved once, so the pushes of ordinary call depths never allocate.
    static std::vector<Entry> frames = [] {
        std::vector<Entry> v;
        v.reserve(RESERVED_FRAMES);
        return v;
    }();
    return frames;
}

IpsecProcessingStack::Frame::Frame(const char* name, Origin origin)
{
    NS_ASSERT_MSG(name != nullptr, "a frame needs a name");
    Frames().push_back(Entry{name, origin});
}

IpsecProcessingStack::Frame::~Frame()
{
    // Frames are scope-bound and cannot be moved or heap-allocated, so they always leave in
    // the reverse order of their arrival; an empty stack here would be a bug in this class.
    NS_ASSERT(!Frames().empty());
    Frames().pop_back();
}

std::vector<std::string>
IpsecProcessingStack::Snapshot(uint32_t depth)
{
    const std::vector<Entry>& frames = Frames();
    const std::size_t n = std::min<std::size_t>(depth, frames.size());
    std::vector<std::string> out;
    out.reserve(n);
    for (auto it = frames.rbegin(); it != frames.rbegin() + n; ++it)
    {
        const char* module = it->origin == Origin::CALLER ? "ns3`" : "ipsec`";
        std::string frame;
        frame.reserve(std::strlen(module) + std::strlen(it->name));
        frame.append(module).append(it->name);
        out.push_back(std::move(frame));
    }
    NS_LOG_LOGIC("snapshot of " << n << " of " << frames.size() << " frames");
    return out;
}

std::size_t
IpsecProcessingStack::GetDepth()
{
    return Frames().size();
}

} // namespace ns3
