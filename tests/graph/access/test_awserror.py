"""`explain_error`: every AccessDenied message form AWS prints, and whether cax agrees."""

from __future__ import annotations

from dataclasses import replace

import pytest

import graph
from graph.access import NotAnAccessDenied, Verdict, parse_error
from graph.access.awserror import NeedsPrincipal
from graph.policy import DenialReason
from tests.pasted_lines import NPM_LINE, SEED

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


# --- the documentation's placeholder, package managers' lines, and disagreements -------------

ALICE = "user/alice.nguyen"


@pytest.mark.parametrize("text", [SEED, SEED.replace("resource: ", "resource:")])
def test_the_troubleshooting_pages_seed_example_parses(text: str) -> None:
    """The example error of https://docs.aws.amazon.com/codeartifact/latest/ug/security_iam_troubleshoot.html
    (its page prints `on resource:my-example-widget`, without a space)."""
    parsed = parse_error(text)
    assert (parsed.principal, parsed.action, parsed.resource) == (
        MATEO,
        "codeartifact:GetWidget",
        "my-example-widget",
    )


def test_the_seed_example_is_explained_for_the_nearest_real_question(
    demo_graph: graph.AccessGraph,
) -> None:
    """`GetWidget` is a placeholder: CodeArtifact's actions are those of the Service
    Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodeartifact.html);
    its resources are domain, repository, package and package-group ARNs
    (https://docs.aws.amazon.com/codeartifact/latest/ug/auth-and-access-control-permissions-reference.html)."""
    from graph.policy.catalogue import action_info

    result = graph.explain_error(demo_graph, SEED)
    not_real, not_arn, instead = result.notes
    assert not_real.startswith("codeartifact:GetWidget is not a codeartifact action")
    closest = not_real.split("closest real ones: ")[1].split(", ")
    assert len(closest) == 3 and all(action_info(a) is not None for a in closest)
    assert all(a.startswith("codeartifact:Get") for a in closest)
    assert "'my-example-widget' is not an ARN" in not_arn
    assert "nearest real question, read on repository/acme/" in instead
    reach = {(r.resource.rsplit("/", 1)[-1], r.capability): r.verdict for r in result.reach}
    assert reach[("npm-internal", "read")] is Verdict.DENIED
    assert reach[("pypi-internal", "read")] is Verdict.ALLOWED
    assert result.explanation.capability == "read"
    assert result.explanation.verdict is Verdict.DENIED
    assert result.explanation.fixes[0].kind == "identity_policy"
    assert result.agrees is None and result.unseen == ()


def test_a_real_action_on_a_repository_named_not_by_arn(demo_graph: graph.AccessGraph) -> None:
    text = SEED.replace("GetWidget", "ReadFromRepository").replace(
        "my-example-widget", "npm-internal"
    )
    result = graph.explain_error(demo_graph, text)
    assert result.explanation.resource == REPO and result.reach == ()
    assert "'npm-internal' is not an ARN" in result.notes[0]


PACKAGE_MANAGER_LINES = [
    (NPM_LINE, "npm", "npm-internal", 403, False, False),
    (
        'npm ERR! code E401 npm ERR! Unable to authenticate, need: Bearer realm="CodeArtifact" '
        "401 Unauthorized - PUT https://acme-111111111111.d.codeartifact.us-east-1.amazonaws.com"
        "/npm/npm-internal/@acme%2fui",
        "npm",
        "npm-internal",
        401,
        True,
        False,
    ),
    (
        "ERROR: HTTP error 403 while getting https://aws:eyJ2ZXIiOjE@acme-111111111111.d."
        "codeartifact.us-east-1.amazonaws.com/pypi/pypi-internal/simple/requests/",
        "pypi",
        "pypi-internal",
        403,
        False,
        False,
    ),
    (
        "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-deploy-plugin:3.1.1:deploy "
        "(default-deploy) on project core: Failed to deploy artifacts: Could not transfer artifact "
        "com.acme:core:jar:1.0 from/to codeartifact (https://acme-111111111111.d.codeartifact."
        "us-east-1.amazonaws.com/maven/maven-releases/): status code: 401, reason phrase: "
        "Unauthorized (401)",
        "maven",
        "maven-releases",
        401,
        True,
        False,
    ),
    (
        "[ERROR] Could not transfer artifact com.acme:core:pom:1.0 from/to codeartifact "
        "(https://acme-111111111111.d.codeartifact.us-east-1.amazonaws.com/maven/maven-releases/): "
        "status code: 403, reason phrase: Forbidden (403)",
        "maven",
        "maven-releases",
        403,
        False,
        False,
    ),
    (
        "npm error 403 403 Forbidden - GET https://vpce-0dc4daf7fca331ed6-et36qa1d.d.codeartifact."
        "us-east-1.vpce.amazonaws.com/npm/d/acme-111111111111/npm-internal/lodash",
        "npm",
        "npm-internal",
        403,
        False,
        True,
    ),
]


