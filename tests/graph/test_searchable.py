"""graph.searchable: a snapshot's index finds every node kind the access graph has, unbuilt."""

from __future__ import annotations

import json
from typing import Any

import pytest

import graph
from graph.search import PRINCIPAL_KINDS, RESOURCE_KINDS, Entry, SearchIndex
from graph.sources import snapshot_from_document
from graph.sources.save import snapshot_document

OUTSIDER = "999999999999"


def _key(entry: Entry) -> tuple[str, str, str, str, str, str]:
    return entry.node, entry.kind, entry.label, entry.name, entry.account, entry.arn


def _with_outsider() -> graph.Snapshot:
    """The demo, with a role whose trust policy names an account outside the snapshot."""
    document: dict[str, Any] = snapshot_document(graph.demo_snapshot())
    details = next(
        a["authorization_details"]
        for a in document["accounts"]
        if a["authorization_details"].get("RoleDetailList")
    )
    role = json.loads(json.dumps(details["RoleDetailList"][0]))
    role["RoleName"] = "vendor-access"
    role["RoleId"] = "AROAVENDORACCESS0001"
    role["Arn"] = role["Arn"].rsplit("/", 1)[0] + "/vendor-access"
    role["AssumeRolePolicyDocument"] = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{OUTSIDER}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    details["RoleDetailList"].append(role)
    return snapshot_from_document(document, "demo with an outsider")


@pytest.fixture(scope="module")
def outsider() -> graph.Snapshot:
    return _with_outsider()


def test_the_snapshot_index_holds_the_graphs_nodes(
    outsider: graph.Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_: object, **__: object) -> None:
        raise AssertionError("the index built the access graph")

    built = SearchIndex.of(graph.AccessGraph.from_snapshot(outsider))
    monkeypatch.setattr(graph.AccessGraph, "from_snapshot", never)
    unbuilt = SearchIndex.of(outsider)
    assert {_key(e) for e in unbuilt.entries} == {_key(e) for e in built.entries}
    kinds = {e.kind for e in unbuilt.entries}
    assert kinds == PRINCIPAL_KINDS | RESOURCE_KINDS  # every kind, on the demo and its outsider


@pytest.mark.parametrize(
    ("query", "kind", "label", "node"),
    [
        (
            "githubusercontent",
            "federated",
            "token.actions.githubusercontent.com",
            "arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com",
        ),
        ("codebuild", "service", "codebuild.amazonaws.com", "service:codebuild.amazonaws.com"),
        ("anyone", "anyone", "anyone (*)", "anyone"),
        ("npmjs", "external_connection", "public:npmjs", "external:public:npmjs"),
    ],
)
def test_search_finds_each_kind_on_the_demo(query: str, kind: str, label: str, node: str) -> None:
    hits = SearchIndex.of(graph.demo_snapshot()).search(query, kinds={kind})
    assert [(h.label, h.node) for h in hits] == [(label, node)]


def test_search_finds_an_account_outside_the_snapshot(outsider: graph.Snapshot) -> None:
    (hit,) = SearchIndex.of(outsider).search(OUTSIDER, kinds={"external_account"})
    assert hit.label == f"account {OUTSIDER} (outside the snapshot)"
    assert (hit.node, hit.account) == (f"account:{OUTSIDER}", OUTSIDER)
