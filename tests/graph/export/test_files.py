"""Exports are atomic, never overwrite without force, and refuse bad input with ExportError."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph.access import AccessGraph
from graph.export import MANIFEST, ExportError, ExportFormat, export_graph


def test_existing_file_needs_force(demo_graph: AccessGraph, tmp_path: Path) -> None:
    path = tmp_path / "acme.json"
    path.write_text("keep me")
    with pytest.raises(ExportError, match="exists; use --force"):
        export_graph(demo_graph, "json", path)
    assert path.read_text() == "keep me"
    result = export_graph(demo_graph, "json", path, force=True)
    assert result.paths == [path] and path.read_text().startswith("{")
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_failed_write_leaves_nothing_behind(demo_graph: AccessGraph, tmp_path: Path) -> None:
    def broken(g: nx.MultiDiGraph, path: Path) -> tuple[str, ...]:
        path.write_text("half")
        raise OSError(28, "No space left on device")

    path = tmp_path / "acme.graphml"
    path.write_text("previous")
    with pytest.raises(ExportError, match="No space left on device"):
        export_graph(demo_graph, ExportFormat("x", "x", ".x", writer=broken), path, force=True)
    assert path.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["acme.graphml"]
    with pytest.raises(ExportError):
        export_graph(
            demo_graph, ExportFormat("x", "x", "", directory=True, writer=broken), tmp_path / "d"
        )
    assert [p.name for p in tmp_path.iterdir()] == ["acme.graphml"]


def test_directory_formats_replace_only_their_own_directories(
    demo_graph: AccessGraph, tmp_path: Path
) -> None:
    target = tmp_path / "neo4j"
    export_graph(demo_graph, "neo4j", target)
    assert (target / MANIFEST).is_file()
    with pytest.raises(ExportError, match="exists"):
        export_graph(demo_graph, "neo4j", target)
    result = export_graph(demo_graph, "neo4j", target, force=True, principal="user/alice.nguyen")
    assert result.nodes < 20 and (target / "nodes.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neo4j"]
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.tex").write_text("years of work")
    with pytest.raises(ExportError, match="did not write"):
        export_graph(demo_graph, "neptune", home, force=True)
    assert (home / "thesis.tex").read_text() == "years of work"


def test_a_file_format_refuses_a_directory(demo_graph: AccessGraph, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a directory"):
        export_graph(demo_graph, "dot", tmp_path, force=True)


def test_parent_directories_are_created(demo_graph: AccessGraph, tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "acme.gexf"
    export_graph(demo_graph, "gexf", path, capability="login")
    assert path.is_file()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fmt": "svg"}, "unknown format 'svg': expected one of graphml, gexf"),
        ({"principal": "user/mateojakson"}, "closest: user/mateojackson"),
        ({"resource": "acme/npm-intern"}, "closest: acme/npm-internal"),
        ({"capability": "write"}, "unknown capability 'write'"),
    ],
)
def test_bad_input_is_an_export_error(
    demo_graph: AccessGraph, tmp_path: Path, kwargs: dict[str, str], message: str
) -> None:
    fmt = kwargs.pop("fmt", "json")
    with pytest.raises(ExportError, match=message):
        export_graph(demo_graph, fmt, tmp_path / "out", **kwargs)
    assert not (tmp_path / "out").exists()
