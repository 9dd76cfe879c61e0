"""Decides steps for actors on targets, sharing every decision between equivalent principals.

Two principals get the same answer for a step when they share account, kind, identity policies,
boundary and the resource policies in play, unless a policy reads who the caller is (user name,
`aws:PrincipalArn`, a policy variable), names the caller, or reads principal tags. The cache key
holds exactly those parts, so bulk work never evaluates the same policy set twice.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from graph.access.actors import Actor
from graph.access.capabilities import Step
from graph.access.policies import PolicyBook, Unreadable
from graph.access.targets import Target
from graph.policy import CompiledPolicy, CompiledStatement, Decision, Outcome, Request, evaluate
from graph.policy.model import ABSENT, ContextValue

DEFAULT_CONTEXT: Final[Mapping[str, ContextValue]] = {
    "aws:SecureTransport": True,
    "aws:ViaAWSService": False,
    "aws:PrincipalIsAWSService": False,
}
"""What every package-manager or CLI call to CodeArtifact carries (HTTPS, signed by the caller)."""


class Verdict(enum.StrEnum):
    """How an access question comes out in the graph."""

    ALLOWED = "allowed"
    CONDITIONAL = "conditional"
    UNKNOWN = "unknown"
    DENIED = "denied"

    @property
    def rank(self) -> int:
        """Higher is worse; combining steps keeps the worst."""
        return _RANK[self]

    @property
    def reaches(self) -> bool:
        """Allowed, or allowed if conditions hold."""
        return self in (Verdict.ALLOWED, Verdict.CONDITIONAL)


_RANK: Final = {Verdict.ALLOWED: 0, Verdict.CONDITIONAL: 1, Verdict.UNKNOWN: 2, Verdict.DENIED: 3}


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The worst verdict (ALLOWED for none)."""
    return max(verdicts, key=lambda v: v.rank, default=Verdict.ALLOWED)


@dataclass(frozen=True)
class StepResult:
    """One step's decision, its verdict, and the unreadable policies that made it unknown."""

    step: Step
    decision: Decision
    verdict: Verdict
    unreadable: tuple[Unreadable, ...] = ()


def verdict_of(decision: Decision, unreadable: tuple[Unreadable, ...]) -> Verdict:
    """Allowed / conditional / denied, or unknown when an unreadable policy could change it."""
    if decision.outcome is Outcome.EXPLICIT_DENY:
        return Verdict.DENIED
    if unreadable:
        return Verdict.UNKNOWN
    if decision.outcome is Outcome.IMPLICIT_DENY:
        return Verdict.DENIED
    return Verdict.CONDITIONAL if decision.unknowns else Verdict.ALLOWED


