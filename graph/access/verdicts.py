"""Verdicts: how an access question comes out, and one step's result."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from graph.access.capabilities import Step
from graph.access.policies import Unreadable
from graph.policy import Decision, DenialReason, Layer, Outcome
from graph.policy.engine import REASON_ORDER


class Verdict(enum.StrEnum):
    """How an access question comes out in the graph."""

    ALLOWED = "allowed"
    CONDITIONAL = "conditional"
    UNKNOWN = "unknown"
    DENIED = "denied"

    @property
    def rank(self) -> int:
        """Higher is worse; combining steps keeps the worst."""
        return _RANK[self]

    @property
    def reaches(self) -> bool:
        """Allowed, or allowed if conditions hold."""
        return self in (Verdict.ALLOWED, Verdict.CONDITIONAL)


_RANK: Final = {Verdict.ALLOWED: 0, Verdict.CONDITIONAL: 1, Verdict.UNKNOWN: 2, Verdict.DENIED: 3}


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The worst verdict (ALLOWED for none); a plain loop, since chains and results of
    thousands of principals ask it."""
    found, rank = Verdict.ALLOWED, 0
    for verdict in verdicts:
        if _RANK[verdict] > rank:
            found, rank = verdict, _RANK[verdict]
    return found


@dataclass(frozen=True)
class StepResult:
    """One step's decision, its verdict, and the unreadable policies that made it unknown."""

    step: Step
    decision: Decision
    verdict: Verdict
    unreadable: tuple[Unreadable, ...] = ()


def verdict_of(decision: Decision, unreadable: tuple[Unreadable, ...]) -> Verdict:
    """Allowed / conditional / denied, or unknown when an unreadable policy could change it."""
    if decision.outcome is Outcome.EXPLICIT_DENY:
        return Verdict.DENIED
    if unreadable:
        return Verdict.UNKNOWN
    if decision.outcome is Outcome.IMPLICIT_DENY:
        return Verdict.DENIED
    return Verdict.CONDITIONAL if decision.unknowns else Verdict.ALLOWED


_CALLER_SIDE: Final = frozenset({Layer.IDENTITY, Layer.PERMISSION_BOUNDARY, Layer.SCP})
_SCP: Final = frozenset({Layer.SCP})


def caller_side(across: bool) -> frozenset[Layer]:
    """The caller's layers whose missing Allow no resource policy can give: across accounts
    its identity policies, boundary and SCPs must allow on their own (spec A.5); within one,
    only the SCPs (a resource policy naming the caller may grant what identity lacks)."""
    return _CALLER_SIDE if across else _SCP


def caller_denial(
    decision: Decision, own: tuple[Unreadable, ...], across: bool
) -> DenialReason | None:
    """Why a step on a domain or repository is denied whatever its resource side holds, or
    None: an Allow missing on the caller's side (its identity policies, boundary and SCPs all
    read) across accounts (spec A.5), or an SCP's within one. The first such layer in AWS's
    order: the reason to name when an unreadable resource policy took no part in it."""
    if own or decision.outcome is not Outcome.IMPLICIT_DENY:
        return None
    failed = decision.blocked_by & caller_side(across)
    return next((reason for layer, reason in REASON_ORDER if layer in failed), None)


def access_verdict(
    decision: Decision,
    own: tuple[Unreadable, ...],
    resource_side: tuple[Unreadable, ...],
    across: bool,
) -> Verdict:
    """`verdict_of` for a step on a domain or repository, with the caller's own unreadable
    policies (`own`) apart from the resource side's: an unreadable domain, repository or RCP
    policy may add a Deny, never the Allow a `caller_denial` lacks."""
    if caller_denial(decision, own, across) is not None:
        return Verdict.DENIED
    return verdict_of(decision, (*own, *resource_side))


def trust_verdict(decision: Decision, unreadable: tuple[Unreadable, ...]) -> Verdict:
    """`verdict_of` for assuming a role: the trust policy must allow every caller (spec C.1),
    so where it does not, no policy of the caller that cannot be read could change that."""
    if (
        decision.outcome is Outcome.IMPLICIT_DENY
        and decision.reason is DenialReason.NO_RESOURCE_ALLOW
    ):
        return Verdict.DENIED
    return verdict_of(decision, unreadable)
