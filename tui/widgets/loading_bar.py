"""The loading bar: what the loader is doing and, while the graph builds, how far it is."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import InputEvent
from textual.widgets import Label, ProgressBar, Static

from tui.progress import BuildStep


class LoadingBar(Horizontal):
    """One line above the footer while loading: a stage in words, then a bar with the counts
    and the time the stage has left.

    Hidden (`-idle`) once the graph is ready.
    """

    def compose(self) -> ComposeResult:
        yield Label(id="loading-words", markup=False)
        # Textual's own ETA reads the clock at each repaint: `TimeLeft` is computed where the
        # build reports, and shown in the words the command line's bar uses.
        yield ProgressBar(show_eta=False, id="loading-progress")
        yield Label(id="loading-left", markup=False)

    @property
    def words(self) -> str:
        """The text beside the bar."""
        return str(self.query_one("#loading-words", Label).content)

    @property
    def left(self) -> str:
        """The time left, after the bar."""
        return str(self.query_one("#loading-left", Label).content)

    def stage(self, text: str) -> None:
        """A stage without counts yet (reading the snapshot, starting the build)."""
        self.set_class(False, "-idle")
        self.query_one("#loading-words", Label).update(f"{text}…")
        self.query_one("#loading-left", Label).update("")
        self.query_one(ProgressBar).update(total=None, progress=0)

    def step(self, step: BuildStep) -> None:
        """How far the build's current stage is."""
        self.set_class(False, "-idle")
        self.query_one("#loading-words", Label).update(step.words)
        self.query_one("#loading-left", Label).update(step.time_left)
        self.query_one(ProgressBar).update(total=step.total, progress=step.done)

    def finish(self) -> None:
        """Loading is over: hide, with a full bar (an empty one would keep animating)."""
        self.set_class(True, "-idle")
        self.query_one(ProgressBar).update(total=1, progress=1)


class PaneLoading(Static):
    """What covers a pane while it waits for the graph: words drawn once, where Textual's
    indicator repaints the whole pane 16 times a second. Each repaint takes the interpreter
    from the build's thread: a 12,000-principal build finished about 15% later beside it. The
    loading bar below is the part that moves."""

    def __init__(self) -> None:
        super().__init__("waiting for the access graph…", markup=False)

    @on(InputEvent)
    def _swallow(self, event: InputEvent) -> None:
        """A pane that is loading takes no input, as with Textual's own indicator."""
        event.stop()
        event.prevent_default()
