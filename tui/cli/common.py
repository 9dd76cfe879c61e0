"""What every `cax` command shares: loading snapshots, reporting errors, exit codes."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import NoReturn

import click
from rich.console import Console
from rich.markup import escape

import graph
from graph import LoaderError, Snapshot

EXIT_USAGE = 2
"""Bad input: an unreadable snapshot, an unknown principal or resource."""


def stderr(no_color: bool = False) -> Console:
    """A console for messages and progress; stdout stays clean for `--json`."""
    return Console(stderr=True, no_color=no_color, highlight=False, soft_wrap=True)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print `message` (plain text, never markup) on stderr and exit with `code`."""
    stderr().print(f"[bold red]error:[/] {escape(message)}")
    sys.exit(code)


def load(paths: Sequence[str]) -> Snapshot:
    """The snapshot from `paths`, or the demo when none are given; exits 2 on bad input."""
    try:
        return graph.load_snapshot(*paths) if paths else graph.demo_snapshot()
    except LoaderError as error:
        fail(str(error))


def snapshot_option() -> click.Option:
    """`--snapshot PATH` (repeatable): the files to read instead of the demo."""
    return click.Option(
        ["--snapshot", "-s", "snapshots"],
        multiple=True,
        type=click.Path(dir_okay=True),
        help="Snapshot, authorization-details or CodeArtifact file or directory (repeatable). "
        "Default: the bundled demo.",
    )
