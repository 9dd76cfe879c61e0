"""Pilot flows on the demo: search → reach → why, dialogs, pasted errors, bad data."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from textual.widgets import Input, Select, Static, TextArea

import graph
from graph.access import Verdict
from tests.tui.conftest import (
    MATEO_ERROR,
    GatedBuild,
    app_on,
    open_mateo_npm_read,
    quiet,
    settle,
)
from tui.app import CaxApp, make_app
from tui.screens import (
    ContextModal,
    ErrorScreen,
    HelpScreen,
    MainScreen,
)
from tui.widgets import PrincipalTree, ReachTable, WhoCanTable, WhyView

NPM_INTERNAL = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"
MATEO = "arn:aws:iam::123456789012:user/mateojackson"


def _why_text(app: CaxApp) -> str:
    """The why pane's text as a wide console would print it."""
    console = Console(width=300, record=True, file=io.StringIO())
    for part in ("#why-body", "#why-focus"):
        console.print(app.main.query_one(part, Static).content)
    return console.export_text()


def _tree_labels(app: CaxApp) -> list[str]:
    tree = app.main.query_one(PrincipalTree)
    labels = []
    for line in range(tree.last_line + 1):
        node = tree.get_node_at_line(line)
        if node is not None:
            labels.append(node.label.plain)
    return labels


