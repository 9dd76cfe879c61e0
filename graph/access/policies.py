"""Compiles the snapshot's policies once each, keeping what could not be read or compiled."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Final

from graph.model import Policy, Unknown
from graph.policy import CompiledPolicy, Layer, PolicyError, compile_policy

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
        self._statement_flags: dict[int, tuple[list[bool], list[bool]]] = {}

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

    def principal_specific(self, policy: CompiledPolicy, action: str | None = None) -> bool:
        """True when the policy's answer can differ between principals of one account and kind.

        With `action`, only the statements that cover the action count.
        """
        return any(self._flags(policy, action)[0])

    def tag_specific(self, policy: CompiledPolicy, action: str | None = None) -> bool:
        """True when the policy (its statements covering `action`) reads principal tags."""
        return any(self._flags(policy, action)[1])

    def _flags(self, policy: CompiledPolicy, action: str | None) -> tuple[list[bool], list[bool]]:
        flags = self._statement_flags.get(id(policy))
        if flags is None:
            raw = json.loads(policy.source).get("Statement", [])
            items = raw if isinstance(raw, list) else [raw]
            texts = [json.dumps(s).lower() for s in items]
            flags = (
                [any(k in s for k in _PRINCIPAL_KEYS) or "${aws:" in s for s in texts],
                ["aws:principaltag" in s for s in texts],
            )
            self._statement_flags[id(policy)] = flags
        if action is None:
            return flags
        allows, denies = policy.for_action(action)
        wanted = {s.ref.index for s in (*allows, *denies)}
        return (
            [f for i, f in enumerate(flags[0]) if i in wanted],
            [f for i, f in enumerate(flags[1]) if i in wanted],
        )


def split(
    items: list[CompiledPolicy | Unreadable | None],
) -> tuple[tuple[CompiledPolicy, ...], tuple[Unreadable, ...]]:
    """Compiled policies and unreadable ones, apart."""
    good = tuple(p for p in items if isinstance(p, CompiledPolicy))
    bad = tuple(p for p in items if isinstance(p, Unreadable))
    return good, bad
