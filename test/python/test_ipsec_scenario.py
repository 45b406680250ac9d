# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Two hosts on a point-to-point link, protected by ESP: delivery, counters, traces, errors."""

import pytest

import ns3ipsec as ns


@pytest.fixture(autouse=True)
def fresh_simulator():
    yield
    ns.Simulator.Destroy()


def two_hosts():
    nodes = ns.NodeContainer(2)
    p2p = ns.PointToPointHelper()
    p2p.SetDeviceAttribute("DataRate", "100Mbps")
    p2p.SetChannelAttribute("Delay", "1ms")
    devices = p2p.Install(nodes)
    ns.InternetStackHelper().Install(nodes)
    addresses = ns.Ipv4AddressHelper(ns.Ipv4Address("10.1.1.0"), ns.Ipv4Mask("255.255.255.0"))
    interfaces = addresses.Assign(devices)
    return nodes, interfaces.GetAddress(0), interfaces.GetAddress(1)


def protect_udp(ipsec, nodes, a, b):
    udp = ns.IpsecTrafficSelector()
    udp.SetLocalPrefix(a, ns.Ipv4Mask("/32")).SetRemotePrefix(b, ns.Ipv4Mask("/32"))
    udp.SetProtocol(17)
    ipsec.AddPolicyPair(nodes.Get(0), nodes.Get(1), udp, ns.IpsecAction.PROTECT)


def send_udp(nodes, b, count, size=100):
    """count datagrams from node 0 to b:9 at 1 s + k*10 ms; returns the payloads received."""
    received = []
    rx = ns.Socket.CreateSocket(nodes.Get(1), ns.UdpSocketFactory.GetTypeId())
    rx.Bind(ns.InetSocketAddress(ns.Ipv4Address.GetAny(), 9))

    def on_recv(socket):
        while True:
            packet = socket.Recv()
            if packet is None:
                break
            received.append(packet.ToBytes())

    rx.SetRecvCallback(on_recv)
    tx = ns.Socket.CreateSocket(nodes.Get(0), ns.UdpSocketFactory.GetTypeId())
    tx.Connect(ns.InetSocketAddress(b, 9))
    for k in range(count):
        payload = bytes([k]) * size
        ns.Simulator.Schedule(
            ns.Seconds(1) + ns.MilliSeconds(10 * k), lambda p=payload: tx.Send(ns.Packet(p))
        )
    return received, (rx, tx)


def test_esp_delivers_data_and_counts_every_packet():
    nodes, a, b = two_hosts()
    ipsec = ns.IpsecHelper()
    ipsec.Install(nodes)
    protect_udp(ipsec, nodes, a, b)
    added = []
    for i in range(2):
        sad = nodes.Get(i).GetObject(ns.IpsecLayer).GetSad()
        sad.TraceConnectWithoutContext("SaAdded", lambda sa, i=i: added.append((i, sa.GetSpi())))
    config = ns.IpsecEspSaConfig(
        encryption=ns.IpsecEncryption.AES_CBC, integrity=ns.IpsecIntegrity.HMAC_SHA256_128
    )
    pair = ipsec.AddEspSaPair(nodes.Get(0), a, nodes.Get(1), b, config)
    assert sorted(added) == sorted(
        [(0, pair.atob.GetSpi()), (0, pair.btoa.GetSpi()), (1, pair.atob.GetSpi()),
         (1, pair.btoa.GetSpi())]
    )
    protected = []
    layer_a = nodes.Get(0).GetObject(ns.IpsecLayer)
    layer_b = nodes.Get(1).GetObject(ns.IpsecLayer)
    layer_a.TraceConnectWithoutContext("Protect", lambda p, sa: protected.append(sa.GetSpi()))
    received, _keep = send_udp(nodes, b, 5)
    ns.Simulator.Stop(ns.Seconds(3))
    ns.Simulator.Run()
    assert received == [bytes([k]) * 100 for k in range(5)]
    assert protected == [pair.atob.GetSpi()] * 5
    assert layer_a.GetCounters().protectedOut == 5
    assert layer_b.GetCounters().protectedIn == 5
    assert pair.atob.GetCounters().txPackets == 5
    assert layer_b.GetCounters().GetTotalDrops() == 0
    text = layer_a.Print()
    assert "0x%08x" % pair.atob.GetSpi() in text
    assert ns.IpsecHelper.Print(nodes.Get(0)).count("0x%08x" % pair.atob.GetSpi()) >= 1
    rows = ipsec.GetWiresharkEspSaRows()
    assert len(rows) == 2 and all(r.startswith('"IPv4"') for r in rows)


