"""`diff_snapshots` (issue #13): it evaluates only what the changes touch, yet finds exactly the
verdicts that a comparison of every principal × capability × resource on two whole graphs finds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import graph
from graph.access import Verdict, access_graph, build
from graph.diff import SnapshotDiff, diff_snapshots
from graph.snapshot import Snapshot
from tests.graph.snapshot_edits import (
    CHANGES,
    PUBLISH_ONLY,
    SEED_PUBLISH,
    Key,
    accounts,
    brute,
    changed_pair,
    expected,
    first_repository_allows,
    scp_denies_publish,
    small,
)
from tests.spies import results_of


def _found(old: Snapshot, new: Snapshot) -> dict[Key, tuple[Verdict, Verdict]]:
    return _moved(diff_snapshots(old, new))


def _moved(diff: SnapshotDiff) -> dict[Key, tuple[Verdict, Verdict]]:
    """The diff's moved verdicts, by (principal, capability, resource)."""
    return {(v.principal, v.capability, v.resource): (v.before, v.after) for v in diff.verdicts}


@pytest.mark.parametrize("profile", ["stamped", "diverse"])
@pytest.mark.parametrize("name", sorted(CHANGES))
def test_diff_finds_what_two_whole_graphs_find(profile: str, name: str) -> None:
    moved = expected(profile, name)
    assert _found(*changed_pair(profile, name)) == moved
    # each change moves something (tags and boundaries only where the profile reads them,
    # upstreams only where not everyone reads every repository)
    assert moved or (
        profile == "stamped" and name in {"teams moved, boundaries removed", "upstream added"}
    )


@pytest.mark.parametrize("name", ["users left groups", "teams moved, boundaries removed"])
def test_the_new_snapshot_takes_the_old_ones_trust_edges_where_nothing_moved(name: str) -> None:
    """Trust edges into a role whose way in, and whose callers, no change touches are taken
    from the old snapshot's graph (only the changed callers are evaluated): same verdicts."""
    old, new = changed_pair("diverse", name)
    diff = diff_snapshots(old, new)
    edges = diff.new._built.assume_edges(diff.new._evaluator, diff.new.snapshot)
    assert edges.borrowed > 0
    assert _found(old, new) == expected("diverse", name)
    # completed, the new graph has the very edges a build of the new snapshot makes
    assert _edges(diff.new.graph) == _edges(graph.AccessGraph.from_snapshot(new).graph)


@pytest.mark.parametrize("name", ["trust narrowed", "roles' inline policies trimmed"])
def test_the_new_graph_shares_the_old_ones_decisions(name: str) -> None:
    """The new snapshot's evaluator takes every decision the old one made where the policies
    read alike (`Evaluator.fork`): it evaluates little of its own, and finds the same."""
    old, new = changed_pair("diverse", name)
    diff = diff_snapshots(old, new)
    assert diff.old.evaluations > 100
    assert diff.new.evaluations * 10 < diff.old.evaluations
    assert _found(old, new) == expected("diverse", name)


def test_borrowed_trust_edges_of_callers_outside_the_snapshot() -> None:
    """The demo's roles trust other accounts and services: their edges are borrowed too."""
    old = graph.demo_snapshot()
    new = graph.load_snapshot(Path(graph.__file__).parent / "demo" / "acme-org-changed.json")
    diff = diff_snapshots(old, new)
    outside = {u for u, _, k in diff.new.partial_graph.edges(keys=True) if k == "can_assume"} - {
        p.arn for p in (*new.users(), *new.roles())
    }
    assert outside  # callers outside the snapshot
    assert diff.new._built.assume_edges(diff.new._evaluator, new).borrowed > 0
    whole = graph.AccessGraph.from_snapshot(new).graph
    assert _edges(diff.new.graph) == _edges(whole)
    assert sorted(diff.new.graph.nodes(data=True)) == sorted(whole.nodes(data=True))


def _edges(g: Any) -> list[tuple[object, ...]]:
    return sorted((u, v, k, sorted(d.items())) for u, v, k, d in g.edges(keys=True, data=True))


