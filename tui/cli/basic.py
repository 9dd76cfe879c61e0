"""`cax tui`, `cax validate` and `cax demo`: open, check and write snapshots."""

from __future__ import annotations

import json
import sys
from typing import NoReturn

import click
from rich.markup import escape

import graph
from graph import LoaderError
from graph.access.problems import PolicyProblem, policy_problems
from graph.checks import uncompilable
from graph.model import Domain, Repository, Unknown
from graph.sources.hints import no_domains_hint
from graph.visible import visible
from tui.cli.common import (
    EXIT_DENIED,
    EXIT_USAGE,
    destination_problem,
    fail,
    guarded,
    print_hint,
    stderr,
    stdout,
)


@click.command("tui")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--live", is_flag=True, help="Collect from AWS now (read-only) instead of files.")
@click.option("--profile", help="AWS profile for --live (default: the standard chain).")
@click.option("--region", help="CodeArtifact region for --live (default: the profile's).")
@click.option(
    "--diff",
    "compare",
    is_flag=True,
    help="Open the diff view on two snapshots: cax tui --diff OLD NEW.",
)
@guarded
def tui_command(
    paths: tuple[str, ...], live: bool, profile: str | None, region: str | None, compare: bool
) -> None:
    """Open the terminal UI on snapshot or get-account-authorization-details files.

    With no files, opens the bundled demo organisation; with --live, collects from AWS first;
    with --diff OLD NEW, the verdicts that moved between two snapshots.
    """
    from tui.app import make_app

    if compare:
        if live or len(paths) != 2:
            raise click.UsageError("--diff takes two snapshot files: cax tui --diff OLD NEW")
        from tui.diff_app import make_diff_app

        make_diff_app((paths[0],), (paths[1],)).run()
        return
    if live and paths:
        raise click.UsageError("give files or --live, not both")
    if (profile or region) and not live:
        raise click.UsageError("--profile and --region need --live")
    make_app(paths, live=live, profile=profile, region=region).run()


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when a policy cannot be evaluated (answers it takes part in are unknown).",
)
@guarded
def validate_command(paths: tuple[str, ...], as_json: bool, strict: bool) -> None:
    """Load snapshot files and report every problem: errors, warnings, unknown values and
    policies that cannot be evaluated (each with its reason).

    Exits 0 when the files load (policies that cannot be evaluated are warnings), 1 when some
    cannot be evaluated and --strict is given, 2 when the files do not load (every error is
    listed, not only the first).
    """
    try:
        snapshot = graph.load_snapshot(*paths)
    except LoaderError as error:
        _report_errors(error, as_json)
    unknowns = _unknowns(snapshot)
    problems = [p for p in policy_problems(snapshot) if not p.error]  # errors: `broken`
    broken = [str(p) for p in uncompilable(snapshot)]
    hint = no_domains_hint(snapshot)
    failed = strict and bool(broken)
    if as_json:
        report = {
            "ok": not failed,
            "accounts": [a.id for a in snapshot.accounts],
            "warnings": list(snapshot.warnings),
            "unknowns": unknowns,
            "policies": [
                {"where": p.where, "code": p.code, "detail": p.detail, "error": p.error}
                for p in problems
            ],
            "uncompilable": broken,
            "hint": hint,
        }
        click.echo(json.dumps(report, indent=2))
    else:
        _print_report(snapshot, unknowns, broken, failed, problems)
    if failed:
        sys.exit(EXIT_DENIED)


def _print_report(
    snapshot: graph.Snapshot,
    unknowns: list[str],
    broken: list[str],
    failed: bool,
    problems: list[PolicyProblem],
) -> None:
    console = stdout()
    counts = (
        f"{len(snapshot.accounts)} accounts, {sum(1 for _ in snapshot.users())} users, "
        f"{sum(1 for _ in snapshot.roles())} roles, "
        f"{sum(1 for _ in snapshot.domains())} domains, "
        f"{sum(1 for _ in snapshot.repositories())} repositories"
    )
    if failed:
        console.print(f"[bold red]not ok[/]: {escape(counts)}")
    else:
        console.print(f"[green]ok[/]: {escape(counts)}")
    for warning in snapshot.warnings:
        console.print(f"[yellow]warning[/]: {escape(visible(warning))}")
    for item in broken:
        console.print(
            f"[yellow]cannot be evaluated[/] (answers it takes part in are unknown): "
            f"{escape(visible(item))}"
        )
    for item in unknowns:
        console.print(f"[yellow]unknown[/]: {escape(visible(item))}")
    for problem in problems:
        console.print(f"[yellow]policy[/]: {escape(visible(str(problem)))}")
    print_hint(console, snapshot)


def _report_errors(error: LoaderError, as_json: bool) -> NoReturn:
    """Every error (and the warnings found before giving up); exit 2."""
    errors = [str(e) for e in getattr(error, "errors", (error,))]
    warnings = list(getattr(error, "warnings", ()))
    if as_json:
        report = {"ok": False, "errors": errors, "warnings": warnings}
        click.echo(json.dumps(report, indent=2))
    else:
        console = stdout()
        for warning in warnings:
            console.print(f"[yellow]warning[/]: {escape(visible(warning))}")
        for text in errors:
            console.print(f"[bold red]error:[/] {escape(visible(text))}")
        console.print(f"{len(errors)} error{'s' if len(errors) > 1 else ''}")
    sys.exit(EXIT_USAGE)


def _unknowns(snapshot: graph.Snapshot) -> list[str]:
    found = []
    for account in snapshot.accounts:
        if account.iam_unknown:
            found.append(f"account {account.id}: IAM {account.iam_unknown}")
        for region, unknown in account.region_unknowns.items():
            found.append(f"account {account.id} {region}: CodeArtifact {unknown}")
        resources: list[Domain | Repository] = [*account.domains, *account.repositories]
        found.extend(
            f"{item.arn}: policy {item.policy}"
            for item in resources
            if isinstance(item.policy, Unknown)
        )
    if isinstance(snapshot.organization, Unknown):
        found.append(f"organisation: {snapshot.organization}")
    return found


@click.command("demo")
@click.option(
    "--write",
    "path",
    required=True,
    type=click.Path(dir_okay=False),
    help="Where to write the demo snapshot.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@guarded
def demo_command(path: str, force: bool) -> None:
    """Write the bundled demo organisation as a snapshot file, to read or edit."""
    from pathlib import Path

    problem = destination_problem(Path(path), force)
    if problem is not None:
        fail(problem)
    graph.demo_snapshot().save(path)
    stderr().print(f"wrote {escape(visible(path))}")
