"""Loading a collected document: what the loader refuses is kept as unknown, never thrown away.

A collected document that does not load (an odd answer AWS gave, or a loader rule the
collector did not know) would otherwise cost the whole collection. The smallest part that
holds the refused place and may be unknown in a snapshot (a policy, tags, upstreams, external
connections, a region's CodeArtifact data, an account's IAM data, the organisation) is
replaced with an `$unknown` marker naming the loader's message, and reported as a problem.
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import replace
from typing import Any, Final

from graph.collect.errors import unknown
from graph.collect.options import Collection, Problem
from graph.errors import LoaderError, LoaderErrors
from graph.snapshot import Snapshot
from graph.sources import snapshot_from_document

OPERATION: Final = "cax:load"
"""The `Problem.operation` of a part the loader refused."""
MAX_ROUNDS: Final = 50
"""Loads tried at most (each round marks every refused place of the last one)."""

DOCUMENT: Final = "the collected document"
"""How an `UnloadableDocument` names the document."""
_FINE: Final = frozenset({"policy", "tags", "upstreams", "external_connections", "Document"})
"""Members that may be unknown wherever they are."""
_STEP: Final = re.compile(
    r"\.([A-Za-z_]\w*)|\[(\d+)\]|\[('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]"
)


class UnloadableDocument(LoaderError):
    """The collected document does not load, and the refused place cannot be made unknown."""


def load_collected(collection: Collection, source: str) -> tuple[Snapshot, Collection]:
    """The snapshot of a collected document, and the collection with what had to be made unknown.

    Raises:
        UnloadableDocument: a refused place no unknown marker can stand for (names it).
    """
    document = collection.document
    problems: list[Problem] = []
    marked: set[tuple[str | int, ...]] = set()
    for _ in range(MAX_ROUNDS):
        try:
            snapshot = snapshot_from_document(document, source)
        except LoaderError as error:
            if document is collection.document:
                document = copy.deepcopy(document)  # the caller's stays as collected
            for each in error.errors if isinstance(error, LoaderErrors) else (error,):
                problems.append(_mark(document, each, marked, source))
            continue
        if not problems:
            return snapshot, collection
        salvaged = replace(
            collection, document=document, problems=(*collection.problems, *problems)
        )
        return snapshot, salvaged
    raise UnloadableDocument(DOCUMENT, "$", f"still refused after {MAX_ROUNDS} loads")


def _mark(
    document: dict[str, Any],
    error: LoaderError,
    marked: set[tuple[str | int, ...]],
    source: str,
) -> Problem:
    """Replace the smallest part around `error`'s place that may be unknown; say what was done."""
    steps = _steps(error.path)
    for cut in range(len(steps), 0, -1):
        place = tuple(steps[:cut])
        if place in marked or not _may_be_unknown(place):
            continue
        parent = _at(document, place[:-1])
        if parent is None or not _holds(parent, place[-1]):
            continue
        text = f"the collected value does not load: {error.message} (at {error.path})"
        parent[place[-1]] = unknown(text)
        marked.add(place)
        return Problem(_scope(document, place), OPERATION, text)
    raise UnloadableDocument(DOCUMENT, error.path, f"{error.message}; nothing was written")


def _steps(path: str) -> list[str | int]:
    """`$.accounts[0].codeartifact['us-east-1']` → ["accounts", 0, "codeartifact", "us-east-1"]."""
    steps: list[str | int] = []
    for name, index, quoted in _STEP.findall(path.removeprefix("$")):
        steps.append(name or (int(index) if index else str(ast.literal_eval(quoted))))
    return steps


def _may_be_unknown(place: tuple[str | int, ...]) -> bool:
    if place == ("organization",):
        return True
    if len(place) < 3 or place[0] != "accounts":
        return place[0] == "organization" and place[-1] == "content"
    if len(place) == 3:
        return place[2] == "authorization_details"
    if len(place) == 4 and place[2] == "codeartifact":
        return True
    return place[-1] in _FINE


def _at(document: Any, place: tuple[str | int, ...]) -> Any:
    value = document
    for step in place:
        if not _holds(value, step):
            return None
        value = value[step]
    return value


def _holds(value: Any, step: str | int) -> bool:
    if isinstance(step, int):
        return isinstance(value, list) and 0 <= step < len(value)
    return isinstance(value, dict) and step in value


def _scope(document: dict[str, Any], place: tuple[str | int, ...]) -> str:
    """`111111111111/us-east-1`, `111111111111`, or `organization`: where, as problems say it."""
    if place[0] != "accounts":
        return "organization"
    account = _at(document, place[:2])
    name = str(account.get("id", place[1])) if isinstance(account, dict) else str(place[1])
    if len(place) >= 4 and place[2] == "codeartifact":
        return f"{name}/{place[3]}"
    return name
