"""The new snapshot of a diff with every item equal to the old one's made that very object.

Two snapshots read from two files share no objects, even where nothing changed. A graph of a
changed copy (`AccessGraph.changed`) takes the old graph's actors for principals whose every
input is the same object, and its compiled policies: with the equal items shared, a diff
builds and compiles only what changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol, TypeVar

from graph.model import Account
from graph.snapshot import Snapshot


class _Named(Protocol):
    @property
    def arn(self) -> str: ...


T = TypeVar("T", bound=_Named)


def sharing(old: Snapshot, new: Snapshot) -> Snapshot:
    """`new`, its organisation, accounts and their items replaced by `old`'s where equal."""
    organization = old.organization if new.organization == old.organization else new.organization
    before = {a.id: a for a in old.accounts}
    accounts = tuple(_account(before.get(a.id), a) for a in new.accounts)
    return replace(new, accounts=accounts, organization=organization)


def _account(old: Account | None, new: Account) -> Account:
    if old is None:
        return new
    if old == new:
        return old
    return replace(
        new,
        users=_items(old.users, new.users),
        groups=_items(old.groups, new.groups),
        roles=_items(old.roles, new.roles),
        policies=_items(old.policies, new.policies),
        domains=_items(old.domains, new.domains),
        repositories=_items(old.repositories, new.repositories),
        package_groups=_items(old.package_groups, new.package_groups),
    )


def _items(old: Sequence[T], new: Sequence[T]) -> tuple[T, ...]:
    """Each new item, or the old one with its ARN where the two are equal."""
    by_arn = {item.arn: item for item in old}
    found = []
    for item in new:
        was = by_arn.get(item.arn)
        found.append(was if was is not None and was == item else item)
    return tuple(found)
