"""Callers whose statements read alike but one of whose policies cannot be read (a managed
policy missing from the input, still attached) get their own answers: unknown where that policy
could change them. A class shared with readable callers once gave one of them the other's
answer, in trust and access edges alike."""

from __future__ import annotations

import pytest

import graph
from graph.access import Verdict
from graph.access.access_edges import kept
from graph.access.trust import run_actor, trust_policy
from graph.policy import CompiledPolicy, DenialReason
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
        if pair.verdict.reaches or pair.verdict is Verdict.UNKNOWN:
            assert pair.edge is not None, (pair.actor.node, pair.role.arn)
        if pair.edge is not None:  # (a trust that does not admit the caller denies it,
            # whatever its unreadable policies say: no edge, unless it names the role)
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


def test_a_trust_that_does_not_admit_the_caller_denies_it_whatever_it_cannot_read() -> None:
    """The trust policy must allow every caller (spec C.1): where it does not, a policy of the
    caller that cannot be read changes nothing (denied); where it admits the caller's account,
    that policy could allow or deny `sts:AssumeRole` (unknown)."""
    access = graph.AccessGraph.from_snapshot(managed_policy_gone(two_account_org("diverse", 2)))
    built, evaluator, snapshot = access._built, access._evaluator, access.snapshot
    caller = next(a for a in built.actors.values() if a.unreadable)
    seen: set[Verdict] = set()
    for role in snapshot.roles():
        trust = trust_policy(evaluator.book, role)
        if role.arn == caller.node or not isinstance(trust, CompiledPolicy):
            continue
        result = run_actor(evaluator, caller, role, trust, ())
        if result.decision.reason is DenialReason.NO_RESOURCE_ALLOW:
            assert result.verdict is Verdict.DENIED, role.arn
            seen.add(Verdict.DENIED)
        elif result.verdict is Verdict.UNKNOWN:
            seen.add(Verdict.UNKNOWN)
    assert seen == {Verdict.DENIED, Verdict.UNKNOWN}
