"""Hops of chains, read off the graph's edges: a role assumption, an actor's own access
(through the group whose policy decided it), upstream repositories."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from typing import Final

import networkx as nx

from graph.access.evaluator import Verdict
from graph.access.graph_memo import GraphMemo
from graph.access.prefixes import prefixes_from
from graph.access.results import Hop, scoped_label


def _label(g: nx.MultiDiGraph, node: str) -> str:
    attrs = g._node.get(node)  # the node's attributes, without a view per call
    return node if attrs is None else str(attrs.get("label", node))


_VERDICTS: Final = {v.value: v for v in Verdict}


def edge_verdict(data: dict[str, object]) -> Verdict:
    """The verdict an edge records."""
    value = data.get("verdict", "denied")
    found = _VERDICTS.get(value) if isinstance(value, str) else None
    return found if found is not None else Verdict(str(value))


_ASSUMED: GraphMemo[dict[tuple[str, str], tuple[dict[str, object], Hop]]]
_ASSUMED = GraphMemo("assumed")


def assume_hop(g: nx.MultiDiGraph, source: str, role: str, data: dict[str, object]) -> Hop:
    """The hop of assuming a role, from its edge: one per edge and graph (walks from many
    principals pass the same edges)."""
    known = _ASSUMED.get(g)
    if known is None:
        known = _ASSUMED[g] = {}
    found = known.get((source, role))
    if found is not None and found[0] is data:
        return found[1]
    hop = Hop(
        "can_assume",
        source,
        role,
        edge_verdict(data),
        f"assumes {_label(g, role)}",
        tuple(data.get("statements", ())),  # type: ignore[arg-type]
        tuple(data.get("conditions", ())),  # type: ignore[arg-type]
    )
    known[(source, role)] = (data, hop)
    return hop


def access_hops(
    g: nx.MultiDiGraph,
    actor: str,
    resource: str,
    data: dict[str, object],
    read: dict[int, tuple[object, Evidence]] | None = None,
) -> list[Hop]:
    """The hops of an actor's own access: through a group when a group's policy decided it.

    `read` keeps what was read of each attribute dict, for callers that pass many edges
    sharing one (see `shared_edges`)."""
    statements, groups, conditions = _evidence(data, {} if read is None else read)
    hops: list[Hop] = []
    for group, name in _groups_of(g, actor) if groups else ():
        if name in groups:
            hops.append(
                Hop("member_of", actor, group, Verdict.ALLOWED, f"member of {_label(g, group)}")
            )
            break
    source = hops[-1].target if hops else actor
    hops.append(
        Hop(
            "access",
            source,
            resource,
            edge_verdict(data),
            scoped_label(f"{data.get('capability')} {_label(g, resource)}", conditions),
            statements,
            conditions,
        )
    )
    return hops


_RESOURCE_KINDS: Final = frozenset({"domain", "repository"})
_RESOURCES: GraphMemo[tuple[int, tuple[str, ...]]] = GraphMemo("resources")


def resource_nodes(g: nx.MultiDiGraph) -> tuple[str, ...]:
    """The graph's domain and repository nodes, the only ones access edges go into: read
    again when the graph's node count moved."""
    known = _RESOURCES.get(g)
    if known is None or known[0] != len(g._node):
        found = tuple(n for n, attrs in g._node.items() if attrs.get("kind") in _RESOURCE_KINDS)
        known = _RESOURCES[g] = (len(g._node), found)
    return known[1]


def access_edges_of(g: nx.MultiDiGraph, actor: str) -> list[tuple[str, dict[str, object]]]:
    """The actor's access edges as (resource, data), read off its adjacency without
    networkx's edge view (walks read thousands of roles' edges): in `out_edges` order, or,
    for an actor with more neighbours than the graph has domains and repositories (a
    `role/*` holder's thousands of roles), in the order of those, looked up one by one.
    Each resource's edges come in their keys' order either way."""
    adjacency = g._succ[actor]
    resources = resource_nodes(g) if len(adjacency) > 64 else ()
    if len(adjacency) <= 2 * len(resources) or not resources:
        pairs = adjacency.items()
    else:
        pairs = ((r, keys) for r in resources if (keys := adjacency.get(r)) is not None)
    return [
        (resource, data)
        for resource, keys in pairs
        for data in keys.values()
        if data.get("kind") == "access"
    ]


