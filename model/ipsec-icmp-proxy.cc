/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-icmp-proxy.h"

#include "ipsec-accept-clear.h"
#include "ipsec-layer.h"

#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-interface.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecIcmpProxy");

NS_OBJECT_ENSURE_REGISTERED(IpsecIcmpProxy);

TypeId
IpsecIcmpProxy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecIcmpProxy")
                            .SetParent<IpsecL4Proxy>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecIcmpProxy>();
    return tid;
}

IpsecIcmpProxy::IpsecIcmpProxy() = default;

IpsecIcmpProxy::IpsecIcmpProxy(Ptr<IpL4Protocol> real,
                               Ptr<IpsecLayer> layer,
                               IpsecAcceptClear& rules)
    : IpsecL4Proxy(real, layer),
      m_rules(&rules)
{
}

void
IpsecIcmpProxy::DoDispose()
{
    m_rules = nullptr;
    IpsecL4Proxy::DoDispose();
}

IpL4Protocol::RxStatus
IpsecIcmpProxy::Receive(Ptr<Packet> p,
                        const Ipv4Header& header,
                        Ptr<Ipv4Interface> incomingInterface)
{
    if (!m_rules || m_rules->IsProtectedDelivery(p))
    {
        // Decrypted by the layer, whose policy check it passed; the layer noted the request.
        return GetReal()->Receive(p, header, incomingInterface);
    }
    if (!m_rules->AcceptIcmp(p, IpsecIpHeader(header)))
    {
        return IpL4Protocol::RX_OK; // dropped by policy; RX_OK: no ICMP about ICMP
    }
    // The reply to a cleartext echo request goes out in the clear (icmp-accept-clear).
    const IpsecAcceptClear::Scope clear(*m_rules, p, IpsecIpHeader(header), nullptr);
    return GetReal()->Receive(p, header, incomingInterface);
}

IpL4Protocol::RxStatus
IpsecIcmpProxy::Receive(Ptr<Packet> p,
                        const Ipv6Header& header,
                        Ptr<Ipv6Interface> incomingInterface)
{
    return GetReal()->Receive(p, header, incomingInterface); // ICMP over IPv6: not registered there
}

} // namespace ns3
