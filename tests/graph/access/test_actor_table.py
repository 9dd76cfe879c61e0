"""`ActorTable` builds each actor when first read, and otherwise reads as the plain dict the
build used to make: every user and role, in the snapshot's order."""

from __future__ import annotations

import threading
import time

import graph
from graph.access.actor_table import ActorTable
from graph.access.actors import Actor, build_actor, build_root_actor
from graph.access.policies import PolicyBook
from graph.model import Role, User


def test_actors_are_built_on_first_read_and_read_in_order() -> None:
    snapshot = graph.demo_snapshot()
    book = PolicyBook()
    made: list[str] = []

    def make(item: User | Role) -> Actor:
        made.append(item.arn)
        return build_actor(snapshot, book, item)

    principals = [*snapshot.users(), *snapshot.roles()]
    table = ActorTable(principals, make)
    nodes = [p.arn for p in principals]
    assert list(table) == nodes and len(table) == len(nodes) and table.built == 0
    last = nodes[-1]
    assert last in table and "arn:aws:iam::1:user/nobody" not in table
    assert table[last].node == last and table.get(last) is table[last] and made == [last]
    account = principals[0].account_id
    table[f"account:{account}"] = build_root_actor(snapshot, book, account)
    assert [a.node for a in table.values()] == [*nodes, f"account:{account}"]
    assert sorted(made) == sorted(nodes)  # each built once
    assert [n for n, _ in table.items()] == list(table)


def test_two_threads_asking_for_one_actor_get_the_same_one() -> None:
    snapshot = graph.demo_snapshot()
    book = PolicyBook()
    user = next(snapshot.users())
    started = threading.Barrier(2)

    def slow(item: User | Role) -> Actor:
        time.sleep(0.05)  # both threads are inside the table before either has built it
        return build_actor(snapshot, book, item)

    table = ActorTable([user], slow)
    found: list[Actor] = []

    def ask() -> None:
        started.wait()
        found.append(table[user.arn])

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 2 and found[0] is found[1]
