"""DOT (Graphviz) and Mermaid: hand-written, with safe node ids (`n0`, `n1`, …).

Both formats mangle or reject ARNs as node ids (`:` is a port separator in DOT), so nodes get
surrogate ids; DOT labels each node with its short label and keeps the graph's node id (the
ARN) as `node_id` (and `arn`), Mermaid in a
`%% n0 = ARN` comment. Both are read by people: control characters in any text are written as
escapes (`graph.visible`), so no text can start a line of its own or drive a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import networkx as nx

from graph.export.attrs import KIND_COLOURS, VERDICT_COLOURS, encode
from graph.visible import visible

MERMAID_MAX_EDGES: Final = 500
"""Mermaid's default `maxEdges`; diagrams beyond it render as an error."""
MERMAID_MAX_TEXT: Final = 50_000
"""Mermaid's default `maxTextSize` in characters."""

_IDENTIFIER: Final = re.compile(r"^[A-Za-z_][A-Za-z_0-9]*$")
_CAPTIONS: Final = {
    "member_of": "member of",
    "can_assume": "assumes",
    "upstream": "upstream",
    "external_connection": "external connection",
}


def surrogate_ids(g: nx.MultiDiGraph) -> dict[str, str]:
    """`n0`, `n1`, … in node order."""
    return {node: f"n{i}" for i, node in enumerate(g.nodes)}


def caption(key: str) -> str:
    """What an edge says in a drawing: `read`, `assumes`, `member of`, `upstream`…."""
    return key.split(":", 1)[1] if key.startswith("access:") else _CAPTIONS.get(key, key)


def key_of_caption(text: str) -> str:
    """The edge key back from its caption (inverse of `caption`)."""
    for key, shown in _CAPTIONS.items():
        if shown == text:
            return key
    return f"access:{text}"


