"""Parsing, validation, size limits and caching of policy documents."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest

from graph import policy
from tests.graph.policy.helpers import READ, REPO, A, doc, stmt

USER = f"arn:aws:iam::{A}:user/dev"


def test_accepts_dict_json_and_url_encoded_json_with_single_values() -> None:
    document = {
        "Version": "2012-10-17",
        "Statement": {"Effect": "Allow", "Action": READ, "Resource": REPO},
    }
    text = json.dumps(document)
    for form in (document, text, quote(text)):
        compiled = policy.compile_policy(form, name="p")
        assert len(compiled.statements) == 1
    assert policy.compile_policy(document, name="p") is policy.compile_policy(text, name="p")


def test_compiled_policies_are_hashable_and_usable_everywhere() -> None:
    compiled = policy.compile_policy(
        doc(stmt(action=READ)), name="mine", arn="arn:aws:iam::aws:policy/X"
    )
    assert {compiled: 1}[compiled] == 1
    decision = policy.evaluate(policy.Request(USER, READ, REPO), identity_policies=[compiled])
    assert decision.statements[0].policy == "mine"
    assert decision.statements[0].policy_arn == "arn:aws:iam::aws:policy/X"


def test_plain_documents_get_positional_names_and_sids() -> None:
    decision = policy.evaluate(
        policy.Request(USER, READ, REPO),
        identity_policies=[doc(stmt(action="s3:*")), doc(stmt(action=READ, Sid="Read"))],
    )
    ref = decision.statements[0]
    assert (ref.policy, ref.sid, ref.index, ref.label, ref.effect) == (
        "identity policy 2",
        "Read",
        0,
        "Read",
        "Allow",
    )


def test_plain_documents_are_compiled_once() -> None:
    document = doc(stmt(action=READ, Sid="Once"))
    first = policy.compile_policy(document, name="identity policy 1")
    for _ in range(3):
        policy.evaluate(policy.Request(USER, READ, REPO), identity_policies=[document])
    assert policy.compile_policy(document, name="identity policy 1") is first


def test_one_text_held_under_many_names_reads_as_each_holders_own() -> None:
    """Every role may carry the same trust policy: compiled once, each copy's statements and
    warnings name its own holder, and a broken copy's error names it too."""
    document = doc(stmt(Principal={"AWS": f"arn:aws:iam::{A}:root"}, Sid="Root"))
    copies = [
        policy.compile_policy(
            document, name=f"trust policy of role/r{i}", arn=f"{USER}-{i}", kind="identity"
        )
        for i in range(3)
    ]
    assert len({id(c) for c in copies}) == 3
    for i, copy in enumerate(copies):
        assert copy.name == f"trust policy of role/r{i}" and copy.arn == f"{USER}-{i}"
        (statement,) = copy.statements
        assert (statement.ref.policy, statement.ref.policy_arn) == (copy.name, copy.arn)
        assert [w.policy for w in (*copy.warnings, *statement.warnings)] == [copy.name] * 2
    assert copies[0].statements[0].actions is copies[1].statements[0].actions  # one compile
    broken = doc({"Effect": "Nope", "Action": "*", "Resource": "*"})
    for name in ("first holder", "second holder"):
        with pytest.raises(policy.PolicyError) as raised:
            policy.compile_policy(broken, name=name)
        assert raised.value.policy == name


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "invalid JSON"),
        ("[1, 2]", "JSON object"),
        (42, "JSON object or string"),
        ({"Version": "2012-10-17"}, "no Statement"),
        ({"Statement": []}, "empty"),
        ({"Version": "2020-01-01", "Statement": [stmt()]}, "Version"),
        (doc("x"), "JSON object"),
        (doc({"Effect": "Permit", "Action": "*", "Resource": "*"}), "Effect"),
        (doc({"Effect": "Allow", "Resource": "*"}), "Action or NotAction"),
        (doc({"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"}), "both"),
        (doc({"Effect": "Allow", "Action": "*"}), "Resource or NotResource"),
        (doc({"Effect": "Allow", "Action": [], "Resource": "*"}), "non-empty list"),
        (doc({"Effect": "Allow", "Action": 5, "Resource": "*"}), "string"),
        (doc({"Sid": 3, "Effect": "Allow", "Action": "*", "Resource": "*"}), "Sid"),
        (doc(stmt(Condition={"StringEqualz": {"a": "b"}})), "operator"),
    ],
)
def test_bad_policies_raise_policy_error_naming_policy(document: Any, message: str) -> None:
    with pytest.raises(policy.PolicyError, match=message) as raised:
        policy.compile_policy(document, name="my policy", strict=True)
    assert raised.value.policy == "my policy"
    assert "my policy" in str(raised.value)


def test_policy_error_names_the_statement_by_sid_or_position() -> None:
    with pytest.raises(policy.PolicyError) as raised:
        policy.compile_policy(
            doc(stmt(), {"Sid": "Bad", "Effect": "Nope", "Action": "*", "Resource": "*"})
        )
    assert raised.value.statement == "Bad"
    with pytest.raises(policy.PolicyError) as raised:
        policy.compile_policy(doc(stmt(), {"Effect": "Nope", "Action": "*", "Resource": "*"}))
    assert raised.value.statement == "#2"


def test_size_limits_per_kind() -> None:
    big = doc(*[stmt(action=f"codeartifact:Action{i:04d}", Sid=f"S{i:04d}") for i in range(80)])
    size = len(json.dumps(big, separators=(",", ":")))
    assert 5120 < size < 7168
    policy.compile_policy(big, kind="identity")
    policy.compile_policy(big, kind="resource")
    with pytest.raises(policy.PolicyError, match="exceeds"):
        policy.compile_policy(big, kind="scp")
    with pytest.raises(policy.PolicyError, match="exceeds"):
        policy.compile_policy(big, kind="session")


def test_aws_managed_policies_have_no_size_limit() -> None:
    """The 6,144-character managed-policy quota binds customer managed policies
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html); AWS writes
    its own, and ReadOnlyAccess is several times larger. They evaluate as identity policies
    and as permissions boundaries; a customer policy of that size is still refused."""
    big = doc(*[stmt(action=f"codeartifact:Action{i:04d}", Sid=f"S{i:04d}") for i in range(200)])
    assert len(json.dumps(big, separators=(",", ":"))) > 10240
    for arn in ("arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws-cn:iam::aws:policy/X"):
        for kind in ("identity", "permission_boundary"):
            compiled = policy.compile_policy(big, name="ReadOnlyAccess", arn=arn, kind=kind)
            assert len(compiled.statements) == 200
    with pytest.raises(policy.PolicyError, match="exceeds"):
        policy.compile_policy(big, name="mine", arn=f"arn:aws:iam::{A}:policy/ReadOnlyAccess")
    with pytest.raises(policy.PolicyError, match="exceeds"):
        policy.compile_policy(big, name="inline")


def test_evaluate_reports_policy_errors_from_any_list() -> None:
    with pytest.raises(policy.PolicyError) as raised:
        policy.evaluate(policy.Request(USER, READ, REPO), scps=[[doc(stmt())], ["{bad"]])
    assert raised.value.policy == "SCP level 2 policy 1"


def test_resource_policy_without_resource_covers_the_attached_resource() -> None:
    trust = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": USER}, "Action": READ}]}
    decision = policy.evaluate(policy.Request(USER, READ, REPO), resource_policies=[trust])
    assert decision.allowed
