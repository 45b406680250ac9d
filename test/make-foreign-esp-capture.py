#!/usr/bin/python3
"""Build ESP captures the way another IPsec stack would, with an implementation we did not
write (Python's `cryptography` package, Debian's python3-cryptography), for the capture
inspector's tests. tshark's ESP decryption validates the result independently.

Writes into test/data/: foreign-esp-ethernet.pcap (Ethernet, with a VLAN tag, IP options,
NAT-T, a keepalive, an IKE packet behind the non-ESP marker, an ARP frame and one corrupted
ESP packet), foreign-esp-sll.pcap (Linux cooked capture) and foreign-esp.esp_sa (the keys).
Deterministic: running it again gives the same bytes.

    /usr/bin/python3 test/make-foreign-esp-capture.py
"""

import hashlib
import hmac
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

    rows = [
        ("IPv4", a, b, f"0x{spi1:08x}", "AES-CBC [RFC3602]", k1, "HMAC-SHA-1-96 [RFC2404]", a1),
        ("IPv4", b, a, f"0x{spi2:08x}", "AES-GCM with 16 octet ICV [RFC4106]", k2, "NULL", b""),
        ("IPv4", a, b, f"{spi3}", "AES-CBC [RFC3602]", k3, "HMAC-SHA-256-128 [RFC4868]", a3),
    ]
    with open(os.path.join(OUT, "foreign-esp.esp_sa"), "w") as f:
        f.write("# Keys of the captures made by test/make-foreign-esp-capture.py\n")
        for p, s, d, spi, e, ek, au, ak in rows:
            ak_text = "0x" + ak.hex() if ak else ""
            f.write(f'"{p}","{s}","{d}","{spi}","{e}","0x{ek.hex()}","{au}","{ak_text}"\n')


if __name__ == "__main__":
    main()
