"""The build spread over processes (`jobs`): the parent computes every trust edge, then takes
its share of the access edges, while `jobs - 1` workers compute the others by chunks of
principals. Every edge depends only on its own pair, and deciding statements and equally good
chains are chosen by name (`policy.grant`, `walks`), so the answers are those of one process.

Each worker reads the snapshot and builds its skeleton and evaluator once (`_start`), and keeps
them for all its chunks: what its principals share is evaluated once in it. The trust edges
stay in the parent, whose evaluator shares them best and which would otherwise receive hundreds
of thousands of them. Workers are spawned (not forked: the TUI builds in a thread).
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from typing import Final

from graph.access.build import (
    Built,
    Progress,
    add_access,
    add_foreign_access,
    add_trust,
    no_progress,
    skeleton,
)
from graph.access.collector import building
from graph.access.evaluator import Evaluator
from graph.access.policies import PolicyBook
from graph.access.shared_edges import AccessMultiGraph, add_shared_edge
from graph.access.walks import forget
from graph.policy.model import ContextValue
from graph.snapshot import Snapshot

PAYS_FROM: Final = 5_000
"""Principals from which spreading the build over processes pays (below, one process). On
this machine's 2 cores (two processes run a third slower each than one alone), two jobs
built 12,000 principals 13-15% sooner (stamped 14.8-15.4 s against 17.4 s, diverse
52.5-55.6 s against 60-66 s) and 2,500 a little later (6.0-6.4 s against 5.9 s): a worker
starts, reads the snapshot and builds its skeleton before its first chunk."""
MIN_CORES: Final = 2
"""Jobs, and cores, from which it can pay."""
CHUNKS_PER_JOB: Final = 8
"""Access chunks per job: enough for the parent and the workers to end together."""

Edge = tuple[str, str, str, dict[str, object]]


def default_jobs() -> int:
    """All cores."""
    return os.cpu_count() or 1


def worth_it(snapshot: Snapshot, jobs: int) -> bool:
    """Whether `jobs` processes would build this snapshot sooner than one: two or more on as
    many cores, for an organisation large enough (`MIN_CORES`, `PAYS_FROM`)."""
    if min(jobs, os.cpu_count() or 1) < MIN_CORES:
        return False
    principals = sum(1 for _ in snapshot.users()) + sum(1 for _ in snapshot.roles())
    return principals >= PAYS_FROM


@building
def build_parallel(
    snapshot: Snapshot, evaluator: Evaluator, jobs: int, progress: Progress | None = None
) -> Built:
    """The whole graph: trust edges here, access edges here and in `jobs - 1` workers. The
    parent takes chunks from the end of the queue; each worker, one at a time from its front,
    gets the next as soon as it hands one back (a callback), so that none waits for the parent
    and all end together."""
    report = progress or no_progress
    jobs = min(jobs, os.cpu_count() or 1)  # more processes than cores only wait for each other
    built = skeleton(snapshot, evaluator)
    chunks = deque(_split(list(built.actors), CHUNKS_PER_JOB * jobs))
    total, done = len(built.actors), 0
    lock = threading.RLock()  # a callback may run at once, in the thread that submits
    running: dict[Future[list[Edge]], int] = {}
    with ProcessPoolExecutor(
        max_workers=jobs - 1,
        mp_context=get_context("spawn"),
        initializer=_start,
        initargs=(snapshot, dict(evaluator.assumptions)),
    ) as pool:

        def handed_back(_future: Future[list[Edge]]) -> None:
            with lock:
                if chunks:
                    submit(chunks.popleft())

        def submit(chunk: list[str]) -> None:
            future = pool.submit(_access_chunk, chunk)
            running[future] = len(chunk)
            future.add_done_callback(handed_back)

        try:
            with lock:
                for _ in range(jobs - 1):
                    if chunks:
                        submit(chunks.popleft())
            add_trust(built, evaluator, snapshot, report)
            while True:
                with lock:
                    finished = [f for f in running if f.done()]
                    sizes = [running.pop(f) for f in finished]
                    chunk = chunks.pop() if chunks else None
                    waiting = list(running)
                for future, size in zip(finished, sizes, strict=True):
                    for source, target, key, data in future.result():
                        add_shared_edge(built.graph, source, target, key, data)
                    done += size
                    report("access", done, total)
                if chunk is not None:
                    part = Built(built.graph, {n: built.actors[n] for n in chunk}, built.targets)
                    add_access(part, evaluator, snapshot)
                    done += len(chunk)
                    report("access", done, total)
                elif waiting:
                    wait(waiting, return_when=FIRST_COMPLETED)
                elif not finished:
                    break
        except BaseException:
            with lock:  # a failed worker, a stopped build: no more chunks, none waited for
                chunks.clear()
                for future in running:
                    future.cancel()
            raise
    forget(built.graph)
    add_foreign_access(built, evaluator, snapshot)
    return built


def _split(items: list[str], parts: int) -> list[list[str]]:
    size = max(1, -(-len(items) // max(1, parts)))
    return [items[i : i + size] for i in range(0, len(items), size)]


_STATE: dict[str, tuple[Snapshot, Evaluator, Built]] = {}
"""A worker's snapshot, evaluator and skeleton, made once (`_start`) for all its chunks."""


def _start(snapshot: Snapshot, context: Mapping[str, ContextValue]) -> None:
    evaluator = Evaluator(PolicyBook(), context)
    _STATE["worker"] = (snapshot, evaluator, skeleton(snapshot, evaluator))


def _access_chunk(actors: list[str]) -> list[Edge]:
    """Access edges of these principals, gathered in a graph of their own."""
    snapshot, evaluator, base = _STATE["worker"]
    part = Built(AccessMultiGraph(), {node: base.actors[node] for node in actors}, base.targets)
    add_access(part, evaluator, snapshot)
    return [(u, v, k, d) for u, v, k, d in part.graph.edges(keys=True, data=True)]
