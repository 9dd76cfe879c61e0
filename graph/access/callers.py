"""Indexes that find who may assume a role, and which roles an actor may assume, without
evaluating every caller against every role.

When a trust policy admits a caller only through its account (`arn:aws:iam::ACCOUNT:root`),
AWS also needs an identity-policy Allow for `sts:AssumeRole` on that role, in the same account
as across accounts (spec A.4/A.5; the engine's `grant`): a caller none of whose Allow
statements can match the role's ARN is denied, whatever the conditions say. So only callers
whose `sts:AssumeRole` allows match the role (an index over ARNs and patterns), cover every
role (`*`, NotResource, policy variables) or cannot be read need an evaluation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from graph.access.actors import Actor
from graph.access.trust import TrustNames
from graph.model import Role
from graph.policy import CompiledPolicy, CompiledStatement
from graph.policy.wildcard import Matcher, has_wildcard, unmark

ASSUME_LOWER = "sts:assumerole"


@dataclass(frozen=True)
class _Pattern:
    matcher: Matcher
    by_account: dict[str, list[Actor]]


@dataclass(frozen=True)
class AssumeAllows:
    """The roles an actor's own `sts:AssumeRole` Allow statements name: exactly, by wildcard
    patterns, or any role (`broad`: `*`, NotResource, a policy variable, unreadable policies)."""

    broad: bool
    patterns: tuple[tuple[str, Matcher], ...]
    exact: frozenset[str]

    def names_exactly(self, role_arn: str) -> bool:
        """Whether the Allow names the role by its exact ARN: a denied edge from the actor is
        kept, since it means to use the role."""
        return role_arn in self.exact

    def may_name(self, role_arn: str) -> bool:
        """Whether the Allow may cover the role (conditions aside): as `CallerIndex.could_allow`
        finds callers, for one actor."""
        return self.broad or self.tries(role_arn)

    def tries(self, role_arn: str) -> bool:
        """Whether the Allow names the role, exactly or by a pattern that matches it (not by
        `*`)."""
        return role_arn in self.exact or self.matches(role_arn)

    def matches(self, role_arn: str) -> bool:
        """Whether a wildcard pattern of the Allow matches the role."""
        return any(matcher(role_arn) for _, matcher in self.patterns)


def assume_allows(actor: Actor) -> AssumeAllows:
    """What the actor's own `sts:AssumeRole` Allow statements name (read from its policies
    alone: a single question needs no other principal's)."""
    broad = bool(actor.unreadable)
    patterns: dict[str, Matcher] = {}
    exact: set[str] = set()
    for policy in actor.identity:
        for stmt in _assume_allows(policy):
            if stmt.covers_star or stmt.not_resource or stmt.resource_implied:
                broad = True
                continue
            for pattern in stmt.resources:
                if pattern.matcher is None:  # a policy variable: depends on the caller
                    broad = True
                elif not has_wildcard(pattern.text):
                    exact.add(pattern.text)
                else:
                    patterns.setdefault(pattern.text, pattern.matcher)
    return AssumeAllows(broad, tuple(patterns.items()), frozenset(exact))


