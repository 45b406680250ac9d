/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Placeholder: published test vectors for every algorithm of the registry (being written).

#include "ipsec-test-compat.h"

#include "ns3/test.h"

using namespace ns3;

class EspAlgorithmVectorsTestSuite : public TestSuite
{
  public:
    EspAlgorithmVectorsTestSuite()
        : TestSuite("ipsec-algorithm-vectors", ipsectest::UNIT)
    {
    }
};

static EspAlgorithmVectorsTestSuite g_espAlgorithmVectorsTestSuite;
