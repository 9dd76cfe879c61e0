"""Wildcard matching for actions, ARNs and strings, compiled once to regular expressions."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from operator import methodcaller
from typing import Final

Matcher = Callable[[str], bool]

LITERAL_STAR: Final = "\ue000"
"""Stands for a `*` that must match only itself (from `${*}` or a substituted value)."""
LITERAL_QMARK: Final = "\ue001"
"""Stands for a `?` that must match only itself."""
_UNMARK = str.maketrans({LITERAL_STAR: "*", LITERAL_QMARK: "?"})


def unmark(text: str) -> str:
    """Turn literal-character sentinels back into `*` and `?`."""
    return text.translate(_UNMARK)


def has_wildcard(text: str) -> bool:
    """Whether `text` contains a `*` or `?` wildcard."""
    return "*" in text or "?" in text


def _glob_body(text: str, star: str, qmark: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch == "*":
            out.append(star)
        elif ch == "?":
            out.append(qmark)
        elif ch == LITERAL_STAR:
            out.append(r"\*")
        elif ch == LITERAL_QMARK:
            out.append(r"\?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


@lru_cache(maxsize=8192)
def glob_regex(pattern: str, ignore_case: bool = False) -> re.Pattern[str]:
    """A regex for a plain glob: `*` any run, `?` one character (StringLike, actions)."""
    flags = re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL
    return re.compile(_glob_body(pattern, ".*", "."), flags)


def string_matcher(pattern: str, ignore_case: bool = False) -> Matcher:
    """A predicate testing a string against a glob, with fast paths for `*` and literals."""
    if pattern and set(pattern) == {"*"}:
        return _always
    if not has_wildcard(pattern):
        literal = unmark(pattern)
        if ignore_case:
            folded = literal.casefold()
            return lambda value: value.casefold() == folded
        return literal.__eq__
    return glob_regex(pattern, ignore_case).fullmatch  # type: ignore[return-value]


def _always(_value: str) -> bool:
    return True


@lru_cache(maxsize=8192)
def arn_regex(pattern: str, expand_short: bool = True) -> re.Pattern[str]:
    """A regex matching ARNs segment by segment, as the Resource element and ArnLike do.

    `*` and `?` stay inside their colon-separated segment except in the resource part (after the
    fifth colon), where `*` spans everything including `/` and `:`. A short pattern (fewer than
    six segments) whose last segment ends in `*` matches all remaining segments, as CodeArtifact
    documents for `arn:aws:codeartifact:*` (Resource element only: `expand_short` is False for
    the ARN condition operators, where wildcards never cross a colon).
    """
    parts = pattern.split(":", 5)
    body: list[str] = []
    last = len(parts) - 1
    for index, part in enumerate(parts):
        spans = index == 5 or (expand_short and index == last < 5 and part.endswith("*"))
        if spans:
            body.append(_glob_body(part, ".*", "."))
        else:
            body.append(_glob_body(part, "[^:]*", "[^:]"))
    return re.compile(":".join(body), re.DOTALL)


def arn_matcher(pattern: str, expand_short: bool = True) -> Matcher:
    """A predicate testing an ARN against a Resource-style pattern (case-sensitive).

    A pattern whose one wildcard is a final `*` that spans (in the resource part, or ending a
    short pattern) is a prefix test, as its regex would say: no regex is compiled for it (a
    large account holds thousands of such patterns, `role/TEAM-*`, `repository/acme/*`)."""
    if pattern and set(pattern) == {"*"}:
        return _always
    if not has_wildcard(pattern):
        return unmark(pattern).__eq__
    if _spanning_prefix(pattern, expand_short):
        return methodcaller("startswith", unmark(pattern[:-1]))
    return arn_regex(pattern, expand_short).fullmatch  # type: ignore[return-value]


def _spanning_prefix(pattern: str, expand_short: bool) -> bool:
    """Whether `*` ends the pattern, is its only wildcard, and may span colons there."""
    if not pattern.endswith("*") or has_wildcard(pattern[:-1]):
        return False
    parts = pattern.count(":")
    return parts >= 5 or expand_short


def matches_literal_star(pattern: str) -> bool:
    """Whether a Resource pattern covers the literal resource `*` (actions with no resource),
    as `glob_regex(pattern).fullmatch("*")` would say, counted instead of compiled (every
    Resource entry of every policy asks): any other character must match itself, so none may
    be there; `?` and a literal `*` take the one character, and at most one of them may be
    there, or else a `*` wildcard must take it."""
    stars = pattern.count("*")
    fixed = pattern.count("?") + pattern.count(LITERAL_STAR)
    if stars + fixed != len(pattern):
        return False
    return fixed == 1 or (fixed == 0 and stars > 0)


class ActionMatcher:
    """A set of action patterns matched case-insensitively: a literal set, prefixes (a final
    `*`) and one regex for the rest."""

    __slots__ = ("_exact", "_prefixes", "_regex", "any", "patterns")

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.patterns = patterns
        lowered = [p.lower() for p in patterns]
        self.any = any(p and set(p) == {"*"} for p in lowered)
        self._exact = frozenset(p for p in lowered if not has_wildcard(p))
        wild = [p for p in lowered if has_wildcard(p)]
        # `codeartifact:get*`: a prefix, tested without a regex (most wildcards are these)
        self._prefixes = tuple(p[:-1] for p in wild if _prefix_only(p))
        rest = [p for p in wild if not _prefix_only(p)]
        self._regex = (
            re.compile("|".join(f"(?:{_glob_body(p, '.*', '.')})" for p in rest), re.DOTALL)
            if rest
            else None
        )

    def __call__(self, action_lower: str) -> bool:
        """Whether the already lower-cased action matches any pattern."""
        if self.any or action_lower in self._exact:
            return True
        if self._prefixes and action_lower.startswith(self._prefixes):
            return True
        return self._regex is not None and self._regex.fullmatch(action_lower) is not None


def _prefix_only(pattern: str) -> bool:
    """A plain glob whose one wildcard is a final `*`: it matches what starts with the rest."""
    rest = pattern[:-1]
    plain = LITERAL_STAR not in rest and LITERAL_QMARK not in rest
    return pattern.endswith("*") and not has_wildcard(rest) and plain
