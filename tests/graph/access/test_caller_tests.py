"""A resource policy that tests who the caller is (`aws:PrincipalArn`, a user name) sets apart
only the callers its tests tell apart: those who fare alike on every test share one evaluation,
and each still gets its own right answer (checked against a plain `policy.evaluate`)."""

from __future__ import annotations

from typing import Any

import pytest

from graph.access import Verdict
from tests.graph.access.review_answers import oracle_allowed, whoset
from tests.graph.access.test_review_kit import (
    BEARER_STMT,
    A,
    Estate,
    allow,
    doc,
)

PUBLISH = [
    "codeartifact:GetAuthorizationToken",
    "codeartifact:GetRepositoryEndpoint",
    "codeartifact:PublishPackageVersion",
    "codeartifact:PutPackageMetadata",
    "codeartifact:ReadFromRepository",
]
ONLY_CI = {
    "Effect": "Deny",
    "Principal": "*",
    "Action": ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"],
    "Resource": "*",
    "Condition": {"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::{A}:user/ci-*"}},
}
BY_NAME = {
    "Effect": "Deny",
    "Principal": "*",
    "Action": "codeartifact:ReadFromRepository",
    "Resource": "*",
    "Condition": {"StringEquals": {"aws:username": ["dev-c", "dev-d"]}},
}


def _estate(names: list[str], rpol: dict[str, Any]) -> tuple[Any, list[str], str]:
    e = Estate()
    e.group(A, "devs", doc(allow(PUBLISH), BEARER_STMT))
    users = [e.user(A, name, groups=["devs"]) for name in names]
    e.domain(A, "corp", None)
    repo = e.repo(A, "corp", "shared", rpol)
    return e.graph(), users, repo


@pytest.mark.parametrize(
    ("rpol", "capability", "names", "allowed"),
    [
        (doc(ONLY_CI), "publish", ["ci-a", "ci-b", "dev-c"], {"ci-a", "ci-b"}),
        (doc(BY_NAME), "read", ["ci-a", "dev-c", "dev-d"], {"ci-a"}),
    ],
)
def test_callers_alike_on_every_test_share_an_evaluation(
    rpol: dict[str, Any], capability: str, names: list[str], allowed: set[str]
) -> None:
    g, users, repo = _estate(names, rpol)
    found = whoset(g, repo, capability)
    for name, arn in zip(names, users, strict=True):
        assert oracle_allowed(g, arn, capability, repo) == (name in allowed)
        assert (found.get(arn) is Verdict.ALLOWED) == (name in allowed)
    # the two callers the tests cannot tell apart cost no more than one of them
    fewer, _, _ = _estate([n for n in names if n not in ("ci-b", "dev-d")], rpol)
    assert g.evaluations == fewer.evaluations


def test_a_policy_variable_keeps_every_caller_apart() -> None:
    """`${aws:username}` is no test whose outcome sums a caller up: each is its own class."""
    rpol = doc(
        {
            **ONLY_CI,
            "Condition": {
                "StringNotEquals": {"aws:PrincipalArn": f"arn:aws:iam::{A}:user/${{aws:username}}"}
            },
        }
    )
    g, users, repo = _estate(["ci-a", "ci-b"], rpol)
    one, _, _ = _estate(["ci-a"], rpol)
    assert g.evaluations > one.evaluations
    for arn in users:
        assert oracle_allowed(g, arn, "publish", repo) is True
