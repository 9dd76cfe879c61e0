"""Snapshot tests: one per screen, deterministic (workers awaited, animations off)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.tui.conftest import app_on
from tui.app import make_app


async def _loaded(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _mateo(pilot: Pilot[Any]) -> None:
    await _loaded(pilot)
    await pilot.press("slash", *"mateojackson", "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen(snap_compare: Any) -> None:
    app = make_app(())
    app.animation_level = "none"
    assert snap_compare(app, terminal_size=(120, 36), run_before=_loaded)


def test_main_screen_search(snap_compare: Any) -> None:
    app = make_app(())
    app.animation_level = "none"
    assert snap_compare(app, terminal_size=(120, 36), run_before=_mateo)


def test_error_screen(snap_compare: Any) -> None:
    app = app_on(["tests/fixtures/broken/unsupported-version.json"])
    assert snap_compare(app, terminal_size=(100, 24), run_before=_loaded)
