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
from graph.access.capabilities import Capability, Step, capability_steps, package_arn
from graph.access.evaluator import Evaluator, Verdict
from graph.access.grants import Grants
from graph.access.prefilter import PACKAGE_FORM, REPOSITORY_STEPS
from graph.access.results import CapabilityResult
from graph.access.scopes import PACKAGE_PART, PUBLISH_ACTION, may_work, scopes
from graph.access.targets import Target
from graph.model import Repository
from graph.policy import CompiledPolicy, CompiledStatement, Outcome

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
        self._surely: dict[tuple[object, Capability], int] = {}
        self._resource_denies: dict[Capability, int] = {}
        self._denials: dict[tuple[object, ...], tuple[CompiledStatement, int]] = {}
        self._scope_granting = 0
        for i, target in enumerate(self._repository.targets):
            if any(
                self._names_packages(p) for p in (target.domain_policy, target.repository_policy)
            ):
                self._scope_granting |= 1 << i

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

    def surely(self, actor: Actor, capability: Capability, class_key: object) -> int:
        """The repositories of `blocked` where `__call__` surely says True for this class, told
        by masks alone: no Deny of the caller's or of the repository's that could apply
        outright covers a step after the first and, publishing, no package scope could be
        granted (no Allow names one, or it is another account's repository whose policies
        may not name the caller). The build leaves them out unasked: diverse 12k, 114k of
        the 128k answers it drops (a sixteenth of its access time)."""
        blocked = self.blocked(actor, capability, class_key)
        if not blocked:
            return 0
        memo = (class_key, capability)
        found = self._surely.get(memo)
        if found is None:
            found = blocked & ~self._deniable(actor, capability)
            if capability is Capability.PUBLISH:
                found &= ~self._scopes_possible(actor, class_key)
            found = self._surely[memo] = found
        return found

    def _deniable(self, actor: Actor, capability: Capability) -> int:
        """The repositories where a Deny could apply outright to some step after the first."""
        groups = (actor.identity, actor.boundary or (), *actor.scps)
        found = self._resource_deniable(actor, capability)
        for index, step in enumerate(self._steps(capability)):
            for stmt in self.evaluator.deny_statements(groups, step):
                found |= self._denying(stmt, actor, capability, index)
        return found

    def _denying(
        self, stmt: CompiledStatement, actor: Actor, capability: Capability, index: int
    ) -> int:
        """The repositories whose step `index` (after the first) this Deny of the caller's
        could apply to outright: alike for every caller (`OutrightDenies`)."""
        memo = (id(stmt), capability, index)
        known = self._denials.get(memo)
        if known is None or known[0] is not stmt:
            found, targets = 0, self._repository.targets
            step = self._steps(capability)[index]
            if step.identity_only:  # one resource, `*`, for every repository
                if self.evaluator.may_deny(stmt, actor, targets[0], step):
                    found = self._repository.all
            else:
                grants = self._package if PACKAGE_PART in step.resource else self._repository
                covered = grants.covered(stmt)
                while covered:
                    low = covered & -covered
                    covered ^= low
                    target = targets[low.bit_length() - 1]
                    own = capability_steps(capability, target.item)[index + 1]
                    if self.evaluator.may_deny(stmt, actor, target, own):
                        found |= low
            known = self._denials[memo] = (stmt, found)
        return known[1]

    def _resource_deniable(self, actor: Actor, capability: Capability) -> int:
        """The repositories whose own policies or RCPs hold a Deny that could apply outright
        to a step after the first, alike for every caller."""
        found = self._resource_denies.get(capability)
        if found is None:
            found = 0
            for i, target in enumerate(self._repository.targets):
                for step in capability_steps(capability, target.item)[1:]:
                    policies, _ = target.policies_for(step.resource)
                    groups = (policies, *target.rcps)
                    if any(
                        self.evaluator.may_deny(stmt, actor, target, step)
                        for stmt in self.evaluator.deny_statements(groups, step)
                    ):
                        found |= 1 << i
                        break
            self._resource_denies[capability] = found
        return found

    def _steps(self, capability: Capability) -> tuple[Step, ...]:
        """The steps after the first, as the first repository has them (their actions and
        contexts are every repository's)."""
        targets = self._repository.targets
        if not targets or not isinstance(targets[0].item, Repository):
            return ()
        return capability_steps(capability, targets[0].item)[1:]

    def _may_scope(self, actor: Actor, target: Target, class_key: object) -> bool:
        if not self._scopes_possible(actor, class_key) & self._repository.bits[target.node]:
            return False
        memo = (class_key, target.node)
        found = self._scoped.get(memo)
        if found is None:
            found = self._scoped[memo] = any(
                may_work(actor, target, scope) for scope in scopes(actor, target)
            )
        return found

    def _scopes_possible(self, actor: Actor, class_key: object) -> int:
        """The repositories where publishing in a package scope could be granted to this
        class: an Allow to publish names packages (the caller's, or its domain's or its own
        policy's), and the repository is of the caller's account or its policies' Allows to
        publish may name the caller (`Grants.somewhere`)."""
        named = self._scope_granting
        if any(self._names_packages(p) for p in actor.identity):
            named = self._repository.all
        return named & self._repository.somewhere(actor, PUBLISH_ACTION, class_key)

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
