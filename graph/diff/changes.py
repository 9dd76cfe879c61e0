"""What changed between two snapshots that can move a verdict: policies, statements,
attachments, memberships, boundaries, tags, upstreams, SCPs and the organisation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from graph.diff.model import PolicyChange, SnapshotChanges
from graph.diff.resource_changes import organization_changes, resource_changes
from graph.diff.statements import document_diff, document_of, readable, summary_of
from graph.model import Domain, Group, ManagedPolicy, Policy, Repository, Role, User
from graph.policy import Layer
from graph.snapshot import Snapshot


def snapshot_changes(old: Snapshot, new: Snapshot) -> SnapshotChanges:
    """Compare two snapshots, item by item (by ARN), policy by policy, statement by statement."""
    before, after = _principals(old), _principals(new)
    found: list[PolicyChange] = []
    for arn in sorted(before.keys() & after.keys()):
        found.extend(_principal(before[arn], after[arn], old, new))
    found.extend(_groups(old, new))
    found.extend(_managed(old, new))
    old_resources, new_resources = _resources(old), _resources(new)
    for arn in sorted(old_resources.keys() & new_resources.keys()):
        found.extend(resource_changes(old_resources[arn], new_resources[arn], new))
    found.extend(organization_changes(old, new))
    return SnapshotChanges(
        tuple(found),
        tuple(sorted(after.keys() - before.keys())),
        tuple(sorted(before.keys() - after.keys())),
        tuple(sorted(new_resources.keys() - old_resources.keys())),
        tuple(sorted(old_resources.keys() - new_resources.keys())),
    )


def _principals(snapshot: Snapshot) -> dict[str, User | Role]:
    found: dict[str, User | Role] = {u.arn: u for u in snapshot.users()}
    found.update((r.arn, r) for r in snapshot.roles())
    return found


def _resources(snapshot: Snapshot) -> dict[str, Domain | Repository]:
    found: dict[str, Domain | Repository] = {d.arn: d for d in snapshot.domains()}
    found.update((r.arn, r) for r in snapshot.repositories())
    return found


Touches = tuple[frozenset[str], frozenset[str]]
"""(principals, roles) a change touches (see `PolicyChange`)."""


def _touches(item: User | Role) -> Touches:
    """A principal's own requests change; a role's callers' chains too."""
    roles = frozenset({item.arn}) if isinstance(item, Role) else frozenset()
    return frozenset({item.arn}), roles


def _principal(
    old: User | Role, new: User | Role, before: Snapshot, after: Snapshot
) -> Iterator[PolicyChange]:
    name, touches = new.label, _touches(new)
    yield from _inline(old.inline_policies, new.inline_policies, new.arn, name, touches)
    yield from _attached(
        old.attached_policy_arns, new.attached_policy_arns, new.arn, name, touches, before, after
    )
    if old.boundary_arn != new.boundary_arn:
        yield PolicyChange(
            "boundary",
            new.arn,
            new.boundary_arn or old.boundary_arn or "",
            f"{name}: permission boundary {old.boundary_arn or 'none'} → "
            f"{new.boundary_arn or 'none'}",
            {"before": old.boundary_arn, "after": new.boundary_arn},
            principals=touches[0],
            roles=touches[1],
        )
    if dict(old.tags) != dict(new.tags):
        yield PolicyChange(
            "tags",
            new.arn,
            "tags",
            f"{name}: tags changed",
            {"before": dict(old.tags), "after": dict(new.tags)},
            principals=touches[0],
            roles=touches[1],
            entered=touches[1],
        )
    if isinstance(old, User) and isinstance(new, User):
        for group in sorted(set(old.group_names) ^ set(new.group_names)):
            joined = group in new.group_names
            yield PolicyChange(
                "membership",
                new.arn,
                f"group/{group}",
                f"{name}: {'added to' if joined else 'removed from'} group/{group}",
                {"group": group, "member": joined},
                principals=touches[0],
                roles=touches[1],
            )
    if isinstance(old, Role) and isinstance(new, Role):
        documents = document_of(old.trust_policy), document_of(new.trust_policy)
        diff = document_diff(*documents)
        if diff:
            yield PolicyChange(
                "trust_policy",
                new.arn,
                f"trust policy of {name}",
                f"{name}: trust policy {summary_of(diff)}",
                diff,
                entered=frozenset({new.arn}),
                statements_only=all(readable(d, Layer.RESOURCE) for d in documents),
            )


