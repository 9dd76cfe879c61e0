"""The order in which explanations rank attempts (a principal itself, or a role it can
become, then the access): which attempts reach as a built graph's edges tell, which walk an
attempt's chain is of, and when a best-only question has its best (`Explainer.best_within`)."""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from graph.access.hops import access_hops, edge_verdict
from graph.access.results import Chain, Hop
from graph.access.verdicts import Verdict


def reaching_attempts(
    g: nx.MultiDiGraph, attempts: list[tuple[str, Sequence[Hop]]], resource: str, capability: str
) -> list[tuple[tuple[int, int], tuple[str, Sequence[Hop]], Chain]]:
    """Attempts whose chain and access edge all reach, with (verdict rank, length) and chain,
    as the graph's edges tell them (an explanation would find the same)."""
    found = []
    key, succ = f"access:{capability}", g._succ
    for node, prefix in attempts:
        data = succ.get(node, {}).get(resource, {}).get(key)
        if data is None or not all(h.verdict.reaches for h in prefix):
            continue
        if edge_verdict(data).reaches:
            chain = Chain((*prefix, *access_hops(g, node, resource, data)))
            found.append(((chain.verdict.rank, len(chain.hops)), (node, prefix), chain))
    return found


def of_conditional_walk(prefix: Sequence[Hop]) -> bool:
    """A chain of the walk over conditional edges: some hop is not allowed (`prefixes_from`
    keeps one only where it is shorter than any over allowed edges)."""
    return any(h.verdict is not Verdict.ALLOWED for h in prefix)


def beats_the_rest(rank: tuple[int, ...], walk: Verdict, depth: int) -> bool:
    """Whether an attempt of this rank, the best among those final after the level (walk,
    depth), ranks before every attempt not final yet (see `Explainer.best_within`)."""
    if rank[0] == Verdict.ALLOWED.rank and walk is Verdict.CONDITIONAL:
        return True
    return rank[0] <= walk.rank and rank[3] <= depth + 1
