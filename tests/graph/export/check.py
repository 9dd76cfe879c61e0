"""Checks that an export parses back and holds nothing raw that could drive a terminal."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pydot

RAW = ("\x1b", "\x00", "\x07", "\x9b", "\u202e")
_MERMAID_LINE = re.compile(
    r"^(%% .*"
    r"|flowchart LR"
    r'|  subgraph a\d+\[".*"\]'
    r"|  end"
    r'|\s+n\d+\[".*"\]'
    r'|  n\d+ (-->|-\.->)\|".*"\| n\d+'
    r"|  classDef k_\w+ .*"
    r"|  class [n\d,]+ k_\w+"
    r"|  linkStyle [\d,]+ .*"
    r"|```mermaid|```)$"
)


def no_raw(text: str) -> None:
    for char in RAW:
        assert char not in text, f"raw {char!r}"


def csv_rows(path: Path) -> list[list[str]]:
    """The records of a CSV file (one per node or edge, plus the header)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def check_export(fmt: str, path: Path, nodes: int, edges: int) -> None:
    """`path` (a file, or a directory for neo4j/neptune) parses back to `nodes` and `edges`."""
    files = sorted(path.iterdir()) if path.is_dir() else [path]
    for file in files:
        no_raw(file.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if fmt in ("graphml", "gexf"):
        root = ET.fromstring(text.encode("utf-8"))
        assert sum(1 for e in root.iter() if e.tag.endswith("}node")) == nodes
    elif fmt in ("json", "cytoscape"):
        document = json.loads(text)
        found = document["nodes"] if fmt == "json" else document["elements"]["nodes"]
        assert len(found) == nodes
    elif fmt == "dot":
        (graph,) = pydot.graph_from_dot_data(text)
        assert graph is not None
        assert text.count(" -> ") == edges
    elif fmt == "mermaid":
        lines = text.splitlines()
        for line in lines:
            assert _MERMAID_LINE.match(line), line
        assert sum(1 for line in lines if re.match(r"^%% n\d+ = ", line)) == nodes
        assert text.count("```") in (0, 2)
    elif fmt in ("neo4j", "neptune"):
        node_rows = csv_rows(path / "nodes.csv")
        edge_file = "relationships.csv" if fmt == "neo4j" else "edges.csv"
        edge_rows = csv_rows(path / edge_file)
        assert (len(node_rows) - 1, len(edge_rows) - 1) == (nodes, edges)
        ids = {row[0] for row in node_rows[1:]}
        ends = (0, 1) if fmt == "neo4j" else (1, 2)
        assert all(row[ends[0]] in ids and row[ends[1]] in ids for row in edge_rows[1:])
        if fmt == "neptune":
            assert len({row[0] for row in edge_rows[1:]}) == edges
        else:
            broken = any("\n" in c or "\r" in c for r in (*node_rows, *edge_rows) for c in r)
            script = (path / "neo4j-admin-import.sh").read_text()
            assert ("--multiline-fields=true" in script) == broken
