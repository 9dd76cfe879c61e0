"""Shared set-up for UI tests: deterministic apps (no blink, no animation)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from tui.app import CaxApp, make_app


def quiet(app: CaxApp) -> CaxApp:
    """The app with animations off, so snapshots and timings are repeatable."""
    app.animation_level = "none"
    return app


@pytest.fixture
def demo_app() -> CaxApp:
    return quiet(make_app(()))


def app_on(paths: Sequence[str]) -> CaxApp:
    """The app on snapshot files."""
    return quiet(make_app(paths))
