"""Policy documents compared statement by statement (`cax diff`'s JSON diffs)."""

from __future__ import annotations

from graph.diff.statements import document_diff
from graph.model import Unknown

READ = {
    "Sid": "Read",
    "Effect": "Allow",
    "Action": "codeartifact:ReadFromRepository",
    "Resource": "*",
}
LOGIN = {"Effect": "Allow", "Action": "codeartifact:GetAuthorizationToken", "Resource": "*"}


def _doc(*statements: object, version: str = "2012-10-17") -> dict[str, object]:
    return {"Version": version, "Statement": list(statements)}


def test_the_same_statements_in_another_order_are_no_change() -> None:
    assert document_diff(_doc(READ, LOGIN), _doc(LOGIN, READ)) == {}
    assert document_diff(_doc(READ), {"Version": "2012-10-17", "Statement": READ}) == {}


def test_a_statement_with_the_same_sid_is_edited() -> None:
    wider = {**READ, "Resource": "arn:aws:codeartifact:*:*:repository/acme/*"}
    assert document_diff(_doc(READ, LOGIN), _doc(wider, LOGIN)) == {
        "edited": [{"sid": "Read", "before": READ, "after": wider}]
    }


def test_statements_without_a_sid_are_added_and_removed() -> None:
    narrower = {**LOGIN, "Resource": "arn:aws:codeartifact:us-east-1:111111111111:domain/acme"}
    assert document_diff(_doc(LOGIN), _doc(narrower)) == {"added": [narrower], "removed": [LOGIN]}


def test_a_policy_that_comes_or_goes() -> None:
    assert document_diff(None, _doc(READ)) == {"added": [READ]}
    assert document_diff(_doc(READ, LOGIN), None) == {"removed": [READ, LOGIN]}
    assert document_diff(None, None) == {}


def test_only_the_version_changed() -> None:
    found = document_diff(_doc(READ, version="2008-10-17"), _doc(READ))
    assert found == {"before": {"Version": "2008-10-17"}, "after": {"Version": "2012-10-17"}}


def test_a_document_that_could_not_be_read() -> None:
    denied = Unknown("AccessDenied")
    assert document_diff(denied, Unknown("AccessDenied")) == {}
    assert document_diff(_doc(READ), denied) == {
        "before": _doc(READ),
        "after": {"unknown": "AccessDenied"},
    }
