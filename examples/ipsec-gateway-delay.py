#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Throughput and latency of an IPsec gateway versus algorithm, with the processing-delay model.

The Python twin of ipsec-gateway-delay.cc (same arguments, same output, same CSV):

  client 0 --+
  client 1 --+----- 10 Gbps point-to-point links --> gateway (terminates every client's ESP)
  ...        |
  client N-1 +

Every client sends UDP datagrams of --size bytes to the gateway at an equal share of the
offered load, through ESP transport-mode SAs. The gateway's crypto engines (--engines) decrypt
everything, so they saturate first. One CSV row per algorithm and offered load:

  algorithm,engines,offered_mbps,delivered_mbps,mean_latency_us,p95_latency_us,
  sent,delivered,crypto_drops

  ipsec-gateway-delay.py --algorithms=aes-gcm16,aes-cbc/hmac-sha1 --rates=100,1000 --csv=g.csv
"""

import sys

import ns3ipsec as ns

CSV_HEADER = (
    "algorithm,engines,offered_mbps,delivered_mbps,mean_latency_us,p95_latency_us,"
    "sent,delivered,crypto_drops"
)


class Result:
    """What one run measured."""

    def __init__(self):
        self.sent = 0
        self.delivered = 0
        self.window_bytes = 0  # payload delivered while the clients were sending
        self.window_end = ns.Time()  # when the last client stops sending
        self.crypto_drops = 0
        self.latency_us = []


def parse_algorithm(spec):
    """'enc/auth' or 'enc' (combined mode, or HMAC-SHA-256 for the others): a config."""
    enc_name, _, auth_name = spec.partition("/")
    enc = ns.IpsecAlgorithmRegistry.FindEncryption(enc_name)
    if not enc:
        raise ValueError("unknown encryption '%s'" % enc_name)
    if "/" not in spec:
        auth_name = "none" if enc.aead else "hmac-sha256"
    auth = ns.IpsecAlgorithmRegistry.FindIntegrity(auth_name)
    if not auth:
        raise ValueError("unknown integrity '%s'" % auth_name)
    return ns.IpsecEspSaConfig(encryption=enc.id, integrity=auth.id)


def run_once(sa, offered_mbps, clients, size, duration_s, engines, queue_limit, cost_table,
             speed_factor):
    gateway = ns.NodeContainer()
    gateway.Create(1)
    client_nodes = ns.NodeContainer()
    client_nodes.Create(clients)
    internet = ns.InternetStackHelper()
    internet.Install(gateway)
    internet.Install(client_nodes)
    p2p = ns.PointToPointHelper()
    p2p.SetDeviceAttribute("DataRate", "10Gbps")
    p2p.SetChannelAttribute("Delay", "10us")
    p2p.SetQueue("ns3::DropTailQueue", MaxSize="10000p")

    ipsec = ns.IpsecHelper()
    ipsec.Install(gateway)
    ipsec.Install(client_nodes)
    client_addr = []
    gateway_addr = None
    for i in range(clients):
        link = p2p.Install(client_nodes.Get(i), gateway.Get(0))
        net = "10.%d.%d.0" % (i // 250, i % 250)
        ifaces = ns.Ipv4AddressHelper(net, "255.255.255.0").Assign(link)
        client_addr.append(ifaces.GetAddress(0))
        if i == 0:
            gateway_addr = ifaces.GetAddress(1)
        udp = ns.IpsecTrafficSelector()
        udp.SetLocalPrefix(ifaces.GetAddress(0), ns.Ipv4Mask("/32")).SetRemotePrefix(
            gateway_addr, ns.Ipv4Mask("/32")
        ).SetProtocol(17)
        ipsec.AddPolicyPair(client_nodes.Get(i), gateway.Get(0), udp, ns.IpsecAction.PROTECT)
    ns.Ipv4GlobalRoutingHelper.PopulateRoutingTables()
    all_nodes = ns.NodeContainer(gateway, client_nodes)
    ipsec.AssignStreams(all_nodes, 1)
    for i in range(clients):
        ipsec.AddEspSaPair(client_nodes.Get(i), client_addr[i], gateway.Get(0), gateway_addr, sa)
    for engine in ipsec.EnableProcessingDelay(all_nodes, 1, cost_table):
        engine.SetAttribute("SpeedFactor", speed_factor)
        engine.SetAttribute("QueueLimit", queue_limit)
    gateway.Get(0).GetObject(ns.IpsecLayer).GetCryptoEngine().SetAttribute("Engines", engines)

    result = Result()
    sink = ns.PacketSinkHelper(
        "ns3::UdpSocketFactory", ns.InetSocketAddress(ns.Ipv4Address.GetAny(), 9)
    )
    sink_app = sink.Install(gateway.Get(0))

    def on_rx(packet, source):
        # Per-datagram latency from the SeqTsHeader the UdpClients put in the payload.
        seq_ts = ns.SeqTsHeader()
        packet.PeekHeader(seq_ts)
        result.latency_us.append((ns.Simulator.Now() - seq_ts.GetTs()).GetSeconds() * 1e6)
        result.delivered += 1
        if ns.Simulator.Now() <= result.window_end:
            result.window_bytes += packet.GetSize()

    sink_app.Get(0).TraceConnectWithoutContext("Rx", on_rx)

    # Each client sends its share at a constant rate; start times are staggered so the
    # clients' packets interleave instead of arriving in lockstep.
    per_client_pps = offered_mbps * 1e6 / 8 / size / clients
    interval = ns.Seconds(1.0 / per_client_pps)
    per_client = int(per_client_pps * duration_s)
    for i in range(clients):
        client = ns.UdpClientHelper(gateway_addr, 9)
        client.SetAttribute("MaxPackets", per_client)
        client.SetAttribute("Interval", interval)
        client.SetAttribute("PacketSize", size)
        app = client.Install(client_nodes.Get(i))
        app.Start(ns.Seconds(0.01) + interval * i / clients)
    result.sent = per_client * clients
    result.window_end = ns.Seconds(0.01 + duration_s)
    ns.Simulator.Stop(ns.Seconds(0.01 + duration_s + 1.0))
    ns.Simulator.Run()
    for n in range(all_nodes.GetN()):
        counters = all_nodes.Get(n).GetObject(ns.IpsecLayer).GetCounters()
        result.crypto_drops += counters.GetDrops(ns.IpsecDropReason.CRYPTO_QUEUE_FULL)
    ns.Simulator.Destroy()
    return result


def main(argv):
    cmd = ns.CommandLine(__doc__.splitlines()[0])
    cmd.AddValue(
        "algorithms",
        "Comma-separated 'encryption[/integrity]' list",
        "null/hmac-sha1,aes-gcm16,aes-cbc/hmac-sha1,chacha20-poly1305,3des-cbc/hmac-sha1",
    )
    cmd.AddValue("rates", "Comma-separated offered loads, Mbit/s of UDP payload",
                 "100,500,1000,2000,5000")
    cmd.AddValue("csv", "Output CSV file", "ipsec-gateway-delay.csv")
    cmd.AddValue("clients", "Clients sharing the offered load", 4)
    cmd.AddValue("size", "UDP payload bytes", 1400)
    cmd.AddValue("engines", "Crypto engines at the gateway", 1)
    cmd.AddValue("queueLimit", "Jobs that may wait for a crypto engine (0: no limit)", 1000)
    cmd.AddValue("duration", "Seconds of traffic per point", 0.05)
    cmd.AddValue("costTable", "Cost overrides, 'name=perPacketNs+perByteNs;...'", "")
    cmd.AddValue("speedFactor", "Scales every cost (2: a machine half as fast)", 1.0)
    args = cmd.Parse(argv)

    configs = []
    for spec in (s for s in args.algorithms.split(",") if s):
        try:
            configs.append((spec, parse_algorithm(spec)))
        except ValueError as error:
            print("ipsec-gateway-delay: %s" % error, file=sys.stderr)
            return 2
    loads = []
    for r in (s for s in args.rates.split(",") if s):
        try:
            v = float(r)
        except ValueError:
            v = 0
        if not v > 0:
            print("ipsec-gateway-delay: bad rate '%s'" % r, file=sys.stderr)
            return 2
        loads.append(v)
    try:
        ns.IpsecCryptoEngine().SetCostTable(args.costTable)
    except ns.IpsecError as error:
        print("ipsec-gateway-delay: %s" % error, file=sys.stderr)
        return 2
    if (args.clients == 0 or args.clients > 62500 or args.size < 12 or args.engines == 0
            or not args.duration > 0):
        print(
            "ipsec-gateway-delay: need clients 1..62500, size >= 12 (the SeqTs "
            "header), engines >= 1, duration > 0",
            file=sys.stderr,
        )
        return 2

    try:
        out = open(args.csv, "w")
    except OSError:
        print("ipsec-gateway-delay: cannot write " + args.csv, file=sys.stderr)
        return 2
    with out:
        out.write(CSV_HEADER + "\n")
        for name, config in configs:
            for load in loads:
                r = run_once(config, load, args.clients, args.size, args.duration, args.engines,
                             args.queueLimit, args.costTable, args.speedFactor)
                mean = 0.0
                p95 = 0.0
                if r.latency_us:
                    for latency in r.latency_us:
                        mean += latency
                    mean /= len(r.latency_us)
                    r.latency_us.sort()
                    p95 = r.latency_us[int(0.95 * (len(r.latency_us) - 1))]
                # Throughput while the load was offered: what arrives later is queue draining.
                delivered_mbps = r.window_bytes * 8 / args.duration / 1e6
                out.write("%s,%d,%g,%g,%g,%g,%d,%d,%d\n" % (
                    name, args.engines, load, delivered_mbps, mean, p95, r.sent, r.delivered,
                    r.crypto_drops))
                print("%-24s offered %7.1f Mb/s  delivered %7.1f Mb/s  latency mean %8.1f us  "
                      "p95 %8.1f us  drops %d"
                      % (name, load, delivered_mbps, mean, p95, r.crypto_drops))
    print("CSV: " + args.csv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
