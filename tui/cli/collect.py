"""`cax collect`: read an AWS estate (read-only) into a snapshot file."""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import boto3
import click
from botocore.exceptions import BotoCoreError, ClientError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn

from graph.collect import (
    CollectedSnapshot,
    CollectError,
    CollectOptions,
    ProgressEvent,
    ReadOnlyViolation,
    SecretLeak,
    Stage,
    Status,
    collect_snapshot,
    home_region,
    resolve_regions,
)
from graph.collect.permissions import PermissionReport, UnsupportedPrincipal, check_permissions
from graph.errors import LoaderError
from graph.visible import visible
from tui.cli.common import destination_problem

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3
THROTTLED = "[yellow](AWS is throttling; slowing down and retrying)[/]"


class _ProgressView:
    """Renders collector progress events as one rich task per account (on stderr)."""

    def __init__(self, progress: Progress, regions: int) -> None:
        self.progress = progress
        self.steps = 1 + regions
        self.tasks: dict[str, TaskID] = {}
        self.lock = threading.Lock()

    def _task(self, account: str, total: int) -> TaskID:
        if account not in self.tasks:
            self.tasks[account] = self.progress.add_task(account, total=total)
        return self.tasks[account]

    def __call__(self, event: ProgressEvent) -> None:
        with self.lock:
            if event.status is Status.THROTTLED:
                name = "organization" if event.stage is Stage.ORGANIZATION else event.account
                task = self._task(name, 1 if name == "organization" else self.steps)
                where = event.region or event.stage.value
                self.progress.update(task, description=f"{name}: {where} {THROTTLED}")
                return
            if event.stage is Stage.ORGANIZATION:
                task = self._task("organization", 1)
                self.progress.update(task, description="organization: organizations")
                if event.finished:
                    self.progress.update(
                        task,
                        completed=1,
                        description=_label("organization", event.status, "organizations"),
                    )
                return
            task = self._task(event.account, self.steps)
            where = event.region or event.stage.value
            if event.stage is Stage.DONE:
                self.progress.update(
                    task,
                    completed=self.steps,
                    description=_label(event.account, event.status, "done"),
                )
            elif event.stage is Stage.ASSUME_ROLE and event.status is Status.FAILED:
                self.progress.update(task, completed=self.steps)
            elif event.finished and event.stage in (Stage.IAM, Stage.CODEARTIFACT):
                self.progress.update(
                    task, advance=1, description=_label(event.account, event.status, where)
                )
            else:
                self.progress.update(task, description=f"{event.account}: {where}")


def _label(name: str, status: Status, where: str) -> str:
    mark = "[red]✗[/]" if status is Status.FAILED else "[green]✓[/]"
    return f"{name}: {where} {mark}"


def _sessions(profiles: Sequence[str]) -> list[boto3.Session]:
    if not profiles:
        return [boto3.Session()]  # standard chain: env, AWS_PROFILE, SSO, config, IMDS ...
    return [boto3.Session(profile_name=profile) for profile in profiles]


def _region_count(session: boto3.Session, options: CollectOptions) -> int:
    """How many regions each account will show in the progress view (a guess is enough)."""
    try:
        return len(resolve_regions(session, options, "aws"))
    except CollectError:
        return 1


def _report(console: Console, result: CollectedSnapshot, output: Path | None) -> None:
    collection = result.collection
    snapshot = result.snapshot
    console.print(
        f"collected {len(snapshot.accounts)} account(s) as {escape(collection.caller_arn or '?')}"
    )
    for region in collection.skipped:
        console.print(f"[dim]skipped {region}: region not enabled[/]")
    for warning in snapshot.warnings:
        console.print(f"[yellow]warning:[/] {escape(visible(warning))}")
    if collection.problems:
        console.print(
            f"[red]{len(collection.problems)} thing(s) could not be read and are marked unknown:[/]"
        )
        for problem in collection.problems:
            console.print(f"  {problem}", markup=False, highlight=False)
    if output is not None:
        console.print(f"wrote {escape(str(output))} (mode 0600)")


