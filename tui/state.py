"""Plain-Python state the widgets display: principal lists, reach matrices, who-can tables.

Nothing here imports Textual; every class is unit-testable on an `AccessGraph` alone.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import graph
from graph.access import AccessExplanation, Chain, ErrorExplanation, Reach, Verdict
from graph.policy import Mismatch
from graph.policy.model import ContextValue
from graph.search import PRINCIPAL_KINDS, Entry, Hit, SearchIndex
from graph.visible import visible

CAPABILITIES: Final = ("login", "read", "publish", "admin")
"""The reach table's columns, in order."""

KIND_TITLES: Final = {
    "user": "users",
    "group": "groups",
    "role": "roles",
    "federated": "federated",
    "service": "services",
    "external_account": "external accounts",
    "anyone": "anyone",
}
"""Section titles of the principal list, in display order."""

EXTERNAL: Final = "external principals"
"""The account label under which federated, service and external-account principals sit."""

GLYPHS: Final = {
    Verdict.ALLOWED: "✔",
    Verdict.CONDITIONAL: "◐",
    Verdict.UNKNOWN: "?",
    Verdict.DENIED: "✘",
}
"""One glyph per verdict; `NO_PATH` marks a capability nothing even partly grants."""

NO_PATH: Final = "·"

UPSTREAM: Final = "⇡"
"""Replaces the verdict glyph where the packages are served through an upstream repository."""

_ACTION_CAPABILITY: Final = {
    "codeartifact:getauthorizationtoken": "login",
    "sts:getservicebearertoken": "login",
    "codeartifact:getrepositoryendpoint": "read",
    "codeartifact:readfromrepository": "read",
    "codeartifact:publishpackageversion": "publish",
    "codeartifact:putpackagemetadata": "publish",
}


def capability_of(action: str) -> str:
    """The reach-table column an action belongs to (`admin` for policy and lifecycle actions)."""
    return _ACTION_CAPABILITY.get(action.lower(), "admin")


def node_label(access_graph: graph.AccessGraph, node: str) -> str:
    """The display label of a node (`user/NAME`, `acme/npm-internal`), or the node id; control
    characters as escapes (`graph.visible`), as everything shown from AWS data."""
    g = access_graph.graph
    return visible(str(g.nodes[node].get("label", node)) if g.has_node(node) else node)


# --- principals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrincipalSection:
    """The principals of one kind in one account (or among the external principals)."""

    kind: str
    title: str
    entries: tuple[Entry, ...]
    hits: Mapping[str, Hit] = field(default_factory=dict)


@dataclass(frozen=True)
class AccountGroup:
    """One account's principals, by kind."""

    account: str
    label: str
    sections: tuple[PrincipalSection, ...]

    @property
    def name(self) -> str:
        """The account's name without its id (the label for external principals)."""
        return self.label.split(" (", 1)[0]

    @property
    def count(self) -> int:
        """Principals in the account."""
        return sum(len(s.entries) for s in self.sections)


@dataclass(frozen=True)
class PrincipalList:
    """Principals grouped by account, then kind; filtered by a fuzzy query.

    Build it with `PrincipalList.of(index, account_labels)`, narrow it with `.matching(query)`.
    """

    index: SearchIndex
    account_labels: Mapping[str, str]
    groups: tuple[AccountGroup, ...]
    query: str = ""
    total: int = 0
    limit: int = 200

    @classmethod
    def of(
        cls, index: SearchIndex, account_labels: Mapping[str, str], limit: int = 200
    ) -> PrincipalList:
        """Every principal of `index`, in account order (accounts of the snapshot first)."""
        principals = index.of_kind(PRINCIPAL_KINDS)
        groups = _group(principals.entries, account_labels, {})
        return cls(principals, account_labels, groups, "", len(principals), limit)

    def matching(self, query: str) -> PrincipalList:
        """The principals matching `query` (at most `limit`, best first within each section)."""
        if not query.strip():
            groups = _group(self.index.entries, self.account_labels, {})
            return PrincipalList(
                self.index, self.account_labels, groups, "", len(self.index), self.limit
            )
        hits = self.index.search(query, limit=self.limit)
        entries = [self.index.entry(h.node) for h in hits]
        groups = _group(entries, self.account_labels, {h.node: h for h in hits})
        return PrincipalList(self.index, self.account_labels, groups, query, len(hits), self.limit)

    @property
    def first(self) -> Entry | None:
        """The first principal shown (the best hit when filtered)."""
        for group in self.groups:
            for section in group.sections:
                if section.entries:
                    return section.entries[0]
        return None


def _group(
    entries: Iterable[Entry], account_labels: Mapping[str, str], hits: Mapping[str, Hit]
) -> tuple[AccountGroup, ...]:
    by_account: dict[str, dict[str, list[Entry]]] = {}
    for entry in entries:
        external = entry.kind not in ("user", "group", "role") or (
            entry.account not in account_labels
        )
        key = "" if external else entry.account
        by_account.setdefault(key, {}).setdefault(entry.kind, []).append(entry)
    order = [a for a in account_labels if a in by_account]
    if "" in by_account:
        order.append("")
    groups = []
    for account in order:
        kinds = by_account[account]
        sections = tuple(
            PrincipalSection(kind, title, tuple(kinds[kind]), hits)
            for kind, title in KIND_TITLES.items()
            if kind in kinds
        )
        label = account_labels.get(account, EXTERNAL) if account else EXTERNAL
        groups.append(AccountGroup(account, label, sections))
    return tuple(groups)


