# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Every scenario example has a Python twin (CTest python-example/<name> compares them)."""

import os
import re

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
# Benchmarks measure the C++ code's own speed: a Python twin would measure Python.
NOT_SCENARIOS = {"ipsec-bench", "ipsec-crypto-bench"}


def test_every_scenario_example_has_a_python_twin():
    cmake = open(os.path.join(ROOT, "CMakeLists.txt")).read()
    examples = re.search(r"set\(ipsec_examples\n(.*?)\)", cmake, re.S).group(1).split()
    missing = [
        name
        for name in examples
        if name not in NOT_SCENARIOS
        and not os.path.exists(os.path.join(ROOT, "examples", name + ".py"))
    ]
    assert missing == []


def test_every_python_twin_is_compared_with_small_arguments():
    cmake = open(os.path.join(ROOT, "CMakeLists.txt")).read()
    twins = [f[:-3] for f in os.listdir(os.path.join(ROOT, "examples"))
             if f.endswith(".py") and os.path.exists(os.path.join(ROOT, "examples", f[:-3] + ".cc"))]
    without = [t for t in twins if "ipsec_python_example_args_%s " % t not in cmake
               and "ipsec_python_example_args_%s\n" % t not in cmake]
    assert without == []
