"""What a `can_assume` edge records (its attribute dict), and the edges kept to repeat for
alike roles (see `assume.AssumeEdges`)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.access.evaluator import StepResult
from graph.access.results import renamed
from graph.access.trust import Stranger, role_trust_name
from graph.model import Role
from graph.policy import CompiledPolicy, describe_unknowns


@dataclass(frozen=True)
class Kept:
    """An edge into the first role of a group of alike roles, to repeat for the others: its
    source and attributes (shared, named after the first role's trust policy)."""

    source: str
    attrs: dict[str, object]


def attributes(result: StepResult, named: bool, assumed: str) -> dict[str, object]:
    """The attributes of an edge decided by `result` (`named`: the trust names the caller;
    `assumed`: the condition a caller outside the snapshot stands for)."""
    unknowns = describe_unknowns(result.decision.unknowns)
    conditions = list(dict.fromkeys((*(c for c in (assumed,) if c), *unknowns)))
    return {
        "kind": "can_assume",
        "verdict": result.verdict.value,
        "action": result.step.action,
        "trusted": named,
        "statements": [f"{r.policy} · {r.label}" for r in result.decision.statements],
        "conditions": conditions,
        "reason": result.decision.reason.value if result.decision.reason else "",
    }


def renamed_record(base: dict[str, object], twin: CompiledPolicy, role: Role) -> dict[str, object]:
    """`base` with the statements of the alike role's trust policy named after this role's."""
    labels: list[str] = base["statements"]  # type: ignore[assignment]
    return {**base, "statements": list(renamed(labels, twin.name, role_trust_name(role)))}


class TrustRecords:
    """The attribute dicts of `can_assume` edges: one per distinct record (results of
    different callers often read the same), and one per record and alike role it is named
    after (`renamed_record`)."""

    def __init__(self) -> None:
        self._attrs: dict[tuple[int, bool, str], tuple[StepResult, dict[str, object]]] = {}
        self._contents: dict[tuple[object, ...], dict[str, object]] = {}
        self._twins: dict[tuple[int, str], dict[str, object]] = {}

    def of(self, result: StepResult, named: bool, assumed: str) -> dict[str, object]:
        """The attributes of an edge decided by `result` (see `attributes`)."""
        memo = (id(result), named, assumed)
        known = self._attrs.get(memo)
        if known is None or known[0] is not result:
            attrs = attributes(result, named, assumed)
            content = tuple(tuple(v) if isinstance(v, list) else v for v in attrs.values())
            known = self._attrs[memo] = (result, self._contents.setdefault(content, attrs))
        return known[1]

    def twin(self, base: dict[str, object], twin: CompiledPolicy, role: Role) -> dict[str, object]:
        """`base`, decided with an alike role's trust policy `twin`, named after `role`'s."""
        found = self._twins.get((id(base), role.arn))
        if found is None:
            found = self._twins[(id(base), role.arn)] = renamed_record(base, twin, role)
        return found

    def clear(self) -> None:
        """Drop what only the build needed."""
        self._attrs.clear()
        self._contents.clear()
        self._twins.clear()


def add_stranger(g: nx.MultiDiGraph, stranger: Stranger) -> None:
    """The node of a caller outside the snapshot, once."""
    if not g.has_node(stranger.node):
        outside = stranger.kind == "external_account"
        account = stranger.node.split(":")[1] if outside else ""
        g.add_node(
            stranger.node, kind=stranger.kind, label=stranger_label(stranger.node), account=account
        )


def stranger_label(node: str) -> str:
    """How a caller outside the snapshot is labelled in the graph."""
    if node.startswith("account:"):
        return f"account {node.split(':', 1)[1]} (outside the snapshot)"
    if node == "anyone":
        return "anyone (*)"
    return node.split(":", 1)[1] if node.startswith("service:") else node.rsplit("/", 1)[-1]
