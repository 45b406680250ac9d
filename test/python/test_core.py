# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""The simulator, time and Python callbacks inside the simulation."""

import pytest

import ns3ipsec as ns


@pytest.fixture(autouse=True)
def fresh_simulator():
    yield
    ns.Simulator.Destroy()


def test_time_arithmetic_and_text():
    assert ns.Seconds(1.5) + ns.MilliSeconds(500) == ns.Seconds(2)
    assert str(ns.MilliSeconds(20)) == "+0.02s"
    assert ns.Time("20ms") == ns.MilliSeconds(20)
    assert ns.MicroSeconds(3).GetNanoSeconds() == 3000


def test_schedule_calls_with_arguments_at_their_times():
    hits = []
    ns.Simulator.Schedule(ns.Seconds(2), lambda tag: hits.append((ns.Simulator.Now(), tag)), "b")
    ns.Simulator.Schedule("1s", lambda tag: hits.append((ns.Simulator.Now(), tag)), "a")
    ns.Simulator.Run()
    assert hits == [(ns.Seconds(1), "a"), (ns.Seconds(2), "b")]


def test_exception_in_callback_stops_run_and_is_raised():
    later = []
    ns.Simulator.Schedule(ns.Seconds(1), lambda: 1 / 0)
    ns.Simulator.Schedule(ns.Seconds(3), later.append, 3)
    with pytest.raises(ZeroDivisionError):
        ns.Simulator.Run()
    assert ns.Simulator.Now() == ns.Seconds(1)
    assert later == []


def test_create_object_with_attributes():
    rv = ns.CreateObject("ns3::UniformRandomVariable", Min=2, Max=3)
    assert rv.GetAttribute("Max") == 3.0
    with pytest.raises(ValueError, match="has no attribute 'Nope'"):
        rv.GetAttribute("Nope")
    with pytest.raises(ValueError, match="no ns-3 type named"):
        ns.CreateObject("ns3::NoSuchThing")


def test_node_container_is_a_sequence():
    nodes = ns.NodeContainer(3)
    assert len(nodes) == 3
    assert [n.GetId() for n in nodes] == [nodes[0].GetId(), nodes[1].GetId(), nodes[2].GetId()]
    with pytest.raises(IndexError):
        nodes[3]


def test_packet_bytes_round_trip():
    p = ns.Packet(b"hello")
    assert p.GetSize() == 5
    assert p.ToBytes() == b"hello"
