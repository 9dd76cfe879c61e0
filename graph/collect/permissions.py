"""``cax collect --check-permissions``: does the caller have the collector policy?

The caller's own identity policies and permissions boundary are read with read-only IAM calls
and every action of the collector policy is evaluated with cax's own engine
(:mod:`graph.policy`). SCPs and session policies are not visible to the caller and are not
part of the check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import boto3

from graph import policy
from graph.collect.accounts import caller_identity
from graph.collect.errors import AWS_ERRORS, error_text
from graph.collect.options import Problem
from graph.collect.readonly import (
    COLLECT_OPERATIONS,
    SELF_CHECK_OPERATIONS,
    make_client,
    merge_allowlists,
)
from graph.collect.required import DEFAULT_ROLE_NAME, Requirement, requirements

CHECK_OPERATIONS = merge_allowlists(COLLECT_OPERATIONS, SELF_CHECK_OPERATIONS)

_PRINCIPAL = re.compile(
    r"^arn:(?P<partition>[\w-]+):(?:iam|sts)::(?P<account>\d{12}):"
    r"(?P<kind>user|assumed-role|root)(?:/(?P<rest>.+))?$"
)


class UnsupportedPrincipal(Exception):
    """The caller is neither an IAM user, a role session nor the root user."""


@dataclass(frozen=True)
class ActionCheck:
    """One required permission and what the engine decided for the caller."""

    requirement: Requirement
    resource: str
    outcome: policy.Outcome
    explanation: str

    @property
    def allowed(self) -> bool:
        """Whether the caller has this permission."""
        return self.outcome is policy.Outcome.ALLOWED


@dataclass(frozen=True)
class PermissionReport:
    """The result of the check.

    Attributes:
        principal: the caller's ARN.
        checks: one per required permission (empty when the policies could not be read).
        unreadable: the caller's policies that could not be read; the check is then unknown.
    """

    principal: str
    checks: tuple[ActionCheck, ...] = ()
    unreadable: tuple[Problem, ...] = ()

    @property
    def missing(self) -> tuple[ActionCheck, ...]:
        """The permissions the caller lacks."""
        return tuple(check for check in self.checks if not check.allowed)

    @property
    def ok(self) -> bool:
        """Whether every permission is there (and the check could be made)."""
        return not self.unreadable and not self.missing


@dataclass
class _OwnPolicies:
    """Reads one principal's identity policies and boundary."""

    iam: Any
    identity: list[Any] = field(default_factory=list)
    boundaries: list[Any] | None = None
    problems: list[Problem] = field(default_factory=list)
    _managed: dict[str, Any] = field(default_factory=dict)

    def _call(self, operation: str, method: str, **params: Any) -> Any:
        try:
            return getattr(self.iam, method)(**params)
        except AWS_ERRORS as exc:
            self.problems.append(Problem("caller", f"iam:{operation}", error_text(exc)))
            return None

    def _pages(self, operation: str, method: str, key: str, **params: Any) -> list[Any]:
        try:
            items: list[Any] = []
            for page in self.iam.get_paginator(method).paginate(**params):
                items.extend(page.get(key, []))
            return items
        except AWS_ERRORS as exc:
            self.problems.append(Problem("caller", f"iam:{operation}", error_text(exc)))
            return []

    def managed(self, arn: str) -> Any:
        if arn not in self._managed:
            found = self._call("GetPolicy", "get_policy", PolicyArn=arn)
            document = None
            if found is not None:
                version = self._call(
                    "GetPolicyVersion",
                    "get_policy_version",
                    PolicyArn=arn,
                    VersionId=found["Policy"]["DefaultVersionId"],
                )
                if version is not None:
                    document = version["PolicyVersion"]["Document"]
            self._managed[arn] = document
        return self._managed[arn]

    def _attach(self, kind: str, key: str, name: str) -> None:
        """Inline and attached policies of a user, group or role (kind: User, Group, Role)."""
        lower = kind.lower()
        for policy_name in self._pages(
            f"List{kind}Policies", f"list_{lower}_policies", "PolicyNames", **{key: name}
        ):
            found = self._call(
                f"Get{kind}Policy", f"get_{lower}_policy", **{key: name, "PolicyName": policy_name}
            )
            if found is not None:
                self.identity.append(found["PolicyDocument"])
        for attached in self._pages(
            f"ListAttached{kind}Policies",
            f"list_attached_{lower}_policies",
            "AttachedPolicies",
            **{key: name},
        ):
            document = self.managed(attached["PolicyArn"])
            if document is not None:
                self.identity.append(document)

    def _boundary(self, detail: dict[str, Any]) -> None:
        arn = (detail.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
        if arn:
            document = self.managed(arn)
            self.boundaries = [document] if document is not None else None

    def user(self, name: str) -> str | None:
        found = self._call("GetUser", "get_user", UserName=name)
        if found is None:
            return None
        self._boundary(found["User"])
        self._attach("User", "UserName", name)
        for group in self._pages(
            "ListGroupsForUser", "list_groups_for_user", "Groups", UserName=name
        ):
            self._attach("Group", "GroupName", group["GroupName"])
        return str(found["User"]["Arn"])

    def role(self, name: str) -> str | None:
        found = self._call("GetRole", "get_role", RoleName=name)
        if found is None:
            return None
        self._boundary(found["Role"])
        self._attach("Role", "RoleName", name)
        return str(found["Role"]["Arn"])


def _trust_stand_in(account: str, partition: str) -> dict[str, Any]:
    """A trust policy that trusts the caller's account: isolates the identity side of a hop."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }


def check_permissions(
    session: boto3.Session,
    *,
    region: str = "us-east-1",
    org: bool = True,
    role_name: str = DEFAULT_ROLE_NAME,
) -> PermissionReport:
    """Evaluate every permission of the collector policy for the session's principal.

    Raises:
        UnsupportedPrincipal: the caller is, e.g., a federated user.
        botocore errors from ``sts:GetCallerIdentity`` (no credentials).
    """
    sts = make_client(session, "sts", region=region, allow=CHECK_OPERATIONS)
    identity = caller_identity(sts)
    match = _PRINCIPAL.match(identity.arn)
    if match is None:
        raise UnsupportedPrincipal(f"cannot check permissions of {identity.arn}")
    partition, account = match["partition"], match["account"]
    iam = make_client(session, "iam", region=region, allow=CHECK_OPERATIONS)
    own = _OwnPolicies(iam)
    principal_arn: str | None = None
    if match["kind"] == "user":
        principal_arn = own.user(match["rest"].rsplit("/", 1)[-1])
    elif match["kind"] == "assumed-role":
        principal_arn = own.role(match["rest"].split("/", 1)[0])
    if own.problems:
        return PermissionReport(identity.arn, unreadable=tuple(own.problems))

    checks: list[ActionCheck] = []
    for requirement in requirements(org=org):
        resource = requirement.resource.format(
            partition=partition, region=region, account=account, role=role_name
        )
        hop = requirement.action == "sts:AssumeRole"
        decision = policy.evaluate(
            policy.Request(
                principal=identity.arn,
                action=requirement.action,
                resource=resource,
                principal_arn=principal_arn if match["kind"] == "assumed-role" else None,
            ),
            identity_policies=own.identity,
            resource_policies=[_trust_stand_in(account, partition)] if hop else [],
            permission_boundaries=own.boundaries,
        )
        checks.append(
            ActionCheck(requirement, resource, decision.outcome, policy.sentence(decision))
        )
    return PermissionReport(identity.arn, tuple(checks))
