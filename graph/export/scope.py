"""Scoped exports: only the nodes and edges on the chains that matter to a question."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx

from graph.access import Capability, Chain, NotFound, Reach
from graph.export.base import ExportError

if TYPE_CHECKING:
    from graph.access import AccessGraph

EdgeId = tuple[str, str, str]


def parse_scope_capability(text: str | None) -> Capability | None:
    """The capability to scope by, or None; an ExportError for anything else."""
    if text is None:
        return None
    try:
        return Capability(text.lower())
    except ValueError:
        names = ", ".join(c.value for c in Capability)
        raise ExportError(f"unknown capability {text!r}: expected one of {names}") from None


def scoped_graph(
    access_graph: AccessGraph,
    *,
    principal: str | None = None,
    resource: str | None = None,
    capability: str | None = None,
) -> nx.MultiDiGraph:
    """The access graph, or the part of it on the chains of a principal, resource or capability.

    - principal: every chain of `reachable(principal)` (groups, roles, resources, upstreams),
      including its own denied and unknown access, so they can be explained;
    - resource: the `who_can` chains of every principal that reaches it;
    - both: every chain from the principal to the resource (`paths`);
    - capability: narrows any of these to one capability; alone, it keeps every node and
      structural edge but only that capability's access edges.

    Raises ExportError for an unknown principal, resource or capability.
    """
    g = access_graph.graph
    cap = parse_scope_capability(capability)
    try:
        start = access_graph.resolve_principal(principal) if principal else None
        target = access_graph.resolve_resource(resource) if resource else None
    except NotFound as error:
        raise ExportError(str(error)) from error
    if start is None and target is None:
        if cap is None:
            return g
        keep = [
            (u, v, k)
            for u, v, k, d in g.edges(keys=True, data=True)
            if d.get("kind") != "access" or d.get("capability") == cap.value
        ]
        return _subgraph(g, g.nodes, keep)
    capabilities = [cap.value] if cap else [c.value for c in _capabilities(g, target)]
    chains: list[tuple[str, Chain]] = []
    if start is not None and target is not None:
        for name in capabilities:
            chains.extend((name, c) for c in access_graph.paths(start, target, name))
    elif start is not None:
        chains.extend(_of(r) for r in access_graph.reachable(start) if r.capability in capabilities)
    elif target is not None:
        for name in capabilities:
            chains.extend(_of(r) for r in access_graph.who_can(target, name))
    edges: dict[EdgeId, None] = {}
    nodes: dict[str, None] = {n: None for n in (start, target) if n is not None}
    for name, chain in chains:
        for edge in chain_edges(g, chain, name):
            edges[edge] = None
            nodes[edge[0]] = None
            nodes[edge[1]] = None
    return _subgraph(g, nodes, edges)


def _of(reach: Reach) -> tuple[str, Chain]:
    return reach.capability, reach.chain


def _capabilities(g: nx.MultiDiGraph, target: str | None) -> tuple[Capability, ...]:
    if target is not None and g.nodes[target].get("kind") == "domain":
        return (Capability.LOGIN, Capability.ADMIN)
    return tuple(Capability)


def chain_edges(g: nx.MultiDiGraph, chain: Chain, capability: str) -> list[EdgeId]:
    """The graph edges (source, target, key) a chain runs along.

    An access hop from a group stands for the member's own access edge (the group's policy
    decided it): the edge kept is the member's, next to its `member_of` edge.
    """
    found: list[EdgeId] = []
    previous_source: str | None = None
    for hop in chain.hops:
        source = hop.source
        key = f"access:{capability}" if hop.kind == "access" else hop.kind
        if (
            hop.kind == "access"
            and not g.has_edge(source, hop.target, key)
            and previous_source is not None
        ):
            source = previous_source
        if g.has_edge(source, hop.target, key):
            found.append((source, hop.target, key))
        previous_source = hop.source
    return found


def _subgraph(g: nx.MultiDiGraph, nodes: Iterable[str], edges: Iterable[EdgeId]) -> nx.MultiDiGraph:
    """A copy of the given nodes and edges, in the graph's own order (stable output).

    Only the kept nodes' edges are visited, so a small scope of a large graph stays fast.
    """
    wanted_edges = set(edges)
    wanted_nodes = set(nodes) | {u for u, _, _ in wanted_edges} | {v for _, v, _ in wanted_edges}
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    ordered = [n for n in g.nodes if n in wanted_nodes]
    for node in ordered:
        out.add_node(node, **g.nodes[node])
    for node in ordered:
        for _, target, key, data in g.out_edges(node, keys=True, data=True):
            if (node, target, key) in wanted_edges:
                out.add_edge(node, target, key=key, **data)
    return out
