"""The diff view (`cax tui --diff OLD NEW`, issue #13): its state on the demo pair, and
snapshots of the screen, wide and at 80×24."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

import graph
from graph.diff import diff_snapshots
from tests.tui.conftest import settle
from tui.diff_app import make_diff_app
from tui.diff_state import DiffView

DEMO = Path(graph.__file__).parent / "demo"
OLD, NEW = str(DEMO / "acme-org.json"), str(DEMO / "acme-org-changed.json")


def _view() -> DiffView:
    return DiffView.of(diff_snapshots(graph.load_snapshot(OLD), graph.load_snapshot(NEW)))


def test_resources_with_most_moved_first_and_what_a_row_says() -> None:
    view = _view()
    assert [(g.label, g.summary) for g in view.groups] == [
        ("acme/pypi-internal", "20 gained"),
        ("acme/maven-releases", "2 lost"),
        ("acme", "1 lost"),
    ]
    assert view.title == "access widened and narrowed: 23 verdicts moved (20 gained, 3 lost)"
    lost = view.groups[1].rows[0]
    assert (lost.principal, lost.verdict.capability, lost.widened) == (
        "user/sofia.rossi",
        "publish",
        False,
    )
    lines = [text for _, text in view.detail(lost)]
    assert lines[1].startswith("before: allowed  user/sofia.rossi → assumes role/release-operator")
    assert lines[2] == "after:  denied  (no chain)"
    assert "AssumeReleaseOperator removed" in lines[3]
    assert any('"sts:AssumeRole"' in line for line in lines[4:])


def test_an_unchanged_pair() -> None:
    same = diff_snapshots(graph.load_snapshot(OLD), graph.load_snapshot(OLD))
    view = DiffView.of(same)
    assert view.groups == () and view.title.startswith("no change")


async def _lost(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("down")  # acme/maven-releases: sofia.rossi's lost chain
    await settle(pilot)


def _app() -> Any:
    app = make_diff_app((OLD,), (NEW,))
    app.animation_level = "none"
    return app


def test_diff_view(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 36), run_before=_lost)


def test_diff_view_narrow(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(80, 24), run_before=settle)


async def test_rows_follow_the_resource_and_the_detail_follows_the_row() -> None:
    app = _app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rows = app.screen.query_one("#diff-rows", DataTable)
        assert rows.row_count == 20
        await pilot.press("down", "down")
        await settle(pilot)
        assert rows.row_count == 1  # acme: sofia.rossi's login
        await pilot.press("tab")
        await settle(pilot)
        assert app.screen.focused is rows


def test_tui_diff_takes_two_files() -> None:
    from click.testing import CliRunner

    from tui.cli import main

    result = CliRunner().invoke(main, ["tui", "--diff", OLD])
    assert result.exit_code == 2 and "--diff takes two snapshot files" in result.output


async def test_what_if_applies_the_fix_to_a_copy_and_undo_takes_it_back() -> None:
    from tests.tui.conftest import open_mateo_npm_read, quiet
    from tui.app import make_app
    from tui.screens.diff import DiffScreen

    app = quiet(make_app(()))
    async with app.run_test(size=(120, 36)) as pilot:
        await open_mateo_npm_read(pilot)
        before = app.access_graph
        await pilot.press("w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen) and screen.heading == "what-if: 1 change"
        moved = [
            (r.principal, r.verdict.capability, r.verdict.after.value)
            for g in screen.view.groups
            for r in g.rows
        ]
        assert ("user/mateojackson", "read", "allowed") in moved  # the fix opens the path
        assert all(r.widened for g in screen.view.groups for r in g.rows)
        assert app.access_graph is before  # nothing changed but the copy
        await pilot.press("u")
        await settle(pilot)
        assert not isinstance(app.screen, DiffScreen)
        assert app.main.what_if == ()


async def test_no_fix_no_what_if() -> None:
    from tests.tui.conftest import quiet
    from tui.app import make_app
    from tui.screens.diff import DiffScreen

    app = quiet(make_app(()))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert not isinstance(app.screen, DiffScreen)


async def _what_if(pilot: Pilot[Any]) -> None:
    from tests.tui.conftest import open_mateo_npm_read

    await open_mateo_npm_read(pilot)
    await pilot.press("w")
    await settle(pilot)


def test_what_if_view(snap_compare: Any) -> None:
    from tests.tui.conftest import quiet
    from tui.app import make_app

    assert snap_compare(quiet(make_app(())), terminal_size=(120, 36), run_before=_what_if)


async def test_what_if_on_an_edited_repository_policy(monkeypatch: Any) -> None:
    """The policies pane's policy, edited in the dialog (no $EDITOR): who loses what."""
    from textual.widgets import TextArea

    from tests.tui.conftest import quiet
    from tui.app import make_app
    from tui.screens.diff import DiffScreen
    from tui.screens.edit_policy import EditPolicyModal

    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = quiet(make_app(()))
    npm = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.main.jump_to_resource(npm)
        await settle(pilot)
        await pilot.press("p", "w")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EditPolicyModal)
        area = dialog.query_one(TextArea)
        assert '"Statement"' in area.text
        area.text = "{ not json"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, DiffScreen)  # refused, with a message
        await pilot.press("w")
        await settle(pilot)
        app.screen.query_one(TextArea).text = '{"Version": "2012-10-17", "Statement": []}'
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen) and screen.heading == "what-if: 1 change"
        rows = [r for g in screen.view.groups for r in g.rows]
        assert rows and not any(r.widened for r in rows)  # its grants are gone: only narrowed
        assert "lost" in {r.verdict.kind for r in rows}
        assert screen.view.diff.changes[0].kind == "repository_policy"


async def test_what_if_on_a_principals_own_policy(monkeypatch: Any) -> None:
    """`W`: mateojackson's group's managed policy, edited to read npm-internal: he and the
    other analysts gain it, attributed to the managed policy."""
    import json as jsonlib

    from textual.widgets import OptionList, TextArea

    from tests.tui.conftest import open_mateo_npm_read, quiet
    from tui.app import make_app
    from tui.screens.diff import DiffScreen
    from tui.screens.edit_policy import EditPolicyModal, PickPolicyModal

    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = quiet(make_app(()))
    async with app.run_test(size=(120, 36)) as pilot:
        await open_mateo_npm_read(pilot)
        await pilot.press("W")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickPolicyModal)
        # its customer managed policy, then the SCPs over its account and the RCP
        assert picker.query_one(OptionList).option_count == 4
        assert picker.choices[0].kind == "managed"
        assert [c.kind for c in picker.choices[1:]] == ["org", "org", "org"]
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditPolicyModal)
        area = editor.query_one(TextArea)
        document = jsonlib.loads(area.text)
        document["Statement"].append(
            {
                "Effect": "Allow",
                "Action": ["codeartifact:ReadFromRepository", "codeartifact:GetRepositoryEndpoint"],
                "Resource": NPM,
            }
        )
        area.text = jsonlib.dumps(document)
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen) and screen.heading == "what-if: 1 change"
        gained = {(r.principal, r.verdict.resource) for g in screen.view.groups for r in g.rows}
        assert ("user/mateojackson", NPM) in gained
        (change,) = screen.view.diff.changes
        assert change.kind == "managed_policy" and change.policy == "PyPIReadOnlyAccess"


NPM = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"
