"""Readers for the files cax understands: snapshots, IAM details, CodeArtifact output."""

from graph.sources.load import load_snapshot, snapshot_from_document

__all__ = ["load_snapshot", "snapshot_from_document"]
