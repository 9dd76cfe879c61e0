"""Requests about many resources at once: does a Resource pattern overlap a wildcard request?"""

from __future__ import annotations

from functools import lru_cache

from graph.policy.wildcard import LITERAL_QMARK, LITERAL_STAR, arn_matcher, has_wildcard

_WILD = frozenset("*?")


def _glob_overlap(a: str, b: str, spans: bool) -> bool:
    """Whether some string matches both globs (`*` any run, `?` one character).

    A product of the two patterns' automata, explored breadth first. Outside the ARN resource
    part (`spans` False) a wildcard never stands for `:`; literal characters always match only
    themselves.
    """
    start = (0, 0)
    seen = {start}
    todo = [start]
    while todo:
        i, j = todo.pop()
        if i == len(a) and j == len(b):
            return True
        moves: list[tuple[int, int]] = []
        if i < len(a) and a[i] == "*":
            moves.append((i + 1, j))
        if j < len(b) and b[j] == "*":
            moves.append((i, j + 1))
        if i < len(a) and j < len(b) and _compatible(a[i], b[j], spans):
            moves.append((i if a[i] == "*" else i + 1, j if b[j] == "*" else j + 1))
        for move in moves:
            if move not in seen:
                seen.add(move)
                todo.append(move)
    return False


def _compatible(x: str, y: str, spans: bool) -> bool:
    """Whether one character can be consumed by both pattern positions."""
    if x in _WILD and y in _WILD:
        return True
    if x in _WILD:
        return spans or y != ":"
    if y in _WILD:
        return spans or x != ":"
    return x == y


def _segments(pattern: str) -> list[str]:
    """Six ARN segments; a short pattern ending in `*` covers the missing ones (Resource rule)."""
    parts = pattern.split(":", 5)
    if len(parts) < 6 and parts[-1].endswith("*"):
        parts.extend("*" for _ in range(6 - len(parts)))
    return parts


@lru_cache(maxsize=8192)
def overlaps(pattern: str, request: str) -> bool:
    """Whether a Resource pattern and a wildcard request resource share some resource."""
    if pattern == "*" or request == "*" or set(pattern) == {"*"}:
        return True
    left, right = _segments(pattern), _segments(request)
    if len(left) != len(right):
        return False
    last = len(left) - 1
    return all(
        _glob_overlap(_literal(x), _literal(y), index == 5 or index == last)
        for index, (x, y) in enumerate(zip(left, right, strict=True))
    )


def _literal(text: str) -> str:
    """Escaped `${*}`/`${?}` markers stand for characters, not wildcards."""
    return text.replace(LITERAL_STAR, "\x00").replace(LITERAL_QMARK, "\x01")


@lru_cache(maxsize=8192)
def contains(pattern: str, request: str) -> bool:
    """Whether every resource the request names matches the pattern (for NotResource).

    Sufficient test: the pattern matches the request text with its wildcards read as literal
    characters, and no `?` of the pattern stands for a `*` of the request.
    """
    if not has_wildcard(request):
        return bool(arn_matcher(pattern)(request))
    if "?" in pattern and "*" in request:
        return False
    return bool(arn_matcher(pattern)(request))


def request_is_wildcard(resource: str) -> bool:
    """Whether a request resource names many resources (`repository/acme/*`, `*`)."""
    return has_wildcard(resource)
