"""`can_assume` edges: who may assume each role through its trust policy (spec C.1).

`into(role)` finds every edge into a role, `out_of(actor)` every edge out of a user or role;
both give the same edge for the same pair, so a whole build (`into` each role) and a single
question (`out_of` along one principal's chains) agree. Callers are found through
`CallerIndex`, grouped by what their `sts:AssumeRole` answer depends on, and evaluated once per
group; roles whose trust policies read alike share evaluations (`Evaluator`).
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from collections.abc import Set as AbstractSet

import networkx as nx

from graph.access.actors import Actor
from graph.access.assume_lending import Lender
from graph.access.assume_records import Kept, TrustRecords, add_stranger
from graph.access.callers import AssumeAllows, CallerIndex, assume_allows
from graph.access.candidate_groups import CandidateGroups
from graph.access.candidate_roles import CandidateRoles
from graph.access.evaluator import Evaluator, StepResult, Verdict
from graph.access.repeats import Repeated, unfollowed
from graph.access.shared_edges import add_shared_edge, add_shared_edges
from graph.access.trust import (
    never_certain,
    run_actor,
    run_stranger,
    strangers,
)
from graph.access.trust_answers import ClassAnswers, RoleTrust, read_trust
from graph.access.walks import Either, among, forget
from graph.model import Role
from graph.snapshot import Snapshot


class AssumeEdges:
    """Adds `can_assume` edges to a graph, each pair evaluated at most once."""

    def __init__(
        self,
        g: nx.MultiDiGraph,
        actors: Mapping[str, Actor],
        evaluator: Evaluator,
        snapshot: Snapshot,
    ) -> None:
        self.g = g
        self.evaluator = evaluator
        self.snapshot = snapshot
        self.actors = actors
        self._index: CallerIndex | None = None
        self._allows: dict[str, AssumeAllows] = {}
        self.known_accounts = {a.id for a in snapshot.accounts}
        self.roles = {r.arn: r for r in snapshot.roles()}
        self.candidates = CandidateRoles(self.roles, evaluator.book, self.allows)
        self._signatures: dict[str, object] = {}
        self._trusts: dict[str, RoleTrust | None] = {}
        self._uncertain: dict[str, bool] = {}
        self._known_keys = frozenset(k.lower() for k in evaluator.assumptions)
        self._into: set[str] = set()
        self._out: set[str] = set()
        self._heads: dict[object, Repeated] = {}
        self._waiting: dict[str, set[str]] = {}
        """Roles whose edges from these callers are still to be evaluated (`into`)."""
        self._kept: list[Kept] | None = None
        self._content: dict[str, int] = {}
        self.records = TrustRecords()
        self._answers = ClassAnswers(evaluator)
        self._groups = CandidateGroups(self.candidates, self.trust, self._answers)
        self._lender: Lender | None = None
        self.borrowed = 0
        """Roles whose edges were taken from the lender (`lend`)."""

    @property
    def index(self) -> CallerIndex:
        """Every actor by what its `sts:AssumeRole` names: made when a role's callers are
        first looked for (`into`), which reads every principal's policies."""
        if self._index is None:
            self._index = CallerIndex(self.actors.values(), self.allows)
        return self._index

    def allows(self, actor: Actor) -> AssumeAllows:
        """What the actor's own `sts:AssumeRole` Allow names (`assume_allows`), read once."""
        found = self._allows.get(actor.node)
        if found is None:
            found = self._allows[actor.node] = assume_allows(actor)
        return found

    def _alike(self, rt: RoleTrust) -> tuple[object, object]:
        """Equal for roles every caller's answer treats alike: the same shape, and matched
        alike by every caller's `sts:AssumeRole` patterns (`CallerIndex.role_signature`)."""
        arn = rt.role.arn
        signature = self._signatures.get(arn)
        if signature is None:
            signature = self._signatures[arn] = self.index.role_signature(arn)
        return rt.shape, signature

    def never_allowed(self, role: Role) -> bool:
        """No caller in the snapshot can assume the role for certain: every Allow of its trust
        policy tests a key no request of the build knows (`trust.never_certain`), read once."""
        found = self._uncertain.get(role.arn)
        if found is None:
            rt = self.trust(role)
            known = self._known_keys  # an assumption's request has no keys of its own
            found = self._uncertain[role.arn] = rt is None or never_certain(rt.policy, known)
        return found

    def trust(self, role: Role) -> RoleTrust | None:
        """The role's trust, compiled once; None when it has none or it cannot be read."""
        if role.arn in self._trusts:
            return self._trusts[role.arn]
        names = self.candidates.names_of(role)
        found = read_trust(role, names, self.evaluator, self.snapshot, self._content)
        self._trusts[role.arn] = found
        return found

    def into(
        self,
        role: Role,
        settled: Container[str] | None = None,
        conditional: Container[str] = frozenset(),
    ) -> None:
        """Every edge into `role`: callers it names, callers its accounts admit (by group),
        and callers outside the snapshot; repeated from an alike role when one was done.

        `settled`: callers whose edges into the role may wait (a who-can question whose
        answer for them no chain through a role can better); they are evaluated when a
        later call does not name them, and until then the role is not done (`_into`).
        None (a whole build, or every chain wanted): every edge is written.
        `conditional`: callers whose edge may wait when it is conditional (the question has
        them at a conditional label no worse); only an alike role's repeated edges, whose
        verdicts are known before any evaluation, leave them waiting."""
        if role.arn in self._into:
            return
        asked = settled is not None
        if settled is None:
            settled = frozenset()
        forget(self.g)
        rt = self.trust(role)
        waiting = self._waiting.pop(role.arn, None)
        if rt is None:
            self._into.add(role.arn)
            return
        if waiting is not None:
            self._done(rt, self._evaluate_names(waiting, rt, settled))
            return
        if self._borrow(rt, settled):
            return
        alike = self._alike(rt)
        head = self._heads.get(alike)
        if head is not None:
            self._done(rt, self._repeat(head, rt, settled, conditional, asked=asked))
            return
        kept: list[Kept] = []
        self._kept = kept
        try:
            skipped, unwritten = self._evaluate_into(
                rt, settled, held=conditional if asked else None
            )
        finally:
            self._kept = None
        self._heads[alike] = Repeated(rt, kept, skipped, self.index.by_node)
        self._done(rt, skipped | unwritten)

    def lend(self, lender: AssumeEdges, changed: frozenset[str]) -> None:
        """Take the edges into a role from `lender` (of another snapshot) where they cannot
        differ: the role, its callers and what they are evaluated under read alike in both
        snapshots but for the principals and roles in `changed` (inputs that changed, roles
        whose way in changed, principals only one snapshot has; no SCP, RCP or tree change)."""
        self._lender = Lender(lender.g, lender.actors, lender._into, lender._waiting, changed)

    def _borrow(self, rt: RoleTrust, settled: Container[str]) -> bool:
        """The lender's edges into the role from callers not in `changed`; the changed callers,
        those outside the snapshot and those the lender left waiting evaluated here (but
        those in `settled`, which wait here too)."""
        lender, arn = self._lender, rt.role.arn
        if lender is None or not lender.lends(arn):
            return False
        add_shared_edges(self.g, arn, "can_assume", lender.edges(arn, self.g, self.actors))
        skipped, _ = self._evaluate_into(rt, settled, only=lender.changed)
        changed, actors = lender.changed, self.actors
        mine = [actors[n] for n in sorted(lender.left(arn)) if n in actors and n not in changed]
        self._done(rt, skipped | self._evaluate(mine, rt, settled))
        self.borrowed += 1
        return True

    def _done(self, rt: RoleTrust, waiting: set[str]) -> None:
        if waiting:
            self._waiting[rt.role.arn] = waiting
        else:
            self._into.add(rt.role.arn)

    def _evaluate(self, callers: list[Actor], rt: RoleTrust, settled: Container[str]) -> set[str]:
        """Each caller evaluated on its own (`_pair`), as `_evaluate_into` would have, but
        those in `settled`, whose nodes are returned."""
        waiting = set()
        for actor in callers:
            if actor.node in settled:
                waiting.add(actor.node)
            elif actor.node != rt.role.arn:
                self._pair(actor, rt)
        return waiting

    def _evaluate_names(
        self, names: AbstractSet[str], rt: RoleTrust, settled: Container[str]
    ) -> set[str]:
        """`_evaluate` for callers by node (in name order), settled ones found by set."""
        waiting = among(settled, names)
        by_node = self.index.by_node
        self._evaluate([by_node[n] for n in sorted(names - waiting) if n in by_node], rt, ())
        return waiting

    def _repeat(
        self,
        head: Repeated,
        rt: RoleTrust,
        settled: Container[str],
        conditional: Container[str],
        *,
        asked: bool,
    ) -> set[str]:
        """The head's edges for an alike role, named after this role's trust policy; the head
        itself, which was no caller of its own role, and the callers the head's evaluation
        left waiting are evaluated as callers of this one. Callers in `settled` wait (returned):
        a later question evaluates them one by one (`_evaluate`), as the head's evaluation
        would have; in a one-account organisation most of a role's callers are settled by
        the time the walk reaches it, and writing their edges was most of a who-can. While
        a question is asked (`asked`: `into` was given `settled`), so do callers whose edge
        does not reach (no walk follows it) and those in `conditional` whose edge is
        conditional: in that organisation they were nine in ten of the edges a who-can wrote
        (`Repeated.split`)."""
        role = rt.role
        kept, waiting, evaluate = head.split(role.arn, settled, conditional, asked=asked)
        named: dict[int, dict[str, object]] = {}  # per record: many callers share one
        edges: list[tuple[str, dict[str, object]]] = []
        twin, policy = self.records.twin, head.head.policy
        for edge in kept:
            attrs = named.get(id(edge.attrs))
            if attrs is None:
                attrs = named[id(edge.attrs)] = twin(edge.attrs, policy, role)
            edges.append((edge.source, attrs))
        add_shared_edges(self.g, role.arn, "can_assume", edges)
        return waiting | self._evaluate_names(evaluate, rt, settled)

    def _evaluate_into(
        self,
        rt: RoleTrust,
        settled: Container[str],
        only: frozenset[str] | None = None,
        held: Container[str] | None = None,
    ) -> tuple[set[str], set[str]]:
        """Every caller of the role but those in `settled` (returned first): those its trust names
        one by one or that name it exactly (`_pair`), then those of each account it admits,
        one evaluation per class (each such caller is named by its account or `*`: `_pair`
        would answer it alike, see `_evaluate`). With `only`, only the callers among those
        nodes (a few, looked at one by one, not every caller of each account), and none
        outside the snapshot (their edges were borrowed, `_borrow`). With `held` (a question
        is asked: the callers the walk holds at a conditional label no worse), the edges no
        walk would follow (`repeats.unfollowed`) are kept for alike roles (`Repeated`) but not
        written, their callers returned second to wait, as `_repeat` leaves them (one account
        of 12,000, one who-can: 98.7k of the 104.8k edges its first roles wrote)."""
        role, index, names = rt.role, self.index, rt.names
        individuals = index.individuals(names, role)
        if only is not None:
            individuals = [a for a in individuals if a.node in only]
            mine = [index.by_node[n] for n in sorted(only) if n in index.by_node]
        one_by_one = {a.node for a in individuals}
        skipped = self._evaluate(individuals, rt, settled)
        unwritten: set[str] = set()
        for account in index.accounts(names):
            if only is not None:
                members = [
                    a
                    for a in mine
                    if a.account_id == account
                    and (names.wildcard or names.loose or self.allows(a).may_name(role.arn))
                ]
            elif names.wildcard or names.loose:
                members = index.by_account[account]
            else:
                members = index.could_allow(account, role)
            groups: dict[object, list[Actor]] = {}
            for actor in members:
                if actor.node in one_by_one or actor.node == role.arn:
                    continue
                if actor.node in settled:
                    skipped.add(actor.node)
                    continue
                key = actor.node if rt.personal else self._answers.caller_class(actor, rt)
                groups.setdefault(key, []).append(actor)
            for callers in groups.values():
                result, like = self._answers.get(callers[0], rt, self._run)
                keep = result.verdict.reaches or result.verdict is Verdict.UNKNOWN
                verdict = result.verdict.value
                for actor in callers:
                    if not (keep or self.allows(actor).tries(role.arn)):
                        continue
                    write = held is None or not unfollowed(verdict, actor.node in held)
                    self.edge(actor.node, role, result, named=True, decided=like, write=write)
                    if not write:
                        unwritten.add(actor.node)
        if only is None:
            self._strangers(rt)
        return skipped, unwritten

    def out_of(
        self, actor: Actor, skip: set[str] | None = None, *, at_least: Verdict | None = None
    ) -> None:
        """Every edge out of a user or role: the roles whose trust may admit it; with `skip`,
        only the edges to roles not in it, and with `at_least`, only the edges that verdict
        or better (the edges are then not all there: a walk that follows only those needs no
        other)."""
        if actor.node in self._out:
            return
        if not skip and at_least is None:
            self._out.add(actor.node)
        forget(self.g)
        self._groups.each(
            actor,
            Either(skip or frozenset(), self._into),
            at_least,
            lambda rt, known: self._pair(actor, rt, known, at_least=at_least),
        )

    def _run(self, actor: Actor, rt: RoleTrust) -> StepResult:
        return run_actor(self.evaluator, actor, rt.role, rt.policy, rt.rcps)

    def _pair(
        self,
        actor: Actor,
        rt: RoleTrust,
        known: tuple[StepResult, RoleTrust] | None = None,
        *,
        at_least: Verdict | None = None,
    ) -> tuple[StepResult, RoleTrust] | None:
        """One caller evaluated on its own (or answered as for an alike role, `known`): kept
        when it reaches or is unknown, when its own policy names the role exactly,
        or when the trust admits it and its own policy names the role by a pattern: someone
        who tries and fails (with `at_least`, kept only when that good or better). Returns the
        result and the role whose trust policy decided it (an alike one's, for its class:
        `ClassAnswers`), None when the pair was done before."""
        if actor.node == rt.role.arn:
            return None
        if self._kept is None and "can_assume" in self.g._succ.get(actor.node, {}).get(
            rt.role.arn, ()
        ):
            return None  # the pair has its edge
        result, like = self._answers.get(actor, rt, self._run) if known is None else known
        if at_least is not None and result.verdict.rank > at_least.rank:
            return result, like
        names = rt.names
        named = (
            names.wildcard
            or actor.account_id in names.accounts
            or actor.node in names.users
            or (actor.account_id, actor.name.lower()) in names.roles
        )
        if (
            result.verdict.reaches
            or result.verdict is Verdict.UNKNOWN
            or self.allows(actor).names_exactly(rt.role.arn)
            or (named and self.allows(actor).tries(rt.role.arn))
        ):
            self.edge(actor.node, rt.role, result, named=named, decided=like)
        return result, like

    def _strangers(self, rt: RoleTrust) -> None:
        assumptions = dict[str, object](self.evaluator.assumptions)
        for stranger in strangers(rt.names, self.known_accounts):
            add_stranger(self.g, stranger)
            result = run_stranger(stranger, rt.role, rt.policy, rt.rcps, assumptions)
            if result.verdict.reaches:
                self.edge(stranger.node, rt.role, result, named=True, assumed=stranger.assumed)

    def edge(
        self,
        source: str,
        role: Role,
        result: StepResult,
        *,
        named: bool,
        assumed: str = "",
        decided: RoleTrust | None = None,
        write: bool = True,
    ) -> None:
        """Record one `can_assume` edge with its evidence; `decided` is the role whose trust
        policy `result` was decided with: when an alike role's, its statements are named after
        this role's. Without `write`, only kept for alike roles (`_evaluate_into`'s unwritten
        edges)."""
        attrs = self.records.of(result, named, assumed)
        if decided is not None and decided.role is not role:
            attrs = self.records.twin(attrs, decided.policy, role)
        if self._kept is not None:
            self._kept.append(Kept(source, attrs))
        if write:
            add_shared_edge(self.g, source, role.arn, "can_assume", attrs)

    def finish(self) -> None:
        """Drop what only the build needed."""
        self.records.clear()
        self._answers.clear()
        forget(self.g)