def test_drop_trace_reports_missing_sas():
    nodes, a, b = two_hosts()
    ipsec = ns.IpsecHelper()
    ipsec.Install(nodes)
    protect_udp(ipsec, nodes, a, b)
    config = ns.IpsecEspSaConfig(spi_a_to_b=0x3001, spi_b_to_a=0x3002)
    ipsec.AddEspSaPair(nodes.Get(0), a, nodes.Get(1), b, config)
    # B loses its copy of the A->B SA: A's ESP arrives for an SPI B does not know.
    assert nodes.Get(1).GetObject(ns.IpsecLayer).GetSad().Remove(ns.IpsecProtocol.ESP, b, 0x3001)
    drops = []
    decisions = []
    layer_b = nodes.Get(1).GetObject(ns.IpsecLayer)
    layer_b.TraceConnect("Drop", "B", lambda ctx, p, reason, spi: drops.append((ctx, reason, spi)))
    layer_b.TraceConnectWithoutContext("Decision", lambda p, info: decisions.append(info))
    received, _keep = send_udp(nodes, b, 3)
    ns.Simulator.Stop(ns.Seconds(3))
    ns.Simulator.Run()
    assert received == []
    assert [(ctx, r) for ctx, r, _spi in drops] == [("B", ns.IpsecDropReason.NO_SA)] * 3
    assert layer_b.GetCounters().GetDrops(ns.IpsecDropReason.NO_SA) == 3
    dropped = [d for d in decisions if d.decision == ns.IpsecDecision.DROP]
    assert [d.reason for d in dropped] == [ns.IpsecDropReason.NO_SA] * 3
    assert dropped[0].direction == ns.IpsecDirection.INBOUND


def test_drop_trace_without_outbound_sa():
    nodes, a, b = two_hosts()
    ipsec = ns.IpsecHelper()
    ipsec.Install(nodes)
    protect_udp(ipsec, nodes, a, b)
    drops = []
    layer_a = nodes.Get(0).GetObject(ns.IpsecLayer)
    with layer_a.TraceConnectWithoutContext("Drop", lambda p, r, spi: drops.append(r)):
        _received, _keep = send_udp(nodes, b, 2)
        ns.Simulator.Stop(ns.Seconds(3))
        ns.Simulator.Run()
    assert drops == [ns.IpsecDropReason.NO_OUTBOUND_SA] * 2


def test_helper_errors_raise_ipsec_error_with_the_cpp_message():
    bare = ns.NodeContainer(1)
    ipsec = ns.IpsecHelper()
    node_id = bare.Get(0).GetId()
    with pytest.raises(ns.IpsecError) as error:
        ipsec.Install(bare.Get(0))
    assert str(error.value) == (
        "IpsecHelper::Install: node %d has no IP stack; install the internet stack first"
        % node_id
    )
    nodes, a, b = two_hosts()
    ipsec.Install(nodes)
    with pytest.raises(ns.IpsecError, match="already has IPsec"):
        ipsec.Install(nodes.Get(0))
    bad = ns.IpsecEspSaConfig(encryption=ns.IpsecEncryption.AES_CBC, key_a_to_b=b"short")
    with pytest.raises(ValueError, match="^IpsecHelper"):
        ipsec.AddEspSaPair(nodes.Get(0), a, nodes.Get(1), b, bad)
    assert len(nodes.Get(0).GetObject(ns.IpsecLayer).GetSad()) == 0  # all or nothing
    with pytest.raises(ns.IpsecError, match="engines must be >= 1"):
        ipsec.EnableProcessingDelay(nodes, 0)
    with pytest.raises(ns.IpsecError, match="has no outside interface"):
        ns.Ipv4NaptHelper().Install(nodes.Get(0), 7, [1])