class CallerIndex:
    """Actors by account and node, and by the roles their `sts:AssumeRole` allows name."""

    def __init__(
        self, actors: Iterable[Actor], allows_of: Callable[[Actor], AssumeAllows] = assume_allows
    ) -> None:
        self.by_account: dict[str, list[Actor]] = {}
        self.by_node: dict[str, Actor] = {}
        self.roles: dict[tuple[str, str], Actor] = {}
        self.literal: dict[str, list[Actor]] = {}
        """Role ARN → actors whose Allow names it exactly."""
        self.patterns: dict[str, _Pattern] = {}
        """Pattern text → its matcher and the actors (by account) whose Allow holds it."""
        self.broad: dict[str, list[Actor]] = {}
        """Account → actors whose Allow may cover any role, or whose policies cannot be read."""
        self.exact: dict[str, str] = {}
        """Every wildcard-free Resource an `sts:AssumeRole` statement of any caller (Allow or
        Deny, identity, boundary or SCP) holds: ARN → its text."""
        self.wild: dict[str, Matcher] = {}
        """The same for patterns with wildcards."""
        self.templated = False
        """Some such statement has a policy variable or NotResource with one."""
        seen: set[int] = set()
        for actor in actors:
            self.by_account.setdefault(actor.account_id, []).append(actor)
            self.by_node[actor.node] = actor
            if actor.kind == "role":
                self.roles[(actor.account_id, actor.name.lower())] = actor
            self._index_assume(actor, allows_of(actor))
            for policy in (
                *actor.identity,
                *(actor.boundary or ()),
                *(p for level in actor.scps for p in level),
            ):
                if id(policy) not in seen:
                    seen.add(id(policy))
                    self._index_patterns(policy)
        # `wild` by the account its ARN pattern names (only an ARN in that account can match
        # it: wildcards stay within their segment before the resource part), and those whose
        # account may be any: a role is tested against its own account's and those (a
        # 10-account organisation: a tenth of them)
        self._wild_in: dict[str, list[tuple[str, Matcher]]] = {}
        self._wild_anywhere: list[tuple[str, Matcher]] = []
        for text, matcher in self.wild.items():
            parts = text.split(":", 5)
            if len(parts) == 6 and parts[4].isdigit():
                self._wild_in.setdefault(parts[4], []).append((text, matcher))
            else:
                self._wild_anywhere.append((text, matcher))

    def _index_patterns(self, policy: CompiledPolicy) -> None:
        allows, denies = policy.for_action(ASSUME_LOWER)
        for stmt in (*allows, *denies):
            for pattern in stmt.resources:
                if pattern.matcher is None:
                    self.templated = True
                elif has_wildcard(pattern.text):
                    self.wild[pattern.text] = pattern.matcher
                else:
                    self.exact[unmark(pattern.text)] = pattern.text

    def role_signature(self, role_arn: str) -> object:
        """The Resource patterns of callers' `sts:AssumeRole` statements that match the role:
        two roles they match alike are matched alike by every statement of every caller."""
        if self.templated:
            return role_arn
        found = [self.exact[role_arn]] if role_arn in self.exact else []
        parts = role_arn.split(":", 5)
        mine = self._wild_in.get(parts[4], ()) if len(parts) == 6 else ()
        found.extend(text for text, matcher in (*mine, *self._wild_anywhere) if matcher(role_arn))
        return frozenset(found)

    def _index_assume(self, actor: Actor, allows: AssumeAllows) -> None:
        for text in allows.exact:
            self.literal.setdefault(text, []).append(actor)
        for text, matcher in allows.patterns:
            found = self.patterns.get(text)
            if found is None:
                found = self.patterns[text] = _Pattern(matcher, {})
            found.by_account.setdefault(actor.account_id, []).append(actor)
        if allows.broad:
            self.broad.setdefault(actor.account_id, []).append(actor)

    def accounts(self, names: TrustNames) -> list[str]:
        """The accounts of the snapshot whose every principal the trust policy may admit."""
        if names.wildcard:
            return list(self.by_account)
        return [a for a in names.accounts if a in self.by_account]

    def could_allow(self, account: str, role: Role) -> list[Actor]:
        """Actors of `account` with an `sts:AssumeRole` Allow that may match the role's ARN
        (conditions aside), or that may cover any role: the only callers a trust policy that
        admits `account` by its root can let in."""
        found: dict[str, Actor] = {a.node: a for a in self.broad.get(account, ())}
        for actor in self.literal.get(role.arn, ()):
            if actor.account_id == account:
                found[actor.node] = actor
        for pattern in self.patterns.values():
            members = pattern.by_account.get(account)
            if members and pattern.matcher(role.arn):
                for actor in members:
                    found[actor.node] = actor
        return list(found.values())

    def individuals(self, names: TrustNames, role: Role) -> list[Actor]:
        """Actors the trust policy names one by one, or who name the role exactly."""
        found = [self.by_node[u] for u in names.users if u in self.by_node]
        found.extend(self.roles[r] for r in names.roles if r in self.roles)
        found.extend(self.literal.get(role.arn, []))
        unique = {a.node: a for a in found if a.node != role.arn}
        return list(unique.values())


def _assume_allows(policy: CompiledPolicy) -> tuple[CompiledStatement, ...]:
    return policy.for_action(ASSUME_LOWER)[0]
