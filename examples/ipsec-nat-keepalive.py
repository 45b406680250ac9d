#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""A road warrior behind a NAT keeps a VPN to a gateway: how often must it send keepalives?

The Python twin of ipsec-nat-keepalive.cc (same arguments, same output, same files):

  rw 192.168.1.2 --- nat 192.168.1.1 | 203.0.113.1 --- 203.0.113.2 gw 10.1.0.1 --- server
                                                                                 10.1.0.2

The road warrior protects its traffic with the server's subnet by a tunnel-mode ESP SA pair in
UDP with the gateway. At 1 s it sends one datagram to the server (creating the NAT mapping);
from 2 s the server pushes one datagram a second to the road warrior, which sends nothing more
except its NAT keepalives (RFC 3948). The NAT forgets a mapping after --natTimeout seconds:
keepalives more frequent than that keep the pushed traffic flowing. One CSV row per run;
--sweep runs the grid and writes <outputDir>/ipsec-nat-keepalive.csv.
"""

import os
import sys

import ns3ipsec as ns

PUSH_PORT = 9000
HEADER = (
    "nat_timeout_s,keepalive_s,pushed,delivered,delivered_fraction,keepalives_sent,"
    "nat_mappings_created,nat_mappings_expired,gw_mapping_changes,last_delivery_s"
)


class RunResult:
    """What one run measured."""

    def __init__(self, nat_timeout, keepalive):
        self.nat_timeout = nat_timeout
        self.keepalive = keepalive
        self.pushed = 0
        self.delivered = 0
        self.keepalives_sent = 0
        self.mappings_created = 0
        self.mappings_expired = 0
        self.mapping_changes_at_gateway = 0
        self.last_delivery = ns.Time()

    def row(self):
        fraction = self.delivered / self.pushed if self.pushed else 0.0
        return "%g,%g,%d,%d,%g,%d,%d,%d,%d,%g" % (
            self.nat_timeout,
            self.keepalive,
            self.pushed,
            self.delivered,
            fraction,
            self.keepalives_sent,
            self.mappings_created,
            self.mappings_expired,
            self.mapping_changes_at_gateway,
            self.last_delivery.GetSeconds(),
        )


def run_once(nat_timeout, keepalive, duration, uplink_interval, port_allocation, pcap_prefix):
    """Build the scenario, run it for duration, and count."""
    result = RunResult(nat_timeout, keepalive)

    nodes = ns.NodeContainer()
    nodes.Create(4)
    rw, nat, gw, server = (nodes.Get(i) for i in range(4))

    link = ns.PointToPointHelper()
    link.SetDeviceAttribute("DataRate", "100Mbps")
    link.SetChannelAttribute("Delay", "5ms")
    home = link.Install(rw, nat)
    internet = link.Install(nat, gw)
    office = link.Install(gw, server)

    stack = ns.InternetStackHelper()
    stack.Install(nodes)
    address = ns.Ipv4AddressHelper()
    address.SetBase("192.168.1.0", "255.255.255.0", "0.0.0.2")
    address.Assign(ns.NetDeviceContainer(home.Get(0)))
    address.SetBase("192.168.1.0", "255.255.255.0", "0.0.0.1")
    address.Assign(ns.NetDeviceContainer(home.Get(1)))
    address.SetBase("203.0.113.0", "255.255.255.0")
    address.Assign(internet)
    address.SetBase("10.1.0.0", "255.255.255.0")
    address.Assign(office)
    rw_address = ns.Ipv4Address("192.168.1.2")
    nat_public = ns.Ipv4Address("203.0.113.1")
    gw_address = ns.Ipv4Address("203.0.113.2")
    server_address = ns.Ipv4Address("10.1.0.2")

    # Routes: nobody outside has a route to 192.168.1.0/24: only the tunnel reaches it.
    routing = ns.Ipv4StaticRoutingHelper()
    routing.GetStaticRouting(rw.GetObject(ns.Ipv4)).SetDefaultRoute(
        ns.Ipv4Address("192.168.1.1"), 1
    )
    routing.GetStaticRouting(nat.GetObject(ns.Ipv4)).SetDefaultRoute(gw_address, 2)
    routing.GetStaticRouting(server.GetObject(ns.Ipv4)).SetDefaultRoute(
        ns.Ipv4Address("10.1.0.1"), 1
    )

    # IPsec on the road warrior and the gateway: tunnel-mode ESP in UDP, request ID 1.
    ns.Config.SetDefault("ns3::IpsecUdpEncapsulation::KeepaliveInterval", ns.Seconds(keepalive))
    ipsec = ns.IpsecHelper()
    ipsec.Install(ns.NodeContainer(rw, gw))
    rw_selector = ns.IpsecTrafficSelector()
    rw_selector.SetLocalPrefix(rw_address, ns.Ipv4Mask("255.255.255.255")).SetRemotePrefix(
        ns.Ipv4Address("10.1.0.0"), ns.Ipv4Mask("255.255.255.0")
    )
    rw_policy = ns.IpsecPolicy(rw_selector, ns.IpsecAction.PROTECT)
    rw_policy.SetProtection(ns.IpsecProtocol.ESP, ns.IpsecMode.TUNNEL).SetTunnelEndpoints(
        rw_address, gw_address
    ).SetReqid(1)
    ipsec.AddPolicy(rw, rw_policy)
    gw_selector = ns.IpsecTrafficSelector()
    gw_selector.SetLocalPrefix(
        ns.Ipv4Address("10.1.0.0"), ns.Ipv4Mask("255.255.255.0")
    ).SetRemotePrefix(rw_address, ns.Ipv4Mask("255.255.255.255"))
    gw_policy = ns.IpsecPolicy(gw_selector, ns.IpsecAction.PROTECT)
    gw_policy.SetProtection(ns.IpsecProtocol.ESP, ns.IpsecMode.TUNNEL).SetTunnelEndpoints(
        gw_address, nat_public
    ).SetReqid(1)
    ipsec.AddPolicy(gw, gw_policy)
    sa = ns.IpsecEspSaConfig(
        encryption=ns.IpsecEncryption.AES_GCM_ICV16, mode=ns.IpsecMode.TUNNEL, reqid=1
    )
    # The gateway's first guess of the mapped port: 4500.
    natt = ns.IpsecNatTraversalConfig(natAddress=ns.IpsecAddress(nat_public))
    ipsec.AddEspSaPairThroughNat(rw, rw_address, gw, gw_address, sa, natt)

    # The NAT, installed once the routes are in place.
    napt_helper = ns.Ipv4NaptHelper()
    napt_helper.SetAttribute("UdpTimeout", ns.Seconds(nat_timeout))
    napt_helper.SetAttribute("PortAllocation", port_allocation)
    napt = napt_helper.Install(internet.Get(0), [home.Get(1)])
    ipsec.AssignStreams(nodes, 1)
    ns.Ipv4NaptHelper.AssignStreams(nodes, 100)

    def created(mapping):
        result.mappings_created += 1

    def expired(mapping):
        result.mappings_expired += 1

    def changed(sa, address, port):
        result.mapping_changes_at_gateway += 1

    napt.TraceConnectWithoutContext("MappingCreated", created)
    napt.TraceConnectWithoutContext("MappingExpired", expired)
    gw.GetObject(ns.IpsecLayer).TraceConnectWithoutContext("NatMappingChanged", changed)

    # The applications: one datagram up at 1 s (and every uplinkInterval), one down a second.
    def receive(socket):
        while socket.Recv():
            result.delivered += 1
            result.last_delivery = ns.Simulator.Now()

    sink = ns.Socket.CreateSocket(rw, ns.UdpSocketFactory.GetTypeId())
    sink.Bind(ns.InetSocketAddress(ns.Ipv4Address.GetAny(), PUSH_PORT))
    sink.SetRecvCallback(receive)
    server_sink = ns.Socket.CreateSocket(server, ns.UdpSocketFactory.GetTypeId())
    server_sink.Bind(ns.InetSocketAddress(ns.Ipv4Address.GetAny(), PUSH_PORT))
    up = ns.Socket.CreateSocket(rw, ns.UdpSocketFactory.GetTypeId())
    up.Connect(ns.InetSocketAddress(server_address, PUSH_PORT))
    t = 1.0
    while t < duration:
        ns.Simulator.Schedule(ns.Seconds(t), lambda: up.Send(ns.Packet(100)))
        t += uplink_interval if uplink_interval > 0 else duration
    push = ns.Socket.CreateSocket(server, ns.UdpSocketFactory.GetTypeId())
    push.Connect(ns.InetSocketAddress(rw_address, PUSH_PORT))
    t = 2.0
    while t < duration:
        result.pushed += 1
        ns.Simulator.Schedule(ns.Seconds(t), lambda: push.Send(ns.Packet(200)))
        t += 1

    if pcap_prefix:
        link.EnablePcap(pcap_prefix + "-outside.pcap", internet.Get(1), True, True)
        ipsec.WriteWiresharkEspSa(pcap_prefix + ".esp_sa")

    ns.Simulator.Stop(ns.Seconds(duration))
    ns.Simulator.Run()
    result.keepalives_sent = (
        rw.GetObject(ns.IpsecLayer).GetUdpEncapsulation().GetKeepalivesSent()
    )
    if pcap_prefix:
        with open(pcap_prefix + "-nat-table.txt", "w") as dump:
            dump.write(napt.PrintMappings())
            dump.write(ns.IpsecHelper.Print(gw))
    ns.Simulator.Destroy()
    return result


def main(argv):
    cmd = ns.CommandLine(__doc__.splitlines()[0])
    cmd.AddValue("natTimeout", "The NAT's UDP mapping timeout (s)", 30.0)
    cmd.AddValue("keepalive", "The road warrior's NAT keepalive interval (s; 0: none)", 20.0)
    cmd.AddValue("duration", "Simulated time (s)", 600.0)
    cmd.AddValue(
        "uplinkInterval",
        "Seconds between the road warrior's own datagrams after the first (0: none)",
        0.0,
    )
    cmd.AddValue("portAllocation", "The NAT's PortAllocation: Preserve or Random", "Preserve")
    cmd.AddValue("sweep", "Run the grid of NAT timeouts and keepalive intervals", False)
    cmd.AddValue("pcap", "Capture the NAT's outside link (single runs)", False)
    cmd.AddValue("outputDir", "Where the CSV (and captures) go", ".")
    args = cmd.Parse(argv)

    if args.natTimeout <= 0 or args.keepalive < 0 or args.duration <= 2 or args.uplinkInterval < 0:
        print(
            "natTimeout and duration (> 2) must be positive, keepalive and "
            "uplinkInterval not negative",
            file=sys.stderr,
        )
        return 1
    results = []
    if args.sweep:
        for timeout in (30.0, 60.0, 120.0):
            for interval in (0.0, 10.0, 20.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0):
                results.append(
                    run_once(
                        timeout, interval, args.duration, args.uplinkInterval,
                        args.portAllocation, "",
                    )
                )
    else:
        os.makedirs(args.outputDir, exist_ok=True)
        prefix = args.outputDir + "/ipsec-nat-keepalive" if args.pcap else ""
        results.append(
            run_once(
                args.natTimeout, args.keepalive, args.duration, args.uplinkInterval,
                args.portAllocation, prefix,
            )
        )
    print(HEADER)
    for r in results:
        print(r.row())
    if args.sweep:
        os.makedirs(args.outputDir, exist_ok=True)
        csv = args.outputDir + "/ipsec-nat-keepalive.csv"
        with open(csv, "w") as out:
            out.write(HEADER + "\n")
            for r in results:
                out.write(r.row() + "\n")
        print("wrote " + csv, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
