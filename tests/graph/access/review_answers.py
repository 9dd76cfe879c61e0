"""Review answers: what the access graph says (`reach`, `whoset`, `edge`), and a plain
`policy.evaluate` oracle to check it against, for the snapshots `test_review_kit.py` builds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.access import AccessGraph, Verdict
from graph.access.capabilities import Step, capability_steps, parse_capability
from graph.access.evaluator import DEFAULT_CONTEXT
from graph.model import Domain, Repository, Role
from graph.policy import ABSENT, Decision, Outcome, Request, evaluate

READ3 = [
    "codeartifact:GetAuthorizationToken",
    "codeartifact:GetRepositoryEndpoint",
    "codeartifact:ReadFromRepository",
]
"""The three CodeArtifact actions a read needs (token, endpoint, read)."""

# ---------------------------------------------------------------------------------------------
# Reading answers


def reach(g: AccessGraph, principal: str, resource: str, capability: str) -> Verdict | None:
    """The verdict `reachable` gives, or None when it lists nothing."""
    for r in g.reachable(principal):
        if r.resource == resource and r.capability == capability:
            return r.verdict
    return None


def whoset(g: AccessGraph, resource: str, capability: str) -> dict[str, Verdict]:
    return {r.principal: r.verdict for r in g.who_can(resource, capability)}


def edge(g: AccessGraph, source: str, target: str, key: str) -> dict[str, Any] | None:
    data = g.graph.get_edge_data(source, target) or {}
    return data.get(key)  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------------------------
# Oracle: each step evaluated directly with graph.policy.evaluate, from the snapshot's raw data


def oracle_steps(
    g: AccessGraph, principal: str, capability: str, resource: str
) -> list[tuple[Step, Decision]]:
    """Every step of a capability for a principal's own policies, decided by a plain
    `evaluate` with policies picked here from the snapshot (not from the graph's caches)."""
    snapshot = g.snapshot
    built = g._built
    book = g._evaluator.book
    actor = built.actor(g.resolve_principal(principal), snapshot, book)
    item = snapshot.find(g.resolve_resource(resource))
    assert isinstance(item, (Domain, Repository))
    cap = parse_capability(capability)
    assert cap is not None
    domain = snapshot.find(item.arn if isinstance(item, Domain) else item.domain_arn)
    assert isinstance(domain, Domain)
    org = snapshot.org
    levels = org.levels(item.arn.split(":")[4], "RESOURCE_CONTROL_POLICY") if org else ()
    rcps: list[list[Any]] = [[p.as_policy().document for p in level] for level in levels]
    principal_item = snapshot.find(actor.node)
    if isinstance(principal_item, Role) and principal_item.service_linked:
        rcps = []  # service-linked roles are exempt from RCPs (spec A.2, A.12)
    out = []
    for step in capability_steps(cap, item):
        context: dict[str, Any] = {**step.context, **DEFAULT_CONTEXT}
        if actor.org_id is None:
            context.setdefault("aws:PrincipalOrgID", ABSENT)
            context.setdefault("aws:PrincipalOrgPaths", ABSENT)
        if step.action.lower().startswith("codeartifact:"):
            # STS's service keys are never sent with a CodeArtifact request (spec B, D.2)
            context.setdefault("sts:AWSServiceName", ABSENT)
            context.setdefault("sts:DurationSeconds", ABSENT)
        if step.resource == domain.arn:
            tags: Mapping[str, str] | None = dict(domain.tags)  # type: ignore[arg-type]
        elif step.resource == item.arn:
            tags = dict(item.tags)  # type: ignore[arg-type]
        else:
            tags = None
        resource_docs: list[Any] = []
        if step.resource != "*":
            if domain.policy is not None:
                resource_docs.append(domain.policy.document)  # type: ignore[union-attr]
            if isinstance(item, Repository) and step.resource != domain.arn and item.policy:
                resource_docs.append(item.policy.document)  # type: ignore[union-attr]
        decision = evaluate(
            Request(
                actor.caller,
                step.action,
                step.resource,
                context=context,
                principal_arn=actor.principal_arn,
                principal_tags=actor.tags,
                principal_org_id=actor.org_id,
                principal_org_paths=actor.org_paths,
                user_id=actor.user_id or None,
                resource_tags=tags,
            ),
            identity_policies=actor.identity,
            resource_policies=resource_docs,
            permission_boundaries=actor.boundary,
            scps=actor.scps,
            rcps=rcps if step.resource != "*" else [],
            mode="discover",
        )
        out.append((step, decision))
    return out


def oracle_allowed(g: AccessGraph, principal: str, capability: str, resource: str) -> bool:
    return all(
        d.outcome is Outcome.ALLOWED and not d.unknowns
        for _, d in oracle_steps(g, principal, capability, resource)
    )
