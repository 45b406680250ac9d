#!/usr/bin/python3
"""Build ESP captures the way another IPsec stack would, with an implementation we did not
write (Python's `cryptography` package, Debian's python3-cryptography), for the capture
inspector's tests. tshark's ESP decryption validates the result independently.

Writes into test/data/: foreign-esp-ethernet.pcap (Ethernet, with a VLAN tag, IP options,
NAT-T, a keepalive, an IKE packet behind the non-ESP marker, an ARP frame and one corrupted
ESP packet), foreign-esp-sll.pcap (Linux cooked capture), foreign-esp-ipv6.pcap (IPv6:
ESP and AH behind extension headers, NAT-T, tunnels 6-in-6, 4-in-6 and 6-in-4, an AH+ESP
bundle, a fragmented ESP packet, corrupted packets; see ipv6_frames()) and
foreign-esp.esp_sa (the keys of all three). Deterministic: running it again gives the same
bytes.

AH over IPv6 (RFC 4302 3.3.3.1.2) is built the way a sender does it: the headers are first
written as the destination will see them (routing headers after their last hop, options
that may change in flight zeroed) for the ICV, and the bytes on the wire are then derived
from that by replaying the routing hops still ahead, so the checkers, which go the other
way, are tested against an independent derivation.

    /usr/bin/python3 test/make-foreign-esp-capture.py
"""

import hashlib
import hmac
import ipaddress
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def det_bytes(label, n):
    """Deterministic pseudo-random bytes (keys, IVs)."""
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"{label}/{i}".encode()).digest()
        i += 1
    return out[:n]


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4(src, dst, proto, payload, ident, options=b""):
    ihl = (20 + len(options)) // 4
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, 20 + len(options) + len(payload), ident,
                      0x4000, 64, proto, 0, bytes(map(int, src.split("."))),
                      bytes(map(int, dst.split("."))))
    hdr += options
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return hdr + payload


def udp(sport, dport, payload):
    # Checksum 0 (allowed for IPv4 UDP): the inspector does not look at it.
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def esp_trailer(payload, next_header, block):
    pad = (block - (len(payload) + 2) % block) % block
    return payload + bytes(range(1, pad + 1)) + bytes([pad, next_header])


def esp_cbc_hmac(spi, seq, key, iv, inner, next_header, digest, icv_len, auth_key):
    plain = esp_trailer(inner, next_header, 16)
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    body = struct.pack("!II", spi, seq) + iv + enc.update(plain) + enc.finalize()
    return body + hmac.new(auth_key, body, digest).digest()[:icv_len]


def esp_gcm(spi, seq, key_salt, iv, inner, next_header):
    key, salt = key_salt[:-4], key_salt[-4:]
    plain = esp_trailer(inner, next_header, 4)
    header = struct.pack("!II", spi, seq)
    return header + iv + AESGCM(key).encrypt(salt + iv, plain, header)


def write_pcap(path, linktype, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype))
        for i, frame in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000 + i, 1000 * i, len(frame), len(frame)))
            f.write(frame)


def ethernet(payload, vlan=None, ethertype=0x0800):
    dst, src = bytes.fromhex("020000000002"), bytes.fromhex("020000000001")
    tag = struct.pack("!HH", 0x8100, vlan) if vlan is not None else b""
    return dst + src + tag + struct.pack("!H", ethertype) + payload


def sll(payload):
    return struct.pack("!HHH8sH", 0, 1, 6, bytes.fromhex("0200000000010000"), 0x0800) + payload


def ip6(src, dst, next_header, payload, hop_limit=64, traffic_class=0, flow=0):
    first = (6 << 28) | (traffic_class << 20) | flow
    return struct.pack("!IHBB16s16s", first, len(payload), next_header, hop_limit,
                       ipaddress.ip_address(src).packed, ipaddress.ip_address(dst).packed) + payload


def udp6(src, dst, sport, dport, payload):
    """UDP over IPv6, with the checksum IPv6 requires."""
    length = 8 + len(payload)
    pseudo = (ipaddress.ip_address(src).packed + ipaddress.ip_address(dst).packed
              + struct.pack("!IxxxB", length, 17))
    header = struct.pack("!HHHH", sport, dport, length, 0)
    return struct.pack("!HHHH", sport, dport, length,
                       checksum(pseudo + header + payload) or 0xFFFF) + payload


class Option:
    """A hop-by-hop or destination option; `chg` comes from its type (bit 0x20)."""

    def __init__(self, kind, data):
        self.kind, self.data = kind, data

    def wire(self):
        return bytes([self.kind, len(self.data)]) + self.data

    def for_icv(self):
        data = bytes(len(self.data)) if self.kind & 0x20 else self.data
        return bytes([self.kind, len(data)]) + data


