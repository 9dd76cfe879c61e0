"""Who can read, publish and administer a repository, grouped by account; the via column shows
the chain of the capability under the cursor, so a row never borrows another cell's chain."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from graph.access.origins import Origin
from tui.resources_state import ORIGIN_TAGS, WhoCan, WhoCanGroup, WhoCanRow
from tui.widgets.verdicts import Palette

_MAX_PRINCIPAL = 32
"""The principal column's widest when the chains need the room; longer labels end in `…`."""
_MIN_NAME = 12
"""Narrower than this the names are cut before the via column goes."""
_MIN_VIA = 12
"""Narrower than this the via column is left out (the why pane draws the chain anyway)."""
_FIRST_ROWS = 300
"""Rows added at once; the rest come in chunks of `_CHUNK` between frames: a repository that
thousands of principals reach filled its table for 2 s, keys waiting (DataTable's `add_row`
sets its cursor, a reactive, once per row)."""
_CHUNK = 500


RowData = WhoCanRow | WhoCanGroup | None
_DONE: Iterator[tuple[Text, list[Text], str | None, RowData]] = iter(())
"""No rows left to add."""


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
        self._row_data: list[RowData] = []
        self._shown_widths = (0, 0)
        self._via_capability = ""
        self._pending = _DONE

    @property
    def rows_shown(self) -> list[str | None]:
        """The principal of each table row (None for headings)."""
        return self._rows

    def show(self, who: WhoCan, row: int = 1, column: int = 1) -> None:
        """Display who can reach a resource (cursor on the first principal unless given)."""
        self.who = who
        first, via = self._shown_widths = self._widths(who)
        column = column if 1 <= column <= len(who.capabilities) else 1
        self._via_capability = who.capabilities[column - 1]
        # Explicit widths: the table fits the pane however soon after a refill it is drawn.
        self.clear(columns=True)
        self.add_column("principal", key="principal", width=first)
        for capability in who.capabilities:
            self.add_column(capability, key=capability, width=max(len(capability), 4))
        if via:
            self.add_column(self._via_label(), key="via", width=via)
        self.fixed_columns = 1
        self._rows = []
        self._row_data = []
        self._pending = self._made_rows(who)
        self._add_rows(max(_FIRST_ROWS, row + 1))
        row = row if row < len(self._rows) else 0
        self.move_cursor(row=row if len(self._rows) > 1 else 0, column=column, animate=False)
        self.call_after_refresh(self.on_resize)  # shown before its view was laid out: refit
        self.call_after_refresh(self._add_more, self._pending)

    @property
    def filling(self) -> bool:
        """Rows are still being added (a large answer comes in chunks)."""
        return self._pending is not _DONE

    def _add_rows(self, count: int) -> None:
        for _ in range(count):
            made = next(self._pending, None)
            if made is None:
                self._pending = _DONE
                return
            label, cells, principal, data = made
            self.add_row(label, *cells)
            self._rows.append(principal)
            self._row_data.append(data)

    def _add_more(self, pending: Iterator[object]) -> None:
        """The next chunk of rows, then the one after once the screen has been drawn; stops
        when the table was filled anew meanwhile (`pending` is no longer the one in course)."""
        if pending is not self._pending or self._pending is _DONE:
            return
        self._add_rows(_CHUNK)
        if self._pending is not _DONE:
            self.call_after_refresh(self._add_more, pending)

    def _via_label(self) -> str:
        return f"via · {self._via_capability}"

    def _widths(self, who: WhoCan) -> tuple[int, int]:
        """The principal and via columns' widths. When room is short the via column goes first
        (the why pane draws the whole chain), then the names are cut with `…`."""
        labels = [2 + len(r.label) for g in who.groups for r in g.rows]
        labels += [len(g.name) for g in who.groups]
        wanted = max([len("principal"), *labels])
        chains = max(
            [
                0,
                *(len(v) for g in who.groups for r in g.rows for v in r.vias.values()),
                *(len(g.account) + 3 + len(ORIGIN_TAGS[g.origin]) for g in who.groups),
            ]
        )
        capabilities = sum(max(len(c), 4) + 2 for c in who.capabilities)
        rows = sum(1 + len(g.rows) for g in who.groups)
        scrollbar = 2 if rows + 1 > self.size.height else 0
        room = self.size.width - capabilities - 2 - scrollbar  # the principal column's padding
        if room - min(wanted, _MAX_PRINCIPAL) - 2 < _MIN_VIA:
            return max(_MIN_NAME, min(wanted, room)), 0  # no via column
        room -= 2  # the via column's padding
        first = max(
            len("principal"), min(wanted, max(min(_MAX_PRINCIPAL, room - _MIN_VIA), room - chains))
        )
        return first, max(_MIN_VIA, room - first)

    def _heading_style(self, palette: Palette, origin: Origin) -> Style:
        if origin is Origin.ORGANISATION:
            return palette.accent
        if origin is Origin.EXTERNAL:
            return palette.styles_outside
        return Style(bold=True, dim=origin is Origin.SERVICE)

    def _made_rows(self, who: WhoCan) -> Iterator[tuple[Text, list[Text], str | None, RowData]]:
        """Each row's label and cells, the principal it is about and its data, made when
        the table adds it (`_add_rows`)."""
        palette = Palette(self.app)
        first, via_width = self._shown_widths
        for group in who.groups:
            blank = [Text("")] * len(who.capabilities)
            name = _cut(Text(group.name, style=self._heading_style(palette, group.origin)), first)
            tag = " · ".join(x for x in (group.account, ORIGIN_TAGS[group.origin]) if x)
            extra = [_cut(Text(tag, style="dim"), via_width)] if via_width else []
            yield name, [*blank, *extra], None, group
            for row in group.rows:
                cells = []
                for capability in who.capabilities:
                    glyph = palette.cell(row.cells.get(capability))
                    glyph.pad_left(max(len(capability), 4) // 2)
                    cells.append(glyph)
                style = "" if row.origin in (Origin.ACCOUNT, Origin.SERVICE) else None
                label = Text("  " + row.label)
                if style is None:
                    label.stylize(self._heading_style(palette, row.origin), 2)
                label = _cut(label, first)
                if via_width:
                    cells.append(self._via_cell(row, via_width))
                yield label, cells, row.principal, row
        if not who.groups:
            what = "nobody matches the filter" if who.filter.active else "nobody reaches it"
            extra = [Text("")] if via_width else []
            yield Text(what, style="dim"), [*[Text("")] * len(who.capabilities), *extra], None, None

    def _via_cell(self, row: WhoCanRow, width: int) -> Text:
        via = row.via(self._via_capability)
        return _cut(Text(via or "·", style="dim"), width)

    def _show_via_of(self, capability: str) -> None:
        """The via column follows the cursor's capability: every row shows that cell's chain."""
        if capability == self._via_capability or self.who is None:
            return
        self._via_capability = capability
        if "via" not in self.columns:
            return
        self.columns["via"].label = Text(self._via_label())  # type: ignore[index]
        width = self._shown_widths[1]
        for index, data in enumerate(self._row_data):
            if isinstance(data, WhoCanRow):
                at = Coordinate(index, len(self.who.capabilities) + 1)
                self.update_cell_at(at, self._via_cell(data, width))
        self.refresh()

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
        column = event.coordinate.column
        if 1 <= column <= len(self.who.capabilities):
            self._show_via_of(self.who.capabilities[column - 1])
        principal = self._rows[event.coordinate.row]
        if principal is None or not 1 <= column <= len(self.who.capabilities):
            return
        self.post_message(self.CellChosen(self, principal, self.who.capabilities[column - 1]))
