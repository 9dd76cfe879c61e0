"""Every fix offered is proved: applied to a copy of the snapshot, the path opens."""

from __future__ import annotations

from graph.access import AccessGraph
from graph.access.whatif import apply_fixes
from graph.policy import Mismatch
from tests.graph.access.test_review_kit import (
    BEARER,
    FULL_AWS_ACCESS,
    A,
    Estate,
    allow,
    doc,
    repo_arn,
)

LOGIN = [
    allow("codeartifact:GetAuthorizationToken"),
    allow("sts:GetServiceBearerToken", Condition=BEARER),
]
READ = ["codeartifact:GetRepositoryEndpoint", "codeartifact:ReadFromRepository"]
REPO = repo_arn(A, "corp", "shared")


def _estate() -> Estate:
    estate = Estate()
    estate.domain(A, "corp")
    estate.repo(A, "corp", "shared")
    return estate


def _opens(g: AccessGraph, principal: str, fixes: tuple[object, ...]) -> bool:
    fixed = AccessGraph.from_snapshot(apply_fixes(g.snapshot, fixes))  # type: ignore[arg-type]
    return fixed.check(principal, "read", "corp/shared").allowed


def test_a_boundary_that_blocks_is_fixed_with_the_identity_policy() -> None:
    """A permissions boundary caps what identity policies grant: both must allow (IAM User
    Guide, permissions boundaries:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html). The
    known failure: only "grant ReadFromRepository in an inline policy" was offered, and the
    role stayed denied. Now one change set covers the identity policy and the boundary."""
    estate = _estate()
    boundary = estate.managed(A, "boundary", doc(*LOGIN, allow("codeartifact:Get*")))
    role = estate.role(
        A,
        "builder",
        doc({"Effect": "Allow", "Principal": {"AWS": A}, "Action": "sts:AssumeRole"}),
        doc(*LOGIN, allow("codeartifact:GetRepositoryEndpoint")),
        boundary=boundary,
    )
    g = estate.graph()
    explanation = g.explain(role, "read", "corp/shared")
    assert not explanation.verdict.reaches
    kinds = {f.kind for f in explanation.fixes}
    assert {"identity_policy", "permission_boundary"} <= kinds
    assert all(f.proved for f in explanation.fixes)
    assert all("apply them together" in f.note for f in explanation.fixes)
    assert _opens(g, role, explanation.fixes)


def test_a_missing_scp_allow_is_fixed_and_proved() -> None:
    """Every SCP level must allow (Organizations, SCP evaluation:
    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html)."""
    estate = _estate()
    s3_only = doc(allow("s3:*"))
    estate.org(
        [A],
        scps=[("Full", FULL_AWS_ACCESS, ["root"]), ("S3", s3_only, [A])],
        full_access_everywhere=False,
    )
    user = estate.user(A, "dev", doc(*LOGIN, allow(READ)))
    g = estate.graph()
    explanation = g.explain(user, "read", "corp/shared")
    assert not explanation.verdict.reaches
    assert [f.kind for f in explanation.fixes] == ["scp"]
    assert explanation.fixes[0].proved
    assert _opens(g, user, explanation.fixes)


def test_a_cross_account_role_gets_both_resource_policies_and_its_identity_policy() -> None:
    """Cross-account access needs the identity side and the resource side (IAM User Guide:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html);
    for CodeArtifact the domain policy for the token and a domain or repository policy for the
    repository (https://docs.aws.amazon.com/codeartifact/latest/ug/domain-policies.html)."""
    estate = _estate()
    role = estate.role(
        "222222222222",
        "reader",
        doc({"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole"}),
        doc(*LOGIN),
    )
    g = estate.graph()
    explanation = g.explain(role, "read", "corp/shared")
    kinds = {f.kind for f in explanation.fixes}
    assert {"identity_policy", "domain_policy"} <= kinds
    assert all(f.proved for f in explanation.fixes)
    assert _opens(g, role, explanation.fixes)


