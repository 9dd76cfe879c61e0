"""Widening escalations (issue #14): a policy put or attached, a boundary replaced or removed,
the user added to a group, a new version of an attached customer policy, each on the principal
itself or on a role it may assume; blocked by a boundary and by an SCP."""

from __future__ import annotations

from typing import Any

import pytest

from graph.access import AccessGraph, Verdict
from graph.access.escalation_steps import edge_key
from tests.graph.access.test_review_kit import (
    BEARER_STMT,
    READ_PUBLISH_ALL,
    A,
    Estate,
    allow,
    deny,
    doc,
    role_arn,
    trust,
    user_arn,
)

ME = user_arn(A, "mallory")
ROOT_A = {"AWS": f"arn:aws:iam::{A}:root"}


def _escalated(g: AccessGraph, repo: str) -> dict[str, Any]:
    """Principal → its escalated reach of publish on the repository."""
    return {r.principal: r for r in g.who_can(repo, "publish", escalation=True)}


def _estate(
    *policies: Any, scps: Any = None, boundary: Any = None, **user: Any
) -> tuple[Estate, str]:
    e = Estate()
    limit = e.managed(A, "limit", boundary) if boundary else None
    e.user(A, "mallory", *policies, boundary=limit, **user)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "releases")
    e.org([A], scps=scps or [])
    return e, repo


@pytest.mark.parametrize("action", ["iam:PutUserPolicy", "iam:AttachUserPolicy"])
def test_a_policy_on_itself(action: str) -> None:
    e, repo = _estate(doc(allow(action, ME)))
    g = e.graph()
    found = _escalated(g, repo)
    assert set(found) == {ME}
    hop = found[ME].chain.hops[0]
    assert hop.kind == "escalation"
    verb = (
        "putting an inline policy on" if action == "iam:PutUserPolicy" else "attaching a policy to"
    )
    assert hop.label == f"could gain publish on corp/releases by {verb} itself"
    data = g.graph.get_edge_data(ME, repo)[edge_key(action)]
    assert data["subject"] == ME and set(data["gains"]) == {"read", "publish"}


def test_a_policy_on_itself_blocked_by_its_boundary() -> None:
    e, repo = _estate(doc(allow("iam:PutUserPolicy", ME)), boundary=doc(allow("codeartifact:*")))
    assert ME not in _escalated(e.graph(), repo)


def test_a_policy_on_itself_blocked_by_an_scp() -> None:
    scps = [("no-iam-writes", doc(deny("iam:Put*")), [A])]
    e, repo = _estate(doc(allow("iam:PutUserPolicy", ME)), scps=scps)
    assert ME not in _escalated(e.graph(), repo)


def test_removing_its_boundary() -> None:
    """Its policies allow publishing; its boundary allows only reading and the boundary
    actions: removing the boundary gains publish (and nothing it has already)."""
    boundary = doc(
        allow(["codeartifact:Get*", "codeartifact:ReadFromRepository"]),
        BEARER_STMT,
        allow("iam:DeleteUserPermissionsBoundary"),
    )
    e, repo = _estate(
        READ_PUBLISH_ALL, doc(allow("iam:DeleteUserPermissionsBoundary", ME)), boundary=boundary
    )
    g = e.graph()
    found = _escalated(g, repo)
    assert found[ME].chain.hops[0].label.endswith("by removing the permissions boundary of itself")
    key = edge_key("iam:DeleteUserPermissionsBoundary")
    assert g.graph.get_edge_data(ME, repo)[key]["gains"] == ("publish",)


def test_adding_itself_to_a_group() -> None:
    e, repo = _estate(doc(allow("iam:AddUserToGroup", f"arn:aws:iam::{A}:group/publishers")))
    e.group(A, "publishers", READ_PUBLISH_ALL)
    e.group(A, "nothing", doc(allow("s3:ListBucket")))
    g = e.graph()
    hop = _escalated(g, repo)[ME].chain.hops[0]
    assert hop.label.endswith("by adding itself to group/publishers")
    assert g.graph.get_edge_data(ME, repo)[edge_key("iam:AddUserToGroup")]["item"].endswith(
        "group/publishers"
    )


