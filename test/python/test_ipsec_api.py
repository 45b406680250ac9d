# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""The ipsec module's own API without a network: addresses, policies, SAs, parsers, PF_KEY."""

import pytest

import ns3ipsec as ns


@pytest.fixture(autouse=True)
def fresh_simulator():
    yield
    ns.Simulator.Destroy()


def esp_params(spi=0x1001, source="10.0.0.1", destination="10.0.0.2"):
    return ns.IpsecSaParams(
        spi=spi,
        source=ns.IpsecAddress(source),
        destination=ns.IpsecAddress(destination),
        encryption=ns.IpsecEncryption.AES_CBC,
        encryption_key=bytes(range(16)),
        integrity=ns.IpsecIntegrity.HMAC_SHA1_96,
        integrity_key=bytes(range(20)),
    )


def test_ipsec_error_is_a_value_error():
    assert issubclass(ns.IpsecError, ValueError)


def test_addresses_parse_compare_and_convert():
    a = ns.IpsecAddress("10.1.1.1")
    assert a.IsIpv4() and a.GetFamily() == ns.IpsecAddress.IPV4
    assert a == ns.IpsecAddress(ns.Ipv4Address("10.1.1.1"))
    assert str(ns.IpsecAddress("fd00::1")) == "fd00::1"
    assert a.GetBytes() == bytes([10, 1, 1, 1])
    with pytest.raises(ns.IpsecError, match="not an IPv4 or IPv6 address: 'bogus'"):
        ns.IpsecAddress("bogus")


def test_selector_chains_and_policy_repr_is_its_print_text():
    s = ns.IpsecTrafficSelector()
    same = s.SetLocalPrefix(ns.Ipv4Address("10.1.1.1"), ns.Ipv4Mask("/32")).SetProtocol(17)
    assert same is s
    s.SetRemotePrefix(ns.Ipv4Address("10.1.1.2"), ns.Ipv4Mask("/32")).SetRemotePorts(9, 9)
    assert s.GetProtocol() == 17
    assert s.GetRemotePorts() == (9, 9)
    assert s.Mirror().GetLocalPorts() == (9, 9)
    policy = ns.IpsecPolicy(s, ns.IpsecAction.PROTECT)
    assert policy.SetProtection(ns.IpsecProtocol.ESP, ns.IpsecMode.TRANSPORT) is policy
    assert policy.GetBundle()[0].protocol == ns.IpsecProtocol.ESP
    assert repr(policy) == "<IpsecPolicy " + policy.Print() + ">"
    assert "10.1.1.2" in policy.Print()
    assert policy.Validate() == ""


def test_spd_add_lookup_and_errors_raised_with_the_cpp_message():
    spd = ns.SecurityPolicyDatabase()
    s = ns.IpsecTrafficSelector().SetProtocol(17)
    spd.Add(ns.IpsecPolicy(s, ns.IpsecAction.BYPASS))
    assert len(spd) == 1
    key = ns.IpsecFlowKey(
        direction=ns.IpsecDirection.OUTBOUND,
        local=ns.IpsecAddress("10.0.0.1"),
        remote=ns.IpsecAddress("10.0.0.2"),
        protocol=17,
    )
    assert spd.Lookup(key).GetAction() == ns.IpsecAction.BYPASS
    bad = ns.IpsecPolicy(ns.IpsecTrafficSelector().SetLocalPorts(9, 1), ns.IpsecAction.BYPASS)
    assert bad.Validate() != ""
    with pytest.raises(ns.IpsecError) as error:
        spd.Add(bad)
    assert str(error.value) == bad.Validate()
    assert len(spd) == 1


def test_config_structs_take_snake_case_keywords_and_bytes():
    c = ns.IpsecEspSaConfig(
        encryption=ns.IpsecEncryption.AES_CBC,
        integrity=ns.IpsecIntegrity.HMAC_SHA256_128,
        key_a_to_b=b"\x01" * 16,
        spi_a_to_b=0x2000,
    )
    assert c.keyAtoB == b"\x01" * 16 and c.spiAtoB == 0x2000
    assert c.mode == ns.IpsecMode.TRANSPORT  # the C++ default
    c.authKeyAtoB = bytearray(b"\x02" * 32)
    assert c.authKeyAtoB == b"\x02" * 32
    assert "keyAtoB=b'" in repr(c) and repr(c).startswith("IpsecEspSaConfig(")
    assert ns.IpsecNatTraversalConfig(natAddress=ns.IpsecAddress("1.2.3.4")).natPort == 4500
    with pytest.raises(TypeError, match="IpsecAhSaConfig has no field 'colour'"):
        ns.IpsecAhSaConfig(colour=1)


def test_sad_add_find_and_error_message():
    sad = ns.SecurityAssociationDatabase()
    added = []
    sad.TraceConnectWithoutContext("SaAdded", added.append)
    sa = sad.Add(esp_params())
    assert added == [sa]
    assert sad.FindInbound(ns.IpsecProtocol.ESP, ns.IpsecAddress("10.0.0.2"), 0x1001) == sa
    assert sa.GetSpi() == 0x1001 and sa.GetEncryptionInfo().name == "aes-cbc"
    assert repr(sa) == "<SecurityAssociation " + sa.Print().splitlines()[0] + ">"
    bad = esp_params(spi=0x1002)
    bad.encryptionKey = b"\x00" * 5
    with pytest.raises(ns.IpsecError) as error:
        sad.Add(bad)
    assert str(error.value) == bad.Validate()
    assert len(sad) == 1
    assert sad.Remove(ns.IpsecProtocol.ESP, ns.IpsecAddress("10.0.0.2"), 0x1001)
    assert sad.GetAll() == []


