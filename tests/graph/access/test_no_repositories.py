"""An input without repositories (IAM files only, or domains only) builds a graph."""

from __future__ import annotations

from pathlib import Path

import pytest

import graph
from tests.shared_files import GAAD, needs_gaad

pytestmark = needs_gaad

FIXTURES = Path(__file__).parent.parent.parent / "fixtures"
IAM_ONLY = GAAD / "cloudsplaining-example_authz_v2.json"
DOMAINS = FIXTURES / "codeartifact-for-cloudsplaining" / "list-domains.json"


@pytest.mark.parametrize("paths", [(IAM_ONLY,), (IAM_ONLY, DOMAINS)], ids=["iam", "domains"])
def test_build_without_repositories(paths: tuple[Path, ...]) -> None:
    ag = graph.AccessGraph.from_snapshot(graph.load_snapshot(*paths))
    user = "arn:aws:iam::012345678901:user/BlakeBortles"
    assert ag.graph.has_node(user)
    assert all(":domain/" in r.resource for r in ag.reachable(user))
