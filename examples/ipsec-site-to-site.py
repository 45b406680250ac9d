#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""A site-to-site VPN: two security gateways join two subnets over an untrusted core link.

The Python twin of ipsec-site-to-site.cc (same arguments, same output, same pcap bytes):

  hostA 10.1.0.1 -- 10.1.0.2 gwA 192.0.2.1 ==== 192.0.2.2 gwB 10.2.0.1 -- 10.2.0.2 hostB
         site A                        ESP tunnel mode                      site B

hostA sends UDP echo requests to hostB. The hosts run no IPsec at all; the gateways' policies
select traffic between the two sites and carry it in a tunnel between their core addresses.
--sites=6 gives the sites fd00:a::/64 and fd00:b::/64, --core=6 the core link fd00:ff::/64
(IPv4 in IPv4, IPv6 in IPv6, 4-in-6 and 6-in-4).

  PYTHONPATH=build/python /usr/bin/python3 examples/ipsec-site-to-site.py --sites=6 --core=4
"""

import os
import sys

import ns3ipsec as ns


def main(argv):
    cmd = ns.CommandLine(__doc__.splitlines()[0])
    cmd.AddValue("outputDir", "Where pcaps and the key file go", ".")
    cmd.AddValue("encryption", "ESP encryption algorithm (ESP only)", "aes-cbc")
    cmd.AddValue("integrity", "Integrity algorithm (none for combined-mode ESP)", "hmac-sha256")
    cmd.AddValue("protocol", "esp or ah", "esp")
    cmd.AddValue("packets", "Echo requests", 4)
    cmd.AddValue("sites", "IP version of the sites and hosts (4 or 6)", 4)
    cmd.AddValue("core", "IP version of the core link, the tunnel's outer header (4 or 6)", 4)
    args = cmd.Parse(argv)

    enc = ns.IpsecAlgorithmRegistry.FindEncryption(args.encryption)
    auth = ns.IpsecAlgorithmRegistry.FindIntegrity(args.integrity)
    if not enc or not auth or args.protocol not in ("esp", "ah"):
        print("ipsec-site-to-site: unknown algorithm or protocol", file=sys.stderr)
        return 2
    if args.sites not in (4, 6) or args.core not in (4, 6):
        print("ipsec-site-to-site: --sites and --core take 4 or 6", file=sys.stderr)
        return 2
    output_dir = args.outputDir
    os.makedirs(output_dir, exist_ok=True)
    ns.GlobalValue.Bind("ChecksumEnabled", True)

    n = ns.NodeContainer()
    n.Create(4)  # hostA, gwA, gwB, hostB
    p2p = ns.PointToPointHelper()
    p2p.SetDeviceAttribute("DataRate", "100Mbps")
    p2p.SetChannelAttribute("Delay", "1ms")
    site_a = p2p.Install(n.Get(0), n.Get(1))
    core = p2p.Install(n.Get(1), n.Get(2))
    site_b = p2p.Install(n.Get(2), n.Get(3))
    internet = ns.InternetStackHelper()
    internet.Install(n)
    sites6 = args.sites == 6
    core6 = args.core == 6

    # --- Addresses. Each link gets the version it needs; hosts route everything via their
    # gateway, and the gateways know their own links only.
    for g in (1, 2):
        n.Get(g).GetObject(ns.Ipv6).SetAttribute("IpForward", True)  # IPv4 forwards by default
    sites = ns.IpsecTrafficSelector()  # seen from gwA: its site is local, gwB's is remote
    if sites6:
        ia = ns.Ipv6AddressHelper(ns.Ipv6Address("fd00:a::"), ns.Ipv6Prefix(64)).Assign(site_a)
        ib = ns.Ipv6AddressHelper(ns.Ipv6Address("fd00:b::"), ns.Ipv6Prefix(64)).Assign(site_b)
        routing = ns.Ipv6StaticRoutingHelper()
        routing.GetStaticRouting(n.Get(0).GetObject(ns.Ipv6)).SetDefaultRoute(
            ia.GetAddress(1, 1), 1
        )
        routing.GetStaticRouting(n.Get(3).GetObject(ns.Ipv6)).SetDefaultRoute(
            ib.GetAddress(0, 1), 1
        )
        host_b = ns.IpsecAddress(ib.GetAddress(1, 1))
        sites.SetLocalPrefix(ns.Ipv6Address("fd00:a::"), ns.Ipv6Prefix(64)).SetRemotePrefix(
            ns.Ipv6Address("fd00:b::"), ns.Ipv6Prefix(64)
        )
    else:
        ia = ns.Ipv4AddressHelper("10.1.0.0", "255.255.255.0").Assign(site_a)
        ib = ns.Ipv4AddressHelper("10.2.0.0", "255.255.255.0").Assign(site_b)
        routing = ns.Ipv4StaticRoutingHelper()
        routing.GetStaticRouting(n.Get(0).GetObject(ns.Ipv4)).SetDefaultRoute(ia.GetAddress(1), 1)
        routing.GetStaticRouting(n.Get(3).GetObject(ns.Ipv4)).SetDefaultRoute(ib.GetAddress(0), 1)
        host_b = ns.IpsecAddress(ib.GetAddress(1))
        sites.SetLocalPrefix(ns.Ipv4Address("10.1.0.0"), ns.Ipv4Mask("/24")).SetRemotePrefix(
            ns.Ipv4Address("10.2.0.0"), ns.Ipv4Mask("/24")
        )
    if core6:
        ic = ns.Ipv6AddressHelper(ns.Ipv6Address("fd00:ff::"), ns.Ipv6Prefix(64)).Assign(core)
        gw_core = [ns.IpsecAddress(ic.GetAddress(0, 1)), ns.IpsecAddress(ic.GetAddress(1, 1))]
    else:
        ic = ns.Ipv4AddressHelper("192.0.2.0", "255.255.255.0").Assign(core)
        gw_core = [ns.IpsecAddress(ic.GetAddress(0)), ns.IpsecAddress(ic.GetAddress(1))]

    # --- IPsec on the gateways only: one tunnel-mode policy pair, one SA pair.
    ipsec = ns.IpsecHelper()
    gateways = ns.NodeContainer(n.Get(1), n.Get(2))
    ipsec.Install(gateways)
    ipsec.AssignStreams(gateways, 100)
    ah = args.protocol == "ah"
    ipsec.AddTunnelPolicyPair(
        n.Get(1),
        gw_core[0],
        n.Get(2),
        gw_core[1],
        sites,
        ns.IpsecProtocol.AH if ah else ns.IpsecProtocol.ESP,
    )
    if ah:
        config = ns.IpsecAhSaConfig(mode=ns.IpsecMode.TUNNEL, integrity=auth.id)
        ipsec.AddAhSaPair(n.Get(1), gw_core[0], n.Get(2), gw_core[1], config)
    else:
        config = ns.IpsecEspSaConfig(
            mode=ns.IpsecMode.TUNNEL, encryption=enc.id, integrity=auth.id
        )
        ipsec.AddEspSaPair(n.Get(1), gw_core[0], n.Get(2), gw_core[1], config)

    server = ns.UdpEchoServerHelper(7)
    server.Install(n.Get(3)).Start(ns.Seconds(0))
    client = ns.UdpEchoClientHelper(host_b.GetIpv6() if sites6 else host_b.GetIpv4(), 7)
    client.SetAttribute("MaxPackets", args.packets)
    client.SetAttribute("Interval", ns.MilliSeconds(100))
    client.SetAttribute("PacketSize", 200)
    app = client.Install(n.Get(0))
    app.Start(ns.Seconds(1))
    echoes = [0]

    def count_echo(packet):
        echoes[0] += 1

    app.Get(0).TraceConnectWithoutContext("Rx", count_echo)

    p2p.EnablePcapAll(output_dir + "/ipsec-site-to-site")
    ipsec.WriteWiresharkEspSa(output_dir + "/ipsec-site-to-site.esp_sa")
    ns.Simulator.Stop(ns.Seconds(2 + 0.1 * args.packets))
    ns.Simulator.Run()

    print(
        "site-to-site %s tunnel, IPv%d in IPv%d: %d requests, %d echoes"
        % ("AH" if ah else "ESP", args.sites, args.core, args.packets, echoes[0])
    )
    for g in (1, 2):
        print(ns.IpsecHelper.Print(n.Get(g)), end="")
    print("core capture: %s/ipsec-site-to-site-1-1.pcap" % output_dir)
    print("keys:         %s/ipsec-site-to-site.esp_sa" % output_dir)
    ns.Simulator.Destroy()
    return 0 if echoes[0] == args.packets else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