def options_header(options, for_icv):
    """Body (after next header and length) of an options header, padded with PadN/Pad1."""
    body = b"".join(o.for_icv() if for_icv else o.wire() for o in options)
    pad = (8 - (len(body) + 2) % 8) % 8
    if pad == 1:
        body += b"\0"  # Pad1
    elif pad:
        body += bytes([1, pad - 2]) + bytes(pad - 2)  # PadN
    return body


def chain(headers, last, for_icv):
    """Extension headers (kind, content) in front of protocol `last`; returns (first next
    header, bytes). Contents: a list of Options for 0/60, ('routing', type, addresses,
    segments left) for 43, ('fragment', offset, more, ident) for 44."""
    out, nexts = b"", [h[0] for h in headers[1:]] + [last]
    for (kind, content), nxt in zip(headers, nexts):
        if kind in (0, 60):
            body = options_header(content, for_icv)
        elif kind == 43:
            _, rtype, addresses, left = content
            body = struct.pack("!BBI", rtype, left, 0) + b"".join(
                ipaddress.ip_address(a).packed for a in addresses)
        else:
            _, offset, more, ident = content
            out += struct.pack("!BBHI", nxt, 0, offset | more, ident)
            continue
        out += bytes([nxt, (len(body) + 2) // 8 - 1]) + body
    return (headers[0][0] if headers else last), out


def route(destination, addresses, left, hops):
    """Forward `hops` routing hops of a type 0/2 routing header: each hop swaps the
    destination with the next address of the list (RFC 8200 4.4, RFC 2460 4.4)."""
    addresses = list(addresses)
    for _ in range(hops):
        i = len(addresses) - left
        destination, addresses[i] = addresses[i], destination
        left -= 1
    return destination, addresses, left


def ah6(src, dst, headers, next_header, payload, spi, seq, key, digest, icv_len,
        hop_limit=64, traffic_class=0, flow=0, corrupt_at=None, tamper=None):
    """AH over IPv6 in transport mode. `headers` are the extension headers before AH as on
    the wire; a routing header is given as ('routing', type, addresses, segments left) as
    the source sent it, with a 'hops' count of routing hops already done before the capture
    point: ('routing', type, addresses, left, hops)."""
    length = 12 + icv_len + (-(12 + icv_len)) % 8  # 64-bit aligned on IPv6
    # The destination's view: every routing hop done.
    final_dst, final_headers, wire_dst, wire_headers = dst, [], dst, []
    for kind, content in headers:
        if kind == 44 and content[1:3] == (0, 0):
            # an atomic fragment header is added after AH is computed, and dropped by the
            # receiver's reassembly before AH is checked
            wire_headers.append((kind, content))
        elif kind == 43:
            _, rtype, addresses, left, hops = content
            final_dst, done, _ = route(dst, addresses, left, left)
            final_headers.append((kind, ("routing", rtype, done, 0)))
            wire_dst, seen, now_left = route(dst, addresses, left, hops)
            wire_headers.append((kind, ("routing", rtype, seen, now_left)))
        else:
            final_headers.append((kind, content))
            wire_headers.append((kind, content))
    first, icv_chain = chain(final_headers, 51, for_icv=True)
    ah_zero = struct.pack("!BBHII", next_header, length // 4 - 2, 0, spi, seq) + bytes(length - 12)
    total = len(icv_chain) + length + len(payload)
    base = ip6(src, final_dst, first, b"", hop_limit=0)[:40]
    base = base[:4] + struct.pack("!H", total) + base[6:]
    icv = hmac.new(key, base + icv_chain + ah_zero + payload, digest).digest()[:icv_len]
    ah = ah_zero[:12] + icv + ah_zero[12 + icv_len:]
    first, wire_chain = chain(wire_headers, 51, for_icv=False)
    packet = bytearray(ip6(src, wire_dst, first, wire_chain + ah + payload, hop_limit,
                           traffic_class, flow))
    if corrupt_at is not None:
        packet[corrupt_at] ^= 0x01
    if tamper:
        tamper(packet)
    return bytes(packet)


def ipv6_frames(a, b, k_tunnel4):
    """The IPv6 capture; returns (frames, key rows)."""
    a6, b6 = "2001:db8::1", "2001:db8::2"
    g1, g2 = "2001:db8:ffff::1", "2001:db8:ffff::2"
    r1, r2 = "2001:db8:1::99", "2001:db8:2::99"
    coa = "2001:db8:c0a::2"  # the mobile node's care-of address
    v4g1, v4g2 = "198.51.100.1", "198.51.100.2"
    # SA 6a: a6 -> b6, AES-CBC-128 + HMAC-SHA-256-128
    k6a, a6a, spi6a = det_bytes("k6a", 16), det_bytes("a6a", 32), 0x00006001
    # SA 6b: b6 -> a6, AES-GCM-128
    k6b, spi6b = det_bytes("k6b", 20), 0x00006002
    # SA 6c: a6 -> *, AH HMAC-SHA-256-128 (16-byte ICV: AH padded to 32 bytes)
    a6c, spi6c = det_bytes("a6c", 32), 0x00006003
    # SA 6t: g1 -> g2, tunnel, AES-CBC-128 + HMAC-SHA1-96, carries IPv6 and IPv4
    k6t, a6t, spi6t = det_bytes("k6t", 16), det_bytes("a6t", 20), 0x00006004
    # SA 64: 198.51.100.1 -> .2, tunnel, AES-GCM-128, carries IPv6
    k64, spi64 = k_tunnel4, 0x00006005
    # Bundle a6 -> b6: AH HMAC-SHA1-96 (0x6006) outside, ESP AES-CBC + HMAC-SHA1-96 inside
    a6d, spi6d = det_bytes("a6d", 20), 0x00006006
    k6e, a6e, spi6e = det_bytes("k6e", 16), det_bytes("a6e", 20), 0x00006007

    def esp6a(seq, payload, src=a6, dst=b6):
        return esp_cbc_hmac(spi6a, seq, k6a, det_bytes(f"iv6a/{seq}", 16),
                            udp6(src, dst, 40000, 7, payload), 17, hashlib.sha256, 16, a6a)

    def esp6b(seq, payload):
        return esp_gcm(spi6b, seq, k6b, det_bytes(f"iv6b/{seq}", 8),
                       udp6(b6, a6, 7, 40000, payload), 17)

    def tunnel6(seq, inner, version):
        return esp_cbc_hmac(spi6t, seq, k6t, det_bytes(f"iv6t/{seq}", 16), inner,
                            41 if version == 6 else 4, hashlib.sha1, 12, a6t)

    def eth6(packet, vlan=None):
        return ethernet(packet, vlan, ethertype=0x86DD)

    chg, keep = Option(0x3E, b"CHG!"), Option(0x1E, b"KEEP")  # RFC 4727 experimental types

    def ah6c(seq, headers, payload_text, **kw):
        return ah6(a6, b6, headers, 17, udp6(a6, b6, 40000, 7, payload_text), spi6c, seq,
                   a6c, hashlib.sha256, 16, **kw)

    frames = [
        # 1: plain ESP
        eth6(ip6(a6, b6, 50, esp6a(1, b"foreign v6 payload 1"))),
        # 2: ESP behind hop-by-hop and destination options, VLAN tag
        eth6(ip6(b6, a6, *_with_chain([(0, [keep]), (60, [chg])], 50,
                                      esp6b(1, b"foreign v6 reply 1"))), vlan=42),
        # 3: ESP behind a spent type 0 routing header and an atomic fragment header
        eth6(ip6(a6, b6, *_with_chain([(43, ("routing", 0, [r1, r2], 0)),
                                       (44, ("fragment", 0, 0, 77))], 50,
                                      esp6a(2, b"foreign v6 payload 2, routed")))),
        # 4: ESP in UDP 4500 (NAT-T over IPv6)
        eth6(ip6(a6, b6, 17, udp6(a6, b6, 4500, 4500, esp6a(3, b"foreign v6 payload 3, in UDP")))),
        # 5: AH behind hop-by-hop options, one that may change in flight and one that may not
        eth6(ah6c(1, [(0, [chg, keep])], b"foreign v6 ah 1")),
        # 6: AH to a mobile node: type 2 routing header, sent to the care-of address
        eth6(ah6(a6, coa, [(60, [keep]), (43, ("routing", 2, [b6], 1, 0))], 17,
                 udp6(a6, b6, 40000, 7, b"foreign v6 ah 2"), spi6c, 2, a6c, hashlib.sha256, 16)),
        # 7, 8: AH with a type 0 routing header via r1 and r2, seen before the first hop and
        # between the two
        eth6(ah6(a6, r1, [(43, ("routing", 0, [r2, b6], 2, 0))], 17,
                 udp6(a6, b6, 40000, 7, b"foreign v6 ah 3"), spi6c, 3, a6c, hashlib.sha256, 16)),
        eth6(ah6(a6, r1, [(43, ("routing", 0, [r2, b6], 2, 1))], 17,
                 udp6(a6, b6, 40000, 7, b"foreign v6 ah 4"), spi6c, 4, a6c, hashlib.sha256, 16)),
        # 9: AH whose mutable parts changed in flight (hop limit, flow label, traffic class,
        # the data of the option that may change): still good
        eth6(ah6c(5, [(0, [chg, keep])], b"foreign v6 ah 5", hop_limit=3, traffic_class=0xB8,
                  flow=0xABCDE, tamper=lambda p: p.__setitem__(slice(44, 48), b"new!"))),
        # 10: the option that may not change was changed: the ICV must fail
        eth6(ah6c(6, [(0, [chg, keep])], b"foreign v6 ah 6",
                  tamper=lambda p: p.__setitem__(50, p[50] ^ 0x20))),
        # 11: an SA bundle: hop-by-hop, AH, then ESP
        eth6(ah6(a6, b6, [(0, [chg])], 50,
                 esp_cbc_hmac(spi6e, 1, k6e, det_bytes("iv6e/1", 16),
                              udp6(a6, b6, 40000, 7, b"foreign v6 bundle"), 17,
                              hashlib.sha1, 12, a6e),
                 spi6d, 1, a6d, hashlib.sha1, 12)),
        # 12-14: tunnels 6-in-6, 4-in-6 and 6-in-4
        eth6(ip6(g1, g2, 50, tunnel6(1, ip6(a6, b6, 17, udp6(a6, b6, 40000, 7,
                                                               b"foreign 6-in-6")), 6))),
        eth6(ip6(g1, g2, 50, tunnel6(2, ip4(a, b, 17, udp(40000, 7, b"foreign 4-in-6"), 21),
                                     4))),
        ethernet(ip4(v4g1, v4g2, 50,
                     esp_gcm(spi64, 1, k64, det_bytes("iv64/1", 8),
                             ip6(a6, b6, 17, udp6(a6, b6, 40000, 7, b"foreign 6-in-4")), 41),
                     22)),
    ]
    # 15, 16: one ESP packet in two fragments (tshark reassembles it; the inspector lists
    # both fragments)
    whole = esp6a(4, det_bytes("big", 1400))
    cut = 1232  # a multiple of 8
    frames.append(eth6(ip6(a6, b6, 44, struct.pack("!BBHI", 50, 0, 0 | 1, 99) + whole[:cut])))
    frames.append(eth6(ip6(a6, b6, 44, struct.pack("!BBHI", 50, 0, cut | 0, 99) + whole[cut:])))
    # 17: a corrupted ESP packet (one ciphertext bit)
    corrupt = bytearray(esp6b(2, b"foreign v6 reply 2"))
    corrupt[30] ^= 0x01
    frames.append(eth6(ip6(b6, a6, 50, bytes(corrupt))))
    # 18: AH behind hop-by-hop options and an atomic fragment header
    frames.append(eth6(ah6c(7, [(0, [chg]), (44, ("fragment", 0, 0, 1234))],
                            b"foreign v6 ah 7, atomic")))

    # a6 written in full in one row: readers must compare addresses, not text
    full = "2001:0db8:0000:0000:0000:0000:0000:0001"
    rows = [
        ("IPv6", full, b6, f"0x{spi6a:08x}", "AES-CBC [RFC3602]", k6a,
         "HMAC-SHA-256-128 [RFC4868]", a6a),
        ("IPv6", b6, a6, f"0x{spi6b:08x}", "AES-GCM with 16 octet ICV [RFC4106]", k6b, "NULL",
         b""),
        ("IPv6", a6, "*", f"0x{spi6c:08x}", "NULL", b"", "HMAC-SHA-256-128 [RFC4868]", a6c),
        ("IPv6", g1, g2, f"0x{spi6t:08x}", "AES-CBC [RFC3602]", k6t, "HMAC-SHA-1-96 [RFC2404]",
         a6t),
        ("IPv4", v4g1, v4g2, f"0x{spi64:08x}", "AES-GCM with 16 octet ICV [RFC4106]", k64,
         "NULL", b""),
        ("IPv6", a6, b6, f"0x{spi6d:08x}", "NULL", b"", "HMAC-SHA-1-96 [RFC2404]", a6d),
        ("IPv6", a6, b6, f"0x{spi6e:08x}", "AES-CBC [RFC3602]", k6e, "HMAC-SHA-1-96 [RFC2404]",
         a6e),
    ]
    return frames, rows


def _with_chain(headers, last, payload):
    """(next header, payload) of an IPv6 packet with extension headers in front of `last`."""
    first, data = chain(headers, last, for_icv=False)
    return first, data + payload


def main():
    a, b = "192.0.2.1", "192.0.2.2"
    # SA 1: a -> b, AES-CBC-128 + HMAC-SHA1-96
    k1, a1, spi1 = det_bytes("k1", 16), det_bytes("a1", 20), 0x00001234
    # SA 2: b -> a, AES-GCM-128 (key || salt)
    k2, spi2 = det_bytes("k2", 20), 0x0000ABCD
    # SA 3: a -> b, AES-CBC-256 + HMAC-SHA-256-128 (the SLL capture)
    k3, a3, spi3 = det_bytes("k3", 32), det_bytes("a3", 32), 0x00005678

    def sa1(seq, payload):
        return esp_cbc_hmac(spi1, seq, k1, det_bytes(f"iv1/{seq}", 16),
                            udp(40000, 7, payload), 17, hashlib.sha1, 12, a1)

    def sa2(seq, payload):
        return esp_gcm(spi2, seq, k2, det_bytes(f"iv2/{seq}", 8), udp(7, 40000, payload), 17)

    frames = [
        ethernet(ip4(a, b, 50, sa1(1, b"foreign payload 1"), 1)),
        ethernet(ip4(b, a, 50, sa2(1, b"foreign reply 1"), 2)),
        # IP options (two NOPs and an end-of-list, padded to 4 bytes)
        ethernet(ip4(a, b, 50, sa1(2, b"foreign payload 2, with IP options"), 3,
                     options=b"\x01\x01\x00\x00")),
        ethernet(ip4(b, a, 50, sa2(2, b"foreign reply 2"), 4), vlan=42),
        # NAT-T: ESP in UDP 4500, a keepalive, IKE behind the non-ESP marker
        ethernet(ip4(a, b, 17, udp(4500, 4500, sa1(3, b"foreign payload 3, in UDP")), 5)),
        ethernet(ip4(a, b, 17, udp(4500, 4500, b"\xff"), 6)),
        ethernet(ip4(a, b, 17, udp(4500, 4500, b"\0\0\0\0" + det_bytes("ike", 28)), 7)),
        # an ARP frame
        ethernet(det_bytes("arp", 28), ethertype=0x0806),
    ]
    corrupt = bytearray(sa1(4, b"foreign payload 4"))
    corrupt[30] ^= 0x01  # one ciphertext bit: the ICV must fail
    frames.append(ethernet(ip4(a, b, 50, bytes(corrupt), 8)))
    write_pcap(os.path.join(OUT, "foreign-esp-ethernet.pcap"), 1, frames)

    tcp = struct.pack("!HHIIBBHHH", 40001, 80, 1, 0, 0x50, 0x02, 65535, 0, 0)
    sll_frames = [
        sll(ip4(a, b, 50, esp_cbc_hmac(spi3, seq, k3, det_bytes(f"iv3/{seq}", 16), tcp, 6,
                                        hashlib.sha256, 16, a3), 10 + seq))
        for seq in (1, 2)
    ]
    write_pcap(os.path.join(OUT, "foreign-esp-sll.pcap"), 113, sll_frames)

    frames6, rows6 = ipv6_frames(a, b, det_bytes("k64", 20))
    write_pcap(os.path.join(OUT, "foreign-esp-ipv6.pcap"), 1, frames6)

    rows = [
        ("IPv4", a, b, f"0x{spi1:08x}", "AES-CBC [RFC3602]", k1, "HMAC-SHA-1-96 [RFC2404]", a1),
        ("IPv4", b, a, f"0x{spi2:08x}", "AES-GCM with 16 octet ICV [RFC4106]", k2, "NULL", b""),
        ("IPv4", a, b, f"{spi3}", "AES-CBC [RFC3602]", k3, "HMAC-SHA-256-128 [RFC4868]", a3),
    ] + rows6
    with open(os.path.join(OUT, "foreign-esp.esp_sa"), "w") as f:
        f.write("# Keys of the captures made by test/make-foreign-esp-capture.py\n")
        for p, s, d, spi, e, ek, au, ak in rows:
            ak_text = "0x" + ak.hex() if ak else ""
            ek_text = "0x" + ek.hex() if ek else ""
            f.write(f'"{p}","{s}","{d}","{spi}","{e}","{ek_text}","{au}","{ak_text}"\n')


if __name__ == "__main__":
    main()
