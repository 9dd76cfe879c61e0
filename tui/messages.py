"""App-wide messages: a snapshot finished loading, or failed to."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from graph import Snapshot


@dataclass
class SnapshotLoaded(Message):
    """The snapshot is loaded and ready to show."""

    snapshot: Snapshot


@dataclass
class SnapshotFailed(Message):
    """The snapshot could not be loaded; `error` is the loader's message."""

    error: str
