"""What every `cax` command shares: loading snapshots, common options, output, exit codes."""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, NoReturn, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.text import Text

import graph
from graph import AccessGraph, LoaderError, Snapshot, Verdict
from graph.access.parallel import default_jobs
from graph.policy.model import ABSENT, ContextValue
from graph.visible import json_escaped, visible
from tui.cli.building import build_progress

EXIT_OK = 0
EXIT_DENIED = 1
"""`cax can`: the principal may not do it."""
EXIT_USAGE = 2
"""Bad input: an unreadable snapshot, an unknown principal or resource, a bad option."""
EXIT_CONDITIONAL = 3
"""`cax can`: allowed only if conditions hold (MFA, ExternalId, a tag, …)."""
EXIT_UNKNOWN = 4
"""`cax can`: cax cannot tell, because a policy in play could not be read."""
EXIT_INTERNAL = 70
"""A bug in cax (EX_SOFTWARE); `-v` shows the traceback."""

VERDICT_EXIT = {
    Verdict.ALLOWED: EXIT_OK,
    Verdict.DENIED: EXIT_DENIED,
    Verdict.CONDITIONAL: EXIT_CONDITIONAL,
    Verdict.UNKNOWN: EXIT_UNKNOWN,
}
GLYPHS = {
    Verdict.ALLOWED: ("✓", "green"),
    Verdict.CONDITIONAL: ("~", "yellow"),
    Verdict.UNKNOWN: ("?", "magenta"),
    Verdict.DENIED: ("✗", "red"),
}


def stderr(no_color: bool = False) -> Console:
    """A console for messages and progress; stdout stays clean for `--json`."""
    return Console(stderr=True, no_color=no_color or None, highlight=False, soft_wrap=True)


def stdout(no_color: bool = False) -> Console:
    """A console for tables and explanations; wide when piped, so lines are not cut.

    `no_color` False leaves the choice to rich, which honours `NO_COLOR`."""
    piped = not sys.stdout.isatty()
    width = int(os.environ.get("COLUMNS", "200")) if piped else None
    return Console(no_color=no_color or None, highlight=False, width=width, soft_wrap=piped)


def shown(text: str, style: str = "") -> Text:
    """Text from AWS data as it may reach a terminal: control characters as escapes
    (`graph.visible`), never markup."""
    return Text(visible(text), style=style)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print `message` (plain text, never markup; control characters as escapes) on stderr and
    exit with `code`."""
    stderr().print(f"[bold red]error:[/] {escape(visible(message))}")
    sys.exit(code)


def load(paths: Sequence[str]) -> Snapshot:
    """The snapshot from `paths`, or the demo when none are given; exits 2 on bad input."""
    try:
        return graph.load_snapshot(*paths) if paths else graph.demo_snapshot()
    except LoaderError as error:
        fail(str(error))


def print_hint(console: Console, snapshot: Snapshot) -> None:
    """Say on stderr when the input holds no CodeArtifact domain, and how to add them."""
    from graph.sources.hints import no_domains_hint

    hint = no_domains_hint(snapshot)
    if hint is not None:
        console.print(f"[yellow]hint[/]: {escape(hint)}")


def snapshot_option() -> click.Option:
    """`--snapshot PATH` (repeatable): the files to read instead of the demo."""
    return click.Option(
        ["--snapshot", "-s", "snapshots"],
        multiple=True,
        type=click.Path(dir_okay=True),
        help="Snapshot, authorization-details or CodeArtifact file or directory (repeatable). "
        "Default: the bundled demo.",
    )


def verdict_text(verdict: Verdict) -> Text:
    """`✓ allowed` in the verdict's colour."""
    glyph, colour = GLYPHS[verdict]
    return Text(f"{glyph} {verdict.value}", style=colour)


# --- common options ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """The options every query and export command takes."""

    snapshots: tuple[str, ...] = ()
    as_json: bool = False
    context: dict[str, ContextValue] = field(default_factory=dict)
    no_color: bool = False
    verbose: bool = False
    jobs: int = 1

    @property
    def err(self) -> Console:
        """Messages and progress (stderr)."""
        return stderr(self.no_color)

    @property
    def out(self) -> Console:
        """Tables and explanations (stdout)."""
        return stdout(self.no_color)


def parse_context(values: Sequence[str]) -> dict[str, ContextValue]:
    """`KEY=VALUE` assumptions: `true`/`false` are booleans, `KEY=` says the key is absent,
    and a key given twice is multivalued. Raises click.BadParameter for anything else."""
    found: dict[str, list[str]] = {}
    for item in values:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise click.BadParameter(
                f"{item!r} is not KEY=VALUE (e.g. aws:MultiFactorAuthPresent=true)",
                param_hint="--context",
            )
        found.setdefault(key, []).append(value)
    context: dict[str, ContextValue] = {}
    for key, items in found.items():
        if len(items) > 1:
            context[key] = [v for v in items if v]
        elif items[0] == "":
            context[key] = ABSENT
        elif items[0].lower() in ("true", "false"):
            context[key] = items[0].lower() == "true"
        else:
            context[key] = items[0]
    return context


