"""The management, prod, release-tools and partner (Globex) accounts."""

from __future__ import annotations

from .account import Account, iam_tags
from .constants import (
    DEV,
    DOMAIN_ARN,
    GITHUB_OIDC,
    MGMT,
    PARTNER,
    PROD,
    PUBLISH,
    READ,
    RELEASE,
    SHARED,
    account_root,
    iam_arn,
    packages_arn,
    repo_arn,
)
from .statements import (
    ADMIN,
    CA_ADMIN,
    CA_READ,
    aws,
    bearer_token,
    doc,
    service_trust,
    stmt,
    token_step,
    trust,
)


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
