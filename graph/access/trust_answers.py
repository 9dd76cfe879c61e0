"""A role's trust as the build reads it, and `sts:AssumeRole` answers shared between roles.

Callers of one class (`Evaluator.actor_class`) get one answer from every role whose trust
policy reads alike, under the same RCPs, in the same account, and whose ARN their own
statements' Resource patterns match alike: the evaluator's key would be the same for each, so
the answer is taken from the first such role, its statements named after the role asked about
(`TrustRecords.twin`). This skips building that key once per class and role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graph.access.actors import Actor
from graph.access.callers import ASSUME_LOWER
from graph.access.evaluator import Evaluator, StepResult, statement_matches
from graph.access.targets import rcp_levels
from graph.access.trust import TrustNames, trust_policy
from graph.model import Role
from graph.policy import CompiledPolicy
from graph.policy.conditions import Clause
from graph.policy.wildcard import Matcher
from graph.snapshot import Snapshot

ASSUME_ACTIONS = (ASSUME_LOWER,)


@dataclass(frozen=True)
class RoleTrust:
    """A role's trust policy, whom it names, the RCPs over the role, and what of the caller
    the answer reads: its tags, tests of who it is, or (`personal`) a policy variable, then no
    two callers share it."""

    role: Role
    policy: CompiledPolicy
    names: TrustNames
    rcps: tuple[tuple[CompiledPolicy, ...], ...]
    tagged: bool
    reads: tuple[Clause, ...] | None
    """The tests of who the caller is (`PolicyBook.reading_clauses`); None: `personal`."""
    shape: tuple[object, ...]
    """Account, trust policy text, RCPs and which RCP statements match the role."""

    @property
    def personal(self) -> bool:
        """The trust reads who the caller is through a policy variable: no two callers share
        its answer."""
        return self.reads is None


def read_trust(
    role: Role,
    names: TrustNames | None,
    evaluator: Evaluator,
    snapshot: Snapshot,
    contents: dict[str, int],
) -> RoleTrust | None:
    """The role's trust as the build reads it (`names`: whom its trust names); None when it
    has none or it cannot be read (`contents`: as `trust_shape`)."""
    policy = trust_policy(evaluator.book, role)
    if not isinstance(policy, CompiledPolicy) or names is None:
        return None
    rcps = rcp_levels(snapshot, evaluator.book, role.account_id)[0]
    policies = (policy, *(p for level in rcps for p in level))
    reads = evaluator.reading(policies, (ASSUME_LOWER,))
    tagged = any(evaluator.book.tag_specific(p, ASSUME_LOWER) for p in policies)
    shape = trust_shape(role, policy, rcps, contents)
    return RoleTrust(role, policy, names, rcps, tagged, reads, shape)


def trust_shape(
    role: Role,
    policy: CompiledPolicy,
    rcps: tuple[tuple[CompiledPolicy, ...], ...],
    contents: dict[str, int],
) -> tuple[object, ...]:
    """Roles of one account whose trust policies read alike (`contents`: a number per policy
    text, kept by the caller), under the same RCPs whose statements match them alike, and that
    every caller's `sts:AssumeRole` statements match alike (`AssumeEdges._alike`), get the
    same answer from every caller: one group, evaluated once."""
    rcp_statements = [
        s for level in rcps for p in level for g in p.for_action(ASSUME_LOWER) for s in g
    ]
    return (
        role.account_id,
        contents.setdefault(policy.source, len(contents)),
        tuple(tuple(map(id, level)) for level in rcps),
        tuple(statement_matches(s, role.arn) for s in rcp_statements),
    )


class ClassAnswers:
    """`sts:AssumeRole` answers per caller class and kind of role (see the module docstring)."""

    def __init__(self, evaluator: Evaluator) -> None:
        self.evaluator = evaluator
        self._answers: dict[tuple[object, ...], tuple[StepResult, RoleTrust]] = {}
        self._patterns: dict[object, tuple[tuple[tuple[str, Matcher | None], ...], int]] = {}
        """Per class, its patterns and their number in `_same`."""
        self._same: dict[tuple[tuple[str, Matcher | None], ...], int] = {}
        """One number per distinct pattern list: classes holding the same patterns share
        what they match (`_matches`)."""
        self._matches: dict[tuple[int, str], object] = {}
        self._variable: set[int] = set()
        """Pattern lists (by number) holding a policy variable: they match each role alike
        only with itself."""

    def get(
        self, actor: Actor, rt: RoleTrust, run: Callable[[Actor, RoleTrust], StepResult]
    ) -> tuple[StepResult, RoleTrust]:
        """The actor's answer from `rt`'s role, and the role whose trust policy decided it
        (`rt` itself, or an alike one whose statements must be named after `rt`'s)."""
        if rt.personal or self.evaluator.names(rt.policy, actor):
            return run(actor, rt), rt  # the answer is the actor's own
        group = self.caller_class(actor, rt)
        matched = self.matched(group, actor, rt.role.arn)
        key = (group, rt.shape, matched)  # (the class holds unreadable policies and more)
        found = self._answers.get(key)
        if found is None:
            found = self._answers[key] = (run(actor, rt), rt)
        return found

    def caller_class(self, actor: Actor, rt: RoleTrust) -> object:
        """The actor's class for this role's trust: its `sts:AssumeRole` class, with its tags
        and how it fares on the trust's tests of who it is when the trust reads them."""
        group = self.evaluator.actor_class(actor, ASSUME_ACTIONS)
        if rt.tagged:
            group = (group, tuple(sorted(actor.tags.items())))
        if rt.reads:
            group = (group, self.evaluator.seen_as(actor, rt.reads))
        return group

    def matched(self, group: object, actor: Actor, role_arn: str) -> object:
        """The Resource patterns of the class's `sts:AssumeRole` statements (identity,
        boundary and SCPs, Allow and Deny) that match the role: two roles they match alike,
        every statement of the class matches alike (a policy variable: the role's own ARN)."""
        patterns, same = self.patterns(group, actor)
        memo = (same, role_arn)
        known = self._matches.get(memo)
        if known is None:
            if self.variable(same):
                known = role_arn
            else:
                known = frozenset(text for text, matcher in patterns if matcher(role_arn))  # type: ignore[misc]
            self._matches[memo] = known
        return known

    def variable(self, same: int) -> bool:
        """The pattern list numbered `same` (`patterns`) holds a policy variable: it matches
        each role alike only with itself."""
        return same in self._variable

    def patterns(
        self, group: object, actor: Actor
    ) -> tuple[tuple[tuple[str, Matcher | None], ...], int]:
        """The class's `sts:AssumeRole` Resource patterns (text, matcher; None for a policy
        variable), and a number for them: classes with the same number match every role alike
        (`matched`)."""
        known_patterns = self._patterns.get(group)
        if known_patterns is None:
            scps = (p for level in actor.scps for p in level)
            policies = (*actor.identity, *(actor.boundary or ()), *scps)
            found = {
                pattern.text: pattern.matcher
                for policy in policies
                for statements in policy.for_action(ASSUME_LOWER)
                for stmt in statements
                for pattern in stmt.resources
            }
            listed = tuple(found.items())
            same = self._same.setdefault(listed, len(self._same))
            if any(matcher is None for _, matcher in listed):
                self._variable.add(same)
            known_patterns = self._patterns[group] = (listed, same)
        return known_patterns

    def clear(self) -> None:
        """Drop what only the build needed."""
        self._answers.clear()
        self._patterns.clear()
        self._same.clear()
        self._matches.clear()
