"""Who can read, publish and administer a repository, grouped by account, with the chain."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from tui.state import WhoCan
from tui.widgets.verdicts import Palette

_MAX_PRINCIPAL = 32
"""The principal column's widest when the chains need the room; longer labels end in `…`."""


def _account_name(label: str) -> str:
    """`shared-services` of `shared-services (111111111111)` (the id goes in the via column)."""
    return label.split(" (", 1)[0]


def _cut(text: Text, width: int) -> Text:
    text.truncate(width, overflow="ellipsis")
    return text


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
        self._shown_widths = (0, 0)

    def show(self, who: WhoCan, row: int = 1, column: int = 1) -> None:
        """Display who can reach a resource (cursor on the first principal unless given)."""
        self.who = who
        first, via = self._shown_widths = self._widths(who)
        # Explicit widths: the table fits the pane however soon after a refill it is drawn.
        self.clear(columns=True)
        self.add_column("principal", key="principal", width=first)
        for capability in who.capabilities:
            self.add_column(capability, key=capability, width=max(len(capability), 4))
        self.add_column("via", key="via", width=via)
        self.fixed_columns = 1
        self._fill(who)
        row = row if row < len(self._rows) else 0
        self.move_cursor(row=row if len(self._rows) > 1 else 0, column=column, animate=False)
        self.call_after_refresh(self.on_resize)  # shown before its view was laid out: refit

    def _widths(self, who: WhoCan) -> tuple[int, int]:
        """The principal and via columns' widths: the table fits the pane, chains are cut with
        `…` (the why pane draws the whole chain)."""
        labels = [2 + len(r.label) for _, rows in who.groups for r in rows]
        labels += [len(_account_name(a)) for a, _ in who.groups]
        wanted = max([len("principal"), *labels])
        chains = max((len(r.via) for _, rows in who.groups for r in rows), default=0)
        capabilities = sum(max(len(c), 4) + 2 for c in who.capabilities)
        rows = sum(1 + len(rows) for _, rows in who.groups)
        scrollbar = 2 if rows + 1 > self.size.height else 0
        room = self.size.width - capabilities - 4 - scrollbar  # both columns' cell padding
        first = max(
            len("principal"), min(wanted, max(min(_MAX_PRINCIPAL, room - 10), room - chains))
        )
        return first, max(10, room - first)

    def _fill(self, who: WhoCan) -> None:
        palette = Palette(self.app)
        first, via_width = self._widths(who)
        self._rows = []
        for account, rows in who.groups:
            blank = [Text("")] * len(who.capabilities)
            name = _cut(Text(_account_name(account), style="bold"), first)
            number = account.rsplit(" (", 1)[-1].rstrip(")") if " (" in account else ""
            self.add_row(name, *blank, _cut(Text(number, style="dim"), via_width))
            self._rows.append(None)
            for row in rows:
                cells = []
                for capability in who.capabilities:
                    reach = row.cells.get(capability)
                    glyph = palette.glyph(reach.verdict if reach else None)
                    glyph.pad_left(max(len(capability), 4) // 2)
                    cells.append(glyph)
                label = _cut(Text("  " + row.label), first)
                self.add_row(label, *cells, _cut(Text(row.via, style="dim"), via_width))
                self._rows.append(row.principal)
        if not who.groups:
            self.add_row(
                Text("nobody reaches it", style="dim"), *[Text("")] * (len(who.capabilities) + 1)
            )
            self._rows.append(None)

    def on_resize(self) -> None:
        """Refit the columns to the new width, keeping the cursor."""
        if self.who is None or not self.size or self._widths(self.who) == self._shown_widths:
            return
        self.show(self.who, *self.cursor_coordinate)

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
