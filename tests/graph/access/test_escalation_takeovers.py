"""Take-over escalation edges (issue #14): who could make itself a user or role that may read
or publish, by rewriting a role's trust policy, making a user's credentials or passing a role to
a service that runs its code; evaluated under the same SCPs and boundaries as every other edge;
AWS-owned roles are never targets; made lazily, they answer as all of them."""

from __future__ import annotations

from typing import Any

import pytest

import graph
from graph.access import AccessGraph
from graph.access.capabilities import Step
from graph.access.escalation_steps import edge_key
from graph.access.verdicts import Verdict
from tests.graph.access.escalation_kit import estate as _estate
from tests.graph.access.escalation_kit import small_diverse
from tests.graph.access.escalation_kit import who as _who
from tests.graph.access.test_review_kit import (
    READ_PUBLISH_ALL,
    A,
    B,
    Estate,
    allow,
    deny,
    doc,
    role_arn,
    trust,
)

ROOT_A = {"AWS": f"arn:aws:iam::{A}:root"}


def _takeover(action: str, resource: str, *, scps: Any = None) -> tuple[Estate, str, str]:
    return _estate(doc(allow(action, resource), allow("sts:AssumeRole", "*")), scps=scps)


def test_role_takeover_through_its_trust_policy() -> None:
    e, mallory, repo = _takeover("iam:UpdateAssumeRolePolicy", role_arn(A, "publisher"))
    g = e.graph()
    chains = _who(g, repo)
    assert chains == {mallory: ["escalation", "access"]}
    hop = g.who_can(repo, "publish", escalation=True)[0].chain.hops[0]
    assert hop.target == role_arn(A, "publisher")
    assert "could take over role/publisher" in hop.label


def test_role_takeover_blocked_by_an_scp() -> None:
    scps = [("no-trust-writes", doc(deny("iam:UpdateAssumeRolePolicy")), [A])]
    e, mallory, repo = _takeover("iam:UpdateAssumeRolePolicy", "*", scps=scps)
    assert mallory not in _who(e.graph(), repo)


def test_role_takeover_blocked_when_assuming_is_denied() -> None:
    """Rewriting the trust is allowed, but an SCP denies assuming roles: no take-over."""
    scps = [("no-assume", doc(deny("sts:AssumeRole")), [A])]
    e, mallory, repo = _takeover("iam:UpdateAssumeRolePolicy", "*", scps=scps)
    assert mallory not in _who(e.graph(), repo)


@pytest.mark.parametrize(
    "action", ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"]
)
def test_user_takeover(action: str) -> None:
    e = Estate()
    mallory = e.user(A, "mallory", doc(allow(action, f"arn:aws:iam::{A}:user/*")))
    publisher = e.user(A, "publisher", READ_PUBLISH_ALL)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "releases")
    e.org([A])
    g = e.graph()
    assert _who(g, repo) == {mallory: ["escalation", "access"]}
    data = g.graph.get_edge_data(mallory, publisher)[edge_key(action)]
    assert data["gains"] == ("become",)


def test_service_linked_roles_are_never_targets() -> None:
    e = Estate()
    role_writes = ["iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:AttachRolePolicy"]
    mallory = e.user(A, "mallory", doc(allow(role_writes, "*"), allow("sts:AssumeRole")))
    linked = e.role(
        A,
        "AWSServiceRoleForThing",
        trust({"Service": "thing.amazonaws.com"}),
        READ_PUBLISH_ALL,
        path="/aws-service-role/thing.amazonaws.com/",
    )
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "releases")
    e.org([A])
    g = e.graph()
    g.add_escalation(takeovers=True)
    assert g.graph.get_edge_data(mallory, linked, default={}) == {}
    assert mallory not in _who(g, repo)


@pytest.mark.parametrize("reserved_first", [True, False])
def test_a_reserved_role_and_a_plain_one_are_decided_apart(reserved_first: bool) -> None:
    """Rewriting an Identity Center role's trust is refused whoever asks (`aws_reserved_role`),
    a plain role's is not: the evaluator's shared decisions keep them apart in either order (it
    once answered the second from the first, and take-overs hung on the order of questions)."""
    e, mallory, _ = _takeover("iam:UpdateAssumeRolePolicy", "*")
    reserved = e.role(
        A,
        "AWSReservedSSO_Dev_0123",
        trust({"Federated": f"arn:aws:iam::{A}:saml-provider/AWSSSO_0123_DO_NOT_DELETE"}),
        READ_PUBLISH_ALL,
        path="/aws-reserved/sso.amazonaws.com/",
    )
    g = e.graph()
    evaluator, actor = g._evaluator, g._built.actors[mallory]
    order = [reserved, role_arn(A, "publisher")]
    answers = {
        arn: evaluator.run(actor, None, Step("iam:UpdateAssumeRolePolicy", arn))
        for arn in (order if reserved_first else order[::-1])
    }
    assert answers[reserved].decision.rules == ("aws_reserved_role",)
    assert not answers[reserved].verdict.reaches
    assert answers[role_arn(A, "publisher")].verdict is Verdict.ALLOWED


def test_cross_account_takeover_needs_an_iam_action_in_the_role_account() -> None:
    """IAM has no resource policies: a principal of another account never rewrites a trust."""
    e = Estate()
    mallory = e.user(B, "mallory", doc(allow("iam:*"), allow("sts:AssumeRole")))
    e.role(A, "publisher", trust(ROOT_A), READ_PUBLISH_ALL)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "releases")
    e.org([A, B])
    assert mallory not in _who(e.graph(), repo)