F = TypeVar("F", bound=Callable[..., Any])

_COMMON: tuple[Callable[[F], F], ...] = (
    click.option(
        "--snapshot",
        "-s",
        "snapshots",
        multiple=True,
        type=click.Path(dir_okay=True),
        metavar="PATH",
        help="Snapshot, authorization-details or CodeArtifact file or directory (repeatable; "
        "default: the bundled demo).",
    ),
    click.option(
        "--json", "as_json", is_flag=True, help="Machine output on stdout (nothing else there)."
    ),
    click.option(
        "--context",
        "contexts",
        multiple=True,
        metavar="KEY=VALUE",
        help="Assume a request context value (repeatable): aws:MultiFactorAuthPresent=true, "
        "sts:ExternalId=abc; KEY= means absent. Keys left out are unknown (conditional).",
    ),
    click.option("--no-color", is_flag=True, help="No colour (NO_COLOR is honoured too)."),
    click.option("-v", "--verbose", is_flag=True, help="Timings, and tracebacks on errors."),
    click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=0),
        default=0,
        metavar="N",
        help="Build the graph in N processes (default 0: all cores) when it pays: 2 or more "
        "cores and 5,000+ principals, else in one. The answers are the same.",
    ),
)


VERBOSE: Final = "cax.verbose"
"""`cax -v COMMAND`: the group's -v, seen by every command (`ctx.meta` is shared)."""


def common_options(func: F) -> F:
    """Add --snapshot, --json, --context, --no-color, -v and --jobs; the command receives
    `opts`."""

    @functools.wraps(func)
    def wrapper(
        *args: Any,
        snapshots: tuple[str, ...],
        as_json: bool,
        contexts: tuple[str, ...],
        no_color: bool,
        verbose: bool,
        jobs: int,
        **kwargs: Any,
    ) -> Any:
        jobs = jobs or default_jobs()
        context = click.get_current_context(silent=True)
        verbose = verbose or bool(context and context.meta.get(VERBOSE))
        opts = Options(snapshots, as_json, parse_context(contexts), no_color, verbose, jobs)
        with reporting(opts):
            return func(*args, opts=opts, **kwargs)

    decorated: Any = wrapper
    for option in reversed(_COMMON):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


@contextmanager
def reporting(opts: Options) -> Iterator[None]:
    """Turn expected errors into a message and exit 2, and bugs into one line (exit 70).

    With `-v` every error also prints its traceback. Never a traceback without `-v`.
    """
    from graph.access import NotAnAccessDenied, NotFound
    from graph.export import ExportError

    try:
        yield
    except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except (NotFound, LoaderError, ExportError, NotAnAccessDenied, UsageProblem) as error:
        if opts.verbose:
            opts.err.print_exception()
        fail(str(error))
    except OSError as error:  # a file cax was told to read or write
        if opts.verbose:
            opts.err.print_exception()
        name = f"{error.filename}: " if error.filename else ""
        fail(f"{name}{error.strerror or error}")
    except Exception as error:  # a bug: say so in one line, the traceback with -v
        if opts.verbose:
            opts.err.print_exception()
        fail(
            f"internal error (please report; -v shows the traceback): "
            f"{type(error).__name__}: {error}",
            EXIT_INTERNAL,
        )


def destination_problem(output: Path, force: bool) -> str | None:
    """Why the snapshot could not be written to `output`, found before anything is collected."""
    folder = output.parent
    if output.is_dir():
        return f"{output} is a directory; give a file name"
    if output.exists() and not force:
        return f"{output} exists; use --force to overwrite it"
    if not folder.is_dir():
        return f"cannot write {output}: folder {folder} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"cannot write {output}: folder {folder} is not writable"
    return None


def guarded(func: F) -> F:
    """Run a command that takes no common options inside `reporting`: the same messages and
    exit codes as every other command, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with reporting(Options()):
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


class UsageProblem(Exception):
    """Input the engine refuses (an unknown action, publish on a domain, …): exit 2."""


def access_graph(opts: Options, *, lazy: bool = False) -> AccessGraph:
    """Load the snapshots (the demo by default) and build the access graph under the context;
    `lazy` for one principal's question: only its chains are computed."""
    started = time.perf_counter()
    with opts.err.status("loading snapshot…", spinner="dots"):
        snapshot = load(opts.snapshots)
        print_hint(opts.err, snapshot)
    loaded = time.perf_counter()
    with build_progress(opts.err) as report:  # bars per stage, with counts and time left
        built = AccessGraph.from_snapshot(
            snapshot, opts.context, lazy=lazy, jobs=opts.jobs, progress=report
        )
    if opts.verbose:
        g = built.partial_graph
        opts.err.print(
            f"loaded {len(snapshot.accounts)} accounts in {loaded - started:.2f} s; built "
            f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges in "
            f"{time.perf_counter() - loaded:.2f} s",
            markup=False,
        )
    return built


def print_json(document: Any) -> None:
    """Only JSON on stdout: exact, with every control character as a `\\uXXXX` escape."""
    click.echo(json_escaped(json.dumps(document, indent=2, ensure_ascii=False)))
