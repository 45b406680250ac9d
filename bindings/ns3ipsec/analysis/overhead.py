# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""The bytes ESP (RFC 4303) and AH (RFC 4302) add to a packet, computed from the RFCs.

These numbers are independent of the module: the tests compare them with what the
simulated links carried.
"""

# (IV bytes, alignment of the encrypted part, ICV bytes) per ESP transform, RFC 4303 2.4/2.8.
ESP_TRANSFORMS = {
    "aes-gcm16": (8, 4, 16),  # RFC 4106
    "aes-cbc/hmac-sha256": (16, 16, 16),  # RFC 3602, RFC 4868
    "aes-cbc/hmac-sha1": (16, 16, 12),  # RFC 3602, RFC 2404
    "chacha20-poly1305": (8, 4, 16),  # RFC 7634
    "3des-cbc/hmac-sha1": (8, 8, 12),  # RFC 2451, RFC 2404
    "null/hmac-sha256": (0, 4, 16),  # RFC 2410, RFC 4868
}
AH_ICV = {"hmac-sha256": 16, "hmac-sha1": 12}  # RFC 4868, RFC 2404


def esp_overhead(transform, inner_bytes):
    """Bytes ESP adds around ``inner_bytes`` (the UDP datagram in transport mode, the inner
    IP packet in tunnel mode): SPI and sequence (8), IV, padding, pad length and next header
    (2), ICV."""
    iv, align, icv = ESP_TRANSFORMS[transform]
    padded = -(-(inner_bytes + 2) // align) * align
    return 8 + iv + padded - inner_bytes + icv


def ah_overhead(integrity, ipv6=False):
    """Bytes AH adds: 12 fixed, the ICV, padded to 32 bits (IPv4) or 64 bits (IPv6)."""
    length = 12 + AH_ICV[integrity]
    align = 8 if ipv6 else 4
    return -(-length // align) * align
