"""Human sentences for decisions, in the wording of AWS's access-denied messages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from graph.policy import catalogue
from graph.policy.decision import Decision, Unknown
from graph.policy.model import DenialReason, Layer, Outcome

LAYER_NAMES = {
    Layer.IDENTITY: "identity-based policy",
    Layer.RESOURCE: "resource-based policy",
    Layer.PERMISSION_BOUNDARY: "permissions boundary",
    Layer.SESSION: "session policy",
    Layer.SCP: "service control policy",
    Layer.RCP: "resource control policy",
    Layer.ENDPOINT: "VPC endpoint policy",
    Layer.SERVICE: "service rule",
}
_NO_ALLOW = {
    DenialReason.NO_IDENTITY_ALLOW: Layer.IDENTITY,
    DenialReason.NO_RESOURCE_ALLOW: Layer.RESOURCE,
    DenialReason.NO_BOUNDARY_ALLOW: Layer.PERMISSION_BOUNDARY,
    DenialReason.NO_SESSION_ALLOW: Layer.SESSION,
    DenialReason.NO_SCP_ALLOW: Layer.SCP,
    DenialReason.NO_RCP_ALLOW: Layer.RCP,
    DenialReason.NO_ENDPOINT_ALLOW: Layer.ENDPOINT,
}


def action_name(action: str) -> str:
    """The action as the SAR spells it (`codeartifact:ReadFromRepository`), when known."""
    info = catalogue.action_info(action)
    return info.full_name if info is not None else action


def describe_unknown(unknown: Unknown) -> str:
    """`aws:MultiFactorAuthPresent Bool true`, or `not (...)` for an assumption from a Deny."""
    values = ", ".join(unknown.values)
    text = f"{unknown.key} {unknown.operator} {values}"
    return f"not ({text})" if unknown.negated else text


def describe_unknowns(unknowns: Iterable[Unknown]) -> tuple[str, ...]:
    """Each condition once, in the order met: an identity policy's statement and a boundary's
    often test the same key alike."""
    return tuple(dict.fromkeys(map(describe_unknown, unknowns)))


OWNED_REASONS: Final = {
    "aws_managed_policy": "the resource is an AWS managed policy, which only AWS can change",
    "service_linked_role": "the resource is a service-linked role, which only its service can "
    "change",
    "aws_reserved_role": "the resource is an AWS reserved role (aws-reserved/), which only AWS can "
    "change",
    "aws_managed_kms_alias": "alias/aws/ names are reserved for AWS managed keys",
}
"""The AWS-owned resource rules (`graph.policy.owned`) in words."""


def reason_clause(decision: Decision) -> str:
    """The `because …`/`with …` part of an access-denied message (empty when allowed)."""
    action = action_name(decision.request.action)
    reason = decision.reason
    if reason is None:
        return ""
    if reason is DenialReason.EXPLICIT_DENY:
        layer = min(decision.blocked_by, key=list(LAYER_NAMES).index)
        name = LAYER_NAMES[layer]
        return f"with an explicit deny in {'an' if name[0] in 'aeiou' else 'a'} {name}"
    if reason is DenialReason.SERVICE_RULE:
        owned = next((OWNED_REASONS[r] for r in decision.rules if r in OWNED_REASONS), None)
        if owned is not None:
            return f"because {owned}: no policy can allow {action} on it"
        return f"because the service does not allow this principal to call {action}"
    return f"because no {LAYER_NAMES[_NO_ALLOW[reason]]} allows the {action} action"


def sentence(decision: Decision) -> str:
    """One sentence a UI can show for the decision."""
    request = decision.request
    action = action_name(request.action)
    if decision.outcome is Outcome.ALLOWED:
        text = f"{request.principal} is allowed to perform {action} on {request.resource}"
        musts = [describe_unknown(u) for u in decision.unknowns]
        return text + (" if " + " and ".join(musts) if musts else "")
    return (
        f"User: {request.principal} is not authorized to perform: {action} on resource: "
        f"{request.resource} {reason_clause(decision)}"
    )
