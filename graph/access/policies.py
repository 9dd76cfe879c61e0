"""Compiles the snapshot's policies once each, keeping what could not be read or compiled."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Final

from graph.model import Policy, PolicyType, Unknown
from graph.policy import CompiledPolicy, Layer, PolicyError, compile_policy
from graph.policy.conditions import Clause
from graph.snapshot import Snapshot

_PRINCIPAL_KEYS: Final = ("aws:username", "aws:userid", "aws:principalarn", "aws:sourceidentity")


@dataclass(frozen=True)
class Unreadable:
    """A policy that takes part in a decision but cannot be evaluated: unknown or invalid."""

    name: str
    error: str


class PolicyBook:
    """Compiled policies by (document identity, name, kind): each is compiled once per snapshot."""

    def __init__(self) -> None:
        self._compiled: dict[tuple[int, str, str | None, Layer], CompiledPolicy | Unreadable] = {}
        # what follows is read from a policy's text: shared by every policy of that text
        self._texts: dict[str, list[str]] = {}
        self._flags: dict[tuple[str, str], tuple[bool, bool, bool]] = {}
        self._reading: dict[tuple[str, str], tuple[Clause, ...] | None] = {}
        self.levels: dict[tuple[int, str, str], object] = {}
        """`org_levels` per (snapshot, account, policy type)."""

    def fork(self) -> PolicyBook:
        """A book that starts with everything this one compiled, for a changed copy of the
        snapshot (a what-if): documents the copy shares with the original are compiled once.

        Entries are keyed by object identity, which is sound while the originals live (this
        book's snapshot keeps them); what the fork adds stays in the fork, which lives as long
        as the copy it reads.
        """
        forked = PolicyBook()
        forked._compiled = dict(self._compiled)
        forked._texts = dict(self._texts)
        forked._flags = dict(self._flags)
        forked._reading = dict(self._reading)
        return forked

    def compile(
        self, policy: Policy | Unknown | None, name: str, kind: Layer
    ) -> CompiledPolicy | Unreadable | None:
        """The compiled form of `policy`, an `Unreadable` for unknown or invalid ones, or None."""
        if policy is None:
            return None
        if isinstance(policy, Unknown):
            return Unreadable(name, policy.error)
        key = (id(policy.document), name, policy.arn, kind)
        found = self._compiled.get(key)
        if found is None:
            try:
                found = compile_policy(dict(policy.document), name=name, arn=policy.arn, kind=kind)
            except PolicyError as error:
                found = Unreadable(name, str(error))
            self._compiled[key] = found
        return found

    def reading_clauses(self, policy: CompiledPolicy, action: str) -> tuple[Clause, ...] | None:
        """The condition tests, in the statements covering `action`, that read who the caller
        is (user name, user id, `aws:PrincipalArn`, source identity).

        Callers for whom each test comes out alike get the same answer from this policy; None
        when a statement reads the caller through a policy variable, which no test sums up.
        """
        key = (policy.source, action)
        if key in self._reading:
            return self._reading[key]
        found: tuple[Clause, ...] | None = ()
        if self.flags(policy, action)[0]:
            texts = self.statement_texts(policy)
            allows, denies = policy.for_action(action)
            clauses: list[Clause] = []
            for stmt in (*allows, *denies):
                if "${" in texts[stmt.ref.index]:
                    found = None
                    break
                clauses.extend(c for c in stmt.conditions if c.key_lower in _PRINCIPAL_KEYS)
            else:
                found = tuple(clauses)
        self._reading[key] = found
        return found

    def tag_specific(self, policy: CompiledPolicy, action: str) -> bool:
        """True when the statements covering `action` read principal tags."""
        return self.flags(policy, action)[1]

    def resource_tag_specific(self, policy: CompiledPolicy, action: str) -> bool:
        """True when the statements covering `action` read resource tags."""
        return self.flags(policy, action)[2]

    def statement_texts(self, policy: CompiledPolicy) -> list[str]:
        """Each statement's JSON with sorted keys, by position: statements that read alike
        have equal texts."""
        found = self._texts.get(policy.source)
        if found is None:
            raw = json.loads(policy.source).get("Statement", [])
            items = raw if isinstance(raw, list) else [raw]
            found = self._texts[policy.source] = [json.dumps(s, sort_keys=True) for s in items]
        return found

    def flags(self, policy: CompiledPolicy, action: str) -> tuple[bool, bool, bool]:
        """(principal-specific, principal-tag, resource-tag) of the statements covering `action`."""
        key = (policy.source, action)
        found = self._flags.get(key)
        if found is None:
            texts = self.statement_texts(policy)
            allows, denies = policy.for_action(action)
            wanted = [texts[s.ref.index].lower() for s in (*allows, *denies)]
            found = (
                any(any(k in s for k in _PRINCIPAL_KEYS) or "${aws:" in s for s in wanted),
                any("aws:principaltag" in s for s in wanted),
                any("aws:resourcetag" in s for s in wanted),
            )
            self._flags[key] = found
        return found


def split(
    items: list[CompiledPolicy | Unreadable | None],
) -> tuple[tuple[CompiledPolicy, ...], tuple[Unreadable, ...]]:
    """Compiled policies and unreadable ones, apart."""
    good = tuple(p for p in items if isinstance(p, CompiledPolicy))
    bad = tuple(p for p in items if isinstance(p, Unreadable))
    return good, bad


def org_levels(
    snapshot: Snapshot, book: PolicyBook, account_id: str, policy_type: PolicyType
) -> tuple[tuple[tuple[CompiledPolicy, ...], ...], tuple[Unreadable, ...]]:
    """SCPs (of a caller's account) or RCPs (of a resource's account) per level, compiled,
    and those that cannot be read."""
    memo = (id(snapshot), account_id, policy_type)
    found = book.levels.get(memo)
    if found is None:
        found = book.levels[memo] = _org_levels(snapshot, book, account_id, policy_type)
    return found  # type: ignore[return-value]


def _org_levels(
    snapshot: Snapshot, book: PolicyBook, account_id: str, policy_type: PolicyType
) -> tuple[tuple[tuple[CompiledPolicy, ...], ...], tuple[Unreadable, ...]]:
    org = snapshot.org
    if org is None:
        return (), ()
    scp = policy_type == "SERVICE_CONTROL_POLICY"
    layer, prefix = (Layer.SCP, "SCP") if scp else (Layer.RCP, "RCP")
    levels: list[tuple[CompiledPolicy, ...]] = []
    bad: list[Unreadable] = []
    for level in org.levels(account_id, policy_type):
        good, unreadable = split(
            [book.compile(p.as_policy(), f"{prefix} {p.name}", layer) for p in level]
        )
        levels.append(good)
        bad.extend(unreadable)
    return tuple(levels), tuple(bad)