def _accounts(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Nodes grouped by owning account, in node order; "" for nodes with none."""
    grouped: dict[str, list[str]] = {}
    for node, data in g.nodes(data=True):
        grouped.setdefault(str(data.get("account") or ""), []).append(node)
    return grouped


def _account_title(g: nx.MultiDiGraph, account: str) -> str:
    """`shared-services (111111111111)`: names from the graph's `accounts` attribute."""
    names = g.graph.get("accounts")
    name = names.get(account) if isinstance(names, dict) else None
    return f"{name} ({account})" if name and name != account else f"account {account}"


# --- DOT --------------------------------------------------------------------------------------


DOT_RENAMED: Final = {"name": "node_name"}
"""Node attributes written under another name: pydot cannot read a node attribute `name`."""


def dot_quote(value: object) -> str:
    """A DOT double-quoted string; control characters but line breaks written as escapes."""
    text = visible(value if isinstance(value, str) else str(encode(value)), keep="\n")
    if isinstance(value, bool):
        text = "true" if value else "false"
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def dot_unquote(text: str) -> str:
    """The value of a DOT string as pydot returns it (inverse of `dot_quote`)."""
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    out: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            escaped = next(chars, "")
            out.append({"n": "\n", '"': '"', "\\": "\\"}.get(escaped, "\\" + escaped))
        else:
            out.append(char)
    return "".join(out)


def _dot_attrs(attrs: Mapping[str, Any]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        shown = name if _IDENTIFIER.match(name) else dot_quote(name)
        parts.append(f"{shown}={dot_quote(value)}")
    return ", ".join(parts)


def write_dot(g: nx.MultiDiGraph, path: Path) -> tuple[str, ...]:
    """Graphviz DOT: a cluster per account, edges coloured by outcome.

    Node ids are `n0…`; `label` is the node's short label (`acme/npm-internal`), `node_id` the
    graph's node id (the ARN); the graph's `name` attribute is written as `node_name`. Lists
    and dicts are JSON strings.
    """
    ids = surrogate_ids(g)
    lines = [
        f"// cax access graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges.",
        "// Node ids are n0, n1, ...; node_id is the node's id in the access graph (an ARN).",
        "digraph cax {",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=11];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for account, nodes in _accounts(g).items():
        indent = "  "
        if account:
            lines.append(f"  subgraph {dot_quote('cluster_' + account)} {{")
            lines.append(f"    label={dot_quote(_account_title(g, account))};")
            lines.append('    style="rounded"; color="#b0bec5";')
            indent = "    "
        for node in nodes:
            attrs: dict[str, Any] = {"label": node, "node_id": node}
            attrs.update({DOT_RENAMED.get(k, k): v for k, v in g.nodes[node].items()})
            attrs["tooltip"] = node
            attrs["fillcolor"] = KIND_COLOURS.get(str(attrs.get("kind")), "#ffffff")
            lines.append(f"{indent}{ids[node]} [{_dot_attrs(attrs)}];")
        if account:
            lines.append("  }")
    for source, target, key, data in g.edges(keys=True, data=True):
        verdict = str(data.get("verdict", "allowed"))
        attrs = {
            "key": key,
            **data,
            "label": caption(key),
            "color": VERDICT_COLOURS.get(verdict, "#000000"),
            "fontcolor": VERDICT_COLOURS.get(verdict, "#000000"),
        }
        if verdict == "denied":
            attrs["style"] = "dashed"
        elif verdict == "unknown":
            attrs["style"] = "dotted"
        lines.append(f"  {ids[source]} -> {ids[target]} [{_dot_attrs(attrs)}];")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ()


# --- Mermaid ----------------------------------------------------------------------------------

_MERMAID_ESCAPES: Final = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "%": "#37;",  # `%%{init: …}%%` anywhere in the text is a directive (securityLevel: loose)
    "`": "#96;",  # a Markdown string in a label; ``` in a .md file
}


def mermaid_text(text: str, *, breaks: bool = False) -> str:
    """Text safe inside a Mermaid `"…"` label or `%%` comment: entity codes for `"`, `<`, `>`,
    `&`, `#`, `%`, backtick; control characters as escapes; a line break as a space unless `breaks`
    (then as `\\x0a`, as in the `%% n0 = id` lines)."""
    text = visible(text) if breaks else visible(text, keep="\n").replace("\n", " ")
    return "".join(_MERMAID_ESCAPES.get(c, c) for c in text)


def mermaid_untext(text: str) -> str:
    """Inverse of `mermaid_text` (control characters stay as their escapes)."""
    for char, code in _MERMAID_ESCAPES.items():
        if char != "#":
            text = text.replace(code, char)
    return text.replace("#35;", "#")


def _classes(g: nx.MultiDiGraph, ids: Mapping[str, str]) -> Iterable[str]:
    by_kind: dict[str, list[str]] = {}
    for node, data in g.nodes(data=True):
        by_kind.setdefault(str(data.get("kind") or "node"), []).append(ids[node])
    for kind, members in by_kind.items():
        colour = KIND_COLOURS.get(kind, "#ffffff")
        yield f"  classDef k_{kind} fill:{colour},stroke:#78909c,color:#212121"
        yield f"  class {','.join(members)} k_{kind}"


def mermaid_document(g: nx.MultiDiGraph) -> str:
    """A `flowchart LR` with a subgraph per account and links coloured by outcome."""
    ids = surrogate_ids(g)
    lines = [
        f"%% cax access graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges",
        "%% Node ids stand for these access-graph nodes:",
        *(f"%% {short} = {mermaid_text(node, breaks=True)}" for node, short in ids.items()),
        "flowchart LR",
    ]
    for index, (account, nodes) in enumerate(_accounts(g).items()):
        indent = "  "
        if account:
            lines.append(f'  subgraph a{index}["{mermaid_text(_account_title(g, account))}"]')
            indent = "    "
        for node in nodes:
            label = str(g.nodes[node].get("label") or node)
            lines.append(f'{indent}{ids[node]}["{mermaid_text(label)}"]')
        if account:
            lines.append("  end")
    by_verdict: dict[str, list[str]] = {}
    for index, (source, target, key, data) in enumerate(g.edges(keys=True, data=True)):
        verdict = str(data.get("verdict", "allowed"))
        text = caption(key) if verdict == "allowed" else f"{caption(key)} ({verdict})"
        arrow = "-.->" if verdict in ("denied", "unknown") else "-->"
        lines.append(f'  {ids[source]} {arrow}|"{mermaid_text(text)}"| {ids[target]}')
        by_verdict.setdefault(verdict, []).append(str(index))
    lines.extend(_classes(g, ids))
    for verdict, indices in by_verdict.items():
        colour = VERDICT_COLOURS.get(verdict, "#000000")
        lines.append(f"  linkStyle {','.join(indices)} stroke:{colour},color:{colour}")
    return "\n".join(lines) + "\n"


def write_mermaid(g: nx.MultiDiGraph, path: Path) -> tuple[str, ...]:
    """Mermaid flowchart; fenced as a ```mermaid block when the file is Markdown (`.md`)."""
    document = mermaid_document(g)
    if path.suffix.lower() in (".md", ".markdown"):
        document = f"```mermaid\n{document}```\n"
    path.write_text(document, encoding="utf-8")
    warnings = []
    if g.number_of_edges() > MERMAID_MAX_EDGES:
        warnings.append(
            f"{g.number_of_edges()} edges: Mermaid renders at most {MERMAID_MAX_EDGES} by "
            "default; scope the export with --principal, --resource or --capability"
        )
    if len(document) > MERMAID_MAX_TEXT:
        warnings.append(
            f"{len(document)} characters: Mermaid renders at most {MERMAID_MAX_TEXT} by default; "
            "scope the export with --principal, --resource or --capability"
        )
    return tuple(warnings)
