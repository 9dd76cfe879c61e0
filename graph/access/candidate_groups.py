"""The roles whose trust may admit a caller, in groups that answer it alike
(`AssumeEdges.out_of`).

A principal that may assume any role of its account is a candidate caller of every role that
trusts the account root: thousands, in one account of 12,000 principals. A single question
walks out of each role the principal can become (`build.chain_levels`), and its walk over
allowed edges needs, from each, only the allowed edges to roles not reached yet. Roles whose
trust reads alike and that the caller's `sts:AssumeRole` patterns match alike answer it alike
(`ClassAnswers`): grouped once per list of candidates and of patterns, a group whose answer
is not allowed is passed whole instead of looked at role by role.
"""

from __future__ import annotations

from collections.abc import Callable, Container

from graph.access.actors import Actor
from graph.access.candidate_roles import CandidateRoles
from graph.access.trust_answers import ClassAnswers, RoleTrust
from graph.access.verdicts import StepResult, Verdict
from graph.access.walks import among
from graph.model import Role
from graph.policy.wildcard import Matcher, has_wildcard

Group = tuple[object, tuple[str, ...], frozenset[str]]
"""An alike key (`CandidateGroups.key`), its roles in candidate order, and the same as a set."""

Answer = tuple[StepResult, RoleTrust]
"""A caller's answer from a role, and the role whose trust decided it (`ClassAnswers.get`)."""

Pair = Callable[[RoleTrust, Answer | None], Answer | None]
"""Evaluates (or, given an alike role's answer, writes) the caller's edge into a role; None
when the pair was done before."""


class CandidateGroups:
    """`CandidateRoles` of an actor, the admitted ones grouped by alike key."""

    def __init__(
        self,
        candidates: CandidateRoles,
        trust: Callable[[Role], RoleTrust | None],
        answers: ClassAnswers,
    ) -> None:
        self._candidates = candidates
        self._trust = trust
        self._answers = answers
        self._groups: dict[tuple[int, int], list[Group]] = {}
        self._shapes: dict[int, _Shapes] = {}
        """Per tuple of candidates (by id: `CandidateRoles` keeps each one), its roles by
        trust shape, and by pattern text the roles that pattern matches."""
        self._role_shapes: dict[str, object] = {}
        """Each role's trust shape (None: its trust cannot be read), as `_shape_of` read it."""
        self._of: dict[str, tuple[Actor, tuple[str, ...], list[Group]]] = {}
        """`of` per node, for its actor: a question's two walks ask it of each node they
        go through (one account of 12,000: 4,275 asks of 2,417 actors, half the time of
        `each`)."""

    def of(self, actor: Actor) -> tuple[tuple[str, ...], list[Group]]:
        """The roles to take one by one, first (`CandidateRoles.named`: whose trust names the
        actor, or that its Allow names exactly), and the groups of the roles that may admit
        it (`CandidateRoles.admitted`), in the order of their first role; roles whose trust
        cannot be read are left out. Actors with the same candidates and the same patterns
        share the groups."""
        known = self._of.get(actor.node)
        if known is not None and known[0] is actor:
            return known[1], known[2]
        named, groups = self._of_actor(actor)
        self._of[actor.node] = (actor, named, groups)
        return named, groups

    def _of_actor(self, actor: Actor) -> tuple[tuple[str, ...], list[Group]]:
        named = self._candidates.named(actor)
        admitted = self._candidates.admitted(actor)
        patterns, same = self._answers.patterns(actor.node, actor)
        memo = (id(admitted), same)
        groups = self._groups.get(memo)
        if groups is None:
            shapes = self._shapes.get(id(admitted))
            if shapes is None:
                shapes = self._shapes[id(admitted)] = _Shapes(admitted, self._shape_of)
            groups = self._groups[memo] = shapes.split(patterns, self._answers.variable(same))
        return named, groups

    def each(
        self, actor: Actor, skip: Container[str], at_least: Verdict | None, pair: Pair
    ) -> None:
        """`pair` for each candidate role but the actor and those in `skip`: with no answer
        for the first role of an alike key, with that answer for the others (alike roles
        answer the actor alike). With `at_least`, a key whose answer is worse has its other
        roles passed: a walk that follows only edges that good needs none of them."""
        named, groups = self.of(actor)
        alike: dict[object, Answer] = {}

        def one(rt: RoleTrust, key: object) -> bool:  # False: pass the key's other roles
            known = alike.get(key)
            if known is None:
                found = pair(rt, None)
                if found is None:
                    return True
                known = alike[key] = found
                return at_least is None or not _worse(known, at_least)
            if at_least is not None and _worse(known, at_least):
                return False
            pair(rt, known)
            return True

        roles = self._candidates.roles
        for arn in named:
            if arn not in skip and arn != actor.node:
                rt = self._trust(roles[arn])
                if rt is not None:
                    one(rt, self.key(actor, rt))
        by_name = set(named)
        for key, arns, members in groups:
            known = alike.get(key)
            if at_least is not None and known is not None and _worse(known, at_least):
                continue
            # a walk's later nodes find most of a group reached: those are found by set
            # operations, not by a look at each role (one account of 12,000: 1.7 million)
            done = among(skip, members)
            if len(done) == len(members):
                continue
            for arn in arns:
                if arn in done or arn == actor.node or arn in by_name:
                    continue
                rt = self._trust(roles[arn])
                if rt is not None and not one(rt, key):
                    break

    def key(self, actor: Actor, rt: RoleTrust) -> object:
        """What the actor's answer from the role depends on beyond its class: the role's trust
        shape and which of the actor's patterns match the role."""
        return (rt.shape, self._answers.matched(actor.node, actor, rt.role.arn))

    def _shape_of(self, arns: tuple[str, ...]) -> list[tuple[str, object]]:
        """The roles whose trust can be read, each with its trust shape (read once per role:
        the tuples of candidates of one account share most of their roles)."""
        known, roles, trust = self._role_shapes, self._candidates.roles, self._trust
        found = []
        for arn in arns:
            shape = known.get(arn, _UNSEEN)
            if shape is _UNSEEN:
                rt = trust(roles[arn])
                shape = known[arn] = None if rt is None else rt.shape
            if shape is not None:
                found.append((arn, shape))
        return found


