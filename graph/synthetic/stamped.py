"""The *stamped* profile: roles stamped out from templates.

Shaped like the estates the spec describes (notes/ecosystem §6.2): CodeArtifact centralised in a
shared-services account; IAM roles stamped out from a few dozen templates per account (as
Terraform modules do), each often with a small inline policy of its own; groups bundling managed
policies; SCPs per OU; domain policies granting the organisation, repository policies granting
other accounts. The same arguments always give the same snapshot.
"""

from __future__ import annotations

import random
from typing import Any

from graph.model import (
    Account,
    Domain,
    ExternalConnection,
    Group,
    ManagedPolicy,
    Organization,
    OrgNode,
    OrgPolicy,
    Policy,
    Repository,
    Role,
    User,
)
from graph.snapshot import Snapshot
from graph.synthetic.common import (
    BEARER,
    FORMATS,
    ORG_ID,
    OTHER_SERVICES,
    PUBLIC,
    REGION,
    Size,
    account_id,
    doc,
)


class _Builder:
    def __init__(self, size: Size, seed: int) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.ids = [account_id(i) for i in range(size.accounts)]
        self.shared = self.ids[0]
        self.domains = [f"d{i:02d}" for i in range(size.domains)]
        self.repos: list[tuple[str, str, str]] = []  # (domain, repo, format)
        self.repo_prefix = f"arn:aws:codeartifact:{REGION}:{self.shared}:repository"

    def codeartifact(self) -> tuple[list[Domain], list[Repository]]:
        per_domain = max(1, self.size.repositories // max(1, self.size.domains))
        domains, repos = [], []
        for d_index, domain in enumerate(self.domains):
            arn = f"arn:aws:codeartifact:{REGION}:{self.shared}:domain/{domain}"
            policy = doc(
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
            domains.append(
                Domain(
                    domain,
                    self.shared,
                    REGION,
                    arn,
                    Policy(f"domain {domain}", policy, arn),
                    {"team": "platform"},
                )
            )
            fmt_stores: dict[str, str] = {}
            count = per_domain + (
                1 if d_index < self.size.repositories % max(1, self.size.domains) else 0
            )
            for r_index in range(count):
                fmt = FORMATS[r_index % len(FORMATS)]
                if fmt not in fmt_stores:
                    name = f"{fmt}-store"
                    fmt_stores[fmt] = name
                    upstreams: tuple[str, ...] = ()
                    connections: tuple[ExternalConnection, ...] = (
                        ExternalConnection(PUBLIC[fmt], fmt, "Available"),
                    )
                else:
                    name = f"{fmt}-{r_index:03d}"
                    upstreams = (fmt_stores[fmt],)
                    connections = ()
                repo_arn = f"arn:aws:codeartifact:{REGION}:{self.shared}:repository/{domain}/{name}"
                repo_policy = None
                if r_index % 5 == 1:
                    publisher = self.rng.choice(self.ids[1:] or self.ids)
                    repo_policy = Policy(
                        f"repository {domain}/{name}",
                        doc(
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
                        ),
                        repo_arn,
                    )
                repos.append(
                    Repository(
                        name,
                        domain,
                        self.shared,
                        REGION,
                        repo_arn,
                        self.shared,
                        policy=repo_policy,
                        upstreams=upstreams,
                        external_connections=connections,
                    )
                )
                self.repos.append((domain, name, fmt))
        return domains, repos

    def managed(self, account: str, count: int) -> list[ManagedPolicy]:
        """CodeArtifact policies (read a domain, publish a format, admin) and unrelated ones.

        About one policy in seven concerns CodeArtifact, as in estates where package access is
        a few shared policies among many for compute, storage and data.
        """
        found = []
        for i in range(count):
            kind = i % 20
            if kind < 2:
                domain = self.domains[(i // 10 + kind) % len(self.domains)]
                document = doc(
                    {
                        "Sid": "Token",
                        "Effect": "Allow",
                        "Action": "codeartifact:GetAuthorizationToken",
                        "Resource": f"arn:aws:codeartifact:{REGION}:{self.shared}:domain/{domain}",
                    },
                    BEARER,
                    {
                        "Sid": "Read",
                        "Effect": "Allow",
                        "Action": [
                            "codeartifact:GetRepositoryEndpoint",
                            "codeartifact:ReadFromRepository",
                        ],
                        "Resource": f"{self.repo_prefix}/{domain}/*",
                    },
                )
            elif kind == 3:
                fmt = FORMATS[(i // 10) % len(FORMATS)]
                document = doc(
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
                            f"arn:aws:codeartifact:{REGION}:{self.shared}:repository/*/{fmt}-*",
                            f"arn:aws:codeartifact:{REGION}:{self.shared}:package/*/{fmt}-*/*",
                        ],
                        "Condition": {"StringEquals": {"aws:PrincipalTag/team": f"team{i % 7}"}},
                    },
                )
            elif kind == 4 and i % 60 == 4:
                document = doc(
                    {
                        "Sid": "Admin",
                        "Effect": "Allow",
                        "Action": "codeartifact:*",
                        "Resource": "*",
                    },
                    BEARER,
                )
            else:
                service = OTHER_SERVICES[i % len(OTHER_SERVICES)]
                document = doc(
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
            name = f"p{i:04d}"
            found.append(
                ManagedPolicy(
                    f"arn:aws:iam::{account}:policy/{name}",
                    name,
                    "/",
                    f"ANPA{i:016d}",
                    "v1",
                    document,
                )
            )
        return found

    def trust(self, account: str, index: int, role_names: list[str]) -> dict[str, Any]:
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
            other = self.ids[(self.ids.index(account) + 1 + index) % len(self.ids)]
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

    def account(self, index: int, domains: list[Domain], repos: list[Repository]) -> Account:
        size, rng = self.size, self.rng
        account = self.ids[index]
        n = size.accounts
        policies = self.managed(account, size.policies // n + (index < size.policies % n))
        arns = [p.arn for p in policies]
        templates = [
            tuple(rng.sample(arns, k=min(len(arns), rng.randint(1, 4)))) for _ in range(40)
        ]
        groups = []
        for g in range(size.groups // n + (index < size.groups % n)):
            name = f"group{g:03d}"
            groups.append(
                Group(
                    f"arn:aws:iam::{account}:group/{name}",
                    name,
                    account,
                    "/",
                    f"AGPA{g:016d}",
                    (),
                    tuple(rng.sample(arns, k=min(len(arns), rng.randint(1, 3)))),
                )
            )
        users = []
        for u in range(size.users // n + (index < size.users % n)):
            name = f"user{u:04d}"
            member = tuple(
                rng.sample([g.name for g in groups], k=min(len(groups), rng.randint(1, 3)))
            )
            inline: tuple[Policy, ...] = ()
            if u % 4 == 0:
                inline = (
                    Policy(
                        "self-service",
                        doc(
                            {
                                "Effect": "Allow",
                                "Action": ["iam:ChangePassword", "iam:GetUser"],
                                "Resource": f"arn:aws:iam::{account}:user/${{aws:username}}",
                            }
                        ),
                    ),
                )
            users.append(
                User(
                    f"arn:aws:iam::{account}:user/{name}",
                    name,
                    account,
                    "/",
                    f"AIDA{u:016d}",
                    inline,
                    (),
                    member,
                    None,
                    {"team": f"team{u % 7}"},
                )
            )
        roles: list[Role] = []
        names: list[str] = []
        for r in range(size.roles // n + (index < size.roles % n)):
            name = f"role{r:05d}"
            template = templates[r % len(templates)]
            inline = ()
            if r % 3 == 0:
                bucket = f"synth-{account}-{r}"
                inline = (
                    Policy(
                        "bucket",
                        doc(
                            {
                                "Effect": "Allow",
                                "Action": "s3:*",
                                "Resource": f"arn:aws:s3:::{bucket}/*",
                            }
                        ),
                    ),
                )
            if r % 25 == 0:
                others = [x for x in names[-50:]]
                if others:
                    inline = (
                        *inline,
                        Policy(
                            "hop",
                            doc(
                                {
                                    "Effect": "Allow",
                                    "Action": "sts:AssumeRole",
                                    "Resource": f"arn:aws:iam::{account}:role/{others[0]}",
                                }
                            ),
                        ),
                    )
            trust = Policy(f"trust policy of role/{name}", self.trust(account, r, names))
            roles.append(
                Role(
                    f"arn:aws:iam::{account}:role/{name}",
                    name,
                    account,
                    trust,
                    "/",
                    f"AROA{r:016d}",
                    inline,
                    template,
                    None,
                    {"team": f"team{r % 7}"},
                )
            )
            names.append(name)
        return Account(
            account,
            f"synth-{index}",
            tuple(users),
            tuple(groups),
            tuple(roles),
            tuple(policies),
            tuple(domains) if account == self.shared else (),
            tuple(repos) if account == self.shared else (),
        )

    def organization(self) -> Organization:
        nodes = [
            OrgNode("r-synth", "Root", "root"),
            OrgNode("ou-synth-shared", "shared", "ou", "r-synth"),
            OrgNode("ou-synth-workloads", "workloads", "ou", "r-synth"),
        ]
        for i, account in enumerate(self.ids):
            nodes.append(
                OrgNode(
                    account,
                    f"synth-{i}",
                    "account",
                    "ou-synth-shared" if i == 0 else "ou-synth-workloads",
                )
            )
        everything = [n.id for n in nodes]
        full = doc({"Effect": "Allow", "Action": "*", "Resource": "*"})
        deny_delete = doc(
            {
                "Sid": "NoDeletes",
                "Effect": "Deny",
                "Action": "codeartifact:Delete*",
                "Resource": "*",
                "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/breakglass"}},
            }
        )
        region = doc(
            {
                "Sid": "Regions",
                "Effect": "Deny",
                "NotAction": ["iam:*", "sts:*", "organizations:*"],
                "Resource": "*",
                "Condition": {"StringNotEquals": {"aws:RequestedRegion": [REGION, "eu-west-1"]}},
            }
        )
        policies = (
            OrgPolicy(
                "p-FullAWSAccess",
                "FullAWSAccess",
                "SERVICE_CONTROL_POLICY",
                full,
                tuple(everything),
                True,
            ),
            OrgPolicy(
                "p-nodeletes",
                "NoDeletes",
                "SERVICE_CONTROL_POLICY",
                deny_delete,
                ("ou-synth-workloads",),
            ),
            OrgPolicy("p-regions", "Regions", "SERVICE_CONTROL_POLICY", region, ("r-synth",)),
            OrgPolicy(
                "p-RCPFullAWSAccess",
                "RCPFullAWSAccess",
                "RESOURCE_CONTROL_POLICY",
                full,
                tuple(everything),
                True,
            ),
        )
        return Organization(
            ORG_ID,
            self.ids[-1],
            tuple(nodes),
            policies,
            frozenset({"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"}),
        )


def stamped(size: Size, seed: int) -> Snapshot:
    """A stamped organisation of the given size; the same arguments give the same snapshot."""
    builder = _Builder(size, seed)
    domain_items, repo_items = builder.codeartifact()
    built = tuple(builder.account(i, domain_items, repo_items) for i in range(size.accounts))
    return Snapshot(built, builder.organization(), sources=(f"synthetic(seed={seed})",))
