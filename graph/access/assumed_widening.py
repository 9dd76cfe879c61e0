"""Widenings of the roles a principal may assume: a policy put on or attached to the role, its
boundary replaced or removed, a new default version of a customer policy attached to it (the
chain then assumes the role), by a principal of the role's account whose Allow for the step
covers the role, by its exact ARN or by a pattern (`role/ci-*`, `role/*`).

An administrator allowed `iam:PutRolePolicy` on `role/*` makes every role it may assume such
a subject, and over every domain and repository that is millions of edges. So these edges are
made onto one domain or repository when a who-could question asks about it (`at`), or onto
all (`all`), and only from principals that do worse there, by their own access or an
escalation of their own, than the widened role would: for any other, a chain through that
is as good.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Final

from graph.access.actors import Actor
from graph.access.assume_index import by_verdict
from graph.access.build import Built
from graph.access.capabilities import capability_steps
from graph.access.escalation_edge import Escalation, write_edges
from graph.access.escalation_steps import PREFIX
from graph.access.evaluator import Verdict, worst
from graph.access.labels import RANK
from graph.access.results import CapabilityResult
from graph.access.targets import Target
from graph.access.widening import GAINED_ON, Widenings
from graph.model import Domain, Role

_DENIED: Final = Verdict.DENIED.rank
_RANKS: Final = range(_DENIED + 1)
_ALLOWED: Final = {True: {"login": 0}, False: {"read": 0, "publish": 0}}
"""A gain at best: allowed, on a domain (True) or a repository (False)."""

Assumer = tuple[Actor, tuple[Verdict, ...], tuple[str, ...]]
"""A principal that may assume a role, with its assumption's verdict and conditions."""


