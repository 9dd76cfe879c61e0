"""Merges what every input file says into one `Snapshot`, checking duplicates and references."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from graph.errors import LoaderError, LoaderErrors
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
from graph.sources import aws_managed
from graph.sources.authdetails import IamPart, arn_account
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


def _put(
    table: dict[str, tuple[T, Where]], arn: str, item: T, where: Where, warnings: list[str]
) -> None:
    """Add an IAM entry. The same ARN twice in one file is an error; in two files (snapshots
    taken days apart) the later file wins, with a warning when the entries differ."""
    known = table.get(arn)
    if known is None:
        table[arn] = (item, where)
        return
    if known[1].file == where.file:
        raise where.error(f"duplicate ARN {arn}: also defined at {known[1]}")
    if known[0] != item:
        warnings.append(
            f"{where}: {arn} differs from {known[1]}; "
            f"using the later file, {where.file} (--snapshot order)"
        )
        table[arn] = (item, where)


class Assembly:
    """Collects the pieces of every file, then builds the snapshot."""

    def __init__(self) -> None:
        self._accounts: dict[str, _AccountParts] = {}
        self.organization: Organization | Unknown | None = None
        self._org_where: Where | None = None
        self.warnings: list[str] = []
        self.errors: list[LoaderError] = []
        """Every problem found; `build` raises them together (`LoaderErrors`)."""
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
        """The users, groups, roles and policies of one file, each into the account its ARN
        names (AWS managed policies into the file's account)."""
        self.warnings.extend(part.warnings)
        self.errors.extend(part.errors)
        for user, where in part.users:
            self._put(self.account(user.account_id).users, user.arn, user, where)
        for group, where in part.groups:
            self._put(self.account(group.account_id).groups, group.arn, group, where)
        for role, where in part.roles:
            self._put(self.account(role.account_id).roles, role.arn, role, where)
        for managed, where in part.policies:
            account = self.account(arn_account(managed.arn) or part.account_id)
            self._put(account.policies, managed.arn, managed, where)

    def _put(self, table: dict[str, tuple[T, Where]], arn: str, item: T, where: Where) -> None:
        try:
            _put(table, arn, item, where, self.warnings)
        except LoaderError as error:
            self.errors.append(error)

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
        """The snapshot, after checking every reference; raises every error found."""
        accounts = tuple(self._build_account(p) for p in sorted(self._accounts.values(), key=_id))
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise LoaderErrors(self.errors, tuple(self.warnings))
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
                    at = where.key("GroupList").index(i)
                    self.errors.append(
                        at.error(
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
                if arn not in policies:  # (the place is made only when there is news)
                    at = where.key("AttachedManagedPolicies").index(i)
                    self._resolve(arn, policies, at, parts)
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
            self.errors.append(
                where.error(f"managed policy {arn} is not in the file's Policies list")
            )
            return
        known = self._aws_managed(arn)
        if known is not None:
            policies[arn] = known
            return
        copy = aws_managed.shipped(arn)
        if copy is not None:
            self.warnings.append(
                f"{where}: AWS managed policy {arn} is not in the file; using cax's shipped "
                f"copy ({copy.default_version_id}, {aws_managed.source()})"
            )
            policies[arn] = copy
            return
        self.warnings.append(f"{where}: {_not_shipped(arn)}")
        policies[arn] = ManagedPolicy(
            arn=arn,
            name=arn.rsplit("/", 1)[-1],
            document=Unknown(aws_managed.UNSHIPPED),
        )

    def _aws_managed(self, arn: str) -> ManagedPolicy | None:
        for other in self._accounts.values():
            if arn in other.policies:
                return other.policies[arn][0]
        return None

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


def _not_shipped(arn: str) -> str:
    """The warning for an AWS managed policy attached without its document that cax does not
    ship: AWS deprecates policies, which keep working where they are attached (IAM User Guide,
    Deprecated AWS managed policies), and the shipped set holds only those AWS still lists."""
    near = aws_managed.closest(arn)
    current = f"; current policies with a close name: {', '.join(near)}" if near else ""
    return (
        f"AWS managed policy {arn} is not in the file and not among the "
        f"{len(aws_managed.shipped_arns()):,} AWS managed policies cax ships "
        f"({aws_managed.source()}): AWS may have deprecated it (a deprecated policy keeps "
        f"working where it is attached) or the name is wrong{current}. Its permissions are "
        "unknown, and so is every answer that depends on them; to evaluate it, pass a "
        "get-account-authorization-details output that lists its document (taken without "
        "--filter) or a `cax collect` snapshot"
    )
