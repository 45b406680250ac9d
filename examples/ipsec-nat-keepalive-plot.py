#!/usr/bin/python3
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Plot the NAT keepalive experiment (examples/ipsec-nat-keepalive.cc --sweep).

Reads the CSV the example writes and draws the delivered fraction of the traffic pushed to
the road warrior against its NAT keepalive interval, one line per NAT UDP mapping timeout,
with each timeout marked as a dashed vertical line: keepalives sent more often than the
mapping times out keep the tunnel reachable; rarer ones lose it.

usage: /usr/bin/python3 ipsec-nat-keepalive-plot.py <csv> [<png>]
(Debian's python3-matplotlib; the pyenv python3 on PATH cannot see it.)
"""

import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")  # no display: write files only
import matplotlib.pyplot as plt  # noqa: E402


def read(path):
    """Rows of the CSV grouped by NAT timeout: {timeout: [(keepalive, fraction), ...]}."""
    series = defaultdict(list)
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            series[float(row["nat_timeout_s"])].append(
                (float(row["keepalive_s"]), float(row["delivered_fraction"]))
            )
    if not series:
        raise SystemExit(f"{path}: no rows")
    return series


def plot(series, png):
    # "No keepalives" is drawn to the right of the longest interval.
    longest = max(k for points in series.values() for k, _ in points)
    off = longest * 1.25 if longest > 0 else 1.0
    fig, ax = plt.subplots(figsize=(7, 4.2))
    markers = "osd^v<>"
    for i, timeout in enumerate(sorted(series)):
        points = sorted((k if k > 0 else off, f) for k, f in series[timeout])
        color = f"C{i}"
        ax.plot(
            [k for k, _ in points],
            [f for _, f in points],
            marker=markers[i % len(markers)],
            color=color,
            label=f"NAT UDP timeout {timeout:g} s",
        )
        ax.axvline(timeout, color=color, linestyle="--", linewidth=0.8, alpha=0.6)
    ticks = sorted({k for points in series.values() for k, _ in points if k > 0})
    ax.set_xticks(ticks + [off])
    ax.set_xticklabels([f"{k:g}" for k in ticks] + ["off"])
    ax.set_xlabel("NAT keepalive interval (s)")
    ax.set_ylabel("delivered fraction of pushed datagrams")
    ax.set_ylim(-0.03, 1.05)
    ax.set_title("Road warrior behind a NAPT: ESP in UDP reachability")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower left")
    fig.tight_layout()
    fig.savefig(png, dpi=120)
    print(f"wrote {png}")


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    path = sys.argv[1]
    png = sys.argv[2] if len(sys.argv) == 3 else path.rsplit(".", 1)[0] + ".png"
    plot(read(path), png)


if __name__ == "__main__":
    main()
