"""Small synthetic organisations for property tests that compare a shortcut with the whole graph."""

from __future__ import annotations

from graph.snapshot import Snapshot
from graph.synthetic import Profile, generate


def small_org(profile: str, seed: int) -> Snapshot:
    """3 accounts, 30 users, 90 roles, 8 groups, 30 policies, 8 repositories in 2 domains."""
    name: Profile = "diverse" if profile == "diverse" else "stamped"
    return generate(
        accounts=3,
        users=30,
        roles=90,
        groups=8,
        policies=30,
        domains=2,
        repositories=8,
        profile=name,
        seed=seed,
    )
