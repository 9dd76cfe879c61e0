"""What a role gives its callers: per capability and resource, the best verdict a chain that
enters the role can still reach within each number of further role hops.

A caller's chain through a role is its way to the role, then one of the role's own chains
(shorter as the way in is longer, under `MAX_DEPTH`). Two graphs in which a role's profile is
the same give every caller the same verdicts through it, whatever the caller: `cax diff` asks
who-can again only where a changed role's profile moved, not on everything the role reaches.
"""

from __future__ import annotations

import networkx as nx

from graph.access.hops import access_edges_of, edge_verdict, upstream_closure
from graph.access.prefixes import reaching_roles
from graph.access.verdicts import Verdict
from graph.access.walks import MAX_DEPTH

Profile = dict[tuple[str, str], tuple[int, ...]]
"""(capability, resource) → the best verdict rank within 0, 1, … `MAX_DEPTH` role hops."""

_ALLOWED, _CONDITIONAL = Verdict.ALLOWED.rank, Verdict.CONDITIONAL.rank
_NONE = Verdict.DENIED.rank


def _depths(g: nx.MultiDiGraph, start: str, limit: int) -> dict[str, int]:
    """Fewest role hops from `start` to each actor over assume edges no worse than `limit`."""
    found = {start: 0}
    frontier = [start]
    for depth in range(1, MAX_DEPTH + 1):
        following: list[str] = []
        for node in frontier:
            for role in sorted(reaching_roles(g, node, limit).difference(found)):
                found[role] = depth
                following.append(role)
        frontier = following
    return found


def depth_profile(g: nx.MultiDiGraph, role: str) -> Profile:
    """The role's profile in `g`, which must hold the role's chains and the access edges of
    every actor on them (a whole graph, or a lazy one after `reachable(role)`).

    Only access edges that reach count, as through any role; reads reach upstream
    repositories (whose hops are allowed) at the same verdict."""
    allowed = _depths(g, role, _ALLOWED)
    either = _depths(g, role, _CONDITIONAL)
    found: dict[tuple[str, str], list[int]] = {}
    served: dict[str, list[str]] = {}  # a read repository and those upstream of it
    for actor, depth in either.items():
        way_in = [(allowed[actor], _ALLOWED)] if actor in allowed else []
        if depth < allowed.get(actor, MAX_DEPTH + 1):
            way_in.append((depth, _CONDITIONAL))
        for resource, data in access_edges_of(g, actor):
            verdict = edge_verdict(data)
            if not verdict.reaches:
                continue
            capability = str(data["capability"])
            targets = [resource]
            if capability == "read":
                targets = served.get(resource) or served.setdefault(
                    resource, [resource, *(u for u, _ in upstream_closure(g, resource))]
                )
            for target in targets:
                ranks = found.setdefault((capability, target), [_NONE] * (MAX_DEPTH + 1))
                for hops, prefix in way_in:
                    rank = max(prefix, verdict.rank)
                    for budget in range(hops, MAX_DEPTH + 1):
                        if rank >= ranks[budget]:
                            break  # ranks never rise with the budget: none further is worse
                        ranks[budget] = rank
    return {key: tuple(ranks) for key, ranks in found.items()}


__all__ = ["Profile", "depth_profile"]
