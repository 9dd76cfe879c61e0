"""Actors: users and roles as the policy engine sees them when they make a request."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from graph.access.policies import PolicyBook, Unreadable, org_levels, split
from graph.model import ManagedPolicy, Policy, Role, Unknown, User
from graph.policy import CompiledPolicy, Layer
from graph.snapshot import Snapshot

SESSION_NAME = "cax"
"""The session name used for a role's requests (a session ARN needs one; nothing depends on it)."""

ActorKind = Literal["user", "role", "root"]


@dataclass(frozen=True)
class PolicySource:
    """Where an identity policy comes from: the principal itself or one of a user's groups."""

    policy: str
    via_group: str | None = None
    managed_arn: str | None = None


@dataclass(frozen=True, eq=False)
class Actor:
    """A user or role with everything that decides its requests.

    Attributes:
        node: the user's or role's ARN, its node in the access graph.
        caller: the ARN in requests: the user ARN, or a session of the role.
        principal_arn: `aws:PrincipalArn` (a role's ARN with its path).
        identity: identity policies, own and (for users) from groups.
        boundary: the permissions boundary, or None.
        scps: SCP levels of the account (empty for the management account and service roles).
        unreadable: policies that take part but cannot be evaluated.
    """

    node: str
    kind: ActorKind
    name: str
    account_id: str
    caller: str
    principal_arn: str
    user_id: str
    identity: tuple[CompiledPolicy, ...]
    boundary: tuple[CompiledPolicy, ...] | None
    scps: tuple[tuple[CompiledPolicy, ...], ...]
    tags: Mapping[str, str] = field(hash=False)
    org_id: str | None
    org_paths: tuple[str, ...] | None
    unreadable: tuple[Unreadable, ...]
    sources: Mapping[int, PolicySource] = field(hash=False)
    org_known: bool = True
    """False when the organisation could not be read: org keys are then unknown, not absent."""
    service_linked: bool = False
    """Service-linked roles are exempt from SCPs and RCPs (spec A.2)."""

    def source_of(self, policy: CompiledPolicy) -> PolicySource | None:
        """Where one of this actor's identity policies comes from."""
        return self.sources.get(id(policy))


@dataclass(frozen=True)
class Named:
    """The users, role sessions and roles that Principal and NotPrincipal elements name."""

    users: frozenset[str] = frozenset()
    roles: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of(cls, policies: Iterable[CompiledPolicy]) -> Named:
        """Everyone named in any statement of these policies (Allow or Deny)."""
        users: set[str] = set()
        roles: set[tuple[str, str]] = set()
        for policy in policies:
            for stmt in policy.statements:
                if stmt.principal is not None:
                    users |= stmt.principal.users | stmt.principal.sessions
                    roles |= stmt.principal.roles
        return cls(frozenset(users), frozenset(roles))

    def names(self, actor: Actor) -> bool:
        """Whether this user, role or one of its sessions is named (role names compare without
        case, as IAM's do): its answers are then its own."""
        if not self.users and not self.roles:
            return False
        if actor.kind == "role":
            session = f"arn:aws:sts::{actor.account_id}:assumed-role/{actor.name}/"
            return (actor.account_id, actor.name.lower()) in self.roles or any(
                s.startswith(session) for s in self.users
            )
        return actor.principal_arn in self.users


def _managed(
    snapshot: Snapshot, book: PolicyBook, arn: str, label: str, kind: Layer
) -> CompiledPolicy | Unreadable:
    managed: ManagedPolicy | None = snapshot.managed_policy(arn)
    if managed is None:
        return Unreadable(label, f"managed policy {arn} is not in the snapshot")
    found = book.compile(managed.as_policy(), label, kind)
    assert found is not None
    return found


def _scp_levels(
    snapshot: Snapshot, book: PolicyBook, account_id: str
) -> tuple[tuple[tuple[CompiledPolicy, ...], ...], tuple[Unreadable, ...]]:
    return org_levels(snapshot, book, account_id, "SERVICE_CONTROL_POLICY")


