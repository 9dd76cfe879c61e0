"""Stories of docs/demo.md decided by the principal's own policies: every reason cax gives,
on the principal that shows it."""

from __future__ import annotations

import pytest

import graph
from graph.access import Verdict
from graph.policy import DenialReason
from tests.graph.access.demo_arns import DEV, MGMT, PARTNER, PROD, RELEASE, SHARED, role, user

# (story, principal, capability or action, resource, verdict, first failing action, reason)
OWN = [
    (
        "no identity allow (AWS's troubleshooting page)",
        user(DEV, "mateojackson"),
        "read",
        "acme/npm-internal",
        Verdict.DENIED,
        "codeartifact:ReadFromRepository",
        DenialReason.NO_IDENTITY_ALLOW,
    ),
    (
        "allowed through a group",
        user(DEV, "engineering/alice.nguyen"),
        "publish",
        "acme/npm-internal",
        Verdict.ALLOWED,
        None,
        None,
    ),
    (
        "unmet condition: principal tag",
        user(DEV, "engineering/bruno.silva"),
        "publish",
        "acme/npm-internal",
        Verdict.DENIED,
        "codeartifact:PublishPackageVersion",
        DenialReason.NO_IDENTITY_ALLOW,
    ),
    (
        "policy variable missing",
        user(DEV, "engineering/noah.fischer"),
        "publish",
        "acme/npm-internal",
        Verdict.DENIED,
        "codeartifact:PublishPackageVersion",
        DenialReason.NO_IDENTITY_ALLOW,
    ),
    (
        "explicit deny in an identity policy",
        user(DEV, "contractors/chen.wei"),
        "publish",
        "acme/npm-internal",
        Verdict.DENIED,
        "codeartifact:PublishPackageVersion",
        DenialReason.EXPLICIT_DENY,
    ),
    (
        "explicit deny in a resource policy",
        user(DEV, "engineering/diana.okafor"),
        "publish",
        "acme/maven-releases",
        Verdict.DENIED,
        "codeartifact:PublishPackageVersion",
        DenialReason.EXPLICIT_DENY,
    ),
    (
        "explicit deny in a resource policy, same-account admin",
        user(SHARED, "platform/priya.raman"),
        "publish",
        "acme/maven-releases",
        Verdict.DENIED,
        "codeartifact:PublishPackageVersion",
        DenialReason.EXPLICIT_DENY,
    ),
    (
        "cross-account without a resource allow",
        user(DEV, "engineering/isabel.moreno"),
        "publish",
        "acme/pypi-internal",
        Verdict.DENIED,
        "codeartifact:PublishPackageVersion",
        DenialReason.NO_RESOURCE_ALLOW,
    ),
    (
        "partner without a resource allow",
        role(PARTNER, "globex-build"),
        "read",
        "acme/pypi-internal",
        Verdict.DENIED,
        "codeartifact:GetRepositoryEndpoint",
        DenialReason.NO_RESOURCE_ALLOW,
    ),
    (
        "resource policy names a role, not this user",
        user(PARTNER, "sam.porter"),
        "read",
        "acme/npm-internal",
        Verdict.DENIED,
        None,
        DenialReason.NO_RESOURCE_ALLOW,
    ),
    (
        "partner allowed cross-account",
        role(PARTNER, "globex-build"),
        "read",
        "acme/npm-internal",
        Verdict.ALLOWED,
        None,
        None,
    ),
    (
        "explicit deny in an RCP",
        role(PARTNER, "globex-build"),
        "publish",
        "acme/npm-internal",
        Verdict.DENIED,
        "codeartifact:PublishPackageVersion",
        DenialReason.EXPLICIT_DENY,
    ),
    (
        "explicit deny in an SCP (deletes)",
        user(SHARED, "platform/priya.raman"),
        "codeartifact:DeleteRepository",
        "acme/npm-store",
        Verdict.DENIED,
        "codeartifact:DeleteRepository",
        DenialReason.EXPLICIT_DENY,
    ),
    (
        "explicit deny in an SCP (region lock)",
        user(DEV, "engineering/emil.johansson"),
        "read",
        f"arn:aws:codeartifact:us-west-2:{DEV}:repository/acme-sandbox/scratch",
        Verdict.DENIED,
        "codeartifact:GetAuthorizationToken",
        DenialReason.EXPLICIT_DENY,
    ),
    (
        "no SCP allows",
        user(RELEASE, "engineering/yuki.tanaka"),
        "codeartifact:DeleteRepository",
        "acme/maven-releases",
        Verdict.DENIED,
        "codeartifact:DeleteRepository",
        DenialReason.NO_SCP_ALLOW,
    ),
    (
        "allowed within the release OU",
        user(RELEASE, "engineering/yuki.tanaka"),
        "codeartifact:DeletePackageVersions",
        "acme/maven-releases",
        Verdict.ALLOWED,
        None,
        None,
    ),
    (
        "explicit deny in a permissions boundary",
        user(SHARED, "platform/tom.becker"),
        "codeartifact:PutRepositoryPermissionsPolicy",
        "acme/npm-internal",
        Verdict.DENIED,
        "codeartifact:PutRepositoryPermissionsPolicy",
        DenialReason.EXPLICIT_DENY,
    ),
    (
        "no permissions boundary allows",
        role(DEV, "app/team-payments-build"),
        "publish",
        "acme/npm-internal",
        Verdict.DENIED,
        "codeartifact:PublishPackageVersion",
        DenialReason.NO_BOUNDARY_ALLOW,
    ),
    (
        "missing sts:GetServiceBearerToken",
        role(PROD, "app/orders-service-task"),
        "read",
        "acme/npm-internal",
        Verdict.DENIED,
        "sts:GetServiceBearerToken",
        DenialReason.NO_IDENTITY_ALLOW,
    ),
    (
        "unmet condition: case-sensitive service name",
        role(PROD, "app/reporting-batch"),
        "read",
        "acme/pypi-internal",
        Verdict.DENIED,
        "sts:GetServiceBearerToken",
        DenialReason.NO_IDENTITY_ALLOW,
    ),
    (
        "resource policy alone, same account",
        user(SHARED, "service/svc-docs-builder"),
        "read",
        "acme/pypi-internal",
        Verdict.ALLOWED,
        None,
        None,
    ),
    (
        "same-account admin through a role",
        role(SHARED, "platform/codeartifact-admin"),
        "codeartifact:PutRepositoryPermissionsPolicy",
        "acme/npm-internal",
        Verdict.ALLOWED,
        None,
        None,
    ),
    (
        "resource policy ignored for a policy change",
        user(MGMT, "admin/olivia.chen"),
        "codeartifact:PutRepositoryPermissionsPolicy",
        "acme/npm-internal",
        Verdict.DENIED,
        "codeartifact:PutRepositoryPermissionsPolicy",
        DenialReason.NO_RESOURCE_ALLOW,
    ),
    (
        "unknown repository policy",
        user(DEV, "engineering/alice.nguyen"),
        "read",
        "acme/maven-snapshots",
        Verdict.UNKNOWN,
        "codeartifact:GetRepositoryEndpoint",
        None,
    ),
]


@pytest.mark.parametrize(
    ("story", "principal", "what", "resource", "verdict", "action", "reason"),
    OWN,
    ids=[s[0] for s in OWN],
)
def test_own_policies(
    demo_graph: graph.AccessGraph,
    story: str,
    principal: str,
    what: str,
    resource: str,
    verdict: Verdict,
    action: str | None,
    reason: DenialReason | None,
) -> None:
    steps = demo_graph.check_steps(principal, what, resource)
    assert max((s.verdict for s in steps), key=lambda v: v.rank) is verdict, story
    failing = next((s for s in steps if not s.verdict.reaches), None)
    if verdict.reaches:
        assert failing is None
        return
    assert failing is not None
    if action is not None:
        assert failing.step.action == action
    assert failing.decision.reason is reason
