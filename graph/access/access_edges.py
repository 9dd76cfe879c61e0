"""`access` edges: what a capability result puts in the graph, one attribute dict per
distinct result (shared by every actor of a class and every repository of a block)."""

from __future__ import annotations

from collections.abc import Container, Sequence

import networkx as nx

from graph.access.actors import Actor
from graph.access.evaluator import Verdict
from graph.access.results import CapabilityResult, renamed
from graph.access.shared_edges import add_shared_edge, add_shared_edges_out
from graph.access.targets import Target
from graph.policy import CompiledPolicy, DenialReason


class AccessEdges:
    """Records access edges in a graph; results must stay alive while it is in use (their
    ids key its memo), as the build's class results do."""

    def __init__(self, g: nx.MultiDiGraph, within: Container[str] | None = None) -> None:
        self.g = g
        self.within = within
        """Only edges into these domains and repositories are kept (None: every one)."""
        self._attrs: dict[tuple[object, ...], tuple[CapabilityResult, dict[str, object]]] = {}
        self._contents: dict[tuple[object, ...], dict[str, object]] = {}
        """Attribute dicts by content: results that read alike share one."""
        self._named: dict[tuple[int, int], tuple[CapabilityResult, tuple[bool, bool]]] = {}

    def record(
        self,
        actor: Actor,
        target: Target,
        result: CapabilityResult,
        assumed: str = "",
        twin: Target | None = None,
    ) -> None:
        """Keep what reaches, what is unknown, and explicit denies on a path that partly works.

        Other failures are not edges: `reachable` and `explain` compute a principal's own
        failing paths on demand, which keeps the graph small for organisations of thousands of
        principals. `twin` is the resource whose policies (of the same text) decided `result`.
        """
        if result.verdict is Verdict.DENIED and not kept(result):
            return
        if self.within is not None and target.node not in self.within:
            return
        if twin is not None and not self._names_twin(result, twin):
            twin = None  # its evidence reads alike on every resource
        data = self._data(result, assumed, twin, target)
        add_shared_edge(self.g, actor.node, target.node, f"access:{result.capability}", data)

    def record_block(
        self, actor: Actor, members: Sequence[Target], result: CapabilityResult
    ) -> None:
        """`record` for a block of resources whose policies read alike: `result` was decided
        on the first, the twin of the others."""
        if result.verdict is Verdict.DENIED and not kept(result):
            return
        twin, within = members[0], self.within
        data = self._data(result, "", None, twin)
        named = self._named_policies(result, twin) if len(members) > 1 else (False, False)
        found = [
            (t.node, self._data(result, "", twin, t) if _differs(named, twin, t) else data)
            for t in members
            if within is None or t.node in within
        ]
        add_shared_edges_out(self.g, actor.node, f"access:{result.capability}", found)

    def _data(
        self, result: CapabilityResult, assumed: str, twin: Target | None, target: Target
    ) -> dict[str, object]:
        """The edge's attributes: one dict per result, and per resource where `twin`, whose
        policies the result's evidence names, decided it (renamed after the target's)."""
        names: tuple[int, ...] = ()
        if twin is not None:
            names = (id(twin.repository_policy), id(target.repository_policy))
            names += (id(twin.domain_policy), id(target.domain_policy))
        memo = (id(result), assumed, *names)
        known = self._attrs.get(memo)
        if known is None or known[0] is not result:
            attrs = _attributes(result, assumed, twin, target)
            content = tuple(attrs.values())
            known = self._attrs[memo] = (result, self._contents.setdefault(content, attrs))
        return known[1]

    def _names_twin(self, result: CapabilityResult, twin: Target) -> bool:
        """Whether the result's evidence names one of the twin's own policies."""
        return any(self._named_policies(result, twin))

    def _named_policies(self, result: CapabilityResult, twin: Target) -> tuple[bool, bool]:
        """Whether the result's evidence names the twin's repository policy, its domain's."""
        memo = (id(result), id(twin))
        known = self._named.get(memo)
        if known is None or known[0] is not result:
            named = tuple(
                isinstance(p, CompiledPolicy)
                and any(s.startswith(f"{p.name} · ") for s in result.statements)
                for p in (twin.repository_policy, twin.domain_policy)
            )
            known = self._named[memo] = (result, (named[0], named[1]))
        return known[1]


def _differs(named: tuple[bool, bool], twin: Target, target: Target) -> bool:
    """Whether a policy the evidence names (the repository's, the domain's) is another in
    `target` than in `twin`: its edge's evidence is renamed after its own."""
    return (named[0] and target.repository_policy is not twin.repository_policy) or (
        named[1] and target.domain_policy is not twin.domain_policy
    )


def kept(result: CapabilityResult) -> bool:
    """Whether the graph keeps this result: all but denials, and of those an explicit deny
    after a step that worked (a path worth showing)."""
    if result.verdict is not Verdict.DENIED:
        return True
    failing = result.failing
    explicit = failing is not None and failing.decision.reason is DenialReason.EXPLICIT_DENY
    return result.partial and explicit


def _attributes(
    result: CapabilityResult, assumed: str, twin: Target | None, target: Target
) -> dict[str, object]:
    failing = result.failing
    statements = result.statements
    if twin is not None:
        statements = _renamed(statements, twin.repository_policy, target.repository_policy)
        statements = _renamed(statements, twin.domain_policy, target.domain_policy)
    return {
        "kind": "access",
        "capability": result.capability,
        "verdict": Verdict.CONDITIONAL.value
        if assumed and result.verdict is Verdict.ALLOWED
        else result.verdict.value,
        "statements": statements,
        "conditions": (assumed, *result.conditions) if assumed else result.conditions,
        "failing_action": failing.step.action if failing else "",
        "reason": failing.decision.reason.value if failing and failing.decision.reason else "",
    }


def _renamed(labels: tuple[str, ...], twin: object, policy: object) -> tuple[str, ...]:
    """Evidence decided on a resource whose policy reads the same, named after this one's."""
    if not isinstance(twin, CompiledPolicy) or not isinstance(policy, CompiledPolicy):
        return labels
    return labels if twin.name == policy.name else renamed(labels, twin.name, policy.name)
