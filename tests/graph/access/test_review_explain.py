"""Review: `explain` hop verdicts, fixes that really open the path (`whatif.apply_fix`), and
`explain_error` on AccessDenied texts as tools print them. xfail(strict) tests document bugs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import graph
from graph.access import AccessGraph, Verdict, parse_error
from graph.access.whatif import apply_fix
from graph.policy import DenialReason
from tests.graph.access.review_answers import oracle_allowed, reach
from tests.graph.access.test_review_kit import (
    READ_ALL,
    READ_PUBLISH_ALL,
    A,
    B,
    Estate,
    allow,
    deny,
    doc,
    grant,
    role_arn,
    trust,
    user_arn,
)

READ3 = [
    "codeartifact:GetAuthorizationToken",
    "codeartifact:GetRepositoryEndpoint",
    "codeartifact:ReadFromRepository",
]
STATEMENT_FIXES = (
    "identity_policy",
    "domain_policy",
    "repository_policy",
    "trust_policy",
    "permission_boundary",
)


# ---------------------------------------------------------------------------------------------
# Hop verdicts


def test_chain_hop_verdicts_external_id() -> None:
    e = Estate()
    reader = role_arn(B, "reader")
    alice = e.user(A, "alice", doc(allow("sts:AssumeRole", reader)))
    e.role(
        B,
        "reader",
        trust({"AWS": A}, Condition={"StringEquals": {"sts:ExternalId": "x-1"}}),
        READ_ALL,
    )
    e.domain(B, "corp")
    repo = e.repo(B, "corp", "shared")
    g = e.graph()
    ex = g.explain(alice, "read", repo)
    assert [(h.hop.kind, h.verdict) for h in ex.hops] == [
        ("can_assume", Verdict.CONDITIONAL),
        ("access", Verdict.ALLOWED),
    ]
    assert ex.verdict is Verdict.CONDITIONAL
    assert any("sts:ExternalId" in c for c in ex.chain.conditions)
    assert g.explain(alice, "read", repo, context={"sts:ExternalId": "x-1"}).verdict is (
        Verdict.ALLOWED
    )


def test_chain_hop_verdicts_role_boundary() -> None:
    e = Estate()
    bnd = e.managed(B, "no-read", doc(allow(READ3[:2]), allow("sts:GetServiceBearerToken")))
    reader = e.role(B, "reader", trust({"AWS": A}), READ_ALL, boundary=bnd)
    alice = e.user(A, "alice", doc(allow("sts:AssumeRole", reader)))
    e.domain(B, "corp")
    repo = e.repo(B, "corp", "shared")
    g = e.graph()
    ex = g.explain(alice, "read", repo)
    assert ex.verdict is Verdict.DENIED
    assert [(h.hop.kind, h.verdict) for h in ex.hops] == [
        ("can_assume", Verdict.ALLOWED),
        ("access", Verdict.DENIED),
    ]
    failing = [s for s in ex.hops[-1].steps if not s.verdict.reaches]
    assert [s.step.action for s in failing] == ["codeartifact:ReadFromRepository"]
    assert failing[0].decision.reason is DenialReason.NO_BOUNDARY_ALLOW
    assert [(f.kind, f.node) for f in ex.fixes] == [("permission_boundary", reader)]
    fixed = AccessGraph.from_snapshot(apply_fix(g.snapshot, ex.fixes[0]))
    assert reach(fixed, alice, repo, "read") is Verdict.ALLOWED


def test_explain_shows_an_scp_denied_assume_hop() -> None:
    e = Estate()
    reader = role_arn(B, "reader")
    alice = e.user(A, "alice", doc(allow("sts:AssumeRole", reader)))
    e.role(B, "reader", trust({"AWS": A}), READ_ALL)
    e.domain(B, "corp")
    repo = e.repo(B, "corp", "shared")
    e.org([A, B], scps=[("no-assume", doc(deny("sts:AssumeRole")), [A])])
    ex = e.graph().explain(alice, "read", repo)
    assert ex.hops[0].hop.kind == "can_assume"
    assert ex.hops[0].steps[0].decision.reason is DenialReason.EXPLICIT_DENY


# ---------------------------------------------------------------------------------------------
# Fixes: applying every offered statement fix must open the path (or cax must say it cannot)


def _fix_until_open(e: Estate, who: str, capability: str, resource: str, rounds: int = 3) -> bool:
    snapshot = e.snapshot()
    g = AccessGraph.from_snapshot(snapshot)
    for _ in range(rounds):
        ex = g.explain(who, capability, resource)
        if ex.verdict is Verdict.ALLOWED:
            actor = ex.hops[-1].hop.source  # the access hop's caller (the last role of a chain)
            return oracle_allowed(g, actor, capability, resource)
        fixes = [f for f in ex.fixes if f.kind in STATEMENT_FIXES]
        if not fixes:
            return False
        for fix in fixes:
            snapshot = apply_fix(snapshot, fix)
        g = AccessGraph.from_snapshot(snapshot)
    return False


def _cross_no_resource_policy() -> tuple[Estate, str, str, str]:
    e = Estate()
    bob = e.user(B, "bob", READ_ALL)
    e.domain(A, "corp")
    return e, bob, "read", e.repo(A, "corp", "shared")


def _boundary() -> tuple[Estate, str, str, str]:
    e = Estate()
    bnd = e.managed(A, "bnd", doc(allow("s3:*")))
    alice = e.user(A, "alice", READ_ALL, boundary=bnd)
    e.domain(A, "corp")
    return e, alice, "read", e.repo(A, "corp", "shared")


def _trust_misses_caller() -> tuple[Estate, str, str, str]:
    e = Estate()
    reader = role_arn(B, "reader")
    alice = e.user(A, "alice", doc(allow("sts:AssumeRole", reader)))
    e.role(B, "reader", trust({"AWS": role_arn(B, "someone")}), READ_ALL)
    e.domain(B, "corp")
    return e, alice, "read", e.repo(B, "corp", "shared")


def _cross_publish() -> tuple[Estate, str, str, str]:
    e = Estate()
    bob = e.user(B, "bob", READ_PUBLISH_ALL)
    e.domain(A, "corp", doc(grant({"AWS": B}, READ3)))
    return e, bob, "publish", e.repo(A, "corp", "shared")


def _cross_login() -> tuple[Estate, str, str, str]:
    e = Estate()
    bob = e.user(B, "bob", READ_ALL)
    return e, bob, "login", e.domain(A, "corp")


def _same_account_no_identity() -> tuple[Estate, str, str, str]:
    e = Estate()
    alice = e.user(A, "alice", doc(allow("s3:*")))
    e.domain(A, "corp")
    return e, alice, "read", e.repo(A, "corp", "shared")


@pytest.mark.parametrize(
    "make",
    [
        _cross_no_resource_policy,
        _boundary,
        _trust_misses_caller,
        _cross_publish,
        _cross_login,
        pytest.param(
            _same_account_no_identity,
        ),
    ],
)
def test_fixes_open_the_path(make: Callable[[], tuple[Estate, str, str, str]]) -> None:
    e, who, capability, resource = make()
    assert _fix_until_open(e, who, capability, resource)


def test_no_resource_policy_fix_for_policy_actions() -> None:
    e = Estate()
    bob = e.user(B, "bob", doc(allow("codeartifact:*")))
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    ex = e.graph().explain(bob, "admin", repo)
    offered = [f for f in ex.fixes if f.kind in ("repository_policy", "domain_policy")]
    # AWS documents the resource policy as ignored for the Put*PermissionsPolicy calls only.
    assert not any("PutRepositoryPermissionsPolicy" in json.dumps(f.statements) for f in offered)
    assert any(f.kind == "none" and "PutRepositoryPermissionsPolicy" in f.note for f in ex.fixes)


def test_identity_fix_statement_scopes_the_bearer_condition() -> None:
    """The fix for a missing bearer token alone carries the documented condition."""
    e = Estate()
    alice = e.user(A, "alice", doc(allow(READ3)))
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    g = e.graph()
    (fix,) = g.explain(alice, "read", repo).fixes
    assert fix.statement["Action"] == "sts:GetServiceBearerToken"
    assert fix.statement["Resource"] == "*"
    assert fix.statement["Condition"] == {
        "StringEquals": {"sts:AWSServiceName": "codeartifact.amazonaws.com"}
    }
    fixed = AccessGraph.from_snapshot(apply_fix(g.snapshot, fix))
    assert reach(fixed, alice, repo, "read") is Verdict.ALLOWED
    assert oracle_allowed(fixed, alice, "read", repo)


def test_explicit_deny_gets_no_statement_fix() -> None:
    e = Estate()
    alice = e.user(A, "alice", doc(*READ_ALL["Statement"], deny("codeartifact:ReadFromRepository")))
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    ex = e.graph().explain(alice, "read", repo)
    assert [f.kind for f in ex.fixes] == ["remove_deny"]


# ---------------------------------------------------------------------------------------------
# explain_error: AccessDenied texts as tools print them

ALICE = user_arn(B, "alice")
REPO = "arn:aws:codeartifact:us-east-1:111111111111:repository/corp/shared"
PKG = "arn:aws:codeartifact:us-east-1:111111111111:package/corp/shared/pypi//requests"
DOMAIN = "arn:aws:codeartifact:us-east-1:111111111111:domain/corp"


def _core(action: str, resource: str, tail: str = "") -> str:
    core = f"User: {ALICE} is not authorized to perform: {action} on resource: {resource}"
    return f"{core} {tail}" if tail else core


READ = "codeartifact:ReadFromRepository"
NO_RES = f"because no resource-based policy allows the {READ} action"

TOOL_FORMS: list[tuple[str, str, str, str, DenialReason | None]] = [
    (
        "npm",
        "npm ERR! code E403\nnpm ERR! 403 403 Forbidden - GET https://corp-111111111111.d."
        "codeartifact.us-east-1.amazonaws.com/npm/shared/lodash - "
        + _core(READ, REPO, NO_RES)
        + "\nnpm ERR! 403 In most cases, you or one of your dependencies are requesting\n"
        "npm ERR! 403 a package version that is forbidden by your security policy, or\n"
        "npm ERR! 403 on a server you do not have access to.",
        READ,
        REPO,
        DenialReason.NO_RESOURCE_ALLOW,
    ),
    (
        "twine-json-body",
        "HTTPError: 403 Forbidden from https://corp-111111111111.d.codeartifact.us-east-1."
        'amazonaws.com/pypi/shared/\n{"message":"'
        + _core(
            "codeartifact:PublishPackageVersion",
            PKG,
            "because no resource-based policy allows the codeartifact:PublishPackageVersion action",
        )
        + '"}',
        "codeartifact:PublishPackageVersion",
        PKG,
        DenialReason.NO_RESOURCE_ALLOW,
    ),
    (
        "pip",
        "ERROR: HTTP error 403 while getting https://corp-111111111111.d.codeartifact.us-east-1."
        "amazonaws.com/pypi/shared/simple/requests/\nERROR: 403 Client Error: Forbidden - "
        + _core(READ, REPO, f"because no identity-based policy allows the {READ} action"),
        READ,
        REPO,
        DenialReason.NO_IDENTITY_ALLOW,
    ),
    (
        "java-sdk-mvn",
        _core(
            "codeartifact:GetAuthorizationToken",
            DOMAIN,
            "because no identity-based policy allows the codeartifact:GetAuthorizationToken "
            "action (Service: Codeartifact, Status Code: 403, Request ID: 4c1e-11)",
        ),
        "codeartifact:GetAuthorizationToken",
        DOMAIN,
        DenialReason.NO_IDENTITY_ALLOW,
    ),
    (
        "explicit-deny-identity-with-arn",
        _core(
            READ,
            REPO,
            "with an explicit deny in an identity-based policy: "
            "arn:aws:iam::222222222222:policy/DenyEverything",
        ),
        READ,
        REPO,
        DenialReason.EXPLICIT_DENY,
    ),
]


@pytest.mark.parametrize(
    ("text", "action", "resource", "reason"),
    [f[1:] for f in TOOL_FORMS],
    ids=[f[0] for f in TOOL_FORMS],
)
def test_parse_tool_wrapped_messages(
    text: str, action: str, resource: str, reason: DenialReason | None
) -> None:
    parsed = parse_error(text)
    assert (parsed.principal, parsed.action, parsed.resource, parsed.reason) == (
        ALICE,
        action,
        resource,
        reason,
    )


BROKEN_FORMS = [
    (
        "npm-no-reason",
        "npm ERR! code E403\nnpm ERR! 403 403 Forbidden - GET https://x/npm/shared/lodash - "
        + _core(READ, REPO)
        + "\nnpm ERR! 403 In most cases, you or one of your dependencies are requesting",
    ),
    ("json-body-no-reason", '{"message":"' + _core(READ, REPO) + '"}'),
    (
        "quoted-no-reason",
        "status code: 403, reason phrase: Forbidden -> '" + _core(READ, REPO) + "'",
    ),
]


@pytest.mark.parametrize("text", [f[1] for f in BROKEN_FORMS], ids=[f[0] for f in BROKEN_FORMS])
def test_parse_reasonless_messages_inside_tool_output(text: str) -> None:
    parsed = parse_error(text)
    assert (parsed.principal, parsed.action, parsed.resource) == (ALICE, READ, REPO)


def _cross_account_graph(**org: Any) -> AccessGraph:
    e = Estate()
    e.user(B, "alice", READ_ALL)
    e.domain(A, "corp")
    e.repo(A, "corp", "shared")
    if org:
        e.org([A, B], **org)
    return e.graph()


def test_explain_error_agrees_on_a_cross_account_login() -> None:
    g = _cross_account_graph()
    text = (
        "An error occurred (AccessDeniedException) when calling the GetAuthorizationToken "
        "operation: "
        + _core(
            "codeartifact:GetAuthorizationToken",
            DOMAIN,
            "because no resource-based policy allows the codeartifact:GetAuthorizationToken action",
        )
    )
    result = graph.explain_error(g, text)
    assert result.agrees is True
    assert result.explanation.verdict is Verdict.DENIED
    assert [f.kind for f in result.explanation.fixes] == ["domain_policy"]


def test_explain_error_agrees_on_an_scp_deny() -> None:
    g = _cross_account_graph(scps=[("no-ca", doc(deny("codeartifact:*")), [B])])
    text = _core(READ, REPO, "with an explicit deny in a service control policy")
    result = graph.explain_error(g, text)
    assert result.agrees is True
    assert result.cax_reason is DenialReason.EXPLICIT_DENY
