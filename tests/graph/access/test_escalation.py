"""Escalation edges (issue #14) that change a repository or its domain: rewriting or deleting a
repository or domain policy, making a repository an upstream of one the principal reads. Each is
evaluated under the same SCPs and boundaries as every other edge; principals that can already do
it are not listed again; other questions ignore escalation edges. Take-overs of users and roles
are in `test_escalation_takeovers.py`."""

from __future__ import annotations

from typing import Any

import pytest

from graph.access import AccessGraph, Verdict
from graph.access.escalation_steps import edge_key
from tests.graph.access.escalation_kit import estate as _estate
from tests.graph.access.escalation_kit import small_diverse
from tests.graph.access.escalation_kit import who as _who
from tests.graph.access.test_review_kit import (
    BEARER_STMT,
    READ_PUBLISH_ALL,
    TOKEN,
    A,
    B,
    Estate,
    allow,
    deny,
    doc,
)

PUT_POLICY = "codeartifact:PutRepositoryPermissionsPolicy"


def _rewriter(**extra: Any) -> tuple[Estate, str, str]:
    return _estate(doc(TOKEN, BEARER_STMT, allow(PUT_POLICY)), **extra)


def test_repository_policy_rewrite_grants_publish() -> None:
    e, mallory, repo = _rewriter()
    g = e.graph()
    assert mallory not in {r.principal for r in g.who_can(repo, "publish")}
    assert _who(g, repo) == {mallory: ["escalation"]}
    data = g.graph.get_edge_data(mallory, repo)[edge_key(PUT_POLICY)]
    assert data["kind"] == "escalation"
    assert data["action"] == PUT_POLICY
    assert data["verdict"] == Verdict.ALLOWED.value
    assert set(data["gains"]) == {"read", "publish"}
    assert "inline policy p0 · #3" in data["statements"]  # the Allow of the policy action
    hop = g.who_can(repo, "publish", escalation=True)[0].chain.hops[0]
    assert "could gain publish" in hop.label and "rewriting its repository policy" in hop.label


def test_rewrite_blocked_by_a_boundary() -> None:
    e, mallory, repo = _rewriter(boundary=doc(allow("codeartifact:Get*"), BEARER_STMT))
    g = e.graph()
    g.add_escalation()
    assert g.graph.get_edge_data(mallory, repo, default={}).get(edge_key(PUT_POLICY)) is None
    assert _who(g, repo) == {}


def test_rewrite_blocked_by_an_scp() -> None:
    e, mallory, repo = _rewriter(scps=[("no-policy-writes", doc(deny(PUT_POLICY)), [A])])
    g = e.graph()
    assert mallory not in _who(g, repo)
    assert _who(g, repo) == {}


def test_rewrite_gains_nothing_without_a_login() -> None:
    """The rewritten policy grants the repository's actions; logging in to the domain still
    needs an identity allow for the bearer token: no gain, no edge."""
    e, mallory, repo = _estate(doc(allow(PUT_POLICY)))
    g = e.graph()
    g.add_escalation()
    assert g.graph.get_edge_data(mallory, repo, default={}).get(edge_key(PUT_POLICY)) is None
    assert _who(g, repo) == {}


def test_who_can_already_is_not_listed() -> None:
    e = Estate()
    e.user(A, "admin", doc(allow("*")), READ_PUBLISH_ALL)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "releases")
    e.org([A])
    g = e.graph()
    assert _who(g, repo) == {}


def test_domain_policy_rewrite_grants_read() -> None:
    e = Estate()
    mallory = e.user(
        A,
        "mallory",
        doc(TOKEN, BEARER_STMT, allow("codeartifact:PutDomainPermissionsPolicy")),
    )
    e.domain(B, "shared")
    e.repo(B, "shared", "libs")
    e.domain(A, "corp", doc(deny("codeartifact:ReadFromRepository", Principal="*")))
    repo = e.repo(A, "corp", "releases")
    e.org([A, B])
    g = e.graph()
    assert mallory not in {r.principal for r in g.who_can(repo, "read")}
    assert _who(g, repo, "read") == {mallory: ["escalation"]}
    key = edge_key("codeartifact:PutDomainPermissionsPolicy")
    assert g.graph.get_edge_data(mallory, repo)[key]["gains"] == ("read", "publish")


def test_escalation_needs_a_capability() -> None:
    e, _, repo = _rewriter()
    with pytest.raises(ValueError, match="not for one action"):
        e.graph().who_can(repo, "codeartifact:ReadFromRepository", escalation=True)


def test_other_questions_ignore_escalation_edges() -> None:
    e, mallory, repo = _rewriter()
    g = e.graph()
    before = {r.principal: r.verdict for r in g.who_can(repo, "publish")}
    reach_before = g.reachable(mallory)
    g.add_escalation()
    assert {r.principal: r.verdict for r in g.who_can(repo, "publish")} == before
    assert g.reachable(mallory) == reach_before


