"""Control characters made visible, so text from AWS data cannot drive a terminal or a renderer.

A name, Sid, tag or condition value may hold ESC (an OSC 52 sequence writes the reader's
clipboard, CSI 2J clears the screen), a CR that overwrites a line, or a bidi override that
reorders what is shown. Everything cax shows to people passes through `visible` first: each such
character becomes its Python escape, `\\x1b`, `\\x0a`, `\\x85`, `\\u202e`. JSON output stays
exact (JSON escaping already makes it safe).
"""

from __future__ import annotations

import re
from typing import Final

HIDDEN: Final = re.compile(
    "["
    "\x00-\x1f\x7f-\x9f"  # C0 controls (ESC, CR, LF, TAB, NUL…), DEL, C1 controls (CSI, OSC…)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u2028\u2029"  # line and paragraph separators (line breaks to JavaScript, hence Mermaid)
    "\ud800-\udfff"  # lone surrogates: not Unicode text, cannot be written as UTF-8
    "\ufffe\uffff"  # noncharacters XML 1.0 forbids
    "]"
)
"""The characters `visible` replaces."""


def escape_of(char: str) -> str:
    """`\\x1b` for a character below U+0100, `\\u202e` above."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """`text` with every control, bidi-override or lone-surrogate character written as its escape.

    Args:
        text: any text, typically from AWS data.
        keep: characters to leave as they are (e.g. "\\t\\n" where the format holds line breaks).
    """
    if HIDDEN.search(text) is None:
        return text
    return HIDDEN.sub(lambda m: m[0] if m[0] in keep else escape_of(m[0]), text)


def has_hidden(text: str) -> bool:
    """True when `visible(text)` differs from `text`."""
    return HIDDEN.search(text) is not None


def visible_offsets(text: str) -> list[int]:
    """Where each character of `text` starts in `visible(text)`, plus its length at the end.

    Moves highlight positions (search matches) from the text to what is shown.
    """
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + (len(escape_of(char)) if HIDDEN.match(char) else 1))
    return offsets


_JSON_RAW: Final = re.compile(HIDDEN.pattern.replace("\x00-\x1f", ""))
"""What `HIDDEN` matches but `json.dumps` escapes itself (C0 inside strings; outside them,
its own line breaks)."""


def json_escaped(text: str) -> str:
    """JSON text with the characters `json.dumps(..., ensure_ascii=False)` leaves raw (DEL, C1
    controls, bidi overrides, separators, lone surrogates) written as `\\uXXXX`: the same value
    to a JSON reader, and nothing hidden to a person."""
    if _JSON_RAW.search(text) is None:
        return text
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
