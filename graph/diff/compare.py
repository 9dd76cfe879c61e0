"""`diff`: every verdict two snapshots disagree on, computed only where a change can move one.

A verdict (principal, capability, resource) depends on the principal's own policies, those of
every role on its chain and their trust policies, and the resource's policies (with its domain
and, for reads through upstreams, the repositories in between), under the SCPs and RCPs. So
only two sets are asked again, on lazy graphs of both snapshots: the reach of every user and
role whose own policies a change touches, and who can use every capability on every resource
a change touches (with its domain's repositories and the repositories upstream of them) or
that a touched role reaches (its callers' chains end there). An SCP, an RCP or a moved
account asks everything again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from graph.access import AccessGraph, Chain, Reach, Verdict
from graph.access.capabilities import (
    CAPABILITY_ACTIONS,
    DOMAIN_CAPABILITIES,
    REPOSITORY_CAPABILITIES,
    Capability,
)
from graph.access.depth_profile import Profile
from graph.access.hops import upstream_closure
from graph.diff.asking import Key, Pair, moved_verdicts
from graph.diff.changes import snapshot_changes
from graph.diff.model import PolicyChange, SnapshotChanges
from graph.diff.relevance import ASSUME, Covers, capabilities_moved, covers
from graph.diff.shared import sharing
from graph.model import Domain, Repository
from graph.policy.model import ContextValue
from graph.snapshot import Snapshot

_ACTIONS: Final = frozenset(a for actions in CAPABILITY_ACTIONS.values() for a in actions)


@dataclass(frozen=True)
class VerdictChange:
    """One principal's capability on one resource, before and after, and why it moved."""

    principal: str
    capability: str
    resource: str
    before: Verdict
    after: Verdict
    chain_before: Chain | None
    chain_after: Chain | None
    causes: tuple[int, ...]
    """Indexes into `SnapshotDiff.changes`: those on either chain, the principal or the
    resource (an SCP or RCP: every verdict)."""

    @property
    def widened(self) -> bool:
        """Reaches better than before (denied → unknown counts: it may now be allowed)."""
        return self.after.rank < self.before.rank

    @property
    def kind(self) -> str:
        """gained, lost, became conditional or became unknown."""
        if self.after is Verdict.DENIED:
            return "lost"
        if self.after is Verdict.UNKNOWN:
            return "became unknown"
        if self.after is Verdict.CONDITIONAL and self.before is Verdict.ALLOWED:
            return "became conditional"
        return "gained"


@dataclass(frozen=True)
class Appeared:
    """A principal or resource only one snapshot has, and what it reaches (or who reaches
    it) there."""

    node: str
    added: bool
    reaches: tuple[Reach, ...]


@dataclass(frozen=True)
class SnapshotDiff:
    """What moved between two snapshots, and the graphs it was read from (for labels)."""

    old: AccessGraph
    new: AccessGraph
    changes: tuple[PolicyChange, ...]
    verdicts: tuple[VerdictChange, ...]
    appeared: tuple[Appeared, ...]

    @property
    def widened(self) -> bool:
        """Someone gained: a verdict widened, or a new principal or resource has access."""
        return any(v.widened for v in self.verdicts) or any(
            a.added and a.reaches for a in self.appeared
        )

    @property
    def narrowed(self) -> bool:
        """Someone lost: a verdict narrowed, or a principal or resource with access went."""
        return any(not v.widened for v in self.verdicts) or any(
            not a.added and a.reaches for a in self.appeared
        )

    @property
    def unchanged(self) -> bool:
        """No verdict moved and nothing with access appeared or went."""
        return not (self.widened or self.narrowed)


