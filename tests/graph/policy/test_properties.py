"""Property tests: bad input only ever raises PolicyError; order never changes the outcome."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graph import policy
from tests.graph.policy.helpers import DOMAIN, REPO, A, B

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ACTIONS = st.sampled_from(
    [
        "*",
        "codeartifact:*",
        "codeartifact:Read*",
        "codeartifact:ReadFromRepository",
        "codeartifact:Get?uthorizationToken",
        "sts:GetServiceBearerToken",
        "s3:*",
        "iam:*",
        "CodeArtifact:List*",
    ]
)
RESOURCES = st.sampled_from(
    [
        "*",
        REPO,
        DOMAIN,
        f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/*",
        "arn:aws:codeartifact:*",
        f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/${{aws:PrincipalTag/team}}",
        "arn:aws:s3:::b/*",
    ]
)
OPERATOR_LIST = [
    "StringEquals",
    "StringNotEquals",
    "StringLike",
    "ForAnyValue:StringLike",
    "ForAllValues:StringEquals",
    "Bool",
    "BoolIfExists",
    "NumericLessThan",
    "DateGreaterThan",
    "IpAddress",
    "NotIpAddress",
    "ArnLike",
    "ArnNotEquals",
    "Null",
    "StringEqualsIfExists",
    "BinaryEquals",
    "NumericNotEquals",
]
OPERATORS = st.sampled_from(OPERATOR_LIST)
KEYS = st.sampled_from(
    [
        "aws:PrincipalOrgID",
        "aws:MultiFactorAuthPresent",
        "aws:SourceIp",
        "aws:PrincipalArn",
        "aws:TagKeys",
        "sts:DurationSeconds",
        "aws:CurrentTime",
        "aws:PrincipalTag/team",
    ]
)
VALUE_LIST = [
    "o-1",
    "true",
    "false",
    "10.0.0.0/8",
    "3600",
    "2024-01-01T00:00:00Z",
    "QQ==",
    f"arn:aws:iam::{A}:*",
    "team",
    "${aws:username}",
    "x*",
]
VALUES = st.sampled_from(VALUE_LIST)


def _takes(operator: str, value: str) -> bool:
    try:
        policy.compile_policy(
            {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "*",
                        "Resource": "*",
                        "Condition": {operator: {"aws:SourceIp": value}},
                    }
                ]
            },
            kind="identity",
        )
    except policy.PolicyError:
        return False
    return True


OPERATOR_VALUES = {
    operator: st.sampled_from([v for v in VALUE_LIST if _takes(operator, v)])
    for operator in OPERATOR_LIST
}
"""Per operator, the values it compiles: documents that reach evaluation, not rejects."""

PRINCIPALS = st.sampled_from(
    [
        "*",
        {"AWS": "*"},
        {"AWS": A},
        {"AWS": B},
        {"AWS": f"arn:aws:iam::{A}:user/dev"},
        {"AWS": f"arn:aws:iam::{A}:role/ci"},
        {"Service": "codebuild.amazonaws.com"},
    ]
)


def one_or_list(elements: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(elements, st.lists(elements, min_size=1, max_size=3))


@st.composite
def statements(draw: st.DrawFn, resource_side: bool = False, valid: bool = False) -> dict[str, Any]:
    """One statement; `valid`: each condition value one its operator takes."""
    out: dict[str, Any] = {"Effect": draw(st.sampled_from(["Allow", "Deny"]))}
    out["NotAction" if draw(st.booleans()) and draw(st.booleans()) else "Action"] = draw(
        one_or_list(ACTIONS)
    )
    out["NotResource" if draw(st.integers(0, 4)) == 0 else "Resource"] = draw(
        one_or_list(RESOURCES)
    )
    if resource_side:
        out["Principal"] = draw(PRINCIPALS)
    if draw(st.booleans()):
        operators = draw(st.lists(OPERATORS, min_size=1, max_size=2, unique=True))
        out["Condition"] = {
            operator: draw(
                st.dictionaries(
                    KEYS,
                    one_or_list(OPERATOR_VALUES[operator] if valid else VALUES),
                    min_size=1,
                    max_size=2,
                )
            )
            for operator in operators
        }
    if draw(st.booleans()):
        out["Sid"] = draw(st.sampled_from(["A", "B", "C"]))
    return out


def documents(
    resource_side: bool = False, valid: bool = False
) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda s, v: {"Version": v, "Statement": s} if v else {"Statement": s},
        st.lists(statements(resource_side, valid), min_size=1, max_size=4),
        st.sampled_from(["2012-10-17", None]),
    )


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.sampled_from(["Allow", "Deny", "*", "Action", "Statement"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "Version",
                    "Statement",
                    "Effect",
                    "Action",
                    "NotAction",
                    "Resource",
                    "NotResource",
                    "Principal",
                    "NotPrincipal",
                    "Condition",
                    "Sid",
                    "AWS",
                    "StringEquals",
                    "Null",
                    "ForAnyValue:StringLike",
                ]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)

REQUESTS = st.sampled_from(
    [
        policy.Request(f"arn:aws:iam::{A}:user/dev", "codeartifact:ReadFromRepository", REPO),
        policy.Request(
            f"arn:aws:sts::{A}:assumed-role/ci/s",
            "codeartifact:GetAuthorizationToken",
            DOMAIN,
            context={"aws:SourceIp": "10.1.2.3", "aws:TagKeys": ["team"]},
            principal_tags={"team": "x"},
        ),
        policy.Request(
            f"arn:aws:sts::{B}:assumed-role/ci/s",
            "sts:GetServiceBearerToken",
            context={"sts:DurationSeconds": 900},
            principal_org_id="o-1",
        ),
        policy.Request(f"arn:aws:iam::{A}:root", "codeartifact:ListDomains"),
    ]
)


@SETTINGS
@given(JSON, st.sampled_from(list(policy.Layer)))
def test_arbitrary_json_only_raises_policy_error(document: Any, kind: policy.Layer) -> None:
    for form in (document, json.dumps(document)):
        with contextlib.suppress(policy.PolicyError):
            policy.compile_policy(form, kind=kind)


@SETTINGS
@given(
    documents(), documents(resource_side=True), REQUESTS, st.sampled_from(["strict", "discover"])
)
def test_generated_policies_evaluate_or_raise_policy_error(
    identity: dict[str, Any], resource: dict[str, Any], request: policy.Request, mode: str
) -> None:
    try:
        decision = policy.evaluate(
            request,
            identity_policies=[identity],
            resource_policies=[resource],
            scps=[[identity]],
            mode=mode,
        )  # type: ignore[arg-type]
    except policy.PolicyError:
        return
    assert decision.outcome in set(policy.Outcome)
    decision.explain()


def _compiles(*documents: dict[str, Any]) -> bool:
    try:
        for document in documents:
            policy.compile_policy(
                document,
                kind="resource"
                if any("Principal" in s for s in document["Statement"])
                else "identity",
            )
    except policy.PolicyError:
        return False
    return True


POLICY_SETS = (
    st.lists(documents(valid=True), min_size=1, max_size=3),
    st.lists(documents(resource_side=True, valid=True), max_size=2),
    REQUESTS,
    st.sampled_from(["strict", "discover"]),
)
"""Identity documents, resource documents, a request and a mode."""


@SETTINGS
@given(*POLICY_SETS, st.randoms(use_true_random=False))
def test_outcome_does_not_depend_on_order(
    identity: list[dict[str, Any]],
    resource: list[dict[str, Any]],
    request: policy.Request,
    mode: str,
    rnd: Any,
) -> None:
    assume(_compiles(*identity, *resource))

    def shuffled(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = [dict(d, Statement=rnd.sample(d["Statement"], len(d["Statement"]))) for d in docs]
        rnd.shuffle(out)
        return out

    def run(ids: list[dict[str, Any]], res: list[dict[str, Any]]) -> policy.Decision:
        return policy.evaluate(
            request, identity_policies=ids, resource_policies=res, scps=[ids, ids[::-1]], mode=mode
        )  # type: ignore[arg-type]

    first = run(identity, resource)
    second = run(shuffled(identity), shuffled(resource))
    assert first.outcome == second.outcome
    assert first.blocked_by == second.blocked_by
    if mode == "discover":

        def keys(d: policy.Decision) -> set[tuple[str, str, tuple[str, ...], bool]]:
            return {(u.key, u.operator, u.values, u.negated) for u in d.unknowns}

        assert keys(first) == keys(second)


@SETTINGS
@given(*POLICY_SETS)
def test_denied_outright_is_decides_explicit_deny(
    identity: list[dict[str, Any]], resource: list[dict[str, Any]], request: Any, mode: str
) -> None:
    """`denied_outright` (the deny test alone, for the build's unkept answers) says exactly
    when `decide` ends in an explicit deny."""
    assume(_compiles(*identity, *resource))
    inputs = policy.prepare(
        request,
        identity_policies=identity,
        resource_policies=resource,
        scps=[identity],
        mode=mode,  # type: ignore[arg-type]
    )
    explicit = policy.decide(inputs).outcome is policy.Outcome.EXPLICIT_DENY
    assert policy.denied_outright(inputs) is explicit
