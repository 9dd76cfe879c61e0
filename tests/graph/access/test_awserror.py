"""`explain_error`: every AccessDenied message form AWS prints, and whether cax agrees."""

from __future__ import annotations

import pytest

import graph
from graph.access import NotAnAccessDenied, Verdict, parse_error
from graph.policy import DenialReason

REPO = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"
MATEO = "arn:aws:iam::123456789012:user/mateojackson"

FORMS = [
    (
        f"User: {MATEO} is not authorized to perform: codeartifact:ReadFromRepository on resource: {REPO} "
        "because no identity-based policy allows the codeartifact:ReadFromRepository action",
        MATEO,
        "codeartifact:ReadFromRepository",
        REPO,
        DenialReason.NO_IDENTITY_ALLOW,
    ),
    (  # the older form, with no reason
        f"User: {MATEO} is not authorized to perform: codeartifact:ReadFromRepository on resource: {REPO}",
        MATEO,
        "codeartifact:ReadFromRepository",
        REPO,
        None,
    ),
    (  # as the AWS CLI wraps it
        "An error occurred (AccessDeniedException) when calling the GetAuthorizationToken operation: "
        "User: arn:aws:sts::222222222222:assumed-role/orders-service-task/ecs-7f3 is not authorized to "
        "perform: sts:GetServiceBearerToken on resource: * because no identity-based policy allows the "
        "sts:GetServiceBearerToken action",
        "arn:aws:sts::222222222222:assumed-role/orders-service-task/ecs-7f3",
        "sts:GetServiceBearerToken",
        "*",
        DenialReason.NO_IDENTITY_ALLOW,
    ),
    (
        "User: arn:aws:iam::111111111111:user/platform/priya.raman is not authorized to perform: "
        "codeartifact:DeleteRepository on resource: arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-store "
        "with an explicit deny in a service control policy",
        "arn:aws:iam::111111111111:user/platform/priya.raman",
        "codeartifact:DeleteRepository",
        "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-store",
        DenialReason.EXPLICIT_DENY,
    ),
    (
        "User: arn:aws:iam::123456789012:user/engineering/diana.okafor is not authorized to perform: "
        "codeartifact:PublishPackageVersion on resource: "
        "arn:aws:codeartifact:us-east-1:111111111111:package/acme/maven-releases/maven/com.acme/core "
        "with an explicit deny in a resource-based policy",
        "arn:aws:iam::123456789012:user/engineering/diana.okafor",
        "codeartifact:PublishPackageVersion",
        "arn:aws:codeartifact:us-east-1:111111111111:package/acme/maven-releases/maven/com.acme/core",
        DenialReason.EXPLICIT_DENY,
    ),
]


@pytest.mark.parametrize(("text", "principal", "action", "resource", "reason"), FORMS)
def test_parse_forms(
    text: str, principal: str, action: str, resource: str, reason: DenialReason | None
) -> None:
    parsed = parse_error(text)
    assert (parsed.principal, parsed.action, parsed.resource, parsed.reason) == (
        principal,
        action,
        resource,
        reason,
    )


def test_explicit_deny_names_the_policy_type() -> None:
    assert parse_error(FORMS[3][0]).denied_in == "service control policy"
    assert parse_error(FORMS[4][0]).denied_in == "resource-based policy"


def test_mateojackson_message_explained_and_agrees(demo_graph: graph.AccessGraph) -> None:
    result = graph.explain_error(demo_graph, FORMS[0][0])
    assert result.agrees is True
    assert result.cax_reason is DenialReason.NO_IDENTITY_ALLOW
    assert result.explanation.verdict is Verdict.DENIED
    assert result.explanation.fixes[0].kind == "identity_policy"


def test_older_form_has_nothing_to_compare(demo_graph: graph.AccessGraph) -> None:
    result = graph.explain_error(demo_graph, FORMS[1][0])
    assert result.agrees is None
    assert result.cax_reason is DenialReason.NO_IDENTITY_ALLOW


def test_package_arn_maps_to_its_repository(demo_graph: graph.AccessGraph) -> None:
    result = graph.explain_error(demo_graph, FORMS[4][0])
    assert (
        result.explanation.resource
        == "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/maven-releases"
    )
    assert result.agrees is True


def test_disagreement_is_reported(demo_graph: graph.AccessGraph) -> None:
    text = FORMS[0][0].replace("no identity-based policy", "no resource-based policy")
    assert graph.explain_error(demo_graph, text).agrees is False


def test_not_an_access_denied() -> None:
    with pytest.raises(NotAnAccessDenied):
        parse_error("ResourceNotFoundException: repository not found")


def test_star_resource_explains_login(demo_graph: graph.AccessGraph) -> None:
    result = graph.explain_error(demo_graph, FORMS[2][0])
    assert result.agrees is True
    assert result.explanation.resource.endswith(":domain/acme")


def test_explicit_deny_in_a_permissions_boundary() -> None:
    parsed = parse_error(
        "User: arn:aws:iam::111111111111:user/platform/tom.becker is not authorized to perform: "
        "codeartifact:PutRepositoryPermissionsPolicy on resource: "
        "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal "
        "with an explicit deny in a permissions boundary"
    )
    assert parsed.reason is DenialReason.EXPLICIT_DENY
    assert parsed.denied_in == "permissions boundary"
