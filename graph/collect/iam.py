"""IAM: one account's ``GetAccountAuthorizationDetails``, all pages merged as the AWS CLI does."""

from __future__ import annotations

from typing import Any

from graph.collect.errors import AWS_ERRORS, error_text, jsonable, unknown
from graph.collect.options import Problem

DETAIL_LISTS = ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")


def authorization_details(client: Any, account_id: str) -> tuple[Any, list[Problem]]:
    """The account's authorization details, or an ``$unknown`` marker and the problem.

    boto3 has already decoded the URL-encoded policy documents into objects; a document it
    could not decode stays a string, which the snapshot format accepts too.
    """
    merged: dict[str, list[Any]] = {name: [] for name in DETAIL_LISTS}
    try:
        for page in client.get_paginator("get_account_authorization_details").paginate():
            for name in DETAIL_LISTS:
                merged[name].extend(jsonable(page.get(name, [])))
    except AWS_ERRORS as exc:
        text = error_text(exc)
        problem = Problem(account_id, "iam:GetAccountAuthorizationDetails", text)
        return unknown(text), [problem]
    for policy in merged["Policies"]:
        # AWS always names the policy; some emulators do not. The name is the ARN's last part.
        if isinstance(policy, dict) and "PolicyName" not in policy and "Arn" in policy:
            policy["PolicyName"] = str(policy["Arn"]).rsplit("/", 1)[-1]
    return merged, []
