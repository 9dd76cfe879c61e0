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
_ROLE_WRITES: Final = frozenset(
    {
        "iam:updateassumerolepolicy",
        "iam:putrolepolicy",
        "iam:deleterolepolicy",
        "iam:attachrolepolicy",
        "iam:detachrolepolicy",
        "iam:putrolepermissionsboundary",
        "iam:deleterolepermissionsboundary",
        "iam:updaterole",
        "iam:deleterole",
        "iam:passrole",
        "iam:tagrole",
        "iam:untagrole",
    }
)
"""Service-linked roles (changed only by their service) and AWS reserved roles (IAM Identity
Center's, changed only through Identity Center)."""
_ALIAS_WRITES: Final = frozenset({"kms:createalias", "kms:deletealias", "kms:updatealias"})
"""KMS aliases beginning with `alias/aws/` are reserved for AWS managed keys."""
_OWNER_ACTIONS: Final = _POLICY_WRITES | _ROLE_WRITES | _ALIAS_WRITES


def aws_owned_rule(action_lower: str, resource: str) -> str | None:
    """The rule that refuses `action` on an AWS-owned resource, or None.

    Called only for `iam:`/`kms:` actions; the names are the `rules` of the decision.
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
            return "service_linked_role"
        if part.startswith("role/aws-reserved/"):
            return "aws_reserved_role"
        return None
    return "aws_managed_kms_alias" if part.startswith("alias/aws/") else None