@click.command("collect")
@click.option(
    "--profile",
    "profiles",
    multiple=True,
    metavar="P",
    help="AWS profile to read with; repeat for several accounts (default: AWS_PROFILE "
    "or the standard credential chain).",
)
@click.option(
    "--region",
    "regions",
    multiple=True,
    metavar="R",
    help="CodeArtifact region to read; repeatable (default: the profile's region).",
)
@click.option("--all-regions", is_flag=True, help="Read every region that offers CodeArtifact.")
@click.option(
    "--org",
    is_flag=True,
    help="Walk the organisation and collect every member account via --role-name.",
)
@click.option(
    "--role-name",
    default="OrganizationAccountAccessRole",
    show_default=True,
    help="Role assumed in each member account with --org.",
)
@click.option("--external-id", default=None, help="ExternalId for the --org role hops.")
@click.option(
    "--max-workers",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Accounts collected at the same time.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Snapshot file to write (mode 0600).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option(
    "--allow-partial",
    is_flag=True,
    help="Exit 0 even when something could not be read (it is marked unknown).",
)
@click.option(
    "--check-permissions",
    is_flag=True,
    help="Check whether the current principal has the collector policy, then exit.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks on errors.")
def collect(
    profiles: tuple[str, ...],
    regions: tuple[str, ...],
    all_regions: bool,
    org: bool,
    role_name: str,
    external_id: str | None,
    max_workers: int,
    output: Path | None,
    force: bool,
    allow_partial: bool,
    check_permissions: bool,
    verbose: bool,
) -> None:
    """Collect IAM, CodeArtifact and Organizations data (read-only) into a snapshot.

    Exit status: 0 complete (or partial with --allow-partial), 1 error, 2 usage (also an
    output that exists without --force, or a folder that does not exist: checked before
    collecting), 3 partial (the snapshot is written; what could not be read is marked unknown).
    """
    console = Console(stderr=True, soft_wrap=True, highlight=False)
    if regions and all_regions:
        raise click.UsageError("--region and --all-regions exclude each other")
    if check_permissions:
        _check_permissions(console, profiles, regions, org, role_name, verbose)
        return
    if output is None:
        raise click.UsageError("missing option -o/--output")
    problem = destination_problem(output, force)
    if problem is not None:
        console.print(f"[red]cax collect: error:[/] {escape(visible(problem))}")
        sys.exit(EXIT_USAGE)
    options = CollectOptions(
        regions=regions,
        all_regions=all_regions,
        org=org,
        role_name=role_name,
        external_id=external_id,
        max_workers=max_workers,
    )
    try:
        sessions = _sessions(profiles)
        steps = _region_count(sessions[0], options)
        with Progress(
            TextColumn("{task.description}"), BarColumn(), console=console, transient=False
        ) as progress:
            result = collect_snapshot(sessions, options, _ProgressView(progress, steps))
        result.snapshot.save(output)
    except (CollectError, LoaderError, BotoCoreError, ClientError, OSError) as exc:
        _fail(console, exc, verbose)
    except (ReadOnlyViolation, SecretLeak) as exc:  # bugs: stop, write nothing, say so
        _fail(console, exc, verbose, bug=True)
    _report(console, result, output)
    if result.collection.problems and not allow_partial:
        console.print("the snapshot is partial; pass --allow-partial to accept that")
        sys.exit(EXIT_PARTIAL)


def _fail(console: Console, exc: BaseException, verbose: bool, bug: bool = False) -> NoReturn:
    if verbose:
        console.print_exception()
    kind = "internal error (please report)" if bug else "error"
    console.print(f"[red]cax collect: {kind}:[/] {escape(str(exc))}")
    sys.exit(EXIT_ERROR)


def _check_permissions(
    console: Console,
    profiles: tuple[str, ...],
    regions: tuple[str, ...],
    org: bool,
    role_name: str,
    verbose: bool,
) -> None:
    """Evaluate the collector policy for each profile's principal; exit 1 if anything lacks."""
    failed = False
    try:
        for session in _sessions(profiles):
            region = home_region(session, CollectOptions(regions=regions, all_regions=True))
            report = check_permissions(session, region=region, org=org, role_name=role_name)
            failed |= not report.ok
            _print_report(console, report)
    except (UnsupportedPrincipal, CollectError, BotoCoreError, ClientError) as exc:
        _fail(console, exc, verbose)
    if failed:
        sys.exit(EXIT_ERROR)


def _print_report(console: Console, report: PermissionReport) -> None:
    console.print(f"principal: {escape(report.principal)}")
    if report.unreadable:
        console.print("[red]could not read the principal's own policies:[/]")
        for problem in report.unreadable:
            console.print(f"  {problem.operation}: {problem.error}", markup=False)
        console.print("add the CheckPermissionsOptional statement of docs/collector-policy.json")
        return
    if report.ok:
        console.print(
            f"[green]has every permission the collector needs ({len(report.checks)} checked)[/]"
        )
        return
    console.print(f"[red]missing {len(report.missing)} of {len(report.checks)} permissions:[/]")
    for check in report.missing:
        console.print(f"  {check.requirement.action} on {check.resource}", markup=False)
        console.print(f"    {check.explanation}", markup=False)
