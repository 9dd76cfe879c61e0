"""Edges whose attribute dict, and whose dict of keys, are shared with other edges.

A large organisation has hundreds of thousands of `can_assume` and `access` edges but only
thousands of distinct evidence records; networkx's `add_edge` copies the attributes into a new
dict per edge. Sharing one dict per record keeps the build fast and its memory small. The graph's
attribute dicts are therefore read-only (docs/graph-schema.md): copy before changing one.

On an `AccessMultiGraph` (the build's), the dict of keys between two nodes is shared too: every
pair whose edges are the same records under the same keys holds one `SharedKeys` (diverse 12k:
1.4 million pairs, a fifth as many distinct ones, 184 bytes each saved). The graph's own
`add_edge` and `remove_edge` give a pair, and an edge they update, dicts of their own first.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from graph.access.assume_index import index_of, note
from graph.access.graph_memo import GraphMemo

Data = dict[str, object]

_INTERNED: GraphMemo[dict[object, SharedKeys]]
_INTERNED = GraphMemo("keys")


class SharedKeys(dict[str, Data]):
    """The edges between two nodes by key, held by every pair with the same ones: never
    changed in place."""

    __slots__ = ()


class AccessMultiGraph(nx.MultiDiGraph):  # type: ignore[misc]  # networkx is untyped
    """A MultiDiGraph whose pairs may share their dict of keys (`SharedKeys`): networkx's
    methods that change one pair's edges change a copy of it."""

    def add_edge(self, u_for_edge: Any, v_for_edge: Any, key: Any = None, **attr: Any) -> Any:
        keys = _own(self, u_for_edge, v_for_edge)
        if keys is not None and key in keys:  # networkx updates the edge's dict in place
            keys[key] = dict(keys[key])
        return super().add_edge(u_for_edge, v_for_edge, key, **attr)

    def remove_edge(self, u: Any, v: Any, key: Hashable | None = None) -> None:
        _own(self, u, v)
        super().remove_edge(u, v, key)


def _own(g: nx.MultiDiGraph, source: object, target: object) -> dict[str, Data] | None:
    """The pair's dict of keys, made its own first when it is shared."""
    keys: dict[str, Data] | None = g._succ.get(source, {}).get(target)
    if type(keys) is SharedKeys:
        keys = g._succ[source][target] = g._pred[target][source] = dict(keys)
    return keys


def _table(g: nx.MultiDiGraph) -> dict[object, SharedKeys]:
    """The graph's interned dicts of keys, by their records: `(key, id(data))` for one edge,
    a tuple of those for more (the dicts stay alive in the values, so their ids stay theirs)."""
    table = _INTERNED.get(g)
    return table if table is not None else _INTERNED.setdefault(g, {})


def _interned(table: dict[object, SharedKeys], items: tuple[tuple[str, Data], ...]) -> SharedKeys:
    memo = tuple((key, id(data)) for key, data in items)
    found = table.get(memo)
    if found is None:
        found = table[memo] = SharedKeys(items)
    return found


def add_shared_edge(g: nx.MultiDiGraph, source: str, target: str, key: str, data: Data) -> None:
    """Add the edge `source → target` under `key` with `data` itself as its attributes.

    An edge already under that key is merged as `add_edge` does, into a dict of its own.
    """
    _add(g, key, ((source, target, data),))


def add_shared_edges(
    g: nx.MultiDiGraph, target: str, key: str, edges: Iterable[tuple[str, Data]]
) -> None:
    """`add_shared_edge` for many (source, data) into one target."""
    _add(g, key, ((source, target, data) for source, data in edges))


def add_shared_edges_out(
    g: nx.MultiDiGraph, source: str, key: str, edges: Iterable[tuple[str, Data]]
) -> None:
    """`add_shared_edge` for many (target, data) out of one source."""
    _add(g, key, ((source, target, data) for target, data in edges))


def _add(g: nx.MultiDiGraph, key: str, edges: Iterable[tuple[str, str, Data]]) -> None:
    """The edges under one key, with what does not change between them looked up once.
    networkx's cached views are cleared once after, as `add_edge` does for each."""
    succ, pred, nodes = g._succ, g._pred, g._node
    index = index_of(g) if key == "can_assume" else None  # assume edges are indexed too
    table = _table(g) if isinstance(g, AccessMultiGraph) else None
    for source, target, data in edges:
        if target not in nodes:
            g.add_node(target)
        into = pred[target]
        keys = into.get(source)
        replaced = False
        if keys is None:
            if source not in nodes:
                g.add_node(source)
            if table is None:
                keys = g.edge_key_dict_factory()
                keys[key] = data
            else:  # the pair's only edge: interned by (key, id(data)) itself
                keys = table.get((key, id(data)))
                if keys is None:
                    keys = table[key, id(data)] = SharedKeys(((key, data),))
            succ[source][target] = into[source] = keys
        elif key in keys:
            keys = _own(g, source, target)
            assert keys is not None
            data = keys[key] = {**keys[key], **data}
            replaced = True
        elif type(keys) is SharedKeys:
            assert table is not None  # only the graph's own add makes them
            keys = _interned(table, (*keys.items(), (key, data)))
            succ[source][target] = into[source] = keys
        else:
            keys[key] = data
        if index is not None:
            note(index, source, target, data, replaced)
    nx._clear_cache(g)
