"""`who_can(..., all_chains=True)` and `paths` list chains per identity a principal can become
(and, for a read, per repository it reads that serves the resource): at most two, not every
order of the roles on the way, so finite where `role/*` holders may assume hundreds of roles
that trust their account's root; the best chain is always among them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pytest

import graph
from graph.access import Reach
from graph.access.hops import access_hops, edge_verdict, role_chains, upstream_closure
from graph.access.results import Chain, Hop


@pytest.fixture
def account(role_star_account: graph.AccessGraph) -> graph.AccessGraph:
    return role_star_account


def _end(hops: Sequence[Hop]) -> tuple[str, str]:
    """The identity whose own access the chain uses, and what it accesses (the resource, or
    for a read a repository that serves it)."""
    return next((h.source, h.target) for h in hops if h.kind == "access")


@pytest.mark.parametrize("capability", ["read", "publish", "admin", "login"])
def test_the_best_chain_first_and_at_most_two_per_identity_and_access(
    account: graph.AccessGraph, capability: str
) -> None:
    listed = 0
    for repository in account.snapshot.repositories():
        best = {r.principal: r for r in account.who_can(repository.arn, capability)}
        every = account.who_can(repository.arn, capability, all_chains=True)
        first: dict[str, Reach] = {}
        for reach in every:
            first.setdefault(reach.principal, reach)
        assert first.keys() == best.keys()
        for principal, reach in first.items():
            wanted = best[principal]
            assert (reach.verdict, len(reach.chain.hops)) == (
                wanted.verdict,
                len(wanted.chain.hops),
            )
        per_end = Counter((r.principal, _end(r.chain.hops)) for r in every)
        assert max(per_end.values(), default=0) <= 2
        assert len({(r.principal, r.chain.hops) for r in every}) == len(every)  # no repeats
        listed += len(every)
    assert listed > 1_000  # many identities per principal: the roles trusting the root


def test_paths_lists_a_chain_per_identity_with_the_best_first(
    account: graph.AccessGraph,
) -> None:
    repository = next(account.snapshot.repositories()).arn
    many = 0
    for user in account.snapshot.users():
        chains = account.paths(user.arn, repository, "read")
        reach = [r for r in account.reachable(user.arn) if r.resource == repository]
        reached = [r for r in reach if r.capability == "read" and r.verdict.reaches]
        if not chains:
            assert not reached
            continue
        if reached:
            assert (chains[0].verdict, len(chains[0].hops)) == (
                reached[0].verdict,
                len(reached[0].chain.hops),
            )
        ends = Counter(_end(c.hops) for c in chains)
        assert max(ends.values()) <= 2
        many = max(many, len(chains))
    assert many > 10


def _scanned_paths(
    account: graph.AccessGraph, start: str, resource: str, capability: str
) -> list[Chain]:
    """`paths` read off every out-edge of each actor, as before it looked its targets up."""
    g = account.graph
    chains = []
    for actor, prefix in role_chains(g, start):
        for _, target, data in g.out_edges(actor, data=True):
            if data.get("kind") != "access" or data.get("capability") != capability:
                continue
            own = (*prefix, *access_hops(g, actor, target, data))
            if target == resource:
                chains.append(Chain(own))
            elif capability == "read" and edge_verdict(data).reaches:
                chains.extend(
                    Chain((*own, *hops))
                    for up, hops in upstream_closure(g, target)
                    if up == resource
                )
    return chains


@pytest.mark.parametrize("which", ["account", "demo_graph"])
def test_paths_are_those_a_scan_of_every_edge_finds(
    which: str, request: pytest.FixtureRequest
) -> None:
    """Also through upstreams: the demo's reads are served through them."""
    account: graph.AccessGraph = request.getfixturevalue(which)
    snapshot = account.snapshot
    resources = [r.arn for r in (*snapshot.repositories(), *snapshot.domains())]
    found = 0
    step = 7 if which == "account" else 1
    for principal in [p.arn for p in (*snapshot.users(), *snapshot.roles())][::step]:
        for resource in resources:
            for capability in ("login", "read", "publish", "admin"):
                chains = account.paths(principal, resource, capability)
                scanned = _scanned_paths(account, principal, resource, capability)
                assert Counter(chains) == Counter(scanned), (principal, resource, capability)
                found += len(chains)
    assert found > (1_000 if which == "account" else 100)
