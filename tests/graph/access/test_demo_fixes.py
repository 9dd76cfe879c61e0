"""Stories of docs/demo.md about the fixes cax suggests: each fix opens the path, goes to the
right policy, and near misses name the reason."""

from __future__ import annotations

import graph
from graph.access import Verdict
from graph.access.whatif import apply_fix
from tests.graph.access.demo_arns import DEV, PROD, SHARED, role, user


def test_every_fix_opens_the_path(demo_graph: graph.AccessGraph) -> None:
    """For stories a statement can fix, applying every suggested statement makes them pass."""
    cases = [
        (user(DEV, "mateojackson"), "read", "acme/npm-internal"),
        (user(DEV, "engineering/isabel.moreno"), "publish", "acme/pypi-internal"),
        (role(PROD, "app/orders-service-task"), "read", "acme/npm-internal"),
        (role(DEV, "app/team-payments-build"), "publish", "acme/npm-internal"),
        (user(DEV, "engineering/noah.fischer"), "publish", "acme/npm-internal"),
    ]
    for principal, capability, resource in cases:
        explanation = demo_graph.explain(principal, capability, resource)
        assert explanation.verdict is not Verdict.ALLOWED
        snapshot = demo_graph.snapshot
        for fix in explanation.fixes:
            if fix.statement:
                snapshot = apply_fix(snapshot, fix)
        after = graph.AccessGraph.from_snapshot(snapshot).check_steps(
            principal, capability, resource
        )
        assert all(s.verdict is Verdict.ALLOWED for s in after), (
            principal,
            capability,
            explanation.fixes,
        )


def test_mateojackson_fix_is_an_identity_statement(demo_graph: graph.AccessGraph) -> None:
    explanation = demo_graph.explain(user(DEV, "mateojackson"), "read", "acme/npm-internal")
    (fix,) = explanation.fixes
    assert fix.kind == "identity_policy"
    assert fix.node == user(DEV, "mateojackson")
    assert fix.statement["Action"] == "codeartifact:ReadFromRepository"
    assert (
        fix.statement["Resource"]
        == f"arn:aws:codeartifact:us-east-1:{SHARED}:repository/acme/npm-internal"
    )
    fixed = graph.AccessGraph.from_snapshot(apply_fix(demo_graph.snapshot, fix))
    assert (
        fixed.explain(user(DEV, "mateojackson"), "read", "acme/npm-internal").verdict
        is Verdict.ALLOWED
    )


def test_cross_account_fix_goes_to_the_repository_policy(demo_graph: graph.AccessGraph) -> None:
    explanation = demo_graph.explain(
        user(DEV, "engineering/isabel.moreno"), "publish", "acme/pypi-internal"
    )
    kinds = {f.kind: f for f in explanation.fixes}
    fix = kinds["repository_policy"]
    assert fix.statement["Principal"] == {"AWS": user(DEV, "engineering/isabel.moreno")}
    assert set(fix.statement["Action"]) == {
        "codeartifact:PublishPackageVersion",
        "codeartifact:PutPackageMetadata",
    }


def test_explicit_deny_fix_names_the_statement(demo_graph: graph.AccessGraph) -> None:
    explanation = demo_graph.explain(
        user(DEV, "engineering/diana.okafor"), "publish", "acme/maven-releases"
    )
    (fix,) = [f for f in explanation.fixes if f.kind == "remove_deny"][:1]
    assert "DenyPublishExceptReleasePipeline" in fix.where


def test_near_misses_name_the_reason(demo_graph: graph.AccessGraph) -> None:
    explanation = demo_graph.explain(user(DEV, "mateojackson"), "read", "acme/npm-internal")
    failing = explanation.failing
    assert failing is not None
    step = next(s for s in failing.steps if not s.verdict.reaches)
    misses = {m.ref.label: m for m in step.near_misses}
    assert "resource_mismatch" in misses["ReadPyPIInternal"].why
    assert misses["ReadPyPIInternal"].statement["Sid"] == "ReadPyPIInternal"
