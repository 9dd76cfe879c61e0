"""`AccessGraph.check` with a capability answers for the whole capability."""

from __future__ import annotations

from graph.access.capability_eval import deciding_step
from graph.policy import DenialReason, Outcome
from tests.graph.access.test_review_kit import BEARER, A, B, Estate, allow, doc, grant, trust

READ_ACTIONS = [
    "codeartifact:GetAuthorizationToken",
    "codeartifact:GetRepositoryEndpoint",
    "codeartifact:ReadFromRepository",
]


def test_repository_policy_alone_gives_no_token_to_another_account() -> None:
    """Cross-account requests need an allow on both sides (IAM User Guide, cross-account
    evaluation: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html);
    GetAuthorizationToken acts on the domain, so another account needs the domain policy
    (CodeArtifact, domain policies: https://docs.aws.amazon.com/codeartifact/latest/ug/domain-policies.html).
    The repository policy alone lets the last step pass, but the capability is denied at the
    first step."""
    estate = Estate()
    estate.domain(A, "corp")
    role = estate.role(
        B,
        "reader",
        trust({"AWS": B}),
        doc(allow(READ_ACTIONS), allow("sts:GetServiceBearerToken", Condition=BEARER)),
    )
    estate.repo(A, "corp", "shared", doc(grant({"AWS": role}, READ_ACTIONS[1:])))
    g = estate.graph()
    decision = g.check(role, "read", "corp/shared")
    assert decision.outcome is Outcome.IMPLICIT_DENY
    assert decision.request.action == "codeartifact:GetAuthorizationToken"
    assert decision.reason is DenialReason.NO_RESOURCE_ALLOW
    last = g.check(role, "codeartifact:ReadFromRepository", "corp/shared")
    assert last.outcome is Outcome.ALLOWED
    steps = g.check_steps(role, "read", "corp/shared")
    assert deciding_step(steps).decision is not steps[-1].decision


def test_an_allowed_capability_returns_an_allowed_decision() -> None:
    estate = Estate()
    estate.domain(A, "corp")
    estate.repo(A, "corp", "shared")
    user = estate.user(
        A, "dev", doc(allow(READ_ACTIONS), allow("sts:GetServiceBearerToken", Condition=BEARER))
    )
    assert estate.graph().check(user, "read", "corp/shared").allowed
