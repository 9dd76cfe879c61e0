"""Policy documents as AWS hands them out: objects, JSON strings or URL-encoded JSON strings."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from graph.errors import LoaderError
from graph.sources.jsontext import MAX_POLICY_DEPTH, deeper_than, parse
from graph.sources.reader import Where, as_object
from graph.sources.scrub import scrub


def parse_document(value: object, where: Where) -> dict[str, Any]:
    """A policy document as a JSON object, checked for the shape every policy has.

    Accepts an object, a JSON string, or a URL-encoded JSON string (the raw IAM API's form).
    Nested deeper than `MAX_POLICY_DEPTH` is an error: no AWS policy is, and evaluating one
    would recurse that deep.
    """
    doc: object = value
    if isinstance(value, str):
        doc = _decode(value, where)
    if deeper_than(doc, MAX_POLICY_DEPTH):
        raise where.error(f"policy document nested deeper than {MAX_POLICY_DEPTH} levels")
    if isinstance(value, str):
        doc = scrub(doc, where)
    obj = as_object(doc, where)
    if "Statement" not in obj:
        raise where.error("policy document has no 'Statement'")
    statements = obj["Statement"]
    items = statements if isinstance(statements, list) else [statements]
    for i, statement in enumerate(items):
        if not isinstance(statement, dict):
            at = where.key("Statement")
            as_object(statement, at.index(i) if isinstance(statements, list) else at)
    return obj


def _decode(text: str, where: Where) -> object:
    """JSON or URL-encoded JSON; a key given twice is a warning naming both values."""
    first: LoaderError | None = None
    for candidate in dict.fromkeys((text, unquote(text))):
        try:
            value, duplicates = parse(candidate, where)
        except LoaderError as error:
            first = first or error
            continue
        for duplicate in duplicates:
            duplicate.where.note(f"{duplicate.brief()}; the last one is used")
        return value
    if first is not None and not first.message.startswith("not valid JSON"):
        raise first
    raise where.error("policy document is neither JSON nor URL-encoded JSON")
