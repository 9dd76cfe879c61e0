"""The reach table: the selected principal's domains and repositories × capabilities."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from tui.state import CAPABILITIES, ReachMatrix
from tui.widgets.verdicts import Palette

_INDENT = {0: "", 1: "  ", 2: "    ↳ "}
_MIN_VIA = 10
"""Narrower than this, the via column is left out."""


class ReachTable(DataTable[Text]):
    """Rows are resources, columns login/read/publish/admin plus the chain ("via")."""

    @dataclass
    class CellChosen(Message):
        """The cursor is on a capability cell of a resource."""

        table: ReachTable
        resource: str
        capability: str

        @property
        def control(self) -> ReachTable:
            """The table that sent it."""
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=False)
        self.matrix: ReachMatrix | None = None
        self._via_shown = 0

    def on_mount(self) -> None:
        self._columns()

    def _columns(self) -> None:
        """Fresh columns: their widths fit the rows added next, not earlier principals'."""
        self.clear(columns=True)
        self._via_shown = 0
        self.add_column("resource", key="resource")
        for capability in CAPABILITIES:
            self.add_column(capability, key=capability)
        self.fixed_columns = 1

    def show(self, matrix: ReachMatrix, resource: str = "", capability: str = "read") -> None:
        """Display a matrix, with the cursor on (resource, capability) when given."""
        self.matrix = matrix
        palette = Palette(self.app)
        self._columns()
        self._via_column(self._via_width(matrix))
        for row in matrix.rows:
            style = "bold" if row.depth == 0 else ""
            cells = [Text(_INDENT.get(row.depth, "") + row.label, style=style)]
            for cap in CAPABILITIES:
                glyph = palette.glyph(row.verdict(cap))
                glyph.pad_left(3)
                cells.append(glyph)
            if self._via_shown:
                cells.append(self._via(row.via, self._via_shown))
            self.add_row(*cells, key=row.resource)
        if matrix.rows:
            column = CAPABILITIES.index(capability) + 1 if capability in CAPABILITIES else 2
            self.move_cursor(row=matrix.index_of(resource), column=column, animate=False)
        self.call_after_refresh(self.on_resize)  # shown before its view was laid out: refit

    def _via_width(self, matrix: ReachMatrix) -> int:
        """What is left of the pane for the chain: it is cut with `…`, never scrolled to."""
        label = max((len(_INDENT.get(r.depth, "") + r.label) for r in matrix.rows), default=8)
        capabilities = sum(max(len(c), 4) + 2 for c in CAPABILITIES)
        scrollbar = 2 if len(matrix.rows) + 1 > self.size.height else 0
        return self.size.width - (label + 2) - capabilities - 2 - scrollbar

    def _via_column(self, width: int) -> None:
        """Show the via column when `width` leaves room for it, else drop it (the why pane
        draws the chain anyway)."""
        shown = width >= _MIN_VIA
        if shown and not self._via_shown:
            self.add_column("via", key="via", default=Text(""))
        elif self._via_shown and not shown:
            self.remove_column("via")
        self._via_shown = width if shown else 0

    @staticmethod
    def _via(text: str, width: int) -> Text:
        via = Text(text, style="dim")
        via.truncate(width, overflow="ellipsis")
        return via

    def on_resize(self) -> None:
        """Re-cut the chains to the new width (the cursor and the why pane stay)."""
        if self.matrix is None or not self.matrix.rows or not self.size:
            return
        width = self._via_width(self.matrix)
        if width == self._via_shown or (width < _MIN_VIA and not self._via_shown):
            return
        self._via_column(width)
        if self._via_shown:
            for row in self.matrix.rows:
                via = self._via(row.via, self._via_shown)
                self.update_cell(row.resource, "via", via, update_width=True)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        if event.coordinate != self.cursor_coordinate:
            return  # stale: the cursor moved on (a refill resets it to the top first)
        if self.matrix is None or not self.matrix.rows:
            return
        column = event.coordinate.column
        capability = CAPABILITIES[column - 1] if 1 <= column <= len(CAPABILITIES) else "read"
        row = self.matrix.rows[event.coordinate.row]
        self.post_message(self.CellChosen(self, row.resource, capability))
