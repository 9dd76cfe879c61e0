"""Escalation by changing what a read reaches: a principal that reads a repository and may
change its upstreams (`codeartifact:UpdateRepository`) or connect it to a public repository
(`AssociateExternalConnection`) reads, through it, the packages of any repository of its
domain, or of the public one: permission is checked on the repository accessed only (spec D.6).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import networkx as nx

from graph.access.actors import Actor
from graph.access.build import Built
from graph.access.capabilities import Step
from graph.access.escalation_edge import Escalation, allowed_on
from graph.access.escalation_steps import ASSOCIATE_CONNECTION, UPDATE_REPOSITORY
from graph.access.evaluator import Evaluator, StepResult, Verdict
from graph.access.hops import upstream_closure
from graph.access.labels import RANK
from graph.access.step_classes import StepClasses
from graph.access.targets import Target
from graph.model import Repository

_DENIED: Final = Verdict.DENIED.rank
_VERDICTS: Final = {v.rank: v.value for v in Verdict}
_NONE: Final = (_DENIED + 1,)
"""No way in yet: worse than any."""


def upstream_changes(built: Built, evaluator: Evaluator) -> Iterator[Escalation]:
    """An edge to every repository of the domain (or public repository) a principal could read
    through one it reads by changing that one's upstreams (or external connection), where that
    does better than its read of it now. Its read of the repository it changes is part of the
    edge (`via`, its conditions in `notes`): the step is evaluated only where that read leaves
    something to gain."""
    g = built.graph
    repositories = [t for t in built.targets.values() if isinstance(t.item, Repository)]
    by_domain: dict[str, list[str]] = {}
    for t in repositories:
        by_domain.setdefault(t.domain_arn, []).append(t.node)
    public = [n for n, d in g.nodes(data=True) if d.get("kind") == "external_connection"]
    served: dict[str, set[str]] = {}
    steps = _Steps(evaluator)
    # repositories whose policies let no other account take the step
    closed = {
        action: frozenset(
            t.node for t in repositories if evaluator.closed_across(t, Step(action, t.node))
        )
        for action in (UPDATE_REPOSITORY, ASSOCIATE_CONNECTION)
    }
    for actor in list(built.actors.values()):
        now: dict[str, int] | None = None
        # (repository, action) → the best way in: (rank, step, repository changed, its read)
        best: dict[tuple[str, str], tuple[int, StepResult, str, int]] = {}
        for action in (UPDATE_REPOSITORY, ASSOCIATE_CONNECTION):
            allowed = allowed_on(actor, action)
            if allowed is None:
                continue
            if now is None:
                now = _reads(g, actor.node)
            shut = closed[action] if not actor.unreadable else frozenset()
            readable = [
                t
                for t in repositories
                if now.get(t.node, _DENIED) < _DENIED
                and (t.account_id == actor.account_id or t.node not in shut)
                and allowed(t.node)
            ]
            # best read first: once each repository it could gain has a way in as good as the
            # next one's read, no later one can do better, and its step is not evaluated
            readable.sort(key=lambda t: now.get(t.node, _DENIED))
            for target in readable:
                read = now[target.node]
                through = served.get(target.node)
                if through is None:
                    through = served[target.node] = {n for n, _ in upstream_closure(g, target.node)}
                into = by_domain[target.domain_arn] if action == UPDATE_REPOSITORY else public
                gained = [
                    n
                    for n in into
                    if now.get(n, _DENIED) > read
                    and n not in through
                    and best.get((n, action), _NONE)[0] > read
                ]
                if not gained:
                    continue
                step = steps.run(actor, target, action)
                if not step.verdict.reaches:
                    continue
                rank = max(read, step.verdict.rank)
                for node in gained:
                    known = best.get((node, action))
                    if now.get(node, _DENIED) > rank and (known is None or rank < known[0]):
                        best[(node, action)] = (rank, step, target.node, read)
        for (node, action), (_, step, changed, read) in best.items():
            yield Escalation(
                actor.node,
                node,
                action,
                ("read",),
                step,
                (),
                item=changed,
                via=(Verdict(_VERDICTS[read]),),
                notes=_conditions(g, actor.node, changed),
            )


class _Steps:
    """One step per actor class and repository (`StepClasses`)."""

    def __init__(self, evaluator: Evaluator) -> None:
        self.evaluator = evaluator
        self.classes = StepClasses(evaluator)
        self._results: dict[tuple[object, str, str], StepResult] = {}

    def run(self, actor: Actor, target: Target, action: str) -> StepResult:
        memo = (self.classes.key(actor, target, action), target.node, action.lower())
        found = self._results.get(memo)
        if found is None:
            found = self._results[memo] = self.evaluator.run(
                actor, target, Step(action, target.node)
            )
        return found


def _reads(g: nx.MultiDiGraph, actor: str) -> dict[str, int]:
    """The verdict rank of each read the actor has of its own, by repository."""
    return {
        node: RANK.get(str(data.get("verdict")), _DENIED)
        for node, keys in g._succ.get(actor, {}).items()
        if (data := keys.get("access:read")) is not None
    }


def _conditions(g: nx.MultiDiGraph, actor: str, repository: str) -> tuple[str, ...]:
    data = g._succ[actor][repository]["access:read"]
    return tuple(str(c) for c in data.get("conditions", ()))
