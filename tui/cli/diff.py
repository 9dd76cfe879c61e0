"""`cax diff`: what moved in effective access between two snapshots, and which change moved it."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from graph.diff import diff_snapshots
from graph.diff.records import diff_record
from tui.cli.common import (
    EXIT_OK,
    Options,
    UsageProblem,
    load,
    parse_context,
    print_hint,
    print_json,
    reporting,
)
from tui.cli.diff_output import markdown, print_diff
from tui.cli.output import default_format

EXIT_WIDENED = 1
"""`cax diff`: someone gained access."""
EXIT_NARROWED = 3
"""`cax diff`: access only narrowed."""
DIFF_FORMATS = ("table", "plain", "tsv", "json", "markdown")


@click.command("diff")
@click.argument("snapshots", nargs=-1, metavar="[OLD NEW]", type=click.Path(dir_okay=True))
@click.option(
    "--old",
    "olds",
    multiple=True,
    type=click.Path(dir_okay=True),
    metavar="PATH",
    help="A file of the old state (repeatable: GAAD, CodeArtifact and snapshot files).",
)
@click.option(
    "--new",
    "news",
    multiple=True,
    type=click.Path(dir_okay=True),
    metavar="PATH",
    help="A file of the new state (repeatable).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(DIFF_FORMATS),
    default=None,
    help="table (default on a terminal), plain (default in a pipe), tsv, json or markdown "
    "(for a pull request comment).",
)
@click.option(
    "--fail-on",
    type=click.Choice(("widened", "any")),
    default="any",
    show_default=True,
    help="widened: exit 0 when access only narrowed; any: exit 3 for that.",
)
@click.option(
    "--context",
    "contexts",
    multiple=True,
    metavar="KEY=VALUE",
    help="Assume a request context value (repeatable), as for `cax can`.",
)
@click.option("--no-color", is_flag=True, help="No colour (NO_COLOR is honoured too).")
@click.option("-v", "--verbose", is_flag=True, help="Tracebacks on errors.")
def diff_command(
    snapshots: tuple[str, ...],
    olds: tuple[str, ...],
    news: tuple[str, ...],
    output_format: str | None,
    fail_on: str,
    contexts: tuple[str, ...],
    no_color: bool,
    verbose: bool,
) -> None:
    """Every principal × capability × domain or repository whose verdict differs between OLD
    and NEW (gained, lost, became conditional, became unknown), with the chains before and
    after and the policy change that moved it. Only what the changes touch is evaluated.

    Exit status: 0 no change, 1 access widened (someone gained), 3 access only narrowed,
    2 bad input.
    """
    opts = Options(no_color=no_color, verbose=verbose, as_json=output_format == "json")
    with reporting(opts):
        old, new = _inputs(snapshots, olds, news)
        context = parse_context(contexts)
        with opts.err.status("comparing the two snapshots…", spinner="dots"):
            before, after = load(old), load(new)
            diff = diff_snapshots(before, after, context)
        if not any(True for _ in before.domains()) and not any(True for _ in after.domains()):
            print_hint(opts.err, after)  # IAM files only: nothing to reach
        fmt = output_format or default_format()
        if fmt == "json":
            print_json({"old": list(old), "new": list(new), **diff_record(diff)})
        elif fmt == "markdown":
            click.echo(markdown(diff))
        else:
            print_diff(opts, diff, fmt)
    if diff.widened:
        sys.exit(EXIT_WIDENED)
    if diff.narrowed and fail_on == "any":
        sys.exit(EXIT_NARROWED)
    sys.exit(EXIT_OK)


def _inputs(
    snapshots: Sequence[str], olds: Sequence[str], news: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if olds or news:
        if snapshots or not (olds and news):
            raise UsageProblem("give OLD NEW, or --old and --new (each at least once), not both")
        return tuple(olds), tuple(news)
    if len(snapshots) != 2:
        raise UsageProblem("give two snapshots, OLD NEW (or --old A... --new B...)")
    return (snapshots[0],), (snapshots[1],)
