"""Checks on every AWS answer: a 200 without what the operation promises is a failed read.

botocore hands back ``{"message": "<html>…"}`` for a body it cannot parse as JSON (an HTML page
from a proxy, a truncated answer), and a reader that takes a missing key as "none" would then
record "no repositories". The hook here turns such an answer into :class:`MalformedResponse`,
which the readers treat like any other failed read: the value becomes unknown, the operation is
named. A second hook tells the caller when AWS throttles, so progress can say why it is slow.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from botocore.exceptions import BotoCoreError

PROMISED: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    "sts": {"GetCallerIdentity": ("Account", "Arn"), "AssumeRole": ("Credentials",)},
    "iam": {
        "GetAccountAuthorizationDetails": ("IsTruncated",),
        "GetPolicy": ("Policy",),
        "GetPolicyVersion": ("PolicyVersion.Document",),
    },
    "codeartifact": {
        "ListDomains": ("domains",),
        "DescribeDomain": ("domain",),
        "GetDomainPermissionsPolicy": ("policy.document",),
        "ListRepositoriesInDomain": ("repositories",),
        "DescribeRepository": ("repository",),
        "GetRepositoryPermissionsPolicy": ("policy.document",),
        "ListTagsForResource": ("tags",),
        "ListPackageGroups": ("packageGroups",),
    },
    "organizations": {
        "DescribeOrganization": ("Organization",),
        "ListRoots": ("Roots",),
        "ListOrganizationalUnitsForParent": ("OrganizationalUnits",),
        "ListAccountsForParent": ("Accounts",),
        "ListPolicies": ("Policies",),
        "ListTargetsForPolicy": ("Targets",),
        "DescribePolicy": ("Policy",),
    },
}
"""The keys (dotted for nested ones) each operation's successful answer always holds."""

THROTTLING_CODES: Final = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "SlowDown",
    }
)


class MalformedResponse(BotoCoreError):  # type: ignore[misc]
    """AWS (or something between) answered 200 without what the operation promises."""

    fmt = "{operation} answered without {missing}: {detail}"


PARSER_SLIPS: Final = (KeyError, IndexError, TypeError, ValueError, AttributeError)
"""What botocore's XML parser raises on a well-formed page of the wrong shape (HTML, say)."""


def call(client: Any, service: str, operation: str, **params: Any) -> Any:
    """Call an operation of an XML (query protocol) service; an answer its parser trips over
    is a `MalformedResponse` (a failed read), not a crash of the whole account."""
    method = getattr(client, _snake(operation))
    try:
        return method(**params)
    except PARSER_SLIPS as exc:
        raise MalformedResponse(
            operation=f"{service}:{operation}",
            missing="a result botocore can parse",
            detail=f"{type(exc).__name__}: {exc}",
        ) from exc


def _snake(operation: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in operation).lstrip("_")


def _has(parsed: Any, dotted: str) -> bool:
    value = parsed
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return True


def _describe(http_response: Any, parsed: Any) -> str:
    """What came instead: the content type and size, never the body (it may hold anything)."""
    headers = getattr(http_response, "headers", None) or {}
    kind = headers.get("content-type") or headers.get("Content-Type") or "no content type"
    try:
        size = len(http_response.content or b"")
    except Exception:  # a stubbed response has no body to measure
        size = 0
    if isinstance(parsed, dict) and "message" in parsed:
        return f"an unreadable body ({kind}, {size} bytes)"
    return f"a body without them ({kind}, {size} bytes)"


def install_checks(
    client: Any, service: str, on_throttle: Callable[[str], None] | None = None
) -> None:
    """Register the promised-keys check and, when given, the throttling report on `client`."""
    promised = PROMISED.get(service, {})
    service_id = client.meta.service_model.service_id.hyphenize()

    def check(http_response: Any, parsed: Any, model: Any, **_: Any) -> None:
        if getattr(http_response, "status_code", 200) >= 300:
            return
        missing = [key for key in promised.get(model.name, ()) if not _has(parsed, key)]
        if missing:
            raise MalformedResponse(
                operation=f"{service}:{model.name}",
                missing=", ".join(repr(key) for key in missing),
                detail=_describe(http_response, parsed),
            )

    client.meta.events.register(f"after-call.{service_id}", check)
    if on_throttle is None:
        return

    def throttled(response: Any, operation: Any, **_: Any) -> None:
        if response is None:
            return
        http_response, parsed = response
        code = (parsed or {}).get("Error", {}).get("Code", "") if isinstance(parsed, dict) else ""
        if code in THROTTLING_CODES or getattr(http_response, "status_code", 0) == 429:
            on_throttle(f"{service}:{operation.name}")

    client.meta.events.register(f"needs-retry.{service_id}", throttled)