class AssumedWidenings:
    """The widening edges through assumed roles, made onto a domain or repository when asked."""

    def __init__(self, built: Built, widenings: Widenings, roles: Iterable[Role]) -> None:
        """Who may assume which role of its own account, read from the assume index's role
        sets (shared by the principals that reach the same roles) rather than edge by edge:
        one account of 12,000 principals, 6.1M assume edges of administrators."""
        self.built, self.widenings = built, widenings
        accounts = {r.arn: r.account_id for r in roles}
        wideners = widenings.wideners()
        self._order = {actor.node: i for i, actor in enumerate(wideners)}
        # principals that reach the same roles with the same verdict, by account
        alike: dict[tuple[str, int, str], tuple[Collection[str], list[str]]] = {}
        for actor in wideners:
            for value, reached in by_verdict(built.graph, actor.node).items():
                if Verdict(value).reaches:
                    key = (value, id(reached), actor.account_id)
                    alike.setdefault(key, (reached, []))[1].append(actor.node)
        found: dict[str, dict[int, list[frozenset[str]]]] = {}
        for (value, _, account), (reached, nodes) in alike.items():
            rank, assumers = Verdict(value).rank, frozenset(nodes)
            for role in reached:
                if accounts.get(role) == account:  # IAM actions only in its own account
                    found.setdefault(role, {}).setdefault(rank, []).append(assumers)
        self._groups: dict[str, list[tuple[int, frozenset[str]]]] = {}
        """Per role, those who may assume it by the rank of their assumption."""
        for role, ranks in found.items():
            groups = []
            for rank, sets in ranks.items():
                members = frozenset[str]().union(*sets) - {role}
                if members:
                    groups.append((rank, members))
            if groups:
                self._groups[role] = groups
        self._takers = {n for groups in self._groups.values() for _, nodes in groups for n in nodes}
        self._by_account: dict[str, list[str]] = {}
        """Roles with assumers by account; those with a policy that cannot be read under ''."""
        for role in self._groups:
            actor = built.actors[role]
            self._by_account.setdefault("" if actor.unreadable else actor.account_id, []).append(
                role
            )
        self._done: set[str] = set()
        self.made = 0
        """How many such edges were written so far."""

    def at(self, node: str) -> None:
        """Write the edges onto one domain or repository (nothing for other nodes), once."""
        target = self.built.targets.get(node)
        if target is None or node in self._done:
            return
        self._done.add(node)
        found: list[Escalation] = []
        nows = {actor: self._now(actor, node) for actor in self._takers}
        # per capability and rank: those who do worse than that there now
        worse = {
            c: [
                frozenset(a for a, now in nows.items() if now.get(c, _DENIED) > rank)
                for rank in _RANKS
            ]
            for c in ("login", "read", "publish")
        }
        best = _ALLOWED[isinstance(target.item, Domain)]
        for role in self._roles_for(target):
            if not _worse_ones(self._groups[role], worse, best):
                continue  # all who may assume it do as well there as a gain could
            subject = self.built.actors[role]
            most = self.widenings.at_most(subject, target)
            if not most:
                continue  # no widening of it does better there than it does now
            bounds = {r.capability: r.verdict.rank for r in most}
            nodes = _worse_ones(self._groups[role], worse, bounds)
            if not nodes:
                continue  # nor better than what those who may assume it have
            ordered = sorted(nodes, key=self._order.__getitem__)  # as the wideners come
            live = [(*self._assumer(node, role), nows[node]) for node in ordered]
            gains = self.widenings.gains_at(subject, target, (a for a, *_ in live))
            if not gains:
                continue  # widened, it does no better there than now
            for actor, via, notes, now in live:

                def keep(
                    gained: tuple[CapabilityResult, ...],
                    via: tuple[Verdict, ...],
                    now: dict[str, int] = now,
                ) -> bool:
                    return _may_gain([gained], via, now)

                for edge in self.widenings.of(actor, subject, via, notes, target, keep):
                    if self._better(edge):
                        found.append(edge)
        self.made += write_edges(self.built.graph, found)

    def _assumer(self, node: str, role: str) -> Assumer:
        """The principal with its assumption of the role, from the edge."""
        data = self.built.graph._succ[node][role]["can_assume"]
        notes = tuple(str(c) for c in data.get("conditions", ()))
        return self.built.actors[node], (Verdict(str(data.get("verdict"))),), notes

    def _roles_for(self, target: Target) -> list[str]:
        """The roles whose widening could gain on the target: those of its account, and of
        others where some capability's steps are not all refused across accounts (nor, as
        a policy of theirs cannot be read, those)."""
        evaluator = self.widenings.evaluator
        capabilities = GAINED_ON[isinstance(target.item, Domain)]
        closed = all(
            any(evaluator.closed_across(target, s) for s in capability_steps(c, target.item))
            for c in capabilities
        )
        if not closed:
            return list(self._groups)
        return [*self._by_account.get(target.account_id, ()), *self._by_account.get("", ())]

    def all(self) -> None:
        """Write the edges onto every domain and repository."""
        for node in list(self.built.targets):
            self.at(node)

    def _now(self, actor: str, node: str) -> dict[str, int]:
        """The rank, by capability, of the best the actor has on the node in one edge: its own
        access, or an escalation of its own (a chain through either is as good, and one
        through the latter is escalated as well)."""
        keys = self.built.graph._succ.get(actor, {}).get(node, {})
        found: dict[str, int] = {}
        for key, data in keys.items():
            rank = RANK.get(str(data.get("verdict")), _DENIED)
            if key.startswith("access:"):
                gains: Iterable[object] = (key.split(":", 1)[1],)
            elif key.startswith(PREFIX):
                gains = data.get("gains", ())
            else:
                continue
            for capability in gains:
                found[str(capability)] = min(rank, found.get(str(capability), _DENIED))
        return found

    def _better(self, edge: Escalation) -> bool:
        """Whether, for some capability it gains, the edge (its step too) does better than the
        principal has there now: a chain through that is otherwise as good."""
        gained = tuple(r for r in edge.gained if isinstance(r, CapabilityResult))
        if len(gained) < len(edge.gained):
            return True  # not a capability: kept as it is
        now = self._now(edge.source, edge.target)
        return _may_gain([gained], (edge.step.verdict, *edge.via), now)


def _worse_ones(
    groups: list[tuple[int, frozenset[str]]],
    worse: dict[str, list[frozenset[str]]],
    bounds: dict[str, int],
) -> set[str]:
    """The principals of `groups` that do worse now, for a capability, than the gain's rank
    `bounds` gives with their assumption."""
    found: set[str] = set()
    for rank, nodes in groups:
        for capability, bound in bounds.items():
            found |= nodes & worse[capability][max(rank, bound)]
    return found


def _may_gain(
    gains: Iterable[tuple[CapabilityResult, ...]], via: tuple[Verdict, ...], now: dict[str, int]
) -> bool:
    """Whether some gain, with the assumption's verdict, beats the principal's own access:
    a step can only make it worse, so gaining nothing without it, it gains nothing with it."""
    return any(
        worst([*via, r.verdict]).rank < now.get(r.capability, _DENIED)
        for gained in gains
        for r in gained
    )
