"""Callers whose statements read alike but one of whose policies cannot be read (a managed
policy missing from the input, still attached) get their own answers: unknown where that policy
could change them. A class shared with readable callers once gave one of them the other's
answer, in trust and access edges alike."""

from __future__ import annotations

from dataclasses import replace

import pytest

import graph
from graph.access import Verdict
from graph.access.access_edges import kept
from graph.access.capabilities import Capability, Step
from graph.access.capability_eval import capability_result
from graph.access.evaluator import Evaluator, verdict_of
from graph.access.targets import rcp_levels
from graph.access.trust import trust_policy
from graph.model import Account, Domain
from graph.policy import CompiledPolicy
from graph.snapshot import Snapshot
from graph.synthetic import generate
from tests.small_orgs import small_org


def _managed_policy_gone(s: Snapshot) -> Snapshot:
    """The most attached customer managed policy leaves the snapshot, still attached."""
    held: dict[str, int] = {}
    for item in (*s.users(), *s.roles(), *s.groups()):
        for arn in item.attached_policy_arns:
            held[arn] = held.get(arn, 0) + 1
    gone = max((n, arn) for arn, n in held.items() if ":aws:policy/" not in arn)[1]

    def change(a: Account) -> Account:
        return replace(a, policies=tuple(p for p in a.policies if p.arn != gone))

    return replace(s, accounts=tuple(change(a) for a in s.accounts))


def _two_accounts(seed: int) -> Snapshot:
    return generate(
        accounts=2,
        users=16,
        roles=40,
        groups=5,
        policies=20,
        domains=2,
        repositories=6,
        profile="diverse",
        seed=seed,
    )


@pytest.fixture(scope="module", params=["small-2", "small-5", "two-accounts-2"])
def partly_unreadable(request: pytest.FixtureRequest) -> graph.AccessGraph:
    shape, seed = request.param.rsplit("-", 1)
    snapshot = small_org("diverse", int(seed)) if shape == "small" else _two_accounts(int(seed))
    return graph.AccessGraph.from_snapshot(_managed_policy_gone(snapshot))


def test_some_callers_cannot_be_read(partly_unreadable: graph.AccessGraph) -> None:
    actors = partly_unreadable._built.actors.values()
    assert 0 < sum(1 for a in actors if a.unreadable) < len(actors) // 2


def test_trust_edges_are_each_callers_own(partly_unreadable: graph.AccessGraph) -> None:
    built, snapshot, g = (
        partly_unreadable._built,
        partly_unreadable.snapshot,
        partly_unreadable.graph,
    )
    plain = Evaluator(partly_unreadable._evaluator.book)
    unknown = 0
    for role in snapshot.roles():
        trust = trust_policy(plain.book, role)
        if not isinstance(trust, CompiledPolicy):
            continue
        rcps = rcp_levels(snapshot, plain.book, role.account_id)[0]
        for actor in built.actors.values():
            if actor.node == role.arn:
                continue
            step = Step("sts:AssumeRole", role.arn)
            decision = plain.decide(
                actor, step, (trust,), () if actor.service_linked else rcps, None, fresh=True
            )
            verdict = verdict_of(decision, actor.unreadable)
            edge = (g.get_edge_data(actor.node, role.arn) or {}).get("can_assume")
            if verdict.reaches:
                assert edge is not None, (actor.node, role.arn)
            if edge is not None:  # (a trust that admits no one of the caller's account
                # makes no edge, though an unreadable policy makes its plain verdict unknown)
                assert edge["verdict"] == verdict.value, (actor.node, role.arn)
                unknown += verdict is Verdict.UNKNOWN
    assert unknown > 0


def test_access_edges_are_each_callers_own(partly_unreadable: graph.AccessGraph) -> None:
    built, g = partly_unreadable._built, partly_unreadable.graph
    plain = Evaluator(partly_unreadable._evaluator.book)
    verdicts: set[Verdict] = set()
    for actor in built.actors.values():
        for target in built.targets.values():
            domain = isinstance(target.item, Domain)
            for capability in (
                (Capability.LOGIN,) if domain else (Capability.READ, Capability.PUBLISH)
            ):
                result = capability_result(plain, actor, target, capability)
                edge = g.get_edge_data(actor.node, target.node, f"access:{capability.value}")
                if result.verdict is not Verdict.DENIED:
                    assert edge is not None, (actor.node, target.node, capability)
                if edge is not None:  # (a denial is kept only in part: docs/graph-schema.md)
                    assert kept(result), (actor.node, target.node, capability)
                    assert edge["verdict"] == result.verdict.value, (actor.node, target.node)
                    verdicts.add(result.verdict)
    assert Verdict.UNKNOWN in verdicts and Verdict.ALLOWED in verdicts
