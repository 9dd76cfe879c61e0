"""The build's shortcuts lose nothing on organisations shaped like real accounts (diverse
profile): trust edges found through indexes and shared decisions equal a plain evaluation of
every caller × role pair; who-can's single walk and reachable agree, and both find the best
chain that networkx's shortest paths find per verdict threshold."""

from __future__ import annotations

import networkx as nx
import pytest

import graph
from graph.access import Verdict
from graph.access.access_edges import kept
from graph.access.actor_table import ActorTable
from graph.access.assume_index import assume_out
from graph.access.hops import access_hops, upstream_closure
from graph.access.walks import MAX_DEPTH
from graph.synthetic import generate
from tests.graph.access.plain import access_results, trust_pairs


@pytest.fixture(scope="module", params=[(1, 7), (3, 11)], ids=["one-account", "three-accounts"])
def diverse(request: pytest.FixtureRequest) -> graph.AccessGraph:
    accounts, seed = request.param
    snapshot = generate(
        accounts=accounts,
        users=30,
        roles=100,
        groups=6,
        policies=24 * accounts,
        domains=2,
        repositories=8,
        seed=seed,
        profile="diverse",
    )
    return graph.AccessGraph.from_snapshot(snapshot)


def test_trust_edges_equal_a_plain_evaluation_of_every_pair(diverse: graph.AccessGraph) -> None:
    reaching = 0
    for pair in trust_pairs(diverse):
        where, edge = (pair.actor.node, pair.role.arn), pair.edge
        if pair.verdict.reaches or pair.verdict is Verdict.UNKNOWN:
            assert edge is not None, (*where, pair.verdict)
            assert edge["verdict"] == pair.verdict.value, where
            assert edge["statements"] == [
                f"{r.policy} · {r.label}" for r in pair.decision.statements
            ]
            reaching += 1
        elif edge is not None:
            assert edge["verdict"] == "denied", where
    assert reaching > 50


def test_access_edges_equal_a_plain_evaluation_of_each_caller(diverse: graph.AccessGraph) -> None:
    """What classes, blocks, the prefilter and `unkept` leave out or share is what a plain
    evaluation of each caller finds: every answer that reaches or is unknown is an edge with
    its verdict, and every edge is a result the graph keeps (docs/graph-schema.md)."""
    edges = 0
    for actor, resource, capability, result, edge in access_results(diverse):
        if result.verdict is not Verdict.DENIED:
            assert edge is not None, (actor, resource, capability)
        if edge is not None:
            assert kept(result), (actor, resource, capability)
            assert edge["verdict"] == result.verdict.value, (actor, resource, capability)
            edges += 1
    assert edges > 300


def test_who_can_and_reachable_agree_on_the_best_chain(diverse: graph.AccessGraph) -> None:
    snapshot = diverse.snapshot
    repositories = [r.arn for r in snapshot.repositories()]
    forward = {
        (r.principal, r.resource, r.capability): r
        for p in diverse._built.actors
        for r in diverse.reachable(p)
        if r.verdict.reaches or r.verdict is Verdict.UNKNOWN
    }
    compared = 0
    for repo in repositories:
        for capability in ("login", "read", "publish"):
            for reach in diverse.who_can(repo, capability):
                if reach.principal not in diverse._built.actors:
                    continue
                mine = forward[(reach.principal, repo, capability)]
                assert mine.verdict is reach.verdict, (reach.principal, repo, capability)
                assert len(mine.chain.hops) == len(reach.chain.hops)
                compared += 1
    assert compared > 100


