"""Edges that share one attribute dict (`shared_edges`): a graph that behaves as networkx's."""

from __future__ import annotations

import networkx as nx

from graph.access.shared_edges import AccessMultiGraph, add_shared_edge


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


def test_pairs_with_the_same_records_share_one_dict_of_keys() -> None:
    g = AccessMultiGraph()
    read: dict[str, object] = {"verdict": "allowed"}
    publish: dict[str, object] = {"verdict": "conditional"}
    for repo in ("repo-a", "repo-b"):
        add_shared_edge(g, "user", repo, "access:read", read)
        add_shared_edge(g, "user", repo, "access:publish", publish)
    add_shared_edge(g, "user", "repo-c", "access:publish", publish)
    add_shared_edge(g, "user", "repo-c", "access:read", read)
    assert g["user"]["repo-a"]._atlas is g["user"]["repo-b"]._atlas
    assert g._pred["repo-a"]["user"] is g._succ["user"]["repo-a"]
    assert list(g["user"]["repo-c"]) == ["access:publish", "access:read"]  # as added
    assert g.number_of_edges() == 6


def test_networkx_changes_to_one_pair_leave_the_pairs_it_shared_with_alone() -> None:
    g = AccessMultiGraph()
    read: dict[str, object] = {"verdict": "allowed"}
    for repo in ("repo-a", "repo-b", "repo-c"):
        add_shared_edge(g, "user", repo, "access:read", read)
    g.add_edge("user", "repo-a", key="escalate:x", verdict="conditional")
    g.remove_edge("user", "repo-b", key="access:read")
    add_shared_edge(g, "user", "repo-c", "access:read", {"verdict": "denied"})
    assert set(g["user"]["repo-a"]) == {"access:read", "escalate:x"}
    assert not g.has_edge("user", "repo-b")
    assert g.edges["user", "repo-c", "access:read"]["verdict"] == "denied"
    assert read == {"verdict": "allowed"}
    add_shared_edge(g, "user", "repo-d", "access:read", read)
    assert list(g["user"]["repo-d"]) == ["access:read"]
    copy = g.copy()
    copy.add_edge("user", "repo-d", key="escalate:y")
    assert list(g["user"]["repo-d"]) == ["access:read"]


def test_add_edge_updating_one_edge_leaves_the_edges_sharing_its_dict_alone() -> None:
    g = AccessMultiGraph()
    read: dict[str, object] = {"verdict": "allowed"}
    add_shared_edge(g, "user", "repo-a", "access:read", read)
    add_shared_edge(g, "other", "repo-b", "access:read", read)
    g.add_edge("user", "repo-a", key="access:read", verdict="denied")
    assert g.edges["user", "repo-a", "access:read"]["verdict"] == "denied"
    assert g.edges["other", "repo-b", "access:read"]["verdict"] == "allowed"
    assert read == {"verdict": "allowed"}
