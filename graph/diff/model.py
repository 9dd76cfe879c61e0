"""What `snapshot_changes` reports: each change, where it sits and what it touches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PolicyChange:
    """One change, where it is, and what it touches.

    `diff` is small JSON: statements `added`, `removed` and `edited` (`sid`, `before`,
    `after`), or the values `before` and `after` for a change that is not a policy text.
    """

    kind: str
    """identity_policy, managed_policy, trust_policy, attachment, membership, boundary, tags,
    domain_policy, repository_policy, upstreams, scp, rcp or organization."""
    where: str
    """The node it sits on: a user, group, role, domain, repository or managed policy ARN
    (`organization` for SCPs, RCPs and the tree)."""
    policy: str
    """The policy's name or ARN, or what changed (`tags`, `upstreams`)."""
    summary: str
    diff: Mapping[str, Any] = field(hash=False)
    principals: frozenset[str] = frozenset()
    """Users and roles whose own requests it changes."""
    roles: frozenset[str] = frozenset()
    """Roles whose own requests it changes: their callers move only where what the role
    gives them moves (`depth_profile`)."""
    entered: frozenset[str] = frozenset()
    """Roles whose way in it changes (a trust policy, a role's tags, which a caller's
    `sts:AssumeRole` grant may test): their callers may move on anything the role reaches."""
    resources: frozenset[str] = frozenset()
    """Domains and repositories whose policies or upstreams it changes."""
    everything: bool = False
    """An SCP, RCP or the organisation's tree: any verdict may move."""
    statements_only: bool = False
    """Statements added, removed or edited in a policy readable before and after (or absent,
    where absence means no policy): only requests for the actions they cover may move
    (`relevance`). False for anything else: a policy that cannot be read, or went while
    still attached, makes every answer unknown."""

    @property
    def nodes(self) -> frozenset[str]:
        """What a chain must pass through for this change to explain its verdict."""
        return frozenset(
            {self.where, *self.principals, *self.roles, *self.entered, *self.resources}
        )


@dataclass(frozen=True)
class SnapshotChanges:
    """Every change, and the principals and resources only one snapshot has."""

    changes: tuple[PolicyChange, ...]
    principals_added: tuple[str, ...]
    principals_removed: tuple[str, ...]
    resources_added: tuple[str, ...]
    resources_removed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """Nothing that could move a verdict differs."""
        return not (
            self.changes
            or self.principals_added
            or self.principals_removed
            or self.resources_added
            or self.resources_removed
        )