def test_an_explicit_deny_is_advice_not_an_added_allow() -> None:
    """An explicit deny wins over any allow (IAM User Guide, evaluation logic:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html)."""
    estate = _estate()
    user = estate.user(
        A,
        "dev",
        doc(*LOGIN, allow("codeartifact:GetRepositoryEndpoint")),
        doc({"Effect": "Deny", "Action": "codeartifact:ReadFromRepository", "Resource": "*"}),
    )
    explanation = estate.graph().explain(user, "read", "corp/shared")
    kinds = [f.kind for f in explanation.fixes]
    assert "remove_deny" in kinds and "identity_policy" not in kinds
    assert not any(f.proved for f in explanation.fixes)


def test_a_near_miss_states_every_reason_and_is_no_fix_when_the_resource_differs() -> None:
    """A statement applies only when its Resource and every condition match (IAM User Guide,
    Condition element:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
    The known failure: "would allow if aws:PrincipalTag/team=data" on a statement whose
    Resource is another domain's repositories."""
    estate = _estate()
    other = repo_arn(A, "other", "*")
    user = estate.user(
        A,
        "dev",
        doc(
            *LOGIN,
            allow("codeartifact:GetRepositoryEndpoint"),
            allow(
                "codeartifact:ReadFromRepository",
                other,
                Sid="OtherDomainForData",
                Condition={"StringEquals": {"aws:PrincipalTag/team": "data"}},
            ),
        ),
        tags={"team": "web"},
    )
    explanation = estate.graph().explain(user, "read", "corp/shared")
    step = next(s for h in explanation.hops for s in h.steps if not s.verdict.reaches)
    miss = next(m for m in step.near_misses if m.ref.sid == "OtherDomainForData")
    kinds = {m for m, _ in miss.reasons}
    assert {Mismatch.RESOURCE_MISMATCH, Mismatch.CONDITION_FAILED} <= kinds
    assert "resource_mismatch" in miss.why and "condition_failed" in miss.why
    assert not any(f.kind == "condition" for f in explanation.fixes)
    assert [f.kind for f in explanation.fixes] == ["identity_policy"]
    assert explanation.fixes[0].proved


def test_a_missing_bearer_token_allow_is_fixed_and_proved() -> None:
    """A CodeArtifact token needs `sts:GetServiceBearerToken` as well as
    `codeartifact:GetAuthorizationToken` (CodeArtifact User Guide, authentication and tokens:
    https://docs.aws.amazon.com/codeartifact/latest/ug/tokens-authentication.html). The fix for
    the bearer-token step is offered, proved, and opens the path."""
    estate = _estate()
    user = estate.user(A, "dev", doc(allow("codeartifact:GetAuthorizationToken"), allow(READ)))
    g = estate.graph()
    explanation = g.explain(user, "read", "corp/shared")
    assert not explanation.verdict.reaches
    assert explanation.fixes and all(f.proved for f in explanation.fixes)
    assert any("GetServiceBearerToken" in str(f) for f in explanation.fixes)
    assert _opens(g, user, explanation.fixes)


def test_a_trust_policy_that_does_not_name_the_caller_is_fixed_and_proved() -> None:
    """Assuming a role needs the role's trust policy to allow the caller (IAM User Guide,
    policy evaluation for cross-account and role trust:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html). A role
    that reads but trusts only another principal: the fix to its trust policy is proved."""
    estate = _estate()
    other = estate.user(A, "someone-else", doc())
    role = estate.role(
        A,
        "reader",
        doc({"Effect": "Allow", "Principal": {"AWS": other}, "Action": "sts:AssumeRole"}),
        doc(*LOGIN, allow(READ)),
    )
    user = estate.user(A, "dev", doc(*LOGIN, allow("sts:AssumeRole", Resource=role)))
    g = estate.graph()
    explanation = g.explain(user, "read", "corp/shared")
    assert not explanation.verdict.reaches
    assert [f.kind for f in explanation.fixes] == ["trust_policy"]
    assert explanation.fixes[0].proved
    fixed = AccessGraph.from_snapshot(apply_fixes(g.snapshot, explanation.fixes))
    again = fixed.explain(user, "read", "corp/shared")  # `check` asks the user's own request
    assert again.verdict.reaches
    assert again.hops[0].hop.kind == "can_assume"
