"""Escalation by widening permissions: a policy put on or attached to a user or role, its
permissions boundary replaced or removed, the user added to a group, a new default version
of a customer managed policy attached to it.

The principal gains only through a user or role it is or may already become: itself (here),
or a role of its account its trust edges reach (the chain then assumes it: assumed_widening).
What the widened user or role could then do is evaluated again with the change applied, under
its SCPs, RCPs, the resource policies and (but for a boundary step) its boundary; an edge is
kept only where that is better than what it can do now.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Final

from graph.access.actors import Actor, build_actor, own_policies
from graph.access.build import Built, may_administer
from graph.access.capabilities import Capability, Step, capability_steps
from graph.access.escalation_edge import Escalation, allowed_on, gains_over
from graph.access.evaluator import Evaluator, StepResult, Verdict
from graph.access.results import CapabilityResult
from graph.access.step_classes import StepClasses
from graph.access.targets import Target
from graph.model import Domain, Role, User
from graph.policy import CompiledPolicy, Layer, compile_policy
from graph.snapshot import Snapshot

ROLE_POLICY: Final = ("iam:PutRolePolicy", "iam:AttachRolePolicy")
ROLE_BOUNDARY: Final = ("iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary")
USER_POLICY: Final = ("iam:PutUserPolicy", "iam:AttachUserPolicy")
USER_BOUNDARY: Final = ("iam:PutUserPermissionsBoundary", "iam:DeleteUserPermissionsBoundary")
ADD_TO_GROUP: Final = "iam:AddUserToGroup"
NEW_VERSION: Final = "iam:CreatePolicyVersion"
PICK_VERSION: Final = "iam:SetDefaultPolicyVersion"
ACTIONS: Final = (
    *ROLE_POLICY,
    *ROLE_BOUNDARY,
    *USER_POLICY,
    *USER_BOUNDARY,
    ADD_TO_GROUP,
    NEW_VERSION,
    PICK_VERSION,
)
GAINED_ON: Final = {
    False: (Capability.READ, Capability.PUBLISH),
    True: (Capability.LOGIN,),
}
"""What a widening is evaluated for on a domain (True) and on a repository (False)."""
_POLICY: Final = "policy"
_BOUNDARY: Final = "boundary"
OTHER_VERSION: Final = "another version of the policy grants it (the snapshot holds the default)"

_EVERYTHING: Final = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"}],
}
_ACCESS: Final = (
    "codeartifact:getauthorizationtoken",
    "sts:getservicebearertoken",
    "codeartifact:getrepositoryendpoint",
    "codeartifact:readfromrepository",
    "codeartifact:publishpackageversion",
    "codeartifact:putpackagemetadata",
)


class Widenings:
    """Finds the widening escalations of a whole graph (see the module): each widened user or
    role is evaluated once per kind of widening, whoever would widen it."""

    def __init__(self, built: Built, evaluator: Evaluator, snapshot: Snapshot) -> None:
        self.built, self.snapshot = built, snapshot
        self.evaluator = evaluator.fork(evaluator.book, decisions=True)
        self._everything = compile_policy(
            _EVERYTHING, name="a policy it wrote", kind=Layer.IDENTITY
        )
        self._gains: dict[tuple[str, str], list[tuple[Target, tuple[CapabilityResult, ...]]]] = {}
        self._gains_at: dict[
            tuple[str, str, str], list[tuple[Target, tuple[CapabilityResult, ...]]]
        ] = {}
        self._widenings: dict[tuple[str, str], Actor | None] = {}
        self._forks: dict[int, tuple[Actor, Evaluator]] = {}
        self._wideners: list[Actor] | None = None
        self._versions: dict[str, list[tuple[str, str, str, str]]] = {}
        self._allowed: dict[tuple[str, str], Callable[[str], bool] | None] = {}
        self._steps: dict[tuple[str, str, str], StepResult | None] = {}
        self._most: dict[tuple[str, str], tuple[CapabilityResult, ...]] = {}
        self._most_fork = self.evaluator.fork(self.evaluator.book, decisions=True)
        """`at_most`'s own: login steps are kept per node, which its actors share."""
        self._most_actors: dict[str, Actor] = {}
        self._most_results: dict[tuple[object, ...], CapabilityResult] = {}
        self._classes = StepClasses(self.evaluator)
        self._users = {u.arn: u for u in snapshot.users()}
        self._roles = {r.arn: r for r in snapshot.roles()}

    def __iter__(self) -> Iterator[Escalation]:
        """Each principal widening itself (roles it may assume: `at`)."""
        for actor in self.wideners():
            yield from self.of(actor, actor)

    def wideners(self) -> list[Actor]:
        """The users and roles some identity Allow of which covers a widening action."""
        if self._wideners is None:
            self._wideners = [
                a
                for a in self.built.actors.values()
                if not a.node.startswith("account:") and _may_any(a)
            ]
        return self._wideners

    def of(
        self,
        actor: Actor,
        subject: Actor,
        via: tuple[Verdict, ...] = (),
        notes: tuple[str, ...] = (),
        target: Target | None = None,
        keep: Callable[[tuple[CapabilityResult, ...], tuple[Verdict, ...]], bool] | None = None,
    ) -> Iterator[Escalation]:
        """The actor's widenings of the subject (itself, or a role it may assume: `via`, the
        assumption's verdict, and `notes`, its conditions), on every target where they gain,
        or on `target` alone: there the gain is looked up first, and the step is evaluated
        only where `keep(gained, via)` says it may matter."""
        for kind, action, named, item in self._ways(actor, subject):
            if target is not None:
                found = self._gained(subject, kind, target)
                if not found or (keep is not None and not keep(found[0][1], via)):
                    continue
            step = self._step(actor, action, named)
            if step is None:
                continue
            pick = action == PICK_VERSION
            cap = (Verdict.UNKNOWN,) if pick else ()
            extra = (OTHER_VERSION,) if pick else ()
            for where, gained in self._gained(subject, kind, target):
                yield self._edge(
                    actor,
                    where,
                    action,
                    step,
                    gained,
                    subject,
                    (*via, *cap),
                    (*notes, *extra),
                    item,
                )

    def gains_at(
        self, subject: Actor, target: Target, takers: Iterable[Actor]
    ) -> list[tuple[CapabilityResult, ...]]:
        """What each way some of the `takers` may widen the subject (a role: the step reaches)
        gains on the target, where it gains. Steps first: they are the same on every target."""
        kinds = {
            kind
            for actor in takers
            for kind, action, named, _ in self._ways(actor, subject)
            if self._step(actor, action, named) is not None
        }
        found = []
        for kind in kinds:
            gained = self._gained(subject, kind, target)
            if gained:
                found.append(gained[0][1])
        return found

    def at_most(self, subject: Actor, target: Target) -> tuple[CapabilityResult, ...]:
        """What the subject (a role) would gain on the target were it allowed everything with
        no boundary and none of its Denies: no widening does better, so where this gains
        nothing over now, none does."""
        memo = (subject.node, target.node)
        found = self._most.get(memo)
        if found is None:
            most = self._most_actors.get(subject.node)
            if most is None:
                most = replace(subject, identity=(self._everything,), boundary=None)
                self._most_actors[subject.node] = most
            capabilities = GAINED_ON[isinstance(target.item, Domain)]
            g = self.built.graph
            found = gains_over(
                g,
                subject.node,
                self._most_fork,
                most,
                target,
                capabilities,
                self._alike(most, target),
            )
            self._most[memo] = found
        return found

    def _alike(
        self, most: Actor, target: Target
    ) -> Callable[[Capability, Callable[[], CapabilityResult]], CapabilityResult]:
        """`gains_over`'s sharing for `at_most`: the result of an actor alike for every step of
        the capability on the target (`StepClasses`), else `evaluate()`'s."""

        def shared(
            capability: Capability, evaluate: Callable[[], CapabilityResult]
        ) -> CapabilityResult:
            steps = capability_steps(capability, target.item)
            key = (
                target.node,
                capability,
                tuple(self._classes.key(most, target, s.action) for s in steps),
            )
            found = self._most_results.get(key)
            if found is None:
                found = self._most_results[key] = evaluate()
            return found

        return shared

    def _covers(self, actor: Actor, action: str, resource: str) -> bool:
        """Some identity Allow of the actor covers the action on the resource (`allowed_on`,
        made once per actor and action)."""
        memo = (actor.node, action)
        if memo not in self._allowed:
            self._allowed[memo] = allowed_on(actor, action)
        allowed = self._allowed[memo]
        return allowed is not None and allowed(resource)

    def _ways(self, actor: Actor, subject: Actor) -> list[tuple[str, str, str, str]]:
        """(kind of widening, action, what its step is on, the item it names) of each way the
        actor could widen the subject."""
        role = subject.kind == "role"
        policy, boundary = (ROLE_POLICY, ROLE_BOUNDARY) if role else (USER_POLICY, USER_BOUNDARY)
        found = [(_POLICY, a, subject.node, "") for a in policy]
        found += [(_BOUNDARY, a, subject.node, "") for a in boundary]
        item = self._item(subject)
        if isinstance(item, User) and subject is actor and not _open(subject):
            found += [(f"group {g}", ADD_TO_GROUP, g, g) for g in self._granting_groups(item)]
        versions = self._versions.get(subject.node)
        if versions is None:
            versions = self._versions[subject.node] = [
                (f"version {arn}", action, arn, arn)
                for arn in _customer_policies(subject)
                for action in (NEW_VERSION, PICK_VERSION)
            ]
        return found + versions

    def _step(self, actor: Actor, action: str, resource: str) -> StepResult | None:
        """The step's result when an identity Allow of the actor covers it and it reaches
        (once per actor, action and resource: walks ask again for each target)."""
        memo = (actor.node, action, resource)
        if memo in self._steps:
            return self._steps[memo]
        step: StepResult | None = None
        if self._covers(actor, action, resource):
            step = self.evaluator.run(actor, None, Step(action, resource))
            step = step if step.verdict.reaches else None
        self._steps[memo] = step
        return step

    def _edge(
        self,
        actor: Actor,
        target: Target,
        action: str,
        step: StepResult,
        gained: tuple[CapabilityResult, ...],
        subject: Actor,
        via: tuple[Verdict, ...],
        notes: tuple[str, ...],
        item: str = "",
    ) -> Escalation:
        gains = tuple(r.capability for r in gained)
        return Escalation(
            actor.node, target.node, action, gains, step, gained, subject.node, item, via, notes
        )

    def _gained(
        self, subject: Actor, kind: str, target: Target | None = None
    ) -> list[tuple[Target, tuple[CapabilityResult, ...]]]:
        """Where the widened subject does better than now, and its results there (once per
        subject and kind of widening, and target when one is given)."""
        whole = self._gains.get((subject.node, kind))
        if target is None and whole is None:
            widened = self._widened(subject, kind)
            whole = [] if widened is None else list(self._better(subject, widened))
            self._gains[(subject.node, kind)] = whole
        if whole is not None:
            return whole if target is None else [(t, r) for t, r in whole if t is target]
        assert target is not None
        memo = (subject.node, kind, target.node)
        found = self._gains_at.get(memo)
        if found is None:
            widened = self._widened(subject, kind)
            found = [] if widened is None else list(self._better(subject, widened, target))
            self._gains_at[memo] = found
        return found

    def _widened(self, subject: Actor, kind: str) -> Actor | None:
        """The subject as the step would leave it (made once); None when that changes nothing."""
        memo = (subject.node, kind)
        if memo not in self._widenings:
            self._widenings[memo] = self._widen(subject, kind)
        return self._widenings[memo]

    def _widen(self, subject: Actor, kind: str) -> Actor | None:
        if kind == _BOUNDARY:
            return None if subject.boundary is None else replace(subject, boundary=None)
        if kind.startswith("group "):
            item = self._item(subject)
            assert isinstance(item, User)
            grown = replace(
                item, group_names=(*item.group_names, kind.split(" ", 1)[1].rsplit("/", 1)[-1])
            )
            return build_actor(self.snapshot, self.evaluator.book, grown)
        kept = subject.identity
        if kind.startswith("version "):
            arn = kind.split(" ", 1)[1]
            replaced = [p for p in kept if _source_arn(subject, p) == arn]
            if _open(subject) and not any(s.is_deny for p in replaced for s in p.statements):
                return None  # allowed everything already, and no Deny of it goes away
            kept = tuple(p for p in kept if _source_arn(subject, p) != arn)
        elif _open(subject):
            return None  # its own policies already allow every step: a policy adds nothing
        return replace(subject, identity=(*kept, self._everything))

    def _better(
        self, subject: Actor, widened: Actor, only: Target | None = None
    ) -> Iterator[tuple[Target, tuple[CapabilityResult, ...]]]:
        """Where the widened subject does better than the subject now (on `only`, if given).
        Evaluated by a fork of its own: an evaluator keeps each principal's login steps per
        domain by its node, which the widened one shares with the subject and every other
        widening of it."""
        g = self.built.graph
        evaluator = self._forks.get(id(widened))
        if evaluator is None or evaluator[0] is not widened:
            evaluator = self._forks[id(widened)] = (
                widened,
                self.evaluator.fork(self.evaluator.book, decisions=True),
            )
        for target in self.built.targets.values() if only is None else (only,):
            capabilities = GAINED_ON[isinstance(target.item, Domain)]
            gained = gains_over(g, subject.node, evaluator[1], widened, target, capabilities)
            if gained:
                yield target, gained

    def _granting_groups(self, user: User) -> list[str]:
        """The groups of the user's account it is not in whose policies allow some step of a
        capability (joining another can only add Denies)."""
        found = []
        for group in self.snapshot.groups():
            if group.account_id != user.account_id or group.name in user.group_names:
                continue
            policies = own_policies(
                self.snapshot,
                self.evaluator.book,
                group.inline_policies,
                group.attached_policy_arns,
                group.name,
            )
            if any(
                not isinstance(p, CompiledPolicy) or p.for_action(a)[0]
                for p, _ in policies
                if p is not None
                for a in _ACCESS
            ):
                found.append(group.arn)
        return found

    def _item(self, actor: Actor) -> User | Role | None:
        return self._users.get(actor.node) or self._roles.get(actor.node)


def _may_any(actor: Actor) -> bool:
    return any(may_administer(actor, a.lower()) for a in ACTIONS)


def _open(actor: Actor) -> bool:
    """Every step of every capability has an unconditional Allow on every resource."""
    return all(
        any(
            s.covers_star and not s.conditions and not s.not_resource
            for p in actor.identity
            for s in p.for_action(action)[0]
        )
        for action in _ACCESS
    )


def _source_arn(actor: Actor, policy: CompiledPolicy) -> str | None:
    source = actor.sources.get(id(policy))
    return None if source is None else source.managed_arn


def _customer_policies(actor: Actor) -> list[str]:
    """The customer managed policies attached to the actor (or, for a user, its groups)."""
    found = {_source_arn(actor, p) for p in actor.identity}
    return sorted(a for a in found if a is not None and a.split(":")[4:5] != ["aws"])
