"""Escalation kit, shared by the `test_escalation*.py` modules: a diverse organisation,
mallory's account (a repository only a publisher role may publish to), and who could reach a
repository by which hops."""

from __future__ import annotations

from typing import Any

import graph
from graph.access import AccessGraph
from graph.synthetic import generate
from tests.graph.access.test_review_kit import READ_PUBLISH_ALL, A, Estate, trust


def small_diverse() -> graph.Snapshot:
    """A diverse organisation of 200 principals, 2 accounts and 8 repositories."""
    return generate(
        accounts=2,
        roles=160,
        users=40,
        groups=10,
        policies=60,
        domains=2,
        repositories=8,
        profile="diverse",
    )


def who(g: AccessGraph, repo: str, capability: str = "publish") -> dict[str, list[str]]:
    """Principal → the kinds of its escalated chain's hops."""
    return {
        r.principal: [h.kind for h in r.chain.hops]
        for r in g.who_can(repo, capability, escalation=True)
    }


def estate(
    mallory_policy: dict[str, Any],
    *,
    boundary: dict[str, Any] | None = None,
    scps: list[tuple[str, Any, list[str]]] | None = None,
) -> tuple[Estate, str, str]:
    """Account A: a repository nobody may publish to but a publisher role (trusting nobody),
    and mallory, whose policy is the case's."""
    e = Estate()
    limit = e.managed(A, "limit", boundary) if boundary else None
    mallory = e.user(A, "mallory", mallory_policy, boundary=limit)
    e.role(A, "publisher", trust({"Service": "codebuild.amazonaws.com"}), READ_PUBLISH_ALL)
    e.domain(A, "corp")
    repo = e.repo(A, "corp", "releases")
    e.org([A], scps=scps or [])
    return e, mallory, repo
