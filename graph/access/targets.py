"""Targets: domains and repositories with the resource-side policies that apply to each step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graph.access.policies import PolicyBook, Unreadable, org_levels, split
from graph.model import Domain, Repository, Unknown
from graph.once import once
from graph.policy import CompiledPolicy, Layer
from graph.snapshot import Snapshot


@dataclass(frozen=True, eq=False)
class Target:
    """A domain or repository: its policies (domain, and repository), RCP levels and tags."""

    node: str
    item: Domain | Repository
    account_id: str
    domain_arn: str
    domain_policy: CompiledPolicy | Unreadable | None
    repository_policy: CompiledPolicy | Unreadable | None
    rcps: tuple[tuple[CompiledPolicy, ...], ...]
    rcp_unreadable: tuple[Unreadable, ...]
    tags: Mapping[str, str] | None = field(hash=False)
    domain_tags: Mapping[str, str] | None = field(default=None, hash=False)

    def policies_for(
        self, resource: str
    ) -> tuple[tuple[CompiledPolicy, ...], tuple[Unreadable, ...]]:
        """The resource policies for a step on `resource` (spec D.3).

        A step on the domain meets the domain policy; a step on the repository or one of its
        packages meets the domain policy and the repository policy; `*` meets none.
        """
        if resource == "*":
            return (), ()
        if resource == self.domain_arn:
            return self._domain_side
        return self._repository_side

    @once
    def _domain_side(self) -> tuple[tuple[CompiledPolicy, ...], tuple[Unreadable, ...]]:
        return split([self.domain_policy])

    @once
    def _repository_side(self) -> tuple[tuple[CompiledPolicy, ...], tuple[Unreadable, ...]]:
        return split([self.domain_policy, self.repository_policy])


def build_target(snapshot: Snapshot, book: PolicyBook, item: Domain | Repository) -> Target:
    """The target for a domain or repository of the snapshot."""
    domain: Domain | None
    if isinstance(item, Domain):
        domain_arn, domain = item.arn, item
        repo_policy: CompiledPolicy | Unreadable | None = None
        account = item.owner
    else:
        domain_arn = item.domain_arn
        found = snapshot.find(domain_arn)
        domain = found if isinstance(found, Domain) else None
        repo_policy = book.compile(
            item.policy, f"repository policy {item.domain}/{item.name}", Layer.RESOURCE
        )
        account = item.account_id
    if domain is None:
        domain_policy: CompiledPolicy | Unreadable | None = Unreadable(
            f"domain policy {domain_arn.rsplit('/', 1)[-1]}", "the domain is not in the snapshot"
        )
    else:
        domain_policy = book.compile(domain.policy, f"domain policy {domain.name}", Layer.RESOURCE)
    levels, bad = rcp_levels(snapshot, book, account)
    tags = None if isinstance(item.tags, Unknown) else dict(item.tags)
    domain_tags = None
    if domain is not None and not isinstance(domain.tags, Unknown):
        domain_tags = dict(domain.tags)
    return Target(
        node=item.arn,
        item=item,
        account_id=account,
        domain_arn=domain_arn,
        domain_policy=domain_policy,
        repository_policy=repo_policy,
        rcps=levels,
        rcp_unreadable=bad,
        tags=tags,
        domain_tags=domain_tags,
    )


def rcp_levels(
    snapshot: Snapshot, book: PolicyBook, account_id: str
) -> tuple[tuple[tuple[CompiledPolicy, ...], ...], tuple[Unreadable, ...]]:
    """The RCPs per level for resources of an account, and those that cannot be read."""
    return org_levels(snapshot, book, account_id, "RESOURCE_CONTROL_POLICY")
