"""One who-can question on a lazy graph: only what its resource needs.

The access edges into the resource (and, for `read`, the repositories whose reads reach it) for
every actor, and the trust edges into every role within `MAX_DEPTH` hops of an actor that has
such access: all the edges the best chains to that resource can use. Edges are made exactly as
the whole build makes them (same classes, same gates), so the answers are the same; denied
edges, which no who-can answer uses, are left for the whole build.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from graph.access.access_edges import AccessEdges
from graph.access.actors import Actor
from graph.access.build import (
    ActorClasses,
    Built,
    add_foreign_access,
    may_administer,
    may_log_in,
)
from graph.access.capabilities import Capability
from graph.access.collector import building
from graph.access.evaluator import Evaluator, Verdict
from graph.access.prefilter import RepositoryMasks
from graph.access.targets import Target
from graph.access.walks import MAX_DEPTH, RANK
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
    classes = ActorClasses(built, evaluator)
    edges = AccessEdges(built.graph)
    domains = {t.node for t in built.targets.values() if isinstance(t.item, Domain)}
    repositories = [t for t in targets if not isinstance(t.item, Domain)]
    masks = RepositoryMasks(repositories, evaluator.book)  # the build's prefilter, on these
    bits = {t.node: 1 << i for i, t in enumerate(repositories)}
    prefiltered = capability is not Capability.LOGIN
    for actor in built.actors.values():
        key = {capability: classes.key(actor, capability, classes.named(actor))}
        for target in targets:
            if not _built_for(actor, target, capability, domains):
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


def _built_for(actor: Actor, target: Target, capability: Capability, domains: set[str]) -> bool:
    """Whether the whole build evaluates this capability for this actor and target (see
    `build.add_access`): anything it leaves out is denied there."""
    domain = isinstance(target.item, Domain)
    if capability is Capability.ADMIN:
        action = "domain" if domain else "repository"
        return may_administer(actor, f"codeartifact:put{action}permissionspolicy")
    if not may_log_in(actor):
        return False
    if capability is Capability.LOGIN:
        return domain or target.domain_arn not in domains  # a repository without its domain
    return not domain


@building
def trust_into(
    built: Built, evaluator: Evaluator, snapshot: Snapshot, actors: Iterable[str]
) -> None:
    """Every trust edge into the roles among `actors`, and into every role that can become
    one of them, up to `MAX_DEPTH` hops back (the edges a walk back from them follows)."""
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
