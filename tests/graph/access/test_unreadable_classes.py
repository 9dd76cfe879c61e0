"""Callers whose statements read alike but one of whose policies cannot be read (a managed
policy missing from the input, still attached) get their own answers: unknown where that policy
could change them. A class shared with readable callers once gave one of them the other's
answer, in trust and access edges alike."""

from __future__ import annotations

import pytest

import graph
from graph.access import Verdict
from graph.access.access_edges import kept
from tests.graph.access.plain import access_results, trust_pairs
from tests.small_orgs import managed_policy_gone, small_org, two_account_org


@pytest.fixture(scope="module", params=["small-2", "small-5", "two-accounts-2"])
def partly_unreadable(request: pytest.FixtureRequest) -> graph.AccessGraph:
    shape, seed = request.param.rsplit("-", 1)
    snapshot = (small_org if shape == "small" else two_account_org)("diverse", int(seed))
    return graph.AccessGraph.from_snapshot(managed_policy_gone(snapshot))


def test_some_callers_cannot_be_read(partly_unreadable: graph.AccessGraph) -> None:
    actors = partly_unreadable._built.actors.values()
    assert 0 < sum(1 for a in actors if a.unreadable) < len(actors) // 2


def test_trust_edges_are_each_callers_own(partly_unreadable: graph.AccessGraph) -> None:
    unknown = 0
    for pair in trust_pairs(partly_unreadable):
        if pair.verdict.reaches:
            assert pair.edge is not None, (pair.actor.node, pair.role.arn)
        if pair.edge is not None:  # (a trust that admits no one of the caller's account
            # makes no edge, though an unreadable policy makes its plain verdict unknown)
            assert pair.edge["verdict"] == pair.verdict.value, (pair.actor.node, pair.role.arn)
            unknown += pair.verdict is Verdict.UNKNOWN
    assert unknown > 0


def test_access_edges_are_each_callers_own(partly_unreadable: graph.AccessGraph) -> None:
    verdicts: set[Verdict] = set()
    for actor, resource, capability, result, edge in access_results(partly_unreadable):
        if result.verdict is not Verdict.DENIED:
            assert edge is not None, (actor, resource, capability)
        if edge is not None:  # (a denial is kept only in part: docs/graph-schema.md)
            assert kept(result), (actor, resource, capability)
            assert edge["verdict"] == result.verdict.value, (actor, resource, capability)
            verdicts.add(result.verdict)
    assert Verdict.UNKNOWN in verdicts and Verdict.ALLOWED in verdicts
