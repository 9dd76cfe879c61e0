"""The build skips logging in to a domain, and administering a domain or repository, where
nothing could allow the first step (`grants.Grants`): those answers are denials with no step
that worked, which the graph does not keep. A plain evaluation of every skipped pair must
agree, and the cases where a resource policy grants must stay evaluated."""

from __future__ import annotations

import pytest

import graph
from graph.access.capabilities import Capability
from graph.access.capability_eval import capability_result
from graph.access.evaluator import Evaluator, Verdict
from graph.access.grants import Grants
from graph.model import Domain
from tests.graph.access.review_answers import edge
from tests.graph.access.test_review_kit import (
    BEARER_STMT,
    A,
    B,
    Estate,
    allow,
    doc,
    grant,
    user_arn,
)
from tests.small_orgs import small_org

ADMIN = allow(
    [
        "codeartifact:PutRepositoryPermissionsPolicy",
        "codeartifact:DeleteRepositoryPermissionsPolicy",
        "codeartifact:UpdateRepository",
        "codeartifact:DeleteRepository",
    ]
)
CASES = (
    (False, Capability.ADMIN, "codeartifact:putrepositorypermissionspolicy"),
    (True, Capability.ADMIN, "codeartifact:putdomainpermissionspolicy"),
    (True, Capability.LOGIN, "codeartifact:getauthorizationtoken"),
)


@pytest.mark.parametrize("seed", [3, 11])
def test_skipped_pairs_are_denied_with_nothing_kept(seed: int) -> None:
    access = graph.AccessGraph.from_snapshot(small_org("diverse", seed))
    built, g = access._built, access.graph
    plain = Evaluator(access._evaluator.book)
    targets = list(built.targets.values())
    skipped = 0
    reaching: set[Capability] = set()
    for domains, capability, action in CASES:
        grants = Grants([t for t in targets if isinstance(t.item, Domain) is domains])
        key = f"access:{capability}"
        for node, actor in list(built.actors.items()):
            possible = grants.possible(actor, action, node)
            for target in grants.targets:
                if grants.bits[target.node] & possible:
                    if g.get_edge_data(node, target.node, key):
                        reaching.add(capability)
                    continue
                skipped += 1
                result = capability_result(plain, actor, target, capability)
                assert result.verdict is Verdict.DENIED, (node, target.node)
                assert not result.partial, (node, target.node)
                assert g.get_edge_data(node, target.node, key) is None
    assert skipped > 100 and reaching == {Capability.ADMIN, Capability.LOGIN}


def _estate(repository_policy: object = None, *, same_account: bool = False) -> graph.AccessGraph:
    """`ops` may administer any repository by its own policy, in A or in B."""
    e = Estate()
    account = A if same_account else B
    e.user(account, "ops", doc(ADMIN))
    e.domain(A, "corp")
    e.repo(A, "corp", "shared", repository_policy)
    return e.graph()


def _admin_edge(g: graph.AccessGraph, account: str) -> object:
    repo = f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/shared"
    return edge(g, user_arn(account, "ops"), repo, "access:admin")


def test_another_account_never_administers() -> None:
    """CodeArtifact ignores the repository policy for PutRepositoryPermissionsPolicy."""
    policy = doc(grant({"AWS": f"arn:aws:iam::{B}:root"}, ADMIN["Action"]))
    assert _admin_edge(_estate(policy), B) is None
    found = _admin_edge(_estate(same_account=True), A)
    assert found is not None and found["verdict"] == "allowed"


def _login(domain_policy: object) -> object:
    """`dev` of account B may get a token from any domain by its own policy."""
    e = Estate()
    e.user(B, "dev", doc(allow("codeartifact:GetAuthorizationToken"), BEARER_STMT))
    domain = e.domain(A, "corp", domain_policy)
    return edge(e.graph(), user_arn(B, "dev"), domain, "access:login")


def test_another_account_logs_in_where_the_domain_policy_names_it() -> None:
    token = "codeartifact:GetAuthorizationToken"
    assert _login(None) is None
    assert _login(doc(grant({"AWS": user_arn(B, "other")}, token))) is None
    for principal in ({"AWS": user_arn(B, "dev")}, {"AWS": B}, "*"):
        found = _login(doc(grant(principal, token)))
        assert found is not None and found["verdict"] == "allowed", principal


def test_a_scoped_retry_is_skipped_only_where_it_would_fail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Publishing retried on a package scope (`scopes.scoped_retry`) skips the scopes where
    nothing could allow the package steps: every publish answer is what trying them gives."""
    access = graph.AccessGraph.from_snapshot(small_org("diverse", 5))
    built = access._built
    repositories = [t for t in built.targets.values() if not isinstance(t.item, Domain)]
    pairs = [(a, t) for a in list(built.actors.values()) for t in repositories]

    def answers() -> list[tuple[object, ...]]:
        plain = Evaluator(access._evaluator.book)
        results = [capability_result(plain, a, t, Capability.PUBLISH) for a, t in pairs]
        return [(r.verdict, r.scope, r.statements, r.conditions) for r in results]

    skipping = answers()
    monkeypatch.setattr("graph.access.scopes.may_allow", lambda *_args: True)
    assert answers() == skipping
    assert any(scope for _, scope, _, _ in skipping)  # some retries work


@pytest.mark.parametrize("seed", [3, 11])
def test_unkept_answers_are_denials_the_graph_drops(seed: int) -> None:
    """`Unkept` says a read or publish answer need not be evaluated only where a plain
    evaluation denies it with no explicit deny after a step that worked."""
    from graph.access.access_edges import kept
    from graph.access.unkept import Unkept

    access = graph.AccessGraph.from_snapshot(small_org("diverse", seed))
    built = access._built
    repositories = [t for t in built.targets.values() if not isinstance(t.item, Domain)]
    unkept = Unkept(Grants(repositories), Evaluator(access._evaluator.book))
    plain = Evaluator(access._evaluator.book)
    told = {Capability.READ: 0, Capability.PUBLISH: 0}
    for node, actor in list(built.actors.items()):
        for target in repositories:
            for capability in told:
                if unkept(actor, target, capability, node):
                    told[capability] += 1
                    result = capability_result(plain, actor, target, capability)
                    assert not kept(result), (node, target.node, capability)
    assert min(told.values()) > 20
