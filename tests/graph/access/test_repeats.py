"""An alike role's repeated edges: which are written and which wait while a who-can is asked."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

import networkx as nx

import graph
from graph.access.assume import AssumeEdges
from graph.access.assume_records import Kept
from graph.access.repeats import Repeated
from graph.access.trust_answers import RoleTrust
from graph.access.walks import Either, among
from tests.small_orgs import small_org

HEAD = "arn:aws:iam::1:role/head"


class _Odd:
    """A container that is no set: looked up one by one."""

    def __contains__(self, item: object) -> bool:
        return item == "c"


def _repeated() -> Repeated:
    head = cast(RoleTrust, SimpleNamespace(role=SimpleNamespace(arn=HEAD)))
    kept = [
        Kept("allowed", {"verdict": "allowed"}),
        Kept("conditional", {"verdict": "conditional"}),
        Kept("denied", {"verdict": "denied"}),
        Kept("stranger", {"verdict": "denied"}),  # outside the index: always written
        Kept("settled", {"verdict": "allowed"}),
    ]
    inside = {"allowed", "conditional", "denied", "settled", "waited", HEAD}
    return Repeated(head, kept, {"waited"}, inside)


def test_among_reads_sets_eithers_and_other_containers() -> None:
    names = {"a", "b", "c"}
    assert among({"a", "z"}, names) == {"a"}
    assert among(Either(frozenset({"a"}), Either({"b"}, _Odd())), names) == {"a", "b", "c"}
    assert among(_Odd(), names) == {"c"}


def test_a_question_writes_only_edges_a_walk_can_use() -> None:
    written, waiting, evaluate = _repeated().split(
        "arn:aws:iam::1:role/twin", {"settled", "waited"}, {"conditional"}, asked=True
    )
    assert [e.source for e in written] == ["allowed", "stranger"]
    assert waiting == {"conditional", "denied", "settled", "waited"}
    assert evaluate == {HEAD}


def test_a_conditional_edge_is_written_for_a_caller_not_held_conditional() -> None:
    written, waiting, _ = _repeated().split("r", frozenset({"x"}), frozenset(), asked=True)
    assert [e.source for e in written] == ["allowed", "conditional", "stranger", "settled"]
    assert waiting == {"denied"}


def test_a_whole_build_writes_every_edge_but_the_roles_own() -> None:
    written, waiting, evaluate = _repeated().split("allowed", frozenset(), (), asked=False)
    assert [e.source for e in written] == ["conditional", "denied", "stranger", "settled"]
    assert waiting == set()
    assert evaluate == {HEAD, "waited"}


def test_into_says_whether_a_question_is_asked_by_none_not_by_an_empty_container() -> None:
    """`into(role)` writes every edge (a whole build); `into(role, frozenset())` is a question
    that settled no one yet, and still leaves an alike role's non-reaching callers waiting."""
    snapshot = small_org("diverse", seed=3)
    whole = graph.AccessGraph.from_snapshot(snapshot)
    built: dict[str, AssumeEdges] = {}
    for how in ("whole", "asked"):
        lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
        edges = built[how] = lazy._built.assume_edges(lazy._evaluator, snapshot)
        for role in edges.roles.values():
            edges.into(role) if how == "whole" else edges.into(role, frozenset())
    assert not built["whole"]._waiting
    assert _trust_edges(built["whole"].g) == _trust_edges(whole.graph)
    assert built["asked"]._waiting  # non-reaching callers of repeated roles wait
    assert _trust_edges(built["asked"].g) < _trust_edges(whole.graph)


def test_a_question_writes_no_edge_into_a_first_role_that_no_walk_follows() -> None:
    """A group's first role keeps every caller's edge for its alike roles, but while a question
    is asked, writes only those a walk can follow: no denied edge from the callers of an account
    it admits (those its trust names one by one are evaluated apart); the others wait, and the
    graph completes to the whole one."""
    snapshot = small_org("diverse", seed=3)
    whole = graph.AccessGraph.from_snapshot(snapshot)
    unfollowed: dict[str, int] = {}
    for how in ("whole", "asked"):
        lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
        edges = lazy._built.assume_edges(lazy._evaluator, snapshot)
        for role in edges.roles.values():
            edges.into(role) if how == "whole" else edges.into(role, frozenset())
        heads = {h.head.role.arn: h.head for h in edges._heads.values()}
        apart = {
            arn: {a.node for a in edges.index.individuals(rt.names, rt.role)}
            for arn, rt in heads.items()
        }
        unfollowed[how] = sum(
            1
            for u, v, k, d in edges.g.edges(keys=True, data=True)
            if k == "can_assume" and v in heads and u not in apart[v]
            and d["verdict"] not in ("allowed", "conditional")
        )  # fmt: skip
        assert _trust_edges(lazy.graph) == _trust_edges(whole.graph)
    assert unfollowed["whole"] > 0
    assert unfollowed["asked"] == 0


def _trust_edges(g: nx.MultiDiGraph) -> set[tuple[str, str]]:
    return {(u, v) for u, v, k in g.edges(keys=True) if k == "can_assume"}
