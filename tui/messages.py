"""App-wide messages: loading stages and progress, the snapshot read, the graph ready, a failure."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

import graph
from graph.diff import SnapshotDiff


@dataclass
class LoadProgress(Message):
    """A loading stage started (`reading snapshot`, `building the access graph`)."""

    stage: str


@dataclass
class BuildProgress(Message):
    """How far the access-graph build is: `done` of `total` items of `stage` (`trust`, …)."""

    stage: str
    done: int
    total: int
    left: float | None = None
    """Seconds the stage has left at its pace so far (None: too early to tell)."""


@dataclass
class SnapshotLoaded(Message):
    """The snapshot is read: principals can be listed while reachability is computed."""

    snapshot: graph.Snapshot
    seconds: float


@dataclass
class GraphReady(Message):
    """The access graph is built (first load, reload or a new context)."""

    access_graph: graph.AccessGraph
    seconds: float


@dataclass
class SnapshotFailed(Message):
    """The snapshot could not be loaded; `error` is the loader's message."""

    error: str


@dataclass
class DiffReady(Message):
    """Two snapshots are compared (`cax tui --diff`)."""

    diff: SnapshotDiff
