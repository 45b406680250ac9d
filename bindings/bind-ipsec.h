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
 *
 * Error conventions of the Python API (docstrings repeat them where they apply):
 *  - the helpers' IpsecError is raised as `ns3ipsec.IpsecError` (a ValueError), same message;
 *  - a C++ call that reports failure through a `std::string& error` out-parameter (next to
 *    a bool or null result), and SecurityPolicyDatabase.Add, raise IpsecError with the C++
 *    message and return the result otherwise;
 *  - the parsers raise IpsecError with the result's GetErrorText() when it has errors;
 *  - calls that return their error message in C++ (Validate(), the loaders' Apply and
 *    ApplyFile, IpsecTunnelInterface.AddPolicy) return it in Python too ('' = success);
 *  - socket options raise OSError(errno, message) when refused;
 *  - PF_KEY calls keep their PfKeyStatus (or errno) result; their out-parameters become
 *    further elements of a returned tuple, e.g. `status, message = PfKeyMessage.Parse(data)`.
 *
 * Config structs take their fields as keyword arguments, by C++ name or in snake_case
 * (key_a_to_b for keyAtoB); fields keep their C++ names.
 */

#include "ns3-python.h"

#include "ns3/ipsec-error.h"

#include <map>
#include <memory>
#include <sstream>
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
    if (py::isinstance<py::bytes>(b) || py::isinstance<py::bytearray>(b) ||
        py::isinstance<py::memoryview>(b))
    {
        std::string s = py::bytes(py::reinterpret_steal<py::object>(PyBytes_FromObject(b.ptr())));
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
 * @brief The constructor of a struct built from its C++ defaults and keyword arguments
 * (matched by SetFields).
 * @return The py::init to pass to class_::def.
 */
template <typename T>
auto
KeywordInit()
{
    return py::init([](py::kwargs kwargs) {
        T value{};
        SetFields(py::cast(&value, py::return_value_policy::reference), kwargs);
        return value;
    });
}

/**
 * @brief Raises IpsecError with a message when it is not empty (the C++ API's error strings).
 * @param error The message.
 */
void ThrowIfError(const std::string& error);

/**
 * @param value Something with Print(std::ostream&).
 * @return What Print writes.
 */
template <typename T>
std::string
PrintText(const T& value)
{
    std::ostringstream os;
    value.Print(os);
    return os.str();
}

/**
 * @brief Binds the fields of a C++ struct under their C++ names, and a constructor taking
 * each of them as a keyword argument (its snake_case name, or its C++ name), plus a
 * repr listing them.
 */
template <typename C, typename... Options>
class StructBinder
{
  public:
    /**
     * @param cls The class being bound.
     */
    explicit StructBinder(py::class_<C, Options...>& cls)
        : m_cls(cls),
          m_names(std::make_shared<Names>())
    {
    }

    /**
     * @brief A read/write field.
     * @param name C++ name
     * @param snake keyword name
     * @param member the member
     * @param doc docstring
     * @return this
     */
    template <typename T>
    StructBinder& Field(const char* name, const char* snake, T C::*member, const char* doc)
    {
        m_cls.def_readwrite(name, member, doc);
        Add(name, snake);
        return *this;
    }

    /**
     * @brief A byte-vector field, read and written as Python bytes.
     * @param name C++ name
     * @param snake keyword name
     * @param member the member
     * @param doc docstring
     * @return this
     */
    StructBinder& Bytes(const char* name,
                        const char* snake,
                        std::vector<uint8_t> C::*member,
                        const char* doc)
    {
        m_cls.def_property(
            name,
            [member](const C& c) { return ToBytes(c.*member); },
            [member](C& c, py::handle v) { c.*member = FromBytes(v); },
            doc);
        Add(name, snake);
        return *this;
    }

    /**
     * @brief Define the keyword constructor and repr (call last).
     * @param pyName the Python class name, for repr
     */
    void Finish(const std::string& pyName)
    {
        auto names = m_names;
        m_cls.def(KeywordInit<C>(),
                  "Construct with the C++ defaults; keyword arguments (snake_case, or the C++ "
                  "field names) set fields");
        m_cls.def(
            "__repr__",
            [names, pyName](py::object self) {
                std::string text = pyName + "(";
                for (size_t i = 0; i < names->order.size(); ++i)
                {
                    py::str value = py::repr(self.attr(names->order[i].first.c_str()));
                    text += std::string(i ? ", " : "") + names->order[i].second + "=" +
                            std::string(value);
                }
                return text + ")";
            },
            "The fields, as keyword arguments");
    }

  private:
    /** C++ name and keyword of every field, for repr (SetFields matches the keywords). */
    struct Names
    {
        std::vector<std::pair<std::string, std::string>> order; //!< (C++ name, keyword)
    };

    /**
     * @param name C++ name
     * @param snake keyword
     */
    void Add(const char* name, const char* snake)
    {
        m_names->order.emplace_back(name, snake);
    }

    py::class_<C, Options...>& m_cls; //!< The class
    std::shared_ptr<Names> m_names;   //!< Its fields
};

} // namespace python
} // namespace ns3

#endif // BIND_IPSEC_H
