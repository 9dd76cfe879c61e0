"""What every export shares: the format description, the result and the error type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx


class ExportError(Exception):
    """An export that cannot be written: unknown format or scope, existing file, I/O error."""


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the files (for a directory format, every file in it), counts."""

    paths: list[Path]
    nodes: int
    edges: int
    warnings: tuple[str, ...] = ()
    """Things worth telling the user (e.g. a Mermaid diagram larger than renderers accept)."""


Writer = Callable[[nx.MultiDiGraph, Path], tuple[str, ...]]
"""Writes the prepared graph to a file (or fills a directory); returns warnings."""


@dataclass(frozen=True)
class ExportFormat:
    """One export format.

    Attributes:
        name: the key in `FORMATS` and the value of `cax export --format`.
        description: one line: what it is and which tools open it.
        extension: the usual file extension with its dot (`.graphml`); "" for a directory.
        directory: the output is a directory of files (Neo4j, Neptune), not one file.
    """

    name: str
    description: str
    extension: str
    directory: bool = False
    writer: Writer = field(default=lambda g, p: (), repr=False, compare=False)
