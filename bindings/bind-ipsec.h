/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef BIND_IPSEC_H
#define BIND_IPSEC_H

/**
 * @file
 * The binding files of the ipsec module's own API; BindIpsec() (bind-ipsec.cc) calls them
 * in dependency order.
 */

#include "ns3-python.h"

#include "ns3/ipsec-error.h"

#include <vector>

namespace ns3
{
namespace python
{

void BindIpsecEnums(py::module_& m);  //!< bind-ipsec-enums.cc
void BindIpsecPolicy(py::module_& m); //!< bind-ipsec-policy.cc: addresses, selectors, SPD
void BindIpsecSa(py::module_& m);     //!< bind-ipsec-sa.cc: algorithms, SAs, SAD
void BindIpsecLayer(py::module_& m);  //!< bind-ipsec-layer.cc: the layer, traces, sockets
void BindIpsecHelper(py::module_& m); //!< bind-ipsec-helper.cc: IpsecHelper and its configs
void BindIpsecNat(py::module_& m);    //!< bind-ipsec-nat.cc: the NAPT model and its helper
void BindIpsecConfig(py::module_& m); //!< bind-ipsec-config.cc: config files, pcap tools
void BindIpsecPfKey(py::module_& m);  //!< bind-ipsec-pfkey.cc: the PF_KEY channel

/** @return Bytes as a Python bytes object. @param v The bytes. */
inline py::bytes
ToBytes(const std::vector<uint8_t>& v)
{
    return py::bytes(reinterpret_cast<const char*>(v.data()), v.size());
}

/** @return A Python bytes object (or list of ints) as bytes. @param b The object. */
inline std::vector<uint8_t>
FromBytes(py::handle b)
{
    if (py::isinstance<py::bytes>(b) || py::isinstance<py::bytearray>(b))
    {
        std::string s = py::bytes(py::reinterpret_borrow<py::object>(b));
        return std::vector<uint8_t>(s.begin(), s.end());
    }
    return b.cast<std::vector<uint8_t>>();
}

/**
 * @brief A read-write `bytes` property for a std::vector<uint8_t> member (keys).
 * @param cls The class.
 * @param name The property's name.
 * @param member The member.
 * @param doc What it holds.
 */
template <typename Class, typename T>
void
AddBytesProperty(Class& cls, const char* name, std::vector<uint8_t> T::*member, const char* doc)
{
    cls.def_property(
        name,
        [member](const T& self) { return ToBytes(self.*member); },
        [member](T& self, py::handle value) { self.*member = FromBytes(value); },
        doc);
}

/**
 * @brief Sets fields from keyword arguments through the class's Python properties, so a
 * config struct can be built as Config(encryption=..., reqid=1).
 * @param self The new object (as a Python object).
 * @param kwargs The fields.
 */
void SetFields(py::object self, const py::kwargs& kwargs);

/**
 * @brief Raises IpsecError with a message when it is not empty (the C++ API's error strings).
 * @param error The message.
 */
void ThrowIfError(const std::string& error);

} // namespace python
} // namespace ns3

#endif // BIND_IPSEC_H
