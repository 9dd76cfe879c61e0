"""Reading a repository's packages through another repository that has it as an upstream.

A principal who may not read `acme/pypi-store` still gets its packages from `acme/pypi-internal`
when it may read that one. `can`, `explain`, `who-can` and the TUI say so with one sentence
(`sentence`), so the answers never seem to disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.access.access_graph import AccessGraph
from graph.access.evaluator import Verdict
from graph.access.explain import AccessExplanation
from graph.access.hops import downstream as served_by
from graph.access.results import Chain, Reach

GLYPH = "⇡"
"""Marks reach through an upstream in every table."""

WORD = "through upstream"


def _label(g: nx.MultiDiGraph, node: str) -> str:
    return str(g.nodes[node].get("label", node)) if g.has_node(node) else node


def accessed(chain: Chain) -> str:
    """The repository a chain's access hop reads ("" when there is none)."""
    return next((h.target for h in chain.hops if h.kind == "access"), "")


def sentence(resource_label: str, through_label: str, verdict: Verdict) -> str:
    """`cannot read acme/pypi-store directly; its packages are served through
    acme/pypi-internal, which you can read` (`… only if conditions hold` when conditional)."""
    tail = "which you can read"
    if verdict is Verdict.CONDITIONAL:
        tail += " only if its conditions hold"
    return (
        f"cannot read {resource_label} directly; its packages are served through "
        f"{through_label}, {tail}"
    )


def reach_sentence(g: nx.MultiDiGraph, reach: Reach) -> str:
    """The sentence for a who-can or reach-table cell reached through an upstream ("" when the
    reach is direct)."""
    if not reach.via_upstream:
        return ""
    return sentence(_label(g, reach.resource), _label(g, accessed(reach.chain)), reach.verdict)


def downstream(g: nx.MultiDiGraph, resource: str) -> list[str]:
    """Repositories that serve `resource`'s packages (it is among their upstreams), nearest
    first."""
    return [node for _, node in sorted((len(hops), node) for node, hops in served_by(g, resource))]


@dataclass(frozen=True)
class ServedThrough:
    """A repository the principal cannot read directly, served through one it can read."""

    resource: str
    through: str
    explanation: AccessExplanation
    text: str

    @property
    def verdict(self) -> Verdict:
        """The verdict of reading the repository that serves the packages."""
        return self.explanation.verdict


def served_through(
    ag: AccessGraph, explanation: AccessExplanation, capability: str
) -> ServedThrough | None:
    """For a `read` that does not reach, the nearest repository serving the same packages that
    the principal can read (allowed before conditional); None otherwise."""
    if capability != "read" or explanation.verdict.reaches:
        return None
    g = ag.partial_graph
    best: ServedThrough | None = None
    for repository in downstream(g, explanation.resource):
        other = ag.explain(explanation.principal, "read", repository)
        if not other.verdict.reaches:
            continue
        text = sentence(_label(g, explanation.resource), _label(g, repository), other.verdict)
        found = ServedThrough(explanation.resource, repository, other, text)
        if other.verdict is Verdict.ALLOWED:
            return found
        best = best or found
    return best
