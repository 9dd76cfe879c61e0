"""Cyclic garbage collection is paused while the graph is built, and resumes after."""

from __future__ import annotations

import gc

import pytest

import graph
from graph.pause import paused


def test_collection_resumes_after_a_build_and_a_question() -> None:
    assert gc.isenabled()
    access = graph.AccessGraph.from_snapshot(graph.demo_snapshot())
    assert gc.isenabled()
    access.who_can("acme/npm-internal", "read")
    assert gc.isenabled()


def test_paused_resumes_on_error_and_leaves_a_disabled_collector_alone() -> None:
    with pytest.raises(RuntimeError), paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_whole_build_moves_what_it_made_out_of_the_collectors_sight() -> None:
    gc.unfreeze()
    graph.AccessGraph.from_snapshot(graph.demo_snapshot())
    assert gc.get_freeze_count() > 0
    assert gc.isenabled()
    gc.unfreeze()
