/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-forwarding-hook.h"

#include "ipsec-layer.h"

#include "ns3/output-stream-wrapper.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecForwardingHook);

TypeId
IpsecForwardingHook::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecForwardingHook")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecForwardingHook>();
    return tid;
}

IpsecForwardingHook::IpsecForwardingHook() = default;

IpsecForwardingHook::IpsecForwardingHook(Ptr<IpsecLayer> layer)
    : m_layer(layer)
{
}

void
IpsecForwardingHook::DoDispose()
{
    m_layer = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

Ptr<Ipv4Route>
IpsecForwardingHook::RouteOutput(Ptr<Packet>,
                                 const Ipv4Header&,
                                 Ptr<NetDevice>,
                                 Socket::SocketErrno& sockerr)
{
    sockerr = Socket::ERROR_NOROUTETOHOST; // never a route of its own: the next protocol's
    return nullptr;
}

#if IPSEC_NS3_MINOR >= 39
bool
IpsecForwardingHook::RouteInput(Ptr<const Packet> p,
                                const Ipv4Header& header,
                                Ptr<const NetDevice>,
                                const UnicastForwardCallback&,
                                const MulticastForwardCallback&,
                                const LocalDeliverCallback&,
                                const ErrorCallback&)
#else
bool
IpsecForwardingHook::RouteInput(Ptr<const Packet> p,
                                const Ipv4Header& header,
                                Ptr<const NetDevice>,
                                UnicastForwardCallback,
                                MulticastForwardCallback,
                                LocalDeliverCallback,
                                ErrorCallback)
#endif
{
    // Ipv4ListRouting hands a multicast packet to local delivery and then still offers it to
    // the routing protocols. This node is its receiver, not a gateway forwarding it: policy
    // was checked on delivery (or the group SA unprotected it), and judging it again as
    // forwarded traffic would count each datagram twice (cleartext-rejected, or
    // policy-discard under a discard default). Multicast routing, as for IPv6, goes on.
    if (header.GetDestination().IsMulticast())
    {
        return false;
    }
    return m_layer && m_layer->InterceptForward(p, IpsecIpHeader(header));
}

void
IpsecForwardingHook::NotifyInterfaceUp(uint32_t)
{
}

void
IpsecForwardingHook::NotifyInterfaceDown(uint32_t)
{
}

void
IpsecForwardingHook::NotifyAddAddress(uint32_t, Ipv4InterfaceAddress)
{
}

void
IpsecForwardingHook::NotifyRemoveAddress(uint32_t, Ipv4InterfaceAddress)
{
}

void
IpsecForwardingHook::SetIpv4(Ptr<Ipv4>)
{
}

void
IpsecForwardingHook::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit) const
{
    *stream->GetStream() << "IpsecForwardingHook: forwarded packets are offered to IPsec policy "
                            "first; no routes of its own\n";
}

} // namespace ns3
