"""Build the bundled demo organisation, graph/demo/acme-org.json, from the stories in docs/demo.md.

Usage:
    .venv/bin/python scripts/build_demo.py            # write graph/demo/acme-org.json
    .venv/bin/python scripts/build_demo.py --check    # sanity checks; fail if the file is stale

The output is deterministic: fixed dates, ids derived from ARNs, sorted keys.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

JSON = dict[str, Any]

OUTPUT = Path(__file__).resolve().parent.parent / "graph" / "demo" / "acme-org.json"

CREATED = "2026-01-15T09:00:00Z"
GENERATED_AT = "2026-02-02T08:00:00Z"

ORG_ID = "o-acme12345"
ROOT_ID = "r-acme"
MGMT = "100000000000"
SHARED = "111111111111"
DEV = "123456789012"
PROD = "222222222222"
RELEASE = "333333333333"
PARTNER = "444455556666"

REGION = "us-east-1"
DOMAIN = "acme"
DOMAIN_ARN = f"arn:aws:codeartifact:{REGION}:{SHARED}:domain/{DOMAIN}"

PUBLISH = ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"]
READ = ["codeartifact:GetRepositoryEndpoint", "codeartifact:ReadFromRepository"]

GITHUB_OIDC = "token.actions.githubusercontent.com"
GLOBEX_EXTERNAL_ID = "globex-7f3a9c2e41"


def repo_arn(name: str) -> str:
    return f"arn:aws:codeartifact:{REGION}:{SHARED}:repository/{DOMAIN}/{name}"


def packages_arn(repo: str, suffix: str = "*") -> str:
    return f"arn:aws:codeartifact:{REGION}:{SHARED}:package/{DOMAIN}/{repo}/{suffix}"


def iam_arn(account: str, kind: str, name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:{kind}{path}{name}"


def account_root(account: str) -> str:
    return f"arn:aws:iam::{account}:root"


def unique_id(prefix: str, arn: str) -> str:
    """A stable IAM-style unique id (AIDA…, AROA…, AGPA…, ANPA…) derived from the ARN."""
    digest = base64.b32encode(hashlib.sha256(arn.encode()).digest()).decode()
    return prefix + digest[:17]


# --- policy documents ------------------------------------------------------------------------


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


# --- accounts --------------------------------------------------------------------------------


def iam_tags(**values: str) -> list[JSON]:
    return [{"Key": k.replace("_", "-"), "Value": v} for k, v in values.items()]


def inline(policies: dict[str, JSON] | None) -> list[JSON]:
    return [{"PolicyName": n, "PolicyDocument": d} for n, d in (policies or {}).items()]


@dataclass
class Account:
    """One AWS account: IAM as get-account-authorization-details prints it, and CodeArtifact."""

    id: str
    name: str
    users: list[JSON] = field(default_factory=list)
    groups: list[JSON] = field(default_factory=list)
    roles: list[JSON] = field(default_factory=list)
    policies: dict[str, JSON] = field(default_factory=dict)
    codeartifact: dict[str, JSON] = field(default_factory=dict)

    def managed_policy(
        self,
        name: str,
        document: JSON,
        *,
        path: str = "/",
        description: str = "",
        older_versions: Sequence[tuple[JSON, str]] = (),
    ) -> str:
        """A customer managed policy; `older_versions` are (document, date), oldest first."""
        arn = iam_arn(self.id, "policy", name, path)
        versions = [
            {
                "Document": d,
                "VersionId": f"v{i}",
                "IsDefaultVersion": False,
                "CreateDate": date,
            }
            for i, (d, date) in enumerate(older_versions, start=1)
        ]
        default_id = f"v{len(versions) + 1}"
        versions.append(
            {
                "Document": document,
                "VersionId": default_id,
                "IsDefaultVersion": True,
                "CreateDate": CREATED,
            }
        )
        self.policies[arn] = {
            "PolicyName": name,
            "PolicyId": unique_id("ANPA", arn),
            "Arn": arn,
            "Path": path,
            "DefaultVersionId": default_id,
            "IsAttachable": True,
            "Description": description,
            "CreateDate": versions[0]["CreateDate"],
            "UpdateDate": CREATED,
            "PolicyVersionList": versions,
        }
        return arn

    def group(
        self,
        name: str,
        *,
        path: str = "/",
        policies: dict[str, JSON] | None = None,
        attached: Iterable[str] = (),
    ) -> str:
        arn = iam_arn(self.id, "group", name, path)
        self.groups.append(
            {
                "Path": path,
                "GroupName": name,
                "GroupId": unique_id("AGPA", arn),
                "Arn": arn,
                "CreateDate": CREATED,
                "GroupPolicyList": inline(policies),
                "AttachedManagedPolicies": self._attach(attached),
            }
        )
        return arn

    def user(
        self,
        name: str,
        *,
        path: str = "/",
        groups: Iterable[str] = (),
        policies: dict[str, JSON] | None = None,
        attached: Iterable[str] = (),
        boundary: str | None = None,
        tags: list[JSON] | None = None,
    ) -> str:
        arn = iam_arn(self.id, "user", name, path)
        entry: JSON = {
            "Path": path,
            "UserName": name,
            "UserId": unique_id("AIDA", arn),
            "Arn": arn,
            "CreateDate": CREATED,
            "UserPolicyList": inline(policies),
            "GroupList": list(groups),
            "AttachedManagedPolicies": self._attach(attached),
            "Tags": tags or [],
        }
        if boundary:
            entry["PermissionsBoundary"] = self._boundary(boundary)
        self.users.append(entry)
        return arn

    def role(
        self,
        name: str,
        trust_policy: JSON,
        *,
        path: str = "/",
        description: str = "",
        policies: dict[str, JSON] | None = None,
        attached: Iterable[str] = (),
        boundary: str | None = None,
        tags: list[JSON] | None = None,
        max_session: int = 3600,
    ) -> str:
        arn = iam_arn(self.id, "role", name, path)
        entry: JSON = {
            "Path": path,
            "RoleName": name,
            "RoleId": unique_id("AROA", arn),
            "Arn": arn,
            "CreateDate": CREATED,
            "Description": description,
            "AssumeRolePolicyDocument": trust_policy,
            "MaxSessionDuration": max_session,
            "InstanceProfileList": [],
            "RolePolicyList": inline(policies),
            "AttachedManagedPolicies": self._attach(attached),
            "Tags": tags or [],
            "RoleLastUsed": {},
        }
        if boundary:
            entry["PermissionsBoundary"] = self._boundary(boundary)
        self.roles.append(entry)
        return arn

    def organization_access_role(self) -> str:
        """The role AWS Organizations creates in every account it creates."""
        return self.role(
            "OrganizationAccountAccessRole",
            trust("TrustManagementAccount", aws(account_root(MGMT))),
            description="Created by AWS Organizations for administrators of the management account",
            attached=[ADMIN],
        )

    def _attach(self, arns: Iterable[str]) -> list[JSON]:
        return [{"PolicyName": a.rsplit("/", 1)[1], "PolicyArn": a} for a in arns]

    def _boundary(self, arn: str) -> JSON:
        return {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn}

    def authorization_details(self) -> JSON:
        """The account's IAM, with attachment counts and the AWS managed policies it uses."""
        attachments: dict[str, int] = {}
        boundaries: dict[str, int] = {}
        for entity in [*self.users, *self.groups, *self.roles]:
            for attached in entity["AttachedManagedPolicies"]:
                attachments[attached["PolicyArn"]] = attachments.get(attached["PolicyArn"], 0) + 1
            if "PermissionsBoundary" in entity:
                arn = entity["PermissionsBoundary"]["PermissionsBoundaryArn"]
                boundaries[arn] = boundaries.get(arn, 0) + 1
        policies: list[JSON] = []
        for arn in sorted({*self.policies, *attachments, *boundaries}):
            entry = self.policies.get(arn) or aws_managed_entry(arn)
            entry = {
                **entry,
                "AttachmentCount": attachments.get(arn, 0),
                "PermissionsBoundaryUsageCount": boundaries.get(arn, 0),
            }
            policies.append(entry)
        return {
            "UserDetailList": self.users,
            "GroupDetailList": self.groups,
            "RoleDetailList": self.roles,
            "Policies": policies,
        }

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "name": self.name,
            "authorization_details": self.authorization_details(),
            "codeartifact": self.codeartifact,
        }