def diff_snapshots(
    old: Snapshot,
    new: Snapshot,
    context: Mapping[str, ContextValue] | None = None,
    *,
    graph: AccessGraph | None = None,
) -> SnapshotDiff:
    """Every verdict that differs between two snapshots, with chains and causes.

    `graph` is an access graph of `old` already at hand (the TUI's, for a what-if on a copy
    of its snapshot): its answers and actors are used, and `context` is its own."""
    new = sharing(old, new)  # what did not change is the same object: built once
    found = snapshot_changes(old, new)
    before = graph or AccessGraph.from_snapshot(old, context, lazy=True)
    after = before.changed(new)
    if found.empty:
        return SnapshotDiff(before, after, (), (), ())
    everything = any(c.everything for c in found.changes)
    one_only = {*found.principals_added, *found.principals_removed}
    if not everything:  # trust edges between principals no change touches are the same
        touched = {p for c in found.changes for p in (*c.principals, *c.entered)}
        after.borrow_trust(before, one_only | touched)
    gone = one_only | {*found.resources_added, *found.resources_removed}
    principals = set() if everything else _principals(found)
    covered = [(c, covers(c)) for c in found.changes]  # each change's statements read once
    own = {p: _own_moves(before, after, p, covered) for p in sorted(principals)}
    principals = {p for p, moved in own.items() if moved is None}
    pairs, by_policy = _asked(found, before, after, everything, own)
    by_policy -= gone
    if found.resources_added or found.resources_removed:
        asked_for = set(Capability)
    else:
        asked_for = capabilities_moved(cover for c, cover in covered if c.resources)
    pairs |= _moved_direct(before, after, by_policy, pairs, asked_for)
    moved = moved_verdicts(before, after, principals, pairs, gone)
    domain_of = {r.arn: r.domain_arn for g in (before, after) for r in g.snapshot.repositories()}
    verdicts = []
    for key in sorted(moved):
        was, now = moved[key]
        was_verdict = was.verdict if was else Verdict.DENIED
        now_verdict = now.verdict if now else Verdict.DENIED
        chains = (was.chain if was else None, now.chain if now else None)
        verdicts.append(
            VerdictChange(
                *key,
                was_verdict,
                now_verdict,
                *chains,
                _causes(found.changes, key, chains, domain_of),
            )
        )
    return SnapshotDiff(
        before, after, found.changes, tuple(verdicts), _appeared(found, before, after)
    )


def _principals(found: SnapshotChanges) -> set[str]:
    """Users and roles whose own inputs a change touches: their whole reach is asked."""
    return {p for c in found.changes for p in c.principals}


def _own_moves(
    before: AccessGraph,
    after: AccessGraph,
    principal: str,
    covered: Iterable[tuple[PolicyChange, Covers | None]],
) -> set[Pair] | None:
    """The (capability, resource) pairs where a user's or role's own access moved, when the
    roles it may assume in one hop (and how) did not: everything past that hop is the same
    in both snapshots, so its verdicts, and those of its callers through it, can move only
    there (who-can asks them). None when the first hop moved, or it is in one snapshot only.
    Statements that cover no `sts:AssumeRole`, or no action of any capability, move neither
    (`relevance`): that side is not compared."""
    if before.snapshot.find(principal) is None or after.snapshot.find(principal) is None:
        return None
    found = [cover for c, cover in covered if principal in c.principals]
    known = [c for c in found if c is not None] if all(found) else None
    assumes = known is None or any(c(ASSUME) for c in known)
    if assumes and before.first_hop(principal) != after.first_hop(principal):
        return None
    if known is not None and not any(c(a) for c in known for a in _ACTIONS):
        return set()
    was, now = before.own_access(principal), after.own_access(principal)
    return {key for key in was.keys() | now.keys() if was.get(key) != now.get(key)}


def _asked(
    found: SnapshotChanges,
    before: AccessGraph,
    after: AccessGraph,
    everything: bool,
    own: Mapping[str, set[Pair] | None],
) -> tuple[set[Pair], set[str]]:
    """Where who-can is asked: (capability, resource) pairs a moved principal or role needs,
    and the resources that only a change to their own records needs (`by_policy`).

    The pairs: whatever a touched role reaches in either snapshot (a role that came or went
    too), and where a principal's own access moved when its first hop did not (`own`,
    `_own_moves`), with reads of the repositories upstream. A caller's chain through a role
    is its way in, then one of the role's own chains: the callers of a role whose own
    policies changed move only where the role's profile moved (`depth_profile`); those of a
    role whose way in changed, on anything it reaches. Who-can there finds them, without
    walking each caller's reach.

    `by_policy`: the domains and repositories a change touches (their policies, upstreams,
    or coming and going), with their domain's repositories and the repositories upstream of
    each (reads reach them through it); `_moved_direct` tells which of their capabilities
    need asking. An SCP, an RCP or an account that moved asks everything."""
    if everything:
        every = {d.arn for g in (before, after) for d in g.snapshot.domains()}
        every |= {r.arn for g in (before, after) for r in g.snapshot.repositories()}
        return {(c, arn) for arn in every for c in REPOSITORY_CAPABILITIES}, set()
    touched = {r for c in found.changes for r in c.resources}
    touched |= {*found.resources_added, *found.resources_removed}  # upstream of others
    pairs = {pair for moved in own.values() if moved is not None for pair in moved}
    read_moved = {resource for capability, resource in pairs if capability == Capability.READ}
    pairs |= {(Capability.READ.value, u) for u in _served(before, after, read_moved)}
    entered = {r for c in found.changes for r in c.entered}
    entered |= {p for p in (*found.principals_added, *found.principals_removed) if ":role/" in p}
    onward = {r for c in found.changes for r in c.roles} - entered
    onward = {r for r in onward if own.get(r) is None}  # the others: their own moves
    for role in sorted(entered | onward):
        profiles = [_profile(graph, role) for graph in (before, after)]
        if role in entered:
            pairs |= profiles[0].keys() | profiles[1].keys()
        else:
            pairs |= {k for k in profiles[0].keys() | profiles[1].keys() if _differ(profiles, k)}
    in_domains = {
        r.arn for g in (before, after) for r in g.snapshot.repositories() if r.domain_arn in touched
    }
    return pairs, _served(before, after, touched | in_domains)


