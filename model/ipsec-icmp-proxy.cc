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
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecIcmpProxy>();
    return tid;
}

IpsecIcmpProxy::IpsecIcmpProxy() = default;

IpsecIcmpProxy::IpsecIcmpProxy(Ptr<IpL4Protocol> real,
                               Ptr<IpsecLayer> layer,
                               IpsecAcceptClear& rules)
    : m_real(real),
      m_layer(layer),
      m_rules(&rules)
{
}

void
IpsecIcmpProxy::DoDispose()
{
    m_real = nullptr;
    m_layer = nullptr;
    m_rules = nullptr;
    IpL4Protocol::DoDispose();
}

int
IpsecIcmpProxy::GetProtocolNumber() const
{
    return m_real->GetProtocolNumber();
}

IpL4Protocol::RxStatus
IpsecIcmpProxy::Receive(Ptr<Packet> p,
                        const Ipv4Header& header,
                        Ptr<Ipv4Interface> incomingInterface)
{
    if (!m_rules || m_rules->IsProtectedDelivery(p))
    {
        // Decrypted by the layer, whose policy check it passed; the layer noted the request.
        return m_real->Receive(p, header, incomingInterface);
    }
    if (!m_rules->AcceptIcmp(p, IpsecIpHeader(header)))
    {
        return IpL4Protocol::RX_OK; // dropped by policy; RX_OK: no ICMP about ICMP
    }
    // The reply to a cleartext echo request goes out in the clear (icmp-accept-clear).
    const IpsecAcceptClear::Scope clear(*m_rules, p, IpsecIpHeader(header), nullptr);
    return m_real->Receive(p, header, incomingInterface);
}

IpL4Protocol::RxStatus
IpsecIcmpProxy::Receive(Ptr<Packet> p,
                        const Ipv6Header& header,
                        Ptr<Ipv6Interface> incomingInterface)
{
    return m_real->Receive(p, header, incomingInterface); // ICMP over IPv6: not registered there
}

void
IpsecIcmpProxy::ReceiveIcmp(Ipv4Address icmpSource,
                            uint8_t icmpTtl,
                            uint8_t icmpType,
                            uint8_t icmpCode,
                            uint32_t icmpInfo,
                            Ipv4Address payloadSource,
                            Ipv4Address payloadDestination,
                            const uint8_t payload[8])
{
    m_real->ReceiveIcmp(icmpSource,
                        icmpTtl,
                        icmpType,
                        icmpCode,
                        icmpInfo,
                        payloadSource,
                        payloadDestination,
                        payload);
}

void
IpsecIcmpProxy::SetDownTarget(IpL4Protocol::DownTargetCallback)
{
    // ICMP's down target belongs to the IPsec layer; nobody may replace it through the proxy.
    NS_LOG_WARN("ignoring SetDownTarget on the IPsec ICMP proxy");
}

void
IpsecIcmpProxy::SetDownTarget6(IpL4Protocol::DownTargetCallback6)
{
    NS_LOG_WARN("ignoring SetDownTarget6 on the IPsec ICMP proxy");
}

IpL4Protocol::DownTargetCallback
IpsecIcmpProxy::GetDownTarget() const
{
    return m_real->GetDownTarget();
}

IpL4Protocol::DownTargetCallback6
IpsecIcmpProxy::GetDownTarget6() const
{
    return m_real->GetDownTarget6();
}

} // namespace ns3
