"""Merges what every input file says into one `Snapshot`, checking duplicates and references."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from graph.model import (
    Account,
    Domain,
    ManagedPolicy,
    Organization,
    PackageGroup,
    Repository,
    Role,
    Unknown,
    User,
)
from graph.model import Group as IamGroup
from graph.snapshot import Snapshot
from graph.sources.authdetails import IamPart
from graph.sources.aws_managed import KNOWN
from graph.sources.codeartifact import Patch
from graph.sources.reader import Where

T = TypeVar("T")


@dataclass
class _AccountParts:
    id: str
    name: str = ""
    users: dict[str, tuple[User, Where]] = field(default_factory=dict)
    groups: dict[str, tuple[IamGroup, Where]] = field(default_factory=dict)
    roles: dict[str, tuple[Role, Where]] = field(default_factory=dict)
    policies: dict[str, tuple[ManagedPolicy, Where]] = field(default_factory=dict)
    patches: dict[str, tuple[Patch, dict[str, Where]]] = field(default_factory=dict)
    iam_unknown: Unknown | None = None
    region_unknowns: dict[str, Unknown] = field(default_factory=dict)


def _put(table: dict[str, tuple[T, Where]], arn: str, item: T, where: Where) -> None:
    known = table.get(arn)
    if known is not None:
        if known[1].file == where.file or known[0] != item:
            raise where.error(f"duplicate ARN {arn}: also defined at {known[1]}")
        return
    table[arn] = (item, where)


class Assembly:
    """Collects the pieces of every file, then builds the snapshot."""

    def __init__(self) -> None:
        self._accounts: dict[str, _AccountParts] = {}
        self.organization: Organization | Unknown | None = None
        self._org_where: Where | None = None
        self.warnings: list[str] = []
        self.sources: list[str] = []
        self.generated_at: str | None = None

    def account(self, account_id: str, name: str = "") -> _AccountParts:
        """The parts of one account, created on first mention."""
        parts = self._accounts.setdefault(account_id, _AccountParts(account_id))
        if name and not parts.name:
            parts.name = name
        return parts

    def set_organization(self, org: Organization | Unknown, where: Where) -> None:
        """The organisation; only one input may give it."""
        if self._org_where is not None and self.organization != org:
            raise where.error(f"a second organisation; the first is at {self._org_where}")
        self.organization, self._org_where = org, where

    def add_iam(self, part: IamPart) -> None:
        """The users, groups, roles and policies of one account from one file."""
        account = self.account(part.account_id)
        for user, where in part.users:
            _put(account.users, user.arn, user, where)
        for group, where in part.groups:
            _put(account.groups, group.arn, group, where)
        for role, where in part.roles:
            _put(account.roles, role.arn, role, where)
        for managed, where in part.policies:
            _put(account.policies, managed.arn, managed, where)
        self.warnings.extend(part.warnings)

    def add_patch(self, patch: Patch) -> None:
        """What one file says about one domain, repository or package group."""
        account = self.account(patch.account_id)
        known = account.patches.get(patch.arn)
        if known is None:
            origins = dict.fromkeys(patch.fields, patch.where)
            account.patches[patch.arn] = (patch, origins)
            return
        first, origins = known
        if first.where.file == patch.where.file:
            raise patch.where.error(f"duplicate ARN {patch.arn}: also defined at {first.where}")
        for key, value in patch.fields.items():
            if key in first.fields and first.fields[key] != value:
                raise patch.where.error(
                    f"{key} of {patch.arn} differs from what {origins[key]} says"
                )
            first.fields[key] = value
            origins.setdefault(key, patch.where)

    def build(self) -> Snapshot:
        """The snapshot, after checking every reference."""
        accounts = tuple(self._build_account(p) for p in sorted(self._accounts.values(), key=_id))
        return Snapshot(
            accounts=accounts,
            organization=self.organization,
            warnings=tuple(self.warnings),
            sources=tuple(self.sources),
            generated_at=self.generated_at,
        )

    def _build_account(self, parts: _AccountParts) -> Account:
        policies = {arn: item for arn, (item, _) in parts.policies.items()}
        group_names = {g.name for g, _ in parts.groups.values()}
        for user, where in parts.users.values():
            for i, name in enumerate(user.group_names):
                if name not in group_names:
                    raise (
                        where.key("GroupList")
                        .index(i)
                        .error(
                            f"user {user.name!r} is in group {name!r}, "
                            f"which is not in account {parts.id}"
                        )
                    )
        holders: list[tuple[User | IamGroup | Role, Where]] = [
            *parts.users.values(),
            *parts.groups.values(),
            *parts.roles.values(),
        ]
        for holder, where in holders:
            for i, arn in enumerate(holder.attached_policy_arns):
                self._resolve(arn, policies, where.key("AttachedManagedPolicies").index(i), parts)
            boundary = getattr(holder, "boundary_arn", None)
            if boundary:
                self._resolve(boundary, policies, where.key("PermissionsBoundary"), parts)
        domains, repositories, groups = self._codeartifact(parts)
        return Account(
            id=parts.id,
            name=parts.name,
            users=tuple(u for u, _ in parts.users.values()),
            groups=tuple(g for g, _ in parts.groups.values()),
            roles=tuple(r for r, _ in parts.roles.values()),
            policies=tuple(policies.values()),
            domains=domains,
            repositories=repositories,
            package_groups=groups,
            iam_unknown=parts.iam_unknown,
            region_unknowns=dict(parts.region_unknowns),
        )

    def _resolve(
        self, arn: str, policies: dict[str, ManagedPolicy], where: Where, parts: _AccountParts
    ) -> None:
        if arn in policies:
            return
        account = arn.split(":")[4] if arn.count(":") >= 5 else ""
        if account != "aws":
            if parts.iam_unknown is not None:
                return
            raise where.error(f"managed policy {arn} is not in the file's Policies list")
        known = self._aws_managed(arn)
        if known is not None:
            policies[arn] = known
            return
        self.warnings.append(
            f"{where}: AWS managed policy {arn} is not in the file; its permissions are unknown"
        )
        policies[arn] = ManagedPolicy(
            arn=arn,
            name=arn.rsplit("/", 1)[-1],
            document=Unknown("AWS managed policy not included in the input"),
        )

    def _aws_managed(self, arn: str) -> ManagedPolicy | None:
        for other in self._accounts.values():
            if arn in other.policies:
                return other.policies[arn][0]
        return KNOWN.get(arn)

    def _codeartifact(
        self, parts: _AccountParts
    ) -> tuple[tuple[Domain, ...], tuple[Repository, ...], tuple[PackageGroup, ...]]:
        domains, repositories, groups = [], [], []
        for patch, _origins in parts.patches.values():
            f = patch.fields
            if patch.kind == "domain":
                domains.append(_domain(patch, f))
            elif patch.kind == "repository":
                repositories.append(_repository(patch, f))
            else:
                groups.append(_package_group(patch, f))
        names = {(r.domain_arn, r.name) for r in repositories}
        domain_arns = {d.arn for d in domains} | {
            d.arn for a in self._accounts.values() for d in _domain_arns(a)
        }
        for repo in repositories:
            if repo.domain_arn not in domain_arns:
                self.warnings.append(
                    f"{repo.arn}: its domain {repo.domain_arn} is not in the input; "
                    "the domain policy is unknown"
                )
            if isinstance(repo.upstreams, Unknown):
                continue
            for upstream in repo.upstreams:
                if (repo.domain_arn, upstream) not in names:
                    self.warnings.append(f"{repo.arn}: upstream {upstream!r} is not in the input")
        return tuple(domains), tuple(repositories), tuple(groups)


def _id(parts: _AccountParts) -> str:
    return parts.id


def _domain_arns(parts: _AccountParts) -> list[Domain]:
    return [_domain(p, p.fields) for p, _ in parts.patches.values() if p.kind == "domain"]


def _domain(patch: Patch, f: dict[str, Any]) -> Domain:
    return Domain(
        name=patch.arn.split("/", 1)[1],
        owner=patch.account_id,
        region=patch.region,
        arn=patch.arn,
        policy=f.get("policy"),
        tags=f.get("tags", {}),
        encryption_key=f.get("encryption_key", ""),
        status=f.get("status", ""),
    )


def _repository(patch: Patch, f: dict[str, Any]) -> Repository:
    domain, name = patch.arn.split("/", 1)[1].split("/")
    return Repository(
        name=name,
        domain=domain,
        domain_owner=f.get("domain_owner", patch.account_id),
        region=patch.region,
        arn=patch.arn,
        administrator_account=f.get("administrator_account", patch.account_id),
        description=f.get("description", ""),
        policy=f.get("policy"),
        upstreams=f.get("upstreams", ()),
        external_connections=f.get("external_connections", ()),
        tags=f.get("tags", {}),
    )


def _package_group(patch: Patch, f: dict[str, Any]) -> PackageGroup:
    return PackageGroup(
        arn=patch.arn,
        pattern=f["pattern"],
        domain=f["domain"],
        domain_owner=patch.account_id,
        region=patch.region,
        parent=f["parent"],
        origin_configuration=f["origin_configuration"],
    )