def _oracle(
    g: nx.MultiDiGraph, principal: str, repo: str, capability: str
) -> tuple[int, int] | None:
    """(rank, length) of the best chain, by networkx shortest paths per verdict threshold."""
    ends: list[tuple[str, int, int]] = []  # (actor, rank, hops after it)
    targets = [(repo, 0)]
    if capability == "read":
        for node, data in g.nodes(data=True):
            if data.get("kind") == "repository":
                targets.extend((node, len(h)) for u, h in upstream_closure(g, node) if u == repo)
    for node, extra in targets:
        for actor, _, data in g.in_edges(node, data=True):
            if data.get("kind") == "access" and data.get("capability") == capability:
                rank = Verdict(data["verdict"]).rank
                if rank < Verdict.DENIED.rank:
                    ends.append((actor, rank, len(access_hops(g, actor, node, data)) + extra))
    for threshold in (0, 1, 2):
        h = nx.DiGraph()
        h.add_node(principal)
        for u, v, data in g.edges(data=True):
            if data.get("kind") == "can_assume" and Verdict(data["verdict"]).rank <= min(
                threshold, 1
            ):
                h.add_edge(u, v)
        distance = nx.single_source_shortest_path_length(h, principal, cutoff=MAX_DEPTH)
        lengths = [distance[a] + n for a, rank, n in ends if rank <= threshold and a in distance]
        if lengths:
            return threshold, min(lengths)
    return None


def test_the_best_chain_is_what_shortest_paths_find(diverse: graph.AccessGraph) -> None:
    """Per verdict threshold, networkx's shortest paths find nothing better than who-can."""
    g = diverse.graph
    checked = 0
    for repo in list(diverse.snapshot.repositories())[:3]:
        for capability in ("read", "publish"):
            best = {r.principal: r for r in diverse.who_can(repo.arn, capability)}
            for principal in list(diverse._built.actors)[::4]:
                expected = _oracle(g, principal, repo.arn, capability)
                found = best.get(principal)
                got = None if found is None else (found.verdict.rank, len(found.chain.hops))
                assert got == expected, (principal, repo.arn, capability)
                checked += expected is not None
    assert checked > 10


@pytest.mark.parametrize("which", ["demo", "diverse"])
def test_a_lazy_graph_explains_as_the_whole_graph_does(
    which: str, demo_graph: graph.AccessGraph, diverse: graph.AccessGraph
) -> None:
    """One principal's question on a lazy graph computes its chains only, and answers alike."""
    whole = demo_graph if which == "demo" else diverse
    snapshot = whole.snapshot
    resources = [r.arn for r in snapshot.repositories()][:4]
    every = [*(u.arn for u in snapshot.users()), *(r.arn for r in snapshot.roles())]
    principals = every[:: 2 if which == "demo" else 7]
    for principal in principals:
        lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
        for resource in resources:
            for capability in ("read", "publish"):
                mine = lazy.explain(principal, capability, resource)
                theirs = whole.explain(principal, capability, resource)
                assert mine.verdict is theirs.verdict, (principal, capability, resource)
                assert mine.chain == theirs.chain
                assert mine.alternatives == theirs.alternatives
                assert [f.node for f in mine.fixes] == [f.node for f in theirs.fixes]
        assert lazy.partial_graph.number_of_edges() <= whole.graph.number_of_edges()
    assert not lazy._complete


def test_shared_decisions_name_the_policy_of_their_own_resource(
    diverse: graph.AccessGraph,
) -> None:
    """Roles and repositories whose policies read alike share decisions; the evidence on each
    edge still names that role's trust policy and that repository's policy."""
    g, snapshot = diverse.graph, diverse.snapshot
    checked = 0
    for source, target, data in g.edges(data=True):
        item = snapshot.find(target)
        for label in data.get("statements", ()):
            if label.startswith("trust policy of role/"):
                assert label.startswith(f"trust policy of role/{item.name} · "), (source, target)
                checked += 1
            elif label.startswith("repository policy "):
                assert label.startswith(f"repository policy {item.domain}/{item.name} · ")
                checked += 1
    assert checked > 100


def test_chains_do_not_depend_on_the_order_edges_were_added(diverse: graph.AccessGraph) -> None:
    """Equally good chains tie-break by name: a graph holding the same edges added in reverse
    order gives the very same chains (a lazy graph, another process or build order)."""
    from dataclasses import replace

    from graph.access.queries import reachable, who_can

    g = diverse.graph
    h = nx.MultiDiGraph()
    h.add_nodes_from(g.nodes(data=True))
    h.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    reverse = replace(diverse._built, graph=h)
    for repo in list(diverse.snapshot.repositories())[:4]:
        assert who_can(reverse, repo.arn, "read") == who_can(diverse._built, repo.arn, "read")
    for principal in list(diverse._built.actors)[::9]:
        assert reachable(reverse, principal) == reachable(diverse._built, principal)


