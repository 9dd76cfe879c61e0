"""`cax validate`, `cax demo --write`: exit codes, messages, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import graph
from tui.cli import main

CLI_FILES = Path(__file__).parent.parent / "fixtures" / "aws-cli"


def test_validate_reports_counts_and_warnings() -> None:
    result = CliRunner().invoke(main, ["validate", str(CLI_FILES)])
    assert result.exit_code == 0, result.output
    assert "ok: 2 accounts, 1 users, 1 roles, 1 domains, 1 repositories" in result.output
    assert "AWS managed policy arn:aws:iam::aws:policy/ReadOnlyAccess" in result.output


def test_validate_json_is_machine_readable() -> None:
    result = CliRunner().invoke(main, ["validate", "--json", str(CLI_FILES)])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["accounts"] == ["111111111111", "123456789012"]
    assert report["ok"] is True


def test_validate_bad_file_exits_2_with_file_and_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"UserDetailList": [{"UserName": 3}]}')
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}: $" in result.output
    assert "Traceback" not in result.output


def test_demo_write_round_trips(tmp_path: Path) -> None:
    out = tmp_path / "demo.json"
    result = CliRunner().invoke(main, ["demo", "--write", str(out)])
    assert result.exit_code == 0, result.output
    assert graph.load_snapshot(out).accounts == graph.demo_snapshot().accounts
    again = CliRunner().invoke(main, ["demo", "--write", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
