#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Several road warriors behind one NAPT reach the same security gateway at once.

The Python twin of ipsec-nat-road-warriors.cc (same arguments, same output, same pcaps):

  rw1 192.168.1.2  +
  rw2 192.168.1.3 -+-- nat 192.168.1.1 | 203.0.113.1 --- 203.0.113.2 gw 10.1.0.1 --- server
  rw3 192.168.1.4  +     (CSMA LAN inside)                                         10.1.0.2

Each road warrior has a tunnel-mode ESP SA pair in UDP (RFC 3948) with the gateway and runs a
UDP echo with the server through it. The gateway tells them apart by SPI inbound and by
request ID outbound, and learns each mapped port from the first authenticated packet.
"""

import os
import sys

import ns3ipsec as ns


def main(argv):
    cmd = ns.CommandLine(__doc__.splitlines()[0])
    cmd.AddValue("hosts", "Road warriors behind the NAT (1-250)", 3)
    cmd.AddValue("packets", "Echo requests per road warrior", 10)
    cmd.AddValue("mapping", "NAT mapping behaviour (RFC 4787)", "EndpointIndependent")
    cmd.AddValue("filtering", "NAT filtering behaviour (RFC 4787)", "AddressAndPortDependent")
    cmd.AddValue("portAllocation", "NAT port allocation: Preserve or Random", "Preserve")
    cmd.AddValue("checksums", "Compute and check IP, UDP and TCP checksums", True)
    cmd.AddValue("outputDir", "Where the captures, key file and tables go", ".")
    args = cmd.Parse(argv)
    hosts = args.hosts
    packets = args.packets
    if hosts < 1 or hosts > 250 or packets < 1:
        print("hosts must be 1-250 and packets at least 1", file=sys.stderr)
        return 1
    ns.GlobalValue.Bind("ChecksumEnabled", args.checksums)
    os.makedirs(args.outputDir, exist_ok=True)

    warriors = ns.NodeContainer()
    warriors.Create(hosts)
    nat = ns.Node()
    gw = ns.Node()
    server = ns.Node()

    lan = ns.CsmaHelper()
    lan.SetChannelAttribute("DataRate", "100Mbps")
    lan.SetChannelAttribute("Delay", ns.MicroSeconds(50))
    home = lan.Install(ns.NodeContainer(ns.NodeContainer(nat), warriors))
    link = ns.PointToPointHelper()
    link.SetDeviceAttribute("DataRate", "100Mbps")
    link.SetChannelAttribute("Delay", "5ms")
    internet = link.Install(nat, gw)
    office = link.Install(gw, server)

    stack = ns.InternetStackHelper()
    stack.Install(ns.NodeContainer(warriors, ns.NodeContainer(nat, gw, server)))
    address = ns.Ipv4AddressHelper("192.168.1.0", "255.255.255.0")
    home_ifs = address.Assign(home)  # the NAT is 192.168.1.1
    address.SetBase("203.0.113.0", "255.255.255.0")
    address.Assign(internet)
    address.SetBase("10.1.0.0", "255.255.255.0")
    address.Assign(office)
    nat_public = ns.Ipv4Address("203.0.113.1")
    gw_address = ns.Ipv4Address("203.0.113.2")
    server_address = ns.Ipv4Address("10.1.0.2")

    routing = ns.Ipv4StaticRoutingHelper()
    for i in range(hosts):
        routing.GetStaticRouting(warriors.Get(i).GetObject(ns.Ipv4)).SetDefaultRoute(
            ns.Ipv4Address("192.168.1.1"), 1
        )
    routing.GetStaticRouting(nat.GetObject(ns.Ipv4)).SetDefaultRoute(gw_address, 2)
    routing.GetStaticRouting(server.GetObject(ns.Ipv4)).SetDefaultRoute(
        ns.Ipv4Address("10.1.0.1"), 1
    )

    # IPsec: each road warrior's tunnel to the gateway, bound to its own request ID.
    ipsec = ns.IpsecHelper()
    ipsec.Install(ns.NodeContainer(warriors, ns.NodeContainer(gw)))
    host = ns.Ipv4Mask("255.255.255.255")
    subnet = ns.Ipv4Mask("255.255.255.0")
    for i in range(hosts):
        rw_address = home_ifs.GetAddress(i + 1)
        reqid = i + 1
        rw_selector = ns.IpsecTrafficSelector()
        rw_selector.SetLocalPrefix(rw_address, host).SetRemotePrefix(
            ns.Ipv4Address("10.1.0.0"), subnet
        )
        rw_policy = ns.IpsecPolicy(rw_selector, ns.IpsecAction.PROTECT)
        rw_policy.SetProtection(ns.IpsecProtocol.ESP, ns.IpsecMode.TUNNEL).SetTunnelEndpoints(
            rw_address, gw_address
        ).SetReqid(reqid)
        ipsec.AddPolicy(warriors.Get(i), rw_policy)
        gw_selector = ns.IpsecTrafficSelector()
        gw_selector.SetLocalPrefix(ns.Ipv4Address("10.1.0.0"), subnet).SetRemotePrefix(
            rw_address, host
        )
        gw_policy = ns.IpsecPolicy(gw_selector, ns.IpsecAction.PROTECT)
        gw_policy.SetProtection(ns.IpsecProtocol.ESP, ns.IpsecMode.TUNNEL).SetTunnelEndpoints(
            gw_address, nat_public
        ).SetReqid(reqid)
        ipsec.AddPolicy(gw, gw_policy)

        sa = ns.IpsecEspSaConfig(
            encryption=ns.IpsecEncryption.AES_CBC,
            integrity=ns.IpsecIntegrity.HMAC_SHA256_128,
            mode=ns.IpsecMode.TUNNEL,
            reqid=reqid,
        )
        # The mapped port is a guess (4500) the first packet fixes.
        natt = ns.IpsecNatTraversalConfig(natAddress=ns.IpsecAddress(nat_public))
        ipsec.AddEspSaPairThroughNat(warriors.Get(i), rw_address, gw, gw_address, sa, natt)

    napt_helper = ns.Ipv4NaptHelper()
    napt_helper.SetAttribute("MappingBehavior", args.mapping)
    napt_helper.SetAttribute("FilteringBehavior", args.filtering)
    napt_helper.SetAttribute("PortAllocation", args.portAllocation)
    napt = napt_helper.Install(internet.Get(0), [home.Get(0)])
    all_nodes = ns.NodeContainer(warriors, ns.NodeContainer(nat, gw, server))
    ipsec.AssignStreams(all_nodes, 1)
    ns.Ipv4NaptHelper.AssignStreams(all_nodes, 1000)

    # Echo traffic: each road warrior in turn, so that they overlap.
    echo_server = ns.UdpEchoServerHelper(7)
    echo_server.Install(server).Start(ns.Seconds(0.5))
    echoes = [0] * hosts

    def counter(i):
        def count(packet):
            echoes[i] += 1

        return count

    for i in range(hosts):
        client = ns.UdpEchoClientHelper(server_address, 7)
        client.SetAttribute("MaxPackets", packets)
        client.SetAttribute("Interval", ns.Seconds(0.5))
        client.SetAttribute("PacketSize", 200)
        app = client.Install(warriors.Get(i))
        app.Start(ns.Seconds(1 + 0.1 * i))
        app.Get(0).TraceConnectWithoutContext("Rx", counter(i))

    prefix = args.outputDir + "/ipsec-nat-road-warriors"
    # The gateway's side of the NAT link, and the NAT's side of the LAN.
    link.EnablePcap(prefix + "-outside.pcap", internet.Get(1), True, True)
    lan.EnablePcap(prefix + "-inside.pcap", home.Get(0), True, True)
    ipsec.WriteWiresharkEspSa(prefix + ".esp_sa")

    ns.Simulator.Stop(ns.Seconds(2 + 0.1 * hosts + 0.5 * packets))
    ns.Simulator.Run()

    all_echoed = True
    for i in range(hosts):
        print(
            "road warrior %d %s: sent %d, echoes %d"
            % (i + 1, home_ifs.GetAddress(i + 1), packets, echoes[i])
        )
        all_echoed = all_echoed and echoes[i] == packets
    print(
        "NAT: %d out, %d in, %d dropped"
        % (napt.GetOutboundTranslations(), napt.GetInboundTranslations(), napt.GetTotalDrops())
    )
    with open(prefix + "-tables.txt", "w") as tables:
        tables.write(napt.PrintMappings())
        tables.write(ns.IpsecHelper.Print(gw))
    print(napt.PrintMappings(), end="")
    ns.Simulator.Destroy()
    print("every echo came back" if all_echoed else "ECHOES MISSING")
    return 0 if all_echoed else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
