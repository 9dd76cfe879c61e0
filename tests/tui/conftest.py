"""Shared set-up for UI tests: deterministic apps (no blink, no animation, workers awaited)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled, get_current_worker

import graph
from graph.access.build import Progress
from graph.policy.model import ContextValue
from tui.app import CaxApp, make_app

MATEO_ERROR = (
    "User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: "
    "codeartifact:ReadFromRepository on resource: "
    "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal "
    "because no identity-based policy allows the codeartifact:ReadFromRepository action"
)


def quiet(app: CaxApp) -> CaxApp:
    """The app with animations off, so snapshots and timings are repeatable."""
    app.animation_level = "none"
    return app


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Cursors stay visible: a blink mid-snapshot would make the SVG differ."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
    yield


@pytest.fixture
def demo_app() -> CaxApp:
    return quiet(make_app(()))


def app_on(paths: Sequence[str]) -> CaxApp:
    """The app on snapshot files."""
    return quiet(make_app(paths))


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every worker (load → reach → why) has finished and messages are handled:
    rounds until two in a row start no worker (a worker's result starts the next; the second
    round runs what the first one's handlers left for after a refresh)."""
    quiet_rounds = 0
    for _ in range(6):
        with contextlib.suppress(WorkerCancelled):  # an exclusive worker replaced by a newer one
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        quiet_rounds = quiet_rounds + 1 if all(w.is_finished for w in pilot.app.workers) else 0
        if quiet_rounds == 2:
            return


async def open_mateo_npm_read(pilot: Pilot[Any]) -> None:
    """Search mateojackson, open his reach, move to npm-internal × read (a denied pull).

    The name is put in the search box whole, not typed key by key: each key selects the first
    match and builds its reach (a second per test, for the twelve keys); the tests of the
    search type theirs."""
    await settle(pilot)
    await pilot.press("slash")
    pilot.app.screen.query_one("#search", Input).value = "mateojackson"
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("enter")  # into the reach table
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, CaxApp)
    from tui.widgets import ReachTable

    table = app.main.query_one(ReachTable)
    assert table.matrix is not None
    row = next(
        i for i, r in enumerate(table.matrix.rows) if r.resource.endswith("/acme/npm-internal")
    )
    table.move_cursor(row=row, column=2, animate=False)
    await settle(pilot)


Step = tuple[str, int, int]


class GatedBuild:
    """Stands in for `AccessGraph.from_snapshot`: reports batches of progress, each followed by a
    checkpoint where it waits for the test, then builds for real.

    `reached(i)` returns once the app has handled every message batch `i` caused (a callback
    queued behind them signals it), so a Pilot test sees those reports on screen without timing.
    """

    def __init__(
        self, app: CaxApp, real: Callable[..., graph.AccessGraph], *batches: Sequence[Step]
    ) -> None:
        self.app = app
        self.batches = batches
        self._arrived = [asyncio.Event() for _ in batches]
        self._go = [threading.Event() for _ in batches]
        self._real = real

    def build(
        self,
        snapshot: graph.Snapshot,
        context: Mapping[str, ContextValue] | None = None,
        *,
        progress: Progress | None = None,
    ) -> graph.AccessGraph:
        """Runs in the load worker's thread."""
        assert progress is not None, "the app builds without a progress callback"
        worker = get_current_worker()
        for batch, arrived, go in zip(self.batches, self._arrived, self._go, strict=True):
            for stage, done, total in batch:
                progress(stage, done, total)
            self.app.call_later(arrived.set)  # queued behind the progress messages
            deadline = time.monotonic() + 60  # never hang the suite on a test that forgot
            while not go.wait(0.02) and not worker.is_cancelled and time.monotonic() < deadline:
                pass
        return self._real(snapshot, context)

    async def reached(self, checkpoint: int) -> None:
        """Wait until the app has shown batch `checkpoint`."""
        await self._arrived[checkpoint].wait()

    def release(self, checkpoint: int) -> None:
        """Let the build go on past batch `checkpoint`."""
        self._go[checkpoint].set()


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., GatedBuild]]:
    """`gated(app, *batches)`: the app's next builds go through a new `GatedBuild`."""
    gates: list[GatedBuild] = []
    real = graph.AccessGraph.from_snapshot

    def install(app: CaxApp, *batches: Sequence[Step]) -> GatedBuild:
        gate = GatedBuild(app, real, *batches)
        monkeypatch.setattr(graph.AccessGraph, "from_snapshot", gate.build)
        gates.append(gate)
        return gate

    yield install
    for gate in gates:  # a build still waiting at a gate finishes
        for go in gate._go:
            go.set()