def test_registry_and_drop_reason_names():
    aes = ns.IpsecAlgorithmRegistry.FindEncryption("aes-cbc")
    assert aes.id == ns.IpsecEncryption.AES_CBC and 128 in aes.keyBits
    assert ns.IpsecAlgorithmRegistry.FindIntegrity("no-such") is None
    assert ns.ToString(ns.IpsecDropReason.NO_SA) == "no-sa"
    assert ns.IpsecDropReason.CLEARTEXT_REJECTED.name == "CLEARTEXT_REJECTED"


def test_ipseckey_parser_error_raises_with_the_parser_message():
    with pytest.raises(ns.IpsecError) as error:
        ns.IpseckeyParser.ParseString("add esp spi 0x100 bogus 1\n", "keys.conf")
    assert "keys.conf:1" in str(error.value)
    ok = ns.IpseckeyParser.ParseString(
        "add esp spi 0x100 src 10.0.0.1 dst 10.0.0.2 encr_alg aes-cbc "
        "encrkey 000102030405060708090a0b0c0d0e0f auth_alg hmac-sha1 "
        "authkey 000102030405060708090a0b0c0d0e0f10111213\n"
    )
    assert ok.Ok() and len(ok.commands) == 1
    command = ok.commands[0]
    assert command.spi == 0x100 and command.encryption == ns.IpsecEncryption.AES_CBC
    assert command.encryptionKey == bytes(range(16))


def test_ipsecconf_parser_error_raises_with_the_parser_message():
    parser = ns.IpsecconfParser()
    with pytest.raises(ns.IpsecError) as error:
        parser.ParseString("{ nonsense }\n", "policy.conf")
    assert "policy.conf" in str(error.value)
    with pytest.raises(ns.IpsecError, match="endpoints must be two addresses of one IP version"):
        parser.AddTunnel("ip.tun0", ns.IpsecAddress("10.0.0.1"), ns.IpsecAddress("fd00::1"))


def test_pfkey_message_round_trip():
    m = ns.PfKeyMessage(ns.PfKeyMessageType.ADD, ns.PfKeySaType.ESP, sequence=7, pid=42)
    m.sa = ns.PfKeySaExtension(spi=0x1234, encrypt=12, auth=3, replay_window=32)
    m.sourceAddress = ns.PfKeyAddressExtension.ForHost(ns.IpsecAddress("10.0.0.1"))
    m.destinationAddress = ns.PfKeyAddressExtension.ForHost(ns.IpsecAddress("10.0.0.2"))
    m.encryptKey = ns.PfKeyKeyExtension.FromBytes(bytes(range(16)))
    data = m.Serialize()
    assert isinstance(data, bytes) and len(data) == m.GetSerializedSize()
    status, back = ns.PfKeyMessage.Parse(data)
    assert status.IsOk() and status.error == ns.PfKeyErrno.OK
    assert back.type == ns.PfKeyMessageType.ADD and back.saType == ns.PfKeySaType.ESP
    assert (back.sequence, back.pid) == (7, 42)
    assert back.sa.spi == 0x1234 and back.sa.replayWindow == 32
    assert back.destinationAddress.sockaddr.address == ns.IpsecAddress("10.0.0.2")
    assert back.encryptKey.data == bytes(range(16)) and back.encryptKey.bits == 128
    assert back.proposal is None
    assert back.Serialize() == data
    status, _ = ns.PfKeyMessage.Parse(data[:10])
    assert not status.IsOk() and status.reason != ""
    assert ns.PfKeyMessageTypeName(ns.PfKeyMessageType.GETSPI) == "SADB_GETSPI"
    assert ns.PfKeyErrnoName(ns.PfKeyErrno.INVALID_ARGUMENT) == "EINVAL"


def test_pfkey_converter_from_sa_params():
    status, message = ns.PfKeyConverter.FromSaParams(ns.PfKeyMessageType.UPDATE, esp_params())
    assert status.IsOk()
    assert message.type == ns.PfKeyMessageType.UPDATE and message.sa.spi == 0x1001
    status, params = ns.PfKeyConverter.ToSaParams(message)
    assert status.IsOk() and params.encryptionKey == bytes(range(16))
    assert params.destination == ns.IpsecAddress("10.0.0.2")


def test_wireshark_row_of_an_sa():
    sa = ns.SecurityAssociation(esp_params())
    row = ns.WiresharkEspSa.FromSa(sa)
    assert row.spi == "0x00001001" and row.encryptionKey == "0x000102030405060708090a0b0c0d0e0f"
    assert ns.WiresharkEspSa.Parse(row.Format()).Format() == row.Format()
    with pytest.raises(ns.IpsecError):
        ns.WiresharkEspSa.Parse('"IPv4","1.2.3.4"')


def test_policy_logger_properties():
    logger = ns.IpsecPolicyLogger()
    assert logger.GetState() == ns.IpsecPolicyLogger.State.DISABLED
    assert "config/log_level" in ns.IpsecPolicyLogger.GetPropertyNames()
    assert ns.IpsecPolicyLogger.ValidateProperty("log_level", "nonsense") != ""
    with pytest.raises(ns.IpsecError) as error:
        logger.SetProperty("log_level", "nonsense")
    assert str(error.value) == ns.IpsecPolicyLogger.ValidateProperty("log_level", "nonsense")
