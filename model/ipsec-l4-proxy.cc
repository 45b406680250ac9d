/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-l4-proxy.h"

#include "ipsec-layer.h"

#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-interface.h"
#include "ns3/log.h"

namespace ns3
{

namespace
{
constexpr int UDP_PROTOCOL = 17;
} // namespace

NS_LOG_COMPONENT_DEFINE("IpsecL4Proxy");

NS_OBJECT_ENSURE_REGISTERED(IpsecL4Proxy);

TypeId
IpsecL4Proxy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecL4Proxy")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecL4Proxy>();
    return tid;
}

IpsecL4Proxy::IpsecL4Proxy() = default;

IpsecL4Proxy::IpsecL4Proxy(Ptr<IpL4Protocol> real, Ptr<IpsecLayer> layer)
    : m_real(real),
      m_layer(layer)
{
}

void
IpsecL4Proxy::DoDispose()
{
    m_real = nullptr;
    m_layer = nullptr;
    IpL4Protocol::DoDispose();
}

Ptr<IpL4Protocol>
IpsecL4Proxy::GetReal() const
{
    return m_real;
}

int
IpsecL4Proxy::GetProtocolNumber() const
{
    return m_real->GetProtocolNumber();
}

IpL4Protocol::RxStatus
IpsecL4Proxy::Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incomingInterface)
{
    if (m_real->GetProtocolNumber() == UDP_PROTOCOL &&
        m_layer->ReceiveUdp(p, IpsecIpHeader(header), incomingInterface->GetDevice()))
    {
        return IpL4Protocol::RX_OK; // ESP in UDP, or a NAT keepalive (RFC 3948)
    }
    if (!m_layer->AcceptClear(p, IpsecIpHeader(header)))
    {
        // Dropped by policy; RX_OK keeps Ipv4L3Protocol from answering with ICMP.
        return IpL4Protocol::RX_OK;
    }
    return m_real->Receive(p, header, incomingInterface);
}

IpL4Protocol::RxStatus
IpsecL4Proxy::Receive(Ptr<Packet> p, const Ipv6Header& header, Ptr<Ipv6Interface> incomingInterface)
{
    if (m_real->GetProtocolNumber() == UDP_PROTOCOL &&
        m_layer->ReceiveUdp(p, IpsecIpHeader(header), incomingInterface->GetDevice()))
    {
        return IpL4Protocol::RX_OK;
    }
    if (!m_layer->AcceptClear(p, IpsecIpHeader(header)))
    {
        return IpL4Protocol::RX_OK;
    }
    return m_real->Receive(p, header, incomingInterface);
}

void
IpsecL4Proxy::ReceiveIcmp(Ipv4Address icmpSource,
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
IpsecL4Proxy::ReceiveIcmp(Ipv6Address icmpSource,
                          uint8_t icmpTtl,
                          uint8_t icmpType,
                          uint8_t icmpCode,
                          uint32_t icmpInfo,
                          Ipv6Address payloadSource,
                          Ipv6Address payloadDestination,
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
IpsecL4Proxy::SetDownTarget(IpL4Protocol::DownTargetCallback)
{
    // The real protocol's down target belongs to the IPsec layer; nobody may replace it
    // through the proxy.
    NS_LOG_WARN("ignoring SetDownTarget on the IPsec proxy");
}

void
IpsecL4Proxy::SetDownTarget6(IpL4Protocol::DownTargetCallback6)
{
    NS_LOG_WARN("ignoring SetDownTarget6 on the IPsec proxy");
}

IpL4Protocol::DownTargetCallback
IpsecL4Proxy::GetDownTarget() const
{
    return m_real->GetDownTarget();
}

IpL4Protocol::DownTargetCallback6
IpsecL4Proxy::GetDownTarget6() const
{
    return m_real->GetDownTarget6();
}

} // namespace ns3
