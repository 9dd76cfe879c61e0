"""The policies a what-if may edit: what a principal's access rests on (its inline policies, its
groups', the customer managed policies attached to it or its groups, its boundary, a role's
trust policy, the SCPs over its account and the organisation's RCPs) and a domain's or
repository's policy. AWS managed policies (and SCPs or RCPs) are AWS's and cannot be edited
(attach another instead)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

from graph.model import Account, Domain, Group, Organization, Policy, Repository, Role, User
from graph.snapshot import Snapshot

Kind = Literal["inline", "managed", "trust", "resource", "org"]


@dataclass(frozen=True)
class EditablePolicy:
    """One policy, where it sits and its document as the snapshot has it."""

    label: str
    kind: Kind
    holder: str
    """The user, group or role ARN (inline, trust), the managed policy's ARN, the domain's
    or repository's (resource), or the SCP's or RCP's id (org)."""
    name: str
    document: Mapping[str, Any] = field(hash=False)


def editable_policies(snapshot: Snapshot, principal: str) -> list[EditablePolicy]:
    """What the user or role `principal` is governed by, that a what-if may edit."""
    item = snapshot.find(principal)
    if not isinstance(item, (User, Role)):
        return []
    found: list[EditablePolicy] = []
    holders: list[User | Role | Group] = [item]
    if isinstance(item, User):
        groups = (snapshot.group(item.account_id, n) for n in item.group_names)
        holders += [g for g in groups if g is not None]
    for holder in holders:
        who = holder.label
        for policy in holder.inline_policies:
            label = f"inline policy {policy.name} of {who}"
            found.append(EditablePolicy(label, "inline", holder.arn, policy.name, policy.document))
    for holder in holders:
        arns = [*holder.attached_policy_arns]
        if not isinstance(holder, Group) and holder.boundary_arn:
            arns.append(holder.boundary_arn)
        for arn in arns:
            managed = snapshot.managed_policy(arn)
            if managed is None or ":aws:policy/" in arn or not isinstance(managed.document, dict):
                continue
            role = "boundary of" if arn == getattr(holder, "boundary_arn", None) else "on"
            label = f"managed policy {managed.name} ({role} {holder.label})"
            found.append(EditablePolicy(label, "managed", arn, managed.name, managed.document))
    if isinstance(item, Role) and isinstance(item.trust_policy, Policy):
        document = item.trust_policy.document
        found.append(
            EditablePolicy(f"trust policy of {item.label}", "trust", item.arn, "", document)
        )
    return found + org_policies(snapshot, item.account_id)


def org_policies(snapshot: Snapshot, account_id: str) -> list[EditablePolicy]:
    """The customer SCPs over the account (none over the management account), then every
    customer RCP of the organisation: the resources reached may be in any of its accounts."""
    org = snapshot.org
    if org is None:
        return []
    scps = [p for level in org.levels(account_id, "SERVICE_CONTROL_POLICY") for p in level]
    rcps = [p for p in org.policies if p.type == "RESOURCE_CONTROL_POLICY"]
    found: dict[str, EditablePolicy] = {}
    for policy in (*scps, *rcps):
        if policy.aws_managed or not isinstance(policy.document, dict):
            continue
        kind = "SCP" if policy.type == "SERVICE_CONTROL_POLICY" else "RCP"
        on = ", ".join(_node_name(org, t) for t in policy.targets)
        label = f"{kind} {policy.name} (attached to {on})"
        found.setdefault(
            policy.policy_id,
            EditablePolicy(label, "org", policy.policy_id, policy.name, policy.document),
        )
    return list(found.values())


def _node_name(org: Organization, node_id: str) -> str:
    node = org.node(node_id)
    return node.name if node is not None and node.name else node_id


EMPTY: Final[Mapping[str, Any]] = {"Version": "2012-10-17", "Statement": []}
"""What a domain or repository without a policy starts from."""


def resource_policy(snapshot: Snapshot, arn: str, title: str) -> EditablePolicy | None:
    """The policy of the domain or repository `arn` (empty when it has none or it could not be
    read: a what-if may ask what a readable one would allow)."""
    item = snapshot.find(arn)
    if not isinstance(item, (Domain, Repository)):
        return None
    policy = item.policy
    document = policy.document if isinstance(policy, Policy) else EMPTY
    name = policy.name if isinstance(policy, Policy) else f"policy of {item.name}"
    return EditablePolicy(title, "resource", arn, name, document)


def with_policy(snapshot: Snapshot, policy: EditablePolicy, document: dict[str, Any]) -> Snapshot:
    """The snapshot with `policy`'s document replaced (a managed policy for all its holders)."""
    if not isinstance(document, dict) or "Statement" not in document:
        raise ValueError("a policy is a JSON object with a Statement")

    if policy.kind == "org":
        org = snapshot.org
        if org is None:
            return snapshot
        policies = tuple(
            replace(p, document=document) if p.policy_id == policy.holder else p
            for p in org.policies
        )
        return replace(snapshot, organization=replace(org, policies=policies))

    def account(a: Account) -> Account:
        if policy.kind == "resource":
            return replace(
                a,
                domains=tuple(_resource(d, policy, document) for d in a.domains),
                repositories=tuple(_resource(r, policy, document) for r in a.repositories),
            )
        if policy.kind == "managed":
            return replace(
                a,
                policies=tuple(
                    replace(p, document=document) if p.arn == policy.holder else p
                    for p in a.policies
                ),
            )
        return replace(
            a,
            users=tuple(_edited(u, policy, document) for u in a.users),
            groups=tuple(_edited(g, policy, document) for g in a.groups),
            roles=tuple(_edited(r, policy, document) for r in a.roles),
        )

    return replace(snapshot, accounts=tuple(account(a) for a in snapshot.accounts))


def _resource(item: Any, policy: EditablePolicy, document: dict[str, Any]) -> Any:
    return (
        replace(item, policy=Policy(policy.name, document)) if item.arn == policy.holder else item
    )


def _edited(item: Any, policy: EditablePolicy, document: dict[str, Any]) -> Any:
    if item.arn != policy.holder:
        return item
    if policy.kind == "trust":
        return replace(item, trust_policy=replace(item.trust_policy, document=document))
    inline = tuple(
        Policy(p.name, document, p.arn) if p.name == policy.name else p
        for p in item.inline_policies
    )
    return replace(item, inline_policies=inline)