@pytest.mark.parametrize(
    ("text", "fmt", "repository", "status", "publishing", "vpce"), PACKAGE_MANAGER_LINES
)
def test_package_manager_lines_name_the_repository_by_url(
    text: str, fmt: str, repository: str, status: int, publishing: bool, vpce: bool
) -> None:
    """A repository endpoint is `https://DOMAIN-OWNER.d.codeartifact.REGION.amazonaws.com/FORMAT/
    REPOSITORY/` (https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_GetRepositoryEndpoint.html);
    through a VPC endpoint without private DNS, `https://vpce-….d.codeartifact.REGION.vpce.amazonaws.com/
    FORMAT/d/DOMAIN-OWNER/REPOSITORY` (https://docs.aws.amazon.com/codeartifact/latest/ug/use-codeartifact-from-vpc.html)."""
    parsed = parse_error(text)
    endpoint = parsed.endpoint
    assert endpoint is not None and parsed.principal == ""
    assert (endpoint.domain, endpoint.owner, endpoint.region) == (
        "acme",
        "111111111111",
        "us-east-1",
    )
    assert (endpoint.format, endpoint.repository, endpoint.status) == (fmt, repository, status)
    assert (endpoint.publishing, endpoint.via_vpce) == (publishing, vpce)
    verb = "PublishPackageVersion" if publishing else "ReadFromRepository"
    assert parsed.action == f"codeartifact:{verb}"
    assert parsed.resource.endswith(f":111111111111:repository/acme/{repository}")


def test_a_package_manager_line_needs_the_principal(demo_graph: graph.AccessGraph) -> None:
    with pytest.raises(NeedsPrincipal, match=r"repository acme/npm-internal .* --as user/NAME"):
        graph.explain_error(demo_graph, NPM_LINE)
    result = graph.explain_error(demo_graph, NPM_LINE, "user/mateojackson")
    assert result.explanation.principal == MATEO
    assert result.explanation.capability == "read" and result.explanation.resource == REPO
    assert result.explanation.verdict is Verdict.DENIED
    assert result.cax_reason is DenialReason.NO_IDENTITY_ALLOW
    assert (
        "repository npm-internal of domain acme (owner 111111111111, us-east-1, npm)"
        in (result.notes[0])
    )


def test_a_401_says_the_token_is_missing_or_expired(demo_graph: graph.AccessGraph) -> None:
    """A CodeArtifact authorization token lasts 12 hours by default
    (https://docs.aws.amazon.com/codeartifact/latest/ug/tokens-authentication.html); a 401
    means the request carried none that is valid, before any permission is checked."""
    result = graph.explain_error(demo_graph, PACKAGE_MANAGER_LINES[1][0], ALICE)
    assert result.explanation.capability == "publish"
    assert any(n.startswith("HTTP 401") and "aws codeartifact login" in n for n in result.notes)


def test_denied_by_aws_but_allowed_by_cax_lists_what_cax_cannot_see(
    demo_graph: graph.AccessGraph,
) -> None:
    """Session policies limit a session beyond its identity policies
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session) and
    a VPC endpoint policy limits requests through it
    (https://docs.aws.amazon.com/codeartifact/latest/ug/create-vpc-endoint-policy.html); neither
    is in a snapshot, nor is a change made after it."""
    result = graph.explain_error(demo_graph, NPM_LINE, ALICE)
    assert result.explanation.verdict is Verdict.ALLOWED
    session, vpce, change, unknown = result.unseen
    assert session.startswith("a session policy") and vpce.startswith("a VPC endpoint policy")
    assert "after the snapshot was taken (2026-02-02T08:00:00Z)" in change
    assert unknown.startswith("a policy not in the input")
    said = FORMS[0][0].replace(MATEO, "arn:aws:iam::123456789012:user/engineering/alice.nguyen")
    said = said.replace("identity-based", "session")
    named = graph.explain_error(demo_graph, said)
    assert named.agrees is False
    assert named.unseen[0].startswith("AWS names it: a session policy")


def test_unknown_to_cax_names_the_policy_it_could_not_read() -> None:
    """cax cannot show an action allowed when a policy in play could not be read; AWS's denial
    may come from that policy, so it is listed first."""
    from graph.model import Unknown

    snap = graph.demo_snapshot()
    accounts = []
    for account in snap.accounts:
        repos = tuple(
            replace(r, policy=Unknown("AccessDeniedException")) if r.name == "npm-internal" else r
            for r in account.repositories
        )
        accounts.append(replace(account, repositories=repos))
    ag = graph.AccessGraph.from_snapshot(replace(snap, accounts=tuple(accounts)), lazy=True)
    result = graph.explain_error(ag, NPM_LINE, ALICE)
    assert result.explanation.verdict is Verdict.UNKNOWN
    assert result.unseen[0].startswith("a policy cax could not read: ")
    assert "npm-internal" in result.unseen[0]
