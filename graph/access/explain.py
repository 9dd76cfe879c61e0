"""Hop-by-hop explanations: each hop's verdict, the deciding statements, near misses, the fix."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial

from graph.access.actors import Actor
from graph.access.attempt_order import beats_the_rest, of_conditional_walk, reaching_attempts
from graph.access.build import Built
from graph.access.capabilities import (
    Capability,
    Step,
    action_steps,
    capability_steps,
    parse_capability,
)
from graph.access.collector import pausing
from graph.access.evaluator import Evaluator, StepResult, Verdict, worst
from graph.access.evidence import (
    AccessExplanation,
    HopExplanation,
    NearMiss,
    StepExplanation,
    explain_step,
)
from graph.access.fixes import Fix, condition_fix, fixes_for, only_conditions
from graph.access.hops import access_hops, assume_hop, role_chains
from graph.access.prefilter import REPOSITORY_STEPS, RepositoryMasks
from graph.access.results import Chain, Hop, scope_condition, scoped_label
from graph.access.scopes import scoped_retry
from graph.access.targets import Target, rcp_levels
from graph.access.trust import assume_step, trust_policy
from graph.access.verdicts import trust_verdict
from graph.model import Repository, Role
from graph.policy import CompiledPolicy, describe_unknowns
from graph.snapshot import Snapshot

Outline = tuple[tuple[int, int, int, int, int], Chain]
"""An attempt's rank and chain from the shared decisions (`Explainer._outline`)."""
Outlines = dict[tuple[str, tuple[Hop, ...]], Outline]
"""Outlines made by one question, by actor and prefix (`Explainer.best_within`)."""


