"""Plain-Python state of the resources view: the domain tree, who can reach a resource (with
filters and each cell's own chain) and the resource policies.

Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

import graph
from graph.access import Reach
from graph.access.origins import Origin, Placed, WhoCanFilter, place
from graph.access.upstream_reach import reach_sentence
from graph.visible import visible
from tui.principals_state import EXTERNAL, account_labels
from tui.reach_state import cell_via
from tui.vocabulary import node_label

ORIGIN_TAGS: Final = {
    Origin.ACCOUNT: "this account",
    Origin.ORGANISATION: "our organisation",
    Origin.EXTERNAL: "outside the organisation",
    Origin.SERVICE: "AWS services",
}
"""How each account heading says where its principals come from."""

ANY_ORG_ACCOUNT: Final = "our organisation (any account)"
"""The heading of `anyone (*)` limited to the organisation by aws:PrincipalOrgID."""

SERVICES: Final = "AWS services"


@dataclass(frozen=True)
class RepositoryNode:
    """A repository with its upstreams (recursively) and external connections."""

    node: str
    label: str
    upstreams: tuple[RepositoryNode, ...]
    external: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class DomainNode:
    """A domain and its repositories."""

    node: str
    label: str
    account: str
    region: str
    repositories: tuple[RepositoryNode, ...]


def resource_tree(access_graph: graph.AccessGraph) -> tuple[DomainNode, ...]:
    """Domains → repositories → upstreams and external connections."""
    g = access_graph.graph
    descriptions = {r.arn: r.description or "" for r in access_graph.snapshot.repositories()}

    def repo(node: str, seen: frozenset[str]) -> RepositoryNode:
        ups: list[tuple[int, str]] = []
        external: list[str] = []
        for _, target, data in g.out_edges(node, data=True):
            if data.get("kind") == "upstream" and target not in seen:
                ups.append((int(data.get("order", 0)), target))
            elif data.get("kind") == "external_connection":
                external.append(node_label(access_graph, target))
        return RepositoryNode(
            node,
            node_label(access_graph, node),
            tuple(repo(t, seen | {t}) for _, t in sorted(ups)),
            tuple(sorted(external)),
            visible(descriptions.get(node, "")),
        )

    domains = []
    for node, data in g.nodes(data=True):
        if data.get("kind") != "domain":
            continue
        repos = sorted(
            (
                n
                for n, d in g.nodes(data=True)
                if d.get("kind") == "repository" and d.get("domain") == node
            ),
            key=lambda n: node_label(access_graph, n),
        )
        domains.append(
            DomainNode(
                node,
                visible(str(data.get("label", node))),
                visible(str(data.get("account", ""))),
                visible(str(data.get("region", ""))),
                tuple(repo(r, frozenset({r})) for r in repos),
            )
        )
    return tuple(sorted(domains, key=lambda d: d.label))


@dataclass(frozen=True)
class WhoCanRow:
    """One principal's capabilities on a resource; each cell has its own chain (`vias`)."""

    principal: str
    label: str
    account: str
    cells: Mapping[str, Reach]
    vias: Mapping[str, str]
    origin: Origin = Origin.ACCOUNT
    kind: str = ""
    notes: Mapping[str, str] = field(default_factory=dict)
    """Per capability, the upstream sentence when the packages are served through another
    repository (`graph.access.upstream_reach`)."""

    def via(self, capability: str) -> str:
        """The chain of one cell ("" when the principal has no path for it)."""
        return self.vias.get(capability, "")


@dataclass(frozen=True)
class WhoCanGroup:
    """The rows under one heading: an account, our organisation at large, or outsiders."""

    title: str
    origin: Origin
    rows: tuple[WhoCanRow, ...]

    @property
    def name(self) -> str:
        """The heading without the account id."""
        return self.title.split(" (", 1)[0] if self.title != ANY_ORG_ACCOUNT else self.title

    @property
    def account(self) -> str:
        """The account id of the heading ("" for a heading that is not one account)."""
        if self.title == ANY_ORG_ACCOUNT or " (" not in self.title:
            return ""
        return self.title.rsplit(" (", 1)[-1].rstrip(")")


_OUTWARD: Final = {Origin.SERVICE: 0, Origin.ACCOUNT: 1, Origin.ORGANISATION: 2, Origin.EXTERNAL: 3}


