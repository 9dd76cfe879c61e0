"""The why pane in words: no internal codes, the caller's own near misses first, a fix that says
where it goes once, guardrails that allow everything named, and a cell served through an
upstream that never claims the repository itself is allowed."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from tests.tui.conftest import MATEO_ERROR, open_mateo_npm_read, settle
from tui.app import CaxApp
from tui.widgets import ReachTable

SENTENCE = (
    "cannot read acme/pypi-store directly; its packages are served through acme/pypi-internal, "
    "which you can read"
)


def _pane(app: CaxApp) -> str:
    """The why pane's title and text as a wide console prints them."""
    console = Console(width=400, record=True, file=io.StringIO())
    for part in ("#why-title", "#why-body", "#why-focus"):
        console.print(app.main.query_one(f"#why {part}", Static).content)
    return console.export_text()


async def test_a_denied_pull_is_explained_in_words(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await open_mateo_npm_read(pilot)
        text = _pane(demo_app)
    assert "_mismatch" not in text and "no_identity_allow" not in text
    assert "ReadPyPIInternal  written for other resources, not repository/acme/npm-internal" in (
        text
    )
    assert "GlobexReadOnly  names principals of another account" in text
    assert text.index("ReadPyPIInternal") < text.index("GlobexReadOnly")  # his own first
    assert text.count("an identity policy of user/mateojackson") == 1  # where it goes, once


async def test_a_pasted_error_says_what_aws_said_in_words(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        demo_app.screen.query_one(TextArea).text = MATEO_ERROR
        await pilot.click("#paste-go")
        await settle(pilot)
        text = _pane(demo_app)
    assert "AWS said: no identity-based policy allows it   cax agrees" in text
    assert "no_identity_allow" not in text


async def _pypi_store_read(pilot: Pilot[Any]) -> None:
    await open_mateo_npm_read(pilot)
    table = pilot.app.main.query_one(ReachTable)  # type: ignore[attr-defined]
    row = next(i for i, r in enumerate(table.matrix.rows) if r.resource.endswith("/pypi-store"))
    table.move_cursor(row=row, column=2, animate=False)
    await settle(pilot)


async def test_a_cell_served_through_an_upstream_is_not_called_allowed(demo_app: CaxApp) -> None:
    """`cax can user/mateojackson read acme/pypi-store` says denied: the pane's title shows the
    cell's ⇡, then the sentence `can`, `explain` and `who-can` say."""
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await _pypi_store_read(pilot)
        text = _pane(demo_app)
    title = text.splitlines()[0]
    assert title.startswith("⇡ THROUGH UPSTREAM  user/mateojackson · read · acme/pypi-store")
    assert "ALLOWED" not in title
    assert f"⇡ {SENTENCE}" in text
    # The guardrails that allow everything are named, not shown as an empty statement.
    assert "RCP RCPFullAWSAccess · #1, SCP FullAWSAccess · #1 allow everything" in text
    assert "{}" not in text
