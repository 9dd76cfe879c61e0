"""The read-only guard: a botocore hook that refuses every operation the collector does not need.

Every client the collector uses comes from :func:`make_client`, which installs the guard before
the client's first call. An operation that is not on the allowlist raises
:class:`ReadOnlyViolation` before the parameters are even validated, so a write cannot reach AWS
even if a bug asks for one.

The only non-read operation allowed is ``sts:AssumeRole``, and only on STS clients: ``--org``
needs it to hop into member accounts. It creates temporary credentials and changes nothing in
the account.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

import boto3
from botocore.config import Config

from graph.collect.responses import install_checks

# What `cax collect` calls, per botocore service name.
COLLECT_OPERATIONS: Mapping[str, frozenset[str]] = {
    "sts": frozenset({"GetCallerIdentity", "AssumeRole"}),
    # GetPolicy and GetPolicyVersion: a managed policy attached while the details were read.
    "iam": frozenset({"GetAccountAuthorizationDetails", "GetPolicy", "GetPolicyVersion"}),
    "codeartifact": frozenset(
        {
            "ListDomains",
            "DescribeDomain",
            "GetDomainPermissionsPolicy",
            "ListRepositoriesInDomain",
            "DescribeRepository",
            "GetRepositoryPermissionsPolicy",
            "ListTagsForResource",
            "ListPackageGroups",
        }
    ),
    "organizations": frozenset(
        {
            "DescribeOrganization",
            "ListRoots",
            "ListOrganizationalUnitsForParent",
            "ListAccountsForParent",
            "ListPolicies",
            "ListTargetsForPolicy",
            "DescribePolicy",
        }
    ),
}

# What `cax collect --check-permissions` adds: reading the caller's own IAM policies.
SELF_CHECK_OPERATIONS: Mapping[str, frozenset[str]] = {
    "iam": frozenset(
        {
            "GetUser",
            "ListUserPolicies",
            "GetUserPolicy",
            "ListAttachedUserPolicies",
            "ListGroupsForUser",
            "ListGroupPolicies",
            "GetGroupPolicy",
            "ListAttachedGroupPolicies",
            "GetRole",
            "ListRolePolicies",
            "GetRolePolicy",
            "ListAttachedRolePolicies",
            "GetPolicy",
            "GetPolicyVersion",
        }
    ),
}

# The one operation that is not a read, and the one service allowed to call it.
NON_READ_EXCEPTIONS: frozenset[tuple[str, str]] = frozenset({("sts", "AssumeRole")})

READ_PREFIXES = ("Get", "List", "Describe")


class ReadOnlyViolation(RuntimeError):
    """A collector client was asked to call an operation outside its allowlist (a bug)."""


def merge_allowlists(*lists: Mapping[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """The union of several per-service allowlists."""
    merged: dict[str, frozenset[str]] = {}
    for allow in lists:
        for service, operations in allow.items():
            merged[service] = merged.get(service, frozenset()) | operations
    return merged


def check_allowlist(allow: Mapping[str, frozenset[str]]) -> None:
    """Refuse an allowlist that contains anything but reads (and the documented exception)."""
    for service, operations in allow.items():
        for operation in operations:
            if operation.startswith(READ_PREFIXES):
                continue
            if (service, operation) in NON_READ_EXCEPTIONS:
                continue
            raise ValueError(f"{service}:{operation} is not a read operation")
    # GetAuthorizationToken and GetRepositoryEndpoint are reads by name but hand out access.
    forbidden = {"GetAuthorizationToken", "GetRepositoryEndpoint"}
    if forbidden & allow.get("codeartifact", frozenset()):
        raise ValueError("codeartifact token operations are never allowed")


class ReadOnlyGuard:
    """The `provide-client-params` hook that enforces an allowlist on one client."""

    def __init__(self, service: str, allowed: frozenset[str]) -> None:
        self.service = service
        self.allowed = allowed

    def __call__(self, model: Any, **_: Any) -> None:
        service = model.service_model.service_name
        operation = model.name
        if service != self.service or operation not in self.allowed:
            raise ReadOnlyViolation(
                f"cax collect is read-only: {service}:{operation} is not on its allowlist"
            )


def install_guard(client: Any, allowed: frozenset[str]) -> Any:
    """Install the read-only guard on ``client`` (first in line) and return the client."""
    service = client.meta.service_model.service_name
    guard = ReadOnlyGuard(service, allowed)
    # provide-client-params is the first event of every call, before validation and signing.
    service_id = client.meta.service_model.service_id.hyphenize()
    client.meta.events.register_first(f"provide-client-params.{service_id}", guard)
    return client


def client_config(max_attempts: int) -> Config:
    """Adaptive retries (client-side rate limiting on throttling) and a recognisable user agent."""
    return Config(
        retries={"mode": "adaptive", "max_attempts": max_attempts},
        user_agent_extra="cax-collect",
    )


def make_client(
    session: boto3.Session,
    service: str,
    *,
    region: str | None = None,
    allow: Mapping[str, frozenset[str]] = COLLECT_OPERATIONS,
    max_attempts: int = 10,
    on_throttle: Callable[[str], None] | None = None,
) -> Any:
    """A boto3 client for ``service`` that can only call the operations in ``allow``.

    An answer without what its operation promises raises ``MalformedResponse`` (a failed read);
    ``on_throttle`` is called with the operation each time AWS throttles a call.
    """
    check_allowlist(allow)
    # cast: boto3-stubs types client() per literal service name; ours is a variable.
    client = cast(Any, session).client(
        service, region_name=region, config=client_config(max_attempts)
    )
    install_checks(client, service, on_throttle)
    return install_guard(client, allow.get(service, frozenset()))


check_allowlist(merge_allowlists(COLLECT_OPERATIONS, SELF_CHECK_OPERATIONS))
