"""`export -o -`, --force over a directory, validate on stdout, `cax -v COMMAND`, DOT labels."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Cax


def test_export_to_stdout_for_single_file_formats(cax: Cax) -> None:
    result = cax("export", "-f", "json", "-o", "-", "-p", "user/mateojackson")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document  # the export itself, nothing else on stdout


def test_export_to_stdout_refuses_directory_formats(cax: Cax) -> None:
    result = cax("export", "-f", "neo4j", "-o", "-")
    assert result.exit_code == 2
    assert "writes a directory" in result.stderr and not result.stdout


def test_force_is_suggested_only_where_it_works(cax: Cax, tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    result = cax("export", "-f", "json", "-o", str(folder))
    assert result.exit_code == 2
    assert "is a directory; give a file name" in result.stderr
    assert "--force" not in result.stderr
    (folder / "mine.txt").write_text("keep")
    result = cax("export", "-f", "neo4j", "-o", str(folder))
    assert result.exit_code == 2 and "--force" not in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cax("export", "-f", "neo4j", "-o", str(empty), "--force").exit_code == 0
    again = cax("export", "-f", "neo4j", "-o", str(empty))
    assert again.exit_code == 2 and "use --force" in again.stderr
    assert cax("export", "-f", "neo4j", "-o", str(empty), "--force").exit_code == 0


def test_validate_reports_on_stdout(cax: Cax, tmp_path: Path) -> None:
    path = tmp_path / "acme.json"
    assert cax("demo", "--write", str(path)).exit_code == 0
    result = cax("validate", str(path))
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: 6 accounts")
    bad = tmp_path / "bad.json"
    bad.write_text('{"accounts": 5}')
    result = cax("validate", str(bad))
    assert result.exit_code == 2
    assert "error:" in result.stdout and "1 error" in result.stdout


def test_verbose_before_the_command(cax: Cax) -> None:
    result = cax("-v", "can", "user/mateojackson", "read", "acme/npm-internal")
    assert result.exit_code == 1
    assert "loaded" in result.stderr  # the timings -v prints


def test_dot_labels_nodes_with_their_short_label(cax: Cax) -> None:
    result = cax("export", "-f", "dot", "-o", "-", "-p", "user/mateojackson")
    assert result.exit_code == 0
    line = next(
        x
        for x in result.stdout.splitlines()
        if 'node_id="arn:aws:iam::123456789012:user/mateojackson"' in x
    )
    assert 'label="user/mateojackson"' in line
