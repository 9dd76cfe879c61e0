"""Reads the AccessDenied messages AWS prints and explains them with the graph."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from graph.policy import DenialReason

if TYPE_CHECKING:
    from graph.access.access_graph import AccessGraph
    from graph.access.explain import AccessExplanation

_MESSAGE: Final = re.compile(
    r"(?:User|Principal):\s*(?P<principal>arn:[^\s\"'}\\]+)\s+is not authorized to perform:\s*"
    r"(?P<action>[\w-]+:[\w*]+)\s+on resource:\s*(?P<resource>arn:[^\s\"'}\\]+|\*)"
    r"(?:\s+(?P<tail>because no [\w\s-]+? allows the \S+ action"
    r"|with an explicit deny in an? [\w\s-]+?(?:polic(?:y|ies)|boundary)))?",
    re.IGNORECASE,
)
_BECAUSE: Final = {
    "identity-based policy": DenialReason.NO_IDENTITY_ALLOW,
    "resource-based policy": DenialReason.NO_RESOURCE_ALLOW,
    "permissions boundary": DenialReason.NO_BOUNDARY_ALLOW,
    "session policy": DenialReason.NO_SESSION_ALLOW,
    "service control policy": DenialReason.NO_SCP_ALLOW,
    "resource control policy": DenialReason.NO_RCP_ALLOW,
    "vpc endpoint policy": DenialReason.NO_ENDPOINT_ALLOW,
}


@dataclass(frozen=True)
class ParsedError:
    """The parts of an AccessDenied message."""

    principal: str
    action: str
    resource: str
    reason: DenialReason | None
    """What AWS said (None for the older messages that give no reason)."""
    denied_in: str | None = None
    """For an explicit deny: the policy type AWS named."""


class NotAnAccessDenied(ValueError):
    """The text is not an AccessDenied message cax can read."""


def parse_error(text: str) -> ParsedError:
    """The principal, action, resource and reason of an AccessDenied message."""
    cleaned = " ".join(text.replace("\\n", " ").split()).strip().rstrip(".")
    found = _MESSAGE.search(cleaned)
    if found is None:
        raise NotAnAccessDenied(
            "expected a message like 'User: arn:aws:iam::123456789012:user/NAME is not authorized "
            "to perform: codeartifact:ReadFromRepository on resource: arn:…'"
        )
    tail = (found.group("tail") or "").lower()
    reason: DenialReason | None = None
    denied_in: str | None = None
    if tail.startswith("with an explicit deny"):
        reason = DenialReason.EXPLICIT_DENY
        denied_in = next((name for name in _BECAUSE if name in tail), None)
    elif tail.startswith("because"):
        reason = next((r for name, r in _BECAUSE.items() if f"no {name}" in tail), None)
    resource = found.group("resource").rstrip(".,;)")
    return ParsedError(found.group("principal"), found.group("action"), resource, reason, denied_in)


@dataclass(frozen=True)
class ErrorExplanation:
    """cax's explanation of an AccessDenied message, and whether it agrees with AWS."""

    error: ParsedError
    explanation: AccessExplanation
    cax_reason: DenialReason | None
    agrees: bool | None
    """None when AWS gave no reason to compare with."""


def explain_error(access_graph: AccessGraph, text: str) -> ErrorExplanation:
    """Explain an AccessDenied message for its principal, action and resource.

    Raises NotAnAccessDenied for text that is not such a message, and LookupError when the
    principal or resource is not in the snapshot.
    """
    parsed = parse_error(text)
    principal = access_graph.resolve_principal(parsed.principal)
    if parsed.resource == "*":
        resource = _some_domain(access_graph, principal)
    else:
        resource = access_graph.resolve_resource(_resource_of(parsed.resource))
    explanation = access_graph.explain(principal, parsed.action, resource)
    cax_reason = None
    failing = explanation.failing
    if failing is not None:
        for step in failing.steps:
            if (
                step.step.action.lower() == parsed.action.lower()
                and step.decision.reason is not None
            ):
                cax_reason = step.decision.reason
                break
        else:
            first = next((s for s in failing.steps if not s.verdict.reaches), None)
            cax_reason = first.decision.reason if first else None
    agrees = None if parsed.reason is None else parsed.reason == cax_reason
    return ErrorExplanation(parsed, explanation, cax_reason, agrees)


def _resource_of(arn: str) -> str:
    """The domain or repository an ARN is in (a package ARN maps to its repository)."""
    parts = arn.split(":", 5)
    if len(parts) == 6 and parts[5].startswith("package/"):
        domain, repo = parts[5].split("/")[1:3]
        return f"{':'.join(parts[:5])}:repository/{domain}/{repo}"
    return arn


def _some_domain(access_graph: AccessGraph, principal: str) -> str:
    """For resource `*` (`sts:GetServiceBearerToken`): a domain the principal tries to log in to."""
    g = access_graph.graph
    tried = [
        str(t) for _, t, d in g.out_edges(principal, data=True) if d.get("capability") == "login"
    ]
    domains = sorted(str(n) for n, d in g.nodes(data=True) if d.get("kind") == "domain")
    if not tried and not domains:
        raise LookupError("the message names no resource and the snapshot holds no domain")
    return tried[0] if tried else domains[0]
