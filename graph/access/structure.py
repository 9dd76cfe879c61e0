"""The access graph's skeleton: accounts, principals, groups, domains, repositories,
connections, group membership and upstreams (no policy is evaluated here)."""

from __future__ import annotations

import networkx as nx

from graph.access.evaluator import Verdict
from graph.model import Repository, Unknown
from graph.snapshot import Snapshot


def _account_node(account_id: str) -> str:
    return f"account:{account_id}"


def add_structure(g: nx.MultiDiGraph, snapshot: Snapshot) -> None:
    """Accounts, principals, groups, domains, repositories, connections; membership, upstreams."""
    org = snapshot.org
    org_accounts = {n.id: n.name for n in org.nodes if n.kind == "account"} if org else {}
    for account in snapshot.accounts:
        g.add_node(
            _account_node(account.id),
            kind="account",
            label=account.label,
            account=account.id,
            name=account.name,
            in_organization=account.id in org_accounts,
        )
    for account_id, name in org_accounts.items():
        if not g.has_node(_account_node(account_id)):
            g.add_node(
                _account_node(account_id),
                kind="account",
                label=f"{name} ({account_id})",
                account=account_id,
                name=name,
                in_organization=True,
                collected=False,
            )
    for user in snapshot.users():
        g.add_node(
            user.arn,
            kind="user",
            label=user.label,
            arn=user.arn,
            account=user.account_id,
            name=user.name,
            tags=dict(user.tags),
        )
    for group in snapshot.groups():
        g.add_node(
            group.arn,
            kind="group",
            label=group.label,
            arn=group.arn,
            account=group.account_id,
            name=group.name,
        )
    for role in snapshot.roles():
        g.add_node(
            role.arn,
            kind="role",
            label=role.label,
            arn=role.arn,
            account=role.account_id,
            name=role.name,
            tags=dict(role.tags),
        )
    for user in snapshot.users():
        for name in user.group_names:
            member_of = snapshot.group(user.account_id, name)
            if member_of is not None:
                g.add_edge(
                    user.arn,
                    member_of.arn,
                    key="member_of",
                    kind="member_of",
                    verdict=Verdict.ALLOWED.value,
                    evidence=f"GroupList of user/{user.name}",
                )
    for domain in snapshot.domains():
        g.add_node(
            domain.arn,
            kind="domain",
            label=domain.name,
            arn=domain.arn,
            account=domain.owner,
            region=domain.region,
            name=domain.name,
            policy=_policy_state(domain.policy),
        )
    for repo in snapshot.repositories():
        g.add_node(
            repo.arn,
            kind="repository",
            label=f"{repo.domain}/{repo.name}",
            arn=repo.arn,
            account=repo.account_id,
            region=repo.region,
            name=repo.name,
            domain=repo.domain_arn,
            policy=_policy_state(repo.policy),
        )
    for repo in snapshot.repositories():
        _add_upstreams(g, snapshot, repo)


def _policy_state(policy: object) -> str:
    if policy is None:
        return "none"
    return "unknown" if isinstance(policy, Unknown) else "present"


def _add_upstreams(g: nx.MultiDiGraph, snapshot: Snapshot, repo: Repository) -> None:
    if not isinstance(repo.upstreams, Unknown):
        for order, name in enumerate(repo.upstreams):
            prefix = repo.arn.rsplit("/", 1)[0]
            upstream = f"{prefix}/{name}"
            if not g.has_node(upstream):
                g.add_node(
                    upstream,
                    kind="repository",
                    label=f"{repo.domain}/{name}",
                    arn=upstream,
                    account=repo.account_id,
                    region=repo.region,
                    name=name,
                    domain=repo.domain_arn,
                    policy="unknown",
                    collected=False,
                )
            g.add_edge(
                repo.arn,
                upstream,
                key="upstream",
                kind="upstream",
                order=order,
                verdict=Verdict.ALLOWED.value,
            )
    if not isinstance(repo.external_connections, Unknown):
        for connection in repo.external_connections:
            node = f"external:{connection.name}"
            if not g.has_node(node):
                g.add_node(
                    node,
                    kind="external_connection",
                    label=connection.name,
                    name=connection.name,
                    package_format=connection.package_format,
                )
            g.add_edge(
                repo.arn,
                node,
                key="external_connection",
                kind="external_connection",
                verdict=Verdict.ALLOWED.value,
                status=connection.status,
            )
