"""The whole collection against moto (IAM, STS, Organizations) and the CodeArtifact fake."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import graph.collect.collector as collector_module
from graph import Snapshot
from graph.collect import (
    CollectError,
    CollectOptions,
    ProgressEvent,
    SecretLeak,
    Stage,
    Status,
    collect_document,
    collect_snapshot,
)
from graph.model import Unknown
from tests.collect.conftest import (
    ACCESS_KEY,
    OTHER_REGION,
    REGION,
    REPO_POLICY,
    SECRET_KEY,
    SESSION_TOKEN,
    Org,
)
from tests.collect.fake_codeartifact import FakeCodeArtifact, Fault
from tests.spies import results_of

BOTH = CollectOptions(org=True, regions=(REGION, OTHER_REGION))


def _snapshot(options: CollectOptions = BOTH) -> tuple[Snapshot, Any]:
    result = collect_snapshot(boto3.Session(), options)
    return result.snapshot, result.collection


def test_org_collection_merges_both_accounts(estate: FakeCodeArtifact, org: Org) -> None:
    events: list[ProgressEvent] = []
    result = collect_snapshot(boto3.Session(), BOTH, events.append)
    snapshot, collection = result.snapshot, result.collection
    assert collection.complete and snapshot.warnings == ()
    assert [a.id for a in snapshot.accounts] == sorted([org.management, org.member])

    main = snapshot.account(org.management)
    member = snapshot.account(org.member)
    assert main is not None and member is not None
    assert member.name == "member"
    assert [u.name for u in main.users] == ["alice"]
    assert main.users[0].group_names == ("devs",)
    assert [p.name for p in main.policies] == ["CodeArtifactRead"]
    assert "ci" in {r.name for r in member.roles}
    assert [d.name for d in main.domains] == ["acme"]
    assert {r.name for r in main.repositories} == {"npm-store", "npm-internal", "pypi"}
    assert [d.name for d in member.domains] == ["team"]
    assert [r.name for r in member.repositories] == ["app"]
    assert member.region_unknowns == {}

    organization = snapshot.organization
    assert organization is not None and not isinstance(organization, Unknown)
    assert organization.management_account_id == org.management
    parents = {n.id: n.parent_id for n in organization.nodes}
    assert parents[org.member] == org.ou_id and parents[org.ou_id] == org.root_id
    scp = next(p for p in organization.policies if p.policy_id == org.scp_id)
    assert scp.targets == (org.ou_id,)
    assert scp.document["Statement"][0]["Effect"] == "Deny"
    assert {"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"} <= set(
        organization.enabled_policy_types
    )

    assert collection.caller_arn.endswith(":user/moto")
    finished = {(e.account, e.stage, e.region) for e in events if e.status is Status.OK}
    assert (org.member, Stage.ASSUME_ROLE, None) in finished
    assert (org.member, Stage.CODEARTIFACT, OTHER_REGION) in finished
    assert (org.management, Stage.DONE, None) in finished


def test_document_shape(estate: FakeCodeArtifact, org: Org) -> None:
    collection = collect_document(boto3.Session(), BOTH)
    doc = collection.document
    assert (doc["format"], doc["version"]) == ("cax-snapshot", 1)
    assert doc["generated_at"].endswith("Z")
    main = next(a for a in doc["accounts"] if a["id"] == org.management)
    repos = {r["name"]: r for r in main["codeartifact"][REGION]["repositories"]}
    assert repos["npm-store"]["policy"] is None  # ResourceNotFoundException: no policy
    assert repos["npm-internal"]["policy"] == REPO_POLICY
    assert main["codeartifact"][OTHER_REGION] == {
        "domains": [],
        "repositories": [],
        "package_groups": [],
    }
    json.dumps(doc)  # JSON-able: datetimes were converted


def test_without_org_only_the_callers_account(estate: FakeCodeArtifact, org: Org) -> None:
    snapshot, collection = _snapshot(CollectOptions(regions=(REGION,)))
    assert [a.id for a in snapshot.accounts] == [org.management]
    assert snapshot.organization is not None  # still read: the caller may list the org
    assert collection.complete


def test_denied_calls_are_unknown_and_the_rest_is_kept(estate: FakeCodeArtifact, org: Org) -> None:
    estate.faults += [
        Fault("ListDomains", "AccessDeniedException", account=org.member, region=OTHER_REGION),
        Fault("GetRepositoryPermissionsPolicy", "AccessDeniedException", match="pypi"),
    ]
    snapshot, collection = _snapshot()
    member = snapshot.account(org.member)
    main = snapshot.account(org.management)
    assert member is not None and main is not None
    assert isinstance(member.region_unknowns[OTHER_REGION], Unknown)
    assert [r.name for r in member.repositories] == ["app"]  # the other region is kept
    pypi = next(r for r in main.repositories if r.name == "pypi")
    assert isinstance(pypi.policy, Unknown)
    assert "AccessDeniedException" in pypi.policy.error
    assert not collection.complete
    assert {p.operation for p in collection.problems} == {
        "codeartifact:ListDomains",
        "codeartifact:GetRepositoryPermissionsPolicy",
    }


def test_a_failing_account_is_reported_and_the_rest_kept(
    estate: FakeCodeArtifact, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = collector_module.assume_role

    def refuse(sts: Any, base: Any, account_id: str, *args: Any) -> Any:
        if account_id == org.member:
            error = {"Error": {"Code": "AccessDenied", "Message": "not authorized"}}
            raise ClientError(error, "AssumeRole")
        return real(sts, base, account_id, *args)

    monkeypatch.setattr(collector_module, "assume_role", refuse)
    snapshot, collection = _snapshot()
    member = snapshot.account(org.member)
    assert member is not None
    assert isinstance(member.iam_unknown, Unknown)
    assert set(member.region_unknowns) == {REGION, OTHER_REGION}
    main = snapshot.account(org.management)
    assert main is not None and len(main.repositories) == 3
    assert [(p.scope, p.operation) for p in collection.problems] == [(org.member, "sts:AssumeRole")]


def test_all_regions_skips_regions_that_are_not_enabled(estate: FakeCodeArtifact, org: Org) -> None:
    estate.faults.append(
        Fault("ListDomains", "UnrecognizedClientException", region="eu-south-1", status=403)
    )
    snapshot, collection = _snapshot(CollectOptions(all_regions=True))
    main = snapshot.account(org.management)
    assert main is not None
    assert collection.complete
    assert collection.skipped == (f"{org.management}/eu-south-1",)
    regions = collect_document(boto3.Session(), CollectOptions(all_regions=True)).document
    assert "us-west-2" in regions["accounts"][0]["codeartifact"]


def test_no_secret_or_session_name_in_the_document(
    estate: FakeCodeArtifact, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    hops = results_of(monkeypatch, collector_module, "assume_role")
    caller = f"arn:aws:sts::{org.member}:assumed-role/OrganizationAccountAccessRole/cax-collect"
    estate.faults.append(
        Fault(
            "ListTagsForResource",
            "AccessDeniedException",
            message=f"User: {caller} (AROAEXAMPLEID00001:cax-collect, key {ACCESS_KEY}) "
            "is not authorized",
        )
    )
    text = json.dumps(collect_document(boto3.Session(), BOTH).document)
    assert hops and all(len(hop.secrets) == 3 for hop in hops)
    for secret in (ACCESS_KEY, SECRET_KEY, SESSION_TOKEN, *(s for h in hops for s in h.secrets)):
        assert secret not in text
    assert "cax-collect" not in text
    assert "assumed-role/OrganizationAccountAccessRole/<session>" in text


def test_a_credential_in_the_data_stops_the_collection(estate: FakeCodeArtifact, org: Org) -> None:
    estate.estate(org.management, REGION).tags[
        "arn:aws:codeartifact:us-east-1:123456789012:domain/acme"
    ] = {"oops": SECRET_KEY}
    with pytest.raises(SecretLeak):
        collect_document(boto3.Session(), BOTH)


def test_no_credentials_is_an_error(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name)
    with pytest.raises(CollectError, match="no usable credentials"):
        collect_document(boto3.Session(), CollectOptions(regions=(REGION,)))


def test_no_region_is_an_error(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name)
    with pytest.raises(CollectError, match="no region"):
        collect_document(boto3.Session())


def test_an_unexpected_failure_loses_only_its_region(
    estate: FakeCodeArtifact, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = collector_module.collect_region

    def broken(client: Any, account: str, region: str) -> Any:
        if (account, region) == (org.member, REGION):
            raise KeyError("owner")
        return real(client, account, region)

    monkeypatch.setattr(collector_module, "collect_region", broken)
    snapshot, collection = _snapshot()
    member = snapshot.account(org.member)
    assert member is not None and set(member.region_unknowns) == {REGION}
    assert member.roles  # IAM of the same account is kept
    assert [p.scope for p in collection.problems] == [f"{org.member}/{REGION}"]


def test_an_unexpected_failure_loses_only_its_account(
    estate: FakeCodeArtifact, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = collector_module.authorization_details

    def broken(client: Any, account: str) -> Any:
        if account == org.member:
            raise ValueError("unexpected shape")
        return real(client, account)

    monkeypatch.setattr(collector_module, "authorization_details", broken)
    snapshot, collection = _snapshot()
    member = snapshot.account(org.member)
    assert member is not None and isinstance(member.iam_unknown, Unknown)
    assert "unexpected shape" in member.iam_unknown.error
    main = snapshot.account(org.management)
    assert main is not None and main.iam_unknown is None and main.repositories
    assert [(p.scope, p.operation) for p in collection.problems] == [(org.member, "collect")]


def test_a_write_attempt_stops_the_collection(
    estate: FakeCodeArtifact, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.collect import ReadOnlyViolation

    def rogue(client: Any, account: str) -> Any:
        client.create_user(UserName="mallory")  # what a buggy reader might do

    monkeypatch.setattr(collector_module, "authorization_details", rogue)
    with pytest.raises(ReadOnlyViolation, match="iam:CreateUser"):
        collect_document(boto3.Session(), BOTH)
    iam = boto3.Session().client("iam")
    assert "mallory" not in {u["UserName"] for u in iam.list_users()["Users"]}
