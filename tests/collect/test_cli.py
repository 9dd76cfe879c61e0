"""`cax collect` end to end with CliRunner: file written 0600, exit codes, errors."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import load_snapshot
from tests.collect.conftest import ACCESS_KEY, OTHER_REGION, REGION, SECRET_KEY, SESSION_TOKEN, Org
from tests.collect.fake_codeartifact import FakeCodeArtifact, Fault
from tui.cli.collect import EXIT_PARTIAL, collect


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(collect, list(args))
    return result.exit_code, result.stderr


def test_collect_writes_a_private_snapshot(
    estate: FakeCodeArtifact, org: Org, out_path: Path
) -> None:
    code, err = _run("--org", "--region", REGION, "--region", OTHER_REGION, "-o", str(out_path))
    assert code == 0, err
    assert stat.S_IMODE(out_path.stat().st_mode) == 0o600
    assert f"wrote {out_path}" in err
    text = out_path.read_text()
    for secret in (ACCESS_KEY, SECRET_KEY, SESSION_TOKEN, "cax-collect"):
        assert secret not in text
    snapshot = load_snapshot(out_path)
    assert {a.id for a in snapshot.accounts} == {org.management, org.member}
    assert snapshot.warnings == ()
    assert not list(out_path.parent.glob(".*.tmp"))  # the atomic write left nothing behind


def test_partial_snapshot_exits_non_zero_unless_allowed(
    estate: FakeCodeArtifact, org: Org, out_path: Path
) -> None:
    estate.faults.append(
        Fault("GetDomainPermissionsPolicy", "AccessDeniedException", message="denied to you")
    )
    code, err = _run("--region", REGION, "-o", str(out_path))
    assert code == EXIT_PARTIAL
    assert "could not be read" in err and "denied to you" in err
    assert "--allow-partial" in err
    domain = next(load_snapshot(out_path).domains())
    assert domain.policy is not None and "denied to you" in str(domain.policy)

    out_path.unlink()
    code, err = _run("--region", REGION, "--allow-partial", "-o", str(out_path))
    assert code == 0 and out_path.exists()


def test_unknown_profile_is_a_clean_error(aws_env: None, out_path: Path) -> None:
    code, err = _run("--profile", "nosuch", "--region", REGION, "-o", str(out_path))
    assert code == 1
    assert "cax collect: error:" in err and "nosuch" in err
    assert "Traceback" not in err
    assert not out_path.exists()

    code, err = _run("-v", "--profile", "nosuch", "--region", REGION, "-o", str(out_path))
    assert code == 1 and "Traceback" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", REGION, "--all-regions", "-o", "x.json"], "exclude each other"),
        (["--region", REGION], "-o/--output"),
    ],
)
def test_usage_errors(aws_env: None, args: list[str], message: str) -> None:
    result = CliRunner().invoke(collect, args)
    assert result.exit_code == 2
    assert message in result.output + result.stderr


def test_a_missing_folder_is_found_before_collecting(
    estate: FakeCodeArtifact, tmp_path: Path
) -> None:
    code, err = _run("--region", REGION, "-o", str(tmp_path / "missing" / "snap.json"))
    assert code == 2 and "cax collect: error:" in err and "does not exist" in err
    assert "Traceback" not in err
    assert estate.calls == []  # nothing was collected (and thrown away)


def test_an_existing_output_needs_force(estate: FakeCodeArtifact, org: Org, out_path: Path) -> None:
    out_path.write_text("precious")
    code, err = _run("--region", REGION, "-o", str(out_path))
    assert code == 2 and "exists; use --force" in err
    assert out_path.read_text() == "precious" and estate.calls == []
    code, err = _run("--region", REGION, "--force", "-o", str(out_path))
    assert code == 0, err
    assert load_snapshot(out_path).accounts


def test_the_progress_line_says_aws_is_throttling() -> None:
    from rich.console import Console
    from rich.progress import Progress

    from graph.collect import ProgressEvent, Stage, Status
    from tui.cli.collect import _ProgressView

    progress = Progress(console=Console(file=io.StringIO()))
    view = _ProgressView(progress, 1)
    view(ProgressEvent("111111111111", Stage.CODEARTIFACT, Status.STARTED, REGION))
    view(ProgressEvent("111111111111", Stage.CODEARTIFACT, Status.THROTTLED, REGION))
    (task,) = progress.tasks
    assert "AWS is throttling" in task.description and REGION in task.description
    assert not task.completed
    view(ProgressEvent("o", Stage.ORGANIZATION, Status.THROTTLED))
    assert "AWS is throttling" in progress.tasks[-1].description


def test_a_bug_is_reported_without_traceback(
    estate: FakeCodeArtifact, org: Org, out_path: Path
) -> None:
    estate.estate(org.management, REGION).tags[
        f"arn:aws:codeartifact:{REGION}:{org.management}:domain/acme"
    ] = {"leak": SECRET_KEY}
    code, err = _run("--region", REGION, "-o", str(out_path))
    assert code == 1 and "internal error" in err and "credential" in err
    assert "Traceback" not in err and not out_path.exists()


def test_registered_in_the_main_group() -> None:
    from tui.cli import main

    result = CliRunner().invoke(main, ["collect", "--help"])
    assert result.exit_code == 0
    for option in ("--profile", "--all-regions", "--org", "--role-name", "--external-id"):
        assert option in result.output
    assert "--check-permissions" in result.output and "--allow-partial" in result.output
