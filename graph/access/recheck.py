"""One chain evaluated again, hop by hop, on a (changed) snapshot: the cheap way to prove a fix.

When the chain an explanation failed on passes once the fix is applied, the fix is proved
without asking the whole question again (which walks every role the principal can become).
"""

from __future__ import annotations

from graph.access.build import Built
from graph.access.capabilities import Capability
from graph.access.capability_eval import capability_result
from graph.access.evaluator import Evaluator, Verdict, worst
from graph.access.results import Chain
from graph.access.targets import rcp_levels
from graph.access.trust import run_actor, trust_policy
from graph.model import Role
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
