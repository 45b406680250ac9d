# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Shared fixtures: a fresh simulator per test, small topologies."""

import struct

import pytest

import ns3ipsec as ns


@pytest.fixture(autouse=True)
def fresh_simulator():
    """Every test starts from an empty simulation, with default attributes and seed."""
    ns.Config.Reset()
    ns.RngSeedManager.SetSeed(1)
    ns.RngSeedManager.SetRun(1)
    yield
    ns.Simulator.Destroy()


class TwoHosts:
    """Two IPv4 hosts on a point-to-point link (10.1.1.1, 10.1.1.2)."""

    def __init__(self):
        ns.GlobalValue.Bind("ChecksumEnabled", True)
        self.nodes = ns.NodeContainer(2)
        self.p2p = ns.PointToPointHelper()
        self.p2p.SetDeviceAttribute("DataRate", "100Mbps")
        self.p2p.SetChannelAttribute("Delay", "1ms")
        self.devices = self.p2p.Install(self.nodes)
        ns.InternetStackHelper().Install(self.nodes)
        self.ifs = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(self.devices)
        self.a = self.ifs.GetAddress(0)
        self.b = self.ifs.GetAddress(1)

    def echo(self, port=9, packets=3, start=1.0, size=100):
        """A UDP echo flow from host 0 to host 1; returns the list the echoes are put in."""
        ns.UdpEchoServerHelper(port).Install(self.nodes[1]).Start(ns.Seconds(0.5))
        client = ns.UdpEchoClientHelper(self.b, port)
        client.SetAttribute("MaxPackets", packets)
        client.SetAttribute("Interval", ns.Seconds(0.1))
        client.SetAttribute("PacketSize", size)
        apps = client.Install(self.nodes[0])
        apps.Start(ns.Seconds(start))
        echoes = []
        apps.Get(0).TraceConnectWithoutContext("Rx", lambda packet: echoes.append(packet.GetSize()))
        return echoes


@pytest.fixture
def two_hosts():
    return TwoHosts()


def pcap_frames(path):
    """The frames of a little-endian pcap file, as bytes."""
    data = open(path, "rb").read()
    assert struct.unpack_from("<I", data, 0)[0] == 0xA1B2C3D4
    frames, offset = [], 24
    while offset + 16 <= len(data):
        incl = struct.unpack_from("<I", data, offset + 8)[0]
        frames.append(data[offset + 16 : offset + 16 + incl])
        offset += 16 + incl
    return frames
