"""Fixes that are proved: applied to a copy of the snapshot, the path opens (`whatif`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Final

from graph.access.evidence import AccessExplanation
from graph.access.fixes import Fix
from graph.access.whatif import ADDABLE, apply_fixes
from graph.snapshot import Snapshot

Explain = Callable[[Snapshot], AccessExplanation]
"""Explain the same question (principal, capability, resource, package) on another snapshot."""

ROUNDS: Final = 4
"""How many times a change set may grow (a fix can reveal the next blocking layer)."""


def prove(snapshot: Snapshot, explanation: AccessExplanation, explain: Explain) -> tuple[Fix, ...]:
    """The fixes to offer for a failing explanation: a change set proved to open the path.

    The statements the explanation proposes are applied to a copy of the snapshot and the
    question is asked again; while it still fails, the fixes the new answer proposes join the
    set. A set that opens the path is offered whole, each fix `proved` and, when there are
    several, noted as part of one change. A set that does not is not offered: the advice that
    no added statement can settle (an explicit deny to narrow, a service rule, an unreadable
    policy) stays, with a note that no proved change was found.
    """
    if explanation.verdict.reaches or not explanation.fixes:
        return explanation.fixes
    advice = [f for f in explanation.fixes if f.kind not in ADDABLE and f.kind != "condition"]
    changes = [f for f in explanation.fixes if f.kind in ADDABLE]
    conditions = [f for f in explanation.fixes if f.kind == "condition"]
    if changes and not advice:
        for _ in range(ROUNDS):
            try:
                again = explain(apply_fixes(snapshot, changes))
            except (KeyError, ValueError):
                break
            if again.verdict.reaches:
                return _proved(changes) + tuple(conditions)
            new = [f for f in again.fixes if f.kind in ADDABLE and not _has(changes, f)]
            if not new or any(f.kind not in ADDABLE and f.kind != "condition" for f in again.fixes):
                break
            changes.extend(new)
    if not changes:
        return explanation.fixes
    if advice:
        text = (
            f"no added allow opens this path while the above stands; then change "
            f"{_kinds(changes)} (cax cannot prove that change from here)"
        )
    else:
        text = (
            f"no added allow alone opens this path: cax applied the changes to "
            f"{_kinds(changes)} to a copy of the snapshot and it was still denied"
        )
    return (*advice, *conditions, Fix("none", "", explanation.principal, text))


def _proved(changes: Sequence[Fix]) -> tuple[Fix, ...]:
    total = len(changes)
    if total == 1:
        return (replace(changes[0], proved=True),)
    return tuple(
        replace(f, proved=True, note=f"{f.note} (change {i} of {total}: apply them together)")
        for i, f in enumerate(changes, 1)
    )


def _has(changes: Sequence[Fix], fix: Fix) -> bool:
    text = json.dumps(fix.statements, sort_keys=True)
    return any(
        c.kind == fix.kind
        and c.node == fix.node
        and json.dumps(c.statements, sort_keys=True) == text
        for c in changes
    )


def _kinds(changes: Sequence[Fix]) -> str:
    return ", ".join(dict.fromkeys(f.where or f.kind for f in changes))
