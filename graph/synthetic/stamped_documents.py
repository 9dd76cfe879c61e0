"""Policy documents of the stamped profile: managed, inline, trust, resource and control policies.

Each is a fixed template filled in from an index and a few names, so the same arguments always
give the same document; the random choices stay with the caller.
"""

from __future__ import annotations

from typing import Any

from graph.synthetic.common import BEARER, FORMATS, ORG_ID, OTHER_SERVICES, REGION, doc


def managed(i: int, account: str, shared: str, domains: list[str]) -> dict[str, Any]:
    """Policy `i` of an account: CodeArtifact (read a domain, publish a format, admin) or not.

    About one policy in seven concerns CodeArtifact, as in estates where package access is
    a few shared policies among many for compute, storage and data.
    """
    kind = i % 20
    if kind < 2:
        domain = domains[(i // 10 + kind) % len(domains)]
        return doc(
            {
                "Sid": "Token",
                "Effect": "Allow",
                "Action": "codeartifact:GetAuthorizationToken",
                "Resource": f"arn:aws:codeartifact:{REGION}:{shared}:domain/{domain}",
            },
            BEARER,
            {
                "Sid": "Read",
                "Effect": "Allow",
                "Action": [
                    "codeartifact:GetRepositoryEndpoint",
                    "codeartifact:ReadFromRepository",
                ],
                "Resource": f"arn:aws:codeartifact:{REGION}:{shared}:repository/{domain}/*",
            },
        )
    if kind == 3:
        fmt = FORMATS[(i // 10) % len(FORMATS)]
        return doc(
            {
                "Sid": "Token",
                "Effect": "Allow",
                "Action": "codeartifact:GetAuthorizationToken",
                "Resource": "*",
            },
            BEARER,
            {
                "Sid": "Publish",
                "Effect": "Allow",
                "Action": [
                    "codeartifact:GetRepositoryEndpoint",
                    "codeartifact:ReadFromRepository",
                    "codeartifact:PublishPackageVersion",
                    "codeartifact:PutPackageMetadata",
                ],
                "Resource": [
                    f"arn:aws:codeartifact:{REGION}:{shared}:repository/*/{fmt}-*",
                    f"arn:aws:codeartifact:{REGION}:{shared}:package/*/{fmt}-*/*",
                ],
                "Condition": {"StringEquals": {"aws:PrincipalTag/team": f"team{i % 7}"}},
            },
        )
    if kind == 4 and i % 60 == 4:
        return doc(
            {
                "Sid": "Admin",
                "Effect": "Allow",
                "Action": "codeartifact:*",
                "Resource": "*",
            },
            BEARER,
        )
    service = OTHER_SERVICES[i % len(OTHER_SERVICES)]
    return doc(
        {
            "Sid": "Work",
            "Effect": "Allow",
            "Action": [f"{service}:Get*", f"{service}:List*"],
            "Resource": "*",
        },
        {
            "Sid": "Write",
            "Effect": "Allow",
            "Action": f"{service}:Put*",
            "Resource": f"arn:aws:{service}:*:{account}:*",
            "Condition": {"Bool": {"aws:SecureTransport": "true"}},
        },
    )


def trust(account: str, index: int, accounts: list[str], role_names: list[str]) -> dict[str, Any]:
    """The trust policy of role `index`: a service, another account, an earlier role, the
    account root with MFA, or GitHub OIDC."""
    pick = index % 20
    if pick < 11:
        service = ("ec2", "lambda", "ecs-tasks", "codebuild")[index % 4]
        return doc(
            {
                "Effect": "Allow",
                "Principal": {"Service": f"{service}.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        )
    if pick < 15:
        other = accounts[(accounts.index(account) + 1 + index) % len(accounts)]
        return doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{other}:root"},
                "Action": "sts:AssumeRole",
            }
        )
    if pick < 17 and role_names:
        target = role_names[index % len(role_names)]
        return doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account}:role/{target}"},
                "Action": "sts:AssumeRole",
            }
        )
    if pick < 19:
        return doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                "Action": "sts:AssumeRole",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            }
        )
    provider = f"arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com"
    return doc(
        {
            "Effect": "Allow",
            "Principal": {"Federated": provider},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
                "StringLike": {
                    "token.actions.githubusercontent.com:sub": f"repo:synth/app{index % 50}:*"
                }
            },
        }
    )


def self_service(account: str) -> dict[str, Any]:
    """A user's inline policy: change their own password."""
    return doc(
        {
            "Effect": "Allow",
            "Action": ["iam:ChangePassword", "iam:GetUser"],
            "Resource": f"arn:aws:iam::{account}:user/${{aws:username}}",
        }
    )


def bucket(account: str, index: int) -> dict[str, Any]:
    """A role's inline policy: everything on its own bucket."""
    return doc(
        {
            "Effect": "Allow",
            "Action": "s3:*",
            "Resource": f"arn:aws:s3:::synth-{account}-{index}/*",
        }
    )


def hop(account: str, target: str) -> dict[str, Any]:
    """A role's inline policy: assume another role of the account."""
    return doc(
        {
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": f"arn:aws:iam::{account}:role/{target}",
        }
    )


def domain_policy() -> dict[str, Any]:
    """A domain policy: the organisation may read."""
    return doc(
        {
            "Sid": "OrgRead",
            "Effect": "Allow",
            "Principal": "*",
            "Action": [
                "codeartifact:GetAuthorizationToken",
                "codeartifact:GetRepositoryEndpoint",
                "codeartifact:ReadFromRepository",
            ],
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}},
        },
    )


def repository_policy(publisher: str) -> dict[str, Any]:
    """A repository policy: another account publishes."""
    return doc(
        {
            "Sid": "TeamPublishes",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{publisher}:root"},
            "Action": [
                "codeartifact:PublishPackageVersion",
                "codeartifact:PutPackageMetadata",
                "codeartifact:GetRepositoryEndpoint",
            ],
            "Resource": "*",
        }
    )


def full_access() -> dict[str, Any]:
    """The AWS-managed control policy that allows everything."""
    return doc({"Effect": "Allow", "Action": "*", "Resource": "*"})


def no_deletes() -> dict[str, Any]:
    """An SCP: nobody but breakglass deletes CodeArtifact resources."""
    return doc(
        {
            "Sid": "NoDeletes",
            "Effect": "Deny",
            "Action": "codeartifact:Delete*",
            "Resource": "*",
            "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/breakglass"}},
        }
    )


def regions() -> dict[str, Any]:
    """An SCP: outside IAM, STS and Organizations, only two regions."""
    return doc(
        {
            "Sid": "Regions",
            "Effect": "Deny",
            "NotAction": ["iam:*", "sts:*", "organizations:*"],
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": [REGION, "eu-west-1"]}},
        }
    )
