"""graph.search: fuzzy matching, ranking, kinds, incremental search, shortlisting at scale."""

from __future__ import annotations

from typing import Any

import pytest

import graph
import graph.search as search_module
from graph.search import Entry, SearchIndex, make_entry


@pytest.fixture(scope="module")
def demo_index() -> SearchIndex:
    return SearchIndex.of(graph.AccessGraph.from_snapshot(graph.demo_snapshot()))


def test_abbreviation_finds_role() -> None:
    index = SearchIndex(
        [
            make_entry("r1", "role", "role/deploy-codeartifact-publisher"),
            make_entry("r2", "role", "role/deploy-app"),
            make_entry("u1", "user", "user/dave"),
        ]
    )
    hits = index.search("deplcapub")
    assert [h.node for h in hits] == ["r1"]
    assert "".join(hits[0].matched[i] for i in hits[0].positions) == "deplcapub"


def test_ranking_exact_then_prefix_then_word_start_then_scattered() -> None:
    index = SearchIndex(
        [
            make_entry("scattered", "user", "user/xnxpxmx"),
            make_entry("inside", "user", "user/xxnpmxx"),
            make_entry("word", "user", "user/team-npm-x"),
            make_entry("prefix", "user", "user/npm-builder"),
            make_entry("exact", "user", "user/npm"),
        ]
    )
    assert [h.node for h in index.search("npm")] == [
        "exact",
        "prefix",
        "word",
        "inside",
        "scattered",
    ]


def test_label_beats_arn_beats_tag(demo_index: SearchIndex) -> None:
    hits = demo_index.search("mateojackson")
    assert hits[0].label == "user/mateojackson"
    assert hits[0].field == "label"
    by_arn = demo_index.search("123456789012:user/engineering")
    assert by_arn and all(h.field == "arn" for h in by_arn)


def test_tags_match_literally(demo_index: SearchIndex) -> None:
    hits = demo_index.search("[bold]pwned")
    assert [h.label for h in hits] == ["user/kevin.osei"]
    assert hits[0].field == "tag"
    assert hits[0].matched == "nickname=[bold]pwned[/bold]"


def test_kinds_filter_and_limit(demo_index: SearchIndex) -> None:
    repos = demo_index.search("npm", kinds={"repository"})
    assert {h.label for h in repos} == {"acme/npm-internal", "acme/npm-store"}
    assert len(demo_index.search("a", limit=3)) == 3
    assert demo_index.search("   ") == []


def test_every_term_must_match(demo_index: SearchIndex) -> None:
    hits = demo_index.search("alice team=web")
    assert [h.label for h in hits] == ["user/alice.nguyen"]
    assert demo_index.search("alice zzz") == []


def test_incremental_search_gives_the_same_answers(demo_index: SearchIndex) -> None:
    fresh = SearchIndex(demo_index.entries)
    for query in ["r", "ra", "raj", "raj.p", "r"]:
        assert demo_index.search(query) == SearchIndex(fresh.entries).search(query)


def test_snapshot_index_has_principals_and_repositories() -> None:
    index = SearchIndex.of(graph.demo_snapshot())
    kinds = {e.kind for e in index.entries}
    named = {"federated", "service", "anyone", "external_connection"}  # by policies, connections
    assert kinds == {"user", "group", "role", "domain", "repository", *named}
    assert index.search("npm-internal")[0].node.endswith(":repository/acme/npm-internal")


def _twelve_thousand() -> list[Entry]:
    return [
        make_entry(
            f"arn:aws:iam::{100000000000 + i % 40}:role/team-{i % 97}/svc-{i}-deployer",
            "role",
            f"role/svc-{i}-deployer",
            arn=f"arn:aws:iam::{100000000000 + i % 40}:role/team-{i % 97}/svc-{i}-deployer",
            tags={"team": f"team-{i % 97}"},
        )
        for i in range(12_000)
    ]


def test_a_first_letter_scores_a_shortlist_not_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Speed by construction (timings live in bench/bench_tui.py): when a letter matches all
    12,000 principals, only a capped shortlist gets the full scoring, and the best still wins."""
    entries = [*_twelve_thousand(), make_entry("exact", "user", "user/s")]
    index = SearchIndex(entries)
    calls = 0
    real = search_module.score_entry

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(search_module, "score_entry", counting)
    hits = index.search("s", limit=50)
    assert len(hits) == 50
    assert hits[0].node == "exact"
    assert calls <= 2 * max(search_module._FULL_SCORING, 4 * 50)
    assert index.search("svc-11-", limit=3)[0].label == "role/svc-11-deployer"


def test_incremental_search_at_scale_matches_a_fresh_index() -> None:
    entries = _twelve_thousand()
    typing = SearchIndex(entries)
    for end in range(1, len("svc-11") + 1):
        query = "svc-11"[:end]
        assert typing.search(query, limit=200) == SearchIndex(entries).search(query, limit=200)
