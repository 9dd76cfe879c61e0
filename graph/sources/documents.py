"""Policy documents as AWS hands them out: objects, JSON strings or URL-encoded JSON strings."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

from graph.sources.reader import Where, as_object
from graph.sources.scrub import scrub


def parse_document(value: object, where: Where) -> dict[str, Any]:
    """A policy document as a JSON object, checked for the shape every policy has.

    Accepts an object, a JSON string, or a URL-encoded JSON string (the raw IAM API's form).
    """
    doc: object = value
    if isinstance(value, str):
        doc = scrub(_decode(value, where), where)
    obj = as_object(doc, where)
    if "Statement" not in obj:
        raise where.error("policy document has no 'Statement'")
    statements = obj["Statement"]
    items = statements if isinstance(statements, list) else [statements]
    for i, statement in enumerate(items):
        at = where.key("Statement")
        at = at.index(i) if isinstance(statements, list) else at
        as_object(statement, at)
    return obj


def _decode(text: str, where: Where) -> object:
    for candidate in (text, unquote(text)):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    raise where.error("policy document is neither JSON nor URL-encoded JSON")
