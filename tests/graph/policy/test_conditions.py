"""Condition operators (spec B): one test per operator family, missing keys, set operators."""

from __future__ import annotations

from typing import Any

import pytest

from graph import policy

USER = "arn:aws:iam::111111111111:user/dev"
REPO = "arn:aws:codeartifact:us-east-1:111111111111:repository/corp/shared"


def allowed(condition: dict[str, Any], context: dict[str, Any], **request: Any) -> bool:
    doc = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": condition}],
    }
    decision = policy.evaluate(
        policy.Request(USER, "codeartifact:ReadFromRepository", REPO, context=context, **request),
        identity_policies=[doc],
    )
    return decision.allowed


CASES = [
    # (operator, policy values, request value, expected)
    ("StringEquals", ["abc"], "abc", True),
    ("StringEquals", ["abc"], "ABC", False),
    ("StringEquals", ["a*"], "abc", False),
    ("StringNotEquals", ["abc"], "abd", True),
    ("StringNotEquals", ["abc", "abd"], "abd", False),
    ("StringEqualsIgnoreCase", ["AbC"], "aBc", True),
    ("StringNotEqualsIgnoreCase", ["AbC"], "aBc", False),
    ("StringLike", ["a*c", "x?z"], "xyz", True),
    ("StringLike", ["a*c"], "ABC", False),
    ("StringNotLike", ["a*"], "abc", False),
    ("StringNotLike", ["a*"], "bcd", True),
    ("NumericEquals", ["10"], "10.0", True),
    ("NumericNotEquals", ["10"], "11", True),
    ("NumericLessThan", ["10"], "10", False),
    ("NumericLessThanEquals", ["10"], "10", True),
    ("NumericGreaterThan", ["10"], "10.5", True),
    ("NumericGreaterThanEquals", ["10"], "9", False),
    ("NumericEquals", ["10"], "ten", False),
    ("DateEquals", ["2024-01-01T00:00:00Z"], "1704067200", True),
    ("DateNotEquals", ["2024-01-01T00:00:00Z"], "2024-01-01T00:00:00Z", False),
    ("DateLessThan", ["2024-01-01T00:00:00Z"], "2023-12-31T23:59:59Z", True),
    ("DateLessThanEquals", ["2024-01-01"], "2024-01-01T00:00:00+00:00", True),
    ("DateGreaterThan", ["2024-01-01T00:00:00Z"], "2024-01-01T01:00:00+02:00", False),
    ("DateGreaterThanEquals", ["1704067200"], "2024-06-01T00:00:00Z", True),
    ("Bool", ["true"], "true", True),
    ("Bool", ["true"], "TRUE", True),
    ("Bool", ["true"], "false", False),
    ("BinaryEquals", ["QmluYXJ5"], "QmluYXJ5", True),
    ("BinaryEquals", ["QmluYXJ5"], "QmluYXJ6", False),
    ("IpAddress", ["203.0.113.0/24"], "203.0.113.7", True),
    ("IpAddress", ["203.0.113.0/24"], "203.0.114.7", False),
    ("IpAddress", ["203.0.113.9"], "203.0.113.9", True),
    ("IpAddress", ["2001:db8::/32"], "2001:db8:1::5", True),
    ("IpAddress", ["2001:db8::/32"], "203.0.113.7", False),
    ("NotIpAddress", ["203.0.113.0/24"], "198.51.100.1", True),
    ("NotIpAddress", ["203.0.113.0/24", "2001:db8::/32"], "2001:db8::1", False),
    ("ArnEquals", ["arn:aws:iam::111111111111:role/*"], "arn:aws:iam::111111111111:role/x/y", True),
    ("ArnLike", ["arn:aws:iam::*:role/ci"], "arn:aws:iam::222222222222:role/ci", True),
    ("ArnLike", ["arn:aws:iam::*:role/ci"], "arn:aws:iam::2222:2222:role/ci", False),
    ("ArnLike", ["arn:aws:iam::1111*"], "arn:aws:iam::111111111111:role/ci", False),
    (
        "ArnNotEquals",
        ["arn:aws:iam::111111111111:role/ci"],
        "arn:aws:iam::111111111111:role/ci",
        False,
    ),
    ("ArnNotLike", ["arn:aws:iam::*:role/admin*"], "arn:aws:iam::111111111111:role/ci", True),
    ("ArnLike", ["arn:aws:iam::*:role/ci"], "not-an-arn", False),
]


