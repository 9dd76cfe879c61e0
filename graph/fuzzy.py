"""How one query term matches one search entry, and how well: the scoring behind `graph.search`.

Substring, prefix and exact matches of the label; an abbreviation as a subsequence (its letters
preferring runs and word starts); then the ARN and the tags. See `graph.search` for the ranking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from graph.search import Entry

_SEPARATORS: Final = frozenset("/-_.:@= +,")
FIELD_LABEL, FIELD_ARN, FIELD_TAG = "label", "arn", "tag"
_IAM_KINDS: Final = frozenset({"user", "group", "role"})


def char_mask(text: str) -> int:
    """A bit per character (folded to 64 bits): a cheap test that a text may hold a term."""
    mask = 0
    for char in set(text):
        mask |= 1 << (ord(char) & 63)
    return mask


def word_starts(text: str) -> frozenset[int]:
    """Indices that start a word: after a separator, or a camelCase hump."""
    starts = {0}
    for i in range(1, len(text)):
        prev, char = text[i - 1], text[i]
        if prev in _SEPARATORS or (prev.islower() and char.isupper()):
            starts.add(i)
    return frozenset(starts)


def is_subsequence(query: str, text: str, start: int = 0) -> bool:
    """Whether `query`'s letters appear in order in `text[start:]`."""
    pos = start - 1
    for char in query:
        pos = text.find(char, pos + 1)
        if pos < 0:
            return False
    return True


def _subsequence(
    query: str, text: str, starts: frozenset[int], skip: int = 0
) -> tuple[int, ...] | None:
    """Positions of `query` in `text[skip:]`, preferring runs and word starts; None if none."""
    positions: list[int] = []
    pos = skip
    for i, char in enumerate(query):
        if positions and pos < len(text) and text[pos] == char:
            positions.append(pos)
            pos += 1
            continue
        first = text.find(char, pos)
        if first < 0:
            return None
        chosen = first
        if first not in starts:
            candidate = text.find(char, first + 1)
            while candidate >= 0:
                if candidate in starts and is_subsequence(query[i + 1 :], text, candidate + 1):
                    chosen = candidate
                    break
                candidate = text.find(char, candidate + 1)
        positions.append(chosen)
        pos = chosen + 1
    return tuple(positions)


def _subsequence_score(positions: tuple[int, ...], starts: frozenset[int], length: int) -> float:
    """Higher for word starts and runs, lower for gaps, a late start and a long label."""
    score = 0.0
    for i, pos in enumerate(positions):
        if pos in starts:
            score += 8
        if i and positions[i - 1] == pos - 1:
            score += 5
    gaps = positions[-1] - positions[0] + 1 - len(positions)
    return score - gaps * 0.5 - positions[0] * 0.2 - length * 0.05


def _score_term(
    term: str, entry: Entry, fuzzy: bool = True
) -> tuple[float, str, tuple[int, ...]] | None:
    """(score, field, positions) of the best way `term` matches `entry`.

    With `fuzzy` False the (slower) subsequence match of the label is skipped.
    """
    label, name = entry.label_lower, entry.name_lower
    n = len(term)
    if term in (label, name):
        offset = len(label) - len(name) if term == name else 0
        return 1000.0, FIELD_LABEL, tuple(range(offset, offset + n))
    at = label.find(term)
    if at >= 0:
        span = tuple(range(at, at + n))
        if name.startswith(term) and at == len(label) - len(name):
            return 800.0 - len(label) * 0.1, FIELD_LABEL, span
        while at >= 0 and at not in entry.starts:
            at = label.find(term, at + 1)
        if at >= 0:
            return 600.0 - at * 0.5, FIELD_LABEL, tuple(range(at, at + n))
        return 500.0 - span[0] * 0.5, FIELD_LABEL, span
    skip = len(label) - len(name) if entry.kind in _IAM_KINDS else 0
    found = _subsequence(term, label, entry.starts, skip) if fuzzy else None
    if found is not None:
        return 300.0 + _subsequence_score(found, entry.starts, len(label)), FIELD_LABEL, found
    at = entry.arn_lower.find(term)
    if at >= 0:
        return 200.0 - len(entry.arn) * 0.01, FIELD_ARN, tuple(range(at, at + n))
    for tag in entry.tags_lower:
        at = tag.find(term)
        if at >= 0:
            return 150.0, f"{FIELD_TAG}:{tag}", tuple(range(at, at + n))
    return None


def score_entry(
    terms: list[str], entry: Entry, fuzzy: bool
) -> tuple[float, str, tuple[int, ...]] | None:
    """The summed score of every term (None if one misses), the first term's field and spots."""
    total = 0.0
    field = ""
    positions: tuple[int, ...] = ()
    for term in terms:
        result = _score_term(term, entry, fuzzy)
        if result is None:
            return None
        score, where, spots = result
        total += score
        if not field:
            field, positions = where, spots
        elif where == field:
            positions = tuple(sorted({*positions, *spots}))
    return total, field, positions
