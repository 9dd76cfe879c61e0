"""The demo's access graph, built once for every export test."""

from __future__ import annotations

import pytest

import graph
from graph.access import AccessGraph


@pytest.fixture(scope="session")
def demo_graph() -> AccessGraph:
    return AccessGraph.from_snapshot(graph.demo_snapshot())
