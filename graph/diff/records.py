"""A snapshot diff as plain JSON data, and the words each part reads as (CLI and TUI alike)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.diff.compare import Appeared, SnapshotDiff, VerdictChange
from graph.export import results


def change_id(index: int) -> str:
    """`c1`, `c2`…: how verdicts point at the change that moved them."""
    return f"c{index + 1}"


def label_graph(diff: SnapshotDiff, node: str) -> nx.MultiDiGraph:
    """The graph that names `node`: the new one, else the old (a principal that went)."""
    g = diff.new.partial_graph
    return g if g.has_node(node) else diff.old.partial_graph


def label(diff: SnapshotDiff, node: str) -> str:
    """`user/alice`, `acme/npm-internal`, `anyone (*)`…"""
    return results.label(label_graph(diff, node), node)


def direction(diff: SnapshotDiff) -> str:
    """`widened`, `narrowed`, `widened and narrowed` or `unchanged`."""
    if diff.widened and diff.narrowed:
        return "widened and narrowed"
    return "widened" if diff.widened else "narrowed" if diff.narrowed else "unchanged"


def counts(verdicts: tuple[VerdictChange, ...] | list[VerdictChange]) -> str:
    """`3 gained, 1 lost`."""
    found: dict[str, int] = {}
    for verdict in verdicts:
        found[verdict.kind] = found.get(verdict.kind, 0) + 1
    order = ("gained", "lost", "became conditional", "became unknown")
    return ", ".join(f"{found[k]} {k}" for k in order if k in found) or "none"


def moved_summary(diff: SnapshotDiff) -> str:
    """`23 verdicts moved (20 gained, 3 lost)`, and how many principals and resources came or
    went (with access or not)."""
    line = f"{len(diff.verdicts)} verdicts moved ({counts(diff.verdicts)})"
    added = sum(1 for a in diff.appeared if a.added)
    if diff.appeared:
        line += f"; {added} principals or resources added, {len(diff.appeared) - added} removed"
    return line


def headline(diff: SnapshotDiff) -> str:
    """`access widened and narrowed: 23 verdicts moved (20 gained, 3 lost)`."""
    return f"access {direction(diff)}: {moved_summary(diff)}"


def verdict_record(diff: SnapshotDiff, verdict: VerdictChange) -> dict[str, Any]:
    """One moved verdict: who, what, where, before and after with both chains, and causes."""
    old, new = diff.old.partial_graph, diff.new.partial_graph
    return {
        "principal": verdict.principal,
        "principal_label": label(diff, verdict.principal),
        "capability": verdict.capability,
        "resource": verdict.resource,
        "resource_label": label(diff, verdict.resource),
        "change": verdict.kind,
        "widened": verdict.widened,
        "before": verdict.before.value,
        "after": verdict.after.value,
        "chain_before": results.chain_record(old, verdict.chain_before)
        if verdict.chain_before
        else None,
        "chain_after": results.chain_record(new, verdict.chain_after)
        if verdict.chain_after
        else None,
        "causes": [change_id(i) for i in verdict.causes],
    }


def appeared_record(diff: SnapshotDiff, item: Appeared) -> dict[str, Any]:
    """A principal or resource only one snapshot has, and its reaches there."""
    g = diff.new.partial_graph if item.added else diff.old.partial_graph
    return {
        "node": item.node,
        "label": results.label(g, item.node),
        "change": "added" if item.added else "removed",
        "reaches": [results.reach_record(g, r) for r in item.reaches],
    }


def diff_record(diff: SnapshotDiff) -> dict[str, Any]:
    """The whole diff: summary, policy changes, moved verdicts, what appeared or went."""
    return {
        "summary": {
            "access": direction(diff),
            "verdicts": len(diff.verdicts),
            "counts": counts(diff.verdicts),
            "widened": diff.widened,
            "narrowed": diff.narrowed,
        },
        "changes": [
            {
                "id": change_id(i),
                "kind": c.kind,
                "where": c.where,
                "policy": c.policy,
                "summary": c.summary,
                "diff": c.diff,
            }
            for i, c in enumerate(diff.changes)
        ],
        "verdicts": [verdict_record(diff, v) for v in diff.verdicts],
        "appeared": [appeared_record(diff, a) for a in diff.appeared],
    }
