"""Escalation edges: steps by which a principal could make itself able to do what it cannot yet.

An auditor asks not only who can publish, but who could *become* able to: one allowed to
rewrite a repository's or domain's permissions policy can grant itself anything there; one
allowed to create an access key or a password for a user, or to rewrite a role's trust policy,
can take that user or role over. Each edge is evaluated by the same engine, under the same SCPs,
RCPs and boundaries as every other edge, in two parts: the step itself (the statement that
allows it is the edge's evidence), then the access it would give, re-evaluated with the change
applied; an edge is kept only where the change turns a verdict (docs/graph-schema.md).
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import replace

import networkx as nx

from graph.access.actors import Actor
from graph.access.assumed_widening import AssumedWidenings
from graph.access.build import Built, may_log_in
from graph.access.capabilities import Capability, Step, parse_capability
from graph.access.escalated_chains import escalated_chains
from graph.access.escalation_edge import (
    Escalation,
    allowed_on,
    gains_over,
    write_edges,
    written_by,
)
from graph.access.escalation_steps import (
    DELETE_POLICY,
    DOMAIN_POLICY,
    REPOSITORY_POLICY,
)
from graph.access.evaluator import Evaluator, StepResult, Verdict
from graph.access.prefilter import RepositoryMasks
from graph.access.queries import capability_ends, chains_to, end_targets, escalation_ends
from graph.access.results import CapabilityResult, Reach
from graph.access.takeovers import Takeovers
from graph.access.targets import Target
from graph.access.upstream_changes import upstream_changes
from graph.access.walks import Callers, assume_into
from graph.access.widening import Widenings
from graph.model import Domain
from graph.policy import CompiledPolicy
from graph.snapshot import Snapshot


class Escalations:
    """A whole graph's escalation edges (docs/graph-schema.md), added when first asked: policy
    rewrites and widenings at once, take-overs (which an administrator has into nearly every
    user and role) into a user or role when a walk reaches it, or all at once."""

    def __init__(self, built: Built, evaluator: Evaluator, snapshot: Snapshot) -> None:
        self.built = built
        widenings = Widenings(built, evaluator, snapshot)
        found = [
            *policy_rewrites(built, evaluator, snapshot),
            *upstream_changes(built, evaluator),
            *widenings,
        ]
        self.written = write_edges(built.graph, found)
        self.takeovers = Takeovers(built, evaluator, snapshot)
        self.assumed = AssumedWidenings(built, widenings, snapshot.roles())

    def count(self, *, takeovers: bool = False) -> int:
        """How many escalation edges the graph holds (with `takeovers`, every take-over and
        widening of an assumed role made)."""
        if takeovers:
            self.takeovers.all()
            self.assumed.all()
        return self.written + self.takeovers.made + self.assumed.made

    def who_could(
        self,
        resource: str,
        capability: str,
        now: Callable[[str], dict[str, Verdict]],
        every: bool,
    ) -> list[Reach]:
        """`who_could` for a capability's name (ValueError for one action); `now` gives
        today's verdicts by principal for a capability."""
        parsed = parse_capability(capability)
        if parsed is None:
            raise ValueError(
                "escalation paths are found for login, read, publish or admin, "
                f"not for one action ({capability})"
            )
        verdicts = now(parsed.value)
        for node, _ in end_targets(self.built.graph, resource, parsed.value):
            self.assumed.at(node)
        return who_could(self.built, resource, parsed.value, verdicts, every, self.takeovers)


def policy_rewrites(built: Built, evaluator: Evaluator, snapshot: Snapshot) -> Iterator[Escalation]:
    """Principals allowed to put a repository's or domain's permissions policy that would gain
    read, publish or login there by granting themselves `codeartifact:*`.

    Only principals of the owning account can be allowed these actions (resource policies
    are ignored for them, spec D.6), and only through an identity Allow that covers them.
    Each rewrite is evaluated by a fork of `evaluator` (decisions shared, keyed by policy
    text): a fork's logins per domain are its own, and a rewritten domain policy changes them.
    Repositories the build answers alike for the principal's class (`RepositoryMasks.blocks`)
    answer alike rewritten too (each gets the same policy): one evaluation per block.
    """
    g = built.graph
    fork = evaluator.fork(evaluator.book, decisions=True)
    targets = list(built.targets.values())
    setup = built.access_setup(evaluator, snapshot)
    for actor in list(built.actors.values()):
        if not may_log_in(actor):
            continue  # no sts:GetServiceBearerToken of its own: no policy of a domain gives one
        alike = _Alike(setup.masks, actor, setup.classes.keys(actor))
        for target in _named(actor, REPOSITORY_POLICY, targets, domain=False):
            step = fork.run(actor, target, Step(REPOSITORY_POLICY, target.node))
            if step.verdict.reaches:
                rewritten = [_rewritten(target, actor, domain=False)]
                capabilities = (Capability.READ, Capability.PUBLISH)
                yield from _gains(
                    g, fork, actor, step, REPOSITORY_POLICY, rewritten, capabilities, alike
                )
        for target in _named(actor, DELETE_POLICY, targets, domain=False):
            policy = target.repository_policy
            if not isinstance(policy, CompiledPolicy) or not any(
                s.is_deny for s in policy.statements
            ):
                continue  # deleting a policy without a Deny takes Allows away only
            step = fork.run(actor, target, Step(DELETE_POLICY, target.node))
            if step.verdict.reaches:
                without = [replace(target, repository_policy=None)]
                capabilities = (Capability.READ, Capability.PUBLISH)
                yield from _gains(g, fork, actor, step, DELETE_POLICY, without, capabilities)
        for target in _named(actor, DOMAIN_POLICY, targets, domain=True):
            step = fork.run(actor, target, Step(DOMAIN_POLICY, target.node))
            if step.verdict.reaches:
                domain_fork = evaluator.fork(evaluator.book, decisions=True)
                yield from _domain_rewrite(built, domain_fork, actor, target, step)


