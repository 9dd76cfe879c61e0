"""IAM and Organizations readers on stubbed clients: pages merged, denials unknown."""

from __future__ import annotations

import datetime as dt
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from graph.collect.errors import error_text, jsonable, scrub
from graph.collect.iam import authorization_details
from graph.collect.organizations import collect_organization
from graph.collect.readonly import make_client

SESSION = boto3.Session(
    aws_access_key_id="AKIASTUBTEST00000001", aws_secret_access_key="x", region_name="us-east-1"
)
DOC = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'


def _user(name: str) -> dict[str, Any]:
    return {
        "UserName": name,
        "UserId": f"AIDA{name.upper():0<16}",
        "Arn": f"arn:aws:iam::111111111111:user/{name}",
        "Path": "/",
        "CreateDate": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": DOC}],
    }


def test_iam_pages_are_merged_and_documents_decoded() -> None:
    iam = make_client(SESSION, "iam")
    with Stubber(iam) as stubber:
        stubber.add_response(
            "get_account_authorization_details",
            {"UserDetailList": [_user("ann")], "IsTruncated": True, "Marker": "m1"},
        )
        stubber.add_response(
            "get_account_authorization_details",
            {"UserDetailList": [_user("bob")], "IsTruncated": False},
            {"Marker": "m1"},
        )
        details, problems = authorization_details(iam, "111111111111")
    assert problems == []
    assert [u["UserName"] for u in details["UserDetailList"]] == ["ann", "bob"]
    assert details["UserDetailList"][0]["CreateDate"] == "2026-01-01T00:00:00Z"
    assert details["UserDetailList"][0]["UserPolicyList"][0]["PolicyDocument"]["Version"]
    assert details["RoleDetailList"] == []


def test_iam_denied_is_unknown() -> None:
    iam = make_client(SESSION, "iam")
    with Stubber(iam) as stubber:
        stubber.add_client_error(
            "get_account_authorization_details", "AccessDenied", "nope", http_status_code=403
        )
        details, problems = authorization_details(iam, "111111111111")
    assert details == {"$unknown": "AccessDenied: nope"}
    assert [p.operation for p in problems] == ["iam:GetAccountAuthorizationDetails"]


def test_not_in_an_organisation_is_none() -> None:
    orgs = make_client(SESSION, "organizations")
    with Stubber(orgs) as stubber:
        stubber.add_client_error(
            "describe_organization", "AWSOrganizationsNotInUseException", "not in use", 400
        )
        result = collect_organization(orgs)
    assert result.value is None and result.problems == ()


def test_member_account_cannot_list_the_organisation() -> None:
    orgs = make_client(SESSION, "organizations")
    with Stubber(orgs) as stubber:
        stubber.add_response(
            "describe_organization",
            {"Organization": {"Id": "o-abcdefghij", "MasterAccountId": "000000000000"}},
        )
        stubber.add_client_error("list_roots", "AccessDeniedException", "member account", 403)
        result = collect_organization(orgs)
    assert result.value == {"$unknown": "AccessDeniedException: member account"}
    assert [p.operation for p in result.problems] == ["organizations:ListRoots"]


def test_disabled_policy_types_are_not_listed() -> None:
    orgs = make_client(SESSION, "organizations")
    with Stubber(orgs) as stubber:
        stubber.add_response(
            "describe_organization",
            {"Organization": {"Id": "o-abcdefghij", "MasterAccountId": "000000000000"}},
        )
        stubber.add_response(
            "list_roots",
            {
                "Roots": [
                    {
                        "Id": "r-ab12",
                        "Name": "Root",
                        "PolicyTypes": [
                            {"Type": "SERVICE_CONTROL_POLICY", "Status": "PENDING_DISABLE"}
                        ],
                    }
                ]
            },
        )
        stubber.add_response(
            "list_accounts_for_parent",
            {"Accounts": [{"Id": "000000000000", "Name": "mgmt", "Status": "ACTIVE"}]},
        )
        stubber.add_response("list_organizational_units_for_parent", {"OrganizationalUnits": []})
        result = collect_organization(orgs)
    assert result.value["roots"][0]["policy_types"] == []
    assert result.value["policies"] == []
    assert result.active_accounts == (("000000000000", "mgmt"),)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (
            "User: arn:aws:sts::111111111111:assumed-role/Reader/jane@example.com is not authorized",
            "User: arn:aws:sts::111111111111:assumed-role/Reader/<session> is not authorized",
        ),
        ("id AROAABCDEFGHIJKLMNOP:botocore-session-1", "id AROAABCDEFGHIJKLMNOP:<session>"),
        ("key ASIAABCDEFGHIJKLMNOP used", "key <access-key> used"),
        ("arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:user/alice"),
    ],
)
def test_error_texts_are_scrubbed(raw: str, clean: str) -> None:
    assert scrub(raw) == clean


def test_error_text_is_one_line() -> None:
    assert error_text(ValueError("a\n  b")) == "ValueError: a b"


def test_jsonable() -> None:
    when = dt.datetime(2026, 1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert jsonable({"t": when, "ResponseMetadata": {}, "l": (1, b"x")}) == {
        "t": "2026-01-01T00:00:00Z",
        "l": [1, "x"],
    }
