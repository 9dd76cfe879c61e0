"""One chain evaluated again, hop by hop, on a (changed) snapshot: the cheap way to prove a fix.

When the chain an explanation failed on passes once the fix is applied, the fix is proved
without asking the whole question again (which walks every role the principal can become).
"""

from __future__ import annotations

from graph.access.actors import build_actor
from graph.access.build import Built, unchanged
from graph.access.capabilities import Capability
from graph.access.capability_eval import capability_result
from graph.access.evaluator import Evaluator, Verdict, worst
from graph.access.results import Chain
from graph.access.shared_edges import AccessMultiGraph
from graph.access.targets import build_target, rcp_levels
from graph.access.trust import run_actor, trust_policy
from graph.model import Domain, Repository, Role, User
from graph.policy import CompiledPolicy
from graph.snapshot import Snapshot


def chain_verdict(
    built: Built, evaluator: Evaluator, snapshot: Snapshot, chain: Chain, capability: Capability
) -> Verdict | None:
    """The chain's verdict with every role assumption and the access evaluated again; None when
    a hop is not one a snapshot's principal makes (a caller outside it, a service)."""
    if not chain.hops:
        return None
    verdicts: list[Verdict] = []
    acting = chain.hops[0].source
    try:
        for hop in chain.hops:
            if hop.kind == "can_assume":
                role = snapshot.find(hop.target)
                if not isinstance(role, Role):
                    return None
                trust = trust_policy(evaluator.book, role)
                if not isinstance(trust, CompiledPolicy):
                    return None
                rcps = rcp_levels(snapshot, evaluator.book, role.account_id)[0]
                actor = built.actor(hop.source, snapshot, evaluator.book)
                verdicts.append(run_actor(evaluator, actor, role, trust, rcps).verdict)
                acting = hop.target
            elif hop.kind == "access":
                actor = built.actor(acting, snapshot, evaluator.book)
                target = built.targets[hop.target]
                verdicts.append(capability_result(evaluator, actor, target, capability).verdict)
    except KeyError:
        return None
    return worst(verdicts) if verdicts else None


def chain_skeleton(
    snapshot: Snapshot, evaluator: Evaluator, chain: Chain, reuse: tuple[Snapshot, Built]
) -> Built:
    """The actors and targets a chain's hops name, and no graph: all `chain_verdict` reads,
    without building every principal of a (changed) snapshot. `reuse` as for `skeleton`."""
    actors = {}
    targets = {}
    for hop in chain.hops:
        for node in (hop.source, hop.target):
            item = snapshot.find(node)
            if isinstance(item, User | Role) and node not in actors:
                actors[node] = unchanged(reuse, snapshot, item) or build_actor(
                    snapshot, evaluator.book, item
                )
            elif isinstance(item, Domain | Repository) and node not in targets:
                targets[node] = build_target(snapshot, evaluator.book, item)
    return Built(AccessMultiGraph(), actors, targets)
