"""Review: the evaluator's caches, the build's actor classes and the prefilter's blocks never
give one principal (or repository) another's answer.

Every case holds two principals (or repositories) that differ only in something a policy
reads; each one's graph answer must equal a plain `policy.evaluate` of its own request.
Tests marked xfail(strict) document a bug.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.access import Verdict
from tests.graph.access.review_answers import edge, oracle_allowed, reach, whoset
from tests.graph.access.test_review_kit import (
    BEARER_STMT,
    READ_ALL,
    REGION,
    A,
    B,
    Estate,
    allow,
    doc,
    grant,
    repo_arn,
    role_arn,
    trust,
    user_arn,
)

READ3 = [
    "codeartifact:GetAuthorizationToken",
    "codeartifact:GetRepositoryEndpoint",
    "codeartifact:ReadFromRepository",
]
LOGIN_ONLY = doc(allow(READ3[:2]), BEARER_STMT)


def _twins(
    *,
    ident: Any = READ_ALL,
    dpol: Any = None,
    rpol: Any = None,
    tags: tuple[dict[str, str], dict[str, str]] = ({}, {}),
    names: tuple[str, str] = ("alice", "bob"),
    kind: str = "user",
    account: str = A,
    rcp: Any = None,
) -> tuple[Any, list[str], str]:
    """Two principals with the very same policies (through one group for users)."""
    e = Estate()
    e.group(account, "devs", ident)
    principals = []
    for name, t in zip(names, tags, strict=True):
        if kind == "user":
            principals.append(e.user(account, name, groups=["devs"], tags=t))
        else:
            principals.append(
                e.role(account, name, trust({"Service": "ec2.amazonaws.com"}), ident, tags=t)
            )
    e.domain(A, "corp", dpol)
    repo = e.repo(A, "corp", "shared", rpol)
    if rcp is not None:
        e.org([A, B], rcps=[("rcp", rcp, ["root"])])
    return e.graph(), principals, repo


def _assert_each_gets_its_own_answer(g: Any, principals: list[str], repo: str) -> None:
    truths = [oracle_allowed(g, p, "read", repo) for p in principals]
    assert truths[0] != truths[1], "the case must tell the twins apart"
    for principal, truth in zip(principals, truths, strict=True):
        assert (reach(g, principal, repo, "read") is Verdict.ALLOWED) is truth, principal
        assert (principal in whoset(g, repo, "read")) is truth, principal
        assert (g.explain(principal, "read", repo).verdict is Verdict.ALLOWED) is truth


# ---------------------------------------------------------------------------------------------
# What the caller's own (identity-side) policies read: handled


@pytest.mark.parametrize(
    "case",
    [
        dict(
            ident=doc(
                allow(READ3, Condition={"StringEquals": {"aws:PrincipalTag/team": "web"}}),
                BEARER_STMT,
            ),
            tags=({"team": "web"}, {"team": "data"}),
        ),
        dict(
            ident=doc(
                allow(READ3[:2]),
                allow(
                    "codeartifact:ReadFromRepository",
                    f"arn:aws:codeartifact:{REGION}:{A}:repository/corp/${{aws:username}}",
                ),
                BEARER_STMT,
            ),
            names=("shared", "bob"),
        ),
        dict(
            ident=doc(
                allow(
                    READ3,
                    Condition={"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{A}:user/al*"}},
                ),
                BEARER_STMT,
            ),
        ),
        pytest.param(
            dict(
                ident=doc(
                    allow(READ3, Condition={"StringEquals": {"aws:PrincipalTag/team": "web"}}),
                    BEARER_STMT,
                ),
                tags=({"team": "web"}, {}),
                kind="role",
            ),
        ),
    ],
    ids=["principal-tag", "username-variable", "principal-arn", "role-tag-vs-none"],
)
def test_identity_side_differences_are_kept_apart(case: dict[str, Any]) -> None:
    g, principals, repo = _twins(**case)
    _assert_each_gets_its_own_answer(g, principals, repo)


def test_untagged_principal_with_a_principal_tag_policy_builds() -> None:
    e = Estate()
    alice = e.user(
        A,
        "alice",
        doc(
            allow(READ3, Condition={"StringEquals": {"aws:PrincipalTag/team": "web"}}),
            BEARER_STMT,
        ),
    )
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    g = e.graph()
    assert reach(g, alice, repo, "read") is Verdict.DENIED


@pytest.mark.parametrize(
    "case",
    [
        dict(ident=LOGIN_ONLY, rpol=doc(grant({"AWS": user_arn(A, "alice")}, READ3[2]))),
        dict(
            ident=LOGIN_ONLY,
            rpol=doc(grant({"AWS": role_arn(A, "alice")}, READ3[2])),
            kind="role",
        ),
        dict(
            ident=LOGIN_ONLY,
            rpol=doc(grant({"AWS": f"arn:aws:sts::{A}:assumed-role/alice/cax"}, READ3[2])),
            kind="role",
        ),
    ],
    ids=["user-named", "role-named", "session-named"],
)
def test_a_resource_policy_naming_one_twin(case: dict[str, Any]) -> None:
    g, principals, repo = _twins(**case)
    _assert_each_gets_its_own_answer(g, principals, repo)


# ---------------------------------------------------------------------------------------------
# What resource-side policies read about the caller: the build's classes ignore it


DENY_UNLESS = {
    "Effect": "Deny",
    "Principal": "*",
    "Action": "codeartifact:ReadFromRepository",
    "Resource": "*",
}


def test_repository_policy_reading_principal_arn() -> None:
    rpol = doc(
        {**DENY_UNLESS, "Condition": {"ArnNotEquals": {"aws:PrincipalArn": user_arn(A, "alice")}}}
    )
    g, principals, repo = _twins(rpol=rpol)
    _assert_each_gets_its_own_answer(g, principals, repo)


def test_repository_policy_reading_principal_tag() -> None:
    rpol = doc({**DENY_UNLESS, "Condition": {"StringNotEquals": {"aws:PrincipalTag/team": "web"}}})
    g, principals, repo = _twins(rpol=rpol, tags=({"team": "web"}, {"team": "data"}))
    _assert_each_gets_its_own_answer(g, principals, repo)


def test_domain_policy_reading_username() -> None:
    dpol = doc(grant("*", READ3[2], Condition={"StringEquals": {"aws:username": "alice"}}))
    g, principals, repo = _twins(ident=LOGIN_ONLY, dpol=dpol)
    _assert_each_gets_its_own_answer(g, principals, repo)


def test_rcp_reading_principal_arn() -> None:
    rcp = doc(
        {
            "Effect": "Deny",
            "Principal": "*",
            "Action": "codeartifact:*",
            "Resource": "*",
            "Condition": {"ArnNotLike": {"aws:PrincipalArn": user_arn(B, "alice")}},
        }
    )
    g, principals, repo = _twins(account=B, dpol=doc(grant({"AWS": B}, READ3)), rcp=rcp)
    _assert_each_gets_its_own_answer(g, principals, repo)


def test_resource_policy_naming_a_role_in_another_case() -> None:
    rpol = doc(grant({"AWS": role_arn(A, "Alice")}, READ3[2]))
    g, principals, repo = _twins(ident=LOGIN_ONLY, rpol=rpol, kind="role")
    _assert_each_gets_its_own_answer(g, principals, repo)


# ---------------------------------------------------------------------------------------------
# Trust policies reading the caller: add_trust shares one evaluation per identity-side class


def _trust_twins(trust_doc: Any, tags: tuple[dict[str, str], dict[str, str]] = ({}, {})) -> None:
    e = Estate()
    target = role_arn(A, "target")
    e.group(A, "devs", doc(allow("sts:AssumeRole", target)))
    users = [
        e.user(A, name, groups=["devs"], tags=t)
        for name, t in zip(("ci-1", "dev-1"), tags, strict=True)
    ]
    e.role(A, "target", trust_doc, READ_ALL)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "shared")
    g = e.graph()
    ci, dev = users
    assert (edge(g, ci, target, "can_assume") or {}).get("verdict") == "allowed"
    assert reach(g, ci, repo, "read") is Verdict.ALLOWED
    assert (edge(g, dev, target, "can_assume") or {}).get("verdict") != "allowed"
    assert reach(g, dev, repo, "read") is not Verdict.ALLOWED
    assert dev not in whoset(g, repo, "read")


def test_trust_naming_one_user_by_arn() -> None:
    _trust_twins(trust({"AWS": user_arn(A, "ci-1")}))


def test_trust_condition_on_principal_arn() -> None:
    _trust_twins(
        trust(
            {"AWS": A}, Condition={"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{A}:user/ci-*"}}
        )
    )


def test_trust_condition_on_principal_tag() -> None:
    _trust_twins(
        trust({"AWS": A}, Condition={"StringEquals": {"aws:PrincipalTag/role": "ci"}}),
        tags=({"role": "ci"}, {"role": "dev"}),
    )


# ---------------------------------------------------------------------------------------------
# Repositories that differ only in something a policy reads


def _repos(ident: Any, *, dpol: Any = None, account: str = A, repos: Any = None) -> None:
    e = Estate()
    alice = e.user(account, "alice", ident)
    e.domain(A, "corp", dpol)
    names = repos or (("r1", {}), ("r2", {}))
    nodes = [e.repo(A, "corp", name, tags=tags) for name, tags in names]
    g = e.graph()
    truths = [oracle_allowed(g, alice, "read", n) for n in nodes]
    assert truths[0] != truths[1], "the case must tell the repositories apart"
    for node, truth in zip(nodes, truths, strict=True):
        assert (reach(g, alice, node, "read") is Verdict.ALLOWED) is truth, node
        assert (alice in whoset(g, node, "read")) is truth, node


def test_identity_resource_naming_one_repository() -> None:
    _repos(doc(allow(READ3[:2]), allow(READ3[2], repo_arn(A, "corp", "r1")), BEARER_STMT))


def test_identity_resource_pattern() -> None:
    _repos(
        doc(allow(READ3[:2]), allow(READ3[2], repo_arn(A, "corp", "r*")), BEARER_STMT),
        repos=(("r1", {}), ("x1", {})),
    )


def test_identity_not_resource_deny() -> None:
    _repos(
        doc(
            allow(READ3),
            BEARER_STMT,
            {"Effect": "Deny", "Action": READ3[2], "NotResource": repo_arn(A, "corp", "r1")},
        )
    )


def test_identity_resource_tag() -> None:
    _repos(
        doc(
            allow(READ3[:2]),
            allow(READ3[2], Condition={"StringEquals": {"aws:ResourceTag/tier": "open"}}),
            BEARER_STMT,
        ),
        repos=(("r1", {"tier": "open"}), ("r2", {"tier": "closed"})),
    )


def test_cross_account_domain_policy_naming_one_repository() -> None:
    _repos(
        READ_ALL,
        account=B,
        dpol=doc(
            grant({"AWS": B}, READ3[:2]),
            {
                "Effect": "Allow",
                "Principal": {"AWS": B},
                "Action": READ3[2],
                "Resource": repo_arn(A, "corp", "r1"),
            },
        ),
    )


def test_domain_policy_deny_on_resource_tag() -> None:
    _repos(
        READ_ALL,
        dpol=doc(
            {
                **DENY_UNLESS,
                "Condition": {"StringEquals": {"aws:ResourceTag/tier": "closed"}},
            }
        ),
        repos=(("r1", {"tier": "open"}), ("r2", {"tier": "closed"})),
    )


# ---------------------------------------------------------------------------------------------
# aws:ResourceTag on the domain step of a repository capability


def _tagged_login(domain_tags: dict[str, str], repo_tags: dict[str, str]) -> tuple[Any, str, str]:
    e = Estate()
    alice = e.user(
        A,
        "alice",
        doc(
            allow(
                "codeartifact:GetAuthorizationToken",
                Condition={"StringEquals": {"aws:ResourceTag/team": "web"}},
            ),
            allow(READ3[1:]),
            BEARER_STMT,
        ),
    )
    e.domain(A, "corp", tags=domain_tags)
    repo = e.repo(A, "corp", "shared", tags=repo_tags)
    return e.graph(), alice, repo


@pytest.mark.parametrize(
    ("domain_tags", "repo_tags"),
    [({"team": "web"}, {}), ({}, {"team": "web"})],
    ids=["domain-tagged", "repository-tagged"],
)
def test_build_answer_for_domain_tagged_login(
    domain_tags: dict[str, str], repo_tags: dict[str, str]
) -> None:
    g, alice, repo = _tagged_login(domain_tags, repo_tags)
    truth = oracle_allowed(g, alice, "read", repo)
    assert truth is bool(domain_tags)
    assert (reach(g, alice, repo, "read") is Verdict.ALLOWED) is truth


@pytest.mark.parametrize(
    ("domain_tags", "repo_tags"),
    [({"team": "web"}, {}), ({}, {"team": "web"})],
    ids=["domain-tagged", "repository-tagged"],
)
def test_explain_and_check_for_domain_tagged_login(
    domain_tags: dict[str, str], repo_tags: dict[str, str]
) -> None:
    g, alice, repo = _tagged_login(domain_tags, repo_tags)
    truth = oracle_allowed(g, alice, "read", repo)
    assert (g.explain(alice, "read", repo).verdict is Verdict.ALLOWED) is truth
    fresh = g.check_steps(alice, "read", repo, context={"aws:SourceIp": "10.0.0.1"})
    assert all(s.verdict is Verdict.ALLOWED for s in fresh) is truth
