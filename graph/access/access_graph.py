"""`AccessGraph`: the access graph of a snapshot and the questions it answers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

import networkx as nx

from graph.access.assume_index import assume_out
from graph.access.build import (
    Built,
    Progress,
    build,
    skeleton,
)
from graph.access.capabilities import (
    parse_capability,
)
from graph.access.capability_eval import own_capabilities, own_decision, steps_of
from graph.access.collector import pausing
from graph.access.depth_profile import Profile, depth_profile
from graph.access.escalation import Escalations
from graph.access.evaluator import Evaluator, StepResult
from graph.access.explain import Explainer
from graph.access.explaining import Explaining
from graph.access.hops import access_edges_of
from graph.access.on_demand import OnDemand
from graph.access.parallel import build_parallel, worth_it
from graph.access.policies import PolicyBook
from graph.access.queries import (
    Answers,
    answers_to,
    chains_to,
    paths,
    reachable,
    who_can,
    who_can_action,
)
from graph.access.resolve import NotFound, resolve_principal, resolve_resource, resolve_resources
from graph.access.results import Chain, Hop, Reach
from graph.access.targeted import expander, trust_into
from graph.access.walks import forget
from graph.policy import Decision
from graph.policy.model import ContextValue
from graph.snapshot import Snapshot

WHOLE_AFTER: Final = 48
"""More who-can questions than this on a lazy graph cost more than building the whole graph
once (each computes every actor's access into its resource; diverse 3k: 0.19 s each against
an 11 s build)."""


class AccessGraph(Explaining):
    """Who reaches which CodeArtifact domain and repository, through which chain, and why not.

    `graph` is a networkx MultiDiGraph (nodes and edges in docs/graph-schema.md). Context
    assumptions (`aws:MultiFactorAuthPresent`, `aws:SourceIp`, …) given at construction are used
    for every answer; keys left out are unknown, and answers that depend on them are
    *conditional*.
    """

    def __init__(
        self, snapshot: Snapshot, built: Built, evaluator: Evaluator, *, complete: bool = True
    ) -> None:
        self.snapshot = snapshot
        self._built = built
        self._evaluator = evaluator
        self._explainer = Explainer(snapshot, built, evaluator)
        self._demand = OnDemand(snapshot, built, evaluator, whole=complete)
        self._escalations: Escalations | None = None

    @property
    def _complete(self) -> bool:
        return self._demand.whole

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The whole access graph (built now if this one was made `lazy`)."""
        self._demand.complete()
        return self._built.graph

    @property
    def partial_graph(self) -> nx.MultiDiGraph:
        """Every node, and the edges computed so far: all of them unless made `lazy`, else
        those the questions asked needed (for labels and chains of those answers)."""
        return self._built.graph

    @property
    def _whole(self) -> Built:
        self.graph  # noqa: B018 - builds a lazy graph
        return self._built

    @classmethod
    def from_snapshot(
        cls,
        snapshot: Snapshot,
        context: Mapping[str, ContextValue] | None = None,
        *,
        progress: Progress | None = None,
        lazy: bool = False,
        jobs: int = 1,
    ) -> AccessGraph:
        """Build the graph: trust edges, then every principal's access (shared evaluations).

        `progress(stage, done, total)` is called as the build goes (stages `trust`, `access`).
        `lazy` builds nothing up front: `check` and `explain` then compute only what one
        principal's chains need, and the whole graph is built on first need (`graph`,
        `who_can`, `reachable`, `paths`). `jobs` spreads the build over that many processes
        when the organisation is large enough for it to pay (`parallel`): same answers.
        """
        evaluator = Evaluator(PolicyBook(), context)
        if lazy:
            return cls(snapshot, skeleton(snapshot, evaluator), evaluator, complete=False)
        if worth_it(snapshot, jobs):
            return cls(snapshot, build_parallel(snapshot, evaluator, jobs, progress), evaluator)
        return cls(snapshot, build(snapshot, evaluator, progress), evaluator)

    def expect_who_can(self, questions: int) -> None:
        """`questions` who-can questions are coming: on a lazy graph, past `WHOLE_AFTER` the
        whole graph is built now, which is cheaper than that many targeted answers."""
        if not self._complete and questions > WHOLE_AFTER:
            self.graph  # noqa: B018 - builds a lazy graph

    def changed(self, snapshot: Snapshot) -> AccessGraph:
        """A lazy graph of a changed copy of this snapshot (a what-if), under the same context:
        the principals whose every input is the same object keep their actors, and the
        policies the copy shares are not compiled again (`skeleton`'s reuse)."""
        same_tree = self.snapshot.organization is snapshot.organization
        evaluator = self._evaluator.fork(self._evaluator.book.fork(), decisions=same_tree)
        built = skeleton(snapshot, evaluator, reuse=(self.snapshot, self._built))
        # completed, the copy takes this graph's access edges where it can, once whole
        built.original = (self.snapshot, self._built, lambda: self._complete)
        return AccessGraph(snapshot, built, evaluator, complete=False)

    def borrow_trust(self, other: AccessGraph, changed: Iterable[str]) -> None:
        """Take `other`'s trust edges into roles where they cannot differ from this graph's:
        `other` is of another snapshot that differs only in the inputs of the principals and
        roles in `changed` (a diff's, see `AssumeEdges.lend`), under the same context."""
        if other._evaluator.assumptions != self._evaluator.assumptions:
            return
        mine = self._built.assume_edges(self._evaluator, self.snapshot)
        mine.lend(other._built.assume_edges(other._evaluator, other.snapshot), frozenset(changed))

    def with_context(self, context: Mapping[str, ContextValue]) -> AccessGraph:
        """The same snapshot under other context assumptions."""
        return AccessGraph.from_snapshot(self.snapshot, context, lazy=not self._complete)

    @property
    def context(self) -> Mapping[str, ContextValue]:
        """The context assumptions in force."""
        return dict(self._evaluator.assumptions)

    @property
    def evaluations(self) -> int:
        """How many distinct evaluations the build and questions have made."""
        return self._evaluator.evaluations

    def resolve_principal(self, text: str) -> str:
        """The node of a principal named by ARN, session ARN, `user/NAME`, `role/NAME` or name.

        Callers outside the snapshot (another account, anyone) are nodes only once the trust
        policies naming them are read: a lazy graph that does not know the name is completed.
        """
        try:
            return resolve_principal(self._built.graph, text)
        except NotFound:
            if self._complete:
                raise
        return resolve_principal(self.graph, text)

    def resolve_resource(self, text: str) -> str:
        """The node of a domain or repository named by ARN, `domain/repository` or name."""
        return resolve_resource(self._built.graph, text)

    def resolve_resources(self, pattern: str) -> list[str]:
        """Every domain or repository a wildcard pattern (`acme/*`, an ARN pattern) names."""
        return resolve_resources(self._built.graph, pattern)

    def check(
        self,
        principal: str,
        action: str,
        resource: str,
        context: Mapping[str, ContextValue] | None = None,
    ) -> Decision:
        """The engine's decision for one action or a whole capability, with the policies that
        apply chosen here.

        For a capability (`login`, `read`, `publish`, `admin`) every step is evaluated and the
        first step that fails decides (denied or unknown, in the order AWS meets the steps: the
        token, the endpoint, then the repository or package); when none fails, the first
        conditional step (its unknowns are what must hold), else the last step. So a role whose
        only grant is a repository policy, with no domain policy letting it get a token, is
        denied at `codeartifact:GetAuthorizationToken`. `check_steps` gives every step.

        When a policy that takes part could not be read, cax cannot show the action is allowed:
        an allowed outcome becomes an implicit deny with the rule `unreadable_policy` (and the
        policy named in `rules`); `check_steps` reports that as the verdict *unknown*.
        """
        return own_decision(self._results(principal, action, resource, context))

    def check_steps(
        self,
        principal: str,
        capability: str,
        resource: str,
        context: Mapping[str, ContextValue] | None = None,
    ) -> list[StepResult]:
        """Every step of a capability (or one action) for a principal's own policies."""
        return self._results(principal, capability, resource, context)

    def _results(
        self, principal: str, what: str, resource: str, context: Mapping[str, ContextValue] | None
    ) -> list[StepResult]:
        evaluator = (
            self._evaluator
            if context is None
            else Evaluator(self._evaluator.book, {**self._evaluator.assumptions, **context})
        )
        actor = self._built.actor(self.resolve_principal(principal), self.snapshot, evaluator.book)
        target = self._built.targets[self.resolve_resource(resource)]
        return [evaluator.run(actor, target, s) for s in steps_of(what, target.item)]

    def add_escalation(self, *, takeovers: bool = False) -> int:
        """Add the escalation edges to the whole graph (built now if lazy), once: policy
        rewrites and widenings, and with `takeovers` every take-over and every widening of a
        role someone may assume (else made as who-could questions reach users and roles, and
        ask about domains and repositories); returns how many escalation edges it holds.
        Other questions than `who_can(..., escalation=True)` ignore them."""
        return self._escalation.count(takeovers=takeovers)

    @property
    def _escalation(self) -> Escalations:
        if self._escalations is None:
            self._escalations = Escalations(self._whole, self._evaluator, self.snapshot)
            forget(self._built.graph)
        return self._escalations

    @pausing
    def who_can(
        self,
        resource: str,
        capability: str,
        *,
        all_chains: bool = False,
        escalation: bool = False,
    ) -> list[Reach]:
        """Every principal that reaches the resource, with its shortest chain (or all chains).

        `capability` is `login`, `read`, `publish`, `admin` or one action such as
        `codeartifact:DescribeRepository`. With `escalation`, instead: every principal that
        could gain the capability through at least one escalation step (`escalation`) and
        fare better than it does now, with the chain that does it.
        """
        if escalation:
            node = self.resolve_resource(resource)
            now = lambda c: self.who_can_answers(node, c).verdicts  # noqa: E731
            return self._escalation.who_could(node, capability, now, all_chains)
        if not all_chains:
            return self.who_can_answers(resource, capability).reaches()
        node = self.resolve_resource(resource)
        parsed = parse_capability(capability)
        if self._complete:
            if parsed is None:
                return who_can_action(self._built, self._evaluator, node, capability, every=True)
            return who_can(self._built, node, parsed.value, every=True)
        # a lazy graph computes what this resource needs (`targeted`), not the whole graph
        ends = self._demand.ends(node, capability)
        trust_into(self._built, self._evaluator, self.snapshot, (actor for actor, _ in ends))
        return chains_to(
            self._built.graph, ends, node, parsed.value if parsed else capability, True
        )

    def who_can_answers(self, resource: str, capability: str) -> Answers:
        """`who_can`'s best chains as verdicts by principal, each `Reach` made when read
        (`Answers.reach`): a diff compares every principal's verdict and reads few chains."""
        node = self.resolve_resource(resource)
        parsed = parse_capability(capability)
        ends = self._demand.ends(node, capability)
        expand = None
        if not self._complete:
            expand = expander(self._built, self._evaluator, self.snapshot, ends)
        what = parsed.value if parsed else capability
        return answers_to(self._built.graph, ends, node, what, expand)

    def direct(self, resource: str, capability: str) -> frozenset[tuple[str, tuple[Hop, ...]]]:
        """Who reaches the resource without assuming a role: (user or role, hops) where its
        own policies do not deny, and for `read` through the repositories that serve it
        (who-can's chains end so). Two graphs with the same trust edges whose `direct` agree
        give the same who-can verdicts: a diff asks who-can only where they differ. A lazy
        graph computes only the access edges into the resource."""
        node = self.resolve_resource(resource)
        return frozenset(self._demand.ends(node, capability))

    def reachable(self, principal: str) -> list[Reach]:
        """Every domain and repository × capability of a principal, with outcome and chain.

        On a lazy graph, a user or role's answer computes only its own chains and the access
        of the roles they reach (`OnDemand.reach`); a caller outside the snapshot needs the
        whole graph.
        """
        node = self.resolve_principal(principal)
        try:
            actor = self._demand.actor(node)
        except KeyError:
            return reachable(self._whole, node)
        self._demand.reach(node)
        return reachable(
            self._built,
            node,
            own_capabilities(self._built.targets.values(), self._evaluator, actor),
        )

    def first_hop(self, principal: str) -> dict[str, str]:
        """The roles a user or role may assume in one hop, with each edge's verdict (a lazy
        graph computes only this principal's own trust edges)."""
        node = self.resolve_principal(principal)
        actor = self._demand.actor(node)
        if not self._complete:
            self._built.assume_edges(self._evaluator, self.snapshot).out_of(actor)
        return {
            role: str(data["verdict"]) for role, data in assume_out(self._built.graph, node).items()
        }

    def own_access(self, principal: str) -> dict[tuple[str, str], str]:
        """(capability, resource) → verdict of a user's or role's own access edges, no role
        assumed (a lazy graph computes only this principal's)."""
        node = self.resolve_principal(principal)
        self._demand.own(self._demand.actor(node))
        edges = access_edges_of(self._built.graph, node)
        return {
            (str(data["capability"]), resource): str(data["verdict"]) for resource, data in edges
        }

    def depth_profile(self, role: str) -> Profile:
        """What a role gives whoever becomes it (`depth_profile`): per capability and
        resource, the best verdict within each number of further role hops. On a lazy graph,
        only the role's chains and their actors' access are computed."""
        node = self.resolve_principal(role)
        self._demand.reach(node)
        return depth_profile(self.partial_graph, node)

    def paths(self, principal: str, resource: str, capability: str) -> list[Chain]:
        """Every chain from a principal to a resource for a capability, best first."""
        self.graph  # noqa: B018 - builds a lazy graph
        return paths(
            self._built,
            self.resolve_principal(principal),
            self.resolve_resource(resource),
            capability,
        )
