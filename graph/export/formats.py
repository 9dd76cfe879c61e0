"""The export formats and `export_graph`, which the CLI (`cax export`) and the TUI both call."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import networkx as nx

from graph.export.attrs import with_evidence
from graph.export.base import ExportError, ExportFormat, ExportResult
from graph.export.databases import write_neo4j, write_neptune
from graph.export.files import write_directory, write_file
from graph.export.nxformats import write_cytoscape, write_gexf, write_graphml, write_node_link
from graph.export.scope import scoped_graph
from graph.export.text import write_dot, write_mermaid

if TYPE_CHECKING:
    from graph.access import AccessGraph

FORMATS: Final[dict[str, ExportFormat]] = {
    f.name: f
    for f in (
        ExportFormat(
            "graphml",
            "GraphML for Gephi, yEd, Cytoscape and Neo4j APOC (lists as JSON strings)",
            ".graphml",
            writer=write_graphml,
        ),
        ExportFormat(
            "gexf", "GEXF 1.2 for Gephi, coloured by kind and outcome", ".gexf", writer=write_gexf
        ),
        ExportFormat(
            "dot",
            "Graphviz DOT: a cluster per account, edges coloured by outcome",
            ".dot",
            writer=write_dot,
        ),
        ExportFormat(
            "json",
            "node-link JSON for networkx and D3 (nodes, links)",
            ".json",
            writer=write_node_link,
        ),
        ExportFormat(
            "cytoscape",
            "Cytoscape.js elements JSON (also Cytoscape desktop)",
            ".cyjs",
            writer=write_cytoscape,
        ),
        ExportFormat(
            "mermaid",
            "Mermaid flowchart for Markdown (a .md file gets a ```mermaid fence); scope it",
            ".mmd",
            writer=write_mermaid,
        ),
        ExportFormat(
            "neo4j",
            "directory: neo4j-admin import CSV, its command, and a Cypher MERGE script",
            "",
            directory=True,
            writer=write_neo4j,
        ),
        ExportFormat(
            "neptune",
            "directory: Amazon Neptune bulk-load CSV (openCypher format)",
            "",
            directory=True,
            writer=write_neptune,
        ),
    )
}
"""Every export format by name (`cax export --format NAME`)."""


def export_format(fmt: str | ExportFormat) -> ExportFormat:
    """The format named `fmt` (any case); ExportError listing the formats when unknown."""
    if isinstance(fmt, ExportFormat):
        return fmt
    found = FORMATS.get(fmt.lower().strip())
    if found is None:
        raise ExportError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return found


def export_subgraph(
    access_graph: AccessGraph,
    *,
    principal: str | None = None,
    resource: str | None = None,
    capability: str | None = None,
) -> nx.MultiDiGraph:
    """What an export writes: the (scoped) graph with evidence on every edge (no encoding)."""
    g = scoped_graph(access_graph, principal=principal, resource=resource, capability=capability)
    out = with_evidence(g)
    full = access_graph.graph
    accounts = sorted({str(d["account"]) for _, d in g.nodes(data=True) if d.get("account")})
    out.graph.update(
        {
            "name": "cax access graph",
            "scope": _scope_text(principal, resource, capability),
            "context": plain_context(access_graph.context),
            "accounts": {
                a: str(full.nodes[f"account:{a}"].get("name") or a)
                if full.has_node(f"account:{a}")
                else a
                for a in accounts
            },
        }
    )
    return out


def plain_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """Context assumptions as JSON values (an absent key as null, times as ISO 8601)."""
    plain: dict[str, Any] = {}
    for key, value in context.items():
        if isinstance(value, (str, bool, int, float)) or value is None:
            plain[key] = value
        elif isinstance(value, datetime):
            plain[key] = value.isoformat()
        elif isinstance(value, (list, tuple)):
            plain[key] = [str(v) for v in value]
        else:
            plain[key] = None  # policy.ABSENT: known to be absent
    return plain


def _scope_text(principal: str | None, resource: str | None, capability: str | None) -> str:
    parts = [
        f"{name}={value}"
        for name, value in (
            ("principal", principal),
            ("resource", resource),
            ("capability", capability),
        )
        if value
    ]
    return ", ".join(parts) or "everything"


def export_graph(
    access_graph: AccessGraph,
    fmt: str | ExportFormat,
    path: str | Path,
    *,
    principal: str | None = None,
    resource: str | None = None,
    capability: str | None = None,
    force: bool = False,
) -> ExportResult:
    """Write the access graph (or the part on one principal's, resource's or capability's
    chains) in format `fmt` to `path`, atomically.

    Raises ExportError for an unknown format, principal, resource or capability, an existing
    `path` without `force` (or, for a directory format, a directory cax did not write), and
    for a failed write.
    """
    chosen = export_format(fmt)
    target = Path(path).expanduser()
    g = export_subgraph(access_graph, principal=principal, resource=resource, capability=capability)
    nodes, edges = g.number_of_nodes(), g.number_of_edges()
    try:
        if chosen.directory:
            manifest = {
                "generator": "cax",
                "format": chosen.name,
                "nodes": nodes,
                "edges": edges,
                "scope": g.graph["scope"],
            }
            warnings = write_directory(
                target, force, lambda d: chosen.writer(g, d), manifest=manifest
            )
            paths = sorted(p for p in target.iterdir() if p.is_file())
        else:
            warnings = write_file(target, force, lambda p: chosen.writer(g, p))
            paths = [target]
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error.strerror or error}") from error
    return ExportResult(paths, nodes, edges, tuple(warnings))
