"""Policy documents of the diverse profile: identity statements, trust and resource policies."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Final

from graph.synthetic.common import BEARER, ORG_ID, OTHER_SERVICES, REGION, doc

TEAMS: Final = ("web", "data", "ml", "payments", "platform", "mobile", "search", "infra", "sec")
PARTNER: Final = "999988887777"
"""An account outside the organisation that some trust and repository policies name."""
MFA: Final = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
ASSUME: Final = "sts:AssumeRole"
PUBLISH: Final = ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"]
READ: Final = ["codeartifact:GetRepositoryEndpoint", "codeartifact:ReadFromRepository"]
KIND_SHARES: Final = (
    ("assume", 0.16),
    ("read", 0.10),
    ("publish", 0.04),
    ("caadmin", 0.01),
    ("admin", 0.01),
    ("office", 0.02),
)
"""What a policy of the pool is about (the rest: other services)."""
BOUNDARIES: Final[dict[str, list[dict[str, Any]]]] = {
    "boundary-developer": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "iam:*", "Resource": "*"},
    ],
    "boundary-ci": [
        {"Effect": "Allow", "Action": ["codeartifact:*", "sts:*", "s3:*"], "Resource": "*"}
    ],
    "boundary-readonly": [
        {
            "Effect": "Allow",
            "Action": ["codeartifact:Get*", "codeartifact:Read*", "codeartifact:List*", "sts:*"],
            "Resource": "*",
        }
    ],
}


def allow(action: object, resource: object, **extra: Any) -> dict[str, Any]:
    """An Allow statement."""
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def trusts(principal: dict[str, Any], action: object = ASSUME, **extra: Any) -> dict[str, Any]:
    """A trust policy of one statement."""
    return doc({"Effect": "Allow", "Principal": principal, "Action": action, **extra})


@dataclass
class Documents:
    """Writes documents for one organisation: names the roles and repositories it holds."""

    rng: random.Random
    shared: str
    accounts: list[str]
    domains: list[str]
    repositories: list[tuple[str, str]]
    role_names: dict[str, list[str]]

    def arn(self, kind: str, rest: str) -> str:
        """A CodeArtifact ARN in the shared account."""
        return f"arn:aws:codeartifact:{REGION}:{self.shared}:{kind}/{rest}"

    def kind(self) -> str:
        """A policy kind, drawn by `KIND_SHARES`."""
        roll = self.rng.random()
        for kind, share in KIND_SHARES:
            if roll < share:
                return kind
            roll -= share
        return "noise"

    def identity(self, account: str) -> dict[str, Any]:
        """An identity policy of a random kind."""
        kind = self.kind()
        return doc(*getattr(self, f"_{kind}")(account))

    def _assume(self, account: str) -> list[dict[str, Any]]:
        rng, form = self.rng, self.rng.randrange(3)
        if form == 0:
            names = self.role_names[account]
            chosen = [
                f"arn:aws:iam::{rng.choice(self.accounts)}:role/{rng.choice(names)}"
                for _ in range(rng.randint(1, 3))
            ]
            return [allow(ASSUME, chosen)]
        if form == 1:
            return [allow(ASSUME, f"arn:aws:iam::{account}:role/{rng.choice(TEAMS)}-*")]
        return [allow(ASSUME, "arn:aws:iam::*:role/*", Sid="AnyRoleWithMfa", Condition=MFA)]

    def _read(self, _account: str) -> list[dict[str, Any]]:
        rng = self.rng
        domain = rng.choice(self.domains)
        repository = self.arn("repository", f"{domain}/*")
        if rng.random() < 0.4:
            names = [r for d, r in self.repositories if d == domain] or ["*"]
            repository = self.arn("repository", f"{domain}/{rng.choice(names)}")
        actions = rng.choice((READ, ["codeartifact:Get*", "codeartifact:Read*"]))
        read = allow(actions, repository, **({"Condition": MFA} if rng.random() < 0.2 else {}))
        token = allow(
            "codeartifact:GetAuthorizationToken", self.arn("domain", rng.choice((domain, "*")))
        )
        return [token, BEARER, read]

    def _publish(self, _account: str) -> list[dict[str, Any]]:
        domain, repository = self.rng.choice(self.repositories)
        scope = self.rng.choice(("*", f"npm/{self.rng.choice(TEAMS)}/*"))
        return [
            allow("codeartifact:GetAuthorizationToken", "*"),
            BEARER,
            allow(READ, self.arn("repository", f"{domain}/{repository}")),
            allow(PUBLISH, self.arn("package", f"{domain}/{repository}/{scope}")),
        ]

    def _caadmin(self, _account: str) -> list[dict[str, Any]]:
        return [allow("codeartifact:*", "*"), BEARER]

    def _admin(self, _account: str) -> list[dict[str, Any]]:
        return [allow("*", "*")]

    def _office(self, _account: str) -> list[dict[str, Any]]:
        ips = {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}
        return [
            {
                "Sid": "OfficeOnly",
                "Effect": "Deny",
                "Action": "*",
                "Resource": "*",
                "Condition": {"NotIpAddress": ips, "Bool": {"aws:ViaAWSService": "false"}},
            }
        ]

    def _noise(self, account: str) -> list[dict[str, Any]]:
        service = self.rng.choice(OTHER_SERVICES)
        found = [allow([f"{service}:Get*", f"{service}:List*", f"{service}:Describe*"], "*")]
        if self.rng.random() < 0.5:
            resource = f"arn:aws:{service}:*:{account}:{self.rng.choice(TEAMS)}-*"
            region = {"StringEquals": {"aws:RequestedRegion": REGION}}
            found.append(allow(f"{service}:Put*", resource, Condition=region))
        return found

    def domain_policy(self, index: int) -> dict[str, Any] | None:
        """Two domains in three let the organisation read; the others have no policy."""
        if index % 3 == 0:
            return None
        actions = ["codeartifact:GetAuthorizationToken", *READ]
        org = {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}}
        return doc({"Sid": "OrgReads", "Principal": "*", **allow(actions, "*", Condition=org)})

    def repository_policy(self, domain: str, name: str, index: int) -> dict[str, Any] | None:
        """An account that publishes, publishing kept to deploy roles, or a partner that reads
        and a team's package scope; half the repositories have none."""
        pick, team = index % 6, name.split("-")[0]
        if pick == 1:
            root = {"AWS": f"arn:aws:iam::{self.rng.choice(self.accounts)}:root"}
            actions = ["codeartifact:GetRepositoryEndpoint", *PUBLISH]
            return doc({"Sid": "AccountPublishes", "Principal": root, **allow(actions, "*")})
        if pick == 2:
            deploy = {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*-deploy-*"}}
            deny = {"Sid": "OnlyDeployRoles", "Effect": "Deny", "Principal": "*"}
            return doc({**deny, "Action": PUBLISH, "Resource": "*", "Condition": deploy})
        if pick == 3:
            partner = {"AWS": f"arn:aws:iam::{PARTNER}:root"}
            own = {"AWS": f"arn:aws:iam::{self.shared}:root"}
            scope = self.arn("package", f"{domain}/{name}/npm/{team}/*")
            tag = {"StringEquals": {"aws:PrincipalTag/team": team}}
            return doc(
                {"Sid": "PartnerReads", "Principal": partner, **allow(READ, "*")},
                {"Sid": "TeamScope", "Principal": own, **allow(PUBLISH, scope, Condition=tag)},
            )
        return None

    def trust(
        self, account: str, r: int, name: str, earlier: list[str], ci_users: list[str]
    ) -> tuple[dict[str, Any], str, str]:
        """(trust policy, path, name): a fifth trust the account root (some with MFA or a
        team tag); others trust earlier roles, CI users, GitHub, SSO, another account, the
        partner (with an ExternalId) or a service."""
        rng, roll = self.rng, self.rng.random()
        root = {"AWS": f"arn:aws:iam::{account}:root"}
        if r % 97 == 5 or 0.12 <= roll < 0.16:
            return trusts(root, Condition=MFA), "/", name
        if roll < 0.12:
            return trusts(root), "/", name
        if roll < 0.20:
            tag = {"StringEquals": {"aws:PrincipalTag/team": name.split("-")[0]}}
            return trusts(root, Condition=tag), "/", name
        if roll < 0.28 and earlier:
            picked = {rng.choice(earlier) for _ in range(rng.randint(1, 2))}
            roles = sorted(f"arn:aws:iam::{account}:role/{n}" for n in picked)
            return trusts({"AWS": roles}), "/", name
        if roll < 0.35:
            return trusts({"AWS": sorted({rng.choice(ci_users) for _ in range(3)})}), "/", name
        if roll < 0.43:
            provider = f"arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com"
            sub = {"StringLike": {"token.actions.githubusercontent.com:sub": f"repo:acme/{name}:*"}}
            web = "sts:AssumeRoleWithWebIdentity"
            return trusts({"Federated": provider}, web, Condition=sub), "/", name
        if roll < 0.48:
            provider = f"arn:aws:iam::{account}:saml-provider/AWSSSO_{account}_DO_NOT_DELETE"
            aud = {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}
            actions = ["sts:AssumeRoleWithSAML", "sts:TagSession"]
            sso = f"AWSReservedSSO_{name.replace('-', '')}_{r:08x}"
            path = "/aws-reserved/sso.amazonaws.com/"
            return trusts({"Federated": provider}, actions, Condition=aud), path, sso
        if roll < 0.53 and len(self.accounts) > 1:
            other = rng.choice([a for a in self.accounts if a != account])
            return trusts({"AWS": f"arn:aws:iam::{other}:root"}), "/", name
        if roll < 0.55:
            external = {"StringEquals": {"sts:ExternalId": f"partner-{r}"}}
            return trusts({"AWS": f"arn:aws:iam::{PARTNER}:root"}, Condition=external), "/", name
        if roll < 0.56:
            linked = f"AWSServiceRoleForECS{r}"
            return trusts({"Service": "ecs.amazonaws.com"}), "/aws-service-role/ecs/", linked
        service = rng.choice(("ec2", "lambda", "ecs-tasks", "codebuild", "glue", "states"))
        return trusts({"Service": f"{service}.amazonaws.com"}), "/", name
