"""Each caller evaluated on its own, with no class, block or index: what the build's shortcuts
are checked against."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import graph
from graph.access.actors import Actor
from graph.access.capabilities import Capability, Step
from graph.access.capability_eval import capability_result
from graph.access.evaluator import Evaluator
from graph.access.results import CapabilityResult
from graph.access.targets import Target, rcp_levels
from graph.access.trust import trust_policy
from graph.access.verdicts import Verdict, trust_verdict
from graph.model import Domain, Role
from graph.policy import CompiledPolicy, Decision


@dataclass(frozen=True)
class TrustPair:
    """A caller × role: its plain decision and verdict, and the graph's edge (or None)."""

    actor: Actor
    role: Role
    decision: Decision
    verdict: Verdict
    edge: dict[str, object] | None


def trust_pairs(access: graph.AccessGraph) -> Iterator[TrustPair]:
    """Every user or role × every role with a readable trust policy."""
    built, snapshot, g = access._built, access.snapshot, access.graph
    plain = Evaluator(access._evaluator.book)
    for role in snapshot.roles():
        trust = trust_policy(plain.book, role)
        if not isinstance(trust, CompiledPolicy):
            continue
        rcps = rcp_levels(snapshot, plain.book, role.account_id)[0]
        for actor in built.actors.values():
            if actor.node == role.arn:
                continue
            step = Step("sts:AssumeRole", role.arn)
            decision = plain.decide(
                actor, step, (trust,), () if actor.service_linked else rcps, None, fresh=True
            )
            edge = (g.get_edge_data(actor.node, role.arn) or {}).get("can_assume")
            yield TrustPair(actor, role, decision, trust_verdict(decision, actor.unreadable), edge)


def access_results(
    access: graph.AccessGraph,
) -> Iterator[tuple[str, str, Capability, CapabilityResult, dict[str, object] | None]]:
    """(caller, resource, capability, plain result, the graph's edge or None) for every user
    or role × domain (login, admin) and repository (read, publish, admin)."""
    built, g = access._built, access.graph
    plain = Evaluator(access._evaluator.book)
    for actor in built.actors.values():
        target: Target
        for target in built.targets.values():
            capabilities = (
                (Capability.LOGIN, Capability.ADMIN)
                if isinstance(target.item, Domain)
                else (Capability.READ, Capability.PUBLISH, Capability.ADMIN)
            )
            for capability in capabilities:
                result = capability_result(plain, actor, target, capability)
                edge = g.get_edge_data(actor.node, target.node, f"access:{capability.value}")
                yield actor.node, target.node, capability, result, edge
