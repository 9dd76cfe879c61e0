"""Small synthetic organisations for property tests that compare a shortcut with the whole graph."""

from __future__ import annotations

from dataclasses import replace

from graph.snapshot import Snapshot
from graph.synthetic import Profile, generate


def small_org(profile: str, seed: int) -> Snapshot:
    """3 accounts, 30 users, 90 roles, 8 groups, 30 policies, 8 repositories in 2 domains."""
    return _org(profile, seed, accounts=3, users=30, roles=90, groups=8, policies=30, repos=8)


def two_account_org(profile: str, seed: int) -> Snapshot:
    """2 accounts, 16 users, 40 roles, 5 groups, 20 policies, 6 repositories in 2 domains."""
    return _org(profile, seed, accounts=2, users=16, roles=40, groups=5, policies=20, repos=6)


def _org(profile: str, seed: int, *, repos: int, **sizes: int) -> Snapshot:
    name: Profile = "diverse" if profile == "diverse" else "stamped"
    return generate(**sizes, domains=2, repositories=repos, profile=name, seed=seed)


def managed_policy_gone(snapshot: Snapshot) -> Snapshot:
    """The most attached customer managed policy leaves the snapshot, still attached: its
    holders' policies cannot be read."""
    held: dict[str, int] = {}
    for item in (*snapshot.users(), *snapshot.roles(), *snapshot.groups()):
        for arn in item.attached_policy_arns:
            held[arn] = held.get(arn, 0) + 1
    gone = max((n, arn) for arn, n in held.items() if ":aws:policy/" not in arn)[1]
    accounts = (
        replace(a, policies=tuple(p for p in a.policies if p.arn != gone))
        for a in snapshot.accounts
    )
    return replace(snapshot, accounts=tuple(accounts))
