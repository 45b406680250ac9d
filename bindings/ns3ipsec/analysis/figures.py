# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""The standard figures, drawn with matplotlib (Agg backend: files only, no display)."""

from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MARKERS = "osd^v<>ph*"


def _series(rows, key, x, y):
    """{rows[key]: sorted [(x, y)]}, in first-seen order of the keys."""
    series = defaultdict(list)
    for row in rows:
        series[row[key]].append((row[x], row[y]))
    return {name: sorted(points) for name, points in series.items()}


def _lines(ax, series):
    for i, (name, points) in enumerate(series.items()):
        ax.plot([p[0] for p in points], [p[1] for p in points], marker=MARKERS[i % len(MARKERS)],
                markersize=4, label=name)


def _save(fig, png):
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    plt.close(fig)
    return png


def overhead(rows, png):
    """Bytes IPsec adds per packet against UDP payload size, one line per algorithm."""
    fig, ax = plt.subplots(figsize=(7, 4.2))
    _lines(ax, _series([r for r in rows if r["algorithm"] != "none"], "algorithm",
                       "payload_bytes", "overhead_bytes"))
    ax.set_xlabel("UDP payload (bytes)")
    ax.set_ylabel("bytes added per packet")
    ax.set_title("ESP/AH overhead per packet (measured on the link, IPv4)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, ncol=2)
    return _save(fig, png)


def goodput(rows, png):
    """UDP goodput on a saturated link against payload size, one line per algorithm."""
    fig, ax = plt.subplots(figsize=(7, 4.2))
    _lines(ax, _series(rows, "algorithm", "payload_bytes", "goodput_mbps"))
    link = max(r["link_mbps"] for r in rows)
    ax.axhline(link, color="gray", linestyle="--", linewidth=0.8)
    ax.set_xlabel("UDP payload (bytes)")
    ax.set_ylabel("goodput (Mbit/s of UDP payload)")
    ax.set_title("Goodput on a saturated %g Mbit/s link" % link)
    ax.set_xscale("log")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, ncol=2)
    return _save(fig, png)


def gateway(rows, png):
    """A gateway's delivered throughput and mean latency against offered load per algorithm."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    _lines(left, _series(rows, "algorithm", "offered_mbps", "delivered_mbps"))
    _lines(right, _series(rows, "algorithm", "offered_mbps", "mean_latency_us"))
    top = max(r["offered_mbps"] for r in rows)
    left.plot([0, top], [0, top], color="gray", linestyle="--", linewidth=0.8)
    left.set_xlabel("offered load (Mbit/s)")
    left.set_ylabel("delivered (Mbit/s)")
    left.set_title("Gateway throughput")
    right.set_xlabel("offered load (Mbit/s)")
    right.set_ylabel("mean latency (us)")
    right.set_yscale("log")
    right.set_title("Gateway latency (processing-delay model)")
    for ax in (left, right):
        ax.grid(True, alpha=0.3)
    left.legend(fontsize=8)
    return _save(fig, png)


def keepalive(rows, png):
    """Delivered fraction against NAT keepalive interval, one line per NAT mapping timeout."""
    series = defaultdict(list)
    for row in rows:
        series[row["nat_timeout_s"]].append((row["keepalive_s"], row["delivered_fraction"]))
    longest = max(k for points in series.values() for k, _ in points)
    off = longest * 1.25 if longest > 0 else 1.0  # "no keepalives", right of the longest
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for i, timeout in enumerate(sorted(series)):
        points = sorted((k if k > 0 else off, f) for k, f in series[timeout])
        ax.plot([k for k, _ in points], [f for _, f in points], marker=MARKERS[i % len(MARKERS)],
                color="C%d" % i, label="NAT UDP timeout %g s" % timeout)
        ax.axvline(timeout, color="C%d" % i, linestyle="--", linewidth=0.8, alpha=0.6)
    ticks = sorted({k for points in series.values() for k, _ in points if k > 0})
    ax.set_xticks(ticks + [off])
    ax.set_xticklabels(["%g" % k for k in ticks] + ["off"])
    ax.set_xlabel("NAT keepalive interval (s)")
    ax.set_ylabel("delivered fraction of pushed datagrams")
    ax.set_ylim(-0.03, 1.05)
    ax.set_title("Road warrior behind a NAPT: ESP in UDP reachability")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower left")
    return _save(fig, png)
