"""The parts spec section F's scenarios (`scenarios.py`) are made of: accounts and ARNs,
policy builders, the policies several rows share, and the `Step` and `Scenario` types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.policy import DEFAULT_OPTIONS, Options

A = "111111111111"
B = "222222222222"
C = "333333333333"
ORG = "o-exampleorg"
REGION = "us-east-1"
DOMAIN = f"arn:aws:codeartifact:{REGION}:{A}:domain/corp"
REPO = f"arn:aws:codeartifact:{REGION}:{A}:repository/corp/shared"
APP = f"arn:aws:codeartifact:{REGION}:{A}:repository/corp/app"
PACKAGE = f"arn:aws:codeartifact:{REGION}:{A}:package/corp/shared/maven/com.acme/lib"
ROLE_READER = f"arn:aws:iam::{A}:role/reader"
BEARER = {"sts:AWSServiceName": "codeartifact.amazonaws.com"}

DEV = f"arn:aws:iam::{A}:user/dev"
B_ROLE_SESSION = f"arn:aws:sts::{B}:assumed-role/ci/run-1"
A_DEV_SESSION = f"arn:aws:sts::{A}:assumed-role/dev/s1"
A_ADMIN_SESSION = f"arn:aws:sts::{A}:assumed-role/admin/s1"

FULL_AWS_ACCESS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}
ADMIN_ACCESS = {
    "Version": "2012-10-17",
    "Statement": [
        {"Action": ["codeartifact:*"], "Effect": "Allow", "Resource": "*"},
        {
            "Effect": "Allow",
            "Action": "sts:GetServiceBearerToken",
            "Resource": "*",
            "Condition": {"StringEquals": {"sts:AWSServiceName": "codeartifact.amazonaws.com"}},
        },
    ],
}


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    """An identity-style policy with one Allow statement."""
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource, **extra}],
    }


def deny(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": action, "Resource": resource, **extra}],
    }


def grant(principal: Any, action: Any, effect: str = "Allow", **extra: Any) -> dict[str, Any]:
    """A resource policy with one statement for `principal`."""
    key = "NotPrincipal" if extra.pop("negated", False) else "Principal"
    principal_value = principal if principal == "*" else {"AWS": principal}
    statement = {"Effect": effect, key: principal_value, "Action": action, "Resource": "*", **extra}
    return {"Version": "2012-10-17", "Statement": [statement]}


TOKEN_ALLOW = allow(["codeartifact:GetAuthorizationToken", "sts:GetServiceBearerToken"])
ORG_SCPS = [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS], [FULL_AWS_ACCESS]]


@dataclass(frozen=True)
class Step:
    """One authorisation request of a workflow."""

    action: str
    resource: str = "*"
    context: dict[str, Any] = field(default_factory=dict)


TOKEN_STEP = (
    Step("codeartifact:GetAuthorizationToken", DOMAIN),
    Step("sts:GetServiceBearerToken", "*", BEARER),
)


@dataclass(frozen=True)
class Scenario:
    """A spec F row: expected outcome of the first step that is not allowed (or allowed)."""

    id: str
    principal: str
    steps: tuple[Step, ...]
    expected: str
    layer: str | None = None
    failing_action: str | None = None
    identity: tuple[Any, ...] = ()
    resource: tuple[Any, ...] = ()
    boundary: tuple[Any, ...] | None = None
    session: tuple[Any, ...] = ()
    scps: tuple[tuple[Any, ...], ...] = ()
    rcps: tuple[tuple[Any, ...], ...] = ()
    request: dict[str, Any] = field(default_factory=dict)
    options: Options = DEFAULT_OPTIONS


def single_step(action: str, resource: str = "*", **context: Any) -> tuple[Step, ...]:
    """A workflow of one request."""
    return (Step(action, resource, dict(context)),)


READ = single_step("codeartifact:ReadFromRepository", REPO)
DESCRIBE = single_step("codeartifact:DescribeRepository", REPO)
GAT = single_step("codeartifact:GetAuthorizationToken", DOMAIN)
DOMAIN_POLICY_B = grant(B, ["codeartifact:GetAuthorizationToken"])
ORG_DOMAIN_POLICY = grant(
    "*",
    ["codeartifact:GetAuthorizationToken", "sts:GetServiceBearerToken"],
    Condition={"StringEquals": {"aws:PrincipalOrgID": ORG}},
)
NOT_PRINCIPAL_DENY = grant(
    [f"arn:aws:iam::{A}:root", f"arn:aws:iam::{A}:user/bob"],
    "codeartifact:ReadFromRepository",
    effect="Deny",
    negated=True,
)
TRUST_A = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{A}:root"},
            "Action": "sts:AssumeRole",
        }
    ],
}
TRUST_B = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": B}, "Action": "sts:AssumeRole"}],
}
TRUST_EXTERNAL_ID = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": B},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "xyz"}},
        }
    ],
}
TRUST_DEV_NO_TAGS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": DEV}, "Action": "sts:AssumeRole"}],
}
STRICT_SESSION_OPTIONS = Options(session_arn_grant_bypasses_session_policy=False)
