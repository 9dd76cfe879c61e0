"""Chains forwards from one principal over `can_assume` edges: the roles it can become, by
the shortest allowed chain and the shortest allowed-or-conditional one (see
`prefixes_from`), and each node's assume edges read once (`reaching_roles`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final, overload

import networkx as nx

from graph.access.assume_index import by_verdict
from graph.access.graph_memo import GraphMemo
from graph.access.labels import MAX_DEPTH, RANK, REACHING, HopOf
from graph.access.results import Hop
from graph.access.role_sets import RoleSets
from graph.access.verdicts import Verdict

_DENIED: Final = Verdict.DENIED.rank


def forget_out(g: nx.MultiDiGraph) -> None:
    """Edges were added to `g`: its nodes' assume edges are read again."""
    _OUT.pop(g, None)
    _SETS.pop(g, None)


class Prefix(Sequence[Hop]):
    """A walk's chain to a role, its hops made when first read: a walk reaches thousands of
    roles and a question reads the hops of a few (the first explanation on a 12,000-principal
    graph made 5,000 hops, a third of its time)."""

    __slots__ = ("_before", "_edge", "_hops", "depth")

    def __init__(
        self,
        before: Prefix | None = None,
        edge: tuple[nx.MultiDiGraph, str, str, dict[str, object], HopOf] | None = None,
    ) -> None:
        self._before = before
        self._edge = edge
        self._hops: tuple[Hop, ...] | None = None if edge else ()
        self.depth: int = 0 if before is None else before.depth + 1

    def hops(self) -> tuple[Hop, ...]:
        """Every hop, start first."""
        if self._hops is None:
            assert self._before is not None and self._edge is not None
            g, source, role, data, hop_of = self._edge
            self._hops = (*self._before.hops(), hop_of(g, source, role, data))
        return self._hops

    def __len__(self) -> int:
        return self.depth

    @overload
    def __getitem__(self, index: int) -> Hop: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Hop, ...]: ...
    def __getitem__(self, index: int | slice) -> Hop | tuple[Hop, ...]:
        return self.hops()[index]

    def __iter__(self) -> Iterator[Hop]:
        return iter(self.hops())


def prefixes_from(g: nx.MultiDiGraph, start: str, hop_of: HopOf) -> list[tuple[str, Sequence[Hop]]]:
    """(actor, hops) for the start and every role it can become: the shortest chain of allowed
    hops, and the shortest of allowed or conditional hops where that one is shorter.

    Combined with any last hop, one of the two is the best chain through that actor, so a
    caller that keeps the best of its results finds the best chain overall.
    """
    found: list[tuple[str, Sequence[Hop]]] = [(start, ())]
    allowed_only: dict[str, int] = {}
    for limit in REACHING:
        lengths = _bfs(g, start, limit, hop_of, found, allowed_only if limit else None)
        if not limit:
            allowed_only = lengths
    return found


def _bfs(
    g: nx.MultiDiGraph,
    start: str,
    limit: int,
    hop_of: HopOf,
    found: list[tuple[str, Sequence[Hop]]],
    better: dict[str, int] | None,
) -> dict[str, int]:
    """Breadth first from `start` over assume edges no worse than `limit`; appends to `found`
    each node's first chain unless `better` already holds one as short. Roles are taken in
    name order; those reached before are left out by one set difference per node. A node
    whose roles to go to (or those with itself: alike roles of one class, each of which may
    assume the others) are a set walked before is skipped: all of them were reached then."""
    lengths = {start: 0}
    frontier: list[tuple[str, Prefix]] = [(start, Prefix())]
    walked: set[int] = set()
    known, succ = _OUT.setdefault(g, {}), g._succ
    while frontier:
        following: list[tuple[str, Prefix]] = []
        for node, hops in frontier:
            if hops.depth >= MAX_DEPTH:
                continue
            out = known.get(node) or _assumes(g, node)
            roles, (plain, closed) = out.within[limit], out.numbers[limit]
            if plain in walked or closed in walked:
                continue
            walked.update((plain, closed))
            todo = roles.difference(lengths)  # per role of `roles`, not per key of `lengths`
            for role in sorted(todo) if len(todo) > 1 else todo:
                chain = Prefix(hops, (g, node, role, succ[node][role]["can_assume"], hop_of))
                lengths[role] = chain.depth
                following.append((role, chain))
                if better is None or better.get(role, MAX_DEPTH + 1) > chain.depth:
                    found.append((role, chain))
        frontier = following
    return lengths


@dataclass(frozen=True)
class _Out:
    """A node's `can_assume` edges: the roles reached at each rank limit."""

    within: tuple[frozenset[str], ...]
    numbers: tuple[tuple[int, int], ...]
    """Per limit, the numbers (`RoleSets.number`) of `within` and of `within` with the node
    itself: equal sets, equal numbers (see `_bfs`). Read ahead with `within` (made when a walk
    first needed them, the first explanation on the diverse 12,000 took 43-62 ms against
    32-34 ms)."""


_OUT: GraphMemo[dict[str, _Out]]
_OUT = GraphMemo("out")
_SETS: GraphMemo[RoleSets]
_SETS = GraphMemo("sets")


def read_ahead(g: nx.MultiDiGraph, nodes: Iterable[str]) -> None:
    """Read these nodes' assume edges now, as the walks read them (`_assumes`): after a whole
    build's trust edges, for every user and role (0.14 s at 12,000 principals), so that the
    first question's walk does not (half of a first explanation's 90 ms there)."""
    for node in nodes:
        _assumes(g, node)


def reaching_roles(g: nx.MultiDiGraph, node: str, limit: int) -> frozenset[str]:
    """The roles the node's assume edges reach at verdict ranks up to `limit` (read once per
    node until edges are added, as the walks read them)."""
    return _assumes(g, node).within[limit]


def _assumes(g: nx.MultiDiGraph, node: str) -> _Out:
    """The node's `can_assume` edges, read once per node until edges are added (`forget`),
    from the graph's assume index (`assume_index`): a node has many more access edges than
    assume edges, and the index splits them by verdict as they are added."""
    known = _OUT.setdefault(g, {})
    found = known.get(node)
    if found is None:
        split = by_verdict(g, node)
        sets = _SETS.get(g) or _SETS.setdefault(g, RoleSets())
        within = tuple(
            sets.one(_union([r for v, r in split.items() if RANK.get(v, _DENIED) <= limit]))
            for limit in range(max(REACHING) + 1)
        )
        # no walk reaches a node other than a role: no other node's set holds it
        more = node if g._node.get(node, {}).get("kind") == "role" else None
        numbers = tuple((sets.number(roles), sets.number(roles, more)) for roles in within)
        found = known[node] = _Out(within, numbers)
    return found


def _union(parts: list[Collection[str]]) -> frozenset[str]:
    """The roles of these parts of an index entry: the entry's own set when it is the only
    part (a done build's index shares one set per distinct set: the walks share it too)."""
    if len(parts) == 1 and type(parts[0]) is frozenset:
        return parts[0]
    return frozenset().union(*parts)
