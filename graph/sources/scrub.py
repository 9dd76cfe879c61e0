"""NUL and lone surrogates, which JSON can carry but no output can, replaced at load time.

A NUL ends a string for Graphviz and is forbidden in XML; a lone surrogate (`"\\ud800"` in JSON)
is not Unicode text and cannot be written as UTF-8. Each is replaced by its escape (`\\x00`,
`\\ud800`, as `graph.visible` shows control characters) with a warning naming the JSON path,
so that no export, table or snapshot meets it.
"""

from __future__ import annotations

import re
from typing import Final

from graph.sources.reader import Where
from graph.visible import escape_of

UNWRITABLE: Final = re.compile("[\x00\ud800-\udfff]")
"""Characters replaced at load time."""
_ESCAPED: Final = re.compile(r"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
"""`\\u0000` and surrogate escapes; the literal `\\u` in front lets the search skip ahead."""
MAX_WARNINGS: Final = 20
"""Warnings per document; beyond them one line says how many more places were changed."""


def may_hold_unwritable(json_text: str) -> bool:
    """False when JSON text surely decodes to nothing `UNWRITABLE` (a fast check before
    `scrub`); surrogate pairs, which decode to one character, also answer True."""
    if "\x00" in json_text or _ESCAPED.search(json_text) is not None:
        return True
    if json_text.isascii():
        return False
    # Raw surrogates: UTF-8 cannot encode them. Searching 24 MB for the character class took
    # 0.4 s; encoding takes a few tens of ms (and text decoded from UTF-8 never holds them).
    try:
        json_text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _name(char: str) -> str:
    return "a NUL character" if char == "\x00" else f"a lone surrogate U+{ord(char):04X}"


class _Scrubber:
    def __init__(self, where: Where) -> None:
        self.where = where
        self.found = 0

    def text(self, text: str, where: Where) -> str:
        if UNWRITABLE.search(text) is None:
            return text
        self.found += 1
        if self.found <= MAX_WARNINGS:
            chars = sorted(set(UNWRITABLE.findall(text)))
            names = " and ".join(_name(c) for c in chars)
            where.note(f"{names} replaced by {', '.join(escape_of(c) for c in chars)}")
        return UNWRITABLE.sub(lambda m: escape_of(m[0]), text)

    def value(self, value: object, where: Where) -> object:
        if isinstance(value, str):
            return self.text(value, where)
        if isinstance(value, list):
            items = [self.value(v, where.index(i)) for i, v in enumerate(value)]
            return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
        if isinstance(value, dict):
            changed = False
            out: dict[object, object] = {}
            for key, item in value.items():
                at = where.key(str(key))
                name = self.text(key, at) if isinstance(key, str) else key
                out[name] = self.value(item, at)
                changed = changed or name is not key or out[name] is not item
            return out if changed else value
        return value


def scrub(value: object, where: Where) -> object:
    """`value` (parsed JSON) with `UNWRITABLE` characters in keys and strings replaced by their
    escapes, one warning per string through `where.note`; `value` itself when none was found
    (it is never changed in place)."""
    scrubber = _Scrubber(where)
    try:
        out = scrubber.value(value, where)
    except RecursionError:
        raise where.error("JSON nested too deeply") from None
    if scrubber.found > MAX_WARNINGS:
        where.note(f"{scrubber.found - MAX_WARNINGS} more strings had characters replaced")
    return out
