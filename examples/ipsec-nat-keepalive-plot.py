#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Plot the NAT keepalive experiment (examples/ipsec-nat-keepalive.cc --sweep).

Reads the CSV the example writes and draws the delivered fraction of the traffic pushed to
the road warrior against its NAT keepalive interval, one line per NAT UDP mapping timeout.
The figure is ns3ipsec.analysis's `keepalive` (`make plots` draws it too); this script loads
that module from the source tree, so it runs without the built Python package.

usage: /usr/bin/python3 ipsec-nat-keepalive-plot.py <csv> [<png>]
(Debian's python3-matplotlib; the pyenv python3 on PATH cannot see it.)
"""

import importlib.util
import os
import sys

ANALYSIS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings",
                        "ns3ipsec", "analysis")


def load(name):
    """A module of the analysis package, from its file (it needs nothing else)."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(ANALYSIS, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    path = sys.argv[1]
    png = sys.argv[2] if len(sys.argv) == 3 else path.rsplit(".", 1)[0] + ".png"
    tables, figures = load("tables"), load("figures")
    try:
        rows = tables.read(path, tables.KEEPALIVE_COLUMNS)
    except tables.TableError as error:
        raise SystemExit(str(error))
    print("wrote " + figures.keepalive(rows, png))


if __name__ == "__main__":
    main()
