"""Best chains over `can_assume` edges into a resource's actors, for every principal at once.

A chain's quality is its worst verdict, then its length. `best_walk` walks backwards from the
actors that reach a resource once, best label first (as Dijkstra's); `prefixes.prefixes_from`
walks forwards from one principal. Role hops are limited to `MAX_DEPTH`, as everywhere in the
queries.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Container, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import Final, NamedTuple

import networkx as nx

from graph.access.assume_index import every_source
from graph.access.escalation_steps import BECOME, ESCALATION, escalations, takeover_hop
from graph.access.evaluator import Verdict
from graph.access.graph_memo import GraphMemo
from graph.access.labels import MAX_DEPTH, RANK, HopOf
from graph.access.prefixes import forget_out
from graph.access.results import Chain, Hop
from graph.access.verdicts import worst

_BY_RANK: Final = {v.rank: v for v in Verdict}
_DENIED: Final = Verdict.DENIED.rank
_CONDITIONAL: Final = Verdict.CONDITIONAL.rank


@dataclass(frozen=True)
class Callers:
    """The sources of reaching `can_assume` edges into a role and their verdict ranks; roles
    with the same sources and ranks share one (`group`), as alike roles do."""

    group: int
    members: frozenset[str]
    ranks: dict[str, int]
    ordered: tuple[tuple[str, int], ...]
    """(source, rank) by source name: the order sources are pushed in."""
    names: tuple[str, ...]
    """The sources of `ordered`, in its order."""
    conditional: frozenset[str] = frozenset()
    """The members whose edge is conditional (the others' is allowed)."""

    @classmethod
    def of(cls, group: int, key: tuple[tuple[str, int], ...]) -> Callers:
        """The callers of a sorted (source, rank) list."""
        names = tuple(map(itemgetter(0), key))
        conditional = frozenset(compress(names, map(itemgetter(1), key)))  # rank 0: allowed
        return cls(group, frozenset(names), dict(key), key, names, conditional)


_INDEXES: GraphMemo[dict[str, Callers]]
_INDEXES = GraphMemo("indexes")


_WALKS: GraphMemo[
    dict[tuple[tuple[str, int, int], ...], tuple[list[_State], list[tuple[str, int, int]]]]
]
_WALKS = GraphMemo("walks")
_KEPT_WALKS: Final = 16
"""Walks kept per whole graph, by their ends' (actor, rank, length): questions about resources
that the same actors reach alike walk alike (a diff asks hundreds; 2 in 3 repeat one of the
16 before)."""


def forget(g: nx.MultiDiGraph) -> None:
    """Edges were added to `g`: the next walk indexes it again."""
    _INDEXES.pop(g, None)
    _WALKS.pop(g, None)
    forget_out(g)


def assume_into(g: nx.MultiDiGraph) -> dict[str, Callers]:
    """Reaching `can_assume` sources into each node, made once per graph (walks read plain
    tuples, not networkx views); whoever adds edges calls `forget`. A built graph's sources
    share their sets of roles (`assume_index.freeze`): each set is read once with the (source,
    rank) pairs holding it, and roles in the same sets get the same callers (one account of
    12,000 principals: 6.3M edges, 1.3M roles in the sets)."""
    if (known := _INDEXES.get(g)) is not None:
        return known
    holders: dict[int, tuple[Collection[str], list[tuple[str, int]]]] = {}
    for source, split in every_source(g):
        for verdict, roles in split.items():
            rank = RANK.get(verdict, _DENIED)
            if rank <= _CONDITIONAL:
                holders.setdefault(id(roles), (roles, []))[1].append((source, rank))
    sets: dict[str, list[int]] = {}
    for number, (roles, _) in enumerate(holders.values()):
        for role in roles:
            sets.setdefault(role, []).append(number)
    pairs = [sorted(held) for _, held in holders.values()]  # sorted runs, merged below
    # roles with the same callers are in the same sets: one `Callers` per combination of sets
    alike: dict[tuple[int, ...], Callers] = {}
    index: dict[str, Callers] = {}
    for role, numbers in sets.items():
        key = tuple(numbers)
        callers = alike.get(key)
        if callers is None:
            merged = sorted(pair for number in numbers for pair in pairs[number])
            callers = alike[key] = Callers.of(len(alike), tuple(merged))
        index[role] = callers
    _INDEXES[g] = index
    return index


def hop_edge(keys: dict[str, dict[str, object]], *, escalation: bool) -> dict[str, object] | None:
    """The edge a walk follows between two nodes: `can_assume`, or with `escalation` the best
    of it and the take-over edges (the assume edge on a tie; None if none reaches)."""
    best = keys.get("can_assume")
    rank = _DENIED if best is None else RANK.get(str(best.get("verdict")), _DENIED)
    if escalation:
        for data in escalations(keys):
            if BECOME in data.get("gains", ()):  # type: ignore[operator]
                other = RANK.get(str(data.get("verdict")), _DENIED)
                if other < rank:
                    best, rank = data, other
    return best if rank <= _CONDITIONAL else None


def grouped(
    groups: dict[tuple[tuple[str, int], ...], Callers], sources: list[tuple[str, int]]
) -> Callers:
    """The callers of these (source, rank) pairs: one object per distinct list in `groups`."""
    key = tuple(sorted(sources))  # equally good chains tie-break by name, not build order
    found = groups.get(key)
    if found is None:
        found = groups[key] = Callers.of(len(groups), key)
    return found


class _State(NamedTuple):
    """A node reached by a walk back: how deep, over which edge, from which state (a tuple:
    a who-can walk makes one per push, tens of thousands)."""

    node: str
    depth: int
    edge: tuple[str, str] | None
    parent: int


@dataclass(frozen=True)
class Either(Container[str]):
    """In one container or the other (neither copied: a walk's grow as it goes)."""

    first: Container[str]
    second: Container[str]

    def __contains__(self, item: object) -> bool:
        return item in self.first or item in self.second


def among(container: Container[str], names: AbstractSet[str]) -> set[str]:
    """The names that are in `container`: a set's by one intersection, an `Either`'s from both
    of its containers, any other's one by one."""
    if isinstance(container, set | frozenset):
        return set(names & container)
    if isinstance(container, Either):
        return among(container.first, names) | among(container.second, names)
    return {n for n in names if n in container}


Expand = Callable[[str, Container[str], Container[str] | None], "Callers | None"]
"""Makes the `can_assume` edges into a node but those from callers in the first container
(which no walk needs), and from those in the second when no edge into the node can be
allowed (they were pushed at a conditional label no worse), and returns its callers
(`callers_of`): a lazy graph's who-can."""


@dataclass(frozen=True)
class Best:
    """A who-can walk's answers: each node's verdict, and its best chain made when read (a
    diff compares hundreds of thousands of verdicts and reads the chains of a few)."""

    g: nx.MultiDiGraph
    states: list[_State]
    made: dict[int, tuple[Hop, ...]]
    hop_of: HopOf
    settled: dict[str, tuple[int, int]]
    """Node → (verdict rank, its best state), in the order the walk settled them."""
    escalation: bool = False
    """Take-over edges were followed as role hops."""

    def verdict(self, node: str) -> Verdict:
        """The verdict of the node's best chain."""
        return _BY_RANK[self.settled[node][0]]

    def chain(self, node: str) -> Chain:
        """The node's best chain: its hops to an end's actor, then that end's hops."""
        index = self.settled[node][1]
        return Chain(_hops(self.g, self.states, self.made, index, self.hop_of, self.escalation))


def best_walk(
    g: nx.MultiDiGraph,
    ends: Sequence[tuple[str, tuple[Hop, ...]]],
    hop_of: HopOf,
    expand: Expand | None = None,
    *,
    escalation: bool = False,
) -> Best:
    """For every node that can become one of `ends`' actors (through roles it may assume),
    the best chain (its hops to the actor, then that end's hops) and its verdict.

    One walk, best label first: a chain's label is (worst verdict, length), extending a chain
    never makes its label better, so the first time a node is reached is its best chain (as
    Dijkstra's). A node is walked on again only when reached in fewer role hops, which can
    matter under `MAX_DEPTH`. Only assume edges that reach (allowed or conditional) are followed,
    as in every query. Roles with the same callers share their list: once walked at a label
    and depth, walking it again no better would push nothing new, so it is skipped. Callers
    already pushed in as few hops at a label no worse than the best this pop can give them are
    left out by one set difference, not looked at one by one.

    With `expand`, a node's callers are made when it is first walked, but for those settled,
    or pushed at a label no worse, in as few hops as they would take through it: the walk
    leaves them out anyway. With `escalation`, `expand` gives take-overs among the callers
    (`Takeovers.callers`) and the chains name them; it needs an `expand`.
    """
    if escalation and expand is None:
        raise ValueError("an escalation walk takes its callers from `expand`")
    ordered = sorted(ends, key=lambda e: (e[0], len(e[1])))
    starts = tuple(
        (actor, worst(h.verdict for h in tail).rank, len(tail)) for actor, tail in ordered
    )
    walks = _WALKS.setdefault(g, {}) if expand is None else {}
    found = walks.pop(starts, None)
    if found is None:
        found = _walk(g, starts, expand)
    if expand is None:  # the last few walks of a whole graph: equal ends walk alike
        walks[starts] = found
        while len(walks) > _KEPT_WALKS:
            del walks[next(iter(walks))]
    states, settled = found
    made: dict[int, tuple[Hop, ...]] = {i: tail for i, (_, tail) in enumerate(ordered)}
    settled_at = {node: (rank, i) for node, rank, i in settled}
    return Best(g, states, made, hop_of, settled_at, escalation)


def _walk(
    g: nx.MultiDiGraph,
    starts: tuple[tuple[str, int, int], ...],
    expand: Expand | None,
) -> tuple[list[_State], list[tuple[str, int, int]]]:
    """`best_walk`'s walk from (actor, rank, length) of each end: every state, and each
    node's best one as (node, rank, state index), in the order they are settled."""
    settled: list[tuple[str, int, int]] = []
    seen: set[str] = set()
    states: list[_State] = []
    queue: list[tuple[int, int, int]] = []  # (rank, length, state index)
    for actor, rank, length in starts:
        heapq.heappush(queue, (rank, length, len(states)))
        states.append(_State(actor, 0, None, -1))
    least_depth: dict[str, int] = {}
    pushed: dict[str, tuple[int, int, int]] = {}  # best (rank, length, depth) queued per node
    walked: dict[int, tuple[int, int, int]] = {}  # caller lists walked: (rank, length, depth)
    within: list[set[str]] = [set() for _ in range(MAX_DEPTH + 1)]  # settled in ≤ i hops
    pending: list[tuple[int, int, int, str]] = []  # every push: (rank, length, depth, source)
    dominated: list[set[str]] = [set() for _ in range(MAX_DEPTH + 1)]
    """Pushed in ≤ i hops at a label no worse than any push the current pop can make."""
    pending_conditional: list[tuple[int, int, str]] = []  # (length, depth, source)
    dominated_conditional: list[set[str]] = [set() for _ in range(MAX_DEPTH + 1)]
    """While allowed labels are popped: pushed in ≤ i hops at a conditional label no worse
    than the current pop's pushes over conditional edges (their lengths only grow then)."""
    into = assume_into(g) if expand is None else {}
    while queue:
        rank, length, index = heapq.heappop(queue)
        state = states[index]
        if state.depth >= least_depth.get(state.node, MAX_DEPTH + 1):
            continue
        least_depth[state.node] = state.depth
        for depth in range(state.depth, MAX_DEPTH + 1):
            within[depth].add(state.node)
        if state.node not in seen:
            seen.add(state.node)
            settled.append((state.node, rank, index))
        if state.depth >= MAX_DEPTH:
            continue
        node = state.node
        deeper, longer = state.depth + 1, length + 1
        # labels only grow: a push at or below (rank, longer) beats every push this pop makes
        while pending and (pending[0][0], pending[0][1]) <= (rank, longer):
            _, _, depth, source = heapq.heappop(pending)
            for below in dominated[depth:]:
                below.add(source)
        if rank < _CONDITIONAL:  # lengths only grow while allowed labels are popped
            while pending_conditional and pending_conditional[0][0] <= longer:
                _, depth, source = heapq.heappop(pending_conditional)
                for below in dominated_conditional[depth:]:
                    below.add(source)
        if expand is None:
            callers = into.get(node)
        else:
            done = Either(within[deeper], dominated[deeper])
            callers = expand(
                node, done, dominated_conditional[deeper] if rank < _CONDITIONAL else None
            )
        if callers is None:
            continue
        before = walked.get(callers.group)
        if (
            before is not None
            and before[0] <= rank
            and before[1] <= length
            and before[2] <= state.depth
        ):
            continue  # walked at a label and depth no worse: it would push nothing new
        walked[callers.group] = (rank, length, state.depth)
        # sources settled, or pushed no worse, in as few hops are done
        todo = callers.members - within[deeper] - dominated[deeper]
        if rank < _CONDITIONAL and callers.conditional:
            todo -= callers.conditional & dominated_conditional[deeper]
        queued = pushed.get
        for source, edge_rank in _in_order(callers, todo):
            worse = rank if rank >= edge_rank else edge_rank
            known = queued(source)
            if known is not None:
                if known[2] <= deeper and (known[0], known[1]) <= (worse, longer):
                    continue
                if (worse, longer) < (known[0], known[1]):
                    pushed[source] = (worse, longer, deeper)
            else:
                pushed[source] = (worse, longer, deeper)
            states.append(_State(source, deeper, (source, node), index))
            heapq.heappush(queue, (worse, longer, len(states) - 1))
            heapq.heappush(pending, (worse, longer, deeper, source))
            if worse == _CONDITIONAL and rank < _CONDITIONAL:
                heapq.heappush(pending_conditional, (longer, deeper, source))
    return states, settled


def callers_of(
    g: nx.MultiDiGraph, node: str, groups: dict[tuple[tuple[str, int], ...], Callers]
) -> Callers | None:
    """The reaching `can_assume` sources into one node, read off its adjacency as
    `assume_into` reads the index (`groups`: one per list of callers, kept by the caller)."""
    sources = []
    for source, keys in g._pred[node].items():
        data = keys.get("can_assume")
        if data is not None:
            rank = RANK.get(str(data.get("verdict")), _DENIED)
            if rank <= _CONDITIONAL:
                sources.append((source, rank))
    return grouped(groups, sources) if sources else None


def _in_order(callers: Callers, todo: set[str] | frozenset[str]) -> list[tuple[str, int]]:
    """(source, rank) of the callers in `todo`, by name: a few are sorted, many are picked
    from the callers' own sorted list (sorting thousands of names per role is slower)."""
    if len(todo) * 4 < len(callers.ordered):
        ranks = callers.ranks
        return [(source, ranks[source]) for source in sorted(todo)]
    return list(compress(callers.ordered, map(todo.__contains__, callers.names)))


def _hops(
    g: nx.MultiDiGraph,
    states: list[_State],
    made: dict[int, tuple[Hop, ...]],
    index: int,
    hop_of: HopOf,
    escalation: bool,
) -> tuple[Hop, ...]:
    """The hops of a state: its hop to its parent's node, then the parent's (`made` holds
    every state's hops, its end's tail included: a parent's are made once, not again for each
    of its callers)."""
    found = made.get(index)
    if found is None:
        state = states[index]
        assert state.edge is not None  # an end's hops are its tail, put in `made` first
        source, role = state.edge
        keys = g._succ[source][role]
        data = hop_edge(keys, escalation=True) if escalation else keys["can_assume"]
        assert data is not None  # the walk followed it
        if data.get("kind") == ESCALATION:
            hop = takeover_hop(g, source, role, data)
        else:
            hop = hop_of(g, source, role, data)
        parent = _hops(g, states, made, state.parent, hop_of, escalation)
        found = made[index] = (hop, *parent)
    return found


__all__ = ["MAX_DEPTH", "RANK", "HopOf"]
