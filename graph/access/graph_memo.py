"""Memos kept per access graph on the graph object itself.

They die with the graph, as they would in a `weakref.WeakKeyDictionary`, whose every lookup
makes a weak reference: a cost that showed in profiles where a lookup is made per edge (the
build's assume-edge index) or per node of a walk."""

from __future__ import annotations

from typing import Generic, TypeVar, cast

import networkx as nx

V = TypeVar("V")


class GraphMemo(Generic[V]):
    """One value per graph, under an attribute of the graph named after the memo."""

    def __init__(self, name: str) -> None:
        self._name = f"_cax_{name}"

    def get(self, g: nx.MultiDiGraph) -> V | None:
        return cast("V | None", g.__dict__.get(self._name))

    def __getitem__(self, g: nx.MultiDiGraph) -> V:
        return cast("V", g.__dict__[self._name])

    def setdefault(self, g: nx.MultiDiGraph, value: V) -> V:
        return cast("V", g.__dict__.setdefault(self._name, value))

    def __setitem__(self, g: nx.MultiDiGraph, value: V) -> None:
        g.__dict__[self._name] = value

    def pop(self, g: nx.MultiDiGraph, default: V | None = None) -> V | None:
        return cast("V | None", g.__dict__.pop(self._name, default))