class Explainer:
    """Builds explanations over a built graph, with its own evaluator (and context)."""

    def __init__(
        self, snapshot: Snapshot, built: Built, evaluator: Evaluator, package: str = "*"
    ) -> None:
        self.snapshot = snapshot
        self.built = built
        self.evaluator = evaluator
        self.package = package
        """The package (or package pattern, `npm/acme/*`) package steps act on; `*` any."""

    def steps_for(self, capability: str, target: Target) -> tuple[Step, ...]:
        """The steps of a capability or of one named action."""
        known = parse_capability(capability)
        if known is not None:
            return capability_steps(known, target.item, self.package)
        return action_steps(capability, target.item, self.package)

    def access_hop(
        self, actor: Actor, target: Target, capability: str, source: str
    ) -> HopExplanation:
        """Evaluate every step of a capability (not stopping at the first failure).

        Publishing any package that fails for want of an allow is explained on the first
        package scope that works, as the graph answers it (`capability_eval.capability_result`).
        """
        results, hop = self.access_results(actor, target, capability, source, fresh=True)
        policies = self._policies(actor, target)
        verdict = hop.verdict
        return HopExplanation(hop, verdict, tuple(explain_step(r, policies) for r in results))

    def access_results(
        self, actor: Actor, target: Target, capability: str, source: str, *, fresh: bool
    ) -> tuple[list[StepResult], Hop]:
        """Every step's result (`fresh`: this very request, not a shared decision), and the
        access hop they make."""
        results = [
            self.evaluator.run(actor, target, s, fresh=fresh)
            for s in self.steps_for(capability, target)
        ]
        scope = ""
        if capability == Capability.PUBLISH.value and self.package == "*":
            retried = scoped_retry(
                actor,
                target,
                results,
                lambda steps: [self.evaluator.run(actor, target, s, fresh=fresh) for s in steps],
            )
            if retried is not None:
                scope, results = retried[0], list(retried[1])
        verdict = worst(r.verdict for r in results)
        conditions = describe_unknowns(u for s in results for u in s.decision.unknowns)
        if scope:
            verdict = worst((verdict, Verdict.CONDITIONAL))
            conditions = (scope_condition(scope), *conditions)
        label = scoped_label(f"{capability} {self._label(target.node)}", conditions)
        statements = tuple(
            dict.fromkeys(f"{r.policy} · {r.label}" for s in results for r in s.decision.statements)
        )
        return results, Hop("access", source, target.node, verdict, label, statements, conditions)

    def assume_hop(
        self, actor: Actor, role: Role, source: str
    ) -> tuple[HopExplanation, StepResult | None]:
        """Evaluate assuming a role."""
        trust = trust_policy(self.evaluator.book, role)
        if not isinstance(trust, CompiledPolicy):
            hop = Hop(
                "can_assume", source, role.arn, Verdict.UNKNOWN, f"assumes {self._label(role.arn)}"
            )
            return HopExplanation(hop, Verdict.UNKNOWN, ()), None
        rcps = rcp_levels(self.snapshot, self.evaluator.book, role.account_id)[0]
        step = assume_step(role)
        decision = self.evaluator.decide(actor, step, (trust,), rcps, None, fresh=True)
        result = StepResult(
            step, decision, trust_verdict(decision, actor.unreadable), actor.unreadable
        )
        policies = (
            *actor.identity,
            trust,
            *(actor.boundary or ()),
            *(p for lv in actor.scps for p in lv),
            *(p for lv in rcps for p in lv),
        )
        hop = Hop(
            "can_assume",
            source,
            role.arn,
            result.verdict,
            f"assumes {self._label(role.arn)}",
            tuple(f"{r.policy} · {r.label}" for r in decision.statements),
            describe_unknowns(decision.unknowns),
        )
        return HopExplanation(hop, result.verdict, (explain_step(result, policies),)), result

    def _label(self, node: str) -> str:
        g = self.built.graph
        return str(g.nodes[node].get("label", node)) if g.has_node(node) else node

    def _policies(self, actor: Actor, target: Target) -> tuple[CompiledPolicy, ...]:
        resource = [
            p
            for p in (target.domain_policy, target.repository_policy)
            if isinstance(p, CompiledPolicy)
        ]
        return (
            *actor.identity,
            *resource,
            *(actor.boundary or ()),
            *(p for lv in actor.scps for p in lv),
            *(p for lv in target.rcps for p in lv),
        )

    @pausing
    def explain(
        self,
        start: str,
        capability: str,
        resource: str,
        *,
        complete: bool = False,
        outlines: Outlines | None = None,
    ) -> AccessExplanation:
        """Explain the best attempt from `start` to `resource`, hop by hop, with fixes.

        On a `complete` graph, when some role the principal can become reaches the resource
        (an access edge says so), only such attempts can be best or alternatives. `outlines`:
        those `best_within` made for this question, not made again.
        """
        built, g = self.built, self.built.graph
        target = built.targets[resource]
        attempts: list[tuple[str, Sequence[Hop]]] = []
        for actor_node, prefix in role_chains(g, start):
            attempts.append((actor_node, prefix))
        tried = self._tried_roles(start)
        attempts.extend(tried)
        rest: list[Chain] = []
        if complete and (capability != Capability.LOGIN.value or resource == target.domain_arn):
            reaching = reaching_attempts(g, attempts, resource, capability)
            if reaching:  # the best is among the chains that reach, at their best length
                top = min(key for key, _, _ in reaching)
                attempts = [a for key, a, _ in reaching if key == top]
                rest = [
                    chain for key, _, chain in sorted(reaching, key=lambda r: r[0]) if key != top
                ]
        numbered = [(i, a) for i, a in enumerate(attempts) if self._has_actor(a[0])]
        hopeless = self._hopeless(target, capability)
        hopeful = [(i, a) for i, a in numbered if not hopeless(a[0])]
        outline = self._outline  # each made once here: looked up only where some were made
        if outlines:
            outline = partial(self._known, outlines)
        ranked = [
            (outline(start, node, prefix, target, capability), i, node, prefix)
            for i, (node, prefix) in hopeful
        ]
        if len(hopeful) < len(numbered) and not any(o[0][1].verdict.reaches for o in ranked):
            # nothing reaches: the best failure may be among the others, so rank them too
            ranked.extend(
                (outline(start, node, prefix, target, capability), i, node, prefix)
                for i, (node, prefix) in numbered
                if hopeless(node)
            )
        if not ranked:
            raise KeyError(f"{start} is not a user or role of the snapshot and assumes none")
        ranked.sort(key=lambda o: (o[0][0], o[1]))
        best = self._attempt(start, ranked[0][2], ranked[0][3], target, capability)
        others = (*(o[0][1] for o in ranked[1:] if o[0][1].verdict.reaches), *rest)
        return AccessExplanation(
            start, capability, resource, best.verdict, best.hops, best.fixes, others
        )

    @pausing
    def best_within(
        self, start: str, capability: str, resource: str, levels: Iterable[tuple[Verdict, int]]
    ) -> tuple[AccessExplanation | None, Outlines]:
        """`explain`'s best attempt (no alternatives), walking a lazy graph only as deep as it
        must: `levels` goes on with the start's walk (`OnDemand.levels`), whose chains of up
        to `depth` hops over edges that good are final after each (walk, depth). In
        `explain`'s order the walk over allowed edges comes first, depth by depth, then the
        one over conditional edges. The best among final attempts is the best of all when it
        is allowed and at most depth + 1 hops long during the first walk (a deeper attempt
        has more hops; one of the second walk a conditional hop), allowed during the second
        (every allowed attempt is final then), or conditional and at most depth + 1 hops
        long during the second; a tried role's is denied. None when the walks end without
        one, with the outlines made meanwhile."""
        target = self.built.targets[resource]
        made: Outlines = {}
        hopeless = self._hopeless(target, capability)
        ranked = []  # (rank, second walk, hops, place, actor, prefix): `explain`'s order
        done = {False: -1, True: 0}  # per walk, the depth up to which its chains are ranked
        for walk, depth in levels:
            second, place = walk is not Verdict.ALLOWED, 0
            for node, prefix in role_chains(self.built.graph, start):
                if (
                    not done[second] < len(prefix) <= depth
                    or of_conditional_walk(prefix) is not second
                ):
                    continue  # ranked at an earlier level, or not final yet
                place += 1
                if self._has_actor(node) and not hopeless(node):
                    rank = self._known(made, start, node, prefix, target, capability)[0]
                    if rank[0] <= Verdict.CONDITIONAL.rank:
                        ranked.append((rank, second, len(prefix), place, node, prefix))
            done[second] = depth
            best = min(ranked, key=lambda a: a[:4], default=None)
            if best is not None and beats_the_rest(best[0], walk, depth):
                return self._attempt(start, best[4], best[5], target, capability), made
        return None, made

    def _known(
        self,
        known: Outlines,
        start: str,
        actor_node: str,
        prefix: Sequence[Hop],
        target: Target,
        capability: str,
    ) -> Outline:
        """`_outline`, made once per actor and prefix for one question."""
        key = (actor_node, tuple(prefix))
        found = known.get(key)
        if found is None:
            found = known[key] = self._outline(start, actor_node, prefix, target, capability)
        return found

    def _outline(
        self, start: str, actor_node: str, prefix: Sequence[Hop], target: Target, capability: str
    ) -> Outline:
        """An attempt's rank (best first: the better verdict, fewer failing hops and steps, a
        shorter chain, more steps that work) and chain, from the shared decisions: only the
        best attempt is explained in full."""
        steps: list[Verdict] = []
        source = start
        for hop in prefix:
            counted = source in self.built.actors and isinstance(
                self.snapshot.find(hop.target), Role
            )
            steps.extend([hop.verdict] if counted else [])
            source = hop.target
        actor = self.built.actor(actor_node, self.snapshot, self.evaluator.book)
        results, access = self.access_results(actor, target, capability, actor_node, fresh=False)
        data: dict[str, object] = {
            "statements": access.statements,
            "capability": capability,
            "verdict": access.verdict.value,
            "conditions": access.conditions,
        }
        lead = access_hops(self.built.graph, actor_node, target.node, data)[:-1]
        hops = (*prefix, *lead, access)
        steps.extend(r.verdict for r in results)
        verdict = worst(h.verdict for h in hops)
        failing_hops = sum(1 for h in hops if not h.verdict.reaches)
        failing_steps = sum(1 for v in steps if not v.reaches)
        progress = len(steps) - failing_steps
        return (verdict.rank, failing_hops, failing_steps, len(hops), -progress), Chain(hops)

    def _hopeless(self, target: Target, capability: str) -> Callable[[str], bool]:
        """Whether an attempt through this actor is denied for want of an identity Allow on
        some repository step, as the whole build's prefilter has it (`prefilter`): when
        another attempt reaches, such attempts can be neither the best nor an alternative,
        so they are not evaluated. Only for a capability on a repository, any package."""
        known = parse_capability(capability)
        if (
            known not in REPOSITORY_STEPS
            or self.package != "*"
            or not isinstance(target.item, Repository)
        ):
            return lambda _node: False
        masks = RepositoryMasks([target], self.evaluator.book)

        def hopeless(node: str) -> bool:
            actor = self.built.actor(node, self.snapshot, self.evaluator.book)
            return not masks.candidates(actor, node, known)

        return hopeless

    def _has_actor(self, node: str) -> bool:
        try:
            self.built.actor(node, self.snapshot, self.evaluator.book)
        except KeyError:
            return False
        return True

    def _tried_roles(self, start: str) -> list[tuple[str, tuple[Hop, ...]]]:
        """Roles the principal tries to assume but may not: one denied hop, for explanation;
        in name order, so that equally ranked failures are broken alike however the edges
        were made (a whole build writes them role by role, a question caller by caller)."""
        g = self.built.graph
        found: list[tuple[str, tuple[Hop, ...]]] = []
        for _, role, data in g.out_edges(start, data=True):
            if data.get("kind") == "can_assume" and not Verdict(str(data["verdict"])).reaches:
                found.append((role, (assume_hop(g, start, role, data),)))
        return sorted(found, key=lambda f: f[0])

    def _attempt(
        self, start: str, actor_node: str, prefix: Sequence[Hop], target: Target, capability: str
    ) -> AccessExplanation:
        built = self.built
        hops: list[HopExplanation] = []
        fixes: list[Fix] = []
        source = start
        for hop in prefix:
            if hop.kind != "can_assume":
                continue
            caller = built.actors.get(source)
            role = self.snapshot.find(hop.target)
            if caller is None or not isinstance(role, Role):
                hops.append(HopExplanation(hop, hop.verdict, ()))
            else:
                explained, result = self.assume_hop(caller, role, source)
                hops.append(explained)
                if result is not None and not result.verdict.reaches:
                    fixes.extend(fixes_for(caller, None, [result], trust_role=role.arn))
            source = hop.target
        actor = built.actor(actor_node, self.snapshot, self.evaluator.book)
        access = self.access_hop(actor, target, capability, actor_node)
        data: dict[str, object] = {
            "statements": access.hop.statements,
            "capability": capability,
            "verdict": access.verdict.value,
            "conditions": access.hop.conditions,
        }
        lead = access_hops(built.graph, actor_node, target.node, data)[:-1]
        hops.extend(HopExplanation(h, h.verdict, ()) for h in lead)
        hops.append(access)
        results = [s.result for s in access.steps]
        fixes.extend(fixes_for(actor, target, results))
        for step in access.steps:
            if not step.verdict.reaches:
                for miss in step.near_misses:
                    if only_conditions(miss.reasons):
                        fixes.append(condition_fix(miss.ref, miss.reasons, actor.node))
        verdict = worst(h.verdict for h in hops)
        return AccessExplanation(
            start, capability, target.node, verdict, tuple(hops), tuple(_unique(fixes))
        )


def _unique(fixes: list[Fix]) -> list[Fix]:
    seen: dict[tuple[str, str, str], Fix] = {}
    for fix in fixes:
        seen.setdefault((fix.kind, fix.node, fix.note), fix)
    return list(seen.values())


__all__ = [
    "AccessExplanation",
    "Capability",
    "Explainer",
    "HopExplanation",
    "NearMiss",
    "StepExplanation",
]
