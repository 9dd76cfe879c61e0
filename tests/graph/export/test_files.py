"""Exports are atomic, never overwrite without force, and refuse bad input with ExportError."""

from __future__ import annotations

import os
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


def test_exports_are_fsynced_before_the_rename(
    demo_graph: AccessGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        os, "replace", lambda a, b: (events.append("rename"), real_replace(a, b))[1]
    )
    export_graph(demo_graph, "json", tmp_path / "acme.json")
    assert events[:2] == ["fsync", "rename"] and events[-1] == "fsync"  # file, then its folder
    events.clear()
    export_graph(demo_graph, "neo4j", tmp_path / "neo4j")
    assert events.index("rename") > events.index("fsync") > -1


def test_a_killed_write_leaves_no_temporary_on_the_next_run(
    demo_graph: AccessGraph, tmp_path: Path
) -> None:
    import subprocess
    import sys

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = int(gone.stdout)
    stale_file = tmp_path / f".acme.graphml.cax{dead}.abcd1234.tmp.graphml"
    stale_file.write_text("half")
    stale_dir = tmp_path / f".neo4j.cax{dead}.abcd_123.tmp"
    stale_dir.mkdir()
    (stale_dir / "nodes.csv").write_text("half")
    live = tmp_path / f".acme.graphml.cax{os.getppid()}.abcd1234.tmp.graphml"  # still running
    live.write_text("in progress")
    theirs = tmp_path / ".acme.graphml.other.tmp"
    theirs.write_text("not ours")
    export_graph(demo_graph, "graphml", tmp_path / "acme.graphml")
    export_graph(demo_graph, "neo4j", tmp_path / "neo4j")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(["acme.graphml", "neo4j", live.name, theirs.name])


def test_a_swap_killed_halfway_gets_the_previous_export_back(tmp_path: Path) -> None:
    from graph.export.files import remove_stale

    old = tmp_path / ".neo4j.cax999999999.abcdefgh.old"
    (old / "previous").mkdir(parents=True)
    (old / "previous" / MANIFEST).write_text("{}")
    remove_stale(tmp_path / "neo4j")
    assert (tmp_path / "neo4j" / MANIFEST).is_file() and not old.exists()
