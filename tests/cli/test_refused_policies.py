"""Snapshots holding policies AWS would refuse to store: evaluated, and listed by `validate`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import graph
from tests.cli.conftest import Cax

DEV = "123456789012"
REPO = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"


def _drafted(tmp_path: Path) -> str:
    """The demo with mateojackson given an inline policy holding a Principal element, and
    npm-store given a policy whose statement names no principal."""
    document: dict[str, Any] = graph.demo_snapshot().to_document()
    dev = next(a for a in document["accounts"] if a["id"] == DEV)
    user = next(
        u for u in dev["authorization_details"]["UserDetailList"] if u["UserName"] == "mateojackson"
    )
    user["UserPolicyList"] = [
        {
            "PolicyName": "drafted",
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "ReadNpmInternal",
                        "Effect": "Allow",
                        "Principal": {"AWS": f"arn:aws:iam::{DEV}:user/mateojackson"},
                        "Action": "codeartifact:ReadFromRepository",
                        "Resource": REPO,
                    }
                ],
            },
        }
    ]
    shared = next(a for a in document["accounts"] if a["id"] == "111111111111")
    store = next(
        r for r in shared["codeartifact"]["us-east-1"]["repositories"] if r["name"] == "npm-store"
    )
    store["policy"] = {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "Nobody", "Effect": "Allow", "Action": "*", "Resource": "*"}],
    }
    path = tmp_path / "drafted.json"
    path.write_text(json.dumps(document))
    return str(path)


def test_a_principal_in_an_identity_policy_is_ignored_not_unknown(cax: Cax, tmp_path: Path) -> None:
    """AWS rejects a Principal in an identity policy ("You cannot use the Principal element in
    an identity-based policy", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html);
    a pasted draft is still evaluated, the element ignored: mateojackson now reads npm-internal."""
    path = _drafted(tmp_path)
    result = cax("can", "--snapshot", path, "user/mateojackson", "read", "acme/npm-internal")
    assert result.exit_code == 0, result.output


def test_validate_lists_every_policy_aws_would_refuse(cax: Cax, tmp_path: Path) -> None:
    """`validate` names each policy and statement AWS would refuse to store (Principal element
    page above: "You must use the Principal element in resource-based policies")."""
    path = _drafted(tmp_path)
    result = cax("validate", "--json", path)
    assert result.exit_code == 0, result.output
    problems = json.loads(result.stdout)["policies"]
    codes = {(p["code"], p["where"].split(",")[0]) for p in problems}
    assert (
        "principal_in_identity_policy",
        f"arn:aws:iam::{DEV}:user/mateojackson inline policy drafted",
    ) in codes
    store = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-store resource policy"
    assert ("no_principal", store) in codes
    text = cax("validate", path)
    assert "IAM rejects this policy" in text.output
    assert "statement Nobody" in text.output


def test_validate_lists_allow_with_notprincipal_and_empty_statements(
    cax: Cax, tmp_path: Path
) -> None:
    """The other two shapes AWS refuses to store: `NotPrincipal` with `Allow` ("you must use
    NotPrincipal with Deny",
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html)
    and a policy without statements (the grammar needs at least one:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html). Both are
    listed, and the file still loads (exit 0)."""
    document: dict[str, Any] = json.loads(Path(_drafted(tmp_path)).read_text())
    shared = next(a for a in document["accounts"] if a["id"] == "111111111111")
    repos = shared["codeartifact"]["us-east-1"]["repositories"]
    releases = next(r for r in repos if r["name"] == "maven-releases")
    releases["policy"] = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AllButPartner",
                "Effect": "Allow",
                "NotPrincipal": {"AWS": "arn:aws:iam::444455556666:root"},
                "Action": "codeartifact:ReadFromRepository",
                "Resource": "*",
            }
        ],
    }
    users = shared["authorization_details"]["UserDetailList"]
    users[0]["UserPolicyList"] = [
        {"PolicyName": "empty", "PolicyDocument": {"Version": "2012-10-17", "Statement": []}}
    ]
    path = tmp_path / "more.json"
    path.write_text(json.dumps(document))
    result = cax("validate", "--json", str(path))
    assert result.exit_code == 0, result.output
    codes = {p["code"] for p in json.loads(result.stdout)["policies"]}
    assert {
        "principal_in_identity_policy",
        "no_principal",
        "allow_not_principal",
        "empty_statement",
    } <= codes
