#!/usr/bin/python3
"""Independent ESP verifier: checks the ESP packets in a pcap with OpenSSL (via Debian's
python3-cryptography), not with the ns-3 IPsec module's own crypto code.

    /usr/bin/python3 test/esp-crosscheck.py CAPTURE.pcap KEYS.esp_sa [--expect-payload HEX]...
    /usr/bin/python3 test/esp-crosscheck.py --self-test

(Use /usr/bin/python3: only Debian's python sees python3-cryptography.)

CAPTURE.pcap: classic libpcap (either byte order, micro- or nanosecond); link types
Ethernet (802.1Q/802.1ad tags skipped), PPP, raw IP (101/228/229/12), BSD loopback (0/108)
and Linux SLL. ESP is IPv4/IPv6 next header 50, or UDP port 4500 (NAT-T; keepalives and
IKE are skipped); AH is next header 51. On IPv6, hop-by-hop, routing, fragment and
destination options headers in front of ESP/AH are walked; an atomic fragment is checked
as the whole packet it is, other fragments are reported as not checked.

AH ICVs (RFC 4302 3.3.3): IPv4 with its mutable fields zeroed (no options); IPv6 with
traffic class, flow label and hop limit zeroed, the extension headers before AH included,
the data of options whose type has the may-change bit (0x20) zeroed, and a type 0 or 2
routing header with segments left rewritten as the destination will see it.

KEYS.esp_sa: Wireshark's esp_sa UAT format, one SA per line, 8 quoted fields:
    "IPv4","10.1.1.1","10.1.1.2","0x0000a011","AES-CBC [RFC3602]","0x<key>",
    "HMAC-SHA-1-96 [RFC2404]","0x<key>"
'#' starts a comment, except '#ns3-ipsec: ' (an SA Wireshark cannot decrypt; parsed as a
row) and '#ns3-ipsec-size-only: ' (an SA whose packets are skipped). A 'uat:esp_sa:'
prefix is accepted. Addresses and SPI may be '*'. First matching row wins.

For every ESP packet: the ICV is verified (AEAD: by the decryption), the payload decrypted
and the RFC 4303 trailer checked (pad length, padding 1,2,3,..., next header). With
--expect-payload, the UDP payloads of good packets are compared with the given hex strings.

Exit status: 0 if at least one packet was checked, none failed and every ESP packet had a
key; 1 otherwise; 2 on usage or file errors. --self-test checks the AES-XCBC-MAC code
against RFC 3566 section 4.6 and the GMAC code against a known-answer ESP packet.
"""

import argparse
import csv
import hmac
import ipaddress
import struct
import sys
import warnings

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESCCM, ChaCha20Poly1305

warnings.simplefilter("ignore")  # CAST5/Blowfish/3DES deprecation warnings


def legacy_cipher(name):
    """CAST5/Blowfish moved to cryptography.hazmat.decrepit in newer versions."""
    try:
        from cryptography.hazmat.decrepit.ciphers import algorithms as decrepit
        if hasattr(decrepit, name):
            return getattr(decrepit, name)
    except ImportError:
        pass
    return getattr(algorithms, name, None)


class Enc:
    """An ESP encryption algorithm: key sizes include the salt/nonce at the key's end."""

    def __init__(self, kind, keys, iv=0, block=4, salt=0, icv=0, algo=None, expand=None):
        self.kind, self.keys, self.iv, self.block = kind, keys, iv, block
        self.salt, self.icv, self.algo, self.expand = salt, icv, algo, expand


