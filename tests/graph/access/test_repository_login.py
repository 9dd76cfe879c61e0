"""A login on a repository is its domain's (the token is the domain's, the same for each of
its repositories; the graph's login edges go into the domain): who-can, reachable and explain
say the same of it, on a whole graph and on a lazy one."""

from __future__ import annotations

import pytest

import graph
from graph.access import Verdict
from graph.access.resolve import NotFound


@pytest.fixture(scope="module", params=[False, True], ids=["whole", "lazy"])
def demo(request: pytest.FixtureRequest) -> graph.AccessGraph:
    return graph.AccessGraph.from_snapshot(graph.demo_snapshot(), lazy=request.param)


def _verdicts(access: graph.AccessGraph, resource: str) -> dict[str, Verdict]:
    return {r.principal: r.verdict for r in access.who_can(resource, "login")}


def test_who_can_login_on_a_repository_is_who_can_login_on_its_domain(
    demo: graph.AccessGraph,
) -> None:
    answers = 0
    for repository in demo.snapshot.repositories():
        found = _verdicts(demo, repository.arn)
        assert found == _verdicts(demo, repository.domain_arn), repository.arn
        answers += len(found)
    assert answers > 100


def test_reachable_login_on_repositories_agrees_with_explain(demo: graph.AccessGraph) -> None:
    """gustavo.reyes logs in only as role/artifact-reader (in prod): his reach showed login
    denied on every repository of acme while `cax can` said allowed."""
    gustavo = "arn:aws:iam::123456789012:user/sre/gustavo.reyes"
    compared = 0
    for principal in (gustavo, *(u.arn for u in demo.snapshot.users())):
        logins = {r.resource: r for r in demo.reachable(principal) if r.capability == "login"}
        for repository in demo.snapshot.repositories():
            explained = demo.explain(principal, "login", repository.arn, prove=False)
            assert logins[repository.arn].verdict is explained.verdict, (principal, repository)
            compared += 1
    npm = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"
    reach = {r.resource: r for r in demo.reachable(gustavo) if r.capability == "login"}[npm]
    assert reach.verdict is Verdict.ALLOWED
    assert [h.label for h in reach.chain.hops] == ["assumes role/artifact-reader", "login acme"]
    assert compared > 100


def test_an_unknown_name_is_not_found_inside_a_question(demo: graph.AccessGraph) -> None:
    """Questions run with the collector paused (a context manager): the lookup's error comes
    out as itself, not as the FrozenInstanceError of setting its traceback."""
    with pytest.raises(NotFound, match="acme/nope"):
        demo.who_can("acme/nope", "read")
    with pytest.raises(NotFound):
        demo.explain("user/nobody", "read", "acme/npm-internal")
