/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "esp-l4-protocol.h"

#include "ipsec-layer.h"

#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-interface.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EspL4Protocol");

NS_OBJECT_ENSURE_REGISTERED(EspL4Protocol);

TypeId
EspL4Protocol::GetTypeId()
{
    static TypeId tid = TypeId("ns3::EspL4Protocol")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<EspL4Protocol>();
    return tid;
}

EspL4Protocol::EspL4Protocol() = default;

EspL4Protocol::EspL4Protocol(Ptr<IpsecLayer> layer)
    : m_layer(layer)
{
}

void
EspL4Protocol::DoDispose()
{
    m_layer = nullptr;
    IpL4Protocol::DoDispose();
}

int
EspL4Protocol::GetProtocolNumber() const
{
    return PROT_NUMBER;
}

IpL4Protocol::RxStatus
EspL4Protocol::Receive(Ptr<Packet> p,
                       const Ipv4Header& header,
                       Ptr<Ipv4Interface> incomingInterface)
{
    if (m_layer)
    {
        m_layer->ReceiveEsp(p, header, incomingInterface);
    }
    // Failures are the layer's drops; ESP never answers with ICMP.
    return IpL4Protocol::RX_OK;
}

IpL4Protocol::RxStatus
EspL4Protocol::Receive(Ptr<Packet>, const Ipv6Header&, Ptr<Ipv6Interface>)
{
    NS_LOG_WARN("ESP over IPv6 is not handled yet; packet ignored");
    return IpL4Protocol::RX_OK;
}

void
EspL4Protocol::SetDownTarget(IpL4Protocol::DownTargetCallback cb)
{
    m_down = cb;
}

void
EspL4Protocol::SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb)
{
    m_down6 = cb;
}

IpL4Protocol::DownTargetCallback
EspL4Protocol::GetDownTarget() const
{
    return m_down;
}

IpL4Protocol::DownTargetCallback6
EspL4Protocol::GetDownTarget6() const
{
    return m_down6;
}

} // namespace ns3
