"""Reads CodeArtifact domains, repositories and package groups, in cax's form or as AWS prints them.

Each item becomes a *patch*: the fields one file says about one ARN. Patches from several files
(`describe-repository` here, `get-repository-permissions-policy` there) merge into one resource.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from graph.model import ExternalConnection, Policy, Unknown
from graph.sources.documents import parse_document
from graph.sources.reader import (
    Where,
    as_list,
    as_object,
    as_str,
    is_account_id,
    opt_str,
    tags_of,
    unknown_of,
)

Kind = Literal["domain", "repository", "package-group"]


@dataclass(frozen=True)
class Patch:
    """What one file says about one CodeArtifact resource."""

    kind: Kind
    arn: str
    fields: dict[str, Any]
    where: Where

    @property
    def region(self) -> str:
        """The region in the ARN."""
        return self.arn.split(":")[3]

    @property
    def account_id(self) -> str:
        """The account in the ARN."""
        return self.arn.split(":")[4]


def parse_arn(arn: str, where: Where) -> tuple[Kind, str, str, list[str]]:
    """(kind, region, account, names after the kind) of a CodeArtifact ARN, or a loader error."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "codeartifact":
        raise where.error(f"not a CodeArtifact ARN: {arn!r}")
    if not is_account_id(parts[4]):
        raise where.error(f"not an AWS account id in {arn!r}")
    kind, _, rest = parts[5].partition("/")
    names = rest.split("/")
    expected = {"domain": 1, "repository": 2}
    if kind == "package-group":
        if not rest or "/" not in rest:
            raise where.error(f"not a package group ARN: {arn!r}")
        return "package-group", parts[3], parts[4], [rest.split("/", 1)[0]]
    if kind not in expected or len(names) != expected[kind] or not all(names):
        raise where.error(f"not a CodeArtifact domain or repository ARN: {arn!r}")
    return kind, parts[3], parts[4], names  # type: ignore[return-value]


def policy_field(value: object, where: Where, name: str, arn: str) -> Policy | Unknown | None:
    """A resource policy: absent (`None`), unknown, or a parsed document."""
    if value is None:
        return None
    marker = unknown_of(value, where)
    if marker is not None:
        return marker
    return Policy(name=name, document=parse_document(value, where), arn=arn)


def _tags(obj: dict[str, Any], where: Where) -> dict[str, str] | Unknown | None:
    if "tags" not in obj:
        return None
    return unknown_of(obj["tags"], where.key("tags")) or tags_of(obj["tags"], where.key("tags"))


def domain_patch(value: object, where: Where) -> Patch:
    """A domain as in a snapshot or in `list-domains` / `describe-domain` output."""
    obj = as_object(value, where)
    name = opt_str(obj, "name", where)
    owner = opt_str(obj, "owner", where)
    arn = opt_str(obj, "arn", where)
    if not arn:
        raise where.error("missing required field 'arn'")
    kind, _region, account, names = parse_arn(arn, where.key("arn"))
    if kind != "domain":
        raise where.key("arn").error(f"not a domain ARN: {arn!r}")
    if name and name != names[0]:
        raise where.key("name").error(f"name {name!r} does not match the ARN {arn!r}")
    if owner and owner != account:
        raise where.key("owner").error(f"owner {owner!r} does not match the ARN {arn!r}")
    fields: dict[str, Any] = {}
    if "policy" in obj:
        fields["policy"] = policy_field(
            obj["policy"], where.key("policy"), f"domain policy of {names[0]}", arn
        )
    tags = _tags(obj, where)
    if tags is not None:
        fields["tags"] = tags
    for key, out in (("encryption_key", "encryption_key"), ("encryptionKey", "encryption_key")):
        if obj.get(key) is not None:
            fields[out] = as_str(obj[key], where.key(key))
    if obj.get("status") is not None:
        fields["status"] = as_str(obj["status"], where.key("status"))
    return Patch("domain", arn, fields, where)


