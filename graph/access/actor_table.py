"""The actors of a snapshot's users and roles, each built when first asked for.

Building an actor compiles its policies; on a 12,000-principal account that is two seconds,
while one question (`can`, `explain` on a lazy graph) needs the actors of one principal's
chains. A whole build reads every actor and so builds them all, in the snapshot's order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, ItemsView, Iterable, Iterator, MutableMapping, ValuesView

from graph.access.actors import Actor
from graph.model import Role, User


class ActorTable(MutableMapping[str, Actor]):
    """Actors by node: known for every user and role, built on first use by `make`."""

    def __init__(self, items: Iterable[User | Role], make: Callable[[User | Role], Actor]):
        self._items: dict[str, User | Role | None] = {item.arn: item for item in items}
        """Every node, in order (None for actors set from outside, e.g. an account root)."""
        self._made: dict[str, Actor] = {}
        self._make: Callable[[User | Role], Actor] | None = make
        self._lock = threading.RLock()

    def __getitem__(self, node: str) -> Actor:
        found = self._made.get(node)
        if found is None:
            with self._lock:  # two threads asking for one actor get the same one
                found = self._made.get(node)
                if found is None:
                    item = self._items.get(node)
                    if item is None or self._make is None:
                        raise KeyError(node)
                    found = self._made[node] = self._make(item)
                    if len(self._made) == len(self._items):
                        self._complete()
        return found

    def _complete(self) -> None:
        """All built: what `make` reads may go, and the actors are kept in the snapshot's
        order, so that reading them all is a plain dict's."""
        self._make = None
        self._made = {node: self._made[node] for node in self._items}

    def values(self) -> ValuesView[Actor]:
        """Every actor, in the snapshot's order (each built now if it was not)."""
        if self._make is not None:
            for node in self._items:
                self[node]  # builds it
        return self._made.values()

    def items(self) -> ItemsView[str, Actor]:
        """(node, actor) for every actor, in the snapshot's order (each built now)."""
        self.values()
        return self._made.items()

    def __setitem__(self, node: str, actor: Actor) -> None:
        self._items.setdefault(node, None)
        self._made[node] = actor
        if self._make is None:  # kept complete and in order
            self._made = {n: self._made[n] for n in self._items}

    def __delitem__(self, node: str) -> None:
        del self._items[node]
        self._made.pop(node, None)

    def __contains__(self, node: object) -> bool:
        return node in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def built(self) -> int:
        """How many actors have been built so far."""
        return len(self._made)
