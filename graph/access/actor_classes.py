"""Actors grouped by what their capabilities depend on, so that each group is evaluated once."""

from __future__ import annotations

from collections.abc import Collection

from graph.access.actors import Actor, Named
from graph.access.capabilities import CAPABILITY_ACTIONS, Capability
from graph.access.capability_eval import capability_result
from graph.access.evaluator import Evaluator
from graph.access.grants import Grants
from graph.access.results import CapabilityResult
from graph.access.targets import Target
from graph.access.unkept import UNKEPT, Unkept
from graph.model import Repository
from graph.policy import CompiledPolicy
from graph.policy.conditions import Clause


class ActorClasses:
    """Actors grouped by everything their capabilities depend on: one evaluation per group.

    Two actors share a class when, for every action a capability takes, the same statements of
    theirs cover it under the same boundary and SCPs, and nothing reads who they are or their
    tags differently (`Evaluator` decides what that means) and no resource policy names them.
    """

    def __init__(
        self, targets: Collection[Target], evaluator: Evaluator, grants: Grants | None = None
    ) -> None:
        """`grants`: on the targets' repositories, when the caller has them (the prefilter's)."""
        self.evaluator = evaluator
        self._named = Named.of(
            p
            for target in targets
            for p in (target.domain_policy, target.repository_policy)
            if isinstance(p, CompiledPolicy)
        )
        self._results: dict[tuple[object, ...], CapabilityResult] = {}
        repositories = [t for t in targets if isinstance(t.item, Repository)]
        self.unkept = Unkept(grants or Grants(repositories), evaluator)
        book = evaluator.book
        resource_side: dict[int, CompiledPolicy] = {}
        for target in targets:
            for policy in (
                target.domain_policy,
                target.repository_policy,
                *(p for level in target.rcps for p in level),
            ):
                if isinstance(policy, CompiledPolicy):
                    resource_side[id(policy)] = policy
        self.tagged: dict[Capability, bool] = {}
        for capability, actions in CAPABILITY_ACTIONS.items():
            flags = [book.flags(p, a) for p in resource_side.values() for a in actions]
            self.tagged[capability] = any(f[1] for f in flags)
        self._reads: dict[tuple[str, Capability], tuple[Clause, ...] | None] = {}

    def named(self, actor: Actor) -> bool:
        """A resource policy names this user or role: its answers are its own."""
        return self._named.names(actor)

    def key(self, actor: Actor, capability: Capability, named: bool) -> object:
        """The actor's class for one capability: a resource policy or RCP that reads principal
        tags adds the tags (one that tests who the caller is splits it per resource, see
        `result`)."""
        return self.evaluator.shared_key(
            actor, CAPABILITY_ACTIONS[capability], personal=named, tagged=self.tagged[capability]
        )

    def keys(self, actor: Actor) -> dict[Capability, object]:
        """The actor's class per capability (`key`), each made when first read: most actors
        never need the one for `admin`, and those that cannot log in need none but it."""
        return _Keys(self, actor, self.named(actor))

    def result(
        self,
        keys: dict[Capability, object],
        actor: Actor,
        target: Target,
        capability: Capability,
        *,
        blocked: bool = True,
    ) -> CapabilityResult:
        """The capability's result (`UNKEPT` for a denial the graph drops), shared with every
        actor of the same class that fares alike on the tests of who the caller is in the
        target's policies (`aws:PrincipalArn`, a user name; through a policy variable, no two
        actors share it). `blocked` False: the target is not among `Unkept.blocked`'s, so the
        answer is evaluated without asking whether it is one the graph drops."""
        reads = self._reads_of(target, capability)
        who = actor.node if reads is None else reads and self.evaluator.seen_as(actor, reads)
        key = (keys[capability], target.node, capability, who)
        found = self._results.get(key)
        if found is None:
            if blocked and self.unkept(actor, target, capability, keys[capability]):
                found = UNKEPT  # alike for the class, whose answers are all alike
            else:
                found = capability_result(self.evaluator, actor, target, capability)
            self._results[key] = found
        return found

    def _reads_of(self, target: Target, capability: Capability) -> tuple[Clause, ...] | None:
        memo = (target.node, capability)
        if memo not in self._reads:
            rcps = (p for level in target.rcps for p in level)
            policies = (target.domain_policy, target.repository_policy, *rcps)
            compiled = tuple(p for p in policies if isinstance(p, CompiledPolicy))
            self._reads[memo] = self.evaluator.reading(compiled, CAPABILITY_ACTIONS[capability])
        return self._reads[memo]


class _Keys(dict[Capability, object]):
    """An actor's class per capability, made on first read (see `ActorClasses.keys`)."""

    def __init__(self, classes: ActorClasses, actor: Actor, named: bool) -> None:
        super().__init__()
        self._classes, self._actor, self._named = classes, actor, named

    def __missing__(self, capability: Capability) -> object:
        found = self[capability] = self._classes.key(self._actor, capability, self._named)
        return found
