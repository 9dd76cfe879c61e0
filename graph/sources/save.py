"""Writes a `Snapshot` back as a `cax-snapshot` document, atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graph.model import (
    Account,
    ExternalConnection,
    Group,
    ManagedPolicy,
    Organization,
    Policy,
    Repository,
    Role,
    Unknown,
    User,
)
from graph.snapshot import Snapshot
from graph.sources.reader import UNKNOWN_KEY


def write_json_atomic(path: Path, document: object, mode: int = 0o600) -> None:
    """Write JSON to a temp file beside `path`, then rename it over `path`: never half-written."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    except OSError as error:  # name the file asked for, not our temporary beside it
        raise OSError(error.errno, error.strerror, str(path)) from error
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2, sort_keys=True)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _value(value: Any) -> Any:
    if isinstance(value, Unknown):
        return {UNKNOWN_KEY: value.error}
    if isinstance(value, Policy):
        return dict(value.document)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def snapshot_document(snapshot: Snapshot) -> dict[str, Any]:
    """The snapshot as JSON-able data in the documented format (version 1)."""
    doc: dict[str, Any] = {
        "format": "cax-snapshot",
        "version": 1,
        "accounts": [_account(a) for a in snapshot.accounts],
        "organization": _organization(snapshot.organization),
    }
    if snapshot.generated_at:
        doc["generated_at"] = snapshot.generated_at
    return doc


def _inline(policies: tuple[Policy, ...]) -> list[dict[str, Any]]:
    return [{"PolicyName": p.name, "PolicyDocument": dict(p.document)} for p in policies]


def _attached(arns: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"PolicyArn": arn, "PolicyName": arn.rsplit("/", 1)[-1]} for arn in arns]


def _tags(tags: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def _boundary(arn: str | None) -> dict[str, Any]:
    if not arn:
        return {}
    return {
        "PermissionsBoundary": {
            "PermissionsBoundaryType": "Policy",
            "PermissionsBoundaryArn": arn,
        }
    }


def _user(u: User) -> dict[str, Any]:
    return {
        "Path": u.path,
        "UserName": u.name,
        "UserId": u.user_id,
        "Arn": u.arn,
        "UserPolicyList": _inline(u.inline_policies),
        "GroupList": list(u.group_names),
        "AttachedManagedPolicies": _attached(u.attached_policy_arns),
        "Tags": _tags(u.tags),
        **_boundary(u.boundary_arn),
    }


def _group(g: Group) -> dict[str, Any]:
    return {
        "Path": g.path,
        "GroupName": g.name,
        "GroupId": g.group_id,
        "Arn": g.arn,
        "GroupPolicyList": _inline(g.inline_policies),
        "AttachedManagedPolicies": _attached(g.attached_policy_arns),
    }


def _role(r: Role) -> dict[str, Any]:
    return {
        "Path": r.path,
        "RoleName": r.name,
        "RoleId": r.role_id,
        "Arn": r.arn,
        "AssumeRolePolicyDocument": _value(r.trust_policy),
        "RolePolicyList": _inline(r.inline_policies),
        "AttachedManagedPolicies": _attached(r.attached_policy_arns),
        "Tags": _tags(r.tags),
        "MaxSessionDuration": r.max_session_duration,
        **_boundary(r.boundary_arn),
    }


def _managed(p: ManagedPolicy) -> dict[str, Any]:
    return {
        "PolicyName": p.name,
        "PolicyId": p.policy_id,
        "Arn": p.arn,
        "Path": p.path,
        "DefaultVersionId": p.default_version_id,
        "PolicyVersionList": [
            {
                "Document": _value(p.document),
                "VersionId": p.default_version_id,
                "IsDefaultVersion": True,
            }
        ],
    }


def _connection(c: ExternalConnection) -> dict[str, str]:
    return {"name": c.name, "package_format": c.package_format, "status": c.status}


def _repository(r: Repository) -> dict[str, Any]:
    return {
        "name": r.name,
        "domain": r.domain,
        "domain_owner": r.domain_owner,
        "administrator_account": r.administrator_account,
        "arn": r.arn,
        "description": r.description,
        "policy": _value(r.policy),
        "upstreams": _value(r.upstreams) if isinstance(r.upstreams, Unknown) else list(r.upstreams),
        "external_connections": _value(r.external_connections)
        if isinstance(r.external_connections, Unknown)
        else [_connection(c) for c in r.external_connections],
        "tags": _value(r.tags),
    }


def _account(a: Account) -> dict[str, Any]:
    details: Any = (
        _value(a.iam_unknown)
        if a.iam_unknown
        else {
            "UserDetailList": [_user(u) for u in a.users],
            "GroupDetailList": [_group(g) for g in a.groups],
            "RoleDetailList": [_role(r) for r in a.roles],
            "Policies": [_managed(p) for p in a.policies],
        }
    )
    regions: dict[str, Any] = {region: _value(u) for region, u in a.region_unknowns.items()}
    for domain in a.domains:
        regions.setdefault(domain.region, {"domains": [], "repositories": []})["domains"].append(
            {
                "name": domain.name,
                "owner": domain.owner,
                "arn": domain.arn,
                "policy": _value(domain.policy),
                "tags": _value(domain.tags),
                "encryption_key": domain.encryption_key,
                "status": domain.status,
            }
        )
    for repo in a.repositories:
        region = regions.setdefault(repo.region, {"domains": [], "repositories": []})
        region["repositories"].append(_repository(repo))
    for group in a.package_groups:
        region = regions.setdefault(group.region, {"domains": [], "repositories": []})
        region.setdefault("package_groups", []).append(
            {
                "arn": group.arn,
                "pattern": group.pattern,
                "domain": group.domain,
                "domain_owner": group.domain_owner,
                "parent": group.parent,
                "origin_configuration": dict(group.origin_configuration),
            }
        )
    return {"id": a.id, "name": a.name, "authorization_details": details, "codeartifact": regions}


def _organization(org: Organization | Unknown | None) -> Any:
    if org is None or isinstance(org, Unknown):
        return _value(org)
    kinds = {"root": "roots", "ou": "organizational_units", "account": "accounts"}
    doc: dict[str, Any] = {
        "id": org.id,
        "management_account_id": org.management_account_id,
        "roots": [],
        "organizational_units": [],
        "accounts": [],
    }
    for node in org.nodes:
        entry: dict[str, Any] = {"id": node.id, "name": node.name}
        if node.kind == "root":
            entry["policy_types"] = sorted(org.enabled_policy_types)
        else:
            entry["parent_id"] = node.parent_id
        doc[kinds[node.kind]].append(entry)
    doc["policies"] = [
        {
            "id": p.policy_id,
            "name": p.name,
            "type": p.type,
            "aws_managed": p.aws_managed,
            "content": _value(p.document),
            "targets": list(p.targets),
        }
        for p in org.policies
    ]
    return doc
