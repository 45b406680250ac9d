# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""The ipsec module from Python: policies, SAs, traces, counters, errors, tools."""

import errno
import gc
import os
import re

import pytest
from conftest import pcap_frames

import ns3ipsec as ns

HELPER_SOURCE = os.path.join(os.path.dirname(__file__), "..", "..", "helper", "ipsec-helper.cc")


def protect_udp(hosts, sa_config=None):
    """IPsec on both hosts, all UDP protected, an ESP SA pair; returns (helper, pair)."""
    ipsec = ns.IpsecHelper()
    ipsec.Install(hosts.nodes)
    ipsec.AssignStreams(hosts.nodes, 1)
    ipsec.AddPolicyPair(hosts.nodes[0], hosts.nodes[1], ns.IpsecTrafficSelector().SetProtocol(17),
                        ns.IpsecAction.PROTECT)
    pair = None
    if sa_config is not None:
        pair = ipsec.AddEspSaPair(hosts.nodes[0], hosts.a, hosts.nodes[1], hosts.b, sa_config)
    return ipsec, pair


def test_esp_protects_every_datagram_and_counts_it(two_hosts, tmp_path):
    config = ns.IpsecEspSaConfig(encryption=ns.IpsecEncryption.AES_CBC,
                                 integrity=ns.IpsecIntegrity.HMAC_SHA256_128)
    ipsec, pair = protect_udp(two_hosts, config)
    echoes = two_hosts.echo(packets=5)
    protected = []
    layer = two_hosts.nodes[0].GetObject(ns.IpsecLayer)
    assert isinstance(layer, ns.IpsecLayer)
    layer.TraceConnectWithoutContext("Protect", lambda p, sa: protected.append(sa.GetSpi()))
    two_hosts.p2p.EnablePcap(str(tmp_path / "esp"), two_hosts.devices.Get(0), False, False)
    ipsec.WriteWiresharkEspSa(str(tmp_path / "keys.esp_sa"))
    ns.Simulator.Stop(ns.Seconds(3))
    ns.Simulator.Run()

    assert echoes == [100] * 5
    assert protected == [pair.atob.GetSpi()] * 5
    counters = layer.GetCounters()
    assert (counters.protectedOut, counters.protectedIn, counters.clearOut) == (5, 5, 0)
    assert pair.atob.GetCounters().txPackets == 5 and pair.btoa.GetCounters().rxPackets == 5
    assert pair.atob.GetReplayWindow().GetSize() > 0
    assert repr(pair.atob).startswith("<SecurityAssociation esp spi 0x%08x" % pair.atob.GetSpi())

    ns.Simulator.Destroy()
    del two_hosts.devices, two_hosts.p2p, two_hosts.nodes, layer
    gc.collect()
    frames = pcap_frames(str(tmp_path / "esp-0-0.pcap"))
    assert [f[2 + 9] for f in frames] == [50] * 10  # only ESP on the wire
    # The module's own inbound transforms verify and decrypt the capture with the keys file.
    inspector = ns.EspPcapInspector()
    inspector.LoadKeys(str(tmp_path / "keys.esp_sa"))
    summary = inspector.Inspect(str(tmp_path / "esp-0-0.pcap"))
    assert (summary.esp, summary.good, summary.failed) == (10, 10, 0)


def test_missing_sa_is_a_traced_counted_drop(two_hosts):
    protect_udp(two_hosts)  # a policy, but no SA
    two_hosts.echo(packets=2)
    drops = []
    decisions = []
    layer = two_hosts.nodes[0].GetObject(ns.IpsecLayer)
    layer.TraceConnectWithoutContext("Drop", lambda p, reason, spi: drops.append(str(reason)))
    ns.Config.ConnectWithoutContext(
        "/NodeList/0/$ns3::IpsecLayer/Decision",
        lambda p, info: decisions.append((str(info.decision), str(info.reason))),
    )
    ns.Simulator.Stop(ns.Seconds(3))
    ns.Simulator.Run()
    assert drops == ["no-outbound-sa"] * 2
    # Each datagram: the policy says protect, then it is dropped for want of an SA.
    assert decisions == [("protect", "None"), ("drop", "no-outbound-sa")] * 2
    counters = layer.GetCounters()
    assert counters.GetDrops(ns.IpsecDropReason.NO_OUTBOUND_SA) == 2
    assert counters.GetTotalDrops() == 2
    assert "no-outbound-sa" in ns.IpsecHelper.Print(two_hosts.nodes[0])


def test_helper_errors_raise_ipsec_error_with_the_cpp_message():
    nodes = ns.NodeContainer(1)
    with pytest.raises(ns.IpsecError) as raised:
        ns.IpsecHelper().Install(nodes[0])
    assert isinstance(raised.value, ValueError)
    message = str(raised.value)
    assert message == "IpsecHelper::Install: node 0 has no IP stack; install the internet stack first"
    # The same words as the C++ source throws.
    assert "has no IP stack; install the" in open(HELPER_SOURCE).read()
    assert nodes[0].GetObject(ns.IpsecLayer) is None  # nothing half-installed


