"""The roles of the `can_assume` edges out of each node by verdict, held beside the graph as
the edges are added.

A role has hundreds of access edges and a few dozen assume edges: walks that follow assume
edges read their roles here instead of scanning the node's whole adjacency, already split by
verdict (the first explanation on a large graph walks thousands of roles and
hundreds of thousands of their edges). Only graphs whose every assume edge was noted here
(those the build makes, `track`) have an index; the others are read from their adjacency.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

import networkx as nx

from graph.access.graph_memo import GraphMemo

Out = dict[str, dict[str, object]]
"""Edge data by role, for one source."""


Split = dict[str, Collection[str]]
"""A source's roles by verdict value (their data is in the graph's adjacency, not held twice):
lists while edges are added (a set per source held 6.1M roles in 483 MB in one account of
12,000 principals), one shared frozenset per distinct set once a build is done (`freeze`)."""

Index = dict[str, Split]
"""A graph's assume edges by source."""

_INDEX: GraphMemo[Index]
_INDEX = GraphMemo("index")


def track(g: nx.MultiDiGraph) -> None:
    """Index `g`'s assume edges from now on; `g` must hold none yet."""
    _INDEX[g] = {}


def index_of(g: nx.MultiDiGraph) -> Index | None:
    """`g`'s index (None when `g` has none), fetched once for the many edges `note` records."""
    return _INDEX.get(g)


def note(index: Index, source: str, role: str, data: dict[str, object], replaced: bool) -> None:
    """An assume edge was added (`replaced`: its data replaced) in the graph this index is of;
    a frozen set it changes becomes a list again."""
    split = index.get(source)
    if split is None:
        split = index[source] = {}
    if replaced:
        for old, roles in split.items():
            if role in roles:
                _thawed(split, old).remove(role)
    verdict = verdict_of(data)
    if verdict in split:
        _thawed(split, verdict).append(role)
    else:
        split[verdict] = [role]


def verdict_of(data: dict[str, object]) -> str:
    """An edge's verdict value, as the index splits by it."""
    return str(data.get("verdict"))


def _thawed(split: Split, verdict: str) -> list[str]:
    roles = split[verdict]
    if not isinstance(roles, list):
        roles = split[verdict] = list(roles)
    return roles


def freeze(g: nx.MultiDiGraph) -> None:
    """A build is done: each list of roles becomes a frozenset, one object for equal sets (one
    account of 12,000 principals: 6.1M roles, 3,000 distinct sets of 1.3M, 53 MB)."""
    index = _INDEX.get(g)
    if index is None:
        return
    same: dict[frozenset[str], frozenset[str]] = {}
    for split in index.values():
        for verdict, roles in split.items():
            frozen = frozenset(roles)
            split[verdict] = same.setdefault(frozen, frozen)


def assume_out(g: nx.MultiDiGraph, node: str) -> Out:
    """The node's assume edges: data by role, in the order they were added."""
    return {r: keys["can_assume"] for r, keys in g._succ[node].items() if "can_assume" in keys}


def by_verdict(g: nx.MultiDiGraph, node: str) -> Split:
    """The roles of the node's assume edges by verdict value (not to be changed)."""
    index = _INDEX.get(g)
    if index is None:
        lists: dict[str, list[str]] = {}
        for role, data in assume_out(g, node).items():
            lists.setdefault(verdict_of(data), []).append(role)
        return dict(lists)
    return index.get(node) or {}


def every_source(g: nx.MultiDiGraph) -> Iterator[tuple[str, Split]]:
    """(source, its roles by verdict value) for every node with assume edges (not to be
    changed): from the index when `g` has one, without reading the other edges of the graph
    (a role's access edges outnumber its assume edges), else from the adjacency."""
    index = _INDEX.get(g)
    if index is not None:
        yield from index.items()
        return
    for source, targets in g._succ.items():
        if any("can_assume" in keys for keys in targets.values()):
            yield source, by_verdict(g, source)