def test_a_new_version_of_an_attached_customer_policy() -> None:
    e = Estate()
    mine = e.managed(
        A, "mine", doc(allow("iam:CreatePolicyVersion", f"arn:aws:iam::{A}:policy/mine"))
    )
    e.user(A, "mallory", attached=[mine])
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "releases")
    e.org([A])
    g = e.graph()
    hop = _escalated(g, repo)[ME].chain.hops[0]
    assert "by writing a new default version of policy/mine (attached to itself)" in hop.label
    assert hop.verdict is Verdict.ALLOWED


def test_another_default_version_is_unknown() -> None:
    """The snapshot holds only a policy's default version: another may grant it, or not."""
    e = Estate()
    mine = e.managed(
        A, "mine", doc(allow("iam:SetDefaultPolicyVersion", f"arn:aws:iam::{A}:policy/mine"))
    )
    e.user(A, "mallory", attached=[mine])
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "releases")
    e.org([A])
    g = e.graph()
    reach = _escalated(g, repo)[ME]
    assert reach.verdict is Verdict.UNKNOWN
    assert any("another version of the policy grants it" in c for c in reach.chain.conditions)


def test_a_policy_on_a_role_it_may_assume() -> None:
    e, repo = _estate(
        doc(allow("iam:PutRolePolicy", role_arn(A, "worker")), allow("sts:AssumeRole"))
    )
    e.role(A, "worker", trust(ROOT_A), doc(allow("s3:*")))
    g = e.graph()
    hop = _escalated(g, repo)[ME].chain.hops[0]
    assert hop.label.endswith("by putting an inline policy on role/worker, then assuming it")


def test_a_policy_on_a_role_it_may_not_assume_gains_nothing() -> None:
    e, repo = _estate(doc(allow("iam:PutRolePolicy", role_arn(A, "worker"))))
    e.role(A, "worker", trust({"Service": "codebuild.amazonaws.com"}), doc(allow("s3:*")))
    assert ME not in _escalated(e.graph(), repo)


def test_every_gain_holds_when_evaluated_afresh() -> None:
    """Each widening and policy-rewrite edge of a diverse organisation, re-evaluated by a new
    evaluator (no memo shared with the build) with the change applied, reaches what it says."""
    from dataclasses import replace

    from graph.access.capabilities import Capability
    from graph.access.capability_eval import capability_result
    from graph.access.escalation_edge import written_by
    from graph.access.evaluator import Evaluator
    from graph.access.policies import PolicyBook
    from graph.access.widening import Widenings, _source_arn
    from tests.graph.access.escalation_kit import small_diverse

    snapshot = small_diverse()
    g = AccessGraph.from_snapshot(snapshot)
    g.add_escalation()
    built = g._built
    everything = Widenings(built, g._evaluator, snapshot)._everything
    checked = 0
    for source, target, key, data in list(g.graph.edges(keys=True, data=True)):
        if not key.startswith("escalate:"):
            continue
        action = str(data["action"])
        subject = built.actors[str(data["subject"] or source)]
        where = built.targets.get(target)
        if where is None:  # a public repository a read could reach: no capability of its own
            continue
        if action.endswith("PolicyVersion"):
            kept = tuple(p for p in subject.identity if _source_arn(subject, p) != data["item"])
            subject = replace(subject, identity=(*kept, everything))
        elif action.endswith(("RolePolicy", "UserPolicy")):
            subject = replace(subject, identity=(*subject.identity, everything))
        elif action.endswith("PermissionsBoundary"):
            subject = replace(subject, boundary=None)
        elif action == "codeartifact:DeleteRepositoryPermissionsPolicy":
            where = replace(where, repository_policy=None)
        elif action == "codeartifact:PutRepositoryPermissionsPolicy":
            policy = written_by(subject.principal_arn, subject.name, "repository", "codeartifact:*")
            where = replace(where, repository_policy=policy)
        else:
            continue
        for capability in data["gains"]:  # type: ignore[attr-defined]
            fresh = Evaluator(PolicyBook())
            assert capability_result(fresh, subject, where, Capability(capability)).verdict.reaches
            checked += 1
    assert checked > 20


