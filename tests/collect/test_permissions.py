"""`--check-permissions`: the caller's own policies read from moto, evaluated by cax's engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner

from graph.collect.permissions import check_permissions
from graph.collect.required import collector_policy, requirements
from tests.collect.conftest import REGION, Org
from tui.cli.collect import collect

DOCS = Path(__file__).resolve().parents[2] / "docs" / "collector-policy.json"


def _member(org: Org, role: str = "OrganizationAccountAccessRole") -> boto3.Session:
    hop = (
        boto3.Session()
        .client("sts")
        .assume_role(RoleArn=f"arn:aws:iam::{org.member}:role/{role}", RoleSessionName="fixture")[
            "Credentials"
        ]
    )
    return boto3.Session(
        aws_access_key_id=hop["AccessKeyId"],
        aws_secret_access_key=hop["SecretAccessKey"],
        aws_session_token=hop["SessionToken"],
        region_name=REGION,
    )


def _without(document: dict[str, Any], action: str) -> dict[str, Any]:
    statements = []
    for statement in document["Statement"]:
        actions = statement["Action"]
        if isinstance(actions, list):
            statement = {**statement, "Action": [a for a in actions if a != action]}
        statements.append(statement)
    return {**document, "Statement": statements}


@pytest.fixture(scope="module")
def principals(org: Org) -> dict[str, boto3.Session]:
    """Users and a role in the member account, each with their own credentials."""
    iam = _member(org).client("iam")
    sessions: dict[str, boto3.Session] = {}
    full = iam.create_policy(
        PolicyName="cax-collector", PolicyDocument=json.dumps(collector_policy())
    )["Policy"]["Arn"]
    short = iam.create_policy(
        PolicyName="cax-collector-short",
        PolicyDocument=json.dumps(_without(collector_policy(), "codeartifact:ListPackageGroups")),
    )["Policy"]["Arn"]
    boundary = iam.create_policy(
        PolicyName="no-organizations",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "NotAction": "organizations:*", "Resource": "*"}],
            }
        ),
    )["Policy"]["Arn"]

    iam.create_group(GroupName="collectors")
    iam.attach_group_policy(GroupName="collectors", PolicyArn=full)
    for name in ("grouped", "short"):
        iam.create_user(UserName=name)
        key = iam.create_access_key(UserName=name)["AccessKey"]
        sessions[name] = boto3.Session(
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
            region_name=REGION,
        )
    iam.add_user_to_group(GroupName="collectors", UserName="grouped")
    iam.attach_user_policy(UserName="short", PolicyArn=short)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{org.management}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    iam.create_role(
        RoleName="bounded",
        AssumeRolePolicyDocument=json.dumps(trust),
        PermissionsBoundary=boundary,
    )
    iam.put_role_policy(
        RoleName="bounded", PolicyName="inline", PolicyDocument=json.dumps(collector_policy())
    )
    sessions["bounded"] = _member(org, "bounded")
    return sessions


def test_docs_policy_is_the_generated_one() -> None:
    assert json.loads(DOCS.read_text()) == collector_policy()
    text = DOCS.read_text()
    assert "codeartifact:Get*" not in text and "GetAuthorizationToken" not in text


def test_full_policy_through_a_group(principals: dict[str, boto3.Session]) -> None:
    report = check_permissions(principals["grouped"], region=REGION)
    assert report.ok, [c.explanation for c in report.missing]
    assert len(report.checks) == len(requirements(org=True))


def test_a_missing_action_is_listed(principals: dict[str, boto3.Session]) -> None:
    report = check_permissions(principals["short"], region=REGION)
    assert [c.requirement.action for c in report.missing] == ["codeartifact:ListPackageGroups"]


def test_a_role_boundary_takes_organizations_away(principals: dict[str, boto3.Session]) -> None:
    report = check_permissions(principals["bounded"], region=REGION)
    assert ":assumed-role/bounded/" in report.principal
    missing = {c.requirement.action for c in report.missing}
    assert missing and all(a.startswith("organizations:") for a in missing)
    assert "boundary" in report.missing[0].explanation


def test_role_session(org: Org) -> None:
    report = check_permissions(_member(org), region=REGION, org=False)
    assert report.principal.startswith(f"arn:aws:sts::{org.member}:assumed-role/")
    # moto's OrganizationAccountAccessRole has no policy: every requirement is missing
    assert len(report.missing) == len(requirements(org=False))


def test_cli_check_permissions(
    principals: dict[str, boto3.Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, code in (("grouped", 0), ("short", 1)):
        credentials = principals[name].get_credentials()
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", credentials.access_key)
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", credentials.secret_key)
        monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
        result = CliRunner().invoke(collect, ["--check-permissions", "--org"])
        assert result.exit_code == code, result.stderr
        if code:
            assert "missing" in result.stderr and "codeartifact:ListPackageGroups" in result.stderr
        else:
            assert "has every permission" in result.stderr
