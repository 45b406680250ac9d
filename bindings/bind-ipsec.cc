/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The ipsec module's own API, in dependency order.

#include "bind-ipsec.h"

namespace ns3
{
namespace python
{

void
BindIpsec(py::module_& m)
{
    // The helpers' IpsecError, with the same message as in C++.
    py::register_exception<IpsecError>(m, "IpsecError", PyExc_ValueError);
    m.attr("IpsecError").attr("__doc__") =
        "A bad argument to the module's helpers (C++ ns3::IpsecError, same message); a "
        "ValueError. Nothing was changed.";
    BindIpsecEnums(m);
    BindIpsecPolicy(m);
    BindIpsecSa(m);
    BindIpsecLayer(m);
    BindIpsecPfKey(m);
    BindIpsecHelper(m);
    BindIpsecNat(m);
    BindIpsecConfig(m);
}

} // namespace python
} // namespace ns3