def _inline(
    old: Iterable[Policy],
    new: Iterable[Policy],
    where: str,
    name: str,
    touches: Touches,
) -> Iterator[PolicyChange]:
    before = {p.name: p.document for p in old}
    after = {p.name: p.document for p in new}
    for policy in sorted(before.keys() | after.keys()):
        documents = before.get(policy), after.get(policy)
        diff = document_diff(*documents)
        if diff:
            state = "added" if policy not in before else "removed" if policy not in after else ""
            yield PolicyChange(
                "identity_policy",
                where,
                policy,
                f"{name}: inline policy {policy} {state or summary_of(diff)}",
                diff,
                principals=touches[0],
                roles=touches[1],
                statements_only=all(map(readable, documents)),
            )


def _attached(
    old: Iterable[str],
    new: Iterable[str],
    where: str,
    name: str,
    touches: Touches,
    before: Snapshot,
    after: Snapshot,
) -> Iterator[PolicyChange]:
    for arn in sorted(set(old) ^ set(new)):
        attached = arn in set(new)
        policy = (after if attached else before).managed_policy(arn)
        document = policy.document if policy is not None else None
        diff = document_diff(None, document) if attached else document_diff(document, None)
        word = "attached" if attached else "detached"
        yield PolicyChange(
            "attachment",
            where,
            arn,
            f"{name}: managed policy {arn.rsplit('/', 1)[-1]} {word}",
            {word: arn, **diff},
            principals=touches[0],
            roles=touches[1],
            statements_only=policy is not None and readable(document),
        )


def _members(snapshot: Snapshot, group: Group) -> frozenset[str]:
    return frozenset(
        u.arn
        for u in snapshot.users()
        if u.account_id == group.account_id and group.name in u.group_names
    )


def _groups(old: Snapshot, new: Snapshot) -> Iterator[PolicyChange]:
    before = {g.arn: g for g in old.groups()}
    after = {g.arn: g for g in new.groups()}
    for arn in sorted(before.keys() ^ after.keys()):
        group = after.get(arn) or before[arn]
        members = _members(old, group) | _members(new, group)
        if members:  # users name a group that came or went: its policies came or went
            added = arn in after
            yield PolicyChange(
                "membership",
                arn,
                group.label,
                f"{group.label} {'added' if added else 'removed'} ({len(members)} members)",
                {"group": group.name, "exists": added},
                principals=members,
            )
    for group in sorted(new.groups(), key=lambda g: g.arn):
        was = before.get(group.arn)
        if was is None:
            continue  # said above
        members = _members(old, was) | _members(new, group)
        touches: Touches = (members, frozenset())
        name = group.label
        yield from _inline(was.inline_policies, group.inline_policies, group.arn, name, touches)
        yield from _attached(
            was.attached_policy_arns,
            group.attached_policy_arns,
            group.arn,
            name,
            touches,
            old,
            new,
        )


def _holders(snapshot: Snapshot, arn: str) -> tuple[frozenset[str], frozenset[str]]:
    """(principals, roles) a managed policy applies to: attached, through a group, or as a
    boundary."""
    groups = {g.arn for g in snapshot.groups() if arn in g.attached_policy_arns}
    principals: set[str] = set()
    roles: set[str] = set()
    for user in snapshot.users():
        through = any(
            (g := snapshot.group(user.account_id, n)) is not None and g.arn in groups
            for n in user.group_names
        )
        if arn in user.attached_policy_arns or user.boundary_arn == arn or through:
            principals.add(user.arn)
    for role in snapshot.roles():
        if arn in role.attached_policy_arns or role.boundary_arn == arn:
            principals.add(role.arn)
            roles.add(role.arn)
    return frozenset(principals), frozenset(roles)


def _managed(old: Snapshot, new: Snapshot) -> Iterator[PolicyChange]:
    before: dict[str, ManagedPolicy] = {p.arn: p for a in old.accounts for p in a.policies}
    after: dict[str, ManagedPolicy] = {p.arn: p for a in new.accounts for p in a.policies}
    for arn in sorted(before.keys() | after.keys()):
        was, policy = before.get(arn), after.get(arn)
        if was is not None and policy is not None:
            diff = document_diff(was.document, policy.document)
        else:  # came or went while attached: the holders' requests change
            diff = document_diff(was.document if was else None, policy.document if policy else None)
        policy = policy or was
        if diff and policy is not None:
            principals, roles = _holders(old, arn)
            now, now_roles = _holders(new, arn)
            if (was is None or arn not in after) and not (principals & now):
                continue  # attached (or detached) with it: the attachment says it
            yield PolicyChange(
                "managed_policy",
                arn,
                policy.name,
                f"managed policy {policy.name}: {summary_of(diff)}",
                diff,
                principals=principals | now,
                roles=roles | now_roles,
                statements_only=was is not None
                and arn in after
                and readable(was.document)
                and readable(after[arn].document),
            )


__all__ = ["snapshot_changes"]
