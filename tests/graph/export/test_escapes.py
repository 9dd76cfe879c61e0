"""Exports cannot be injected: Mermaid ids, CSV line breaks, XML-forbidden and unwritable
characters, control characters for people; and every format parses back (fuzzed)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graph
from graph.access import AccessGraph
from graph.export import FORMATS, export_graph
from graph.sources import snapshot_from_document
from tests.graph.export.check import check_export, csv_rows
from tests.hostile import hostile_document


def _graph(**strings: str) -> AccessGraph:
    return AccessGraph.from_snapshot(
        snapshot_from_document(hostile_document(small=True, **strings))
    )


def _export(ag: AccessGraph, fmt: str, path: Path) -> Path:
    export_graph(ag, fmt, path, force=True)
    return path


def test_mermaid_ids_cannot_add_lines_close_the_fence_or_set_directives(tmp_path: Path) -> None:
    user = "x\nclick n0 call alert(1)\n```\n<img src=x onerror=alert(1)>%%{init: {}}%%"
    ag = _graph(user=user)
    for name in ("g.mmd", "g.md"):
        path = _export(ag, "mermaid", tmp_path / name)
        text = path.read_text()
        assert not any(line.startswith("click") for line in text.splitlines())
        assert "<img" not in text and "%%{" not in text
        check_export("mermaid", path, ag.graph.number_of_nodes(), ag.graph.number_of_edges())
    assert text.startswith("```mermaid\n") and text.count("```") == 2


def test_csv_quotes_cr_and_neo4j_reads_multiline_fields(tmp_path: Path) -> None:
    ag = _graph(condition="vpce-1\r\nvpce-2\rvpce-3")
    n, e = ag.graph.number_of_nodes(), ag.graph.number_of_edges()
    for fmt in ("neo4j", "neptune"):
        check_export(fmt, _export(ag, fmt, tmp_path / fmt), n, e)
    rows = csv_rows(tmp_path / "neo4j" / "relationships.csv")
    assert any("vpce-1\r\nvpce-2\rvpce-3" in cell for row in rows for cell in row)
    assert "--multiline-fields=true" in (tmp_path / "neo4j" / "neo4j-admin-import.sh").read_text()


def test_neo4j_script_without_line_breaks_leaves_multiline_off(tmp_path: Path) -> None:
    ag = _graph(condition="vpce-1", tag="plain")
    path = _export(ag, "neo4j", tmp_path / "neo4j")
    assert "--multiline-fields" not in (path / "neo4j-admin-import.sh").read_text()


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "dot"])
def test_xml_and_dot_hold_no_forbidden_characters(tmp_path: Path, fmt: str) -> None:
    ag = _graph(user="eve\x1b\x01\x7f\x85\ufffe", sid="S\x00\x0b", tag="t\x1b\u202e")
    path = _export(ag, fmt, tmp_path / f"g{FORMATS[fmt].extension}")
    check_export(fmt, path, ag.graph.number_of_nodes(), ag.graph.number_of_edges())
    text = path.read_text(encoding="utf-8")
    assert re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text) is None
    shown = "eve\\x1b\\x01\\x7f\\x85\\ufffe"
    assert (shown.replace("\\", "\\\\") if fmt == "dot" else shown) in text


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for item in items for s in _strings(item)]


def test_json_formats_stay_exact(tmp_path: Path) -> None:
    ag = _graph(tag="t\x1b\x85\u202e")
    for fmt in ("json", "cytoscape"):
        path = _export(ag, fmt, tmp_path / f"g{FORMATS[fmt].extension}")
        text = path.read_text()
        assert "\x85" not in text and "\u202e" not in text and "t\\u001b\\u0085\\u202e" in text
        assert "t\x1b\x85\u202e" in _strings(json.loads(text))


_SPECIAL = st.sampled_from(
    [
        "\x1b",
        "\x00",
        "\r",
        "\n",
        "\ud800",
        "\udfff",
        "\u202e",
        "\x9b",
        "\u2028",
        "\x7f",
        "\t",
        "%%{",
        "```",
        '"',
        "'",
        "<",
        ">",
        "&",
        "#",
        ",",
        ";",
        "|",
        "`",
        "\\",
        "[",
        "]",
        "{",
        "}",
    ]
)
_TEXT = st.lists(
    st.one_of(_SPECIAL, st.characters(exclude_categories=())), min_size=1, max_size=10
).map("".join)
_NAME = _TEXT.filter(lambda t: not {"/", ":", "*", "?"} & set(t))


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(user=_NAME, sid=_TEXT, tag=_TEXT, condition=_TEXT, account_name=_TEXT)
def test_arbitrary_unicode_through_every_format_parses_back(
    tmp_path: Path, user: str, sid: str, tag: str, condition: str, account_name: str
) -> None:
    try:
        ag = _graph(user=user, sid=sid, tag=tag, condition=condition, account_name=account_name)
    except graph.LoaderError:
        return  # refused with a clear error: nothing to export
    n, e = ag.graph.number_of_nodes(), ag.graph.number_of_edges()
    out = tmp_path / f"run{os.urandom(4).hex()}"
    out.mkdir()
    for fmt, spec in FORMATS.items():
        path = _export(ag, fmt, out / f"g{spec.extension or ''}")
        check_export(fmt, path, n, e)
