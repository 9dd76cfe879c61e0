"""Organizations: the OU tree, its accounts, and the SCPs and RCPs with their targets.

Only the management account or a delegated administrator may list the organisation. When it is
not permitted, the organisation is unknown (never "no organisation"): SCPs may still apply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graph.collect.errors import AWS_ERRORS, error_code, error_text, unknown
from graph.collect.options import Problem

NOT_IN_ORG = "AWSOrganizationsNotInUseException"
POLICY_TYPES = ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY")


def _pages(client: Any, method: str, key: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for page in client.get_paginator(method).paginate(**params):
        items.extend(page.get(key, []))
    return items


def _content(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def _tree(client: Any, roots: list[dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    """Every OU and account under the roots, breadth first, each with its parent's id."""
    units: list[dict[str, Any]] = []
    accounts: list[dict[str, Any]] = []
    parents = [root["Id"] for root in roots]
    while parents:
        parent = parents.pop(0)
        for account in _pages(client, "list_accounts_for_parent", "Accounts", ParentId=parent):
            accounts.append(
                {
                    "id": account["Id"],
                    "name": account.get("Name", ""),
                    "parent_id": parent,
                    "active": account.get("Status", "ACTIVE") == "ACTIVE",
                }
            )
        for unit in _pages(
            client, "list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent
        ):
            units.append({"id": unit["Id"], "name": unit.get("Name", ""), "parent_id": parent})
            parents.append(unit["Id"])
    return units, accounts


def _policies(client: Any, enabled: set[str]) -> list[dict[str, Any]]:
    policies: list[dict[str, Any]] = []
    for policy_type in POLICY_TYPES:
        if policy_type not in enabled:
            continue
        for summary in _pages(client, "list_policies", "Policies", Filter=policy_type):
            described = client.describe_policy(PolicyId=summary["Id"])["Policy"]
            targets = _pages(client, "list_targets_for_policy", "Targets", PolicyId=summary["Id"])
            policies.append(
                {
                    "id": summary["Id"],
                    "name": summary.get("Name", ""),
                    "type": policy_type,
                    "aws_managed": bool(summary.get("AwsManaged", False)),
                    "content": _content(described.get("Content")),
                    "targets": [target["TargetId"] for target in targets],
                }
            )
    return policies


@dataclass(frozen=True)
class OrganizationResult:
    """The ``organization`` value of the snapshot and what the collector needs besides.

    Attributes:
        value: a dict, ``None`` (not in an organisation) or an ``$unknown`` marker.
        problems: what could not be read.
        active_accounts: ids and names of the member accounts that can be entered.
    """

    value: Any
    problems: tuple[Problem, ...] = ()
    active_accounts: tuple[tuple[str, str], ...] = ()


def collect_organization(client: Any) -> OrganizationResult:
    """Read the organisation the client's account belongs to."""
    operation = "organizations:DescribeOrganization"
    try:
        organization = client.describe_organization()["Organization"]
        operation = "organizations:ListRoots"
        roots = _pages(client, "list_roots", "Roots")
        operation = "organizations:List*ForParent"
        units, accounts = _tree(client, roots)
        enabled = {
            kind["Type"]
            for root in roots
            for kind in root.get("PolicyTypes", [])
            if kind.get("Status") == "ENABLED"
        }
        operation = "organizations:ListPolicies"
        policies = _policies(client, enabled)
    except AWS_ERRORS as exc:
        if error_code(exc) == NOT_IN_ORG:
            return OrganizationResult(None)
        text = error_text(exc)
        return OrganizationResult(unknown(text), (Problem("organization", operation, text),))
    document = {
        "id": organization["Id"],
        "management_account_id": organization.get("MasterAccountId", ""),
        "roots": [
            {
                "id": root["Id"],
                "name": root.get("Name", ""),
                "policy_types": sorted(
                    kind["Type"]
                    for kind in root.get("PolicyTypes", [])
                    if kind.get("Status") == "ENABLED" and kind["Type"] in POLICY_TYPES
                ),
            }
            for root in roots
        ],
        "organizational_units": units,
        "accounts": [
            {key: value for key, value in account.items() if key != "active"}
            for account in accounts
        ],
        "policies": policies,
    }
    active = tuple((a["id"], a["name"]) for a in accounts if a["active"])
    return OrganizationResult(document, (), active)