def test_a_build_over_processes_gives_the_same_graph(
    diverse: graph.AccessGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`jobs=2` (workers in other processes, each with its own evaluator and classes) adds
    the very same edges, with the same evidence."""
    from graph.access import parallel

    monkeypatch.setattr(parallel, "PAYS_FROM", 0)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    assert parallel.worth_it(diverse.snapshot, 2)
    spread = graph.AccessGraph.from_snapshot(diverse.snapshot, jobs=2)

    def edges(g: nx.MultiDiGraph) -> set[tuple[object, ...]]:
        return {
            (u, v, k, tuple((a, repr(b)) for a, b in sorted(d.items())))
            for u, v, k, d in g.edges(keys=True, data=True)
        }

    assert edges(spread.graph) == edges(diverse.graph)
    assert dict(spread.graph.nodes(data=True)) == dict(diverse.graph.nodes(data=True))
    for node in spread.graph.nodes:  # the parent's assume index is whole
        assert assume_out(spread.graph, node) == assume_out(diverse.graph, node)
    for repo in diverse.snapshot.repositories():
        assert spread.who_can(repo.arn, "read") == diverse.who_can(repo.arn, "read")


def test_a_lazy_graph_knows_callers_outside_the_snapshot(diverse: graph.AccessGraph) -> None:
    """An account outside the snapshot is a node only once trust policies are read: a lazy
    graph asked about one completes itself and answers as the whole graph does."""
    outside = next(
        n for n, d in diverse.graph.nodes(data=True) if d.get("kind") == "external_account"
    )
    lazy = graph.AccessGraph.from_snapshot(diverse.snapshot, lazy=True)
    repo = next(diverse.snapshot.repositories()).arn
    mine, theirs = lazy.explain(outside, "read", repo), diverse.explain(outside, "read", repo)
    assert (mine.verdict, mine.chain) == (theirs.verdict, theirs.chain)


def test_a_lazy_question_builds_only_the_actors_of_its_chains(
    demo_graph: graph.AccessGraph,
) -> None:
    """Actors (every principal's compiled policies) are built when first read: one question
    reads the principal's, the roles it can become and the callers its fixes name."""
    snapshot = demo_graph.snapshot
    repo = next(snapshot.repositories()).arn
    for user in list(snapshot.users())[:3]:
        lazy = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
        mine, theirs = (
            lazy.explain(user.arn, "read", repo),
            demo_graph.explain(user.arn, "read", repo),
        )
        assert (mine.verdict, mine.chain) == (theirs.verdict, theirs.chain)
        actors = lazy._built.actors
        assert isinstance(actors, ActorTable)
        assert user.arn in actors and 0 < actors.built < len(actors) / 3


def test_processes_are_used_only_where_they_pay(
    diverse: graph.AccessGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spreading needs `MIN_CORES` jobs on as many cores, and `PAYS_FROM` principals."""
    from graph.access import parallel

    snapshot = diverse.snapshot
    principals = sum(1 for _ in snapshot.users()) + sum(1 for _ in snapshot.roles())
    monkeypatch.setattr(parallel, "PAYS_FROM", principals)
    monkeypatch.setattr(parallel, "MIN_CORES", 4)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 8)
    assert parallel.worth_it(snapshot, 4) and parallel.worth_it(snapshot, 8)
    assert not parallel.worth_it(snapshot, 3) and not parallel.worth_it(snapshot, 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    assert not parallel.worth_it(snapshot, 8)  # more jobs than cores: no more cores
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(parallel, "PAYS_FROM", principals + 1)
    assert not parallel.worth_it(snapshot, 8)


def test_a_build_over_processes_stops_cleanly(
    diverse: graph.AccessGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build stopped by its progress callback (the TUI's way to abandon one) raises at once,
    and the workers are given no more chunks."""
    from graph.access import parallel

    monkeypatch.setattr(parallel, "PAYS_FROM", 0)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)

    class Stopped(Exception):
        pass

    def stop(stage: str, done: int, total: int) -> None:
        if stage == "trust" and done:
            raise Stopped

    with pytest.raises(Stopped):
        graph.AccessGraph.from_snapshot(diverse.snapshot, jobs=2, progress=stop)