@pytest.mark.parametrize(("operator", "values", "value", "expected"), CASES)
def test_operator(operator: str, values: list[str], value: str, expected: bool) -> None:
    assert allowed({operator: {"k:key": values}}, {"k:key": value}) is expected


MISSING_KEY = [
    ("StringEquals", False),
    ("StringLike", False),
    ("ArnLike", False),
    ("NumericLessThan", False),
    ("Bool", False),
    ("IpAddress", False),
    ("DateGreaterThan", False),
    ("BinaryEquals", False),
    ("StringNotEquals", True),
    ("StringNotLike", True),
    ("ArnNotEquals", True),
    ("ArnNotLike", True),
    ("NumericNotEquals", True),
    ("DateNotEquals", True),
    ("NotIpAddress", True),
    ("StringNotEqualsIgnoreCase", True),
    ("StringEqualsIfExists", True),
    ("NumericLessThanIfExists", True),
    ("BoolIfExists", True),
    ("ForAnyValue:StringEquals", False),
    ("ForAllValues:StringEquals", True),
    ("ForAnyValue:StringNotEquals", False),
    ("ForAllValues:StringNotEquals", True),
]
_VALUE_FOR = {
    "Numeric": "1",
    "Bool": "true",
    "Ip": "10.0.0.0/8",
    "NotIp": "10.0.0.0/8",
    "Date": "2024-01-01T00:00:00Z",
    "Binary": "QQ==",
}


@pytest.mark.parametrize(("operator", "expected"), MISSING_KEY)
def test_missing_key_rules_b2(operator: str, expected: bool) -> None:
    base = operator.split(":")[-1]
    value = next((v for prefix, v in _VALUE_FOR.items() if base.startswith(prefix)), "x")
    assert allowed({operator: {"k:absent": value}}, {}) is expected


def test_null_operator() -> None:
    assert allowed({"Null": {"k:a": "true"}}, {}) is True
    assert allowed({"Null": {"k:a": "true"}}, {"k:a": "x"}) is False
    assert allowed({"Null": {"k:a": "false"}}, {"k:a": "x"}) is True
    assert allowed({"Null": {"k:a": "false"}}, {}) is False
    assert allowed({"Null": {"k:a": "false"}}, {"k:a": policy.ABSENT}) is False


