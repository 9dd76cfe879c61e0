"""Review: resource policies (domain and repository, same and cross account), upstreams,
unknown policies and service keys against AWS's documented logic (spec A.4, A.5, B, D.2-D.6).

Tiny estates built in code, as in `test_review_roles`; where a plain `graph.policy.evaluate`
of the same steps is the ground truth, `oracle_allowed` is set beside the graph's answers.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.access import Verdict
from graph.policy import DenialReason, Outcome
from tests.graph.access.review_answers import READ3, oracle_allowed, reach, whoset
from tests.graph.access.test_review_kit import (
    BEARER_STMT,
    READ_ALL,
    READ_PUBLISH_ALL,
    A,
    B,
    Estate,
    allow,
    deny,
    doc,
    grant,
    user_arn,
)

UNKNOWN = {"$unknown": "AccessDeniedException: the collector may not read this policy"}


# ---------------------------------------------------------------------------------------------
# Resource policies: same account vs cross account, domain + repository (spec A.4, A.5, D.3)


def _resource_case(
    *, ident: Any, dpol: Any = None, rpol: Any = None, account: str = A, boundary: Any = None
) -> tuple[Any, str, str]:
    e = Estate()
    bnd = e.managed(account, "boundary", boundary) if boundary else None
    alice = e.user(account, "alice", *([ident] if ident else []), boundary=bnd)
    e.domain(A, "corp", dpol)
    repo = e.repo(A, "corp", "shared", rpol)
    return e.graph(), alice, repo


ALICE_A = {"AWS": user_arn(A, "alice")}
BEARER_ONLY = doc(BEARER_STMT)
DENY_READ_ALL = doc(
    {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "codeartifact:ReadFromRepository",
        "Resource": "*",
    }
)


@pytest.mark.parametrize(
    ("ident", "dpol", "rpol", "account", "allowed"),
    [
        # same account, user ARN named in domain + repository policies: no identity allow needed
        (BEARER_ONLY, doc(grant(ALICE_A, READ3[0])), doc(grant(ALICE_A, READ3[1:])), A, True),
        # the domain policy alone covers the repositories of the domain (D.3)
        (BEARER_ONLY, doc(grant(ALICE_A, READ3)), None, A, True),
        # same account, only the account named: delegation, identity must allow (A.4, F3)
        (BEARER_ONLY, doc(grant({"AWS": A}, READ3)), doc(grant({"AWS": A}, READ3)), A, False),
        # either policy may deny: deny in the repository, allow in the domain
        (READ_ALL, doc(grant(ALICE_A, READ3)), DENY_READ_ALL, A, False),
        # deny in the domain, allow in the repository
        (READ_ALL, DENY_READ_ALL, doc(grant(ALICE_A, READ3)), A, False),
        # NotPrincipal deny that does not list alice denies her (F30)
        (
            READ_ALL,
            None,
            doc(
                {
                    "Effect": "Deny",
                    "NotPrincipal": {"AWS": user_arn(A, "bob")},
                    "Action": "codeartifact:ReadFromRepository",
                    "Resource": "*",
                }
            ),
            A,
            False,
        ),
        # ... and one that lists her (and her account) does not
        (
            READ_ALL,
            None,
            doc(
                {
                    "Effect": "Deny",
                    "NotPrincipal": {"AWS": [user_arn(A, "alice"), f"arn:aws:iam::{A}:root"]},
                    "Action": "codeartifact:ReadFromRepository",
                    "Resource": "*",
                }
            ),
            A,
            True,
        ),
        # cross account: domain grants the account, identity allows
        (READ_ALL, doc(grant({"AWS": B}, READ3)), None, B, True),
        # cross account: token from the domain, the rest from the repository policy
        (READ_ALL, doc(grant({"AWS": B}, READ3[0])), doc(grant({"AWS": B}, READ3[1:])), B, True),
        # cross account: named in the resource policy but no identity allow (A.5)
        (BEARER_ONLY, doc(grant({"AWS": user_arn(B, "alice")}, READ3)), None, B, False),
        # cross account: no resource policy at all
        (READ_ALL, None, None, B, False),
    ],
    ids=[
        "same-user-named",
        "same-domain-only",
        "same-root-named",
        "repo-deny",
        "domain-deny",
        "notprincipal-unlisted",
        "notprincipal-listed",
        "cross-domain-grant",
        "cross-split-grant",
        "cross-named-no-identity",
        "cross-no-policy",
    ],
)
def test_resource_policy_semantics(
    ident: Any, dpol: Any, rpol: Any, account: str, allowed: bool
) -> None:
    g, alice, repo = _resource_case(ident=ident, dpol=dpol, rpol=rpol, account=account)
    assert oracle_allowed(g, alice, "read", repo) is allowed
    assert (reach(g, alice, repo, "read") is Verdict.ALLOWED) is allowed
    assert (alice in whoset(g, repo, "read")) is allowed
    assert all(s.verdict is Verdict.ALLOWED for s in g.check_steps(alice, "read", repo)) is allowed


def test_domain_policy_cannot_grant_the_bearer_token() -> None:
    """D.2: sts:GetServiceBearerToken has no resource; only identity-side policies allow it."""
    g, alice, repo = _resource_case(
        ident=doc(allow(READ3)), dpol=doc(grant(ALICE_A, ["sts:GetServiceBearerToken", *READ3]))
    )
    steps = {s.step.action: s for s in g.check_steps(alice, "read", repo)}
    bearer = steps["sts:GetServiceBearerToken"]
    assert bearer.verdict is Verdict.DENIED
    assert bearer.decision.reason is DenialReason.NO_IDENTITY_ALLOW
    assert reach(g, alice, repo, "read") is Verdict.DENIED
    assert not oracle_allowed(g, alice, "read", repo)


def test_boundary_limits_a_same_account_user_only_where_identity_decides() -> None:
    """A.4: a resource policy naming the user overrides the boundary, but the bearer token is
    identity-only, so a boundary without it still blocks the login."""
    g, alice, repo = _resource_case(
        ident=READ_ALL,
        dpol=doc(grant(ALICE_A, READ3)),
        boundary=doc(allow("s3:*")),
    )
    steps = {s.step.action: s for s in g.check_steps(alice, "read", repo)}
    assert steps["codeartifact:ReadFromRepository"].verdict is Verdict.ALLOWED
    assert steps["sts:GetServiceBearerToken"].decision.reason is DenialReason.NO_BOUNDARY_ALLOW
    assert reach(g, alice, repo, "read") is Verdict.DENIED


def test_policy_actions_ignore_resource_policies() -> None:
    """D.3: a repository policy granting PutRepositoryPermissionsPolicy to another account is
    ignored; admin cross-account is impossible."""
    e = Estate()
    alice = e.user(B, "alice", doc(allow("codeartifact:*")))
    e.domain(A, "corp", doc(grant({"AWS": B}, "codeartifact:*")))
    repo = e.repo(A, "corp", "shared", doc(grant({"AWS": B}, "codeartifact:*")))
    g = e.graph()
    put = g.check(alice, "codeartifact:PutRepositoryPermissionsPolicy", repo)
    assert put.outcome is Outcome.IMPLICIT_DENY
    assert reach(g, alice, repo, "admin") is not Verdict.ALLOWED


# ---------------------------------------------------------------------------------------------
# Upstreams (spec D.6)


def test_read_reaches_upstreams_and_external_connections_publish_does_not() -> None:
    e = Estate()
    only_app = [
        "arn:aws:codeartifact:us-east-1:111111111111:domain/corp",
        "arn:aws:codeartifact:us-east-1:111111111111:repository/corp/app",
        "arn:aws:codeartifact:us-east-1:111111111111:package/corp/app/*",
    ]
    alice = e.user(
        A,
        "alice",
        doc(
            allow(
                [
                    "codeartifact:GetAuthorizationToken",
                    "codeartifact:GetRepositoryEndpoint",
                    "codeartifact:ReadFromRepository",
                    "codeartifact:PublishPackageVersion",
                    "codeartifact:PutPackageMetadata",
                ],
                only_app,
            ),
            BEARER_STMT,
        ),
    )
    e.domain(A, "corp")
    app = e.repo(A, "corp", "app", upstreams=["mid"])
    mid = e.repo(A, "corp", "mid", upstreams=["store"])
    store = e.repo(A, "corp", "store", external=["public:npmjs"])
    g = e.graph()
    for node in (app, mid, store, "external:public:npmjs"):
        assert reach(g, alice, node, "read") is Verdict.ALLOWED, node
    assert reach(g, alice, app, "publish") is Verdict.ALLOWED
    for node in (mid, store):
        assert reach(g, alice, node, "publish") is not Verdict.ALLOWED
        assert not oracle_allowed(g, alice, "read", node)  # no IAM grant on the upstream itself
    assert alice in whoset(g, store, "read")
    assert alice not in whoset(g, store, "publish")
    (chain,) = g.paths(alice, store, "read")
    assert [h.kind for h in chain.hops] == ["access", "upstream", "upstream"]


def test_denied_downstream_read_does_not_reach_upstreams() -> None:
    e = Estate()
    alice = e.user(A, "alice", doc(allow(READ3[:2]), BEARER_STMT))
    e.domain(A, "corp")
    app = e.repo(A, "corp", "app", upstreams=["store"])
    store = e.repo(A, "corp", "store")
    g = e.graph()
    assert reach(g, alice, app, "read") is Verdict.DENIED
    assert reach(g, alice, store, "read") is not Verdict.ALLOWED
    assert alice not in whoset(g, store, "read")


# ---------------------------------------------------------------------------------------------
# Unknown policies: unknown, never allowed or denied silently


@pytest.mark.parametrize(
    ("dpol", "rpol", "account"),
    [
        (None, UNKNOWN, A),
        (UNKNOWN, None, A),
        (doc(grant({"AWS": B}, READ3)), UNKNOWN, B),
        (UNKNOWN, None, B),
    ],
    ids=["same-repo", "same-domain", "cross-repo", "cross-domain"],
)
def test_unknown_resource_policy_is_unknown(dpol: Any, rpol: Any, account: str) -> None:
    g, alice, repo = _resource_case(ident=READ_ALL, dpol=dpol, rpol=rpol, account=account)
    assert reach(g, alice, repo, "read") is Verdict.UNKNOWN
    assert g.explain(alice, "read", repo).verdict is Verdict.UNKNOWN
    verdicts = [s.verdict for s in g.check_steps(alice, "read", repo)]
    assert Verdict.UNKNOWN in verdicts and Verdict.DENIED not in verdicts


def test_unknown_repository_policy_does_not_hide_an_explicit_identity_deny() -> None:
    ident = doc(allow(READ3), BEARER_STMT, deny("codeartifact:ReadFromRepository"))
    g, alice, repo = _resource_case(ident=ident, rpol=UNKNOWN)
    assert reach(g, alice, repo, "read") is Verdict.DENIED


def test_unknown_managed_policy_makes_the_user_unknown() -> None:
    for own in (None, READ_ALL):
        e = Estate()
        mystery = e.managed(A, "mystery", UNKNOWN)
        alice = e.user(A, "alice", *([own] if own else []), attached=[mystery])
        domain = e.domain(A, "corp")
        repo = e.repo(A, "corp", "shared")
        g = e.graph()
        assert reach(g, alice, domain, "login") is Verdict.UNKNOWN
        assert reach(g, alice, repo, "read") is Verdict.UNKNOWN


def test_unknown_aws_managed_policy_makes_the_user_unknown() -> None:
    e = Estate()
    alice = e.user(A, "alice", attached=["arn:aws:iam::aws:policy/SomethingCollectorsMiss"])
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    g = e.graph()
    assert reach(g, alice, repo, "read") is Verdict.UNKNOWN


def test_who_can_reports_unknown_principals() -> None:
    g, alice, repo = _resource_case(ident=READ_ALL, rpol=UNKNOWN)
    assert whoset(g, repo, "read").get(alice) is Verdict.UNKNOWN


def test_check_does_not_say_allowed_for_an_unknown_policy() -> None:
    g, alice, repo = _resource_case(ident=READ_ALL, rpol=UNKNOWN)
    assert g.check(alice, "codeartifact:ReadFromRepository", repo).outcome is not Outcome.ALLOWED


# ---------------------------------------------------------------------------------------------
# Service keys of another service (spec B, D.2)


def test_bearer_condition_on_codeartifact_actions_never_holds() -> None:
    """A common mistake: the bearer-token condition on the whole statement."""
    one_statement = doc(
        allow(
            [*READ3, "sts:GetServiceBearerToken"],
            Condition={"StringEquals": {"sts:AWSServiceName": "codeartifact.amazonaws.com"}},
        )
    )
    g, alice, repo = _resource_case(ident=one_statement)
    assert not oracle_allowed(g, alice, "read", repo)
    assert reach(g, alice, repo, "read") is Verdict.DENIED


def test_publish_needs_put_package_metadata_and_resource_side_cross_account() -> None:
    e = Estate()
    bob = e.user(B, "bob", READ_PUBLISH_ALL)
    e.domain(A, "corp", doc(grant({"AWS": B}, READ3)))
    repo = e.repo(A, "corp", "shared", doc(grant({"AWS": B}, "codeartifact:PublishPackageVersion")))
    g = e.graph()
    assert reach(g, bob, repo, "read") is Verdict.ALLOWED
    assert reach(g, bob, repo, "publish") is not Verdict.ALLOWED
    failing = [s for s in g.check_steps(bob, "publish", repo) if s.verdict is Verdict.DENIED]
    assert [s.step.action for s in failing] == ["codeartifact:PutPackageMetadata"]
    assert failing[0].decision.reason is DenialReason.NO_RESOURCE_ALLOW
