"""The why pane in words: no internal codes, the caller's own near misses first, a fix that says
where it goes once, guardrails that allow everything named, and a cell served through an
upstream that never claims the repository itself is allowed. (What AWS said, in words:
`test_app.test_pasted_access_denied_lands_on_its_explanation`.)"""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.conftest import open_mateo_npm_read, settle
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


async def test_the_why_pane_in_words(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await open_mateo_npm_read(pilot)
        denied = _pane(demo_app)
        await _pypi_store_read(pilot)
        served = _pane(demo_app)

    assert "_mismatch" not in denied and "no_identity_allow" not in denied
    assert "ReadPyPIInternal  written for other resources, not repository/acme/npm-internal" in (
        denied
    )
    assert "GlobexReadOnly  names principals of another account" in denied
    assert denied.index("ReadPyPIInternal") < denied.index("GlobexReadOnly")  # his own first
    assert denied.count("an identity policy of user/mateojackson") == 1  # where it goes, once

    # `cax can user/mateojackson read acme/pypi-store` says denied: the title shows the cell's
    # ⇡, then the sentence `can`, `explain` and `who-can` say.
    title = served.splitlines()[0]
    assert title.startswith("⇡ THROUGH UPSTREAM  user/mateojackson · read · acme/pypi-store")
    assert "ALLOWED" not in title
    assert f"⇡ {SENTENCE}" in served
    # The guardrails that allow everything are named, not shown as an empty statement.
    assert "RCP RCPFullAWSAccess · #1, SCP FullAWSAccess · #1 allow everything" in served
    assert "{}" not in served


async def _pypi_store_read(pilot: Pilot[Any]) -> None:
    table = pilot.app.main.query_one(ReachTable)  # type: ignore[attr-defined]
    row = next(i for i, r in enumerate(table.matrix.rows) if r.resource.endswith("/pypi-store"))
    table.move_cursor(row=row, column=2, animate=False)
    await settle(pilot)