def test_processing_delay_engine_traces_jobs():
    nodes, a, b = two_hosts()
    ipsec = ns.IpsecHelper()
    ipsec.Install(nodes)
    protect_udp(ipsec, nodes, a, b)
    ipsec.AddEspSaPair(nodes.Get(0), a, nodes.Get(1), b, ns.IpsecEspSaConfig())
    engines = ipsec.EnableProcessingDelay(nodes)
    assert len(engines) == 2 and engines[0].GetBacklog() == 0
    jobs = []
    engines[0].TraceConnectWithoutContext(
        "Job", lambda p, direction, queueing, service: jobs.append((direction, service))
    )
    received, _keep = send_udp(nodes, b, 2)
    ns.Simulator.Stop(ns.Seconds(3))
    ns.Simulator.Run()
    assert len(received) == 2
    assert [d for d, _ in jobs] == [ns.IpsecCryptoEngine.ENCRYPT] * 2
    assert all(s > ns.Seconds(0) for _, s in jobs)


def test_pfkey_socket_getspi_reply():
    nodes, a, b = two_hosts()
    ns.IpsecHelper().Install(nodes)
    socket = ns.Socket.CreateSocket(nodes.Get(0), ns.PfKeySocketFactory.GetTypeId())
    assert isinstance(socket, ns.PfKeySocket)
    replies = []

    def on_recv(s):
        while True:
            packet = s.Recv()
            if packet is None:
                break
            replies.append(ns.PfKeyMessage.Parse(packet.ToBytes()))

    socket.SetRecvCallback(on_recv)
    request = ns.PfKeyMessage(ns.PfKeyMessageType.GETSPI, ns.PfKeySaType.ESP, 1, socket.GetPid())
    request.sourceAddress = ns.PfKeyAddressExtension.ForHost(b)
    request.destinationAddress = ns.PfKeyAddressExtension.ForHost(a)
    ns.Simulator.Schedule(ns.Seconds(1), lambda: socket.Send(ns.Packet(request.Serialize())))
    ns.Simulator.Stop(ns.Seconds(2))
    ns.Simulator.Run()
    assert len(replies) == 1
    status, reply = replies[0]
    assert status.IsOk() and reply.error == ns.PfKeyErrno.OK
    assert reply.type == ns.PfKeyMessageType.GETSPI and reply.sequence == 1
    spi = reply.sa.spi
    sad = nodes.Get(0).GetObject(ns.IpsecLayer).GetSad()
    assert sad.IsReserved(ns.IpsecProtocol.ESP, a, spi)
    assert sad.IsInUse(ns.IpsecProtocol.ESP, a, spi)


TRACE_SOURCES = {
    "layer": ["Decision", "SocketOptionRefused", "Drop", "Protect", "Unprotect",
              "NatMappingChanged", "MulticastControlReceived"],
    "sad": ["SaAdded", "SaUpdated", "SaDeleted", "SaExpired"],
    "keys": ["Request", "Send", "Error", "AcquireSent", "ExpireSent", "NewMappingSent"],
    "engine": ["Backlog", "Job", "QueueingDelay"],
    "logger": ["Logged"],
    "encap": ["KeepaliveSent", "KeepaliveReceived"],
    "napt": ["MappingCreated", "MappingRefreshed", "MappingExpired", "Drop", "FilterDrop"],
}


def test_every_trace_source_of_the_module_takes_a_python_callable():
    nodes, _a, _b = two_hosts()
    layer = ns.IpsecHelper().Install(nodes.Get(0))
    objects = {
        "layer": layer,
        "sad": layer.GetSad(),
        "keys": nodes.Get(0).GetObject(ns.IpsecKeyEngine),
        "engine": ns.CreateObject(ns.IpsecCryptoEngine),
        "logger": ns.IpsecPolicyLogger(),
        "encap": layer.GetUdpEncapsulation(),
        "napt": ns.CreateObject("ns3::Ipv4Napt"),
    }
    for kind, names in TRACE_SOURCES.items():
        for name in names:
            connection = objects[kind].TraceConnectWithoutContext(name, lambda *args: None)
            assert connection.active, (kind, name)
            connection.disconnect()


