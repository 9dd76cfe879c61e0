"""An alike role's `can_assume` edges repeated from its group's first role (the head), and
which of them a who-can question may leave waiting (see `assume.AssumeEdges._repeat`).

In one account of thousands of principals, most callers of a role are settled by the time a
walk back reaches it, or hold a conditional label it cannot better; looking at each of them
per role was most of a who-can. The head's callers are split once, by what their edge is, and
each alike role takes set differences of them.
"""

from __future__ import annotations

from collections.abc import Collection, Container
from functools import cached_property

from graph.access.assume_records import Kept
from graph.access.evaluator import Verdict
from graph.access.trust_answers import RoleTrust
from graph.access.walks import among

_REACHING = frozenset(v.value for v in Verdict if v.reaches)
_CONDITIONAL = Verdict.CONDITIONAL.value


def unfollowed(verdict: str, held: bool) -> bool:
    """While a question is asked, an edge of this verdict no walk follows: it does not reach,
    or it is conditional and its caller is held (the walk has it at a conditional label no
    worse). Such an edge waits unwritten, whether repeated (`Repeated.split`) or evaluated
    for a group's first role (`AssumeEdges._evaluate_into`)."""
    return verdict not in _REACHING or (held and verdict == _CONDITIONAL)


class Repeated:
    """A head's kept edges and the callers its evaluation left waiting, split by name when
    a question first repeats them (a whole build never does: it writes every edge)."""

    def __init__(
        self, head: RoleTrust, kept: list[Kept], skipped: Collection[str], inside: Container[str]
    ) -> None:
        self.head = head
        self.kept = kept
        self._inside = inside
        own = {head.role.arn} if head.role.arn in inside else set()
        self.skipped = frozenset({*skipped, *own})
        """The head's own node (no caller of its own role) and the callers its evaluation
        left waiting: evaluated one by one as callers of each alike role."""

    @cached_property
    def _sorted(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """(callers in the index whose edge a walk may follow, those of them whose edge no
        walk follows when they are held, those whose edge no walk follows: `unfollowed`);
        callers outside the index, outside the snapshot, are always written."""
        followed, if_held, never = set(), set(), set()
        for edge in self.kept:
            if edge.source not in self._inside:
                continue
            verdict = str(edge.attrs["verdict"])
            if unfollowed(verdict, held=False):
                never.add(edge.source)
            else:
                followed.add(edge.source)
                if unfollowed(verdict, held=True):
                    if_held.add(edge.source)
        return frozenset(followed), frozenset(if_held), frozenset(never)

    def split(
        self, role: str, settled: Container[str], conditional: Container[str], *, asked: bool
    ) -> tuple[list[Kept], set[str], set[str]]:
        """For the alike role `role`: the kept edges to write (in kept order), the callers
        that wait, and the callers to evaluate one by one (the skipped ones not in `settled`).
        While a question is asked, the callers in `settled`, those whose edge does not reach
        and those in `conditional` whose edge is conditional wait; a whole build writes all."""
        if asked:
            followed, if_held, never = self._sorted
            waiting = among(settled, followed)
            waiting |= among(conditional, if_held - waiting)
            waiting |= never
        else:
            waiting = set()
        held = waiting | {role}
        waiting.discard(role)
        written = [edge for edge in self.kept if edge.source not in held]
        later = among(settled, self.skipped)
        evaluate = set(self.skipped - later)
        evaluate.discard(role)
        later.discard(role)
        return written, waiting | later, evaluate
