"""One attribute schema for every export: evidence on every edge, JSON for non-scalar values."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Final

import networkx as nx

from graph.visible import json_escaped, visible

VERDICT_COLOURS: Final = {
    "allowed": "#2e7d32",
    "conditional": "#ef6c00",
    "unknown": "#757575",
    "denied": "#c62828",
}
"""Edge colour by outcome (DOT, Mermaid, GEXF)."""

KIND_COLOURS: Final = {
    "account": "#eceff1",
    "external_account": "#ffe0b2",
    "user": "#e3f2fd",
    "group": "#e8eaf6",
    "role": "#f3e5f5",
    "anyone": "#ffcdd2",
    "service": "#fff9c4",
    "federated": "#fff9c4",
    "domain": "#e0f2f1",
    "repository": "#e8f5e9",
    "external_connection": "#f5f5f5",
}
"""Node fill colour by kind."""

PRINCIPAL_KINDS: Final = frozenset(
    {"account", "user", "group", "role", "external_account", "anyone", "service", "federated"}
)
RESOURCE_KINDS: Final = frozenset({"domain", "repository", "external_connection"})

EVIDENCE_KEYS: Final = ("verdict", "statements", "conditions", "evidence")
"""Attributes every exported edge carries (see docs/exports.md)."""


def node_labels(kind: str) -> list[str]:
    """Graph-database labels of a node: `CaxNode`, `Principal` or `Resource`, the kind."""
    labels = ["CaxNode"]
    if kind in PRINCIPAL_KINDS:
        labels.append("Principal")
    elif kind in RESOURCE_KINDS:
        labels.append("Resource")
    labels.append("".join(part.capitalize() for part in (kind or "node").split("_")))
    return labels


def edge_type(key: str) -> str:
    """Graph-database relationship type of an edge key: `access:read` → `ACCESS_READ`."""
    return key.replace(":", "_").replace("-", "_").upper()


def key_of_type(rel_type: str) -> str:
    """The edge key back from a relationship type (`ACCESS_READ` → `access:read`)."""
    lowered = rel_type.lower()
    return "access:" + lowered[len("access_") :] if lowered.startswith("access_") else lowered


def _evidence(key: str, data: Mapping[str, Any]) -> str:
    """A one-line summary of why the edge exists and how it came out."""
    kind = str(data.get("kind", key))
    if kind == "member_of":
        return str(data.get("evidence") or "group membership")
    if kind == "upstream":
        return f"upstream repository, searched in order {data.get('order', 0)}"
    if kind == "external_connection":
        return f"external connection ({data.get('status') or 'status unknown'})"
    verdict = str(data.get("verdict", "allowed"))
    parts = [f"{data.get('action') or data.get('capability') or kind} {verdict}"]
    if data.get("failing_action"):
        parts.append(f"fails at {data['failing_action']}")
    if data.get("reason"):
        parts.append(str(data["reason"]))
    statements = list(data.get("statements") or ())
    if statements:
        parts.append("by " + ", ".join(str(s) for s in statements))
    conditions = list(data.get("conditions") or ())
    if conditions:
        parts.append("if " + " and ".join(str(c) for c in conditions))
    return "; ".join(parts)


def with_evidence(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy where every edge has `verdict`, `statements`, `conditions` and `evidence`.

    Structural edges (membership, upstreams) are `allowed` with no statements; the graph's own
    attributes are kept as they are.
    """
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    for node, data in g.nodes(data=True):
        out.add_node(node, **_copy(data))
    for source, target, key, data in g.edges(keys=True, data=True):
        attrs = _copy(data)
        attrs.setdefault("kind", key.split(":", 1)[0])
        attrs.setdefault("verdict", "allowed")
        attrs["statements"] = [str(s) for s in attrs.get("statements") or ()]
        attrs["conditions"] = [str(c) for c in attrs.get("conditions") or ()]
        attrs["evidence"] = _evidence(key, attrs)
        out.add_edge(source, target, key=key, **attrs)
    return out


def _copy(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        k: (list(v) if isinstance(v, (list, tuple)) else dict(v) if isinstance(v, dict) else v)
        for k, v in data.items()
    }


def encode(value: Any) -> Any:
    """A scalar for formats that hold only scalars: lists and dicts become JSON strings (control
    characters as JSON escapes, see `json_escaped`)."""
    if isinstance(value, (list, tuple, dict)):
        return json_escaped(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    return value


def shown(value: Any, keep: str) -> Any:
    """`value` with control characters made visible when it is text (see `graph.visible`)."""
    return visible(value, keep) if isinstance(value, str) else value


def scalar_attrs(data: Mapping[str, Any], keep: str = "\t\n") -> dict[str, Any]:
    """Attributes with lists and dicts JSON-encoded, `None` left out, control characters in
    names and text made visible except `keep` (XML 1.0 forbids most of them)."""
    return {visible(k, keep): shown(encode(v), keep) for k, v in data.items() if v is not None}


def json_attribute_names(g: nx.MultiDiGraph) -> list[str]:
    """Names of the attributes (node or edge) that hold a list or dict somewhere."""
    names: set[str] = set()
    for _, data in g.nodes(data=True):
        names.update(k for k, v in data.items() if isinstance(v, (list, tuple, dict)))
    for _, _, data in g.edges(data=True):
        names.update(k for k, v in data.items() if isinstance(v, (list, tuple, dict)))
    return sorted(names)


def scalar_graph(g: nx.MultiDiGraph, keep: str = "\t\n") -> nx.MultiDiGraph:
    """A copy holding only scalars (GraphML, GEXF); `json_attributes` names what to decode.

    Node ids, keys and text show control characters as escapes (`graph.visible`), except those
    in `keep`: no character XML 1.0 forbids reaches the writer, and no raw ESC the reader.
    """
    out = nx.MultiDiGraph()
    out.graph.update(scalar_attrs(g.graph, keep))
    out.graph["json_attributes"] = encode([visible(n, keep) for n in json_attribute_names(g)])
    for node, data in g.nodes(data=True):
        out.add_node(shown(node, keep), **scalar_attrs(data, keep))
    for source, target, key, data in g.edges(keys=True, data=True):
        ends = (shown(source, keep), shown(target, keep))
        out.add_edge(*ends, key=shown(key, keep), **scalar_attrs(data, keep))
    return out


def attribute_names(items: Iterable[Mapping[str, Any]], skip: Iterable[str] = ()) -> list[str]:
    """Every attribute name used, in first-seen order, without `skip`."""
    skipped = set(skip)
    seen: dict[str, None] = {}
    for data in items:
        for key in data:
            if key not in skipped:
                seen.setdefault(key, None)
    return list(seen)


def value_type(values: Iterable[Any]) -> str:
    """`bool`, `int`, `float` or `str`: the one type all the (non-None) values share."""
    kinds = {type(v) for v in values if v is not None}
    if kinds == {bool}:
        return "bool"
    if kinds and kinds <= {int}:
        return "int"
    if kinds and kinds <= {int, float}:
        return "float"
    return "str"


def decode_value(text: str, kind: str) -> Any:
    """A CSV cell back to its value (inverse of the CSV writers' encoding)."""
    if kind == "bool":
        return text.lower() == "true"
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "json":
        return json.loads(text)
    return text
