"""`AccessGraph.explain`: one principal's path hop by hop, its proved fixes and, when asked,
how it could gain the access by escalation (a base class of `AccessGraph`, apart so that each
file holds one idea)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from graph.access.build import Built, skeleton
from graph.access.capabilities import parse_capability
from graph.access.evaluator import Evaluator, Verdict
from graph.access.evidence import AccessExplanation
from graph.access.explain import Explainer
from graph.access.on_demand import OnDemand
from graph.access.proof import prove as proved_fixes
from graph.access.recheck import chain_skeleton, chain_verdict
from graph.access.results import Reach
from graph.pause import paused
from graph.policy.model import ContextValue
from graph.snapshot import Snapshot


class Explaining:
    """What `explain` reads of the graph, and `explain` itself."""

    snapshot: Snapshot
    _built: Built
    _evaluator: Evaluator
    _explainer: Explainer
    _demand: OnDemand

    def __init__(self, snapshot: Snapshot, built: Built, evaluator: Evaluator, **kw: Any) -> None:
        raise NotImplementedError  # `AccessGraph`'s (a fixed copy is made as the graph was)

    @property
    def _complete(self) -> bool:
        raise NotImplementedError

    def resolve_principal(self, text: str) -> str:
        raise NotImplementedError

    def resolve_resource(self, text: str) -> str:
        raise NotImplementedError

    def who_can(
        self, resource: str, capability: str, *, all_chains: bool = False, escalation: bool = False
    ) -> list[Reach]:
        raise NotImplementedError

    def explain(
        self,
        principal: str,
        capability: str,
        resource: str,
        context: Mapping[str, ContextValue] | None = None,
        *,
        package: str = "*",
        prove: bool = True,
        escalation: bool = False,
        alternatives: bool = True,
    ) -> AccessExplanation:
        """Hop by hop: each hop's verdict and deciding statements; for a failure, the fix.

        `package` names the package that package steps (publish) act on, as
        `FORMAT/NAMESPACE/NAME` (`npm/acme/ui`) or a pattern (`npm/acme/*`: allowed when a
        statement's Resource overlaps it); `*` is any package. With `prove`, the fixes offered
        are a change set that, applied to a copy of the snapshot, opens the path
        (`graph.access.proof`); False offers them unproved (faster). With `escalation` (and
        no `context`), `could_gain` is the chain by which the principal could gain it through
        an escalation step, when that does better than now (`who_can(..., escalation=True)`).
        With `alternatives` False, the other chains that work are not looked for (`cax can`
        shows none): `alternatives` is empty, and a lazy graph walks only as deep as the best
        chain needs (`Explainer.best_within`).
        """
        found = self._proved(principal, capability, resource, context, package, prove, alternatives)
        if not alternatives:
            found = replace(found, alternatives=())
        if escalation and context is None and found.verdict is not Verdict.ALLOWED:
            reaches = self.who_can(found.resource, capability, escalation=True)
            mine = [r.chain for r in reaches if r.principal == found.principal]
            found = replace(found, could_gain=mine[0] if mine else None)
        return found

    def _proved(
        self,
        principal: str,
        capability: str,
        resource: str,
        context: Mapping[str, ContextValue] | None,
        package: str,
        prove: bool,
        alternatives: bool,
    ) -> AccessExplanation:
        found = self._explain(principal, capability, resource, context, package, alternatives)
        if not prove or found.verdict.reaches or not found.fixes:
            return found
        assumptions = {**self._evaluator.assumptions, **(context or {})}

        parsed = parse_capability(capability)

        def again(snapshot: Snapshot) -> AccessExplanation:
            evaluator = Evaluator(self._evaluator.book.fork(), assumptions)  # shared compiles
            reuse = (self.snapshot, self._built)
            if parsed is not None and package == "*":  # the failing chain, once more
                part = chain_skeleton(snapshot, evaluator, found.chain, reuse)
                verdict = chain_verdict(part, evaluator, snapshot, found.chain, parsed)
                if verdict is not None and verdict.reaches:
                    return replace(found, verdict=verdict, fixes=())
            built = skeleton(snapshot, evaluator, reuse=reuse)
            fixed = type(self)(snapshot, built, evaluator, complete=False)
            return fixed._explain(found.principal, capability, found.resource, None, package)

        return replace(found, fixes=proved_fixes(self.snapshot, found, again))

    def _explain(
        self,
        principal: str,
        capability: str,
        resource: str,
        context: Mapping[str, ContextValue] | None,
        package: str,
        alternatives: bool = True,
    ) -> AccessExplanation:
        start = self.resolve_principal(principal)
        explainer = self._explainer
        if context or package != "*":
            evaluator = self._evaluator
            if context:
                assumptions = {**self._evaluator.assumptions, **context}
                evaluator = Evaluator(self._evaluator.book, assumptions)
            explainer = Explainer(self.snapshot, self._built, evaluator, package)
        resource_node = self.resolve_resource(resource)
        outlines = None
        if not alternatives and not self._complete:  # only the best, as deep as it needs
            with paused(freeze=True):  # as `build.building`: what the walk makes lives on
                levels = self._demand.levels(start)
                found, outlines = explainer.best_within(start, capability, resource_node, levels)
            if found is not None:
                return found
        self._demand.chains(start)
        return explainer.explain(
            start, capability, resource_node, complete=self._complete, outlines=outlines
        )
