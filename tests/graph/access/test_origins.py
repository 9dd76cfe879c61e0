"""Where who-can principals come from, and the who-can filter (no UI)."""

from __future__ import annotations

import pytest

import graph
from graph.access import Verdict
from graph.access.origins import Origin, WhoCanFilter, place
from graph.access.upstream_reach import downstream, sentence, served_through

NPM = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"
PYPI_STORE = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/pypi-store"
PYPI_INTERNAL = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/pypi-internal"
MATEO = "arn:aws:iam::123456789012:user/mateojackson"


@pytest.fixture(scope="module")
def demo() -> graph.AccessGraph:
    return graph.AccessGraph.from_snapshot(graph.demo_snapshot())


def _origins(demo: graph.AccessGraph, resource: str) -> dict[str, Origin]:
    placed = place(demo.graph, demo.who_can(resource, "read"), resource, demo.snapshot.org)
    return {p.reach.principal: p.origin for p in placed}


def test_each_principal_is_placed_relative_to_the_resource(demo: graph.AccessGraph) -> None:
    origins = _origins(demo, NPM)
    assert origins["arn:aws:iam::111111111111:role/breakglass/breakglass-admin"] is Origin.ACCOUNT
    assert origins["arn:aws:iam::123456789012:user/engineering/alice.nguyen"] is Origin.ORGANISATION
    assert origins["arn:aws:iam::444455556666:user/jordan.blake"] is Origin.EXTERNAL  # partner
    assert origins["service:codebuild.amazonaws.com"] is Origin.SERVICE


def test_anyone_limited_by_principal_org_id_is_our_organisation(demo: graph.AccessGraph) -> None:
    assert _origins(demo, NPM)["anyone"] is Origin.ORGANISATION


def test_anyone_without_an_org_condition_is_external(demo: graph.AccessGraph) -> None:
    from graph.access.origins import _org_restricted

    org = demo.snapshot.org
    assert not _org_restricted(["the caller's own identity policies allow it"], org)
    assert _org_restricted(["aws:PrincipalOrgID StringEquals o-acme12345"], org)
    assert not _org_restricted(["aws:PrincipalOrgID StringEquals o-other"], org)
    assert _org_restricted(["aws:PrincipalAccount StringEquals 123456789012"], org)
    assert not _org_restricted(["aws:PrincipalAccount StringEquals 444455556666"], org)


def test_filter_outside_account_verdict_and_kind(demo: graph.AccessGraph) -> None:
    placed = place(demo.graph, demo.who_can(NPM, "read"), NPM, demo.snapshot.org)
    outside = WhoCanFilter(external=True).apply(placed)
    assert outside and all(p.origin.outside for p in outside)
    assert "anyone" in {p.reach.principal for p in outside}
    assert len(outside) < len(placed)
    conditional = WhoCanFilter.of(verdicts=["conditional"], kinds=["user"]).apply(placed)
    assert {p.reach.principal for p in conditional} == {
        "arn:aws:iam::444455556666:user/jordan.blake",
        "arn:aws:iam::444455556666:user/sam.porter",
    }
    prod = WhoCanFilter.of(account="222222222222").apply(placed)
    assert prod and {p.account for p in prod} == {"222222222222"}
    assert WhoCanFilter.of(kinds=["account"]).kinds == {"external_account"}


def test_filter_refuses_unknown_names() -> None:
    with pytest.raises(ValueError, match="unknown verdict 'alowed'"):
        WhoCanFilter.of(verdicts=["alowed"])
    with pytest.raises(ValueError, match="unknown kind 'robot'"):
        WhoCanFilter.of(kinds=["robot"])


def test_filter_keys_cycle_and_describe() -> None:
    chosen = WhoCanFilter()
    assert not chosen.active and chosen.describe() == ""
    chosen = chosen.toggled_external().cycled_verdict()
    assert chosen.describe() == "outside this account · allowed"
    for _ in range(4):
        chosen = chosen.cycled_verdict()
    assert not chosen.verdicts
    assert chosen.cycled_kind(["role", "user"]).kinds == {"user"}
    assert chosen.cycled_kind(["role"]).cycled_kind(["role"]).kinds == frozenset()


def test_upstream_reach_is_said_in_one_sentence(demo: graph.AccessGraph) -> None:
    assert downstream(demo.graph, PYPI_STORE) == [PYPI_INTERNAL]
    lazy = graph.AccessGraph.from_snapshot(graph.demo_snapshot(), lazy=True)
    explanation = lazy.explain(MATEO, "read", PYPI_STORE)
    assert explanation.verdict is Verdict.DENIED
    served = served_through(lazy, explanation, "read")
    assert served is not None and served.through == PYPI_INTERNAL
    assert served.text == (
        "cannot read acme/pypi-store directly; its packages are served through "
        "acme/pypi-internal, which you can read"
    )
    assert served.text == sentence("acme/pypi-store", "acme/pypi-internal", Verdict.ALLOWED)
    assert served_through(lazy, lazy.explain(MATEO, "read", PYPI_INTERNAL), "read") is None
