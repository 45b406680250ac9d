# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ns-3 and its ipsec module, from Python.

Names follow ns-3's C++ API (``Simulator.Run()``, ``IpsecHelper().Install(nodes)``), so the
C++ documentation applies; keyword arguments, exceptions, ``repr`` and ``with`` blocks are
the Python additions. See README.md ("A first scenario in Python").
"""

import atexit as _atexit
import gc as _gc
import sys as _sys

from ._ns3ipsec import *  # noqa: F401,F403
from ._ns3ipsec import Config, Simulator  # noqa: F401
from .command_line import CommandLine  # noqa: F401


def _destroy_simulator():
    # Release every ns-3 object while Python still runs: callbacks and events hold Python
    # objects that must not be released after the interpreter is gone.
    Simulator.Destroy()
    # A script's module-level containers would keep devices alive past the interpreter's
    # end, and with them their pcap files, never flushed. Drop them now, as a C++ main()
    # drops its locals when it returns, so every capture is complete when the program exits.
    main = _sys.modules.get("__main__")
    if main is not None:
        for name, value in list(vars(main).items()):
            if type(value).__module__.startswith(__name__):
                delattr(main, name)
    _gc.collect()


_atexit.register(_destroy_simulator)
