"""Callers outside the snapshot that resource policies name: other accounts, and anyone (`*`).

Their own identity policies are not in the snapshot, so cax assumes they allow what is asked
and reports every answer for them as conditional on that, with the resource policy's own
conditions (`aws:PrincipalOrgID`, …) named.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from graph.access.actors import Actor
from graph.access.targets import Target
from graph.access.trust import ASSUMED_IDENTITY, OUTSIDE_ACCOUNT, names_in
from graph.model import Organization
from graph.policy import CompiledPolicy


@dataclass(frozen=True)
class Foreign:
    """A caller outside the snapshot, as a graph node and as an actor to evaluate."""

    node: str
    kind: str
    label: str
    actor: Actor
    assumed: str


def _actor(node: str, account: str, org: Organization | None, org_known: bool) -> Actor:
    member = org is not None and org.node(account) is not None
    return Actor(
        node=node,
        kind="role",
        name="external",
        account_id=account,
        caller=f"arn:aws:sts::{account}:assumed-role/external/cax",
        principal_arn=f"arn:aws:iam::{account}:role/external",
        user_id="",
        identity=(ASSUMED_IDENTITY,),
        boundary=None,
        scps=(),
        tags={},
        org_id=org.id if member and org is not None else None,
        org_paths=None,
        unreadable=(),
        sources={},
        org_known=member or (org_known and account != OUTSIDE_ACCOUNT),
    )


def foreign_callers(
    targets: Iterable[Target], known_accounts: set[str], org: Organization | None, org_known: bool
) -> Iterator[Foreign]:
    """Every account outside the snapshot, and `*`, that an Allow of a resource policy names."""
    policies = {
        id(p): p
        for target in targets
        for p in (target.domain_policy, target.repository_policy)
        if isinstance(p, CompiledPolicy)
    }
    names = names_in(*policies.values())
    for account in sorted(names.accounts - known_accounts):
        node = f"account:{account}"
        yield Foreign(
            node,
            "external_account",
            f"account {account} (outside the snapshot)",
            _actor(node, account, org, org_known),
            f"identity policies in account {account} allow it",
        )
    if names.wildcard:
        yield Foreign(
            "anyone",
            "anyone",
            "anyone (*)",
            _actor("anyone", OUTSIDE_ACCOUNT, org, org_known=False),
            "the caller's own identity policies allow it",
        )
