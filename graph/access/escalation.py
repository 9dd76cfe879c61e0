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

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Final

import networkx as nx

from graph.access.actors import Actor
from graph.access.build import Built
from graph.access.capabilities import Capability, Step
from graph.access.capability_eval import capability_result
from graph.access.escalation_edge import Escalation
from graph.access.escalation_steps import (
    BECOME,
    DOMAIN_POLICY,
    REPOSITORY_POLICY,
    ROLE_TAKEOVER,
    USER_TAKEOVERS,
    edge_key,
)
from graph.access.evaluator import Evaluator, StepResult, Verdict, statement_matches
from graph.access.labels import RANK
from graph.access.queries import capability_ends, chains_to, escalation_ends
from graph.access.results import CapabilityResult, Reach
from graph.access.targets import Target, rcp_levels
from graph.access.trust import run_actor
from graph.access.widening import Widenings
from graph.model import Domain, Role
from graph.policy import Layer, compile_policy
from graph.snapshot import Snapshot

_DENIED: Final = Verdict.DENIED.rank


def add_escalation(built: Built, evaluator: Evaluator, snapshot: Snapshot) -> int:
    """Add every escalation edge to a whole graph (its access and trust edges made); returns
    how many. Policy rewrites and widenings first: a take-over is kept only where the user
    or role taken over stands better somewhere than the one taking it (`Standing`), and what
    the taken one could gain by escalation counts too."""
    g = built.graph
    found = [*policy_rewrites(built, evaluator), *Widenings(built, evaluator, snapshot)]
    written = _write(g, found)
    taken = list(takeovers(built, evaluator, snapshot, Standing(g, built.actors)))
    return written + _write(g, taken)


def _write(g: nx.MultiDiGraph, found: list[Escalation]) -> int:
    """Write the edges, one per (source, target, action): the best verdict, the first found on
    a tie (the principal itself before a role it assumes); returns how many."""
    best: dict[tuple[str, str, str], Escalation] = {}
    for item in found:
        where = (item.source, item.target, edge_key(item.action))
        known = best.get(where)
        if known is None or item.verdict.rank < known.verdict.rank:
            best[where] = item
    for (source, target, key), item in best.items():
        g.add_edge(source, target, key=key, **item.data())
    return len(best)


class Standing:
    """What a user or role reaches in one step, by (edge key, target) with the verdict rank:
    its access, the roles it may assume, its escalations. One whose standing is no better
    anywhere than another's gives that other nothing by being taken over: every chain through
    it has one as good through the other."""

    def __init__(self, g: nx.MultiDiGraph, actors: Mapping[str, Actor]) -> None:
        self.g, self.actors = g, actors
        self._known: dict[str, dict[tuple[str, str], int]] = {}

    def of(self, node: str) -> dict[tuple[str, str], int]:
        found = self._known.get(node)
        if found is None:
            found = self._known[node] = {
                (key, target): rank
                for target, keys in self.g._succ.get(node, {}).items()
                for key, data in keys.items()
                if (rank := RANK.get(str(data.get("verdict")), _DENIED)) < _DENIED
            }
            actor = self.actors.get(node)
            if actor is not None and _may_take_over(actor):
                found[("takes over", "")] = 0  # whom it could take over in turn
        return found

    def better(self, taken: str, taker: str) -> bool:
        """Whether `taken` stands better than `taker` somewhere."""
        mine, theirs = self.of(taker), self.of(taken)
        if theirs.items() <= mine.items():
            return False
        return any(mine.get(key, _DENIED) > rank for key, rank in theirs.items())


def policy_rewrites(built: Built, evaluator: Evaluator) -> Iterator[Escalation]:
    """Principals allowed to put a repository's or domain's permissions policy that would gain
    read, publish or login there by granting themselves `codeartifact:*`.

    Only principals of the owning account can be allowed these actions (resource policies
    are ignored for them, spec D.6), and only through an identity Allow that covers them.
    Each rewrite is evaluated by a fork of `evaluator` (decisions shared, keyed by policy
    text): a fork's logins per domain are its own, and a rewritten domain policy changes them.
    """
    g = built.graph
    fork = evaluator.fork(evaluator.book, decisions=True)
    targets = list(built.targets.values())
    for actor in list(built.actors.values()):
        for target in _named(actor, REPOSITORY_POLICY, targets, domain=False):
            step = fork.run(actor, target, Step(REPOSITORY_POLICY, target.node))
            if step.verdict.reaches:
                rewritten = [_rewritten(target, actor, domain=False)]
                capabilities = (Capability.READ, Capability.PUBLISH)
                yield from _gains(g, fork, actor, step, REPOSITORY_POLICY, rewritten, capabilities)
        for target in _named(actor, DOMAIN_POLICY, targets, domain=True):
            step = fork.run(actor, target, Step(DOMAIN_POLICY, target.node))
            if step.verdict.reaches:
                domain_fork = evaluator.fork(evaluator.book, decisions=True)
                yield from _domain_rewrite(built, domain_fork, actor, target, step)


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
) -> Iterator[Escalation]:
    """An edge per target where a capability, re-evaluated with the rewritten policy, reaches
    and is better than what the actor has now."""
    for target in targets:
        gained: list[CapabilityResult] = []
        for capability in capabilities:
            after = capability_result(evaluator, actor, target, capability)
            now = _now(g, actor.node, target.node, capability)
            if after.verdict.reaches and after.verdict.rank < now.rank:
                gained.append(after)
        if gained:
            gains = tuple(r.capability for r in gained)
            yield Escalation(actor.node, target.node, action, gains, admin, tuple(gained))


