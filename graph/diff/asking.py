"""Asking both graphs of a diff the same questions, one at a time, and keeping only the
verdicts that moved."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from graph.access import AccessGraph, Reach, Verdict
from graph.access.capabilities import DOMAIN_CAPABILITIES, REPOSITORY_CAPABILITIES, Capability
from graph.access.queries import Answers
from graph.snapshot import Snapshot

Key = tuple[str, str, str]
"""(principal, capability, resource)."""
Pair = tuple[str, str]
"""(capability, resource): where who-can is asked."""
_ORDER: Final = {c.value: i for i, c in enumerate(REPOSITORY_CAPABILITIES)}


def moved_verdicts(
    before: AccessGraph,
    after: AccessGraph,
    principals: Iterable[str],
    pairs: set[Pair],
    gone: set[str],
) -> dict[Key, tuple[Reach | None, Reach | None]]:
    """(before, after) of every verdict that moved among these principals' reaches and who
    can use these (capability, resource) pairs: each question asked of both graphs in turn
    and compared at once (a change to a policy many roles hold asks hundreds of thousands of
    verdicts, which are not kept).

    Only domains and repositories are compared (not the public repositories of external
    connections), and login on domains: a principal's own login on each repository of a
    domain (which `reachable` lists) says the same again; a repository whose domain the
    snapshot lacks keeps its own."""
    compared = [_compared(graph.snapshot, gone) for graph in (before, after)]
    asked = sorted(
        (
            (arn, capability)
            for capability, arn in pairs
            if any((capability, arn) in c for c in compared)
        ),
        key=lambda q: (q[0], _ORDER.get(q[1], 9)),
    )
    for graph, their in zip((before, after), compared, strict=True):
        graph.expect_who_can(sum((c, a) in their for a, c in asked))
    moved: dict[Key, tuple[Reach | None, Reach | None]] = {}
    done: set[tuple[str, str]] = set()
    for arn, capability in asked:
        done.add((capability, arn))
        answers = [
            graph.who_can_answers(arn, capability) if (capability, arn) in their else None
            for graph, their in zip((before, after), compared, strict=True)
        ]
        for principal, pair in _moved_answers(answers, gone).items():
            moved.setdefault((principal, capability, arn), pair)
    for principal in sorted(principals):  # users and roles of both snapshots
        if principal in gone:
            continue
        sides = [
            graph.reachable(principal) if graph.snapshot.find(principal) is not None else []
            for graph in (before, after)
        ]
        _compare(sides, compared, gone, done=done, into=moved)
    return moved


def _moved_answers(
    answers: list[Answers | None], gone: set[str]
) -> dict[str, tuple[Reach | None, Reach | None]]:
    """Per principal whose verdict differs between the two sides' who-can answers (denied
    where a side has none), its reach on each side: made only for them."""
    verdicts = [
        {p: v for p, v in a.verdicts.items() if v is not Verdict.DENIED and p not in gone}
        if a is not None
        else {}
        for a in answers
    ]
    was, now = verdicts
    moved: dict[str, tuple[Reach | None, Reach | None]] = {}
    for principal in was.keys() | now.keys():
        if was.get(principal, Verdict.DENIED) is not now.get(principal, Verdict.DENIED):
            old, new = (
                a.reach(principal) if a is not None and principal in v else None
                for a, v in zip(answers, verdicts, strict=True)
            )
            moved[principal] = (old, new)
    return moved


def _compared(snapshot: Snapshot, gone: set[str]) -> set[Pair]:
    """The (capability, resource) pairs a diff compares in this snapshot (see `moved_verdicts`)."""
    domains = {d.arn for d in snapshot.domains()}
    compared: set[Pair] = {(c, d) for d in domains - gone for c in DOMAIN_CAPABILITIES}
    for repository in snapshot.repositories():
        if repository.arn not in gone:
            own_login = repository.domain_arn not in domains
            compared.update(
                (c, repository.arn)
                for c in REPOSITORY_CAPABILITIES
                if c is not Capability.LOGIN or own_login
            )
    return compared


def _compare(
    sides: list[list[Reach]],
    compared: list[set[Pair]],
    gone: set[str],
    *,
    done: set[tuple[str, str]],
    into: dict[Key, tuple[Reach | None, Reach | None]],
) -> None:
    """Adds to `into` the keys whose verdicts differ between the two sides' reaches (denied
    where a side has none), leaving out the pairs in `done` (compared already)."""
    kept: list[dict[Key, Reach]] = [{}, {}]
    for reaches, their, found in zip(sides, compared, kept, strict=True):
        for reach in reaches:
            if reach.verdict is Verdict.DENIED or reach.principal in gone:
                continue
            pair = (reach.capability, reach.resource)
            if pair in their and pair not in done:
                found.setdefault((reach.principal, reach.capability, reach.resource), reach)
    was, now = kept
    for key in was.keys() | now.keys():
        before, after = was.get(key), now.get(key)
        if (before.verdict if before else Verdict.DENIED) is not (
            after.verdict if after else Verdict.DENIED
        ):
            into.setdefault(key, (before, after))
