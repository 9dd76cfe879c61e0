"""What `add_access` reads for every actor: the repositories and domains in blocks, their
grants and the actor classes, made once per graph and evaluator (`Built.access_setup`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graph.access.actor_classes import ActorClasses
from graph.access.actors import Actor
from graph.access.capabilities import CAPABILITY_ACTIONS
from graph.access.evaluator import Evaluator
from graph.access.grants import Grants
from graph.access.mentions import mentions
from graph.access.policies import PolicyBook
from graph.access.prefilter import DomainBlocks, RepositoryMasks
from graph.access.targets import Target
from graph.model import Domain, Repository
from graph.policy import CompiledPolicy
from graph.snapshot import Snapshot


@dataclass(frozen=True)
class AccessSetup:
    """The repositories and domains in blocks, their grants and the actor classes: what
    `add_access` reads for every actor."""

    evaluator: Evaluator
    domains: list[Target]
    masks: RepositoryMasks
    logins: DomainBlocks
    domain_grants: Grants
    in_domain: dict[str, int]
    """Per domain node, the bits of its repositories."""
    orphans: int
    """The bits of repositories whose domain the snapshot lacks."""
    classes: ActorClasses

    @classmethod
    def of(
        cls,
        targets: Mapping[str, Target],
        actors: Iterable[Actor],
        evaluator: Evaluator,
        snapshot: Snapshot,
    ) -> AccessSetup:
        """Made from a graph's targets (and its actors' policies: do any read resource tags)."""
        repositories = [t for t in targets.values() if isinstance(t.item, Repository)]
        domains = [t for t in targets.values() if isinstance(t.item, Domain)]
        reads_tags = mentions(snapshot, "aws:resourcetag") and reads_resource_tags(
            actors, targets.values(), evaluator.book
        )
        masks = RepositoryMasks(repositories, evaluator.book, reads_tags=reads_tags)
        in_domain: dict[str, int] = {}
        for i, target in enumerate(repositories):
            in_domain[target.domain_arn] = in_domain.get(target.domain_arn, 0) | 1 << i
        orphans = masks.all
        for domain in domains:
            orphans &= ~in_domain.get(domain.node, 0)
        return cls(
            evaluator,
            domains,
            masks,
            DomainBlocks(domains, reads_tags=reads_tags),
            Grants(domains),
            in_domain,
            orphans,
            ActorClasses(targets.values(), evaluator, masks.grants),
        )


def reads_resource_tags(
    actors: Iterable[Actor], targets: Iterable[Target], book: PolicyBook
) -> bool:
    """Whether a statement in play for a capability's actions reads `aws:ResourceTag` (then
    tags tell resources apart)."""
    actions = {a for group in CAPABILITY_ACTIONS.values() for a in group}
    seen: set[int] = set()
    for policies in (
        *((*a.identity, *(a.boundary or ()), *(p for lv in a.scps for p in lv)) for a in actors),
        *(
            (t.domain_policy, t.repository_policy, *(p for lv in t.rcps for p in lv))
            for t in targets
        ),
    ):
        for policy in policies:
            if isinstance(policy, CompiledPolicy) and id(policy) not in seen:
                seen.add(id(policy))
                if "aws:resourcetag" not in policy.source.lower():
                    continue  # no statement of it can read a resource tag
                if any(book.resource_tag_specific(policy, a) for a in actions):
                    return True
    return False
