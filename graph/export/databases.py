"""Graph databases: Neo4j (neo4j-admin import CSV plus a Cypher script) and Amazon Neptune
(bulk-load CSV, openCypher format). Each writes a directory.

CSV text shows control characters as escapes (`graph.visible`) except tab, LF and CR, which are
kept inside quoted fields; the Cypher script keeps every string exact, as JSON-style escapes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import networkx as nx

from graph.export.attrs import attribute_names, edge_type, encode, node_labels
from graph.visible import json_escaped, visible

NEO4J_NODES: Final = "nodes.csv"
NEO4J_RELATIONSHIPS: Final = "relationships.csv"
NEO4J_SCRIPT: Final = "import.cypher"
NEO4J_ADMIN: Final = "neo4j-admin-import.sh"
NEPTUNE_NODES: Final = "nodes.csv"
NEPTUNE_EDGES: Final = "edges.csv"
NEPTUNE_REQUEST: Final = "load-request.json"

_ARRAY_DELIMITERS: Final = (";", "|", "\u001f")
_BATCH: Final = 200
_CSV_KEEP: Final = "\t\n\r"
_NEEDS_QUOTES: Final = re.compile(r'[,"\n\r]')


def _column_type(values: Iterable[Any], *, arrays: bool) -> str:
    """`bool`, `int`, `float`, `str`, `str[]` (lists of text, when arrays are allowed) or `json`."""
    kinds: set[str] = set()
    for value in values:
        if value is None:
            continue
        if isinstance(value, bool):
            kinds.add("bool")
        elif isinstance(value, int):
            kinds.add("int")
        elif isinstance(value, float):
            kinds.add("float")
        elif isinstance(value, (list, tuple)):
            kinds.add("str[]" if arrays and all(isinstance(v, str) for v in value) else "json")
        elif isinstance(value, dict):
            kinds.add("json")
        else:
            kinds.add("str")
    if len(kinds) == 1:
        return kinds.pop()
    if kinds == {"int", "float"}:
        return "float"
    return "json" if kinds & {"json", "str[]"} else "str"


def _columns(
    rows: Sequence[Mapping[str, Any]], skip: Iterable[str], *, arrays: bool
) -> list[tuple[str, str]]:
    names = attribute_names(rows, skip)
    return [(name, _column_type((r.get(name) for r in rows), arrays=arrays)) for name in names]


def _text(value: object) -> str:
    """Text for a CSV cell: control characters but tab and line breaks as escapes."""
    return visible(str(value), _CSV_KEEP)


def _cell(value: Any, kind: str, delimiter: str) -> str:
    if value is None:
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind == "str[]":
        return delimiter.join(_text(v) for v in value)
    if kind == "json":
        return json_escaped(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    return _text(value)


def _array_delimiter(g: nx.MultiDiGraph) -> str:
    """`;` (neo4j-admin's default) unless some list element holds it; then `|`, then U+001F."""
    texts = [
        _text(v)
        for items in (g.nodes(data=True), ((None, d) for _, _, d in g.edges(data=True)))
        for _, data in items
        for value in data.values()
        if isinstance(value, (list, tuple))
        for v in value
    ]
    for delimiter in _ARRAY_DELIMITERS:
        if not any(delimiter in t for t in texts):
            return delimiter
    return _ARRAY_DELIMITERS[-1]


_NEO4J_TYPES: Final = {
    "bool": "boolean",
    "int": "long",
    "float": "double",
    "str": "string",
    "str[]": "string[]",
    "json": "string",
}
_NEPTUNE_TYPES: Final = {
    "bool": "Bool",
    "int": "Long",
    "float": "Double",
    "str": "String",
    "json": "String",
}


def csv_line(cells: Iterable[str]) -> str:
    """One CSV record: a field holding `,`, `"`, LF or CR is quoted (the csv module quotes only
    the characters of its line terminator, so a CR would split the record)."""
    return (
        ",".join(
            '"' + cell.replace('"', '""') + '"' if _NEEDS_QUOTES.search(cell) else cell
            for cell in cells
        )
        + "\n"
    )


def _write_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> bool:
    """Write the records; True when some field holds a line break (LF or CR)."""
    multiline = False
    with path.open("w", encoding="utf-8", newline="") as handle:
        for cells in (header, *rows):
            multiline = multiline or any("\n" in c or "\r" in c for c in cells)
            handle.write(csv_line(cells))
    return multiline


# --- Neo4j ------------------------------------------------------------------------------------


def write_neo4j(g: nx.MultiDiGraph, directory: Path) -> tuple[str, ...]:
    """`nodes.csv` and `relationships.csv` for `neo4j-admin database import full`, the command in
    `neo4j-admin-import.sh`, and `import.cypher` (MERGE, for an existing database).

    Node ids go in `id:ID` (also stored as property `id`), labels in `:LABEL` (`CaxNode`,
    `Principal` or `Resource`, the kind); relationship types are the edge keys in upper case
    (`ACCESS_READ`, `CAN_ASSUME`, …) with the key itself in `key`. Lists of text are arrays
    (`string[]`); dicts are JSON strings.
    """
    delimiter = _array_delimiter(g)
    nodes = [(node, data) for node, data in g.nodes(data=True)]
    node_columns = _columns([d for _, d in nodes], ("id",), arrays=True)
    multiline = _write_csv(
        directory / NEO4J_NODES,
        ["id:ID", ":LABEL", *(f"{_text(n)}:{_NEO4J_TYPES[t]}" for n, t in node_columns)],
        (
            [
                _text(node),
                ";".join(node_labels(str(data.get("kind", "")))),
                *(_cell(data.get(n), t, delimiter) for n, t in node_columns),
            ]
            for node, data in nodes
        ),
    )
    edges = list(g.edges(keys=True, data=True))
    edge_columns = _columns([d for _, _, _, d in edges], ("key",), arrays=True)
    multiline |= _write_csv(
        directory / NEO4J_RELATIONSHIPS,
        [
            ":START_ID",
            ":END_ID",
            ":TYPE",
            "key:string",
            *(f"{_text(n)}:{_NEO4J_TYPES[t]}" for n, t in edge_columns),
        ],
        (
            [
                _text(source),
                _text(target),
                _text(edge_type(key)),
                _text(key),
                *(_cell(data.get(n), t, delimiter) for n, t in edge_columns),
            ]
            for source, target, key, data in edges
        ),
    )
    _write_admin_script(directory / NEO4J_ADMIN, delimiter, multiline)
    with (directory / NEO4J_SCRIPT).open("w", encoding="utf-8") as handle:
        handle.writelines(cypher_script(g))
    return ()


def _write_admin_script(path: Path, delimiter: str, multiline: bool) -> None:
    shown = {";": "';'", "|": "'|'", "\u001f": "U+001F"}[delimiter]
    options = [f"--array-delimiter={shown}"]
    if multiline:
        options.append("--multiline-fields=true")
    path.write_text(
        "#!/bin/sh\n"
        "# Offline import into a new, empty Neo4j 5 database (stop the database first).\n"
        "# Run from this directory; NEO4J_DATABASE defaults to neo4j.\n"
        "set -e\n"
        'cd "$(dirname "$0")"\n'
        "neo4j-admin database import full \\\n"
        f"  --nodes={NEO4J_NODES} \\\n"
        f"  --relationships={NEO4J_RELATIONSHIPS} \\\n"
        + "".join(f"  {o} \\\n" for o in options)
        + '  "${NEO4J_DATABASE:-neo4j}"\n',
        encoding="utf-8",
    )


def cypher_value(value: Any) -> str:
    """A Cypher literal: strings double-quoted (JSON escapes are Cypher escapes), lists of
    scalars as lists, dicts as JSON strings (Neo4j properties hold no maps)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, (list, tuple)) and all(
        isinstance(v, (str, int, float, bool)) for v in value
    ):
        return "[" + ", ".join(cypher_value(v) for v in value) + "]"
    if isinstance(value, str):
        return json_escaped(json.dumps(value, ensure_ascii=False))
    return json_escaped(json.dumps(encode(value), ensure_ascii=False))


def _cypher_map(values: Mapping[str, Any]) -> str:
    values = {k: v for k, v in values.items() if v is not None}
    items = (f"`{visible(k).replace('`', '``')}`: {cypher_value(v)}" for k, v in values.items())
    return "{" + ", ".join(items) + "}"


def _batches(rows: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(rows), _BATCH):
        yield rows[start : start + _BATCH]


def cypher_script(g: nx.MultiDiGraph) -> Iterator[str]:
    """Statements for `cypher-shell -f import.cypher`: MERGE every node on `id`, then every
    relationship on (start, end, type, key); safe to run twice."""
    yield (
        f"// cax access graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} relationships.\n"
        "// Run with: cypher-shell -f import.cypher\n"
        "CREATE CONSTRAINT cax_node_id IF NOT EXISTS FOR (n:CaxNode) REQUIRE n.id IS UNIQUE;\n"
    )
    by_labels: dict[tuple[str, ...], list[str]] = {}
    for node, data in g.nodes(data=True):
        labels = tuple(node_labels(str(data.get("kind", ""))))
        props = {k: v for k, v in data.items() if k != "id"}
        by_labels.setdefault(labels, []).append(
            f"{{id: {cypher_value(str(node))}, props: {_cypher_map(props)}}}"
        )
    for labels, rows in by_labels.items():
        extra = "".join(f":`{visible(label)}`" for label in labels if label != "CaxNode")
        for batch in _batches(rows):
            yield (
                "UNWIND [\n  " + ",\n  ".join(batch) + "\n] AS row\n"
                "MERGE (n:CaxNode {id: row.id}) SET n += row.props"
                + (f" SET n{extra}" if extra else "")
                + ";\n"
            )
    by_type: dict[str, list[str]] = {}
    for source, target, key, data in g.edges(keys=True, data=True):
        row = (
            f"{{source: {cypher_value(str(source))}, target: {cypher_value(str(target))}, "
            f"key: {cypher_value(key)}, props: {_cypher_map(data)}}}"
        )
        by_type.setdefault(edge_type(key), []).append(row)
    for rel_type, rows in by_type.items():
        for batch in _batches(rows):
            yield (
                "UNWIND [\n  " + ",\n  ".join(batch) + "\n] AS row\n"
                "MATCH (a:CaxNode {id: row.source}) MATCH (b:CaxNode {id: row.target})\n"
                f"MERGE (a)-[r:`{visible(rel_type)}` {{key: row.key}}]->(b) SET r += row.props;\n"
            )


# --- Amazon Neptune ---------------------------------------------------------------------------


def write_neptune(g: nx.MultiDiGraph, directory: Path) -> tuple[str, ...]:
    """`nodes.csv` and `edges.csv` in Neptune's openCypher bulk-load format, plus a loader
    request template (`load-request.json`).

    Node ids in `:ID`, labels `;`-separated in `:LABEL`; edges get `:ID` = `source|key|target`
    and `:TYPE` = the key in upper case. Lists and dicts are JSON strings (Neptune openCypher
    stores arrays as sets, which would lose order).
    """
    nodes = [(node, data) for node, data in g.nodes(data=True)]
    node_columns = _columns([d for _, d in nodes], (), arrays=False)
    _write_csv(
        directory / NEPTUNE_NODES,
        [":ID", ":LABEL", *(f"{_text(n)}:{_NEPTUNE_TYPES[t]}" for n, t in node_columns)],
        (
            [
                _text(node),
                ";".join(node_labels(str(data.get("kind", "")))),
                *(_cell(data.get(n), t, ";") for n, t in node_columns),
            ]
            for node, data in nodes
        ),
    )
    edges = list(g.edges(keys=True, data=True))
    edge_columns = _columns([d for _, _, _, d in edges], ("key",), arrays=False)
    _write_csv(
        directory / NEPTUNE_EDGES,
        [
            ":ID",
            ":START_ID",
            ":END_ID",
            ":TYPE",
            "key:String",
            *(f"{_text(n)}:{_NEPTUNE_TYPES[t]}" for n, t in edge_columns),
        ],
        (
            [
                _text(neptune_edge_id(str(source), key, str(target))),
                _text(source),
                _text(target),
                _text(edge_type(key)),
                _text(key),
                *(_cell(data.get(n), t, ";") for n, t in edge_columns),
            ]
            for source, target, key, data in edges
        ),
    )
    request = {
        "source": "s3://YOUR-BUCKET/cax-export/",
        "format": "opencypher",
        "iamRoleArn": "arn:aws:iam::ACCOUNT-ID:role/NeptuneLoadFromS3",
        "region": "us-east-1",
        "failOnError": "TRUE",
        "parallelism": "MEDIUM",
        "userProvidedEdgeIds": "TRUE",
    }
    (directory / NEPTUNE_REQUEST).write_text(json.dumps(request, indent=2) + "\n", "utf-8")
    return ()


def neptune_edge_id(source: str, key: str, target: str) -> str:
    """A unique, stable edge id (a multigraph key is unique per source and target)."""
    return f"{source}|{key}|{target}"
