"""Changes on the resource side: domain and repository policies, tags, upstreams, and the
organisation's SCPs, RCPs and tree (see `changes.snapshot_changes`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graph.diff.model import PolicyChange
from graph.diff.statements import document_diff, document_of, readable, summary_of
from graph.model import Domain, Repository, Unknown
from graph.policy import Layer
from graph.snapshot import Snapshot


def resource_changes(
    old: Domain | Repository, new: Domain | Repository, snapshot: Snapshot
) -> Iterator[PolicyChange]:
    label = new.name if isinstance(new, Domain) else f"{new.domain}/{new.name}"
    touched = frozenset({new.arn})
    documents = document_of(old.policy), document_of(new.policy)
    diff = document_diff(*documents)
    if diff:
        kind = "domain_policy" if isinstance(new, Domain) else "repository_policy"
        yield PolicyChange(
            kind,
            new.arn,
            f"{kind.split('_')[0]} policy of {label}",
            f"{label}: {kind.split('_')[0]} policy {summary_of(diff)}",
            diff,
            resources=touched,
            statements_only=all(readable(d, Layer.RESOURCE) for d in documents),
        )
    if _plain(old.tags) != _plain(new.tags):
        yield PolicyChange(
            "tags",
            new.arn,
            "tags",
            f"{label}: tags changed",
            {"before": _plain(old.tags), "after": _plain(new.tags)},
            resources=touched,
        )
    if isinstance(old, Repository) and isinstance(new, Repository):
        ups = (_plain(old.upstreams), _plain(new.upstreams))
        connections = (_plain(old.external_connections), _plain(new.external_connections))
        if ups[0] != ups[1] or connections[0] != connections[1]:
            yield PolicyChange(
                "upstreams",
                new.arn,
                "upstreams",
                f"{label}: upstreams or external connections changed",
                {"before": ups[0], "after": ups[1]},
                resources=touched,
            )


def _plain(value: object) -> Any:
    """A model value as JSON (unknowns as their error)."""
    if isinstance(value, Unknown):
        return {"unknown": value.error}
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__}
    return value


def organization_changes(old: Snapshot, new: Snapshot) -> Iterator[PolicyChange]:
    before = {p.policy_id: p for p in (old.org.policies if old.org else ())}
    after = {p.policy_id: p for p in (new.org.policies if new.org else ())}
    for pid in sorted(before.keys() | after.keys()):
        was, now = before.get(pid), after.get(pid)
        diff = document_diff(was.document if was else None, now.document if now else None)
        targets = (was.targets if was else (), now.targets if now else ())
        if not diff and targets[0] == targets[1]:
            continue
        policy = now or was
        assert policy is not None
        kind = "rcp" if policy.type == "RESOURCE_CONTROL_POLICY" else "scp"
        if targets[0] != targets[1]:
            diff = {**diff, "targets": {"before": list(targets[0]), "after": list(targets[1])}}
        yield PolicyChange(
            kind,
            "organization",
            policy.name,
            f"{kind.upper()} {policy.name}: {summary_of(diff) if diff else 'targets changed'}",
            diff,
            everything=True,
        )
    tree = (
        sorted((n.id, n.parent_id) for n in old.org.nodes) if old.org else [],
        sorted((n.id, n.parent_id) for n in new.org.nodes) if new.org else [],
    )
    if tree[0] != tree[1] or (old.org is None) != (new.org is None):
        yield PolicyChange(
            "organization",
            "organization",
            "organization",
            "the organisation's accounts or units moved",
            {"before": tree[0], "after": tree[1]},
            everything=True,
        )
