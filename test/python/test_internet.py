# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Internet stack: IPv4 static and global routing, IPv6 addressing, IP traces and drops."""

import pytest

import ns3ipsec as ns


def chain_of_three():
    """n0 -- n1 -- n2 on two point-to-point links, 10.1.1.0/24 and 10.1.2.0/24."""
    nodes = ns.NodeContainer(3)
    p2p = ns.PointToPointHelper()
    left = p2p.Install(nodes[0], nodes[1])
    right = p2p.Install(nodes[1], nodes[2])
    ns.InternetStackHelper().Install(nodes)
    addresses = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0")
    a = addresses.Assign(left)
    addresses.NewNetwork()
    b = addresses.Assign(right)
    return nodes, a, b


def echo(nodes, source, destination, address, packets=2):
    ns.UdpEchoServerHelper(9).Install(nodes[destination])
    client = ns.UdpEchoClientHelper(address, 9)
    client.SetAttribute("MaxPackets", packets)
    apps = client.Install(nodes[source])
    apps.Start(ns.Seconds(1))
    echoes = []
    apps[0].TraceConnectWithoutContext("Rx", lambda p: echoes.append(p.GetSize()))
    return echoes


def test_static_routes_across_three_nodes():
    nodes, a, b = chain_of_three()
    assert str(b.GetAddress(1)) == "10.1.2.2"
    routing = ns.Ipv4StaticRoutingHelper()
    r0 = routing.GetStaticRouting(nodes[0].GetObject(ns.Ipv4))
    r0.AddNetworkRouteTo("10.1.2.0", "255.255.255.0", a.GetAddress(1), 1)
    r2 = routing.GetStaticRouting(nodes[2].GetObject(ns.Ipv4))
    r2.AddHostRouteTo(a.GetAddress(0), b.GetAddress(0), 1)
    assert r0.GetNRoutes() > 0
    echoes = echo(nodes, 0, 2, b.GetAddress(1), packets=3)
    ns.Simulator.Stop(ns.Seconds(5))
    ns.Simulator.Run()
    assert echoes == [100] * 3  # UdpEchoClient's default PacketSize


def test_default_route_and_no_route_drop_at_the_router():
    nodes, a, b = chain_of_three()
    routing = ns.Ipv4StaticRoutingHelper()
    routing.GetStaticRouting(nodes[0].GetObject(ns.Ipv4)).SetDefaultRoute(a.GetAddress(1), 1)
    drops = []
    router = nodes[1].GetObject(ns.Ipv4)
    assert isinstance(router, ns.Ipv4L3Protocol)
    router.TraceConnectWithoutContext(
        "Drop", lambda header, packet, reason, ipv4, interface: drops.append(
            (str(header.GetDestination()), reason, interface)))
    echoes = echo(nodes, 0, 2, "192.168.9.9", packets=2)
    ns.Simulator.Stop(ns.Seconds(5))
    ns.Simulator.Run()
    assert echoes == []
    assert drops == [("192.168.9.9", ns.Ipv4L3Protocol.DropReason.DROP_NO_ROUTE, 1)] * 2


def test_global_routing_and_ip_traces():
    nodes, a, b = chain_of_three()
    ns.Ipv4GlobalRoutingHelper.PopulateRoutingTables()
    forwarded, sent = [], []
    nodes[1].GetObject(ns.Ipv4).TraceConnectWithoutContext(
        "UnicastForward", lambda header, packet, interface: forwarded.append(header.GetTtl()))
    nodes[0].GetObject(ns.Ipv4).TraceConnectWithoutContext(
        "Tx", lambda packet, ipv4, interface: sent.append((packet.GetSize(), interface)))
    echoes = echo(nodes, 0, 2, b.GetAddress(1))
    ns.Simulator.Stop(ns.Seconds(5))
    ns.Simulator.Run()
    assert len(echoes) == 2
    assert len(forwarded) == 4  # two requests and two replies crossed the router
    assert (20 + 8 + 100, 1) in sent


