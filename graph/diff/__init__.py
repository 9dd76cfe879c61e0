"""Access over time: what moved between two snapshots, and which change moved it (issue #13)."""

from graph.diff.changes import snapshot_changes
from graph.diff.compare import Appeared, SnapshotDiff, VerdictChange, diff_snapshots
from graph.diff.model import PolicyChange, SnapshotChanges

__all__ = [
    "Appeared",
    "PolicyChange",
    "SnapshotChanges",
    "SnapshotDiff",
    "VerdictChange",
    "diff_snapshots",
    "snapshot_changes",
]