def account_labels(snapshot: graph.Snapshot) -> dict[str, str]:
    """`name (id)` of every account of the snapshot, in snapshot order (control characters as
    escapes)."""
    return {a.id: visible(f"{a.name} ({a.id})" if a.name else a.id) for a in snapshot.accounts}


# --- reach ------------------------------------------------------------------------------------


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
    them (`⇡ served through acme/pypi-internal · group/analysts`)."""
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


# --- explanations -----------------------------------------------------------------------------

_BLOCKS_FOR: Final = {
    Mismatch.RESOURCE_MISMATCH: ("Resource", "NotResource"),
    Mismatch.RESOURCE_NOT_WILDCARD: ("Resource", "NotResource"),
    Mismatch.PRINCIPAL_MISMATCH: ("Principal", "NotPrincipal"),
    Mismatch.ACCOUNT_MISMATCH: ("Principal", "NotPrincipal"),
    Mismatch.CONDITION_FAILED: ("Condition",),
    Mismatch.VARIABLE_MISSING: ("Condition", "Resource"),
}


def _blocks(lines: Sequence[str]) -> dict[str, range]:
    """Top-level keys of a 2-space-indented JSON object and the line ranges they span."""
    found: dict[str, range] = {}
    starts = [
        (i, line.strip().split('"')[1])
        for i, line in enumerate(lines)
        if line.startswith('  "') and not line.startswith("   ")
    ]
    for n, (i, key) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines) - 1
        found[key] = range(i, end)
    return found


def statement_lines(
    statement: Mapping[str, Any],
    *,
    action: str = "",
    resource: str = "",
    mismatches: Iterable[Mismatch] = (),
) -> tuple[str, frozenset[int]]:
    """The statement as indented JSON and the (0-based) lines that decided or missed.

    For a deciding statement (`action` given), the marked lines are the Effect, the action and
    resource patterns matching the request, and the conditions; for a near miss, the blocks its
    mismatch reasons point at (Resource, Principal, Condition).
    """
    text = json.dumps(statement, indent=2)
    lines = text.splitlines()
    blocks = _blocks(lines)
    marked: set[int] = set()
    wanted = list(mismatches)
    if wanted:
        for mismatch in wanted:
            for key in _BLOCKS_FOR.get(mismatch, ()):
                marked.update(blocks.get(key, ()))
        return text, frozenset(marked)
    marked.update(blocks.get("Effect", ()))
    marked.update(blocks.get("Condition", ()))
    for key, value in (("Action", action), ("NotAction", action), ("Resource", resource)):
        for i in blocks.get(key, ()):
            patterns = [p for p in lines[i].split('"')[1::2] if p != key]
            if value and any(fnmatch.fnmatchcase(value.lower(), p.lower()) for p in patterns):
                marked.add(i)
                marked.add(blocks[key].start)
    return text, frozenset(marked)


@dataclass(frozen=True)
class Selection:
    """What the why pane explains: a principal, a capability and a resource."""

    principal: str
    capability: str
    resource: str
    cell_resource: str = ""
    package: str = "*"
    """The package a publish is about (`npm/acme/ui`, `npm/acme/*`); `*` is any package."""

    @property
    def shown_resource(self) -> str:
        """The resource of the cell the user picked (an upstream's content, say)."""
        return self.cell_resource or self.resource


@dataclass(frozen=True)
class Explained:
    """An explanation ready to show, with the AWS error it came from, if any."""

    selection: Selection
    explanation: AccessExplanation
    error: ErrorExplanation | None = None


def explain(access_graph: graph.AccessGraph, selection: Selection) -> Explained:
    """Explain a selection with the access graph's context."""
    explanation = access_graph.explain(
        selection.principal, selection.capability, selection.resource, package=selection.package
    )
    return Explained(selection, explanation)


def context_summary(context: Mapping[str, object]) -> str:
    """`MFA yes · SourceIp 203.0.113.7` for the header; "" when nothing is assumed."""
    short = {
        "aws:MultiFactorAuthPresent": "MFA",
        "aws:SourceIp": "source IP",
        "aws:SourceVpce": "VPC endpoint",
        "aws:CurrentTime": "time",
        "sts:ExternalId": "ExternalId",
    }
    parts = []
    for key, value in context.items():
        shown = ("yes" if value else "no") if isinstance(value, bool) else str(value)
        parts.append(f"{short.get(key, key)} {shown}")
    return " · ".join(parts)


def parse_context(
    mfa: str, source_ip: str, vpce: str, time: str, external_id: str, extra: str
) -> dict[str, ContextValue]:
    """Context assumptions from the dialog's fields; blank fields stay unknown.

    `extra` holds `key=value` pairs separated by commas or new lines; `true`/`false` become
    booleans.

    Raises:
        ValueError: a pair without `=`.
    """
    context: dict[str, ContextValue] = {}
    if mfa in ("true", "false"):
        context["aws:MultiFactorAuthPresent"] = mfa == "true"
    for key, value in (
        ("aws:SourceIp", source_ip),
        ("aws:SourceVpce", vpce),
        ("aws:CurrentTime", time),
        ("sts:ExternalId", external_id),
    ):
        if value.strip():
            context[key] = value.strip()
    for pair in extra.replace("\n", ",").split(","):
        if not pair.strip():
            continue
        if "=" not in pair:
            raise ValueError(f"{pair.strip()!r} is not key=value")
        key, value = (p.strip() for p in pair.split("=", 1))
        lowered = value.lower()
        context[key] = lowered == "true" if lowered in ("true", "false") else value
    return context
