/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_TEST_COMPAT_H
#define IPSEC_TEST_COMPAT_H

// The test suites build against ns-3.37 (installed) and inside current ns-3 trees, whose
// TestSuite/TestCase enums became scoped in ns-3.42. IPSEC_NS3_MINOR comes from CMake.

#include "ns3/test.h"

namespace ns3
{
namespace ipsectest
{

#if IPSEC_NS3_MINOR >= 42
constexpr auto UNIT = TestSuite::Type::UNIT;      //!< Unit test suite
constexpr auto SYSTEM = TestSuite::Type::SYSTEM;  //!< System test suite
constexpr auto QUICK = TestCase::Duration::QUICK; //!< Quick test case
#else
constexpr auto UNIT = TestSuite::UNIT;     //!< Unit test suite
constexpr auto SYSTEM = TestSuite::SYSTEM; //!< System test suite
constexpr auto QUICK = TestCase::QUICK;    //!< Quick test case
#endif

} // namespace ipsectest
} // namespace ns3

#endif /* IPSEC_TEST_COMPAT_H */
