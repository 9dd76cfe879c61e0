"""Review: role chains, trust policies, role boundaries and SCP/RCP exemptions against AWS's
documented logic (spec A.2, A.5, A.6, A.12, C).

Each test builds a tiny estate in code and compares `reachable` / `who_can` / `check_steps`
with a plain `graph.policy.evaluate` of the same steps (`oracle_allowed`) where that is the
ground truth. Tests marked xfail(strict) document a bug.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.access import Verdict
from graph.policy import DenialReason
from tests.graph.access.review_answers import READ3, edge, oracle_allowed, reach, whoset
from tests.graph.access.test_review_kit import (
    BEARER_STMT,
    ORG_ID,
    READ_ALL,
    A,
    B,
    C,
    Estate,
    M,
    allow,
    deny,
    doc,
    grant,
    role_arn,
    trust,
    user_arn,
)

DENY_ALL_CA_RCP = doc(
    {"Effect": "Deny", "Principal": "*", "Action": "codeartifact:*", "Resource": "*"}
)


# ---------------------------------------------------------------------------------------------
# Cross-account role chain: user in A -> role in B -> repository in C (spec A.5, C.1, C.5)


def _chain(
    *,
    scps: list[tuple[str, Any, list[str]]] | None = None,
    rcps: list[tuple[str, Any, list[str]]] | None = None,
    trust_principal: Any = None,
    assume_allowed: bool = True,
) -> tuple[Estate, str, str, str]:
    e = Estate()
    hop = role_arn(B, "hop")
    alice = e.user(
        A, "alice", doc(allow("sts:AssumeRole", hop)) if assume_allowed else doc(allow("s3:*"))
    )
    e.role(B, "hop", trust(trust_principal or {"AWS": f"arn:aws:iam::{A}:root"}), READ_ALL)
    e.domain(C, "corp", doc(grant({"AWS": B}, READ3)))
    repo = e.repo(C, "corp", "shared")
    e.org([A, B, C], scps=scps or [], rcps=rcps or [])
    return e, alice, hop, repo


def test_chain_across_three_accounts_reaches() -> None:
    e, alice, hop, repo = _chain()
    g = e.graph()
    assert reach(g, alice, repo, "read") is Verdict.ALLOWED
    assert oracle_allowed(g, hop, "read", repo)
    assert [h.kind for h in g.paths(alice, repo, "read")[0].hops] == ["can_assume", "access"]
    assert set(whoset(g, repo, "read")) == {alice, hop}


@pytest.mark.parametrize(
    ("where", "action", "alice_reaches"),
    [
        (A, "sts:AssumeRole", False),  # SCP of the first hop's caller (alice's account)
        (B, "sts:AssumeRole", True),  # the role's own account: not alice's SCP
        (B, "codeartifact:*", False),  # SCP of the second hop's caller (the role's account)
        (A, "codeartifact:*", True),  # alice makes no CodeArtifact call herself
        (C, "codeartifact:*", True),  # the resource owner's SCPs never bind outsiders
    ],
)
def test_chain_scps_bind_each_hops_caller(where: str, action: str, alice_reaches: bool) -> None:
    e, alice, _, repo = _chain(scps=[("deny", doc(deny(action)), [where])])
    g = e.graph()
    assert (reach(g, alice, repo, "read") is Verdict.ALLOWED) is alice_reaches


@pytest.mark.parametrize(
    ("where", "action", "alice_reaches"),
    [
        (B, "sts:AssumeRole", False),  # RCPs of the role's account apply to sts:AssumeRole
        (A, "sts:AssumeRole", True),  # the caller's account's RCPs do not
        (C, "codeartifact:*", False),  # the repository's account's RCPs apply to the read
        (B, "codeartifact:*", True),  # the caller's account's RCPs do not
    ],
)
def test_chain_rcps_bind_the_resource_account(where: str, action: str, alice_reaches: bool) -> None:
    rcp = doc({"Effect": "Deny", "Principal": "*", "Action": action, "Resource": "*"})
    e, alice, _, repo = _chain(rcps=[("rcp", rcp, [where])])
    g = e.graph()
    assert (reach(g, alice, repo, "read") is Verdict.ALLOWED) is alice_reaches


def test_cross_account_assume_needs_the_callers_identity_allow() -> None:
    e, alice, _, repo = _chain(assume_allowed=False)
    g = e.graph()
    assert reach(g, alice, repo, "read") is not Verdict.ALLOWED


def test_trust_naming_the_user_arn_needs_identity_cross_account_too() -> None:
    """Cross-account, the trust naming alice herself is still only the resource side."""
    e, alice, _, repo = _chain(assume_allowed=False, trust_principal={"AWS": user_arn(A, "alice")})
    g = e.graph()
    assert reach(g, alice, repo, "read") is not Verdict.ALLOWED


# ---------------------------------------------------------------------------------------------
# Trust policies (spec C.1, C.3, C.4)


def _assume(trust_doc: Any, *, caller_is_role: bool = False, org: bool = True) -> tuple[Any, ...]:
    e = Estate()
    target = role_arn(B, "target")
    policy = doc(allow("sts:AssumeRole", target))
    if caller_is_role:
        caller = e.role(A, "caller", trust({"Service": "ec2.amazonaws.com"}), policy)
    else:
        caller = e.user(A, "alice", policy)
    e.role(B, "target", trust_doc, READ_ALL)
    e.domain(B, "corp")
    repo = e.repo(B, "corp", "shared")
    if org:
        e.org([A, B])
    g = e.graph()
    return g, caller, target, repo


@pytest.mark.parametrize(
    ("trust_doc", "caller_is_role", "org", "expected"),
    [
        (trust({"AWS": role_arn(A, "caller")}), True, True, Verdict.ALLOWED),
        (trust({"AWS": role_arn(A, "other")}), True, True, None),
        (trust({"AWS": A}), False, True, Verdict.ALLOWED),
        (trust({"AWS": B}), False, True, None),
        (
            trust("*", Condition={"StringEquals": {"aws:PrincipalOrgID": ORG_ID}}),
            False,
            True,
            Verdict.ALLOWED,
        ),
        (
            trust("*", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-someoneelse"}}),
            False,
            True,
            None,
        ),
        (  # not in any organisation: aws:PrincipalOrgID is absent, StringEquals fails
            trust("*", Condition={"StringEquals": {"aws:PrincipalOrgID": ORG_ID}}),
            False,
            False,
            None,
        ),
        (
            doc(
                {"Effect": "Allow", "Principal": {"AWS": A}, "Action": "sts:AssumeRole"},
                {
                    "Effect": "Deny",
                    "Principal": {"AWS": user_arn(A, "alice")},
                    "Action": "sts:AssumeRole",
                },
            ),
            False,
            True,
            None,
        ),
        (
            trust({"AWS": A}, Condition={"StringEquals": {"sts:ExternalId": "x-1"}}),
            False,
            True,
            Verdict.CONDITIONAL,
        ),
    ],
    ids=[
        "role-arn-named",
        "other-role-named",
        "account-named",
        "wrong-account",
        "star-orgid-match",
        "star-orgid-other",
        "star-orgid-no-org",
        "deny-in-trust",
        "external-id",
    ],
)
def test_trust_policy_forms(
    trust_doc: Any, caller_is_role: bool, org: bool, expected: Verdict | None
) -> None:
    g, caller, target, repo = _assume(trust_doc, caller_is_role=caller_is_role, org=org)
    hop = edge(g, caller, target, "can_assume")
    got = Verdict(hop["verdict"]) if hop else None
    assert (got if got is not None and got.reaches else None) == expected
    via = reach(g, caller, repo, "read")
    assert (via if via is not None and via.reaches else None) == expected


def test_external_id_assumption_makes_the_hop_allowed() -> None:
    g, caller, target, repo = _assume(
        trust({"AWS": A}, Condition={"StringEquals": {"sts:ExternalId": "x-1"}})
    )
    g2 = g.with_context({"sts:ExternalId": "x-1"})
    assert edge(g2, caller, target, "can_assume")["verdict"] == "allowed"  # type: ignore[index]
    assert reach(g2, caller, repo, "read") is Verdict.ALLOWED


def test_same_account_trust_naming_the_user_needs_no_identity_allow() -> None:
    """C.1: same account, trust names the user ARN: nothing extra on the identity side."""
    e = Estate()
    alice = e.user(A, "alice", doc(allow("s3:*")))
    reader = e.role(A, "reader", trust({"AWS": user_arn(A, "alice")}), READ_ALL)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    g = e.graph()
    assert edge(g, alice, reader, "can_assume")["verdict"] == "allowed"  # type: ignore[index]
    assert reach(g, alice, repo, "read") is Verdict.ALLOWED


def test_same_account_trust_naming_the_account_needs_identity_allow() -> None:
    """C.1 / scenario F49: the account principal only delegates."""
    e = Estate()
    alice = e.user(A, "alice", doc(allow("s3:*")))
    e.role(A, "reader", trust({"AWS": A}), READ_ALL)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    g = e.graph()
    assert reach(g, alice, repo, "read") is not Verdict.ALLOWED


def test_denied_assume_that_the_caller_tries_is_kept() -> None:
    e, alice, hop, _ = _chain(scps=[("deny", doc(deny("sts:AssumeRole")), [A])])
    g = e.graph()
    data = edge(g, alice, hop, "can_assume")
    assert data is not None and data["verdict"] == "denied"


# ---------------------------------------------------------------------------------------------
# Permission boundary on a role, also when reached via a chain


def test_role_boundary_limits_access_also_through_a_chain() -> None:
    e = Estate()
    bnd = e.managed(
        A,
        "login-only",
        doc(allow(["codeartifact:GetAuthorizationToken", "codeartifact:GetRepositoryEndpoint"])),
    )
    bnd_with_bearer = e.managed(
        A,
        "login-bearer",
        doc(
            allow(["codeartifact:GetAuthorizationToken", "codeartifact:GetRepositoryEndpoint"]),
            BEARER_STMT,
        ),
    )
    worker = e.role(A, "worker", trust({"AWS": A}), READ_ALL, boundary=bnd_with_bearer)
    plain = e.role(A, "plain", trust({"AWS": A}), READ_ALL, boundary=bnd)
    alice = e.user(A, "alice", doc(allow("sts:AssumeRole", [worker, plain])))
    domain = e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    g = e.graph()
    assert reach(g, worker, domain, "login") is Verdict.ALLOWED
    assert reach(g, alice, domain, "login") is Verdict.ALLOWED  # via worker
    assert reach(g, plain, domain, "login") is Verdict.DENIED  # boundary lacks the bearer token
    assert reach(g, worker, repo, "read") is Verdict.DENIED
    assert reach(g, alice, repo, "read") is Verdict.DENIED
    assert not oracle_allowed(g, worker, "read", repo)
    assert whoset(g, repo, "read") == {}
    read = {s.step.action: s for s in g.check_steps(worker, "read", repo)}
    assert read["codeartifact:ReadFromRepository"].decision.reason is DenialReason.NO_BOUNDARY_ALLOW


# ---------------------------------------------------------------------------------------------
# SCP / RCP exemptions: service-linked roles, the management account (spec A.2, A.6, A.12)


def _exemptions(
    scp: Any = None, rcp: Any = None, resource_owner: str = A
) -> tuple[Any, str, str, str, str]:
    e = Estate()
    slr = e.role(
        A,
        "AWSServiceRoleForThing",
        trust({"Service": "thing.amazonaws.com"}),
        READ_ALL,
        path="/aws-service-role/thing.amazonaws.com/",
    )
    plain = e.role(A, "plain", trust({"Service": "thing.amazonaws.com"}), READ_ALL)
    boss = e.user(M, "boss", READ_ALL)
    e.domain(resource_owner, "corp", doc(grant({"AWS": [A, M]}, READ3)))
    repo = e.repo(resource_owner, "corp", "shared")
    e.org(
        [A],
        scps=[("scp", scp, ["root"])] if scp else [],
        rcps=[("rcp", rcp, ["root"])] if rcp else [],
    )
    return e.graph(), slr, plain, boss, repo


def test_scps_do_not_bind_service_linked_roles_or_the_management_account() -> None:
    g, slr, plain, boss, repo = _exemptions(scp=doc(deny("codeartifact:*")))
    assert reach(g, slr, repo, "read") is Verdict.ALLOWED
    assert reach(g, boss, repo, "read") is Verdict.ALLOWED
    assert reach(g, plain, repo, "read") is Verdict.DENIED
    for who in (slr, boss, plain):
        assert oracle_allowed(g, who, "read", repo) is (who != plain)


def test_rcps_do_not_bind_resources_of_the_management_account() -> None:
    g, _slr, plain, _boss, repo = _exemptions(rcp=DENY_ALL_CA_RCP, resource_owner=M)
    assert reach(g, plain, repo, "read") is Verdict.ALLOWED


def test_rcps_do_not_bind_service_linked_roles() -> None:
    g, slr, plain, _boss, repo = _exemptions(rcp=DENY_ALL_CA_RCP)
    assert reach(g, plain, repo, "read") is Verdict.DENIED
    assert oracle_allowed(g, slr, "read", repo)
    assert reach(g, slr, repo, "read") is Verdict.ALLOWED


def test_no_scp_allow_at_the_account_level_denies() -> None:
    e = Estate()
    alice = e.user(A, "alice", READ_ALL)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    e.org(
        [A],
        full_access_everywhere=False,
        scps=[("FullAWSAccess", doc(allow("*")), ["root"])],
    )
    g = e.graph()
    assert reach(g, alice, repo, "read") is Verdict.DENIED
    first = g.check_steps(alice, "read", repo)[0]
    assert first.decision.reason is DenialReason.NO_SCP_ALLOW
