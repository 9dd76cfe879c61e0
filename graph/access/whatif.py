"""What-if: a snapshot with a fix applied, to check that the fix really opens the path."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from graph.access.fixes import Fix
from graph.model import Account, Domain, ManagedPolicy, Policy, Repository, Role, Unknown, User
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


def apply_fix(snapshot: Snapshot, fix: Fix) -> Snapshot:
    """The snapshot with the fix's statement added where the fix says.

    Raises ValueError for fixes that are not an added statement (a deny to narrow, a condition,
    an SCP change, an unreadable policy).
    """
    accounts = tuple(_account(a, fix) for a in snapshot.accounts)
    return replace(snapshot, accounts=accounts)
