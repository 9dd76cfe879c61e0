"""`explain(..., alternatives=False)` (`cax can`'s question) finds the same best chain as a
full explanation, walking a lazy graph only as deep as that chain needs; a walk it stops is
taken up by the next question on the same graph."""

from __future__ import annotations

import json

import pytest

import graph
from graph.access.evidence import AccessExplanation
from graph.export.results import explanation_record
from graph.snapshot import Snapshot
from tests.graph.access.test_review_kit import (
    READ_ALL,
    A,
    Estate,
    allow,
    doc,
    role_arn,
    trust,
    user_arn,
)
from tests.small_orgs import small_org

CAPABILITIES = ("read", "publish", "login", "admin", "codeartifact:ReadFromRepository")


def _record(access: graph.AccessGraph, explanation: AccessExplanation) -> str:
    record = explanation_record(access.partial_graph, explanation)
    record["alternatives"] = []
    return json.dumps(record, sort_keys=True, default=str)


def _questions(snapshot: Snapshot, every: int) -> list[tuple[str, str, str]]:
    principals = sorted([u.arn for u in snapshot.users()] + [r.arn for r in snapshot.roles()])
    repositories = sorted(r.arn for r in snapshot.repositories())
    domains = sorted(d.arn for d in snapshot.domains())
    asked = []
    for n, principal in enumerate(principals[::every]):
        capability = CAPABILITIES[n % len(CAPABILITIES)]
        resources = domains if capability in ("login", "admin") and n % 2 else repositories
        asked.append((principal, capability, resources[n % len(resources)]))
    return asked


@pytest.mark.parametrize("profile", ["stamped", "diverse"])
def test_the_best_alone_is_the_full_explanations_best(profile: str) -> None:
    snapshot = small_org(profile, seed=9)
    shared = graph.AccessGraph.from_snapshot(snapshot, lazy=True)  # walks stopped and taken up
    verdicts = set()
    for principal, capability, resource in _questions(snapshot, 1):
        full = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
        expected = full.explain(principal, capability, resource)
        fresh = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
        best = fresh.explain(principal, capability, resource, alternatives=False)
        assert best.alternatives == ()
        assert _record(fresh, best) == _record(full, expected), (principal, capability, resource)
        first = shared.explain(principal, capability, resource, alternatives=False)
        assert _record(shared, first) == _record(full, expected)
        shared.explain(principal, capability, resource)  # the walk done: ranked all at once
        again = shared.explain(principal, capability, resource, alternatives=False)
        assert _record(shared, again) == _record(full, expected)
        verdicts.add(best.verdict)
    assert {graph.Verdict.ALLOWED, graph.Verdict.DENIED} <= verdicts


def test_demo_best_alone_and_full_explanation_agree() -> None:
    snapshot = graph.demo_snapshot()
    for principal, capability, resource in _questions(snapshot, 1):
        full = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
        expected = full.explain(principal, capability, resource)
        fresh = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
        best = fresh.explain(principal, capability, resource, alternatives=False)
        assert _record(fresh, best) == _record(full, expected), (principal, capability, resource)


def _ladder() -> tuple[Snapshot, str, str, str]:
    """A user who reads the repository itself and may assume a role, which may assume
    another: both roles read it too."""
    e = Estate()
    user = user_arn(A, "dev")
    first, second = role_arn(A, "first"), role_arn(A, "second")
    e.user(A, "dev", doc(allow("sts:AssumeRole", first)), READ_ALL)
    e.role(A, "first", trust({"AWS": user}), doc(allow("sts:AssumeRole", second)), READ_ALL)
    e.role(A, "second", trust({"AWS": first}), READ_ALL)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    return e.snapshot(), user, second, repo


def test_a_principal_that_reaches_itself_walks_no_role() -> None:
    snapshot, user, second, repo = _ladder()
    lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
    best = lazy.explain(user, "read", repo, alternatives=False)
    assert [h.hop.target for h in best.hops] == [repo]
    assert not lazy.partial_graph.has_edge(user, role_arn(A, "first"))  # not walked
    full = lazy.explain(user, "read", repo)  # the same graph takes the walk up
    assert [c.hops[-2].target for c in full.alternatives] == [role_arn(A, "first"), second]
    assert _record(lazy, lazy.explain(user, "read", repo, alternatives=False)) == _record(
        lazy, best
    )


