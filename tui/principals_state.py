"""Plain-Python state of the principal list: principals grouped by account, then kind, narrowed
by a fuzzy query.

Nothing here imports Textual; `PrincipalList` is unit-testable on a `SearchIndex` alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

import graph
from graph.search import PRINCIPAL_KINDS, Entry, Hit, SearchIndex
from graph.visible import visible

KIND_TITLES: Final = {
    "user": "users",
    "group": "groups",
    "role": "roles",
    "federated": "federated",
    "service": "services",
    "external_account": "external accounts",
    "anyone": "anyone",
}
"""Section titles of the principal list, in display order."""

EXTERNAL: Final = "external principals"
"""The account label under which federated, service and external-account principals sit."""


@dataclass(frozen=True)
class PrincipalSection:
    """The principals of one kind in one account (or among the external principals)."""

    kind: str
    title: str
    entries: tuple[Entry, ...]
    hits: Mapping[str, Hit] = field(default_factory=dict)


@dataclass(frozen=True)
class AccountGroup:
    """One account's principals, by kind."""

    account: str
    label: str
    sections: tuple[PrincipalSection, ...]

    @property
    def name(self) -> str:
        """The account's name without its id (the label for external principals)."""
        return self.label.split(" (", 1)[0]

    @property
    def count(self) -> int:
        """Principals in the account."""
        return sum(len(s.entries) for s in self.sections)


@dataclass(frozen=True)
class PrincipalList:
    """Principals grouped by account, then kind; filtered by a fuzzy query.

    Build it with `PrincipalList.of(index, account_labels)`, narrow it with `.matching(query)`.
    """

    index: SearchIndex
    account_labels: Mapping[str, str]
    groups: tuple[AccountGroup, ...]
    query: str = ""
    total: int = 0
    limit: int = 200

    @classmethod
    def of(
        cls, index: SearchIndex, account_labels: Mapping[str, str], limit: int = 200
    ) -> PrincipalList:
        """Every principal of `index`, in account order (accounts of the snapshot first)."""
        principals = index.of_kind(PRINCIPAL_KINDS)
        groups = _group(principals.entries, account_labels, {})
        return cls(principals, account_labels, groups, "", len(principals), limit)

    def matching(self, query: str) -> PrincipalList:
        """The principals matching `query` (at most `limit`, best first within each section)."""
        if not query.strip():
            groups = _group(self.index.entries, self.account_labels, {})
            return PrincipalList(
                self.index, self.account_labels, groups, "", len(self.index), self.limit
            )
        hits = self.index.search(query, limit=self.limit)
        entries = [self.index.entry(h.node) for h in hits]
        groups = _group(entries, self.account_labels, {h.node: h for h in hits})
        return PrincipalList(self.index, self.account_labels, groups, query, len(hits), self.limit)

    @property
    def first(self) -> Entry | None:
        """The first principal shown (the best hit when filtered)."""
        for group in self.groups:
            for section in group.sections:
                if section.entries:
                    return section.entries[0]
        return None


def _group(
    entries: Iterable[Entry], account_labels: Mapping[str, str], hits: Mapping[str, Hit]
) -> tuple[AccountGroup, ...]:
    by_account: dict[str, dict[str, list[Entry]]] = {}
    for entry in entries:
        external = entry.kind not in ("user", "group", "role") or (
            entry.account not in account_labels
        )
        key = "" if external else entry.account
        by_account.setdefault(key, {}).setdefault(entry.kind, []).append(entry)
    order = [a for a in account_labels if a in by_account]
    if "" in by_account:
        order.append("")
    groups = []
    for account in order:
        kinds = by_account[account]
        sections = tuple(
            PrincipalSection(kind, title, tuple(kinds[kind]), hits)
            for kind, title in KIND_TITLES.items()
            if kind in kinds
        )
        label = account_labels.get(account, EXTERNAL) if account else EXTERNAL
        groups.append(AccountGroup(account, label, sections))
    return tuple(groups)


def account_labels(snapshot: graph.Snapshot) -> dict[str, str]:
    """`name (id)` of every account of the snapshot, in snapshot order (control characters as
    escapes)."""
    return {a.id: visible(f"{a.name} ({a.id})" if a.name else a.id) for a in snapshot.accounts}
