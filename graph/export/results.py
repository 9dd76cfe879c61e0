"""Query answers as plain, JSON-ready dicts: what `cax … --json` prints and scripts read.

Every record names nodes by their graph id (an ARN for IAM principals and CodeArtifact
resources) next to their display label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx

from graph.access import AccessExplanation, Chain, ErrorExplanation, Fix, Hop, Reach
from graph.access.explain import HopExplanation, NearMiss, StepExplanation
from graph.policy import Decision, StatementRef

if TYPE_CHECKING:
    from graph.search import Hit


def label(g: nx.MultiDiGraph, node: str) -> str:
    """The display label of a node (`user/alice`, `acme/npm-internal`), or the id itself."""
    return str(g.nodes[node].get("label") or node) if g.has_node(node) else node


def hop_label(g: nx.MultiDiGraph, hop: Hop) -> str:
    """The hop's label, naming the account a role assumption crosses into (`assumes
    role/artifact-reader in prod`): every account of an organisation has, say, its own
    role/OrganizationAccountAccessRole."""
    if hop.kind != "can_assume" or not g.has_node(hop.target):
        return hop.label
    into = g.nodes[hop.target].get("account")
    came = g.nodes[hop.source].get("account") if g.has_node(hop.source) else None
    if not into or into == came:
        return hop.label
    account = f"account:{into}"
    name = g.nodes[account].get("name") if g.has_node(account) else None
    return f"{hop.label} in {name or into}"


def hop_record(g: nx.MultiDiGraph, hop: Hop) -> dict[str, Any]:
    """One hop: kind, both ends, verdict, what it says, its statements and conditions."""
    return {
        "kind": hop.kind,
        "source": hop.source,
        "source_label": label(g, hop.source),
        "target": hop.target,
        "target_label": label(g, hop.target),
        "verdict": hop.verdict.value,
        "label": hop.label,
        "statements": list(hop.statements),
        "conditions": list(hop.conditions),
    }


def chain_record(g: nx.MultiDiGraph, chain: Chain) -> list[dict[str, Any]]:
    """The hops of a chain, start first."""
    return [hop_record(g, h) for h in chain.hops]


def reach_record(g: nx.MultiDiGraph, reach: Reach) -> dict[str, Any]:
    """A principal reaching a resource with a capability, and how."""
    data = g.nodes[reach.principal] if g.has_node(reach.principal) else {}
    return {
        "principal": reach.principal,
        "principal_label": label(g, reach.principal),
        "kind": str(data.get("kind", "")),
        "account": str(data.get("account", "")),
        "resource": reach.resource,
        "resource_label": label(g, reach.resource),
        "capability": reach.capability,
        "verdict": reach.verdict.value,
        "via_upstream": reach.via_upstream,
        "roles": list(reach.chain.roles),
        "conditions": list(reach.chain.conditions),
        "chain": chain_record(g, reach.chain),
    }


def _ref(ref: StatementRef) -> dict[str, Any]:
    return {
        "policy": ref.policy,
        "policy_arn": ref.policy_arn,
        "layer": ref.layer.value,
        "sid": ref.sid,
        "label": f"{ref.policy} · {ref.label}",
        "effect": ref.effect.value,
    }


def decision_record(decision: Decision) -> dict[str, Any]:
    """The engine's decision: outcome, reason, layers that blocked, statements, rules."""
    return {
        "outcome": decision.outcome.value,
        "reason": decision.reason.value if decision.reason else None,
        "blocked_by": sorted(layer.value for layer in decision.blocked_by),
        "statements": [_ref(r) for r in decision.statements],
        "rules": list(decision.rules),
    }


def _near_miss(miss: NearMiss) -> dict[str, Any]:
    return {
        **_ref(miss.ref),
        "reasons": [{"mismatch": m.value, "detail": detail} for m, detail in miss.reasons],
        "statement": miss.statement,
    }


def step_record(step: StepExplanation) -> dict[str, Any]:
    """One authorisation: action, resource, verdict, AWS's sentence, what decided it."""
    return {
        "action": step.step.action,
        "resource": step.step.resource,
        "verdict": step.verdict.value,
        "sentence": step.sentence,
        "decision": decision_record(step.decision),
        "deciding": [{**_ref(ref), "statement": stmt} for ref, stmt in step.deciding],
        "near_misses": [_near_miss(m) for m in step.near_misses],
        "conditions": list(step.conditions),
        "unreadable": list(step.unreadable),
    }


def hop_explanation_record(g: nx.MultiDiGraph, hop: HopExplanation) -> dict[str, Any]:
    """A hop with every step that decides it."""
    return {**hop_record(g, hop.hop), "steps": [step_record(s) for s in hop.steps]}


def fix_record(fix: Fix) -> dict[str, Any]:
    """A fix: where to put it, what it does, the statement and the whole policy document."""
    return {
        "kind": fix.kind,
        "where": fix.where,
        "node": fix.node,
        "note": fix.note,
        "proved": fix.proved,
        "statement": fix.statement or None,
        "document": fix.document or None,
    }


def explanation_record(g: nx.MultiDiGraph, explanation: AccessExplanation) -> dict[str, Any]:
    """Why a principal can or cannot do it: hops, steps, fixes, other chains that work."""
    failing = explanation.failing
    return {
        "principal": explanation.principal,
        "principal_label": label(g, explanation.principal),
        "capability": explanation.capability,
        "resource": explanation.resource,
        "resource_label": label(g, explanation.resource),
        "verdict": explanation.verdict.value,
        "failing_hop": explanation.hops.index(failing) if failing is not None else None,
        "hops": [hop_explanation_record(g, h) for h in explanation.hops],
        "fixes": [fix_record(f) for f in explanation.fixes],
        "alternatives": [chain_record(g, c) for c in explanation.alternatives],
        "could_gain": None
        if explanation.could_gain is None
        else chain_record(g, explanation.could_gain),
    }


def error_record(g: nx.MultiDiGraph, explained: ErrorExplanation) -> dict[str, Any]:
    """An AccessDenied message read back: what AWS said, what cax finds, whether they agree."""
    error = explained.error
    return {
        "error": {
            "principal": error.principal,
            "action": error.action,
            "resource": error.resource,
            "reason": error.reason.value if error.reason else None,
            "denied_in": error.denied_in,
        },
        "cax_reason": explained.cax_reason.value if explained.cax_reason else None,
        "agrees": explained.agrees,
        "explanation": explanation_record(g, explained.explanation),
    }


def hit_record(hit: Hit) -> dict[str, Any]:
    """A search result."""
    return {
        "node": hit.node,
        "kind": hit.kind,
        "label": hit.label,
        "account": hit.account,
        "score": round(hit.score, 3),
        "matched": hit.matched,
        "field": hit.field,
        "positions": list(hit.positions),
    }
