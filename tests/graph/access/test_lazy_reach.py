"""`reachable` on a lazy graph computes only one principal's chains and the access of the roles
on them, and answers as the whole graph does (issue #10: single questions do not build the
world; `cax diff` asks it of the principals a change touches)."""

from __future__ import annotations

import json

import pytest

import graph
from tests.small_orgs import small_org


def _reach(access: graph.AccessGraph, principal: str) -> list[str]:
    return [
        json.dumps(
            [r.resource, r.capability, r.verdict.value, [h.label for h in r.chain.hops]],
            sort_keys=True,
        )
        for r in access.reachable(principal)
    ]


@pytest.mark.parametrize("profile", ["stamped", "diverse"])
def test_lazy_reach_answers_as_the_whole_graph(profile: str) -> None:
    snapshot = small_org(profile, seed=5)
    whole = graph.AccessGraph.from_snapshot(snapshot)
    lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)  # one lazy graph, many asks
    principals = sorted([u.arn for u in snapshot.users()] + [r.arn for r in snapshot.roles()])
    for principal in principals[::3]:
        assert _reach(lazy, principal) == _reach(whole, principal), principal
    assert lazy.partial_graph.number_of_edges() < whole.graph.number_of_edges()


def test_demo_lazy_reach_of_every_principal_builds_less_than_the_whole() -> None:
    snapshot = graph.demo_snapshot()
    whole = graph.AccessGraph.from_snapshot(snapshot)
    for principal in [*(u.arn for u in snapshot.users()), *(r.arn for r in snapshot.roles())]:
        lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
        assert _reach(lazy, principal) == _reach(whole, principal), principal
        assert lazy.partial_graph.number_of_edges() < whole.graph.number_of_edges()
