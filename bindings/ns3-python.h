/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef NS3_PYTHON_H
#define NS3_PYTHON_H

/**
 * @file
 * What every binding file of the `ns3ipsec` Python extension shares: ns3::Ptr as the holder of
 * reference-counted objects, Python values as ns-3 attribute values, Python callables as ns-3
 * callbacks, and the registry that maps a trace source's signature to a Python adapter.
 */

#include "ns3/address.h"
#include "ns3/attribute.h"
#include "ns3/callback.h"
#include "ns3/object.h"
#include "ns3/ptr.h"

#include <functional>
#include <memory>
#include <pybind11/functional.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <sstream>
#include <string>
#include <typeinfo>

namespace ns3
{
namespace python
{
/**
 * @brief The most derived bound class of an ns-3 object: walking its TypeId's parents to the
 * first registered one (a TcpNewReno, not bound, reaches Python as an Object).
 * @param object The object.
 * @param type Set to that class's type_info (nullptr: none bound).
 * @return The object's address as that class.
 */
const void* FindBoundType(const Object* object, const std::type_info*& type);

/**
 * @brief Registers a bound ns3::Object subclass under its TypeId name, for FindBoundType().
 * @param typeName T::GetTypeId().GetName()
 * @param type typeid(T)
 * @param cast dynamic_cast<const T*> as a function
 */
void AddObjectType(const std::string& typeName,
                   const std::type_info& type,
                   const void* (*cast)(const Object*));

/// Registers T (an ns3::Object subclass bound with py::class_) for FindBoundType().
template <typename T>
void
RegisterObjectType()
{
    AddObjectType(T::GetTypeId().GetName(), typeid(T), [](const Object* o) -> const void* {
        return dynamic_cast<const T*>(o);
    });
}
} // namespace python
} // namespace ns3

namespace pybind11
{
/// ns-3 objects reach Python as their most derived bound class (see FindBoundType).
template <typename T>
struct polymorphic_type_hook<T, detail::enable_if_t<std::is_base_of<ns3::Object, T>::value>>
{
    static const void* get(const T* src, const std::type_info*& type)
    {
        if (!src)
        {
            type = nullptr;
            return src;
        }
        return ns3::python::FindBoundType(src, type);
    }
};
} // namespace pybind11

// ns3::Ptr counts references inside the object (intrusive): a raw pointer handed to Python can
// always be wrapped in a new Ptr, which is what the `true` says.
PYBIND11_DECLARE_HOLDER_TYPE(T, ns3::Ptr<T>, true);

namespace pybind11
{
namespace detail
{
/// Lets pybind11 read the raw pointer out of an ns3::Ptr (it has no get()).
template <typename T>
struct holder_helper<ns3::Ptr<T>>
{
    static T* get(const ns3::Ptr<T>& p)
    {
        return ns3::PeekPointer(p);
    }
};
} // namespace detail
} // namespace pybind11

namespace ns3
{
namespace python
{

namespace py = pybind11;

/**
 * @brief A Python object that may outlive the interpreter inside ns-3 (an event, a callback
 * left in a trace source): it is released with the GIL held, or leaked once Python is gone.
 */
class PyRef
{
  public:
    /** @param object The Python object to keep alive. */
    explicit PyRef(py::object object);
    /** @return The object (call only with the GIL held). */
    const py::object& Get() const;

  private:
    std::shared_ptr<py::object> m_object; //!< Released by a GIL-aware deleter
};

/**
 * @brief Calls a Python callable from inside the simulation. A Python exception does not
 * unwind through ns-3's scheduler: the first one is kept, the simulation is stopped, and
 * RethrowPending() raises it when Simulator.Run() returns.
 *
 * @param function What to call.
 * @param args Arguments, already Python objects.
 * @return The callable's result, or None after an exception.
 */
py::object CallFromSimulation(const PyRef& function, const py::tuple& args);

/** Raises the exception kept by CallFromSimulation(), if any, and forgets it. */
void RethrowPending();

/**
 * @brief The handle returned by every trace connection: disconnect() (or leaving its `with`
 * block) silences the Python callable and releases it.
 */
class TraceConnection
{
  public:
    /** @param description What is connected, for repr(). */
    explicit TraceConnection(std::string description);
    /** @return Whether the callable is still called. */
    bool IsActive() const;
    /** Stops calling the callable and releases it. */
    void Disconnect();
    /** @return What is connected. */
    const std::string& GetDescription() const;

    /** The shared state a connected callback checks before calling Python. */
    struct State
    {
        bool active = true;              //!< False once disconnected
        std::unique_ptr<PyRef> function; //!< The callable (released on disconnect)
    };

    /** @return The state shared with the ns-3 callback. */
    std::shared_ptr<State> GetState() const;