@dataclass(frozen=True)
class WhoCan:
    """Who reaches a resource, grouped by account (own account first, outsiders last), narrowed
    by `filter`; `everyone` keeps the unfiltered rows so a new filter needs no new walk."""

    resource: str
    label: str
    capabilities: tuple[str, ...]
    groups: tuple[WhoCanGroup, ...]
    filter: WhoCanFilter = field(default_factory=WhoCanFilter)
    everyone: tuple[tuple[str, WhoCanRow], ...] = ()
    """(group title, row) of every principal, before filtering."""
    escalation: bool = False
    """Cells show who could gain them by an escalation step (`↯`) where that does better
    than now."""

    @classmethod
    def of(
        cls,
        access_graph: graph.AccessGraph,
        resource: str,
        chosen: WhoCanFilter | None = None,
        *,
        escalation: bool = False,
        stopped: Callable[[], bool] = lambda: False,
    ) -> WhoCan | None:
        """Principals with read, publish or admin (login for a domain), shortest chain each;
        with `escalation`, also those that could gain one by an escalation step, in the
        cells where that does better than what they have now. None when `stopped` says so
        between two questions (the cursor moved on: each takes a second at 12,000
        principals, and answers nobody waits for took the time of the one wanted)."""
        g = access_graph.graph
        kind = g.nodes[resource].get("kind") if g.has_node(resource) else "repository"
        capabilities = ("login", "admin") if kind == "domain" else ("read", "publish", "admin")
        placed: dict[str, dict[str, Placed]] = {}
        org = access_graph.snapshot.org
        for capability in capabilities:
            if stopped():
                return None
            for item in place(g, access_graph.who_can(resource, capability), resource, org):
                placed.setdefault(item.reach.principal, {})[capability] = item
        for capability in capabilities if escalation else ():
            if stopped():
                return None
            could = access_graph.who_can(resource, capability, escalation=True)
            for item in place(access_graph.graph, could, resource, org):
                # listed only where it does better than now, as `cax who-can --escalation`
                placed.setdefault(item.reach.principal, {})[capability] = item
        labels = account_labels(access_graph.snapshot)
        everyone = []
        for principal, cells in placed.items():
            first = next(iter(cells.values()))
            origin = max((p.origin for p in cells.values()), key=_OUTWARD.__getitem__)
            row = WhoCanRow(
                principal,
                node_label(access_graph, principal),
                first.account,
                {c: p.reach for c, p in cells.items()},
                {c: cell_via(access_graph, p.reach) for c, p in cells.items()},
                origin,
                first.kind,
                {c: visible(reach_sentence(g, p.reach)) for c, p in cells.items()},
            )
            everyone.append((_title(row, labels), row))
        label = node_label(access_graph, resource)
        who = cls(resource, label, capabilities, (), everyone=(), escalation=escalation)
        return who._grouped(tuple(everyone), chosen or WhoCanFilter(), list(labels.values()))

    def filtered(self, chosen: WhoCanFilter) -> WhoCan:
        """The same answer under another filter."""
        order = list(dict.fromkeys(title for title, _ in self.everyone))
        return self._grouped(self.everyone, chosen, order)

    def _grouped(
        self, everyone: tuple[tuple[str, WhoCanRow], ...], chosen: WhoCanFilter, order: list[str]
    ) -> WhoCan:
        groups: dict[str, list[WhoCanRow]] = {}
        origins: dict[str, Origin] = {}
        for title, row in everyone:
            kept = _kept(row, chosen)
            if kept is not None:
                groups.setdefault(title, []).append(kept)
                origins[title] = max(
                    origins.get(title, Origin.SERVICE), row.origin, key=_OUTWARD.__getitem__
                )
        rank = {title: i for i, title in enumerate([*order, ANY_ORG_ACCOUNT, EXTERNAL, SERVICES])}
        titles = sorted(
            groups,
            key=lambda t: (_HEADING_RANK[origins[t]], rank.get(t, len(rank))),
        )
        return WhoCan(
            self.resource,
            self.label,
            self.capabilities,
            tuple(
                WhoCanGroup(t, origins[t], tuple(sorted(groups[t], key=lambda r: r.label)))
                for t in titles
            ),
            chosen,
            everyone,
            self.escalation,
        )

    @property
    def count(self) -> int:
        """Principals shown."""
        return sum(len(g.rows) for g in self.groups)

    @property
    def accounts(self) -> tuple[str, ...]:
        """The account ids among every principal (for the account filter), in heading order."""
        return tuple(dict.fromkeys(r.account for _, r in self.everyone if r.account))

    @property
    def kinds(self) -> tuple[str, ...]:
        """The principal kinds among every principal (for the kind filter)."""
        return tuple(dict.fromkeys(r.kind for _, r in self.everyone))


_HEADING_RANK: Final = {
    Origin.ACCOUNT: 0,
    Origin.ORGANISATION: 1,
    Origin.EXTERNAL: 2,
    Origin.SERVICE: 3,
}


def _title(row: WhoCanRow, labels: Mapping[str, str]) -> str:
    """The heading a row sits under."""
    if row.kind == "service":
        return SERVICES
    if row.kind == "anyone":
        return ANY_ORG_ACCOUNT if row.origin is Origin.ORGANISATION else EXTERNAL
    return labels.get(row.account, EXTERNAL)


def _kept(row: WhoCanRow, chosen: WhoCanFilter) -> WhoCanRow | None:
    """The row with only the cells the filter keeps; None when none is left."""
    if not chosen.active:
        return row
    cells = {
        c: r
        for c, r in row.cells.items()
        if chosen.accepts(Placed(r, row.origin, row.account, row.kind))
    }
    if not cells:
        return None
    return WhoCanRow(
        row.principal,
        row.label,
        row.account,
        cells,
        {c: v for c, v in row.vias.items() if c in cells},
        row.origin,
        row.kind,
        {c: n for c, n in row.notes.items() if c in cells},
    )
