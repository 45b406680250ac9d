#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Two hosts on a point-to-point link and three UDP echo flows between them.

The Python twin of ipsec-three-flows.cc (same arguments, same output, same pcap bytes):

  port  9: protected by ESP (transport mode), by AH with --protocol=ah, or by ESP inside AH
           (an SA bundle) with --protocol=esp+ah
  port 10: bypassed (cleartext), by an entry placed *last* in the SPD to show that bypass
           entries are honoured before all others
  port 11: discarded by policy

  n0 10.1.1.1 ---------------- 10.1.1.2 n1
       echo clients               echo servers (ports 9, 10, 11)

Writes ipsec-three-flows-<node>-<device>.pcap and ipsec-three-flows.esp_sa (the keys, in
Wireshark's esp_sa format) to --outputDir, and prints what each flow delivered.

  PYTHONPATH=build/python /usr/bin/python3 examples/ipsec-three-flows.py --outputDir=out
"""

import os
import sys

import ns3ipsec as ns


def main(argv):
    registry = ns.IpsecAlgorithmRegistry
    cmd = ns.CommandLine(__doc__.splitlines()[0])
    cmd.AddValue("outputDir", "Where pcaps and the esp_sa key file go", ".")
    enc_names = ", ".join(info.name for info in registry.EncryptionAlgorithms())
    auth_names = ", ".join(info.name for info in registry.IntegrityAlgorithms())
    cmd.AddValue("encryption", "ESP encryption: " + enc_names, "aes-cbc")
    cmd.AddValue(
        "integrity",
        "ESP integrity: " + auth_names
        + "; default: none for combined-mode encryption, else hmac-sha256",
        "default",
    )
    cmd.AddValue("keyBits", "Encryption key size, salt excluded (0: 128 where allowed)", 0)
    cmd.AddValue("cryptoMode", "real, or size-only (same sizes, no cipher work)", "real")
    cmd.AddValue(
        "protocol",
        "esp; ah (AH with --integrity, hmac-sha256 by default; no encryption); or "
        "esp+ah (an SA bundle: ESP inside AH, the AH with HMAC-SHA-256-128)",
        "esp",
    )
    cmd.AddValue("packets", "Echo requests per flow", 5)
    cmd.AddValue("verbose", "Log every IPsec drop", False)
    args = cmd.Parse(argv)

    enc = registry.FindEncryption(args.encryption)
    integrity = args.integrity
    if enc and integrity == "default":
        integrity = "none" if enc.aead else "hmac-sha256"
    auth = registry.FindIntegrity(integrity)
    if not enc or not auth:
        print("unknown algorithm: %s / %s" % (args.encryption, integrity), file=sys.stderr)
        return 2
    if args.cryptoMode not in ("real", "size-only"):
        print("--cryptoMode must be real or size-only", file=sys.stderr)
        return 2
    if args.protocol not in ("esp", "ah", "esp+ah"):
        print("--protocol must be esp, ah or esp+ah", file=sys.stderr)
        return 2
    use_ah = args.protocol == "ah"
    bundle = args.protocol == "esp+ah"
    if use_ah and auth.id == ns.IpsecIntegrity.NONE:
        print("ipsec-three-flows: AH needs an integrity algorithm", file=sys.stderr)
        return 2
    # Refuse a bad combination here with the registry's own message, before building anything.
    bits = args.keyBits or (128 if 128 in enc.keyBits else enc.keyBits[0])
    enc_key = bytes((0x31 + 7 * i) & 0xFF for i in range(bits // 8 + enc.saltBytes))
    auth_key = bytes([0x5A]) * (auth.keyBits // 8)
    if use_ah:
        why = registry.ValidateAh(ns.IpsecEncryption.NONE, b"", auth.id, auth_key)
    else:
        why = registry.ValidateEsp(enc.id, enc_key, auth.id, auth_key)
    if why:
        print("ipsec-three-flows: " + why, file=sys.stderr)
        return 2
    key_bits = bits
    output_dir = args.outputDir
    try:
        os.makedirs(output_dir, exist_ok=True)
    except OSError as error:
        print("cannot create %s: %s" % (output_dir, error.strerror), file=sys.stderr)
        return 2

    # Wireshark checks IP and UDP checksums; ns-3 writes zeros unless told otherwise.
    ns.GlobalValue.Bind("ChecksumEnabled", True)

    nodes = ns.NodeContainer()
    nodes.Create(2)
    p2p = ns.PointToPointHelper()
    p2p.SetDeviceAttribute("DataRate", "100Mbps")
    p2p.SetChannelAttribute("Delay", "1ms")
    devices = p2p.Install(nodes)

    internet = ns.InternetStackHelper()
    internet.Install(nodes)
    addresses = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0")
    ifaces = addresses.Assign(devices)
    a = ifaces.GetAddress(0)
    b = ifaces.GetAddress(1)

    # --- IPsec: install the layer, then policies (seen from n0; mirrored on n1), then SAs.
    ipsec = ns.IpsecHelper()
    ipsec.Install(nodes)

    udp = ns.IpsecTrafficSelector()
    udp.SetLocalPrefix(a, ns.Ipv4Mask("/32")).SetRemotePrefix(b, ns.Ipv4Mask("/32")).SetProtocol(17)
    # 1. discard port 11
    ipsec.AddPolicyPair(
        nodes.Get(0),
        nodes.Get(1),
        ns.IpsecTrafficSelector(udp).SetRemotePorts(11, 11),
        ns.IpsecAction.DISCARD,
    )
    # 2. protect all other UDP between the hosts
    if bundle:
        # An SA bundle: ESP inside AH (RFC 4301 section 4.5), on both hosts.
        for i in range(2):
            p = ns.IpsecPolicy(udp if i == 0 else udp.Mirror(), ns.IpsecAction.PROTECT)
            p.SetProtection(ns.IpsecProtocol.ESP, ns.IpsecMode.TRANSPORT).AddProtection(
                ns.IpsecProtocol.AH, ns.IpsecMode.TRANSPORT
            )
            ipsec.AddPolicy(nodes.Get(i), p)
    else:
        ipsec.AddPolicyPair(
            nodes.Get(0),
            nodes.Get(1),
            udp,
            ns.IpsecAction.PROTECT,
            ns.IpsecProtocol.AH if use_ah else ns.IpsecProtocol.ESP,
        )
    # 3. bypass port 10: listed last, honoured first
    ipsec.AddPolicyPair(
        nodes.Get(0),
        nodes.Get(1),
        ns.IpsecTrafficSelector(udp).SetRemotePorts(10, 10),
        ns.IpsecAction.BYPASS,
    )

    crypto_mode = (
        ns.IpsecCryptoMode.REAL if args.cryptoMode == "real" else ns.IpsecCryptoMode.SIZE_ONLY
    )
    sa = ns.IpsecEspSaConfig(
        encryption=enc.id, encryptionKeyBits=key_bits, integrity=auth.id, cryptoMode=crypto_mode
    )
    ipsec.AssignStreams(nodes, 100)
    if use_ah:
        ah = ns.IpsecAhSaConfig(integrity=auth.id, cryptoMode=crypto_mode)
        ipsec.AddAhSaPair(nodes.Get(0), a, nodes.Get(1), b, ah)
    else:
        ipsec.AddEspSaPair(nodes.Get(0), a, nodes.Get(1), b, sa)
    if bundle:
        ah = ns.IpsecAhSaConfig(cryptoMode=crypto_mode)  # HMAC-SHA-256-128
        ipsec.AddAhSaPair(nodes.Get(0), a, nodes.Get(1), b, ah)

    # --- Three echo flows.
    server_rx = {9: 0, 10: 0, 11: 0}
    client_rx = {9: 0, 10: 0, 11: 0}

    def count(table, port):
        def rx(packet, source, destination):
            table[port] += 1

        return rx

    for port in (9, 10, 11):
        server = ns.UdpEchoServerHelper(port)
        s = server.Install(nodes.Get(1))
        s.Get(0).TraceConnectWithoutContext("RxWithAddresses", count(server_rx, port))
        s.Start(ns.Seconds(0.5))

        client = ns.UdpEchoClientHelper(b, port)
        client.SetAttribute("MaxPackets", args.packets)
        client.SetAttribute("Interval", ns.Seconds(0.2))
        c = client.Install(nodes.Get(0))
        echo = c.Get(0)
        echo.SetFill("ns3-ipsec flow to port %d" % port)
        echo.TraceConnectWithoutContext("RxWithAddresses", count(client_rx, port))
        c.Start(ns.Seconds(1.0 + 0.05 * (port - 9)))

    def print_drop(packet, reason, spi):
        if args.verbose:
            print(
                "%s IPsec drop %s spi %d size %d"
                % (ns.Simulator.Now(), reason, spi, packet.GetSize()),
                file=sys.stderr,
            )

    for node in nodes:
        node.GetObject(ns.IpsecLayer).TraceConnectWithoutContext("Drop", print_drop)

    p2p.EnablePcapAll(output_dir + "/ipsec-three-flows")
    ipsec.WriteWiresharkEspSa(output_dir + "/ipsec-three-flows.esp_sa")

    ns.Simulator.Stop(ns.Seconds(1.0 + 0.2 * args.packets + 1.0))
    ns.Simulator.Run()

    if use_ah:
        print("AH " + integrity)
    else:
        print(
            "ESP %s-%d / %s%s"
            % (args.encryption, key_bits, integrity, " inside AH hmac-sha256" if bundle else "")
        )
    print("flow     policy     requests  delivered  echoed")
    policy_name = {9: "protect", 10: "bypass", 11: "discard"}
    for port in (9, 10, 11):
        print(
            "%-9s%-9s%9d%11d%8d"
            % ("udp/%d" % port, policy_name[port], args.packets, server_rx[port], client_rx[port])
        )
    for node in nodes:
        print()
        print(ns.IpsecHelper.Print(node), end="")
    print("\npcaps: %s/ipsec-three-flows-{0,1}-0.pcap" % output_dir)
    print("keys:  %s/ipsec-three-flows.esp_sa" % output_dir)

    ns.Simulator.Destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
