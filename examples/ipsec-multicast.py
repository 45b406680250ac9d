#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""One sender, N receivers of a multicast group on a CSMA LAN, all sharing one ESP SA.

The Python twin of ipsec-multicast.cc (same arguments, same output, same pcap bytes). The
sender protects its UDP datagrams to the group with the SA; each receiver holds the same SA
and checks it against a replay window of its own. One more node is on the LAN with IPsec but
without the SA: it counts the group's ESP as no-sa drops.

  sender 10.1.0.1 --+-- receiver 10.1.0.2 ... receiver 10.1.0.(N+1)
                    +-- outsider (IPsec, no SA)          all on one CSMA LAN

Exits non-zero unless every receiver delivered every datagram.
"""

import os
import sys

import ns3ipsec as ns


def main(argv):
    cmd = ns.CommandLine(__doc__.splitlines()[0])
    cmd.AddValue("receivers", "Receivers of the group (at least 1)", 3)
    cmd.AddValue("packets", "Datagrams the sender sends to the group", 5)
    cmd.AddValue("outputDir", "Where the pcaps and the esp_sa file go", ".")
    args = cmd.Parse(argv)
    if args.receivers == 0:
        print("--receivers must be at least 1", file=sys.stderr)
        return 1
    os.makedirs(args.outputDir, exist_ok=True)
    ns.GlobalValue.Bind("ChecksumEnabled", True)  # Wireshark checks them

    # Node 0 sends, nodes 1..N receive, node N+1 has IPsec but not the group's SA.
    nodes = ns.NodeContainer(args.receivers + 2)
    csma = ns.CsmaHelper()
    csma.SetChannelAttribute("DataRate", "100Mbps")
    devices = csma.Install(nodes)
    ns.InternetStackHelper().Install(nodes)
    ifs = ns.Ipv4AddressHelper("10.1.0.0", "255.255.255.0").Assign(devices)
    sender = ifs.GetAddress(0)
    group = ns.Ipv4Address("239.1.2.3")
    port = 7000
    # The sender needs a route to the group: out of its LAN interface.
    ns.Ipv4StaticRoutingHelper().SetDefaultMulticastRoute(nodes.Get(0), devices.Get(0))

    ipsec = ns.IpsecHelper()
    ipsec.Install(nodes)
    ipsec.AssignStreams(nodes, 1)
    members = ns.NodeContainer()
    for i in range(1, args.receivers + 1):
        members.Add(nodes.Get(i))
    # Policy: the sender protects UDP to the group, the receivers require it (inbound).
    ipsec.AddMulticastPolicies(
        nodes.Get(0), sender, group, members, ns.IpsecTrafficSelector().SetProtocol(17)
    )
    # One SA for the whole group: AES-CBC with HMAC-SHA-256, keys from the helper's stream.
    config = ns.IpsecMulticastSaConfig(
        encryption=ns.IpsecEncryption.AES_CBC, integrity=ns.IpsecIntegrity.HMAC_SHA256_128
    )
    sa = ipsec.AddMulticastSa(nodes.Get(0), sender, group, members, config)

    # Every node but the sender listens on the group's port.
    delivered = {i: 0 for i in range(nodes.GetN())}

    def on_receive(node):
        def receive(socket):
            while socket.Recv():
                delivered[node] += 1

        return receive

    sockets = []
    for i in range(1, nodes.GetN()):
        rx = ns.Socket.CreateSocket(nodes.Get(i), ns.UdpSocketFactory.GetTypeId())
        rx.Bind(ns.InetSocketAddress(ns.Ipv4Address.GetAny(), port))
        rx.SetRecvCallback(on_receive(i))
        sockets.append(rx)
    tx = ns.Socket.CreateSocket(nodes.Get(0), ns.UdpSocketFactory.GetTypeId())
    tx.Bind(ns.InetSocketAddress(sender, 0))
    tx.Connect(ns.InetSocketAddress(group, port))
    for i in range(args.packets):
        # A payload test/multicast-check.sh recognises once tshark has decrypted it.
        text = "ns3-ipsec multicast datagram %d" % i
        ns.Simulator.Schedule(
            ns.Seconds(1) + ns.MilliSeconds(10 * i),
            lambda payload: tx.Send(ns.Packet(payload)),
            text.encode(),
        )

    csma.EnablePcap(args.outputDir + "/ipsec-multicast", devices)
    ipsec.WriteWiresharkEspSa(args.outputDir + "/ipsec-multicast.esp_sa")
    ns.Simulator.Stop(ns.Seconds(3))
    ns.Simulator.Run()

    print(
        "group %s, SA spi 0x%x, sender sent %d protected datagrams\n"
        % (group, sa.sender.GetSpi(), sa.sender.GetCounters().txPackets)
    )
    print("node  role       delivered  sa-rx  window-top  drops")
    ok = sa.sender.GetCounters().txPackets == args.packets
    for i in range(1, args.receivers + 1):
        copy = sa.receivers[i - 1]
        print(
            "%4d  receiver   %9d  %5d  %10d  %5d"
            % (
                i,
                delivered[i],
                copy.GetCounters().rxPackets,
                copy.GetReplayWindow().GetTop(),
                copy.GetCounters().GetTotalDrops(),
            )
        )
        ok = ok and delivered[i] == args.packets and copy.GetCounters().rxPackets == args.packets
    outsider = args.receivers + 1
    no_sa = (
        nodes.Get(outsider).GetObject(ns.IpsecLayer).GetCounters().GetDrops(ns.IpsecDropReason.NO_SA)
    )
    print("%4d  no SA      %9d      -           -  %5d (no-sa)" % (outsider, delivered[outsider], no_sa))
    ok = ok and delivered[outsider] == 0 and no_sa == args.packets
    ns.Simulator.Destroy()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
