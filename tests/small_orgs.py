"""Small synthetic organisations for property tests that compare a shortcut with the whole graph."""

from __future__ import annotations

from graph.snapshot import Snapshot
from graph.synthetic import Profile, generate


def small_org(profile: str, seed: int, *, accounts: int = 3, scale: int = 1) -> Snapshot:
    """3 accounts, 30 users and 90 roles (`scale` divides them), 8 repositories in 2 domains."""
    name: Profile = "diverse" if profile == "diverse" else "stamped"
    return generate(
        accounts=accounts,
        users=30 // scale,
        roles=90 // scale,
        groups=8,
        policies=30,
        domains=2,
        repositories=8,
        profile=name,
        seed=seed,
    )
