/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ns-3 core: time, the simulator, objects and their attributes and traces, random numbers.

#include "ns3-python.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/type-id.h"

#include <sstream>

namespace ns3
{
namespace python
{

namespace
{
/// The TypeId named by a Python class bound from ns-3 (its GetTypeId()) or by a string.
TypeId
ToTypeId(py::handle typeOrName)
{
    if (py::isinstance<py::str>(typeOrName))
    {
        TypeId tid;
        std::string name = typeOrName.cast<std::string>();
        if (!TypeId::LookupByNameFailSafe(name, &tid))
        {
            throw py::value_error("no ns-3 type named '" + name + "'");
        }
        return tid;
    }
    if (py::isinstance<TypeId>(typeOrName))
    {
        return typeOrName.cast<TypeId>();
    }
    if (py::hasattr(typeOrName, "GetTypeId"))
    {
        return typeOrName.attr("GetTypeId")().cast<TypeId>();
    }
    throw py::type_error("expected an ns-3 class, a TypeId or a type name");
}

/// ns-3's own text for a time ("+1.5s").
std::string
TimeText(const Time& t)
{
    std::ostringstream os;
    os << t.As(Time::S);
    return os.str();
}
} // namespace

void
BindCore(py::module_& m)
{
    py::class_<Time>(m, "Time", "A simulation time (integer count of the time resolution)")
        .def(py::init<>())
        .def(py::init<const std::string&>(), py::arg("text"), "From text: '1.5s', '20ms', ...")
        .def("GetSeconds", &Time::GetSeconds, "In seconds (float)")
        .def("GetMilliSeconds", &Time::GetMilliSeconds, "In whole milliseconds")
        .def("GetMicroSeconds", &Time::GetMicroSeconds, "In whole microseconds")
        .def("GetNanoSeconds", &Time::GetNanoSeconds, "In whole nanoseconds")
        .def("IsZero", &Time::IsZero, "Whether zero")
        .def(py::self + py::self)
        .def(py::self - py::self)
        .def(py::self < py::self)
        .def(py::self <= py::self)
        .def(py::self > py::self)
        .def(py::self >= py::self)
        .def(py::self == py::self)
        .def(py::self != py::self)
        .def("__mul__", [](const Time& t, int64_t k) { return t * k; })
        .def("__rmul__", [](const Time& t, int64_t k) { return t * k; })
        .def(
            "__truediv__",
            [](const Time& t, int64_t k) {
                if (k == 0)
                {
                    throw py::value_error("Time divided by zero");
                }
                return t / k; // integer division of the time steps, as in C++
            },
            py::arg("k"),
            "The time divided by an integer (steps rounded toward zero, as in C++)")
        .def(
            "__truediv__",
            [](const Time& t, const Time& u) {
                if (u.IsZero())
                {
                    throw py::value_error("Time divided by zero");
                }
                return (t / u).GetDouble();
            },
            py::arg("other"),
            "The ratio of two times")
        .def("__hash__", [](const Time& t) { return std::hash<int64_t>()(t.GetTimeStep()); })
        .def("__float__", &Time::GetSeconds)
        .def("__str__", &TimeText)
        .def("__repr__", [](const Time& t) { return "Time('" + TimeText(t) + "')"; });
    py::implicitly_convertible<py::str, Time>();

    m.def(
        "Seconds",
        [](double s) { return Seconds(s); },
        py::arg("seconds"),
        "A Time of seconds");
    m.def(
        "MilliSeconds",
        [](uint64_t v) { return MilliSeconds(v); },
        py::arg("ms"),
        "A Time of milliseconds");
    m.def(
        "MicroSeconds",
        [](uint64_t v) { return MicroSeconds(v); },
        py::arg("us"),
        "A Time of microseconds");
    m.def(
        "NanoSeconds",
        [](uint64_t v) { return NanoSeconds(v); },
        py::arg("ns"),
        "A Time of nanoseconds");

    py::class_<EventId>(m, "EventId", "A scheduled event")
        .def("Cancel", &EventId::Cancel, "Cancel the event if pending")
        .def("IsExpired", &EventId::IsExpired, "Whether it ran or was cancelled")
        .def("IsRunning", &EventId::IsRunning, "Whether still pending");

    py::class_<TypeId>(m, "TypeId", "An ns-3 type: its name, attributes and trace sources")
        .def_static("LookupByName",
                    &TypeId::LookupByName,
                    py::arg("name"),
                    "The TypeId of a registered name")
        .def("GetName", &TypeId::GetName, "The type's name")
        .def("__repr__", [](const TypeId& t) { return "<TypeId " + t.GetName() + ">"; });

    py::class_<Simulator, std::unique_ptr<Simulator, py::nodelete>>(
        m,
        "Simulator",
        "The discrete-event simulator (static methods)")
        .def_static(
            "Run",
            []() {
                Simulator::Run();
                RethrowPending();
            },
            "Run until no events are left or Stop(); re-raises a Python exception raised by a "
            "callback (which stopped the simulation)")
        .def_static("Stop", py::overload_cast<>(&Simulator::Stop), "Stop after the current event")
        .def_static("Stop",
                    py::overload_cast<const Time&>(&Simulator::Stop),
                    py::arg("delay"),
                    "Stop after a delay")
        .def_static("Now", &Simulator::Now, "The current simulation time")
        .def_static(
            "Destroy",
            []() {
                Simulator::Destroy();
                // The callables left in sockets and trace sources may hold the objects they
                // are attached to: a cycle through C++ that only this breaks.
                ReleaseCallbacks();
            },
            "Release every object and event, and the Python callables ns-3 still holds (ends a "
            "simulation)")
        .def_static("IsFinished", &Simulator::IsFinished, "Whether no event is left")
        .def_static("GetContext", &Simulator::GetContext, "The current event's context (node id)")
        .def_static(
            "Schedule",
            [](const Time& delay, py::function f, py::args args) {
                auto ref = std::make_shared<PyRef>(std::move(f));
                auto pyArgs = std::make_shared<PyRef>(py::tuple(args));
                return Simulator::Schedule(delay, [ref, pyArgs]() {
                    CallFromSimulation(*ref, pyArgs->Get().cast<py::tuple>());
                });
            },
            py::arg("delay"),
            py::arg("callback"),
            "Call callback(*args) after delay")
        .def_static(
            "ScheduleWithContext",
            [](uint32_t context, const Time& delay, py::function f, py::args args) {
                auto ref = std::make_shared<PyRef>(std::move(f));
                auto pyArgs = std::make_shared<PyRef>(py::tuple(args));
                Simulator::ScheduleWithContext(context, delay, [ref, pyArgs]() {
                    CallFromSimulation(*ref, pyArgs->Get().cast<py::tuple>());
                });
            },
            py::arg("context"),
            py::arg("delay"),
            py::arg("callback"),
            "Call callback(*args) after delay, in the context of a node id");

    py::class_<RngSeedManager, std::unique_ptr<RngSeedManager, py::nodelete>>(
        m,
        "RngSeedManager",
        "Seed and run number of every stream")
        .def_static("SetSeed",
                    &RngSeedManager::SetSeed,
                    py::arg("seed"),
                    "The seed of every stream")
        .def_static("GetSeed", &RngSeedManager::GetSeed, "The seed")
        .def_static("SetRun",
                    &RngSeedManager::SetRun,
                    py::arg("run"),
                    "The run number (independent replications)")
        .def_static("GetRun", &RngSeedManager::GetRun, "The run number");

    py::class_<Object, Ptr<Object>>(m, "Object", "An ns-3 object: attributes, traces, aggregates")
        .def("GetInstanceTypeId", &Object::GetInstanceTypeId, "The object's own TypeId")
        .def(
            "SetAttribute",
            [](Ptr<Object> self, const std::string& name, py::handle value) {
                py::kwargs kw;
                kw[py::str(name)] = value;
                SetAttributes(self, kw);
            },
            py::arg("name"),
            py::arg("value"),
            "Set an attribute from a Python value (ValueError if refused)")
        .def(
            "GetAttribute",
            [](Ptr<Object> self, const std::string& name) {
                TypeId::AttributeInformation info;
                if (!self->GetInstanceTypeId().LookupAttributeByName(name, &info))
                {
                    throw py::value_error(self->GetInstanceTypeId().GetName() +
                                          " has no attribute '" + name + "'");
                }
                Ptr<AttributeValue> v = info.checker->Create();
                self->GetAttribute(name, *v);
                return FromAttributeValue(*v, info.checker);
            },
            py::arg("name"),
            "An attribute's value, as the closest Python value")
        .def(
            "TraceConnectWithoutContext",
            [](Ptr<Object> self, const std::string& name, py::function f) {
                return ConnectTrace(self, name, std::move(f), "");
            },
            py::arg("name"),
            py::arg("callback"),
            "Call callback(*trace_args) on every firing of a trace source")
        .def(
            "TraceConnect",
            [](Ptr<Object> self,
               const std::string& name,
               const std::string& context,
               py::function f) { return ConnectTrace(self, name, std::move(f), context); },
            py::arg("name"),
            py::arg("context"),
            py::arg("callback"),
            "Call callback(context, *trace_args) on every firing of a trace source")
        .def(
            "GetObject",
            [](Ptr<Object> self, py::handle type) -> py::object {
                Ptr<Object> o = self->GetObject<Object>(ToTypeId(type));
                return o ? py::cast(o) : py::none();
            },
            py::arg("type"),
            "The aggregated object of a type (class or type name), or None")
        .def("AggregateObject",
             &Object::AggregateObject,
             py::arg("other"),
             "Aggregate another object to this one")
        .def("Initialize", &Object::Initialize, "Run DoInitialize (normally done at start)")
        .def("Dispose", &Object::Dispose, "Release what the object holds")
        .def("__repr__",
             [](Ptr<Object> self) { return "<" + self->GetInstanceTypeId().GetName() + ">"; });

    m.def(
        "CreateObject",
        [](py::handle type, py::kwargs kwargs) {
            TypeId tid = ToTypeId(type);
            if (!tid.HasConstructor() || !tid.IsChildOf(Object::GetTypeId()))
            {
                throw py::type_error(tid.GetName() + " cannot be created by its TypeId");
            }
            // The factory, not the bare constructor: it gives the attributes their defaults.
            ObjectFactory factory(tid.GetName());
            Ptr<Object> o = factory.Create();
            SetAttributes(o, kwargs);
            return o;
        },
        py::arg("type"),
        "Create an object by class or type name; keyword arguments set attributes");
}

} // namespace python
} // namespace ns3