def _served(before: AccessGraph, after: AccessGraph, arns: set[str]) -> set[str]:
    """`arns` with the repositories upstream of each repository among them, in either
    snapshot."""
    found = set(arns)
    for graph in (before, after):
        for repository in graph.snapshot.repositories():
            if repository.arn in arns:
                found.update(u for u, _ in upstream_closure(graph.partial_graph, repository.arn))
    return found


def _moved_direct(
    before: AccessGraph,
    after: AccessGraph,
    resources: set[str],
    known: set[Pair],
    capabilities: set[Capability],
) -> set[Pair]:
    """(capability, resource) pairs of `resources` for these capabilities (those the changes
    to resources may move, `relevance`), but those `known`, where the graphs disagree on who
    reaches the resource without assuming a role (`AccessGraph.direct`). Trust edges move
    only with principals' inputs, and the pairs `_asked` finds cover those: where both
    agree, who-can gives the same verdicts, and is not asked."""
    moved: set[Pair] = set()
    for arn in sorted(resources):
        item = before.snapshot.find(arn)
        if not isinstance(item, (Domain, Repository)) or after.snapshot.find(arn) is None:
            continue
        domain = isinstance(item, Domain)
        own_login = isinstance(item, Repository) and before.snapshot.find(item.domain_arn) is None
        for capability in DOMAIN_CAPABILITIES if domain else REPOSITORY_CAPABILITIES:
            pair = (capability.value, arn)
            if capability not in capabilities or pair in known:
                continue
            if capability is Capability.LOGIN and not (domain or own_login):
                continue  # compared on the domain (`_compared`)
            if before.direct(arn, capability) != after.direct(arn, capability):
                moved.add(pair)
    return moved


def _profile(graph: AccessGraph, role: str) -> Profile:
    """What the role gives its callers in this snapshot (nothing where it does not exist)."""
    if graph.snapshot.find(role) is None:
        return {}
    return graph.depth_profile(role)


def _differ(profiles: list[Profile], key: tuple[str, str]) -> bool:
    return profiles[0].get(key) != profiles[1].get(key)


def _causes(
    changes: tuple[PolicyChange, ...],
    key: Key,
    chains: tuple[Chain | None, Chain | None],
    domain_of: Mapping[str, str],
) -> tuple[int, ...]:
    """The changes on either chain, the principal or the resource (with its domain, and the
    domains of repositories a read passes through upstream); SCPs and RCPs apply to every
    verdict."""
    principal, _, resource = key
    nodes = {principal, resource}
    for chain in chains:
        if chain is not None:
            nodes.update(chain.nodes)
    nodes |= {domain_of[n] for n in nodes if n in domain_of}
    return tuple(i for i, c in enumerate(changes) if c.everything or c.nodes & nodes)


def _appeared(
    found: SnapshotChanges, before: AccessGraph, after: AccessGraph
) -> tuple[Appeared, ...]:
    """What the principals and resources only one snapshot has reach there, or who reaches them."""
    listed: list[Appeared] = []
    for graph, added, principals, resources in (
        (after, True, found.principals_added, found.resources_added),
        (before, False, found.principals_removed, found.resources_removed),
    ):
        for principal in principals:
            reaches = tuple(
                r for r in graph.reachable(principal) if r.verdict is not Verdict.DENIED
            )
            listed.append(Appeared(principal, added, reaches))
        for arn in resources:
            item = graph.snapshot.find(arn)
            capabilities = (
                DOMAIN_CAPABILITIES if isinstance(item, Domain) else REPOSITORY_CAPABILITIES
            )
            reaches = tuple(
                r
                for c in capabilities
                for r in graph.who_can(arn, c)
                if r.verdict is not Verdict.DENIED
            )
            listed.append(Appeared(arn, added, reaches))
    return tuple(sorted(listed, key=lambda a: (not a.added, a.node)))
