/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-ipv6-forwarding-hook.h"

#include "ipsec-layer.h"

#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-list-routing.h"
#include "ns3/ipv6-routing-table-entry.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/log.h"
#include "ns3/output-stream-wrapper.h"

#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecIpv6ForwardingHook");

NS_OBJECT_ENSURE_REGISTERED(IpsecIpv6ForwardingHook);

namespace
{
/// Whether @p table already holds a unicast route equal to @p route.
bool
HasRoute(const Ptr<Ipv6StaticRouting>& table, const Ipv6RoutingTableEntry& route)
{
    for (uint32_t i = 0; i < table->GetNRoutes(); ++i)
    {
        const Ipv6RoutingTableEntry r = table->GetRoute(i);
        if (r.GetDest() == route.GetDest() &&
            r.GetDestNetworkPrefix() == route.GetDestNetworkPrefix() &&
            r.GetGateway() == route.GetGateway() && r.GetInterface() == route.GetInterface())
        {
            return true;
        }
    }
    return false;
}
} // namespace

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

bool
IpsecIpv6ForwardingHook::Install(Ptr<Ipv6L3Protocol> ipv6, Ptr<IpsecLayer> layer)
{
    Ptr<Ipv6RoutingProtocol> current = ipv6->GetRoutingProtocol();
    Ptr<Ipv6ListRouting> list = DynamicCast<Ipv6ListRouting>(current);
    if (!list)
    {
        Ptr<Ipv6StaticRouting> old = DynamicCast<Ipv6StaticRouting>(current);
        if (!old)
        {
            return false;
        }
        // A routing protocol learns its stack once (SetIpv6), so the old table cannot move
        // into a list; a new one does, learns the connected routes, and gets the others.
        list = CreateObject<Ipv6ListRouting>();
        Ptr<Ipv6StaticRouting> table = CreateObject<Ipv6StaticRouting>();
        list->AddRoutingProtocol(table, 0);
        ipv6->SetRoutingProtocol(list);
        for (uint32_t i = 0; i < old->GetNRoutes(); ++i)
        {
            const Ipv6RoutingTableEntry route = old->GetRoute(i);
            if (!HasRoute(table, route))
            {
                table->AddNetworkRouteTo(route.GetDest(),
                                         route.GetDestNetworkPrefix(),
                                         route.GetGateway(),
                                         route.GetInterface(),
                                         route.GetPrefixToUse(),
                                         old->GetMetric(i));
            }
        }
        for (uint32_t i = 0; i < old->GetNMulticastRoutes(); ++i)
        {
            const Ipv6MulticastRoutingTableEntry route = old->GetMulticastRoute(i);
            table->AddMulticastRoute(route.GetOrigin(),
                                     route.GetGroup(),
                                     route.GetInputInterface(),
                                     route.GetOutputInterfaces());
        }
        NS_LOG_INFO("IPv6 static routing moved into a list to put IPsec's hook first");
    }
    list->AddRoutingProtocol(CreateObject<IpsecIpv6ForwardingHook>(layer),
                             std::numeric_limits<int16_t>::max());
    return true;
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
