"""One who-can question on a lazy graph: only what its resource needs.

The access edges into the resource (and, for `read`, the repositories whose reads reach it) for
every actor, and the trust edges into every role within `MAX_DEPTH` hops of an actor that has
such access: all the edges the best chains to that resource can use. Edges are made exactly as
the whole build makes them (same classes, same gates), so the answers are the same; denied
edges, which no who-can answer uses, are left for the whole build.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence

from graph.access.access_edges import AccessEdges
from graph.access.actor_classes import ActorClasses
from graph.access.build import Built, add_foreign_access, evaluated
from graph.access.capabilities import Capability
from graph.access.collector import building
from graph.access.evaluator import Evaluator, Verdict
from graph.access.prefilter import RepositoryMasks
from graph.access.results import Hop
from graph.access.walks import MAX_DEPTH, RANK, Callers, Either, Expand, callers_of
from graph.model import Domain
from graph.snapshot import Snapshot


@building
def access_into(
    built: Built,
    evaluator: Evaluator,
    snapshot: Snapshot,
    nodes: Sequence[str],
    capability: Capability,
) -> None:
    """The access edges for `capability` into these domains and repositories that do not deny
    (from every actor of the snapshot, and from callers outside it)."""
    targets = [built.targets[n] for n in nodes if n in built.targets]
    classes = ActorClasses(built.targets.values(), evaluator)
    edges = AccessEdges(built.graph)
    domains = {t.node for t in built.targets.values() if isinstance(t.item, Domain)}
    repositories = [t for t in targets if not isinstance(t.item, Domain)]
    masks = RepositoryMasks(repositories, evaluator.book)  # the build's prefilter, on these
    bits = {t.node: 1 << i for i, t in enumerate(repositories)}
    prefiltered = capability is not Capability.LOGIN
    for actor in built.actors.values():
        key = {capability: classes.key(actor, capability, classes.named(actor))}
        for target in targets:
            if not evaluated(actor, target, capability, domains):
                continue
            if (
                prefiltered
                and target.node in bits
                and not masks.candidates(actor, key[capability], capability) & bits[target.node]
            ):
                continue  # some step has no identity allow: denied, as the build has it
            result = classes.result(key, actor, target, capability)
            if result.verdict is not Verdict.DENIED:
                edges.record(actor, target, result)
    add_foreign_access(built, evaluator, snapshot, targets)


@building
def trust_into(
    built: Built, evaluator: Evaluator, snapshot: Snapshot, actors: Iterable[str]
) -> None:
    """Every trust edge into the roles among `actors`, and into every role that can become
    one of them, up to `MAX_DEPTH` hops back (the edges every walk back from them follows:
    who-can with all chains)."""
    edges = built.assume_edges(evaluator, snapshot)
    roles = edges.roles
    frontier = [a for a in dict.fromkeys(actors) if a in roles]
    seen = set(frontier)
    reaching = RANK[Verdict.CONDITIONAL.value]
    for _ in range(MAX_DEPTH):
        following: list[str] = []
        for arn in frontier:
            edges.into(roles[arn])
            for source, keys in built.graph.pred[arn].items():
                data = keys.get("can_assume")
                if data is None or source in seen or source not in roles:
                    continue
                if RANK.get(str(data.get("verdict")), Verdict.DENIED.rank) <= reaching:
                    seen.add(source)
                    following.append(source)
        frontier = following


def expander(
    built: Built,
    evaluator: Evaluator,
    snapshot: Snapshot,
    ends: Iterable[tuple[str, Sequence[Hop]]],
) -> Expand:
    """For a who-can walk back from `ends` (`walks.best_walk`): the trust edges into each
    node it walks, made then, but those out of callers it has settled in as few hops and
    those out of `settled_ends`: neither is on any best chain."""
    edges = built.assume_edges(evaluator, snapshot)
    roles = edges.roles
    settled = settled_ends(ends)
    groups: dict[tuple[tuple[str, int], ...], Callers] = {}

    def expand(
        node: str, done: Container[str], conditional: Container[str] | None
    ) -> Callers | None:
        role = roles.get(node)
        if role is None:
            return None  # a user, or a caller outside the snapshot: no one becomes it
        if conditional is not None and edges.never_allowed(role):
            done = Either(done, conditional)  # the edge would give them nothing better
        edges.into(role, Either(done, settled), conditional or frozenset())
        return callers_of(built.graph, node, groups)

    return expand


def settled_ends(ends: Iterable[tuple[str, Sequence[Hop]]]) -> frozenset[str]:
    """The actors among who-can's `ends` whose own chain is allowed and at most two hops
    (through a group): a chain through a role takes two at least, and a walk back
    (`walks.best_walk`) settles an end before any chain as good, so their best chains are
    their own, and an edge out of them is on no one's best chain."""
    allowed = Verdict.ALLOWED
    return frozenset(
        actor
        for actor, tail in ends
        if len(tail) <= 2 and all(hop.verdict is allowed for hop in tail)
    )
