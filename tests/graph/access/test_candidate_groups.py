"""A single question walks out of each role its principal can become: alike roles are passed
by group when their answer is not good enough, and past the start only the edges a walk follows
are written (issue #10: one `cax can` on one account of 12,000 principals)."""

from __future__ import annotations

import pytest

import graph
from graph.access.assume import AssumeEdges
from graph.access.verdicts import Verdict
from graph.synthetic import generate


def _one_account(seed: int) -> graph.Snapshot:
    return generate(
        accounts=1, users=30, roles=150, groups=6, policies=40, domains=1, repositories=4,
        profile="diverse", seed=seed,
    )  # fmt: skip


def _edges(access: graph.AccessGraph) -> AssumeEdges:
    return access._built.assume_edges(access._evaluator, access.snapshot)


@pytest.mark.parametrize("seed", [1, 4])
def test_a_question_writes_past_its_start_only_edges_its_walks_follow(seed: int) -> None:
    snapshot = _one_account(seed)
    whole = graph.AccessGraph.from_snapshot(snapshot)
    repository = next(snapshot.repositories()).arn
    principals = [u.arn for u in snapshot.users()] + [r.arn for r in snapshot.roles()][::5]
    denied_past_start = 0
    for principal in principals:
        lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
        assert repr(lazy.explain(principal, "read", repository, prove=False)) == repr(
            whole.explain(principal, "read", repository, prove=False)
        ), principal
        assert lazy.reachable(principal) == whole.reachable(principal), principal
        for source, _, key, data in lazy.partial_graph.edges(keys=True, data=True):
            if key == "can_assume" and source != principal:
                denied_past_start += data["verdict"] == Verdict.DENIED.value
    assert denied_past_start == 0


def test_actors_with_the_same_candidates_and_patterns_share_groups() -> None:
    snapshot = _one_account(1)
    lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
    edges = _edges(lazy)
    shared: dict[object, list[object]] = {}
    for node, actor in lazy._built.actors.items():
        _, groups = edges._groups.of(actor)
        admitted = edges.candidates.admitted(actor)
        grouped = [arn for _, arns, _ in groups for arn in arns]
        readable = [a for a in admitted if edges.trust(edges.roles[a]) is not None]
        assert sorted(grouped) == sorted(readable), node  # every readable candidate, once
        for key, arns, members in groups:  # a group's roles give the actor one key
            assert members == frozenset(arns)
            assert {edges._groups.key(actor, edges.trust(edges.roles[a])) for a in arns} == {key}
        memo = (admitted, edges._answers.patterns(node, actor)[1])
        shared.setdefault(memo, []).append(groups)
    assert any(len(lists) > 1 for lists in shared.values())
    assert all(all(g is lists[0] for g in lists) for lists in shared.values())
