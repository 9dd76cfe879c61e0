"""The `cax` command line: a click group; one module per command family."""

from __future__ import annotations

import signal

import click

from tui.cli.assert_rules import assert_command
from tui.cli.basic import demo_command, tui_command, validate_command
from tui.cli.common import VERBOSE
from tui.cli.diff import diff_command
from tui.cli.export import export_command
from tui.cli.query import can_command, explain_command, search_command
from tui.cli.who_can import who_can_command


class _Commands(click.Group):
    """Imports `collect` (and boto3 with it) only when it is asked for: every other command
    starts faster (`cax can` is meant for scripts and CI)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), "collect"])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name == "collect":
            from tui.cli.collect import collect

            return collect
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, invoke_without_command=True)
@click.version_option(package_name="cax")
@click.option(
    "-v", "--verbose", is_flag=True, help="Timings, and tracebacks on errors (any command)."
)
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """CodeArtifact access explorer: who can pull from or publish to which repository, and why not.

    With no command, opens the terminal UI on the bundled demo organisation.
    """
    if hasattr(signal, "SIGPIPE"):
        # `cax who-can … | head` ends quietly when the reader stops, as shell tools do.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    ctx.meta[VERBOSE] = verbose
    if ctx.invoked_subcommand is None:
        from tui.app import make_app

        make_app(()).run()


for command in (
    tui_command,
    search_command,
    who_can_command,
    can_command,
    explain_command,
    export_command,
    validate_command,
    demo_command,
    diff_command,
    assert_command,
):
    main.add_command(command)
