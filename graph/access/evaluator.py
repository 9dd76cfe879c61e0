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
from typing import Final

from graph.access.actors import Actor
from graph.access.capabilities import Step
from graph.access.key_parts import (
    resource_tags,
)
from graph.access.keys import relabel, statement_matches
from graph.access.outright import OutrightDenies
from graph.access.policies import PolicyBook, Unreadable
from graph.access.sharing_keys import SharingKeys
from graph.access.targets import Target
from graph.access.verdicts import (
    StepResult,
    Verdict,
    access_verdict,
    caller_denial,
    verdict_of,
    worst,
)
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
from graph.policy.compiler import statements_for
from graph.policy.conditions import Clause
from graph.policy.inputs import Inputs
from graph.policy.model import ABSENT, ContextValue
from graph.policy.owned import aws_owned_rule
from graph.policy.principals import parse_caller

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


_ACTOR_MEMOS: Final = (
    "_actor_parts",
    "_classes",
    "_sides",
    "_matched_ids",
    "_shares",
    "_scp_shares",
    "_contents",
    "_content_ids",
    "_policy_ids",
    "_rcp_ids",
    "_refusing",
)
"""What an evaluator learns of actors and policies, keyed by content or by checked objects."""
_DECISION_MEMOS: Final = ("_cache", "_outright", "_relabeled")
"""Decisions, keyed by the parts above and the resource's (not copied: `_resource_parts`
reads tags its key does not hold)."""
_OWNED_PREFIXES: Final = ("iam:", "kms:")
"""Actions whose answer may hang on the resource being AWS-owned (`policy.owned`)."""

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


class Evaluator(SharingKeys):
    """Cached, discover-mode evaluation of steps, under the caller's context assumptions."""

    def __init__(self, book: PolicyBook, assumptions: Mapping[str, ContextValue] | None = None):
        super().__init__(book)
        self.assumptions: dict[str, ContextValue] = {**DEFAULT_CONTEXT, **(assumptions or {})}
        self._cache: dict[tuple[object, ...], tuple[Decision, tuple[CompiledPolicy, ...]]] = {}
        self._rcp_ids: dict[int, tuple[object, tuple[tuple[int, ...], ...]]] = {}
        self._policy_ids: dict[int, tuple[object, tuple[int, ...]]] = {}
        self._domain_steps: dict[tuple[object, ...], StepResult] = {}
        self._seen: dict[tuple[str, tuple[Clause, ...]], tuple[object, ...]] = {}
        self._relabeled: dict[tuple[int, int], tuple[Decision, object, Decision]] = {}
        self._outright: dict[tuple[object, ...], bool] = {}
        self._denies = OutrightDenies({k.lower() for k in (*self.assumptions, *_ABSENT_STS_KEYS)})
        self._books: list[PolicyBook] = [book]
        self._refusing: dict[tuple[int, bool, str], tuple[Target, bool]] = {}
        self.evaluations = 0

    def fork(self, book: PolicyBook, *, decisions: bool) -> Evaluator:
        """An evaluator, under the same assumptions, for a changed copy of the snapshot whose
        `book` is this one's fork (a what-if, a diff). The two share, as each learns it, what
        they learn of actors (an entry holds its actor, checked on use: a changed principal
        is another actor) and, with `decisions`, the decisions (keyed by policies' text or by
        objects both hold; not when the organisation changed: its tree is in no key).
        Per-node memos (logins per domain, who the caller is seen as) are each its own."""
        forked = Evaluator(book, self.assumptions)
        for name in _ACTOR_MEMOS + (_DECISION_MEMOS if decisions else ()):
            setattr(forked, name, getattr(self, name))
        # keys hold statements' and policies' ids: what the fork compiles must outlive every
        # evaluator that shares them, or a later object could take a dead one's id
        forked._books = self._books
        self._books.append(book)
        return forked

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
        across = target is not None and target.account_id != actor.account_id
        verdict = access_verdict(decision, actor.unreadable, bad, across)
        reason = caller_denial(decision, actor.unreadable, across) if bad else None
        if reason is not None and reason is not decision.reason:  # the certain cause, named
            decision = replace(decision, reason=reason)
        result = StepResult(step, decision, verdict, (*actor.unreadable, *bad))
        if memo is not None:
            self._domain_steps[memo] = result
        return result

    def refused(self, actor: Actor, target: Target, step: Step) -> bool:
        """Whether the step is denied, known without evaluating it: across accounts a resource
        policy must allow too (spec A.5), and none of the target's can (`closed_across`).
        Never for an actor with a policy that cannot be read: the verdict would be unknown."""
        if actor.account_id == target.account_id or actor.unreadable:
            return False
        return self.closed_across(target, step)

    def closed_across(self, target: Target, step: Step) -> bool:
        """No Allow statement of the target's policies covers the step's action (its policies,
        and the RCPs, all readable), so a caller of another account is denied it."""
        if step.identity_only:
            return False
        key = (id(target), step.resource == target.domain_arn, step.action)
        found = self._refusing.get(key)
        if found is None or found[0] is not target:
            policies, bad = target.policies_for(step.resource)
            closed = not (bad or target.rcp_unreadable)
            closed = closed and not statements_for(policies, step.action.lower())[0]
            found = self._refusing[key] = (target, closed)
        return found[1]

    def denied_outright(self, actor: Actor, target: Target, step: Step) -> bool:
        """Whether the step's decision is an explicit deny, learnt from the decision when it
        was made, else from the Deny statements alone (shared as decisions are)."""
        resource_policies, rcps, _ = _resource_side(actor, target, step)
        asking = lambda: self.request(actor, step, target)  # noqa: E731 - only if needed
        if not self._denies.any_in(actor, resource_policies, rcps, step, asking):
            return False  # no Deny in play could apply outright, whoever asks
        key = self._key(actor, step, resource_policies, rcps, target)
        decided = self._cache.get(key)
        if decided is not None:
            return decided[0].outcome is Outcome.EXPLICIT_DENY
        found = self._outright.get(key)
        if found is None:
            inputs = self._inputs(actor, step, resource_policies, rcps, target)
            found = self._outright[key] = denied_outright(inputs)
        return found

    def deny_statements(
        self, groups: tuple[tuple[CompiledPolicy, ...], ...], step: Step
    ) -> tuple[CompiledStatement, ...]:
        """The Deny statements of these policies that could apply outright to the step's
        action (`OutrightDenies.statements`): outside them, no step is denied outright."""
        return self._denies.statements(groups, step.action.lower(), step.context)

    def may_deny(self, stmt: CompiledStatement, actor: Actor, target: Target, step: Step) -> bool:
        """Whether a Deny of `deny_statements` could apply outright to the actor's step."""
        return self._denies.may_apply(stmt, step, lambda: self.request(actor, step, target))

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
            decision = decide(
                self._inputs(actor, step, resource_policies, rcps, target), keep=False
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
        part = self._part(actor, action)
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
        owned = None  # AWS-owned resources (reserved roles, say) refuse writes whoever asks
        if action[:4] in _OWNED_PREFIXES:
            owned = aws_owned_rule(action, resource, parse_caller(actor.caller).name)
        return (
            who,
            part.tags if part.tagged or rpart.tagged else None,
            part.shape,
            rpart.shared,
            rpart.tags if rpart.reads_tags or part.reads_resource_tags else None,
            matched,
            owned,
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