def test_pfkey_key_manager_flow_acquire_getspi_update_add():
    """What the key-management example's manager does, from Python: REGISTER, ACQUIRE on
    traffic without SAs, GETSPI, UPDATE of the larval SA, ADD of the outbound one."""
    nodes, a, b = two_hosts()
    ipsec = ns.IpsecHelper()
    ipsec.Install(nodes)
    protect_udp(ipsec, nodes, a, b)
    socket = ns.Socket.CreateSocket(nodes.Get(0), ns.PfKeySocketFactory.GetTypeId())
    pid = socket.GetPid()
    messages = []

    def on_recv(s):
        while True:
            packet = s.Recv()
            if packet is None:
                break
            status, message = ns.PfKeyMessage.Parse(packet.ToBytes())
            assert status.IsOk(), str(status)
            messages.append(message)

    socket.SetRecvCallback(on_recv)
    sequence = [0]

    def request(message):
        sequence[0] += 1
        message.sequence = sequence[0]
        message.pid = pid
        socket.Send(ns.Packet(message.Serialize()))

    ns.Simulator.Schedule(
        ns.Seconds(0.5),
        lambda: request(ns.PfKeyMessage(ns.PfKeyMessageType.REGISTER, ns.PfKeySaType.ESP)),
    )
    _received, _keep = send_udp(nodes, b, 1)
    ns.Simulator.Stop(ns.Seconds(1.5))
    ns.Simulator.Run()
    types = [m.type for m in messages]
    assert ns.PfKeyMessageType.REGISTER in types and ns.PfKeyMessageType.ACQUIRE in types
    acquire = messages[types.index(ns.PfKeyMessageType.ACQUIRE)]
    assert acquire.destinationAddress.sockaddr.address == ns.IpsecAddress(b)

    getspi = ns.PfKeyMessage(ns.PfKeyMessageType.GETSPI, ns.PfKeySaType.ESP)
    getspi.sourceAddress = ns.PfKeyAddressExtension.ForHost(b)
    getspi.destinationAddress = ns.PfKeyAddressExtension.ForHost(a)
    request(getspi)
    ns.Simulator.Stop(ns.Seconds(0.1))
    ns.Simulator.Run()
    reply = messages[-1]
    assert reply.type == ns.PfKeyMessageType.GETSPI and reply.error == ns.PfKeyErrno.OK
    inbound_spi = reply.sa.spi

    aes = ns.IpsecAlgorithmRegistry.FindEncryption("aes-cbc")
    sha = ns.IpsecAlgorithmRegistry.FindIntegrity("hmac-sha256")
    for kind, spi, source, destination in [
        (ns.PfKeyMessageType.UPDATE, inbound_spi, b, a),
        (ns.PfKeyMessageType.ADD, 0x7001, a, b),
    ]:
        params = ns.IpsecSaParams(
            spi=spi,
            source=source,
            destination=destination,
            encryption=aes.id,
            encryption_key=bytes(16 + aes.saltBytes),
            integrity=sha.id,
            integrity_key=bytes(sha.keyBits // 8),
            soft_lifetime=ns.IpsecLifetime(add_time=ns.Seconds(2)),
        )
        status, message = ns.PfKeyConverter.FromSaParams(kind, params)
        assert status.IsOk(), str(status)
        request(message)
    ns.Simulator.Stop(ns.Seconds(0.1))
    ns.Simulator.Run()
    replies = [m for m in messages if m.pid == pid and m.sequence >= 3]
    assert [(m.type, m.error) for m in replies[-2:]] == [
        (ns.PfKeyMessageType.UPDATE, ns.PfKeyErrno.OK),
        (ns.PfKeyMessageType.ADD, ns.PfKeyErrno.OK),
    ]
    sad = nodes.Get(0).GetObject(ns.IpsecLayer).GetSad()
    inbound = sad.FindInbound(ns.IpsecProtocol.ESP, a, inbound_spi)
    assert inbound.GetState() == ns.IpsecSaState.MATURE
    assert sad.Get(ns.IpsecProtocol.ESP, b, 0x7001).GetSource() == ns.IpsecAddress(a)
    row = ns.WiresharkEspSa.FromSa(sad.Get(ns.IpsecProtocol.ESP, b, 0x7001)).Format()
    assert row.startswith('"IPv4"')
