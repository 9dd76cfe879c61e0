"""What a lazy `AccessGraph` has computed so far, and computes next: one principal's chains
and the access of the actors on them, or the access edges into one resource (`targeted`),
until a question needs the whole graph."""

from __future__ import annotations

from collections.abc import Iterator

from graph.access.actors import Actor
from graph.access.build import Built, add_access, chain_levels, complete
from graph.access.capabilities import Capability, parse_capability
from graph.access.collector import building
from graph.access.evaluator import Evaluator, Verdict
from graph.access.hops import role_chains
from graph.access.queries import action_ends, capability_ends, end_targets
from graph.access.results import Hop
from graph.access.targeted import access_into
from graph.access.walks import MAX_DEPTH
from graph.snapshot import Snapshot


class OnDemand:
    """A graph's edges, made as questions need them (all of them once `whole`)."""

    def __init__(
        self, snapshot: Snapshot, built: Built, evaluator: Evaluator, *, whole: bool
    ) -> None:
        self.snapshot = snapshot
        self.built = built
        self.evaluator = evaluator
        self.whole = whole
        """Every edge is there (a full build, or a lazy graph completed)."""
        self._chains: set[str] = set()
        """Principals whose chains a lazy graph has (`chains`)."""
        self._reached: set[str] = set()
        """Actors whose access edges a lazy graph has (`reach`, `own`)."""
        self._into: set[tuple[str, Capability]] = set()
        """(resource, capability) whose access edges a lazy graph has (`ends`)."""
        self._walks: dict[str, Iterator[tuple[Verdict, int]]] = {}
        """Principals whose chains a lazy graph has in part: the rest of each walk."""

    def complete(self) -> None:
        """Every edge: what a lazy graph has not made yet is made now."""
        if not self.whole:
            complete(self.built, self.evaluator, self.snapshot)
            self.whole = True

    @building
    def chains(self, principal: str) -> None:
        """The trust edges out of the principal and every role it can become."""
        for _ in self.levels(principal):
            pass

    def levels(self, principal: str) -> Iterator[tuple[Verdict, int]]:
        """`chains`, one level of its walks at a time (`build.chain_levels`): a question that
        stops early leaves the rest of the walk for the next one to go on with (not `yield
        from`, which would close the walk with this generator)."""
        if self.whole or principal in self._chains:  # every chain is there: all final
            yield Verdict.ALLOWED, MAX_DEPTH
            yield Verdict.CONDITIONAL, MAX_DEPTH
            return
        walk = self._walks.get(principal)
        if walk is None:
            walk = self._walks[principal] = chain_levels(
                self.built, self.evaluator, self.snapshot, principal
            )
        while True:
            try:
                level = next(walk)
            except StopIteration:
                break
            except BaseException:
                del self._walks[principal]  # a walk that failed starts again next time
                raise
            yield level
        self._chains.add(principal)
        del self._walks[principal]

    def reach(self, principal: str) -> None:
        """The principal's chains, and the access edges of every actor on them (made as the
        whole build makes them, so `reachable` reads the same answers)."""
        if self.whole:
            return
        self.chains(principal)
        todo = []
        for node, _ in role_chains(self.built.graph, principal):
            if node not in self._reached:
                self._reached.add(node)
                todo.append(self.actor(node))
        if todo:
            add_access(self.built, self.evaluator, self.snapshot, actors=todo)

    def own(self, actor: Actor) -> None:
        """The actor's own access edges."""
        if not self.whole and actor.node not in self._reached:
            self._reached.add(actor.node)
            add_access(self.built, self.evaluator, self.snapshot, actors=[actor])

    def ends(self, node: str, capability: str) -> list[tuple[str, tuple[Hop, ...]]]:
        """(actor whose own access reaches the resource, its hops) for a capability or one
        action; a lazy graph makes the access edges into the resource (and, for `read`, the
        repositories that serve it) first."""
        parsed = parse_capability(capability)
        built, evaluator = self.built, self.evaluator
        if parsed is None:
            return action_ends(built, evaluator, node, capability)
        if not self.whole and (node, parsed) not in self._into:
            self._into.add((node, parsed))
            nodes = [end for end, _ in end_targets(built.graph, node, parsed.value)]
            access_into(built, evaluator, self.snapshot, nodes, parsed)
        return capability_ends(built, node, parsed.value)

    def actor(self, node: str) -> Actor:
        """The actor of a user, role or account root node (KeyError for other nodes)."""
        return self.built.actor(node, self.snapshot, self.evaluator.book)
