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
        ("org", "SCP DenyOutsideApprovedRegions (attached to Root)"),
        ("org", "SCP DenyCodeArtifactDeletesOutsideRelease (attached to shared, workloads)"),
        ("org", "RCP CodeArtifactDataPerimeter (attached to Root)"),
    ]
    # AdministratorAccess only, in the management account (no SCP applies there; the RCPs of
    # the other accounts apply to the repositories it reaches); FullAWSAccess is AWS's
    olivia = "arn:aws:iam::100000000000:user/admin/olivia.chen"
    assert [e.label for e in editable_policies(demo, olivia)] == [
        "RCP CodeArtifactDataPerimeter (attached to Root)"
    ]


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


DENY_CODEARTIFACT = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Action": "codeartifact:*", "Resource": "*"}],
}


def test_an_scp_denying_codeartifact_takes_the_accounts_access_away() -> None:
    demo = graph.demo_snapshot()
    scp = next(e for e in editable_policies(demo, SOFIA) if "DenyOutsideApproved" in e.label)
    changed = with_policy(demo, scp, DENY_CODEARTIFACT)
    assert changed.org is not None and demo.org is not None
    assert [p.document for p in changed.org.policies if p.policy_id == scp.holder] == [
        DENY_CODEARTIFACT
    ]
    diff = diff_snapshots(demo, changed)
    lost = {(v.principal, v.capability) for v in diff.verdicts if v.kind == "lost"}
    assert (SOFIA, "publish") in lost
    assert [c.kind for c in diff.changes] == ["scp"]
    assert diff.narrowed and not diff.widened
    # no SCP applies to the management account: its principals lose only through roles
    management = [v for v in diff.verdicts if ":100000000000:" in v.principal]
    assert management
    for verdict in management:
        assert verdict.chain_before is not None
        assert verdict.chain_before.hops[0].kind == "can_assume"


def test_emptying_the_rcp_widens_nothing_it_did_not_deny() -> None:
    demo = graph.demo_snapshot()
    rcp = next(e for e in editable_policies(demo, SOFIA) if e.label.startswith("RCP "))
    diff = diff_snapshots(demo, with_policy(demo, rcp, NOTHING))
    assert [c.kind for c in diff.changes] == ["rcp"]
    assert not diff.narrowed  # an RCP only takes away: emptied, no one loses anything
