#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Per-socket IPsec policy (IP_SEC_OPT), privileges, the policy logger and the Decision trace.

The Python twin of ipsec-socket-policy.cc (same arguments, same output, same log):

  client 10.1.1.1 ------------ server 10.1.1.2

System-wide policy on both hosts protects all UDP with ESP AES-CBC. On the client an
unprivileged application socket asks for AES-GCM (refused: EPERM) and then for an SA of its
own (REQUIRED|UNIQUE); a privileged monitoring socket bypasses policy (NEVER), an unprivileged
one may not. Refusals go to a policy logger; every decision is counted through the Decision
trace. Exits with status 1 if anything differs from what is expected.
"""

import errno
import sys

import ns3ipsec as ns


def main(argv):
    cmd = ns.CommandLine(__doc__.splitlines()[0])
    cmd.AddValue("log", "Policy logger file", "ipsec-socket-policy.log")
    cmd.AddValue("logLevel", "Policy logger log_level (minimal, message, packet, stack)",
                 "message+packet")
    args = cmd.Parse(argv)

    hosts = ns.NodeContainer()
    hosts.Create(2)
    p2p = ns.PointToPointHelper()
    devices = p2p.Install(hosts)
    ns.InternetStackHelper().Install(hosts)
    addresses = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0")
    ifaces = addresses.Assign(devices)
    server = ifaces.GetAddress(1)

    ipsec = ns.IpsecHelper()
    ipsec.Install(hosts)
    ipsec.AssignStreams(hosts, 1)

    # System-wide policy: all UDP protected with ESP AES-CBC, on both hosts.
    for i in range(2):
        udp = ns.IpsecTrafficSelector()
        udp.SetProtocol(17)
        policy = ns.IpsecPolicy(udp, ns.IpsecAction.PROTECT)
        policy.SetProtection(ns.IpsecProtocol.ESP, ns.IpsecMode.TRANSPORT,
                             ns.IpsecEncryption.AES_CBC)
        ipsec.AddPolicy(hosts.Get(i), policy)
    cbc = ns.IpsecEspSaConfig(encryption=ns.IpsecEncryption.AES_CBC,
                              integrity=ns.IpsecIntegrity.HMAC_SHA256_128)

    # The policy logger, for both hosts.
    logger = ns.IpsecPolicyLogger()
    try:
        logger.SetProperty("log_file", args.log)
        logger.SetProperty("log_level", args.logLevel)
    except ns.IpsecError as error:
        print(error, file=sys.stderr)
        return 1
    logger.Refresh()
    logger.Enable()  # rotates an existing log to .0
    ns.IpsecHelper.SetPolicyLogger(hosts, logger)
    decisions = {}

    def count_decision(context, packet, info):
        node = context[10:context.index("/", 10)]
        key = "node %s %s" % (node, info.decision)
        if info.reason is not None:
            key += " (%s)" % info.reason
        decisions[key] = decisions.get(key, 0) + 1

    ns.Config.Connect("/NodeList/*/$ns3::IpsecLayer/Decision", count_decision)

    received = {}

    def receive(socket):
        while socket.Recv():
            port = socket.GetSockName().GetPort()
            received[port] = received.get(port, 0) + 1

    def bound(node, port):
        s = ns.Socket.CreateSocket(node, ns.UdpSocketFactory.GetTypeId())
        s.Bind(ns.InetSocketAddress(ns.Ipv4Address.GetAny(), port))
        s.SetRecvCallback(receive)
        return s

    def set_sock_opt(socket, request):
        """setsockopt's result as C++ returns it: 0 or the errno, and the message."""
        try:
            ns.IpsecSocketOptions.SetSockOpt(socket, ns.IpsecSocketOption.IP_SEC_OPT, request)
            return 0, ""
        except OSError as error:
            return error.errno, error.strerror

    # Server sockets: the application port, and a privileged monitoring port.
    app_server = bound(hosts.Get(1), 5000)
    monitor_server = bound(hosts.Get(1), 5001)
    never_bits = ns.IpsecSocketRequest.PREF_NEVER
    never = ns.IpsecSocketRequest(ahReq=never_bits, espReq=never_bits, selfEncapReq=never_bits)
    ns.IpsecSocketOptions.SetPrivileged(monitor_server, True)
    set_sock_opt(monitor_server, never)

    # The client application asks for AES-GCM: refused, it is not privileged.
    app = bound(hosts.Get(0), 0)
    gcm = ns.IpsecSocketRequest(espReq=ns.IpsecSocketRequest.PREF_REQUIRED,
                                espAlg=int(ns.IpsecEncryption.AES_GCM_ICV16))
    gcm_result, error = set_sock_opt(app, gcm)
    print("app socket, ESP with aes-gcm: %s (%s)"
          % ("EPERM" if gcm_result == errno.EPERM else "accepted", error))
    # It settles for an SA of its own with the system-wide algorithm.
    unique = ns.IpsecSocketRequest(
        espReq=ns.IpsecSocketRequest.PREF_REQUIRED | ns.IpsecSocketRequest.PREF_UNIQUE)
    set_sock_opt(app, unique)
    reqid = ns.IpsecSocketOptions.GetUniqueReqid(app, ns.IpsecSocketOption.IP_SEC_OPT)
    print("app socket, ESP required+unique: request ID %d" % reqid)
    cbc.reqid = reqid  # what key management would negotiate for the socket
    own = ipsec.AddEspSaPair(hosts.Get(0), ifaces.GetAddress(0), hosts.Get(1), server, cbc)
    # The shared SAs everything else uses (the UNIQUE socket's SAs are its own).
    cbc.reqid = 0
    ipsec.AddEspSaPair(hosts.Get(0), ifaces.GetAddress(0), hosts.Get(1), server, cbc)

    # Monitoring: the privileged socket bypasses; an unprivileged one may not.
    monitor = bound(hosts.Get(0), 0)
    ns.IpsecSocketOptions.SetPrivileged(monitor, True)
    set_sock_opt(monitor, never)
    sneaky = bound(hosts.Get(0), 0)
    sneaky_result, _ = set_sock_opt(sneaky, never)
    print("unprivileged socket, bypass: %s"
          % ("EPERM" if sneaky_result == errno.EPERM else "accepted"))

    def send(socket, size, port):
        socket.SendTo(ns.Packet(size), 0, ns.InetSocketAddress(server, port))

    for i in range(5):
        ns.Simulator.Schedule(ns.Seconds(1 + 0.1 * i), send, app, 200, 5000)
        ns.Simulator.Schedule(ns.Seconds(2 + 0.1 * i), send, monitor, 50, 5001)
    # The refused socket's datagram to the monitoring port still goes through system policy:
    # ESP, which the server's bypassing monitoring socket accepts as well.
    ns.Simulator.Schedule(ns.Seconds(3), send, sneaky, 50, 5001)
    ns.Simulator.Stop(ns.Seconds(4))
    ns.Simulator.Run()

    for i in range(2):
        print(ns.IpsecHelper.Print(hosts.Get(i)), end="")
    print("Decisions:")
    for what in sorted(decisions):
        print("  %s: %d" % (what, decisions[what]))
    print("Policy logger: %d entries in %s" % (logger.GetEntryCount(), args.log))

    ok = (gcm_result == errno.EPERM and sneaky_result == errno.EPERM
          and received.get(5000) == 5 and received.get(5001) == 6
          and own.atob.GetCounters().txPackets == 5 and logger.GetEntryCount() == 2)
    ns.Simulator.Destroy()
    if not ok:
        print("unexpected outcome", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
