"""The demo's access graph, built once per test session (building is pure and deterministic)."""

from __future__ import annotations

import pytest

import graph


@pytest.fixture(scope="session")
def demo_graph() -> graph.AccessGraph:
    return graph.AccessGraph.from_snapshot(graph.demo_snapshot())
