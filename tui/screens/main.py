"""The main screen: principals on the left, the selected one's details on the right."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Tree

from graph import Snapshot
from tui.state import PrincipalEntry, PrincipalIndex
from tui.widgets import PrincipalDetails, PrincipalTree


class MainScreen(Screen[None]):
    """Browse principals; `/` searches by name, ARN or tag.

    | key | action |
    |---|---|
    | `/` | search principals |
    | `escape` | leave the search box |
    | `q` | quit |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", tooltip="Search principals by name, ARN or tag"),
        Binding("escape", "leave_search", "Back", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.snapshot: Snapshot | None = None
        self.index = PrincipalIndex(())

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="principals-pane"):
                yield Input(placeholder="/ search principals", id="search")
                yield PrincipalTree(id="principals")
            with VerticalScroll(id="details-pane"):
                yield PrincipalDetails(id="details")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#principals-pane").loading = True
        self.query_one(PrincipalDetails).show(None, None)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Display a freshly loaded snapshot."""
        self.snapshot = snapshot
        self.index = PrincipalIndex.of(snapshot)
        pane = self.query_one("#principals-pane")
        pane.loading = False
        pane.border_title = f"principals ({len(self.index.entries)})"
        self.query_one(PrincipalTree).show(self.index)
        self.query_one(PrincipalTree).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        self.query_one(PrincipalTree).focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    @work(exclusive=True, group="search")
    async def _filter(self, query: str) -> None:
        self.query_one(PrincipalTree).show(self.index.matching(query))

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one(PrincipalTree).focus()

    @on(Tree.NodeHighlighted, "#principals")
    def _highlighted(self, event: Tree.NodeHighlighted[PrincipalEntry | None]) -> None:
        entry = event.node.data
        if entry is not None:
            self.query_one(PrincipalDetails).show(entry, self.snapshot)
