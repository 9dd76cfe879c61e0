"""`trust.never_certain`: a trust policy none of whose Allows can apply for certain gives no
allowed edge, so a who-can walk leaves out callers it already reached as well (issue #10)."""

from __future__ import annotations

import pytest

from graph.access.trust import never_certain
from graph.policy import Layer, compile_policy

ROOT = {"AWS": "arn:aws:iam::111111111111:root"}


def _trust(*conditions: dict[str, object] | None) -> object:
    statements = [
        {"Effect": "Allow", "Principal": ROOT, "Action": "sts:AssumeRole"}
        | ({"Condition": c} if c else {})
        for c in conditions
    ]
    document = {"Version": "2012-10-17", "Statement": statements}
    return compile_policy(document, name="trust", kind=Layer.RESOURCE)


MFA = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
TEAM = {"StringEquals": {"aws:PrincipalTag/team": "web"}}
SOURCE_IP = {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}


@pytest.mark.parametrize(
    ("conditions", "known", "expected"),
    [
        ((MFA,), set(), True),  # nothing tells whether the caller used MFA
        ((MFA, SOURCE_IP), set(), True),
        ((MFA,), {"aws:multifactorauthpresent"}, False),  # the context says
        ((TEAM,), set(), False),  # read off each caller's tags
        ((MFA | TEAM,), set(), True),  # both must hold: one is unknown
        ((MFA, None), set(), False),  # an unconditional Allow
        ((None,), set(), False),
    ],
)
def test_an_allow_that_tests_an_unknown_key_never_applies_for_certain(
    conditions: tuple[dict[str, object] | None, ...], known: set[str], expected: bool
) -> None:
    assert never_certain(_trust(*conditions), known) is expected  # type: ignore[arg-type]


def test_a_trust_policy_without_an_allow_never_admits_anyone() -> None:
    deny = {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}
    policy = compile_policy(
        {"Version": "2012-10-17", "Statement": [deny]}, name="trust", kind=Layer.RESOURCE
    )
    assert never_certain(policy, set())
