/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-inbound-protocol.h"

#include "ipsec-layer.h"

#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-interface.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecInboundProtocol");

NS_OBJECT_ENSURE_REGISTERED(IpsecInboundProtocol);

TypeId
IpsecInboundProtocol::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecInboundProtocol")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecInboundProtocol>();
    return tid;
}

IpsecInboundProtocol::IpsecInboundProtocol()
    : m_protocol(IpsecProtocol::ESP)
{
}

IpsecInboundProtocol::IpsecInboundProtocol(Ptr<IpsecLayer> layer, IpsecProtocol protocol)
    : m_layer(layer),
      m_protocol(protocol)
{
}

void
IpsecInboundProtocol::DoDispose()
{
    m_layer = nullptr;
    IpL4Protocol::DoDispose();
}

int
IpsecInboundProtocol::GetProtocolNumber() const
{
    return static_cast<int>(m_protocol);
}

IpL4Protocol::RxStatus
IpsecInboundProtocol::Receive(Ptr<Packet> p,
                              const Ipv4Header& header,
                              Ptr<Ipv4Interface> incomingInterface)
{
    if (m_layer)
    {
        m_layer->Receive(m_protocol, p, IpsecIpHeader(header), incomingInterface->GetDevice());
    }
    // Failures are the layer's drops; ESP and AH never answer with ICMP.
    return IpL4Protocol::RX_OK;
}

IpL4Protocol::RxStatus
IpsecInboundProtocol::Receive(Ptr<Packet> p,
                              const Ipv6Header& header,
                              Ptr<Ipv6Interface> incomingInterface)
{
    if (m_layer)
    {
        m_layer->Receive(m_protocol, p, IpsecIpHeader(header), incomingInterface->GetDevice());
    }
    return IpL4Protocol::RX_OK;
}

void
IpsecInboundProtocol::SetDownTarget(IpL4Protocol::DownTargetCallback cb)
{
    m_down = cb;
}

void
IpsecInboundProtocol::SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb)
{
    m_down6 = cb;
}

IpL4Protocol::DownTargetCallback
IpsecInboundProtocol::GetDownTarget() const
{
    return m_down;
}

IpL4Protocol::DownTargetCallback6
IpsecInboundProtocol::GetDownTarget6() const
{
    return m_down6;
}

} // namespace ns3
