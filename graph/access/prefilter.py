"""Which repositories an actor's identity policies could open at all, as bit masks.

Cross-account, every step needs an identity Allow (spec A.5), so a repository that no identity
Allow statement covers for some step is denied without evaluating it. Masks are computed once
per statement and combined per actor class; conditions are ignored, which only keeps more
candidates. Repositories in the actor's own account stay candidates: a resource policy alone can
grant there (spec A.4).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from graph.access.actors import Actor
from graph.access.capabilities import Capability, package_arn
from graph.access.evaluator import statement_matches
from graph.access.grants import Grants
from graph.access.policies import PolicyBook
from graph.access.scopes import names_a_scope
from graph.access.targets import Target
from graph.model import Repository
from graph.policy import CompiledPolicy, CompiledStatement

_REPO: Final = "repository"
PACKAGE_FORM: Final = "package"
"""A step asked of any package of the repository (the others, of the repository itself)."""
REPOSITORY_STEPS: Final[dict[Capability, tuple[tuple[str, str], ...]]] = {
    Capability.READ: (
        ("codeartifact:getrepositoryendpoint", _REPO),
        ("codeartifact:readfromrepository", _REPO),
    ),
    Capability.PUBLISH: (
        ("codeartifact:getrepositoryendpoint", _REPO),
        ("codeartifact:publishpackageversion", PACKAGE_FORM),
        ("codeartifact:putpackagemetadata", PACKAGE_FORM),
    ),
    Capability.ADMIN: (("codeartifact:putrepositorypermissionspolicy", _REPO),),
}


class RepositoryMasks:
    """Bit i stands for `repositories[i]`."""

    def __init__(
        self, repositories: Sequence[Target], book: PolicyBook, *, reads_tags: bool = True
    ) -> None:
        self.repositories = list(repositories)
        self.book = book
        self.reads_tags = reads_tags
        """Some policy reads `aws:ResourceTag`: repositories tagged differently differ."""
        self.all = (1 << len(self.repositories)) - 1
        self._by_account: dict[str, int] = {}
        for i, target in enumerate(self.repositories):
            self._by_account[target.account_id] = (
                self._by_account.get(target.account_id, 0) | 1 << i
            )
        self._statements: dict[tuple[int, str], int] = {}
        self._classes: dict[tuple[object, Capability], int] = {}
        self._blocks: dict[tuple[object, Capability, int], list[int]] = {}
        self._bases: dict[Capability, list[int]] = {}
        self._config: dict[Capability, list[int]] = {}
        self._resource_side: dict[str, list[CompiledStatement]] = {}
        self._repository_side: dict[str, list[CompiledStatement]] = {}
        self.grants = Grants(self.repositories)

    def _config_masks(self, capability: Capability) -> list[int]:
        """Masks that separate repositories whose policies differ for a capability: by domain,
        by the repository policy's statements that cover its actions (a policy that cannot be
        read stands alone), by tags when a policy reads them. Repositories whose statements
        read the same stay together: their Resource elements split them where they differ
        (`_policy_statements`)."""
        found = self._config.get(capability)
        if found is None:
            actions = [a for a, _ in REPOSITORY_STEPS[capability]]
            groups: dict[object, int] = {}
            for i, target in enumerate(self.repositories):
                policy = self._covering(target, actions)
                keys: list[object] = [("domain", target.domain_arn), ("policy", policy)]
                if self.reads_tags:
                    keys.append(("tags", tuple(sorted((target.tags or {}).items()))))
                for key in keys:
                    groups[key] = groups.get(key, 0) | 1 << i
            found = self._config[capability] = list(groups.values())
        return found

    def _covering(self, target: Target, actions: list[str]) -> object:
        """The repository policy's statements covering `actions`, as (position, text)."""
        policy = target.repository_policy
        if not isinstance(policy, CompiledPolicy):
            return None if policy is None else target.node
        texts = self.book.statement_texts(policy)
        return tuple(
            sorted(
                {
                    (s.ref.index, texts[s.ref.index])
                    for a in actions
                    for g in policy.for_action(a)
                    for s in g
                }
            )
        )

    def _policy_statements(self, action: str) -> list[CompiledStatement]:
        """Statements covering `action` of the repository policies, one per distinct text."""
        found = self._repository_side.get(action)
        if found is None:
            first: dict[str, CompiledStatement] = {}
            for target in self.repositories:
                policy = target.repository_policy
                if isinstance(policy, CompiledPolicy):
                    texts = self.book.statement_texts(policy)
                    for group in policy.for_action(action):
                        for stmt in group:
                            first.setdefault(texts[stmt.ref.index], stmt)
            found = self._repository_side[action] = list(first.values())
        return found

    def _resource(self, target: Target, form: str) -> str:
        item = target.item
        return (
            package_arn(item)
            if form == PACKAGE_FORM and isinstance(item, Repository)
            else target.node
        )

    def _statement(self, stmt: CompiledStatement, form: str) -> int:
        key = (id(stmt), form)
        found = self._statements.get(key)
        if found is None:
            found = 0
            for i, target in enumerate(self.repositories):
                item = target.item
                if statement_matches(stmt, self._resource(target, form)) is not False or (
                    form == PACKAGE_FORM
                    and isinstance(item, Repository)
                    and names_a_scope(stmt, item)
                ):
                    found |= 1 << i
            self._statements[key] = found
        return found

    def candidates(self, actor: Actor, class_key: object, capability: Capability) -> int:
        """Repositories where each step of `capability` has an identity Allow (or own account)."""
        key = (class_key, capability)
        found = self._classes.get(key)
        if found is None:
            found = self.all
            for action, form in REPOSITORY_STEPS[capability]:
                allowed = 0
                for policy in actor.identity:
                    for stmt in policy.for_action(action)[0]:
                        allowed |= self._statement(stmt, form)
                found &= allowed
            found |= self._by_account.get(actor.account_id, 0)
            if actor.unreadable:
                found = self.all
            elif capability is Capability.ADMIN:  # its first step must be grantable
                found &= self.grants.possible(actor, REPOSITORY_STEPS[capability][0][0], class_key)
            self._classes[key] = found
        return found

    def members(self, mask: int) -> list[Target]:
        """The repositories whose bits are set."""
        found = []
        while mask:
            low = mask & -mask
            found.append(self.repositories[low.bit_length() - 1])
            mask ^= low
        return found

    def _resource_statements(self, action: str) -> list[CompiledStatement]:
        """Statements of every domain policy and RCP that cover `action`."""
        found = self._resource_side.get(action)
        if found is None:
            seen: dict[int, CompiledPolicy] = {}
            for target in self.repositories:
                policies = [target.domain_policy, *(p for level in target.rcps for p in level)]
                for policy in policies:
                    if isinstance(policy, CompiledPolicy):
                        seen[id(policy)] = policy
            found = [s for p in seen.values() for group in p.for_action(action) for s in group]
            self._resource_side[action] = found
        return found

    def blocks(
        self, actor: Actor, class_key: object, capability: Capability, mask: int
    ) -> list[int]:
        """`mask` split into blocks of repositories that get the same answer for this class.

        Within a block the domain, the policies, the tags and which statements' Resource
        elements match are all the same, so one evaluation answers for every member.
        """
        key = (class_key, capability, mask)
        found = self._blocks.get(key)
        if found is None:
            found = [part for block in self._base(capability) if (part := block & mask)]
            for action, form in REPOSITORY_STEPS[capability]:
                for policy in (
                    *actor.identity,
                    *(actor.boundary or ()),
                    *(p for level in actor.scps for p in level),
                ):
                    for group in policy.for_action(action):
                        for stmt in group:
                            found = _split(found, self._statement(stmt, form))
            found.sort(key=lambda block: block & -block)  # by first member: a stable order
            self._blocks[key] = found
        return found

    def _base(self, capability: Capability) -> list[int]:
        """Every repository in blocks by what is the same for every class: configuration
        (domain, policies, tags) and the resource-side statements; classes split them
        further by their own statements only."""
        found = self._bases.get(capability)
        if found is None:
            found = [self.all] if self.all else []  # no repositories at all: no block
            for config in self._config_masks(capability):
                found = _split(found, config)
            for action, form in REPOSITORY_STEPS[capability]:
                for stmt in (*self._resource_statements(action), *self._policy_statements(action)):
                    found = _split(found, self._statement(stmt, form))
            self._bases[capability] = found
        return found


