"""Plain-Python state of the reach table: one principal's domains and repositories ×
capabilities, each cell with its own chain, and what the why pane explains for a cell.

Nothing here imports Textual; `ReachMatrix` is unit-testable on an `AccessGraph` alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import graph
from graph.access import Chain, Reach, Verdict
from graph.visible import visible
from tui.vocabulary import CAPABILITIES, ESCALATED, UPSTREAM, node_label


@dataclass(frozen=True)
class ReachRow:
    """A domain, repository or external connection and the principal's reach on it."""

    resource: str
    kind: str
    label: str
    depth: int
    cells: Mapping[str, Reach]
    via: str
    vias: Mapping[str, str] = field(default_factory=dict)
    """Each cell's own chain (`cell_via`)."""

    def verdict(self, capability: str) -> Verdict | None:
        """The cell's verdict; None when no path even partly grants the capability."""
        reach = self.cells.get(capability)
        return reach.verdict if reach is not None else None


def chain_summary(access_graph: graph.AccessGraph, chain: Chain) -> str:
    """The intermediate nodes of a chain: `group/analysts`, `role/a → role/b`, and for content
    served through upstreams the repository accessed and the upstreams on the way
    (`group/analysts → acme/pypi-internal ↑ pypi-store`)."""
    parts = []
    hops = chain.hops
    for i, hop in enumerate(hops):
        if hop.kind in ("member_of", "can_assume"):
            parts.append(node_label(access_graph, hop.target))
        elif hop.kind == "access" and chain.via_upstream:
            served = [
                node_label(access_graph, h.target).split("/", 1)[-1]
                for h in hops[i + 1 : -1]
                if h.kind == "upstream"
            ]
            parts.append(" ↑ ".join([node_label(access_graph, hop.target), *served]))
    return " → ".join(parts) if parts else "own policies"


def cell_via(access_graph: graph.AccessGraph, reach: Reach) -> str:
    """A cell's own chain; for packages served through an upstream, which repository serves
    them (`⇡ served through acme/pypi-internal · group/analysts`); for access it could gain
    by escalation, the step (`↯ could take over role/release-operator …`)."""
    if reach.chain.escalated:
        label = next(h.label for h in reach.chain.hops if h.kind == "escalation")
        if label.startswith("could take over "):
            return f"{ESCALATED} {visible(label.removeprefix('could '))}"
        return f"{ESCALATED} {visible(label[label.find(' by ') + 1 :])}"  # the step, not the gain
    if not reach.via_upstream:
        return chain_summary(access_graph, reach.chain)
    through = next((h.target for h in reach.chain.hops if h.kind == "access"), "")
    before = [
        node_label(access_graph, h.target)
        for h in reach.chain.hops
        if h.kind in ("member_of", "can_assume")
    ]
    return (
        f"{UPSTREAM} served through {node_label(access_graph, through)} · "
        f"{' → '.join(before) or 'own policies'}"
    )


@dataclass(frozen=True)
class ReachMatrix:
    """Domains and repositories × capabilities for one principal."""

    principal: str
    label: str
    rows: tuple[ReachRow, ...]

    @classmethod
    def of(cls, access_graph: graph.AccessGraph, principal: str) -> ReachMatrix:
        """Every resource the principal reaches or tries to, domains first, then their repos."""
        g = access_graph.graph
        reaches = access_graph.reachable(principal)
        cells: dict[str, dict[str, Reach]] = {}
        for reach in reaches:
            cells.setdefault(reach.resource, {})[reach.capability] = reach
        rows: list[ReachRow] = []
        for resource in _resource_order(access_graph, cells):
            data = g.nodes[resource] if g.has_node(resource) else {}
            kind = str(data.get("kind", "repository"))
            row_cells = cells.get(resource, {})
            best = _best(row_cells.values())
            via = chain_summary(access_graph, best.chain) if best else ""
            depth = {"domain": 0, "repository": 1}.get(kind, 2)
            label = str(data.get("label", resource))
            if kind == "repository":
                label = str(data.get("name", label))
            vias = {c: cell_via(access_graph, r) for c, r in row_cells.items()}
            rows.append(ReachRow(resource, kind, visible(label), depth, row_cells, via, vias))
        return cls(principal, node_label(access_graph, principal), tuple(rows))

    def row(self, resource: str) -> ReachRow | None:
        """The row of a resource, if shown."""
        return next((r for r in self.rows if r.resource == resource), None)

    def index_of(self, resource: str) -> int:
        """The row number of a resource (0 when absent)."""
        return next((i for i, r in enumerate(self.rows) if r.resource == resource), 0)


def _best(reaches: Iterable[Reach]) -> Reach | None:
    ordered = sorted(reaches, key=lambda r: (r.verdict.rank, CAPABILITIES.index(r.capability)))
    return ordered[0] if ordered else None


def _resource_order(
    access_graph: graph.AccessGraph, cells: Mapping[str, Mapping[str, Reach]]
) -> list[str]:
    """Domains (sorted), each followed by its repositories; an external connection (or other
    content reached through upstreams) right under the repository it is reached through."""
    g = access_graph.graph
    domains: dict[str, list[str]] = {}
    under: dict[str, list[str]] = {}
    for resource, row_cells in cells.items():
        data = g.nodes[resource] if g.has_node(resource) else {}
        kind = data.get("kind")
        if kind == "domain":
            domains.setdefault(resource, [])
        elif kind == "repository":
            domains.setdefault(str(data.get("domain", "")), []).append(resource)
        else:
            under.setdefault(_reached_through(resource, row_cells.values(), cells), []).append(
                resource
            )
    order: list[str] = []
    for domain in sorted(domains, key=lambda d: node_label(access_graph, d)):
        if domain and domain in cells:
            order.append(domain)
        for repository in sorted(domains[domain], key=lambda r: node_label(access_graph, r)):
            order.append(repository)
            order.extend(
                sorted(under.pop(repository, ()), key=lambda r: node_label(access_graph, r))
            )
    order.extend(sorted(r for rest in under.values() for r in rest))
    return order


def _reached_through(resource: str, reaches: Iterable[Reach], shown: Mapping[str, object]) -> str:
    """The shown repository a resource's best chain reaches it from ("" when none is shown):
    the repository holding the external connection, else the last repository on the way."""
    best = _best(reaches)
    if best is None:
        return ""
    for hop in reversed(best.chain.hops):
        if hop.target == resource and hop.source in shown:
            return hop.source
    for hop in reversed(best.chain.hops):
        if hop.kind in ("access", "upstream") and hop.target in shown:
            return hop.target
    return ""


def explain_target(reach: Reach | None, resource: str) -> str:
    """What to explain for a cell: the repository accessed (for upstream content) or the cell's."""
    if reach is not None and reach.via_upstream:
        for hop in reach.chain.hops:
            if hop.kind == "access":
                return hop.target
    return resource
