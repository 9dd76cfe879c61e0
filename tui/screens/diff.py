"""The diff view: resources whose verdicts moved (most first), their moved verdicts (gained in
green, lost in red), and the selected one's chains before and after with the changes that
moved it. `cax tui --diff OLD NEW` opens it."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from graph.access import Verdict
from tui.diff_state import DiffRow, DiffView
from tui.widgets.verdicts import Palette


class DiffScreen(Screen[None]):
    """Two snapshots compared, verdict by verdict; a what-if (changes applied to a copy of the
    snapshot, nothing changed in AWS) has a heading, `u` to undo its last change and `escape`
    to go back."""

    BINDING_GROUP_TITLE = "Diff view"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "undo", "Undo change", tooltip="Take back the last what-if change"),
        Binding("escape", "back", "Back", tooltip="Back to the explorer (what-if kept)"),
        Binding("q", "app.quit", "Quit"),
        Binding("tab", "app.focus_next", "Next pane", show=False),
    ]

    def __init__(
        self, view: DiffView, heading: str = "", undo: Callable[[], None] | None = None
    ) -> None:
        super().__init__()
        self.view = view
        self.heading = heading
        self._undo = undo
        self._rows: list[DiffRow] = []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`u` and `escape` belong to a what-if only."""
        if action in ("undo", "back"):
            return self._undo is not None
        return True

    def action_undo(self) -> None:
        if self._undo is not None:
            self._undo()

    def action_back(self) -> None:
        if self._undo is not None:
            self.app.pop_screen()

    def compose(self) -> ComposeResult:
        yield Header()
        title = Text(self.view.title, style="bold")
        if self.heading:
            title = Text(f"{self.heading} · ", style="bold reverse").append_text(title)
        yield Static(title, id="diff-title")
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
                Text(group.summary, style=self._direction(widened)),
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
        palette = Palette(self.app)
        for row in self._rows:
            verdict = row.verdict
            arrow = (
                palette.word(verdict.before).append(" → ").append_text(palette.word(verdict.after))
            )
            table.add_row(
                Text(row.principal),
                Text(verdict.kind, style=self._direction(row.widened)),
                arrow,
                Text(verdict.capability),
                Text(row.account),
            )
        if self._rows:
            self._detail(self._rows[0])

    def _direction(self, widened: bool) -> Style:
        """Gained in the theme's colour for allowed, lost in its colour for denied."""
        return Palette(self.app).styles[Verdict.ALLOWED if widened else Verdict.DENIED]

    def _detail(self, row: DiffRow) -> None:
        text = Text()
        for style, line in self.view.detail(row):
            text.append(line + "\n", style=style or None)
        self.query_one("#diff-detail", Static).update(text)