class _Alike:
    """Per capability, which block of alike repositories each repository is in for an actor's
    class, and the rewritten result of each block once evaluated."""

    def __init__(self, masks: RepositoryMasks, actor: Actor, keys: Mapping[Capability, object]):
        self.masks, self.actor, self.keys = masks, actor, keys
        self._blocks: dict[Capability, dict[str, int]] = {}
        self._results: dict[tuple[Capability, int], CapabilityResult] = {}

    def shared(
        self, target: Target
    ) -> Callable[[Capability, Callable[[], CapabilityResult]], CapabilityResult]:
        def find(
            capability: Capability, evaluate: Callable[[], CapabilityResult]
        ) -> CapabilityResult:
            block = self._block_of(capability).get(target.node)
            if block is None:
                return evaluate()
            found = self._results.get((capability, block))
            if found is None:
                found = self._results[(capability, block)] = evaluate()
            return found

        return find

    def _block_of(self, capability: Capability) -> dict[str, int]:
        found = self._blocks.get(capability)
        if found is None:
            masks = self.masks
            blocks = masks.blocks(self.actor, self.keys[capability], capability, masks.all)
            found = self._blocks[capability] = {
                t.node: i for i, block in enumerate(blocks) for t in masks.members(block)
            }
        return found


def _domain_rewrite(
    built: Built, evaluator: Evaluator, actor: Actor, domain: Target, admin: StepResult
) -> Iterator[Escalation]:
    """A domain policy rewritten: login on the domain, read and publish on its repositories."""
    rewritten = _rewritten(domain, actor, domain=True)
    yield from _gains(
        built.graph, evaluator, actor, admin, DOMAIN_POLICY, [rewritten], (Capability.LOGIN,)
    )
    repositories = [
        replace(t, domain_policy=rewritten.domain_policy)
        for t in built.targets.values()
        if t.domain_arn == domain.node and t.node != domain.node
    ]
    yield from _gains(
        built.graph,
        evaluator,
        actor,
        admin,
        DOMAIN_POLICY,
        repositories,
        (Capability.READ, Capability.PUBLISH),
    )


def _gains(
    g: nx.MultiDiGraph,
    evaluator: Evaluator,
    actor: Actor,
    admin: StepResult,
    action: str,
    targets: Iterable[Target],
    capabilities: tuple[Capability, ...],
    alike: _Alike | None = None,
) -> Iterator[Escalation]:
    """An edge per target where a capability, re-evaluated with the rewritten policy, reaches
    and is better than what the actor has now (evaluated once per block of `alike`)."""
    for target in targets:
        shared = None if alike is None else alike.shared(target)
        gained = gains_over(g, actor.node, evaluator, actor, target, capabilities, shared)
        if gained:
            gains = tuple(r.capability for r in gained)
            yield Escalation(actor.node, target.node, action, gains, admin, gained)


def _rewritten(target: Target, actor: Actor, *, domain: bool) -> Target:
    """The target with its repository (or domain) policy replaced by one granting the actor
    every CodeArtifact action, as a principal allowed to put that policy could write it."""
    what = "domain" if domain else "repository"
    policy = written_by(actor.principal_arn, actor.name, what, "codeartifact:*")
    if domain:
        return replace(target, domain_policy=policy)
    return replace(target, repository_policy=policy)


def _named(actor: Actor, action: str, targets: Iterable[Target], *, domain: bool) -> list[Target]:
    """The domains (or repositories) of the actor's account that some identity Allow of it
    covers for `action` (`allowed_on`)."""
    allowed = allowed_on(actor, action)
    if allowed is None:
        return []
    return [
        t
        for t in targets
        if isinstance(t.item, Domain) is domain
        and t.account_id == actor.account_id
        and allowed(t.node)
    ]


def who_could(
    built: Built,
    resource: str,
    capability: str,
    now: dict[str, Verdict],
    every: bool,
    takeovers: Takeovers,
) -> list[Reach]:
    """Who could reach `resource` with `capability` through at least one escalation step, and
    fare better than it does now (`now`: today's verdicts by principal): its best such chain
    (with `every`, all its chains with an escalation step). The graph must hold the edges
    `add_escalation` writes; take-overs are made into the users and roles the walk reaches."""
    g = built.graph
    ends = [
        *capability_ends(built, resource, capability),
        *escalation_ends(g, resource, capability),
    ]
    assumers = assume_into(g)

    def expand(node: str, done: Container[str], _dominated: object) -> Callers | None:
        takeovers.into(node, done)  # the walk leaves those in `done` out anyway
        return takeovers.callers(node, assumers.get(node))

    def gains(r: Reach) -> bool:
        return r.chain.escalated and (
            r.principal not in now or r.verdict.rank < now[r.principal].rank
        )

    found = chains_to(g, ends, resource, capability, False, expand, escalation=True)
    if every:  # a principal has a chain that gains when its best one does (`escalated_chains`)
        takeovers.all()
        gainers = {r.principal for r in found if gains(r)}
        found = escalated_chains(g, ends, gainers, resource, capability)
    return [r for r in found if gains(r)]
