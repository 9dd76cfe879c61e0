"""The *stamped* profile: roles stamped out from templates.

Shaped like the estates the spec describes (notes/ecosystem §6.2): CodeArtifact centralised in a
shared-services account; IAM roles stamped out from a few dozen templates per account (as
Terraform modules do), each often with a small inline policy of its own; groups bundling managed
policies; SCPs per OU; domain policies granting the organisation, repository policies granting
other accounts. The same arguments always give the same snapshot. The documents themselves come
from `stamped_documents`.
"""

from __future__ import annotations

import random

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
from graph.synthetic import stamped_documents
from graph.synthetic.common import FORMATS, ORG_ID, PUBLIC, REGION, Size, account_id


class _Builder:
    def __init__(self, size: Size, seed: int) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.ids = [account_id(i) for i in range(size.accounts)]
        self.shared = self.ids[0]
        self.domains = [f"d{i:02d}" for i in range(size.domains)]
        self.repos: list[tuple[str, str, str]] = []  # (domain, repo, format)

    def codeartifact(self) -> tuple[list[Domain], list[Repository]]:
        per_domain = max(1, self.size.repositories // max(1, self.size.domains))
        domains, repos = [], []
        for d_index, domain in enumerate(self.domains):
            arn = f"arn:aws:codeartifact:{REGION}:{self.shared}:domain/{domain}"
            domains.append(
                Domain(
                    domain,
                    self.shared,
                    REGION,
                    arn,
                    Policy(f"domain {domain}", stamped_documents.domain_policy(), arn),
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
                        stamped_documents.repository_policy(publisher),
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
        """The account's policy pool, documents from `stamped_documents.managed`."""
        found = []
        for i in range(count):
            document = stamped_documents.managed(i, account, self.shared, self.domains)
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
                inline = (Policy("self-service", stamped_documents.self_service(account)),)
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
                inline = (Policy("bucket", stamped_documents.bucket(account, r)),)
            if r % 25 == 0:
                others = [x for x in names[-50:]]
                if others:
                    inline = (*inline, Policy("hop", stamped_documents.hop(account, others[0])))
            trust = Policy(
                f"trust policy of role/{name}", stamped_documents.trust(account, r, self.ids, names)
            )
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
        full = stamped_documents.full_access()
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
                stamped_documents.no_deletes(),
                ("ou-synth-workloads",),
            ),
            OrgPolicy(
                "p-regions",
                "Regions",
                "SERVICE_CONTROL_POLICY",
                stamped_documents.regions(),
                ("r-synth",),
            ),
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
