"""One escalation edge before it is written (see `escalation`): its parts, its attributes,
and the test every kind shares: does the change do better than the access there is now."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from graph.access.actors import Actor
from graph.access.capabilities import Capability, capability_steps
from graph.access.capability_eval import capability_result
from graph.access.escalation_steps import ESCALATION, edge_key
from graph.access.evaluator import Evaluator, statement_matches
from graph.access.results import CapabilityResult
from graph.access.targets import Target
from graph.access.verdicts import StepResult, Verdict, worst
from graph.policy import CompiledPolicy, Layer, compile_policy, describe_unknowns


@dataclass(frozen=True)
class Escalation:
    """Who, into what, by which action, gaining what (capabilities, or `become`), with the
    step's and the gain's results as evidence. `subject`: the user or role whose permissions
    the step widens (itself, or a role it may assume); `item`: the group, policy, service or
    repository the step names; `via`: the verdicts of what else the step needs (the role's
    assumption, the service's trust, the read of the repository changed), `notes` their
    conditions."""

    source: str
    target: str
    action: str
    gains: tuple[str, ...]
    step: StepResult | CapabilityResult
    gained: tuple[StepResult | CapabilityResult, ...]
    subject: str = ""
    item: str = ""
    via: tuple[Verdict, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def verdict(self) -> Verdict:
        """The step's verdict with the gain's: a chain is as good as its worst part."""
        return worst([self.step.verdict, *(g.verdict for g in self.gained), *self.via])

    def data(self) -> dict[str, object]:
        """The edge's attributes (docs/graph-schema.md)."""
        conditions = [c for r in (self.step, *self.gained) for c in _conditions(r)]
        return {
            "kind": ESCALATION,
            "verdict": self.verdict.value,
            "action": self.action,
            "gains": self.gains,
            "subject": self.subject,
            "item": self.item,
            "statements": _statements(self.step),
            "conditions": tuple(dict.fromkeys([*self.notes, *conditions])),
            "reason": "",
        }


def _statements(result: StepResult | CapabilityResult) -> tuple[str, ...]:
    if isinstance(result, CapabilityResult):
        return result.statements
    return tuple(f"{r.policy} · {r.label}" for r in result.decision.statements)


def _conditions(result: StepResult | CapabilityResult) -> tuple[str, ...]:
    if isinstance(result, CapabilityResult):
        return result.conditions
    return describe_unknowns(result.decision.unknowns)


def write_edges(g: nx.MultiDiGraph, found: list[Escalation]) -> int:
    """Write the edges, one per (source, target, action): the best verdict, the first found on
    a tie (the principal itself before a role it assumes); returns how many."""
    best: dict[tuple[str, str, str], Escalation] = {}
    for item in found:
        where = (item.source, item.target, edge_key(item.action))
        known = best.get(where)
        if known is None or item.verdict.rank < known.verdict.rank:
            best[where] = item
    for (source, target, key), item in best.items():
        g.add_edge(source, target, key=key, **item.data())
    return len(best)


def gains_over(
    g: nx.MultiDiGraph,
    now_of: str,
    evaluator: Evaluator,
    actor: Actor,
    target: Target,
    capabilities: tuple[Capability, ...],
    shared: Callable[[Capability, Callable[[], CapabilityResult]], CapabilityResult] | None = None,
) -> tuple[CapabilityResult, ...]:
    """Each capability evaluated for `actor` (as a change would leave it) on the target, where
    `now_of`'s own access edge there is less than allowed; kept when it reaches and does better
    than that edge (a missing edge: denied). `shared(capability, evaluate)`: the result of an
    alike target evaluated before, else `evaluate()`'s."""
    gained = []
    for capability in capabilities:
        data = g._succ.get(now_of, {}).get(target.node, {}).get(f"access:{capability.value}")
        now = Verdict.DENIED if data is None else Verdict(str(data["verdict"]))
        if now is Verdict.ALLOWED:
            continue  # nothing to gain
        if actor.account_id != target.account_id and any(
            evaluator.refused(actor, target, step)
            for step in capability_steps(capability, target.item)
        ):
            continue  # across accounts, and no resource policy allows a step: denied

        def evaluate(capability: Capability = capability) -> CapabilityResult:
            return capability_result(evaluator, actor, target, capability)

        after = evaluate() if shared is None else shared(capability, evaluate)
        if after.verdict.reaches and after.verdict.rank < now.rank:
            gained.append(after)
    return tuple(gained)


def allowed_on(actor: Actor, action: str) -> Callable[[str], bool] | None:
    """Which resources some identity Allow of the actor covers for `action`, as a test of an
    ARN (true for all when one of its policies cannot be read); None when none covers it."""
    if actor.unreadable:
        return lambda _arn: True
    statements = [s for p in actor.identity for s in p.for_action(action.lower())[0]]
    if not statements:
        return None
    return lambda arn: any(statement_matches(s, arn) is not False for s in statements)


@functools.lru_cache(maxsize=4096)
def written_by(principal_arn: str, name: str, what: str, action: str) -> CompiledPolicy:
    """The resource policy a principal allowed to put one would write to let itself in:
    `action` allowed to it alone (`what`: `repository`, `domain` or `trust`, its label). Made
    once per principal and kind: one text for every resource, so their decisions are shared."""
    statement: dict[str, object] = {
        "Sid": "LetsItselfIn",
        "Effect": "Allow",
        "Principal": {"AWS": principal_arn},
        "Action": action,
    }
    if what != "trust":  # a trust policy names no resource: it is the role's own
        statement["Resource"] = "*"
    document = {"Version": "2012-10-17", "Statement": [statement]}
    return compile_policy(document, name=f"a {what} policy {name} would write", kind=Layer.RESOURCE)