def _rewritten(target: Target, actor: Actor, *, domain: bool) -> Target:
    """The target with its repository (or domain) policy replaced by one granting the actor
    every CodeArtifact action, as a principal allowed to put that policy could write it."""
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "GrantedToItself",
                "Effect": "Allow",
                "Principal": {"AWS": actor.principal_arn},
                "Action": "codeartifact:*",
                "Resource": "*",
            }
        ],
    }
    if domain:
        label = f"domain policy {target.domain_arn.rsplit('/', 1)[-1]} as {actor.name} rewrote it"
        policy = compile_policy(document, name=label, kind=Layer.RESOURCE)
        return replace(target, domain_policy=policy)
    name = target.node.split(":repository/", 1)[-1]
    label = f"repository policy {name} as {actor.name} rewrote it"
    policy = compile_policy(document, name=label, kind=Layer.RESOURCE)
    return replace(target, repository_policy=policy)


def takeovers(
    built: Built, evaluator: Evaluator, snapshot: Snapshot, standing: Standing
) -> Iterator[Escalation]:
    """Principals that could take over a user of their account (an access key, a password) or
    a role (its trust policy rewritten to trust them, then assumed), where the one taken over
    stands better somewhere (`Standing`)."""
    users = [a.node for a in built.actors.values() if a.kind == "user"]
    roles = {r.arn: r for r in snapshot.roles()}
    for actor in list(built.actors.values()):
        if actor.node.startswith("account:"):
            continue
        for action in USER_TAKEOVERS:
            for user in _arns(actor, action, users):
                if not standing.better(user, actor.node):
                    continue
                step = evaluator.run(actor, None, Step(action, user))
                if step.verdict.reaches:
                    yield Escalation(actor.node, user, action, (BECOME,), step, ())
        for arn in _arns(actor, ROLE_TAKEOVER, roles):
            if not standing.better(arn, actor.node):
                continue
            found = _role_takeover(built, evaluator, snapshot, actor, roles[arn])
            if found is not None:
                yield found


def _role_takeover(
    built: Built, evaluator: Evaluator, snapshot: Snapshot, actor: Actor, role: Role
) -> Escalation | None:
    """The actor rewrites the role's trust to name it, then assumes the role: both evaluated;
    nothing when it may assume the role as well already."""
    step = evaluator.run(actor, None, Step(ROLE_TAKEOVER, role.arn))
    if not step.verdict.reaches:
        return None
    now = built.graph._succ.get(actor.node, {}).get(role.arn, {}).get("can_assume")
    if now is not None and str(now.get("verdict")) == Verdict.ALLOWED.value:
        return None
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "TrustsItself",
                "Effect": "Allow",
                "Principal": {"AWS": actor.principal_arn},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    label = f"trust policy of role/{role.name} as {actor.name} rewrote it"
    trust = compile_policy(document, name=label, kind=Layer.RESOURCE)
    rcps = rcp_levels(snapshot, evaluator.book, role.account_id)[0]
    assumed = run_actor(evaluator, actor, role, trust, rcps)
    if not assumed.verdict.reaches:
        return None
    if now is not None and Verdict(str(now.get("verdict"))).rank <= assumed.verdict.rank:
        return None
    return Escalation(actor.node, role.arn, ROLE_TAKEOVER, (BECOME,), step, (assumed,))


def _named(actor: Actor, action: str, targets: Iterable[Target], *, domain: bool) -> list[Target]:
    """The domains (or repositories) of the actor's account that some identity Allow of it
    covers for `action` (all of them when one of its policies cannot be read)."""
    statements = [s for p in actor.identity for s in p.for_action(action.lower())[0]]
    if not statements and not actor.unreadable:
        return []
    return [
        t
        for t in targets
        if isinstance(t.item, Domain) is domain
        and t.account_id == actor.account_id
        and (actor.unreadable or any(statement_matches(s, t.node) is not False for s in statements))
    ]


def _may_take_over(actor: Actor) -> bool:
    """Some identity Allow of the actor covers a take-over action (or a policy is unreadable)."""
    return bool(actor.unreadable) or any(
        p.for_action(a.lower())[0] for p in actor.identity for a in (*USER_TAKEOVERS, ROLE_TAKEOVER)
    )


def _arns(actor: Actor, action: str, arns: Iterable[str]) -> list[str]:
    """The IAM ARNs of the actor's account, but its own, that some identity Allow of it covers
    for `action` (all of them when one of its policies cannot be read)."""
    statements = [s for p in actor.identity for s in p.for_action(action.lower())[0]]
    if not statements and not actor.unreadable:
        return []
    prefix = f"arn:aws:iam::{actor.account_id}:"
    return [
        arn
        for arn in arns
        if arn != actor.node
        and arn.startswith(prefix)
        and (actor.unreadable or any(statement_matches(s, arn) is not False for s in statements))
    ]


def _now(g: nx.MultiDiGraph, source: str, target: str, capability: Capability) -> Verdict:
    data = g._succ.get(source, {}).get(target, {}).get(f"access:{capability.value}")
    return Verdict.DENIED if data is None else Verdict(str(data["verdict"]))


def who_could(
    built: Built, resource: str, capability: str, now: dict[str, Verdict], every: bool
) -> list[Reach]:
    """Who could reach `resource` with `capability` through at least one escalation step, and
    fare better than it does now (`now`: today's verdicts by principal): its best such chain
    (with `every`, all its chains with an escalation step). The graph must hold the
    escalation edges (`add_escalation`)."""
    g = built.graph
    ends = [
        *capability_ends(built, resource, capability),
        *escalation_ends(g, resource, capability),
    ]
    found = chains_to(g, ends, resource, capability, every, escalation=True)
    return [
        r
        for r in found
        if r.chain.escalated and (r.principal not in now or r.verdict.rank < now[r.principal].rank)
    ]
