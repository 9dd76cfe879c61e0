"""Publishing to part of a repository: `publish` asks for any package (`…/<repo>/*`), but many
policies grant a scope only (`…/<repo>/npm/acme/*`). When "any package" fails for want of an
allow, the scopes that the caller's identity policies and the resource policies name are tried,
and a scope that works makes the answer *conditional*: "if the package matches npm/acme/*".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from fnmatch import fnmatchcase
from typing import Final

from graph.access.actors import Actor
from graph.access.capabilities import Capability, Step, capability_steps
from graph.access.evaluator import StepResult, Verdict
from graph.access.grants import may_allow
from graph.access.targets import Target
from graph.model import Repository
from graph.policy import CompiledPolicy, CompiledStatement, DenialReason

PUBLISH_ACTION: Final = "codeartifact:publishpackageversion"
PACKAGE_PART: Final = ":package/"
"""What a package ARN holds between its account and its domain."""
_VARIABLE: Final = re.compile(r"\$\{([^}]+)\}")


def _render(text: str, actor: Actor) -> str | None:
    """The pattern with the caller's `${aws:username}` / `${aws:PrincipalTag/K}` filled in, or
    None when a variable has no value for this caller."""

    def value(match: re.Match[str]) -> str:
        key = match.group(1).split(",", 1)[0].strip()
        lowered = key.lower()
        if lowered == "aws:username" and actor.kind == "user":
            return actor.name
        if lowered.startswith("aws:principaltag/"):
            tag = key.split("/", 1)[1]
            found = next((v for k, v in actor.tags.items() if k.lower() == tag.lower()), None)
            if found is not None:
                return found
        raise KeyError(key)

    try:
        return _VARIABLE.sub(value, text)
    except KeyError:
        return None


def scope_of(pattern: str, repo: Repository, actor: Actor) -> str | None:
    """The package scope (`npm/acme/*`) a Resource pattern grants in this repository, if any."""
    _, _, rest = pattern.partition(PACKAGE_PART)
    if not rest:
        return None
    rendered = _render(rest, actor)
    if rendered is None:
        return None
    parts = rendered.split("/", 2)
    if len(parts) != 3 or parts[2] in ("", "*"):
        return None
    domain, name, scope = parts
    if not (fnmatchcase(repo.domain, domain) and fnmatchcase(repo.name, name)):
        return None
    return scope


def _statements(policies: Iterable[CompiledPolicy]) -> Iterator[CompiledStatement]:
    for policy in policies:
        yield from policy.for_action(PUBLISH_ACTION)[0]


def scopes(actor: Actor, target: Target) -> list[str]:
    """Package scopes of this repository that some Allow for publishing names."""
    item = target.item
    if not isinstance(item, Repository):
        return []
    resource = [
        p for p in (target.domain_policy, target.repository_policy) if isinstance(p, CompiledPolicy)
    ]
    found: dict[str, None] = {}
    for stmt in _statements((*actor.identity, *resource)):
        if stmt.not_resource:
            continue
        for pattern in stmt.resources:
            scope = scope_of(pattern.text, item, actor)
            if scope is not None:
                found[scope] = None
    return list(found)[:4]


def scoped_retry(
    actor: Actor,
    target: Target,
    results: Sequence[StepResult],
    run: Callable[[tuple[Step, ...]], Sequence[StepResult]],
) -> tuple[str, Sequence[StepResult]] | None:
    """The first package scope that makes a failed publish work, with its step results.

    Only a package step that found no allow (identity or resource side) is retried: an explicit
    deny, or a failure before the package steps, is the answer for every scope. `run`
    evaluates the steps (from the cache while building, fresh for an explanation).
    """
    failing = next((r for r in results if r.verdict is Verdict.DENIED), None)
    if (
        failing is None
        or not failing.step.action.lower().startswith("codeartifact:p")
        or failing.decision.reason not in _NO_ALLOW
    ):
        return None
    for scope in scopes(actor, target):
        if not may_work(actor, target, scope):
            continue
        steps = capability_steps(Capability.PUBLISH, target.item, sample_package(scope))
        scoped = run(steps)
        if all(r.verdict.reaches for r in scoped):
            return scope, scoped
    return None


def may_work(actor: Actor, target: Target, scope: str) -> bool:
    """Whether some Allow could grant publishing in the scope (`grants.may_allow` on its
    package steps): where none could, the retry would fail."""
    steps = capability_steps(Capability.PUBLISH, target.item, sample_package(scope))
    return all(
        may_allow(actor, target, s.action.lower(), s.resource)
        for s in steps
        if PACKAGE_PART in s.resource
    )


_NO_ALLOW: Final = (DenialReason.NO_IDENTITY_ALLOW, DenialReason.NO_RESOURCE_ALLOW)


def sample_package(scope: str) -> str:
    """A package name inside the scope (`npm/acme/*` → `npm/acme/x`)."""
    return scope.replace("*", "x").replace("?", "x")


def names_a_scope(stmt: CompiledStatement, repo: Repository) -> bool:
    """Whether a statement's Resource names a package scope of this repository (the repository
    blocks must not share answers between repositories it tells apart)."""
    for pattern in stmt.resources:
        _, _, rest = pattern.text.partition(PACKAGE_PART)
        parts = rest.split("/", 2)
        if (
            len(parts) == 3
            and fnmatchcase(repo.domain, parts[0])
            and fnmatchcase(repo.name, parts[1])
        ):
            return True
    return False