def test_ipv4_object_calls():
    nodes, a, b = chain_of_three()
    router = nodes[1].GetObject(ns.Ipv4)
    assert router.GetNInterfaces() == 3
    assert router.GetInterfaceForDevice(nodes[1].GetDevice(0)) == 1
    assert router.GetInterfaceForAddress("10.1.2.1") == 2
    assert router.GetNAddresses(1) == 1 and router.IsUp(1)
    assert router.GetAddress(2, 0).GetLocal() == ns.Ipv4Address("10.1.2.1")
    assert router.GetAddress(2).GetMask().GetPrefixLength() == 24
    assert router.GetMtu(1) == 1500
    router.SetForwarding(1, False)
    assert not router.IsForwarding(1)
    router.AddAddress(1, ns.Ipv4InterfaceAddress("10.9.9.1", "255.255.255.0"))
    assert router.GetNAddresses(1) == 2
    with pytest.raises(IndexError, match="no interface 7"):
        router.SetForwarding(7, True)
    with pytest.raises(IndexError, match="has no address 3"):
        a.GetAddress(0, 3)
    ipv4, interface = a[1]
    assert ipv4.GetAddress(interface).GetLocal() == a.GetAddress(1)
    assert [i for _, i in b] == [2, 1]
    assert repr(a) == "<Ipv4InterfaceContainer 10.1.1.1 10.1.1.2>"


def test_ipv6_addressing_and_default_routes_through_a_router():
    nodes = ns.NodeContainer(3)
    csma = ns.CsmaHelper()
    left = csma.Install(ns.NodeContainer(nodes[0], nodes[1]))
    right = csma.Install(ns.NodeContainer(nodes[1], nodes[2]))
    ns.InternetStackHelper().Install(nodes)
    # Not 2001:db8::/32: ns-3 routers do not forward documentation addresses.
    helper = ns.Ipv6AddressHelper("fd00:1::", ns.Ipv6Prefix(64))
    i1 = helper.Assign(left)
    helper.SetBase("fd00:2::", ns.Ipv6Prefix(64))
    i2 = helper.Assign(right)
    i1.SetForwarding(1, True)
    i2.SetForwarding(0, True)
    i1.SetDefaultRouteInAllNodes(1)
    i2.SetDefaultRouteInAllNodes(0)
    # Addresses are autoconfigured from the MAC (EUI-64), as ns-3 does.
    assert str(i1.GetAddress(0, 1)) == "fd00:1::200:ff:fe00:1"
    assert i1.GetLinkLocalAddress(0).IsLinkLocal()
    assert i1.GetAddress(0, 0) == i1.GetLinkLocalAddress(0)
    router = nodes[1].GetObject(ns.Ipv6)
    assert isinstance(router, ns.Ipv6L3Protocol)
    assert router.IsForwarding(1) and router.GetNAddresses(1) == 2
    assert router.GetInterfaceForAddress(i2.GetAddress(0, 1)) == 2
    assert len(i1) == 2 and "fd00:2::200:ff:fe00:4>" in repr(i2)
    with pytest.raises(IndexError):
        i1.GetAddress(0, 5)
    forwarded = []
    router.TraceConnectWithoutContext(
        "UnicastForward", lambda header, packet, interface: forwarded.append(
            (str(header.GetDestination()), header.GetNextHeader())))
    echoes = echo(nodes, 0, 2, i2.GetAddress(1, 1))
    ns.Simulator.Stop(ns.Seconds(5))
    ns.Simulator.Run()
    assert echoes == [100, 100]
    assert (str(i2.GetAddress(1, 1)), 17) in forwarded


def test_address_types_and_conversions():
    assert ns.Ipv4Mask("/24") == ns.Ipv4Mask("255.255.255.0")
    assert ns.Ipv4Address("10.1.1.7").CombineMask("255.255.255.0") == ns.Ipv4Address("10.1.1.0")
    assert repr(ns.InetSocketAddress("10.0.0.1", 80)) == "InetSocketAddress('10.0.0.1', 80)"
    assert str(ns.Inet6SocketAddress("fd00::1", 443)) == "[fd00::1]:443"
    assert ns.Ipv6Prefix(48).GetPrefixLength() == 48
    assert ns.InetSocketAddress.IsMatchingType(ns.InetSocketAddress("10.0.0.1", 1))
    assert not ns.InetSocketAddress.IsMatchingType(ns.Inet6SocketAddress("fd00::1", 1))
    with pytest.raises(TypeError, match="not an IPv4 socket address"):
        ns.InetSocketAddress.ConvertFrom(ns.Ipv4Address("10.0.0.1"))
    assert {ns.Ipv4Address("10.0.0.1"), ns.Ipv4Address("10.0.0.1")} == {ns.Ipv4Address("10.0.0.1")}
