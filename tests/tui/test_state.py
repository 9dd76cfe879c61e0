"""The TUI state modules without Textual: reach-table rows in reading order, who-can rows."""

from __future__ import annotations

import pytest

import graph
from tui.reach_state import ReachMatrix
from tui.resources_state import WhoCan

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


def test_who_can_stops_between_questions_when_told(demo: graph.AccessGraph) -> None:
    """The resources view's worker stops once the cursor has moved on: no answer, and no
    question asked past the one in course."""
    repository = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"
    whole = WhoCan.of(demo, repository)
    assert whole is not None and whole.count > 0
    asked: list[int] = []

    def stopped() -> bool:
        asked.append(1)
        return len(asked) > 2  # the third look: after two of read, publish, admin

    assert WhoCan.of(demo, repository, stopped=stopped) is None
    assert len(asked) == 3
    assert WhoCan.of(demo, repository, stopped=lambda: False) == whole
