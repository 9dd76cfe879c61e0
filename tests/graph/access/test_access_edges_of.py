"""`access_edges_of` reads a `role/*` holder's access edges by looking its domains and
repositories up, not by scanning its thousands of roles: the same edges as the scan, and the
same reach and depth profiles."""

from __future__ import annotations

import networkx as nx
import pytest

import graph
from graph.access import hops, queries
from graph.access.depth_profile import depth_profile


def _scanned(g: nx.MultiDiGraph, actor: str) -> list[tuple[str, dict[str, object]]]:
    return [
        (resource, data)
        for resource, keys in g._succ[actor].items()
        for data in keys.values()
        if data.get("kind") == "access"
    ]


@pytest.fixture
def account(role_star_account: graph.AccessGraph) -> graph.AccessGraph:
    return role_star_account


def test_the_same_edges_as_a_scan_of_the_adjacency(account: graph.AccessGraph) -> None:
    g = account.graph
    resources = hops.resource_nodes(g)
    looked_up = 0
    for node in g.nodes:
        adjacency = g._succ[node]
        if len(adjacency) > 64 and len(adjacency) > 2 * len(resources):
            looked_up += 1
        found = hops.access_edges_of(g, node)
        assert sorted(found, key=repr) == sorted(_scanned(g, node), key=repr), node
        # a resource's edges keep their keys' order
        for resource in {r for r, _ in found}:
            mine = [d for r, d in found if r == resource]
            assert mine == [d for r, d in _scanned(g, node) if r == resource]
    assert looked_up >= 5  # the lookup, not only the scan, was exercised


def test_reach_and_profiles_as_with_the_scan(
    account: graph.AccessGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    principals = [p.arn for p in (*account.snapshot.users(), *account.snapshot.roles())]
    wanted = principals[:25] + principals[-25:]
    found = {p: account.reachable(p) for p in wanted}
    profiles = {p: depth_profile(account.graph, p) for p in wanted if ":role/" in p}
    monkeypatch.setattr(queries, "access_edges_of", _scanned)
    monkeypatch.setattr("graph.access.depth_profile.access_edges_of", _scanned)
    assert {p: account.reachable(p) for p in wanted} == found
    assert {p: depth_profile(account.graph, p) for p in profiles} == profiles


def test_resource_nodes_are_read_again_when_nodes_come() -> None:
    g = nx.MultiDiGraph()
    g.add_node("d", kind="domain")
    assert hops.resource_nodes(g) == ("d",)
    g.add_node("r", kind="repository")
    g.add_node("u", kind="user")
    assert hops.resource_nodes(g) == ("d", "r")