  private:
    std::string m_description;      //!< For repr()
    std::shared_ptr<State> m_state; //!< Shared with the ns-3 callback
};

/**
 * @brief Has Simulator.Destroy() release the callable of a connection state. A callable
 * attached to an ns-3 object often refers to that object (a socket's receive callback using
 * the socket): the cycle runs through C++, where Python's collector cannot see it, so the
 * end of the simulation breaks it.
 * @param state The state (kept weakly: a state gone by then is skipped).
 */
void ReleaseAtDestroy(const std::shared_ptr<TraceConnection::State>& state);

/** Releases every callable given to ReleaseAtDestroy() (Simulator.Destroy() calls it). */
void ReleaseCallbacks();

/// Converts one trace argument into a Python object (const Ptr and references included).
template <typename T>
py::object
ToPython(const T& value)
{
    return py::cast(value);
}

/// Ptr<const T>: Python has no const objects; the object is handed over as it is.
template <typename T>
py::object
ToPython(const Ptr<const T>& value)
{
    return py::cast(ConstCast<T>(value));
}

/// Addresses reach Python as their most specific type (see FromAddress).
py::object ToPython(const Address& value);

/// Builds an ns-3 callback with this signature that calls the connection's Python callable.
template <typename... Ts>
Callback<void, Ts...>
MakeTraceCallback(std::shared_ptr<TraceConnection::State> state)
{
    return Callback<void, Ts...>([state](Ts... args) {
        if (!state->active)
        {
            return;
        }
        py::gil_scoped_acquire gil;
        CallFromSimulation(*state->function, py::make_tuple(ToPython(args)...));
    });
}

/// One trace signature: makes a callback without context and one with the context string.
struct TraceSignature
{
    /** Callback<void, Ts...> */
    std::function<CallbackBase(std::shared_ptr<TraceConnection::State>)> withoutContext;
    /** Callback<void, std::string, Ts...> */
    std::function<CallbackBase(std::shared_ptr<TraceConnection::State>)> withContext;
};

/**
 * @brief Adds a trace signature, under the name a TypeId gives it (the `callback` of
 * TypeId::AddTraceSource, e.g. "ns3::Packet::TracedCallback").
 * @param callbackName That name.
 * @param signature The adapters.
 */
void AddTraceSignature(const std::string& callbackName, TraceSignature signature);

/// Registers the trace signature Ts under callbackName.
template <typename... Ts>
void
RegisterTraceSignature(const std::string& callbackName)
{
    AddTraceSignature(callbackName,
                      TraceSignature{[](std::shared_ptr<TraceConnection::State> s) -> CallbackBase {
                                         return MakeTraceCallback<Ts...>(s);
                                     },
                                     [](std::shared_ptr<TraceConnection::State> s) -> CallbackBase {
                                         return MakeTraceCallback<std::string, Ts...>(s);
                                     }});
}

/**
 * @brief Connects a Python callable to a trace source of one object.
 * @param object The object.
 * @param name The trace source (as in TypeId::AddTraceSource).
 * @param function The callable.
 * @param context Non-empty: the callable gets it as first argument (as Config::Connect does).
 * @return The connection.
 */
TraceConnection ConnectTrace(Ptr<Object> object,
                             const std::string& name,
                             py::function function,
                             const std::string& context);

/**
 * @brief Converts a Python value into the attribute value ns-3 expects: Time, DataRate,
 * addresses and objects as themselves, bool as BooleanValue, anything else through its
 * string (which the attribute's checker parses, as with StringValue in C++).
 * @param value The Python value.
 * @return The attribute value.
 */
Ptr<AttributeValue> ToAttributeValue(py::handle value);

/**
 * @brief The value a Python object gives an attribute of a type, checked by the attribute's
 * checker (the helpers' SetAttribute calls take it without checking; ns-3's own asserts are
 * compiled out in Debian's build).
 * @param tid The type.
 * @param name The attribute.
 * @param value The Python value.
 * @param error Set to why not ("<type> has no attribute ..." or "invalid value ...").
 * @return The value, or nullptr.
 */
Ptr<AttributeValue> CheckedAttributeValue(TypeId tid,
                                          const std::string& name,
                                          py::handle value,
                                          std::string& error);

/**
 * @brief Converts an attribute value into the closest Python value.
 * @param value The value.
 * @param checker Its checker (names its type).
 * @return bool, int, float, Time, an object, or the value's string.
 */
py::object FromAttributeValue(const AttributeValue& value, Ptr<const AttributeChecker> checker);

/**
 * @brief Sets attributes given as keyword arguments (Python names may use '_' for the
 * attribute's letters: both "DataRate" and DataRate= work).
 * @param object The object.
 * @param kwargs The attributes.
 */
void SetAttributes(Ptr<Object> object, const py::kwargs& kwargs);

/**
 * @brief Converts a Python address into an ns3::Address: InetSocketAddress,
 * Inet6SocketAddress, Ipv4Address, Ipv6Address or Address itself.
 * @param value The Python value.
 * @return The address.
 */
Address ToAddress(py::handle value);

/**
 * @brief Converts an ns3::Address into the most specific bound type (InetSocketAddress,
 * Inet6SocketAddress, Ipv4Address, Ipv6Address), or an Address.
 * @param address The address.
 * @return The Python object.
 */
py::object FromAddress(const Address& address);

/**
 * @brief Text of anything with an operator<<.
 * @param value The value.
 * @return What operator<< writes.
 */
template <typename T>
std::string
Text(const T& value)
{
    std::ostringstream os;
    os << value;
    return os.str();
}

// One function per binding file; each adds its classes to the extension module.
void BindCallbacks(py::module_& m);    //!< python-callback.cc
void BindCore(py::module_& m);         //!< bind-core.cc
void BindNetwork(py::module_& m);      //!< bind-network.cc
void BindInternet(py::module_& m);     //!< bind-internet.cc
void BindInternet6(py::module_& m);    //!< bind-internet6.cc (called by BindInternet)
void BindLinks(py::module_& m);        //!< bind-links.cc
void BindApplications(py::module_& m); //!< bind-applications.cc
void BindSockets(py::module_& m);      //!< bind-sockets.cc
void BindTraces(py::module_& m);       //!< bind-traces.cc
void BindRandom(py::module_& m);       //!< bind-random.cc
void BindIpsec(py::module_& m);        //!< bind-ipsec.cc

} // namespace python
} // namespace ns3

#endif // NS3_PYTHON_H
