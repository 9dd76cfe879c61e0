"""What the access graph answers with: capability results, hops, chains, reaches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from graph.access.evaluator import StepResult, Verdict, worst
from graph.once import once
from graph.policy import StatementRef, describe_unknowns

HopKind = Literal[
    "member_of", "can_assume", "access", "upstream", "external_connection", "escalation"
]


SCOPE_CONDITION: Final = "the package matches "
"""How a condition that a package scope sets reads (publishing to part of a repository)."""


def scope_condition(scope: str) -> str:
    """The condition a package scope sets: `the package matches npm/acme/*`."""
    return f"{SCOPE_CONDITION}{scope}"


def scoped_label(label: str, conditions: Sequence[str]) -> str:
    """An access hop's label, with the package scope one of its conditions sets: the same
    words whether the hop is read off the graph's edge or explained afresh."""
    for condition in conditions:
        if condition.startswith(SCOPE_CONDITION):
            return f"{label} (packages matching {condition[len(SCOPE_CONDITION) :]})"
    return label


def statement_label(ref: StatementRef) -> str:
    """`policy · Sid` (or `policy · #n`)."""
    return f"{ref.policy} · {ref.label}"


def renamed(labels: Iterable[str], old: str, new: str) -> tuple[str, ...]:
    """Evidence decided with a policy of the same text named `old`, named after `new` (the
    policy that applies where the shared decision is used)."""
    prefix = f"{old} · "
    return tuple(f"{new} · {x[len(prefix) :]}" if x.startswith(prefix) else x for x in labels)


@dataclass(frozen=True)
class CapabilityResult:
    """A capability (or single action) of one actor on one domain or repository.

    `steps` holds the steps evaluated, in order; evaluation stops at the first denied step.
    """

    capability: str
    verdict: Verdict
    steps: tuple[StepResult, ...]
    scope: str = ""
    """For publish: the package scope the answer holds for (empty: any package)."""

    @once
    def failing(self) -> StepResult | None:
        """The first step that is not allowed (denied or unknown), if any."""
        return next((s for s in self.steps if s.verdict in (Verdict.DENIED, Verdict.UNKNOWN)), None)

    @once
    def partial(self) -> bool:
        """Some step was allowed although the whole is not: a path worth explaining."""
        return not self.verdict.reaches and any(s.verdict.reaches for s in self.steps)

    @once
    def conditions(self) -> tuple[str, ...]:
        """Every condition that must hold, over all steps (discover mode)."""
        scope = (scope_condition(self.scope),) if self.scope else ()
        unknowns = describe_unknowns(u for step in self.steps for u in step.decision.unknowns)
        return tuple(dict.fromkeys((*scope, *unknowns)))

    @once
    def statements(self) -> tuple[str, ...]:
        """The deciding statements of every step, as `policy · Sid`."""
        seen: dict[str, None] = {}
        for step in self.steps:
            for ref in step.decision.statements:
                seen[statement_label(ref)] = None
        return tuple(seen)


def combine(capability: str, steps: list[StepResult]) -> CapabilityResult:
    """The result of a sequence of steps: the worst verdict among them."""
    return CapabilityResult(capability, worst(s.verdict for s in steps), tuple(steps))


@dataclass(frozen=True)
class Hop:
    """One edge of a chain, with its verdict and evidence."""

    kind: HopKind
    source: str
    target: str
    verdict: Verdict
    label: str
    statements: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chain:
    """A path from a principal to a resource: groups, role assumptions, access, upstreams."""

    hops: tuple[Hop, ...]

    @property
    def verdict(self) -> Verdict:
        """The worst hop."""
        return worst(h.verdict for h in self.hops)

    @property
    def via_upstream(self) -> bool:
        """The resource is reached through upstream repositories of the one accessed."""
        return any(h.kind in ("upstream", "external_connection") for h in self.hops)

    @property
    def escalated(self) -> bool:
        """Some hop is an escalation step (a take-over, a policy rewritten): the principal
        could gain the access, it does not have it now."""
        return any(h.kind == "escalation" for h in self.hops)

    @property
    def conditions(self) -> tuple[str, ...]:
        """Every condition along the chain."""
        return tuple(dict.fromkeys(c for h in self.hops for c in h.conditions))

    @property
    def nodes(self) -> tuple[str, ...]:
        """The nodes along the chain, start first."""
        if not self.hops:
            return ()
        return (self.hops[0].source, *(h.target for h in self.hops))

    @property
    def roles(self) -> tuple[str, ...]:
        """The roles assumed along the way."""
        return tuple(h.target for h in self.hops if h.kind == "can_assume")


@dataclass(frozen=True)
class Reach:
    """A principal reaching a resource with a capability, and the chain it goes through."""

    principal: str
    resource: str
    capability: str
    verdict: Verdict
    chain: Chain

    @property
    def via_upstream(self) -> bool:
        """Reached as content through upstream repositories."""
        return self.chain.via_upstream
