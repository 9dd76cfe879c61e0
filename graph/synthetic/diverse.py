"""The *diverse* profile: accounts shaped like real `get-account-authorization-details` output.

What real accounts have and stamped ones lack (issue #10): every user, group and role has its
own mix of 1-6 managed and inline policies drawn from a pool, so few principals share a policy
set; about a fifth of the roles trust the account root (some only with MFA or a team tag);
roles trust other roles, CI users, GitHub OIDC and SSO; a sixth of the policies grant
`sts:AssumeRole` on named roles, `role/TEAM-*` or `role/*` with MFA; a few admin roles;
CodeArtifact grants with wildcards, exact ARNs, package scopes and MFA; `Deny *` unless the
source IP is the office's; three permission boundaries; SCPs; domain and repository policies.
The documents themselves come from `documents.Documents`.
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
    PolicyType,
    Repository,
    Role,
    User,
)
from graph.snapshot import Snapshot
from graph.synthetic.common import FORMATS, ORG_ID, PUBLIC, REGION, Size, account_id, doc
from graph.synthetic.diverse_documents import BOUNDARIES, TEAMS, Documents, allow

PURPOSES = ("deploy", "app", "etl", "ci", "readonly", "ops", "batch", "api", "worker", "build")


class _Diverse:
    def __init__(self, size: Size, seed: int) -> None:
        self.size = size
        self.rng = random.Random(seed)
        ids = [account_id(i) for i in range(size.accounts)]
        domains = [f"dom{i:02d}" for i in range(max(1, size.domains))]
        self.docs = Documents(self.rng, ids[0], ids, domains, [], {a: [] for a in ids})
        self.management = account_id(size.accounts)

    def codeartifact(self) -> tuple[list[Domain], list[Repository]]:
        """Domains and repositories in the shared account: a store per format with its public
        connection, team repositories with the store as upstream."""
        docs, found_domains, found = self.docs, [], []
        per = max(1, self.size.repositories // len(docs.domains))
        for d_index, name in enumerate(docs.domains):
            document = docs.domain_policy(d_index)
            policy = Policy(f"domain {name}", document) if document else None
            arn = docs.arn("domain", name)
            found_domains.append(Domain(name, docs.shared, REGION, arn, policy))
            stores: dict[str, str] = {}
            for r in range(per + (d_index < self.size.repositories % len(docs.domains))):
                fmt = FORMATS[r % len(FORMATS)]
                upstreams: tuple[str, ...] = ()
                connections: tuple[ExternalConnection, ...] = ()
                if fmt not in stores:
                    repo = stores[fmt] = f"{fmt}-store"
                    connections = (ExternalConnection(PUBLIC[fmt], fmt, "Available"),)
                else:
                    repo = f"{self.rng.choice(TEAMS)}-{fmt}-{r:03d}"
                    upstreams = (stores[fmt],)
                repo_arn = docs.arn("repository", f"{name}/{repo}")
                document = docs.repository_policy(name, repo, r)
                policy = (
                    Policy(f"repository {name}/{repo}", document, repo_arn) if document else None
                )
                tags = {"team": repo.split("-")[0]} if r % 2 else {}
                found.append(
                    Repository(
                        repo,
                        name,
                        docs.shared,
                        REGION,
                        repo_arn,
                        docs.shared,
                        "",
                        policy,
                        upstreams,
                        connections,
                        tags,
                    )
                )
                docs.repositories.append((name, repo))
        return found_domains, found

    def _mix(
        self, pool: list[str], account: str, low: int = 1
    ) -> tuple[tuple[str, ...], tuple[Policy, ...]]:
        """1-6 policies (`low`-6 for users in groups): managed from the pool, some inline."""
        total = self.rng.randint(low, 6)
        inline = self.rng.choice((0, 0, 1, 1, 2)) if total > 1 else 0
        attached = tuple(self.rng.sample(pool, k=min(len(pool), total - inline)))
        docs = self.docs
        return attached, tuple(Policy(f"inline-{i}", docs.identity(account)) for i in range(inline))

    def account(self, index: int, domains: list[Domain], repos: list[Repository]) -> Account:
        """One account's IAM: a policy pool, boundaries, groups, users (some CI) and roles."""
        size, rng, docs = self.size, self.rng, self.docs
        account, n = docs.accounts[index], size.accounts
        names = docs.role_names[account]
        for r in range(size.roles // n + (index < size.roles % n)):
            names.append(f"{TEAMS[r % len(TEAMS)]}-{PURPOSES[(r // 10) % len(PURPOSES)]}-{r:05d}")
        count = max(10, size.policies // n)
        iam = f"arn:aws:iam::{account}"
        policies = [
            ManagedPolicy(
                f"{iam}:policy/pol-{i:04d}",
                f"pol-{i:04d}",
                "/",
                f"ANPA{index:04d}{i:012d}",
                "v3",
                docs.identity(account),
            )
            for i in range(count)
        ]
        pool = [p.arn for p in policies]
        extra: dict[str, list[dict[str, Any]]] = {**BOUNDARIES, "admin-access": [allow("*", "*")]}
        for name, statements in extra.items():
            policies.append(
                ManagedPolicy(f"{iam}:policy/{name}", name, "/", "", "v1", doc(*statements))
            )
        bounds, admin = [p.arn for p in policies[count : count + 3]], policies[-1].arn

        def boundary() -> str | None:
            return rng.choice(bounds) if rng.random() < 0.2 else None

        groups = []
        for g in range(max(1, size.groups // n)):
            attached, inline = self._mix(pool, account)
            name = f"{TEAMS[g % len(TEAMS)]}-group-{g:03d}"
            arn = f"{iam}:group/{name}"
            groups.append(Group(arn, name, account, "/", f"AGPA{g:016d}", inline, attached[:4]))
        users = []
        for u in range(size.users // n + (index < size.users % n)):
            team = TEAMS[u % len(TEAMS)]
            name = f"ci-{team}-{u:04d}" if u % 20 == 0 else f"dev{u:04d}.{team}"
            member = tuple(
                g.name for g in rng.sample(groups, k=min(len(groups), rng.randint(0, 3)))
            )
            attached, inline = self._mix(pool, account, 0 if member else 1)
            users.append(
                User(
                    f"{iam}:user/{name}",
                    name,
                    account,
                    "/",
                    f"AIDA{index:04d}{u:012d}",
                    inline,
                    attached,
                    member,
                    boundary(),
                    {"team": team},
                )
            )
        ci_users = [u.arn for u in users if u.name.startswith("ci-")] or [u.arn for u in users[:1]]
        roles = []
        for r, name in enumerate(names):
            attached, inline = self._mix(pool, account)
            if r % 97 == 5:  # an admin role, reachable with MFA from the whole account
                attached, inline = (admin,), ()
            trust, path, name = docs.trust(account, r, name, names[:r], ci_users)
            roles.append(
                Role(
                    f"{iam}:role{path}{name}",
                    name,
                    account,
                    Policy(f"trust policy of role/{name}", trust),
                    path,
                    f"AROA{index:04d}{r:012d}",
                    inline,
                    attached,
                    boundary() if path == "/" else None,
                    {"team": name.split("-")[0]},
                )
            )
        here = account == docs.shared
        return Account(
            account,
            f"diverse-{index}",
            tuple(users),
            tuple(groups),
            tuple(roles),
            tuple(policies),
            tuple(domains) if here else (),
            tuple(repos) if here else (),
        )

    def organization(self) -> Organization:
        """Every account in the organisation (the management account holds no IAM here); SCPs:
        full access, guardrails at the root, no deletes in workloads; RCPs: full access."""
        nodes = [
            OrgNode("r-dvrs", "Root", "root"),
            OrgNode("ou-dvrs-shared", "shared", "ou", "r-dvrs"),
            OrgNode("ou-dvrs-workloads", "workloads", "ou", "r-dvrs"),
            OrgNode(self.management, "management", "account", "r-dvrs"),
        ]
        for i, account in enumerate(self.docs.accounts):
            parent = "ou-dvrs-shared" if i == 0 else "ou-dvrs-workloads"
            nodes.append(OrgNode(account, f"diverse-{i}", "account", parent))
        everything = tuple(n.id for n in nodes)
        full = doc(allow("*", "*"))
        regions = {"StringNotEquals": {"aws:RequestedRegion": [REGION, "eu-west-1"]}}
        guard = doc(
            {
                "Sid": "NoLeaving",
                "Effect": "Deny",
                "Action": "organizations:LeaveOrganization",
                "Resource": "*",
            },
            {
                "Sid": "Regions",
                "Effect": "Deny",
                "NotAction": ["iam:*", "sts:*", "organizations:*"],
                "Resource": "*",
                "Condition": regions,
            },
        )
        ops = {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*-ops-*"}}
        no_deletes = doc(
            {
                "Sid": "NoDeletes",
                "Effect": "Deny",
                "Action": "codeartifact:Delete*",
                "Resource": "*",
                "Condition": ops,
            }
        )
        scp: PolicyType = "SERVICE_CONTROL_POLICY"
        rcp: PolicyType = "RESOURCE_CONTROL_POLICY"
        policies = (
            OrgPolicy("p-FullAWSAccess", "FullAWSAccess", scp, full, everything, True),
            OrgPolicy("p-guard", "Guardrails", scp, guard, ("r-dvrs",)),
            OrgPolicy("p-nodeletes", "NoDeletes", scp, no_deletes, ("ou-dvrs-workloads",)),
            OrgPolicy("p-RCPFullAWSAccess", "RCPFullAWSAccess", rcp, full, everything, True),
        )
        return Organization(ORG_ID, self.management, tuple(nodes), policies, frozenset({scp, rcp}))


def diverse(size: Size, seed: int) -> Snapshot:
    """A diverse organisation of the given size; the same arguments give the same snapshot."""
    builder = _Diverse(size, seed)
    domains, repos = builder.codeartifact()
    accounts = tuple(builder.account(i, domains, repos) for i in range(size.accounts))
    return Snapshot(accounts, builder.organization(), sources=(f"synthetic(diverse, seed={seed})",))
