"""The read-only guard: only the allowlisted reads (and sts:AssumeRole on STS) get through."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from graph.collect.readonly import (
    COLLECT_OPERATIONS,
    SELF_CHECK_OPERATIONS,
    ReadOnlyViolation,
    check_allowlist,
    make_client,
    merge_allowlists,
)

SESSION = boto3.Session(
    aws_access_key_id="AKIAGUARDTEST0000001", aws_secret_access_key="x", region_name="us-east-1"
)


def test_every_allowed_operation_is_a_read_except_assume_role() -> None:
    allowed = merge_allowlists(COLLECT_OPERATIONS, SELF_CHECK_OPERATIONS)
    non_reads = {
        (service, op)
        for service, ops in allowed.items()
        for op in ops
        if not op.startswith(("Get", "List", "Describe"))
    }
    assert non_reads == {("sts", "AssumeRole")}
    assert "GetAuthorizationToken" not in allowed["codeartifact"]


def test_allowlist_with_a_write_or_a_token_call_is_refused() -> None:
    with pytest.raises(ValueError, match="not a read"):
        check_allowlist({"iam": frozenset({"CreateUser"})})
    with pytest.raises(ValueError, match="not a read"):
        check_allowlist({"iam": frozenset({"AssumeRole"})})
    with pytest.raises(ValueError, match="token"):
        check_allowlist({"codeartifact": frozenset({"GetAuthorizationToken"})})


def test_allowlisted_operations_are_real_botocore_operations() -> None:
    session = boto3.Session()
    for service, operations in merge_allowlists(COLLECT_OPERATIONS, SELF_CHECK_OPERATIONS).items():
        model = session._session.get_service_model(service)
        assert operations <= set(model.operation_names), service


@pytest.mark.parametrize(
    ("service", "method", "params"),
    [
        ("iam", "create_user", {"UserName": "mallory"}),
        ("iam", "get_user", {}),  # a read, but not one the collector needs
        ("codeartifact", "get_authorization_token", {"domain": "acme"}),
        ("codeartifact", "delete_repository", {"domain": "acme", "repository": "r"}),
        ("organizations", "create_account", {"Email": "a@b.c", "AccountName": "x"}),
        ("sts", "get_session_token", {}),
    ],
)
def test_guard_refuses_before_anything_is_sent(service: str, method: str, params: dict) -> None:
    client = make_client(SESSION, service)
    with Stubber(client) as stubber:  # no response queued: any call that got through would fail
        with pytest.raises(ReadOnlyViolation, match="read-only"):
            getattr(client, method)(**params)
        stubber.assert_no_pending_responses()


def test_guard_lets_allowlisted_reads_through() -> None:
    client = make_client(SESSION, "iam")
    with Stubber(client) as stubber:
        stubber.add_response(
            "get_account_authorization_details", {"UserDetailList": [], "IsTruncated": False}
        )
        assert client.get_account_authorization_details()["UserDetailList"] == []


def test_self_check_reads_need_their_own_allowlist() -> None:
    collector = make_client(SESSION, "iam")
    with pytest.raises(ReadOnlyViolation):
        collector.get_user()
    checker = make_client(
        SESSION, "iam", allow=merge_allowlists(COLLECT_OPERATIONS, SELF_CHECK_OPERATIONS)
    )
    with Stubber(checker) as stubber:
        stubber.add_response(
            "get_user",
            {
                "User": {
                    "Path": "/",
                    "UserName": "alice",
                    "UserId": "AIDAEXAMPLEEXAMPLE01",
                    "Arn": "arn:aws:iam::111111111111:user/alice",
                    "CreateDate": "2026-01-01T00:00:00Z",
                }
            },
        )
        assert checker.get_user()["User"]["UserName"] == "alice"


def test_assume_role_only_on_sts() -> None:
    sts = make_client(SESSION, "sts")
    with Stubber(sts) as stubber:
        stubber.add_response(
            "assume_role",
            {
                "Credentials": {
                    "AccessKeyId": "ASIAEXAMPLEEXAMPLE01",
                    "SecretAccessKey": "s" * 40,
                    "SessionToken": "t" * 40,
                    "Expiration": "2026-01-01T01:00:00Z",
                }
            },
        )
        sts.assume_role(RoleArn="arn:aws:iam::111111111111:role/r", RoleSessionName="cax")
