# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""README.md's first Python scenario runs as printed and does what it says."""

import os
import re
import struct
import subprocess
import sys

import ns3ipsec

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")


def _python_scenario():
    text = open(README).read()
    section = text.split("## A first scenario in Python", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def _ip_protocols(pcap):
    """IP protocol numbers of the IPv4 packets in a point-to-point (PPP) capture."""
    data = open(pcap, "rb").read()
    protocols = []
    offset = 24
    while offset + 16 <= len(data):
        incl = struct.unpack_from("<I", data, offset + 8)[0]
        frame = data[offset + 16 : offset + 16 + incl]
        if frame[:2] == b"\x00\x21":  # PPP: IPv4
            protocols.append(frame[2 + 9])
        offset += 16 + incl
    return protocols


def test_first_python_scenario(tmp_path):
    script = tmp_path / "first.py"
    script.write_text(_python_scenario())
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(ns3ipsec.__file__)))
    run = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    protected = int(re.search(r"protected: (\d+) packets", run.stdout).group(1))
    assert protected > 0
    # n0's capture: every UDP datagram it sent went out as ESP (protocol 50), none in clear.
    sent = _ip_protocols(str(tmp_path / "first-0-0.pcap"))
    assert sent.count(50) == 2 * protected  # the requests and the protected echoes back
    assert 17 not in sent
    rows = [r for r in (tmp_path / "first.esp_sa").read_text().splitlines() if r[:1] == '"']
    assert len(rows) == 2 and all('"IPv4","10.1.1.' in row for row in rows)
