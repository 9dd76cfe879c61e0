"""`assume_into` inverts the assume index set by set (a built graph's sources share their sets
of roles): every role's callers are those of its incoming edges, and roles share one `Callers`
exactly when their callers are the same."""

from __future__ import annotations

import networkx as nx
import pytest

import graph
from graph.access.assume_index import every_source
from graph.access.labels import RANK
from graph.access.walks import assume_into
from graph.synthetic import generate


def _incoming(g: nx.MultiDiGraph, role: str) -> tuple[tuple[str, int], ...]:
    found = []
    for source, keys in g._pred[role].items():
        data = keys.get("can_assume")
        if data is not None and RANK.get(str(data.get("verdict")), 9) <= 1:
            found.append((source, RANK[str(data["verdict"])]))
    return tuple(sorted(found))


@pytest.mark.parametrize("profile", ["diverse", "stamped"])
def test_callers_are_the_incoming_edges_and_alike_roles_share_them(profile: str) -> None:
    snapshot = generate(
        accounts=2,
        users=30,
        roles=160,
        groups=6,
        policies=30,
        domains=1,
        repositories=4,
        seed=3,
        profile=profile,  # type: ignore[arg-type]
    )
    g = graph.AccessGraph.from_snapshot(snapshot).graph
    sets = [roles for _, split in every_source(g) for roles in split.values()]
    assert len({id(s) for s in sets}) < len(sets)  # the build's sources share sets
    index = assume_into(g)
    by_list: dict[tuple[tuple[str, int], ...], set[int]] = {}
    for role in g.nodes:
        incoming = _incoming(g, role)
        if not incoming:
            assert role not in index
            continue
        callers = index[role]
        assert callers.ordered == incoming
        assert callers.names == tuple(s for s, _ in incoming)
        assert callers.members == frozenset(callers.names)
        assert callers.ranks == dict(incoming)
        assert callers.conditional == frozenset(s for s, rank in incoming if rank)
        by_list.setdefault(incoming, set()).add(id(callers))
    assert all(len(objects) == 1 for objects in by_list.values())
    assert len({c.group for c in index.values()}) == len(by_list)
