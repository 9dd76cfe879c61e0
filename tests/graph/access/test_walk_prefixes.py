"""A walk's chains (`walks.Prefix`) make their hops only when read, and read the same as hops
made at once; a whole build has read every node's assume edges ahead (`read_ahead`), as a
walk would read them."""

from __future__ import annotations

import networkx as nx

import graph
from graph.access.hops import assume_hop
from graph.access.prefixes import _OUT, _assumes, prefixes_from
from graph.access.results import Hop
from graph.synthetic import generate


def _eager(g: nx.MultiDiGraph, start: str, hops: tuple[Hop, ...]) -> tuple[Hop, ...]:
    """The same chain, each hop made again from the graph's edge."""
    made, source = [], start
    for hop in hops:
        made.append(assume_hop(g, source, hop.target, g.succ[source][hop.target]["can_assume"]))
        source = hop.target
    return tuple(made)


def test_prefixes_read_as_the_hops_of_their_edges() -> None:
    snapshot = generate(accounts=2, users=30, roles=90, groups=6, policies=30, profile="diverse")
    g = graph.AccessGraph.from_snapshot(snapshot).graph
    longest = 0
    for start in [u.arn for u in snapshot.users()] + [r.arn for r in snapshot.roles()]:
        for actor, prefix in prefixes_from(g, start, assume_hop):
            hops = tuple(prefix)
            assert len(prefix) == len(hops)
            assert hops == _eager(g, start, hops)
            assert (hops[-1].target if hops else start) == actor
            assert all(prefix[i] == hops[i] for i in range(len(hops)))
            assert tuple(prefix[1:]) == hops[1:]
            longest = max(longest, len(hops))
    assert longest >= 2  # chains of roles were walked


def test_hops_are_made_only_when_read() -> None:
    made: list[tuple[str, str]] = []

    def counting(g: nx.MultiDiGraph, source: str, role: str, data: dict[str, object]) -> Hop:
        made.append((source, role))
        return assume_hop(g, source, role, data)

    snapshot = generate(accounts=1, users=20, roles=60, groups=4, policies=20, profile="diverse")
    g = graph.AccessGraph.from_snapshot(snapshot).graph
    user = next(snapshot.users()).arn
    found = prefixes_from(g, user, counting)
    assert len(found) > 3 and not made
    deepest = max(found, key=lambda f: len(f[1]))[1]
    list(deepest)
    assert len(made) == len(deepest)  # its own hops and those of the chains it extends


def test_a_whole_build_has_read_every_nodes_assume_edges() -> None:
    snapshot = generate(accounts=1, users=20, roles=60, groups=4, policies=20, profile="diverse")
    access = graph.AccessGraph.from_snapshot(snapshot)
    g = access.graph
    known = _OUT[g]
    assert set(known) >= {u.arn for u in snapshot.users()} | {r.arn for r in snapshot.roles()}
    for node, out in list(known.items()):
        del known[node]
        assert _assumes(g, node) == out  # what a walk would read
