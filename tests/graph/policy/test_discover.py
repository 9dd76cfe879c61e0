"""Discover mode: unknown keys give the best outcome plus the conditions it rests on."""

from __future__ import annotations

from typing import Any

from graph import policy
from tests.graph.policy.helpers import READ, REPO, A, doc, rstmt, stmt

USER = f"arn:aws:iam::{A}:user/dev"
MFA = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}


def run(*policies: dict[str, Any], mode: str = "discover", **kwargs: Any) -> policy.Decision:
    request_args = kwargs.pop("request", {})
    return policy.evaluate(
        policy.Request(USER, READ, REPO, **request_args),
        identity_policies=list(policies),
        mode=mode,  # type: ignore[arg-type]
        **kwargs,
    )


def test_allow_with_unknown_key_is_allowed_if_condition_holds() -> None:
    decision = run(doc(stmt(Condition=MFA)))
    assert decision.outcome == "allowed"
    assert [(u.key, u.operator, u.values, u.negated) for u in decision.unknowns] == [
        ("aws:MultiFactorAuthPresent", "Bool", ("true",), False)
    ]
    assert decision.unknowns[0].where.policy == "identity policy 1"
    assert policy.sentence(decision).endswith("if aws:MultiFactorAuthPresent Bool true")
    assert run(doc(stmt(Condition=MFA)), mode="strict").outcome == "implicit_deny"


def test_given_keys_are_evaluated_normally() -> None:
    no_mfa = run(
        doc(stmt(Condition=MFA)), request={"context": {"aws:MultiFactorAuthPresent": False}}
    )
    assert no_mfa.outcome == "implicit_deny"
    assert no_mfa.unknowns == ()
    known_absent = run(
        doc(stmt(Condition=MFA)), request={"context": {"aws:MultiFactorAuthPresent": policy.ABSENT}}
    )
    assert known_absent.outcome == "implicit_deny"


def test_unconditional_allow_beats_conditional_one() -> None:
    decision = run(doc(stmt(Condition=MFA), stmt(action=READ)))
    assert decision.outcome == "allowed"
    assert decision.unknowns == ()


def test_deny_with_unknown_condition_is_assumed_not_to_apply_and_listed_negated() -> None:
    deny = stmt("Deny", Condition={"StringNotEquals": {"aws:SourceVpce": "vpce-1"}})
    decision = run(doc(stmt(), deny))
    assert decision.outcome == "allowed"
    assert len(decision.unknowns) == 1
    unknown = decision.unknowns[0]
    assert (unknown.key, unknown.negated, unknown.group) == ("aws:SourceVpce", True, None)
    assert policy.describe_unknown(unknown) == "not (aws:SourceVpce StringNotEquals vpce-1)"
    assert run(doc(stmt(), deny), mode="strict").outcome == "explicit_deny"


def test_deny_with_several_unknown_conditions_forms_a_group() -> None:
    deny = stmt(
        "Deny", Condition={"Bool": {"aws:SecureTransport": "false"}, "StringEquals": {"k:x": "1"}}
    )
    decision = run(doc(stmt(), deny))
    groups = {u.group for u in decision.unknowns}
    assert decision.outcome == "allowed"
    assert len(decision.unknowns) == 2 and groups == {1}
    assert all(u.negated for u in decision.unknowns)


def test_deny_assumption_is_listed_even_when_outcome_is_implicit_deny() -> None:
    deny = stmt("Deny", Condition=MFA)
    decision = run(doc(deny))
    assert decision.outcome == "implicit_deny"
    assert [u.negated for u in decision.unknowns] == [True]


def test_unconditional_deny_is_explicit_in_discover_mode_too() -> None:
    decision = run(doc(stmt(Condition=MFA), stmt("Deny")))
    assert decision.outcome == "explicit_deny"
    assert decision.unknowns == ()


def test_conditions_from_every_layer_on_the_path_are_collected() -> None:
    scp = [[doc(stmt(Condition={"StringEquals": {"aws:PrincipalOrgID": "o-1"}}))]]
    decision = run(doc(stmt(Condition=MFA)), scps=scp)
    assert decision.outcome == "allowed"
    assert {u.key for u in decision.unknowns} == {
        "aws:MultiFactorAuthPresent",
        "aws:PrincipalOrgID",
    }
    assert {u.where.layer for u in decision.unknowns} == {"identity", "scp"}


def test_same_account_resource_grant_without_conditions_beats_conditional_identity() -> None:
    resource_policy = doc(rstmt({"AWS": USER}))
    decision = run(doc(stmt(Condition=MFA)), resource_policies=[resource_policy])
    assert decision.outcome == "allowed"
    assert decision.unknowns == ()


def test_unknown_principal_tag_in_resource_variable_becomes_an_unknown() -> None:
    resource = f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/${{aws:PrincipalTag/repo}}"
    decision = run(doc(stmt(action=READ, resource=resource)))
    assert decision.outcome == "allowed"
    assert decision.unknowns[0].key == "aws:PrincipalTag/repo"
    assert decision.unknowns[0].operator == "ResourceMatchesAny"
    strict = run(doc(stmt(action=READ, resource=resource)), mode="strict")
    assert strict.outcome == "implicit_deny"


def test_derived_keys_are_known_in_discover_mode() -> None:
    decision = run(doc(stmt(Condition={"StringEquals": {"aws:username": "someone-else"}})))
    assert decision.outcome == "implicit_deny"
    assert decision.unknowns == ()


def test_explain_marks_conditional_statements() -> None:
    explanation = run(doc(stmt(Condition=MFA))).explain()
    check = explanation.layer("identity").statements[0]
    assert check.matched and check.conditional
    assert check.reasons[0][0] is policy.Mismatch.CONDITION_UNKNOWN
