# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""usage: python3 -m ns3ipsec.analysis overhead|goodput|gateway|keepalive <csv> <png>
       python3 -m ns3ipsec.analysis summary <pcap>"""

import sys

from . import figures, pcap, tables

FIGURES = {
    "overhead": (figures.overhead, tables.OVERHEAD_COLUMNS),
    "goodput": (figures.goodput, tables.OVERHEAD_COLUMNS),
    "gateway": (figures.gateway, tables.GATEWAY_COLUMNS),
    "keepalive": (figures.keepalive, tables.KEEPALIVE_COLUMNS),
}


def main(argv):
    if len(argv) == 2 and argv[0] == "summary":
        s = pcap.summarize(argv[1])
        print("%s: %d frames" % (argv[1], s.frames))
        for kind in sorted(s.packets):
            print("  %-14s %6d packets %9d IP bytes" % (kind, s.packets[kind], s.bytes[kind]))
        return 0
    if len(argv) != 3 or argv[0] not in FIGURES:
        print(__doc__, file=sys.stderr)
        return 2
    draw, columns = FIGURES[argv[0]]
    try:
        rows = tables.read(argv[1], columns)
    except (OSError, tables.TableError) as error:
        print("ns3ipsec.analysis: %s" % error, file=sys.stderr)
        return 1
    print("wrote " + draw(rows, argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
