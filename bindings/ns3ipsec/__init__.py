# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ns-3 and its ipsec module, from Python.

Names follow ns-3's C++ API (``Simulator.Run()``, ``IpsecHelper().Install(nodes)``), so the
C++ documentation applies; keyword arguments, exceptions, ``repr`` and ``with`` blocks are
the Python additions. See README.md ("A first scenario in Python").
"""

import atexit as _atexit

from ._ns3ipsec import *  # noqa: F401,F403
from ._ns3ipsec import Config, Simulator  # noqa: F401
from .command_line import CommandLine  # noqa: F401


def _destroy_simulator():
    # Release every ns-3 object while Python still runs: callbacks and events hold Python
    # objects that must not be released after the interpreter is gone.
    Simulator.Destroy()


_atexit.register(_destroy_simulator)
