"""Every chain of the principals that could gain through escalation (`who_could` with
`every`), walked forwards from those few principals.

Walked backwards from each end instead, as `chains_to` does for who-can, every end reads the
whole graph once: where administrators may take over every user and role, everyone reaches
every end (a 2,500-principal account: about 1,000 s a question, for a few dozen principals
that could gain). Forwards, each such principal's walk reads only what it can become.
`shortest_chains` walks either way: `chains_to` lists who-can's chains with it backwards.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterator
from typing import Final

import networkx as nx

from graph.access.escalation_steps import ESCALATION, takeover_hop
from graph.access.hops import assume_hop
from graph.access.results import Chain, Hop, Reach
from graph.access.verdicts import Verdict
from graph.access.walks import MAX_DEPTH, hop_edge

REACHED: Final = (True, False)
"""Over allowed hops only, then over allowed and conditional ones."""


def shortest_chains(
    g: nx.MultiDiGraph, start: str, allowed_only: bool, escalation: bool, *, forward: bool
) -> Iterator[tuple[str, tuple[Hop, ...]]]:
    """(node, its shortest hops) for the start and, `forward`, everything it can become by
    assuming roles (with `escalation`, or taking users and roles over: a pair's best edge,
    `hop_edge`), else everyone who can become it; over allowed hops only or over allowed and
    conditional ones."""
    yield start, ()
    seen = {start}
    queue: deque[tuple[str, tuple[Hop, ...]]] = deque([(start, ())])
    adjacency = g._succ if forward else g._pred
    while queue:
        node, hops = queue.popleft()
        if len(hops) >= MAX_DEPTH:
            continue
        for other, keys in adjacency[node].items():
            if other in seen:
                continue
            data = hop_edge(keys, escalation=escalation)
            if data is None:
                continue
            if allowed_only and data.get("verdict") != Verdict.ALLOWED.value:
                continue
            seen.add(other)
            source, target = (node, other) if forward else (other, node)
            if data.get("kind") == ESCALATION:
                hop = takeover_hop(g, source, target, data)
            else:
                hop = assume_hop(g, source, target, data)
            chain = (*hops, hop) if forward else (hop, *hops)
            yield other, chain
            queue.append((other, chain))


def escalated_chains(
    g: nx.MultiDiGraph,
    ends: list[tuple[str, tuple[Hop, ...]]],
    principals: Collection[str],
    resource: str,
    capability: str,
) -> list[Reach]:
    """For each of `principals` and each end's actor it can become: the shortest chain there
    of allowed hops and the shortest of any (as `chains_to` lists with `every`), by principal,
    best first."""
    result: list[Reach] = []
    for principal in sorted(principals):
        reached = [
            dict(shortest_chains(g, principal, allowed_only, True, forward=True))
            for allowed_only in REACHED
        ]
        found: dict[tuple[Hop, ...], Reach] = {}
        for actor, tail in ends:  # in the order `chains_to` lists them
            for prefixes in reached:
                prefix = prefixes.get(actor)
                if prefix is not None:
                    chain = Chain((*prefix, *tail))
                    found.setdefault(
                        chain.hops, Reach(principal, resource, capability, chain.verdict, chain)
                    )
        result.extend(sorted(found.values(), key=lambda r: (r.verdict.rank, len(r.chain.hops))))
    return result
