"""Take-over escalations: a user given an access key or a password by someone else, a role
whose trust policy someone rewrites to trust itself and then assumes.

An administrator may take over nearly every user and role of its account, so these edges are
made into a user or role when a who-could walk reaches it (`into`), or all at once (`all`),
and only where the one taken over stands better somewhere than the one taking it
(`Standing`): otherwise every chain through it has one as good through the taker.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Final

import networkx as nx

from graph.access.actors import Actor
from graph.access.assume_index import by_verdict
from graph.access.build import Built, may_administer
from graph.access.capabilities import Step
from graph.access.escalation_edge import Escalation, allowed_on, write_edges, written_by
from graph.access.escalation_steps import (
    BECOME,
    PASS_ROLE,
    PREFIX,
    ROLE_TAKEOVER,
    RUNS_CODE,
    USER_TAKEOVERS,
)
from graph.access.evaluator import Evaluator, Verdict
from graph.access.labels import RANK
from graph.access.targets import rcp_levels
from graph.access.trust import run_actor
from graph.access.walks import Callers, grouped
from graph.model import Role
from graph.snapshot import Snapshot

_DENIED: Final = Verdict.DENIED.rank
_CONDITIONAL: Final = Verdict.CONDITIONAL.rank
_ACTIONS: Final = (*USER_TAKEOVERS, ROLE_TAKEOVER, PASS_ROLE)
_ASSUME: Final = "can_assume"
_TAKEOVER_KEYS: Final = frozenset(f"{PREFIX}{a.lower()}" for a in _ACTIONS)


Place = tuple[str, str]
"""An edge key and its target."""


class Standing:
    """What a user or role reaches in one step, with the verdict rank: its access, its other
    escalations, whether it could take others over in turn (its take-over edges are made
    lazily, so they are not read), by (edge key, target); and the roles it may assume, as
    the assume index holds them (one shared set per verdict: a `role/*` holder may assume
    thousands, which read edge by edge took most of a who-could question)."""

    def __init__(self, g: nx.MultiDiGraph, actors: Mapping[str, Actor]) -> None:
        self.g, self.actors = g, actors
        self._known: dict[str, tuple[dict[Place, int], dict[int, AbstractSet[str]]]] = {}

    def of(self, node: str) -> tuple[dict[Place, int], dict[int, AbstractSet[str]]]:
        """The node's standing (made once): rank by place, and roles it may assume by rank."""
        found = self._known.get(node)
        if found is None:
            places: dict[Place, int] = {}
            for target, keys in self.g._succ.get(node, {}).items():
                if len(keys) == 1 and _ASSUME in keys:
                    continue  # read from the index below
                for key, data in keys.items():
                    if key == _ASSUME or key in _TAKEOVER_KEYS:
                        continue
                    rank = RANK.get(str(data.get("verdict")), _DENIED)
                    if rank < _DENIED:
                        places[(key, target)] = rank
            actor = self.actors.get(node)
            if actor is not None and may_take_over(actor):
                places[("takes over", "")] = 0
            roles = {
                rank: held if isinstance(held, AbstractSet) else frozenset(held)
                for value, held in by_verdict(self.g, node).items()
                if (rank := RANK.get(value, _DENIED)) < _DENIED and held
            }
            found = self._known[node] = (places, roles)
        return found

    def better(self, taken: str, taker: str) -> bool:
        """Whether `taken` stands better than `taker` somewhere."""
        (mine, my_roles), (theirs, their_roles) = self.of(taker), self.of(taken)
        if any(mine.get(key, _DENIED) > rank for key, rank in theirs.items()):
            return True
        for rank, roles in their_roles.items():
            as_good = [held for r, held in my_roles.items() if r <= rank]
            if any(roles is held or roles <= held for held in as_good):
                continue
            if set(roles).difference(*as_good):
                return True  # a role it may assume that the taker may not, or only worse
        return False