def test_bad_sa_is_refused_and_nothing_installed(two_hosts):
    ipsec, _ = protect_udp(two_hosts)
    bad = ns.IpsecEspSaConfig(encryption=ns.IpsecEncryption.AES_CBC, keyAtoB=b"short")
    with pytest.raises(ns.IpsecError, match="key"):
        ipsec.AddEspSaPair(two_hosts.nodes[0], two_hosts.a, two_hosts.nodes[1], two_hosts.b, bad)
    for node in two_hosts.nodes:
        assert len(node.GetObject(ns.IpsecLayer).GetSad()) == 0


def test_spd_entries_have_readable_repr_and_validate():
    selector = ns.IpsecTrafficSelector().SetProtocol(6).SetRemotePorts(443, 443)
    assert repr(selector) == "<IpsecTrafficSelector %s>" % selector
    policy = ns.IpsecPolicy(selector, ns.IpsecAction.PROTECT)
    policy.SetProtection(ns.IpsecProtocol.ESP, ns.IpsecMode.TUNNEL).SetTunnelEndpoints(
        ns.IpsecAddress("192.0.2.1"), ns.IpsecAddress("192.0.2.2"))
    assert "protect" in repr(policy) and "tunnel" in repr(policy)
    assert policy.Validate() == ""
    incomplete = ns.IpsecPolicy(selector, ns.IpsecAction.PROTECT)
    incomplete.SetProtection(ns.IpsecProtocol.ESP, ns.IpsecMode.TUNNEL)  # no endpoints
    assert incomplete.Validate() != ""
    with pytest.raises(ns.IpsecError):
        ns.IpsecAddress("not an address")


def test_spd_add_iterate_and_refuse(two_hosts):
    ipsec = ns.IpsecHelper()
    layer = ipsec.Install(two_hosts.nodes[0])
    spd = layer.GetSpd()
    spd.Add(ns.IpsecPolicy(ns.IpsecTrafficSelector().SetProtocol(17), ns.IpsecAction.BYPASS))
    assert len(spd) == 1 and [p.GetAction() for p in spd] == [ns.IpsecAction.BYPASS]
    bad = ns.IpsecPolicy(ns.IpsecTrafficSelector(), ns.IpsecAction.PROTECT)
    bad.SetProtection(ns.IpsecProtocol.AH, ns.IpsecMode.TUNNEL)
    with pytest.raises(ns.IpsecError):
        spd.Add(bad)
    assert len(spd) == 1


def test_sad_trace_and_lookup(two_hosts):
    ipsec = ns.IpsecHelper()
    ipsec.Install(two_hosts.nodes)
    added = []
    sad = two_hosts.nodes[1].GetObject(ns.IpsecLayer).GetSad()
    sad.TraceConnectWithoutContext("SaAdded", lambda sa: added.append(sa.GetSpi()))
    pair = ipsec.AddAhSaPair(two_hosts.nodes[0], two_hosts.a, two_hosts.nodes[1], two_hosts.b,
                             ns.IpsecAhSaConfig(spiAtoB=0x1001, spiBtoA=0x1002))
    assert sorted(added) == [0x1001, 0x1002]
    found = sad.Get(ns.IpsecProtocol.AH, ns.IpsecAddress(two_hosts.b), 0x1001)
    assert found.GetSpi() == pair.atob.GetSpi() == 0x1001
    assert sad.Get(ns.IpsecProtocol.AH, ns.IpsecAddress(two_hosts.b), 0x9999) is None


def test_enumerations_mirror_the_headers():
    model = os.path.join(os.path.dirname(__file__), "..", "..", "model")
    text = "".join(open(os.path.join(model, f)).read() for f in os.listdir(model) if f.endswith(".h"))
    for enum in (ns.IpsecEncryption, ns.IpsecIntegrity, ns.IpsecDropReason, ns.IpsecDecision,
                 ns.PfKeyMessageType, ns.PfKeyErrno, ns.Ipv4NaptDropReason):
        body = re.search(r"enum class %s\b[^{]*\{(.*?)\};" % enum.__name__, text, re.S).group(1)
        body = re.sub(r"//[^\n]*|/\*.*?\*/", "", body, flags=re.S)
        names = {re.match(r"\s*(\w+)", item).group(1) for item in body.split(",") if item.strip()}
        assert set(enum.__members__) == names - {"COUNT"}, enum.__name__
    assert str(ns.IpsecDropReason.NO_SA) == "no-sa"
    assert str(ns.IpsecAction.BYPASS) == "bypass"


