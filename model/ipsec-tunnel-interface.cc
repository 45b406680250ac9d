/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-tunnel-interface.h"

#include "ipsec-layer.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecTunnelInterface");

NS_OBJECT_ENSURE_REGISTERED(IpsecTunnelInterface);

TypeId
IpsecTunnelInterface::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecTunnelInterface")
                            .SetParent<Object>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecTunnelInterface>();
    return tid;
}

IpsecTunnelInterface::IpsecTunnelInterface()
    : m_spd(CreateObject<SecurityPolicyDatabase>())
{
}

void
IpsecTunnelInterface::DoDispose()
{
    m_layer = nullptr;
    if (m_device)
    {
        m_device->SetSendCallback(VirtualNetDevice::SendCallback());
    }
    m_device = nullptr;
    m_spd = nullptr;
    Object::DoDispose();
}

void
IpsecTunnelInterface::Setup(Ptr<IpsecLayer> layer,
                            Ptr<VirtualNetDevice> device,
                            IpsecAddress local,
                            IpsecAddress remote)
{
    m_layer = layer;
    m_device = device;
    m_local = local;
    m_remote = remote;
    m_device->SetSendCallback(MakeCallback(&IpsecTunnelInterface::DeviceSend, this));
}

Ptr<VirtualNetDevice>
IpsecTunnelInterface::GetDevice() const
{
    return m_device;
}

IpsecAddress
IpsecTunnelInterface::GetLocalEndpoint() const
{
    return m_local;
}

IpsecAddress
IpsecTunnelInterface::GetRemoteEndpoint() const
{
    return m_remote;
}

Ptr<SecurityPolicyDatabase>
IpsecTunnelInterface::GetSpd() const
{
    return m_spd;
}

std::string
IpsecTunnelInterface::AddPolicy(const IpsecTrafficSelector& selector,
                                IpsecAction action,
                                IpsecEncryption encryption,
                                IpsecIntegrity integrity)
{
    if (action == IpsecAction::BYPASS)
    {
        return "a tunnel interface protects what it carries: bypass entries are refused";
    }
    auto policy = Create<IpsecPolicy>(selector, action);
    policy->SetProtection(IpsecProtocol::ESP, IpsecMode::TUNNEL, encryption, integrity)
        .SetTunnelEndpoints(m_local, m_remote);
    return m_spd->Add(policy);
}

bool
IpsecTunnelInterface::DeviceSend(Ptr<Packet> packet, const Address&, const Address&, uint16_t)
{
    return m_layer && m_layer->SendThroughTunnel(this, packet);
}

} // namespace ns3
