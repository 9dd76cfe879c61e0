"""The `can_assume` edges out of each node, held beside the graph as they are added.

A role has hundreds of access edges and a few dozen assume edges: walks that follow assume
edges read them here instead of scanning the node's whole adjacency, with the roles already
split by verdict (the first explanation on a large graph walks thousands of roles and
hundreds of thousands of their edges). Only graphs whose every assume edge was noted here
(those the build makes, `track`) have an index; the others are read from their adjacency.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx

from graph.access.graph_memo import GraphMemo

Out = dict[str, dict[str, object]]
"""Edge data by role, for one source."""


@dataclass
class _Edges:
    data: Out = field(default_factory=dict)
    """By role, in the order the edges were added."""
    by_verdict: dict[str, set[str]] = field(default_factory=dict)


Index = dict[str, _Edges]
"""A graph's assume edges by source."""

_INDEX: GraphMemo[Index]
_INDEX = GraphMemo("index")


def track(g: nx.MultiDiGraph) -> None:
    """Index `g`'s assume edges from now on; `g` must hold none yet."""
    _INDEX[g] = {}


def index_of(g: nx.MultiDiGraph) -> Index | None:
    """`g`'s index (None when `g` has none), fetched once for the many edges `note` records."""
    return _INDEX.get(g)


def note(index: Index, source: str, role: str, data: dict[str, object]) -> None:
    """An assume edge was added (or its data replaced) in the graph this index is of."""
    edges = index.get(source)
    if edges is None:
        edges = index[source] = _Edges()
    if role in edges.data:
        for roles in edges.by_verdict.values():
            roles.discard(role)
    edges.data[role] = data
    verdict = str(data.get("verdict"))
    same = edges.by_verdict.get(verdict)
    if same is None:
        same = edges.by_verdict[verdict] = set()
    same.add(role)


def assume_out(g: nx.MultiDiGraph, node: str) -> Out:
    """The node's assume edges: data by role, from the index when `g` has one (not to be
    changed), else read from the node's adjacency."""
    index = _INDEX.get(g)
    if index is None:
        return {r: keys["can_assume"] for r, keys in g._succ[node].items() if "can_assume" in keys}
    found = index.get(node)
    return {} if found is None else found.data


def by_verdict(g: nx.MultiDiGraph, node: str) -> dict[str, set[str]]:
    """The roles of the node's assume edges by verdict value (not to be changed)."""
    index = _INDEX.get(g)
    if index is None:
        split: dict[str, set[str]] = {}
        for role, data in assume_out(g, node).items():
            split.setdefault(str(data.get("verdict")), set()).add(role)
        return split
    found = index.get(node)
    return {} if found is None else found.by_verdict


def every_source(g: nx.MultiDiGraph) -> Iterator[tuple[str, dict[str, set[str]]]]:
    """(source, its roles by verdict value) for every node with assume edges (not to be
    changed): from the index when `g` has one, without reading the other edges of the graph
    (a role's access edges outnumber its assume edges), else from the adjacency."""
    index = _INDEX.get(g)
    if index is not None:
        for source, edges in index.items():
            yield source, edges.by_verdict
        return
    for source, targets in g._succ.items():
        if any("can_assume" in keys for keys in targets.values()):
            yield source, by_verdict(g, source)
