"""Which domains or repositories anything could allow an actor an action on, as bit masks.

An action is allowed only if an identity Allow covers it or, in the resource's own account,
a resource policy Allow names the caller; in another account both are needed (spec A.4, A.5);
CodeArtifact ignores its resource policies for `Put*PermissionsPolicy` (spec D.3). Conditions
are ignored, which only keeps more candidates. Where neither side can allow the
first step of a capability, the capability is an implicit deny with no step that worked:
nothing the graph keeps, so the build need not evaluate it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from graph.access.actors import Actor
from graph.access.keys import statement_matches
from graph.access.policies import Unreadable
from graph.access.targets import Target
from graph.policy import CompiledPolicy, CompiledStatement
from graph.policy.inputs import RESOURCE_POLICY_IGNORED
from graph.policy.principals import PrincipalSet, parse_caller


class Grants:
    """Bit i stands for `targets[i]`; the resource asked about is the target's own ARN, or
    what `resource` makes of it (a repository's packages)."""

    def __init__(
        self, targets: Sequence[Target], resource: Callable[[Target], str] | None = None
    ) -> None:
        self.targets = list(targets)
        self._resources = [t.node if resource is None else resource(t) for t in self.targets]
        self.all = (1 << len(self.targets)) - 1
        self.bits = {target.node: 1 << i for i, target in enumerate(self.targets)}
        self._own: dict[str, int] = {}
        self._unknowable = 0
        """Targets with a policy or RCP that cannot be read: their answers are unknown."""
        for i, target in enumerate(self.targets):
            for account in _accounts(target):
                self._own[account] = self._own.get(account, 0) | 1 << i
            if _unknowable(target):
                self._unknowable |= 1 << i
        self._statements: dict[int, tuple[CompiledStatement, int]] = {}
        self._granting: dict[tuple[str, bool], list[tuple[PrincipalSet | None, int]]] = {}
        self._possible: dict[tuple[object, str], int] = {}
        self._somewhere: dict[tuple[object, str], int] = {}

    def possible(self, actor: Actor, action: str, class_key: object) -> int:
        """Targets where some Allow could grant `action` to this actor (or its answer is
        unknown); alike for every actor of `class_key` (same account, same identity
        statements, named by no resource policy)."""
        memo = (class_key, action)
        found = self._possible.get(memo)
        if found is None:
            found = self._possible[memo] = self._possible_for(actor, action)
        return found

    def _possible_for(self, actor: Actor, action: str) -> int:
        if actor.unreadable or actor.kind == "root":
            return self.all
        identity = 0
        for policy in actor.identity:
            for stmt in policy.for_action(action)[0]:
                identity |= self.covered(stmt)
        granted = 0
        if action not in RESOURCE_POLICY_IGNORED:
            for principal, mask in self._grants(action):
                if _may_name(principal, actor.caller):
                    granted |= mask
        own = self._own.get(actor.account_id, 0)
        return (identity & granted) | (own & (identity | granted)) | self._unknowable

    def covered(self, stmt: CompiledStatement) -> int:
        """The targets whose resource the statement's Resource may cover."""
        known = self._statements.get(id(stmt))
        if known is None or known[0] is not stmt:
            mask = 0
            for i, resource in enumerate(self._resources):
                if statement_matches(stmt, resource) is not False:
                    mask |= 1 << i
            known = self._statements[id(stmt)] = (stmt, mask)
        return known[1]

    def somewhere(self, actor: Actor, action: str, class_key: object) -> int:
        """Targets of the caller's account, or whose domain or repository policy holds an
        Allow for `action` that may name the caller, whatever Resource it names (or whose
        answer is unknown): elsewhere nothing could grant it. Alike for every actor of
        `class_key` (as `possible`)."""
        memo = (class_key, action)
        found = self._somewhere.get(memo)
        if found is None:
            found = self._own.get(actor.account_id, 0) | self._unknowable
            if actor.unreadable or actor.kind == "root":
                found = self.all
            elif action not in RESOURCE_POLICY_IGNORED:
                for principal, mask in self._grants(action, anywhere=True):
                    if _may_name(principal, actor.caller):
                        found |= mask
            self._somewhere[memo] = found
        return found

    def _grants(
        self, action: str, *, anywhere: bool = False
    ) -> list[tuple[PrincipalSet | None, int]]:
        """The Principal elements of domain and repository policy Allows covering `action`,
        each with the targets its statements cover, or (`anywhere`) whose policies hold it
        whatever its Resource names (None: a NotPrincipal or no Principal, which may name
        anyone)."""
        found = self._granting.get((action, anywhere))
        if found is None:
            masks: dict[int, tuple[PrincipalSet | None, int]] = {}
            for i, target in enumerate(self.targets):
                for policy in (target.domain_policy, target.repository_policy):
                    if not isinstance(policy, CompiledPolicy):
                        continue
                    for stmt in policy.for_action(action)[0]:
                        if not anywhere and statement_matches(stmt, self._resources[i]) is False:
                            continue
                        principal = None if stmt.not_principal else stmt.principal
                        known = masks.get(id(principal), (principal, 0))
                        masks[id(principal)] = (principal, known[1] | 1 << i)
            found = self._granting[(action, anywhere)] = list(masks.values())
        return found


def may_allow(actor: Actor, target: Target, action: str, resource: str) -> bool:
    """Whether some Allow could grant `action` on `resource` (in `target`) to this actor, or
    its answer is unknown: `Grants.possible` for one resource, such as a package."""
    if actor.unreadable or actor.kind == "root" or _unknowable(target):
        return True
    own = actor.account_id in _accounts(target)
    granted = _resource_grants(actor, target, action, resource)
    if not (own or granted):
        return False  # another account's resource that no policy of its grants
    return (granted and own) or any(
        statement_matches(stmt, resource) is not False
        for policy in actor.identity
        for stmt in policy.for_action(action)[0]
    )


def _resource_grants(actor: Actor, target: Target, action: str, resource: str) -> bool:
    """Whether an Allow for the action in the target's domain or repository policy may name
    the caller on `resource`."""
    return action not in RESOURCE_POLICY_IGNORED and any(
        statement_matches(stmt, resource) is not False
        and _may_name(None if stmt.not_principal else stmt.principal, actor.caller)
        for policy in (target.domain_policy, target.repository_policy)
        if isinstance(policy, CompiledPolicy)
        for stmt in policy.for_action(action)[0]
    )


def _accounts(target: Target) -> set[str]:
    """The accounts a target counts as its own: its owner and the one in its ARN."""
    parts = target.node.split(":")
    return {target.account_id, parts[4] if len(parts) > 5 else ""}


def _unknowable(target: Target) -> bool:
    """A domain, repository or RCP policy that cannot be read: the answer is unknown."""
    policies = (target.domain_policy, target.repository_policy)
    return bool(target.rcp_unreadable) or any(isinstance(p, Unreadable) for p in policies)


def _may_name(principal: PrincipalSet | None, caller: str) -> bool:
    """Whether a resource policy Allow's Principal could name the caller (None, for no
    Principal or a NotPrincipal, and an entry not resolved could name anyone)."""
    if principal is None or principal.unresolved:
        return True
    return bool(principal.matches(_caller(caller)))


_caller = functools.lru_cache(maxsize=4096)(parse_caller)
