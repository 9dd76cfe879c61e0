"""The reach table: the selected principal's domains and repositories × capabilities."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from tui.reach_state import ReachMatrix
from tui.vocabulary import CAPABILITIES
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
        self._via_capability = "read"
        """The via column shows the chain of this capability's cells (the cursor's column)."""

    def on_mount(self) -> None:
        self._columns(len("resource"), 0)

    def _columns(self, label: int, via: int) -> None:
        """Fresh columns with explicit widths: the table fits the pane however soon after a
        refill it is drawn; no via column when `via` is 0."""
        self.clear(columns=True)
        self.add_column("resource", key="resource", width=label)
        for capability in CAPABILITIES:
            self.add_column(capability, key=capability, width=max(len(capability), 4))
        if via:
            self.add_column(f"via · {self._via_capability}", key="via", width=via)
        self._via_shown = via
        self.fixed_columns = 1

    def show(self, matrix: ReachMatrix, resource: str = "", capability: str = "read") -> None:
        """Display a matrix, with the cursor on (resource, capability) when given."""
        self.matrix = matrix
        palette = Palette(self.app)
        self._via_capability = capability if capability in CAPABILITIES else "read"
        self._columns(self._label_width(matrix), self._via_width(matrix))
        for row in matrix.rows:
            style = "bold" if row.depth == 0 else ""
            cells = [Text(_INDENT.get(row.depth, "") + row.label, style=style)]
            for cap in CAPABILITIES:
                glyph = palette.cell(row.cells.get(cap))
                glyph.pad_left(3)
                cells.append(glyph)
            if self._via_shown:
                cells.append(self._via(row.vias.get(capability, "·"), self._via_shown))
            self.add_row(*cells, key=row.resource)
        if matrix.rows:
            column = CAPABILITIES.index(capability) + 1 if capability in CAPABILITIES else 2
            self.move_cursor(row=matrix.index_of(resource), column=column, animate=False)
        self.call_after_refresh(self.on_resize)  # shown before its view was laid out: refit

    @staticmethod
    def _label_width(matrix: ReachMatrix) -> int:
        labels = (len(_INDENT.get(r.depth, "") + r.label) for r in matrix.rows)
        return max(len("resource"), *labels) if matrix.rows else len("resource")

    def _via_width(self, matrix: ReachMatrix) -> int:
        """What is left of the pane for the chain (cut with `…`, never scrolled to); 0 when too
        little is left: the why pane draws the chain anyway."""
        capabilities = sum(max(len(c), 4) + 2 for c in CAPABILITIES)
        scrollbar = 2 if len(matrix.rows) + 1 > self.size.height else 0
        left = self.size.width - (self._label_width(matrix) + 2) - capabilities - 2 - scrollbar
        return left if left >= _MIN_VIA else 0

    @staticmethod
    def _via(text: str, width: int) -> Text:
        via = Text(text, style="dim")
        via.truncate(width, overflow="ellipsis")
        return via

    def on_resize(self) -> None:
        """Refit the via column to the new width, keeping the cursor."""
        if self.matrix is None or not self.matrix.rows or not self.size:
            return
        if self._via_width(self.matrix) == self._via_shown:
            return
        row, column = self.cursor_coordinate
        resource = self.matrix.rows[min(row, len(self.matrix.rows) - 1)].resource
        capability = CAPABILITIES[column - 1] if 1 <= column <= len(CAPABILITIES) else "read"
        self.show(self.matrix, resource, capability)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        if event.coordinate != self.cursor_coordinate:
            return  # stale: the cursor moved on (a refill resets it to the top first)
        if self.matrix is None or not self.matrix.rows:
            return
        column = event.coordinate.column
        capability = CAPABILITIES[column - 1] if 1 <= column <= len(CAPABILITIES) else "read"
        row = self.matrix.rows[event.coordinate.row]
        if capability != self._via_capability and self._via_shown:
            self._via_capability = capability
            self.columns["via"].label = Text(f"via · {capability}")  # type: ignore[index]
            for index, each in enumerate(self.matrix.rows):
                via = self._via(each.vias.get(capability, "·"), self._via_shown)
                self.update_cell_at(Coordinate(index, len(CAPABILITIES) + 1), via)
        self.post_message(self.CellChosen(self, row.resource, capability))
