"""Reads the AccessDenied messages AWS and package managers print, and explains them with the graph.

Three forms: AWS's own (`User: ARN is not authorized to perform: ACTION on resource: …`), its
documentation's placeholder (`codeartifact:GetWidget on resource: my-example-widget`), and the
401/403 lines of npm, pip, twine, Maven and Gradle, which name only the repository's endpoint URL
(`https://DOMAIN-OWNER.d.codeartifact.REGION.amazonaws.com/FORMAT/REPOSITORY/…`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from graph.access.verdicts import Verdict
from graph.policy import DenialReason
from graph.policy.catalogue import action_info, actions_matching, resource_types

if TYPE_CHECKING:
    from graph.access.access_graph import AccessGraph
    from graph.access.explain import AccessExplanation
    from graph.access.results import Reach

_MESSAGE: Final = re.compile(
    r"(?:User|Principal):\s*(?P<principal>arn:[^\s\"'}\\]+)\s+is not authorized to perform:\s*"
    r"(?P<action>[\w-]+:[\w*]+)\s+on resource:\s*(?P<resource>[^\s\"'}\\]+)"
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
FORMATS: Final = ("npm", "pypi", "maven", "nuget", "generic", "ruby", "swift", "cargo")
"""The package formats a repository endpoint serves (GetRepositoryEndpoint's `format`)."""
_ENDPOINT: Final = re.compile(
    r"https?://(?:[^@/\s]+@)?(?P<domain>[a-z][a-z0-9-]*)-(?P<owner>\d{12})\.d\.codeartifact\."
    r"(?P<region>[a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?/"
    rf"(?P<format>{'|'.join(FORMATS)})/(?P<repository>[A-Za-z0-9][A-Za-z0-9._-]*)",
    re.IGNORECASE,
)
_VPCE_ENDPOINT: Final = re.compile(
    r"https?://(?:[^@/\s]+@)?vpce-[a-z0-9-]+\.d\.codeartifact\."
    r"(?P<region>[a-z]{2}(?:-[a-z]+)+-\d)\.vpce\.amazonaws\.com(?:\.cn)?/"
    rf"(?P<format>{'|'.join(FORMATS)})/d/(?P<domain>[a-z][a-z0-9-]*)-(?P<owner>\d{{12}})/"
    r"(?P<repository>[A-Za-z0-9][A-Za-z0-9._-]*)",
    re.IGNORECASE,
)
"""The same through a VPC endpoint without private DNS (`…vpce.amazonaws.com/FORMAT/d/…`)."""
_STATUS: Final = re.compile(r"(?<![\d.])(401|403)(?![\d.])")
_PUBLISHING: Final = re.compile(r"\b(PUT|POST|publish\w*|deploy\w*|upload\w*)\b", re.IGNORECASE)
_EXAMPLE: Final = (
    "expected a message like 'User: arn:aws:iam::123456789012:user/NAME is not authorized to "
    "perform: codeartifact:ReadFromRepository on resource: arn:…', or a 401/403 line from npm, "
    "pip or Maven with a repository URL (https://DOMAIN-OWNER.d.codeartifact.REGION."
    "amazonaws.com/FORMAT/REPOSITORY/…)"
)


@dataclass(frozen=True)
class Endpoint:
    """A repository named by its endpoint URL, as a package manager prints it."""

    domain: str
    owner: str
    region: str
    format: str
    repository: str
    status: int | None
    """HTTP status (401: no valid token; 403: the token's principal may not do it)."""
    publishing: bool
    """A PUT/POST, deploy or upload, rather than a download."""
    via_vpce: bool = False
    """The URL is a VPC endpoint's: its endpoint policy applies too."""

    @property
    def arn(self) -> str:
        """The repository's ARN."""
        return (
            f"arn:aws:codeartifact:{self.region}:{self.owner}:"
            f"repository/{self.domain}/{self.repository}"
        )


@dataclass(frozen=True)
class ParsedError:
    """The parts of an AccessDenied message."""

    principal: str
    """The caller's ARN; "" when the message names none (a package manager's line)."""
    action: str
    resource: str
    reason: DenialReason | None
    """What AWS said (None for the older messages that give no reason)."""
    denied_in: str | None = None
    """For an explicit deny: the policy type AWS named."""
    endpoint: Endpoint | None = None
    """For a package manager's line: the repository its URL names."""


class NotAnAccessDenied(ValueError):
    """The text is not an AccessDenied message cax can read."""


class NeedsPrincipal(NotAnAccessDenied):
    """The message names a repository but no caller: say who ran the command."""


def parse_error(text: str) -> ParsedError:
    """The principal, action, resource and reason of an AccessDenied message."""
    cleaned = " ".join(text.replace("\\n", " ").split()).strip().rstrip(".")
    found = _MESSAGE.search(cleaned)
    if found is None:
        endpoint = parse_endpoint(cleaned)
        if endpoint is None:
            raise NotAnAccessDenied(_EXAMPLE)
        verb = "PublishPackageVersion" if endpoint.publishing else "ReadFromRepository"
        return ParsedError("", f"codeartifact:{verb}", endpoint.arn, None, endpoint=endpoint)
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


def parse_endpoint(text: str) -> Endpoint | None:
    """The repository a package manager's error line names by URL, or None."""
    found = _ENDPOINT.search(text)
    vpce = _VPCE_ENDPOINT.search(text) if found is None else None
    found = found or vpce
    if found is None:
        return None
    status = _STATUS.search(text)
    return Endpoint(
        domain=found.group("domain").lower(),
        owner=found.group("owner"),
        region=found.group("region").lower(),
        format=found.group("format").lower(),
        repository=found.group("repository"),
        status=int(status.group(1)) if status else None,
        publishing=_PUBLISHING.search(text) is not None,
        via_vpce=vpce is not None,
    )


@dataclass(frozen=True)
class ErrorExplanation:
    """cax's explanation of an AccessDenied message, and whether it agrees with AWS."""

    error: ParsedError
    explanation: AccessExplanation
    cax_reason: DenialReason | None
    agrees: bool | None
    """None when AWS gave no reason to compare with."""
    notes: tuple[str, ...] = ()
    """What cax read differently from the message: not a real action, not an ARN, a 401, …"""
    reach: tuple[Reach, ...] = ()
    """When the message asks no real question: what the principal can and cannot reach."""
    unseen: tuple[str, ...] = ()
    """When AWS denied but cax allows: what cax cannot see that could explain it."""

    @property
    def unseen_title(self) -> str:
        """The line above `unseen`: AWS denied, and what cax finds instead."""
        finds = _FINDS.get(self.explanation.verdict, "does not find it denied")
        return f"AWS denied it but cax {finds}; what cax cannot see that could explain it:"


_FINDS: Final = {
    Verdict.ALLOWED: "allows it",
    Verdict.CONDITIONAL: "allows it if the conditions shown hold",
    Verdict.UNKNOWN: "cannot tell",
}


def explain_error(
    access_graph: AccessGraph, text: str, principal: str | None = None
) -> ErrorExplanation:
    """Explain an AccessDenied message for its principal, action and resource.

    `principal` is who ran the command, for a message that names nobody (npm's, pip's, Maven's
    lines) and over the one the message names. A message whose action is not a CodeArtifact
    action, or whose resource is not an ARN, is explained for the nearest real question.

    Raises NotAnAccessDenied for text that is not such a message (NeedsPrincipal when it names
    no caller and none is given), and LookupError when the principal or resource is not in
    the snapshot.
    """
    parsed = parse_error(text)
    who = principal or parsed.principal
    if not who:
        endpoint = parsed.endpoint
        where = f"{endpoint.domain}/{endpoint.repository}" if endpoint else parsed.resource
        raise NeedsPrincipal(
            f"the message names repository {where} but not who was denied: "
            "say who ran the command (cax: --as user/NAME; the TUI: select the principal first)"
        )
    start = access_graph.resolve_principal(who)
    notes: list[str] = []
    reach: tuple[Reach, ...] = ()
    action = parsed.action
    if parsed.endpoint is not None:
        notes.extend(_endpoint_notes(parsed.endpoint))
        action = "publish" if parsed.endpoint.publishing else "read"
        resource = access_graph.resolve_resource(parsed.endpoint.arn)
    elif parsed.resource == "*":
        resource = _some_domain(access_graph, start)
    else:
        real = _real_action(action, notes)
        resolved = _resolve(access_graph, parsed.resource, notes)
        if real != action or resolved is None:
            reach = tuple(access_graph.reachable(start))
            action = _capability_of(real) if real != action else action
        resource = resolved or _nearest_target(access_graph, reach, action)
        if reach:
            label = resource.split(":", 5)[-1]
            notes.append(f"explained instead: the nearest real question, {action} on {label}")
    explanation = access_graph.explain(start, action, resource)
    cax_reason = _cax_reason(explanation, parsed.action)
    agrees = None if parsed.reason is None else parsed.reason == cax_reason
    unseen = _unseen(access_graph, parsed, explanation)
    return ErrorExplanation(
        parsed, explanation, cax_reason, agrees, tuple(notes), reach, tuple(unseen)
    )


def _cax_reason(explanation: AccessExplanation, action: str) -> DenialReason | None:
    """The reason of the step that performs AWS's action, else of the first failing step."""
    failing = explanation.failing
    if failing is None:
        return None
    for step in failing.steps:
        if step.step.action.lower() == action.lower() and step.decision.reason is not None:
            return step.decision.reason
    first = next((s for s in failing.steps if not s.verdict.reaches), None)
    return first.decision.reason if first else None


def _endpoint_notes(endpoint: Endpoint) -> list[str]:
    what = "publishing to" if endpoint.publishing else "reading from"
    notes = [
        f"the URL names repository {endpoint.repository} of domain {endpoint.domain} (owner "
        f"{endpoint.owner}, {endpoint.region}, {endpoint.format}); explained: {what} it"
    ]
    if endpoint.via_vpce:
        notes.append(
            "the URL is a VPC endpoint's: its endpoint policy must allow the request too, and "
            "no snapshot holds it"
        )
    if endpoint.status == 401:
        notes.append(
            "HTTP 401: the request carried no valid token (missing, expired after its 12 hours "
            "by default, or for another domain): run `aws codeartifact login` again; below is "
            "what a fresh token of this principal allows"
        )
    return notes


def _real_action(action: str, notes: list[str]) -> str:
    """The action, or the closest CodeArtifact action taking a domain or repository when it
    is not one (the documentation's `codeartifact:GetWidget`)."""
    if action_info(action) is not None:
        return action
    service, _, name = action.partition(":")
    known = [a.split(":", 1)[1] for a in actions_matching(f"{service}:*")]
    if not known:
        notes.append(f"{action} is not an action cax knows")
        return action
    verb = re.match(r"[A-Z][a-z]*", name)
    same_verb = [k for k in known if verb and k.startswith(verb.group(0))] or known
    ranked = difflib.get_close_matches(name, same_verb, n=len(same_verb), cutoff=0.0)
    usable = [k for k in ranked if set(resource_types(f"{service}:{k}")) & {"domain", "repository"}]
    closest = (usable or ranked)[:3]
    notes.append(
        f"{action} is not a {service} action; the closest real ones: "
        + ", ".join(f"{service}:{k}" for k in closest)
    )
    return f"{service}:{closest[0]}"


def _capability_of(action: str) -> str:
    """The capability a real action belongs to, by its access level (the nearest question a
    misnamed action can ask): reads and lists → read, publishing → publish, the rest admin."""
    info = action_info(action)
    level = info.access_level if info else ""
    if level in ("Read", "List"):
        return "read"
    if "Publish" in action or "PackageMetadata" in action:
        return "publish"
    return "admin"


def _resolve(access_graph: AccessGraph, resource: str, notes: list[str]) -> str | None:
    """The domain or repository the resource names (a package ARN: its repository), or None."""
    from graph.access.resolve import NotFound

    if not resource.startswith("arn:"):
        notes.append(
            f"the resource {resource!r} is not an ARN (CodeArtifact's are "
            "arn:aws:codeartifact:REGION:ACCOUNT:domain/NAME, repository/DOMAIN/NAME or "
            "package/DOMAIN/REPOSITORY/FORMAT/NAMESPACE/NAME)"
        )
        try:
            return access_graph.resolve_resource(resource)
        except NotFound:
            return None
    return access_graph.resolve_resource(_resource_of(resource))


def _nearest_target(access_graph: AccessGraph, reach: tuple[Reach, ...], what: str) -> str:
    """A resource of the right kind for `what` (an action or a capability) the principal does
    not reach (the one a fix is for), else the first of that kind."""
    wanted = "domain" if ":" in what and "domain" in resource_types(what) else "repository"
    capability = what if ":" not in what else ("login" if wanted == "domain" else "read")
    g = access_graph.graph
    kinds = [r for r in reach if g.nodes[r.resource].get("kind") == wanted]
    blocked = [r for r in kinds if r.capability == capability and not r.verdict.reaches]
    if blocked or kinds:
        return (blocked or kinds)[0].resource
    nodes = sorted(str(n) for n, d in g.nodes(data=True) if d.get("kind") == wanted)
    if not nodes:
        raise LookupError(f"the snapshot holds no {wanted} to explain the message with")
    return nodes[0]


def _unseen(
    access_graph: AccessGraph, parsed: ParsedError, explanation: AccessExplanation
) -> list[str]:
    """AWS denied; when cax allows (or cannot tell), what it cannot see that could deny."""
    if explanation.verdict is Verdict.DENIED:
        return []
    named = {DenialReason.NO_SESSION_ALLOW: "session", DenialReason.NO_ENDPOINT_ALLOW: "vpce"}
    said = named.get(parsed.reason) if parsed.reason else None
    unseen = [
        ("AWS names it: " if said == "session" else "")
        + "a session policy: one passed to AssumeRole, AssumeRoleWithWebIdentity or "
        "GetFederationToken limits the session, and no snapshot holds it",
        ("AWS names it: " if said == "vpce" else "")
        + "a VPC endpoint policy: requests through an interface endpoint for CodeArtifact "
        "(com.amazonaws.REGION.codeartifact.api / .repositories) must also be allowed by it",
    ]
    taken = access_graph.snapshot.generated_at
    unseen.append(
        f"a change after the snapshot was taken ({taken}): collect again and compare"
        if taken
        else "a change after the input was written (it does not say when): collect again"
    )
    unreadable = sorted(
        {u for hop in explanation.hops for step in hop.steps for u in step.unreadable}
    )
    if unreadable:
        unseen.insert(0, "a policy cax could not read: " + "; ".join(unreadable))
    else:
        unseen.append("a policy not in the input (an SCP, RCP or permissions boundary missing)")
    unseen.extend(f"a condition cax assumed holds: {c}" for c in explanation.chain.conditions)
    return unseen


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
