"""What the why pane is made of besides its hops: JSON with marked lines, indents, and the
sections after the hops (fixes, other chains that work, how it could be gained)."""

from __future__ import annotations

import json
from collections.abc import Iterable

import networkx as nx
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from graph.access import AccessExplanation, Fix
from graph.export.results import hop_label
from graph.visible import visible
from tui.vocabulary import ESCALATED
from tui.widgets.verdicts import Palette

OTHER_CHAINS_SHOWN = 5
"""Other chains that work, best first, shown under the fixes (`cax explain --all-chains` lists
every one: a CI user of a large account may have hundreds)."""


def json_block(text: str, marked: frozenset[int], palette: Palette) -> RenderableType:
    """Highlighted JSON, with a marker and bold on the `marked` (0-based) lines. A line too long
    for the pane wraps under its own start (a hanging indent), never at column 0."""
    highlighted = Syntax(text, "json", theme="ansi_dark").highlight(text)
    lines = highlighted.split("\n", allow_blank=True)
    rows: list[RenderableType] = []
    for i, line in enumerate(lines[: len(text.splitlines())]):
        depth = len(line.plain) - len(line.plain.lstrip(" "))
        content = line[depth:]
        content.rstrip()
        if i not in marked:
            rows.append(Padding(content, (0, 0, 0, depth + 2)))
            continue
        content.stylize("bold")
        row = Table.grid(padding=0)
        row.add_column(width=depth + 2, no_wrap=True)
        row.add_column(overflow="fold")
        row.add_row(Text.assemble(("▌", palette.accent), " " * (depth + 1)), content)
        rows.append(row)
    return Group(*rows)


def fixes(found: Iterable[Fix], palette: Palette) -> list[RenderableType]:
    """Each fix: what it does, where it goes, its policy document."""
    out: list[RenderableType] = []
    listed = list(found)
    for fix in listed:
        out.append(Text())
        out.append(Text.assemble(("fix  ", palette.accent), (visible(fix.note), "bold")))
        if fix.where and fix.where not in fix.note:
            out.append(pad(Text.assemble(("where ", "dim"), visible(fix.where)), 5))
        if fix.statement:
            text = json.dumps(fix.document, indent=2)
            out.append(pad(json_block(text, frozenset(), palette), 3))
    if any(f.statement for f in listed):
        out.append(pad(Text("y copy the fix · s save it to a file", style="dim"), 5))
    return out


def other_chains(
    g: nx.MultiDiGraph, explanation: AccessExplanation, palette: Palette
) -> list[RenderableType]:
    """The first other chains that work, each with its verdict, and how many there are."""
    others = explanation.alternatives
    if not others:
        return []
    title = Text("other chains that work", style="bold")
    if len(others) > OTHER_CHAINS_SHOWN:
        title.append(
            f"  {OTHER_CHAINS_SHOWN} of {len(others)} · cax explain --all-chains lists all",
            style="dim",
        )
    out: list[RenderableType] = [Text(), title]
    for chain in others[:OTHER_CHAINS_SHOWN]:
        hops = " → ".join(visible(hop_label(g, hop)) for hop in chain.hops)
        out.append(pad(Text.assemble(palette.glyph(chain.verdict), " ", hops), 2))
    return out


def could_gain(
    g: nx.MultiDiGraph, explanation: AccessExplanation, palette: Palette
) -> list[RenderableType]:
    """`↯ could gain it by` and its chain, hop by hop, the escalation steps in colour."""
    if explanation.could_gain is None:
        return []
    out: list[RenderableType] = [Text(f"{ESCALATED} could gain it by", style=palette.escalation)]
    for hop in explanation.could_gain.hops:
        style = palette.escalation if hop.kind == "escalation" else ""
        out.append(pad(Text(f"→ {visible(hop_label(g, hop))}", style=style), 3))
    out.append(Text())
    return out


def hanging(head: Text, body: Text) -> Table:
    """`head` then `body`, whose wrapped lines keep to the right of `head`."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(head, body)
    return grid


def pad(renderable: RenderableType, left: int) -> Padding:
    """Indent a renderable; wrapped lines keep the indent."""
    return Padding(renderable, (0, 0, 0, left))
