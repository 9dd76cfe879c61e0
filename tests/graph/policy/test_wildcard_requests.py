"""Questions about many resources at once: a request resource with wildcards."""

from __future__ import annotations

from graph import policy
from tests.graph.policy.helpers import A, doc, rstmt, stmt

USER = f"arn:aws:iam::{A}:user/dev"
PREFIX = f"arn:aws:codeartifact:us-east-1:{A}:"
PUBLISH = "codeartifact:PublishPackageVersion"
READ = "codeartifact:ReadFromRepository"


def _decide(resource: str, *statements: dict[str, object]) -> policy.Decision:
    return policy.evaluate(
        policy.Request(
            USER,
            READ if "repository/" in resource else PUBLISH,
            resource,
            resource_is_pattern=True,
        ),
        identity_policies=[doc(*statements)],
    )


def test_a_statement_whose_pattern_overlaps_the_request_allows() -> None:
    """Resource patterns use `*` and `?` (IAM User Guide, Resource element:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html);
    a question about `repository/acme/*` is answered by the statements whose patterns share a
    resource with it (their intersection is not empty)."""
    one = stmt(action=READ, resource=PREFIX + "repository/acme/npm-internal")
    assert _decide(PREFIX + "repository/acme/*", one).allowed
    assert _decide(PREFIX + "repository/*", one).allowed
    other = stmt(action=READ, resource=PREFIX + "repository/globex/*")
    assert not _decide(PREFIX + "repository/acme/*", other).allowed
    short = stmt(action=READ, resource="arn:aws:codeartifact:*")
    assert _decide(PREFIX + "repository/acme/*", short).allowed
    region = stmt(action=READ, resource="arn:aws:codeartifact:eu-west-1:*:repository/*")
    assert not _decide(PREFIX + "repository/acme/*", region).allowed


def test_package_scopes_overlap_or_not() -> None:
    """CodeArtifact package ARNs `package/DOMAIN/REPO/FORMAT/NAMESPACE/NAME` (CodeArtifact,
    resource types: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodeartifact.html)."""
    scope = stmt(action=PUBLISH, resource=PREFIX + "package/acme/npm-internal/npm/acme/*")
    assert _decide(PREFIX + "package/acme/npm-internal/npm/acme/*", scope).allowed
    assert _decide(PREFIX + "package/acme/npm-internal/*", scope).allowed
    assert _decide(PREFIX + "package/acme/npm-internal/npm/acme/ui", scope).allowed
    assert not _decide(PREFIX + "package/acme/npm-internal/npm/data/*", scope).allowed


def test_a_deny_whose_pattern_overlaps_the_request_denies() -> None:
    """An explicit deny that applies wins (IAM User Guide, policy evaluation logic:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html);
    for many resources, a Deny applies when its pattern overlaps the request."""
    everything = stmt(action=READ, resource="*")
    deny = stmt("Deny", action=READ, resource=PREFIX + "repository/acme/secret")
    decision = _decide(PREFIX + "repository/acme/*", everything, deny)
    assert decision.outcome is policy.Outcome.EXPLICIT_DENY
    elsewhere = stmt("Deny", action=READ, resource=PREFIX + "repository/globex/*")
    assert _decide(PREFIX + "repository/acme/*", everything, elsewhere).allowed
    confine = stmt("Deny", action=READ, NotResource=PREFIX + "repository/acme/*", resource=None)
    assert _decide(PREFIX + "repository/acme/np*", everything, confine).allowed
    assert not _decide(PREFIX + "repository/*", everything, confine).allowed


def test_resource_policies_overlap_too() -> None:
    grant = rstmt({"AWS": USER}, Resource=PREFIX + "repository/acme/npm-internal")
    decision = policy.evaluate(
        policy.Request(USER, READ, PREFIX + "repository/acme/*", resource_is_pattern=True),
        resource_policies=[doc(grant)],
    )
    assert decision.allowed
    literal = policy.Request(USER, READ, PREFIX + "repository/acme/*")
    assert not policy.evaluate(literal, resource_policies=[doc(grant)]).allowed
