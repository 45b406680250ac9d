/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3-python.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/integer.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

namespace ns3
{
namespace python
{

PyRef::PyRef(py::object object)
    : m_object(new py::object(std::move(object)), [](py::object* o) {
          // ns-3 may release its last callbacks and events after Python has shut down
          // (static destructors); touching a Python object then would crash.
          if (Py_IsInitialized() && !_Py_IsFinalizing())
          {
              py::gil_scoped_acquire gil;
              delete o;
          }
          else
          {
              o->release();
              delete o;
          }
      })
{
}

const py::object&
PyRef::Get() const
{
    return *m_object;
}

namespace
{
/// The first Python exception raised inside the simulation, until Simulator.Run() returns.
std::unique_ptr<py::error_already_set> g_pending;

/// Callback signatures by their TypeId names.
std::map<std::string, TraceSignature>&
Signatures()
{
    static std::map<std::string, TraceSignature> signatures;
    return signatures;
}
} // namespace

py::object
CallFromSimulation(const PyRef& function, const py::tuple& args)
{
    if (g_pending)
    {
        return py::none(); // the simulation is stopping: run no more Python
    }
    try
    {
        return function.Get()(*args);
    }
    catch (py::error_already_set& e)
    {
        g_pending = std::make_unique<py::error_already_set>(std::move(e));
        // A stop event at the current time: Run() returns right after the failing event.
        Simulator::Stop(Seconds(0));
        return py::none();
    }
}

void
RethrowPending()
{
    if (g_pending)
    {
        std::unique_ptr<py::error_already_set> e = std::move(g_pending);
        throw std::move(*e);
    }
}

TraceConnection::TraceConnection(std::string description)
    : m_description(std::move(description)),
      m_state(std::make_shared<State>())
{
}

bool
TraceConnection::IsActive() const
{
    return m_state->active;
}

void
TraceConnection::Disconnect()
{
    m_state->active = false;
    m_state->function.reset();
}

const std::string&
TraceConnection::GetDescription() const
{
    return m_description;
}

std::shared_ptr<TraceConnection::State>
TraceConnection::GetState() const
{
    return m_state;
}

namespace
{
/// A bound Object subclass: its type_info and a checked cast to it.
struct ObjectType
{
    const std::type_info* type;         //!< typeid of the class
    const void* (*cast)(const Object*); //!< dynamic_cast to it
};

/// Bound Object subclasses by TypeId name.
std::map<std::string, ObjectType>&
ObjectTypes()
{
    static std::map<std::string, ObjectType> types;
    return types;
}
} // namespace

void
AddObjectType(const std::string& typeName,
              const std::type_info& type,
              const void* (*cast)(const Object*))
{
    ObjectTypes()[typeName] = ObjectType{&type, cast};
}

const void*
FindBoundType(const Object* object, const std::type_info*& type)
{
    for (TypeId tid = object->GetInstanceTypeId();; tid = tid.GetParent())
    {
        auto it = ObjectTypes().find(tid.GetName());
        if (it != ObjectTypes().end())
        {
            const void* cast = it->second.cast(object);
            if (cast)
            {
                type = it->second.type;
                return cast;
            }
        }
        if (tid == tid.GetParent())
        {
            break; // ns3::ObjectBase is its own parent
        }
    }
    type = &typeid(Object);
    return static_cast<const void*>(object);
}

namespace
{
/// The states whose callables Simulator.Destroy() releases.
std::vector<std::weak_ptr<TraceConnection::State>>&
StatesToRelease()
{
    static std::vector<std::weak_ptr<TraceConnection::State>> states;
    return states;
}
} // namespace

void
ReleaseAtDestroy(const std::shared_ptr<TraceConnection::State>& state)
{
    auto& states = StatesToRelease();
    // Forget the states already gone once in a while, so that long runs stay small.
    if (states.size() >= 1024 && states.size() == states.capacity())
    {
        states.erase(std::remove_if(states.begin(),
                                    states.end(),
                                    [](const std::weak_ptr<TraceConnection::State>& w) {
                                        return w.expired();
                                    }),
                     states.end());
    }
    states.push_back(state);
}

void
ReleaseCallbacks()
{
    // Moved out first: releasing a callable runs Python code, which may connect again.
    std::vector<std::weak_ptr<TraceConnection::State>> states;
    states.swap(StatesToRelease());
    for (const auto& weak : states)
    {
        if (auto state = weak.lock())
        {
            state->active = false;
            state->function.reset();
        }
    }
}

void
AddTraceSignature(const std::string& callbackName, TraceSignature signature)
{
    Signatures()[callbackName] = std::move(signature);
}

namespace
{
/**
 * The adapter for a trace source of a type: found by the callback name its TypeId gives.
 * Throws a Python error naming the source when it is unknown or its signature is not bound.
 */
const TraceSignature&
LookUpSignature(TypeId tid, const std::string& name)
{
    TypeId::TraceSourceInformation info;
    if (!tid.LookupTraceSourceByName(name, &info))
    {
        throw py::value_error(tid.GetName() + " has no trace source named '" + name + "'");
    }
    auto it = Signatures().find(info.callback);
    if (it == Signatures().end())
    {
        throw py::type_error("trace source " + tid.GetName() + "::" + name + " has signature " +
                             info.callback + ", which the Python bindings do not carry");
    }
    return it->second;
}

/// A connection whose state holds the callable (until disconnected or Simulator.Destroy()).
TraceConnection
NewConnection(const std::string& description, py::function function)
{
    TraceConnection connection(description);
    connection.GetState()->function = std::make_unique<PyRef>(std::move(function));
    ReleaseAtDestroy(connection.GetState());
    return connection;
}

/// Config::Connect and ConnectWithoutContext with a Python callable.
TraceConnection
ConfigConnect(const std::string& path, py::function function, bool withContext)
{
    std::string::size_type slash = path.rfind('/');
    if (slash == std::string::npos || slash + 1 == path.size())
    {
        throw py::value_error("Config path '" + path + "' does not end in a trace source name");
    }
    std::string name = path.substr(slash + 1);
    Config::MatchContainer matches = Config::LookupMatches(path.substr(0, slash));
    if (matches.GetN() == 0)
    {
        throw py::value_error("Config path '" + path + "' matches no object");
    }
    const TraceSignature& signature = LookUpSignature(matches.Get(0)->GetInstanceTypeId(), name);
    TraceConnection connection = NewConnection(path, std::move(function));
    if (withContext)
    {
        matches.Connect(name, signature.withContext(connection.GetState()));
    }
    else
    {
        matches.ConnectWithoutContext(name, signature.withoutContext(connection.GetState()));
    }
    return connection;
}
} // namespace

TraceConnection
ConnectTrace(Ptr<Object> object,
             const std::string& name,
             py::function function,
             const std::string& context)
{
    if (!object)
    {
        throw py::value_error("cannot connect a trace source of None");
    }
    const TraceSignature& signature = LookUpSignature(object->GetInstanceTypeId(), name);
    TraceConnection connection =
        NewConnection(object->GetInstanceTypeId().GetName() + "::" + name, std::move(function));
    bool ok =
        context.empty()
            ? object->TraceConnectWithoutContext(name,
                                                 signature.withoutContext(connection.GetState()))
            : object->TraceConnect(name, context, signature.withContext(connection.GetState()));
    if (!ok)
    {
        throw py::value_error("could not connect to trace source '" + name + "'");
    }
    return connection;
}

Ptr<AttributeValue>
ToAttributeValue(py::handle value)
{
    if (py::isinstance<py::bool_>(value))
    {
        return Create<BooleanValue>(value.cast<bool>());
    }
    if (py::isinstance<Time>(value))
    {
        return Create<TimeValue>(value.cast<Time>());
    }
    if (py::isinstance<DataRate>(value))
    {
        return Create<DataRateValue>(value.cast<DataRate>());
    }
    if (py::isinstance<Ipv4Address>(value))
    {
        return Create<Ipv4AddressValue>(value.cast<Ipv4Address>());
    }
    if (py::isinstance<Ipv6Address>(value))
    {
        return Create<Ipv6AddressValue>(value.cast<Ipv6Address>());
    }
    if (py::isinstance<Object>(value))
    {
        return Create<PointerValue>(value.cast<Ptr<Object>>());
    }
    if (value.is_none())
    {
        return Create<PointerValue>(nullptr);
    }
    // Numbers, enum names and everything else: the attribute's checker parses the string,
    // exactly as a StringValue given in C++.
    return Create<StringValue>(py::str(value).cast<std::string>());
}

Ptr<AttributeValue>
CheckedAttributeValue(TypeId tid, const std::string& name, py::handle value, std::string& error)
{
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(name, &info))
    {
        error = tid.GetName() + " has no attribute '" + name + "'";
        return nullptr;
    }
    Ptr<AttributeValue> checked = info.checker->CreateValidValue(*ToAttributeValue(value));
    if (!checked)
    {
        error = "invalid value '" + py::str(value).cast<std::string>() + "' for " + tid.GetName() +
                " attribute " + name;
    }
    return checked;
}

py::object
FromAttributeValue(const AttributeValue& value, Ptr<const AttributeChecker> checker)
{
    if (auto v = dynamic_cast<const BooleanValue*>(&value))
    {
        return py::bool_(v->Get());
    }
    if (auto v = dynamic_cast<const UintegerValue*>(&value))
    {
        return py::int_(v->Get());
    }
    if (auto v = dynamic_cast<const IntegerValue*>(&value))
    {
        return py::int_(v->Get());
    }
    if (auto v = dynamic_cast<const DoubleValue*>(&value))
    {
        return py::float_(v->Get());
    }
    if (auto v = dynamic_cast<const TimeValue*>(&value))
    {
        return py::cast(v->Get());
    }
    if (auto v = dynamic_cast<const DataRateValue*>(&value))
    {
        return py::cast(v->Get());
    }
    if (auto v = dynamic_cast<const PointerValue*>(&value))
    {
        Ptr<Object> object = v->GetObject();
        return object ? py::cast(object) : py::none();
    }
    return py::str(value.SerializeToString(checker));
}

namespace
{
/// Attribute name from a Python keyword: used as given.
void
SetAttribute(Ptr<Object> object, const std::string& name, py::handle value)
{
    Ptr<AttributeValue> v = ToAttributeValue(value);
    if (!object->SetAttributeFailSafe(name, *v))
    {
        throw py::value_error("cannot set attribute '" + name + "' of " +
                              object->GetInstanceTypeId().GetName() + " to '" +
                              py::str(value).cast<std::string>() + "'");
    }
}
} // namespace

void
SetAttributes(Ptr<Object> object, const py::kwargs& kwargs)
{
    for (auto item : kwargs)
    {
        SetAttribute(object, item.first.cast<std::string>(), item.second);
    }
}

void
BindCallbacks(py::module_& m)
{
    py::class_<TraceConnection>(
        m,
        "TraceConnection",
        "A Python callable connected to a trace source. disconnect() or leaving a `with` block "
        "stops the calls.")
        .def_property_readonly("active", &TraceConnection::IsActive, "Whether calls still happen")
        .def("disconnect", &TraceConnection::Disconnect, "Stop calling the callable")
        .def("__enter__", [](TraceConnection& c) -> TraceConnection& { return c; })
        .def("__exit__",
             [](TraceConnection& c, py::handle, py::handle, py::handle) { c.Disconnect(); })
        .def("__repr__", [](const TraceConnection& c) {
            return "<TraceConnection " + c.GetDescription() +
                   (c.IsActive() ? "" : " (disconnected)") + ">";
        });

    py::module_ config = m.def_submodule("Config", "ns-3's Config namespace: paths and defaults");
    config.def(
        "SetDefault",
        [](const std::string& name, py::handle value) {
            Ptr<AttributeValue> v = ToAttributeValue(value);
            if (!Config::SetDefaultFailSafe(name, *v))
            {
                throw py::value_error("cannot set default '" + name + "' to '" +
                                      py::str(value).cast<std::string>() + "'");
            }
        },
        py::arg("name"),
        py::arg("value"),
        "Set an attribute's initial value, e.g. SetDefault('ns3::IpsecLayer::CryptoMode', 'Real')");
    config.def(
        "Set",
        [](const std::string& path, py::handle value) {
            Ptr<AttributeValue> v = ToAttributeValue(value);
            if (!Config::SetFailSafe(path, *v))
            {
                throw py::value_error("cannot set '" + path + "' to '" +
                                      py::str(value).cast<std::string>() + "'");
            }
        },
        py::arg("path"),
        py::arg("value"),
        "Set an attribute on every object a Config path matches");
    config.def(
        "Connect",
        [](const std::string& path, py::function f) { return ConfigConnect(path, f, true); },
        py::arg("path"),
        py::arg("callback"),
        "Connect a callable to the trace sources a path matches; it gets the matched path "
        "first");
    config.def(
        "ConnectWithoutContext",
        [](const std::string& path, py::function f) { return ConfigConnect(path, f, false); },
        py::arg("path"),
        py::arg("callback"),
        "Connect a callable to the trace sources a path matches");
    config.def("Reset", &Config::Reset, "Restore every attribute default");
}

} // namespace python
} // namespace ns3
