"""The `cax` command line: a click group; one module per command family."""

from __future__ import annotations

import click


@click.group(invoke_without_command=True)
@click.pass_context
def main(ctx: click.Context) -> None:
    """CodeArtifact access explorer."""
    if ctx.invoked_subcommand is None:
        click.echo("cax: TUI not yet available")
