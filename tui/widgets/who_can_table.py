"""Who can read, publish and administer a repository, grouped by account, with the chain."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from tui.state import WhoCan
from tui.widgets.verdicts import Palette


class WhoCanTable(DataTable[Text]):
    """One row per principal under an account row; cells are verdict glyphs."""

    @dataclass
    class CellChosen(Message):
        """The cursor is on a principal's capability cell."""

        table: WhoCanTable
        principal: str
        capability: str

        @property
        def control(self) -> WhoCanTable:
            """The table that sent it."""
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell")
        self.who: WhoCan | None = None
        self._rows: list[str | None] = []

    def show(self, who: WhoCan) -> None:
        """Display who can reach a resource."""
        self.who = who
        palette = Palette(self.app)
        self.clear(columns=True)
        labels = [r.label for _, rows in who.groups for r in rows] + [a for a, _ in who.groups]
        first = min(40, max((len(label) + 2 for label in labels), default=20))
        via_width = max(16, self.size.width - first - 9 * len(who.capabilities) - 6)
        self.add_column("principal", key="principal", width=first)
        for capability in who.capabilities:
            self.add_column(capability, key=capability, width=7)
        self.add_column("via", key="via", width=via_width)
        self.fixed_columns = 1
        self._rows = []
        for account, rows in who.groups:
            blank = [Text("")] * (len(who.capabilities) + 1)
            self.add_row(Text(account, style="bold"), *blank)
            self._rows.append(None)
            for row in rows:
                cells = []
                for capability in who.capabilities:
                    reach = row.cells.get(capability)
                    glyph = palette.glyph(reach.verdict if reach else None)
                    glyph.pad_left(3)
                    cells.append(glyph)
                self.add_row(Text("  " + row.label), *cells, Text(row.via, style="dim"))
                self._rows.append(row.principal)
        if not who.groups:
            self.add_row(
                Text("nobody reaches it", style="dim"), *[Text("")] * (len(who.capabilities) + 1)
            )
            self._rows.append(None)
        self.move_cursor(row=1 if len(self._rows) > 1 else 0, column=1, animate=False)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        if event.coordinate != self.cursor_coordinate:
            return  # stale: the cursor moved on (a refill resets it to the top first)
        if self.who is None or event.coordinate.row >= len(self._rows):
            return
        principal = self._rows[event.coordinate.row]
        column = event.coordinate.column
        if principal is None or not 1 <= column <= len(self.who.capabilities):
            return
        self.post_message(self.CellChosen(self, principal, self.who.capabilities[column - 1]))
