"""Terminal escape injection in the TUI: every AWS string is drawn with control characters
visible, in the principal list, the reach and who-can tables, the why pane and the palette."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import Static

from tests.hostile import RAW, write_hostile
from tests.tui.conftest import app_on, settle
from tui.widgets import PrincipalTree, ReachTable, WhoCanTable

NPM_INTERNAL = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"
EVE = "arn:aws:iam::111111111111:user/eve\x1b[2J"


def _clean(text: str) -> None:
    for char in (*RAW, "\r"):
        assert char not in text, f"raw {char!r} drawn"


def _why_text(app: object, pane: str) -> str:
    console = Console(width=400, record=True, file=io.StringIO())
    main = app.main  # type: ignore[attr-defined]
    for part in ("#why-title", "#why-body", "#why-focus"):
        console.print(main.query_one(pane).query_one(part, Static).content)
    return console.export_text()


async def test_hostile_strings_are_drawn_visibly(tmp_path: Path) -> None:
    app = app_on([str(write_hostile(tmp_path / "hostile.json"))])
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"eve", "enter")
        await settle(pilot)
        tree = app.main.query_one(PrincipalTree)
        labels = [
            node.label.plain
            for line in range(tree.last_line + 1)
            if (node := tree.get_node_at_line(line)) is not None
        ]
        assert any(label.startswith("eve\\x1b[2J") for label in labels)
        assert any("shared\\x1b[2Jservices" in label for label in labels)
        await pilot.press("enter")
        await settle(pilot)
        table = app.main.query_one(ReachTable)
        assert table.matrix is not None and table.matrix.principal == EVE
        row = next(i for i, r in enumerate(table.matrix.rows) if r.resource == NPM_INTERNAL)
        table.move_cursor(row=row, column=2, animate=False)
        await settle(pilot)
        why = _why_text(app, "#why")
        assert "user/eve\\x1b[2J" in why
        assert "vpce-1\\x0d\\x0aclick n0 call alert(1)" in why
        assert "Read\\x1b]52;c;ZXZpbA==\\x07" in why
        _clean(why)
        _clean(app.export_screenshot())
        app.main.jump_to_resource(NPM_INTERNAL)
        await settle(pilot)
        who = app.main.query_one(WhoCanTable)
        cells = [c.plain for r in range(who.row_count) for c in who.get_row_at(r)]
        assert "  user/eve\\x1b[2J" in cells
        assert any(c.startswith("shared\\x1b[2Jservices") for c in cells)
        _clean(app.export_screenshot())