def _upstreams(*statements: Any, scps: Any = None) -> tuple[Estate, str, str, str]:
    """mallory reads corp/open; corp/secret has a policy of its own that does not admit her."""
    e = Estate()
    read_open = allow(
        "codeartifact:ReadFromRepository", f"arn:aws:codeartifact:*:{A}:repository/corp/open"
    )
    mallory = e.user(A, "mallory", doc(TOKEN, BEARER_STMT, read_open, *statements))
    e.domain(A, "corp")
    opened = e.repo(A, "corp", "open")
    secret = e.repo(A, "corp", "secret")
    e.org([A], scps=scps or [])
    return e, mallory, opened, secret


def test_making_a_repository_an_upstream_of_one_it_reads() -> None:
    own = f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/open"
    e, mallory, _, secret = _upstreams(allow("codeartifact:UpdateRepository", own))
    g = e.graph()
    assert mallory not in {r.principal for r in g.who_can(secret, "read")}
    reach = {r.principal: r for r in g.who_can(secret, "read", escalation=True)}
    hop = reach[mallory].chain.hops[0]
    assert hop.label == (
        "could gain read on corp/secret by making it an upstream of corp/open, which it reads"
    )


def test_upstream_change_blocked_by_an_scp() -> None:
    scps = [("frozen", doc(deny("codeartifact:UpdateRepository")), [A])]
    e, mallory, _, secret = _upstreams(allow("codeartifact:UpdateRepository"), scps=scps)
    assert mallory not in {r.principal for r in e.graph().who_can(secret, "read", escalation=True)}


def test_deleting_a_repository_policy_with_a_deny() -> None:
    e = Estate()
    mallory = e.user(
        A, "mallory", READ_PUBLISH_ALL, doc(allow("codeartifact:DeleteRepositoryPermissionsPolicy"))
    )
    e.domain(A, "corp")
    repo = e.repo(
        A, "corp", "releases", doc(deny("codeartifact:PublishPackageVersion", Principal="*"))
    )
    e.org([A])
    g = e.graph()
    reach = {r.principal: r for r in g.who_can(repo, "publish", escalation=True)}
    assert (
        reach[mallory]
        .chain.hops[0]
        .label.endswith("by deleting its repository policy (and the Deny in it)")
    )


@pytest.mark.parametrize("granted", [True, False])
def test_upstream_change_across_accounts_needs_the_repository_policy(granted: bool) -> None:
    """mallory of account B reads A's corp/open through its repository policy; her own Allow
    for UpdateRepository counts only where that policy allows it too (spec A.5)."""
    e = Estate()
    actions = ["codeartifact:ReadFromRepository", "codeartifact:GetRepositoryEndpoint"]
    if granted:
        actions.append("codeartifact:UpdateRepository")
    mallory = e.user(B, "mallory", doc(TOKEN, BEARER_STMT, allow("codeartifact:*"), allow("sts:*")))
    token = allow("codeartifact:GetAuthorizationToken", Principal={"AWS": f"arn:aws:iam::{B}:root"})
    e.domain(A, "corp", doc(token))
    opened = e.repo(
        A, "corp", "open", doc(allow(actions, Principal={"AWS": f"arn:aws:iam::{B}:root"}))
    )
    secret = e.repo(A, "corp", "secret")
    e.org([A, B])
    g = e.graph()
    assert mallory in {r.principal for r in g.who_can(opened, "read")}
    escalated = {r.principal for r in g.who_can(secret, "read", escalation=True)}
    assert (mallory in escalated) is granted


def test_steps_refused_across_accounts_are_denied() -> None:
    """What escalation skips without evaluating (`Evaluator.refused`) is denied when
    evaluated: for every actor, and every actor allowed everything, on every target."""
    from dataclasses import replace

    from graph.access.capabilities import Capability, Step, capability_steps
    from graph.access.capability_eval import capability_result
    from graph.access.escalation_steps import ASSOCIATE_CONNECTION, UPDATE_REPOSITORY
    from graph.model import Domain
    from graph.policy import Layer, compile_policy

    access = AccessGraph.from_snapshot(small_diverse())
    built, evaluator = access._built, access._evaluator
    everything = compile_policy(
        {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
        name="everything",
        kind=Layer.IDENTITY,
    )
    refused = 0
    for actor in built.actors.values():
        widened = replace(actor, identity=(*actor.identity, everything))
        # a fork for the widened one: login steps are kept per node
        forked = evaluator.fork(evaluator.book, decisions=True)
        for subject, on in ((actor, evaluator), (widened, forked)):
            for target in built.targets.values():
                if isinstance(target.item, Domain):
                    steps = capability_steps(Capability.LOGIN, target.item)
                    if any(on.refused(subject, target, s) for s in steps):
                        refused += 1
                        result = capability_result(on, subject, target, Capability.LOGIN)
                        assert not result.verdict.reaches
                    continue
                for action in (UPDATE_REPOSITORY, ASSOCIATE_CONNECTION):
                    step = Step(action, target.node)
                    if on.refused(subject, target, step):
                        refused += 1
                        assert not on.run(subject, target, step).verdict.reaches
                for capability in (Capability.READ, Capability.PUBLISH):
                    steps = capability_steps(capability, target.item)
                    if any(on.refused(subject, target, s) for s in steps):
                        refused += 1
                        result = capability_result(on, subject, target, capability)
                        assert not result.verdict.reaches
    assert refused > 0
