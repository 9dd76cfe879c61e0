"""The smallest change that makes a failing step pass, as policy JSON and where to put it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from graph.access.actors import Actor
from graph.access.capabilities import BEARER_CONTEXT, Step
from graph.access.evaluator import StepResult, Verdict
from graph.access.targets import Target
from graph.access.verdicts import caller_side
from graph.model import Domain
from graph.policy import Decision, DenialReason, Layer, Mismatch, StatementRef
from graph.policy.engine import REASON_ORDER
from graph.policy.inputs import RESOURCE_POLICY_IGNORED
from graph.sources import aws_managed

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
    """A change to one policy: add `statements` there (or, for a deny, narrow the named one)."""

    kind: FixKind
    where: str
    node: str
    note: str
    statements: tuple[dict[str, Any], ...] = field(default=(), hash=False)
    proved: bool = False
    """Applied to a copy of the snapshot (with the rest of its change set), the path opens."""

    @property
    def statement(self) -> dict[str, Any]:
        """The first statement to add (most fixes need one), or `{}` when none is."""
        return self.statements[0] if self.statements else {}

    @property
    def document(self) -> dict[str, Any]:
        """The statements as a whole policy document (what `aws iam put-*-policy` takes)."""
        if not self.statements:
            return {}
        return {"Version": "2012-10-17", "Statement": list(self.statements)}


@dataclass
class _Draft:
    """The steps one policy must allow, grouped by resource (and condition) so that each
    statement grants exactly what is missing."""

    kind: FixKind
    where: str
    node: str
    principal: str | None = None
    actions: list[str] = field(default_factory=list)
    groups: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def add(self, step: Step) -> None:
        if step.action not in self.actions:
            self.actions.append(step.action)
        bearer = "bearer" if step.context == BEARER_CONTEXT else ""
        resource = "" if self.kind == "trust_policy" else step.resource
        actions = self.groups.setdefault((resource, bearer), [])
        if step.action not in actions:
            actions.append(step.action)

    def fix(self, note: str) -> Fix:
        statements = []
        for number, ((resource, bearer), actions) in enumerate(self.groups.items(), 1):
            statement: dict[str, Any] = {
                "Sid": "CaxFix" if len(self.groups) == 1 else f"CaxFix{number}",
                "Effect": "Allow",
            }
            if self.principal:
                statement["Principal"] = {"AWS": self.principal}
            statement["Action"] = actions[0] if len(actions) == 1 else actions
            if resource:
                statement["Resource"] = resource
            if bearer:
                statement["Condition"] = {"StringEquals": dict(BEARER_CONTEXT)}
            statements.append(statement)
        return Fix(self.kind, self.where, self.node, note, tuple(statements))


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
            unshipped = bool(result.unreadable) and all(
                u.error == aws_managed.UNSHIPPED for u in result.unreadable
            )
            how = (
                "add its document to the input (a get-account-authorization-details output "
                "taken without --filter lists it, and so does `cax collect`)"
                if unshipped
                else "collect it again with permission to read it"
            )
            others.append(
                Fix(
                    "unreadable",
                    names,
                    actor.node,
                    f"{step.action}: cax could not read {names}; {how}",
                )
            )
            across = target is not None and target.account_id != actor.account_id
            blocked = decision.blocked_by & caller_side(across)
            if result.verdict is Verdict.DENIED and blocked:  # denied whatever it holds
                for reason in _reasons(blocked, decision.reason):
                    _one(reason, step, decision, actor, target, trust_role, draft, others)
            continue
        if decision.reason is DenialReason.EXPLICIT_DENY:
            for ref in decision.statements:
                others.append(_remove_deny(ref, step))
            continue
        # Every layer that blocks needs a change, not only the one AWS's message names.
        for reason in _reasons(decision.blocked_by, decision.reason):
            _one(reason, step, decision, actor, target, trust_role, draft, others)
    found = [d.fix(_note(d)) for d in drafts.values()]
    return found + others


def _reasons(blocked: frozenset[Layer], reason: DenialReason | None) -> list[DenialReason | None]:
    found: list[DenialReason | None] = [r for layer, r in REASON_ORDER if layer in blocked]
    return found or [reason]


def _one(
    reason: DenialReason | None,
    step: Step,
    decision: Decision,
    actor: Actor,
    target: Target | None,
    trust_role: str | None,
    draft: Callable[..., _Draft],
    others: list[Fix],
) -> None:
    """The change one blocking layer needs."""
    if reason is DenialReason.NO_IDENTITY_ALLOW:
        draft(
            "identity_policy",
            f"an identity policy of {_who(actor)} (e.g. a new inline policy)",
            actor.node,
        ).add(step)
    elif reason is DenialReason.NO_BOUNDARY_ALLOW:
        draft("permission_boundary", f"the permissions boundary of {_who(actor)}", actor.node).add(
            step
        )
    elif reason is DenialReason.NO_RESOURCE_ALLOW:
        if trust_role is not None:
            draft(
                "trust_policy",
                f"the trust policy of {trust_role.rsplit(':', 1)[-1]}",
                trust_role,
                actor.principal_arn,
            ).add(step)
        elif target is not None and step.action.lower() in RESOURCE_POLICY_IGNORED:
            others.append(
                Fix(
                    "none",
                    "",
                    actor.node,
                    f"{step.action}: CodeArtifact ignores domain and repository policies "
                    f"for this action, so no policy can grant it to another account; "
                    f"only a principal of account {target.account_id} can perform it",
                )
            )
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
    elif reason is DenialReason.NO_RCP_ALLOW:
        others.append(
            Fix(
                "none",
                "",
                actor.node,
                f"{step.action}: a resource control policy level of the resource's account "
                "lacks an allow (RCPFullAWSAccess detached?); attach RCPFullAWSAccess there",
            )
        )
    elif reason is DenialReason.NO_SESSION_ALLOW:
        others.append(
            Fix(
                "none",
                "",
                actor.node,
                f"{step.action}: the session policy passed when the role was assumed does "
                "not allow it; assume the role without it or with one that does",
            )
        )
    else:
        others.append(Fix("none", "", actor.node, f"{step.action}: {reason}"))


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


def only_conditions(reasons: tuple[tuple[Mismatch, str], ...]) -> bool:
    """Whether an Allow statement misses on its conditions alone (a resource, principal or
    account mismatch means meeting the conditions would not make it apply)."""
    kinds = {m for m, _ in reasons}
    return Mismatch.CONDITION_FAILED in kinds and kinds <= _CONDITION_MISSES


_CONDITION_MISSES: Final = frozenset({Mismatch.CONDITION_FAILED, Mismatch.CONDITION_UNKNOWN})


def condition_fix(ref: StatementRef, reasons: tuple[tuple[Mismatch, str], ...], node: str) -> Fix:
    """The conditions an Allow statement needs that the request does not meet (offer it only
    when `only_conditions`)."""
    failed = [detail for mismatch, detail in reasons if mismatch is Mismatch.CONDITION_FAILED]
    return Fix(
        "condition",
        f"{ref.policy}, statement {ref.label}",
        node,
        f"{ref.policy} · {ref.label} would allow if {'; '.join(failed)}",
    )