def aws_managed_entry(arn: str) -> JSON:
    name = arn.rsplit("/", 1)[1]
    known = AWS_MANAGED[name]
    return {
        "PolicyName": name,
        "PolicyId": known["id"],
        "Arn": arn,
        "Path": "/",
        "DefaultVersionId": "v1",
        "IsAttachable": True,
        "CreateDate": known["created"],
        "UpdateDate": known["created"],
        "PolicyVersionList": [
            {
                "Document": known["document"],
                "VersionId": "v1",
                "IsDefaultVersion": True,
                "CreateDate": known["created"],
            }
        ],
    }


# --- CodeArtifact ----------------------------------------------------------------------------


def domain(name: str, owner: str, region: str, policy: JSON | None, tags: dict[str, str]) -> JSON:
    return {
        "name": name,
        "owner": owner,
        "arn": f"arn:aws:codeartifact:{region}:{owner}:domain/{name}",
        "policy": policy,
        "tags": tags,
        "encryption_key": f"arn:aws:kms:{region}:{owner}:key/{key_id(owner + name)}",
        "status": "Active",
    }


def key_id(seed: str) -> str:
    h = hashlib.sha256(seed.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def repository(
    name: str,
    description: str,
    *,
    domain_name: str = DOMAIN,
    owner: str = SHARED,
    region: str = REGION,
    policy: JSON | None = None,
    upstreams: Sequence[str] = (),
    external: str | None = None,
    tags: dict[str, str] | None = None,
) -> JSON:
    connections = []
    if external:
        fmt = {"public:npmjs": "npm", "public:pypi": "pypi", "public:maven-central": "maven"}
        connections.append(
            {"name": external, "package_format": fmt[external], "status": "Available"}
        )
    return {
        "name": name,
        "domain": domain_name,
        "domain_owner": owner,
        "administrator_account": owner,
        "arn": f"arn:aws:codeartifact:{region}:{owner}:repository/{domain_name}/{name}",
        "description": description,
        "policy": policy,
        "upstreams": list(upstreams),
        "external_connections": connections,
        "tags": tags or {},
    }


# --- the organisation ------------------------------------------------------------------------


def management() -> Account:
    acct = Account(MGMT, "acme-management")
    acct.group("auditors", attached=[CA_READ])
    acct.user(
        "olivia.chen",
        path="/admin/",
        attached=[ADMIN],
        tags=iam_tags(team="cloud-platform", cost_center="cc-1000"),
    )
    acct.user(
        "raj.patel",
        path="/security/",
        groups=["auditors"],
        policies={
            "AssumeBreakGlass": doc(
                stmt(
                    "AssumeBreakGlassAdmin",
                    "Allow",
                    "sts:AssumeRole",
                    "arn:aws:iam::*:role/breakglass/breakglass-admin",
                )
            )
        },
        tags=iam_tags(team="security", cost_center="cc-1100"),
    )
    return acct


def shared_services() -> Account:
    acct = Account(SHARED, "shared-services")
    intern_boundary = acct.managed_policy(
        "PlatformInternBoundary",
        doc(
            stmt("AllowCodeArtifactWork", "Allow", "codeartifact:*", "*"),
            bearer_token(),
            stmt(
                "DenyPermissionPolicyChanges",
                "Deny",
                [
                    "codeartifact:PutDomainPermissionsPolicy",
                    "codeartifact:PutRepositoryPermissionsPolicy",
                    "codeartifact:DeleteDomainPermissionsPolicy",
                    "codeartifact:DeleteRepositoryPermissionsPolicy",
                ],
                "*",
            ),
        ),
        path="/boundaries/",
        description="Ceiling for interns: CodeArtifact work, never its resource policies",
    )
    collector = acct.managed_policy(
        "CaxCollectorReadOnly",
        doc(
            stmt("ReadIam", "Allow", ["iam:GetAccountAuthorizationDetails"], "*"),
            stmt(
                "ReadCodeArtifact",
                "Allow",
                [
                    "codeartifact:ListDomains",
                    "codeartifact:ListRepositories",
                    "codeartifact:ListRepositoriesInDomain",
                    "codeartifact:ListPackageGroups",
                    "codeartifact:ListTagsForResource",
                    "codeartifact:DescribeDomain",
                    "codeartifact:DescribeRepository",
                    "codeartifact:GetDomainPermissionsPolicy",
                    "codeartifact:GetRepositoryPermissionsPolicy",
                ],
                "*",
            ),
        ),
        path="/security/",
        description="What cax collect needs, nothing more",
    )

    acct.group(
        "platform-admins",
        attached=[CA_ADMIN],
        policies={
            "AssumePlatformRoles": doc(
                stmt(
                    "AssumePlatformRoles",
                    "Allow",
                    "sts:AssumeRole",
                    iam_arn(SHARED, "role", "*", "/platform/"),
                )
            )
        },
    )
    acct.group("auditors", attached=[CA_READ])

    acct.user(
        "priya.raman",
        path="/platform/",
        groups=["platform-admins"],
        tags=iam_tags(team="platform", cost_center="cc-1000"),
    )
    acct.user(
        "marco.bianchi",
        path="/platform/",
        groups=["platform-admins"],
        tags=iam_tags(team="platform", cost_center="cc-1000"),
    )
    acct.user(
        "tom.becker",
        path="/platform/",
        groups=["platform-admins"],
        boundary=intern_boundary,
        tags=iam_tags(team="platform", cost_center="cc-1000", employment="intern"),
    )
    acct.user(
        "hana.kim",
        path="/audit/",
        groups=["auditors"],
        tags=iam_tags(team="security", cost_center="cc-1100"),
    )
    acct.user(
        "svc-docs-builder",
        path="/service/",
        policies={"BearerTokenOnly": doc(bearer_token())},
        tags=iam_tags(team="docs", cost_center="cc-2100", owner="docs-platform@acme.example"),
    )

    acct.organization_access_role()
    acct.role(
        "codeartifact-admin",
        trust("TrustSharedServicesOnly", aws(account_root(SHARED))),
        path="/platform/",
        description="Day-to-day administration of the acme domain",
        attached=[CA_ADMIN],
        tags=iam_tags(team="platform"),
    )
    acct.role(
        "breakglass-admin",
        trust(
            "TrustManagementWithMFA",
            aws(account_root(MGMT)),
            {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        ),
        path="/breakglass/",
        description="Emergency access; exempt from the delete and region guardrails",
        attached=[ADMIN],
        tags=iam_tags(team="security"),
    )
    acct.role(
        "globex-reader",
        trust(
            "TrustGlobexWithExternalId",
            aws(account_root(PARTNER)),
            {"StringEquals": {"sts:ExternalId": GLOBEX_EXTERNAL_ID}},
        ),
        path="/partner/",
        description="Globex's Python SDK team pulls pypi-internal through this role",
        policies={
            "ReadPyPIInternal": doc(
                *token_step(),
                stmt("ReadPyPIInternal", "Allow", READ, repo_arn("pypi-internal")),
            )
        },
        tags=iam_tags(partner="globex", team="platform"),
    )
    acct.role(
        "cax-collector",
        trust("TrustSecurityTooling", aws(account_root(MGMT))),
        path="/security/",
        description="Read-only collector for cax",
        attached=[collector],
        tags=iam_tags(team="security"),
    )

    acct.codeartifact[REGION] = {
        "domains": [acme_domain()],
        "repositories": acme_repositories(),
        "package_groups": [],
    }
    return acct


def acme_domain() -> JSON:
    org = {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}}
    policy = doc(
        stmt(
            "OrgMembersGetAuthorizationToken",
            "Allow",
            "codeartifact:GetAuthorizationToken",
            "*",
            principal="*",
            condition=org,
        ),
        stmt(
            "OrgMembersReadRepositories",
            "Allow",
            [
                "codeartifact:DescribeDomain",
                "codeartifact:ListRepositoriesInDomain",
                "codeartifact:DescribeRepository",
                "codeartifact:GetRepositoryEndpoint",
                "codeartifact:ReadFromRepository",
                "codeartifact:ListPackages",
                "codeartifact:ListPackageVersions",
                "codeartifact:DescribePackageVersion",
                "codeartifact:ListPackageVersionAssets",
                "codeartifact:GetPackageVersionAsset",
                "codeartifact:GetPackageVersionReadme",
                "codeartifact:ListPackageVersionDependencies",
            ],
            "*",
            principal="*",
            condition=org,
        ),
        stmt(
            "GlobexGetAuthorizationToken",
            "Allow",
            "codeartifact:GetAuthorizationToken",
            "*",
            principal=aws(account_root(PARTNER)),
        ),
    )
    return domain(DOMAIN, SHARED, REGION, policy, {"team": "platform", "cost-center": "cc-1000"})


def acme_repositories() -> list[JSON]:
    ci_publisher = iam_arn(RELEASE, "role", "github-actions-publisher", "/ci/")
    maven_publisher = iam_arn(RELEASE, "role", "maven-release-publisher", "/release/")
    globex_build = iam_arn(PARTNER, "role", "globex-build")
    platform = {"team": "platform", "cost-center": "cc-1000"}

    npm_internal = doc(
        stmt(
            "DevAccountPublishesNpm",
            "Allow",
            PUBLISH,
            packages_arn("npm-internal"),
            principal=aws(account_root(DEV)),
        ),
        stmt(
            "ReleaseCiPublishesNpm",
            "Allow",
            PUBLISH,
            packages_arn("npm-internal"),
            principal=aws(ci_publisher),
        ),
        stmt(
            "GlobexReadOnly",
            "Allow",
            [*READ, "codeartifact:DescribeRepository", "codeartifact:ListPackages"],
            "*",
            principal=aws(globex_build),
        ),
        stmt(
            "GlobexPublishesPlugins",
            "Allow",
            PUBLISH,
            packages_arn("npm-internal", "npm/globex/*"),
            principal=aws(globex_build),
        ),
    )
    pypi_internal = doc(
        stmt(
            "ReleaseCiPublishesPython",
            "Allow",
            PUBLISH,
            packages_arn("pypi-internal"),
            principal=aws(ci_publisher),
        )
    )
    maven_releases = doc(
        stmt(
            "ReleasePipelinePublishesMaven",
            "Allow",
            PUBLISH,
            packages_arn("maven-releases"),
            principal=aws(maven_publisher),
        ),
        stmt(
            "ReleaseAccountYanksVersions",
            "Allow",
            ["codeartifact:UpdatePackageVersionsStatus", "codeartifact:DeletePackageVersions"],
            packages_arn("maven-releases"),
            principal=aws(account_root(RELEASE)),
        ),
        stmt(
            "DenyPublishExceptReleasePipeline",
            "Deny",
            PUBLISH,
            "*",
            principal="*",
            condition={"ArnNotLike": {"aws:PrincipalArn": maven_publisher}},
        ),
    )
    unreadable = {
        "$unknown": (
            "AccessDeniedException: User: arn:aws:sts::111111111111:assumed-role/cax-collector/cax"
            " is not authorized to perform: codeartifact:GetRepositoryPermissionsPolicy on"
            f" resource: {repo_arn('maven-snapshots')} with an explicit deny in a"
            " resource-based policy"
        )
    }
    return [
        repository(
            "npm-internal",
            "Acme's own npm packages (@acme/*); public packages come through npm-store",
            policy=npm_internal,
            upstreams=["npm-store"],
            tags={**platform, "format": "npm"},
        ),
        repository(
            "npm-store",
            "Cache of the public npm registry",
            external="public:npmjs",
            tags={**platform, "format": "npm", "upstream": "public"},
        ),
        repository(
            "pypi-internal",
            "Acme's own Python packages; public packages come through pypi-store",
            policy=pypi_internal,
            upstreams=["pypi-store"],
            tags={**platform, "format": "pypi"},
        ),
        repository(
            "pypi-store",
            "Cache of the public Python Package Index",
            external="public:pypi",
            tags={**platform, "format": "pypi", "upstream": "public"},
        ),
        repository(
            "maven-releases",
            "Released JVM libraries; only the release pipeline publishes here",
            policy=maven_releases,
            tags={**platform, "format": "maven", "data-classification": "release"},
        ),
        repository(
            "maven-snapshots",
            "Snapshot builds of JVM libraries (its policy hides itself from the collector)",
            policy=unreadable,
            tags={**platform, "format": "maven"},
        ),
    ]


def dev() -> Account:
    acct = Account(DEV, "dev")
    sandbox = f"arn:aws:codeartifact:us-west-2:{DEV}:*"
    developer = acct.managed_policy(
        "CodeArtifactDeveloperAccess",
        doc(
            *token_step(),
            stmt(
                "ReadAcmeRepositories",
                "Allow",
                [
                    *READ,
                    "codeartifact:DescribeRepository",
                    "codeartifact:ListPackages",
                    "codeartifact:ListPackageVersions",
                    "codeartifact:DescribePackageVersion",
                ],
                [repo_arn("*"), packages_arn("*")],
            ),
            stmt(
                "PublishNpmForWebAndPaymentsTeams",
                "Allow",
                PUBLISH,
                packages_arn("npm-internal"),
                condition={"StringEquals": {"aws:PrincipalTag/team": ["web", "payments"]}},
            ),
            stmt(
                "PublishOwnTeamNpmScope",
                "Allow",
                PUBLISH,
                packages_arn("npm-internal", "npm/${aws:PrincipalTag/team}/*"),
            ),
            stmt(
                "PublishLibraries",
                "Allow",
                PUBLISH,
                [packages_arn("pypi-internal"), packages_arn("maven-releases")],
            ),
            stmt("SandboxDomainFullAccess", "Allow", "codeartifact:*", sandbox),
        ),
        description="Developers: read every acme repository, publish team packages, sandbox",
        older_versions=[
            (
                doc(
                    stmt("DeveloperEverything", "Allow", "codeartifact:*", "*"),
                    bearer_token(),
                ),
                "2025-11-03T10:00:00Z",
            )
        ],
    )
    pypi_reader = acct.managed_policy(
        "PyPIReadOnlyAccess",
        doc(
            *token_step(),
            stmt(
                "BrowseAcmeRepositories",
                "Allow",
                [
                    "codeartifact:DescribeRepository",
                    "codeartifact:GetRepositoryEndpoint",
                    "codeartifact:ListPackages",
                ],
                repo_arn("*"),
            ),
            stmt(
                "ReadPyPIInternal",
                "Allow",
                "codeartifact:ReadFromRepository",
                repo_arn("pypi-internal"),
            ),
        ),
        description="Analysts: pip install from pypi-internal",
    )
    boundary = acct.managed_policy(
        "DeveloperBoundary",
        doc(
            stmt(
                "AllowCodeArtifactRead",
                "Allow",
                [
                    "codeartifact:GetAuthorizationToken",
                    "codeartifact:GetRepositoryEndpoint",
                    "codeartifact:ReadFromRepository",
                    "codeartifact:Describe*",
                    "codeartifact:List*",
                ],
                "*",
            ),
            bearer_token(),
            stmt(
                "AllowBuildLogs",
                "Allow",
                ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                "*",
            ),
            stmt(
                "AllowBuildArtifactsBucket",
                "Allow",
                ["s3:GetObject", "s3:PutObject"],
                "arn:aws:s3:::acme-dev-build-artifacts/*",
            ),
        ),
        path="/boundaries/",
        description="Every role developers create must carry this boundary: read, never publish",
    )

    acct.group("developers", attached=[developer])
    acct.group(
        "contractors",
        policies={
            "DenyContractorPublishing": doc(
                stmt(
                    "DenyPublishingByContractors",
                    "Deny",
                    [*PUBLISH, "codeartifact:CopyPackageVersions"],
                    "*",
                )
            )
        },
    )
    acct.group("analysts", attached=[pypi_reader])
    acct.group("auditors", attached=[CA_READ])

    eng = "/engineering/"
    acct.user(
        "mateojackson", groups=["analysts"], tags=iam_tags(team="data", cost_center="cc-4410")
    )
    acct.user(
        "alice.nguyen",
        path=eng,
        groups=["developers"],
        tags=iam_tags(team="web", cost_center="cc-4200"),
    )
    acct.user(
        "bruno.silva",
        path=eng,
        groups=["developers"],
        tags=iam_tags(team="data", cost_center="cc-4410"),
    )
    acct.user(
        "chen.wei",
        path="/contractors/",
        groups=["developers", "contractors"],
        tags=iam_tags(team="web", cost_center="cc-4200", employment="contractor"),
    )
    acct.user(
        "diana.okafor",
        path=eng,
        groups=["developers"],
        tags=iam_tags(team="payments", cost_center="cc-4300"),
    )
    acct.user(
        "emil.johansson",
        path=eng,
        groups=["developers"],
        tags=iam_tags(team="platform", cost_center="cc-1000"),
    )
    acct.user(
        "isabel.moreno",
        path=eng,
        groups=["developers"],
        tags=iam_tags(team="data", cost_center="cc-4410"),
    )
    acct.user(
        # Onboarded without a team tag: every team-based statement misses him.
        "noah.fischer",
        path=eng,
        groups=["developers"],
        tags=iam_tags(cost_center="cc-4200"),
    )
    acct.user(
        "kevin.osei",
        path=eng,
        groups=["developers"],
        # Hostile on purpose: the UI must print this literally, not as Rich markup.
        tags=iam_tags(team="web", cost_center="cc-4200", nickname="[bold]pwned[/bold]"),
    )
    acct.user(
        "lucas.martin",
        path=eng,
        groups=["developers"],
        policies={
            "AssumeSharedPlatformAdmin": doc(
                stmt(
                    "AssumeSharedPlatformAdmin",
                    "Allow",
                    "sts:AssumeRole",
                    iam_arn(SHARED, "role", "codeartifact-admin", "/platform/"),
                )
            )
        },
        tags=iam_tags(team="platform", cost_center="cc-1000"),
    )
    acct.user(
        "gustavo.reyes",
        path="/sre/",
        policies={
            "AssumeProdArtifactReader": doc(
                stmt(
                    "AssumeProdArtifactReader",
                    "Allow",
                    "sts:AssumeRole",
                    iam_arn(PROD, "role", "artifact-reader", "/ops/"),
                )
            )
        },
        tags=iam_tags(team="sre", cost_center="cc-1200"),
    )
    acct.user(
        "farah.haddad",
        path="/audit/",
        groups=["auditors"],
        tags=iam_tags(team="security", cost_center="cc-1100"),
    )

    acct.organization_access_role()
    acct.role(
        "team-payments-build",
        service_trust("codebuild.amazonaws.com"),
        path="/app/",
        description="CodeBuild project of the payments team (created by developers)",
        boundary=boundary,
        policies={
            "BuildAndPublishNpm": doc(
                *token_step(),
                stmt("ReadNpmInternal", "Allow", READ, repo_arn("npm-internal")),
                stmt("PublishNpmInternal", "Allow", PUBLISH, packages_arn("npm-internal")),
            )
        },
        tags=iam_tags(team="payments", cost_center="cc-4300"),
    )

    acct.codeartifact["us-west-2"] = {
        "domains": [
            domain(
                "acme-sandbox",
                DEV,
                "us-west-2",
                None,
                {"team": "platform", "environment": "sandbox"},
            )
        ],
        "repositories": [
            repository(
                "scratch",
                # Hostile on purpose: Rich would read "[/tmp-style ...]" as a closing tag.
                "Scratch space for experiments [/tmp-style, wiped weekly]",
                domain_name="acme-sandbox",
                owner=DEV,
                region="us-west-2",
                external="public:npmjs",
                tags={"team": "platform", "environment": "sandbox"},
            )
        ],
        "package_groups": [],
    }
    return acct


def prod() -> Account:
    acct = Account(PROD, "prod")
    pull = acct.managed_policy(
        "PullReleasedArtifacts",
        doc(
            *token_step(),
            stmt(
                "ReadReleasedArtifacts",
                "Allow",
                READ,
                [repo_arn("maven-releases"), repo_arn("npm-internal")],
            ),
        ),
        description="Deployments pull released artifacts",
    )
    acct.group(
        "release-managers",
        policies={
            "AssumeReleaseOperator": doc(
                stmt(
                    "AssumeReleaseOperator",
                    "Allow",
                    "sts:AssumeRole",
                    iam_arn(PROD, "role", "release-operator"),
                )
            )
        },
    )
    acct.group("auditors", attached=[CA_READ])

    acct.user(
        "sofia.rossi",
        path="/engineering/",
        groups=["release-managers"],
        tags=iam_tags(team="release", cost_center="cc-1300"),
    )
    acct.user(
        "liam.walsh",
        path="/sre/",
        groups=["auditors"],
        tags=iam_tags(team="sre", cost_center="cc-1200"),
    )
    acct.user(
        "nora.berg",
        path="/audit/",
        groups=["auditors"],
        tags=iam_tags(team="security", cost_center="cc-1100"),
    )
    acct.user(
        "deploy-bot",
        path="/service/",
        attached=[pull],
        tags=iam_tags(team="sre", cost_center="cc-1200", owner="sre@acme.example"),
    )
    # escalation story (issue #14): may rewrite release-operator's trust, so could take it over
    acct.user(
        "ivan.petrov",
        path="/sre/",
        policies={
            "ManageReleaseOperatorTrust": doc(
                stmt(
                    "EditReleaseOperatorTrust",
                    "Allow",
                    ["iam:GetRole", "iam:UpdateAssumeRolePolicy"],
                    iam_arn(PROD, "role", "release-operator"),
                )
            )
        },
        tags=iam_tags(team="sre", cost_center="cc-1200"),
    )

    acct.organization_access_role()
    acct.role(
        "release-operator",
        trust("TrustProdAccountIdentities", aws(account_root(PROD))),
        description="Release managers step into this role to drive the release pipeline",
        policies={
            "AssumeMavenReleasePublisher": doc(
                stmt(
                    "AssumeMavenReleasePublisher",
                    "Allow",
                    "sts:AssumeRole",
                    iam_arn(RELEASE, "role", "maven-release-publisher", "/release/"),
                )
            )
        },
        tags=iam_tags(team="release"),
    )
    acct.role(
        "artifact-reader",
        trust("TrustDevAccountOnCall", aws(account_root(DEV))),
        path="/ops/",
        description="Dev on-call checks what prod pulls",
        attached=[CA_READ],
        tags=iam_tags(team="sre"),
    )
    acct.role(
        "orders-service-task",
        service_trust("ecs-tasks.amazonaws.com"),
        path="/app/",
        description="ECS task of the orders service; installs npm packages at start-up",
        policies={
            "PullNpmPackages": doc(
                stmt(
                    "GetAcmeAuthorizationToken",
                    "Allow",
                    "codeartifact:GetAuthorizationToken",
                    DOMAIN_ARN,
                ),
                stmt("ReadNpmInternal", "Allow", READ, repo_arn("npm-internal")),
            )
        },
        tags=iam_tags(team="orders", cost_center="cc-4500"),
    )
    acct.role(
        "reporting-batch",
        service_trust("ecs-tasks.amazonaws.com"),
        path="/app/",
        description="Nightly reporting job; pip installs from pypi-internal",
        policies={
            "PullPythonPackages": doc(
                stmt(
                    "GetAcmeAuthorizationToken",
                    "Allow",
                    "codeartifact:GetAuthorizationToken",
                    DOMAIN_ARN,
                ),
                # Wrong on purpose: StringEquals is case-sensitive.
                bearer_token("CodeArtifact.amazonaws.com"),
                stmt("ReadPyPIInternal", "Allow", READ, repo_arn("pypi-internal")),
            )
        },
        tags=iam_tags(team="data", cost_center="cc-4410"),
    )
    return acct


def release_tools() -> Account:
    acct = Account(RELEASE, "release-tools")
    publishing = acct.managed_policy(
        "AcmePackagePublishing",
        doc(
            *token_step(),
            stmt(
                "ReadInternalRepositories",
                "Allow",
                READ,
                [repo_arn("npm-internal"), repo_arn("pypi-internal")],
            ),
            stmt(
                "PublishInternalPackages",
                "Allow",
                PUBLISH,
                [packages_arn("npm-internal"), packages_arn("pypi-internal")],
            ),
        ),
        description="GitHub Actions publishes npm and Python packages from main",
    )
    acct.group("release-managers", attached=[CA_ADMIN])
    acct.user(
        "yuki.tanaka",
        path="/engineering/",
        groups=["release-managers"],
        tags=iam_tags(team="release", cost_center="cc-1300"),
    )

    acct.organization_access_role()
    provider = f"arn:aws:iam::{RELEASE}:oidc-provider/{GITHUB_OIDC}"
    acct.role(
        "github-actions-publisher",
        trust(
            "GitHubActionsMainBranch",
            {"Federated": provider},
            {
                "StringEquals": {f"{GITHUB_OIDC}:aud": "sts.amazonaws.com"},
                "StringLike": {f"{GITHUB_OIDC}:sub": "repo:acme/*:ref:refs/heads/main"},
            },
        ),
        path="/ci/",
        description="Assumed by GitHub Actions workflows on main of the acme organisation",
        attached=[publishing],
        tags=iam_tags(team="release"),
    )
    acct.role(
        "maven-release-publisher",
        trust("TrustProdReleaseOperator", aws(iam_arn(PROD, "role", "release-operator"))),
        path="/release/",
        description="The only principal maven-releases accepts publications from",
        policies={
            "PublishMavenReleases": doc(
                *token_step(),
                stmt("ReadMavenReleases", "Allow", READ, repo_arn("maven-releases")),
                stmt("PublishMavenReleases", "Allow", PUBLISH, packages_arn("maven-releases")),
            )
        },
        tags=iam_tags(team="release"),
    )
    return acct


def partner() -> Account:
    acct = Account(PARTNER, "globex")
    access = acct.managed_policy(
        "GlobexAcmeArtifactAccess",
        doc(
            *token_step(),
            stmt("ReadAcmeRepositories", "Allow", READ, repo_arn("*")),
            stmt("PublishToAcmeNpm", "Allow", PUBLISH, packages_arn("npm-internal")),
            stmt(
                "AssumeAcmeReaderRole",
                "Allow",
                "sts:AssumeRole",
                iam_arn(SHARED, "role", "globex-reader", "/partner/"),
            ),
        ),
        description="What Globex engineers and builds may do at Acme",
    )
    acct.group("globex-developers", attached=[access])
    acct.user("jordan.blake", groups=["globex-developers"], tags=iam_tags(team="sdk"))
    acct.user("sam.porter", groups=["globex-developers"], tags=iam_tags(team="sdk"))
    acct.role(
        "globex-build",
        service_trust("codebuild.amazonaws.com"),
        description="Globex CodeBuild project that builds Acme plugins",
        attached=[access],
        tags=iam_tags(team="sdk"),
    )
    return acct


# --- Organizations ---------------------------------------------------------------------------

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


def build() -> JSON:
    accounts = [management(), shared_services(), dev(), prod(), release_tools(), partner()]
    return {
        "format": "cax-snapshot",
        "version": 1,
        "generated_at": GENERATED_AT,
        "accounts": [a.to_json() for a in accounts],
        "organization": organization(),
    }


def render(document: JSON) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- sanity checks ---------------------------------------------------------------------------


def problems(document: JSON) -> list[str]:
    """Cheap structural checks; the real validation is graph.load_snapshot."""
    found: list[str] = []
    seen: set[str] = set()

    def unique(arn: str) -> None:
        if arn in seen:
            found.append(f"duplicate ARN {arn}")
        seen.add(arn)

    for account in document["accounts"]:
        details = account["authorization_details"]
        groups = {g["GroupName"] for g in details["GroupDetailList"]}
        policy_arns = {p["Arn"] for p in details["Policies"]}
        for policy in details["Policies"]:
            defaults = [v for v in policy["PolicyVersionList"] if v["IsDefaultVersion"]]
            if len(defaults) != 1:
                found.append(f"{policy['Arn']}: {len(defaults)} default versions")
        entities = (
            details["UserDetailList"] + details["GroupDetailList"] + details["RoleDetailList"]
        )
        for entity in entities:
            unique(entity["Arn"])
            if not entity["Arn"].startswith(f"arn:aws:iam::{account['id']}:"):
                found.append(f"{entity['Arn']} is not in account {account['id']}")
            for attached in entity["AttachedManagedPolicies"]:
                if attached["PolicyArn"] not in policy_arns:
                    found.append(f"{entity['Arn']}: {attached['PolicyArn']} not in Policies")
            boundary = entity.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn")
            if boundary and boundary not in policy_arns:
                found.append(f"{entity['Arn']}: boundary {boundary} not in Policies")
        for user in details["UserDetailList"]:
            for group in user["GroupList"]:
                if group not in groups:
                    found.append(f"{user['Arn']}: group {group} not in account {account['id']}")
        for region in account["codeartifact"].values():
            names = {r["name"] for r in region["repositories"]}
            for item in region["domains"] + region["repositories"]:
                unique(item["arn"])
            for repo in region["repositories"]:
                found += [
                    f"{repo['arn']}: upstream {u} missing"
                    for u in repo["upstreams"]
                    if u not in names
                ]

    org = document["organization"]
    parents = {ROOT_ID} | {ou["id"] for ou in org["organizational_units"]}
    in_org = {a["id"]: a["parent_id"] for a in org["accounts"]}
    for account_id, parent in in_org.items():
        if parent not in parents:
            found.append(f"account {account_id}: unknown parent {parent}")
    for account in document["accounts"]:
        if account["id"] != PARTNER and account["id"] not in in_org:
            found.append(f"account {account['id']} has no parent in the organisation")
    for policy in org["policies"]:
        for target in policy["targets"]:
            if target not in parents and target not in in_org:
                found.append(f"{policy['name']}: unknown target {target}")
    # Every level on every path must carry an allow, or everything is denied there.
    for kind, allow in [
        ("SERVICE_CONTROL_POLICY", None),
        ("RESOURCE_CONTROL_POLICY", "p-RCPFullAWSAccess"),
    ]:
        for account_id in in_org:
            for level in path_to_root(org, account_id):
                attached = [
                    p for p in org["policies"] if p["type"] == kind and level in p["targets"]
                ]
                if not any(stmt_allows(p) for p in attached):
                    found.append(f"{kind}: no allow at {level} (path of {account_id})")
                if allow and not any(p["id"] == allow for p in attached):
                    found.append(f"{kind}: {allow} missing at {level}")
    return found


def path_to_root(org: JSON, account_id: str) -> list[str]:
    parent_of = {ou["id"]: ou["parent_id"] for ou in org["organizational_units"]}
    parent_of.update({a["id"]: a["parent_id"] for a in org["accounts"]})
    levels = [account_id]
    while levels[-1] != ROOT_ID:
        levels.append(parent_of[levels[-1]])
    return levels


def stmt_allows(policy: JSON) -> bool:
    return any(s["Effect"] == "Allow" for s in policy["content"]["Statement"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="check the demo and that the file is up to date"
    )
    args = parser.parse_args(argv)
    document = build()
    text = render(document)
    if not args.check:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUTPUT}")
        return 0
    found = problems(json.loads(text))
    if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != text:
        found.append(f"{OUTPUT} is stale: run scripts/build_demo.py")
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