class _Shapes:
    """One tuple of candidate roles by trust shape; split by an actor's patterns (`split`)
    with a set operation per shape and pattern, not a look at each role."""

    def __init__(
        self,
        admitted: tuple[str, ...],
        shapes: Callable[[tuple[str, ...]], list[tuple[str, object]]],
    ):
        self.position = {arn: i for i, arn in enumerate(admitted)}
        by_shape: dict[object, set[str]] = {}
        for arn, shape in shapes(admitted):
            by_shape.setdefault(shape, set()).add(arn)
        self.by_shape = [(shape, frozenset(arns)) for shape, arns in by_shape.items()]
        self._by_lower: dict[str, list[str]] | None = None
        self._hits: dict[str, frozenset[str]] = {}

    def split(
        self, patterns: tuple[tuple[str, Matcher | None], ...], variable: bool
    ) -> list[Group]:
        """The groups for an actor with these patterns: keyed as `ClassAnswers.matched` keys
        a role (the pattern texts that match it; the role itself when one is a policy
        `variable`), ordered by their first role, each in candidate order."""
        position = self.position
        parts: list[tuple[int, object, tuple[str, ...], frozenset[str]]] = []
        for shape, arns in self.by_shape:
            pieces: list[tuple[object, frozenset[str]]]
            if variable:
                pieces = [(arn, frozenset((arn,))) for arn in arns]
            else:
                pieces = self._pieces(arns, patterns)
            for matched, piece in pieces:
                ordered = tuple(sorted(piece, key=position.__getitem__))
                parts.append((position[ordered[0]], (shape, matched), ordered, piece))
        parts.sort(key=lambda part: part[0])
        return [(key, arns, piece) for _, key, arns, piece in parts]

    def _pieces(
        self, arns: frozenset[str], patterns: tuple[tuple[str, Matcher | None], ...]
    ) -> list[tuple[object, frozenset[str]]]:
        pieces: list[tuple[frozenset[str], frozenset[str]]] = [(frozenset(), arns)]
        for text, matcher in patterns:
            hits = self._matching(text, matcher)
            if not hits:
                continue
            following = []
            for matched, piece in pieces:
                inside = piece & hits
                if inside:
                    following.append((matched | {text}, inside))
                    piece = piece - inside
                if piece:
                    following.append((matched, piece))
            pieces = following
        return list(pieces)

    def _matching(self, text: str, matcher: Matcher | None) -> frozenset[str]:
        """The candidates the pattern matches (a text without wildcards: only those that
        read the same but for case, found by index)."""
        found = self._hits.get(text)
        if found is None:
            assert matcher is not None
            if has_wildcard(text):
                found = frozenset(a for a in self.position if matcher(a))
            else:
                if self._by_lower is None:
                    self._by_lower = {}
                    for arn in self.position:
                        self._by_lower.setdefault(arn.lower(), []).append(arn)
                found = frozenset(a for a in self._by_lower.get(text.lower(), ()) if matcher(a))
            self._hits[text] = found
        return found


_UNSEEN = object()


def _worse(known: Answer, at_least: Verdict) -> bool:
    return known[0].verdict.rank > at_least.rank
