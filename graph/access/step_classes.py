"""Which actors answer alike for one action on one domain or repository: those whose answers
cannot differ for it (`Evaluator.shared_key`, as `queries.action_ends` reads it), unless a
policy of the target names the actor or reads who it is in a way the key does not hold."""

from __future__ import annotations

from graph.access.actors import Actor, Named
from graph.access.evaluator import Evaluator
from graph.access.targets import Target
from graph.policy import CompiledPolicy
from graph.policy.conditions import Clause


class StepClasses:
    """The class of an actor for an action on a target (its node where it stands alone)."""

    def __init__(self, evaluator: Evaluator) -> None:
        self.evaluator = evaluator
        self._sides: dict[tuple[str, str], tuple[Named, bool, tuple[Clause, ...] | None]] = {}
        self._keys: dict[tuple[int, str, bool, tuple[Clause, ...]], tuple[Actor, object]] = {}
        """An actor's key by the target side's flags (the actor held: ids are reused)."""

    def key(self, actor: Actor, target: Target, action: str) -> object:
        """Equal for actors that get the same answer for the action on the target."""
        lower = action.lower()
        side = self._sides.get((target.node, lower))
        if side is None:
            rcps = (p for level in target.rcps for p in level)
            policies = tuple(
                p
                for p in (target.domain_policy, target.repository_policy, *rcps)
                if isinstance(p, CompiledPolicy)
            )
            tagged = any(self.evaluator.book.flags(p, lower)[1] for p in policies)
            reads = self.evaluator.reading(policies, (lower,))
            side = self._sides[(target.node, lower)] = (Named.of(policies), tagged, reads)
        named, tagged, reads = side
        if reads is None or named.names(actor):
            return actor.node
        memo = (id(actor), lower, tagged, reads)
        found = self._keys.get(memo)
        if found is None or found[0] is not actor:
            key = self.evaluator.shared_key(
                actor, (lower,), personal=False, tagged=tagged, reads=reads
            )
            found = self._keys[memo] = (actor, key)
        return found[1]
