"""Builds the access graph's networkx MultiDiGraph from a snapshot (see docs/graph-schema.md)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from graph.access.access_edges import AccessEdges
from graph.access.access_setup import AccessSetup
from graph.access.actor_table import ActorTable
from graph.access.actors import Actor, build_actor, build_root_actor
from graph.access.assume import AssumeEdges
from graph.access.assume_index import freeze, track
from graph.access.capabilities import (
    Capability,
)
from graph.access.capability_eval import capability_result
from graph.access.collector import building
from graph.access.evaluator import Evaluator, Verdict
from graph.access.foreign import foreign_callers
from graph.access.lent_access import lend_access
from graph.access.policies import PolicyBook
from graph.access.prefixes import reaching_roles, read_ahead
from graph.access.results import CapabilityResult
from graph.access.shared_edges import AccessMultiGraph
from graph.access.structure import add_structure
from graph.access.targets import Target, build_target
from graph.access.walks import MAX_DEPTH, RANK
from graph.model import Domain, Repository, Role, Unknown, User
from graph.snapshot import Snapshot

Progress = Callable[[str, int, int], None]
"""Called as the build goes: (stage, done, total), e.g. ("trust", 120, 2000) for roles."""


def no_progress(_stage: str, _done: int, _total: int) -> None:
    """A `Progress` that reports nowhere."""
    return None


@dataclass
class Built:
    """Everything the build computed: the graph and the objects behind its edges."""

    graph: nx.MultiDiGraph
    actors: MutableMapping[str, Actor]
    """Every user and role (and account roots asked about), built when first read."""
    targets: dict[str, Target]
    _edges: AssumeEdges | None = None
    _setup: AccessSetup | None = None
    original: tuple[Snapshot, Built, Callable[[], bool]] | None = None
    """The graph this one is a changed copy of (`AccessGraph.changed`): its snapshot, build
    and whether it is whole by now; the copy takes its access edges where they cannot differ."""
    action_classes: dict[object, tuple[Evaluator, int, list[tuple[Actor, object]]]] = field(
        default_factory=dict
    )
    """Every actor's class per kind of one-action who-can question (`queries.action_ends`),
    with the evaluator and actor count it was made for."""

    def access_setup(self, evaluator: Evaluator, snapshot: Snapshot) -> AccessSetup:
        """What `add_access` reads for every actor, made once per graph and evaluator (a lazy
        graph adds access a few actors at a time: masks over 500 repositories took 0.1 s)."""
        if self._setup is None or self._setup.evaluator is not evaluator:
            self._setup = AccessSetup.of(self.targets, self.actors.values(), evaluator, snapshot)
        return self._setup

    def assume_edges(self, evaluator: Evaluator, snapshot: Snapshot) -> AssumeEdges:
        """The trust-edge maker for this graph (made once)."""
        if self._edges is None:
            self._edges = AssumeEdges(self.graph, self.actors, evaluator, snapshot)
        return self._edges

    def actor(self, node: str, snapshot: Snapshot, book: PolicyBook) -> Actor:
        """The actor of a user or role node, or the root user of an `account:ID` node.

        Raises KeyError for nodes that make no requests of their own (groups, resources…).
        """
        found = self.actors.get(node)
        if found is None and node.startswith("account:"):
            account_id = node.split(":", 1)[1]
            if snapshot.account(account_id) is not None:
                found = self.actors[node] = build_root_actor(snapshot, book, account_id)
        if found is None:
            raise KeyError(node)
        return found


LOGIN = "codeartifact:getauthorizationtoken"
DOMAIN_ADMIN = "codeartifact:putdomainpermissionspolicy"
"""The first steps of logging in to and administering a domain: where nothing can allow them
(`Grants`), the capability is denied with no step that worked, which the graph does not keep."""


def may_log_in(actor: Actor) -> bool:
    """Some identity Allow covers `sts:GetServiceBearerToken`: without one no login can work."""
    return any(p.for_action("sts:getservicebearertoken")[0] for p in actor.identity) or bool(
        actor.unreadable
    )


def may_administer(actor: Actor, action: str) -> bool:
    """Some identity Allow covers the policy action (resource policies are ignored for it)."""
    return any(p.for_action(action)[0] for p in actor.identity) or bool(actor.unreadable)


def add_access(
    built: Built,
    evaluator: Evaluator,
    snapshot: Snapshot,
    progress: Progress = no_progress,
    actors: Sequence[Actor] | None = None,
    within: Collection[str] | None = None,
) -> None:
    """Access edges: every capability an actor reaches, and explicit denies on partial paths.

    Per actor class, login is decided per domain; read, publish and admin only on the
    repositories the class's identity policies could open (`prefilter`), the others being
    denied for want of an identity allow. `actors`: only theirs (one principal's reach on a
    lazy graph), made as the whole build makes them; `within`: only the edges into these
    domains and repositories (those a changed copy could not take from its original).
    """
    setup = built.access_setup(evaluator, snapshot)
    masks, logins, domain_grants = setup.masks, setup.logins, setup.domain_grants
    in_domain, orphans, classes, domains = (
        setup.in_domain,
        setup.orphans,
        setup.classes,
        setup.domains,
    )
    edges = AccessEdges(built.graph, within)
    _record, record_block = edges.record, edges.record_block
    inside = masks.all
    if within is not None:
        inside = sum(1 << i for i, t in enumerate(masks.repositories) if t.node in within)
        domains = [d for d in domains if d.node in within]

    every = built.actors.values() if actors is None else actors
    total = len(every)
    for done, actor in enumerate(every):
        if done % 64 == 0:
            progress("access", done, total)
        keys = classes.keys(actor)

        def record(
            target: Target,
            capability: Capability,
            actor: Actor = actor,
            keys: dict[Capability, object] = keys,
        ) -> CapabilityResult:
            result = classes.result(keys, actor, target, capability)
            _record(actor, target, result)
            return result

        if may_log_in(actor):
            open_domains = orphans
            grantable = domain_grants.possible(actor, LOGIN, keys[Capability.LOGIN])
            for alike in logins.blocks(actor, keys[Capability.LOGIN]):
                if not any(domain_grants.bits[d.node] & grantable for d in alike):
                    continue  # denied at its first step: nothing to keep
                result = record(alike[0], Capability.LOGIN)
                for domain in alike[1:]:
                    _record(actor, domain, result, twin=alike[0])
                if result.verdict is not Verdict.DENIED:
                    for domain in alike:
                        open_domains |= in_domain.get(domain.node, 0)
            for capability in (Capability.READ, Capability.PUBLISH):
                mask = masks.candidates(actor, keys[capability], capability) & open_domains
                mask &= inside
                mask &= ~classes.unkept.surely(actor, capability, keys[capability])
                blocked = classes.unkept.blocked(actor, capability, keys[capability])
                for block in masks.blocks(actor, keys[capability], capability, mask):
                    members = masks.members(block)
                    first = bool(blocked & block & -block)  # members[0]'s bit
                    result = classes.result(keys, actor, members[0], capability, blocked=first)
                    record_block(actor, members, result)
            for repo in masks.members(orphans & inside):
                record(repo, Capability.LOGIN)
        if may_administer(actor, DOMAIN_ADMIN):
            grantable = domain_grants.possible(actor, DOMAIN_ADMIN, keys[Capability.ADMIN])
            for domain in domains:
                if domain_grants.bits[domain.node] & grantable:
                    record(domain, Capability.ADMIN)
        if may_administer(actor, "codeartifact:putrepositorypermissionspolicy"):
            mask = masks.candidates(actor, keys[Capability.ADMIN], Capability.ADMIN) & inside
            for block in masks.blocks(actor, keys[Capability.ADMIN], Capability.ADMIN, mask):
                members = masks.members(block)
                result = classes.result(keys, actor, members[0], Capability.ADMIN)
                record_block(actor, members, result)


def evaluated(actor: Actor, target: Target, capability: Capability, domains: set[str]) -> bool:
    """Whether `add_access` evaluates this capability for this actor and target (`domains`:
    the snapshot's domain nodes): anything it leaves out is denied. The gates of its loop,
    one target at a time, for questions that build only part of the graph (`targeted`)."""
    domain = isinstance(target.item, Domain)
    if capability is Capability.ADMIN:
        action = "domain" if domain else "repository"
        return may_administer(actor, f"codeartifact:put{action}permissionspolicy")
    if not may_log_in(actor):
        return False
    if capability is Capability.LOGIN:
        return domain or target.domain_arn not in domains  # a repository without its domain
    return not domain


def add_trust(
    built: Built, evaluator: Evaluator, snapshot: Snapshot, progress: Progress = no_progress
) -> None:
    """`can_assume` edges into every role (see `assume.AssumeEdges.into`)."""
    edges = built.assume_edges(evaluator, snapshot)
    roles = list(snapshot.roles())
    for done, role in enumerate(roles):
        if done % 64 == 0:
            progress("trust", done, len(roles))
        edges.into(role)
    edges.finish()
    freeze(built.graph)
    read_ahead(built.graph, built.actors)
    progress("trust", len(roles), len(roles))


@building
def skeleton(
    snapshot: Snapshot, evaluator: Evaluator, reuse: tuple[Snapshot, Built] | None = None
) -> Built:
    """Nodes, structure edges, actors (each built when first read) and targets: what every
    question starts from.

    `reuse` is the original of a changed copy (a what-if) with its build: the actors of
    principals whose every input is the same object in both are taken as they are (their
    policies compiled by `evaluator.book`, a fork of the original's)."""
    g = AccessMultiGraph()
    track(g)
    add_structure(g, snapshot)
    book = evaluator.book
    actors = ActorTable(
        _principals(snapshot),
        lambda item: unchanged(reuse, snapshot, item) or build_actor(snapshot, book, item),
    )
    resources: list[Domain | Repository] = [*snapshot.domains(), *snapshot.repositories()]
    targets = {item.arn: build_target(snapshot, book, item) for item in resources}
    return Built(g, actors, targets)


@building
def complete(
    built: Built, evaluator: Evaluator, snapshot: Snapshot, progress: Progress = no_progress
) -> None:
    """Every trust and access edge of a skeleton (edges already there are kept)."""
    add_trust(built, evaluator, snapshot, progress)
    lent = None
    if built.original is not None and built.original[2]():
        before, other, _ = built.original
        lent = lend_access(
            built.graph, built.actors, built.targets, snapshot, (before, other.graph, other.actors)
        )
    if lent is None:
        add_access(built, evaluator, snapshot, progress)
        add_foreign_access(built, evaluator, snapshot)
    else:  # the original's edges between what did not change are there: the rest
        changed, targets = lent
        add_access(built, evaluator, snapshot, progress, actors=changed)
        if targets:
            others = {a.node for a in changed}
            same = [a for a in built.actors.values() if a.node not in others]
            add_access(built, evaluator, snapshot, actors=same, within={t.node for t in targets})
            add_foreign_access(built, evaluator, snapshot, only=targets)
    built._setup = None  # every actor has its edges: no one reads it again


@building
def build(snapshot: Snapshot, evaluator: Evaluator, progress: Progress | None = None) -> Built:
    """The whole graph for a snapshot; `progress` hears how far each stage is."""
    built = skeleton(snapshot, evaluator)
    complete(built, evaluator, snapshot, progress or no_progress)
    return built


def chain_levels(
    built: Built, evaluator: Evaluator, snapshot: Snapshot, start: str
) -> Iterator[tuple[Verdict, int]]:
    """The trust edges that one principal's best chains can use, up to `MAX_DEPTH` hops, one
    level at a time (a lazy graph's `OnDemand.levels`): yields (walk, depth) once the edges
    that walk follows out of the nodes up to depth - 1 are there, so that its chains of up to
    `depth` hops are final (a best-only `explain` stops there when nothing deeper can win),
    first (ALLOWED, 0): the start alone, before any edge is evaluated.

    Breadth first, once over allowed edges and once over allowed or conditional ones (the two
    walks `walks.prefixes_from` makes): a node's edges to roles the walk has already reached
    are not evaluated, since they lead nowhere shorter. The start's own edges are all there.
    Each node's new roles are taken in name order, as `walks` takes them: the first node of
    that order with an edge to a role is its parent in the walk's chains, so that edge must be
    here (in another order, an equally short chain through another role would be found).
    Past the start, each walk records only the edges it follows: the walk over allowed edges
    only those, since the others into a role it has not reached would be evaluated again by
    every node after (diverse 12k: 46k pairs, 2k allowed); the second only the allowed and
    conditional ones, since no chain follows a denied edge (one account of 12,000 principals:
    41k of the 45k edges a `role/*` holder's question wrote). Alike roles whose answer is not
    good enough are passed by group (`CandidateGroups`).
    """
    yield Verdict.ALLOWED, 0
    edges = built.assume_edges(evaluator, snapshot)
    for least in (Verdict.ALLOWED, Verdict.CONDITIONAL):
        limit = RANK[least.value]
        frontier, seen = [start], {start}
        for depth in range(MAX_DEPTH):
            if not frontier:
                break
            following: list[str] = []
            for node in frontier:
                actor = built.actors.get(node)
                if actor is None:
                    continue
                if node == start:
                    edges.out_of(actor)
                else:
                    edges.out_of(actor, seen, at_least=least)
                reached = sorted(reaching_roles(built.graph, node, limit).difference(seen))
                seen.update(reached)
                following.extend(reached)
            frontier = following
            yield least, depth + 1


def add_foreign_access(
    built: Built, evaluator: Evaluator, snapshot: Snapshot, only: Sequence[Target] = ()
) -> None:
    """Access edges from accounts outside the snapshot, and anyone, that resource policies
    name: conditional on their own identity policies, which the snapshot does not hold.
    With `only`, the edges into those domains and repositories alone."""
    known = {a.id for a in snapshot.accounts}
    org_known = not isinstance(snapshot.organization, Unknown)
    edges = AccessEdges(built.graph)
    for foreign in foreign_callers(built.targets.values(), known, snapshot.org, org_known):
        if not built.graph.has_node(foreign.node):
            built.graph.add_node(
                foreign.node,
                kind=foreign.kind,
                label=foreign.label,
                account=foreign.actor.account_id if foreign.kind == "external_account" else "",
            )
        for target in only or built.targets.values():
            capabilities = (
                (Capability.LOGIN,)
                if isinstance(target.item, Domain)
                else (Capability.READ, Capability.PUBLISH)
            )
            for capability in capabilities:
                result = capability_result(evaluator, foreign.actor, target, capability)
                if result.verdict.reaches:
                    edges.record(foreign.actor, target, result, assumed=foreign.assumed)


def unchanged(
    reuse: tuple[Snapshot, Built] | None, snapshot: Snapshot, item: User | Role
) -> Actor | None:
    """The original's actor for `item` when nothing it is built from changed: the user or
    role, its groups, the managed policies and boundary it attaches, the organisation."""
    if reuse is None:
        return None
    before, built = reuse
    actor = built.actors.get(item.arn)
    if actor is None or before.find(item.arn) is not item:
        return None
    if before.organization is not snapshot.organization:
        return None
    arns = [*item.attached_policy_arns, *([item.boundary_arn] if item.boundary_arn else [])]
    if isinstance(item, User):
        for name in item.group_names:
            group = snapshot.group(item.account_id, name)
            if before.group(item.account_id, name) is not group:
                return None
            arns.extend(group.attached_policy_arns if group is not None else ())
    if any(before.managed_policy(arn) is not snapshot.managed_policy(arn) for arn in arns):
        return None
    return actor


def _principals(snapshot: Snapshot) -> Iterable[User | Role]:
    yield from snapshot.users()
    yield from snapshot.roles()
