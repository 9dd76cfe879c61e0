"""A changed copy's access edges taken from its original's whole graph where they cannot
differ: an access edge reads only its actor (identity policies, boundary, SCPs, tags) and its
domain or repository (the policies in play, tags, RCPs). Where both are the very objects of the
original (`AccessGraph.changed` shares them), the edge is the original's; only the others are
evaluated (a diff that builds both graphs whole evaluates only what changed)."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from graph.access.actors import Actor
from graph.access.shared_edges import add_shared_edges
from graph.access.targets import Target
from graph.model import Repository
from graph.snapshot import Snapshot


def lend_access(
    g: nx.MultiDiGraph,
    actors: Mapping[str, Actor],
    targets: Mapping[str, Target],
    snapshot: Snapshot,
    original: tuple[Snapshot, nx.MultiDiGraph, Mapping[str, Actor]],
) -> tuple[list[Actor], list[Target]] | None:
    """Add to `g` the original's access edges between actors and resources both snapshots
    share; returns the actors and the resources whose edges are still to evaluate, or None
    (nothing taken) when the organisation or the accounts differ."""
    before, old, old_actors = original
    if before.organization is not snapshot.organization:
        return None
    if {a.id for a in before.accounts} != {a.id for a in snapshot.accounts}:
        return None  # callers outside the snapshot would differ
    same_actors = {node for node, actor in actors.items() if old_actors.get(node) is actor}
    same_targets = [target for target in targets.values() if _same(before, snapshot, target)]
    for target in same_targets:
        by_key: dict[str, list[tuple[str, dict[str, object]]]] = {}
        for source, keys in old._pred.get(target.node, {}).items():
            if source in old_actors and source not in same_actors:
                continue  # a principal that changed: evaluated here
            if source not in old_actors and source not in g._node:
                g.add_node(source, **old._node[source])  # a caller outside the snapshot
            for key, data in keys.items():
                if key.startswith("access:"):
                    by_key.setdefault(key, []).append((source, data))
        for key, found in by_key.items():
            add_shared_edges(g, target.node, key, found)
    changed = [actor for node, actor in actors.items() if node not in same_actors]
    taken = {t.node for t in same_targets}
    return changed, [t for t in targets.values() if t.node not in taken]


def _same(before: Snapshot, after: Snapshot, target: Target) -> bool:
    """The resource, and for a repository its domain, are the same objects in both."""
    item = target.item
    if before.find(target.node) is not item:
        return False
    return not isinstance(item, Repository) or before.find(item.domain_arn) is after.find(
        item.domain_arn
    )
