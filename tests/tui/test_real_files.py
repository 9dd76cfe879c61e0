"""The TUI on files other tools write: IAM-only input says how to add CodeArtifact data."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import Static, TextArea

from tests.shared_files import GAAD, needs_gaad
from tests.tui.conftest import app_on, settle
from tui.app import CaxApp
from tui.screens import ErrorScreen
from tui.widgets import WhyView

pytestmark = needs_gaad

CLOUDSPLAINING = GAAD
BLAKE = "arn:aws:iam::012345678901:user/BlakeBortles"


def _title(app: CaxApp, pane: str) -> str:
    console = Console(width=400, record=True, file=io.StringIO())
    console.print(app.main.query_one(pane, WhyView).query_one("#why-title", Static).content)
    return console.export_text()


async def test_iam_only_input_hints_at_adding_domains() -> None:
    """`get-account-authorization-details` holds IAM only (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html); domains come from
    CodeArtifact's ListDomains
    (https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_ListDomains.html)."""
    app = app_on([str(CLOUDSPLAINING / "cloudsplaining-example_authz_v2.json")])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = app.main
        assert main.query_one("#resources-pane").border_subtitle == "0 domains in the input"
        assert "holds 0 CodeArtifact domains" in _title(app, "#who-why")
        main.jump_to_principal(BLAKE)
        await settle(pilot)
        why = _title(app, "#why")
        assert "holds 0 CodeArtifact domains" in why and "cax collect" in why


async def test_every_load_error_is_on_the_error_screen(tmp_path: Path) -> None:
    """Every file of a directory is reported, not only the first broken one."""
    (tmp_path / "a.json").write_text("{")
    (tmp_path / "b.json").write_text('{"hello": 1}')
    app = app_on([str(tmp_path)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert "a.json: $: not valid JSON" in app.screen.error
        assert "b.json: $: not a file cax knows" in app.screen.error


NPM_LINE = (
    "npm error 403 403 Forbidden - GET "
    "https://acme-111111111111.d.codeartifact.us-east-1.amazonaws.com/npm/npm-internal/lodash"
)
MATEO = "arn:aws:iam::123456789012:user/mateojackson"
NPM_INTERNAL = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"


async def test_a_pasted_npm_line_is_explained_for_the_selected_principal(
    demo_app: CaxApp,
) -> None:
    """npm's line names the repository endpoint (https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_GetRepositoryEndpoint.html) but not the caller: the TUI asks, then
    explains it for the selected principal."""
    async with demo_app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        demo_app.screen.query_one(TextArea).text = NPM_LINE
        await pilot.click("#paste-go")
        await settle(pilot)
        assert any("Who was it?" in str(n.title) for n in demo_app._notifications)
        demo_app.main.jump_to_principal(MATEO)
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        demo_app.screen.query_one(TextArea).text = NPM_LINE
        await pilot.click("#paste-go")
        await settle(pilot)
        why = demo_app.main.query_one("#why", WhyView)
        assert why.explained is not None and why.explained.error is not None
        assert why.explained.explanation.principal == MATEO
        assert why.explained.explanation.resource == NPM_INTERNAL
        notes = why.explained.error.notes
        assert notes, "an npm line says it was explained for the selected principal"
        console = Console(width=400, record=True, file=io.StringIO())
        console.print(demo_app.main.query_one("#why #why-body", Static).content)
        pane = console.export_text()
        assert all(" ".join(note.split()) in " ".join(pane.split()) for note in notes)
