"""Does one statement apply to one request? Action, resource, principal and conditions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from graph.policy.compiler import CompiledStatement
from graph.policy.conditions import Clause
from graph.policy.context import UNKNOWN, Env
from graph.policy.model import (
    Effect,
    Layer,
    Mismatch,
    Options,
    PrincipalKind,
    Request,
    StatementRef,
)
from graph.policy.overlap import contains, overlaps
from graph.policy.principals import Caller, PrincipalMatch
from graph.policy.resources import ResourcePattern
from graph.policy.variables import Unresolved, render
from graph.policy.wildcard import arn_matcher


@dataclass(frozen=True)
class ResourceCheck:
    """An unknown Resource/NotResource test: a variable in the pattern is not known yet."""

    key: str
    operator: str
    values: tuple[str, ...]


Pending: TypeAlias = tuple[Clause | ResourceCheck, StatementRef]
"""One condition still to be decided, with the statement it belongs to."""
NO_PENDING: frozenset[Pending] = frozenset()
Reasons: TypeAlias = list[tuple[Mismatch, str]]


class Ev:
    """The per-request facts every statement check needs; the Env is built on first use."""

    __slots__ = (
        "_env",
        "action",
        "caller",
        "discover",
        "federating_user",
        "has_boundary",
        "options",
        "request",
        "resource",
        "resource_account",
        "special",
        "star_only",
        "wild",
    )

    def __init__(
        self,
        request: Request,
        caller: Caller,
        action: str,
        resource: str,
        resource_account: str | None,
        star_only: bool,
        has_boundary: bool,
        discover: bool,
        options: Options,
        wild: bool = False,
    ) -> None:
        self.request = request
        self.caller = caller
        self.action = action
        self.resource = resource
        self.resource_account = resource_account
        self.star_only = star_only
        self.wild = wild
        """The request names many resources (`repository/acme/*`): patterns must overlap it."""
        self.special = star_only or wild
        self.has_boundary = has_boundary
        self.discover = discover
        self.options = options
        self.federating_user = request.federating_user_arn
        self._env: Env | None = None

    @property
    def env(self) -> Env:
        """Context lookups for conditions and variables."""
        env = self._env
        if env is None:
            env = self._env = Env(self.request, self.caller, self.resource_account, self.discover)
        return env


Match: TypeAlias = tuple[frozenset[Pending], Sequence[PrincipalMatch]]
_PLAIN_MATCH: Match = (NO_PENDING, ())


def check(stmt: CompiledStatement, ev: Ev, reasons: Reasons | None = None) -> Match | None:
    """The statement's match (pending unknowns, principal matches) or None when it does not apply.

    With `reasons`, every mismatch is recorded instead of stopping at the first.
    """
    if reasons is None:
        return check_fast(stmt, ev)
    ok = True
    if reasons is not None and stmt.actions(ev.action) == stmt.not_action:
        reasons.append((Mismatch.ACTION_MISMATCH, ev.action))
        ok = False
    pending: set[Pending] | None = None
    resource = _resource(stmt, ev, reasons)
    if resource is False:
        if reasons is None:
            return None
        ok = False
    elif resource is not True:
        pending = {(resource, stmt.ref)}
    matches = _principal(stmt, ev, reasons)
    if matches is None:
        if reasons is None:
            return None
        ok = False
        matches = []
    for clause in stmt.conditions:
        result = clause.evaluate(ev.env, ev.options.multivalued_plain_operator_matches)
        if result is UNKNOWN:
            if pending is None:
                pending = set()
            pending.add((clause, stmt.ref))
            if reasons is not None:
                reasons.append((Mismatch.CONDITION_UNKNOWN, _describe(clause)))
        elif result is False:
            if reasons is None:
                return None
            reasons.append((Mismatch.CONDITION_FAILED, _describe(clause)))
            ok = False
    if not ok:
        return None
    return (frozenset(pending) if pending else NO_PENDING), matches


def check_fast(stmt: CompiledStatement, ev: Ev) -> Match | None:
    """`check` without explanations: stops at the first mismatch."""
    test = stmt.resource_test
    pending: set[Pending] | None = None
    if ev.special:
        if ev.star_only:
            if not stmt.covers_star:
                return None
        elif not _wild_resource(stmt, ev, None):
            return None
    elif test is not None:
        if not test(ev.resource):
            return None
    else:
        resource = _resource(stmt, ev, None)
        if resource is False:
            return None
        if resource is not True:
            pending = {(resource, stmt.ref)}
    if stmt.fast:
        return _PLAIN_MATCH
    matches: Sequence[PrincipalMatch] = ()
    if stmt.principal is not None or stmt.ref.layer is Layer.RESOURCE:
        found = _principal(stmt, ev, None)
        if found is None:
            return None
        matches = found
    if stmt.conditions:
        env = ev.env
        plain = ev.options.multivalued_plain_operator_matches
        for clause in stmt.conditions:
            result = clause.evaluate(env, plain)
            if result is False:
                return None
            if result is UNKNOWN:
                if pending is None:
                    pending = set()
                pending.add((clause, stmt.ref))
    return (frozenset(pending) if pending else NO_PENDING), matches


def _describe(clause: Clause) -> str:
    return f"{clause.operator} {clause.key} {list(clause.values)}"


def _resource(stmt: CompiledStatement, ev: Ev, reasons: Reasons | None) -> bool | ResourceCheck:
    if ev.star_only:
        if stmt.covers_star:
            return True
        if reasons is not None:
            reasons.append((Mismatch.RESOURCE_NOT_WILDCARD, ev.action))
        return False
    if stmt.resource_implied:
        return True
    if ev.wild:
        return _wild_resource(stmt, ev, reasons)
    resource = ev.resource
    unknown: list[ResourcePattern] = []
    hit = False
    for pattern in stmt.resources:
        if pattern.matcher is not None:
            if pattern.matcher(resource):
                hit = True
                break
            continue
        assert pattern.template is not None
        rendered = render(pattern.template, ev.env)
        if isinstance(rendered, Unresolved):
            if not rendered.missing:
                unknown.append(pattern)
            elif reasons is not None:
                reasons.append((Mismatch.VARIABLE_MISSING, pattern.text))
            continue
        if arn_matcher(pattern.prefix + rendered)(resource):
            hit = True
            break
    if not hit and unknown:
        keys = sorted({v.key for p in unknown if p.template for v in p.template.variables})
        operator = "NotResourceMatchesNone" if stmt.not_resource else "ResourceMatchesAny"
        return ResourceCheck(", ".join(keys), operator, tuple(p.text for p in unknown))
    if hit != stmt.not_resource:
        return True
    if reasons is not None:
        reasons.append((Mismatch.RESOURCE_MISMATCH, resource))
    return False


def _wild_resource(stmt: CompiledStatement, ev: Ev, reasons: Reasons | None) -> bool:
    """A request naming many resources: a Resource pattern applies when it overlaps the request
    (some resource matches both); NotResource applies unless a pattern holds all of them. A
    pattern whose variables have no value matches nothing."""
    if stmt.resource_implied:
        return True
    resource = ev.resource
    texts: list[str] = []
    for pattern in stmt.resources:
        if pattern.template is None:
            texts.append(pattern.text)
            continue
        rendered = render(pattern.template, ev.env)
        if not isinstance(rendered, Unresolved):
            texts.append(pattern.prefix + rendered)
    if stmt.not_resource:
        hit = not any(contains(t, resource) for t in texts)
    else:
        hit = any(overlaps(t, resource) for t in texts)
    if not hit and reasons is not None:
        reasons.append((Mismatch.RESOURCE_MISMATCH, resource))
    return hit


_PRINCIPAL_REQUIRED = frozenset({Layer.RESOURCE})
_NOT_LISTED: Sequence[PrincipalMatch] = (PrincipalMatch.WILDCARD,)


def _principal(
    stmt: CompiledStatement, ev: Ev, reasons: Reasons | None
) -> Sequence[PrincipalMatch] | None:
    element = stmt.principal
    if element is None:
        if stmt.ref.layer in _PRINCIPAL_REQUIRED:
            if reasons is not None:
                reasons.append((Mismatch.NO_PRINCIPAL_ELEMENT, stmt.ref.label))
            return None
        return []
    caller = ev.caller
    if stmt.not_principal:
        deny = stmt.effect is Effect.DENY
        trapped = (
            deny
            and ev.has_boundary
            and caller.kind in (PrincipalKind.USER, PrincipalKind.ROLE_SESSION)
        )
        needs_account = deny and ev.options.notprincipal_needs_account
        if trapped or not element.exempts(caller, needs_account, ev.federating_user):
            # An Allow with NotPrincipal (stored by no AWS service) is read literally: every
            # caller not listed, as a wildcard grant would name them.
            return [] if deny else _NOT_LISTED
        if reasons is not None:
            reasons.append((Mismatch.PRINCIPAL_MISMATCH, "caller is listed in NotPrincipal"))
        return None
    found = element.matches(caller, ev.federating_user)
    if found:
        return found
    if reasons is not None:
        kind = (
            Mismatch.PRINCIPAL_MISMATCH
            if element.names_account_of(caller)
            else Mismatch.ACCOUNT_MISMATCH
        )
        reasons.append((kind, caller.arn))
    return None
