"""Pilot flows that write files: the export dialog, the fix saved to a path (never over a
file unasked), and the atomic write behind both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Select

from tests.tui.conftest import open_mateo_npm_read, settle
from tui.app import CaxApp
from tui.screens import ExportModal, MainScreen, SaveFixModal
from tui.screens.save_fix import write_file


async def test_export_dialog_writes_a_file(demo_app: CaxApp, tmp_path: Path) -> None:
    target = tmp_path / "acme.graphml"
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await open_mateo_npm_read(pilot)
        await pilot.press("e")
        await pilot.pause()
        modal = demo_app.screen
        assert isinstance(modal, ExportModal)
        modal.query_one("#export-format", Select).value = "graphml"
        await pilot.pause()
        modal.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export-go")
        await settle(pilot)
        assert isinstance(demo_app.screen, MainScreen)
    assert target.exists()
    assert "graphml" in target.read_text()[:400]


async def test_export_button_disabled_without_formats(
    demo_app: CaxApp, monkeypatch: object
) -> None:
    import tui.screens.export as export_module

    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        original = export_module.formats
        export_module.formats = lambda: {}  # type: ignore[assignment]
        try:
            await pilot.press("e")
            await pilot.pause()
            assert demo_app.screen.query_one("#export-go", Button).disabled
        finally:
            export_module.formats = original


async def test_save_fix_asks_for_a_path_and_never_overwrites_unasked(
    demo_app: CaxApp, tmp_path: Path
) -> None:
    target = tmp_path / "fix.json"
    async with demo_app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_mateo_npm_read(pilot)
        await pilot.press("s")
        await pilot.pause()
        modal = demo_app.screen
        assert isinstance(modal, SaveFixModal)
        path = modal.query_one("#save-path", Input)
        assert path.value == "cax-fix-mateojackson-read-npm-internal.json"
        path.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(demo_app.screen, MainScreen)
        saved = json.loads(target.read_text())
        assert "codeartifact:ReadFromRepository" in json.dumps(saved)
        assert any(str(target) in n.message for n in demo_app._notifications)

        target.write_text("keep me")
        await pilot.press("s")
        await pilot.pause()
        demo_app.screen.query_one("#save-path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(demo_app.screen, SaveFixModal)  # asks first
        assert target.read_text() == "keep me"
        await pilot.press("enter")  # confirmed
        await settle(pilot)
        assert isinstance(demo_app.screen, MainScreen)
        assert json.loads(target.read_text()) == saved
    assert [p.name for p in tmp_path.iterdir()] == ["fix.json"]  # no temporary left behind


def test_write_file_is_atomic_and_refuses_to_clobber(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_file(target, "one")
    with pytest.raises(FileExistsError):
        write_file(target, "two")
    assert target.read_text() == "one"
    write_file(target, "two", overwrite=True)
    assert target.read_text() == "two"
    with pytest.raises(OSError):
        write_file(tmp_path / "missing" / "x.json", "three")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