def test_an_scp_change_asks_everything_again() -> None:
    old = small("diverse", seed=4)
    if old.org is None or not old.org.policies:
        pytest.skip("this organisation has no SCP")
    new = scp_denies_publish(old)
    assert _found(old, new) == brute(old, new)


def test_who_can_is_asked_only_where_direct_access_moved(monkeypatch: pytest.MonkeyPatch) -> None:
    """A repository policy that lets everyone publish packages: who-can is asked on that
    repository for publish only (who reads or administers it without a role is the same in
    both snapshots: the statement allows no step of theirs)."""
    old = small("diverse", seed=SEED_PUBLISH)
    statement = {**PUBLISH_ONLY, "Action": PUBLISH_ONLY["Action"][1:]}  # not the endpoint
    new = accounts(old, lambda a: first_repository_allows(a, statement))
    asked: list[tuple[str, str]] = []
    who_can = graph.AccessGraph.who_can_answers

    def spy(self: graph.AccessGraph, resource: str, capability: str) -> object:
        asked.append((capability, resource))
        return who_can(self, resource, capability)

    monkeypatch.setattr(graph.AccessGraph, "who_can_answers", spy)
    found = _found(old, new)
    monkeypatch.undo()
    assert found == brute(old, new) and found
    widened = next(a.repositories[0].arn for a in old.accounts if a.repositories)
    assert asked == [("publish", widened)] * 2  # once in each snapshot


def test_an_unchanged_pair_reports_nothing() -> None:
    demo = graph.demo_snapshot()
    diff = diff_snapshots(demo, graph.demo_snapshot())
    assert diff.unchanged and not diff.changes and not diff.verdicts and not diff.appeared


def test_the_demo_pair_gains_publish_and_loses_the_release_chain() -> None:
    old = graph.demo_snapshot()
    new = graph.load_snapshot(Path(graph.__file__).parent / "demo" / "acme-org-changed.json")
    diff = diff_snapshots(old, new)
    assert _found(old, new) == brute(old, new)
    kinds = {c.kind for c in diff.changes}
    assert kinds == {"identity_policy", "repository_policy"}
    lost = [v for v in diff.verdicts if v.kind == "lost"]
    assert {v.principal.rsplit("/", 1)[-1] for v in lost} == {"sofia.rossi"}
    for verdict in diff.verdicts:
        (cause,) = verdict.causes  # each moved verdict has one cause, the right one
        expected = "identity_policy" if verdict.kind == "lost" else "repository_policy"
        assert diff.changes[cause].kind == expected
    assert diff.widened and diff.narrowed


@pytest.mark.parametrize("profile", ["stamped", "diverse"])
@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_whole_graph_at_hand_gives_the_same_diff(profile: str, name: str) -> None:
    """The TUI's what-if passes its built graph: the copy reuses its actors and compiles."""
    old, new = changed_pair(profile, name)
    whole = graph.AccessGraph.from_snapshot(old)
    diff = diff_snapshots(old, new, graph=whole)
    found = _moved(diff)
    assert found == expected(profile, name)
    assert diff.old is whole


@pytest.mark.parametrize("profile", ["stamped", "diverse"])
@pytest.mark.parametrize("name", sorted(CHANGES))
def test_whole_graphs_take_the_old_ones_access_edges(
    profile: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the diff builds both graphs whole, the new one takes the old one's access edges
    between actors and resources that did not change (`lent_access`) and its trust edges where
    nothing moved: the very edges of a build of the new snapshot, and the same verdicts as two
    whole graphs."""
    monkeypatch.setattr(access_graph, "WHOLE_AFTER", 0)
    lent = results_of(monkeypatch, build, "lend_access")
    old, new = changed_pair(profile, name)
    diff = diff_snapshots(old, new)
    found = _moved(diff)
    assert found == expected(profile, name)
    fresh = graph.AccessGraph.from_snapshot(diff.new.snapshot).graph
    assert _edges(diff.new.graph) == _edges(fresh)  # trust edges borrowed, access edges lent
    assert all(x is not None for x in lent)  # the organisation and its accounts are the same
    assert lent or name not in {"repository policies widened", "managed policy edited"}
