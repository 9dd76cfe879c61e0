"""Every export format, re-read with the tools people use, gives back the demo's nodes and edges."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from graph.access import AccessGraph
from graph.export import FORMATS, export_graph, export_subgraph
from tests.graph.export import roundtrip
from tests.graph.export.roundtrip import Edges, Nodes


def expected(demo_graph: AccessGraph, **scope: Any) -> tuple[Nodes, Edges]:
    return roundtrip.of_graph(export_subgraph(demo_graph, **scope))


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def _no_empties(data: dict[str, Any], empty: tuple[Any, ...] = ("", [], None)) -> dict[str, Any]:
    """CSV cannot tell an empty string (or a neo4j-admin array) from a missing value."""
    return {k: v for k, v in data.items() if not any(v == e for e in empty)}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("exports")


def test_formats_contract() -> None:
    assert list(FORMATS) == [
        "graphml",
        "gexf",
        "dot",
        "json",
        "cytoscape",
        "mermaid",
        "neo4j",
        "neptune",
    ]
    for name, fmt in FORMATS.items():
        assert fmt.name == name and fmt.description
        assert fmt.directory == (name in ("neo4j", "neptune"))
        assert fmt.extension == ("" if fmt.directory else fmt.extension)
        assert fmt.directory or fmt.extension.startswith(".")


def test_every_edge_carries_its_evidence(demo_graph: AccessGraph) -> None:
    g = export_subgraph(demo_graph)
    assert g.number_of_edges() == demo_graph.graph.number_of_edges()
    for _, _, data in g.edges(data=True):
        assert data["verdict"] in ("allowed", "conditional", "unknown", "denied")
        assert isinstance(data["statements"], list) and isinstance(data["conditions"], list)
        assert data["evidence"]
    edge = g.edges[
        "arn:aws:iam::123456789012:user/engineering/alice.nguyen",
        "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal",
        "access:read",
    ]
    assert (
        "group developers: CodeArtifactDeveloperAccess · ReadAcmeRepositories" in edge["statements"]
    )
    assert "domain policy acme · OrgMembersReadRepositories" in edge["evidence"]


@pytest.mark.parametrize(
    ("fmt", "reader"),
    [
        ("graphml", roundtrip.read_graphml),
        ("gexf", roundtrip.read_gexf),
        ("json", roundtrip.read_node_link),
        ("cytoscape", roundtrip.read_cytoscape),
    ],
)
def test_networkx_formats_round_trip_exactly(
    demo_graph: AccessGraph, out: Path, fmt: str, reader: Any
) -> None:
    path = out / f"acme{FORMATS[fmt].extension}"
    result = export_graph(demo_graph, fmt, path)
    nodes, edges = expected(demo_graph)
    size = (demo_graph.graph.number_of_nodes(), demo_graph.graph.number_of_edges())
    assert (result.nodes, result.edges) == (len(nodes), len(edges)) == size
    got_nodes, got_edges = reader(path)
    assert got_nodes == nodes
    assert got_edges == edges


def test_graphml_carries_apoc_labels(demo_graph: AccessGraph, out: Path) -> None:
    import networkx as nx

    path = out / "apoc.graphml"
    export_graph(demo_graph, "graphml", path, principal="user/mateojackson")
    g = nx.read_graphml(path, force_multigraph=True)
    node = g.nodes["arn:aws:iam::123456789012:user/mateojackson"]
    assert node["labels"] == ":CaxNode:Principal:User"
    assert {d["label"] for _, _, d in g.edges(data=True)} >= {"MEMBER_OF", "ACCESS_READ"}


def test_dot_round_trips_through_pydot(demo_graph: AccessGraph, out: Path) -> None:
    path = out / "acme.dot"
    export_graph(demo_graph, "dot", path)
    nodes, edges = expected(demo_graph)
    got_nodes, got_edges = roundtrip.read_dot(path)
    assert got_nodes == {n: {k: _as_text(v) for k, v in d.items()} for n, d in nodes.items()}
    assert got_edges == {e: {k: _as_text(v) for k, v in d.items()} for e, d in edges.items()}
    text = path.read_text()
    assert 'subgraph "cluster_111111111111"' in text
    assert 'label="shared-services (111111111111)"' in text
    assert "arn:aws:iam" not in text.split("digraph", 1)[1].split("[", 1)[0]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_dot_renders_with_graphviz(demo_graph: AccessGraph, out: Path) -> None:
    path = out / "render.dot"
    export_graph(demo_graph, "dot", path, resource="acme/npm-internal", capability="read")
    subprocess.run(["dot", "-Tsvg", "-o", str(out / "render.svg"), str(path)], check=True)


def test_mermaid_round_trips_ids_labels_keys_and_outcomes(
    demo_graph: AccessGraph, out: Path
) -> None:
    path = out / "acme.mmd"
    result = export_graph(demo_graph, "mermaid", path)
    nodes, edges = expected(demo_graph)
    got_nodes, got_edges = roundtrip.read_mermaid(path)
    assert got_nodes == {n: {"label": d["label"]} for n, d in nodes.items()}
    assert got_edges == {e: {"verdict": d["verdict"]} for e, d in edges.items()}
    assert bool(result.warnings) == (len(edges) > 500)


def test_mermaid_warns_beyond_its_default_limits(tmp_path: Path) -> None:
    import networkx as nx

    from graph.export.text import write_mermaid

    g = nx.MultiDiGraph()
    for i in range(501):
        g.add_edge(f"arn:aws:iam::1:user/u{i}", "arn:aws:iam::1:role/r", key="can_assume")
    warnings = write_mermaid(g, tmp_path / "big.mmd")
    assert any("Mermaid renders at most 500" in w for w in warnings)


def test_mermaid_scoped_to_a_principal_is_small_and_fenced_in_markdown(
    demo_graph: AccessGraph, out: Path
) -> None:
    path = out / "mateo.md"
    result = export_graph(demo_graph, "mermaid", path, principal="user/mateojackson")
    text = path.read_text()
    assert text.startswith("```mermaid\n%% cax access graph") and text.endswith("```\n")
    assert result.edges < 40 and not result.warnings
    assert 'subgraph a0["dev (123456789012)"]' in text
    nodes, edges = roundtrip.read_mermaid(path)
    mateo = "arn:aws:iam::123456789012:user/mateojackson"
    pypi = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/pypi-internal"
    assert edges[(mateo, pypi, "access:read")] == {"verdict": "allowed"}
    assert nodes["external:public:pypi"] == {"label": "public:pypi"}  # through the upstream


def test_principal_scope_keeps_every_reachable_chain(demo_graph: AccessGraph) -> None:
    from graph.export.scope import chain_edges

    who = "arn:aws:iam::222222222222:user/engineering/sofia.rossi"
    g = export_subgraph(demo_graph, principal=who)
    kept = set(g.edges(keys=True))
    for reach in demo_graph.reachable(who):
        assert set(chain_edges(demo_graph.graph, reach.chain, reach.capability)) <= kept
    publisher = "arn:aws:iam::333333333333:role/release/maven-release-publisher"
    assert g.has_node(publisher) and g.has_node("arn:aws:iam::222222222222:role/release-operator")


def test_resource_scope_keeps_who_can_chains(demo_graph: AccessGraph) -> None:
    repo = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"
    g = export_subgraph(demo_graph, resource="acme/npm-internal", capability="read")
    principals = {r.principal for r in demo_graph.who_can(repo, "read")}
    assert principals <= set(g.nodes)
    gustavo = "arn:aws:iam::123456789012:user/sre/gustavo.reyes"
    reader = "arn:aws:iam::222222222222:role/ops/artifact-reader"
    assert g.has_edge(gustavo, reader, "can_assume") and g.has_edge(reader, repo, "access:read")
    assert {k for _, _, k in g.edges(keys=True) if k.startswith("access:")} == {"access:read"}


def test_capability_scope_keeps_structure_and_one_capability(demo_graph: AccessGraph) -> None:
    g = export_subgraph(demo_graph, capability="publish")
    assert g.number_of_nodes() == demo_graph.graph.number_of_nodes()
    keys = {k for _, _, k in g.edges(keys=True)}
    assert "access:publish" in keys and "member_of" in keys and "access:read" not in keys


def test_neo4j_csv_and_cypher_round_trip(demo_graph: AccessGraph, out: Path) -> None:
    path = out / "neo4j"
    result = export_graph(demo_graph, "neo4j", path)
    assert sorted(p.name for p in result.paths) == [
        "cax-export.json",
        "import.cypher",
        "neo4j-admin-import.sh",
        "nodes.csv",
        "relationships.csv",
    ]
    nodes, edges = expected(demo_graph)
    got_nodes, got_edges = roundtrip.read_neo4j(path)
    assert got_nodes == {n: _no_empties(json_dicts(d)) for n, d in nodes.items()}
    assert got_edges == {e: _no_empties(d) for e, d in edges.items()}
    script_nodes, script_edges = roundtrip.read_cypher(path / "import.cypher")
    assert script_nodes == {n: json_dicts(d) for n, d in nodes.items()}
    assert script_edges == edges
    admin = (path / "neo4j-admin-import.sh").read_text()
    assert "neo4j-admin database import full" in admin and "--array-delimiter=';'" in admin
    manifest = json.loads((path / "cax-export.json").read_text())
    assert manifest["format"] == "neo4j" and manifest["edges"] == len(edges)


def json_dicts(data: dict[str, Any]) -> dict[str, Any]:
    """Neo4j holds no maps: dicts (tags) are JSON strings."""
    return {
        k: json.dumps(v, ensure_ascii=False, separators=(",", ":")) if isinstance(v, dict) else v
        for k, v in data.items()
    }


def test_neptune_opencypher_csv_round_trips(demo_graph: AccessGraph, out: Path) -> None:
    path = out / "neptune"
    export_graph(demo_graph, "neptune", path)
    nodes, edges = expected(demo_graph)
    got_nodes, got_edges = roundtrip.read_neptune(path)
    assert got_nodes == {n: _no_empties(d, ("", None)) for n, d in nodes.items()}
    assert got_edges == {e: _no_empties(d, ("", None)) for e, d in edges.items()}
    request = json.loads((path / "load-request.json").read_text())
    assert request["format"] == "opencypher"


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "cytoscape", "dot", "neo4j", "neptune"])
def test_markup_in_tags_survives_every_format(demo_graph: AccessGraph, out: Path, fmt: str) -> None:
    path = out / f"kevin-{fmt}{FORMATS[fmt].extension}"
    export_graph(demo_graph, fmt, path, principal="user/kevin.osei")
    files = [path] if path.is_file() else sorted(path.iterdir())
    text = "".join(f.read_text(encoding="utf-8") for f in files)
    assert "[bold]pwned[/bold]" in text
