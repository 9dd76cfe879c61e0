"""What an explanation holds: each hop and step explained, the deciding statements as JSON,
near misses (statements that would allow but for the resource, principal or a condition)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from graph.access.capabilities import Step
from graph.access.evaluator import StepResult, Verdict
from graph.access.fixes import Fix
from graph.access.results import Chain, Hop
from graph.policy import (
    CompiledPolicy,
    Decision,
    DenialReason,
    Mismatch,
    StatementRef,
    describe_unknowns,
    sentence,
)

_NEAR = frozenset(
    {
        Mismatch.RESOURCE_MISMATCH,
        Mismatch.RESOURCE_NOT_WILDCARD,
        Mismatch.PRINCIPAL_MISMATCH,
        Mismatch.ACCOUNT_MISMATCH,
        Mismatch.CONDITION_FAILED,
        Mismatch.VARIABLE_MISSING,
    }
)


@dataclass(frozen=True)
class NearMiss:
    """A statement that covers the action but missed for another reason (resource, principal…)."""

    ref: StatementRef
    reasons: tuple[tuple[Mismatch, str], ...]
    statement: dict[str, Any]

    @property
    def why(self) -> str:
        """`resource_mismatch: …; condition_failed: …` (the codes, for machines)."""
        return "; ".join(f"{m.value}: {detail}" for m, detail in self.reasons)

    @property
    def words(self) -> str:
        """Why it missed, in words: `written for other resources, not …`."""
        return "; ".join(mismatch_words(m, detail) for m, detail in self.reasons)


@dataclass(frozen=True)
class StepExplanation:
    """One authorisation of a hop: its decision in AWS's words and what decided it."""

    step: Step
    verdict: Verdict
    decision: Decision
    result: StepResult
    sentence: str
    deciding: tuple[tuple[StatementRef, dict[str, Any]], ...]
    near_misses: tuple[NearMiss, ...]
    conditions: tuple[str, ...]
    unreadable: tuple[str, ...]


@dataclass(frozen=True)
class HopExplanation:
    """A hop of the chain with the steps that decide it."""

    hop: Hop
    verdict: Verdict
    steps: tuple[StepExplanation, ...]


@dataclass(frozen=True)
class AccessExplanation:
    """Why a principal can or cannot use a capability on a resource, hop by hop, and the fix."""

    principal: str
    capability: str
    resource: str
    verdict: Verdict
    hops: tuple[HopExplanation, ...]
    fixes: tuple[Fix, ...]
    alternatives: tuple[Chain, ...] = ()
    could_gain: Chain | None = None
    """A chain through an escalation step that would do better than now, when asked for
    (`AccessGraph.explain(..., escalation=True)`)."""

    @property
    def failing(self) -> HopExplanation | None:
        """The first hop that does not pass."""
        return next((h for h in self.hops if not h.verdict.reaches), None)

    @property
    def chain(self) -> Chain:
        """The chain explained."""
        return Chain(tuple(h.hop for h in self.hops))


def _statement_json(policies: Iterable[CompiledPolicy], ref: StatementRef) -> dict[str, Any]:
    for policy in policies:
        if policy.name == ref.policy and policy.arn == ref.policy_arn:
            raw = json.loads(policy.source)["Statement"]
            items = raw if isinstance(raw, list) else [raw]
            return dict(items[ref.index]) if ref.index < len(items) else {}
    return {}


def explain_step(result: StepResult, policies: tuple[CompiledPolicy, ...]) -> StepExplanation:
    """Explain one evaluated step: deciding statements as JSON, near misses, conditions."""
    decision = result.decision
    near: list[NearMiss] = []
    if not result.verdict.reaches:
        for layer in decision.explain().layers:
            for check in layer.statements:
                kinds = {m for m, _ in check.reasons}
                if check.matched or Mismatch.ACTION_MISMATCH in kinds or not kinds & _NEAR:
                    continue
                if check.ref.effect.value != "Allow":
                    continue
                near.append(
                    NearMiss(check.ref, check.reasons, _statement_json(policies, check.ref))
                )
    near.sort(key=_nearness)
    return StepExplanation(
        result.step,
        result.verdict,
        decision,
        result,
        sentence(decision),
        tuple((ref, _statement_json(policies, ref)) for ref in decision.statements),
        tuple(near),
        describe_unknowns(decision.unknowns),
        tuple(f"{u.name}: {u.error}" for u in result.unreadable),
    )


_MISMATCH_WORDS: Final = {
    Mismatch.ACTION_MISMATCH: "written for other actions, not {}",
    Mismatch.RESOURCE_MISMATCH: "written for other resources, not {}",
    Mismatch.RESOURCE_NOT_WILDCARD: 'this action needs "Resource": "*", not {}',
    Mismatch.PRINCIPAL_MISMATCH: "names other principals, not {}",
    Mismatch.ACCOUNT_MISMATCH: "names principals of another account, not {}",
    Mismatch.NO_PRINCIPAL_ELEMENT: "has no Principal element {}",
    Mismatch.CONDITION_FAILED: "its condition is not met: {}",
    Mismatch.CONDITION_UNKNOWN: "its condition cannot be decided: {}",
    Mismatch.VARIABLE_MISSING: "a policy variable has no value: {}",
}
_DENIAL_WORDS: Final = {
    DenialReason.EXPLICIT_DENY: "an explicit deny",
    DenialReason.NO_RCP_ALLOW: "no resource control policy allows it",
    DenialReason.NO_SCP_ALLOW: "no service control policy allows it",
    DenialReason.NO_ENDPOINT_ALLOW: "no VPC endpoint policy allows it",
    DenialReason.NO_RESOURCE_ALLOW: "no resource-based policy allows it",
    DenialReason.NO_IDENTITY_ALLOW: "no identity-based policy allows it",
    DenialReason.NO_BOUNDARY_ALLOW: "no permissions boundary allows it",
    DenialReason.NO_SESSION_ALLOW: "no session policy allows it",
    DenialReason.SERVICE_RULE: "a rule of the service itself",
}


def mismatch_words(mismatch: Mismatch, detail: str) -> str:
    """One mismatch reason in words (`--json` keeps the code)."""
    return _MISMATCH_WORDS.get(mismatch, mismatch.value + ": {}").format(detail).strip()


def denial_words(reason: DenialReason | None) -> str:
    """A denial reason in words: `no identity-based policy allows it`."""
    return _DENIAL_WORDS.get(reason, reason.value) if reason else "access denied"


_FARTHER: Final = {
    Mismatch.ACCOUNT_MISMATCH: 2,
    Mismatch.PRINCIPAL_MISMATCH: 2,
    Mismatch.RESOURCE_NOT_WILDCARD: 1,
}


def _nearness(miss: NearMiss) -> int:
    """Statements about this caller that missed on the resource or a condition come first;
    those written for someone else (principal or account mismatch) after, and last those whose
    Principal names only other accounts than the caller's."""
    far = max((_FARTHER.get(m, 0) for m, _ in miss.reasons), default=0)
    if far < 2:
        return far
    named = json.dumps(miss.statement.get("Principal", ""))
    callers = {
        d.split(":")[4] for m, d in miss.reasons if d.startswith("arn:") and d.count(":") >= 5
    }
    return far if not callers or callers & set(_ACCOUNT.findall(named)) else far + 1


_ACCOUNT: Final = re.compile(r"(?<!\d)\d{12}(?!\d)")
