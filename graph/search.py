"""Fuzzy search over the principals and resources of an access graph or a snapshot.

Plain Python, no UI. The TUI's search box, its command palette and `cax search` all use it::

    index = SearchIndex.of(access_graph)        # or SearchIndex.of(snapshot)
    hits = index.search("deplcapub", kinds={"role"}, limit=20)
    hits[0].label                               # 'role/deploy-codeartifact-publisher'

A query matches an entry when every whitespace-separated term matches its label (`user/NAME`,
`role/NAME`, `domain/repository`, …) as a substring or a subsequence (an abbreviation such as
`deplcapub`), or its ARN or one of its tags (`key=value`) as a substring. Ranking, best first:
the exact label or name, a prefix of the name, a substring starting a word, any substring of the
label, a subsequence of the name (higher when its letters start words: "dcp" →
deploy-codeartifact-publisher), the ARN, a tag. Ties go to the shorter label, then A→Z.

`Hit.positions` index into `Hit.matched` (the label, ARN or `key=value` tag that matched) so a UI
can highlight the matched letters.

Speed (keystroke-to-results well under 50 ms for 12,000 principals; `bench/bench_tui.py`):
a query that extends the previous one only rescans the previous matches; a character-set mask
and a substring test on pre-lowercased text reject most entries before any Python loop; and
when a short query matches thousands, only a shortlist (exact names, name prefixes, label
substrings, label subsequences, then the rest, shorter labels first) gets the full scoring.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from graph.fuzzy import (
    FIELD_ARN,
    FIELD_LABEL,
    FIELD_TAG,
    char_mask,
    is_subsequence,
    score_entry,
    word_starts,
)

if TYPE_CHECKING:
    from graph.access import AccessGraph
    from graph.snapshot import Snapshot

PRINCIPAL_KINDS: Final = frozenset(
    {"user", "group", "role", "federated", "service", "external_account", "anyone"}
)
"""Node kinds that are principals (or stand for callers, such as an external account)."""

RESOURCE_KINDS: Final = frozenset({"domain", "repository", "external_connection"})
"""Node kinds that are CodeArtifact resources."""


@dataclass(frozen=True)
class Hit:
    """One search result.

    Attributes:
        node: the graph node id (an ARN for users, groups, roles, domains and repositories).
        kind: the node kind (`user`, `role`, `repository`, …).
        label: the display label (`user/mateojackson`, `acme/npm-internal`).
        account: the owning account id ("" when none).
        score: higher is better; only meaningful to compare hits of one search.
        positions: indices into `matched` of the matched characters.
        matched: the text that matched: the label, the ARN or a `key=value` tag.
        field: which of them: "label", "arn" or "tag".
    """

    node: str
    kind: str
    label: str
    account: str
    score: float
    positions: tuple[int, ...] = ()
    matched: str = ""
    field: str = FIELD_LABEL


@dataclass(frozen=True)
class Entry:
    """A searchable node with its pre-lowercased haystacks."""

    node: str
    kind: str
    label: str
    name: str
    account: str
    arn: str
    tags: tuple[str, ...]
    label_lower: str
    name_lower: str
    arn_lower: str
    tags_lower: tuple[str, ...]
    everything: str
    mask: int
    starts: frozenset[int]


def make_entry(
    node: str,
    kind: str,
    label: str,
    *,
    name: str = "",
    account: str = "",
    arn: str = "",
    tags: Mapping[str, str] | None = None,
) -> Entry:
    """An entry for one node; `name` defaults to the part of the label after the last `/`."""
    name = name or label.rsplit("/", 1)[-1]
    tag_texts = tuple(f"{k}={v}" for k, v in (tags or {}).items())
    tags_lower = tuple(t.lower() for t in tag_texts)
    everything = " ".join((label.lower(), arn.lower(), *tags_lower))
    return Entry(
        node,
        kind,
        label,
        name,
        account,
        arn,
        tag_texts,
        label.lower(),
        name.lower(),
        arn.lower(),
        tags_lower,
        everything,
        char_mask(everything),
        word_starts(label),
    )


_FULL_SCORING: Final = 600
"""At most this many candidates (or `4 × limit`) get the full, slow scoring; when more match,
cheap tiers pick them: exact name, name prefix, label substring, label subsequence, the rest
(ARN, tags); shorter labels first within a tier."""


class SearchIndex:
    """Principals and resources, searchable by name, ARN and tags (see the module docstring)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self._last: tuple[str, frozenset[str] | None, tuple[int, ...]] = ("", None, ())
        self._by_node: dict[str, Entry] | None = None
        # Flat copies for the per-keystroke loops, and the (label length, label) order that
        # breaks ties: candidates are kept in that order, so the first found are the best.
        self._names = [e.name_lower for e in self.entries]
        self._labels = [e.label_lower for e in self.entries]
        self._masks = [e.mask for e in self.entries]
        self._everything = [e.everything for e in self.entries]
        self._order = sorted(range(len(self.entries)), key=lambda i: self._tie(self.entries[i]))
        self._rank = [0] * len(self.entries)
        for rank, i in enumerate(self._order):
            self._rank[i] = rank

    @staticmethod
    def _tie(entry: Entry) -> tuple[int, str]:
        """Ties go to the shorter label, then A→Z."""
        return len(entry.label), entry.label

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def of(cls, source: AccessGraph | Snapshot) -> SearchIndex:
        """The index of an access graph (every principal and resource node) or of a snapshot
        (the same nodes, found without building the graph: `graph.searchable`)."""
        graph = getattr(source, "graph", None)
        if graph is not None:
            return cls(_graph_entries(graph))
        from graph.searchable import snapshot_entries  # it builds on this module

        return cls(snapshot_entries(source))  # type: ignore[arg-type]

    def of_kind(self, kinds: Collection[str]) -> SearchIndex:
        """A smaller index holding only the given kinds."""
        wanted = frozenset(kinds)
        return SearchIndex(e for e in self.entries if e.kind in wanted)

    def entry(self, node: str) -> Entry:
        """The entry of a node id.

        Raises:
            KeyError: the node is not in the index.
        """
        if self._by_node is None:
            self._by_node = {e.node: e for e in self.entries}
        return self._by_node[node]

    def search(
        self, query: str, kinds: Collection[str] | None = None, limit: int | None = 50
    ) -> list[Hit]:
        """The entries matching every term of `query`, best first (at most `limit`).

        An empty query returns nothing; use `entries` to list everything.
        """
        terms = query.lower().split()
        if not terms:
            return []
        wanted = frozenset(kinds) if kinds is not None else None
        joined = " ".join(terms)
        last_query, last_kinds, last_found = self._last
        if last_query and joined.startswith(last_query) and last_kinds == wanted:
            candidates: Iterable[int] = last_found
        elif wanted is not None:
            candidates = [i for i in self._order if self.entries[i].kind in wanted]
        else:
            candidates = self._order
        entries = self.entries
        # A cheap superset first: every term's letters, in order, somewhere in the entry (a
        # character-set mask, then a substring test, then the subsequence walk).
        found = list(candidates)
        masks, everything = self._masks, self._everything
        for term in terms:
            mask = char_mask(term)
            found = [
                i
                for i in found
                if masks[i] & mask == mask
                and (term in everything[i] or is_subsequence(term, everything[i]))
            ]
        self._last = (joined, wanted, tuple(found))
        scored = self._score(terms, self._shortlist(terms, found, limit), limit)
        rank = self._rank
        ranked = sorted(scored.items(), key=lambda s: (-s[1][0], rank[s[0]]))
        if limit is not None:
            ranked = ranked[:limit]
        return [self._hit(entries[i], score, spots, where) for i, (score, where, spots) in ranked]

    def _shortlist(self, terms: list[str], found: list[int], limit: int | None) -> list[int]:
        """The candidates worth full scoring: all of them, or when there are many (a first
        letter matches nearly everything) the best by a cheap tier test, shorter labels first."""
        cap = max(_FULL_SCORING, 4 * limit) if limit is not None else len(found)
        if len(found) <= cap:
            return found
        names, labels = self._names, self._labels
        term = max(terms, key=len)  # the most telling term picks; all are scored fully
        best = [i for i in found if names[i] == term or labels[i] == term][:cap]
        chosen = set(best)
        tiers: tuple[Callable[[int], bool], ...] = (
            lambda i: names[i].startswith(term) or labels[i].startswith(term),
            lambda i: term in labels[i],
            lambda i: is_subsequence(term, labels[i]),
            lambda i: True,
        )
        for tier in tiers:  # `found` is in tie-break order: the first of a tier are its best
            for i in found:
                if len(best) >= cap:
                    return best
                if i not in chosen and tier(i):
                    best.append(i)
                    chosen.add(i)
        return best

    def _score(
        self, terms: list[str], shortlist: list[int], limit: int | None
    ) -> dict[int, tuple[float, str, tuple[int, ...]]]:
        """Full scores. Substring matches first; the slower subsequence scoring only when they
        cannot fill `limit` with label matches (which outrank every subsequence match)."""
        entries = self.entries
        scored: dict[int, tuple[float, str, tuple[int, ...]]] = {}
        label_hits = 0
        for i in shortlist:
            result = score_entry(terms, entries[i], fuzzy=False)
            if result is not None:
                scored[i] = result
                label_hits += result[1] == FIELD_LABEL
        if limit is None or label_hits < limit:
            for i in shortlist:
                cheap = scored.get(i)
                if cheap is None or cheap[1] != FIELD_LABEL:
                    result = score_entry(terms, entries[i], fuzzy=True)
                    if result is not None:
                        scored[i] = result
        return scored

    @staticmethod
    def _hit(entry: Entry, score: float, positions: tuple[int, ...], field: str) -> Hit:
        if field == FIELD_ARN:
            return Hit(
                entry.node,
                entry.kind,
                entry.label,
                entry.account,
                score,
                positions,
                entry.arn,
                FIELD_ARN,
            )
        if field.startswith(FIELD_TAG):
            lowered = field.split(":", 1)[1]
            text = next(
                t for t, lo in zip(entry.tags, entry.tags_lower, strict=True) if lo == lowered
            )
            return Hit(
                entry.node,
                entry.kind,
                entry.label,
                entry.account,
                score,
                positions,
                text,
                FIELD_TAG,
            )
        return Hit(
            entry.node,
            entry.kind,
            entry.label,
            entry.account,
            score,
            positions,
            entry.label,
            FIELD_LABEL,
        )


_KIND_PREFIX: Final = re.compile(r"^(user|group|role)/")


def _graph_entries(graph: Any) -> Iterable[Entry]:
    for node, data in graph.nodes(data=True):
        kind = str(data.get("kind", ""))
        if kind not in PRINCIPAL_KINDS and kind not in RESOURCE_KINDS:
            continue
        label = str(data.get("label", node))
        tags = data.get("tags")
        yield make_entry(
            str(node),
            kind,
            label,
            name=str(data.get("name") or _KIND_PREFIX.sub("", label)),
            account=str(data.get("account") or ""),
            arn=str(data.get("arn") or node),
            tags=dict(tags) if isinstance(tags, dict) else None,
        )


__all__ = ["PRINCIPAL_KINDS", "RESOURCE_KINDS", "Entry", "Hit", "SearchIndex", "make_entry"]
