"""The policies a what-if may edit for a principal, and their edits applied to a copy."""

from __future__ import annotations

import graph
from graph.access.editable import editable_policies, with_policy
from graph.diff import diff_snapshots

OPERATOR = "arn:aws:iam::222222222222:role/release-operator"
SOFIA = "arn:aws:iam::222222222222:user/engineering/sofia.rossi"
NOTHING = {"Version": "2012-10-17", "Statement": []}


def test_a_roles_inline_and_trust_policies_and_no_aws_managed_ones() -> None:
    demo = graph.demo_snapshot()
    kinds = [(e.kind, e.label) for e in editable_policies(demo, OPERATOR)]
    assert kinds == [
        ("inline", "inline policy AssumeMavenReleasePublisher of role/release-operator"),
        ("trust", "trust policy of role/release-operator"),
    ]
    olivia = "arn:aws:iam::100000000000:user/admin/olivia.chen"  # AdministratorAccess only
    assert editable_policies(demo, olivia) == []


def test_emptying_the_trust_policy_takes_the_release_chain_away() -> None:
    demo = graph.demo_snapshot()
    trust = next(e for e in editable_policies(demo, OPERATOR) if e.kind == "trust")
    changed = with_policy(demo, trust, NOTHING)
    diff = diff_snapshots(demo, changed)
    lost = {(v.principal, v.capability) for v in diff.verdicts if v.kind == "lost"}
    assert (SOFIA, "publish") in lost
    assert [c.kind for c in diff.changes] == ["trust_policy"]


def test_emptying_an_inline_policy() -> None:
    demo = graph.demo_snapshot()
    inline = next(e for e in editable_policies(demo, OPERATOR) if e.kind == "inline")
    diff = diff_snapshots(demo, with_policy(demo, inline, NOTHING))
    assert [c.kind for c in diff.changes] == ["identity_policy"]
    assert diff.narrowed and not diff.widened
