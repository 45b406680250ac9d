/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-ipv6-forwarding-hook.h"

#include "ipsec-layer.h"

#include "ns3/output-stream-wrapper.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecIpv6ForwardingHook);

TypeId
IpsecIpv6ForwardingHook::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecIpv6ForwardingHook")
                            .SetParent<Ipv6RoutingProtocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecIpv6ForwardingHook>();
    return tid;
}

IpsecIpv6ForwardingHook::IpsecIpv6ForwardingHook() = default;

IpsecIpv6ForwardingHook::IpsecIpv6ForwardingHook(Ptr<IpsecLayer> layer)
    : m_layer(layer)
{
}

void
IpsecIpv6ForwardingHook::DoDispose()
{
    m_layer = nullptr;
    Ipv6RoutingProtocol::DoDispose();
}

Ptr<Ipv6Route>
IpsecIpv6ForwardingHook::RouteOutput(Ptr<Packet>,
                                     const Ipv6Header&,
                                     Ptr<NetDevice>,
                                     Socket::SocketErrno& sockerr)
{
    sockerr = Socket::ERROR_NOROUTETOHOST; // never a route of its own: the next protocol's
    return nullptr;
}

#if IPSEC_NS3_MINOR >= 39
bool
IpsecIpv6ForwardingHook::RouteInput(Ptr<const Packet> p,
                                    const Ipv6Header& header,
                                    Ptr<const NetDevice>,
                                    const UnicastForwardCallback&,
                                    const MulticastForwardCallback&,
                                    const LocalDeliverCallback&,
                                    const ErrorCallback&)
#else
bool
IpsecIpv6ForwardingHook::RouteInput(Ptr<const Packet> p,
                                    const Ipv6Header& header,
                                    Ptr<const NetDevice>,
                                    UnicastForwardCallback,
                                    MulticastForwardCallback,
                                    LocalDeliverCallback,
                                    ErrorCallback)
#endif
{
    if (header.GetDestination().IsMulticast())
    {
        return false;
    }
    return m_layer && m_layer->InterceptForward(p, IpsecIpHeader(header));
}

void
IpsecIpv6ForwardingHook::NotifyInterfaceUp(uint32_t)
{
}

void
IpsecIpv6ForwardingHook::NotifyInterfaceDown(uint32_t)
{
}

void
IpsecIpv6ForwardingHook::NotifyAddAddress(uint32_t, Ipv6InterfaceAddress)
{
}

void
IpsecIpv6ForwardingHook::NotifyRemoveAddress(uint32_t, Ipv6InterfaceAddress)
{
}

void
IpsecIpv6ForwardingHook::NotifyAddRoute(Ipv6Address, Ipv6Prefix, Ipv6Address, uint32_t, Ipv6Address)
{
}

void
IpsecIpv6ForwardingHook::NotifyRemoveRoute(Ipv6Address,
                                           Ipv6Prefix,
                                           Ipv6Address,
                                           uint32_t,
                                           Ipv6Address)
{
}

void
IpsecIpv6ForwardingHook::SetIpv6(Ptr<Ipv6>)
{
}

void
IpsecIpv6ForwardingHook::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit) const
{
    *stream->GetStream() << "IpsecIpv6ForwardingHook: forwarded IPv6 packets are offered to "
                            "IPsec policy first; no routes of its own\n";
}

} // namespace ns3
