"""Policy variables (`${aws:username}`, defaults, `${*}` escapes) and literal-character marking.

A rendered template is a string in which characters that must be taken literally (those coming
from `${*}`/`${?}` escapes or from substituted values) are replaced by private-use sentinels; the
wildcard compilers treat sentinels as plain characters and `unmark` turns them back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from graph.policy.context import MISSING, UNKNOWN, Lookup
from graph.policy.wildcard import LITERAL_QMARK, LITERAL_STAR

_MARK = str.maketrans({"*": LITERAL_STAR, "?": LITERAL_QMARK})

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_BODY = re.compile(r"^\s*([^,\s'][^,']*?)\s*(?:,\s*'([^']*)'\s*)?$")


def mark_literal(text: str) -> str:
    """Mark `*` and `?` in `text` as literal characters."""
    return text.translate(_MARK)


@dataclass(frozen=True)
class Variable:
    """One `${key}` or `${key, 'default'}` reference."""

    key: str
    default: str | None = None

    @property
    def key_lower(self) -> str:
        return self.key.lower()


@dataclass(frozen=True)
class Template:
    """Text with policy variables; parts are literal strings or `Variable`s."""

    text: str
    parts: tuple[str | Variable, ...]

    @property
    def variables(self) -> tuple[Variable, ...]:
        return tuple(p for p in self.parts if isinstance(p, Variable))


class Unresolved:
    """A rendering failure: a variable whose key is absent (`missing`) or not known."""

    __slots__ = ("missing", "variable")

    def __init__(self, variable: Variable, missing: bool) -> None:
        self.variable = variable
        self.missing = missing


def parse_template(text: str) -> str | Template:
    """Parse `${…}` references; without any, plain text with escapes resolved and marked."""
    if "${" not in text:
        return text
    parts: list[str | Variable] = []
    position = 0
    for found in _VARIABLE.finditer(text):
        parts.append(text[position : found.start()])
        body = found.group(1)
        if body in ("*", "?", "$"):
            parts.append(mark_literal(body))
        else:
            parsed = _BODY.match(body)
            if parsed is None:
                parts.append(found.group(0))
            else:
                parts.append(Variable(parsed.group(1), parsed.group(2)))
        position = found.end()
    parts.append(text[position:])
    if not any(isinstance(p, Variable) for p in parts):
        return "".join(p for p in parts if isinstance(p, str))
    return Template(text, tuple(p for p in parts if p != ""))


def render(template: Template, lookup: Lookup) -> str | Unresolved:
    """Substitute variables from the request; values are marked literal (no wildcards)."""
    out: list[str] = []
    for part in template.parts:
        if isinstance(part, str):
            out.append(part)
            continue
        value = lookup(part.key_lower)
        if value is UNKNOWN:
            return Unresolved(part, missing=False)
        if value is MISSING or not isinstance(value, str):
            if part.default is None:
                return Unresolved(part, missing=True)
            out.append(mark_literal(part.default))
        else:
            out.append(mark_literal(value))
    return "".join(out)


Renderer = Callable[[Lookup], "str | Unresolved"]
