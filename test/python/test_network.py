# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""The ns-3 pieces: links, addressing, routing, applications, sockets, pcap, attributes."""

import pytest
from conftest import pcap_frames

import ns3ipsec as ns


def test_udp_echo_over_point_to_point_with_pcap(two_hosts, tmp_path):
    echoes = two_hosts.echo(packets=4, size=200)
    two_hosts.p2p.EnablePcapAll(str(tmp_path / "echo"))
    ns.Simulator.Stop(ns.Seconds(3))
    ns.Simulator.Run()
    assert echoes == [200] * 4
    ns.Simulator.Destroy()
    del two_hosts.devices, two_hosts.p2p, two_hosts.nodes
    import gc

    gc.collect()
    frames = pcap_frames(str(tmp_path / "echo-0-0.pcap"))
    # PPP + IPv4 + UDP: 4 requests and 4 echoes of 200 bytes of payload each.
    udp = [f for f in frames if f[:2] == b"\x00\x21" and f[2 + 9] == 17]
    assert len(udp) == 8
    assert all(len(f) == 2 + 20 + 8 + 200 for f in udp)


def test_sockets_deliver_bytes_and_sender(two_hosts):
    rx = ns.Socket.CreateSocket(two_hosts.nodes[1], ns.UdpSocketFactory.GetTypeId())
    assert rx.Bind(ns.InetSocketAddress(ns.Ipv4Address.GetAny(), 7000)) == 0
    got = []
    rx.SetRecvCallback(lambda s: got.append(s.RecvFrom()))
    tx = ns.Socket.CreateSocket(two_hosts.nodes[0], ns.UdpSocketFactory.GetTypeId())
    tx.Bind()
    target = ns.InetSocketAddress(two_hosts.b, 7000)
    ns.Simulator.Schedule(ns.Seconds(1), lambda: tx.SendTo(ns.Packet(b"hello ns-3"), 0, target))
    ns.Simulator.Run()
    assert len(got) == 1
    packet, sender = got[0]
    assert packet.ToBytes() == b"hello ns-3"
    assert sender.GetIpv4() == two_hosts.a and sender.GetPort() == tx.GetSockName().GetPort()


def test_tcp_bulk_send_reaches_sink(two_hosts):
    sink = ns.PacketSinkHelper("ns3::TcpSocketFactory",
                               ns.InetSocketAddress(ns.Ipv4Address.GetAny(), 5001))
    sinks = sink.Install(two_hosts.nodes[1])
    bulk = ns.BulkSendHelper("ns3::TcpSocketFactory", ns.InetSocketAddress(two_hosts.b, 5001))
    bulk.SetAttribute("MaxBytes", 50000)
    bulk.Install(two_hosts.nodes[0]).Start(ns.Seconds(1))
    ns.Simulator.Stop(ns.Seconds(5))
    ns.Simulator.Run()
    assert isinstance(sinks.Get(0), ns.PacketSink)
    assert sinks.Get(0).GetTotalRx() == 50000


def test_ipv6_csma_and_static_routes_across_a_router():
    nodes = ns.NodeContainer(3)
    csma = ns.CsmaHelper()
    left = csma.Install(ns.NodeContainer(nodes[0], nodes[1]))
    right = csma.Install(ns.NodeContainer(nodes[1], nodes[2]))
    stack = ns.InternetStackHelper()
    stack.SetIpv4StackInstall(False)
    stack.Install(nodes)
    a = ns.Ipv6AddressHelper(ns.Ipv6Address("fd00:1::"), ns.Ipv6Prefix(64)).Assign(left)
    b = ns.Ipv6AddressHelper(ns.Ipv6Address("fd00:2::"), ns.Ipv6Prefix(64)).Assign(right)
    router = nodes[1].GetObject(ns.Ipv6)
    assert isinstance(router, ns.Ipv6)
    router.SetAttribute("IpForward", True)
    routing = ns.Ipv6StaticRoutingHelper()
    routing.GetStaticRouting(nodes[0].GetObject(ns.Ipv6)).SetDefaultRoute(a.GetAddress(1, 1), 1)
    routing.GetStaticRouting(nodes[2].GetObject(ns.Ipv6)).SetDefaultRoute(b.GetAddress(0, 1), 1)
    ns.UdpEchoServerHelper(9).Install(nodes[2])
    client = ns.UdpEchoClientHelper(b.GetAddress(1, 1), 9)
    client.SetAttribute("MaxPackets", 2)
    apps = client.Install(nodes[0])
    apps.Start(ns.Seconds(1))
    echoes = []
    apps.Get(0).TraceConnectWithoutContext("Rx", echoes.append)
    ns.Simulator.Stop(ns.Seconds(5))
    ns.Simulator.Run()
    assert len(echoes) == 2


