"""GraphML, GEXF, node-link JSON and Cytoscape.js JSON, through networkx's own writers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from graph.export.attrs import (
    KIND_COLOURS,
    VERDICT_COLOURS,
    edge_type,
    node_labels,
    scalar_graph,
)
from graph.visible import json_escaped


def write_graphml(g: nx.MultiDiGraph, path: Path) -> tuple[str, ...]:
    """GraphML with named keys; APOC's `labels` on nodes and relationship `label` on edges."""
    out = scalar_graph(g)
    for _, data in out.nodes(data=True):
        data["labels"] = ":" + ":".join(node_labels(str(data.get("kind", ""))))
    for _, _, key, data in out.edges(keys=True, data=True):
        data["label"] = edge_type(key)
    nx.write_graphml(out, path, named_key_ids=True)
    return ()


def _rgb(colour: str) -> dict[str, Any]:
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return {"r": r, "g": g, "b": b, "a": 1.0}


_COLUMNS = (
    ("external_account", "anyone", "service", "federated", "account"),
    ("user",),
    ("group",),
    ("role",),
    ("domain",),
    ("repository",),
    ("external_connection",),
)


def _positions(g: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """A column per kind (callers, users, groups, roles, domains, repositories, connections)."""
    column_of = {kind: i for i, kinds in enumerate(_COLUMNS) for kind in kinds}
    rows: dict[int, int] = {}
    placed: dict[str, tuple[float, float]] = {}
    for node, data in g.nodes(data=True):
        column = column_of.get(str(data.get("kind")), len(_COLUMNS))
        row = rows.get(column, 0)
        rows[column] = row + 1
        placed[node] = (column * 400.0, -row * 40.0)
    return placed


def write_gexf(g: nx.MultiDiGraph, path: Path) -> tuple[str, ...]:
    """GEXF 1.2 for Gephi: colour by kind and outcome, columns by kind, the key as edge label."""
    out = scalar_graph(g)
    positions = _positions(out)
    for node, data in out.nodes(data=True):
        x, y = positions[node]
        colour = KIND_COLOURS.get(str(data.get("kind")), "#ffffff")
        data["viz"] = {
            "color": _rgb(colour),
            "size": 10.0,
            "position": {"x": x, "y": y, "z": 0.0},
        }
    for index, (_, _, key, data) in enumerate(out.edges(keys=True, data=True)):
        data["id"] = f"e{index}"
        data["label"] = key
        colour = VERDICT_COLOURS.get(str(data.get("verdict")), "#000000")
        data["viz"] = {"color": _rgb(colour), "thickness": 1.0}
    nx.write_gexf(out, path, version="1.2draft")
    return ()


def _graph_attrs(g: nx.MultiDiGraph) -> dict[str, Any]:
    return {k: v for k, v in g.graph.items() if v is not None}


def write_node_link(g: nx.MultiDiGraph, path: Path) -> tuple[str, ...]:
    """networkx/D3 node-link JSON (`nodes`, `links`); lists and dicts stay native JSON."""
    data = nx.node_link_data(g, edges="links")
    data["graph"] = _graph_attrs(g)
    _dump(data, path)
    return ()


def write_cytoscape(g: nx.MultiDiGraph, path: Path) -> tuple[str, ...]:
    """Cytoscape.js `elements` JSON, readable by `networkx.cytoscape_graph` too.

    Nodes carry `id` (the node id) and `value` (the same, for networkx) next to their own
    attributes; Cytoscape styles can show `data(label)`. Edges carry `source`, `target`, `key`.
    """
    nodes = [
        {"data": {**data, "id": str(node), "value": node}} for node, data in g.nodes(data=True)
    ]
    edges = [
        {"data": {**data, "source": source, "target": target, "key": key}}
        for source, target, key, data in g.edges(keys=True, data=True)
    ]
    document = {
        "data": list(_graph_attrs(g).items()),
        "directed": True,
        "multigraph": True,
        "elements": {"nodes": nodes, "edges": edges},
    }
    _dump(document, path)
    return ()


def _dump(document: Any, path: Path) -> None:
    """Exact JSON; control characters (C1, bidi overrides too) as `\\uXXXX` escapes."""
    text = json_escaped(json.dumps(document, ensure_ascii=False, indent=1))
    path.write_text(text + "\n", encoding="utf-8")


__all__ = [
    "write_cytoscape",
    "write_gexf",
    "write_graphml",
    "write_node_link",
]
