"""`cax tui --diff OLD NEW`: the diff view on two snapshots, compared in a worker thread."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

import graph
from graph import LoaderError
from graph.diff import diff_snapshots
from tui.diff_state import DiffView
from tui.messages import DiffReady, SnapshotFailed
from tui.screens import ErrorScreen
from tui.screens.diff import DiffScreen


class CaxDiffApp(App[None]):
    """Two snapshots side by side in time: what moved, and why."""

    CSS_PATH = "app.tcss"
    TITLE = "cax diff"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (App's own type)
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit")]

    def __init__(self, old: Sequence[str], new: Sequence[str]) -> None:
        super().__init__()
        self.old, self.new = tuple(old), tuple(new)
        self.sub_title = f"{_names(self.old)} → {_names(self.new)}"

    def compose(self) -> ComposeResult:
        yield Static("comparing the two snapshots…", id="diff-waiting")

    def on_mount(self) -> None:
        self.compare()

    @work(thread=True, exclusive=True, exit_on_error=False, description="compare")
    def compare(self) -> None:
        """Load both snapshots and compare them; the result arrives as a message."""
        try:
            old, new = graph.load_snapshot(*self.old), graph.load_snapshot(*self.new)
        except LoaderError as error:
            every = getattr(error, "errors", (error,))
            self.post_message(SnapshotFailed("\n".join(str(e) for e in every)))
            return
        self.post_message(DiffReady(diff_snapshots(old, new)))

    def on_diff_ready(self, message: DiffReady) -> None:
        self.push_screen(DiffScreen(DiffView.of(message.diff)))

    def on_snapshot_failed(self, message: SnapshotFailed) -> None:
        self.push_screen(ErrorScreen(message.error))


def _names(paths: Sequence[str]) -> str:
    """The files' names (their folders would crowd the header)."""
    return ", ".join(Path(p).name for p in paths)


def make_diff_app(old: Sequence[str], new: Sequence[str]) -> CaxDiffApp:
    """The diff view on two snapshot files (or sets of files)."""
    return CaxDiffApp(old, new)
