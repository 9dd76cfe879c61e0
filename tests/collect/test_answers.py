"""A snapshot collected from moto and the CodeArtifact fake answers cax's questions."""

from __future__ import annotations

import boto3

import graph
from graph.access import Verdict
from graph.collect import CollectOptions, collect_snapshot
from graph.policy import DenialReason
from tests.collect.conftest import OTHER_REGION, REGION, Org
from tests.collect.fake_codeartifact import FakeCodeArtifact


def test_collected_snapshot_answers_who_can(estate: FakeCodeArtifact, org: Org) -> None:
    snapshot = collect_snapshot(
        boto3.Session(), CollectOptions(org=True, regions=(REGION, OTHER_REGION))
    ).snapshot
    access = graph.AccessGraph.from_snapshot(snapshot)
    repo = f"arn:aws:codeartifact:{REGION}:{org.management}:repository/acme/npm-internal"
    alice = f"arn:aws:iam::{org.management}:user/alice"
    readers = {r.principal: r for r in access.who_can(repo, "codeartifact:ReadFromRepository")}
    assert readers[alice].verdict is Verdict.ALLOWED
    # …but she cannot pull with npm: her policies grant no sts:GetServiceBearerToken.
    explanation = access.explain(alice, "read", repo)
    assert explanation.verdict is Verdict.DENIED
    failing = explanation.failing
    assert failing is not None
    first = next(s for s in failing.steps if not s.verdict.reaches)
    assert first.step.action == "sts:GetServiceBearerToken"
    assert first.decision.reason is DenialReason.NO_IDENTITY_ALLOW
