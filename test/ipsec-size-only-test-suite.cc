/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Placeholder: size-only SAs (being written).

#include "ipsec-test-compat.h"

#include "ns3/test.h"

using namespace ns3;

class IpsecSizeOnlyTestSuite : public TestSuite
{
  public:
    IpsecSizeOnlyTestSuite()
        : TestSuite("ipsec-size-only", ipsectest::UNIT)
    {
    }
};

static IpsecSizeOnlyTestSuite g_ipsecSizeOnlyTestSuite;
