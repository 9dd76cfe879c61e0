"""Principal forms (spec A.7), same-account rules (A.4), cross-account (A.5), NotPrincipal."""

from __future__ import annotations

from typing import Any

import pytest

from graph import policy
from graph.policy.principals import parse_caller
from tests.graph.policy.helpers import READ, REPO, A, B, doc, rstmt, stmt

USER = f"arn:aws:iam::{A}:user/team/dev"
SESSION = f"arn:aws:sts::{A}:assumed-role/ci/run-1"
FED = f"arn:aws:sts::{A}:federated-user/bob"
ROOT = f"arn:aws:iam::{A}:root"
B_USER = f"arn:aws:iam::{B}:user/ops"


def decide(
    principal: str, resource_policy: dict[str, Any] | None, **kwargs: Any
) -> policy.Decision:
    request_args = kwargs.pop("request", {})
    return policy.evaluate(
        policy.Request(principal, READ, REPO, **request_args),
        resource_policies=[resource_policy] if resource_policy else [],
        **kwargs,
    )


@pytest.mark.parametrize(
    ("principal_element", "caller", "expected"),
    [
        ("*", USER, "allowed"),
        ({"AWS": "*"}, SESSION, "allowed"),
        ({"AWS": USER}, USER, "allowed"),
        ({"AWS": f"arn:aws:iam::{A}:user/team/DEV"}, USER, "implicit_deny"),
        ({"AWS": f"arn:aws:iam::{A}:role/some/path/ci"}, SESSION, "allowed"),
        ({"AWS": f"arn:aws:iam::{A}:role/other"}, SESSION, "implicit_deny"),
        ({"AWS": SESSION}, SESSION, "allowed"),
        ({"AWS": f"arn:aws:sts::{A}:assumed-role/ci/run-2"}, SESSION, "implicit_deny"),
        ({"AWS": FED}, FED, "allowed"),
        ({"AWS": A}, USER, "implicit_deny"),
        ({"AWS": ROOT}, USER, "implicit_deny"),
        ({"AWS": ["AIDAEXAMPLEEXAMPLE12", USER]}, USER, "allowed"),
        ({"AWS": "AROAEXAMPLEEXAMPLE12"}, SESSION, "implicit_deny"),
        ({"Service": "codebuild.amazonaws.com"}, "codebuild.amazonaws.com", "allowed"),
        ({"Service": ["codebuild.amazonaws.com"]}, "lambda.amazonaws.com", "implicit_deny"),
        ("*", policy.ANONYMOUS, "allowed"),
        ({"AWS": A}, policy.ANONYMOUS, "implicit_deny"),
    ],
)
def test_same_account_resource_policy_principal_forms(
    principal_element: Any, caller: str, expected: str
) -> None:
    assert decide(caller, doc(rstmt(principal_element))).outcome == expected


