"""Edges that share one attribute dict (`shared_edges`): a graph that behaves as networkx's."""

from __future__ import annotations

import networkx as nx

from graph.access.shared_edges import add_shared_edge


def test_shared_edges_read_as_added_edges_and_copies_are_independent() -> None:
    g = nx.MultiDiGraph()
    evidence: dict[str, object] = {"kind": "access", "verdict": "allowed"}
    add_shared_edge(g, "user", "repo-a", "access:read", evidence)
    add_shared_edge(g, "user", "repo-b", "access:read", evidence)
    assert sorted(g.successors("user")) == ["repo-a", "repo-b"]
    assert list(g.predecessors("repo-a")) == ["user"]
    assert g.edges["user", "repo-a", "access:read"] == evidence
    assert g.number_of_edges() == 2
    copy = g.copy()
    copy.edges["user", "repo-a", "access:read"]["verdict"] = "denied"
    assert g.edges["user", "repo-b", "access:read"]["verdict"] == "allowed"
    assert copy.edges["user", "repo-b", "access:read"]["verdict"] == "allowed"


def test_an_edge_already_under_the_key_is_merged_as_add_edge_does() -> None:
    g = nx.MultiDiGraph()
    g.add_edge("user", "repo", key="access:read", verdict="denied", reason="explicit_deny")
    shared: dict[str, object] = {"verdict": "allowed"}
    add_shared_edge(g, "user", "repo", "access:read", shared)
    data = g.edges["user", "repo", "access:read"]
    assert data == {"verdict": "allowed", "reason": "explicit_deny"}
    assert data is not shared
    assert shared == {"verdict": "allowed"}


def test_a_second_key_between_the_same_nodes_keeps_the_first() -> None:
    g = nx.MultiDiGraph()
    add_shared_edge(g, "user", "repo", "access:read", {"verdict": "allowed"})
    add_shared_edge(g, "user", "repo", "access:publish", {"verdict": "conditional"})
    assert set(g["user"]["repo"]) == {"access:read", "access:publish"}
