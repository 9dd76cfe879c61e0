"""The loading bar: build progress in words, the time left, the throttle, the bar while a build
runs, and `q` while it runs."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

import pytest
from textual.widgets import ProgressBar

import graph
from graph.access.build import Progress
from graph.policy.model import ContextValue
from tests.tui.conftest import GatedBuild, settle
from tui.app import CaxApp
from tui.progress import BuildStep, Throttle, TimeLeft
from tui.screens import MainScreen
from tui.widgets import LoadingBar


@pytest.mark.parametrize(
    ("step", "words"),
    [
        (BuildStep("trust", 1200, 2000), "evaluating trust policies: 1,200 of 2,000 roles"),
        (BuildStep("access", 3456, 12300), "evaluating access: 3,456 of 12,300 principals"),
        (BuildStep("foreign", 64, 300), "foreign: 64 of 300"),
        (BuildStep("org_units", 0, 7), "org units: 0 of 7"),
    ],
)
def test_a_step_in_words(step: BuildStep, words: str) -> None:
    assert step.words == words


def test_the_time_left_in_words() -> None:
    assert BuildStep("access", 1, 2).time_left == "-:--:-- left"
    assert BuildStep("access", 1, 2, left=65.4).time_left == "0:01:05 left"
    assert BuildStep("access", 1, 2, left=3 * 3600 + 1).time_left == "3:00:01 left"


def test_the_time_left_follows_each_stage_pace() -> None:
    now = [0.0]
    left = TimeLeft(settle=1.0, clock=lambda: now[0])
    assert left("trust", 0, 2000) is None  # the stage's clock starts
    now[0] = 0.5
    assert left("trust", 100, 2000) is None  # too early to tell
    now[0] = 2.0
    assert left("trust", 500, 2000) == pytest.approx(6.0)  # 250 a second, 1,500 to go
    assert left("access", 0, 100) is None  # a new stage starts its own clock
    now[0] = 4.0
    assert left("access", 0, 100) is None  # no pace yet
    assert left("trust", 2000, 2000) == 0.0


def test_the_throttle_passes_each_stage_first_then_ten_a_second() -> None:
    now = [0.0]
    throttle = Throttle(0.1, clock=lambda: now[0])
    passed = []
    for tick in range(30):  # a report every 10 ms: trust for 150 ms, then access
        now[0] = tick / 100
        stage = "trust" if tick < 15 else "access"
        if throttle.due(stage):
            passed.append((stage, tick))
    assert passed == [("trust", 0), ("trust", 10), ("access", 15), ("access", 25)]


def test_the_throttle_at_zero_passes_everything() -> None:
    throttle = Throttle(0.0, clock=lambda: 1.0)
    assert all(throttle.due("access") for _ in range(5))


def _bar(app: CaxApp) -> tuple[str, float, float | None]:
    loading = app.main.query_one(LoadingBar)
    progress = loading.query_one(ProgressBar)
    return loading.words, progress.progress, progress.total


async def test_the_bar_counts_each_stage_then_goes(
    monkeypatch: pytest.MonkeyPatch, gated: Callable[..., GatedBuild]
) -> None:
    monkeypatch.setattr(CaxApp, "PROGRESS_INTERVAL", 0.0)  # every report reaches the screen
    app = CaxApp(graph.demo_snapshot)
    app.animation_level = "none"
    gate = gated(
        app,
        [("trust", 0, 2000), ("trust", 1200, 2000)],
        [("access", 3456, 12300)],
        [("foreign", 5, 10)],
    )
    async with app.run_test(size=(80, 24)) as pilot:
        loading = app.main.query_one(LoadingBar)
        await gate.reached(0)
        await pilot.pause()
        assert _bar(app) == ("evaluating trust policies: 1,200 of 2,000 roles", 1200, 2000)
        assert loading.left == "-:--:-- left"  # reported within a second of the stage's start
        assert loading.display and loading.region.y == 22  # just above the footer
        words = loading.query_one("#loading-words")
        assert words.region.width == len(loading.words)  # the counts fit at 80 columns
        assert loading.query_one("#loading-left").region.right <= 80
        assert app.main.query_one("#reach-pane").border_subtitle == "computing reachability…"

        gate.release(0)
        await gate.reached(1)
        assert _bar(app) == ("evaluating access: 3,456 of 12,300 principals", 3456, 12300)

        gate.release(1)
        await gate.reached(2)
        assert _bar(app) == ("foreign: 5 of 10", 5, 10)

        gate.release(2)
        await settle(pilot)
        assert app.access_graph is not None
        assert not loading.display
        assert app.main.query_one("#reach-pane").border_subtitle == ""


async def test_a_real_build_reports_trust_then_access(
    demo_app: CaxApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[BuildStep] = []
    shown = MainScreen.build_progress

    def spy(screen: MainScreen, step: BuildStep) -> None:
        seen.append(step)
        shown(screen, step)

    monkeypatch.setattr(MainScreen, "build_progress", spy)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert not demo_app.main.query_one(LoadingBar).display
    roles = len(list(graph.demo_snapshot().roles()))
    assert seen[0] == BuildStep("trust", 0, roles)  # the first report of a stage always passes
    assert list(dict.fromkeys(step.stage for step in seen)) == ["trust", "access"]
    assert all(0 <= step.done <= step.total for step in seen)


async def test_a_reload_shows_the_bar_again(gated: Callable[..., GatedBuild]) -> None:
    app = CaxApp(graph.demo_snapshot)
    app.animation_level = "none"
    first = gated(app, [("trust", 0, 40)])
    async with app.run_test(size=(80, 24)) as pilot:
        await first.reached(0)
        first.release(0)
        await settle(pilot)
        loading = app.main.query_one(LoadingBar)
        assert not loading.display
        again = gated(app, [("access", 64, 90)])
        await pilot.press("r")
        await again.reached(0)
        await pilot.pause()
        assert loading.display
        assert loading.words == "evaluating access: 64 of 90 principals"
        again.release(0)
        await settle(pilot)
        assert not loading.display


async def test_q_while_the_graph_builds_quits_and_stops_the_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A build reports every second or so: the first report after `q` ends it, instead of the
    process waiting a minute for a graph nobody will see."""
    reporting, stopped = threading.Event(), threading.Event()

    def endless(
        snapshot: graph.Snapshot,
        context: Mapping[str, ContextValue] | None = None,
        *,
        progress: Progress | None = None,
    ) -> graph.AccessGraph:
        assert progress is not None
        try:
            for done in range(10_000):  # 100 s at most, if nothing stops it
                progress("access", done, 10_000)
                reporting.set()
                time.sleep(0.01)
        except BaseException:
            stopped.set()
            raise
        raise AssertionError("the build ran to its end")

    monkeypatch.setattr(graph.AccessGraph, "from_snapshot", endless)
    app = CaxApp(graph.demo_snapshot)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        while not reporting.is_set():
            await pilot.pause(0.01)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert stopped.wait(5)
