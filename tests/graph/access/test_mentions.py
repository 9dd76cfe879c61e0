"""`mentions`: whether a key is in any policy text, read wherever policies sit."""

from __future__ import annotations

import pytest

import graph
from graph.access.mentions import mentions
from tests.graph.access.test_review_kit import A, Estate, allow, doc, grant, trust

TAGGED = allow(
    "codeartifact:ReadFromRepository", Condition={"StringEquals": {"aws:ResourceTag/team": "web"}}
)


def _estate(where: str) -> Estate:
    e = Estate()
    user_policy = doc(TAGGED) if where == "user" else doc(allow("s3:GetObject"))
    e.user(A, "dev", user_policy)
    role_trust = trust({"AWS": A}, Condition={"StringEquals": {"aws:ResourceTag/x": "y"}})
    e.role(A, "ops", role_trust if where == "trust" else trust({"AWS": A}), doc(allow("s3:*")))
    e.domain(A, "corp")
    repo_policy = doc(grant("*", "codeartifact:*", Condition=TAGGED["Condition"]))
    e.repo(A, "corp", "shared", repo_policy if where == "repository" else None)
    if where == "scp":
        e.org([A], scps=[("tags", doc(TAGGED), ["root"])])
    return e


@pytest.mark.parametrize("where", ["user", "trust", "repository", "scp"])
def test_a_key_is_found_wherever_a_policy_sits(where: str) -> None:
    assert mentions(_estate(where).snapshot(), "aws:resourcetag")


def test_a_key_no_policy_names_is_not_found() -> None:
    assert not mentions(_estate("nowhere").snapshot(), "aws:resourcetag")
    assert not mentions(graph.demo_snapshot(), "aws:resourcetag")
