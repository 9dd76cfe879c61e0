"""The cax Textual app: thin. It loads in a worker and hands the results to the main screen."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar

from platformdirs import user_downloads_path  # what Textual itself saves to
from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.worker import Worker, WorkerState, get_current_worker

import graph
from graph import LoaderError, Snapshot
from graph.access.build import Progress
from graph.policy.model import ContextValue
from tui.clipboard import screenshot_folder
from tui.commands import CaxCommands
from tui.context_state import context_summary
from tui.messages import BuildProgress, GraphReady, LoadProgress, SnapshotFailed, SnapshotLoaded
from tui.progress import BuildStep, Throttle, TimeLeft
from tui.screens import ErrorScreen, HelpScreen, MainScreen
from tui.widgets import PaneLoading

SnapshotSource = Callable[[], Snapshot]
"""Returns the snapshot to explore; called in a worker thread (it may read files or AWS)."""


class Abandoned(Exception):
    """Raised into a build whose worker was cancelled (quit, reload, new context): it stops at
    its next progress report instead of running on for a minute that nobody waits for, which
    also kept the process from exiting after `q`."""


class CaxApp(App[None]):
    """CodeArtifact access explorer."""

    CSS_PATH = "app.tcss"
    TITLE = "cax"
    COMMANDS = App.COMMANDS | {CaxCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (App's own type)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", tooltip="Every key, and what the glyphs mean"),
    ]
    PROGRESS_INTERVAL: ClassVar[float] = 0.1
    """Seconds between two build-progress messages of one stage: ten a second is plenty."""
    LIST_FIRST: ClassVar[float] = 3.0
    """Seconds the build waits at most for the principal list to be painted."""

    def __init__(
        self,
        source: SnapshotSource,
        label: str = "demo",
        context: Mapping[str, ContextValue] | None = None,
    ) -> None:
        super().__init__()
        self.source = source
        self.label = label
        self.context: dict[str, ContextValue] = dict(context or {})
        self.access_graph: graph.AccessGraph | None = None
        self.main = MainScreen()
        self._listed = threading.Event()
        self._update_subtitle()

    def _update_subtitle(self) -> None:
        assumed = context_summary(self.context)
        self.sub_title = self.label + (f" · assuming {assumed}" if assumed else "")

    def on_mount(self) -> None:
        self.push_screen(self.main)
        self.load()

    def get_loading_widget(self) -> Widget:
        """Panes waiting for the graph show still words (`PaneLoading`), not an animation."""
        return PaneLoading()

    def action_help(self) -> None:
        """Show every key binding."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.main))

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save where the toast says: the Downloads folder (created) or the working directory."""
        folder = screenshot_folder(path, user_downloads_path)
        saved = self.save_screenshot(filename, str(folder), time_format)
        self.notify(f"Saved to {saved}", title="Screenshot saved")
        return None

    def action_reload(self) -> None:
        """Read the snapshot again and rebuild the graph."""
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="load")
    def load(self) -> None:
        """Read the snapshot, then build the access graph; results arrive as messages."""
        self.post_message(LoadProgress("reading the snapshot"))
        start = time.perf_counter()
        try:
            snapshot = self.source()
        except LoaderError as error:
            every = getattr(error, "errors", (error,))  # LoaderErrors: show each problem
            self.post_message(SnapshotFailed("\n".join(str(e) for e in every)))
            return
        except Exception as error:  # live collection: credentials, network, AWS errors
            self.post_message(SnapshotFailed(f"{type(error).__name__}: {error}"))
            return
        self._listed.clear()
        self.post_message(SnapshotLoaded(snapshot, time.perf_counter() - start))
        # the build would take the interpreter from the main thread while it lists the
        # principals: it starts once the list is painted (or after a few seconds anyway)
        self._listed.wait(self.LIST_FIRST)
        self._build(snapshot, start)

    def rebuild(self, context: Mapping[str, ContextValue]) -> None:
        """Re-evaluate everything under new context assumptions."""
        self.context = dict(context)
        self._update_subtitle()
        if self.access_graph is not None:
            self._rebuild(self.access_graph.snapshot)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="load")
    def _rebuild(self, snapshot: Snapshot) -> None:
        self._build(snapshot, time.perf_counter())

    def _build(self, snapshot: Snapshot, start: float) -> None:
        self.post_message(LoadProgress("computing reachability"))
        gc.unfreeze()  # a previous graph may be collected once the new one replaces it
        try:
            access_graph = graph.AccessGraph.from_snapshot(
                snapshot, self.context or None, progress=self._progress()
            )
        except Abandoned:
            return
        # The graph lives until the next load: keep the collector from walking its millions of
        # objects, which otherwise stalls a keystroke for seconds now and then.
        gc.freeze()
        self.post_message(GraphReady(access_graph, time.perf_counter() - start))

    def _progress(self) -> Progress:
        """The build's progress callback, for this worker's thread: throttled messages with the
        time left; once the worker is cancelled (a newer load reports its own, or the app is
        quitting) it stops the build."""
        throttle = Throttle(self.PROGRESS_INTERVAL)
        time_left = TimeLeft()
        worker = get_current_worker()

        def report(stage: str, done: int, total: int) -> None:
            if worker.is_cancelled:
                raise Abandoned
            if throttle.due(stage):
                left = time_left(stage, done, total)
                self.post_message(BuildProgress(stage, done, total, left))

        return report

    def on_load_progress(self, message: LoadProgress) -> None:
        self.main.loading_stage(message.stage)

    def on_build_progress(self, message: BuildProgress) -> None:
        self.main.build_progress(
            BuildStep(message.stage, message.done, message.total, message.left)
        )

    def on_snapshot_loaded(self, message: SnapshotLoaded) -> None:
        self.main.show_snapshot(message.snapshot)
        self.call_after_refresh(self._listed.set)

    def on_graph_ready(self, message: GraphReady) -> None:
        self.access_graph = message.access_graph
        self.main.show_graph(message.access_graph)
        # The search index and the principal tree live as long as the graph: frozen too once
        # painted, or the next full collection walks them in the middle of a keystroke.
        self.call_after_refresh(gc.freeze)

    def on_snapshot_failed(self, message: SnapshotFailed) -> None:
        self.switch_screen(ErrorScreen(message.error))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A worker raised: say so, without a traceback, and keep the app running."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(
                f"{type(error).__name__}: {error}", title="Error", severity="error", markup=False
            )


def make_app(
    paths: Sequence[str] = (),
    *,
    live: bool = False,
    profile: str | None = None,
    region: str | None = None,
    context: Mapping[str, ContextValue] | None = None,
) -> CaxApp:
    """The app on snapshot files, on live AWS (`live`), or on the bundled demo."""
    if live:
        return CaxApp(_live_source(profile, region), f"live {profile or 'default'}", context)
    if paths:
        label = ", ".join(paths)
        return CaxApp(lambda: graph.load_snapshot(*paths), label, context)
    return CaxApp(graph.demo_snapshot, "demo organisation", context)


def _live_source(profile: str | None, region: str | None) -> SnapshotSource:
    def collect() -> Snapshot:
        import boto3

        from graph.collect import CollectOptions, collect_snapshot

        session = boto3.Session(profile_name=profile) if profile else boto3.Session()
        options = CollectOptions(regions=(region,) if region else ())
        return collect_snapshot(session, options).snapshot

    return collect
