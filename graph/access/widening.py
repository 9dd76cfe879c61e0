"""Escalation by widening permissions: a policy put on or attached to a user or role, its
permissions boundary replaced or removed, the user added to a group, a new default version
of a customer managed policy attached to it.

The principal gains only through a user or role it is or may already become: itself, or a
role of its account its trust edges reach (the chain then assumes it). What the widened user
or role could then do is evaluated again with the change applied, under its SCPs, RCPs, the
resource policies and (but for a boundary step) its boundary; an edge is kept only where that
is better than what it can do now.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Final

from graph.access.actors import Actor, build_actor, own_policies
from graph.access.build import Built, may_administer
from graph.access.capabilities import Capability, Step
from graph.access.escalation_edge import Escalation, allowed_on, gains_over
from graph.access.evaluator import Evaluator, StepResult, Verdict
from graph.access.results import CapabilityResult
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
        self._users = {u.arn: u for u in snapshot.users()}
        self._roles = {r.arn: r for r in snapshot.roles()}

    def __iter__(self) -> Iterator[Escalation]:
        for actor in list(self.built.actors.values()):
            if actor.node.startswith("account:") or not _may_any(actor):
                continue
            for subject, via, notes in self._subjects(actor):
                yield from self._of(actor, subject, via, notes)

    def _subjects(
        self, actor: Actor
    ) -> Iterator[tuple[Actor, tuple[Verdict, ...], tuple[str, ...]]]:
        """The actor itself, and the roles of its account it may assume that one of its Allows
        for a widening action names by their exact ARN (their edge's verdict and conditions).
        Roles named by a pattern are not widened: an administrator's `role/*` would make every
        role it may assume a subject to evaluate on every repository."""
        yield actor, (), ()
        exact = _exactly_named(actor)
        for role, keys in self.built.graph._succ.get(actor.node, {}).items():
            data = keys.get("can_assume")
            if data is None or role not in exact or role not in self._roles:
                continue
            verdict = Verdict(str(data.get("verdict")))
            if verdict.reaches and self._roles[role].account_id == actor.account_id:
                notes = tuple(str(c) for c in data.get("conditions", ()))
                yield self.built.actors[role], (verdict,), notes

    def _of(
        self, actor: Actor, subject: Actor, via: tuple[Verdict, ...], notes: tuple[str, ...]
    ) -> Iterator[Escalation]:
        role = subject.kind == "role"
        policy, boundary = (ROLE_POLICY, ROLE_BOUNDARY) if role else (USER_POLICY, USER_BOUNDARY)
        for action in (*policy, *boundary):
            step = self._step(actor, action, subject.node)
            if step is not None:
                kind = "boundary" if action in boundary else "policy"
                for target, gained in self._gained(subject, kind):
                    yield self._edge(actor, target, action, step, gained, subject, via, notes)
        item = self._item(subject)
        if isinstance(item, User) and subject is actor and not _open(subject):
            for group in self._granting_groups(item):
                step = self._step(actor, ADD_TO_GROUP, group)
                if step is not None:
                    for target, gained in self._gained(subject, f"group {group}"):
                        yield self._edge(
                            actor, target, ADD_TO_GROUP, step, gained, subject, via, notes, group
                        )
        for arn in _customer_policies(subject):
            for action in (NEW_VERSION, PICK_VERSION):
                step = self._step(actor, action, arn)
                if step is None:
                    continue
                extra = (OTHER_VERSION,) if action == PICK_VERSION else ()
                cap = (Verdict.UNKNOWN,) if action == PICK_VERSION else ()
                for target, gained in self._gained(subject, f"version {arn}"):
                    yield self._edge(
                        actor,
                        target,
                        action,
                        step,
                        gained,
                        subject,
                        (*via, *cap),
                        (*notes, *extra),
                        arn,
                    )

    def _step(self, actor: Actor, action: str, resource: str) -> StepResult | None:
        """The step's result when an identity Allow of the actor covers it and it reaches."""
        allowed = allowed_on(actor, action)
        if allowed is None or not allowed(resource):
            return None
        step = self.evaluator.run(actor, None, Step(action, resource))
        return step if step.verdict.reaches else None

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
        self, subject: Actor, kind: str
    ) -> list[tuple[Target, tuple[CapabilityResult, ...]]]:
        """Where the widened subject does better than now, and its results there (once per
        subject and kind of widening)."""
        memo = (subject.node, kind)
        found = self._gains.get(memo)
        if found is None:
            widened = self._widened(subject, kind)
            found = [] if widened is None else list(self._better(subject, widened))
            self._gains[memo] = found
        return found

    def _widened(self, subject: Actor, kind: str) -> Actor | None:
        """The subject as the step would leave it; None when that changes nothing."""
        if kind == "boundary":
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
        self, subject: Actor, widened: Actor
    ) -> Iterator[tuple[Target, tuple[CapabilityResult, ...]]]:
        """Where the widened subject does better than the subject now. Evaluated by a fork of
        its own: an evaluator keeps each principal's login steps per domain by its node, which
        the widened one shares with the subject and every other widening of it."""
        g = self.built.graph
        evaluator = self.evaluator.fork(self.evaluator.book, decisions=True)
        for target in self.built.targets.values():
            capabilities = (
                (Capability.LOGIN,)
                if isinstance(target.item, Domain)
                else (Capability.READ, Capability.PUBLISH)
            )
            gained = gains_over(g, subject.node, evaluator, widened, target, capabilities)
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


def _exactly_named(actor: Actor) -> set[str]:
    """The resources the actor's Allows for widening actions name without a wildcard."""
    return {
        r.text
        for p in actor.identity
        for a in ACTIONS
        for s in p.for_action(a.lower())[0]
        if not s.not_resource
        for r in s.resources
        if r.template is None and "*" not in r.text and "?" not in r.text
    }


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
