"""Compiles the snapshot's policies once each, keeping what could not be read or compiled."""

from __future__ import annotations

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
        self._principal_specific: dict[int, bool] = {}
        self._tag_specific: dict[int, bool] = {}

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

    def principal_specific(self, policy: CompiledPolicy) -> bool:
        """True when the policy's answer can differ between principals of one account and kind."""
        found = self._principal_specific.get(id(policy))
        if found is None:
            text = policy.source.lower()
            found = any(k in text for k in _PRINCIPAL_KEYS) or "${aws:" in text
            self._principal_specific[id(policy)] = found
        return found

    def tag_specific(self, policy: CompiledPolicy) -> bool:
        """True when the policy reads principal tags."""
        found = self._tag_specific.get(id(policy))
        if found is None:
            found = "aws:principaltag" in policy.source.lower()
            self._tag_specific[id(policy)] = found
        return found


def split(
    items: list[CompiledPolicy | Unreadable | None],
) -> tuple[tuple[CompiledPolicy, ...], tuple[Unreadable, ...]]:
    """Compiled policies and unreadable ones, apart."""
    good = tuple(p for p in items if isinstance(p, CompiledPolicy))
    bad = tuple(p for p in items if isinstance(p, Unreadable))
    return good, bad
