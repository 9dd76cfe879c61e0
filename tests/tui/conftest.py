"""Shared set-up for UI tests: deterministic apps (no blink, no animation, workers awaited)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled

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
    """Wait until every worker (load → reach → why) has finished and messages are handled."""
    for _ in range(6):
        with contextlib.suppress(WorkerCancelled):  # an exclusive worker replaced by a newer one
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_mateo_npm_read(pilot: Pilot[Any]) -> None:
    """Search mateojackson, open his reach, move to npm-internal × read (a denied pull)."""
    await settle(pilot)
    await pilot.press("slash", *"mateojackson", "enter")
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
