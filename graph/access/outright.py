"""Which Deny statements could apply outright to a step, read without the caller.

A Deny decides a step outright only when it applies with no condition left unknown
(`engine.denied_outright`). Some Denies never can, whoever asks: one that tests a key discover
mode cannot know (an office-IP deny on `aws:SourceIp`), one whose Resource does not cover
the step's, or one whose test of a key the request alone gives (`aws:RequestedRegion`, the
context) fails for the step (a region guardrail in an SCP). Where no policy in play holds
another, the step is not denied outright, which `Evaluator.denied_outright` then says without
building the step's decision key: most of the build's questions about answers it drops.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from enum import Enum

from graph.access.actors import Actor
from graph.access.capabilities import Step
from graph.access.keys import statement_matches
from graph.policy import DEFAULT_OPTIONS, CompiledPolicy, CompiledStatement, Request
from graph.policy.conditions import Clause
from graph.policy.context import Env, derivable
from graph.policy.principals import parse_caller

_REQUEST_KEYS = frozenset({"aws:requestedregion"})
"""Derived keys whose value the request's resource gives, whoever the caller is."""


class _Kind(Enum):
    NEVER = "never"  # a test of a key no request knows
    STEP = "step"  # every test reads what the step's request gives alike to every caller
    MAYBE = "maybe"  # a test reads the caller


_Denies = tuple[tuple[CompiledStatement, _Kind], ...]
"""Deny statements that may apply outright, each with its kind."""


class OutrightDenies:
    """Per Deny statement (and step, where its tests read only the request), whether it could
    apply outright; `known`: the lower-cased context keys every request of the build holds."""

    def __init__(self, known: Collection[str]) -> None:
        self.known = frozenset(known)
        self._kinds: dict[int, tuple[CompiledStatement, _Kind]] = {}
        self._steps: dict[tuple[object, ...], tuple[CompiledStatement, bool]] = {}
        self._callers: dict[tuple[object, ...], tuple[Actor, _Denies]] = {}
        self._resources: dict[tuple[object, ...], tuple[object, object, _Denies]] = {}

    def any_in(
        self,
        actor: Actor,
        resource_policies: tuple[CompiledPolicy, ...],
        rcps: tuple[tuple[CompiledPolicy, ...], ...],
        step: Step,
        request: Callable[[], Request],
    ) -> bool:
        """Whether a Deny covering the step's action, in the caller's policies (identity,
        boundary, SCPs) or the resource's (its policies, RCPs), could apply outright (False:
        the step is not denied outright, whoever asks). `request` makes one caller's request
        for the step, read only for what it gives every caller alike."""
        action, context = step.action.lower(), step.context
        memo = (actor.node, action, *context)
        mine = self._callers.get(memo)
        if mine is None or mine[0] is not actor:
            groups = (actor.identity, actor.boundary or (), *actor.scps)
            mine = self._callers[memo] = (actor, self._denies(groups, action, context))
        held = (id(resource_policies), id(rcps), action, *context)
        theirs = self._resources.get(held)
        if theirs is None or theirs[0] is not resource_policies or theirs[1] is not rcps:
            found = self._denies((resource_policies, *rcps), action, context)
            theirs = self._resources[held] = (resource_policies, rcps, found)
        return any(self._may(s, kind, step, request) for s, kind in (*mine[1], *theirs[2]))

    def any_of(
        self,
        groups: tuple[tuple[CompiledPolicy, ...], ...],
        step: Step,
        request: Callable[[], Request],
    ) -> bool:
        """`any_in` for policies given in groups (read afresh, not memoised per holder)."""
        denies = self._denies(groups, step.action.lower(), step.context)
        return any(self._may(s, kind, step, request) for s, kind in denies)

    def statements(
        self,
        groups: tuple[tuple[CompiledPolicy, ...], ...],
        action: str,
        context: Mapping[str, object],
    ) -> tuple[CompiledStatement, ...]:
        """The Deny statements of these policies for the action that could apply outright to
        some request (all but `NEVER`'s), whatever the Resource asked."""
        return tuple(stmt for stmt, _ in self._denies(groups, action, context))

    def may_apply(
        self, stmt: CompiledStatement, step: Step, request: Callable[[], Request]
    ) -> bool:
        """Whether one of `statements`' Denies could apply outright to the step (as `any_in`
        reads it)."""
        return self._may(stmt, self._kind(stmt, step.context), step, request)

    def _denies(
        self,
        groups: tuple[tuple[CompiledPolicy, ...], ...],
        action: str,
        context: Mapping[str, object],
    ) -> _Denies:
        """The Deny statements of these policies for the action that are not `NEVER`, each
        with its kind."""
        found = (
            (stmt, self._kind(stmt, context))
            for policies in groups
            for policy in policies
            for stmt in policy.for_action(action)[1]
        )
        return tuple((stmt, kind) for stmt, kind in found if kind is not _Kind.NEVER)

    def _may(
        self, stmt: CompiledStatement, kind: _Kind, step: Step, request: Callable[[], Request]
    ) -> bool:
        exact = not step.pattern and step.resource != "*"  # patterns are matched by overlap
        if exact and statement_matches(stmt, step.resource) is False:
            return False
        if kind is _Kind.MAYBE:
            return True
        memo = (id(stmt), step.action, step.resource, *step.context.items())
        found = self._steps.get(memo)
        if found is None or found[0] is not stmt:
            asked = request()
            env = Env(asked, parse_caller(asked.principal), None, True)
            plain = DEFAULT_OPTIONS.multivalued_plain_operator_matches
            holds = all(c.evaluate(env, plain) is True for c in stmt.conditions)
            found = self._steps[memo] = (stmt, holds)
        return found[1]

    def _kind(self, stmt: CompiledStatement, context: Mapping[str, object]) -> _Kind:
        found = self._kinds.get(id(stmt))
        if found is None or found[0] is not stmt:
            found = self._kinds[id(stmt)] = (stmt, self._kind_of(stmt.conditions))
        kind = found[1]
        if kind is _Kind.NEVER and context:  # the step's own keys may be the ones tested
            return self._kind_of(stmt.conditions, {k.lower() for k in context})
        return kind

    def _kind_of(self, clauses: tuple[Clause, ...], extra: Collection[str] = ()) -> _Kind:
        kind = _Kind.STEP
        for clause in clauses:
            key = clause.key_lower
            given = key in self.known or key in extra
            if not given and not derivable(key):
                return _Kind.NEVER
            if clause._templates or not (given or key in _REQUEST_KEYS):
                kind = _Kind.MAYBE
        return kind
