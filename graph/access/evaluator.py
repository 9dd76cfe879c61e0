"""Decides steps for actors on targets, sharing every decision between equivalent principals.

Two principals get the same answer for a step when they share account, kind, identity policies,
boundary and the resource policies in play, unless a policy names the caller, reads it through a
policy variable, reads principal tags, or tests who it is (user name, `aws:PrincipalArn`) with an
outcome that differs between them. The cache key holds exactly those parts, so bulk work never
evaluates the same policy set twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from itertools import repeat
from typing import Final

from graph.access.actors import Actor, Named
from graph.access.capabilities import Step
from graph.access.key_parts import (
    ActorPart,
    ResourcePart,
    ScpShare,
    Share,
    either,
    resource_tags,
    statement_ids,
)
from graph.access.keys import relabel, statement_matches
from graph.access.policies import PolicyBook, Unreadable
from graph.access.targets import Target
from graph.access.verdicts import StepResult, Verdict, verdict_of, worst
from graph.policy import (
    CompiledPolicy,
    CompiledStatement,
    Decision,
    Outcome,
    Request,
    clause_outcomes,
    decide,
    denied_outright,
    prepare,
)
from graph.policy.conditions import Clause
from graph.policy.inputs import Inputs
from graph.policy.model import ABSENT, ContextValue

_ABSENT_STS_KEYS: Final[Mapping[str, ContextValue]] = {
    "sts:AWSServiceName": ABSENT,
    "sts:DurationSeconds": ABSENT,
}
"""STS's service keys: known absent from every request that is not an STS call (a
CodeArtifact call never carries them), so a condition on them there fails rather than waits."""

DEFAULT_CONTEXT: Final[Mapping[str, ContextValue]] = {
    "aws:SecureTransport": True,
    "aws:ViaAWSService": False,
    "aws:PrincipalIsAWSService": False,
}
"""What every package-manager or CLI call to CodeArtifact carries (HTTPS, signed by the caller)."""


__all__ = ["StepResult", "Verdict", "relabel", "statement_matches", "verdict_of", "worst"]


def _resource_side(
    actor: Actor, target: Target | None, step: Step
) -> tuple[
    tuple[CompiledPolicy, ...], tuple[tuple[CompiledPolicy, ...], ...], tuple[Unreadable, ...]
]:
    """The resource policies, RCP levels and unreadable ones a step meets (none for a step on
    a role's trust or one no resource policy can grant; service-linked roles skip RCPs)."""
    if target is None or step.identity_only:
        return (), (), ()
    resource_policies, bad = target.policies_for(step.resource)
    if actor.service_linked:
        return resource_policies, (), bad
    return resource_policies, target.rcps, (*bad, *target.rcp_unreadable)


class Evaluator:
    """Cached, discover-mode evaluation of steps, under the caller's context assumptions."""

    def __init__(self, book: PolicyBook, assumptions: Mapping[str, ContextValue] | None = None):
        self.book = book
        self.assumptions: dict[str, ContextValue] = {**DEFAULT_CONTEXT, **(assumptions or {})}
        self._cache: dict[tuple[object, ...], tuple[Decision, tuple[CompiledPolicy, ...]]] = {}
        self._contents: dict[int, tuple[CompiledPolicy, int]] = {}
        self._content_ids: dict[tuple[str, str], int] = {}
        self._actor_parts: dict[tuple[str, str], ActorPart] = {}
        self._resource_parts: dict[tuple[object, ...], ResourcePart] = {}
        self._matched_ids: dict[tuple[int, str], int] = {}
        self._sides: dict[tuple[object, ...], int] = {}
        self._principals: dict[int, Named] = {}
        self._classes: dict[tuple[str, tuple[str, ...]], object] = {}
        self._rcp_ids: dict[int, tuple[object, tuple[tuple[int, ...], ...]]] = {}
        self._policy_ids: dict[int, tuple[object, tuple[int, ...]]] = {}
        self._domain_steps: dict[tuple[object, ...], StepResult] = {}
        self._shares: dict[tuple[int, str], tuple[CompiledPolicy, Share]] = {}
        self._scp_shares: dict[tuple[int, str], tuple[object, ScpShare]] = {}
        self._seen: dict[tuple[str, tuple[Clause, ...]], tuple[object, ...]] = {}
        self._relabeled: dict[tuple[int, int], tuple[Decision, object, Decision]] = {}
        self._outright: dict[tuple[object, ...], bool] = {}
        self.evaluations = 0

    def run(
        self, actor: Actor, target: Target | None, step: Step, *, fresh: bool = False
    ) -> StepResult:
        """The result of one step (`target` None for a step on a role, see `trust`).

        `fresh` evaluates this very request instead of sharing an equivalent one's decision:
        explanations need it, since their sentences name the principal and resource.
        """
        memo: tuple[object, ...] | None = None
        if not fresh and target is not None and step.resource in ("*", target.domain_arn):
            # a login step answers alike for every repository of the domain
            memo = (
                actor.node,
                step.action,
                step.resource,
                *step.context.items(),
                target.domain_arn,
                target.account_id,
            )
            known = self._domain_steps.get(memo)
            if known is not None:
                return known
        resource_policies, rcps, bad = _resource_side(actor, target, step)
        decision = self.decide(actor, step, resource_policies, rcps, target, fresh=fresh)
        unreadable = (*actor.unreadable, *bad)
        result = StepResult(step, decision, verdict_of(decision, unreadable), unreadable)
        if memo is not None:
            self._domain_steps[memo] = result
        return result

    def denied_outright(self, actor: Actor, target: Target, step: Step) -> bool:
        """Whether the step's decision is an explicit deny, learnt from the decision when it
        was made, else from the Deny statements alone (shared as decisions are)."""
        resource_policies, rcps, _ = _resource_side(actor, target, step)
        key = self._key(actor, step, resource_policies, rcps, target)
        decided = self._cache.get(key)
        if decided is not None:
            return decided[0].outcome is Outcome.EXPLICIT_DENY
        found = self._outright.get(key)
        if found is None:
            inputs = self._inputs(actor, step, resource_policies, rcps, target)
            found = self._outright[key] = denied_outright(inputs)
        return found

    def decide(
        self,
        actor: Actor,
        step: Step,
        resource_policies: tuple[CompiledPolicy, ...],
        rcps: tuple[tuple[CompiledPolicy, ...], ...],
        target: Target | None,
        *,
        fresh: bool = False,
    ) -> Decision:
        """The engine's decision, from the cache when an equivalent request was decided.

        Only a `fresh` decision can be explained layer by layer (`Decision.explain`): a shared
        one drops the engine's inputs, which would otherwise stay alive for every decision of
        the build (a sixth of its memory)."""
        if fresh:
            return decide(self._inputs(actor, step, resource_policies, rcps, target))
        key = self._key(actor, step, resource_policies, rcps, target)
        found = self._cache.get(key)
        if found is None:
            decision = replace(
                decide(self._inputs(actor, step, resource_policies, rcps, target)), _inputs=None
            )
            self._cache[key] = (decision, resource_policies)
            self.evaluations += 1
            return decision
        decision, used = found
        if used == resource_policies:
            return decision
        if target is None:  # a role's trust: its one-policy tuple is made per question
            return relabel(decision, used, resource_policies)
        # a target's policies are one tuple for its life: named once per decision and target
        memo = (id(decision), id(resource_policies))
        named = self._relabeled.get(memo)
        if named is None or named[0] is not decision or named[1] is not resource_policies:
            named = (decision, resource_policies, relabel(decision, used, resource_policies))
            self._relabeled[memo] = named
        return named[2]

    def _content_id(self, policy: CompiledPolicy) -> int:
        """One number for every resource policy with the same text and kind.

        Roles whose trust policies read alike (every role trusting the account root), and
        repositories with the same policy, then share decisions; `relabel` names the policy
        that actually applies in the shared decision's statements.
        """
        known = self._contents.get(id(policy))
        if known is None or known[0] is not policy:
            number = self._content_ids.setdefault(
                (policy.kind.value, policy.source), len(self._content_ids)
            )
            known = self._contents[id(policy)] = (policy, number)
        return known[1]

    def _inputs(
        self,
        actor: Actor,
        step: Step,
        resource_policies: tuple[CompiledPolicy, ...],
        rcps: tuple[tuple[CompiledPolicy, ...], ...],
        target: Target | None,
    ) -> Inputs:
        """The engine's prepared inputs for one step."""
        return prepare(
            self.request(actor, step, target),
            identity_policies=actor.identity,
            resource_policies=resource_policies,
            permission_boundaries=actor.boundary,
            scps=actor.scps,
            rcps=rcps,
            mode="discover",
        )

    def request(self, actor: Actor, step: Step, target: Target | None) -> Request:
        """The request an actor makes for a step."""
        tags = resource_tags(target, step.resource)
        context: dict[str, ContextValue] = {**step.context, **self.assumptions}
        if not step.action.lower().startswith("sts:"):
            for key, value in _ABSENT_STS_KEYS.items():
                context.setdefault(key, value)
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
            resource_is_pattern=step.pattern,
        )

    def _key(
        self,
        actor: Actor,
        step: Step,
        resource_policies: tuple[CompiledPolicy, ...],
        rcps: tuple[tuple[CompiledPolicy, ...], ...],
        target: Target | None,
    ) -> tuple[object, ...]:
        """Everything the answer depends on, built from parts memoised per actor and resource."""
        action = step.action.lower()
        part = self._actor_parts.get((actor.node, action))
        if part is None:
            part = self._actor_part(actor, action)
        held = self._policy_ids.get(id(resource_policies))
        if held is None or held[0] is not resource_policies:
            ids = tuple(map(self._content_id, resource_policies))
            held = self._policy_ids[id(resource_policies)] = (resource_policies, ids)
        policy_ids = held[1]
        known = self._rcp_ids.get(id(rcps))
        if known is None or known[0] is not rcps:
            known = self._rcp_ids[id(rcps)] = (rcps, tuple(tuple(map(id, lv)) for lv in rcps))
        rcp_ids = known[1]
        resource = step.resource
        rkey = (resource, action, policy_ids, rcp_ids)
        rpart = self._resource_parts.get(rkey)
        if rpart is None:
            rpart = self._resource_part(rkey, resource_policies, rcps, action, target)
        specific = part.specific or rpart.reads is None
        if not specific and resource_policies:
            specific = any(self.names(p, actor) for p in resource_policies)
        who: object = actor.node if specific else part.who
        if rpart.reads and not specific:
            who = (who, self.seen_as(actor, rpart.reads))
        matched_key = (part.side_id, resource)
        matched = self._matched_ids.get(matched_key)
        if matched is None:
            found = ("matched", *self._matched(part.statements, resource))
            matched = self._matched_ids[matched_key] = self._sides.setdefault(
                found, len(self._sides)
            )
        return (
            who,
            part.tags if part.tagged or rpart.tagged else None,
            part.shape,
            rpart.shared,
            rpart.tags if rpart.reads_tags or part.reads_resource_tags else None,
            matched,
        )

    def shared_key(
        self,
        actor: Actor,
        actions: tuple[str, ...],
        *,
        personal: bool,
        tagged: bool,
        reads: tuple[Clause, ...] = (),
    ) -> object:
        """Equal for actors that share every answer for these actions: the actor itself when
        a resource-side policy names who it is or reads it through a variable (`personal`),
        its class otherwise, with its tags when a resource-side policy reads principal tags
        (`tagged`) and how it fares on the tests that read who it is (`reads`)."""
        if personal:
            return actor.node
        key = self.actor_class(actor, actions)
        if not isinstance(key, tuple):
            return key
        if tagged:
            key = (*key, tuple(sorted(actor.tags.items())))
        if reads:
            key = (*key, self.seen_as(actor, reads))
        return key

    def seen_as(self, actor: Actor, clauses: tuple[Clause, ...]) -> tuple[object, ...]:
        """How each test that reads who the caller is (`PolicyBook.reading_clauses`) comes
        out for this actor: the keys it reads are the actor's own, alike for every action."""
        memo = (actor.node, clauses)
        found = self._seen.get(memo)
        if found is None:
            request = self.request(actor, Step("sts:GetCallerIdentity", "*"), None)
            found = self._seen[memo] = clause_outcomes(request, clauses)
        return found

    def reading(
        self, policies: tuple[CompiledPolicy, ...], actions: tuple[str, ...]
    ) -> tuple[Clause, ...] | None:
        """The tests of these policies' statements covering the actions that read who the
        caller is, each once; None when one reads it through a policy variable."""
        found: dict[int, Clause] = {}
        for action in actions:
            for policy in policies:
                clauses = self.book.reading_clauses(policy, action)
                if clauses is None:
                    return None
                found.update((id(c), c) for c in clauses)
        return tuple(found.values())

    def actor_class(self, actor: Actor, actions: tuple[str, ...]) -> object:
        """A key equal for actors whose requests for these actions get the same answers."""
        memo = (actor.node, actions)
        found = self._classes.get(memo)
        if found is None:
            found = self._classes[memo] = self._actor_class(actor, actions)
        return found

    def _actor_class(self, actor: Actor, actions: tuple[str, ...]) -> object:
        parts = []
        for action in actions:
            part = self._actor_parts.get((actor.node, action)) or self._actor_part(actor, action)
            if part.specific:
                return actor.node
            parts.append(part)
        tagged = any(p.tagged for p in parts)
        return (
            actor.account_id,
            actor.kind,
            tuple(sorted(actor.tags.items())) if tagged else None,
            tuple(p.side_id for p in parts),
            # what the statements do not show: a policy that cannot be read makes answers
            # unknown (and is named in them), and a service-linked role meets no RCP
            actor.unreadable,
            actor.service_linked,
        )

    def names(self, policy: CompiledPolicy, actor: Actor) -> bool:
        """Whether a resource policy names this user, role or one of its sessions."""
        named = self._principals.get(id(policy))
        if named is None:
            named = self._principals[id(policy)] = Named.of((policy,))
        return named.names(actor)

    def _actor_part(self, actor: Actor, action: str) -> ActorPart:
        """The caller's side of the key for an action: covering statements, boundary, SCPs
        (each policy's and each SCP set's share read once, `_summary`)."""
        summary = self._summary
        covering = [f for f in map(summary, actor.identity, repeat(action)) if f.ids]
        boundary = [f for f in map(summary, actor.boundary or (), repeat(action)) if f.ids]
        scps = self._scp_summary(actor.scps, action)
        side = (
            statement_ids(covering),
            None if actor.boundary is None else statement_ids(boundary),
            scps.levels,
        )
        side_id = self._sides.setdefault(side, len(self._sides))
        shape = (actor.boundary is None, side[2])
        shares: list[Share | ScpShare] = [*covering, *boundary, scps]
        statements = tuple(s for f in shares for s in f.statements)
        specific, tagged, reads_resource_tags = either(f.flags for f in shares)
        part = ActorPart(
            who=(actor.account_id, actor.kind),
            side_id=side_id,
            shape=self._sides.setdefault(("shape", shape), len(self._sides)),
            statements=statements,
            specific=specific,
            tagged=tagged,
            reads_resource_tags=reads_resource_tags,
            tags=tuple(sorted(actor.tags.items())),
        )
        self._actor_parts[(actor.node, action)] = part
        return part

    def _summary(self, policy: CompiledPolicy, action: str) -> Share:
        """What one policy brings to a caller's side for an action."""
        key = (id(policy), action)
        found = self._shares.get(key)
        if found is None or found[0] is not policy:
            allows, denies = policy.for_action(action)
            statements = (*allows, *denies)
            share = Share(
                tuple(id(s) for s in statements), statements, self.book.flags(policy, action)
            )
            found = self._shares[key] = (policy, share)
        return found[1]

    def _scp_summary(self, scps: tuple[tuple[CompiledPolicy, ...], ...], action: str) -> ScpShare:
        """What a caller's SCPs bring (every one of them, covering or not): alike for every
        caller of an account."""
        key = (id(scps), action)
        found = self._scp_shares.get(key)
        if found is None or found[0] is not scps:
            shares = [self._summary(p, action) for level in scps for p in level]
            share = ScpShare(
                tuple(tuple(map(id, level)) for level in scps),
                tuple(s for f in shares for s in f.statements),
                either(f.flags for f in shares),
            )
            found = self._scp_shares[key] = (scps, share)
        return found[1]

    def _resource_part(
        self,
        rkey: tuple[object, ...],
        resource_policies: tuple[CompiledPolicy, ...],
        rcps: tuple[tuple[CompiledPolicy, ...], ...],
        action: str,
        target: Target | None,
    ) -> ResourcePart:
        """The resource's side: which of its policies' statements match, its account, region
        and (when a statement reads them) tags."""
        book = self.book
        resource = str(rkey[0])
        in_play = (*resource_policies, *(p for level in rcps for p in level))
        statements = [s for p in in_play for group in p.for_action(action) for s in group]
        parts = resource.split(":", 5)
        where = (parts[3], parts[4]) if len(parts) == 6 else ("", "")
        signature = self._sides.setdefault(
            ("resource", where, self._bits(tuple(statements), resource)), len(self._sides)
        )
        shared = ("shared", *rkey[1:], signature)  # all but the resource itself
        part = ResourcePart(
            signature=signature,
            shared=self._sides.setdefault(shared, len(self._sides)),
            reads=self.reading(in_play, (action,)),
            tagged=any(book.tag_specific(p, action) for p in in_play),
            reads_tags=any(book.resource_tag_specific(p, action) for p in in_play),
            tags=tuple(sorted((resource_tags(target, resource) or {}).items())),
        )
        self._resource_parts[rkey] = part
        return part

    def _matched(
        self, statements: tuple[CompiledStatement, ...], resource: str
    ) -> tuple[object, ...]:
        """The caller's statements whose Resource elements cover `resource` (with the ARN for
        templates): the engine skips the others, so callers that differ only in statements
        for other resources get the same answer."""
        if resource == "*":
            return ("*", *(id(s) for s in statements))
        found: list[object] = []
        for stmt in statements:
            bit = statement_matches(stmt, resource)
            if bit is not False:
                found.append(id(stmt) if bit is True else (id(stmt), bit))
        return tuple(found)

    def _bits(self, statements: tuple[CompiledStatement, ...], resource: str) -> tuple[object, ...]:
        """Which statements' Resource elements cover `resource` (the ARN itself for templates).

        Two resources that every covering statement matches alike get the same answer, so one
        evaluation serves both (a repository's packages, the repositories of a domain…).
        """
        if resource == "*":
            return ("*",)
        return tuple(statement_matches(s, resource) for s in statements)
