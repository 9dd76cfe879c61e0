"""Plain-Python state the widgets display: the principal index and its search."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from graph import Snapshot
from graph.model import Group, Role, User

Kind = Literal["user", "group", "role"]


@dataclass(frozen=True)
class PrincipalEntry:
    """One user, group or role as the principal list shows it."""

    kind: Kind
    arn: str
    name: str
    account_id: str
    account_label: str
    item: User | Group | Role
    haystack: str

    @property
    def short(self) -> str:
        """`user/NAME`, `group/NAME` or `role/NAME`."""
        return f"{self.kind}/{self.name}"


def _haystack(item: User | Group | Role) -> str:
    tags = getattr(item, "tags", {})
    words = [item.name, item.arn, *(f"{k}={v}" for k, v in tags.items())]
    return " ".join(words).lower()


@dataclass(frozen=True)
class PrincipalIndex:
    """Every principal of a snapshot, in account order, filterable by a query."""

    entries: tuple[PrincipalEntry, ...]
    query: str = ""

    @classmethod
    def of(cls, snapshot: Snapshot) -> PrincipalIndex:
        """All users, groups and roles, grouped by account."""
        entries: list[PrincipalEntry] = []
        for account in snapshot.accounts:
            items: Iterable[tuple[Kind, User | Group | Role]] = [
                *(("user", u) for u in account.users),
                *(("group", g) for g in account.groups),
                *(("role", r) for r in account.roles),
            ]
            for kind, item in items:
                entries.append(
                    PrincipalEntry(
                        kind, item.arn, item.name, account.id, account.label, item, _haystack(item)
                    )
                )
        return cls(tuple(entries))

    def matching(self, query: str) -> PrincipalIndex:
        """The entries whose name, ARN or tags contain every word of `query` (case-insensitive)."""
        words = query.lower().split()
        if not words:
            return PrincipalIndex(self.entries, "")
        kept = tuple(e for e in self.entries if all(w in e.haystack for w in words))
        return PrincipalIndex(kept, query)

    def by_account(self) -> dict[str, list[PrincipalEntry]]:
        """Entries grouped by account label, in snapshot order."""
        groups: dict[str, list[PrincipalEntry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.account_label, []).append(entry)
        return groups
