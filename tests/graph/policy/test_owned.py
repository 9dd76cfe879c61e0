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
        ("iam:PutRolePolicy", SSO, "aws_reserved_role"),
        ("iam:PassRole", SSO, "aws_reserved_role"),
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
