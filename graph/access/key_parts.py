"""The parts the evaluator's cache key is built from: what a caller and a resource bring.

Each part is computed once per actor (or resource) and action; the key joins them (see
`Evaluator._key`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graph.access.targets import Target
from graph.policy import CompiledStatement
from graph.policy.conditions import Clause


@dataclass(frozen=True)
class ActorPart:
    """The caller's side for one action: who it is, its covering statements and flags."""

    who: tuple[str, str]
    side_id: int
    shape: int
    """Whether a boundary applies, and the SCPs per level."""
    statements: tuple[CompiledStatement, ...]
    specific: bool
    tagged: bool
    reads_resource_tags: bool
    tags: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Share:
    """One policy's statements covering an action (ids and objects) and its flags
    (principal-specific, principal tags, resource tags)."""

    ids: tuple[int, ...]
    statements: tuple[CompiledStatement, ...]
    flags: tuple[bool, bool, bool]


@dataclass(frozen=True)
class ScpShare:
    """A caller's SCPs for an action: their ids per level, covering statements and flags."""

    levels: tuple[tuple[int, ...], ...]
    statements: tuple[CompiledStatement, ...]
    flags: tuple[bool, bool, bool]


def either(flags: Iterable[tuple[bool, bool, bool]]) -> tuple[bool, bool, bool]:
    """Each of the (principal-specific, principal tags, resource tags) flags of any share."""
    specific = tagged = reads_tags = False
    for a, b, c in flags:
        specific, tagged, reads_tags = specific or a, tagged or b, reads_tags or c
    return specific, tagged, reads_tags


def statement_ids(shares: list[Share]) -> tuple[int, ...]:
    """The covering statements' ids, sorted: only they can change the identity side's answer."""
    return tuple(sorted(i for f in shares for i in f.ids))


@dataclass(frozen=True)
class ResourcePart:
    """The resource's side for one action: its policies' matching statements and flags."""

    signature: int
    shared: int
    """The policies (by content), RCPs, action and signature: what the key needs of it."""
    reads: tuple[Clause, ...] | None
    """The tests that read who the caller is (`PolicyBook.reading_clauses`); None when one
    reads it through a policy variable, so that no two callers share an answer."""
    tagged: bool
    reads_tags: bool
    tags: tuple[tuple[str, str], ...] | None


def resource_tags(target: Target | None, resource: str) -> Mapping[str, str] | None:
    """`aws:ResourceTag` values for a step: the repository's or the domain's own tags (none for
    packages, which CodeArtifact does not tag)."""
    if target is None:
        return None
    if resource == target.node:
        return target.tags
    if resource == target.domain_arn:
        return target.domain_tags
    return None
