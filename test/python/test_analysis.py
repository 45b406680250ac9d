# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""The analysis package: readers, pcap summaries, the RFC overhead check, the figures."""

import os
import struct
import subprocess
import sys

import pytest

import ns3ipsec
from ns3ipsec.analysis import figures, overhead, pcap, tables

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples")


def write_pcap(path, linktype, frames):
    header = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype)
    records = b"".join(struct.pack("<IIII", 1, 0, len(f), len(f)) + f for f in frames)
    path.write_bytes(header + records)


def ipv4(protocol, payload):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0, 64, protocol, 0,
                         bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    return header + payload


def udp(sport, dport, body):
    return struct.pack("!HHHH", sport, dport, 8 + len(body), 0) + body


def test_pcap_summary_classifies_exactly(tmp_path):
    frames = [
        b"\x00\x21" + ipv4(50, b"\x00" * 40),  # ESP
        b"\x00\x21" + ipv4(51, b"\x00" * 40),  # AH
        b"\x00\x21" + ipv4(17, udp(4500, 4500, b"\xff")),  # NAT keepalive
        b"\x00\x21" + ipv4(17, udp(4500, 4500, b"\x12\x34\x56\x78" + b"\x00" * 20)),  # ESP in UDP
        b"\x00\x21" + ipv4(17, udp(1000, 9, b"hello")),  # plain UDP
        b"\xc0\x21" + b"\x00" * 10,  # PPP control: not IP
    ]
    path = tmp_path / "t.pcap"
    write_pcap(path, pcap.PPP, frames)
    s = pcap.summarize(str(path))
    assert s.frames == 6
    assert s.packets == {"esp": 1, "ah": 1, "nat-keepalive": 1, "esp-in-udp": 1, "udp": 1,
                         "non-ip": 1}
    assert s.bytes["esp"] == 60 and s.sizes["udp"] == [20 + 8 + 5]


def test_pcap_errors_are_clear(tmp_path):
    bad = tmp_path / "bad.pcap"
    bad.write_bytes(b"\x0a\x0d\x0d\x0a" + b"\x00" * 30)
    with pytest.raises(pcap.PcapError, match="not a pcap file"):
        pcap.summarize(str(bad))
    cut = tmp_path / "cut.pcap"
    write_pcap(cut, pcap.RAW, [ipv4(50, b"\x00" * 40)])
    cut.write_bytes(cut.read_bytes()[:-5])
    with pytest.raises(pcap.PcapError, match="cut short"):
        pcap.summarize(str(cut))


def test_csv_reader_names_file_line_and_column(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("algorithm,offered_mbps\naes,100\n")
    with pytest.raises(tables.TableError, match="missing column"):
        tables.read(str(path), tables.GATEWAY_COLUMNS)
    path.write_text("nat_timeout_s,keepalive_s,delivered_fraction\n30,10,1\n30,x,1\n")
    with pytest.raises(tables.TableError, match=r"g.csv:3: column keepalive_s: 'x'"):
        tables.read(str(path), tables.KEEPALIVE_COLUMNS)


def test_rfc_overhead_formulas():
    # RFC 4106: 8 SPI/seq + 8 IV + pad to 4 with the 2-byte trailer + 16 ICV.
    assert overhead.esp_overhead("aes-gcm16", 24) == 8 + 8 + 4 + 16
    # RFC 3602 + RFC 4868: 16 IV, pad to 16, 16 ICV.
    assert overhead.esp_overhead("aes-cbc/hmac-sha256", 24) == 8 + 16 + 8 + 16
    assert overhead.ah_overhead("hmac-sha256") == 28


def test_measured_overhead_matches_the_rfcs(tmp_path):
    """The bytes the simulated link carried equal what RFC 4303/4302 predict."""
    csv = tmp_path / "overhead.csv"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(ns3ipsec.__file__)))
    algorithms = ["esp aes-gcm16", "esp aes-cbc/hmac-sha256", "esp 3des-cbc/hmac-sha1",
                  "esp null/hmac-sha256", "ah hmac-sha256", "esp tunnel aes-gcm16", "none"]
    run = subprocess.run(
        [sys.executable, os.path.join(EXAMPLES, "ipsec-overhead-sweep.py"), "--csv=%s" % csv,
         "--algorithms=" + ",".join(algorithms), "--sizes=16,100,1000,1400",
         "--duration=0.05"],
        env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    rows = tables.read(str(csv), tables.OVERHEAD_COLUMNS)
    assert len(rows) == len(algorithms) * 4
    for row in rows:
        name, size = row["algorithm"], row["payload_bytes"]
        inner = size + 8  # the UDP datagram
        if name == "none":
            expected = 0
        elif name.startswith("ah "):
            expected = overhead.ah_overhead(name.split()[1])
        elif name.startswith("esp tunnel "):
            expected = 20 + overhead.esp_overhead(name.split()[2], inner + 20)
        else:
            expected = overhead.esp_overhead(name.split()[1], inner)
        assert row["overhead_bytes"] == expected, (name, size)
        # Saturated link: the goodput is the link's share of payload bytes, within 3 %.
        share = size / (row["ip_bytes"] + 2)  # PPP header
        assert row["goodput_mbps"] == pytest.approx(row["link_mbps"] * share, rel=0.03)


def test_each_figure_writes_a_png(tmp_path):
    over = [dict(algorithm=a, payload_bytes=s, ip_bytes=s + 64, overhead_bytes=36,
                 goodput_mbps=s / 100, link_mbps=10.0)
            for a in ("none", "esp aes-gcm16") for s in (16, 1400)]
    gateway = [dict(algorithm=a, offered_mbps=o, delivered_mbps=o, mean_latency_us=10.0,
                    p95_latency_us=12.0, crypto_drops=0)
               for a in ("aes-gcm16",) for o in (100.0, 1000.0)]
    keepalive = [dict(nat_timeout_s=30.0, keepalive_s=k, delivered_fraction=f)
                 for k, f in ((0.0, 0.1), (10.0, 1.0), (60.0, 0.5))]
    for draw, rows in ((figures.overhead, over), (figures.goodput, over),
                       (figures.gateway, gateway), (figures.keepalive, keepalive)):
        png = tmp_path / (draw.__name__ + ".png")
        draw(rows, str(png))
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
