"""TUI timings: first paint and full reachability (demo and 12,000 principals), search latency."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from textual.worker import WorkerCancelled

import graph
from graph.search import SearchIndex
from tui.app import CaxApp
from tui.state import PrincipalList, account_labels
from tui.widgets import PrincipalTree

QUERIES = ("r", "ro", "rol", "role", "dep", "deplpub", "team=", "svc-1")


async def _timings(source: Callable[[], graph.Snapshot]) -> dict[str, float]:
    """Seconds from start to the principal list painted, and to reachability ready."""
    app = CaxApp(source, "bench")
    app.animation_level = "none"
    start = time.perf_counter()
    painted = ready = 0.0
    async with app.run_test(size=(120, 36)) as pilot:
        while not ready:
            await pilot.pause(0.01)
            tree = app.main.query_one(PrincipalTree)
            if not painted and tree.principals is not None:
                painted = time.perf_counter() - start
            if app.access_graph is not None:
                ready = time.perf_counter() - start
            if time.perf_counter() - start > 300:
                break
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
    return {"first paint": painted, "reachability": ready}


def _search_latency(snapshot: graph.Snapshot) -> float:
    """The worst keystroke-to-results time while typing each query, in seconds."""
    principals = PrincipalList.of(SearchIndex.of(snapshot), account_labels(snapshot))
    worst = 0.0
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            principals.matching(query[:end])
            worst = max(worst, time.perf_counter() - start)
    return worst


def _report(name: str, snapshot_source: Callable[[], graph.Snapshot], principals: int) -> None:
    timings: dict[str, Any] = asyncio.run(_timings(snapshot_source))
    latency = _search_latency(snapshot_source())
    print(
        f"tui {name:<22} principals {principals:>6}  first paint {timings['first paint']:6.2f} s"
        f"  reachability {timings['reachability']:6.2f} s"
        f"  search keystroke {latency * 1000:5.1f} ms"
    )


def main() -> None:
    demo = graph.demo_snapshot()
    count = sum(len(a.users) + len(a.groups) + len(a.roles) for a in demo.accounts)
    _report("demo", graph.demo_snapshot, count)
    try:
        from graph.synthetic import generate
    except ImportError:
        print("tui 12k: graph.synthetic is not available")
        return
    big = generate(accounts=40, roles=9_000, users=2_500, groups=500, repositories=300)
    count = sum(len(a.users) + len(a.groups) + len(a.roles) for a in big.accounts)
    _report("synthetic 12k", lambda: big, count)


if __name__ == "__main__":
    main()