async def test_first_paint_lists_principals_before_and_after_the_graph(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        tree = demo_app.main.query_one(PrincipalTree)
        assert tree.principals is not None and tree.principals.total >= 50
        assert demo_app.access_graph is not None


async def test_search_select_explains_the_failing_pull(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await open_mateo_npm_read(pilot)
        why = demo_app.main.query_one("#why", WhyView)
        assert why.explained is not None
        selection = why.explained.selection
        assert (selection.principal, selection.capability, selection.resource) == (
            MATEO,
            "read",
            NPM_INTERNAL,
        )
        assert why.explained.explanation.verdict is Verdict.DENIED
        text = _why_text(demo_app)
        assert "because no identity-based policy allows the codeartifact:ReadFromRepository" in text
        assert "ReadPyPIInternal" in text  # the near miss
        assert why.fix is not None and "ReadFromRepository" in json.dumps(why.fix.document)
        # The pane scrolled to the failing step: its sentence and near misses are in view.
        focus = why.query_one("#why-focus", Static)
        assert why.scroll_y > 0
        assert why.region.y < focus.region.y <= why.region.y + 4
        pane = demo_app.main.query_one("#principals-pane")
        assert pane.border_title == "principals · 1 match"
        demo_app.main.query_one("#search", Input).value = "m"
        await settle(pilot)
        assert pane.border_title is not None and pane.border_title.endswith(" matches")


async def test_single_letter_keys_type_into_search_only_when_focused(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q", "e")
        await pilot.pause()
        assert demo_app.screen.query_one("#search", Input).value == "qe"
        assert isinstance(demo_app.screen, MainScreen)  # `q` did not quit, `e` did not export
        await pilot.press("escape")
        assert isinstance(demo_app.focused, PrincipalTree)


async def test_context_change_turns_a_conditional_cell_allowed(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        raj = "arn:aws:iam::100000000000:user/security/raj.patel"
        domain = "arn:aws:codeartifact:us-east-1:111111111111:domain/acme"
        demo_app.main.jump_to_principal(raj)
        await settle(pilot)
        table = demo_app.main.query_one(ReachTable)
        assert table.matrix is not None
        row = table.matrix.row(domain)
        assert row is not None and row.verdict("admin") is Verdict.CONDITIONAL
        await pilot.press("c")
        await pilot.pause()
        modal = demo_app.screen
        assert isinstance(modal, ContextModal)
        modal.query_one("#ctx-mfa", Select).value = "true"
        await pilot.pause()
        await pilot.click("#ctx-apply")
        await settle(pilot)
        assert demo_app.context == {"aws:MultiFactorAuthPresent": True}
        assert table.matrix is not None and table.matrix.principal == raj
        row = table.matrix.row(domain)
        assert row is not None and row.verdict("admin") is Verdict.ALLOWED
        assert "MFA yes" in demo_app.sub_title


async def test_pasted_access_denied_lands_on_its_explanation(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        demo_app.screen.query_one(TextArea).text = MATEO_ERROR
        await pilot.click("#paste-go")
        await settle(pilot)
        main = demo_app.main
        assert main.principal == MATEO
        why = main.query_one("#why", WhyView)
        assert why.explained is not None and why.explained.error is not None
        assert why.explained.error.agrees
        assert why.explained.explanation.resource == NPM_INTERNAL
        text = _why_text(demo_app)
        assert "AWS said: no identity-based policy allows it   cax agrees" in text
        assert "no_identity_allow" not in text
        table = main.query_one(ReachTable)
        assert table.matrix is not None
        assert table.matrix.rows[table.cursor_row].resource == NPM_INTERNAL
        assert table.cursor_column == 2  # read


async def test_pasting_nonsense_keeps_the_app_running(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        demo_app.screen.query_one(TextArea).text = "hello"
        await pilot.click("#paste-go")
        await settle(pilot)
        assert isinstance(demo_app.screen, MainScreen)
        assert any("Cannot explain" in str(n.title) for n in demo_app._notifications)


async def test_resources_view_shows_who_can(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        demo_app.main.jump_to_resource(NPM_INTERNAL)
        await settle(pilot)
        table = demo_app.main.query_one(WhoCanTable)
        assert table.who is not None and table.who.resource == NPM_INTERNAL
        labels = {r.label for group in table.who.groups for r in group.rows}
        assert "user/alice.nguyen" in labels
        assert "role/globex-build" in labels
        why = demo_app.main.query_one("#who-why", WhyView)
        assert why.explained is not None
        # Every column fits: no horizontal scrolling, long chains end in an ellipsis.
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert table.max_scroll_x == 0
        shown = {table.get_row_at(r)[0].plain.strip() for r in range(table.row_count)}
        assert {"user/alice.nguyen", "role/globex-build", "acme-management"} <= shown
        vias = {table.get_row_at(r)[-1].plain for r in range(table.row_count)}
        assert "group/platform-admins" in vias


async def test_tables_fit_a_narrow_terminal(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await open_mateo_npm_read(pilot)
        reach = demo_app.main.query_one(ReachTable)
        assert reach.max_scroll_x == 0  # the via column gives way
        demo_app.main.jump_to_resource(NPM_INTERNAL)
        await settle(pilot)
        assert demo_app.main.query_one(WhoCanTable).max_scroll_x == 0


async def test_tab_keeps_each_field_of_a_dialog_in_sight_at_80x24(demo_app: CaxApp) -> None:
    dialogs = {
        "e": ("#export-dialog", {"#export-format", "#export-path", "#export-go", "#export-cancel"}),
        "c": ("#context-dialog", {"#ctx-mfa", "#ctx-external-id", "#ctx-apply", "#ctx-cancel"}),
    }
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, (dialog, fields) in dialogs.items():
            await pilot.press(key)
            await pilot.pause()
            box = demo_app.screen.query_one(dialog)
            seen: set[str] = set()
            for _ in range(12):
                focused = demo_app.focused
                assert focused is not None
                if focused is not box:  # the scrolling dialog itself takes focus too
                    assert box.content_region.contains_region(focused.region), focused
                seen.add(f"#{focused.id}")
                if fields <= seen:
                    break
                await pilot.press("tab")
                await pilot.pause()
            assert fields <= seen
            await pilot.press("escape")
            await pilot.pause()


async def test_help_opens_on_question_mark_and_f1(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for key in ("question_mark", "f1"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(demo_app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(demo_app.screen, MainScreen)


async def test_palette_jumps_to_a_principal(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"sofia.rossi")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert demo_app.main.principal == "arn:aws:iam::222222222222:user/engineering/sofia.rossi"


async def test_broken_snapshot_shows_error_screen(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "cax-snapshot", "version": 1, "accounts": [{"id": 5}]}')
    app = app_on([str(bad)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert f"{bad}: $.accounts[0].id: expected a string, found a number" in app.screen.error


async def test_markup_in_aws_data_shows_literally(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"pwned")
        await settle(pilot)
        assert any("nickname=[bold]pwned[/bold]" in label for label in _tree_labels(demo_app))
        await pilot.press("escape")
        demo_app.main.action_view("resources-view")
        await settle(pilot)
        scratch = "arn:aws:codeartifact:us-west-2:123456789012:repository/acme-sandbox/scratch"
        assert graph.demo_snapshot().find(scratch) is not None
        demo_app.main.jump_to_resource(scratch)
        await settle(pilot)
        assert isinstance(demo_app.screen, MainScreen)


async def test_hostile_names_show_literally(tmp_path: Path) -> None:
    doc = {
        "format": "cax-snapshot",
        "version": 1,
        "accounts": [
            {
                "id": "123456789012",
                "authorization_details": {
                    "UserDetailList": [
                        {
                            "UserName": "eve[bold]",
                            "Arn": "arn:aws:iam::123456789012:user/eve[bold]",
                            "Tags": [{"Key": "note", "Value": "[link=http://x]click[/link]"}],
                        }
                    ]
                },
            }
        ],
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc))
    app = app_on([str(path)])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"click")
        await settle(pilot)
        labels = _tree_labels(app)
        assert any(label.startswith("eve[bold]") for label in labels)
        assert any("note=[link=http://x]click[/link]" in label for label in labels)


async def test_search_finds_callers_policies_name_before_and_after_the_graph(
    gated: Callable[..., GatedBuild],
) -> None:
    """The list shown while the graph builds (the snapshot's index) already holds identity
    providers, services and anyone; the search box finds them once the graph is ready."""
    app = quiet(make_app(()))
    gate = gated(app, [])
    async with app.run_test(size=(120, 36)) as pilot:
        await gate.reached(0)
        await pilot.pause()
        before = _tree_labels(app)
        assert app.access_graph is None
        gate.release(0)
        await settle(pilot)
        assert app.access_graph is not None
        assert sorted(_tree_labels(app)) == sorted(before)
        for query, label in [
            ("githubusercontent", "token.actions.githubusercontent.com"),
            ("codebuild.amazonaws", "codebuild.amazonaws.com"),
            ("anyone", "anyone (*)"),
        ]:
            assert any(label in line for line in before)
            app.main.query_one("#search", Input).value = query  # as if typed
            await settle(pilot)
            assert any(label in line for line in _tree_labels(app)), query
