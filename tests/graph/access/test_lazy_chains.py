"""A lazy graph holds the assume edges its principal's best chains use, and the same ones as
the whole graph, where two chains are equally short: the walks break such ties by role name,
so the lazy build must take each node's roles in that order too (`build.chain_levels`)."""

from __future__ import annotations

from graph.access import AccessGraph
from graph.access.evidence import AccessExplanation
from tests.graph.access.test_review_kit import (
    READ_ALL,
    A,
    Estate,
    allow,
    doc,
    role_arn,
    trust,
    user_arn,
)


def _targets(explanation: AccessExplanation) -> list[list[str]]:
    chains = [[h.hop.target for h in explanation.hops]]
    chains.extend([h.target for h in chain.hops] for chain in explanation.alternatives)
    return chains


def test_equally_short_chains_are_broken_alike_on_a_lazy_graph() -> None:
    e = Estate()
    user = user_arn(A, "dev")
    # listed before alpha: a build that walks roles in the order found would reach the
    # target through zeta first, and leave out alpha's edge to it
    middles = [role_arn(A, "zeta"), role_arn(A, "alpha")]
    e.user(A, "dev", doc(allow("sts:AssumeRole", middles)))
    target = role_arn(A, "target")
    for name in ("zeta", "alpha"):
        e.role(A, name, trust({"AWS": user}), doc(allow("sts:AssumeRole", target)))
    e.role(A, "target", trust({"AWS": middles}), READ_ALL)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    snapshot = e.snapshot()
    whole = AccessGraph.from_snapshot(snapshot).explain(user, "read", repo)
    lazy = AccessGraph.from_snapshot(snapshot, lazy=True).explain(user, "read", repo)
    assert _targets(whole)[0] == [role_arn(A, "alpha"), target, repo]  # by name
    assert _targets(lazy) == _targets(whole)
