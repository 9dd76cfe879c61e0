"""AWS Organizations: the OUs, and the service and resource control policies on them."""

from __future__ import annotations

from collections.abc import Sequence

from .constants import DEV, JSON, MGMT, ORG_ID, PROD, PUBLISH, RELEASE, ROOT_ID, SHARED
from .statements import doc, stmt

OU_SHARED = "ou-acme-shared01"
OU_WORKLOADS = "ou-acme-workloads"
OU_RELEASE = "ou-acme-release01"
BREAKGLASS = "arn:aws:iam::*:role/breakglass/*"

GLOBAL_SERVICES = [
    "iam:*",
    "organizations:*",
    "sts:*",
    "support:*",
    "budgets:*",
    "ce:*",
    "cur:*",
    "health:*",
    "account:*",
    "cloudfront:*",
    "route53:*",
    "route53domains:*",
    "waf:*",
    "wafv2:*",
    "shield:*",
    "globalaccelerator:*",
    "trustedadvisor:*",
    "aws-portal:*",
    "s3:ListAllMyBuckets",
    "s3:GetAccountPublicAccessBlock",
]


def org_policy(
    pid: str, name: str, kind: str, content: JSON, targets: Sequence[str], description: str
) -> JSON:
    return {
        "id": pid,
        "name": name,
        "type": kind,
        "aws_managed": pid in {"p-FullAWSAccess", "p-RCPFullAWSAccess"},
        "description": description,
        "content": content,
        "targets": list(targets),
    }


def organization() -> JSON:
    scp, rcp = "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"
    members = [SHARED, DEV, PROD, RELEASE]
    every_level = [ROOT_ID, OU_SHARED, OU_WORKLOADS, OU_RELEASE, MGMT, *members]
    policies = [
        org_policy(
            "p-FullAWSAccess",
            "FullAWSAccess",
            scp,
            doc(stmt(None, "Allow", "*", "*")),
            # Not on the release OU: it runs on an allow-list instead.
            [ROOT_ID, OU_SHARED, OU_WORKLOADS, MGMT, *members],
            "Allows access to every operation",
        ),
        org_policy(
            "p-regionlock",
            "DenyOutsideApprovedRegions",
            scp,
            doc(
                stmt(
                    "DenyOutsideApprovedRegions",
                    "Deny",
                    None,
                    "*",
                    not_action=GLOBAL_SERVICES,
                    condition={
                        "StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]},
                        "ArnNotLike": {"aws:PrincipalArn": BREAKGLASS},
                    },
                )
            ),
            [ROOT_ID],
            "Acme runs in us-east-1 and eu-west-1 only; global services are exempt",
        ),
        org_policy(
            "p-deletesguard",
            "DenyCodeArtifactDeletesOutsideRelease",
            scp,
            doc(
                stmt(
                    "DenyCodeArtifactDeletesOutsideRelease",
                    "Deny",
                    ["codeartifact:Delete*", "codeartifact:DisposePackageVersions"],
                    "*",
                    condition={"ArnNotLike": {"aws:PrincipalArn": BREAKGLASS}},
                )
            ),
            [OU_SHARED, OU_WORKLOADS],
            "Only release tooling (or break-glass) deletes anything in CodeArtifact",
        ),
        org_policy(
            "p-releaseallow",
            "ReleaseOUAllowList",
            scp,
            doc(
                stmt(
                    "AllowReleaseCodeArtifactActions",
                    "Allow",
                    [
                        "codeartifact:Describe*",
                        "codeartifact:Get*",
                        "codeartifact:List*",
                        "codeartifact:ReadFromRepository",
                        *PUBLISH,
                        "codeartifact:CopyPackageVersions",
                        "codeartifact:UpdatePackageVersionsStatus",
                        "codeartifact:DeletePackageVersions",
                    ],
                    "*",
                ),
                stmt(
                    "AllowReleaseTooling",
                    "Allow",
                    [
                        "sts:*",
                        "iam:Get*",
                        "iam:List*",
                        "iam:PassRole",
                        "codebuild:*",
                        "codepipeline:*",
                        "logs:*",
                        "cloudwatch:*",
                        "s3:*",
                        "kms:Decrypt",
                        "kms:DescribeKey",
                    ],
                    "*",
                ),
            ),
            [OU_RELEASE],
            "The release OU may publish, promote and yank; nothing else",
        ),
        org_policy(
            "p-RCPFullAWSAccess",
            "RCPFullAWSAccess",
            rcp,
            doc(stmt(None, "Allow", "*", "*", principal="*")),
            every_level,
            "Allows access to every operation (attached by AWS everywhere)",
        ),
        org_policy(
            "p-caperimeter",
            "CodeArtifactDataPerimeter",
            rcp,
            doc(
                stmt(
                    "DenyPackageWritesFromOutsideOrg",
                    "Deny",
                    [
                        *PUBLISH,
                        "codeartifact:CopyPackageVersions",
                        "codeartifact:DeletePackage",
                        "codeartifact:DeletePackageVersions",
                        "codeartifact:DisposePackageVersions",
                        "codeartifact:UpdatePackageVersionsStatus",
                        "codeartifact:PutPackageOriginConfiguration",
                    ],
                    "*",
                    principal="*",
                    condition={
                        "StringNotEqualsIfExists": {"aws:PrincipalOrgID": ORG_ID},
                        "BoolIfExists": {"aws:PrincipalIsAWSService": "false"},
                    },
                )
            ),
            [ROOT_ID],
            "Nobody outside the organisation writes packages, whatever a repository policy says",
        ),
    ]
    return {
        "id": ORG_ID,
        "management_account_id": MGMT,
        "roots": [{"id": ROOT_ID, "name": "Root", "policy_types": [scp, rcp]}],
        "organizational_units": [
            {"id": OU_SHARED, "name": "shared", "parent_id": ROOT_ID},
            {"id": OU_WORKLOADS, "name": "workloads", "parent_id": ROOT_ID},
            {"id": OU_RELEASE, "name": "release", "parent_id": ROOT_ID},
        ],
        "accounts": [
            {"id": MGMT, "name": "acme-management", "parent_id": ROOT_ID},
            {"id": SHARED, "name": "shared-services", "parent_id": OU_SHARED},
            {"id": DEV, "name": "dev", "parent_id": OU_WORKLOADS},
            {"id": PROD, "name": "prod", "parent_id": OU_WORKLOADS},
            {"id": RELEASE, "name": "release-tools", "parent_id": OU_RELEASE},
        ],
        "policies": policies,
    }