def own_policies(
    snapshot: Snapshot,
    book: PolicyBook,
    inline: tuple[Policy, ...],
    attached: tuple[str, ...],
    group: str | None = None,
) -> list[tuple[CompiledPolicy | Unreadable | None, PolicySource]]:
    """The identity policies of a user, role or (`group`, its name) group, each compiled
    under the label evidence names it by, with where it comes from."""
    prefix = f"group {group}: " if group else ""
    found: list[tuple[CompiledPolicy | Unreadable | None, PolicySource]] = []
    for policy in inline:
        label = f"{prefix}inline policy {policy.name}"
        found.append((book.compile(policy, label, Layer.IDENTITY), PolicySource(label, group)))
    for arn in attached:
        label = f"{prefix}{arn.rsplit('/', 1)[-1]}"
        managed = _managed(snapshot, book, arn, label, Layer.IDENTITY)
        found.append((managed, PolicySource(label, group, arn)))
    return found


def build_actor(snapshot: Snapshot, book: PolicyBook, item: User | Role) -> Actor:
    """The actor for a user or role of the snapshot."""
    own = own_policies(snapshot, book, item.inline_policies, item.attached_policy_arns)
    if isinstance(item, User):
        for group_name in item.group_names:
            group = snapshot.group(item.account_id, group_name)
            if group is not None:
                own += own_policies(
                    snapshot, book, group.inline_policies, group.attached_policy_arns, group_name
                )
    items = [policy for policy, _ in own]
    sources = {id(policy): source for policy, source in own if policy is not None}
    identity, unreadable = split(items)
    boundary: tuple[CompiledPolicy, ...] | None = None
    bad = list(unreadable)
    if item.boundary_arn:
        found = _managed(
            snapshot,
            book,
            item.boundary_arn,
            f"boundary {item.boundary_arn.rsplit('/', 1)[-1]}",
            Layer.PERMISSION_BOUNDARY,
        )
        boundary = (found,) if isinstance(found, CompiledPolicy) else ()
        if isinstance(found, Unreadable):
            bad.append(found)
    service_linked = isinstance(item, Role) and item.service_linked
    scps, scp_bad = ((), ()) if service_linked else _scp_levels(snapshot, book, item.account_id)
    bad.extend(scp_bad)
    org = snapshot.org
    in_org = org is not None and org.contains(item.account_id)
    paths = org.org_paths(item.account_id) if org is not None and in_org else None
    if isinstance(item, User):
        kind: ActorKind = "user"
        caller, user_id = item.arn, item.user_id
    else:
        kind = "role"
        caller = f"arn:aws:sts::{item.account_id}:assumed-role/{item.name}/{SESSION_NAME}"
        user_id = f"{item.role_id}:{SESSION_NAME}" if item.role_id else ""
    return Actor(
        node=item.arn,
        kind=kind,
        name=item.name,
        account_id=item.account_id,
        caller=caller,
        principal_arn=item.arn,
        user_id=user_id,
        identity=identity,
        boundary=boundary,
        scps=scps,
        tags=dict(item.tags),
        org_id=org.id if org is not None and in_org else None,
        org_paths=(paths,) if paths else None,
        unreadable=tuple(bad),
        sources=sources,
        org_known=not isinstance(snapshot.organization, Unknown),
        service_linked=service_linked,
    )


def unknown_iam(snapshot: Snapshot, account_id: str) -> Unknown | None:
    """The reason an account's IAM is unknown, if it is."""
    account = snapshot.account(account_id)
    return account.iam_unknown if account is not None else None


def build_root_actor(snapshot: Snapshot, book: PolicyBook, account_id: str) -> Actor:
    """The account's root user: no identity policies, but SCPs apply (except in management)."""
    scps, bad = _scp_levels(snapshot, book, account_id)
    org = snapshot.org
    in_org = org is not None and org.contains(account_id)
    paths = org.org_paths(account_id) if org is not None and in_org else None
    arn = f"arn:aws:iam::{account_id}:root"
    return Actor(
        node=f"account:{account_id}",
        kind="root",
        name="root",
        account_id=account_id,
        caller=arn,
        principal_arn=arn,
        user_id=account_id,
        identity=(),
        boundary=None,
        scps=scps,
        tags={},
        org_id=org.id if org is not None and in_org else None,
        org_paths=(paths,) if paths else None,
        unreadable=bad,
        sources={},
        org_known=not isinstance(snapshot.organization, Unknown),
    )