@pytest.mark.parametrize("source", ["demo", "diverse"])
def test_lazy_takeovers_answer_as_all_of_them(source: str) -> None:
    """Who-could walks make take-over edges only into the users and roles they reach, and not
    from takers they have settled: the answers are those of the graph with every take-over."""

    def snapshot() -> graph.Snapshot:
        if source == "demo":
            return graph.demo_snapshot()
        return small_diverse()

    def answers(every: bool) -> list[str]:
        s = snapshot()
        g = AccessGraph.from_snapshot(s)
        g.add_escalation(takeovers=every)
        return [
            repr(g.who_can(r.arn, capability, escalation=True))
            for r in list(s.repositories())[:6]
            for capability in ("read", "publish")
        ]

    lazy = answers(False)
    assert lazy == answers(True)
    assert any(a != "[]" for a in lazy)


def test_explain_names_the_escalation_only_when_asked() -> None:
    e, mallory, repo = _takeover("iam:UpdateAssumeRolePolicy", role_arn(A, "publisher"))
    g = e.graph()
    assert g.explain(mallory, "publish", repo).could_gain is None
    chain = g.explain(mallory, "publish", repo, escalation=True).could_gain
    assert chain is not None and chain.escalated
    assert [h.kind for h in chain.hops] == ["escalation", "access"]


def _passer(
    *statements: Any, trusts: str = "lambda.amazonaws.com", scps: Any = None
) -> tuple[Estate, str, str]:
    e = Estate()
    mallory = e.user(A, "mallory", doc(*statements))
    e.role(A, "publisher", trust({"Service": trusts}), READ_PUBLISH_ALL)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "releases")
    e.org([A], scps=scps or [])
    return e, mallory, repo


LAMBDA = allow(["lambda:CreateFunction", "lambda:InvokeFunction"])


def test_pass_role_to_a_lambda_it_runs() -> None:
    e, mallory, repo = _passer(allow("iam:PassRole", role_arn(A, "publisher")), LAMBDA)
    g = e.graph()
    reach = g.who_can(repo, "publish", escalation=True)
    assert [r.principal for r in reach] == [mallory]
    hop = reach[0].chain.hops[0]
    assert hop.label == (
        "could take over role/publisher by passing it to Lambda and running code there "
        "(iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction)"
    )
    data = g.graph.get_edge_data(mallory, role_arn(A, "publisher"))[edge_key("iam:PassRole")]
    assert data["item"] == "lambda.amazonaws.com"


@pytest.mark.parametrize(
    ("statements", "trusts"),
    [
        # one of the two Lambda actions only: it cannot make the function run
        ((allow("iam:PassRole"), allow("lambda:CreateFunction")), "lambda.amazonaws.com"),
        # the role does not trust Lambda
        ((allow("iam:PassRole"), LAMBDA), "ec2.amazonaws.com"),
        # PassRole only to EC2
        (
            (
                allow(
                    "iam:PassRole",
                    Condition={"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}},
                ),
                LAMBDA,
            ),
            "lambda.amazonaws.com",
        ),
    ],
    ids=["no-invoke", "not-trusted", "passed-elsewhere"],
)
def test_pass_role_needs_every_part(statements: Any, trusts: str) -> None:
    e, mallory, repo = _passer(*statements, trusts=trusts)
    assert mallory not in _who(e.graph(), repo)


def test_pass_role_blocked_by_an_scp() -> None:
    scps = [("no-pass", doc(deny("iam:PassRole")), [A])]
    e, mallory, repo = _passer(allow("iam:PassRole"), LAMBDA, scps=scps)
    assert mallory not in _who(e.graph(), repo)


def test_pass_role_to_ec2() -> None:
    e, mallory, repo = _passer(
        allow("iam:PassRole"), allow("ec2:RunInstances"), trusts="ec2.amazonaws.com"
    )
    assert _who(e.graph(), repo) == {mallory: ["escalation", "access"]}


def test_a_standing_compares_as_every_edge_says() -> None:
    """`Standing.better` (roles read from the assume index's shared sets, the rest from the
    edges) says what comparing every edge out of both says: the one taken reaches some place
    (edge key and target), a role among them, at a better rank than the taker."""
    from graph.access.labels import RANK
    from graph.access.takeovers import _TAKEOVER_KEYS, Standing, may_take_over

    s = small_diverse()
    g = AccessGraph.from_snapshot(s)
    g.add_escalation(takeovers=False)
    built, denied = g._built, Verdict.DENIED.rank

    def places(node: str) -> dict[tuple[str, str], int]:
        found = {
            (key, target): rank
            for target, keys in g.graph._succ[node].items()
            for key, data in keys.items()
            if key not in _TAKEOVER_KEYS
            and (rank := RANK.get(str(data.get("verdict")), denied)) < denied
        }
        actor = built.actors.get(node)
        if actor is not None and may_take_over(actor):
            found[("takes over", "")] = 0
        return found

    standing = Standing(g.graph, built.actors)
    nodes = [u.arn for u in s.users()][:25] + [r.arn for r in s.roles()][:60]
    kinds = set()
    for taken in nodes:
        theirs = places(taken)
        for taker in nodes:
            mine = places(taker)
            expected = any(mine.get(k, denied) > rank for k, rank in theirs.items())
            assert standing.better(taken, taker) is expected, (taken, taker)
            if expected:
                kinds |= {k for k, rank in theirs.items() if mine.get(k, denied) > rank}
    assert {"can_assume", "access:read"} <= {key for key, _ in kinds}
