# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Reading the module's outputs and drawing the standard figures.

- :mod:`.tables`: the CSV files the examples write, checked column by column;
- :mod:`.pcap`: per-protocol summaries of pcap captures (PPP, Ethernet, raw IP, Linux SLL);
- :mod:`.overhead`: the per-packet overhead RFC 4303 and RFC 4302 predict, to check against;
- :mod:`.figures`: the figures (matplotlib, written as PNG).

Command line: ``/usr/bin/python3 -m ns3ipsec.analysis <figure> <csv> <png>``, figures
``overhead``, ``goodput``, ``gateway``, ``keepalive``; ``summary <pcap>`` prints a capture's
summary. ``make plots`` runs the experiments and draws all of them.
"""
