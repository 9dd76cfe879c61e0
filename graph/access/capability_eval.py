"""Capability results: the steps of a capability evaluated in order, for one actor on one
domain or repository (with the package-scope retry for publishing)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from graph.access.actors import Actor
from graph.access.capabilities import (
    Capability,
    Step,
    action_steps,
    capability_steps,
    parse_capability,
)
from graph.access.evaluator import Evaluator, StepResult, Verdict, worst
from graph.access.results import CapabilityResult, combine
from graph.access.scopes import scoped_retry
from graph.access.targets import Target
from graph.model import Domain, Repository
from graph.policy import Decision, Outcome


def capability_result(
    evaluator: Evaluator, actor: Actor, target: Target, capability: Capability
) -> CapabilityResult:
    """Evaluate a capability's steps in order, stopping at the first denied one.

    Publishing any package that fails for want of an allow is retried on the package scopes
    the policies name (`scopes`): one that works makes the answer conditional on the scope.
    """
    verdict, found = _steps(evaluator, actor, target, capability_steps(capability, target.item))
    if capability is Capability.PUBLISH and verdict is Verdict.DENIED:
        retried = scoped_retry(
            actor, target, found, lambda s: _steps(evaluator, actor, target, s)[1]
        )
        if retried is not None:
            scope, steps = retried
            return CapabilityResult(capability.value, Verdict.CONDITIONAL, tuple(steps), scope)
    return CapabilityResult(capability.value, verdict, found)


def _steps(
    evaluator: Evaluator, actor: Actor, target: Target, steps: tuple[Step, ...]
) -> tuple[Verdict, tuple[StepResult, ...]]:
    """The steps' results up to the first denied one, and the worst verdict among them."""
    found: list[StepResult] = []
    for step in steps:
        result = evaluator.run(actor, target, step)
        found.append(result)
        if result.verdict is Verdict.DENIED:
            return Verdict.DENIED, tuple(found)
    return worst(r.verdict for r in found), tuple(found)


def own_capabilities(
    targets: Iterable[Target], evaluator: Evaluator, actor: Actor
) -> list[tuple[Target, CapabilityResult]]:
    """Every capability of an actor's own policies on every domain and repository.

    Read and publish on a repository whose domain refuses the login are denied at the login
    steps, which are evaluated once per domain.
    """
    targets = list(targets)
    found: list[tuple[Target, CapabilityResult]] = []
    logins: dict[str, CapabilityResult] = {}
    for target in targets:
        if isinstance(target.item, Domain):
            login = capability_result(evaluator, actor, target, Capability.LOGIN)
            logins[target.node] = login
            found.append((target, login))
            found.append((target, capability_result(evaluator, actor, target, Capability.ADMIN)))
    for target in targets:
        if isinstance(target.item, Repository):
            domain_login = logins.get(target.domain_arn)
            for capability in (Capability.LOGIN, Capability.READ, Capability.PUBLISH):
                if domain_login is not None and domain_login.verdict is Verdict.DENIED:
                    result = combine(capability.value, list(domain_login.steps))
                else:
                    result = capability_result(evaluator, actor, target, capability)
                found.append((target, result))
            found.append((target, capability_result(evaluator, actor, target, Capability.ADMIN)))
    return found


def steps_of(what: str, item: Domain | Repository) -> tuple[Step, ...]:
    """The steps of a capability (`login`, `read`, `publish`, `admin`) or of one action."""
    capability = parse_capability(what)
    return capability_steps(capability, item) if capability else action_steps(what, item)


def deciding_step(results: list[StepResult]) -> StepResult:
    """The step that decides a capability: the first failing one, else the first conditional
    one, else the last."""
    for wanted in ((Verdict.DENIED, Verdict.UNKNOWN), (Verdict.CONDITIONAL,)):
        found = next((r for r in results if r.verdict in wanted), None)
        if found is not None:
            return found
    return results[-1]


def own_decision(results: list[StepResult]) -> Decision:
    """The deciding step's decision (`AccessGraph.check`); an allowed one becomes an implicit
    deny with the rule `unreadable_policy` when a policy that takes part could not be read."""
    result = deciding_step(results)
    decision = result.decision
    if result.unreadable and decision.outcome is Outcome.ALLOWED:
        names = tuple(f"unreadable_policy: {u.name}" for u in result.unreadable)
        return replace(
            decision,
            outcome=Outcome.IMPLICIT_DENY,
            rules=(*decision.rules, "unreadable_policy", *names),
        )
    return decision
