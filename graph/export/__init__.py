"""Exports of the access graph: GraphML, GEXF, DOT, node-link JSON, Cytoscape.js, Mermaid, Neo4j
and Amazon Neptune, whole or scoped to a principal, resource or capability (docs/exports.md).

    from graph.export import FORMATS, export_graph
    result = export_graph(access_graph, "graphml", "acme.graphml", principal="user/alice")

Plain Python: no UI imports. `graph.export.results` turns query answers into JSON-ready dicts.
"""

from __future__ import annotations

from graph.export.base import ExportError, ExportFormat, ExportResult
from graph.export.files import MANIFEST
from graph.export.formats import FORMATS, export_format, export_graph, export_subgraph
from graph.export.scope import scoped_graph

__all__ = [
    "FORMATS",
    "MANIFEST",
    "ExportError",
    "ExportFormat",
    "ExportResult",
    "export_format",
    "export_graph",
    "export_subgraph",
    "scoped_graph",
]
