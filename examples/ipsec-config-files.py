#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Two hosts configured only from configuration files (ipsecinit.conf and ipseckey).

The Python twin of ipsec-config-files.cc (same arguments, same output, same pcap bytes):
each host's policy from an ipsecinit.conf (ipsecconf(8) syntax) and the SAs from an
ipseckey(8) command file, both in examples/ipsec-config-files/. A bad line in either file
stops the example with the file, line and reason.

  A 10.1.1.1 ---------------- 10.1.1.2 B
  echo clients to ports 9 (protected), 10 (bypassed), 11 (dropped)
"""

import os
import sys

import ns3ipsec as ns


def main(argv):
    cmd = ns.CommandLine(__doc__.splitlines()[0])
    cmd.AddValue(
        "configDir",
        "Folder of host-a.ipsecinit.conf, host-b.ipsecinit.conf and "
        "hosts.ipseckey (default: the repository's copy)",
        "examples/ipsec-config-files",
    )
    cmd.AddValue(
        "ipseckey", "ipseckey file for both hosts (default: <configDir>/hosts.ipseckey)", ""
    )
    cmd.AddValue("outputDir", "Where pcaps and the esp_sa key file go", ".")
    cmd.AddValue("packets", "Echo requests per flow", 4)
    args = cmd.Parse(argv)
    ipseckey_file = args.ipseckey or args.configDir + "/hosts.ipseckey"
    os.makedirs(args.outputDir, exist_ok=True)

    ns.GlobalValue.Bind("ChecksumEnabled", True)
    nodes = ns.NodeContainer()
    nodes.Create(2)
    p2p = ns.PointToPointHelper()
    devices = p2p.Install(nodes)
    internet = ns.InternetStackHelper()
    internet.Install(nodes)
    addresses = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0")
    ifaces = addresses.Assign(devices)

    # --- IPsec: an empty layer on each host, then each host's two files.
    ipsec = ns.IpsecHelper()
    ipsec.Install(nodes)
    ipsec.AssignStreams(nodes, 100)
    policy_file = ["host-a.ipsecinit.conf", "host-b.ipsecinit.conf"]
    for i in range(2):
        error = ns.IpsecconfLoader.ApplyFile(nodes.Get(i), args.configDir + "/" + policy_file[i])
        if not error:
            error = ns.IpseckeyLoader.ApplyFile(nodes.Get(i), ipseckey_file)
        if error:
            sys.stderr.write(
                "ipsec-config-files: node %d: configuration refused:\n%s" % (i, error)
            )
            return 2

    echoed = {9: 0, 10: 0, 11: 0}

    def counter(port):
        def count(packet, source, destination):
            echoed[port] += 1

        return count

    for port in (9, 10, 11):
        server = ns.UdpEchoServerHelper(port)
        server.Install(nodes.Get(1)).Start(ns.Seconds(0.5))
        client = ns.UdpEchoClientHelper(ifaces.GetAddress(1), port)
        client.SetAttribute("MaxPackets", args.packets)
        client.SetAttribute("Interval", ns.Seconds(0.2))
        c = client.Install(nodes.Get(0))
        c.Get(0).TraceConnectWithoutContext("RxWithAddresses", counter(port))
        c.Start(ns.Seconds(1.0 + 0.05 * (port - 9)))

    p2p.EnablePcapAll(args.outputDir + "/ipsec-config-files")
    # The key file from the SAs the files installed (the helper only knows its own).
    with open(args.outputDir + "/ipsec-config-files.esp_sa", "w") as keys:
        for sa in nodes.Get(0).GetObject(ns.IpsecLayer).GetSad().GetAll():
            keys.write(ns.WiresharkEspSa.FromSa(sa).Format() + "\n")

    ns.Simulator.Stop(ns.Seconds(2 + 0.2 * args.packets))
    ns.Simulator.Run()
    print("flow     policy    requests  echoed")
    policy_name = {9: "ipsec", 10: "bypass", 11: "drop"}
    for port in (9, 10, 11):
        print("%-9s%-10s%8d%8d" % ("udp/%d" % port, policy_name[port], args.packets, echoed[port]))
    for i in range(2):
        print()
        print(ns.IpsecHelper.Print(nodes.Get(i)), end="")
    ns.Simulator.Destroy()
    ok = echoed[9] == args.packets and echoed[10] == args.packets and echoed[11] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
