"""What-if: a snapshot with a fix applied, to check that the fix really opens the path."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Final

from graph.access.fixes import Fix
from graph.model import (
    Account,
    Domain,
    ManagedPolicy,
    OrgPolicy,
    Policy,
    Repository,
    Role,
    Unknown,
    User,
)
from graph.snapshot import Snapshot


def _with_statement(policy: Policy | Unknown | None, fix: Fix, name: str) -> Policy:
    if isinstance(policy, Policy):
        raw = policy.document.get("Statement", [])
        statements: list[Any] = list(raw) if isinstance(raw, list) else [raw]
        document = {**policy.document, "Statement": [*statements, *fix.statements]}
        return Policy(policy.name, document, policy.arn)
    return Policy(name, fix.document, fix.node)


def _account(account: Account, fix: Fix) -> Account:
    if fix.kind == "identity_policy":
        inline = Policy("cax-fix", fix.document)
        users = tuple(
            replace(u, inline_policies=(*u.inline_policies, inline)) if u.arn == fix.node else u
            for u in account.users
        )
        roles = tuple(
            replace(r, inline_policies=(*r.inline_policies, inline)) if r.arn == fix.node else r
            for r in account.roles
        )
        return replace(account, users=users, roles=roles)
    if fix.kind == "trust_policy":
        roles = tuple(
            replace(
                r, trust_policy=_with_statement(r.trust_policy, fix, f"trust policy of {r.name}")
            )
            if r.arn == fix.node
            else r
            for r in account.roles
        )
        return replace(account, roles=roles)
    if fix.kind in ("domain_policy", "repository_policy"):
        domains = tuple(_resource(d, fix) for d in account.domains)
        repositories = tuple(_resource(r, fix) for r in account.repositories)
        return replace(account, domains=domains, repositories=repositories)
    if fix.kind == "permission_boundary":
        holders: list[User | Role] = [*account.users, *account.roles]
        boundary = next((h.boundary_arn for h in holders if h.arn == fix.node), None)
        policies = tuple(_boundary(p, fix) if p.arn == boundary else p for p in account.policies)
        return replace(account, policies=policies)
    raise ValueError(f"a {fix.kind} fix is not a statement to add")


def _resource(item: Domain | Repository, fix: Fix) -> Any:
    if item.arn != fix.node:
        return item
    return replace(item, policy=_with_statement(item.policy, fix, f"policy of {item.arn}"))


def _boundary(managed: ManagedPolicy, fix: Fix) -> ManagedPolicy:
    policy = managed.as_policy()
    return replace(managed, document=dict(_with_statement(policy, fix, managed.name).document))


ADDABLE: Final = frozenset(
    {
        "identity_policy",
        "trust_policy",
        "domain_policy",
        "repository_policy",
        "permission_boundary",
        "scp",
    }
)
"""Fix kinds that add statements, which `apply_fix` can apply."""


def apply_fix(snapshot: Snapshot, fix: Fix) -> Snapshot:
    """The snapshot with the fix's statement added where the fix says.

    An SCP fix attaches a policy holding its statements to every level of the account's path
    (root, each OU, the account). Raises ValueError for fixes that are not an added statement
    (a deny to narrow, a condition, an unreadable policy).
    """
    if fix.kind == "scp":
        return _with_scp(snapshot, fix)
    accounts = tuple(_account(a, fix) for a in snapshot.accounts)
    return replace(snapshot, accounts=accounts)


def apply_fixes(snapshot: Snapshot, fixes: Iterable[Fix]) -> Snapshot:
    """The snapshot with every fix of a change set applied."""
    for fix in fixes:
        snapshot = apply_fix(snapshot, fix)
    return snapshot


def _with_scp(snapshot: Snapshot, fix: Fix) -> Snapshot:
    org = snapshot.org
    account_id = fix.node.removeprefix("account:")
    if org is None:
        raise ValueError("an SCP fix needs an organisation")
    targets = tuple(n.id for n in org.path_to(account_id))
    number = sum(1 for p in org.policies if p.name.startswith("cax-fix")) + 1
    added = OrgPolicy(
        f"p-caxfix{number}", f"cax-fix-{number}", "SERVICE_CONTROL_POLICY", fix.document, targets
    )
    return replace(snapshot, organization=replace(org, policies=(*org.policies, added)))