def test_config_paths_set_attributes_and_connect_with_context(two_hosts):
    ns.Config.Set("/NodeList/*/DeviceList/*/$ns3::PointToPointNetDevice/Mtu", 1400)
    assert two_hosts.devices.Get(0).GetMtu() == 1400
    seen = []
    two_hosts.echo(packets=2)
    connection = ns.Config.Connect(
        "/NodeList/1/ApplicationList/*/$ns3::UdpEchoServer/Rx",
        lambda context, packet: seen.append(context),
    )
    ns.Simulator.Stop(ns.Seconds(3))
    ns.Simulator.Run()
    assert seen == ["/NodeList/1/ApplicationList/0/$ns3::UdpEchoServer/Rx"] * 2
    with connection:
        pass
    assert not connection.active


def test_trace_connection_context_manager_stops_calls(two_hosts):
    echoes = []
    server = ns.UdpEchoServerHelper(9).Install(two_hosts.nodes[1])
    client = ns.UdpEchoClientHelper(two_hosts.b, 9)
    client.SetAttribute("MaxPackets", 4)
    client.SetAttribute("Interval", ns.Seconds(1))
    apps = client.Install(two_hosts.nodes[0])
    with server.Get(0).TraceConnectWithoutContext("Rx", echoes.append) as connection:
        ns.Simulator.Stop(ns.Seconds(1.5))  # requests at 0 s and 1 s arrive while connected
        ns.Simulator.Run()
    assert "disconnected" in repr(connection)
    ns.Simulator.Stop(ns.Seconds(5))
    ns.Simulator.Run()
    assert len(echoes) == 2 and apps.GetN() == 1


def test_bad_arguments_raise_clear_errors(two_hosts):
    with pytest.raises(ValueError, match="has no attribute 'NoSuchThing'"):
        two_hosts.p2p.SetDeviceAttribute("NoSuchThing", 1)
    with pytest.raises(ValueError, match="invalid value 'fast'"):
        two_hosts.p2p.SetDeviceAttribute("DataRate", "fast")
    with pytest.raises(IndexError):
        two_hosts.ifs.GetAddress(5)
    with pytest.raises(IndexError):
        two_hosts.nodes[0].GetDevice(9)
    with pytest.raises(ValueError, match="no trace source named 'Nope'"):
        two_hosts.nodes[0].TraceConnectWithoutContext("Nope", print)
    with pytest.raises(ValueError, match="matches no object"):
        ns.Config.Connect("/NodeList/99/$ns3::IpsecLayer/Drop", print)


def test_unbound_trace_signature_is_a_type_error(two_hosts):
    # The channel's animation trace (NetAnim's) is deliberately not carried.
    with pytest.raises(TypeError, match="signature .* which the Python bindings do not carry"):
        ns.Config.ConnectWithoutContext("/ChannelList/*/TxRxPointToPoint", print)


def test_same_seed_same_random_values():
    def draw():
        ns.RngSeedManager.SetSeed(7)
        rv = ns.CreateObject("ns3::UniformRandomVariable", Min=0, Max=1000)
        return [rv.GetAttribute("Max"), repr(rv)]

    assert draw() == draw()
