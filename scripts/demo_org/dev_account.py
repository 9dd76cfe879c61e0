"""The dev account (123456789012): developers, contractors, analysts and a sandbox domain."""

from __future__ import annotations

from .account import Account, iam_tags
from .codeartifact import domain, repository
from .constants import DEV, PROD, PUBLISH, READ, SHARED, iam_arn, packages_arn, repo_arn
from .statements import CA_READ, bearer_token, doc, service_trust, stmt, token_step


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