def test_set_operators_on_multivalued_keys() -> None:
    tags = {"aws:TagKeys": ["team", "env"]}
    assert allowed({"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env", "x"]}}, tags)
    assert not allowed({"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}, tags)
    assert allowed({"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}, tags)
    assert not allowed({"ForAnyValue:StringEquals": {"aws:TagKeys": ["x"]}}, tags)
    assert allowed({"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["team"]}}, tags)
    assert not allowed({"ForAllValues:StringNotEquals": {"aws:TagKeys": ["team"]}}, tags)
    assert allowed({"ForAllValues:StringEquals": {"aws:TagKeys": ["x"]}}, {"aws:TagKeys": []})
    assert not allowed({"ForAnyValue:StringEquals": {"aws:TagKeys": ["x"]}}, {"aws:TagKeys": []})


def test_set_operator_on_single_value_treats_it_as_one_element_set() -> None:
    assert allowed({"ForAnyValue:StringLike": {"k:a": "ab*"}}, {"k:a": "abc"})


def test_plain_operator_on_multivalued_value_never_matches_unless_option() -> None:
    condition = {"StringEquals": {"aws:TagKeys": "team"}}
    assert not allowed(condition, {"aws:TagKeys": ["team"]})
    doc = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": condition}],
    }
    decision = policy.evaluate(
        policy.Request(USER, "s3:GetObject", "arn:aws:s3:::b/k", context={"aws:TagKeys": ["team"]}),
        identity_policies=[doc],
        options=policy.Options(multivalued_plain_operator_matches=True),
    )
    assert decision.allowed


def test_keys_anded_values_ored_and_key_names_case_insensitive() -> None:
    condition = {"StringEquals": {"K:One": ["a", "b"], "k:two": "c"}}
    assert allowed(condition, {"k:one": "b", "K:TWO": "c"})
    assert not allowed(condition, {"k:one": "b", "k:two": "d"})
    assert not allowed(condition, {"k:one": "z", "k:two": "c"})
    assert not allowed({"StringEquals": {"k:a": "x"}, "StringLike": {"k:b": "y*"}}, {"k:a": "x"})


def test_operator_names_accept_any_case_and_ifexists_on_set_operators() -> None:
    assert allowed({"stringequals": {"k:a": "x"}}, {"k:a": "x"})
    assert allowed({"ForAnyValue:StringEqualsIfExists": {"k:a": "x"}}, {})


def test_json_booleans_and_numbers_in_condition_values() -> None:
    assert allowed({"Bool": {"aws:SecureTransport": True}}, {"aws:SecureTransport": True})
    assert not allowed({"Bool": {"aws:SecureTransport": True}}, {"aws:SecureTransport": False})
    assert allowed({"NumericLessThan": {"k:n": 5}}, {"k:n": 4})


def test_mfa_trap_bool_false_deny_does_not_catch_long_term_keys() -> None:
    doc = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {
                "Effect": "Deny",
                "Action": "*",
                "Resource": "*",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}},
            },
        ],
    }
    request = policy.Request(USER, "codeartifact:ReadFromRepository", REPO)
    assert policy.evaluate(request, identity_policies=[doc]).allowed
    doc["Statement"][1]["Condition"] = {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
    assert policy.evaluate(request, identity_policies=[doc]).outcome == "explicit_deny"


def test_derived_keys() -> None:
    assert allowed({"StringEquals": {"aws:username": "dev"}}, {})
    assert allowed({"StringEquals": {"aws:PrincipalAccount": "111111111111"}}, {})
    assert allowed({"StringEquals": {"aws:PrincipalType": "User"}}, {})
    assert allowed({"ArnEquals": {"aws:PrincipalArn": USER}}, {})
    assert allowed({"StringEquals": {"aws:ResourceAccount": "111111111111"}}, {})
    assert allowed({"StringEquals": {"aws:RequestedRegion": "us-east-1"}}, {})
    assert allowed({"StringEquals": {"aws:userid": "AIDAEXAMPLE"}}, {}, user_id="AIDAEXAMPLE")
    assert allowed({"StringEquals": {"aws:PrincipalOrgID": "o-1"}}, {}, principal_org_id="o-1")
    assert allowed(
        {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-1/r-1/ou-1/*"}},
        {},
        principal_org_paths=["o-1/r-1/ou-1/ou-2/"],
    )
    assert allowed({"StringEquals": {"aws:ResourceTag/Team": "a"}}, {}, resource_tags={"team": "a"})
    # given keys win over derived ones
    assert allowed({"StringEquals": {"aws:username": "other"}}, {"aws:username": "other"})


def test_role_session_principal_arn_is_the_role_arn_with_path_when_given() -> None:
    session = "arn:aws:sts::111111111111:assumed-role/ci/run-1"
    doc = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "*",
                "Resource": "*",
                "Condition": {
                    "ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/build/ci"}
                },
            }
        ],
    }
    plain = policy.Request(session, "codeartifact:ReadFromRepository", REPO)
    with_path = policy.Request(
        session,
        "codeartifact:ReadFromRepository",
        REPO,
        principal_arn="arn:aws:iam::111111111111:role/build/ci",
    )
    assert not policy.evaluate(plain, identity_policies=[doc]).allowed
    assert policy.evaluate(with_path, identity_policies=[doc]).allowed


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEqualz": {"k:a": "x"}},
        {"NullIfExists": {"k:a": "true"}},
        {"ForSomeValues:StringEquals": {"k:a": "x"}},
        {"NumericEquals": {"k:a": "ten"}},
        {"DateEquals": {"k:a": "yesterday"}},
        {"IpAddress": {"k:a": "300.1.1.1"}},
        {"BinaryEquals": {"k:a": "!!"}},
        {"Null": {"k:a": "maybe"}},
        {"StringEquals": {"k:a": []}},
        {"StringEquals": "x"},
        {"StringEquals": {"k:a": {"x": 1}}},
    ],
)
def test_bad_conditions_raise_policy_error(condition: dict[str, Any]) -> None:
    doc = {
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": condition}]
    }
    with pytest.raises(policy.PolicyError) as raised:
        policy.compile_policy(doc, name="bad")
    assert raised.value.policy == "bad"
    assert raised.value.statement == "#1"
