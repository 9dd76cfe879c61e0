"""Edges whose attribute dict is shared with other edges of the same evidence.

A large organisation has hundreds of thousands of `can_assume` and `access` edges but only
thousands of distinct evidence records; networkx's `add_edge` copies the attributes into a new
dict per edge. Sharing one dict per record keeps the build fast and its memory small. The graph's
attribute dicts are therefore read-only (docs/graph-schema.md): copy before changing one.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graph.access.assume_index import index_of, note


def add_shared_edge(
    g: nx.MultiDiGraph, source: str, target: str, key: str, data: dict[str, object]
) -> None:
    """Add the edge `source → target` under `key` with `data` itself as its attributes.

    An edge already under that key is merged as `add_edge` does (the dict is then its own).
    """
    add_shared_edges(g, target, key, ((source, data),))


def add_shared_edges(
    g: nx.MultiDiGraph, target: str, key: str, edges: Iterable[tuple[str, dict[str, object]]]
) -> None:
    """`add_shared_edge` for many (source, data) into one target: the lookups done once.
    networkx's cached views are cleared once after, as `add_edge` does for each."""
    succ, pred = g._succ, g._pred
    if target not in succ:
        g.add_node(target)
    into = pred[target]
    index = index_of(g) if key == "can_assume" else None  # assume edges are indexed too
    for source, data in edges:
        keydict = into.get(source)
        if keydict is None:
            if source not in succ:
                g.add_node(source)
            keydict = g.edge_key_dict_factory()
            succ[source][target] = keydict
            into[source] = keydict
        elif key in keydict:
            g.add_edge(source, target, key=key, **data)
            if index is not None:
                note(index, source, target, keydict[key])
            continue
        keydict[key] = data
        if index is not None:
            note(index, source, target, data)
    nx._clear_cache(g)
