"""A chain evaluated again hop by hop (`recheck`, used to prove fixes cheaply) gets the verdict
the explanation gave it, on the unchanged snapshot."""

from __future__ import annotations

import graph
from graph.access import Capability
from graph.access.build import skeleton
from graph.access.evaluator import Evaluator
from graph.access.policies import PolicyBook
from graph.access.recheck import chain_verdict


def test_every_explained_chain_of_the_demo_rechecks_to_its_verdict() -> None:
    snapshot = graph.demo_snapshot()
    access = graph.AccessGraph.from_snapshot(snapshot)
    evaluator = Evaluator(PolicyBook())
    built = skeleton(snapshot, evaluator)
    checked = through_roles = 0
    principals = [*(u.arn for u in snapshot.users()), *(r.arn for r in snapshot.roles())]
    for principal in principals:
        for repository in snapshot.repositories():
            for capability in (Capability.READ, Capability.PUBLISH):
                found = access.explain(principal, capability, repository.arn, prove=False)
                verdict = chain_verdict(built, evaluator, snapshot, found.chain, capability)
                if verdict is None:
                    continue
                checked += 1
                through_roles += any(h.kind == "can_assume" for h in found.chain.hops)
                assert verdict is found.verdict, (principal, repository.arn, capability)
    assert checked > 100 and through_roles > 10