def test_socket_option_refusal_is_an_os_error(two_hosts):
    ipsec = ns.IpsecHelper()
    ipsec.Install(two_hosts.nodes)
    socket = ns.Socket.CreateSocket(two_hosts.nodes[0], ns.UdpSocketFactory.GetTypeId())
    never = ns.IpsecSocketRequest(espReq=ns.IpsecSocketRequest.PREF_NEVER)
    with pytest.raises(OSError) as raised:
        ns.IpsecSocketOptions.SetSockOpt(socket, ns.IpsecSocketOption.IP_SEC_OPT, never)
    assert raised.value.errno == errno.EPERM
    ns.IpsecSocketOptions.SetPrivileged(socket, True)
    ns.IpsecSocketOptions.SetSockOpt(socket, ns.IpsecSocketOption.IP_SEC_OPT, never)
    got = ns.IpsecSocketOptions.GetSockOpt(socket, ns.IpsecSocketOption.IP_SEC_OPT)
    assert got.espReq == ns.IpsecSocketRequest.PREF_NEVER
    layer = two_hosts.nodes[0].GetObject(ns.IpsecLayer)
    assert layer.GetCounters().socketOptionsRefused == 1


def test_policy_logger_properties_and_with_block(tmp_path):
    logger = ns.IpsecPolicyLogger()
    with pytest.raises(ns.IpsecError):
        logger.SetProperty("no_such_property", "1")
    logger.SetProperty("log_file", str(tmp_path / "policy.log"))
    logger.Refresh()
    with logger:
        assert logger.IsOnline()
    assert not logger.IsOnline()


def test_nat_mappings_through_python_trace():
    hosts = ns.NodeContainer(2)
    nat = ns.Node()
    server = ns.Node()
    stack = ns.InternetStackHelper()
    stack.Install(hosts)
    stack.Install(nat)
    stack.Install(server)
    p2p = ns.PointToPointHelper()
    inside = [p2p.Install(hosts[i], nat) for i in range(2)]
    outside = p2p.Install(nat, server)
    helper = ns.Ipv4AddressHelper()
    for i, link in enumerate(inside):
        helper.SetBase("10.1.%d.0" % (i + 1), "255.255.255.0")
        inside_ifs = helper.Assign(link)
        routing = ns.Ipv4StaticRoutingHelper().GetStaticRouting(hosts[i].GetObject(ns.Ipv4))
        routing.SetDefaultRoute(inside_ifs.GetAddress(1), 1)
    helper.SetBase("203.0.113.0", "255.255.255.0")
    out = helper.Assign(outside)
    napt = ns.Ipv4NaptHelper().Install(nat, 3, [1, 2])
    created = []
    napt.TraceConnectWithoutContext("MappingCreated", lambda m: created.append(m.internalPort))
    ns.UdpEchoServerHelper(7).Install(server)
    for i in range(2):
        client = ns.UdpEchoClientHelper(out.GetAddress(1), 7)
        client.SetAttribute("MaxPackets", 1)
        client.Install(hosts[i]).Start(ns.Seconds(1 + i))
    ns.Simulator.Stop(ns.Seconds(4))
    ns.Simulator.Run()
    assert len(created) == 2
    assert napt.GetOutboundTranslations() == 2 and napt.GetInboundTranslations() == 2
    assert {m.externalAddress for m in napt.GetMappings()} == {ns.Ipv4Address("203.0.113.1")}
    assert napt.PrintMappings().count("\nudp ") == 2
    with pytest.raises(ns.IpsecError):
        ns.Ipv4NaptHelper().SetAttribute("NoSuchAttribute", 1)


def test_config_files_report_file_line_and_reason(tmp_path):
    nodes = ns.NodeContainer(1)
    ns.InternetStackHelper().Install(nodes)
    ns.IpsecHelper().Install(nodes)
    bad = tmp_path / "bad.ipseckey"
    bad.write_text("add esp spi 0x1000 dst 10.1.1.2 encr_alg no-such-cipher\n")
    error = ns.IpseckeyLoader.ApplyFile(nodes[0], str(bad))
    assert "bad.ipseckey" in error and ":1" in error
    assert len(nodes[0].GetObject(ns.IpsecLayer).GetSad()) == 0
    with pytest.raises(ns.IpsecError):
        ns.WiresharkEspSa.Parse('"IPv4","10.0.0.1"')


def test_algorithm_registry():
    gcm = ns.IpsecAlgorithmRegistry.FindEncryption("aes-gcm16")
    assert gcm.aead and gcm.id == ns.IpsecEncryption.AES_GCM_ICV16 and 128 in gcm.keyBits
    assert ns.IpsecAlgorithmRegistry.FindEncryption("rot13") is None
    names = [a.name for a in ns.IpsecAlgorithmRegistry.IntegrityAlgorithms()]
    assert "hmac-sha256" in names
    assert ns.IpsecAlgorithmRegistry.ValidateEsp(ns.IpsecEncryption.AES_CBC, b"x" * 5,
                                                 ns.IpsecIntegrity.NONE, b"") != ""