AES_KEYS = (16, 24, 32)
ENCRYPTION = {
    "NULL": Enc("null", (0,)),
    "DES-CBC": Enc("cbc", (8,), 8, 8, algo=algorithms.TripleDES, expand=lambda k: k * 3),
    "TRIPLEDES-CBC": Enc("cbc", (24,), 8, 8, algo=algorithms.TripleDES),
    "CAST5-CBC": Enc("cbc", range(5, 17), 8, 8, algo=legacy_cipher("CAST5")),
    "BLOWFISH-CBC": Enc("cbc", range(5, 57), 8, 8, algo=legacy_cipher("Blowfish")),
    "TWOFISH-CBC": Enc("nocheck", (16, 24, 32), 16, 16),
    "AES-CBC": Enc("cbc", AES_KEYS, 16, 16, algo=algorithms.AES),
    "CAMELLIA-CBC": Enc("cbc", AES_KEYS, 16, 16, algo=algorithms.Camellia),
    "AES-CTR": Enc("ctr", AES_KEYS, 8, salt=4),
    "NULL-AES-GMAC": Enc("gmac", AES_KEYS, 8, salt=4, icv=16),
    "CHACHA20-POLY1305": Enc("chacha", (32,), 8, salt=4, icv=16),
}
for n in (8, 12, 16):
    ENCRYPTION[f"AES-GCM WITH {n} OCTET ICV"] = Enc("gcm", AES_KEYS, 8, salt=4, icv=n)
    ENCRYPTION[f"AES-CCM WITH {n} OCTET ICV"] = Enc("ccm", AES_KEYS, 8, salt=3, icv=n)

# name -> (kind, hash name, key length, ICV length)
INTEGRITY = {
    "NULL": ("null", None, 0, 0),
    "HMAC-MD5-96": ("hmac", "md5", 16, 12),
    "HMAC-SHA-1-96": ("hmac", "sha1", 20, 12),
    "HMAC-SHA-256-96": ("hmac", "sha256", 32, 12),
    "HMAC-SHA-256-128": ("hmac", "sha256", 32, 16),
    "HMAC-SHA-384-192": ("hmac", "sha384", 48, 24),
    "HMAC-SHA-512-256": ("hmac", "sha512", 64, 32),
    "MAC-RIPEMD-160-96": ("hmac", "ripemd160", 20, 12),
    "AES-XCBC-MAC-96": ("xcbc", None, 16, 12),
}


def algo_key(name):
    """'AES-CBC [RFC3602]' -> 'AES-CBC' (the table key)."""
    return name.split("[")[0].strip().upper()


def hmac_function(digest):
    """HMAC via hashlib, else via cryptography (RIPEMD-160 may be missing in OpenSSL 3)."""
    try:
        hmac.new(b"k", b"", digest)
        return lambda key, msg: hmac.new(key, msg, digest).digest()
    except ValueError:
        pass
    from cryptography.hazmat.primitives import hashes, hmac as chmac

    def mac(key, msg):
        h = chmac.HMAC(key, getattr(hashes, digest.upper())())
        h.update(msg)
        return h.finalize()
    try:
        return mac if mac(b"k", b"") else None
    except (AttributeError, UnsupportedAlgorithm):
        return None  # caller reports "unsupported by this python3-cryptography"


def aes_xcbc_mac(key, msg):
    """AES-XCBC-MAC (RFC 3566 section 4), full 128-bit result; built on AES-ECB."""
    def aes(k, block):
        e = Cipher(algorithms.AES(k), modes.ECB()).encryptor()
        return e.update(block) + e.finalize()

    def xor(a, b):
        return bytes(x ^ y for x, y in zip(a, b))
    k1, k2, k3 = (aes(key, bytes([i]) * 16) for i in (1, 2, 3))
    blocks = [msg[i:i + 16] for i in range(0, len(msg), 16)] or [b""]
    e = bytes(16)
    for block in blocks[:-1]:
        e = aes(k1, xor(block, e))
    last = blocks[-1]
    if len(last) == 16:  # complete final block: XOR with K2
        return aes(k1, xor(xor(last, e), k2))
    last += b"\x80" + bytes(15 - len(last))  # pad with 10*, XOR with K3
    return aes(k1, xor(xor(last, e), k3))


