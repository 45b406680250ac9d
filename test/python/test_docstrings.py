# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Every bound call says what it does: pybind11 writes the signature, we write the rest."""

import inspect

import ns3ipsec
from ns3ipsec import _ns3ipsec


def _undocumented(name, function):
    """The overloads of a bound function that carry only their signature."""
    doc = function.__doc__ or ""
    if doc.startswith(function.__name__ + "(") and "Overloaded function." not in doc:
        body = doc.split("\n", 1)[1].strip() if "\n" in doc else ""
        return [] if body else [name]
    missing = []
    # "Overloaded function.\n\n1. sig\n\ntext\n\n2. sig\n\ntext"
    sections = doc.split("\n\n")
    for i, section in enumerate(sections):
        if section[:1].isdigit() and ". " in section[:5]:
            following = sections[i + 1] if i + 1 < len(sections) else ""
            if not following.strip() or following[:1].isdigit() and ". " in following[:5]:
                missing.append(name + " " + section.split("(", 1)[0])
    return missing


def _bound_callables():
    for name, value in vars(_ns3ipsec).items():
        if name.startswith("_"):
            continue
        if inspect.isbuiltin(value):
            yield name, value
        elif inspect.isclass(value):
            for attr, member in vars(value).items():
                if attr.startswith("__") or not callable(member):
                    continue
                function = getattr(member, "__func__", member)
                if type(function).__name__ in ("builtin_function_or_method", "instancemethod"):
                    yield name + "." + attr, function
        elif inspect.ismodule(value):
            for attr, member in vars(value).items():
                if not attr.startswith("_") and inspect.isbuiltin(member):
                    yield name + "." + attr, member


def test_every_bound_call_has_a_docstring():
    missing = []
    for name, function in _bound_callables():
        missing += _undocumented(name, function)
    assert missing == [], "bound without a docstring: " + ", ".join(sorted(missing))


def test_every_bound_class_has_a_docstring():
    missing = [
        name
        for name, value in vars(_ns3ipsec).items()
        if inspect.isclass(value) and not name.startswith("_") and not (value.__doc__ or "").strip()
    ]
    assert missing == []


def test_package_reexports_the_extension():
    assert ns3ipsec.Simulator is _ns3ipsec.Simulator
