/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Standalone test runner: the module's TestSuites are linked into this program, and ns-3's
// TestRunner runs them exactly as ns-3's own test-runner would inside a source tree.

#include "ns3/test.h"

int
main(int argc, char* argv[])
{
    return ns3::TestRunner::Run(argc, argv);
}
