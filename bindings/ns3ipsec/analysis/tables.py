# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""The examples' CSV files, read with their columns checked and converted."""

import csv


class TableError(ValueError):
    """A CSV file that is not what the figure needs: says which file, line and column."""


def read(path, columns):
    """Rows of a CSV file as dicts, with ``columns`` ({name: type}) required and converted.

    Raises TableError naming the file, the line and the column for a missing column, an
    empty file or a value that does not convert.
    """
    with open(path, newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise TableError("%s: missing column(s) %s" % (path, ", ".join(missing)))
        rows = []
        for line, row in enumerate(reader, start=2):
            converted = {}
            for name, kind in columns.items():
                try:
                    converted[name] = kind(row[name])
                except (TypeError, ValueError):
                    raise TableError(
                        "%s:%d: column %s: %r is not a %s"
                        % (path, line, name, row[name], kind.__name__)
                    ) from None
            rows.append(converted)
    if not rows:
        raise TableError("%s: no rows" % path)
    return rows


OVERHEAD_COLUMNS = {
    "algorithm": str,
    "payload_bytes": int,
    "ip_bytes": int,
    "overhead_bytes": int,
    "goodput_mbps": float,
    "link_mbps": float,
}
GATEWAY_COLUMNS = {
    "algorithm": str,
    "offered_mbps": float,
    "delivered_mbps": float,
    "mean_latency_us": float,
    "p95_latency_us": float,
    "crypto_drops": int,
}
KEEPALIVE_COLUMNS = {
    "nat_timeout_s": float,
    "keepalive_s": float,
    "delivered_fraction": float,
}
