/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-test-compat.h"

#include "ns3/test.h"
using namespace ns3;
