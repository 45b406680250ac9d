# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Per-protocol summaries of pcap files, with the standard library only."""

import collections
import struct

# Link types the module's captures use, and where the IP packet starts in their frames.
PPP, ETHERNET, RAW, LINUX_SLL = 9, 1, 101, 113
ESP, AH, UDP, TCP = 50, 51, 17, 6
NAT_T_PORT = 4500


class PcapError(ValueError):
    """A file that is not a readable pcap capture."""


def _ip_packet(linktype, frame):
    """The IP packet of a frame, or None (ARP, PPP control, ...)."""
    if linktype == PPP:
        return frame[2:] if frame[:2] in (b"\x00\x21", b"\x00\x57") else None
    if linktype == ETHERNET:
        ethertype, offset = struct.unpack_from("!H", frame, 12)[0], 14
        if ethertype == 0x8100:  # VLAN tag
            ethertype, offset = struct.unpack_from("!H", frame, 16)[0], 18
        return frame[offset:] if ethertype in (0x0800, 0x86DD) else None
    if linktype == LINUX_SLL:
        return frame[16:] if struct.unpack_from("!H", frame, 14)[0] in (0x0800, 0x86DD) else None
    if linktype == RAW:
        return frame
    raise PcapError("link type %d is not supported" % linktype)


def _classify(ip):
    """'esp', 'ah', 'esp-in-udp', 'nat-keepalive', 'udp', 'tcp', 'icmp', ... of an IP packet."""
    version = ip[0] >> 4
    if version == 4:
        protocol, header = ip[9], (ip[0] & 0x0F) * 4
    elif version == 6:
        protocol, header = ip[6], 40
    else:
        return "other"
    if protocol == ESP:
        return "esp"
    if protocol == AH:
        return "ah"
    if protocol == UDP and len(ip) >= header + 8:
        ports = struct.unpack_from("!HH", ip, header)
        body = ip[header + 8 :]
        if NAT_T_PORT in ports:
            if body == b"\xff":
                return "nat-keepalive"
            if body[:4] != b"\x00\x00\x00\x00":
                return "esp-in-udp"
        return "udp"
    return {TCP: "tcp", 1: "icmp", 58: "icmpv6"}.get(protocol, "ip-%d" % protocol)


Summary = collections.namedtuple("Summary", "frames packets bytes sizes")
Summary.__doc__ = """A capture's summary: frames read, and per class (esp, ah, esp-in-udp,
nat-keepalive, udp, tcp, icmp, ...) the packet count, the IP bytes and the list of IP sizes."""


def summarize(path):
    """Summary of a pcap file (either byte order, microsecond or nanosecond timestamps)."""
    with open(path, "rb") as handle:
        data = handle.read()
    if len(data) < 24:
        raise PcapError("%s: too short for a pcap header" % path)
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        order = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        order = ">"
    else:
        raise PcapError("%s: not a pcap file (pcapng is not read)" % path)
    linktype = struct.unpack_from(order + "I", data, 20)[0]
    packets, octets, sizes = collections.Counter(), collections.Counter(), {}
    frames, offset = 0, 24
    while offset + 16 <= len(data):
        incl = struct.unpack_from(order + "I", data, offset + 8)[0]
        frame = data[offset + 16 : offset + 16 + incl]
        if len(frame) < incl:
            raise PcapError("%s: capture cut short in frame %d" % (path, frames + 1))
        frames += 1
        offset += 16 + incl
        ip = _ip_packet(linktype, frame)
        kind = "non-ip" if ip is None or not ip else _classify(ip)
        packets[kind] += 1
        octets[kind] += len(ip or b"")
        sizes.setdefault(kind, []).append(len(ip or b""))
    return Summary(frames, dict(packets), dict(octets), sizes)
