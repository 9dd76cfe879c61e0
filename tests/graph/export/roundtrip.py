"""Readers for every export format, back to (nodes, edges) to compare with what was exported.

`Nodes` maps node id → attributes; `Edges` maps (source, target, key) → attributes.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from graph.export.attrs import key_of_type
from graph.export.text import DOT_RENAMED, dot_unquote, key_of_caption, mermaid_untext

Nodes = dict[str, dict[str, Any]]
Edges = dict[tuple[str, str, str], dict[str, Any]]


def of_graph(g: nx.MultiDiGraph) -> tuple[Nodes, Edges]:
    nodes = {str(n): dict(d) for n, d in g.nodes(data=True)}
    edges = {(str(u), str(v), str(k)): dict(d) for u, v, k, d in g.edges(keys=True, data=True)}
    return nodes, edges


def _decode_json(data: dict[str, Any], names: set[str]) -> dict[str, Any]:
    return {k: json.loads(v) if k in names and isinstance(v, str) else v for k, v in data.items()}


def read_graphml(path: Path) -> tuple[Nodes, Edges]:
    g = nx.read_graphml(path, force_multigraph=True)
    names = set(json.loads(g.graph["json_attributes"]))
    nodes = {
        n: _decode_json({k: v for k, v in d.items() if k != "labels"}, names)
        for n, d in g.nodes(data=True)
    }
    edges = {
        (u, v, k): _decode_json({a: b for a, b in d.items() if a != "label"}, names)
        for u, v, k, d in g.edges(keys=True, data=True)
    }
    return nodes, edges


def read_gexf(path: Path) -> tuple[Nodes, Edges]:
    g = nx.read_gexf(path)  # GEXF keeps no graph attributes: the JSON ones are documented
    names = {"statements", "conditions", "tags"}
    nodes = {
        n: _decode_json({k: v for k, v in d.items() if k != "viz"}, names)
        for n, d in g.nodes(data=True)
    }
    edges: Edges = {}
    for u, v, d in g.edges(data=True):  # a DiGraph when no edges are parallel: key in `label`
        attrs = {k: val for k, val in d.items() if k not in ("viz", "id", "label")}
        edges[(u, v, d["label"])] = _decode_json(attrs, names)
    return nodes, edges


def read_node_link(path: Path) -> tuple[Nodes, Edges]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "links" in data and "edges" not in data
    return of_graph(nx.node_link_graph(data, edges="links"))


def read_cytoscape(path: Path) -> tuple[Nodes, Edges]:
    data = json.loads(path.read_text(encoding="utf-8"))
    g = nx.cytoscape_graph(data)
    nodes = {
        n: {k: v for k, v in d.items() if k not in ("id", "value")} for n, d in g.nodes(data=True)
    }
    edges = {
        (u, v, k): {a: b for a, b in d.items() if a not in ("source", "target", "key")}
        for u, v, k, d in g.edges(keys=True, data=True)
    }
    return nodes, edges


def read_dot(path: Path) -> tuple[Nodes, Edges]:
    """Through pydot: node ids n0… map back to the graph ids in `label`; values are text."""
    import pydot

    (dot,) = pydot.graph_from_dot_file(str(path))
    raw_nodes = []
    graphs = [dot]
    while graphs:
        current = graphs.pop()
        raw_nodes.extend(
            n for n in current.get_nodes() if n.get_name() not in ("node", "edge", "graph")
        )
        graphs.extend(current.get_subgraphs())
    ids: dict[str, str] = {}
    nodes: Nodes = {}
    for node in raw_nodes:
        attrs = {k: dot_unquote(v) for k, v in node.get_attributes().items()}
        node_id = attrs.pop("node_id")
        ids[node.get_name()] = node_id
        for original, renamed in DOT_RENAMED.items():
            if renamed in attrs:
                attrs[original] = attrs.pop(renamed)
        for extra in ("tooltip", "fillcolor"):
            attrs.pop(extra, None)
        nodes[node_id] = attrs
    edges: Edges = {}
    for edge in dot.get_edges():
        attrs = {k: dot_unquote(v) for k, v in edge.get_attributes().items()}
        key = attrs.pop("key")
        for extra in ("label", "color", "fontcolor", "style"):
            attrs.pop(extra, None)
        edges[(ids[edge.get_source()], ids[edge.get_destination()], key)] = attrs
    return nodes, edges


_MERMAID_NODE = re.compile(r'^\s*(n\d+)\["(.*)"\]$')
_MERMAID_EDGE = re.compile(r'^\s*(n\d+) (-->|-\.->)\|"(.*)"\| (n\d+)$')
_MERMAID_ID = re.compile(r"^%% (n\d+) = (.*)$")


def read_mermaid(path: Path) -> tuple[Nodes, Edges]:
    """Node ids from the `%% nX = id` comments, labels, edges with key and verdict."""
    ids: dict[str, str] = {}
    nodes: Nodes = {}
    edges: Edges = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if found := _MERMAID_ID.match(line):
            ids[found[1]] = mermaid_untext(found[2])
        elif found := _MERMAID_NODE.match(line):
            nodes[ids[found[1]]] = {"label": mermaid_untext(found[2])}
        elif found := _MERMAID_EDGE.match(line):
            text = mermaid_untext(found[3])
            verdict = "allowed"
            if text.endswith(")"):
                text, verdict = text[:-1].rsplit(" (", 1)
            edges[(ids[found[1]], ids[found[4]], key_of_caption(text))] = {"verdict": verdict}
    return nodes, edges


NEO4J_TYPES = {
    "int",
    "long",
    "float",
    "double",
    "boolean",
    "byte",
    "short",
    "char",
    "string",
    "point",
    "date",
    "localtime",
    "time",
    "localdatetime",
    "datetime",
    "duration",
}
NEPTUNE_TYPES = {"Bool", "Byte", "Short", "Int", "Long", "Float", "Double", "DateTime", "String"}


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _neo4j_value(text: str, kind: str, delimiter: str) -> Any:
    if kind.endswith("[]"):
        return text.split(delimiter)
    if kind == "boolean":
        return text == "true"
    if kind in ("long", "int"):
        return int(text)
    return text


def check_neo4j_header(header: list[str], system: tuple[str, ...]) -> dict[int, tuple[str, str]]:
    """System columns present; every other column `name:type` with an admin-import type."""
    for column in system:
        assert column in header, (column, header)
    properties = {}
    for i, column in enumerate(header):
        if column in system or column.startswith(":"):
            continue
        name, _, kind = column.partition(":")
        if kind in ("ID",):
            continue
        assert name and kind.removesuffix("[]") in NEO4J_TYPES, column
        properties[i] = (name, kind)
    return properties


def read_neo4j(directory: Path, delimiter: str = ";") -> tuple[Nodes, Edges]:
    header, rows = _rows(directory / "nodes.csv")
    assert header[0] == "id:ID" and header[1] == ":LABEL"
    props = check_neo4j_header(header, ("id:ID", ":LABEL"))
    nodes: Nodes = {}
    for row in rows:
        nodes[row[0]] = {
            name: _neo4j_value(row[i], kind, delimiter)
            for i, (name, kind) in props.items()
            if row[i] != ""
        }
        assert row[1].split(";")[0] == "CaxNode"
    header, rows = _rows(directory / "relationships.csv")
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    props = check_neo4j_header(header, (":START_ID", ":END_ID", ":TYPE"))
    edges: Edges = {}
    for row in rows:
        attrs = {
            name: _neo4j_value(row[i], kind, delimiter)
            for i, (name, kind) in props.items()
            if row[i] != ""
        }
        key = attrs.pop("key")
        assert key_of_type(row[2]) == key
        edges[(row[0], row[1], key)] = attrs
    return nodes, edges


def _neptune_value(text: str, kind: str) -> Any:
    if kind == "Bool":
        return text == "true"
    if kind in ("Long", "Int"):
        return int(text)
    if text[:1] in ("[", "{"):
        return json.loads(text)
    return text


def _neptune_props(header: list[str], system: tuple[str, ...]) -> dict[int, tuple[str, str]]:
    for column in system:
        assert column in header, (column, header)
    props = {}
    for i, column in enumerate(header):
        if column in system:
            continue
        name, _, kind = column.partition(":")
        assert name and kind in NEPTUNE_TYPES, column
        props[i] = (name, kind)
    return props


def read_neptune(directory: Path) -> tuple[Nodes, Edges]:
    header, rows = _rows(directory / "nodes.csv")
    assert header[:2] == [":ID", ":LABEL"]
    props = _neptune_props(header, (":ID", ":LABEL"))
    nodes = {
        row[0]: {n: _neptune_value(row[i], k) for i, (n, k) in props.items() if row[i] != ""}
        for row in rows
    }
    header, rows = _rows(directory / "edges.csv")
    assert header[:4] == [":ID", ":START_ID", ":END_ID", ":TYPE"]
    props = _neptune_props(header, (":ID", ":START_ID", ":END_ID", ":TYPE"))
    edges: Edges = {}
    ids = set()
    for row in rows:
        attrs = {n: _neptune_value(row[i], k) for i, (n, k) in props.items() if row[i] != ""}
        key = attrs.pop("key")
        assert key_of_type(row[3]) == key
        ids.add(row[0])
        edges[(row[1], row[2], key)] = attrs
    assert len(ids) == len(rows), "edge :ID values are unique"
    return nodes, edges


def cypher_to_json(text: str) -> str:
    """A Cypher literal of the script's shape as JSON: quote `backtick` and bare map keys."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == '"':
            end = i + 1
            while text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[i : end + 1])
            i = end + 1
        elif char == "`":
            end = text.index("`", i + 1)
            out.append(json.dumps(text[i + 1 : end]))
            i = end + 1
        elif char.isalpha() or char == "_":
            end = i
            while end < len(text) and (text[end].isalnum() or text[end] == "_"):
                end += 1
            word = text[i:end]
            out.append(json.dumps(word) if text[end : end + 1] == ":" else word)
            i = end
        else:
            out.append(char)
            i += 1
    return "".join(out)


def read_cypher(path: Path) -> tuple[Nodes, Edges]:
    """The UNWIND rows of import.cypher."""
    nodes: Nodes = {}
    edges: Edges = {}
    text = path.read_text(encoding="utf-8")
    for block in re.findall(r"UNWIND \[\n(.*?)\n\] AS row", text, flags=re.DOTALL):
        for row in json.loads("[" + cypher_to_json(block) + "]"):
            if "id" in row:
                nodes[row["id"]] = row["props"]
            else:
                edges[(row["source"], row["target"], row["key"])] = row["props"]
    return nodes, edges