def repository_patch(value: object, where: Where) -> Patch:
    """A repository as in a snapshot or in `describe-repository` / `list-repositories` output."""
    obj = as_object(value, where)
    arn = opt_str(obj, "arn", where)
    if not arn:
        raise where.error("missing required field 'arn'")
    kind, _region, account, names = parse_arn(arn, where.key("arn"))
    if kind != "repository":
        raise where.key("arn").error(f"not a repository ARN: {arn!r}")
    for key, expect in (("name", names[1]), ("repositoryName", names[1])):
        given = opt_str(obj, key, where)
        if given and given != expect:
            raise where.key(key).error(f"{given!r} does not match the ARN {arn!r}")
    for key in ("domain", "domainName"):
        given = opt_str(obj, key, where)
        if given and given != names[0]:
            raise where.key(key).error(f"domain {given!r} does not match the ARN {arn!r}")
    fields: dict[str, Any] = {}
    owner = opt_str(obj, "domain_owner", where) or opt_str(obj, "domainOwner", where)
    if owner:
        fields["domain_owner"] = owner
    admin = opt_str(obj, "administrator_account", where) or opt_str(
        obj, "administratorAccount", where
    )
    if admin:
        fields["administrator_account"] = admin
    if obj.get("description") is not None:
        fields["description"] = as_str(obj["description"], where.key("description"))
    if "policy" in obj:
        fields["policy"] = policy_field(
            obj["policy"], where.key("policy"), f"repository policy of {names[0]}/{names[1]}", arn
        )
    if "upstreams" in obj:
        fields["upstreams"] = _upstreams(obj["upstreams"], where.key("upstreams"))
    for key in ("external_connections", "externalConnections"):
        if key in obj:
            fields["external_connections"] = _connections(obj[key], where.key(key))
    tags = _tags(obj, where)
    if tags is not None:
        fields["tags"] = tags
    del account
    return Patch("repository", arn, fields, where)


def _upstreams(value: object, where: Where) -> tuple[str, ...] | Unknown:
    marker = unknown_of(value, where)
    if marker is not None:
        return marker
    names = []
    for i, item in enumerate(as_list(value, where)):
        at = where.index(i)
        if isinstance(item, dict):
            names.append(as_str(item.get("repositoryName"), at.key("repositoryName")))
        else:
            names.append(as_str(item, at))
    return tuple(names)


def _connections(value: object, where: Where) -> tuple[ExternalConnection, ...] | Unknown:
    marker = unknown_of(value, where)
    if marker is not None:
        return marker
    connections = []
    for i, item in enumerate(as_list(value, where)):
        at = where.index(i)
        if isinstance(item, str):
            connections.append(ExternalConnection(item))
            continue
        obj = as_object(item, at)
        name = opt_str(obj, "name", at) or opt_str(obj, "externalConnectionName", at)
        if not name:
            raise at.error("missing required field 'name'")
        fmt = opt_str(obj, "package_format", at) or opt_str(obj, "packageFormat", at)
        connections.append(ExternalConnection(name, fmt, opt_str(obj, "status", at)))
    return tuple(connections)


def package_group_patch(value: object, where: Where) -> Patch:
    """A package group as in a snapshot or in `list-package-groups` output."""
    obj = as_object(value, where)
    arn = opt_str(obj, "arn", where)
    if not arn:
        raise where.error("missing required field 'arn'")
    kind, _region, _account, names = parse_arn(arn, where.key("arn"))
    if kind != "package-group":
        raise where.key("arn").error(f"not a package group ARN: {arn!r}")
    pattern = opt_str(obj, "pattern", where)
    parent = obj.get("parent")
    if isinstance(parent, dict):
        parent = parent.get("pattern")
    origin: dict[str, str] = {}
    config = obj.get("origin_configuration", obj.get("originConfiguration"))
    if isinstance(config, dict):
        restrictions = config.get("restrictions", config)
        for key, mode in as_object(restrictions, where.key("origin_configuration")).items():
            if isinstance(mode, dict):
                mode = mode.get("effectiveMode") or mode.get("mode")
            origin[key] = as_str(mode, where.key("origin_configuration").key(key))
    fields = {
        "pattern": pattern,
        "domain": names[0],
        "parent": as_str(parent, where.key("parent")) if parent is not None else None,
        "origin_configuration": origin,
    }
    return Patch("package-group", arn, fields, where)
