"""Resources AWS owns: no policy lets anyone change them (spec A.12; IAM and KMS user guides)."""

from __future__ import annotations

from typing import Final

_POLICY_WRITES: Final = frozenset(
    {
        "iam:createpolicyversion",
        "iam:deletepolicy",
        "iam:deletepolicyversion",
        "iam:setdefaultpolicyversion",
        "iam:tagpolicy",
        "iam:untagpolicy",
    }
)
"""AWS managed policies: "You cannot change the permissions defined in AWS managed policies"."""
_LINKED_ROLE_WRITES: Final = frozenset(
    {
        "iam:updateassumerolepolicy",
        "iam:putrolepolicy",
        "iam:deleterolepolicy",
        "iam:attachrolepolicy",
        "iam:detachrolepolicy",
        "iam:putrolepermissionsboundary",
        "iam:deleterolepermissionsboundary",
        "iam:deleterole",
    }
)
"""Service-linked roles: "Only the service that depends on the service-linked role can modify or
delete the role" (IAM API, UnmodifiableEntity; a linked role is deleted through
DeleteServiceLinkedRole). Not in the set, because AWS documents them for linked roles: UpdateRole
and UpdateRoleDescription ("You can edit the description of any role", IAM User Guide, Update a
service-linked role), TagRole/UntagRole ("The role can be a regular role or a service-linked
role", IAM API TagRole) and PassRole (EC2 Auto Scaling needs iam:PassRole "when a nondefault
service-linked role … is provided")."""
_RESERVED_ROLE_WRITES: Final = _LINKED_ROLE_WRITES | frozenset(
    {
        "iam:updaterole",
        "iam:updateroledescription",
        "iam:passrole",
        "iam:tagrole",
        "iam:untagrole",
    }
)
"""AWS reserved roles (IAM Identity Center's `aws-reserved/sso.amazonaws.com/` roles) are made and
changed by Identity Center through its service-linked role AWSServiceRoleForSSO (whose policy,
AWSSSOServiceRolePolicy, allows exactly these writes on them), not by people in the account."""
_ROLE_WRITES: Final = _LINKED_ROLE_WRITES | _RESERVED_ROLE_WRITES
_IDENTITY_CENTER: Final = frozenset({"AWSServiceRoleForSSO", "sso.amazonaws.com"})
"""Identity Center's own callers: its service-linked role (by name) and its service principal."""
_ALIAS_WRITES: Final = frozenset({"kms:createalias", "kms:deletealias", "kms:updatealias"})
"""KMS aliases beginning with `alias/aws/` are reserved for AWS managed keys."""
_OWNER_ACTIONS: Final = _POLICY_WRITES | _ROLE_WRITES | _ALIAS_WRITES


def aws_owned_rule(action_lower: str, resource: str, caller_name: str = "") -> str | None:
    """The rule that refuses `action` on an AWS-owned resource, or None.

    Called only for `iam:`/`kms:` actions; the names are the `rules` of the decision.
    `caller_name` is the caller's role or service name: Identity Center's own service-linked
    role may change the roles Identity Center reserves.
    """
    if action_lower not in _OWNER_ACTIONS:
        return None
    parts = resource.split(":", 5)
    if len(parts) != 6:
        return None
    part = parts[5]
    if action_lower in _POLICY_WRITES:
        return "aws_managed_policy" if parts[4] == "aws" and part.startswith("policy/") else None
    if action_lower in _ROLE_WRITES:
        if part.startswith("role/aws-service-role/"):
            return "service_linked_role" if action_lower in _LINKED_ROLE_WRITES else None
        if part.startswith("role/aws-reserved/") and caller_name not in _IDENTITY_CENTER:
            return "aws_reserved_role"
        return None
    return "aws_managed_kms_alias" if part.startswith("alias/aws/") else None