LOGIN_ACTIONS: Final = ("codeartifact:getauthorizationtoken",)


class DomainBlocks:
    """Domains that get the same login answer for an actor class: the same account, domain
    policy text and (when read) tags, and every statement covering `GetAuthorizationToken`
    matching them alike. One evaluation answers for a block."""

    def __init__(self, domains: Sequence[Target], *, reads_tags: bool = True) -> None:
        self.domains = list(domains)
        groups: dict[object, list[Target]] = {}
        for target in self.domains:
            policy = target.domain_policy
            text = policy.source if isinstance(policy, CompiledPolicy) else policy and target.node
            tags = tuple(sorted((target.tags or {}).items())) if reads_tags else ()
            groups.setdefault((target.account_id, text, tags), []).append(target)
        self._config = list(groups.values())
        first: dict[str, CompiledPolicy] = {}
        for target in self.domains:
            for policy in (target.domain_policy, *(p for lv in target.rcps for p in lv)):
                if isinstance(policy, CompiledPolicy):
                    first.setdefault(f"{policy.kind}:{policy.source}", policy)
        self._resource_side = [
            s for p in first.values() for a in LOGIN_ACTIONS for g in p.for_action(a) for s in g
        ]
        self._blocks: dict[object, list[list[Target]]] = {}

    def blocks(self, actor: Actor, class_key: object) -> list[list[Target]]:
        """The domains in blocks, for this actor's class (its statements decide the split)."""
        found = self._blocks.get(class_key)
        if found is None:
            found = self._config
            policies = (
                *actor.identity,
                *(actor.boundary or ()),
                *(p for lv in actor.scps for p in lv),
            )
            own = [s for p in policies for a in LOGIN_ACTIONS for g in p.for_action(a) for s in g]
            for stmt in (*own, *self._resource_side):
                found = [part for block in found for part in _halves(block, stmt)]
            self._blocks[class_key] = found
        return found


def _halves(block: list[Target], stmt: CompiledStatement) -> list[list[Target]]:
    """A block split by a statement's answer for each member (templates answer per member)."""
    parts: dict[object, list[Target]] = {}
    for target in block:
        parts.setdefault(statement_matches(stmt, target.node), []).append(target)
    return list(parts.values())


def _split(parts: list[int], by: int) -> list[int]:
    """Each part cut in two by a mask (empty halves dropped)."""
    out = []
    for part in parts:
        inside = part & by
        if inside:
            out.append(inside)
        outside = part & ~by
        if outside:
            out.append(outside)
    return out
