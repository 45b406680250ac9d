/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The `ns3ipsec._ns3ipsec` extension: one module; the package's __init__.py re-exports it.

#include "ns3-python.h"

#include "ns3/application.h"
#include "ns3/ipsec-crypto-engine.h"
#include "ns3/ipsec-key-engine.h"
#include "ns3/ipsec-layer.h"
#include "ns3/ipsec-policy-logger.h"
#include "ns3/ipsec-udp-encapsulation.h"
#include "ns3/ipv4-napt.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/ipv6.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/packet-sink.h"
#include "ns3/pfkey-socket-factory.h"
#include "ns3/pfkey-socket.h"
#include "ns3/random-variable-stream.h"
#include "ns3/security-association-database.h"
#include "ns3/security-policy-database.h"
#include "ns3/socket.h"
#include "ns3/udp-echo-client.h"
#include "ns3/udp-server.h"

namespace
{
/// Every bound ns3::Object subclass, so that objects reach Python as the closest of them.
void
RegisterObjectTypes()
{
    using namespace ns3;
    using python::RegisterObjectType;
    RegisterObjectType<Object>();
    RegisterObjectType<Node>();
    RegisterObjectType<NetDevice>();
    RegisterObjectType<Ipv4>();
    RegisterObjectType<Ipv6>();
    RegisterObjectType<Ipv4StaticRouting>();
    RegisterObjectType<Ipv6StaticRouting>();
    RegisterObjectType<Socket>();
    RegisterObjectType<Application>();
    RegisterObjectType<UdpEchoClient>();
    RegisterObjectType<PacketSink>();
    RegisterObjectType<UdpServer>();
    RegisterObjectType<IpsecLayer>();
    RegisterObjectType<SecurityPolicyDatabase>();
    RegisterObjectType<SecurityAssociationDatabase>();
    RegisterObjectType<IpsecUdpEncapsulation>();
    RegisterObjectType<IpsecCryptoEngine>();
    RegisterObjectType<IpsecPolicyLogger>();
    RegisterObjectType<Ipv4Napt>();
    RegisterObjectType<RandomVariableStream>();
    RegisterObjectType<UniformRandomVariable>();
    RegisterObjectType<ExponentialRandomVariable>();
    RegisterObjectType<ConstantRandomVariable>();
    RegisterObjectType<PfKeySocket>();
    RegisterObjectType<PfKeySocketFactory>();
    RegisterObjectType<IpsecKeyEngine>();
}
} // namespace

PYBIND11_MODULE(_ns3ipsec, m)
{
    m.doc() = "ns-3 with the ipsec module: build and run whole IPsec scenarios from Python";
    ns3::python::BindCallbacks(m);
    ns3::python::BindCore(m);
    ns3::python::BindNetwork(m);
    ns3::python::BindInternet(m);
    ns3::python::BindLinks(m);
    ns3::python::BindApplications(m);
    ns3::python::BindSockets(m);
    ns3::python::BindTraces(m);
    ns3::python::BindRandom(m);
    ns3::python::BindIpsec(m);
    RegisterObjectTypes();
}
