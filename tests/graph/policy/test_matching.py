"""Action, resource and variable matching (spec A.8–A.10)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from graph import policy
from graph.policy.wildcard import (
    LITERAL_QMARK,
    LITERAL_STAR,
    ActionMatcher,
    arn_matcher,
    arn_regex,
    glob_regex,
    matches_literal_star,
)
from tests.graph.policy.helpers import DOMAIN, READ, REPO, A, doc, stmt

USER = f"arn:aws:iam::{A}:user/dev"


def allowed(
    statement: dict[str, Any],
    action: str = READ,
    resource: str = REPO,
    version: str | None = "2012-10-17",
    **request: Any,
) -> bool:
    decision = policy.evaluate(
        policy.Request(USER, action, resource, **request),
        identity_policies=[doc(statement, version=version)],
    )
    return decision.allowed


@pytest.mark.parametrize(
    ("pattern", "action", "expected"),
    [
        ("codeartifact:ReadFromRepository", READ, True),
        ("CODEARTIFACT:readfromrepository", READ, True),
        ("codeartifact:Read*", READ, True),
        ("codeartifact:*Repository", READ, True),
        ("codeartifact:ReadFromRepositor?", READ, True),
        ("codeartifact:ReadFromRepositor??", READ, False),
        ("codeartifact:Get*", READ, False),
        ("*", READ, True),
        ("codeartifact:Describe*", "codeartifact:DescribeRepository", True),
        ("s3:*", READ, False),
    ],
)
def test_action_patterns(pattern: str, action: str, expected: bool) -> None:
    assert allowed(stmt(action=pattern), action=action, resource=REPO) is expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (REPO, True),
        ("*", True),
        (f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/*", True),
        (f"arn:aws:codeartifact:*:{A}:repository/*", True),
        (f"arn:aws:codeartifact:us-east-?:{A}:repository/corp/shared", True),
        ("arn:aws:codeartifact:*", True),
        (f"arn:aws:codeartifact:us-east-1:{A}:*", True),
        ("arn:aws:codeartifact", False),
        (f"arn:aws:codeartifact:us-east-1:{A}:repository/Corp/shared", False),
        (f"arn:aws:codeartifact:us-east-1:{A}:repository/corp", False),
        (f"arn:aws:codeartifact:us-east-1:{A}:domain/corp", False),
        ("arn:aws:codeartifact:us*1:111111111111:repository/corp/shared", True),
        ("arn:aws:codeartifact:us-east-1*:repository/corp/shared", False),
    ],
)
def test_resource_patterns(pattern: str, expected: bool) -> None:
    assert allowed(stmt(action=READ, resource=pattern)) is expected


def test_star_in_resource_part_spans_slashes() -> None:
    package = f"arn:aws:codeartifact:us-east-1:{A}:package/corp/shared/npm//react"
    assert allowed(
        stmt(
            action="codeartifact:PublishPackageVersion",
            resource=f"arn:aws:codeartifact:us-east-1:{A}:package/corp/*",
        ),
        action="codeartifact:PublishPackageVersion",
        resource=package,
    )


def test_not_action_and_not_resource() -> None:
    assert allowed({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})
    assert not allowed({"Effect": "Allow", "NotAction": "codeartifact:Read*", "Resource": "*"})
    assert allowed({"Effect": "Allow", "Action": "*", "NotResource": DOMAIN})
    assert not allowed({"Effect": "Allow", "Action": "*", "NotResource": REPO})
    deny = doc(stmt(), {"Effect": "Deny", "NotAction": "codeartifact:Describe*", "Resource": "*"})
    decision = policy.evaluate(policy.Request(USER, READ, REPO), identity_policies=[deny])
    assert decision.outcome == "explicit_deny"


@pytest.mark.parametrize(
    ("resource_element", "expected"),
    [
        ({"Resource": "*"}, True),
        ({"Resource": f"arn:aws:codeartifact:us-east-1:{A}:domain/my*"}, False),
        ({"Resource": "arn:aws:codeartifact:*"}, False),
        ({"NotResource": DOMAIN}, True),
        ({"NotResource": "*"}, False),
    ],
)
def test_actions_without_resource_type_only_match_star(
    resource_element: dict[str, str], expected: bool
) -> None:
    statement = {"Effect": "Allow", "Action": "codeartifact:ListDomains", **resource_element}
    assert allowed(statement, action="codeartifact:ListDomains", resource="*") is expected


def test_resourceless_action_ignores_request_resource_on_identity_side() -> None:
    statement = stmt(action="codeartifact:CreateRepository", resource="*")
    assert allowed(statement, action="codeartifact:CreateRepository", resource=DOMAIN)
    scoped = stmt(action="codeartifact:CreateRepository", resource=DOMAIN)
    assert not allowed(scoped, action="codeartifact:CreateRepository", resource=DOMAIN)


def test_get_service_bearer_token_is_identity_side_only() -> None:
    grant = doc(
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "sts:GetServiceBearerToken",
            "Resource": "*",
        }
    )
    decision = policy.evaluate(
        policy.Request(USER, "sts:GetServiceBearerToken"), resource_policies=[grant]
    )
    assert decision.blocked_by == {"identity"}
    assert "resource_policy_ignored" in decision.rules


def test_create_repository_in_foreign_domain_needs_the_domain_policy() -> None:
    caller = "arn:aws:iam::222222222222:user/ops"
    identity = [doc(stmt(action="codeartifact:CreateRepository"))]
    domain_policy = doc(
        {
            "Effect": "Allow",
            "Principal": {"AWS": "222222222222"},
            "Action": "codeartifact:CreateRepository",
            "Resource": "*",
        }
    )
    request = policy.Request(caller, "codeartifact:CreateRepository", DOMAIN)
    assert policy.evaluate(
        request, identity_policies=identity, resource_policies=[domain_policy]
    ).allowed
    assert policy.evaluate(request, identity_policies=identity).blocked_by == {"resource"}


@pytest.mark.parametrize(
    ("resource", "request_args", "expected"),
    [
        (f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/${{aws:username}}", {}, False),
        (
            f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/${{aws:PrincipalTag/repo}}",
            {"principal_tags": {"repo": "shared"}},
            True,
        ),
        (
            f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/${{aws:PrincipalTag/repo}}",
            {"principal_tags": {}},
            False,
        ),
        (
            f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/${{aws:PrincipalTag/repo, 'shared'}}",
            {"principal_tags": {}},
            True,
        ),
        (f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/shar${{?}}", {}, False),
        (
            f"arn:aws:codeartifact:us-east-1:{A}:repository/${{aws:PrincipalTag/d}}",
            {"principal_tags": {"d": "corp/*"}},
            False,
        ),
    ],
)
def test_variables_in_resource(resource: str, request_args: dict[str, Any], expected: bool) -> None:
    assert allowed(stmt(action=READ, resource=resource), **request_args) is expected


def test_variables_substitute_user_name() -> None:
    resource = f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/${{aws:username}}"
    decision = policy.evaluate(
        policy.Request(f"arn:aws:iam::{A}:user/shared", READ, REPO),
        identity_policies=[doc(stmt(action=READ, resource=resource))],
    )
    assert decision.allowed


def test_variables_need_version_2012() -> None:
    resource = f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/${{aws:username}}"
    shared_user = f"arn:aws:iam::{A}:user/shared"
    for version, expected in (("2012-10-17", True), (None, False), ("2008-10-17", False)):
        decision = policy.evaluate(
            policy.Request(shared_user, READ, REPO),
            identity_policies=[doc(stmt(action=READ, resource=resource), version=version)],
        )
        assert decision.allowed is expected


def test_variables_in_conditions_and_escapes() -> None:
    condition = {"StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}}
    assert allowed(stmt(Condition=condition), resource_tags={"owner": "dev"})
    assert not allowed(stmt(Condition=condition), resource_tags={"owner": "other"})
    negated = {"StringNotEquals": {"k:a": "${aws:PrincipalTag/none}"}}
    assert allowed(stmt(Condition=negated), context={"k:a": "x"}, principal_tags={})
    positive = {"StringEquals": {"k:a": "${aws:PrincipalTag/none}"}}
    assert not allowed(stmt(Condition=positive), context={"k:a": ""}, principal_tags={})
    literal = {"StringLike": {"k:a": "a${*}b*"}}
    assert allowed(stmt(Condition=literal), context={"k:a": "a*bzz"})
    assert not allowed(stmt(Condition=literal), context={"k:a": "axbzz"})
    dollar = {"StringEquals": {"k:a": "${$}{x}"}}
    assert allowed(stmt(Condition=dollar), context={"k:a": "${x}"})
    default = {"StringEquals": {"k:a": "${aws:PrincipalTag/team, 'company-wide'}"}}
    assert allowed(stmt(Condition=default), context={"k:a": "company-wide"}, principal_tags={})


def test_substituted_values_are_literal_in_like_operators() -> None:
    like = {"StringLike": {"k:a": "${aws:PrincipalTag/p}"}}
    assert not allowed(stmt(Condition=like), context={"k:a": "anything"}, principal_tags={"p": "*"})
    assert allowed(stmt(Condition=like), context={"k:a": "*"}, principal_tags={"p": "*"})


def test_principal_tags_are_matched_case_insensitively_on_the_key() -> None:
    condition = {"StringEquals": {"aws:PrincipalTag/TEAM": "a"}}
    assert allowed(stmt(Condition=condition), principal_tags={"team": "a"})


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=["*", "?", "a", ":", "/", LITERAL_STAR, LITERAL_QMARK], max_size=6))
def test_matches_literal_star_counts_as_the_regex_would(pattern: str) -> None:
    """Whether a Resource entry covers the literal resource `*` (used for actions that take no
    resource, IAM User Guide, Resource element:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)
    is counted, not compiled: it must agree with the glob's own regex on every pattern."""
    assert matches_literal_star(pattern) == (glob_regex(pattern).fullmatch("*") is not None)


_GLOB = st.text(alphabet=["*", "?", "a", "b", ":", "/", LITERAL_STAR, LITERAL_QMARK], max_size=9)
_TEXT = st.text(alphabet=["a", "b", ":", "/", "*", "?"], max_size=10)


@settings(max_examples=300, deadline=None)
@given(_GLOB, _TEXT, st.booleans())
def test_prefix_patterns_match_as_their_regex_would(
    pattern: str, text: str, expand_short: bool
) -> None:
    """A Resource pattern or an Action glob whose only wildcard is a final `*` is tested as a
    prefix, not compiled to a regex: the answer is the regex's (`*` alone is any resource,
    whatever the regex says of colons)."""
    assume(set(pattern) != {"*"})
    arn = arn_matcher(pattern, expand_short)(text)
    assert bool(arn) == bool(arn_regex(pattern, expand_short).fullmatch(text)), pattern
    if LITERAL_STAR in pattern or LITERAL_QMARK in pattern:
        return  # an Action element has no policy variables, so never these
    lowered = text.lower()
    by_regex = glob_regex(pattern.lower()).fullmatch(lowered) is not None
    assert ActionMatcher((pattern,))(lowered) == by_regex, pattern