class Takeovers:
    """The take-over edges of a whole graph, made into a user or role when first asked."""

    def __init__(self, built: Built, evaluator: Evaluator, snapshot: Snapshot) -> None:
        self.built, self.evaluator, self.snapshot = built, evaluator, snapshot
        self.standing = Standing(built.graph, built.actors)
        self._roles = {r.arn: r for r in snapshot.roles()}
        self._users = {u.arn for u in snapshot.users()}
        self._takers: dict[str, list[Actor]] = {}
        for actor in built.actors.values():
            if not actor.node.startswith("account:") and may_take_over(actor):
                self._takers.setdefault(actor.account_id, []).append(actor)
        self._allowed: dict[tuple[str, str], Callable[[str], bool] | None] = {}
        self._done: set[str] = set()
        self._sources: dict[str, dict[str, int]] = {}
        """Per user or role, the takers written into it so far, at their best edge's rank."""
        self._groups: dict[tuple[tuple[str, int], ...], Callers] = {}
        self._callers: dict[tuple[int, tuple[tuple[str, int], ...]], Callers | None] = {}
        self._asked: dict[str, set[str]] = {}
        """Per user or role not done: the takers already evaluated into it."""
        self.made = 0
        """How many take-over edges were written so far."""

    def into(self, node: str, skip: Container[str] = frozenset()) -> None:
        """Write the take-over edges into a user or role (nothing for other nodes), each once;
        but from the takers in `skip`, left for a later call (a walk that settled them needs
        none of their edges)."""
        if node in self._done:
            return
        if node not in self._users and node not in self._roles:
            self._done.add(node)
            return
        asked = self._asked.setdefault(node, set())
        found: list[Escalation] = []
        left = False
        for actor in self._takers.get(node.split(":")[4], ()):
            if actor.node == node or actor.node in asked:
                continue
            if actor.node in skip:
                left = True
                continue
            asked.add(actor.node)
            if self.standing.better(node, actor.node):
                found.extend(self._of(actor, node))
        if not left:
            self._done.add(node)
            del self._asked[node]
        self.made += write_edges(self.built.graph, found)
        sources = self._sources.setdefault(node, {})
        for edge in found:
            rank = edge.verdict.rank
            if rank <= _CONDITIONAL and rank < sources.get(edge.source, _DENIED):
                sources[edge.source] = rank

    def callers(self, node: str, assumers: Callers | None) -> Callers | None:
        """The node's callers in a who-could walk: those that may assume it (`assumers`, as
        `walks.assume_into` gives them) and those that took it over so far, each at its best
        edge's rank (`walks.hop_edge`), as one `Callers` per distinct list. Read off the
        node's edges instead, a role that hundreds of `role/*` holders may assume took
        seconds a walk."""
        taken = self._sources.get(node, {})
        key = (-1 if assumers is None else assumers.group, tuple(sorted(taken.items())))
        if key not in self._callers:
            ranks = {} if assumers is None else dict(assumers.ranks)
            for source, rank in taken.items():
                if rank < ranks.get(source, _DENIED):
                    ranks[source] = rank
            pairs = list(ranks.items())
            self._callers[key] = grouped(self._groups, pairs) if pairs else None
        return self._callers[key]

    def all(self) -> int:
        """Write every take-over edge; returns how many there are."""
        for node in (*self._users, *self._roles):
            self.into(node)
        return self.made

    def _covers(self, actor: Actor, action: str, arn: str) -> bool:
        """Some identity Allow of the actor covers `action` on `arn` (`allowed_on`, made once
        per actor and action: a taker is asked about every user and role)."""
        key = (actor.node, action)
        if key in self._allowed:
            allowed = self._allowed[key]
        else:
            allowed = self._allowed[key] = allowed_on(actor, action)
        return allowed is not None and allowed(arn)

    def _of(self, actor: Actor, node: str) -> Iterable[Escalation]:
        if node in self._users:
            for action in USER_TAKEOVERS:
                if self._covers(actor, action, node):
                    step = self.evaluator.run(actor, None, Step(action, node))
                    if step.verdict.reaches:
                        yield Escalation(actor.node, node, action, (BECOME,), step, ())
        else:
            if self._covers(actor, ROLE_TAKEOVER, node):
                found = self._role(actor, self._roles[node])
                if found is not None:
                    yield found
            if self._covers(actor, PASS_ROLE, node):
                yield from self._passed(actor, node)

    def _passed(self, actor: Actor, role: str) -> Iterable[Escalation]:
        """The actor passes the role to a service the role trusts and makes it run code
        there (`RUNS_CODE`): `iam:PassRole` (for that service) and each service action
        evaluated, and the service's trust edge into the role."""
        into = self.built.graph._pred.get(role, {})
        for service, (_, steps) in RUNS_CODE.items():
            trusted = into.get(f"service:{service}", {}).get("can_assume")
            if trusted is None or not Verdict(str(trusted.get("verdict"))).reaches:
                continue
            context = {"iam:PassedToService": service}
            passed = self.evaluator.run(actor, None, Step(PASS_ROLE, role, context))
            if not passed.verdict.reaches:
                continue
            account = actor.account_id
            runs = [
                self.evaluator.run(
                    actor, None, Step(a, pattern.format(account=account), pattern=True)
                )
                for a, pattern in steps
            ]
            if all(r.verdict.reaches for r in runs):
                via = (Verdict(str(trusted.get("verdict"))),)
                yield Escalation(
                    actor.node,
                    role,
                    PASS_ROLE,
                    (BECOME,),
                    passed,
                    tuple(runs),
                    item=service,
                    via=via,
                )

    def _role(self, actor: Actor, role: Role) -> Escalation | None:
        """The actor rewrites the role's trust to name it, then assumes the role: both
        evaluated; nothing when it may assume the role as well already."""
        step = self.evaluator.run(actor, None, Step(ROLE_TAKEOVER, role.arn))
        if not step.verdict.reaches:
            return None
        now = self.built.graph._succ.get(actor.node, {}).get(role.arn, {}).get("can_assume")
        if now is not None and str(now.get("verdict")) == Verdict.ALLOWED.value:
            return None
        rcps = rcp_levels(self.snapshot, self.evaluator.book, role.account_id)[0]
        trust = written_by(actor.principal_arn, actor.name, "trust", "sts:AssumeRole")
        assumed = run_actor(self.evaluator, actor, role, trust, rcps)
        if not assumed.verdict.reaches:
            return None
        if now is not None and Verdict(str(now.get("verdict"))).rank <= assumed.verdict.rank:
            return None
        return Escalation(actor.node, role.arn, ROLE_TAKEOVER, (BECOME,), step, (assumed,))


def may_take_over(actor: Actor) -> bool:
    """Some identity Allow of the actor covers a take-over action (or a policy is unreadable)."""
    return any(may_administer(actor, a.lower()) for a in _ACTIONS)
