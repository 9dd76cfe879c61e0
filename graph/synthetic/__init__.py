"""Deterministic synthetic organisations, large and realistic, for benchmarks and scale tests.

Two profiles. *stamped* (`stamped.py`): roles stamped out from a few templates, as Terraform
modules make them, so principals fall into few classes. *diverse* (`diverse.py`): shaped like real
`get-account-authorization-details` output, where every principal has its own mix of policies,
many roles trust the account root and assume-role grants use wildcards. The same arguments
always give the same snapshot.
"""

from __future__ import annotations

from typing import Literal

from graph.snapshot import Snapshot
from graph.synthetic.common import Size
from graph.synthetic.diverse import diverse
from graph.synthetic.stamped import stamped

Profile = Literal["stamped", "diverse"]
PROFILES: tuple[Profile, ...] = ("stamped", "diverse")


def generate(
    accounts: int = 10,
    roles: int = 10_000,
    users: int = 2_000,
    groups: int = 300,
    policies: int = 1_000,
    domains: int = 20,
    repositories: int = 500,
    seed: int = 0,
    profile: Profile = "stamped",
) -> Snapshot:
    """A synthetic organisation of the given size and profile."""
    size = Size(accounts, roles, users, groups, policies, domains, repositories)
    if profile == "diverse":
        return diverse(size, seed)
    if profile == "stamped":
        return stamped(size, seed)
    raise ValueError(f"unknown profile {profile!r}: use one of {', '.join(PROFILES)}")


__all__ = ["PROFILES", "Profile", "Size", "generate"]