def access_length(
    g: nx.MultiDiGraph,
    actor: str,
    data: dict[str, object],
    read: dict[int, tuple[object, Evidence]],
) -> int:
    """How many hops `access_hops` makes for this edge (2 through a group), without making
    them: a principal's reach compares thousands of edges and keeps few."""
    groups = _evidence(data, read)[1]
    if groups and any(name in groups for _, name in _groups_of(g, actor)):
        return 2
    return 1


Evidence = tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]
"""An access edge's statements, the groups whose policies they are, and its conditions."""


def _evidence(data: dict[str, object], known: dict[int, tuple[object, Evidence]]) -> Evidence:
    found = known.get(id(data))
    if found is not None and found[0] is data:
        return found[1]
    statements = tuple(str(s) for s in data.get("statements", ()))  # type: ignore[attr-defined]
    groups = frozenset(
        s.split(":", 1)[0].removeprefix("group ") for s in statements if s.startswith("group ")
    )
    conditions = tuple(str(c) for c in data.get("conditions", ()))  # type: ignore[attr-defined]
    evidence: Evidence = (statements, groups, conditions)
    known[id(data)] = (data, evidence)
    return evidence


_MEMBERSHIPS: GraphMemo[dict[str, list[tuple[str, object]]]]
_MEMBERSHIPS = GraphMemo("memberships")


def _groups_of(g: nx.MultiDiGraph, actor: str) -> list[tuple[str, object]]:
    """(group node, group name) of the actor's `member_of` edges, read once per graph (an
    actor has many more edges than groups; membership edges are never added after the
    skeleton)."""
    known = _MEMBERSHIPS.setdefault(g, {})
    found = known.get(actor)
    if found is None:
        found = known[actor] = [
            (group, g.nodes[group].get("name"))
            for group, edges in g.succ[actor].items()
            if "member_of" in edges
        ]
    return found


def role_chains(g: nx.MultiDiGraph, start: str) -> Iterator[tuple[str, Sequence[Hop]]]:
    """(actor, hops) for the start and each role it can assume, transitively: the chains
    among which the best to any resource is found (see `walks.prefixes_from`)."""
    yield from prefixes_from(g, start, assume_hop)


def upstream_closure(g: nx.MultiDiGraph, repo: str) -> Iterator[tuple[str, tuple[Hop, ...]]]:
    """Repositories and external connections whose content `repo` serves, with the hops to each."""
    seen = {repo}
    queue: deque[tuple[str, tuple[Hop, ...]]] = deque([(repo, ())])
    while queue:
        node, hops = queue.popleft()
        edges = sorted(
            (
                e
                for e in g.out_edges(node, data=True)
                if e[2].get("kind") in ("upstream", "external_connection")
            ),
            key=lambda e: (e[2].get("kind") != "upstream", e[2].get("order", 0), e[1]),
        )
        for _, target, data in edges:
            if target in seen:
                continue
            seen.add(target)
            kind = str(data["kind"])
            label = (
                f"upstream {_label(g, target)}"
                if kind == "upstream"
                else f"external connection {_label(g, target)}"
            )
            chain = (*hops, Hop(kind, node, target, Verdict.ALLOWED, label))  # type: ignore[arg-type]
            yield target, chain
            queue.append((target, chain))


_DOWNSTREAM: GraphMemo[dict[str, list[tuple[str, tuple[Hop, ...]]]]] = GraphMemo("downstream")


def downstream(g: nx.MultiDiGraph, repo: str) -> list[tuple[str, tuple[Hop, ...]]]:
    """Repositories that serve `repo`'s content (it is their upstream), with the hops; the
    upstream links are structure, so they are read once per graph."""
    known = _DOWNSTREAM.get(g)
    if known is None:
        known = {}
        for node, data in g.nodes(data=True):
            if data.get("kind") == "repository":
                for upstream, hops in upstream_closure(g, node):
                    if upstream != node:
                        known.setdefault(upstream, []).append((node, hops))
        _DOWNSTREAM[g] = known
    return known.get(repo, [])
