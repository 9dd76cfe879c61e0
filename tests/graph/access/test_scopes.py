"""Publishing to a package scope: conditional on the scope, never leaking to other repositories."""

from __future__ import annotations

import graph
from graph.access import Verdict

A = "111111111111"
PKG = f"arn:aws:codeartifact:us-east-1:{A}:package/acme"
REPO = f"arn:aws:codeartifact:us-east-1:{A}:repository/acme"
BEARER = {
    "Effect": "Allow",
    "Action": "sts:GetServiceBearerToken",
    "Resource": "*",
    "Condition": {"StringEquals": {"sts:AWSServiceName": "codeartifact.amazonaws.com"}},
}


def _graph() -> graph.AccessGraph:
    ci_policy = {
        "Version": "2012-10-17",
        "Statement": [
            BEARER,
            {
                "Effect": "Allow",
                "Resource": "*",
                "Action": [
                    "codeartifact:GetAuthorizationToken",
                    "codeartifact:GetRepositoryEndpoint",
                ],
            },
            {
                "Effect": "Allow",
                "Resource": f"{PKG}/npm-internal/npm/team/*",
                "Action": ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"],
            },
        ],
    }
    doc = {
        "format": "cax-snapshot",
        "version": 1,
        "accounts": [
            {
                "id": A,
                "authorization_details": {
                    "RoleDetailList": [
                        {
                            "RoleName": "ci",
                            "Arn": f"arn:aws:iam::{A}:role/ci",
                            "AssumeRolePolicyDocument": {
                                "Statement": [
                                    {
                                        "Effect": "Allow",
                                        "Principal": {"Service": "codebuild.amazonaws.com"},
                                        "Action": "sts:AssumeRole",
                                    }
                                ]
                            },
                            "RolePolicyList": [
                                {"PolicyName": "publish", "PolicyDocument": ci_policy}
                            ],
                        }
                    ]
                },
                "codeartifact": {
                    "us-east-1": {
                        "domains": [{"arn": f"arn:aws:codeartifact:us-east-1:{A}:domain/acme"}],
                        "repositories": [
                            {"arn": f"{REPO}/npm-internal"},
                            {"arn": f"{REPO}/npm-other"},
                        ],
                    }
                },
            }
        ],
    }
    return graph.AccessGraph.from_snapshot(graph.snapshot_from_document(doc))


def test_scoped_publish_is_conditional_on_the_scope() -> None:
    access = _graph()
    found = {r.principal: r for r in access.who_can(f"{REPO}/npm-internal", "publish")}
    assert set(found) == {f"arn:aws:iam::{A}:role/ci", "service:codebuild.amazonaws.com"}
    reach = found[f"arn:aws:iam::{A}:role/ci"]
    assert reach.verdict is Verdict.CONDITIONAL
    assert "the package matches npm/team/*" in reach.chain.conditions
    # the hop read off the graph's edge says it in the words an explanation uses
    assert reach.chain.hops[-1].label.endswith("(packages matching npm/team/*)")


def test_the_scope_does_not_leak_to_another_repository() -> None:
    access = _graph()
    assert access.who_can(f"{REPO}/npm-other", "publish") == []


def test_explain_names_the_scope() -> None:
    explanation = _graph().explain(f"arn:aws:iam::{A}:role/ci", "publish", f"{REPO}/npm-internal")
    assert explanation.verdict is Verdict.CONDITIONAL
    assert explanation.hops[-1].hop.label.endswith("(packages matching npm/team/*)")
    assert explanation.fixes == ()


def test_demo_team_scope_and_missing_tag() -> None:
    demo = graph.AccessGraph.from_snapshot(graph.demo_snapshot())
    bruno = demo.explain("user/engineering/bruno.silva", "publish", "acme/npm-internal")
    assert bruno.verdict is Verdict.CONDITIONAL  # npm/data/* through ${aws:PrincipalTag/team}
    assert "the package matches npm/data/*" in bruno.chain.conditions
    noah = demo.explain("user/engineering/noah.fischer", "publish", "acme/npm-internal")
    assert noah.verdict is Verdict.DENIED  # no team tag: the variable matches nothing
