"""One test per story of docs/demo.md: every reason cax gives, on the principal that shows it."""

from __future__ import annotations

import pytest

import graph
from graph.access import Verdict
from graph.access.whatif import apply_fix
from graph.policy import DenialReason

DEV, SHARED, PROD, RELEASE, MGMT, PARTNER = (
    "123456789012",
    "111111111111",
    "222222222222",
    "333333333333",
    "100000000000",
    "444455556666",
)


def user(account: str, path_name: str) -> str:
    return f"arn:aws:iam::{account}:user/{path_name}"


def role(account: str, path_name: str) -> str:
    return f"arn:aws:iam::{account}:role/{path_name}"


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


# (story, principal, capability, resource, verdict, roles on the chain)
CHAINS = [
    (
        "user → group → role → cross-account role → repository",
        user(PROD, "engineering/sofia.rossi"),
        "publish",
        "acme/maven-releases",
        Verdict.ALLOWED,
        (role(PROD, "release-operator"), role(RELEASE, "release/maven-release-publisher")),
    ),
    (
        "user → cross-account role",
        user(DEV, "sre/gustavo.reyes"),
        "read",
        "acme/npm-internal",
        Verdict.ALLOWED,
        (role(PROD, "ops/artifact-reader"),),
    ),
    (
        "conditional on MFA",
        user(MGMT, "security/raj.patel"),
        "admin",
        "acme/npm-store",
        Verdict.CONDITIONAL,
        (role(SHARED, "breakglass/breakglass-admin"),),
    ),
    (
        "conditional on an ExternalId",
        user(PARTNER, "jordan.blake"),
        "read",
        "acme/pypi-internal",
        Verdict.CONDITIONAL,
        (role(SHARED, "partner/globex-reader"),),
    ),
]


@pytest.mark.parametrize(
    ("story", "principal", "capability", "resource", "verdict", "roles"),
    CHAINS,
    ids=[c[0] for c in CHAINS],
)
def test_chains(
    demo_graph: graph.AccessGraph,
    story: str,
    principal: str,
    capability: str,
    resource: str,
    verdict: Verdict,
    roles: tuple[str, ...],
) -> None:
    explanation = demo_graph.explain(principal, capability, resource)
    assert explanation.verdict is verdict, story
    assert explanation.chain.roles == roles


def test_mfa_condition_is_named(demo_graph: graph.AccessGraph) -> None:
    explanation = demo_graph.explain(user(MGMT, "security/raj.patel"), "admin", "acme/npm-store")
    assert "aws:MultiFactorAuthPresent Bool true" in explanation.chain.conditions


def test_context_assumption_turns_conditional_into_allowed(demo_graph: graph.AccessGraph) -> None:
    with_mfa = demo_graph.with_context({"aws:MultiFactorAuthPresent": True})
    explanation = with_mfa.explain(user(MGMT, "security/raj.patel"), "admin", "acme/npm-store")
    assert explanation.verdict is Verdict.ALLOWED
    without = demo_graph.with_context({"aws:MultiFactorAuthPresent": False})
    assert (
        without.explain(user(MGMT, "security/raj.patel"), "admin", "acme/npm-store").verdict
        is Verdict.DENIED
    )


def test_github_oidc_trust_is_conditional_on_sub(demo_graph: graph.AccessGraph) -> None:
    edges = demo_graph.graph.get_edge_data(
        f"arn:aws:iam::{RELEASE}:oidc-provider/token.actions.githubusercontent.com",
        role(RELEASE, "ci/github-actions-publisher"),
    )
    assert edges is not None
    edge = edges["can_assume"]
    assert edge["verdict"] == "conditional"
    assert edge["action"] == "sts:AssumeRoleWithWebIdentity"
    assert any("token.actions.githubusercontent.com:sub" in c for c in edge["conditions"])


def test_trust_policy_that_does_not_name_the_caller(demo_graph: graph.AccessGraph) -> None:
    edge = demo_graph.graph.get_edge_data(
        user(DEV, "engineering/lucas.martin"), role(SHARED, "platform/codeartifact-admin")
    )["can_assume"]
    assert edge["verdict"] == "denied"
    assert edge["reason"] == DenialReason.NO_RESOURCE_ALLOW.value
    assert edge["trusted"] is False


