# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ns-3's CommandLine for Python scenarios: the same ``--name=value`` arguments as the C++
examples, so a scenario runs with one command line in either language."""

import argparse


def _parse_bool(text):
    lowered = text.lower()
    if lowered in ("1", "true", "t", "yes", "on"):
        return True
    if lowered in ("0", "false", "f", "no", "off"):
        return False
    raise argparse.ArgumentTypeError("expected true or false, not %r" % text)


class CommandLine:
    """Named options with defaults, parsed from ``--name=value`` (or ``--name value``).

    Boolean options may also be given bare (``--verbose``), as with ns-3's CommandLine.

    >>> cmd = CommandLine("two hosts")
    >>> cmd.AddValue("packets", "Echo requests per flow", 5)
    >>> args = cmd.Parse(["--packets=3"])
    >>> args.packets
    3
    """

    def __init__(self, description=None):
        self._parser = argparse.ArgumentParser(description=description, allow_abbrev=False)

    def AddValue(self, name, help, default):
        """Add an option; its type is the default's (bool, int, float or str)."""
        if isinstance(default, bool):
            self._parser.add_argument(
                "--" + name, type=_parse_bool, nargs="?", const=True, default=default, help=help
            )
        else:
            kind = type(default) if isinstance(default, (int, float)) else str
            self._parser.add_argument("--" + name, type=kind, default=default, help=help)

    def Parse(self, argv=None):
        """Parse ``argv`` (default: ``sys.argv[1:]``); returns a namespace of the values."""
        return self._parser.parse_args(argv)
