"""`Snapshot`: everything loaded from files or collected live, with lookups across accounts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from graph.model import (
    Account,
    Domain,
    Group,
    ManagedPolicy,
    Organization,
    PackageGroup,
    Repository,
    Role,
    Unknown,
    User,
)


@dataclass(frozen=True)
class Snapshot:
    """An AWS estate as cax sees it: accounts, their IAM and CodeArtifact, the organisation."""

    accounts: tuple[Account, ...]
    organization: Organization | Unknown | None = None
    warnings: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    generated_at: str | None = None

    def account(self, account_id: str) -> Account | None:
        """The account with this id, if the snapshot holds it."""
        return self._accounts.get(account_id)

    @cached_property
    def _accounts(self) -> dict[str, Account]:
        return {a.id: a for a in self.accounts}

    @property
    def org(self) -> Organization | None:
        """The organisation when it is known; `None` when absent or unreadable."""
        return self.organization if isinstance(self.organization, Organization) else None

    def users(self) -> Iterator[User]:
        """Every IAM user of every account."""
        for account in self.accounts:
            yield from account.users

    def groups(self) -> Iterator[Group]:
        """Every IAM group of every account."""
        for account in self.accounts:
            yield from account.groups

    def roles(self) -> Iterator[Role]:
        """Every IAM role of every account."""
        for account in self.accounts:
            yield from account.roles

    def domains(self) -> Iterator[Domain]:
        """Every CodeArtifact domain of every account and region."""
        for account in self.accounts:
            yield from account.domains

    def repositories(self) -> Iterator[Repository]:
        """Every CodeArtifact repository of every account and region."""
        for account in self.accounts:
            yield from account.repositories

    def package_groups(self) -> Iterator[PackageGroup]:
        """Every CodeArtifact package group."""
        for account in self.accounts:
            yield from account.package_groups

    @cached_property
    def _by_arn(self) -> dict[str, User | Group | Role | Domain | Repository]:
        index: dict[str, User | Group | Role | Domain | Repository] = {}
        for account in self.accounts:
            items: list[User | Group | Role | Domain | Repository] = [
                *account.users,
                *account.groups,
                *account.roles,
                *account.domains,
                *account.repositories,
            ]
            for item in items:
                index[item.arn] = item
        return index

    def find(self, arn: str) -> User | Group | Role | Domain | Repository | None:
        """The user, group, role, domain or repository with this ARN."""
        return self._by_arn.get(arn)

    def group(self, account_id: str, name: str) -> Group | None:
        """A group by account and name."""
        found = self.find(self._group_arns.get((account_id, name), ""))
        return found if isinstance(found, Group) else None

    @cached_property
    def _group_arns(self) -> dict[tuple[str, str], str]:
        return {(g.account_id, g.name): g.arn for g in self.groups()}

    def managed_policy(self, arn: str) -> ManagedPolicy | None:
        """A managed policy by ARN; AWS managed policies are shared by every account."""
        return self._policies.get(arn)

    @cached_property
    def _policies(self) -> dict[str, ManagedPolicy]:
        index: dict[str, ManagedPolicy] = {}
        for account in self.accounts:
            for managed in account.policies:
                known = index.get(managed.arn)
                if known is None or isinstance(known.document, Unknown):
                    index[managed.arn] = managed
        return index

    def to_document(self) -> dict[str, object]:
        """The snapshot as a `cax-snapshot` version 1 JSON document."""
        from graph.sources.save import snapshot_document

        return snapshot_document(self)

    def save(self, path: str | Path) -> None:
        """Write the snapshot as JSON atomically (temp file, then rename), mode 0600."""
        from graph.sources.save import write_json_atomic

        write_json_atomic(Path(path), self.to_document())
