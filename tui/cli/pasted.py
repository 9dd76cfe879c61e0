"""`cax explain --error`: what cax read differently from a pasted message, what the principal
reaches when the message asks no real question, and what cax cannot see when it disagrees."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from graph import AccessGraph
from graph.access import ErrorExplanation, Reach
from graph.export import results
from graph.visible import visible
from tui.cli.common import GLYPHS

ORDER = {"login": 0, "read": 1, "publish": 2, "admin": 3}


def print_notes(out: Console, explained: ErrorExplanation) -> None:
    """The notes (not a real action, not an ARN, the URL read, a 401), one per line."""
    for note in explained.notes:
        out.print(Text(f"note: {visible(note)}", style="yellow"))


def print_reach(out: Console, ag: AccessGraph, explained: ErrorExplanation) -> None:
    """Every domain and repository × capability the principal can and cannot use."""
    if not explained.reach:
        return
    g = ag.graph
    out.print()
    who = visible(results.label(g, explained.explanation.principal))
    out.print(Text(f"what {who} can and cannot reach in CodeArtifact", style="bold"))
    rows: dict[str, list[Reach]] = {}
    for reach in explained.reach:
        rows.setdefault(reach.resource, []).append(reach)
    width = max(len(visible(results.label(g, r))) for r in rows)
    for resource, reaches in rows.items():
        line = Text(f"  {visible(results.label(g, resource)):<{width}}")
        for reach in sorted(reaches, key=lambda r: ORDER.get(r.capability, 9)):
            glyph, colour = GLYPHS[reach.verdict]
            line.append(f"  {reach.capability} ")
            line.append(glyph, style=colour)
        out.print(line)


def print_unseen(out: Console, explained: ErrorExplanation) -> None:
    """AWS denied but cax allows: what cax cannot see that could explain the difference."""
    if not explained.unseen:
        return
    out.print()
    out.print(Text(explained.unseen_title, style="bold"))
    for item in explained.unseen:
        out.print(Text(f"  - {visible(item)}"))


def extra_record(ag: AccessGraph, explained: ErrorExplanation) -> dict[str, Any]:
    """The JSON members `results.error_record` has no place for: notes, endpoint, reach,
    unseen."""
    endpoint = explained.error.endpoint
    return {
        "notes": list(explained.notes),
        "endpoint": None
        if endpoint is None
        else {
            "domain": endpoint.domain,
            "owner": endpoint.owner,
            "region": endpoint.region,
            "format": endpoint.format,
            "repository": endpoint.repository,
            "status": endpoint.status,
            "publishing": endpoint.publishing,
        },
        "reach": [results.reach_record(ag.graph, r) for r in explained.reach],
        "unseen": list(explained.unseen),
    }
