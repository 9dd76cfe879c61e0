"""Policies AWS would refuse to store are evaluated as AWS's engine treats each element."""

from __future__ import annotations

import pytest

from graph import policy
from tests.graph.policy.helpers import READ, REPO, A, B, doc, rstmt, stmt

USER = f"arn:aws:iam::{A}:user/dev"
OTHER = f"arn:aws:iam::{A}:user/ops"
FOREIGN = f"arn:aws:iam::{B}:user/partner"


def test_principal_in_identity_policy_is_ignored_with_a_warning() -> None:
    """ "You cannot use the Principal element in an identity-based policy … the principal is
    implicitly the identity where the policy is attached" (IAM User Guide, Principal element:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
    The element is ignored; the statement grants the holder, whoever it names."""
    document = doc(stmt(action=READ, resource=REPO, Principal={"AWS": OTHER}))
    decision = policy.evaluate(policy.Request(USER, READ, REPO), identity_policies=[document])
    assert decision.outcome is policy.Outcome.ALLOWED
    assert [w.code for w in decision.warnings] == ["principal_in_identity_policy"]
    assert "IAM rejects this policy" in str(decision.warnings[0])


@pytest.mark.parametrize("kind", ["permission_boundary", "session", "scp"])
def test_principal_in_ceilings_and_scps_is_ignored(kind: str) -> None:
    """Boundaries and session policies are identity-side policies (IAM User Guide, policy types:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html); SCPs do not support
    Principal (Organizations, SCP syntax:
    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html)."""
    compiled = policy.compile_policy(
        doc(stmt(action=READ, NotPrincipal={"AWS": USER})), kind=kind, name="p"
    )
    assert compiled.statements[0].principal is None
    assert [w.code for w in compiled.warnings] == ["principal_in_identity_policy"]
    with pytest.raises(policy.PolicyError, match="IAM rejects"):
        policy.compile_policy(doc(stmt(action=READ, Principal="*")), kind=kind, strict=True)


def test_resource_statement_without_principal_matches_no_caller() -> None:
    """ "You must use the Principal element in resource-based policies" (Principal element page);
    a statement without one applies to nobody: it neither allows nor denies."""
    allow = {"Effect": "Allow", "Action": READ, "Resource": "*"}
    deny = {"Effect": "Deny", "Action": READ, "Resource": "*"}
    request = policy.Request(USER, READ, REPO)
    decision = policy.evaluate(request, resource_policies=[doc(allow)])
    assert decision.outcome is policy.Outcome.IMPLICIT_DENY
    assert {w.code for w in decision.warnings} == {"no_principal"}
    identity = [doc(stmt(action=READ))]
    allowed = policy.evaluate(request, identity_policies=identity, resource_policies=[doc(deny)])
    assert allowed.outcome is policy.Outcome.ALLOWED


def test_allow_with_notprincipal_is_read_literally() -> None:
    """ "NotPrincipal must be used with Deny" (IAM User Guide, NotPrincipal element:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
    Read literally, the Allow names every caller not listed; cross-account, the caller's own
    identity policy must still allow (cross-account evaluation:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html)."""
    grant = doc(
        {"Effect": "Allow", "NotPrincipal": {"AWS": OTHER}, "Action": READ, "Resource": "*"}
    )
    request = policy.Request(FOREIGN, READ, REPO)
    identity = [doc(stmt(action=READ))]
    decision = policy.evaluate(request, identity_policies=identity, resource_policies=[grant])
    assert decision.outcome is policy.Outcome.ALLOWED
    assert [w.code for w in decision.warnings] == ["allow_not_principal"]
    listed = policy.Request(OTHER, READ, REPO)
    assert not policy.evaluate(listed, resource_policies=[grant]).allowed
    assert policy.evaluate(policy.Request(USER, READ, REPO), resource_policies=[grant]).allowed


def test_empty_statement_list_allows_nothing_so_an_scp_level_denies() -> None:
    """A policy with no statement has no Allow; every SCP level must allow (Organizations, SCP
    evaluation:
    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html)."""
    full = doc(stmt())
    empty = {"Version": "2012-10-17", "Statement": []}
    request = policy.Request(USER, READ, REPO)
    decision = policy.evaluate(
        request, identity_policies=[full], scps=[[full], [empty]], validate=False
    )
    assert decision.outcome is policy.Outcome.IMPLICIT_DENY
    assert decision.reason is policy.DenialReason.NO_SCP_ALLOW
    assert [w.code for w in decision.warnings] == ["empty_statement"]
    assert not policy.evaluate(request, identity_policies=[empty]).allowed


def test_validate_true_raises_as_before() -> None:
    """Strict mode: what AWS would refuse to store (IAM JSON policy grammar:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html; the
    Principal and NotPrincipal element pages above) raises PolicyError, even precompiled."""
    request = policy.Request(USER, READ, REPO)
    bad = doc(stmt(action=READ, Principal="*"))
    with pytest.raises(policy.PolicyError, match="Principal"):
        policy.evaluate(request, identity_policies=[bad], validate=True)
    compiled = policy.compile_policy(bad, name="drafted")
    with pytest.raises(policy.PolicyError) as raised:
        policy.evaluate(request, identity_policies=[compiled], validate=True)
    assert raised.value.policy == "drafted"
    with pytest.raises(policy.PolicyError, match="empty"):
        policy.evaluate(request, scps=[[{"Statement": []}]], validate=True)
    allow_not = doc({"Effect": "Allow", "NotPrincipal": {"AWS": A}, "Action": "*"})
    with pytest.raises(policy.PolicyError, match="NotPrincipal"):
        policy.evaluate(request, resource_policies=[allow_not], validate=True)
    no_principal = doc({"Effect": "Allow", "Action": "*", "Resource": "*"})
    with pytest.raises(policy.PolicyError, match="Principal"):
        policy.evaluate(request, resource_policies=[no_principal], validate=True)


def test_valid_policies_carry_no_warnings() -> None:
    compiled = policy.compile_policy(doc(rstmt({"AWS": USER})), kind="resource")
    assert compiled.warnings == ()
