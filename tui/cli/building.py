"""The command line's progress while the access graph builds: one bar per stage on stderr,
with counts and the time left, in the words the TUI's loading bar uses (`tui.progress`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from tui.progress import BuildStep

Report = Callable[[str, int, int], None]


@contextmanager
def build_progress(console: Console) -> Iterator[Report]:
    """A `progress(stage, done, total)` for `AccessGraph.from_snapshot` that draws the bars
    while the block runs (nothing when stderr is not a terminal; gone when it ends)."""
    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(bar_width=10),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        TextColumn("left"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    tasks: dict[str, TaskID] = {}

    def report(stage: str, done: int, total: int) -> None:
        words = BuildStep(stage, done, total).words
        task = tasks.get(stage)
        if task is None:
            task = tasks[stage] = bars.add_task(words, total=max(total, 1))
        bars.update(task, completed=done, total=max(total, 1), description=words)

    with bars:
        yield report
