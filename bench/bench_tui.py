"""TUI timings: first paint, full reachability, search keystrokes (demo and 12,000 principals).

`python -m bench tui`. The synthetic organisations are `graph.synthetic.generate()`'s default
size: 10,000 roles and 2,000 users (plus 300 groups) in 10 accounts, 500 repositories, in the
stamped and the diverse profile (goal: first paint < 3 s on both).
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
from collections.abc import Callable
from typing import Any

from textual.widgets import Input
from textual.worker import WorkerCancelled

import graph
from graph.search import SearchIndex
from tui.app import CaxApp
from tui.principals_state import PrincipalList, account_labels
from tui.widgets import PrincipalTree

QUERIES = ("r", "ro", "rol", "role", "dep", "deplpub", "team=", "svc-1", "a", "e", "s", "u1")
TYPED = "role0099"
"""Typed into the running app's search box, one key at a time."""


async def _timings(source: Callable[[], graph.Snapshot]) -> dict[str, Any]:
    """Seconds to the principal list painted and to reachability; keystroke→list in the UI."""
    app = CaxApp(source, "bench")
    app.animation_level = "none"
    start = time.perf_counter()
    painted = ready = 0.0
    keystrokes: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:
        while not ready:
            # every 10 ms until the first paint; then a look every 0.1 s, as asking the app
            # 100 times a second would take its interpreter from the build's thread
            if painted:
                await asyncio.sleep(0.1)
            else:
                await pilot.pause(0.01)
            tree = app.main.query_one(PrincipalTree)
            if not painted and tree.principals is not None:
                painted = time.perf_counter() - start
            if app.access_graph is not None:
                ready = time.perf_counter() - start
            if time.perf_counter() - start > 600:
                break
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        # Keystroke → filtered list, measured in the app (the input edited directly: a pilot's
        # key press also waits for the app to go idle, which would be timed too).
        search = app.main.query_one("#search", Input)
        search.focus()
        await pilot.pause()
        tree = app.main.query_one(PrincipalTree)
        for char in TYPED:
            typed = search.value + char
            pressed = time.perf_counter()
            search.insert_text_at_cursor(char)
            while tree.principals is None or tree.principals.query != typed:
                await asyncio.sleep(0.0005)
                if time.perf_counter() - pressed > 5:
                    break
            keystrokes.append(time.perf_counter() - pressed)
            await pilot.pause()
        assert search.value == TYPED
    return {"first paint": painted, "reachability": ready, "ui keystrokes": keystrokes}


def _search_latency(snapshot: graph.Snapshot) -> list[float]:
    """Keystroke-to-results times of the principal list while typing each query, in seconds."""
    principals = PrincipalList.of(SearchIndex.of(snapshot), account_labels(snapshot))
    times = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            principals.matching(query[:end])
            times.append(time.perf_counter() - start)
    return times


def _report(name: str, snapshot: graph.Snapshot) -> None:
    principals = sum(len(a.users) + len(a.groups) + len(a.roles) for a in snapshot.accounts)
    timings = asyncio.run(_timings(lambda: snapshot))
    search = _search_latency(snapshot)
    ui = timings["ui keystrokes"]
    print(
        f"tui {name:<14} principals {principals:>6}"
        f"  first paint {timings['first paint']:6.2f} s"
        f"  reachability {timings['reachability']:6.2f} s",
        flush=True,
    )
    print(
        f"tui {name:<14} search keystroke median {statistics.median(search) * 1000:5.1f} ms"
        f"  worst {max(search) * 1000:5.1f} ms"
        f"  · in the app, key→list median {statistics.median(ui) * 1000:5.1f} ms"
        f"  worst {max(ui) * 1000:5.1f} ms",
        flush=True,
    )


def main() -> None:
    _report("demo", graph.demo_snapshot())
    try:
        from graph.synthetic import generate
    except ImportError:
        print("tui 12k: graph.synthetic is not available")
        return
    _report("synthetic 12k", generate(roles=10_000, users=2_000))
    _report("diverse 12k", generate(roles=10_000, users=2_000, profile="diverse"))


if __name__ == "__main__":
    main()