class SA:
    """One row of the key file."""

    def __init__(self, fields, size_only):
        proto, src, dst, spi, enc, ekey, auth, akey = [f.strip() for f in fields]
        self.size_only = size_only
        if proto.upper() not in ("IPV4", "IPV6", "ANY", "*"):
            raise ValueError(f"protocol {proto!r} is not IPv4/IPv6")
        self.proto = proto.upper() if proto.upper() in ("IPV4", "IPV6") else None
        self.src, self.dst = self.net(src), self.net(dst)
        try:
            hexa = spi.lower().startswith("0x")
            self.spi = None if spi == "*" else int(spi, 16 if hexa else 10)
        except ValueError:
            raise ValueError(f"SPI {spi!r} is neither '*', 0x<hex> nor decimal") from None
        self.enc_name, self.auth_name = enc, auth
        self.enc = ENCRYPTION.get(algo_key(enc))
        integ = INTEGRITY.get(algo_key(auth))
        if size_only:
            return  # algorithms and keys are not used: the payload is not encrypted
        if self.enc is None:
            raise ValueError(f"unknown encryption algorithm {enc!r}")
        if integ is None:
            raise ValueError(f"unknown authentication algorithm {auth!r}")
        self.ekey, self.akey = self.key(ekey), self.key(akey)
        if len(self.ekey) - self.enc.salt not in self.enc.keys:
            raise ValueError(f"{enc}: key has {len(self.ekey)} bytes")
        self.auth_kind, digest, klen, self.icv = integ
        if self.enc.icv and self.auth_kind != "null":
            raise ValueError(f"combined-mode {enc} needs authentication NULL")
        if self.auth_kind != "null" and len(self.akey) != klen:
            raise ValueError(f"{auth}: key has {len(self.akey)} bytes, expected {klen}")
        self.mac = hmac_function(digest) if self.auth_kind == "hmac" else aes_xcbc_mac
        if self.enc.icv:
            self.icv = self.enc.icv

    @staticmethod
    def net(text):
        return None if text == "*" else ipaddress.ip_network(text, strict=False)

    @staticmethod
    def key(text):
        if text.lower().startswith("0x"):
            return bytes.fromhex(text[2:])
        return text.encode()  # Wireshark also takes a key as plain text

    def matches(self, version, src, dst, spi):
        return ((self.proto is None or self.proto == f"IPV{version}")
                and (self.src is None or src in self.src)
                and (self.dst is None or dst in self.dst)
                and (self.spi is None or self.spi == spi))


def read_keys(path):
    sas = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line, size_only = line.strip(), False
            if line.startswith("#ns3-ipsec-size-only:"):
                line, size_only = line[len("#ns3-ipsec-size-only:"):].strip(), True
            elif line.startswith("#ns3-ipsec:"):
                line = line[len("#ns3-ipsec:"):].strip()
            elif not line or line.startswith("#"):
                continue
            if line.startswith("uat:esp_sa:"):
                line = line[len("uat:esp_sa:"):]
            try:
                fields = next(csv.reader([line], skipinitialspace=True))
                if len(fields) != 8:
                    raise ValueError(f"{len(fields)} fields, expected 8")
                sas.append(SA(fields, size_only))
            except ValueError as e:
                raise SystemExit(f"{path}:{lineno}: malformed SA line: {e}") from None
    return sas


