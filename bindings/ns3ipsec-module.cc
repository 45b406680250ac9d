/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The `ns3ipsec._ns3ipsec` extension: one module; the package's __init__.py re-exports it.

#include "ns3-python.h"

PYBIND11_MODULE(_ns3ipsec, m)
{
    m.doc() = "ns-3 with the ipsec module: build and run whole IPsec scenarios from Python";
    ns3::python::BindCallbacks(m);
    ns3::python::BindCore(m);
    ns3::python::BindNetwork(m);
    ns3::python::BindInternet(m);
    ns3::python::BindLinks(m);
    ns3::python::BindApplications(m);
    ns3::python::BindSockets(m);
    ns3::python::BindIpsec(m);
}
