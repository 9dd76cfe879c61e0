"""Read and publish answers the graph would not keep, found without evaluating them whole.

A denial is kept only as an explicit deny after a step that worked (`access_edges.kept`).
Where nothing could allow one of a capability's repository steps (`grants`), nor publishing in
any package scope, that step denies at the latest: when no Deny applies outright to it or to a
step before it (but the first), the answer is an implicit denial the graph drops. Diverse 12k:
over half the publish answers are such denials (another account's repository whose policy
names someone else, or an own-account one that no policy grants).
"""

from __future__ import annotations

from typing import Final

from graph.access.actors import Actor
from graph.access.capabilities import Capability, capability_steps, package_arn
from graph.access.evaluator import Evaluator, Verdict
from graph.access.grants import Grants, may_allow_somewhere
from graph.access.prefilter import PACKAGE_FORM, REPOSITORY_STEPS
from graph.access.results import CapabilityResult
from graph.access.scopes import PACKAGE_PART, PUBLISH_ACTION, may_work, scopes
from graph.access.targets import Target
from graph.model import Repository
from graph.policy import CompiledPolicy, Outcome

UNKEPT: Final = CapabilityResult("", Verdict.DENIED, ())
"""The answer given for an unkept capability: denied, with no step that failed by a Deny."""


def _any_package(target: Target) -> str:
    """The ARN a publish asks about: any package of the repository."""
    item = target.item
    return package_arn(item) if isinstance(item, Repository) else target.node


class Unkept:
    """Tells unkept read and publish answers on the repositories, per actor class."""

    def __init__(self, repositories: Grants, evaluator: Evaluator) -> None:
        """`repositories`: the grants on the repositories themselves (the prefilter's)."""
        self.evaluator = evaluator
        self._repository = repositories
        self._package = Grants(repositories.targets, _any_package)
        self._scoped: dict[tuple[object, str], bool] = {}
        self._packages: dict[int, tuple[CompiledPolicy, bool]] = {}
        self._blocked: dict[tuple[object, Capability], int] = {}

    def __call__(
        self, actor: Actor, target: Target, capability: Capability, class_key: object
    ) -> bool:
        """Whether the capability is surely a denial the graph drops, for every actor of
        `class_key` (the actor's class for it)."""
        item = target.item
        if capability not in (Capability.READ, Capability.PUBLISH) or not isinstance(
            item, Repository
        ):
            return False
        steps = capability_steps(capability, item)
        blocked = None
        for i, step in enumerate(steps):
            if step.resource in ("*", target.domain_arn):
                continue  # login: decided per domain, before any of these
            grants = self._package if PACKAGE_PART in step.resource else self._repository
            if (
                not grants.possible(actor, step.action.lower(), class_key)
                & grants.bits[target.node]
            ):
                blocked = i
                break
        if blocked is None:
            return False
        if capability is Capability.PUBLISH and self._may_scope(actor, target, class_key):
            return False  # a package scope might be granted: the retry decides
        # Whichever step fails first, only a Deny that applies outright is kept (the first
        # step's, not even that: nothing worked before it).
        evaluator = self.evaluator
        for step in steps[1 : blocked + 1]:
            if step.resource in ("*", target.domain_arn):  # login: memoised per domain
                if evaluator.run(actor, target, step).decision.outcome is Outcome.EXPLICIT_DENY:
                    return False
            elif evaluator.denied_outright(actor, target, step):
                return False
        return True

    def blocked(self, actor: Actor, capability: Capability, class_key: object) -> int:
        """The repositories where nothing could allow one of the capability's repository or
        package steps to this class: `__call__` can say True only there."""
        if capability not in (Capability.READ, Capability.PUBLISH):
            return 0  # `__call__` says False
        memo = (class_key, capability)
        found = self._blocked.get(memo)
        if found is None:
            granted = self._repository.all
            for action, form in REPOSITORY_STEPS[capability]:
                grants = self._package if form == PACKAGE_FORM else self._repository
                granted &= grants.possible(actor, action, class_key)
            found = self._blocked[memo] = self._repository.all & ~granted
        return found

    def _may_scope(self, actor: Actor, target: Target, class_key: object) -> bool:
        policies = (*actor.identity, target.domain_policy, target.repository_policy)
        if not any(self._names_packages(p) for p in policies):
            return False  # no Allow to publish names a package scope
        memo = (class_key, target.node)
        found = self._scoped.get(memo)
        if found is None:
            # not in another account's repository whose policies grant it no publish
            found = self._scoped[memo] = may_allow_somewhere(actor, target, PUBLISH_ACTION) and any(
                may_work(actor, target, scope) for scope in scopes(actor, target)
            )
        return found

    def _names_packages(self, policy: object) -> bool:
        """Whether an Allow to publish of this policy names packages (maybe a scope)."""
        if not isinstance(policy, CompiledPolicy):
            return False
        known = self._packages.get(id(policy))
        if known is None or known[0] is not policy:
            names = any(
                PACKAGE_PART in pattern.text
                for stmt in policy.for_action(PUBLISH_ACTION)[0]
                for pattern in stmt.resources
            )
            known = self._packages[id(policy)] = (policy, names)
        return known[1]
