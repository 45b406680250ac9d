/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-multicast-control-handler.h"

#include "ipsec-accept-clear.h"
#include "ipsec-layer.h"

#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-interface.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecMulticastControlHandler");

NS_OBJECT_ENSURE_REGISTERED(IpsecMulticastControlHandler);

TypeId
IpsecMulticastControlHandler::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecMulticastControlHandler")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecMulticastControlHandler>();
    return tid;
}

IpsecMulticastControlHandler::IpsecMulticastControlHandler() = default;

IpsecMulticastControlHandler::IpsecMulticastControlHandler(uint8_t protocol,
                                                           Ptr<IpsecLayer> layer,
                                                           IpsecAcceptClear& rules)
    : m_protocol(protocol),
      m_layer(layer),
      m_rules(&rules)
{
}

void
IpsecMulticastControlHandler::DoDispose()
{
    m_layer = nullptr;
    m_rules = nullptr;
    IpL4Protocol::DoDispose();
}

int
IpsecMulticastControlHandler::GetProtocolNumber() const
{
    return m_protocol;
}

IpL4Protocol::RxStatus
IpsecMulticastControlHandler::Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface>)
{
    if (m_rules)
    {
        m_rules->ReceiveMulticastControl(p, IpsecIpHeader(header));
    }
    // RX_OK either way: a refused message gets no ICMP answer.
    return IpL4Protocol::RX_OK;
}

IpL4Protocol::RxStatus
IpsecMulticastControlHandler::Receive(Ptr<Packet> p, const Ipv6Header& header, Ptr<Ipv6Interface>)
{
    if (m_rules)
    {
        m_rules->ReceiveMulticastControl(p, IpsecIpHeader(header));
    }
    return IpL4Protocol::RX_OK;
}

void
IpsecMulticastControlHandler::SetDownTarget(IpL4Protocol::DownTargetCallback cb)
{
    m_down = cb;
}

void
IpsecMulticastControlHandler::SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb)
{
    m_down6 = cb;
}

IpL4Protocol::DownTargetCallback
IpsecMulticastControlHandler::GetDownTarget() const
{
    return m_down;
}

IpL4Protocol::DownTargetCallback6
IpsecMulticastControlHandler::GetDownTarget6() const
{
    return m_down6;
}

} // namespace ns3
