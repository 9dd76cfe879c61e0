"""The copy toast when tmux drops the copy, where screenshots go, an unnamed account's id once."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.tui.conftest import app_on, settle
from tui.cli import main
from tui.clipboard import clipboard_refused, screenshot_folder
from tui.widgets import PrincipalTree


def test_tmux_without_set_clipboard_refuses() -> None:
    refused = clipboard_refused({"TMUX": "/tmp/tmux-0/default,1,0"}, lambda _: "external")
    assert refused is not None and "set-clipboard external" in refused
    assert clipboard_refused({"TMUX": "x"}, lambda _: "on") is None
    assert clipboard_refused({}, lambda _: "off") is None  # not in tmux: nothing says so


def test_screenshot_folder_is_created(tmp_path: Path) -> None:
    downloads = tmp_path / "home" / "Downloads"
    assert screenshot_folder(None, lambda: downloads) == downloads and downloads.is_dir()
    wanted = tmp_path / "shots"
    assert screenshot_folder(str(wanted), lambda: downloads) == wanted and wanted.is_dir()


def test_screenshot_folder_falls_back_to_the_working_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    got = screenshot_folder(None, lambda: blocker / "Downloads", cwd=lambda: tmp_path)
    assert got == tmp_path


async def test_account_without_a_name_shows_its_id_once(tmp_path: Path) -> None:
    path = tmp_path / "acme.json"
    assert CliRunner().invoke(main, ["demo", "--write", str(path)]).exit_code == 0
    document = json.loads(path.read_text())
    document["accounts"][0]["name"] = ""
    path.write_text(json.dumps(document))
    app = app_on([str(path)])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        tree = app.main.query_one(PrincipalTree)
        heading = next(str(n.label) for n in tree.root.children if "100000000000" in str(n.label))
        assert heading.count("100000000000") == 1
