"""Sanity checks on the built document."""

from __future__ import annotations

from .constants import JSON, PARTNER, ROOT_ID


def problems(document: JSON) -> list[str]:
    """Cheap structural checks; the real validation is graph.load_snapshot."""
    found: list[str] = []
    seen: set[str] = set()

    def unique(arn: str) -> None:
        if arn in seen:
            found.append(f"duplicate ARN {arn}")
        seen.add(arn)

    for account in document["accounts"]:
        details = account["authorization_details"]
        groups = {g["GroupName"] for g in details["GroupDetailList"]}
        policy_arns = {p["Arn"] for p in details["Policies"]}
        for policy in details["Policies"]:
            defaults = [v for v in policy["PolicyVersionList"] if v["IsDefaultVersion"]]
            if len(defaults) != 1:
                found.append(f"{policy['Arn']}: {len(defaults)} default versions")
        entities = (
            details["UserDetailList"] + details["GroupDetailList"] + details["RoleDetailList"]
        )
        for entity in entities:
            unique(entity["Arn"])
            if not entity["Arn"].startswith(f"arn:aws:iam::{account['id']}:"):
                found.append(f"{entity['Arn']} is not in account {account['id']}")
            for attached in entity["AttachedManagedPolicies"]:
                if attached["PolicyArn"] not in policy_arns:
                    found.append(f"{entity['Arn']}: {attached['PolicyArn']} not in Policies")
            boundary = entity.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn")
            if boundary and boundary not in policy_arns:
                found.append(f"{entity['Arn']}: boundary {boundary} not in Policies")
        for user in details["UserDetailList"]:
            for group in user["GroupList"]:
                if group not in groups:
                    found.append(f"{user['Arn']}: group {group} not in account {account['id']}")
        for region in account["codeartifact"].values():
            names = {r["name"] for r in region["repositories"]}
            for item in region["domains"] + region["repositories"]:
                unique(item["arn"])
            for repo in region["repositories"]:
                found += [
                    f"{repo['arn']}: upstream {u} missing"
                    for u in repo["upstreams"]
                    if u not in names
                ]

    org = document["organization"]
    parents = {ROOT_ID} | {ou["id"] for ou in org["organizational_units"]}
    in_org = {a["id"]: a["parent_id"] for a in org["accounts"]}
    for account_id, parent in in_org.items():
        if parent not in parents:
            found.append(f"account {account_id}: unknown parent {parent}")
    for account in document["accounts"]:
        if account["id"] != PARTNER and account["id"] not in in_org:
            found.append(f"account {account['id']} has no parent in the organisation")
    for policy in org["policies"]:
        for target in policy["targets"]:
            if target not in parents and target not in in_org:
                found.append(f"{policy['name']}: unknown target {target}")
    # Every level on every path must carry an allow, or everything is denied there.
    for kind, allow in [
        ("SERVICE_CONTROL_POLICY", None),
        ("RESOURCE_CONTROL_POLICY", "p-RCPFullAWSAccess"),
    ]:
        for account_id in in_org:
            for level in path_to_root(org, account_id):
                attached = [
                    p for p in org["policies"] if p["type"] == kind and level in p["targets"]
                ]
                if not any(stmt_allows(p) for p in attached):
                    found.append(f"{kind}: no allow at {level} (path of {account_id})")
                if allow and not any(p["id"] == allow for p in attached):
                    found.append(f"{kind}: {allow} missing at {level}")
    return found


def path_to_root(org: JSON, account_id: str) -> list[str]:
    parent_of = {ou["id"]: ou["parent_id"] for ou in org["organizational_units"]}
    parent_of.update({a["id"]: a["parent_id"] for a in org["accounts"]})
    levels = [account_id]
    while levels[-1] != ROOT_ID:
        levels.append(parent_of[levels[-1]])
    return levels


def stmt_allows(policy: JSON) -> bool:
    return any(s["Effect"] == "Allow" for s in policy["content"]["Statement"])
