"""Resources AWS owns cannot be changed by anyone, whatever the policies allow."""

from __future__ import annotations

import pytest

from graph import policy
from tests.graph.policy.helpers import A, doc, stmt

ADMIN = f"arn:aws:iam::{A}:user/admin"
EVERYTHING = [doc(stmt())]
SLR = f"arn:aws:iam::{A}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"
SSO = f"arn:aws:iam::{A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123"


@pytest.mark.parametrize(
    ("action", "resource", "rule"),
    [
        (
            "iam:CreatePolicyVersion",
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "aws_managed_policy",
        ),
        ("iam:DeletePolicy", "arn:aws:iam::aws:policy/ReadOnlyAccess", "aws_managed_policy"),
        (
            "iam:SetDefaultPolicyVersion",
            "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
            "aws_managed_policy",
        ),
        ("iam:TagPolicy", "arn:aws:iam::aws:policy/ReadOnlyAccess", "aws_managed_policy"),
        ("iam:UpdateAssumeRolePolicy", SLR, "service_linked_role"),
        ("iam:AttachRolePolicy", SLR, "service_linked_role"),
        ("iam:DeleteRole", SLR, "service_linked_role"),
        ("iam:DetachRolePolicy", SLR, "service_linked_role"),
        ("iam:PutRolePolicy", SSO, "aws_reserved_role"),
        ("iam:PassRole", SSO, "aws_reserved_role"),
        ("iam:UpdateRole", SSO, "aws_reserved_role"),
        ("kms:DeleteAlias", f"arn:aws:kms:us-east-1:{A}:alias/aws/s3", "aws_managed_kms_alias"),
        ("kms:UpdateAlias", f"arn:aws:kms:us-east-1:{A}:alias/aws/ebs", "aws_managed_kms_alias"),
    ],
)
def test_aws_owned_resources_are_refused_whatever_the_policies(
    action: str, resource: str, rule: str
) -> None:
    """AWS managed policies: "You cannot change the permissions defined in AWS managed policies"
    (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/about-managed-policy-reference.html);
    service-linked roles: only the linked service can modify or delete them
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html);
    IAM Identity Center's roles under aws-reserved/ are managed through Identity Center only
    (https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html);
    "alias/aws/" is reserved for AWS managed keys
    (https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html). Even the root user
    and `Allow * on *` get an implicit deny naming the rule."""
    for caller in (ADMIN, f"arn:aws:iam::{A}:root"):
        decision = policy.evaluate(
            policy.Request(caller, action, resource), identity_policies=EVERYTHING
        )
        assert decision.outcome is policy.Outcome.IMPLICIT_DENY
        assert decision.reason is policy.DenialReason.SERVICE_RULE
        assert rule in decision.rules
        assert "no policy can allow" in policy.sentence(decision)


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        ("iam:CreatePolicyVersion", f"arn:aws:iam::{A}:policy/Mine"),
        ("iam:AttachUserPolicy", f"arn:aws:iam::{A}:user/dev"),
        ("iam:PassRole", f"arn:aws:iam::{A}:role/service-role/build"),
        ("iam:GetRole", SLR),
        ("kms:CreateAlias", f"arn:aws:kms:us-east-1:{A}:alias/mine"),
    ],
)
def test_customer_resources_and_reads_are_unaffected(action: str, resource: str) -> None:
    decision = policy.evaluate(
        policy.Request(ADMIN, action, resource), identity_policies=EVERYTHING
    )
    assert decision.allowed


@pytest.mark.parametrize(
    "action", ["iam:PassRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:TagRole"]
)
def test_what_aws_documents_for_service_linked_roles_stays_allowed(action: str) -> None:
    """AWS lets people do these to a service-linked role, so policies decide as usual:
    "You can edit the description of any role" (IAM User Guide, Update a service-linked role:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-service-linked-role.html);
    TagRole: "The role can be a regular role or a service-linked role"
    (https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html); EC2 Auto Scaling
    needs iam:PassRole "when a nondefault service-linked role … is provided"
    (https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-api-permissions.html)."""
    decision = policy.evaluate(policy.Request(ADMIN, action, SLR), identity_policies=EVERYTHING)
    assert decision.allowed
    assert not policy.evaluate(policy.Request(ADMIN, action, SLR)).allowed  # still needs a grant


def test_identity_center_changes_its_own_reserved_roles() -> None:
    """Identity Center provisions the `aws-reserved/sso.amazonaws.com/` roles through its
    service-linked role, whose AWS managed policy AWSSSOServiceRolePolicy allows iam:UpdateRole,
    PutRolePolicy, AttachRolePolicy … on them
    (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSSOServiceRolePolicy.html);
    for that caller the reserved-role rule does not apply, its policies decide."""
    sso = f"arn:aws:iam::{A}:role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO"
    session = f"arn:aws:sts::{A}:assumed-role/AWSServiceRoleForSSO/sso"
    for caller in (sso, session):
        decision = policy.evaluate(
            policy.Request(caller, "iam:PutRolePolicy", SSO), identity_policies=EVERYTHING
        )
        assert decision.allowed, caller
