"""The words and glyphs every view shares: the capabilities, one glyph per verdict, node labels.

The state modules, the widgets and the help screen take them from here, so that a glyph means
the same everywhere. Nothing here imports Textual.
"""

from __future__ import annotations

from typing import Final

import graph
from graph.access import Verdict
from graph.access.escalation_steps import GLYPH as ESCALATION_GLYPH
from graph.visible import visible

CAPABILITIES: Final = ("login", "read", "publish", "admin")
"""The reach table's columns, in order."""

GLYPHS: Final = {
    Verdict.ALLOWED: "✔",
    Verdict.CONDITIONAL: "◐",
    Verdict.UNKNOWN: "?",
    Verdict.DENIED: "✘",
}
"""One glyph per verdict; `NO_PATH` marks a capability nothing even partly grants."""

NO_PATH: Final = "·"

UPSTREAM: Final = "⇡"
"""Replaces the verdict glyph where the packages are served through an upstream repository."""

ESCALATED: Final = ESCALATION_GLYPH
"""Replaces the verdict glyph where the principal could gain it by an escalation step (shown
only when asked for: the resources view's `g`)."""

_ACTION_CAPABILITY: Final = {
    "codeartifact:getauthorizationtoken": "login",
    "sts:getservicebearertoken": "login",
    "codeartifact:getrepositoryendpoint": "read",
    "codeartifact:readfromrepository": "read",
    "codeartifact:publishpackageversion": "publish",
    "codeartifact:putpackagemetadata": "publish",
}


def capability_of(action: str) -> str:
    """The reach-table column an action belongs to (`admin` for policy and lifecycle actions)."""
    return _ACTION_CAPABILITY.get(action.lower(), "admin")


def node_label(access_graph: graph.AccessGraph, node: str) -> str:
    """The display label of a node (`user/NAME`, `acme/npm-internal`), or the node id; control
    characters as escapes (`graph.visible`), as everything shown from AWS data."""
    g = access_graph.graph
    return visible(str(g.nodes[node].get("label", node)) if g.has_node(node) else node)
