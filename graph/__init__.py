"""cax engine: the model of an AWS estate, policy evaluation, the access graph, exports.

This package is plain Python and never imports the UI (`tui`) or Textual.
"""

from __future__ import annotations

from importlib import resources

from graph.access import AccessGraph, Capability, Verdict, explain_error
from graph.errors import LoaderError
from graph.snapshot import Snapshot
from graph.sources import load_snapshot, snapshot_from_document

DEMO_RESOURCE = "acme-org.json"


def demo_snapshot() -> Snapshot:
    """The bundled demo organisation (shared-services owns domain `acme`; see docs/demo.md)."""
    source = resources.files("graph.demo").joinpath(DEMO_RESOURCE)
    with resources.as_file(source) as path:
        return load_snapshot(path)


__all__ = [
    "AccessGraph",
    "Capability",
    "LoaderError",
    "Snapshot",
    "Verdict",
    "demo_snapshot",
    "explain_error",
    "load_snapshot",
    "snapshot_from_document",
]
