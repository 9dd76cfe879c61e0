"""Who-can on a whole graph keeps its last walks by their ends (`walks._WALKS`): questions
whose ends read alike walk once, and each answer keeps its own resource's hops."""

from __future__ import annotations

import pytest

import graph
from graph.access import walks
from tests.small_orgs import small_org


def _answers(access: graph.AccessGraph, resource: str, what: str) -> list[object]:
    return sorted(
        (r.principal, r.verdict.value, r.chain.hops)  # type: ignore[misc]
        for r in access.who_can(resource, what)
    )


@pytest.mark.parametrize("profile", ["stamped", "diverse"])
def test_equal_ends_walk_once_and_answer_as_afresh(
    profile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = small_org(profile, seed=3)
    access = graph.AccessGraph.from_snapshot(snapshot)
    questions = [
        (r.arn, what)
        for r in snapshot.repositories()
        for what in ("read", "publish", "codeartifact:ReadFromRepository")
    ]
    afresh = {}
    for resource, what in questions:
        walks._WALKS.pop(access.graph, None)
        afresh[(resource, what)] = _answers(access, resource, what)
    walked = []
    original = walks._walk

    def counted(*args: object) -> object:
        walked.append(args)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(walks, "_walk", counted)
    walks._WALKS.pop(access.graph, None)
    for resource, what in questions:
        found = _answers(access, resource, what)
        assert found == afresh[(resource, what)]
        for _, _, hops in found:  # type: ignore[misc]
            assert hops[-1].target == resource or hops[-1].kind in (
                "upstream",
                "external_connection",
            )
    assert 0 < len(walked) < len(questions)
