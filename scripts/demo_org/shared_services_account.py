"""The shared-services account (111111111111): the acme domain and its repositories."""

from __future__ import annotations

from .account import Account, iam_tags
from .codeartifact import domain, repository
from .constants import (
    DEV,
    DOMAIN,
    GLOBEX_EXTERNAL_ID,
    JSON,
    MGMT,
    ORG_ID,
    PARTNER,
    PUBLISH,
    READ,
    REGION,
    RELEASE,
    SHARED,
    account_root,
    iam_arn,
    packages_arn,
    repo_arn,
)
from .statements import ADMIN, CA_ADMIN, CA_READ, aws, bearer_token, doc, stmt, token_step, trust


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