def _same_best(snapshot: Snapshot, principal: str, what: str, resource: str) -> list[str]:
    whole = graph.AccessGraph.from_snapshot(snapshot)
    lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
    best = lazy.explain(principal, what, resource, alternatives=False)
    expected = whole.explain(principal, what, resource)
    assert (best.verdict, best.chain) == (expected.verdict, expected.chain)
    return [h.hop.target for h in best.hops]


def test_an_allowed_deeper_chain_beats_a_conditional_shorter_one() -> None:
    e = Estate()
    user, first, second = user_arn(A, "dev"), role_arn(A, "first"), role_arn(A, "second")
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    e.user(A, "dev", doc(allow("sts:AssumeRole", first)))
    read_with_mfa = doc(*({**s, "Condition": mfa} for s in READ_ALL["Statement"]))
    e.role(A, "first", trust({"AWS": user}), doc(allow("sts:AssumeRole", second)), read_with_mfa)
    e.role(A, "second", trust({"AWS": first}), READ_ALL)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    assert _same_best(e.snapshot(), user, "read", repo) == [first, second, repo]


def test_a_group_granted_read_waits_for_the_roles_one_hop_away() -> None:
    """The user's own read, granted by its group, is two hops (member of, access), as long
    as the chain through a role it may assume: the full ranking then prefers the role's,
    which has one more step that works, so the walk must not stop at the user itself."""
    e = Estate()
    user, first = user_arn(A, "dev"), role_arn(A, "first")
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    e.group(A, "readers", READ_ALL)
    e.user(A, "dev", doc(allow("sts:AssumeRole", first)), groups=["readers"])
    e.role(A, "first", trust({"AWS": user}), READ_ALL)
    assert _same_best(e.snapshot(), user, "read", repo) == [first, repo]


def test_a_conditional_best_stops_the_walk_over_conditional_edges() -> None:
    """Nothing is allowed: the user's way in is a role whose trust wants MFA. Once the walk
    over conditional edges has that role, whose read is two hops, the chains past it (three
    hops and more) cannot rank before it, and are not walked."""
    e = Estate()
    user, first, second = user_arn(A, "dev"), role_arn(A, "first"), role_arn(A, "second")
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    e.user(A, "dev", doc(allow("sts:AssumeRole", first)))
    e.role(
        A,
        "first",
        trust({"AWS": user}, Condition=mfa),
        doc(allow("sts:AssumeRole", second)),
        READ_ALL,
    )
    e.role(A, "second", trust({"AWS": first}), READ_ALL)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    snapshot = e.snapshot()
    lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
    best = lazy.explain(user, "read", repo, alternatives=False)
    assert best.verdict is graph.Verdict.CONDITIONAL
    assert [h.hop.target for h in best.hops] == [first, repo]
    assert not lazy.partial_graph.has_edge(first, second)
    assert _same_best(snapshot, user, "read", repo) == [first, repo]


def test_ties_go_to_the_walk_over_allowed_edges_first() -> None:
    """Two conditional reads, each two hops and as far along: through `a3`, whose trust
    admits the user outright and whose own read wants MFA, and through `c`, whose trust
    wants MFA. `explain` lists the walk over allowed edges first, so `a3`'s is the best,
    though `c` comes first among the roles of its own walk."""
    e = Estate()
    user = user_arn(A, "dev")
    names = ("a1", "a2", "a3", "c")
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    read_with_mfa = doc(*({**s, "Condition": mfa} for s in READ_ALL["Statement"]))
    e.user(A, "dev", doc(allow("sts:AssumeRole", [role_arn(A, n) for n in names])))
    e.role(A, "a1", trust({"AWS": user}))
    e.role(A, "a2", trust({"AWS": user}))
    e.role(A, "a3", trust({"AWS": user}), read_with_mfa)
    e.role(A, "c", trust({"AWS": user}, Condition=mfa), READ_ALL)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    assert _same_best(e.snapshot(), user, "read", repo) == [role_arn(A, "a3"), repo]
