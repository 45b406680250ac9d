#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ESP/AH overhead and goodput against UDP payload size, per algorithm (a Python experiment).

  n0 10.1.1.1 ---- --linkMbps point-to-point ---- 10.1.1.2 n1
     UdpClient (offering 1.5 times the link)          UdpServer

For every algorithm and payload size, n0 sends UDP datagrams to n1 faster than the link
carries them, through ESP or AH in transport mode (or ESP in tunnel mode); the first
datagram's IP size on the link (the device's MacTx trace) gives the bytes IPsec added, and the
payload n1 received during --duration seconds gives the goodput. One CSV row per point:

  algorithm,protocol,mode,payload_bytes,ip_bytes,overhead_bytes,goodput_mbps,link_mbps,
  sent,delivered

  PYTHONPATH=build/python /usr/bin/python3 examples/ipsec-overhead-sweep.py --csv=overhead.csv
  /usr/bin/python3 -m ns3ipsec.analysis overhead overhead.csv overhead.png
"""

import sys

import ns3ipsec as ns

# name: (protocol, mode, encryption name, integrity name)
ALGORITHMS = {
    "none": (None, None, None, None),
    "esp aes-gcm16": ("esp", "transport", "aes-gcm16", "none"),
    "esp aes-cbc/hmac-sha256": ("esp", "transport", "aes-cbc", "hmac-sha256"),
    "esp chacha20-poly1305": ("esp", "transport", "chacha20-poly1305", "none"),
    "esp 3des-cbc/hmac-sha1": ("esp", "transport", "3des-cbc", "hmac-sha1"),
    "esp null/hmac-sha256": ("esp", "transport", "null", "hmac-sha256"),
    "ah hmac-sha256": ("ah", "transport", None, "hmac-sha256"),
    "esp tunnel aes-gcm16": ("esp", "tunnel", "aes-gcm16", "none"),
}
HEADER = ("algorithm,protocol,mode,payload_bytes,ip_bytes,overhead_bytes,goodput_mbps,link_mbps,"
          "sent,delivered")


def run(name, size, link_mbps, duration):
    """One point: returns the CSV row."""
    protocol, mode, encryption, integrity = ALGORITHMS[name]
    nodes = ns.NodeContainer(2)
    p2p = ns.PointToPointHelper()
    p2p.SetDeviceAttribute("DataRate", ns.DataRate(int(link_mbps * 1e6)))
    p2p.SetChannelAttribute("Delay", ns.MilliSeconds(1))
    devices = p2p.Install(nodes)
    ns.InternetStackHelper().Install(nodes)
    ifs = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(devices)
    a, b = ifs.GetAddress(0), ifs.GetAddress(1)

    if protocol:
        ipsec = ns.IpsecHelper()
        ipsec.Install(nodes)
        ipsec.AssignStreams(nodes, 1)
        ipsec_mode = ns.IpsecMode.TUNNEL if mode == "tunnel" else ns.IpsecMode.TRANSPORT
        ipsec_protocol = ns.IpsecProtocol.AH if protocol == "ah" else ns.IpsecProtocol.ESP
        udp = ns.IpsecTrafficSelector().SetProtocol(17)
        if mode == "tunnel":
            ipsec.AddTunnelPolicyPair(nodes[0], a, nodes[1], b,
                                      udp.SetLocalPrefix(a, "/32").SetRemotePrefix(b, "/32"))
        else:
            ipsec.AddPolicyPair(nodes[0], nodes[1], udp, ns.IpsecAction.PROTECT, ipsec_protocol)
        auth = ns.IpsecAlgorithmRegistry.FindIntegrity(integrity).id
        if protocol == "ah":
            ipsec.AddAhSaPair(nodes[0], a, nodes[1], b, ns.IpsecAhSaConfig(integrity=auth))
        else:
            enc = ns.IpsecAlgorithmRegistry.FindEncryption(encryption).id
            config = ns.IpsecEspSaConfig(encryption=enc, integrity=auth, mode=ipsec_mode)
            ipsec.AddEspSaPair(nodes[0], a, nodes[1], b, config)

    # Offer 1.5 times what the link carries of plain IPv4/UDP datagrams of this size.
    wire_bits = (size + 8 + 20 + 2) * 8
    interval = ns.NanoSeconds(int(wire_bits / (1.5 * link_mbps * 1e6) * 1e9))
    server = ns.UdpServerHelper(9).Install(nodes[1])
    client = ns.UdpClientHelper(b, 9)
    client.SetAttribute("PacketSize", size)
    client.SetAttribute("MaxPackets", int((duration + 0.2) * 1e9 / interval.GetNanoSeconds()) + 1)
    client.SetAttribute("Interval", interval)
    client_apps = client.Install(nodes[0])
    client_apps.Start(ns.Seconds(1))
    client_apps.Stop(ns.Seconds(1.2 + duration))

    ip_sizes = []  # MacTx: what the device queues, its 2-byte PPP header included
    devices.Get(0).TraceConnectWithoutContext("MacTx", lambda p: ip_sizes.append(p.GetSize()))
    window = (ns.Seconds(1.1), ns.Seconds(1.1 + duration))  # after the queue has filled
    received = [0]

    def on_rx(packet):
        if window[0] <= ns.Simulator.Now() < window[1]:
            received[0] += 1

    server.Get(0).TraceConnectWithoutContext("Rx", on_rx)
    ns.Simulator.Stop(ns.Seconds(1.3 + duration))
    ns.Simulator.Run()
    sent = len(ip_sizes)
    delivered = server.Get(0).GetReceived()
    ns.Simulator.Destroy()
    ip_bytes = ip_sizes[0] - 2
    goodput = received[0] * size * 8 / duration / 1e6
    return "%s,%s,%s,%d,%d,%d,%.3f,%g,%d,%d" % (
        name, protocol or "none", mode or "none", size, ip_bytes, ip_bytes - (20 + 8 + size),
        goodput, link_mbps, sent, delivered)


def main(argv):
    cmd = ns.CommandLine(__doc__.splitlines()[0])
    cmd.AddValue("csv", "Output CSV file", "ipsec-overhead-sweep.csv")
    cmd.AddValue("algorithms", "Comma-separated names: " + ", ".join(ALGORITHMS),
                 ",".join(ALGORITHMS))
    cmd.AddValue("sizes", "Comma-separated UDP payload sizes (at least 12: UdpClient's header)",
                 "16,64,128,256,512,1024,1400")
    cmd.AddValue("linkMbps", "The link's data rate (Mbit/s)", 10.0)
    cmd.AddValue("duration", "Seconds of saturated traffic measured per point", 0.5)
    args = cmd.Parse(argv)
    names = [n for n in args.algorithms.split(",") if n]
    unknown = [n for n in names if n not in ALGORITHMS]
    if unknown:
        print("ipsec-overhead-sweep: unknown algorithm(s): " + ", ".join(unknown), file=sys.stderr)
        return 2
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) < 12 or max(sizes) > 1400:
        print("ipsec-overhead-sweep: --sizes must be integers in 12..1400", file=sys.stderr)
        return 2
    with open(args.csv, "w") as out:
        out.write(HEADER + "\n")
        for name in names:
            for size in sizes:
                row = run(name, size, args.linkMbps, args.duration)
                out.write(row + "\n")
                print(row)
    print("CSV: " + args.csv, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
