"""Decisions as data: outcome, blocking layers, deciding statements, unknowns, explanations."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.once import once
from graph.policy.model import (
    DenialReason,
    Layer,
    Mismatch,
    Outcome,
    PolicyWarning,
    Request,
    StatementRef,
)


@dataclass(frozen=True)
class Unknown:
    """A condition discover mode had to assume.

    `negated` False: the condition must hold (it comes from an Allow). `negated` True: it must
    *not* hold (it comes from a Deny that would otherwise apply). Unknowns sharing a `group`
    number come from one Deny statement with several unknown conditions: at least one of them
    must fail, not necessarily all.
    """

    key: str
    operator: str
    values: tuple[str, ...]
    where: StatementRef
    negated: bool = False
    group: int | None = None


@dataclass(frozen=True)
class StatementCheck:
    """One statement's verdict in an explanation."""

    ref: StatementRef
    matched: bool
    reasons: tuple[tuple[Mismatch, str], ...] = ()
    unknowns: tuple[tuple[str, str, tuple[str, ...]], ...] = ()

    @property
    def conditional(self) -> bool:
        """Matched only if the listed unknown conditions hold (discover mode)."""
        return self.matched and bool(self.unknowns)


@dataclass(frozen=True)
class LayerCheck:
    """One layer (or one organisation level of SCPs/RCPs) in an explanation.

    `applies` False means the layer took no part (no boundary, resource policies ignored for the
    action, …); `allowed` says whether some Allow statement matched; `denied` whether a Deny did.
    """

    layer: Layer
    level: int | None
    applies: bool
    allowed: bool
    denied: bool
    note: str = ""
    statements: tuple[StatementCheck, ...] = ()


@dataclass(frozen=True)
class Explanation:
    """Per layer, per statement: matched or not, and why not."""

    outcome: Outcome
    layers: tuple[LayerCheck, ...]
    rules: tuple[str, ...] = ()

    def layer(self, layer: Layer | str, level: int | None = None) -> LayerCheck:
        """The first check for a layer (and level); KeyError when it is not present."""
        for check in self.layers:
            if check.layer == layer and (level is None or check.level == level):
                return check
        raise KeyError(str(layer))


@dataclass(frozen=True)
class Decision:
    """The answer to one request.

    Attributes:
        outcome: allowed, implicit deny or explicit deny.
        blocked_by: the layers that failed (empty when allowed).
        statements: the statements that decided: the matching Deny statements for an explicit
            deny, the Allow statements of the granting path for an allow.
        unknowns: discover mode only: what must hold for this outcome.
        reason: the primary machine reason for a denial (None when allowed).
        request: the request decided.
        rules: named special rules that decided (`sts_get_caller_identity`, `root_same_account`,
            `root_get_authorization_token`, `resource_policy_ignored`, …).
    """

    outcome: Outcome
    blocked_by: frozenset[Layer]
    statements: tuple[StatementRef, ...]
    unknowns: tuple[Unknown, ...]
    reason: DenialReason | None
    request: Request
    rules: tuple[str, ...] = ()
    _inputs: object = field(default=None, repr=False, compare=False)

    @property
    def allowed(self) -> bool:
        return self.outcome is Outcome.ALLOWED

    def explain(self) -> Explanation:
        """Re-run the evaluation recording every layer and statement (slower; for UIs)."""
        if self._inputs is None:
            return Explanation(self.outcome, (), self.rules)
        from graph.policy.explain import explain_inputs  # explain depends on the engine

        return explain_inputs(self._inputs)  # type: ignore[arg-type]

    @property
    def warnings(self) -> tuple[PolicyWarning, ...]:
        """What AWS would refuse to store in the policies that took part (see compile_policy)."""
        inputs = self._inputs
        if inputs is None:
            return ()
        found: list[PolicyWarning] = []
        for _layer, _level, policies in inputs.layers():  # type: ignore[attr-defined]
            for policy in policies:
                found.extend(policy.warnings)
        return tuple(dict.fromkeys(found))

    @once
    def layers(self) -> dict[Layer, bool]:
        """For each layer that took part: whether it allowed (every level, for SCPs/RCPs)."""
        verdict: dict[Layer, bool] = {}
        for check in self.explain().layers:
            if check.applies:
                ok = check.allowed and not check.denied
                verdict[check.layer] = verdict.get(check.layer, True) and ok
        return verdict
