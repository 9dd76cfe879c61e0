"""`cax export`: every format from the command line, scoped, --force, --json, and `cax --help`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.export import FORMATS
from tests.cli.conftest import Cax
from tests.graph.export import roundtrip


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_every_format(cax: Cax, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"acme{FORMATS[fmt].extension or '-' + fmt}"
    result = cax("export", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "wrote " in result.stderr
    assert target.exists()


def test_export_scoped_json_report(cax: Cax, tmp_path: Path) -> None:
    target = tmp_path / "alice.dot"
    result = cax(
        "export", "-f", "dot", "-o", str(target), "-p", "user/alice.nguyen", "-c", "read", "--json"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["format"] == "dot" and report["paths"] == [str(target)]
    nodes, edges = roundtrip.read_dot(target)
    assert report["nodes"] == len(nodes) and report["edges"] == len(edges)
    assert {k for _, _, k in edges if k.startswith("access:")} == {"access:read"}


def test_export_needs_force_to_overwrite(cax: Cax, tmp_path: Path) -> None:
    target = tmp_path / "acme.mmd"
    assert cax("export", "-f", "mermaid", "-o", str(target)).exit_code == 0
    again = cax("export", "-f", "mermaid", "-o", str(target), "-r", "acme/npm-internal")
    assert again.exit_code == 2 and "--force" in again.stderr
    forced = cax("export", "-f", "mermaid", "-o", str(target), "-r", "acme/npm-internal", "--force")
    assert forced.exit_code == 0


def test_export_rejects_an_unknown_format(cax: Cax, tmp_path: Path) -> None:
    result = cax("export", "-f", "svg", "-o", str(tmp_path / "x.svg"))
    assert result.exit_code == 2 and "graphml" in result.output


def test_help_lists_every_command_and_format(cax: Cax) -> None:
    top = cax("--help").output
    for command in ("search", "who-can", "can", "explain", "export", "validate", "demo", "tui"):
        assert command in top
    help_text = cax("export", "--help").output
    for name in FORMATS:
        assert name in help_text
    assert "0 allowed, 1 denied, 2 bad input, 3 conditional" in cax("can", "--help").output
