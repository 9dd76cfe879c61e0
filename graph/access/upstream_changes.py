"""Escalation by changing what a read reaches: a principal that reads a repository and may
change its upstreams (`codeartifact:UpdateRepository`) or connect it to a public repository
(`AssociateExternalConnection`) reads, through it, the packages of any repository of its
domain, or of the public one: permission is checked on the repository accessed only (spec D.6).
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from graph.access.build import Built
from graph.access.capabilities import Step
from graph.access.escalation_edge import Escalation
from graph.access.escalation_steps import ASSOCIATE_CONNECTION, UPDATE_REPOSITORY
from graph.access.evaluator import Evaluator, Verdict, statement_matches
from graph.access.hops import upstream_closure
from graph.access.targets import Target
from graph.model import Repository


def upstream_changes(built: Built, evaluator: Evaluator) -> Iterator[Escalation]:
    """An edge to every repository of the domain (or public repository) a principal could read
    through one it reads by changing that one's upstreams (or external connection); kept where
    it reads the repository less well now. Its read of the repository it changes is part of
    the edge (`via`, its conditions in `notes`)."""
    g = built.graph
    repositories = [t for t in built.targets.values() if isinstance(t.item, Repository)]
    public = [n for n, d in g.nodes(data=True) if d.get("kind") == "external_connection"]
    for actor in list(built.actors.values()):
        for action in (UPDATE_REPOSITORY, ASSOCIATE_CONNECTION):
            statements = [s for p in actor.identity for s in p.for_action(action.lower())[0]]
            if not statements and not actor.unreadable:
                continue
            for target in repositories:
                read = _read(g, actor.node, target.node)
                if read is None or not (
                    actor.unreadable
                    or any(statement_matches(s, target.node) is not False for s in statements)
                ):
                    continue
                step = evaluator.run(actor, target, Step(action, target.node))
                if not step.verdict.reaches:
                    continue
                verdict, notes = read
                served = {node for node, _ in upstream_closure(g, target.node)}
                if action == UPDATE_REPOSITORY:
                    into = [t.node for t in repositories if _same_domain(t, target)]
                else:
                    into = public
                for node in into:
                    if node in served or _reads(g, actor.node, node):
                        continue
                    yield Escalation(
                        actor.node,
                        node,
                        action,
                        ("read",),
                        step,
                        (),
                        item=target.node,
                        via=(verdict,),
                        notes=notes,
                    )


def _read(
    g: nx.MultiDiGraph, actor: str, repository: str
) -> tuple[Verdict, tuple[str, ...]] | None:
    """The verdict and conditions of the actor's own read of the repository, when it reaches."""
    data = g._succ.get(actor, {}).get(repository, {}).get("access:read")
    if data is None:
        return None
    verdict = Verdict(str(data["verdict"]))
    if not verdict.reaches:
        return None
    return verdict, tuple(str(c) for c in data.get("conditions", ()))


def _reads(g: nx.MultiDiGraph, actor: str, node: str) -> bool:
    """The actor reads the repository now, allowed."""
    data = g._succ.get(actor, {}).get(node, {}).get("access:read")
    return data is not None and str(data["verdict"]) == Verdict.ALLOWED.value


def _same_domain(other: Target, target: Target) -> bool:
    return other.node != target.node and other.domain_arn == target.domain_arn
