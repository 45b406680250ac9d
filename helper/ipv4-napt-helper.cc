/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipv4-napt-helper.h"

#include "ns3/ipsec-error.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node-container.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ipv4NaptHelper");

Ipv4NaptHelper::Ipv4NaptHelper()
{
    m_factory.SetTypeId(Ipv4Napt::GetTypeId());
}

void
Ipv4NaptHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<Ipv4Napt>
Ipv4NaptHelper::Install(Ptr<Node> node,
                        uint32_t outsideInterface,
                        const std::vector<uint32_t>& insideInterfaces) const
{
    IPSEC_THROW_UNLESS(node, "Ipv4NaptHelper::Install: no node");
    const uint32_t id = node->GetId();
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    IPSEC_THROW_UNLESS(ipv4, "Ipv4NaptHelper::Install: node " << id << " has no IPv4 stack");
    IPSEC_THROW_IF(GetNapt(node), "Ipv4NaptHelper::Install: node " << id << " already has a NAT");
    const uint32_t n = ipv4->GetNInterfaces();
    IPSEC_THROW_UNLESS(outsideInterface < n && outsideInterface != 0,
                       "Ipv4NaptHelper::Install: node " << id << " has no outside interface "
                                                        << outsideInterface << " (interfaces 1.."
                                                        << n - 1 << "; 0 is the loopback)");
    IPSEC_THROW_UNLESS(ipv4->GetNAddresses(outsideInterface) > 0,
                       "Ipv4NaptHelper::Install: outside interface "
                           << outsideInterface << " of node " << id
                           << " has no address (the public address is its first one)");
    IPSEC_THROW_IF(insideInterfaces.empty(), "Ipv4NaptHelper::Install: no inside interface");
    for (uint32_t inside : insideInterfaces)
    {
        IPSEC_THROW_UNLESS(inside < n && inside != 0,
                           "Ipv4NaptHelper::Install: node " << id << " has no inside interface "
                                                            << inside);
        IPSEC_THROW_IF(inside == outsideInterface,
                       "Ipv4NaptHelper::Install: interface "
                           << inside << " cannot be both outside and inside");
    }
    Ptr<Ipv4Napt> napt = m_factory.Create<Ipv4Napt>();
    UintegerValue min;
    UintegerValue max;
    napt->GetAttribute("PortRangeMin", min);
    napt->GetAttribute("PortRangeMax", max);
    IPSEC_THROW_IF(min.Get() > max.Get(),
                   "Ipv4NaptHelper::Install: inverted port range PortRangeMin="
                       << min.Get() << " > PortRangeMax=" << max.Get());
    Ptr<Ipv4RoutingProtocol> inner = ipv4->GetRoutingProtocol();
    IPSEC_THROW_UNLESS(inner, "Ipv4NaptHelper::Install: node " << id << " has no routing");
    napt->SetInnerRoutingProtocol(inner);
    napt->SetInterfaces(outsideInterface, insideInterfaces);
    ipv4->SetRoutingProtocol(napt); // calls napt->SetIpv4(ipv4), which only stores it
    node->AggregateObject(napt);
    return napt;
}

Ptr<Ipv4Napt>
Ipv4NaptHelper::Install(Ptr<NetDevice> outside, const std::vector<Ptr<NetDevice>>& inside) const
{
    IPSEC_THROW_UNLESS(outside, "Ipv4NaptHelper::Install: no outside device");
    Ptr<Node> node = outside->GetNode();
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    IPSEC_THROW_UNLESS(ipv4, "Ipv4NaptHelper::Install: node " << node->GetId() << " has no IPv4");
    auto indexOf = [&](Ptr<NetDevice> device) {
        IPSEC_THROW_UNLESS(device && device->GetNode() == node,
                           "Ipv4NaptHelper::Install: a device is not on node " << node->GetId());
        const int32_t i = ipv4->GetInterfaceForDevice(device);
        IPSEC_THROW_IF(i < 0,
                       "Ipv4NaptHelper::Install: device " << device->GetIfIndex()
                                                          << " has no IPv4 interface");
        return static_cast<uint32_t>(i);
    };
    std::vector<uint32_t> insideIndices;
    for (const auto& device : inside)
    {
        insideIndices.push_back(indexOf(device));
    }
    return Install(node, indexOf(outside), insideIndices);
}

bool
Ipv4NaptHelper::AddPortForward(Ptr<Ipv4Napt> napt,
                               uint8_t protocol,
                               uint16_t externalPort,
                               Ipv4Address internalAddress,
                               uint16_t internalPort,
                               std::string* error)
{
    if (!napt)
    {
        if (error)
        {
            *error = "port forward: no NAT";
        }
        return false;
    }
    return napt->AddPortForward(protocol, externalPort, internalAddress, internalPort, error);
}

int64_t
Ipv4NaptHelper::AssignStreams(NodeContainer nodes, int64_t stream)
{
    int64_t used = 0;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if (Ptr<Ipv4Napt> napt = GetNapt(*it))
        {
            used += napt->AssignStreams(stream + used);
        }
    }
    return used;
}

Ptr<Ipv4Napt>
Ipv4NaptHelper::GetNapt(Ptr<Node> node)
{
    return node ? node->GetObject<Ipv4Napt>() : nullptr;
}

} // namespace ns3
