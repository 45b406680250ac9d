/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ns-3 random variables (streams fixed by SetStream / AssignStreams) and logging.

#include "ns3-python.h"

#include "ns3/log.h"
#include "ns3/random-variable-stream.h"

namespace ns3
{
namespace python
{

namespace
{
/// Adds the keyword-attribute constructor: UniformRandomVariable(Min=0, Max=10).
template <typename Class>
void
AddConstructor(Class& cls)
{
    using T = typename Class::type;
    // CreateObject, not new: it gives the attributes their defaults.
    cls.def(py::init([](const py::kwargs& kwargs) {
                Ptr<T> v = CreateObject<T>();
                SetAttributes(v, kwargs);
                return v;
            }),
            "A new variable; keyword arguments set attributes (ValueError if refused)")
        .def_static("GetTypeId", &T::GetTypeId, "The ns-3 TypeId");
    RegisterObjectType<T>();
}

/// Refuses a lower bound above an upper one (ns-3 would silently draw nonsense).
void
CheckBounds(double min, double max)
{
    if (min > max)
    {
        throw py::value_error("min (" + std::to_string(min) + ") is greater than max (" +
                              std::to_string(max) + ")");
    }
}

void
BindRandomVariables(py::module_& m)
{
    py::class_<RandomVariableStream, Object, Ptr<RandomVariableStream>>(
        m,
        "RandomVariableStream",
        "A random variable drawing from its own stream of the seed's generator")
        .def("GetValue",
             py::overload_cast<>(&RandomVariableStream::GetValue),
             "The next value (float)")
        .def("GetInteger",
             py::overload_cast<>(&RandomVariableStream::GetInteger),
             "The next value as an integer")
        .def("SetStream",
             &RandomVariableStream::SetStream,
             py::arg("stream"),
             "Fix the stream number (-1: the next automatic one)")
        .def("GetStream", &RandomVariableStream::GetStream, "The stream number (-1: automatic)")
        .def("SetAntithetic",
             &RandomVariableStream::SetAntithetic,
             py::arg("is_antithetic"),
             "Draw 1-u instead of u");
    RegisterObjectType<RandomVariableStream>();

    py::class_<UniformRandomVariable, RandomVariableStream, Ptr<UniformRandomVariable>> uniform(
        m,
        "UniformRandomVariable",
        "Uniform in [Min, Max) (attributes Min, Max)");
    AddConstructor(uniform);
    uniform.def("GetMin", &UniformRandomVariable::GetMin, "The lower bound")
        .def("GetMax", &UniformRandomVariable::GetMax, "The upper bound")
        .def("GetValue",
             py::overload_cast<>(&UniformRandomVariable::GetValue),
             "The next value in [Min, Max)")
        .def(
            "GetValue",
            [](UniformRandomVariable& v, double min, double max) {
                CheckBounds(min, max);
                return v.GetValue(min, max);
            },
            py::arg("min"),
            py::arg("max"),
            "The next value in [min, max)")
        .def("GetInteger",
             py::overload_cast<>(&UniformRandomVariable::GetInteger),
             "The next integer in [Min, Max]")
        .def(
            "GetInteger",
            [](UniformRandomVariable& v, uint32_t min, uint32_t max) {
                CheckBounds(min, max);
                return v.GetInteger(min, max);
            },
            py::arg("min"),
            py::arg("max"),
            "The next integer in [min, max]");

    py::class_<ConstantRandomVariable, RandomVariableStream, Ptr<ConstantRandomVariable>> constant(
        m,
        "ConstantRandomVariable",
        "Always the same value (attribute Constant)");
    AddConstructor(constant);
    constant.def("GetConstant", &ConstantRandomVariable::GetConstant, "The value");

    py::class_<ExponentialRandomVariable, RandomVariableStream, Ptr<ExponentialRandomVariable>>
        exponential(m,
                    "ExponentialRandomVariable",
                    "Exponential (attributes Mean, Bound: 0 means unbounded)");
    AddConstructor(exponential);
    exponential.def("GetMean", &ExponentialRandomVariable::GetMean, "The mean")
        .def("GetBound", &ExponentialRandomVariable::GetBound, "The upper bound (0: none)")
        .def("GetValue",
             py::overload_cast<>(&ExponentialRandomVariable::GetValue),
             "The next value")
        .def(
            "GetValue",
            [](ExponentialRandomVariable& v, double mean, double bound) {
                if (mean <= 0 || bound < 0)
                {
                    throw py::value_error("an exponential needs mean > 0 and bound >= 0");
                }
                return v.GetValue(mean, bound);
            },
            py::arg("mean"),
            py::arg("bound") = 0.0,
            "The next value of another exponential");

    py::class_<NormalRandomVariable, RandomVariableStream, Ptr<NormalRandomVariable>> normal(
        m,
        "NormalRandomVariable",
        "Normal (attributes Mean, Variance, Bound)");
    AddConstructor(normal);
    normal.def("GetMean", &NormalRandomVariable::GetMean, "The mean")
        .def("GetVariance", &NormalRandomVariable::GetVariance, "The variance");

    py::class_<ParetoRandomVariable, RandomVariableStream, Ptr<ParetoRandomVariable>> pareto(
        m,
        "ParetoRandomVariable",
        "Pareto (attributes Scale, Shape, Bound)");
    AddConstructor(pareto);
}

/// A LogLevel or an int (LOG_LEVEL_INFO | LOG_PREFIX_TIME is an int) as a LogLevel.
LogLevel
ToLogLevel(py::handle level)
{
    return static_cast<LogLevel>(
        py::int_(py::reinterpret_borrow<py::object>(level)).cast<int64_t>());
}

void
BindLogging(py::module_& m)
{
    py::enum_<LogLevel>(m,
                        "LogLevel",
                        "ns-3 log levels and prefixes (combine with |)",
                        py::arithmetic())
        .value("LOG_NONE", LOG_NONE)
        .value("LOG_ERROR", LOG_ERROR)
        .value("LOG_WARN", LOG_WARN)
        .value("LOG_DEBUG", LOG_DEBUG)
        .value("LOG_INFO", LOG_INFO)
        .value("LOG_FUNCTION", LOG_FUNCTION)
        .value("LOG_LOGIC", LOG_LOGIC)
        .value("LOG_ALL", LOG_ALL)
        .value("LOG_LEVEL_ERROR", LOG_LEVEL_ERROR)
        .value("LOG_LEVEL_WARN", LOG_LEVEL_WARN)
        .value("LOG_LEVEL_DEBUG", LOG_LEVEL_DEBUG)
        .value("LOG_LEVEL_INFO", LOG_LEVEL_INFO)
        .value("LOG_LEVEL_FUNCTION", LOG_LEVEL_FUNCTION)
        .value("LOG_LEVEL_LOGIC", LOG_LEVEL_LOGIC)
        .value("LOG_LEVEL_ALL", LOG_LEVEL_ALL)
        .value("LOG_PREFIX_FUNC", LOG_PREFIX_FUNC)
        .value("LOG_PREFIX_TIME", LOG_PREFIX_TIME)
        .value("LOG_PREFIX_NODE", LOG_PREFIX_NODE)
        .value("LOG_PREFIX_LEVEL", LOG_PREFIX_LEVEL)
        .value("LOG_PREFIX_ALL", LOG_PREFIX_ALL)
        .export_values();

    // ns-3 aborts on an unknown component name: check the list first.
    m.def(
        "LogComponentEnable",
        [](const std::string& name, py::handle level) {
            if (LogComponent::GetComponentList()->count(name) == 0)
            {
                throw py::value_error("no log component named '" + name + "'");
            }
            LogComponentEnable(name.c_str(), ToLogLevel(level));
        },
        py::arg("name"),
        py::arg("level"),
        "Enable a component's log messages (shown only if ns-3 was built with logging)");
    m.def(
        "LogComponentDisable",
        [](const std::string& name, py::handle level) {
            if (LogComponent::GetComponentList()->count(name) == 0)
            {
                throw py::value_error("no log component named '" + name + "'");
            }
            LogComponentDisable(name.c_str(), ToLogLevel(level));
        },
        py::arg("name"),
        py::arg("level"),
        "Disable a component's log messages");
    m.def(
        "LogComponentEnableAll",
        [](py::handle level) { LogComponentEnableAll(ToLogLevel(level)); },
        py::arg("level"),
        "Enable every component's log messages at a level");
}
} // namespace

void
BindRandom(py::module_& m)
{
    BindRandomVariables(m);
    BindLogging(m);
}

} // namespace python
} // namespace ns3
