"""App-wide messages: loading progress, a snapshot loaded, the access graph ready, a failure."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

import graph


@dataclass
class LoadProgress(Message):
    """A loading stage started (`reading snapshot`, `building the access graph`)."""

    stage: str


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
