"""Policy documents: statements, trust policies and the AWS managed policies the demo uses."""

from __future__ import annotations

from collections.abc import Sequence

from .constants import DOMAIN_ARN, JSON, unique_id


def stmt(
    sid: str | None,
    effect: str,
    action: str | Sequence[str] | None = None,
    resource: str | Sequence[str] | None = "*",
    *,
    not_action: Sequence[str] | None = None,
    principal: str | JSON | None = None,
    condition: JSON | None = None,
) -> JSON:
    """One policy statement; lists are kept as given, single strings stay strings."""
    out: JSON = {"Effect": effect}
    if sid:
        out["Sid"] = sid
    if principal is not None:
        out["Principal"] = principal
    if action is not None:
        out["Action"] = action if isinstance(action, str) else list(action)
    if not_action is not None:
        out["NotAction"] = list(not_action)
    if resource is not None:
        out["Resource"] = resource if isinstance(resource, str) else list(resource)
    if condition:
        out["Condition"] = condition
    return out


def doc(*statements: JSON) -> JSON:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def aws(*arns: str) -> JSON:
    return {"AWS": arns[0] if len(arns) == 1 else list(arns)}


def token_step(domain_arn: str = DOMAIN_ARN) -> list[JSON]:
    """The two statements every package manager needs before it talks to a repository."""
    return [
        stmt(
            "GetAcmeAuthorizationToken", "Allow", "codeartifact:GetAuthorizationToken", domain_arn
        ),
        bearer_token(),
    ]


def bearer_token(service: str = "codeartifact.amazonaws.com") -> JSON:
    return stmt(
        "GetServiceBearerTokenForCodeArtifact",
        "Allow",
        "sts:GetServiceBearerToken",
        "*",
        condition={"StringEquals": {"sts:AWSServiceName": service}},
    )


def trust(sid: str, principal: JSON, condition: JSON | None = None) -> JSON:
    action = "sts:AssumeRoleWithWebIdentity" if "Federated" in principal else "sts:AssumeRole"
    return doc(stmt(sid, "Allow", action, None, principal=principal, condition=condition))


def service_trust(service: str) -> JSON:
    return trust("TrustService", {"Service": service})


# AWS managed policies, with their real documents (spec D.9; iann0036/iam-dataset).
AWS_MANAGED: dict[str, JSON] = {
    "AdministratorAccess": {
        "id": "ANPAIWMBCKSKIEE64ZLYK",
        "created": "2015-02-06T18:39:46Z",
        "document": doc(stmt(None, "Allow", "*", "*")),
    },
    "AWSCodeArtifactAdminAccess": {
        "id": unique_id("ANPA", "arn:aws:iam::aws:policy/AWSCodeArtifactAdminAccess"),
        "created": "2020-06-16T23:53:23Z",
        "document": doc(
            stmt(None, "Allow", ["codeartifact:*"], "*"),
            {
                "Action": ["sts:GetServiceBearerToken"],
                "Condition": {"StringEquals": {"sts:AWSServiceName": "codeartifact.amazonaws.com"}},
                "Effect": "Allow",
                "Resource": "*",
            },
        ),
    },
    "AWSCodeArtifactReadOnlyAccess": {
        "id": unique_id("ANPA", "arn:aws:iam::aws:policy/AWSCodeArtifactReadOnlyAccess"),
        "created": "2020-06-25T21:23:52Z",
        "document": doc(
            stmt(
                None,
                "Allow",
                [
                    "codeartifact:Describe*",
                    "codeartifact:Get*",
                    "codeartifact:List*",
                    "codeartifact:ReadFromRepository",
                ],
                "*",
            ),
            {
                "Action": ["sts:GetServiceBearerToken"],
                "Condition": {"StringEquals": {"sts:AWSServiceName": "codeartifact.amazonaws.com"}},
                "Effect": "Allow",
                "Resource": "*",
            },
        ),
    },
}


def aws_policy(name: str) -> str:
    return f"arn:aws:iam::aws:policy/{name}"


ADMIN = aws_policy("AdministratorAccess")
CA_ADMIN = aws_policy("AWSCodeArtifactAdminAccess")
CA_READ = aws_policy("AWSCodeArtifactReadOnlyAccess")
