/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3-python.h"

namespace ns3
{
namespace python
{

void
BindLinks(py::module_& m)
{
}

} // namespace python
} // namespace ns3
