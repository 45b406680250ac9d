#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""A minimal key-management daemon on each of two hosts, talking PF_KEY (RFC 2367).

The Python twin of ipsec-key-management.cc (same arguments, same output, same pcap bytes):

  n0 (A) 10.1.1.1 ---------------- 10.1.1.2 (B) n1
       key manager A   <- out of band ->   key manager B
       UDP flow A -> B, port 9             UDP flow B -> A, port 9

Both SPDs protect the UDP traffic between the hosts with ESP, but no SA is installed. The
first packet makes A's key engine send ACQUIRE; A's manager negotiates with B's: each side
reserves its inbound SPI with GETSPI, completes it with UPDATE and ADDs its outbound SA. The
SAs carry soft and hard lifetimes; on a soft EXPIRE of its outbound SA a manager negotiates a
replacement pair. The managers here are Python objects reading and writing PF_KEY messages on
their node's PF_KEY socket, started like an ns-3 application at 0.5 s.
"""

import os
import sys

import ns3ipsec as ns

MT = ns.PfKeyMessageType


class KeyManager:
    """A minimal IKE-like key manager: one per host, paired with its peer's."""

    def __init__(self, node, name, negotiation_delay, soft_seconds, hard_seconds, soft_bytes,
                 hard_bytes, encryption="aes-cbc", integrity="hmac-sha256"):
        self.node, self.name = node, name
        self.random = ns.UniformRandomVariable()  # key material
        self.negotiation_delay = negotiation_delay
        self.soft_seconds, self.hard_seconds = soft_seconds, hard_seconds
        self.soft_bytes, self.hard_bytes = soft_bytes, hard_bytes
        self.encryption_name, self.integrity_name = encryption, integrity
        self.enc = self.auth = None
        self.peer = self.local = self.remote = None
        self.socket = None
        self.sequence = 0
        self.pending = {}  # requests awaiting a reply, by sequence number
        self.negotiating = False
        self.outbound_spi = 0  # SPI of the newest outbound SA (0: none)
        self.rekeys = 0
        self.errors = 0
        self.first_sa_up = None

    def install(self, start):
        """Start like an ns-3 application added to the node: initialized at 0 s in the
        node's context, started `start` later."""
        ns.Simulator.ScheduleWithContext(
            self.node.GetId(), ns.Seconds(0), lambda: ns.Simulator.Schedule(start, self.start))

    def set_peer(self, peer, local, remote):
        self.peer, self.local, self.remote = peer, local, remote

    def assign_streams(self, stream):
        self.random.SetStream(stream)
        return 1

    def start(self):
        self.enc = ns.IpsecAlgorithmRegistry.FindEncryption(self.encryption_name)
        self.auth = ns.IpsecAlgorithmRegistry.FindIntegrity(self.integrity_name)
        self.socket = ns.Socket.CreateSocket(self.node, ns.PfKeySocketFactory.GetTypeId())
        self.socket.SetRecvCallback(self.on_recv)
        # Until REGISTER, the key engine has nobody to send ACQUIRE to and drops the packets.
        self.request(ns.PfKeyMessage(MT.REGISTER, ns.PfKeySaType.ESP), None)

    def note(self, what):
        print("  %7.3f s  %s  %s" % (ns.Simulator.Now().GetSeconds(), self.name, what))

    def request(self, message, handler):
        self.sequence += 1
        message.sequence = self.sequence
        message.pid = self.socket.GetPid()
        self.pending[message.sequence] = handler
        self.socket.Send(ns.Packet(message.Serialize()), 0)

    def on_recv(self, socket):
        pid = socket.GetPid()
        while True:
            packet = socket.Recv()
            if packet is None:
                break
            status, m = ns.PfKeyMessage.Parse(packet.ToBytes())
            if not status.IsOk():
                self.note("unreadable PF_KEY message")
                self.errors += 1
                continue
            if m.pid == pid and m.sequence in self.pending:
                # The reply to one of our requests (UPDATE and ADD replies go to every
                # socket, our own included, with our pid and sequence number).
                handler = self.pending.pop(m.sequence)
                if m.error != ns.PfKeyErrno.OK:
                    self.note("%s refused: %s"
                              % (ns.PfKeyMessageTypeName(m.type), ns.PfKeyErrnoName(m.error)))
                    self.errors += 1
                if handler:
                    handler(m)
                continue
            if (m.type == MT.ACQUIRE and m.destinationAddress is not None
                    and m.destinationAddress.sockaddr.address == ns.IpsecAddress(self.remote)):
                # The configured algorithms must be among the combinations the policy accepts.
                acceptable = m.proposal is None
                for c in m.proposal.combinations if m.proposal is not None else []:
                    acceptable |= c.encrypt == int(self.enc.id) and c.auth == int(self.auth.id)
                if not acceptable:
                    self.note("ACQUIRE: the policy does not accept %s/%s"
                              % (self.enc.name, self.auth.name))
                    self.errors += 1
                    failed = ns.PfKeyMessage(MT.ACQUIRE, ns.PfKeySaType.ESP)
                    failed.error = ns.PfKeyErrno.INVALID_ARGUMENT
                    self.request(failed, None)
                    continue
                self.initiate("ACQUIRE", False)
            elif m.type == MT.EXPIRE and m.sa is not None and m.sourceAddress is not None:
                # The engine keeps the lifetime extension of the limit that was reached.
                soft = m.softLifetime is not None
                outbound = m.sourceAddress.sockaddr.address == ns.IpsecAddress(self.local)
                self.note("%s EXPIRE spi 0x%08x %s" % ("soft" if soft else "hard", m.sa.spi,
                                                       "(outbound)" if outbound else "(inbound)"))
                if outbound and m.sa.spi == self.outbound_spi:
                    if soft:
                        self.initiate("soft EXPIRE", True)
                    else:
                        self.outbound_spi = 0  # the rekey did not make it

    def busy(self):
        return self.negotiating or self.peer.negotiating

    def initiate(self, why, rekey):
        if self.busy():
            if not rekey:
                self.note(why + ": an exchange is under way, its SAs will do")
            return
        self.negotiating = self.peer.negotiating = True
        self.note(why + ": negotiating with the peer as initiator")
        self.get_spi(lambda spi: ns.Simulator.ScheduleWithContext(
            self.peer.node.GetId(), self.negotiation_delay / 2, self.peer.respond, spi, rekey))

    def get_spi(self, then):
        getspi = ns.PfKeyMessage(MT.GETSPI, ns.PfKeySaType.ESP)
        getspi.sourceAddress = ns.PfKeyAddressExtension.ForHost(ns.IpsecAddress(self.remote))
        getspi.destinationAddress = ns.PfKeyAddressExtension.ForHost(ns.IpsecAddress(self.local))

        def on_reply(reply):
            if reply.error != ns.PfKeyErrno.OK or reply.sa is None:
                self.end_negotiation()
                return
            then(reply.sa.spi)

        self.request(getspi, on_reply)

    def respond(self, initiator_spi, rekey):
        def with_spi(responder_spi):
            # The keys would come from the IKE key exchange; a random stream stands in for it.
            to_responder = self.draw_keys()
            to_initiator = self.draw_keys()
            # The responder's inbound SA first: the initiator sends on it as soon as the
            # response arrives.
            self.install_sa(MT.UPDATE, responder_spi, False, to_responder)
            ns.Simulator.ScheduleWithContext(self.peer.node.GetId(), self.negotiation_delay / 2,
                                             self.peer.complete, initiator_spi, responder_spi,
                                             to_responder, to_initiator, rekey)

        self.get_spi(with_spi)

    def complete(self, initiator_spi, responder_spi, to_responder, to_initiator, rekey):
        # Inbound before outbound on both ends, so no packet arrives before its SA.
        self.install_sa(MT.UPDATE, initiator_spi, False, to_initiator)
        self.install_sa(MT.ADD, responder_spi, True, to_responder)
        peer = self.peer
        ns.Simulator.ScheduleWithContext(
            peer.node.GetId(), ns.Seconds(0),
            lambda: peer.install_sa(MT.ADD, initiator_spi, True, to_initiator))
        if rekey:
            self.rekeys += 1
        self.note("%s: out 0x%08x, in 0x%08x"
                  % ("rekeyed" if rekey else "SAs up", responder_spi, initiator_spi))
        self.end_negotiation()

    def end_negotiation(self):
        self.negotiating = self.peer.negotiating = False

    def draw_keys(self):
        def draw(n):
            return bytes(self.random.GetInteger(0, 255) for _ in range(n))

        return (draw(128 // 8 + self.enc.saltBytes), draw(self.auth.keyBits // 8))

    def install_sa(self, message_type, spi, outbound, keys):
        soft = ns.IpsecLifetime(addTime=ns.Seconds(self.soft_seconds), bytes=self.soft_bytes)
        hard = ns.IpsecLifetime(addTime=ns.Seconds(self.hard_seconds), bytes=self.hard_bytes)
        p = ns.IpsecSaParams(
            spi=spi,
            source=ns.IpsecAddress(self.local if outbound else self.remote),
            destination=ns.IpsecAddress(self.remote if outbound else self.local),
            encryption=self.enc.id, encryption_key=keys[0],
            integrity=self.auth.id, integrity_key=keys[1],
            soft_lifetime=soft, hard_lifetime=hard)
        status, message = ns.PfKeyConverter.FromSaParams(message_type, p)
        if not status.IsOk():
            raise RuntimeError("cannot build the SA message: %s" % status)

        def on_reply(reply):
            if outbound and reply.error == ns.PfKeyErrno.OK:
                self.outbound_spi = spi
                if self.first_sa_up is None:
                    self.first_sa_up = ns.Simulator.Now()

        self.request(message, on_reply)


class Flow:
    """One direction of constant-rate UDP traffic; each payload starts with its sequence."""

    def __init__(self, name, tx, rx, sender_manager, size=200):
        self.name, self.tx, self.rx, self.size = name, tx, rx, size
        self.sender_manager = sender_manager
        self.sent_at, self.after_up, self.received, self.duplicates = [], [], set(), 0

    def send(self):
        seq = len(self.sent_at)
        payload = seq.to_bytes(4, "big") + bytes(self.size - 4)
        self.sent_at.append(ns.Simulator.Now())
        # Asked at send time: a packet sent in the same nanosecond as, but before, the event
        # that installs the SA was still held.
        self.after_up.append(self.sender_manager.first_sa_up is not None)
        self.tx.Send(ns.Packet(payload))

    def receive(self, socket):
        while True:
            p = socket.Recv()
            if p is None:
                break
            seq = int.from_bytes(p.ToBytes()[:4], "big")
            if seq in self.received:
                self.duplicates += 1
            self.received.add(seq)


def main(argv):
    cmd = ns.CommandLine(__doc__.splitlines()[0])
    cmd.AddValue("outputDir", "Where the pcap and the esp_sa key file go", ".")
    cmd.AddValue("rate", "Packets per second in each direction", 100.0)
    cmd.AddValue("duration", "Seconds of traffic (starting at 1 s)", 10.0)
    cmd.AddValue("negotiationDelay", "Length of a simulated key exchange", "50ms")
    cmd.AddValue("softSeconds", "Soft add-time lifetime of the SAs (0: none)", 2)
    cmd.AddValue("hardSeconds", "Hard add-time lifetime of the SAs (0: none)", 3)
    cmd.AddValue("softBytes", "Soft byte lifetime of the SAs (0: none)", 0)
    cmd.AddValue("hardBytes", "Hard byte lifetime of the SAs (0: none)", 0)
    cmd.AddValue("run", "Run number (another run draws other keys, SPIs and IVs)", 1)
    args = cmd.Parse(argv)
    ns.RngSeedManager.SetRun(args.run)
    negotiation_delay = ns.Time(args.negotiationDelay)
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
    ifaces = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(devices)
    a, b = ifaces.GetAddress(0), ifaces.GetAddress(1)

    # Policy only: protect all UDP between the hosts with ESP. No SA: key management makes them.
    ipsec = ns.IpsecHelper()
    ipsec.Install(nodes)
    udp = ns.IpsecTrafficSelector()
    udp.SetLocalPrefix(a, ns.Ipv4Mask("/32")).SetRemotePrefix(b, ns.Ipv4Mask("/32")).SetProtocol(17)
    ipsec.AddPolicyPair(nodes.Get(0), nodes.Get(1), udp, ns.IpsecAction.PROTECT)
    names = ["A", "B"]
    drops = {}  # (node, reason) -> count
    rows = {}  # "source destination spi" -> esp_sa row

    def on_drop(node, packet, reason, spi):
        drops[(node, str(reason))] = drops.get((node, str(reason)), 0) + 1

    def on_sa_added(sa):
        key = "%s %s %d" % (sa.GetSource(), sa.GetDestination(), sa.GetSpi())
        rows[key] = ns.WiresharkEspSa.FromSa(sa).Format()

    for i in range(2):
        layer = nodes.Get(i).GetObject(ns.IpsecLayer)
        layer.TraceConnect("Drop", names[i], on_drop)
        layer.GetSad().TraceConnectWithoutContext("SaAdded", on_sa_added)

    # The key managers, started before the traffic.
    km = []
    for i in range(2):
        manager = KeyManager(nodes.Get(i), names[i], negotiation_delay, args.softSeconds,
                             args.hardSeconds, args.softBytes, args.hardBytes)
        manager.install(ns.Seconds(0.5))
        km.append(manager)
    km[0].set_peer(km[1], a, b)
    km[1].set_peer(km[0], b, a)
    stream = 100
    stream += ipsec.AssignStreams(nodes, stream)
    stream += km[0].assign_streams(stream)
    km[1].assign_streams(stream)

    # Two constant-rate flows, A -> B and B -> A, to port 9; B's starts 5 ms after A's.
    flows = []
    for i in range(2):
        j = 1 - i
        rx = ns.Socket.CreateSocket(nodes.Get(j), ns.UdpSocketFactory.GetTypeId())
        rx.Bind(ns.InetSocketAddress(ns.Ipv4Address.GetAny(), 9))
        tx = ns.Socket.CreateSocket(nodes.Get(i), ns.UdpSocketFactory.GetTypeId())
        flow = Flow(names[i] + "->" + names[j], tx, rx, km[i])
        rx.SetRecvCallback(flow.receive)
        tx.Connect(ns.InetSocketAddress(b if i == 0 else a, 9))
        for k in range(int(args.rate * args.duration)):
            ns.Simulator.Schedule(ns.Seconds(1 + k / args.rate) + ns.MilliSeconds(5 * i),
                                  flow.send)
        flows.append(flow)

    p2p.EnablePcap(output_dir + "/ipsec-key-management", devices.Get(0), False)

    print("Timeline:")
    ns.Simulator.Stop(ns.Seconds(2 + args.duration))
    ns.Simulator.Run()

    # The key file: one row per SA the SADs held, every generation of keys.
    key_file = output_dir + "/ipsec-key-management.esp_sa"
    with open(key_file, "w") as keys:
        keys.write("# Wireshark esp_sa rows for every SA key management installed\n")
        for key in sorted(rows):
            keys.write(rows[key] + "\n")

    failures = []
    print("\nFlows (%g packets/s for %g s each way):" % (args.rate, args.duration))
    for f in flows:
        held = released = lost_after_up = 0
        for seq in range(len(f.sent_at)):
            got = seq in f.received
            if not f.after_up[seq]:
                held += 1
                released += 1 if got else 0
            elif not got:
                lost_after_up += 1
        print("  %s: sent %d, received %d; held while negotiating %d, released %d; lost after "
              "the SAs came up %d%s" % (f.name, len(f.sent_at), len(f.received), held, released,
                                        lost_after_up,
                                        ", duplicates %d" % f.duplicates if f.duplicates else ""))
        if f.sender_manager.first_sa_up is None:
            failures.append(f.name + ": no SA ever came up")
        if lost_after_up > 0:
            failures.append("%s: %d packets lost after the SAs came up" % (f.name, lost_after_up))
    line = "IPsec drops:"
    if not drops:
        line += " none"
    for (node, reason) in sorted(drops):
        line += " %s %s %d;" % (node, reason, drops[(node, reason)])
    print(line)
    rekeys = km[0].rekeys + km[1].rekeys
    errors = km[0].errors + km[1].errors
    print("SA pairs negotiated: %d (%d rekeys); PF_KEY errors: %d" % (len(rows) // 2, rekeys, errors))
    if rekeys == 0:
        failures.append("no rekey happened")
    if errors > 0:
        failures.append("%d PF_KEY errors" % errors)
    print("Wrote %s/ipsec-key-management-0-0.pcap and %s" % (output_dir, key_file))
    ns.Simulator.Destroy()
    for why in failures:
        print("FAIL: " + why)
    if not failures:
        print("OK: no packet lost once the SAs were up, %d rekeys" % rekeys)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
