"""The command line shows the build's progress on stderr: a bar per stage with its counts and
the time left, only on a terminal."""

from __future__ import annotations

import io

from rich.console import Console

import graph
from tui.cli.building import build_progress


def _console(terminal: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=terminal, width=120, no_color=True), out


def test_a_build_draws_its_stages_with_counts_on_a_terminal() -> None:
    console, out = _console(terminal=True)
    seen: list[tuple[str, int, int]] = []
    with build_progress(console) as report:

        def both(stage: str, done: int, total: int) -> None:
            seen.append((stage, done, total))
            report(stage, done, total)

        graph.AccessGraph.from_snapshot(graph.demo_snapshot(), progress=both)
    text = out.getvalue()
    assert {stage for stage, _, _ in seen} >= {"trust", "access"}
    assert "evaluating trust policies" in text
    assert "evaluating access" in text
    assert " of " in text


def test_nothing_is_drawn_when_stderr_is_not_a_terminal() -> None:
    console, out = _console(terminal=False)
    with build_progress(console) as report:
        report("access", 10, 100)
    assert out.getvalue() == ""
