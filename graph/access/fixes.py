"""The smallest change that makes a failing step pass, as policy JSON and where to put it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from graph.access.actors import Actor
from graph.access.capabilities import BEARER_CONTEXT, Step
from graph.access.evaluator import StepResult, Verdict
from graph.access.targets import Target
from graph.model import Domain
from graph.policy import DenialReason, Mismatch, StatementRef

FixKind = Literal[
    "identity_policy",
    "domain_policy",
    "repository_policy",
    "trust_policy",
    "permission_boundary",
    "scp",
    "remove_deny",
    "condition",
    "unreadable",
    "none",
]


@dataclass(frozen=True)
class Fix:
    """A change to one policy: add `statement` there (or, for a deny, narrow the named one)."""

    kind: FixKind
    where: str
    node: str
    note: str
    statement: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def document(self) -> dict[str, Any]:
        """The statement as a whole policy document (what `aws iam put-*-policy` takes)."""
        return {"Version": "2012-10-17", "Statement": [self.statement]} if self.statement else {}


@dataclass
class _Draft:
    kind: FixKind
    where: str
    node: str
    principal: str | None = None
    actions: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    condition: dict[str, Any] | None = None

    def add(self, step: Step) -> None:
        if step.action not in self.actions:
            self.actions.append(step.action)
        if step.resource not in self.resources:
            self.resources.append(step.resource)

    def fix(self, note: str) -> Fix:
        statement: dict[str, Any] = {"Sid": "CaxFix", "Effect": "Allow"}
        if self.principal:
            statement["Principal"] = {"AWS": self.principal}
        statement["Action"] = self.actions[0] if len(self.actions) == 1 else self.actions
        if self.kind != "trust_policy":
            statement["Resource"] = (
                self.resources[0] if len(self.resources) == 1 else self.resources
            )
        if self.condition:
            statement["Condition"] = self.condition
        return Fix(self.kind, self.where, self.node, note, statement)


def _who(actor: Actor) -> str:
    return f"{actor.kind}/{actor.name}"


def fixes_for(
    actor: Actor,
    target: Target | None,
    results: Iterable[StepResult],
    trust_role: str | None = None,
) -> list[Fix]:
    """One fix per policy to change, covering every failing step of a hop."""
    drafts: dict[tuple[str, str], _Draft] = {}
    others: list[Fix] = []

    def draft(kind: FixKind, where: str, node: str, principal: str | None = None) -> _Draft:
        return drafts.setdefault((kind, node), _Draft(kind, where, node, principal))

    for result in results:
        if result.verdict in (Verdict.ALLOWED, Verdict.CONDITIONAL):
            continue
        step, decision = result.step, result.decision
        if (result.verdict is Verdict.UNKNOWN and decision.reason is None) or (
            result.unreadable and decision.reason is not DenialReason.EXPLICIT_DENY
        ):
            names = ", ".join(sorted({u.name for u in result.unreadable}))
            others.append(
                Fix(
                    "unreadable",
                    names,
                    actor.node,
                    f"{step.action}: cax could not read {names}; "
                    "collect it again with permission to read it",
                )
            )
            continue
        reason = decision.reason
        if reason is DenialReason.EXPLICIT_DENY:
            for ref in decision.statements:
                others.append(_remove_deny(ref, step))
        elif reason is DenialReason.NO_IDENTITY_ALLOW:
            d = draft(
                "identity_policy",
                f"an identity policy of {_who(actor)} (e.g. a new inline policy)",
                actor.node,
            )
            d.add(step)
            if step.context == BEARER_CONTEXT:
                d.condition = {"StringEquals": dict(BEARER_CONTEXT)}
        elif reason is DenialReason.NO_BOUNDARY_ALLOW:
            draft(
                "permission_boundary", f"the permissions boundary of {_who(actor)}", actor.node
            ).add(step)
        elif reason is DenialReason.NO_RESOURCE_ALLOW:
            if trust_role is not None:
                draft(
                    "trust_policy",
                    f"the trust policy of {trust_role.rsplit(':', 1)[-1]}",
                    trust_role,
                    actor.principal_arn,
                ).add(step)
            elif target is not None:
                kind, where, node = _resource_side(target, step)
                draft(kind, where, node, actor.principal_arn).add(step)
        elif reason is DenialReason.NO_SCP_ALLOW:
            draft(
                "scp",
                f"an SCP at every level above account {actor.account_id} that lacks an allow",
                f"account:{actor.account_id}",
            ).add(step)
        elif reason is DenialReason.SERVICE_RULE:
            others.append(
                Fix(
                    "none",
                    "",
                    actor.node,
                    f"{step.action}: a service rule refuses this caller "
                    f"({', '.join(decision.rules)}); no policy can change it",
                )
            )
        else:
            others.append(Fix("none", "", actor.node, f"{step.action}: {reason}"))
    found = [d.fix(_note(d)) for d in drafts.values()]
    return found + others


def _resource_side(target: Target, step: Step) -> tuple[FixKind, str, str]:
    if step.resource == target.domain_arn or isinstance(target.item, Domain):
        return (
            "domain_policy",
            f"the domain policy of {target.domain_arn.rsplit('/', 1)[-1]}",
            target.domain_arn,
        )
    item = target.item
    return "repository_policy", f"the repository policy of {item.domain}/{item.name}", target.node


def _note(d: _Draft) -> str:
    actions = ", ".join(d.actions)
    if d.kind == "identity_policy":
        return f"grant {actions} in {d.where}"
    if d.kind in ("domain_policy", "repository_policy", "trust_policy"):
        return f"let {d.principal} perform {actions} in {d.where}"
    return f"allow {actions} in {d.where}"


def _remove_deny(ref: StatementRef, step: Step) -> Fix:
    return Fix(
        "remove_deny",
        f"{ref.policy}, statement {ref.label}",
        ref.policy_arn or ref.policy,
        f"{step.action} is denied explicitly by {ref.policy} · {ref.label} ({ref.layer}); "
        "no added allow can win: narrow that statement or exempt this principal",
    )


def condition_fix(ref: StatementRef, reasons: tuple[tuple[Mismatch, str], ...], node: str) -> Fix:
    """The conditions an Allow statement needs that the request does not meet."""
    failed = [detail for mismatch, detail in reasons if mismatch is Mismatch.CONDITION_FAILED]
    return Fix(
        "condition",
        f"{ref.policy}, statement {ref.label}",
        node,
        f"{ref.policy} · {ref.label} would allow if {'; '.join(failed)}",
    )