def test_trust_names_account_but_identity_lacks_assume_role(demo_graph: graph.AccessGraph) -> None:
    caller = user(PROD, "sre/liam.walsh")
    target = role(PROD, "release-operator")
    assert demo_graph.graph.get_edge_data(caller, target) is None  # not reachable
    roles = {r.chain.roles for r in demo_graph.reachable(caller)}
    assert all(target not in chain for chain in roles)


def test_root_cannot_get_a_token(demo_graph: graph.AccessGraph) -> None:
    decision = demo_graph.check(
        f"arn:aws:iam::{DEV}:root", "codeartifact:GetAuthorizationToken", "acme"
    )
    assert decision.outcome.value == "implicit_deny"
    assert decision.reason is DenialReason.SERVICE_RULE


def test_reach_through_upstreams(demo_graph: graph.AccessGraph) -> None:
    reaches = {
        (r.resource, r.capability): r for r in demo_graph.reachable(user(DEV, "mateojackson"))
    }
    store = reaches[(f"arn:aws:codeartifact:us-east-1:{SHARED}:repository/acme/pypi-store", "read")]
    assert store.verdict is Verdict.ALLOWED and store.via_upstream
    assert [h.kind for h in store.chain.hops] == ["member_of", "access", "upstream"]
    pypi = reaches[("external:public:pypi", "read")]
    assert [h.kind for h in pypi.chain.hops][-2:] == ["upstream", "external_connection"]
    npm = reaches[(f"arn:aws:codeartifact:us-east-1:{SHARED}:repository/acme/npm-store", "read")]
    assert npm.verdict is Verdict.DENIED  # he cannot read npm-internal, so not its upstream either


def test_every_fix_opens_the_path(demo_graph: graph.AccessGraph) -> None:
    """For stories a statement can fix, applying every suggested statement makes them pass."""
    cases = [
        (user(DEV, "mateojackson"), "read", "acme/npm-internal"),
        (user(DEV, "engineering/isabel.moreno"), "publish", "acme/pypi-internal"),
        (role(PROD, "app/orders-service-task"), "read", "acme/npm-internal"),
        (role(DEV, "app/team-payments-build"), "publish", "acme/npm-internal"),
        (user(DEV, "engineering/noah.fischer"), "publish", "acme/npm-internal"),
    ]
    for principal, capability, resource in cases:
        explanation = demo_graph.explain(principal, capability, resource)
        assert explanation.verdict is not Verdict.ALLOWED
        snapshot = demo_graph.snapshot
        for fix in explanation.fixes:
            if fix.statement:
                snapshot = apply_fix(snapshot, fix)
        after = graph.AccessGraph.from_snapshot(snapshot).check_steps(
            principal, capability, resource
        )
        assert all(s.verdict is Verdict.ALLOWED for s in after), (
            principal,
            capability,
            explanation.fixes,
        )


def test_who_can_read_lists_chains_and_partner(demo_graph: graph.AccessGraph) -> None:
    found = {r.principal: r for r in demo_graph.who_can("acme/npm-internal", "read")}
    assert user(DEV, "mateojackson") not in found
    assert found[role(PARTNER, "globex-build")].verdict is Verdict.ALLOWED
    assert found[user(DEV, "sre/gustavo.reyes")].chain.roles == (role(PROD, "ops/artifact-reader"),)
    assert found[user(PARTNER, "jordan.blake")].verdict is Verdict.CONDITIONAL


def test_who_can_read_upstream_counts_downstream_readers(demo_graph: graph.AccessGraph) -> None:
    found = {r.principal: r for r in demo_graph.who_can("acme/npm-store", "read")}
    alice = found[user(DEV, "engineering/alice.nguyen")]
    assert alice.verdict is Verdict.ALLOWED


def test_mateojackson_fix_is_an_identity_statement(demo_graph: graph.AccessGraph) -> None:
    explanation = demo_graph.explain(user(DEV, "mateojackson"), "read", "acme/npm-internal")
    (fix,) = explanation.fixes
    assert fix.kind == "identity_policy"
    assert fix.node == user(DEV, "mateojackson")
    assert fix.statement["Action"] == "codeartifact:ReadFromRepository"
    assert (
        fix.statement["Resource"]
        == f"arn:aws:codeartifact:us-east-1:{SHARED}:repository/acme/npm-internal"
    )
    fixed = graph.AccessGraph.from_snapshot(apply_fix(demo_graph.snapshot, fix))
    assert (
        fixed.explain(user(DEV, "mateojackson"), "read", "acme/npm-internal").verdict
        is Verdict.ALLOWED
    )


