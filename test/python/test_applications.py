# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Applications written in Python, UdpClient/UdpServer, random variables, no leaks at Destroy."""

import gc
import weakref

import pytest

import ns3ipsec as ns


class Sender(ns.Application):
    """Sends one datagram when started; records its start and stop."""

    def __init__(self, peer):
        ns.Application.__init__(self)
        self.peer, self.events = peer, []

    def StartApplication(self):
        self.events.append(("start", ns.Simulator.Now().GetSeconds()))
        self.socket = ns.Socket.CreateSocket(self.GetNode(), ns.UdpSocketFactory.GetTypeId())
        self.socket.SendTo(ns.Packet(b"from python"), 0, self.peer)

    def StopApplication(self):
        self.events.append(("stop", ns.Simulator.Now().GetSeconds()))


def test_python_application_runs_and_is_released(two_hosts):
    got = []
    rx = ns.Socket.CreateSocket(two_hosts.nodes[1], ns.UdpSocketFactory.GetTypeId())
    rx.Bind(ns.InetSocketAddress("0.0.0.0", 4000))
    rx.SetRecvCallback(lambda s: got.append(s.Recv().ToBytes()))
    app = Sender(ns.InetSocketAddress(two_hosts.b, 4000))
    assert two_hosts.nodes[0].AddApplication(app) == 0
    app.SetStartTime(ns.Seconds(1))
    app.SetStopTime(ns.Seconds(2))
    with pytest.raises(ValueError, match="already on node 0"):
        two_hosts.nodes[1].AddApplication(app)
    ref = weakref.ref(app)
    del app
    ns.Simulator.Run()
    assert got == [b"from python"]
    assert ref().events == [("start", 1.0), ("stop", 2.0)]
    assert two_hosts.nodes[0].GetApplication(0) is ref()
    ns.Simulator.Destroy()
    gc.collect()
    assert ref() is None


def test_udp_client_server_counts_and_seq_ts_header(two_hosts):
    server = ns.UdpServerHelper(5000).Install(two_hosts.nodes[1])
    client = ns.UdpClientHelper(two_hosts.b, 5000)
    client.SetAttribute("MaxPackets", 5)
    client.SetAttribute("Interval", ns.MilliSeconds(10))
    client.Install(two_hosts.nodes[0]).Start(ns.Seconds(1))
    seqs = []

    def on_rx(packet):
        header = ns.SeqTsHeader()
        packet.Copy().RemoveHeader(header)
        seqs.append(header.GetSeq())

    server[0].TraceConnectWithoutContext("Rx", on_rx)
    ns.Simulator.Stop(ns.Seconds(3))
    ns.Simulator.Run()
    assert server[0].GetReceived() == 5 and server[0].GetLost() == 0
    assert seqs == [0, 1, 2, 3, 4]


def test_on_off_streams_and_random_variables(two_hosts):
    sink = ns.PacketSinkHelper("ns3::UdpSocketFactory", ns.InetSocketAddress("0.0.0.0", 6000))
    sinks = sink.Install(two_hosts.nodes[1])
    onoff = ns.OnOffHelper("ns3::UdpSocketFactory", ns.InetSocketAddress(two_hosts.b, 6000))
    onoff.SetConstantRate(ns.DataRate("80kbps"), 100)
    apps = onoff.Install(two_hosts.nodes[0])
    assert onoff.AssignStreams(two_hosts.nodes, 10) == 2
    apps.Start(ns.Seconds(1))
    apps.Stop(ns.Seconds(2))
    ns.Simulator.Stop(ns.Seconds(3))
    ns.Simulator.Run()
    # 80 kb/s of 100-byte packets: one every 10 ms from 1 s on, the 100th due at the stop.
    assert sinks[0].GetTotalRx() == 99 * 100

    u = ns.UniformRandomVariable(Min=2, Max=4)
    u.SetStream(5)
    assert u.GetStream() == 5 and all(2 <= u.GetValue() < 4 for _ in range(10))
    assert 10 <= u.GetInteger(10, 12) <= 12
    with pytest.raises(ValueError, match="greater than max"):
        u.GetInteger(5, 1)
    assert ns.ConstantRandomVariable(Constant=7).GetValue() == 7
    e = ns.ExponentialRandomVariable(Mean=3)
    assert e.GetMean() == 3 and e.GetValue() >= 0
    with pytest.raises(ValueError, match="cannot set attribute 'Nope'"):
        ns.UniformRandomVariable(Nope=1)
