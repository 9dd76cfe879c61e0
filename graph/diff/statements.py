"""Statement by statement: what was added to, removed from or edited in a policy document."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from graph.model import Policy, Unknown
from graph.policy import Layer, PolicyError, compile_policy


def policy_statements(document: object) -> list[Any]:
    """A document's statements as a list (one statement object stands for a list of one)."""
    if not isinstance(document, Mapping):
        return []
    raw = document.get("Statement", [])
    return list(raw) if isinstance(raw, list) else [raw]


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def _sid(statement: object) -> str:
    sid = statement.get("Sid") if isinstance(statement, Mapping) else None
    return sid if isinstance(sid, str) and sid else ""


def document_diff(old: object, new: object) -> dict[str, Any]:
    """`{"added": [...], "removed": [...], "edited": [{"sid", "before", "after"}]}`, only the
    keys that have entries; empty when the documents say the same.

    Statements are paired by Sid when both have one (an edited Sid), else by equal content;
    what is left is added or removed. A document that could not be read is compared as its
    error, `None` is no policy at all.
    """
    if isinstance(old, Unknown) or isinstance(new, Unknown):
        before = {"unknown": old.error} if isinstance(old, Unknown) else old
        after = {"unknown": new.error} if isinstance(new, Unknown) else new
        if _canonical(before) == _canonical(after):
            return {}
        return {"before": before, "after": after}
    removed = policy_statements(old)
    added = policy_statements(new)
    edited: list[dict[str, Any]] = []
    by_sid = {_sid(s): s for s in removed if _sid(s)}
    for statement in list(added):
        sid = _sid(statement)
        was = by_sid.pop(sid, None) if sid else None
        if was is not None:
            removed.remove(was)
            added.remove(statement)
            if _canonical(was) != _canonical(statement):
                edited.append({"sid": sid, "before": was, "after": statement})
    for statement in list(added):
        same = next((s for s in removed if _canonical(s) == _canonical(statement)), None)
        if same is not None:
            removed.remove(same)
            added.remove(statement)
    found: dict[str, Any] = {}
    if added:
        found["added"] = added
    if removed:
        found["removed"] = removed
    if edited:
        found["edited"] = edited
    if not found and _canonical(_rest(old)) != _canonical(_rest(new)):
        found["before"], found["after"] = _rest(old), _rest(new)
    return found


def _rest(document: object) -> object:
    """What a document says besides its statements (its Version), or None for no policy."""
    if not isinstance(document, Mapping):
        return document
    return {k: v for k, v in document.items() if k != "Statement"}


def document_of(policy: Policy | Unknown | None) -> Mapping[str, Any] | Unknown | None:
    """A policy's document, its error when unreadable, or None for no policy."""
    return policy.document if isinstance(policy, Policy) else policy


def summary_of(diff: Mapping[str, Any]) -> str:
    """`1 statement added, 1 edited`."""
    parts = [f"{len(diff[k])} {k}" for k in ("added", "removed", "edited") if diff.get(k)]
    if not parts:
        return "changed"
    first, *rest = parts
    number, word = first.split(" ", 1)
    noun = "statement" if number == "1" else "statements"
    return ", ".join([f"{number} {noun} {word}", *rest])


def readable(document: object, kind: Layer = Layer.IDENTITY) -> bool:
    """Whether a policy document compiles (None, no policy at all, counts as readable)."""
    if document is None:
        return True
    if not isinstance(document, Mapping):
        return False
    try:
        compile_policy(dict(document), name="policy", kind=kind)
    except PolicyError:
        return False
    return True
