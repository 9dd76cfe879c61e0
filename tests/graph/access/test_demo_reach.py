"""Stories of docs/demo.md about reach: role chains, their conditions, trust edges,
upstreams, and who can read or act on a repository."""

from __future__ import annotations

import pytest

import graph
from graph.access import Verdict
from graph.policy import DenialReason
from tests.graph.access.demo_arns import DEV, MGMT, PARTNER, PROD, RELEASE, SHARED, role, user

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
