"""The build spread over processes (`jobs`): trust edges by chunks of roles and access edges by
chunks of principals, each chunk in a worker with its own evaluator; the edges come back and
are added to the one graph. Every edge depends only on its own pair, deciding statements and
equally good chains are chosen by name (`policy.grant`, `walks`), so the answers are those of
one process.

Workers are spawned (not forked: the TUI builds in a thread) and get the snapshot pickled, so
a small organisation is built in-process: it would not pay.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Final

from graph.access.assume_index import note
from graph.access.build import Built, Progress, add_access, add_foreign_access, skeleton
from graph.access.collector import building
from graph.access.evaluator import Evaluator
from graph.access.policies import PolicyBook
from graph.access.walks import forget
from graph.policy.model import ContextValue
from graph.snapshot import Snapshot

PAYS_FROM: Final = 5_000
"""Principals from which spreading the build over processes can pay (below, one process)."""
MIN_CORES: Final = 4
"""Cores (and jobs) from which it can pay. Each worker builds its own skeleton and loses the
evaluations the others share, and the parent adds every edge to one graph: on 2 cores, two
processes were never faster (2,500 principals: 9.8 s against 6.3 s; 12,000 stamped: 17.0
against 13.7 s; 12,000 diverse: 65.6 against 66.0 s). The workers' chunks take 2.4-2.9 times
the work of one process in all (33 s of CPU for the 12,000 stamped, 18.5 s for the 2,500),
and the parent 2.4-3.3 s to add their edges: on 4 cores that is about 11 s against 13.7 s
at 12,000 principals, and nothing gained at 2,500."""

Edge = tuple[str, str, str, dict[str, object]]
Nodes = list[tuple[str, dict[str, object]]]
Chunk = Callable[[Snapshot, Mapping[str, ContextValue], list[str]], tuple[Nodes, list[Edge]]]
_ADDED_KINDS: Final = frozenset({"external_account", "anyone", "service", "federated"})


def default_jobs() -> int:
    """All cores."""
    return os.cpu_count() or 1


def worth_it(snapshot: Snapshot, jobs: int) -> bool:
    """Whether `jobs` processes would build this snapshot sooner than one: enough of them,
    on as many cores, for an organisation large enough (`MIN_CORES`, `PAYS_FROM`)."""
    if min(jobs, os.cpu_count() or 1) < MIN_CORES:
        return False
    principals = sum(1 for _ in snapshot.users()) + sum(1 for _ in snapshot.roles())
    return principals >= PAYS_FROM


@building
def build_parallel(
    snapshot: Snapshot, evaluator: Evaluator, jobs: int, progress: Progress | None = None
) -> Built:
    """The whole graph, its trust and access edges computed by `jobs` worker processes."""
    built = skeleton(snapshot, evaluator)
    context = dict(evaluator.assumptions)
    roles = [r.arn for r in snapshot.roles()]
    actors = list(built.actors)
    work: list[tuple[str, Chunk, list[str]]] = [
        *(("trust", _trust_chunk, c) for c in _split(roles, jobs * 2)),
        *(("access", _access_chunk, c) for c in _split(actors, jobs * 2)),
    ]
    done, totals = {"trust": 0, "access": 0}, {"trust": len(roles), "access": len(actors)}
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
        futures: list[tuple[str, int, Future[tuple[Nodes, list[Edge]]]]] = [
            (stage, len(items), pool.submit(task, snapshot, context, items))
            for stage, task, items in work
        ]
        for stage, size, future in futures:
            nodes, edges = future.result()
            for node, attrs in nodes:
                if not built.graph.has_node(node):
                    built.graph.add_node(node, **attrs)
            built.graph.add_edges_from(edges)
            succ = built.graph._succ
            for source, role, key, _data in edges:
                if key == "can_assume":
                    note(built.graph, source, role, succ[source][role][key])
            done[stage] += size
            if progress is not None:
                progress(stage, done[stage], totals[stage])
    forget(built.graph)
    add_foreign_access(built, evaluator, snapshot)
    return built


def _split(items: list[str], parts: int) -> list[list[str]]:
    size = max(1, -(-len(items) // max(1, parts)))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _worker(
    snapshot: Snapshot, context: Mapping[str, ContextValue]
) -> tuple[Built, Evaluator, set[tuple[str, str, str]]]:
    evaluator = Evaluator(PolicyBook(), context)
    built = skeleton(snapshot, evaluator)
    return built, evaluator, set(built.graph.edges(keys=True))


def _added(built: Built, structure: set[tuple[str, str, str]]) -> tuple[Nodes, list[Edge]]:
    """Nodes the worker added (callers outside the snapshot) and its edges beyond structure."""
    g = built.graph
    nodes = [(n, dict(d)) for n, d in g.nodes(data=True) if d.get("kind") in _ADDED_KINDS]
    edges = [
        (u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True) if (u, v, k) not in structure
    ]
    return nodes, edges


def _trust_chunk(
    snapshot: Snapshot, context: Mapping[str, ContextValue], roles: list[str]
) -> tuple[Nodes, list[Edge]]:
    """Edges into these roles."""
    built, evaluator, structure = _worker(snapshot, context)
    edges = built.assume_edges(evaluator, snapshot)
    wanted = set(roles)
    for role in snapshot.roles():
        if role.arn in wanted:
            edges.into(role)
    return _added(built, structure)


def _access_chunk(
    snapshot: Snapshot, context: Mapping[str, ContextValue], actors: list[str]
) -> tuple[Nodes, list[Edge]]:
    """Access edges of these principals."""
    built, evaluator, structure = _worker(snapshot, context)
    built.actors = {node: built.actors[node] for node in actors}
    add_access(built, evaluator, snapshot)
    return _added(built, structure)
