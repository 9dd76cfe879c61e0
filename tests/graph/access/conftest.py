"""The demo's access graph, built once per test session (building is pure and deterministic),
a small organisation shaped like real accounts (diverse profile), once per module, and one
such account whose `role/*` holders may assume hundreds of roles trusting its root."""

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


@pytest.fixture(scope="session")
def role_star_account() -> graph.AccessGraph:
    """One diverse account: many roles trust its root, some principals may assume `role/*`
    (each has hundreds of assume edges and a few access edges)."""
    snapshot = generate(
        accounts=1,
        users=40,
        roles=300,
        groups=6,
        policies=30,
        domains=1,
        repositories=6,
        seed=5,
        profile="diverse",
    )
    return graph.AccessGraph.from_snapshot(snapshot)
