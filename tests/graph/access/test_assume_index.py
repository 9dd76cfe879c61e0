"""The assume index (`assume_index`) holds exactly the graph's `can_assume` edges, split by
verdict, however they were added: the whole build, a lazy graph's chains, a replaced edge."""

from __future__ import annotations

import networkx as nx

import graph
from graph.access.assume_index import (
    Split,
    assume_out,
    by_verdict,
    every_source,
    index_of,
    note,
    track,
)
from graph.access.capabilities import Capability
from graph.access.prefixes import reaching_roles
from graph.access.shared_edges import add_shared_edge
from graph.access.walks import assume_into
from graph.synthetic import generate


def _scanned(g: nx.MultiDiGraph) -> dict[str, dict[str, dict[str, object]]]:
    found: dict[str, dict[str, dict[str, object]]] = {}
    for source, role, key, data in g.edges(keys=True, data=True):
        if key == "can_assume":
            found.setdefault(source, {})[role] = data
    return found


def _agrees(g: nx.MultiDiGraph) -> None:
    scanned = _scanned(g)
    for node in g.nodes:
        edges = scanned.get(node, {})
        assert assume_out(g, node) == edges
        assert list(assume_out(g, node)) == list(edges)  # in the adjacency's order
        split: dict[str, set[str]] = {}
        for role, data in edges.items():
            split.setdefault(str(data["verdict"]), set()).add(role)
        assert {v: set(r) for v, r in by_verdict(g, node).items() if r} == split


def _sets(split: Split) -> dict[str, set[str]]:
    return {verdict: set(roles) for verdict, roles in split.items()}


def test_the_index_holds_every_assume_edge_of_a_build() -> None:
    snapshot = generate(accounts=2, users=40, roles=120, groups=8, policies=40, profile="diverse")
    access = graph.AccessGraph.from_snapshot(snapshot)
    assert any(assume_out(access.graph, n) for n in access.graph.nodes)
    _agrees(access.graph)


def test_a_done_build_holds_one_frozenset_per_distinct_set_of_roles() -> None:
    snapshot = generate(accounts=1, users=40, roles=160, groups=8, policies=40, profile="diverse")
    g = graph.AccessGraph.from_snapshot(snapshot).graph
    index = index_of(g)
    assert index is not None
    held = [roles for split in index.values() for roles in split.values()]
    assert all(type(roles) is frozenset for roles in held)
    assert len({id(r) for r in held}) == len(set(held)) < len(held)  # equal sets shared
    source, split = next(iter(index.items()))
    verdict, roles = next(iter(split.items()))
    shared = [s for s in index.values() if s is not split and s.get(verdict) is roles]
    role = next(iter(roles))
    add_shared_edge(g, source, role, "can_assume", {"verdict": "marked"})  # replaces its data
    assert role in by_verdict(g, source)["marked"] and role not in by_verdict(g, source)[verdict]
    assert all(role in s[verdict] for s in shared)  # the shared set itself is not changed
    _agrees(g)


def test_a_walk_reads_a_done_builds_sets_of_roles_themselves() -> None:
    """A node whose assume edges all have one verdict walks the index's own set of roles
    (no copy per node), and equal sets are one object (`RoleSets.one`)."""
    snapshot = generate(accounts=1, users=40, roles=160, groups=8, policies=40, profile="diverse")
    g = graph.AccessGraph.from_snapshot(snapshot).graph
    index = index_of(g)
    assert index is not None
    single = [(n, s) for n, s in index.items() if len([r for r in s.values() if r]) == 1]
    assert single
    for node, split in single:
        (roles,) = (r for r in split.values() if r)
        for limit in range(2):
            within = reaching_roles(g, node, limit)
            assert within == roles or within == frozenset()
            if within:
                shared = [reaching_roles(g, n, limit) for n, _ in single]
                assert all(w is within for w in shared if w == within)
    held = {id(r) for _, s in single for r in s.values()}
    assert any(id(reaching_roles(g, n, 1)) in held for n, _ in single)  # not copies


def test_the_index_follows_a_lazy_graph_as_questions_add_edges() -> None:
    snapshot = graph.demo_snapshot()
    access = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
    repo = next(snapshot.repositories()).arn
    for user in list(snapshot.users())[:4]:
        access.explain(user.arn, Capability.READ, repo)
        _agrees(access.partial_graph)
    _agrees(access.graph)  # completed


def test_a_replaced_edge_moves_to_its_new_verdict() -> None:
    g = nx.MultiDiGraph()
    track(g)
    add_shared_edge(g, "a", "r", "can_assume", {"verdict": "conditional"})
    add_shared_edge(g, "a", "r", "can_assume", {"verdict": "allowed"})
    assert _sets(by_verdict(g, "a")) == {"conditional": set(), "allowed": {"r"}}
    assert assume_out(g, "a") == {"r": {"verdict": "allowed"}}
    index = index_of(g)
    assert index is not None
    note(index, "a", "q", {"verdict": "denied"}, replaced=False)
    note(index, "a", "q", {"verdict": "allowed"}, replaced=True)
    assert _sets(by_verdict(g, "a")) == {
        "conditional": set(),
        "allowed": {"r", "q"},
        "denied": set(),
    }


def test_an_untracked_graph_is_read_from_its_adjacency() -> None:
    g = nx.MultiDiGraph()
    g.add_edge("a", "r", key="can_assume", verdict="denied")
    g.add_edge("a", "repo", key="access:read", verdict="allowed")
    assert assume_out(g, "a") == {"r": {"verdict": "denied"}}
    assert _sets(by_verdict(g, "a")) == {"denied": {"r"}}


def test_the_walks_read_the_same_callers_from_the_index_as_from_the_adjacency() -> None:
    snapshot = generate(accounts=2, users=40, roles=120, groups=8, policies=40, profile="diverse")
    g = graph.AccessGraph.from_snapshot(snapshot).graph
    untracked = nx.MultiDiGraph(g)  # a copy: no index, read from its adjacency
    indexed, scanned = assume_into(g), assume_into(untracked)
    assert indexed and set(indexed) == set(scanned)
    for role, callers in indexed.items():
        assert callers.ordered == scanned[role].ordered
        assert callers.members == scanned[role].members
    assert dict(every_source(g)).keys() == dict(every_source(untracked)).keys()
