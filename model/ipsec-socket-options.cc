/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-socket-options.h"

#include "ipsec-layer.h"

#include "ns3/node.h"

#include <cerrno>

namespace ns3
{

namespace
{
/**
 * @param socket a socket
 * @return the IPsec layer of its node, or null
 */
Ptr<IpsecLayer>
LayerOf(Ptr<Socket> socket)
{
    Ptr<Node> node = socket ? socket->GetNode() : nullptr;
    return node ? node->GetObject<IpsecLayer>() : nullptr;
}

/// What the calls return on a node without an IPsec layer.
const char* const NO_LAYER = "the socket's node has no IPsec layer (IpsecHelper::Install)";
} // namespace

int
IpsecSocketOptions::SetSockOpt(Ptr<Socket> socket,
                               IpsecSocketOption option,
                               const IpsecSocketRequest& request,
                               std::string* error)
{
    Ptr<IpsecLayer> layer = LayerOf(socket);
    std::string why;
    const int result = layer ? layer->SetSocketOption(socket, option, request, why) : ENOPROTOOPT;
    if (error)
    {
        *error = layer ? why : NO_LAYER;
    }
    return result;
}

int
IpsecSocketOptions::GetSockOpt(Ptr<Socket> socket,
                               IpsecSocketOption option,
                               IpsecSocketRequest& request)
{
    Ptr<IpsecLayer> layer = LayerOf(socket);
    if (!layer)
    {
        return ENOPROTOOPT;
    }
    request = layer->GetSocketPolicy().Get(socket, option);
    return 0;
}

int
IpsecSocketOptions::SetPrivileged(Ptr<Socket> socket, bool privileged)
{
    Ptr<IpsecLayer> layer = LayerOf(socket);
    if (!layer)
    {
        return ENOPROTOOPT;
    }
    layer->GetSocketPolicy().SetPrivileged(socket, privileged);
    return 0;
}

uint32_t
IpsecSocketOptions::GetUniqueReqid(Ptr<Socket> socket, IpsecSocketOption option)
{
    Ptr<IpsecLayer> layer = LayerOf(socket);
    return layer ? layer->GetSocketPolicy().GetReqid(socket, option) : 0;
}

} // namespace ns3
