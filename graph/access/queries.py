"""Questions over a built graph: what a principal reaches, who reaches a resource, every path."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.access.actors import Actor, Named
from graph.access.build import Built
from graph.access.capabilities import action_steps
from graph.access.collector import pausing
from graph.access.escalated_chains import REACHED, shortest_chains
from graph.access.escalation_steps import escalations, gain_hop
from graph.access.evaluator import Evaluator, Verdict
from graph.access.hops import (
    Evidence,
    access_edges_of,
    access_hops,
    access_length,
    assume_hop,
    downstream,
    edge_verdict,
    role_chains,
    upstream_closure,
)
from graph.access.results import CapabilityResult, Chain, Hop, Reach, combine
from graph.access.targets import Target
from graph.access.walks import Best, Expand, best_walk
from graph.policy import CompiledPolicy
from graph.policy.conditions import Clause


def _better(new: Reach, old: Reach | None) -> bool:
    if old is None:
        return True
    return (new.verdict.rank, len(new.chain.hops)) < (old.verdict.rank, len(old.chain.hops))


@pausing
def reachable(
    built: Built, start: str, own: list[tuple[Target, CapabilityResult]] | None = None
) -> list[Reach]:
    """Every domain and repository × capability the principal reaches, with the best chain.

    `own` (the principal's own capabilities, from `build.own_capabilities`) adds its failing
    paths, so a UI can explain them; through roles only what is reached or unknown counts (as
    who-can and explain count them). Reading a repository reaches its upstreams.
    """
    g = built.graph
    best: dict[tuple[str, str], Reach] = {}
    for target, result in own or ():
        data = edge_data(result)
        chain = Chain(tuple(access_hops(g, start, target.node, data)))
        _keep(best, Reach(start, target.node, result.capability, chain.verdict, chain))
    read: dict[int, tuple[object, Evidence]] = {}
    for actor, prefix in role_chains(g, start):
        edges = access_edges_of(g, actor)
        if not edges:
            continue
        before = max((h.verdict.rank for h in prefix), default=Verdict.ALLOWED.rank)
        for resource, data in sorted(edges, key=lambda e: e[0]):
            verdict = edge_verdict(data)
            if prefix and verdict is Verdict.DENIED:
                continue
            capability = str(data["capability"])
            known = best.get((resource, capability))
            if known is not None:  # a chain no better than the one kept is not made
                kept = (known.verdict.rank, len(known.chain.hops))
                rank = max(before, verdict.rank)
                if (rank, len(prefix) + 1) >= kept:  # its access takes a hop at least
                    continue
                if (rank, len(prefix) + access_length(g, actor, data, read)) >= kept:
                    continue
            chain = Chain((*prefix, *access_hops(g, actor, resource, data, read)))
            _keep(best, Reach(start, resource, capability, chain.verdict, chain))
    for target in built.targets.values():  # a repository's login is its domain's (`login_node`)
        through = login_node(g, target.node)
        domain = best.get((through, "login")) if through != target.node else None
        if domain is not None:
            _keep(best, Reach(start, target.node, "login", domain.verdict, domain.chain))
    for reach in sorted(best.values(), key=lambda r: (r.resource, r.capability)):
        if reach.capability == "read" and reach.verdict.reaches and not reach.via_upstream:
            for upstream, hops in upstream_closure(g, reach.resource):
                via = Chain((*reach.chain.hops, *hops))
                _keep(best, Reach(start, upstream, "read", via.verdict, via))
    return sorted(best.values(), key=lambda r: (r.resource, r.capability))


def edge_data(result: CapabilityResult) -> dict[str, object]:
    """The attributes an access edge for this result has (see `build._record`)."""
    failing = result.failing
    return {
        "kind": "access",
        "capability": result.capability,
        "verdict": result.verdict.value,
        "statements": result.statements,
        "conditions": result.conditions,
        "failing_action": failing.step.action if failing else "",
        "reason": failing.decision.reason.value if failing and failing.decision.reason else "",
    }


def _keep(best: dict[tuple[str, str], Reach], reach: Reach) -> None:
    key = (reach.resource, reach.capability)
    if _better(reach, best.get(key)):
        best[key] = reach


@pausing
def who_can(built: Built, resource: str, capability: str, *, every: bool = False) -> list[Reach]:
    """Every principal that reaches `resource` with `capability` (or might: unknown), each with
    its shortest chain.

    With `every`, all chains (up to `MAX_DEPTH` role hops) per principal, best first.
    """
    ends = capability_ends(built, resource, capability)
    return chains_to(built.graph, ends, resource, capability, every)


def end_targets(
    g: nx.MultiDiGraph, resource: str, capability: str
) -> list[tuple[str, tuple[Hop, ...]]]:
    """Where a chain to the resource with the capability may end, with the hops from there:
    the resource and, for `read`, the repositories whose reads reach it; for `login` on a
    repository, its domain (a login is the domain's token, the same for each of its
    repositories: the graph's login edges go into the domain, `login_node`)."""
    end = login_node(g, resource) if capability == "login" else resource
    targets: list[tuple[str, tuple[Hop, ...]]] = [(end, ())]
    if capability == "read":
        targets.extend(downstream(g, resource))
    return targets


def login_node(g: nx.MultiDiGraph, resource: str) -> str:
    """The node whose login edges answer a login on `resource`: a repository's domain, when the
    snapshot holds it (else the repository, whose login edges are its own)."""
    data = g.nodes[resource] if g.has_node(resource) else {}
    domain = data.get("domain")
    return str(domain) if data.get("kind") == "repository" and g.has_node(domain) else resource


def capability_ends(
    built: Built, resource: str, capability: str
) -> list[tuple[str, tuple[Hop, ...]]]:
    """(actor with direct access, hops from it) for a capability: the graph's access edges into
    the resource and, for `read`, into the repositories whose reads reach it."""
    g = built.graph
    ends: list[tuple[str, tuple[Hop, ...]]] = []
    targets = end_targets(g, resource, capability)
    key = f"access:{capability}"
    read: dict[int, tuple[object, Evidence]] = {}
    for node, tail in targets:
        for actor, edges in g.pred[node].items():
            data = edges.get(key)
            if data is not None and data.get("verdict") != Verdict.DENIED.value:
                ends.append((actor, (*access_hops(g, actor, node, data, read), *tail)))
    return ends


def escalation_ends(
    g: nx.MultiDiGraph, resource: str, capability: str
) -> list[tuple[str, tuple[Hop, ...]]]:
    """(actor that could grant itself the capability, its hops) from the graph's escalation
    edges into the resource and, for `read`, into the repositories whose reads reach it."""
    ends: list[tuple[str, tuple[Hop, ...]]] = []
    for node, tail in end_targets(g, resource, capability):
        for actor, keys in g._pred[node].items():
            for data in escalations(keys):
                if capability in data.get("gains", ()) and edge_verdict(data) is not Verdict.DENIED:  # type: ignore[operator]
                    ends.append((actor, (gain_hop(g, actor, node, capability, data), *tail)))
    return ends


@pausing
def who_can_action(
    built: Built, evaluator: Evaluator, resource: str, action: str, *, every: bool = False
) -> list[Reach]:
    """Every principal whose own policies, or a role it can become, allow one action."""
    ends = action_ends(built, evaluator, resource, action)
    return chains_to(built.graph, ends, resource, action, every)


@pausing
def action_ends(
    built: Built, evaluator: Evaluator, resource: str, action: str
) -> list[tuple[str, tuple[Hop, ...]]]:
    """(actor whose own policies allow the action, its hops), evaluated per class."""
    g = built.graph
    target = built.targets[resource]
    steps = action_steps(action, target.item)
    actions = tuple(step.action.lower() for step in steps)
    resource_side = [
        p
        for p in (
            target.domain_policy,
            target.repository_policy,
            *(p for lv in target.rcps for p in lv),
        )
        if isinstance(p, CompiledPolicy)
    ]
    named = Named.of(resource_side)
    flags = [evaluator.book.flags(p, a) for p in resource_side for a in actions]
    reads = evaluator.reading(tuple(resource_side), actions)
    tagged = any(f[1] for f in flags)
    shared: dict[object, CapabilityResult] = {}
    datas: dict[int, dict[str, object]] = {}  # per shared result: one edge_data
    read: dict[int, tuple[object, Evidence]] = {}
    ends: list[tuple[str, tuple[Hop, ...]]] = []
    personal = reads is None
    for actor, key in _classes_of(built, evaluator, actions, tagged, reads or ()):
        # actors whose answers cannot differ share one evaluation (as the build's classes)
        if personal or named.names(actor):
            key = actor.node
        result = shared.get(key)
        if result is None:
            result = shared[key] = combine(
                action, [evaluator.run(actor, target, step) for step in steps]
            )
        if result.verdict is not Verdict.DENIED:
            data = datas.get(id(result))
            if data is None:
                data = datas[id(result)] = edge_data(result)
            ends.append((actor.node, tuple(access_hops(g, actor.node, resource, data, read))))
    return ends


def _classes_of(
    built: Built,
    evaluator: Evaluator,
    actions: tuple[str, ...],
    tagged: bool,
    reads: tuple[Clause, ...],
) -> list[tuple[Actor, object]]:
    """Every actor with its class for these actions (`Evaluator.shared_key`, as not named by
    the resource's policies), made once per graph, evaluator and kind of resource side:
    who-can on each of a domain's repositories asks alike (a 2,500-principal account: 55,000
    keys made again for 22 repositories)."""
    memo = (actions, tagged, reads)
    known = built.action_classes.get(memo)
    actors = built.actors
    if known is None or known[0] is not evaluator or known[1] != len(actors):
        found = [
            (
                actor,
                evaluator.shared_key(actor, actions, personal=False, tagged=tagged, reads=reads),
            )
            for actor in actors.values()
        ]
        known = built.action_classes[memo] = (evaluator, len(actors), found)
    return known[2]


@pausing
def chains_to(
    g: nx.MultiDiGraph,
    ends: list[tuple[str, tuple[Hop, ...]]],
    resource: str,
    capability: str,
    every: bool,
    expand: Expand | None = None,
    *,
    escalation: bool = False,
) -> list[Reach]:
    """Reaches for every principal that can become one of `ends`' actors, best chain first
    (only the best with `every` false: one walk for all principals, see `walks`, which
    makes the trust edges it walks with `expand`); with `escalation`, take-over edges are
    followed as role hops.

    With `every`, per principal and end: the shortest chain of allowed hops to the end's
    actor and the shortest of allowed or conditional hops (one of the two is the best
    through that actor, as `prefixes_from` finds forwards), not every permutation of the
    roles on the way: where hundreds of roles trust an account's root and its `role/*`
    holders may assume them all, simple chains of up to six hops are beyond counting (a
    2,500-principal account's `--all-chains` ran for minutes without an answer)."""
    if not every:
        best = best_walk(g, ends, assume_hop, expand, escalation=escalation)
        return Answers(resource, capability, best).reaches()
    found: dict[str, dict[tuple[Hop, ...], Reach]] = {}
    for actor, suffix in ends:
        for allowed_only in REACHED:
            for principal, prefix in shortest_chains(
                g, actor, allowed_only, escalation, forward=False
            ):
                chain = Chain((*prefix, *suffix))
                found.setdefault(principal, {}).setdefault(
                    chain.hops, Reach(principal, resource, capability, chain.verdict, chain)
                )
    result: list[Reach] = []
    for _principal, reaches in sorted(found.items()):
        result.extend(sorted(reaches.values(), key=lambda r: (r.verdict.rank, len(r.chain.hops))))
    return result


@dataclass(frozen=True)
class Answers:
    """Who-can's answers on one resource as verdicts by principal, each `Reach` (with its
    chain) made when read: what `chains_to` gives, for callers that read few chains."""

    resource: str
    capability: str
    best: Best

    @property
    def verdicts(self) -> dict[str, Verdict]:
        """Every principal that reaches the resource (or might: unknown), with its verdict."""
        return {node: self.best.verdict(node) for node in self.best.settled}

    def reaches(self) -> list[Reach]:
        """Every answer with its best chain, by principal."""
        return [self.reach(principal) for principal in sorted(self.best.settled)]

    def reach(self, principal: str) -> Reach:
        """The principal's answer with its best chain."""
        best = self.best
        return Reach(
            principal,
            self.resource,
            self.capability,
            best.verdict(principal),
            best.chain(principal),
        )


@pausing
def answers_to(
    g: nx.MultiDiGraph,
    ends: list[tuple[str, tuple[Hop, ...]]],
    resource: str,
    capability: str,
    expand: Expand | None = None,
) -> Answers:
    """`chains_to`'s best chains as `Answers`: the walk alone, no chain made yet."""
    return Answers(resource, capability, best_walk(g, ends, assume_hop, expand))


@pausing
def paths(built: Built, start: str, resource: str, capability: str) -> list[Chain]:
    """The chains from a principal to a resource, best first: through each actor it can
    become, the shortest chain of allowed hops and the shortest of allowed or conditional
    ones where that is shorter (`prefixes_from`; as `chains_to` with `every`)."""
    g = built.graph
    key = f"access:{capability}"
    # the resource, and for a read the repositories it is upstream of: each actor's edges
    # into them are looked up (a `role/*` holder's roles have thousands of other edges)
    targets: list[tuple[str, tuple[Hop, ...]]] = [(resource, ())]
    if capability == "read":
        targets.extend(downstream(g, resource))
    chains: list[Chain] = []
    for actor, prefix in role_chains(g, start):
        adjacency = g._succ[actor]
        for target, tail in targets:
            data = adjacency.get(target, {}).get(key)
            if data is None or (tail and not edge_verdict(data).reaches):
                continue
            chains.append(Chain((*prefix, *access_hops(g, actor, target, data), *tail)))
    chains.sort(key=lambda c: (c.verdict.rank, len(c.hops)))
    return chains