class Evaluator:
    """Cached, discover-mode evaluation of steps, under the caller's context assumptions."""

    def __init__(self, book: PolicyBook, assumptions: Mapping[str, ContextValue] | None = None):
        self.book = book
        self.assumptions: dict[str, ContextValue] = {**DEFAULT_CONTEXT, **(assumptions or {})}
        self._cache: dict[tuple[object, ...], Decision] = {}
        self._actor_keys: dict[tuple[str, str], tuple[tuple[object, ...], bool, bool]] = {}
        self._resource_keys: dict[tuple[object, ...], tuple[bool, bool]] = {}
        self._matches: dict[tuple[int, str], object] = {}
        self.evaluations = 0

    def run(self, actor: Actor, target: Target | None, step: Step) -> StepResult:
        """The result of one step (`target` None for a step on a role, see `trust`)."""
        if target is None or step.identity_only:
            resource_policies: tuple[CompiledPolicy, ...] = ()
            bad: tuple[Unreadable, ...] = ()
            rcps: tuple[tuple[CompiledPolicy, ...], ...] = ()
        else:
            resource_policies, bad = target.policies_for(step.resource)
            rcps = target.rcps
            bad = (*bad, *target.rcp_unreadable)
        decision = self.decide(actor, step, resource_policies, rcps, target)
        unreadable = (*actor.unreadable, *bad)
        return StepResult(step, decision, verdict_of(decision, unreadable), unreadable)

    def decide(
        self,
        actor: Actor,
        step: Step,
        resource_policies: tuple[CompiledPolicy, ...],
        rcps: tuple[tuple[CompiledPolicy, ...], ...],
        target: Target | None,
    ) -> Decision:
        """The engine's decision, from the cache when an equivalent request was decided."""
        key = self._key(actor, step, resource_policies, rcps)
        found = self._cache.get(key)
        if found is None:
            found = evaluate(
                self.request(actor, step, target),
                identity_policies=actor.identity,
                resource_policies=resource_policies,
                permission_boundaries=actor.boundary,
                scps=actor.scps,
                rcps=rcps,
                mode="discover",
            )
            self._cache[key] = found
            self.evaluations += 1
        return found

    def request(self, actor: Actor, step: Step, target: Target | None) -> Request:
        """The request an actor makes for a step."""
        tags = None
        if target is not None and step.resource in (target.node, target.domain_arn):
            tags = target.tags
        context: dict[str, ContextValue] = {**step.context, **self.assumptions}
        if actor.org_id is None and actor.org_known:
            context.setdefault("aws:PrincipalOrgID", ABSENT)
            context.setdefault("aws:PrincipalOrgPaths", ABSENT)
        return Request(
            principal=actor.caller,
            action=step.action,
            resource=step.resource,
            context=context,
            principal_arn=actor.principal_arn,
            principal_tags=actor.tags,
            principal_org_id=actor.org_id,
            principal_org_paths=actor.org_paths,
            user_id=actor.user_id or None,
            resource_tags=tags,
        )

    def _key(
        self,
        actor: Actor,
        step: Step,
        resource_policies: tuple[CompiledPolicy, ...],
        rcps: tuple[tuple[CompiledPolicy, ...], ...],
    ) -> tuple[object, ...]:
        action = step.action.lower()
        side, specific, tagged = self._actor_side(actor, action)
        r_specific, r_tagged = self._resource_side(resource_policies, rcps, action)
        specific = (
            specific
            or r_specific
            or any(
                actor.principal_arn in p.source or f"/{actor.name}/" in p.source
                for p in resource_policies
            )
        )
        return (
            actor.node if specific else (actor.account_id, actor.kind),
            tuple(sorted(actor.tags.items())) if tagged or r_tagged else None,
            side,
            tuple(id(p) for p in resource_policies),
            tuple(tuple(id(p) for p in level) for level in rcps),
            action,
            self._resource_signature(actor, action, step.resource, resource_policies, rcps),
        )

    def _resource_signature(
        self,
        actor: Actor,
        action: str,
        resource: str,
        resource_policies: tuple[CompiledPolicy, ...],
        rcps: tuple[tuple[CompiledPolicy, ...], ...],
    ) -> tuple[object, ...]:
        """What of the resource ARN can change the answer: which covering statements match it.

        Two resources that every covering statement matches alike, in the same account and
        region, get the same answer, so one evaluation serves both (a repository's packages,
        the repositories of a domain…). A Resource pattern with a policy variable depends on
        the caller too, so the ARN itself is kept then.
        """
        if resource == "*":
            return ("*",)
        parts = resource.split(":", 5)
        statements = [
            s
            for p in (
                *actor.identity,
                *(actor.boundary or ()),
                *resource_policies,
                *(p for level in actor.scps for p in level),
                *(p for level in rcps for p in level),
            )
            for group in p.for_action(action)
            for s in group
        ]
        bits: list[object] = [
            parts[3] if len(parts) == 6 else "",
            parts[4] if len(parts) == 6 else "",
        ]
        cache = self._matches
        for stmt in statements:
            key = (id(stmt), resource)
            found = cache.get(key)
            if found is None:
                found = _matches(stmt, resource)
                cache[key] = found
            bits.append(found)
        return tuple(bits)

    def _actor_side(self, actor: Actor, action: str) -> tuple[tuple[object, ...], bool, bool]:
        """What of the actor decides `action`: covering statements, boundary, SCP levels."""
        key = (actor.node, action)
        found = self._actor_keys.get(key)
        if found is None:
            book = self.book
            covering = [p for p in actor.identity if _covers(p, action)]
            boundary = [p for p in actor.boundary or () if _covers(p, action)]
            scps = [p for level in actor.scps for p in level]
            in_play = (*covering, *boundary, *scps)
            found = (
                (
                    _statement_ids(covering, action),
                    None if actor.boundary is None else _statement_ids(boundary, action),
                    tuple(tuple(id(p) for p in level) for level in actor.scps),
                ),
                any(book.principal_specific(p, action) for p in in_play),
                any(book.tag_specific(p, action) for p in in_play),
            )
            self._actor_keys[key] = found
        return found

    def _resource_side(
        self,
        resource_policies: tuple[CompiledPolicy, ...],
        rcps: tuple[tuple[CompiledPolicy, ...], ...],
        action: str,
    ) -> tuple[bool, bool]:
        """Whether the resource-side policies read who the caller is, or its tags."""
        key = (
            tuple(id(p) for p in resource_policies),
            tuple(id(p) for lv in rcps for p in lv),
            action,
        )
        found = self._resource_keys.get(key)
        if found is None:
            in_play = (*resource_policies, *(p for level in rcps for p in level))
            found = (
                any(self.book.principal_specific(p, action) for p in in_play),
                any(self.book.tag_specific(p, action) for p in in_play),
            )
            self._resource_keys[key] = found
        return found


def _covers(policy: CompiledPolicy, action: str) -> bool:
    allows, denies = policy.for_action(action)
    return bool(allows or denies)


def _statement_ids(policies: list[CompiledPolicy], action: str) -> tuple[int, ...]:
    """The statements that cover an action: only they can change the identity side's answer."""
    ids: list[int] = []
    for policy in policies:
        allows, denies = policy.for_action(action)
        ids.extend(id(s) for s in (*allows, *denies))
    return tuple(sorted(ids))


def _matches(stmt: CompiledStatement, resource: str) -> object:
    """Whether a statement's Resource/NotResource element covers `resource`; the ARN itself
    when a policy variable makes that depend on the caller."""
    if stmt.resource_implied:
        return True
    hit = False
    for pattern in stmt.resources:
        if pattern.matcher is None:
            return resource
        if pattern.matcher(resource):
            hit = True
            break
    return hit != stmt.not_resource