def test_cross_account_fix_goes_to_the_repository_policy(demo_graph: graph.AccessGraph) -> None:
    explanation = demo_graph.explain(
        user(DEV, "engineering/isabel.moreno"), "publish", "acme/pypi-internal"
    )
    kinds = {f.kind: f for f in explanation.fixes}
    fix = kinds["repository_policy"]
    assert fix.statement["Principal"] == {"AWS": user(DEV, "engineering/isabel.moreno")}
    assert set(fix.statement["Action"]) == {
        "codeartifact:PublishPackageVersion",
        "codeartifact:PutPackageMetadata",
    }


def test_explicit_deny_fix_names_the_statement(demo_graph: graph.AccessGraph) -> None:
    explanation = demo_graph.explain(
        user(DEV, "engineering/diana.okafor"), "publish", "acme/maven-releases"
    )
    (fix,) = [f for f in explanation.fixes if f.kind == "remove_deny"][:1]
    assert "DenyPublishExceptReleasePipeline" in fix.where


def test_near_misses_name_the_reason(demo_graph: graph.AccessGraph) -> None:
    explanation = demo_graph.explain(user(DEV, "mateojackson"), "read", "acme/npm-internal")
    failing = explanation.failing
    assert failing is not None
    step = next(s for s in failing.steps if not s.verdict.reaches)
    misses = {m.ref.label: m for m in step.near_misses}
    assert "resource_mismatch" in misses["ReadPyPIInternal"].why
    assert misses["ReadPyPIInternal"].statement["Sid"] == "ReadPyPIInternal"


def test_who_can_one_action(demo_graph: graph.AccessGraph) -> None:
    found = {
        r.principal: r
        for r in demo_graph.who_can("acme/maven-releases", "codeartifact:DeletePackageVersions")
    }
    assert found[user(RELEASE, "engineering/yuki.tanaka")].verdict is Verdict.ALLOWED
    assert user(SHARED, "platform/priya.raman") not in found  # the delete-guard SCP


def test_who_can_names_anyone_in_the_organisation(demo_graph: graph.AccessGraph) -> None:
    found = {r.principal: r for r in demo_graph.who_can("acme/pypi-internal", "read")}
    anyone = found["anyone"]
    assert anyone.verdict is Verdict.CONDITIONAL
    assert "aws:PrincipalOrgID StringEquals o-acme12345" in anyone.chain.conditions


def test_who_can_names_accounts_outside_the_snapshot() -> None:
    repo = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/shared"
    doc = {
        "format": "cax-snapshot",
        "version": 1,
        "accounts": [
            {
                "id": "111111111111",
                "codeartifact": {
                    "us-east-1": {
                        "domains": [
                            {
                                "arn": "arn:aws:codeartifact:us-east-1:111111111111:domain/acme",
                                "policy": {
                                    "Statement": [
                                        {
                                            "Effect": "Allow",
                                            "Principal": {"AWS": "999988887777"},
                                            "Action": "codeartifact:GetAuthorizationToken",
                                            "Resource": "*",
                                        }
                                    ]
                                },
                            }
                        ],
                        "repositories": [
                            {
                                "arn": repo,
                                "policy": {
                                    "Statement": [
                                        {
                                            "Effect": "Allow",
                                            "Principal": {"AWS": "arn:aws:iam::999988887777:root"},
                                            "Action": [
                                                "codeartifact:ReadFromRepository",
                                                "codeartifact:GetRepositoryEndpoint",
                                            ],
                                            "Resource": "*",
                                        }
                                    ]
                                },
                            }
                        ],
                    }
                },
            }
        ],
    }
    access = graph.AccessGraph.from_snapshot(graph.snapshot_from_document(doc))
    (reach,) = access.who_can(repo, "read")
    assert reach.principal == "account:999988887777"
    assert reach.verdict is Verdict.CONDITIONAL
    assert "identity policies in account 999988887777 allow it" in reach.chain.conditions
    assert access.who_can(repo, "publish") == []
