"""Whom a trust policy names, read from its document alone (`names_in_document`), is what its
compiled form names (`names_in`): a lazy question finds the roles that name a caller without
compiling every role's trust."""

from __future__ import annotations

from typing import Any

import pytest

import graph
from graph.access.trust import names_in, names_in_document
from graph.policy import Layer, PolicyError, compile_policy
from graph.synthetic import generate

ODD: list[Any] = [
    {
        "Version": "2012-10-17",
        "Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"},
    },
    {
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                "Action": "*",
            },
            {
                "Effect": "Allow",
                "NotPrincipal": {"AWS": "222222222222"},
                "Action": "sts:AssumeRole",
            },
            {
                "Effect": "Allow",
                "Principal": {
                    "AWS": ["333333333333", "arn:aws:iam::444444444444:role/path/deploy"],
                    "Service": "lambda.amazonaws.com",
                    "Federated": "arn:aws:iam::444444444444:saml-provider/sso",
                },
                "Action": ["sts:AssumeRole", "sts:AssumeRoleWithSAML"],
            },
            {
                "Effect": "Allow",
                "Principal": {"AWS": "AROA1234567890EXAMPLE"},
                "Action": "sts:AssumeRole",
            },
            {"Effect": "Allow", "Action": "sts:AssumeRole"},
        ]
    },
]


def _documents() -> list[Any]:
    found: list[Any] = list(ODD)
    for snapshot in (
        graph.demo_snapshot(),
        generate(accounts=2, users=10, roles=60, seed=5, profile="diverse"),
    ):
        found.extend(r.trust_policy.document for r in snapshot.roles() if r.trust_policy)
    return found


@pytest.mark.parametrize("document", _documents())
def test_names_read_from_the_document_are_the_compiled_names(document: Any) -> None:
    compiled = compile_policy(dict(document), name="trust", kind=Layer.RESOURCE)
    assert names_in_document(document) == names_in(compiled)


@pytest.mark.parametrize(
    "document",
    [
        "not a policy",
        {"Statement": ["not a statement"]},
        {"Statement": [{"Effect": "Allow", "Principal": {"Bogus": "x"}, "Action": "*"}]},
    ],
)
def test_documents_it_cannot_read_are_left_to_the_compiler(document: Any) -> None:
    assert names_in_document(document) is None
    with pytest.raises((PolicyError, TypeError, ValueError)):
        compile_policy(
            document if isinstance(document, dict) else {"x": document},
            name="t",
            kind=Layer.RESOURCE,
        )
