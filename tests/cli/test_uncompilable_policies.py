"""Policies cax cannot evaluate, wherever they are in a snapshot (issue 15, section 11):
`validate` names each with its reason, a warning by default and exit 1 with --strict, and the
answers they take part in are unknown, never denied."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import graph
from graph.sources.save import snapshot_document
from tests.cli import bad_snapshots
from tests.cli.bad_snapshots import Write
from tests.cli.bad_snapshots import clean_output as _clean
from tests.cli.bad_snapshots import find_user as _user
from tests.cli.conftest import Cax

# the fixtures this module uses (pytest finds them among the module's names)
bounded = bad_snapshots.bounded
demo = bad_snapshots.demo
write = bad_snapshots.write

MATEO = "arn:aws:iam::123456789012:user/mateojackson"


# --- 11. policies that cannot be evaluated ---------------------------------------------------


def test_validate_lists_policies_that_cannot_be_evaluated(
    cax: Cax, demo: dict[str, Any], write: Write
) -> None:
    user = _user(demo, "123456789012", "mateojackson")
    statement = {"Effect": "Maybe", "Action": "codeartifact:*", "Resource": "*"}
    user["UserPolicyList"] = [{"PolicyName": "odd", "PolicyDocument": {"Statement": [statement]}}]
    path = write(demo)
    result = cax("validate", str(path))
    output = _clean(result)
    assert result.exit_code == 0 and output.startswith("ok:")
    assert f"cannot be evaluated (answers it takes part in are unknown): {MATEO} inline " in output
    assert "Effect" in output
    result = cax("validate", "--strict", str(path))
    assert result.exit_code == 1 and "not ok" in _clean(result)
    report = json.loads(cax("validate", "--json", "--strict", str(path)).stdout)
    assert report["ok"] is False and len(report["uncompilable"]) == 1
    assert (
        cax(
            "validate", "--strict", str(write(snapshot_document(graph.demo_snapshot()), "d.json"))
        ).exit_code
        == 0
    )


_V = "2012-10-17"
_P = {"Principal": {"AWS": "arn:aws:iam::123456789012:root"}}


def _allow(**elements: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": "codeartifact:*", "Resource": "*", **elements}


def _set_inline(document: dict[str, Any], policy: Any) -> str:
    _user(document, "123456789012", "mateojackson")["UserPolicyList"] = [
        {"PolicyName": "broken", "PolicyDocument": policy}
    ]
    return f"{MATEO} inline policy broken"


def _set_managed(document: dict[str, Any], policy: Any) -> str:
    entry = next(a for a in document["accounts"] if a["id"] == "123456789012")
    managed = entry["authorization_details"]["Policies"][0]
    for version in managed["PolicyVersionList"]:
        version["Document"] = policy
    return str(managed["Arn"])


def _set_trust(document: dict[str, Any], policy: Any) -> str:
    entry = next(a for a in document["accounts"] if a["id"] == "123456789012")
    roles = entry["authorization_details"]["RoleDetailList"]
    role = next(r for r in roles if r["RoleName"] == "team-payments-build")
    role["AssumeRolePolicyDocument"] = policy
    return f"{role['Arn']} trust policy"


def _shared_region(document: dict[str, Any]) -> dict[str, Any]:
    entry = next(a for a in document["accounts"] if a["id"] == "111111111111")
    return dict(entry["codeartifact"]["us-east-1"])


def _set_domain(document: dict[str, Any], policy: Any) -> str:
    domain = _shared_region(document)["domains"][0]
    domain["policy"] = policy
    return f"{domain['arn']} resource policy"


def _set_repository(document: dict[str, Any], policy: Any) -> str:
    repositories = _shared_region(document)["repositories"]
    next(r for r in repositories if r["name"] == "npm-internal")["policy"] = policy
    return "repository/acme/npm-internal resource policy"


def _set_scp(document: dict[str, Any], policy: Any) -> str:
    document["organization"]["policies"].append(
        {
            "id": "p-broken0001",
            "name": "broken",
            "type": "SERVICE_CONTROL_POLICY",
            "aws_managed": False,
            "content": policy,
            "targets": ["ou-acme-workloads"],
        }
    )
    return "SERVICE_CONTROL_POLICY p-broken0001"


@pytest.mark.parametrize(
    ("place", "policy", "reason"),
    [
        (_set_inline, {"Version": _V, "Statement": [_allow(Effect="Maybe")]}, "Effect must be"),
        (_set_inline, {"Version": _V, "Statement": [_allow(NotAction="s3:*")]}, "both Action"),
        (_set_inline, {"Version": "2099-01-01", "Statement": [_allow()]}, "Version"),
        (_set_inline, {"Version": _V, "Statement": [_allow(Condition=[])]}, "Condition"),
        (_set_inline, {"Version": _V, "Statement": [_allow(Resource=None)]}, "Resource"),
        (_set_inline, {"Version": _V, "Statement": [_allow(Sid="x" * 11_000)]}, "characters"),
        (
            _set_managed,
            {"Version": _V, "Statement": [{"Effect": "Allow", "Resource": "*"}]},
            "Action",
        ),
        (_set_managed, {"Version": _V, "Statement": [_allow(Sid=5)]}, "Sid"),
        (
            _set_trust,
            {"Version": _V, "Statement": [_allow(Principal={"AWS": "no arn"})]},
            "principal",
        ),
        (
            _set_domain,
            {"Version": _V, "Statement": [_allow(**_P, NotPrincipal="*")]},
            "NotPrincipal",
        ),
        (
            _set_repository,
            {"Version": _V, "Statement": [_allow(**_P, Condition={"StringEqualz": {"a:b": "c"}})]},
            "StringEqualz",
        ),
        (
            _set_repository,
            {"Version": _V, "Statement": [_allow(**_P, Condition={"StringEquals": {"a:b": {}}})]},
            "not a string",
        ),
        (_set_scp, {"Version": _V, "Statement": [_allow(Effect="allow")]}, "Effect must be"),
    ],
)
def test_validate_lists_each_kind_of_policy_that_cannot_be_evaluated(
    cax: Cax,
    demo: dict[str, Any],
    write: Write,
    place: Callable[[dict[str, Any], Any], str],
    policy: dict[str, Any],
    reason: str,
) -> None:
    """Wherever it is (identity, managed, trust, domain, repository, SCP), a policy cax cannot
    evaluate is named with its reason: a warning by default, exit 1 with --strict."""
    where = place(demo, policy)
    path = write(demo)
    result = cax("validate", str(path))
    output = _clean(result)
    assert result.exit_code == 0 and output.startswith("ok:")
    (line,) = [line for line in output.splitlines() if line.startswith("cannot be evaluated")]
    assert where in line and reason in line
    report = json.loads(cax("validate", "--json", "--strict", str(path)).stdout)
    assert report["ok"] is False and len(report["uncompilable"]) == 1
    if place is _set_inline:  # the answers it takes part in are unknown, never denied
        can = cax("can", "user/mateojackson", "read", "acme/npm-internal", "-s", str(path))
        assert can.exit_code == 4, can.output
