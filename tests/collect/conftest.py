"""Fixtures: moto (IAM, STS, Organizations) and a fake CodeArtifact, both on loopback only."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from moto.iam.models import get_account_id_from
from moto.server import ThreadedMotoServer

from tests.collect.fake_codeartifact import FakeCodeArtifact

ACCESS_KEY = "AKIAFAKECAXTEST00001"
SECRET_KEY = "fake-secret-key-cax-0123456789abcdefghij"
SESSION_TOKEN = "fake-session-token-cax-0123456789abcdefghijklmnop"
MANAGEMENT = "123456789012"
REGION = "us-east-1"
OTHER_REGION = "eu-west-1"

READ_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["codeartifact:ReadFromRepository", "codeartifact:GetAuthorizationToken"],
            "Resource": "*",
        }
    ],
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Org:
    """What the moto organisation fixture created."""

    management: str
    member: str
    root_id: str
    ou_id: str
    scp_id: str


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="session")
def fake_ca() -> Iterator[FakeCodeArtifact]:
    fake = FakeCodeArtifact(account_of=get_account_id_from).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def aws_env(
    moto_url: str, fake_ca: FakeCodeArtifact, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Fake credentials and loopback endpoints for every service the collector calls."""
    home = tmp_path_factory.mktemp("aws")
    with pytest.MonkeyPatch.context() as mp:
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL"):
            mp.delenv(name, raising=False)
        mp.setenv("AWS_CONFIG_FILE", str(home / "config"))
        mp.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / "credentials"))
        mp.setenv("AWS_EC2_METADATA_DISABLED", "true")
        mp.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        mp.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        mp.setenv("AWS_SESSION_TOKEN", SESSION_TOKEN)
        mp.setenv("AWS_DEFAULT_REGION", REGION)
        mp.setenv("AWS_REGION", REGION)
        for service in ("IAM", "STS", "ORGANIZATIONS"):
            mp.setenv(f"AWS_ENDPOINT_URL_{service}", moto_url)
        mp.setenv("AWS_ENDPOINT_URL_CODEARTIFACT", fake_ca.url)
        yield


@pytest.fixture(scope="session")
def org(aws_env: None) -> Org:
    """A two-account organisation in moto, with IAM content in both accounts."""
    session = boto3.Session()
    orgs = session.client("organizations")
    orgs.create_organization(FeatureSet="ALL")
    root_id = orgs.list_roots()["Roots"][0]["Id"]
    for kind in ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"):
        orgs.enable_policy_type(RootId=root_id, PolicyType=kind)
    ou_id = orgs.create_organizational_unit(ParentId=root_id, Name="workloads")[
        "OrganizationalUnit"
    ]["Id"]
    status = orgs.create_account(Email="member@example.com", AccountName="member")
    member = status["CreateAccountStatus"]["AccountId"]
    orgs.move_account(AccountId=member, SourceParentId=root_id, DestinationParentId=ou_id)
    scp = orgs.create_policy(
        Name="DenyDeleteRepository",
        Description="no deletes",
        Type="SERVICE_CONTROL_POLICY",
        Content=(
            '{"Version":"2012-10-17","Statement":[{"Effect":"Deny",'
            '"Action":"codeartifact:DeleteRepository","Resource":"*"}]}'
        ),
    )["Policy"]["PolicySummary"]["Id"]
    orgs.attach_policy(PolicyId=scp, TargetId=ou_id)

    iam = session.client("iam")
    iam.create_group(GroupName="devs")
    arn = iam.create_policy(PolicyName="CodeArtifactRead", PolicyDocument=_json(READ_POLICY))[
        "Policy"
    ]["Arn"]
    iam.attach_group_policy(GroupName="devs", PolicyArn=arn)
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="inline", PolicyDocument=_json(READ_POLICY))

    hop = session.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole",
        RoleSessionName="fixture",
    )["Credentials"]
    member_iam = boto3.Session(
        aws_access_key_id=hop["AccessKeyId"],
        aws_secret_access_key=hop["SecretAccessKey"],
        aws_session_token=hop["SessionToken"],
    ).client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{MANAGEMENT}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    member_iam.create_role(RoleName="ci", AssumeRolePolicyDocument=_json(trust))
    member_iam.put_role_policy(RoleName="ci", PolicyName="read", PolicyDocument=_json(READ_POLICY))
    return Org(MANAGEMENT, member, root_id, ou_id, scp)


def _json(value: object) -> str:
    import json

    return json.dumps(value)


REPO_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{MANAGEMENT}:user/alice"},
            "Action": "codeartifact:ReadFromRepository",
            "Resource": "*",
        }
    ],
}


@pytest.fixture
def estate(fake_ca: FakeCodeArtifact, org: Org) -> Iterator[FakeCodeArtifact]:
    """CodeArtifact content: acme (3 repos, 2 package groups) in the management account,
    team (1 repo) in the member account; eu-west-1 is empty."""
    fake_ca.reset()
    main = fake_ca.estate(org.management, REGION)
    main.add_domain("acme", policy=REPO_POLICY, tags={"team": "platform"})
    main.add_repository("acme", "npm-store", external="public:npmjs")
    main.add_repository(
        "acme", "npm-internal", upstreams=("npm-store",), policy=REPO_POLICY, tags={"tier": "1"}
    )
    main.add_repository("acme", "pypi", policy=REPO_POLICY)
    main.add_package_group("acme", "/*", None)
    main.add_package_group("acme", "/npm/*", "/*")
    member = fake_ca.estate(org.member, REGION)
    member.add_domain("team")
    member.add_repository("team", "app")
    yield fake_ca
    fake_ca.reset()


@pytest.fixture
def out_path(tmp_path: Path) -> Path:
    return tmp_path / "snapshot.json"


@pytest.fixture
def backoff_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record botocore's retry back-off instead of sleeping through it, and let the adaptive
    rate limiter slow down to 50 calls/s at worst instead of 0.5 (tests stay fast)."""
    import time
    import types

    import botocore.endpoint
    from botocore.retries.bucket import TokenBucket

    monkeypatch.setattr(TokenBucket.__init__, "__defaults__", (50.0,))

    sleeps: list[float] = []
    fake_time = types.SimpleNamespace(
        **{k: getattr(time, k) for k in dir(time) if not k.startswith("__")}
    )
    fake_time.sleep = sleeps.append
    monkeypatch.setattr(botocore.endpoint, "time", fake_time)
    return sleeps