def test_a_policy_on_a_role_named_by_a_pattern() -> None:
    """`iam:PutRolePolicy` on `role/work*`, as real policies grant it, widens role/worker."""
    e, repo = _estate(
        doc(allow("iam:PutRolePolicy", f"arn:aws:iam::{A}:role/work*"), allow("sts:AssumeRole"))
    )
    e.role(A, "worker", trust(ROOT_A), doc(allow("s3:*")))
    g = e.graph()
    hop = _escalated(g, repo)[ME].chain.hops[0]
    assert hop.label.endswith("by putting an inline policy on role/worker, then assuming it")


def test_a_role_widened_by_one_that_publishes_already_is_no_edge() -> None:
    """The principal publishes now: widening a role it may assume adds no edge there."""
    e, repo = _estate(READ_PUBLISH_ALL, doc(allow("iam:PutRolePolicy"), allow("sts:AssumeRole")))
    worker = e.role(A, "worker", trust(ROOT_A), doc(allow("s3:*")))
    g = e.graph()
    assert ME not in _escalated(g, repo)
    g.add_escalation(takeovers=True)
    assert not any(d.get("subject") == worker for _, _, d in g.graph.in_edges(repo, data=True))


def test_widenings_of_assumed_roles_left_out_lose_no_answer() -> None:
    """Edges from principals whose own access is as good are not made; with every one of them
    made, each who-could answer of a diverse organisation is the same."""
    from graph.access import assumed_widening
    from tests.graph.access.escalation_kit import small_diverse

    def answers() -> tuple[list[str], int]:
        s = small_diverse()
        g = AccessGraph.from_snapshot(s)
        found = [
            repr(g.who_can(r.arn, capability, escalation=True))
            for r in list(s.repositories())
            for capability in ("read", "publish")
        ]
        return found, g._escalation.assumed.made

    pruned, made = answers()
    now = assumed_widening.AssumedWidenings._now
    try:  # as if nobody had anything now: nothing is left out
        assumed_widening.AssumedWidenings._now = lambda self, actor, node: {}  # type: ignore[method-assign]
        every, made_all = answers()
    finally:
        assumed_widening.AssumedWidenings._now = now  # type: ignore[method-assign]
    assert pruned == every
    assert made < made_all  # some were left out


def test_who_may_assume_each_role_is_read_as_its_edges_say() -> None:
    """The assumers of each role, by the rank of their assumption, as read from the assume
    index's shared role sets are those its edges give: principals of the role's account (not
    the role itself) whose edge into it reaches."""
    from tests.graph.access.escalation_kit import small_diverse

    s = small_diverse()
    g = AccessGraph.from_snapshot(s)
    g.add_escalation(takeovers=False)
    assumed = g._escalation.assumed
    accounts = {r.arn: r.account_id for r in s.roles()}
    expected: dict[str, dict[int, set[str]]] = {}
    edges = 0
    for actor in assumed.widenings.wideners():
        for role, keys in g.graph._succ[actor.node].items():
            data = keys.get("can_assume")
            edges += data is not None
            if data is None or role == actor.node or accounts.get(role) != actor.account_id:
                continue
            verdict = Verdict(str(data["verdict"]))
            if verdict.reaches:
                expected.setdefault(role, {}).setdefault(verdict.rank, set()).add(actor.node)
    found = {
        role: {rank: set(nodes) for rank, nodes in groups}
        for role, groups in assumed._groups.items()
    }
    assert found == expected
    assert sum(len(n) for ranks in expected.values() for n in ranks.values()) > 100
    assert edges > sum(len(n) for ranks in expected.values() for n in ranks.values())
