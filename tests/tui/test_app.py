"""Pilot flows on the demo: search, select, details; bad snapshots; hostile text."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input

from tests.tui.conftest import app_on
from tui.app import CaxApp
from tui.screens import ErrorScreen, MainScreen
from tui.widgets import PrincipalTree


async def test_search_selects_and_shows_details(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash", *"mateo", "enter")
        await pilot.pause(0.2)
        tree = demo_app.screen.query_one(PrincipalTree)
        assert demo_app.focused is tree
        node = tree.cursor_node
        assert node is not None and node.data is not None
        assert node.data.arn == "arn:aws:iam::123456789012:user/mateojackson"
        assert demo_app.screen.query_one("#search", Input).value == "mateo"


async def test_single_letter_keys_type_into_search_only_when_focused(demo_app: CaxApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await demo_app.workers.wait_for_complete()
        await pilot.press("slash", "q")
        await pilot.pause()
        assert demo_app.screen.query_one("#search", Input).value == "q"
        assert isinstance(demo_app.screen, MainScreen)  # `q` did not quit


async def test_broken_snapshot_shows_error_screen(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "cax-snapshot", "version": 1, "accounts": [{"id": 5}]}')
    app = app_on([str(bad)])
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert f"{bad}: $.accounts[0].id: expected a string, found a number" in app.screen.error


async def test_markup_in_aws_data_shows_literally(tmp_path: Path) -> None:
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
        await app.workers.wait_for_complete()
        await pilot.press("slash", *"eve", "enter")
        await pilot.pause(0.2)
        svg = app.export_screenshot()
        assert "eve[bold]" in svg
        assert "[link=http://x]click[/link]" in svg
