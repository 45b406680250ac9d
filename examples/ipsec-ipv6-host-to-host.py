#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Two IPv6 hosts on a CSMA link, with Neighbor Discovery, protecting all their traffic.

The Python twin of ipsec-ipv6-host-to-host.cc (same arguments, same output, same pcaps):

  n0 fd00:1::200:ff:fe00:1 ----- CSMA ----- fd00:1::200:ff:fe00:2 n1
  echo client, TCP sender                 echo server, TCP sink

One policy per host selects everything its address sends or receives, so the echo requests
and replies and the TCP segments all travel in ESP (or AH, or ESP inside AH with
--protocol=esp+ah); --mode=tunnel carries them in tunnel mode. Neighbor Discovery flows in the
clear (BypassIcmpv6LinkControl); --ndBypass=false shows the link break.

  PYTHONPATH=build/python /usr/bin/python3 examples/ipsec-ipv6-host-to-host.py --mode=tunnel
"""

import os
import sys

import ns3ipsec as ns


def main(argv):
    cmd = ns.CommandLine(__doc__.splitlines()[0])
    cmd.AddValue("outputDir", "Where pcaps and the esp_sa key file go", ".")
    cmd.AddValue("encryption", "ESP encryption algorithm", "aes-gcm16")
    cmd.AddValue(
        "integrity",
        "Integrity algorithm (default: none for combined-mode ciphers, "
        "hmac-sha256 otherwise and for AH)",
        "default",
    )
    cmd.AddValue("protocol", "esp, ah, or esp+ah (ESP inside AH)", "esp")
    cmd.AddValue("mode", "transport or tunnel", "transport")
    cmd.AddValue("packets", "UDP echo requests", 4)
    cmd.AddValue("tcpBytes", "Bytes of the TCP transfer", 20000)
    cmd.AddValue("ndBypass", "Let Neighbor Discovery and MLD past the SPD", True)
    args = cmd.Parse(argv)

    enc = ns.IpsecAlgorithmRegistry.FindEncryption(args.encryption)
    use_ah = args.protocol == "ah"
    bundle = args.protocol == "esp+ah"
    integrity = args.integrity
    if enc and integrity == "default":
        integrity = "none" if enc.aead and not use_ah else "hmac-sha256"
    auth = ns.IpsecAlgorithmRegistry.FindIntegrity(integrity)
    if (
        not enc
        or not auth
        or (args.protocol != "esp" and not use_ah and not bundle)
        or args.mode not in ("transport", "tunnel")
    ):
        print("ipsec-ipv6-host-to-host: unknown algorithm, protocol or mode", file=sys.stderr)
        return 2
    mode = ns.IpsecMode.TUNNEL if args.mode == "tunnel" else ns.IpsecMode.TRANSPORT
    output_dir = args.outputDir
    os.makedirs(output_dir, exist_ok=True)

    # Wireshark checks UDP and ICMPv6 checksums; ns-3 writes zeros unless told otherwise.
    ns.GlobalValue.Bind("ChecksumEnabled", True)

    nodes = ns.NodeContainer()
    nodes.Create(2)
    csma = ns.CsmaHelper()
    csma.SetChannelAttribute("DataRate", "100Mbps")
    csma.SetChannelAttribute("Delay", ns.MicroSeconds(50))
    devices = csma.Install(nodes)
    internet = ns.InternetStackHelper()
    internet.SetIpv4StackInstall(False)
    internet.Install(nodes)
    addresses = ns.Ipv6AddressHelper(ns.Ipv6Address("fd00:1::"), ns.Ipv6Prefix(64))
    ifaces = addresses.Assign(devices)
    a = ifaces.GetAddress(0, 1)
    b = ifaces.GetAddress(1, 1)

    # --- IPsec: every protocol between the two addresses is protected.
    ipsec = ns.IpsecHelper()
    ipsec.SetLayerAttribute("BypassIcmpv6LinkControl", args.ndBypass)
    ipsec.Install(nodes)
    ipsec.AssignStreams(nodes, 100)
    for i in range(2):
        all_traffic = ns.IpsecTrafficSelector()  # this host's address to anywhere, any protocol
        all_traffic.SetLocalPrefix(a if i == 0 else b, ns.Ipv6Prefix(128))
        policy = ns.IpsecPolicy(all_traffic, ns.IpsecAction.PROTECT)
        policy.SetProtection(ns.IpsecProtocol.AH if use_ah else ns.IpsecProtocol.ESP, mode)
        if mode == ns.IpsecMode.TUNNEL:
            policy.SetTunnelEndpoints(a if i == 0 else b, b if i == 0 else a)
        if bundle:
            policy.AddProtection(ns.IpsecProtocol.AH, ns.IpsecMode.TRANSPORT)
        ipsec.AddPolicy(nodes.Get(i), policy)
    if use_ah:
        ah = ns.IpsecAhSaConfig(integrity=auth.id, mode=mode)
        ipsec.AddAhSaPair(nodes.Get(0), a, nodes.Get(1), b, ah)
    else:
        esp = ns.IpsecEspSaConfig(encryption=enc.id, integrity=auth.id, mode=mode)
        ipsec.AddEspSaPair(nodes.Get(0), a, nodes.Get(1), b, esp)
        if bundle:
            ah = ns.IpsecAhSaConfig()  # HMAC-SHA-256-128, transport mode around the ESP
            ipsec.AddAhSaPair(nodes.Get(0), a, nodes.Get(1), b, ah)

    # --- Traffic: UDP echo and ping, both ways protected.
    counts = {"served": 0, "echoed": 0}

    def counter(key):
        def count(packet, source, destination):
            counts[key] += 1

        return count

    server = ns.UdpEchoServerHelper(9)
    s = server.Install(nodes.Get(1))
    s.Get(0).TraceConnectWithoutContext("RxWithAddresses", counter("served"))
    client = ns.UdpEchoClientHelper(b, 9)
    client.SetAttribute("MaxPackets", args.packets)
    client.SetAttribute("Interval", ns.MilliSeconds(200))
    client.SetAttribute("PacketSize", 300)
    c = client.Install(nodes.Get(0))
    c.Get(0).TraceConnectWithoutContext("RxWithAddresses", counter("echoed"))
    c.Start(ns.Seconds(1))
    # A TCP transfer: its segments and acknowledgements, both ways, are protected too.
    tcp_port = 5001
    sink = ns.PacketSinkHelper(
        "ns3::TcpSocketFactory", ns.Inet6SocketAddress(ns.Ipv6Address.GetAny(), tcp_port)
    )
    k = sink.Install(nodes.Get(1))
    bulk = ns.BulkSendHelper("ns3::TcpSocketFactory", ns.Inet6SocketAddress(b, tcp_port))
    bulk.SetAttribute("MaxBytes", args.tcpBytes)
    t = bulk.Install(nodes.Get(0))
    t.Start(ns.Seconds(1.1))

    csma.EnablePcapAll(output_dir + "/ipsec-ipv6-host-to-host")
    ipsec.WriteWiresharkEspSa(output_dir + "/ipsec-ipv6-host-to-host.esp_sa")
    ns.Simulator.Stop(ns.Seconds(2 + 0.2 * args.packets))
    ns.Simulator.Run()

    received = k.Get(0).GetTotalRx()
    print(
        "IPv6 %s %s mode%s%s"
        % (
            args.protocol,
            args.mode,
            " " + integrity if use_ah else " " + args.encryption + " / " + integrity,
            "" if args.ndBypass else ", Neighbor Discovery subject to policy",
        )
    )
    print(
        "udp echo: %d requests, %d served, %d echoed"
        % (args.packets, counts["served"], counts["echoed"])
    )
    print("tcp:      %d bytes sent, %d received" % (args.tcpBytes, received))
    counters = nodes.Get(0).GetObject(ns.IpsecLayer).GetCounters()
    print(
        "n0: %d protected out, %d protected in, %d clear out, %d without an SA"
        % (
            counters.protectedOut,
            counters.protectedIn,
            counters.clearOut,
            counters.GetDrops(ns.IpsecDropReason.NO_OUTBOUND_SA),
        )
    )
    print(ns.IpsecHelper.Print(nodes.Get(0)), end="")
    print("capture: %s/ipsec-ipv6-host-to-host-0-0.pcap" % output_dir)
    print("keys:    %s/ipsec-ipv6-host-to-host.esp_sa" % output_dir)
    ok = counts["echoed"] == args.packets and received == args.tcpBytes
    ns.Simulator.Destroy()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
