"""The diff view: resources whose verdicts moved (most first), their moved verdicts (gained in
green, lost in red), and the selected one's chains before and after with the changes that
moved it. `cax tui --diff OLD NEW` opens it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui.diff_state import DiffRow, DiffView, verdict_style


class DiffScreen(Screen[None]):
    """Two snapshots compared, verdict by verdict."""

    BINDING_GROUP_TITLE = "Diff view"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit"),
        Binding("tab", "app.focus_next", "Next pane", show=False),
    ]

    def __init__(self, view: DiffView) -> None:
        super().__init__()
        self.view = view
        self._rows: list[DiffRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(self.view.title, style="bold"), id="diff-title")
        with Horizontal(id="diff-panes"):
            yield DataTable(id="diff-resources", cursor_type="row", zebra_stripes=True)
            with Vertical(id="diff-right"):
                yield DataTable(id="diff-rows", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="diff-detail-pane"):
                    yield Static(id="diff-detail")
        yield Footer()

    def on_mount(self) -> None:
        resources = self.query_one("#diff-resources", DataTable)
        resources.add_columns("resource", "moved")
        for group in self.view.groups:
            widened = any(r.widened for r in group.rows)
            resources.add_row(
                Text(group.label),
                Text(group.summary, style="green" if widened else "red"),
                key=group.resource,
            )
        rows = self.query_one("#diff-rows", DataTable)
        rows.add_columns("principal", "change", "before → after", "capability", "account")
        if self.view.groups:
            self._show(0)
        else:
            lines = self.view.appeared() or ["nothing to show"]
            self.query_one("#diff-detail", Static).update(Text("\n".join(lines)))
        resources.focus()

    @on(DataTable.RowHighlighted, "#diff-resources")
    def _resource(self, event: DataTable.RowHighlighted) -> None:
        self._show(event.cursor_row)

    @on(DataTable.RowHighlighted, "#diff-rows")
    def _verdict(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self._rows):
            self._detail(self._rows[event.cursor_row])

    def _show(self, index: int) -> None:
        """The moved verdicts of the resource at `index`."""
        if not 0 <= index < len(self.view.groups):
            return
        table = self.query_one("#diff-rows", DataTable)
        table.clear()
        self._rows = list(self.view.groups[index].rows)
        for row in self._rows:
            verdict = row.verdict
            arrow = Text(verdict.before.value, style=verdict_style(verdict.before))
            arrow.append(" → ").append(verdict.after.value, style=verdict_style(verdict.after))
            table.add_row(
                Text(row.principal),
                Text(verdict.kind, style="bold green" if row.widened else "bold red"),
                arrow,
                Text(verdict.capability),
                Text(row.account),
            )
        if self._rows:
            self._detail(self._rows[0])

    def _detail(self, row: DiffRow) -> None:
        text = Text()
        for style, line in self.view.detail(row):
            text.append(line + "\n", style=style or None)
        self.query_one("#diff-detail", Static).update(text)
