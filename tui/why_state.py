"""Plain-Python state of the why pane: what it explains (`Selection`), the explanation, and a
statement's JSON with the lines that decided or missed marked.

Nothing here imports Textual.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import graph
from graph.access import AccessExplanation, ErrorExplanation
from graph.policy import Mismatch

_BLOCKS_FOR: Final = {
    Mismatch.RESOURCE_MISMATCH: ("Resource", "NotResource"),
    Mismatch.RESOURCE_NOT_WILDCARD: ("Resource", "NotResource"),
    Mismatch.PRINCIPAL_MISMATCH: ("Principal", "NotPrincipal"),
    Mismatch.ACCOUNT_MISMATCH: ("Principal", "NotPrincipal"),
    Mismatch.CONDITION_FAILED: ("Condition",),
    Mismatch.VARIABLE_MISSING: ("Condition", "Resource"),
}


def _blocks(lines: Sequence[str]) -> dict[str, range]:
    """Top-level keys of a 2-space-indented JSON object and the line ranges they span."""
    found: dict[str, range] = {}
    starts = [
        (i, line.strip().split('"')[1])
        for i, line in enumerate(lines)
        if line.startswith('  "') and not line.startswith("   ")
    ]
    for n, (i, key) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines) - 1
        found[key] = range(i, end)
    return found


def statement_lines(
    statement: Mapping[str, Any],
    *,
    action: str = "",
    resource: str = "",
    mismatches: Iterable[Mismatch] = (),
) -> tuple[str, frozenset[int]]:
    """The statement as indented JSON and the (0-based) lines that decided or missed.

    For a deciding statement (`action` given), the marked lines are the Effect, the action and
    resource patterns matching the request, and the conditions; for a near miss, the blocks its
    mismatch reasons point at (Resource, Principal, Condition).
    """
    text = json.dumps(statement, indent=2)
    lines = text.splitlines()
    blocks = _blocks(lines)
    marked: set[int] = set()
    wanted = list(mismatches)
    if wanted:
        for mismatch in wanted:
            for key in _BLOCKS_FOR.get(mismatch, ()):
                marked.update(blocks.get(key, ()))
        return text, frozenset(marked)
    marked.update(blocks.get("Effect", ()))
    marked.update(blocks.get("Condition", ()))
    for key, value in (("Action", action), ("NotAction", action), ("Resource", resource)):
        for i in blocks.get(key, ()):
            patterns = [p for p in lines[i].split('"')[1::2] if p != key]
            if value and any(fnmatch.fnmatchcase(value.lower(), p.lower()) for p in patterns):
                marked.add(i)
                marked.add(blocks[key].start)
    return text, frozenset(marked)


@dataclass(frozen=True)
class Selection:
    """What the why pane explains: a principal, a capability and a resource."""

    principal: str
    capability: str
    resource: str
    cell_resource: str = ""
    package: str = "*"
    """The package a publish is about (`npm/acme/ui`, `npm/acme/*`); `*` is any package."""
    escalation: bool = False
    """Also how it could be gained by an escalation step (the who-can pane shows them)."""

    @property
    def through_upstream(self) -> bool:
        """The cell picked is a repository whose packages come through `resource`."""
        return self.cell_resource not in ("", self.resource)

    @property
    def shown_resource(self) -> str:
        """The resource of the cell the user picked (an upstream's content, say)."""
        return self.cell_resource or self.resource


@dataclass(frozen=True)
class Explained:
    """An explanation ready to show, with the AWS error it came from, if any."""

    selection: Selection
    explanation: AccessExplanation
    error: ErrorExplanation | None = None


def explain(access_graph: graph.AccessGraph, selection: Selection) -> Explained:
    """Explain a selection with the access graph's context."""
    explanation = access_graph.explain(
        selection.principal,
        selection.capability,
        selection.resource,
        package=selection.package,
        escalation=selection.escalation,
    )
    return Explained(selection, explanation)
