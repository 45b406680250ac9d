#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Checks every ESP and AH packet of a capture with the module's own inbound transforms.

The Python twin of ipsec-pcap-decode.cc (same arguments, same output, same exit status):

  ipsec-pcap-decode.py --pcap=capture.pcap --keys=keys.esp_sa [--quiet]

The keys are Wireshark esp_sa rows (as IpsecHelper.WriteWiresharkEspSa writes them). Prints
one line per ESP or AH packet, then a summary line. Exit status: 0 when at least one ESP or AH
packet was seen and all of them verified and decrypted, 1 otherwise, 2 on usage or file errors.
"""

import sys

import ns3ipsec as ns


def main(argv):
    cmd = ns.CommandLine(__doc__.splitlines()[0])
    cmd.AddValue("pcap", "Capture to check (pcap, not pcapng)", "")
    cmd.AddValue("keys", "Wireshark esp_sa file with the SAs' keys", "")
    cmd.AddValue("quiet", "Print only the summary", False)
    args = cmd.Parse(argv)
    if not args.pcap or not args.keys:
        print("usage: ipsec-pcap-decode --pcap=FILE --keys=ESP_SA_FILE [--quiet]", file=sys.stderr)
        return 2

    inspector = ns.EspPcapInspector()
    try:
        inspector.LoadKeys(args.keys)
    except ns.IpsecError as error:
        print("ipsec-pcap-decode: %s" % error, file=sys.stderr)
        return 2
    s = inspector.Inspect(args.pcap, None if args.quiet else sys.stdout)
    if s.error:
        print("ipsec-pcap-decode: " + s.error, file=sys.stderr)
        return 2
    line = (
        "ESP/AH packets: %d, good: %d, failed: %d, fragments not checked: %d, "
        "size-only (not decryptable): %d" % (s.esp, s.good, s.failed, s.fragments, s.sizeOnly)
    )
    if s.malformed > 0:
        line += ", malformed IPv6 (not checked): %d" % s.malformed
    line += ", other frames: %d (of %d)%s" % (
        s.skipped,
        s.frames,
        ", capture cut short" if s.truncated else "",
    )
    print(line)
    ok = s.esp > 0 and s.failed == 0 and s.fragments == 0 and s.malformed == 0 and not s.truncated
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
