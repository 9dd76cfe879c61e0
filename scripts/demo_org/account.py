"""`Account`: one AWS account of the demo, built up user by user, role by role."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .constants import CREATED, JSON, MGMT, account_root, iam_arn, unique_id
from .statements import ADMIN, AWS_MANAGED, aws, trust


def iam_tags(**values: str) -> list[JSON]:
    return [{"Key": k.replace("_", "-"), "Value": v} for k, v in values.items()]


def inline(policies: dict[str, JSON] | None) -> list[JSON]:
    return [{"PolicyName": n, "PolicyDocument": d} for n, d in (policies or {}).items()]


@dataclass
class Account:
    """One AWS account: IAM as get-account-authorization-details prints it, and CodeArtifact."""

    id: str
    name: str
    users: list[JSON] = field(default_factory=list)
    groups: list[JSON] = field(default_factory=list)
    roles: list[JSON] = field(default_factory=list)
    policies: dict[str, JSON] = field(default_factory=dict)
    codeartifact: dict[str, JSON] = field(default_factory=dict)

    def managed_policy(
        self,
        name: str,
        document: JSON,
        *,
        path: str = "/",
        description: str = "",
        older_versions: Sequence[tuple[JSON, str]] = (),
    ) -> str:
        """A customer managed policy; `older_versions` are (document, date), oldest first."""
        arn = iam_arn(self.id, "policy", name, path)
        versions = [
            {
                "Document": d,
                "VersionId": f"v{i}",
                "IsDefaultVersion": False,
                "CreateDate": date,
            }
            for i, (d, date) in enumerate(older_versions, start=1)
        ]
        default_id = f"v{len(versions) + 1}"
        versions.append(
            {
                "Document": document,
                "VersionId": default_id,
                "IsDefaultVersion": True,
                "CreateDate": CREATED,
            }
        )
        self.policies[arn] = {
            "PolicyName": name,
            "PolicyId": unique_id("ANPA", arn),
            "Arn": arn,
            "Path": path,
            "DefaultVersionId": default_id,
            "IsAttachable": True,
            "Description": description,
            "CreateDate": versions[0]["CreateDate"],
            "UpdateDate": CREATED,
            "PolicyVersionList": versions,
        }
        return arn

    def group(
        self,
        name: str,
        *,
        path: str = "/",
        policies: dict[str, JSON] | None = None,
        attached: Iterable[str] = (),
    ) -> str:
        arn = iam_arn(self.id, "group", name, path)
        self.groups.append(
            {
                "Path": path,
                "GroupName": name,
                "GroupId": unique_id("AGPA", arn),
                "Arn": arn,
                "CreateDate": CREATED,
                "GroupPolicyList": inline(policies),
                "AttachedManagedPolicies": self._attach(attached),
            }
        )
        return arn

    def user(
        self,
        name: str,
        *,
        path: str = "/",
        groups: Iterable[str] = (),
        policies: dict[str, JSON] | None = None,
        attached: Iterable[str] = (),
        boundary: str | None = None,
        tags: list[JSON] | None = None,
    ) -> str:
        arn = iam_arn(self.id, "user", name, path)
        entry: JSON = {
            "Path": path,
            "UserName": name,
            "UserId": unique_id("AIDA", arn),
            "Arn": arn,
            "CreateDate": CREATED,
            "UserPolicyList": inline(policies),
            "GroupList": list(groups),
            "AttachedManagedPolicies": self._attach(attached),
            "Tags": tags or [],
        }
        if boundary:
            entry["PermissionsBoundary"] = self._boundary(boundary)
        self.users.append(entry)
        return arn

    def role(
        self,
        name: str,
        trust_policy: JSON,
        *,
        path: str = "/",
        description: str = "",
        policies: dict[str, JSON] | None = None,
        attached: Iterable[str] = (),
        boundary: str | None = None,
        tags: list[JSON] | None = None,
        max_session: int = 3600,
    ) -> str:
        arn = iam_arn(self.id, "role", name, path)
        entry: JSON = {
            "Path": path,
            "RoleName": name,
            "RoleId": unique_id("AROA", arn),
            "Arn": arn,
            "CreateDate": CREATED,
            "Description": description,
            "AssumeRolePolicyDocument": trust_policy,
            "MaxSessionDuration": max_session,
            "InstanceProfileList": [],
            "RolePolicyList": inline(policies),
            "AttachedManagedPolicies": self._attach(attached),
            "Tags": tags or [],
            "RoleLastUsed": {},
        }
        if boundary:
            entry["PermissionsBoundary"] = self._boundary(boundary)
        self.roles.append(entry)
        return arn

    def organization_access_role(self) -> str:
        """The role AWS Organizations creates in every account it creates."""
        return self.role(
            "OrganizationAccountAccessRole",
            trust("TrustManagementAccount", aws(account_root(MGMT))),
            description="Created by AWS Organizations for administrators of the management account",
            attached=[ADMIN],
        )

    def _attach(self, arns: Iterable[str]) -> list[JSON]:
        return [{"PolicyName": a.rsplit("/", 1)[1], "PolicyArn": a} for a in arns]

    def _boundary(self, arn: str) -> JSON:
        return {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn}

    def authorization_details(self) -> JSON:
        """The account's IAM, with attachment counts and the AWS managed policies it uses."""
        attachments: dict[str, int] = {}
        boundaries: dict[str, int] = {}
        for entity in [*self.users, *self.groups, *self.roles]:
            for attached in entity["AttachedManagedPolicies"]:
                attachments[attached["PolicyArn"]] = attachments.get(attached["PolicyArn"], 0) + 1
            if "PermissionsBoundary" in entity:
                arn = entity["PermissionsBoundary"]["PermissionsBoundaryArn"]
                boundaries[arn] = boundaries.get(arn, 0) + 1
        policies: list[JSON] = []
        for arn in sorted({*self.policies, *attachments, *boundaries}):
            entry = self.policies.get(arn) or aws_managed_entry(arn)
            entry = {
                **entry,
                "AttachmentCount": attachments.get(arn, 0),
                "PermissionsBoundaryUsageCount": boundaries.get(arn, 0),
            }
            policies.append(entry)
        return {
            "UserDetailList": self.users,
            "GroupDetailList": self.groups,
            "RoleDetailList": self.roles,
            "Policies": policies,
        }

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "name": self.name,
            "authorization_details": self.authorization_details(),
            "codeartifact": self.codeartifact,
        }


def aws_managed_entry(arn: str) -> JSON:
    name = arn.rsplit("/", 1)[1]
    known = AWS_MANAGED[name]
    return {
        "PolicyName": name,
        "PolicyId": known["id"],
        "Arn": arn,
        "Path": "/",
        "DefaultVersionId": "v1",
        "IsAttachable": True,
        "CreateDate": known["created"],
        "UpdateDate": known["created"],
        "PolicyVersionList": [
            {
                "Document": known["document"],
                "VersionId": "v1",
                "IsDefaultVersion": True,
                "CreateDate": known["created"],
            }
        ],
    }
