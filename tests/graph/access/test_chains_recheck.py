"""Property: every allowed chain, re-checked hop by hop with `policy.evaluate` (no cache), holds."""

from __future__ import annotations

from dataclasses import replace

import pytest

import graph
from graph.access import Verdict
from graph.access.capabilities import capability_steps, parse_capability
from graph.access.evaluator import DEFAULT_CONTEXT
from graph.access.trust import trust_policy
from graph.model import Role
from graph.policy import ABSENT, CompiledPolicy, Outcome, Request, evaluate
from graph.synthetic import generate


def _request(actor, action: str, resource: str, context: dict[str, object]) -> Request:  # type: ignore[no-untyped-def]
    ctx = {**context, **DEFAULT_CONTEXT}
    if actor.org_id is None:
        ctx.setdefault("aws:PrincipalOrgID", ABSENT)
        ctx.setdefault("aws:PrincipalOrgPaths", ABSENT)
    return Request(
        actor.caller,
        action,
        resource,
        context=ctx,
        principal_arn=actor.principal_arn,
        principal_tags=actor.tags,
        principal_org_id=actor.org_id,
        principal_org_paths=actor.org_paths,
        user_id=actor.user_id or None,
    )


@pytest.fixture(scope="module")
def small_synthetic() -> graph.AccessGraph:
    snapshot = generate(
        accounts=4, roles=160, users=40, groups=12, policies=60, domains=3, repositories=24
    )
    return graph.AccessGraph.from_snapshot(snapshot)


@pytest.mark.parametrize("which", ["demo", "synthetic", "diverse"])
def test_every_allowed_chain_rechecks(
    which: str,
    demo_graph: graph.AccessGraph,
    small_synthetic: graph.AccessGraph,
    small_diverse: graph.AccessGraph,
) -> None:
    access = {"demo": demo_graph, "synthetic": small_synthetic, "diverse": small_diverse}[which]
    built, snapshot = access._built, access.snapshot
    book = access._evaluator.book
    checked = 0
    for principal in list(built.actors):
        for reach in access.reachable(principal):
            if reach.verdict is not Verdict.ALLOWED:
                continue
            for hop in reach.chain.hops:
                if hop.kind == "can_assume":
                    caller = built.actor(hop.source, snapshot, book)
                    role = snapshot.find(hop.target)
                    assert isinstance(role, Role)
                    trust = trust_policy(book, role)
                    assert isinstance(trust, CompiledPolicy)
                    org = snapshot.org
                    levels = org.levels(role.account_id, "RESOURCE_CONTROL_POLICY") if org else ()
                    rcps = [[p.as_policy().document for p in level] for level in levels]  # type: ignore[union-attr]
                    decision = evaluate(
                        _request(caller, "sts:AssumeRole", role.arn, {}),
                        identity_policies=caller.identity,
                        resource_policies=[trust],
                        permission_boundaries=caller.boundary,
                        scps=caller.scps,
                        rcps=rcps,
                    )
                    assert decision.outcome is Outcome.ALLOWED, (reach, hop)
                elif hop.kind == "access":
                    actor = built.actor(
                        hop.source if hop.source in built.actors else reach.principal,
                        snapshot,
                        book,
                    )
                    target = built.targets[hop.target]
                    capability = parse_capability(reach.capability)
                    assert capability is not None
                    for step in capability_steps(capability, target.item):
                        policies, _ = target.policies_for(step.resource)
                        tags = (
                            target.tags
                            if step.resource in (target.node, target.domain_arn)
                            else None
                        )
                        request = _request(actor, step.action, step.resource, dict(step.context))
                        request = replace(request, resource_tags=tags)
                        decision = evaluate(
                            request,
                            identity_policies=actor.identity,
                            resource_policies=() if step.identity_only else policies,
                            permission_boundaries=actor.boundary,
                            scps=actor.scps,
                            rcps=() if step.identity_only else target.rcps,
                        )
                        assert decision.outcome is Outcome.ALLOWED, (reach.principal, hop, step)
                    checked += 1
    assert checked > 50


@pytest.mark.parametrize("which", ["synthetic", "diverse"])
def test_graph_edges_match_a_plain_evaluation(
    which: str, small_synthetic: graph.AccessGraph, small_diverse: graph.AccessGraph
) -> None:
    """The build's shortcuts (classes, prefilter, blocks) lose nothing: a plain evaluation of
    every principal on every repository finds exactly the edges the graph holds."""
    from graph.access.capability_eval import own_capabilities
    from graph.access.evaluator import Evaluator

    access = small_synthetic if which == "synthetic" else small_diverse
    built, g = access._built, access.graph
    plain = Evaluator(access._evaluator.book)
    compared = 0
    for node, actor in list(built.actors.items()):
        for target, result in own_capabilities(built.targets.values(), plain, actor):
            if result.capability == "login" and target.node != target.domain_arn:
                continue  # login is the domain's; the graph holds it on the domain
            edge = (g.get_edge_data(node, target.node) or {}).get(f"access:{result.capability}")
            if result.verdict.reaches or result.verdict is Verdict.UNKNOWN:
                assert edge is not None, (node, target.node, result.capability)
                assert edge["verdict"] == result.verdict.value
                compared += 1
            elif edge is not None:
                assert edge["verdict"] == "denied"
    assert compared > 100
