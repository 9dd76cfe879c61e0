"""Snapshot tests: every screen and dialog, deterministic (workers awaited, no blink or animation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import TextArea

from tests.pasted_lines import NPM_LINE
from tests.tui.conftest import (
    MATEO_ERROR,
    GatedBuild,
    app_on,
    open_mateo_npm_read,
    quiet,
    settle,
)
from tui.app import make_app
from tui.progress import BuildStep

MAVEN_RELEASES = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/maven-releases"
NPM_INTERNAL = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"
ALICE = "arn:aws:iam::123456789012:user/engineering/alice.nguyen"


def _app() -> Any:
    return quiet(make_app(()))


async def _search(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("slash", *"alice")
    await settle(pilot)


async def _resources(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    pilot.app.main.jump_to_resource(NPM_INTERNAL)  # type: ignore[attr-defined]
    await settle(pilot)


async def _dialog(pilot: Pilot[Any], key: str) -> None:
    await open_mateo_npm_read(pilot)
    await pilot.press(key)
    await settle(pilot)


async def _export(pilot: Pilot[Any]) -> None:
    await _dialog(pilot, "e")


async def _context(pilot: Pilot[Any]) -> None:
    await _dialog(pilot, "c")


async def _help(pilot: Pilot[Any]) -> None:
    await _dialog(pilot, "question_mark")


async def _save_fix(pilot: Pilot[Any]) -> None:
    await _dialog(pilot, "s")


async def _paste(pilot: Pilot[Any]) -> None:
    await _dialog(pilot, "x")
    pilot.app.screen.query_one(TextArea).text = MATEO_ERROR
    await pilot.pause()


async def _paste_npm_line_for_alice(pilot: Pilot[Any]) -> None:
    """npm's 403 line pasted with alice selected: cax allows her read, so the why pane lists
    what cax cannot see that could explain AWS's denial."""
    await settle(pilot)
    pilot.app.main.jump_to_principal(ALICE)  # type: ignore[attr-defined]
    await settle(pilot)
    await pilot.press("x")
    await pilot.pause()
    pilot.app.screen.query_one(TextArea).text = NPM_LINE
    await pilot.click("#paste-go")
    await settle(pilot)
    pilot.app.clear_notifications()  # the pane, not the toast, is what this shows
    await pilot.pause()


async def _palette(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("ctrl+p", *"mateo")
    await pilot.pause(0.5)
    await settle(pilot)


def test_main_screen_explains_mateojackson(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=open_mateo_npm_read)


def test_main_screen_narrow(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(80, 24), run_before=open_mateo_npm_read)


def test_search(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=_search)


def test_resources_view(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=_resources)


def test_export_dialog(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=_export)


def test_context_dialog(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=_context)


def test_help_screen(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=_help)


def test_paste_error_dialog(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=_paste)


def test_pasted_message_cax_allows_lists_what_it_cannot_see(snap_compare: Any) -> None:
    """AWS denied, cax allows: the why pane under the pasted message lists a session policy, a
    VPC endpoint policy, a change after the snapshot, a policy not in the input (a session
    policy limits a role session, https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session;
    a VPC endpoint policy limits requests through the endpoint,
    https://docs.aws.amazon.com/codeartifact/latest/ug/create-vpc-endoint-policy.html)."""
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=_paste_npm_line_for_alice)


def test_save_fix_dialog(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=_save_fix)


def test_palette_search(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=_palette)


def test_error_screen(snap_compare: Any) -> None:
    app = app_on(["tests/fixtures/broken/unsupported-version.json"])
    assert snap_compare(app, terminal_size=(100, 24), run_before=settle)


def _building(snap_compare: Any, gated: Callable[..., GatedBuild], size: tuple[int, int]) -> bool:
    """The main screen while the graph builds: principals listed, the bar counting principals.

    The build is held before it reports anything, and the screen is handed its progress
    directly (as the app's `BuildProgress` handler does): no real build, thread or throttle
    clock races the screenshot.
    """
    app = _app()
    gate = gated(app, [])

    async def at_checkpoint(pilot: Pilot[Any]) -> None:
        await gate.reached(0)  # the snapshot is listed; the build waits
        await pilot.pause()
        for step in (BuildStep("trust", 0, 2000), BuildStep("access", 3456, 12300, left=75.0)):
            pilot.app.main.build_progress(step)  # type: ignore[attr-defined]
        await pilot.pause()

    return bool(snap_compare(app, terminal_size=size, run_before=at_checkpoint))


def test_building_narrow(snap_compare: Any, gated: Callable[..., GatedBuild]) -> None:
    assert _building(snap_compare, gated, (80, 24))


def test_building_wide(snap_compare: Any, gated: Callable[..., GatedBuild]) -> None:
    assert _building(snap_compare, gated, (160, 45))


async def _resources_outside(pilot: Pilot[Any]) -> None:
    await _resources(pilot)
    pilot.app.main.query_one("#who").focus()  # type: ignore[attr-defined]
    await pilot.press("o")
    await settle(pilot)


async def _could_gain(pilot: Pilot[Any]) -> None:
    """acme/maven-releases with `g`: who could gain a capability by an escalation step (↯)."""
    await settle(pilot)
    pilot.app.main.jump_to_resource(MAVEN_RELEASES)  # type: ignore[attr-defined]
    await settle(pilot)
    pilot.app.main.query_one("#who").focus()  # type: ignore[attr-defined]
    await pilot.press("g")
    await settle(pilot)


def test_who_could_gain(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=_could_gain)


def test_who_could_gain_narrow(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(80, 24), run_before=_could_gain)


async def _upstream_cell(pilot: Pilot[Any]) -> None:
    """mateojackson's read of acme/pypi-store: served through acme/pypi-internal (⇡)."""
    await open_mateo_npm_read(pilot)
    from tui.widgets import ReachTable

    table = pilot.app.main.query_one(ReachTable)  # type: ignore[attr-defined]
    row = next(i for i, r in enumerate(table.matrix.rows) if r.resource.endswith("/pypi-store"))
    table.move_cursor(row=row, column=2, animate=False)
    await settle(pilot)


def test_who_can_outside_this_account(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=_resources_outside)


def test_who_can_narrow(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(80, 24), run_before=_resources)


def test_who_can_outside_this_account_narrow(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(80, 24), run_before=_resources_outside)


def test_reach_through_upstream(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=_upstream_cell)


def test_export_dialog_narrow(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(80, 24), run_before=_export)


def test_context_dialog_narrow(snap_compare: Any) -> None:
    async def focus_apply(pilot: Pilot[Any]) -> None:
        await _context(pilot)
        pilot.app.screen.query_one("#ctx-apply").focus()
        await settle(pilot)

    assert snap_compare(_app(), terminal_size=(80, 24), run_before=focus_apply)


async def _policy_jump(pilot: Pilot[Any]) -> None:
    """mateojackson's denied pull: `p` in the why pane shows the domain policy statement."""
    await open_mateo_npm_read(pilot)
    pilot.app.main.query_one("#why").focus()  # type: ignore[attr-defined]
    await pilot.press("p")
    await settle(pilot)


def test_policy_jump_from_why_pane(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=_policy_jump)


def test_principals_pane_fits_account_ids(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(160, 45), run_before=settle)
