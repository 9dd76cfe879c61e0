"""Trust edges taken from another snapshot's graph where they cannot differ (a diff's new
graph borrows the old one's: `AssumeEdges.lend`)."""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass

import networkx as nx

from graph.access.actors import Actor


@dataclass(frozen=True)
class Lender:
    """The lending graph, what it has done (read when a role is borrowed, not copied), and
    the principals and roles whose edges may differ (`changed`)."""

    g: nx.MultiDiGraph
    actors: Mapping[str, Actor]
    done: Container[str]
    """Roles every edge into which the lender has."""
    waiting: Mapping[str, set[str]]
    """Per role, the callers whose edges into it the lender left waiting."""
    changed: frozenset[str]

    def lends(self, role: str) -> bool:
        """The lender has the role's edges (some may wait) and the role did not change."""
        return role not in self.changed and (role in self.done or role in self.waiting)

    def left(self, role: str) -> set[str]:
        """The callers whose edges into the role the lender left waiting."""
        return self.waiting.get(role, set())

    def edges(
        self, role: str, g: nx.MultiDiGraph, actors: Mapping[str, Actor]
    ) -> list[tuple[str, dict[str, object]]]:
        """The lender's `can_assume` edges into the role from callers that did not change:
        those of `actors`, and those outside both snapshots (their nodes added to `g`)."""
        edges = []
        for source, keys in self.g._pred.get(role, {}).items():
            data = keys.get("can_assume")
            if data is None or source in self.changed:
                continue
            if source not in actors:  # a caller outside the snapshot: the same there
                if source in self.actors or source not in self.g._node:
                    continue
                if source not in g._node:
                    g.add_node(source, **self.g._node[source])
            edges.append((source, data))
        return edges
