"""Spec section F as data: setups, requests (one per workflow step) and expected outcomes.

Scenario 5 and 29 are referred to by other rows but missing from the spec table; they are
reconstructed from rows 6/7 and 30. Scenario 54 (chained session duration) is STS input
validation, not policy evaluation, and is left to the graph builder.
"""

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


def _s(action: str, resource: str = "*", **context: Any) -> tuple[Step, ...]:
    return (Step(action, resource, dict(context)),)


READ = _s("codeartifact:ReadFromRepository", REPO)
DESCRIBE = _s("codeartifact:DescribeRepository", REPO)
GAT = _s("codeartifact:GetAuthorizationToken", DOMAIN)
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

SCENARIOS: tuple[Scenario, ...] = (
    Scenario("1", DEV, READ, "allowed", identity=(allow("codeartifact:ReadFromRepository", REPO),)),
    Scenario("2", DEV, READ, "allowed", resource=(grant(DEV, "codeartifact:ReadFromRepository"),)),
    Scenario(
        "3",
        DEV,
        READ,
        "implicit_deny",
        "identity",
        resource=(grant(f"arn:aws:iam::{A}:root", "codeartifact:ReadFromRepository"),),
    ),
    Scenario(
        "4",
        DEV,
        READ,
        "explicit_deny",
        "resource",
        identity=(allow("codeartifact:*"),),
        resource=(grant(DEV, "codeartifact:ReadFromRepository", "Deny"),),
    ),
    Scenario(
        "5",
        B_ROLE_SESSION,
        TOKEN_STEP,
        "allowed",
        identity=(TOKEN_ALLOW,),
        resource=(DOMAIN_POLICY_B,),
    ),
    Scenario("6", B_ROLE_SESSION, GAT, "implicit_deny", "resource", identity=(TOKEN_ALLOW,)),
    Scenario(
        "7",
        B_ROLE_SESSION,
        GAT,
        "implicit_deny",
        "identity",
        identity=(allow("sts:GetServiceBearerToken"),),
        resource=(DOMAIN_POLICY_B,),
    ),
    Scenario(
        "8",
        B_ROLE_SESSION,
        TOKEN_STEP,
        "implicit_deny",
        "identity",
        "sts:GetServiceBearerToken",
        identity=(allow("codeartifact:GetAuthorizationToken", DOMAIN),),
        resource=(DOMAIN_POLICY_B,),
    ),
    Scenario(
        "9",
        B_ROLE_SESSION,
        _s("sts:GetServiceBearerToken", **BEARER),
        "implicit_deny",
        "identity",
        identity=(
            allow(
                "sts:GetServiceBearerToken",
                Condition={"StringEquals": {"sts:AWSServiceName": "CodeArtifact.amazonaws.com"}},
            ),
        ),
    ),
    Scenario(
        "10a",
        B_ROLE_SESSION,
        _s("sts:GetServiceBearerToken", **BEARER, **{"sts:DurationSeconds": 43200}),
        "implicit_deny",
        "identity",
        identity=(
            allow(
                "sts:GetServiceBearerToken",
                Condition={"NumericLessThanEquals": {"sts:DurationSeconds": "3600"}},
            ),
        ),
    ),
    Scenario(
        "10b",
        B_ROLE_SESSION,
        _s("sts:GetServiceBearerToken", **BEARER, **{"sts:DurationSeconds": 1800}),
        "allowed",
        identity=(
            allow(
                "sts:GetServiceBearerToken",
                Condition={"NumericLessThanEquals": {"sts:DurationSeconds": "3600"}},
            ),
        ),
    ),
    Scenario(
        "14",
        A_ADMIN_SESSION,
        DESCRIBE,
        "explicit_deny",
        "scp",
        identity=(ADMIN_ACCESS,),
        scps=((FULL_AWS_ACCESS,), (FULL_AWS_ACCESS, deny("codeartifact:*")), (FULL_AWS_ACCESS,)),
    ),
    Scenario(
        "15",
        A_ADMIN_SESSION,
        DESCRIBE,
        "implicit_deny",
        "scp",
        identity=(allow("codeartifact:*"),),
        scps=((FULL_AWS_ACCESS,), (allow("s3:*"),), (FULL_AWS_ACCESS,)),
    ),
    Scenario("16", A_ADMIN_SESSION, DESCRIBE, "allowed", identity=(ADMIN_ACCESS,), scps=()),
    Scenario(
        "19",
        A_DEV_SESSION,
        DESCRIBE,
        "implicit_deny",
        "permission_boundary",
        identity=(allow("codeartifact:*"),),
        boundary=(allow("s3:*"),),
    ),
    Scenario(
        "23",
        A_DEV_SESSION,
        DESCRIBE,
        "implicit_deny",
        "session",
        identity=(allow("codeartifact:*"),),
        session=(allow("s3:*"),),
    ),
    Scenario(
        "24a",
        A_DEV_SESSION,
        READ,
        "implicit_deny",
        "session",
        identity=(allow("codeartifact:*"),),
        session=(allow("s3:*"),),
        resource=(grant(f"arn:aws:iam::{A}:role/dev", "codeartifact:ReadFromRepository"),),
    ),
    Scenario(
        "24b",
        A_DEV_SESSION,
        READ,
        "allowed",
        identity=(allow("codeartifact:*"),),
        session=(allow("s3:*"),),
        resource=(grant(A_DEV_SESSION, "codeartifact:ReadFromRepository"),),
    ),
    Scenario(
        "24b-strict-flag",
        A_DEV_SESSION,
        READ,
        "implicit_deny",
        "session",
        identity=(allow("codeartifact:*"),),
        session=(allow("s3:*"),),
        resource=(grant(A_DEV_SESSION, "codeartifact:ReadFromRepository"),),
        options=STRICT_SESSION_OPTIONS,
    ),
    Scenario(
        "26",
        B_ROLE_SESSION,
        TOKEN_STEP,
        "allowed",
        identity=(TOKEN_ALLOW,),
        resource=(ORG_DOMAIN_POLICY,),
        request={"principal_org_id": ORG},
    ),
    Scenario(
        "27",
        f"arn:aws:sts::{C}:assumed-role/ci/run-1",
        GAT,
        "implicit_deny",
        "resource",
        identity=(TOKEN_ALLOW,),
        resource=(ORG_DOMAIN_POLICY,),
    ),
    Scenario(
        "29",
        f"arn:aws:iam::{A}:user/bob",
        READ,
        "allowed",
        identity=(allow("codeartifact:*"),),
        resource=(NOT_PRINCIPAL_DENY,),
    ),
    Scenario(
        "29-boundary",
        f"arn:aws:iam::{A}:user/bob",
        READ,
        "explicit_deny",
        "resource",
        identity=(allow("codeartifact:*"),),
        boundary=(allow("codeartifact:*"),),
        resource=(NOT_PRINCIPAL_DENY,),
    ),
    Scenario(
        "30",
        f"arn:aws:iam::{A}:user/alice",
        READ,
        "explicit_deny",
        "resource",
        identity=(allow("codeartifact:*"),),
        resource=(NOT_PRINCIPAL_DENY,),
    ),
    Scenario(
        "31",
        DEV,
        (READ[0], Step("sts:GetServiceBearerToken", "*", BEARER)),
        "allowed",
        identity=(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}],
            },
        ),
    ),
    Scenario(
        "33", DEV, READ, "allowed", identity=(allow("CodeArtifact:readFROMrepository", REPO),)
    ),
    Scenario(
        "34",
        DEV,
        READ,
        "implicit_deny",
        "identity",
        identity=(
            allow(
                "codeartifact:ReadFromRepository",
                f"arn:aws:codeartifact:{REGION}:{A}:repository/Corp/shared",
            ),
        ),
    ),
    Scenario(
        "37",
        DEV,
        (
            *TOKEN_STEP,
            Step("codeartifact:PublishPackageVersion", PACKAGE),
            Step("codeartifact:PutPackageMetadata", PACKAGE),
        ),
        "implicit_deny",
        "identity",
        "codeartifact:PutPackageMetadata",
        identity=(TOKEN_ALLOW, allow("codeartifact:PublishPackageVersion", PACKAGE)),
    ),
    Scenario(
        "39",
        DEV,
        _s("codeartifact:ListDomains"),
        "allowed",
        identity=(allow("codeartifact:ListDomains"),),
    ),
    Scenario(
        "40",
        DEV,
        _s("codeartifact:ReadFromRepository", APP),
        "allowed",
        identity=(allow("codeartifact:ReadFromRepository", APP),),
    ),
    Scenario(
        "41",
        DEV,
        (
            Step("codeartifact:UpdateRepository", APP),
            Step("codeartifact:AssociateWithDownstreamRepository", REPO),
        ),
        "implicit_deny",
        "identity",
        "codeartifact:AssociateWithDownstreamRepository",
        identity=(allow("codeartifact:UpdateRepository", APP),),
    ),
    Scenario(
        "42",
        B_ROLE_SESSION,
        _s("codeartifact:PutDomainPermissionsPolicy", DOMAIN),
        "implicit_deny",
        "resource",
        identity=(allow("codeartifact:PutDomainPermissionsPolicy"),),
        resource=(grant(B, "codeartifact:PutDomainPermissionsPolicy"),),
    ),
    Scenario("43", f"arn:aws:iam::{A}:root", GAT, "implicit_deny", "service"),
    Scenario("44", DEV, _s("sts:GetCallerIdentity"), "allowed", identity=(deny("*"),)),
    Scenario(
        "45",
        DEV,
        _s("codeartifact:ReadFromRepository", REPO, **{"aws:SourceVpce": "vpce-1a2b3c4d"}),
        "implicit_deny",
        "identity",
        identity=(
            allow(
                "codeartifact:ReadFromRepository",
                REPO,
                Condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
            ),
        ),
    ),
    Scenario(
        "49",
        DEV,
        _s("sts:AssumeRole", ROLE_READER),
        "implicit_deny",
        "identity",
        resource=(TRUST_A,),
    ),
    Scenario(
        "51a",
        f"arn:aws:iam::{B}:user/ops",
        _s("sts:AssumeRole", ROLE_READER),
        "allowed",
        identity=(allow("sts:AssumeRole", ROLE_READER),),
        resource=(TRUST_B,),
    ),
    Scenario(
        "51b",
        f"arn:aws:iam::{B}:user/ops",
        _s("sts:AssumeRole", ROLE_READER),
        "implicit_deny",
        "identity",
        resource=(TRUST_B,),
    ),
    Scenario(
        "52",
        f"arn:aws:iam::{B}:user/ops",
        _s("sts:AssumeRole", ROLE_READER),
        "implicit_deny",
        "resource",
        identity=(allow("sts:AssumeRole", ROLE_READER),),
        resource=(TRUST_EXTERNAL_ID,),
    ),
    Scenario(
        "53",
        DEV,
        (Step("sts:AssumeRole", ROLE_READER), Step("sts:TagSession", ROLE_READER)),
        "implicit_deny",
        "resource",
        "sts:TagSession",
        resource=(TRUST_DEV_NO_TAGS,),
    ),
    Scenario(
        "56",
        A_DEV_SESSION,
        READ,
        "allowed",
        identity=(
            allow(
                "codeartifact:ReadFromRepository",
                REPO,
                Condition={"StringEquals": {"aws:PrincipalTag/team": "payments"}},
            ),
        ),
        request={"principal_tags": {"team": "core"}, "session_tags": {"team": "payments"}},
    ),
    Scenario(
        "56-no-session-tag",
        A_DEV_SESSION,
        READ,
        "implicit_deny",
        "identity",
        identity=(
            allow(
                "codeartifact:ReadFromRepository",
                REPO,
                Condition={"StringEquals": {"aws:PrincipalTag/team": "payments"}},
            ),
        ),
        request={"principal_tags": {"team": "core"}},
    ),
)
