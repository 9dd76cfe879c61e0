"""The demo's access graph, built once per test session (building is pure and deterministic),
and a small organisation shaped like real accounts (diverse profile), once per module."""

from __future__ import annotations

import pytest

import graph
from graph.synthetic import generate


@pytest.fixture(scope="session")
def demo_graph() -> graph.AccessGraph:
    return graph.AccessGraph.from_snapshot(graph.demo_snapshot())


@pytest.fixture(scope="module")
def small_diverse() -> graph.AccessGraph:
    snapshot = generate(
        accounts=2,
        roles=80,
        users=24,
        groups=6,
        policies=40,
        domains=2,
        repositories=8,
        seed=5,
        profile="diverse",
    )
    return graph.AccessGraph.from_snapshot(snapshot)
