"""The collector's least-privilege IAM policy, derived from the read-only allowlist.

``docs/collector-policy.json`` is :func:`collector_policy` written out (a test keeps them equal).
``codeartifact:Get*`` is deliberately not used: it would grant ``GetAuthorizationToken``, a
token to read packages, which the collector never needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.collect.readonly import COLLECT_OPERATIONS, SELF_CHECK_OPERATIONS

DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole"

# Operations that need no IAM permission at all.
NO_PERMISSION = frozenset({"sts:GetCallerIdentity"})

# Per CodeArtifact action, the kind of resource it is authorised on (for --check-permissions).
_CODEARTIFACT_RESOURCE = {
    "DescribeDomain": "domain",
    "GetDomainPermissionsPolicy": "domain",
    "ListRepositoriesInDomain": "domain",
    "ListPackageGroups": "domain",
    "DescribeRepository": "repository",
    "GetRepositoryPermissionsPolicy": "repository",
    "ListTagsForResource": "repository",
}


@dataclass(frozen=True)
class Requirement:
    """One permission the collector needs, and a representative resource to check it on."""

    sid: str
    action: str
    resource: str  # "*" or a template with {partition} {region} {account} {role}


def requirements(org: bool = True) -> tuple[Requirement, ...]:
    """Every permission ``cax collect`` needs; without ``org``, not the role hop."""
    found: list[Requirement] = []
    for operation in sorted(COLLECT_OPERATIONS["iam"]):
        found.append(Requirement("ReadIam", f"iam:{operation}", "*"))
    for operation in sorted(COLLECT_OPERATIONS["codeartifact"]):
        kind = _CODEARTIFACT_RESOURCE.get(operation)
        resource = "*"
        if kind == "domain":
            resource = "arn:{partition}:codeartifact:{region}:{account}:domain/example"
        elif kind == "repository":
            resource = "arn:{partition}:codeartifact:{region}:{account}:repository/example/example"
        found.append(Requirement("ReadCodeArtifactMetadata", f"codeartifact:{operation}", resource))
    for operation in sorted(COLLECT_OPERATIONS["organizations"]):
        found.append(Requirement("ReadOrganization", f"organizations:{operation}", "*"))
    if org:
        found.append(
            Requirement(
                "HopToMemberAccounts",
                "sts:AssumeRole",
                "arn:{partition}:iam::{account}:role/{role}",
            )
        )
    return tuple(r for r in found if r.action not in NO_PERMISSION)


def self_check_actions() -> tuple[str, ...]:
    """What ``--check-permissions`` calls to read the caller's own policies."""
    return tuple(f"iam:{op}" for op in sorted(SELF_CHECK_OPERATIONS["iam"]))


def collector_policy(role_name: str = DEFAULT_ROLE_NAME) -> dict[str, Any]:
    """The IAM policy document for the identity that runs ``cax collect --org``."""
    statements: list[dict[str, Any]] = []
    by_sid: dict[str, list[str]] = {}
    for requirement in requirements(org=False):
        by_sid.setdefault(requirement.sid, []).append(requirement.action)
    for sid, actions in by_sid.items():
        statements.append({"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": "*"})
    statements.append(
        {
            "Sid": "HopToMemberAccounts",
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": f"arn:aws:iam::*:role/{role_name}",
        }
    )
    statements.append(
        {
            "Sid": "CheckPermissionsOptional",
            "Effect": "Allow",
            "Action": list(self_check_actions()),
            "Resource": "*",
        }
    )
    return {"Version": "2012-10-17", "Statement": statements}
