"""The TUI's reach table (`reachable`), `cax who-can` and `cax can`/`explain` give one verdict
for every principal × domain or repository × capability of the demo, on a whole graph and a
lazy one, and of an organisation shaped like real accounts (diverse profile); only a read served through an upstream differs by design (explain answers the
request on the repository itself, the reach says the packages are served through another)."""

from __future__ import annotations

import pytest

import graph
from graph.access import Verdict

CAPABILITIES = ("login", "read", "publish", "admin")
MATEO = "arn:aws:iam::123456789012:user/mateojackson"
ALICE = "arn:aws:iam::123456789012:user/engineering/alice.nguyen"
SNAPSHOTS = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/maven-snapshots"


@pytest.fixture(scope="module", params=[False, True], ids=["whole", "lazy"])
def demo(request: pytest.FixtureRequest) -> graph.AccessGraph:
    return graph.AccessGraph.from_snapshot(graph.demo_snapshot(), lazy=request.param)


def test_reach_who_can_and_explain_agree(demo: graph.AccessGraph) -> None:
    _agree(demo)


def test_reach_who_can_and_explain_agree_on_a_diverse_organisation(
    small_diverse: graph.AccessGraph,
) -> None:
    _agree(small_diverse)


def _agree(demo: graph.AccessGraph) -> None:
    snapshot = demo.snapshot
    domains = [d.arn for d in snapshot.domains()]
    resources = [*domains, *(r.arn for r in snapshot.repositories())]
    who = {
        (resource, capability): {r.principal: r.verdict for r in demo.who_can(resource, capability)}
        for resource in resources
        for capability in CAPABILITIES
    }
    compared = 0
    for principal in [*(u.arn for u in snapshot.users()), *(r.arn for r in snapshot.roles())]:
        reach = {(r.resource, r.capability): r for r in demo.reachable(principal)}
        for resource in resources:
            for capability in CAPABILITIES:
                if resource in domains and capability in ("read", "publish"):
                    continue
                mine = reach.get((resource, capability))
                if mine is not None and mine.via_upstream:
                    continue
                where = (principal, resource, capability)
                explained = demo.explain(principal, capability, resource, prove=False).verdict
                assert (mine.verdict if mine else Verdict.DENIED) is explained, where
                assert who[resource, capability].get(principal, Verdict.DENIED) is explained, where
                compared += 1
    assert compared > 1000


def test_an_unreadable_repository_policy_cannot_give_what_the_caller_lacks(
    demo: graph.AccessGraph,
) -> None:
    """Across accounts the caller's identity policies must allow too (spec A.5): mateojackson
    has no Allow for ReadFromRepository on maven-snapshots, so what its unreadable policy holds
    cannot matter; alice.nguyen's identity policies allow it, so it can."""
    mateo = demo.explain(MATEO, "read", SNAPSHOTS)
    assert mateo.verdict is Verdict.DENIED
    failing = mateo.hops[-1].steps[-1]
    assert failing.step.action == "codeartifact:ReadFromRepository"
    assert failing.sentence.endswith(
        "because no identity-based policy allows the codeartifact:ReadFromRepository action"
    )  # the certain cause
    notes = [f.note for f in mateo.fixes]
    assert any("could not read repository policy acme/maven-snapshots" in n for n in notes)
    assert any("then change an identity policy of user/mateojackson" in n for n in notes)
    assert demo.explain(ALICE, "read", SNAPSHOTS).verdict is Verdict.UNKNOWN
