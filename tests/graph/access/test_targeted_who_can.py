"""who-can on a lazy graph computes only what its resource needs, and answers as the whole
graph does (issue #10: "who-can on one repository likewise computes only what that repository
needs")."""

from __future__ import annotations

import pytest

import graph
from tests.small_orgs import small_org


def _answers(access: graph.AccessGraph, resource: str, what: str) -> list[object]:
    return sorted(
        (r.principal, r.capability, r.verdict.value, r.chain.hops)  # type: ignore[misc]
        for r in access.who_can(resource, what)
    )


def _edges(g: object) -> list[tuple[object, ...]]:
    return sorted(
        (u, v, k, sorted(d.items()))  # type: ignore[misc]
        for u, v, k, d in g.edges(keys=True, data=True)  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize("profile", ["stamped", "diverse"])
def test_lazy_who_can_answers_as_the_whole_graph(profile: str) -> None:
    snapshot = small_org(profile, seed=3)
    whole = graph.AccessGraph.from_snapshot(snapshot)
    for repository in snapshot.repositories():
        for what in ("read", "publish", "admin", "codeartifact:ReadFromRepository"):
            lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
            assert _answers(lazy, repository.arn, what) == _answers(whole, repository.arn, what)
    for domain in snapshot.domains():
        lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
        assert _answers(lazy, domain.arn, "login") == _answers(whole, domain.arn, "login")


def test_demo_who_can_on_a_lazy_graph_and_the_graph_it_completes_to() -> None:
    snapshot = graph.demo_snapshot()
    whole = graph.AccessGraph.from_snapshot(snapshot)
    lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
    for repository in snapshot.repositories():  # an unreadable policy, upstreams, outsiders
        for what in ("read", "publish"):
            assert _answers(lazy, repository.arn, what) == _answers(whole, repository.arn, what)
    assert lazy.partial_graph.number_of_edges() < whole.graph.number_of_edges()
    assert _edges(lazy.graph) == _edges(whole.graph)


@pytest.mark.parametrize("seed", [3, 5, 8])
def test_callers_left_waiting_are_evaluated_by_later_questions(seed: int) -> None:
    """who-can leaves the trust edges of callers whose own chain is best (`settled_ends`)
    for later: one lazy graph asked every question in turn answers each as the whole graph,
    and completes to the whole graph's edges, however many callers each question left."""
    snapshot = small_org("diverse", seed=seed)
    whole = graph.AccessGraph.from_snapshot(snapshot)
    lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
    left = 0
    for repository in snapshot.repositories():
        for what in ("publish", "read", "codeartifact:ReadFromRepository"):
            assert _answers(lazy, repository.arn, what) == _answers(whole, repository.arn, what)
            left += len(lazy._built.assume_edges(lazy._evaluator, snapshot)._waiting)
    assert left > 0  # some role's callers were left waiting, and taken up after
    for principal in [u.arn for u in snapshot.users()][:5]:
        assert lazy.reachable(principal) == whole.reachable(principal)
    assert _edges(lazy.graph) == _edges(whole.graph)


@pytest.mark.parametrize("profile", ["stamped", "diverse"])
def test_direct_access_is_who_can_without_a_role(profile: str) -> None:
    """`direct` (what a diff compares before asking who-can) lists, on a lazy graph as on the
    whole one, every user and role whose own chain reaches: who-can's answers with no role
    hop, each with the same hops."""
    snapshot = small_org(profile, seed=3)
    whole = graph.AccessGraph.from_snapshot(snapshot)
    lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
    found = 0
    for repository in snapshot.repositories():
        for what in ("read", "publish", "codeartifact:PublishPackageVersion"):
            direct = lazy.direct(repository.arn, what)
            assert direct == whole.direct(repository.arn, what)
            own = {
                (r.principal, r.chain.hops)
                for r in whole.who_can(repository.arn, what, all_chains=True)
                if not any(hop.kind == "can_assume" for hop in r.chain.hops)
            }
            assert direct == own
            found += len(direct)
    assert found
