"""The live AWS collector behind ``cax collect``: read-only, honest about what it could not read.

``collect_document`` returns the snapshot document (format version 1) and the problems;
``collect_snapshot`` also parses it into a :class:`graph.Snapshot`. Neither prints anything:
progress goes to a callback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import boto3

from graph.collect.collector import (
    CollectError,
    SecretLeak,
    collect_document,
    home_region,
    resolve_regions,
)
from graph.collect.options import (
    Collection,
    CollectOptions,
    Problem,
    ProgressCallback,
    ProgressEvent,
    Stage,
    Status,
    no_progress,
)
from graph.collect.readonly import COLLECT_OPERATIONS, ReadOnlyViolation, make_client
from graph.collect.salvage import UnloadableDocument, load_collected
from graph.snapshot import Snapshot

SOURCE = "cax collect"


@dataclass(frozen=True)
class CollectedSnapshot:
    """A collected snapshot and the collection it was parsed from (problems, skipped regions)."""

    snapshot: Snapshot
    collection: Collection


def collect_snapshot(
    sessions: boto3.Session | Sequence[boto3.Session],
    options: CollectOptions = CollectOptions(),  # noqa: B008 - frozen, so shared safely
    progress: ProgressCallback = no_progress,
) -> CollectedSnapshot:
    """Collect from AWS and parse the result into a :class:`Snapshot`.

    A part the loader refuses is kept as unknown, with a problem naming it (`load_collected`).

    Raises:
        CollectError: nothing could be collected.
        UnloadableDocument: the loader refuses a place no unknown can stand for (names it).
    """
    collection = collect_document(sessions, options, progress)
    snapshot, collection = load_collected(collection, SOURCE)
    return CollectedSnapshot(snapshot, collection)


__all__ = [
    "COLLECT_OPERATIONS",
    "CollectError",
    "CollectOptions",
    "CollectedSnapshot",
    "Collection",
    "Problem",
    "ProgressCallback",
    "ProgressEvent",
    "ReadOnlyViolation",
    "SecretLeak",
    "Stage",
    "Status",
    "UnloadableDocument",
    "collect_document",
    "collect_snapshot",
    "home_region",
    "load_collected",
    "make_client",
    "no_progress",
    "resolve_regions",
]
