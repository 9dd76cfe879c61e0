"""Review kit: tiny snapshots built in code (`Estate`) and the policies, ARNs and accounts
they are made of; reading the graph's answers and the plain `policy.evaluate` oracle are in
`review_answers.py`.

No tests live here; the `test_review_*` modules import it. Snapshots go through
`graph.snapshot_from_document` (docs/snapshot-format.md), so the loader is exercised too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import graph
from graph.access import AccessGraph

A, B, C, M = "111111111111", "222222222222", "333333333333", "100000000000"
REGION = "us-east-1"
ORG_ID = "o-review1234"
ROOT_ID = "r-rev1"
BEARER = {"StringEquals": {"sts:AWSServiceName": "codeartifact.amazonaws.com"}}
FULL_AWS_ACCESS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def doc(*statements: Mapping[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [dict(s) for s in statements]}


def allow(action: str | Sequence[str], resource: str | Sequence[str] = "*", **extra: Any) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: str | Sequence[str], resource: str | Sequence[str] = "*", **extra: Any) -> dict:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def grant(principal: Any, action: str | Sequence[str], **extra: Any) -> dict:
    """A resource-policy Allow statement (Resource `*`, as CodeArtifact examples write it)."""
    return {"Effect": "Allow", "Principal": principal, "Action": action, "Resource": "*", **extra}


def trust(principal: Any, action: str = "sts:AssumeRole", **extra: Any) -> dict[str, Any]:
    return doc({"Effect": "Allow", "Principal": principal, "Action": action, **extra})


TOKEN = allow(["codeartifact:GetAuthorizationToken", "codeartifact:GetRepositoryEndpoint"])
BEARER_STMT = allow("sts:GetServiceBearerToken", Condition=BEARER)
READ_ALL = doc(
    allow(
        [
            "codeartifact:GetAuthorizationToken",
            "codeartifact:GetRepositoryEndpoint",
            "codeartifact:ReadFromRepository",
        ]
    ),
    BEARER_STMT,
)
READ_PUBLISH_ALL = doc(
    allow(
        [
            "codeartifact:GetAuthorizationToken",
            "codeartifact:GetRepositoryEndpoint",
            "codeartifact:ReadFromRepository",
            "codeartifact:PublishPackageVersion",
            "codeartifact:PutPackageMetadata",
        ]
    ),
    BEARER_STMT,
)


def user_arn(account: str, name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:user{path}{name}"


def role_arn(account: str, name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:role{path}{name}"


def domain_arn(account: str, domain: str, region: str = REGION) -> str:
    return f"arn:aws:codeartifact:{region}:{account}:domain/{domain}"


def repo_arn(account: str, domain: str, repo: str, region: str = REGION) -> str:
    return f"arn:aws:codeartifact:{region}:{account}:repository/{domain}/{repo}"


class Estate:
    """A snapshot document under construction."""

    def __init__(self) -> None:
        self.accounts: dict[str, dict[str, Any]] = {}
        self.organization: Any = None
        self._ids = 0

    def _uid(self, prefix: str) -> str:
        self._ids += 1
        return f"{prefix}{self._ids:017d}"

    def account(self, account_id: str) -> dict[str, Any]:
        if account_id not in self.accounts:
            self.accounts[account_id] = {
                "id": account_id,
                "name": f"acct-{account_id[:3]}",
                "authorization_details": {
                    "UserDetailList": [],
                    "GroupDetailList": [],
                    "RoleDetailList": [],
                    "Policies": [],
                },
                "codeartifact": {},
            }
        return self.accounts[account_id]

    def _details(self, account_id: str) -> dict[str, Any]:
        return self.account(account_id)["authorization_details"]  # type: ignore[no-any-return]

    def managed(self, account_id: str, name: str, document: Any) -> str:
        arn = f"arn:aws:iam::{account_id}:policy/{name}"
        self._details(account_id)["Policies"].append(
            {
                "PolicyName": name,
                "PolicyId": self._uid("ANPA"),
                "Arn": arn,
                "Path": "/",
                "DefaultVersionId": "v1",
                "PolicyVersionList": [
                    {"Document": document, "VersionId": "v1", "IsDefaultVersion": True}
                ],
            }
        )
        return arn

    def user(
        self,
        account_id: str,
        name: str,
        *policies: Any,
        path: str = "/",
        groups: Sequence[str] = (),
        attached: Sequence[str] = (),
        boundary: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> str:
        arn = user_arn(account_id, name, path)
        entry: dict[str, Any] = {
            "Path": path,
            "UserName": name,
            "UserId": self._uid("AIDA"),
            "Arn": arn,
            "UserPolicyList": [
                {"PolicyName": f"p{i}", "PolicyDocument": p} for i, p in enumerate(policies)
            ],
            "GroupList": list(groups),
            "AttachedManagedPolicies": [
                {"PolicyName": a.rsplit("/", 1)[-1], "PolicyArn": a} for a in attached
            ],
            "Tags": [{"Key": k, "Value": v} for k, v in (tags or {}).items()],
        }
        if boundary:
            entry["PermissionsBoundary"] = {
                "PermissionsBoundaryType": "Policy",
                "PermissionsBoundaryArn": boundary,
            }
        self._details(account_id)["UserDetailList"].append(entry)
        return arn

    def group(self, account_id: str, name: str, *policies: Any) -> str:
        arn = f"arn:aws:iam::{account_id}:group/{name}"
        self._details(account_id)["GroupDetailList"].append(
            {
                "Path": "/",
                "GroupName": name,
                "GroupId": self._uid("AGPA"),
                "Arn": arn,
                "GroupPolicyList": [
                    {"PolicyName": f"g{i}", "PolicyDocument": p} for i, p in enumerate(policies)
                ],
                "AttachedManagedPolicies": [],
            }
        )
        return arn

    def role(
        self,
        account_id: str,
        name: str,
        trust_policy: Any,
        *policies: Any,
        path: str = "/",
        attached: Sequence[str] = (),
        boundary: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> str:
        arn = role_arn(account_id, name, path)
        entry: dict[str, Any] = {
            "Path": path,
            "RoleName": name,
            "RoleId": self._uid("AROA"),
            "Arn": arn,
            "AssumeRolePolicyDocument": trust_policy,
            "RolePolicyList": [
                {"PolicyName": f"r{i}", "PolicyDocument": p} for i, p in enumerate(policies)
            ],
            "AttachedManagedPolicies": [
                {"PolicyName": a.rsplit("/", 1)[-1], "PolicyArn": a} for a in attached
            ],
            "Tags": [{"Key": k, "Value": v} for k, v in (tags or {}).items()],
        }
        if boundary:
            entry["PermissionsBoundary"] = {
                "PermissionsBoundaryType": "Policy",
                "PermissionsBoundaryArn": boundary,
            }
        self._details(account_id)["RoleDetailList"].append(entry)
        return arn

    def _region(self, account_id: str, region: str) -> dict[str, Any]:
        ca = self.account(account_id)["codeartifact"]
        return ca.setdefault(region, {"domains": [], "repositories": [], "package_groups": []})  # type: ignore[no-any-return]

    def domain(
        self,
        account_id: str,
        name: str,
        policy: Any = None,
        *,
        tags: Mapping[str, str] | None = None,
        region: str = REGION,
    ) -> str:
        arn = domain_arn(account_id, name, region)
        self._region(account_id, region)["domains"].append(
            {
                "name": name,
                "owner": account_id,
                "arn": arn,
                "policy": policy,
                "tags": dict(tags or {}),
                "status": "Active",
            }
        )
        return arn

    def repo(
        self,
        account_id: str,
        domain: str,
        name: str,
        policy: Any = None,
        *,
        upstreams: Sequence[str] = (),
        external: Sequence[str] = (),
        tags: Mapping[str, str] | None = None,
        region: str = REGION,
    ) -> str:
        arn = repo_arn(account_id, domain, name, region)
        self._region(account_id, region)["repositories"].append(
            {
                "name": name,
                "domain": domain,
                "domain_owner": account_id,
                "administrator_account": account_id,
                "arn": arn,
                "policy": policy,
                "upstreams": list(upstreams),
                "external_connections": [
                    {"name": e, "package_format": "npm", "status": "Available"} for e in external
                ],
                "tags": dict(tags or {}),
            }
        )
        return arn

    def org(
        self,
        accounts: Sequence[str],
        *,
        management: str = M,
        scps: Sequence[tuple[str, Any, Sequence[str]]] = (),
        rcps: Sequence[tuple[str, Any, Sequence[str]]] = (),
        full_access_everywhere: bool = True,
    ) -> None:
        """One root, each account directly under it. `scps`/`rcps`: (name, document, targets),
        targets being `root` or account ids. FullAWSAccess and RCPFullAWSAccess are attached to
        the root and every account unless `full_access_everywhere` is False."""
        members = [*accounts, management] if management not in accounts else list(accounts)
        everywhere = [ROOT_ID, *members]
        policies: list[dict[str, Any]] = []
        if full_access_everywhere:
            policies.append(
                {
                    "id": "p-FullAWSAccess",
                    "name": "FullAWSAccess",
                    "type": "SERVICE_CONTROL_POLICY",
                    "aws_managed": True,
                    "content": FULL_AWS_ACCESS,
                    "targets": everywhere,
                }
            )
        policies.append(
            {
                "id": "p-RCPFullAWSAccess",
                "name": "RCPFullAWSAccess",
                "type": "RESOURCE_CONTROL_POLICY",
                "aws_managed": True,
                "content": doc(
                    {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}
                ),
                "targets": everywhere,
            }
        )
        for kind, items in (("SERVICE_CONTROL_POLICY", scps), ("RESOURCE_CONTROL_POLICY", rcps)):
            for i, (name, content, targets) in enumerate(items):
                policies.append(
                    {
                        "id": f"p-{kind[:3].lower()}{i}",
                        "name": name,
                        "type": kind,
                        "content": content,
                        "targets": [ROOT_ID if t == "root" else t for t in targets],
                    }
                )
        self.organization = {
            "id": ORG_ID,
            "management_account_id": management,
            "roots": [
                {
                    "id": ROOT_ID,
                    "name": "Root",
                    "policy_types": ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"],
                }
            ],
            "organizational_units": [],
            "accounts": [{"id": a, "name": f"acct-{a[:3]}", "parent_id": ROOT_ID} for a in members],
            "policies": policies,
        }

    def document(self) -> dict[str, Any]:
        return {
            "format": "cax-snapshot",
            "version": 1,
            "accounts": list(self.accounts.values()),
            "organization": self.organization,
        }

    def snapshot(self) -> graph.Snapshot:
        return graph.snapshot_from_document(self.document(), "review")

    def graph(self, context: Mapping[str, Any] | None = None) -> AccessGraph:
        return AccessGraph.from_snapshot(self.snapshot(), context)