def test_federated_identity_provider_principal() -> None:
    trust = doc(
        {
            "Effect": "Allow",
            "Principal": {"Federated": "token.actions.githubusercontent.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
        }
    )
    request = policy.Request(
        "token.actions.githubusercontent.com",
        "sts:AssumeRoleWithWebIdentity",
        f"arn:aws:iam::{A}:role/gha",
    )
    assert policy.evaluate(request, resource_policies=[trust]).allowed
    other = policy.Request(
        "accounts.google.com", "sts:AssumeRoleWithWebIdentity", f"arn:aws:iam::{A}:role/gha"
    )
    assert not policy.evaluate(other, resource_policies=[trust]).allowed


BOUNDARY_S3 = [doc(stmt(action="s3:*"))]
SESSION_S3 = [doc(stmt(action="s3:*"))]


@pytest.mark.parametrize(
    ("named", "caller", "kwargs", "expected", "blocked"),
    [
        # A.4 rows: user ARN bypasses identity and boundary
        (USER, USER, {"permission_boundaries": BOUNDARY_S3}, "allowed", None),
        # role ARN: boundary and session policy still limit
        (f"arn:aws:iam::{A}:role/ci", SESSION, {}, "allowed", None),
        (
            f"arn:aws:iam::{A}:role/ci",
            SESSION,
            {"permission_boundaries": BOUNDARY_S3},
            "implicit_deny",
            "permission_boundary",
        ),
        (
            f"arn:aws:iam::{A}:role/ci",
            SESSION,
            {"session_policies": SESSION_S3},
            "implicit_deny",
            "session",
        ),
        # session ARN: not limited by boundary or (by default) session policy
        (
            SESSION,
            SESSION,
            {"permission_boundaries": BOUNDARY_S3, "session_policies": SESSION_S3},
            "allowed",
            None,
        ),
        # federated user ARN: not limited
        (FED, FED, {"session_policies": SESSION_S3}, "allowed", None),
        # wildcard: boundaries and session policies do not limit (option on by default)
        ("*", SESSION, {"permission_boundaries": BOUNDARY_S3}, "allowed", None),
    ],
)
def test_same_account_bypass_table(
    named: str, caller: str, kwargs: dict[str, Any], expected: str, blocked: str | None
) -> None:
    principal = named if named == "*" else {"AWS": named}
    decision = decide(caller, doc(rstmt(principal)), **kwargs)
    assert decision.outcome == expected
    if blocked:
        assert decision.blocked_by == {blocked}


def test_wildcard_bypass_option_off_keeps_the_boundary() -> None:
    decision = decide(
        SESSION,
        doc(rstmt("*")),
        permission_boundaries=BOUNDARY_S3,
        options=policy.Options(wildcard_grant_bypasses_ceilings=False),
    )
    assert decision.blocked_by == {"permission_boundary"}


def test_federating_user_grant_is_limited_by_session_policy() -> None:
    parent = f"arn:aws:iam::{A}:user/parent"
    grant = doc(rstmt({"AWS": parent}))
    open_session = [doc(stmt())]
    ok = decide(FED, grant, session_policies=open_session, request={"federating_user_arn": parent})
    assert ok.allowed
    limited = decide(
        FED, grant, session_policies=SESSION_S3, request={"federating_user_arn": parent}
    )
    assert limited.blocked_by == {"session"}


def test_federated_user_without_session_policy_has_no_identity_permissions() -> None:
    decision = decide(FED, None, identity_policies=[doc(stmt())])
    assert decision.outcome == "implicit_deny"
    assert decision.blocked_by == {"session"}


def test_cross_account_needs_both_sides_and_sessions_get_no_bypass() -> None:
    identity = [doc(stmt(action=READ))]
    account_grant = doc(rstmt({"AWS": B}))
    assert decide(B_USER, account_grant, identity_policies=identity).allowed
    assert decide(B_USER, account_grant).blocked_by == {"identity"}
    assert decide(B_USER, None, identity_policies=identity).blocked_by == {"resource"}
    session = f"arn:aws:sts::{B}:assumed-role/ci/s"
    named = doc(rstmt({"AWS": session}))
    blocked = decide(session, named, identity_policies=identity, session_policies=SESSION_S3)
    assert blocked.blocked_by == {"session"}


def test_cross_account_root_needs_only_the_resource_side() -> None:
    root_b = f"arn:aws:iam::{B}:root"
    assert decide(root_b, doc(rstmt({"AWS": B}))).allowed
    assert decide(root_b, None).blocked_by == {"resource"}


def test_root_same_account_is_allowed_but_not_past_scp_or_explicit_deny() -> None:
    assert decide(ROOT, None).allowed
    assert decide(ROOT, None, scps=[[doc(stmt(action="s3:*"))]]).blocked_by == {"scp"}
    deny = doc(rstmt({"AWS": A}, effect="Deny"))
    assert decide(ROOT, deny).outcome == "explicit_deny"


def test_account_principal_in_deny_denies_everyone_in_it() -> None:
    deny = doc(rstmt({"AWS": A}, effect="Deny"))
    assert decide(USER, deny, identity_policies=[doc(stmt())]).outcome == "explicit_deny"
    assert decide(SESSION, deny, identity_policies=[doc(stmt())]).outcome == "explicit_deny"


def test_statement_without_principal_in_resource_policy_never_matches() -> None:
    no_principal = doc(stmt(action=READ))
    assert decide(USER, no_principal).outcome == "implicit_deny"
    explanation = decide(USER, no_principal).explain()
    reasons = explanation.layer("resource").statements[0].reasons
    assert reasons[0][0] is policy.Mismatch.NO_PRINCIPAL_ELEMENT


@pytest.mark.parametrize(
    ("listed", "caller", "needs_account", "denied"),
    [
        ([ROOT, USER], USER, True, False),
        ([USER], USER, True, True),
        ([USER], USER, False, False),
        ([ROOT, f"arn:aws:iam::{A}:role/ci"], SESSION, True, False),
        ([ROOT, SESSION], SESSION, True, False),
        ([ROOT], SESSION, True, True),
        ([ROOT], ROOT, True, False),
        ([f"arn:aws:iam::{B}:root"], USER, True, True),
    ],
)
def test_notprincipal_exemptions(
    listed: list[str], caller: str, needs_account: bool, denied: bool
) -> None:
    deny = doc({"Effect": "Deny", "NotPrincipal": {"AWS": listed}, "Action": READ, "Resource": "*"})
    decision = decide(
        caller,
        deny,
        identity_policies=[doc(stmt())],
        options=policy.Options(notprincipal_needs_account=needs_account),
    )
    assert (decision.outcome == "explicit_deny") is denied


def test_parse_caller_forms() -> None:
    assert parse_caller(USER).kind is policy.PrincipalKind.USER
    assert parse_caller(USER).name == "dev"
    session = parse_caller(SESSION)
    assert (session.kind, session.name, session.session) == (
        policy.PrincipalKind.ROLE_SESSION,
        "ci",
        "run-1",
    )
    assert session.role_arn == f"arn:aws:iam::{A}:role/ci"
    assert parse_caller(f"arn:aws:iam::{A}:role/p/ci").role_arn == f"arn:aws:iam::{A}:role/p/ci"
    assert parse_caller(ROOT).kind is policy.PrincipalKind.ROOT
    assert parse_caller(A).kind is policy.PrincipalKind.ROOT
    assert parse_caller(FED).kind is policy.PrincipalKind.FEDERATED_USER
    assert parse_caller("codebuild.amazonaws.com").kind is policy.PrincipalKind.SERVICE
    assert (
        parse_caller("cognito-identity.amazonaws.com").kind
        is policy.PrincipalKind.IDENTITY_PROVIDER
    )
    assert (
        parse_caller(f"arn:aws:iam::{A}:saml-provider/okta").kind
        is policy.PrincipalKind.IDENTITY_PROVIDER
    )
    assert parse_caller(policy.ANONYMOUS).kind is policy.PrincipalKind.ANONYMOUS
    with pytest.raises(ValueError):
        parse_caller(f"arn:aws:iam::{A}:group/devs")


@pytest.mark.parametrize(
    "principal",
    [
        {"AWS": f"arn:aws:iam::{A}:user/*"},
        {"AWS": f"arn:aws:iam::{A}:group/devs"},
        {"AWS": "12345"},
        {"Weird": "x"},
        {},
        "someone",
    ],
)
def test_invalid_principal_elements(principal: Any) -> None:
    with pytest.raises(policy.PolicyError):
        policy.compile_policy(doc(rstmt(principal)), kind="resource")


def test_principal_and_notprincipal_placement_errors() -> None:
    with pytest.raises(policy.PolicyError, match="Principal"):
        policy.compile_policy(doc(rstmt("*")), kind="identity", strict=True)
    allow_not = doc({"Effect": "Allow", "NotPrincipal": {"AWS": A}, "Action": "*", "Resource": "*"})
    with pytest.raises(policy.PolicyError, match="NotPrincipal"):
        policy.compile_policy(allow_not, kind="resource", strict=True)
