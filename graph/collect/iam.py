"""IAM: one account's ``GetAccountAuthorizationDetails``, all pages merged as the AWS CLI does.

Two things can go wrong between pages that AWS does not announce: a page says more follow but
gives no marker (the rest would be lost without a word), and a managed policy is attached while
the pages are read, so an identity names a policy that no page lists. The first is a failed
read; the second is fetched with ``iam:GetPolicy``/``GetPolicyVersion``, or marked unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graph.collect.errors import AWS_ERRORS, error_text, jsonable, unknown
from graph.collect.options import Problem
from graph.collect.responses import call

DETAIL_LISTS = ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")
OPERATION = "iam:GetAccountAuthorizationDetails"


class TruncatedPages(Exception):
    """A page said more pages follow but gave no marker to ask for them."""


def _pages(client: Any) -> Iterator[dict[str, Any]]:
    marker: str | None = None
    seen: set[str] = set()
    while True:
        params = {"Marker": marker} if marker else {}
        page = call(client, "iam", "GetAccountAuthorizationDetails", **params)
        yield page
        if not page.get("IsTruncated"):
            return
        marker = page.get("Marker")
        if not marker:
            raise TruncatedPages("a page says more follow (IsTruncated) but has no Marker")
        if marker in seen:
            raise TruncatedPages(f"the Marker {marker[:20]!r} came back twice")
        seen.add(marker)


def authorization_details(client: Any, account_id: str) -> tuple[Any, list[Problem]]:
    """The account's authorization details, or an ``$unknown`` marker and the problem.

    boto3 has already decoded the URL-encoded policy documents into objects; a document it
    could not decode stays a string, which the snapshot format accepts too.
    """
    merged: dict[str, list[Any]] = {name: [] for name in DETAIL_LISTS}
    try:
        for page in _pages(client):
            for name in DETAIL_LISTS:
                merged[name].extend(jsonable(page.get(name, [])))
    except (*AWS_ERRORS, TruncatedPages) as exc:
        text = error_text(exc)
        return unknown(text), [Problem(account_id, OPERATION, text)]
    for policy in merged["Policies"]:
        # AWS always names the policy; some emulators do not. The name is the ARN's last part.
        if isinstance(policy, dict) and "PolicyName" not in policy and "Arn" in policy:
            policy["PolicyName"] = str(policy["Arn"]).rsplit("/", 1)[-1]
    problems: list[Problem] = []
    for arn in _missing_policies(merged):
        merged["Policies"].append(_fetch_policy(client, account_id, arn, problems))
    return merged, problems


def _missing_policies(merged: dict[str, list[Any]]) -> list[str]:
    """Managed policies (and boundaries) that an identity names but no page lists."""
    listed = {p.get("Arn") for p in merged["Policies"] if isinstance(p, dict)}
    named: dict[str, None] = {}
    for name in ("UserDetailList", "GroupDetailList", "RoleDetailList"):
        for item in merged[name]:
            if not isinstance(item, dict):
                continue
            for attached in item.get("AttachedManagedPolicies") or []:
                if isinstance(attached, dict) and isinstance(attached.get("PolicyArn"), str):
                    named[attached["PolicyArn"]] = None
            boundary = item.get("PermissionsBoundary")
            if isinstance(boundary, dict) and isinstance(
                boundary.get("PermissionsBoundaryArn"), str
            ):
                named[boundary["PermissionsBoundaryArn"]] = None
    return [arn for arn in named if arn not in listed]


def _fetch_policy(client: Any, account_id: str, arn: str, problems: list[Problem]) -> Any:
    """The `Policies` entry of one managed policy, read on its own; its document is unknown
    when it cannot be read."""
    entry: dict[str, Any] = {"Arn": arn, "PolicyName": arn.rsplit("/", 1)[-1]}
    operation = "iam:GetPolicy"
    try:
        policy = call(client, "iam", "GetPolicy", PolicyArn=arn)["Policy"]
        version_id = policy.get("DefaultVersionId")
        entry.update(
            {
                k: policy[k]
                for k in ("PolicyName", "PolicyId", "Path")
                if isinstance(policy.get(k), str)
            }
        )
        if not isinstance(version_id, str):
            raise KeyError("DefaultVersionId")
        operation = "iam:GetPolicyVersion"
        version = call(client, "iam", "GetPolicyVersion", PolicyArn=arn, VersionId=version_id)[
            "PolicyVersion"
        ]
        document = version["Document"]
    except (*AWS_ERRORS, KeyError) as exc:
        text = error_text(exc)
        problems.append(Problem(f"{account_id}/{arn}", operation, text))
        version_id, document = "unknown", unknown(text)
    entry["DefaultVersionId"] = version_id
    entry["PolicyVersionList"] = [
        {"Document": document, "VersionId": version_id, "IsDefaultVersion": True}
    ]
    return jsonable(entry)
