"""`cax explain`'s text: hop by hop, each step in AWS's words, the fixes, the other chains that
work and how it could be gained. Every AWS string is plain text (`shown`, `visible`)."""

from __future__ import annotations

import json

import networkx as nx
from rich.console import Console
from rich.highlighter import JSONHighlighter
from rich.text import Text

from graph.access import AccessExplanation, StepExplanation
from graph.access.escalation_steps import GLYPH as ESCALATION_GLYPH
from graph.access.upstream_reach import GLYPH, ServedThrough
from graph.export import results
from graph.visible import visible
from tui.cli.common import GLYPHS, shown, verdict_text
from tui.cli.who_can import chain_text

OTHER_CHAINS_SHOWN = 10
"""Other chains that work, listed in text: best first (allowed before conditional, shorter
first); a CI user of a large account may have hundreds. `--all-chains` and `--json` list all."""


def print_served(out: Console, g: nx.MultiDiGraph, served: ServedThrough | None) -> None:
    """`⇡ cannot read … directly; its packages are served through …, which you can read`."""
    if served is None:
        return
    out.print(shown(f"  {GLYPH} {served.text}", style="cyan"))
    out.print(
        shown("  through: ").append(
            chain_text(g, served.explanation.principal, served.explanation.chain)
        )
    )


def print_explanation(
    out: Console,
    g: nx.MultiDiGraph,
    explanation: AccessExplanation,
    served: ServedThrough | None = None,
    *,
    every: bool = False,
) -> None:
    """Hop by hop, each step with verdict and sentence, statements, near misses, conditions;
    then the fixes as policy JSON with where to put them, and the other chains that work (the
    first `OTHER_CHAINS_SHOWN`, or `every` one). Every AWS string is plain text.
    `served`: the repository that serves the packages of one the principal cannot read."""
    head = verdict_text(explanation.verdict)
    head.append("  ")
    head.append(
        visible(
            f"{results.label(g, explanation.principal)} {explanation.capability} "
            f"{results.label(g, explanation.resource)}"
        ),
        style="bold",
    )
    out.print(head)
    print_served(out, g, served)
    _line(out, 2, shown(f"principal {explanation.principal}", style="dim"))
    _line(out, 2, shown(f"resource  {explanation.resource}", style="dim"))
    for number, hop in enumerate(explanation.hops, 1):
        out.print()
        title = shown(f"hop {number}  ", style="bold")
        title.append(
            visible(f"{results.label(g, hop.hop.source)} → {results.hop_label(g, hop.hop)}  ")
        )
        title.append_text(verdict_text(hop.verdict))
        out.print(title)
        if not hop.steps:
            for statement in hop.hop.statements:
                _line(out, 4, shown(f"by {statement}"))
            for condition in hop.hop.conditions:
                _line(out, 4, shown(f"only if {condition}", style="yellow"))
        for step in hop.steps:
            _step(out, step)
    if explanation.fixes:
        out.print()
        out.print(shown("fix", style="bold"))
        for number, fix in enumerate(explanation.fixes, 1):
            _line(out, 2, shown(f"{number}. {fix.note}"))
            if fix.where and fix.statement and fix.where not in fix.note:
                _line(out, 5, shown(f"put it in: {fix.where}", style="dim"))
            if fix.document:
                for text in json.dumps(fix.document, indent=2).splitlines():
                    _line(out, 5, _JSON(Text(text)))
    others = explanation.alternatives
    if others:
        listed = others if every else others[:OTHER_CHAINS_SHOWN]
        title = shown("other chains that work", style="bold")
        if len(listed) < len(others):
            title.append(f"  {len(listed)} of {len(others)}, best first (--all-chains: every one)")
        out.print()
        out.print(title)
        for chain in listed:
            glyph, colour = GLYPHS[chain.verdict]
            line = Text(f"{glyph} ", style=colour)
            _line(out, 2, line.append_text(chain_text(g, explanation.principal, chain)))
    if explanation.could_gain is not None:
        out.print()
        out.print(shown(f"{ESCALATION_GLYPH} could gain it by", style="bold red"))
        _line(out, 2, chain_text(g, explanation.principal, explanation.could_gain))


_JSON = JSONHighlighter()


def _line(out: Console, indent: int, text: Text) -> None:
    """One indented line (long lines wrap on a terminal and stay whole in a pipe)."""
    out.print(Text(" " * indent).append_text(text))


def _step(out: Console, step: StepExplanation) -> None:
    head = verdict_text(step.verdict)
    head.append(visible(f"  {step.step.action} on {step.step.resource}"))
    _line(out, 4, head)
    _line(out, 6, shown(step.sentence, style="dim"))
    for ref, _ in step.deciding:
        verb = "denied by" if ref.effect.value == "Deny" else "allowed by"
        _line(out, 6, shown(f"{verb} {ref.policy} · {ref.label}"))
    for miss in step.near_misses:
        _line(out, 6, shown(f"near miss {miss.ref.policy} · {miss.ref.label}: {miss.words}"))
    for condition in step.conditions:
        _line(out, 6, shown(f"only if {condition}", style="yellow"))
    for unreadable in step.unreadable:
        _line(out, 6, shown(f"unreadable {unreadable}", style="magenta"))
