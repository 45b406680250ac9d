#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Two hosts behind an IPv4 NAPT talk to a server on the outside, no IPsec involved.

The Python twin of ipv4-napt-basic.cc (same arguments, same output, same pcap bytes):

  host0 10.1.1.1 ---\\                          (public address)
                     NAT 10.1.1.2 / 10.1.2.2 | 203.0.113.1 ------- server 203.0.113.2
  host1 10.1.2.1 ---/

Both hosts send UDP from the same local port to the server's echo port: with port
preservation the first keeps its port, the second gets another one. At the end the program
prints the NAT's mapping table and its counters. --pcap=1 writes captures of every link.
"""

import sys

import ns3ipsec as ns


def main(argv):
    cmd = ns.CommandLine(__doc__.splitlines()[0])
    cmd.AddValue("mapping", "NAT mapping behaviour", "EndpointIndependent")
    cmd.AddValue("filtering", "NAT filtering behaviour", "EndpointIndependent")
    cmd.AddValue("pcap", "Write pcap captures", False)
    args = cmd.Parse(argv)

    # Real checksums, so the receivers check that the NAT updated them correctly.
    ns.GlobalValue.Bind("ChecksumEnabled", True)

    hosts = ns.NodeContainer()
    hosts.Create(2)
    nat = ns.Node()
    server = ns.Node()
    internet = ns.InternetStackHelper()
    internet.Install(hosts)
    internet.Install(nat)
    internet.Install(server)

    p2p = ns.PointToPointHelper()
    p2p.SetDeviceAttribute("DataRate", "100Mbps")
    p2p.SetChannelAttribute("Delay", "1ms")
    inside0 = p2p.Install(hosts.Get(0), nat)
    inside1 = p2p.Install(hosts.Get(1), nat)
    outside = p2p.Install(nat, server)

    addresses = ns.Ipv4AddressHelper()
    addresses.SetBase("10.1.1.0", "255.255.255.0")
    if0 = addresses.Assign(inside0)
    addresses.SetBase("10.1.2.0", "255.255.255.0")
    if1 = addresses.Assign(inside1)
    addresses.SetBase("203.0.113.0", "255.255.255.0")
    if_out = addresses.Assign(outside)

    # The hosts route everything through the NAT; the server knows only its own link.
    static_routing = ns.Ipv4StaticRoutingHelper()
    static_routing.GetStaticRouting(hosts.Get(0).GetObject(ns.Ipv4)).SetDefaultRoute(
        if0.GetAddress(1), 1
    )
    static_routing.GetStaticRouting(hosts.Get(1).GetObject(ns.Ipv4)).SetDefaultRoute(
        if1.GetAddress(1), 1
    )

    # The NAT: interface 3 (towards the server) is outside, 1 and 2 are inside.
    napt_helper = ns.Ipv4NaptHelper()
    napt_helper.SetAttribute("MappingBehavior", args.mapping)
    napt_helper.SetAttribute("FilteringBehavior", args.filtering)
    napt = napt_helper.Install(nat, 3, [1, 2])
    napt.AssignStreams(1)

    def on_mapping(m):
        print(
            "%g s: new %s mapping %s:%d -> %s:%d"
            % (
                ns.Simulator.Now().GetSeconds(),
                m.ProtocolName(),
                m.internalAddress,
                m.internalPort,
                m.externalAddress,
                m.externalPort,
            )
        )

    napt.TraceConnectWithoutContext("MappingCreated", on_mapping)

    echo_port = 7
    echo_server = ns.UdpEchoServerHelper(echo_port)
    echo_server.Install(server).Start(ns.Seconds(0))
    echoes = [0]

    def receive(socket):
        while socket.Recv():
            echoes[0] += 1

    sockets = []
    for i in range(2):
        # Same local port on both hosts: the NAT has to give the second another one.
        socket = ns.Socket.CreateSocket(hosts.Get(i), ns.UdpSocketFactory.GetTypeId())
        socket.Bind(ns.InetSocketAddress(ns.Ipv4Address.GetAny(), 5000))
        socket.SetRecvCallback(receive)
        sockets.append(socket)
        to = ns.InetSocketAddress(if_out.GetAddress(1), echo_port)
        for k in range(3):
            ns.Simulator.Schedule(
                ns.Seconds(1 + i * 0.5 + k),
                lambda s, destination: s.SendTo(ns.Packet(100), 0, destination),
                socket,
                to,
            )

    if args.pcap:
        p2p.EnablePcapAll("ipv4-napt-basic")
    ns.Simulator.Stop(ns.Seconds(10))
    ns.Simulator.Run()

    print("\nechoes received by the hosts: %d of 6\n" % echoes[0])
    print(napt.PrintMappings(), end="")
    print(
        "\noutbound translations %d, inbound %d, dropped %d"
        % (napt.GetOutboundTranslations(), napt.GetInboundTranslations(), napt.GetTotalDrops())
    )
    ns.Simulator.Destroy()
    return 0 if echoes[0] == 6 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
