"""The cax Textual app: thin; it loads the snapshot in a worker and hands it to the screens."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import work
from textual.app import App

import graph
from graph import LoaderError, Snapshot
from tui.messages import SnapshotFailed, SnapshotLoaded
from tui.screens import ErrorScreen, MainScreen

SnapshotSource = Callable[[], Snapshot]


class CaxApp(App[None]):
    """CodeArtifact access explorer."""

    CSS_PATH = "app.tcss"
    TITLE = "cax"
    SUB_TITLE = "CodeArtifact access explorer"

    def __init__(self, source: SnapshotSource, label: str = "demo") -> None:
        super().__init__()
        self.source = source
        self.sub_title = f"CodeArtifact access explorer · {label}"

    def on_mount(self) -> None:
        self.push_screen(MainScreen())
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """Read the snapshot off the UI thread; the result arrives as a message."""
        try:
            snapshot = self.source()
        except LoaderError as error:
            self.post_message(SnapshotFailed(str(error)))
            return
        self.post_message(SnapshotLoaded(snapshot))

    def on_snapshot_loaded(self, message: SnapshotLoaded) -> None:
        screen = self.screen
        if isinstance(screen, MainScreen):
            screen.show_snapshot(message.snapshot)

    def on_snapshot_failed(self, message: SnapshotFailed) -> None:
        self.switch_screen(ErrorScreen(message.error))


def make_app(paths: Sequence[str]) -> CaxApp:
    """The app on snapshot files, or on the bundled demo when `paths` is empty."""
    if paths:
        label = ", ".join(paths)
        return CaxApp(lambda: graph.load_snapshot(*paths), label)
    return CaxApp(graph.demo_snapshot, "demo organisation")
