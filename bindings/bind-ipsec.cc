/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The ipsec module's own API: the IpsecError exception and the bind-ipsec-*.cc files.

#include "bind-ipsec.h"

#include "ns3/ipsec-error.h"

namespace ns3
{
namespace python
{

void
ThrowIfError(const std::string& error)
{
    if (!error.empty())
    {
        throw IpsecError(error);
    }
}

py::bytes
ToBytes(const std::vector<uint8_t>& bytes)
{
    return py::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::vector<uint8_t>
FromBytes(py::handle value)
{
    if (py::isinstance<py::bytes>(value))
    {
        std::string s = value.cast<std::string>();
        return std::vector<uint8_t>(s.begin(), s.end());
    }
    if (py::isinstance<py::bytearray>(value) || py::isinstance<py::memoryview>(value))
    {
        std::string s =
            py::bytes(py::reinterpret_steal<py::object>(PyBytes_FromObject(value.ptr())))
                .cast<std::string>();
        return std::vector<uint8_t>(s.begin(), s.end());
    }
    return value.cast<std::vector<uint8_t>>();
}

void
BindIpsec(py::module_& m)
{
    auto& ipsecError = py::register_exception<IpsecError>(m, "IpsecError", PyExc_ValueError);
    ipsecError.doc() = "A bad argument to one of the module's helpers, or an error message a "
                       "C++ call of the module reported (the same text)";
    BindIpsecPolicy(m);
    BindIpsecSa(m);
    BindIpsecLayer(m);
    BindIpsecPfKey(m);
    BindIpsecHelper(m);
    BindIpsecConfig(m);
    BindIpsecNat(m);
}

} // namespace python
} // namespace ns3
