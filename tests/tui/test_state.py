"""The TUI state modules without Textual: reach-table rows in reading order, who-can rows."""

from __future__ import annotations

import pytest

import graph
from tui.reach_state import ReachMatrix

MATEO = "arn:aws:iam::123456789012:user/mateojackson"
OLIVIA = "arn:aws:iam::100000000000:user/admin/olivia.chen"


@pytest.fixture(scope="module")
def demo() -> graph.AccessGraph:
    return graph.AccessGraph.from_snapshot(graph.demo_snapshot())


def _outline(matrix: ReachMatrix) -> list[str]:
    return ["  " * row.depth + row.label for row in matrix.rows]


def test_external_connection_sits_under_the_repository_it_is_reached_through(
    demo: graph.AccessGraph,
) -> None:
    rows = _outline(ReachMatrix.of(demo, MATEO))
    at = rows.index("    public:pypi")
    assert rows[at - 1] == "  pypi-store"  # the repository holding the connection
    assert rows.index("acme-sandbox") > at  # not after the last domain


def test_every_connection_follows_its_repository(demo: graph.AccessGraph) -> None:
    rows = _outline(ReachMatrix.of(demo, OLIVIA))
    assert rows[rows.index("    public:npmjs") - 1] == "  npm-store"
    assert rows[rows.index("    public:pypi") - 1] == "  pypi-store"
    matrix = ReachMatrix.of(demo, OLIVIA)
    assert sorted(r.resource for r in matrix.rows) == sorted(
        {r.resource for r in demo.reachable(OLIVIA)}
    )