def read_pcap(path):
    """Yields (frame number, link type, frame bytes, truncated)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise SystemExit(f"{path}: too short for a pcap file")
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise SystemExit(f"{path}: not a classic libpcap file (pcapng is not supported)")
    linktype = struct.unpack(endian + "I", data[20:24])[0] & 0x0FFFFFFF
    offset, number = 24, 0
    while offset + 16 <= len(data):
        incl, orig = struct.unpack(endian + "II", data[offset + 8:offset + 16])
        number += 1
        frame = data[offset + 16:offset + 16 + incl]
        offset += 16 + incl
        yield number, linktype, frame, len(frame) < orig


def link_payload(linktype, frame):
    """Returns the IP packet inside a frame, or None for non-IP frames."""
    if linktype == 1:  # Ethernet, maybe with 802.1Q / 802.1ad tags
        pos, etype = 14, frame[12:14]
        while etype in (b"\x81\x00", b"\x88\xa8", b"\x91\x00"):
            etype, pos = frame[pos + 2:pos + 4], pos + 4
        return frame[pos:] if etype in (b"\x08\x00", b"\x86\xdd") else None
    if linktype == 9:  # PPP, with or without the FF 03 address/control bytes
        if frame[:2] == b"\xff\x03":
            frame = frame[2:]
        if frame[:1] and frame[0] & 1:  # protocol-field compression: one byte
            proto, frame = frame[0], frame[1:]
        else:
            proto, frame = int.from_bytes(frame[:2], "big"), frame[2:]
        return frame if proto in (0x21, 0x57) else None
    if linktype in (101, 228, 229, 12):
        return frame
    if linktype in (0, 108):  # BSD loopback: AF_INET 2, AF_INET6 24/28/30, either order
        family = int.from_bytes(frame[:4], "little" if frame[:1] != b"\0" else "big")
        return frame[4:] if family in (2, 24, 28, 30) else None
    if linktype == 113:  # Linux cooked capture
        return frame[16:] if frame[14:16] in (b"\x08\x00", b"\x86\xdd") else None
    return None


def nat_t_esp(udp):
    """ESP inside UDP port 4500, or None for keepalives, IKE and other UDP."""
    if len(udp) < 8 or 4500 not in struct.unpack("!HH", udp[:4]):
        return None
    body = udp[8:max(8, int.from_bytes(udp[4:6], "big"))]
    if body == b"\xff" or body[:4] == b"\0\0\0\0":
        return None  # NAT keepalive, or IKE behind the non-ESP marker
    return body


IPV6_EXTENSIONS = (0, 43, 44, 60, 135, 139, 140)


def walk_ipv6(ip):
    """Follows an IPv6 packet's extension headers. Returns (next header, headers before it as
    a bytearray, payload, fragment (offset, more, ident) or None) or raises ValueError."""
    end = 40 + int.from_bytes(ip[4:6], "big")
    if end > len(ip):
        end = len(ip)  # cut by the capture: checked as far as it goes
    headers, proto, pos, fragment = bytearray(ip[:40]), ip[6], 40, None
    link = 6  # where the field naming the current header sits in `headers`
    while proto in IPV6_EXTENSIONS:
        if proto == 0 and pos != 40:
            raise ValueError("hop-by-hop header not right after the IPv6 header")
        if pos + 8 > end:
            raise ValueError(f"extension header {proto} at byte {pos} is cut")
        size = 8 if proto == 44 else (ip[pos + 1] + 1) * 8
        if pos + size > end:
            raise ValueError(f"extension header {proto} at byte {pos} ({size} bytes) runs "
                             f"past the packet ({end} bytes)")
        part = ip[pos:pos + size]
        if proto == 44:
            offset, more = int.from_bytes(part[2:4], "big") & 0xFFF8, part[3] & 1
            if offset == 0 and not more:  # atomic: gone before AH is processed
                headers[link] = part[0]
                headers[4:6] = (int.from_bytes(headers[4:6], "big") - 8).to_bytes(2, "big")
                proto, pos = part[0], pos + size
                continue
            fragment = (offset, more, part[4:8])
            if offset:
                return part[0], headers, ip[pos + size:end], fragment
        link = len(headers)
        headers += part
        proto, pos = part[0], pos + size
    return proto, headers, ip[pos:end], fragment


def ipv6_icv_headers(headers):
    """The IPv6 header and extension headers before AH as the ICV covers them."""
    out = bytearray(headers)
    out[0] &= 0xF0                  # traffic class: low nibble of byte 0, ...
    out[1:4] = b"\0\0\0"           # ... high nibble of byte 1; the flow label
    out[7] = 0                      # hop limit
    proto, pos = out[6], 40
    while pos < len(out):
        size = 8 if proto == 44 else (out[pos + 1] + 1) * 8
        if proto in (0, 60):
            i = pos + 2
            while i < pos + size:
                if out[i] == 0:  # Pad1
                    i += 1
                    continue
                if i + 2 > pos + size or i + 2 + out[i + 1] > pos + size:
                    raise ValueError("an option runs past its header")
                if out[i] & 0x20:
                    out[i + 2:i + 2 + out[i + 1]] = bytes(out[i + 1])
                i += 2 + out[i + 1]
        elif proto == 43 and out[pos + 3]:
            kind, left = out[pos + 2], out[pos + 3]
            if kind not in (0, 2):
                raise ValueError(f"routing header type {kind} with {left} segments left")
            addresses = [bytes(out[a:a + 16]) for a in range(pos + 8, pos + size, 16)]
            if left > len(addresses):
                raise ValueError("routing header with more segments left than addresses")
            visited, ahead = addresses[:len(addresses) - left], addresses[len(addresses) - left:]
            final = visited + [bytes(out[24:40])] + ahead[:-1]
            out[24:40] = ahead[-1]
            out[pos + 8:pos + size] = b"".join(final)
            out[pos + 3] = 0
        proto, pos = out[pos], pos + size
    return bytes(out)


def find_esp(ip, fragments):
    """Returns (version, src, dst, esp bytes or 'fragment' or an error text) or None."""
    version = ip[0] >> 4 if ip else 0
    ihl = 40
    if version == 4 and len(ip) >= 20:
        ihl = (ip[0] & 15) * 4
        total = int.from_bytes(ip[2:4], "big")
        ip = ip[:total] if total >= ihl else ip  # drop Ethernet padding
        src, dst = ipaddress.ip_address(ip[12:16]), ipaddress.ip_address(ip[16:20])
        proto, frag, ident = ip[9], int.from_bytes(ip[6:8], "big"), ip[4:6]
        payload, headers = ip[ihl:], ip[:ihl]
        if frag & 0x3FFF:  # MF set or offset != 0
            key = (src, dst, ident)
            first = frag & 0x1FFF == 0
            if proto == 50 or (proto == 17 and first and nat_t_esp(payload) is not None):
                fragments.add(key)
            return (4, src, dst, "fragment") if key in fragments else None
    elif version == 6 and len(ip) >= 40:
        src, dst = ipaddress.ip_address(ip[8:24]), ipaddress.ip_address(ip[24:40])
        try:
            proto, headers, payload, fragment = walk_ipv6(ip)
        except ValueError as e:
            return (6, src, dst, f"malformed: {e}")
        if fragment is not None:
            offset, _, ident = fragment
            key = (src, dst, ident)
            if proto in (50, 51) or (not offset and proto == 17
                                     and nat_t_esp(payload) is not None):
                fragments.add(key)
            return (6, src, dst, "fragment") if key in fragments else None
    else:
        return None
    if proto == 51:
        return (version, src, dst, AhPacket(headers, payload))
    esp = payload if proto == 50 else nat_t_esp(payload) if proto == 17 else None
    return None if esp is None else (version, src, dst, esp)


class AhPacket:
    """An AH packet: the headers in front of it (which the ICV covers) and the bytes from AH
    on."""

    def __init__(self, ip_header, ah):
        self.ip_header, self.ah = ip_header, ah


def check_ah(sas, version, src, dst, packet):
    """RFC 4302 section 3.3.3: the ICV covers the IPv4 header with DSCP/ECN, flags, fragment
    offset, TTL and checksum zeroed (IPv6: see ipv6_icv_headers), the AH header with a zero
    ICV field, and the payload."""
    ah, ip = packet.ah, packet.ip_header
    where = f"{src} -> {dst} AH"
    if len(ah) < 12:
        return "failed", f"{where}: AH header truncated", None, None
    next_header, words, spi, seq = ah[0], ah[1], *struct.unpack("!II", ah[4:12])
    where += f" SPI 0x{spi:08x} seq {seq}"
    sa = next((s for s in sas if s.matches(version, src, dst, spi)), None)
    if sa is None:
        return "nokey", f"{where}: no key", None, None
    where += f" {sa.auth_name}"
    if sa.size_only:
        return "skipped", f"{where}: size-only, skipped", None, None
    if sa.enc.kind != "null" or sa.auth_kind == "null":
        return "failed", f"{where}: FAILED: an AH key needs NULL encryption and an ICV", \
            None, None
    length = (words + 2) * 4
    if version == 4 and len(ip) != 20:
        return "failed", f"{where}: FAILED: IPv4 options are not handled here", None, None
    if length < 12 + sa.icv or length > len(ah) or (version == 6 and length % 8):
        return "failed", f"{where}: FAILED: AH length {length} does not fit", None, None
    if version == 6:
        try:
            immutable = ipv6_icv_headers(ip)
        except ValueError as e:
            return "failed", f"{where}: FAILED: not checkable: {e}", None, None
    else:
        immutable = bytearray(ip)
        immutable[1] = 0                # DSCP, ECN
        immutable[6:8] = b"\0\0"        # flags, fragment offset
        immutable[8] = 0                # TTL
        immutable[10:12] = b"\0\0"      # header checksum
    zeroed = ah[:12] + bytes(length - 12) + ah[length:]
    icv = sa.mac(sa.akey, bytes(immutable) + zeroed)[:sa.icv]
    if not hmac.compare_digest(icv, ah[12:12 + sa.icv]):
        return "failed", f"{where}: FAILED: ICV mismatch", None, None
    payload = ah[length:]
    return "ok", f"{where}: ok next-header={next_header} payload={len(payload)}", \
        next_header, payload


def check_trailer(plain):
    """RFC 4303 section 2.4-2.6: returns (next header, payload) or raises ValueError."""
    if len(plain) < 2:
        raise ValueError("decrypted data shorter than the ESP trailer")
    padlen, next_header = plain[-2], plain[-1]
    if padlen > len(plain) - 2:
        raise ValueError(f"pad length {padlen} exceeds the {len(plain) - 2} bytes before it")
    if plain[-2 - padlen:-2] != bytes(range(1, padlen + 1)):
        raise ValueError("padding bytes are not 1, 2, 3, ...")
    return next_header, plain[:-2 - padlen]


def verify(sa, esp):
    """Verifies and decrypts one ESP packet; returns the plaintext or raises ValueError."""
    enc, header = sa.enc, esp[:8]
    if len(esp) < 8 + enc.iv + sa.icv:
        raise ValueError(f"ESP packet of {len(esp)} bytes too short for IV and ICV")
    body, icv = esp[:len(esp) - sa.icv], esp[len(esp) - sa.icv:]
    iv, data = body[8:8 + enc.iv], body[8 + enc.iv:]
    if (len(esp) - sa.icv) % 4:
        raise ValueError("ciphertext does not end on a 4-byte boundary")
    key, salt = sa.ekey[:len(sa.ekey) - enc.salt], sa.ekey[len(sa.ekey) - enc.salt:]
    if sa.auth_kind != "null":  # integrity first, over SPI | seq | IV | ciphertext
        if sa.mac is None:
            raise ValueError(f"{sa.auth_name} unsupported by this python3-cryptography")
        if not hmac.compare_digest(sa.mac(sa.akey, body)[:sa.icv], icv):
            raise ValueError("ICV mismatch")
    try:
        if enc.kind == "null":
            return data
        if enc.kind in ("cbc", "ctr"):
            if enc.kind == "cbc":
                if enc.algo is None:
                    raise ValueError(f"{sa.enc_name} unsupported by this python3-cryptography")
                if len(data) % enc.block:
                    raise ValueError(f"ciphertext not a multiple of {enc.block} bytes")
                k = enc.expand(key) if enc.expand else key
                cipher = Cipher(enc.algo(k), modes.CBC(iv))
            else:  # RFC 3686 counter block: nonce | IV | 1
                cipher = Cipher(algorithms.AES(key), modes.CTR(salt + iv + b"\0\0\0\1"))
            d = cipher.decryptor()
            return d.update(data) + d.finalize()
        if enc.kind in ("gcm", "gmac"):
            # RFC 4106: AAD = SPI | seq, data encrypted. RFC 4543 (GMAC): nothing is
            # encrypted and AAD = SPI | seq | IV | payload, padding, pad length, next header.
            d = Cipher(algorithms.AES(key), modes.GCM(salt + iv, icv, min_tag_length=4))
            d = d.decryptor()
            if enc.kind == "gmac":
                d.authenticate_additional_data(header + iv + data)
                d.finalize()
                return data
            d.authenticate_additional_data(header)
            return d.update(data) + d.finalize()
        if enc.kind == "ccm":  # RFC 4309: nonce = salt(3) | IV(8), AAD = SPI | seq
            return AESCCM(key, tag_length=enc.icv).decrypt(salt + iv, data + icv, header)
        if enc.kind == "chacha":  # RFC 7634: nonce = salt(4) | IV(8), AAD = SPI | seq
            return ChaCha20Poly1305(key).decrypt(salt + iv, data + icv, header)
    except InvalidTag:
        raise ValueError("ICV mismatch (AEAD tag)") from None
    except UnsupportedAlgorithm:
        raise ValueError(f"{sa.enc_name} unsupported by this python3-cryptography") from None
    raise ValueError(f"no code for {sa.enc_name}")


def udp_payload(next_header, payload):
    """The UDP payload of a decrypted transport-mode UDP packet (or IPv4/IPv6 tunnel)."""
    if next_header == 4 and len(payload) >= 20 and payload[9] == 17:
        next_header, payload = 17, payload[(payload[0] & 15) * 4:]
    elif next_header == 41 and len(payload) >= 40 and payload[6] == 17:
        next_header, payload = 17, payload[40:]
    return payload[8:] if next_header == 17 and len(payload) >= 8 else None


def self_test():
    ok = True
    key = bytes(range(16))  # RFC 3566 section 4.6 test cases
    for msg, mac in [(b"", "75f0251d528ac01c4573dfd584d79f29"),
                     (bytes(range(3)), "5b376580ae2f19afe7219ceef172756f"),
                     (bytes(range(16)), "d2a246fa349b68a79998a4394ff7a263"),
                     (bytes(range(20)), "47f51b4564966215b8985c63055ed308"),
                     (bytes(range(32)), "f54f0ec8d2b9f3d36807734bd5283fd4"),
                     (bytes(range(34)), "becbb3bccdb518a30677d5481fb6b4d8"),
                     (bytes(1000), "f0dafee895db30253761103b5d84528f")]:
        good = aes_xcbc_mac(key, msg).hex() == mac
        ok &= good
        print(f"AES-XCBC-MAC, {len(msg)}-byte message: {'ok' if good else 'FAILED'}")
    # A published RFC 4543 ESP known answer (AES-128, salt 2f5af3fc, SPI 0x91909dc9, seq 1,
    # tunnel-mode ICMP; from third-party crypto test suites): its tag matches only with
    # AAD = SPI | seq | IV | payload, padding, pad length, next header.
    sa = SA(["IPv4", "*", "*", "*", "NULL-AES-GMAC [RFC4543]",
                "0xf89370ca901af1a99070273f0e90db572f5af3fc", "NULL", ""], False)
    esp = bytes.fromhex("91909dc90000000173e18b41080000004500006400050000ff01a28a0c000001"
                        "0d0000090800294d0005000000000000016f5389" + "abcd" * 32 +
                        "010202048ff59c004238788f41a38a69c8fe3855")
    try:
        good = check_trailer(verify(sa, esp))[0] == 4
    except ValueError:
        good = False
    ok &= good
    print(f"AES-GMAC ESP known answer: {'ok' if good else 'FAILED'}")
    return 0 if ok else 1


def check_packet(sas, version, src, dst, esp):
    """One ESP or AH packet -> (counter name, text, next header, payload)."""
    if isinstance(esp, AhPacket):
        return check_ah(sas, version, src, dst, esp)
    where = f"{src} -> {dst}"
    if len(esp) < 8:
        return "failed", f"{where}: ESP header truncated", None, None
    spi, seq = struct.unpack("!II", esp[:8])
    where += f" SPI 0x{spi:08x} seq {seq}"
    sa = next((s for s in sas if s.matches(version, src, dst, spi)), None)
    if sa is None:
        return "nokey", f"{where}: no key", None, None
    where += f" {sa.enc_name} / {sa.auth_name}"
    if sa.size_only:
        return "skipped", f"{where}: size-only, skipped", None, None
    if sa.enc.kind == "nocheck":
        return "skipped", f"{where}: not checkable here (no Twofish), skipped", None, None
    try:
        next_header, payload = check_trailer(verify(sa, esp))
    except ValueError as e:
        return "failed", f"{where}: FAILED: {e}", None, None
    return "ok", f"{where}: ok next-header={next_header} payload={len(payload)}", \
        next_header, payload


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("capture", nargs="?", help="classic libpcap file")
    parser.add_argument("keys", nargs="?", help="Wireshark esp_sa key file")
    parser.add_argument("--expect-payload", action="append", default=[], metavar="HEX",
                        type=bytes.fromhex, help="expected UDP payload (repeatable)")
    parser.add_argument("--self-test", action="store_true", help="check XCBC and GMAC code")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    if not args.keys:
        parser.error("CAPTURE.pcap and KEYS.esp_sa are needed")
    try:
        sas, packets = read_keys(args.keys), list(read_pcap(args.capture))
    except OSError as e:
        raise SystemExit(str(e)) from None

    count = dict(checked=0, ok=0, failed=0, skipped=0, nokey=0)
    udp_ok, matched, fragments = 0, 0, set()
    for number, linktype, frame, truncated in packets:
        ip = link_payload(linktype, frame)
        found = find_esp(ip, fragments) if ip else None
        if found is None:
            continue
        version, src, dst, esp = found
        if isinstance(esp, str) or truncated:
            why = ("truncated in the capture" if truncated else
                   "fragment, not checked" if esp == "fragment" else esp)
            result, text, next_header = "failed", f"{src} -> {dst}: {why}", None
        else:
            result, text, next_header, payload = check_packet(sas, version, src, dst, esp)
        print(f"frame {number}: {text}")
        count[result] += 1
        count["checked"] += result in ("ok", "failed")
        data = udp_payload(next_header, payload) if result == "ok" else None
        if args.expect_payload and data is not None:
            udp_ok += 1
            matched += data in args.expect_payload
    if args.expect_payload:
        print(f"expected payload matched in {matched} of {udp_ok} good UDP packets")
    print(f"checked {count['checked']}, ok {count['ok']}, failed {count['failed']}, "
          f"skipped {count['skipped']} (size-only/not checkable), no key {count['nokey']}")
    return 0 if count["checked"] and not count["failed"] and not count["nokey"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit as e:
        if isinstance(e.code, str):  # file errors: message, exit status 2
            print(e.code, file=sys.stderr)
            sys.exit(2)
        raise
