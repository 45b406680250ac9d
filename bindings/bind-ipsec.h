/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef BIND_IPSEC_H
#define BIND_IPSEC_H

/**
 * @file
 * What the binding files of the ipsec module's own API share; BindIpsec() (bind-ipsec.cc)
 * calls their functions in dependency order.
 *
 * Error conventions of the Python API (the docstrings repeat them where they apply):
 *  - the helpers' IpsecError is raised as `ns3ipsec.IpsecError` (a ValueError), same message;
 *  - a C++ call that reports failure through a `std::string& error` out-parameter (next to a
 *    bool or null result) raises IpsecError with that message, and returns the result
 *    otherwise;
 *  - a C++ call that returns its error message (empty on success: Validate(), the loaders'
 *    Apply/ApplyFile, SecurityPolicyDatabase.Add) returns it in Python too;
 *  - the parsers raise IpsecError with the result's GetErrorText() when it has errors;
 *  - status and errno APIs (sockets, PF_KEY) keep their return value; their out-parameters
 *    become further elements of a returned tuple, e.g. `status, message = PfKeyMessage.Parse(b)`.
 */

#include "ns3-python.h"

#include <map>
#include <memory>
#include <vector>

namespace ns3
{
namespace python
{

void BindIpsecPolicy(py::module_& m); //!< bind-ipsec-policy.cc: enums, addresses, selectors, SPD
void BindIpsecSa(py::module_& m);     //!< bind-ipsec-sa.cc: algorithms, lifetimes, SAs, SAD
void BindIpsecLayer(py::module_& m);  //!< bind-ipsec-layer.cc: layer, engine, sockets, traces
void BindIpsecPfKey(py::module_& m);  //!< bind-ipsec-pfkey.cc: the PF_KEY channel
void BindIpsecHelper(py::module_& m); //!< bind-ipsec-helper.cc: IpsecHelper, configs, pcap tools
void BindIpsecConfig(py::module_& m); //!< bind-ipsec-config.cc: ipseckey and ipsecconf
void BindIpsecNat(py::module_& m);    //!< bind-ipsec-nat.cc: the NAPT model and its helper

/**
 * @brief Raises ns3ipsec.IpsecError when a C++ error message is not empty.
 * @param error The message.
 */
void ThrowIfError(const std::string& error);

/**
 * @param bytes Bytes.
 * @return Them as Python bytes.
 */
py::bytes ToBytes(const std::vector<uint8_t>& bytes);

/**
 * @param value bytes, bytearray, memoryview or an iterable of ints.
 * @return The bytes.
 */
std::vector<uint8_t> FromBytes(py::handle value);

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
        m_cls.def(py::init([names](py::kwargs kwargs) {
                      C value{};
                      py::object self = py::cast(&value, py::return_value_policy::reference);
                      for (auto item : kwargs)
                      {
                          std::string key = item.first.cast<std::string>();
                          auto it = names->byKeyword.find(key);
                          if (it == names->byKeyword.end())
                          {
                              throw py::type_error("unexpected keyword argument '" + key + "'");
                          }
                          self.attr(it->second.c_str()) = item.second;
                      }
                      return value;
                  }),
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
    /** C++ name and keyword of every field. */
    struct Names
    {
        std::map<std::string, std::string> byKeyword;           //!< keyword -> C++ name
        std::vector<std::pair<std::string, std::string>> order; //!< (C++ name, keyword)
    };

    /**
     * @param name C++ name
     * @param snake keyword
     */
    void Add(const char* name, const char* snake)
    {
        m_names->byKeyword[name] = name;
        m_names->byKeyword[snake] = name;
        m_names->order.emplace_back(name, snake);
    }

    py::class_<C, Options...>& m_cls; //!< The class
    std::shared_ptr<Names> m_names;   //!< Its fields
};

} // namespace python
} // namespace ns3

#endif // BIND_IPSEC_H
