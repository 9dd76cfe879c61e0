"""The keys under which an evaluator shares decisions: what a caller's and a resource's
policies bring to a request for one action, each read once (see `evaluator.Evaluator`, which
adds the request's own parts and decides)."""

from __future__ import annotations

from itertools import repeat

from graph.access.actors import Actor, Named
from graph.access.key_parts import (
    ActorPart,
    ResourcePart,
    ScpShare,
    Share,
    either,
    resource_tags,
    statement_ids,
)
from graph.access.keys import statement_matches
from graph.access.policies import PolicyBook
from graph.access.targets import Target
from graph.policy import CompiledPolicy, CompiledStatement
from graph.policy.conditions import Clause


class SharingKeys:
    """Memoised parts of decision keys: an actor's side per action (its covering statements,
    boundary and SCPs), a resource's side, policies by text."""

    def __init__(self, book: PolicyBook) -> None:
        self.book = book
        self._contents: dict[int, tuple[CompiledPolicy, int]] = {}
        self._content_ids: dict[tuple[str, str], int] = {}
        self._actor_parts: dict[tuple[str, str], tuple[Actor, ActorPart]] = {}
        self._resource_parts: dict[tuple[object, ...], ResourcePart] = {}
        self._matched_ids: dict[tuple[int, str], int] = {}
        self._sides: dict[tuple[object, ...], int] = {}
        self._principals: dict[int, Named] = {}
        self._classes: dict[tuple[str, tuple[str, ...]], tuple[Actor, object]] = {}
        self._shares: dict[tuple[int, str], tuple[CompiledPolicy, Share]] = {}
        self._scp_shares: dict[tuple[int, str], tuple[object, ScpShare]] = {}

    def _content_id(self, policy: CompiledPolicy) -> int:
        """One number for every resource policy with the same text and kind.

        Roles whose trust policies read alike (every role trusting the account root), and
        repositories with the same policy, then share decisions; `relabel` names the policy
        that actually applies in the shared decision's statements.
        """
        known = self._contents.get(id(policy))
        if known is None or known[0] is not policy:
            number = self._content_ids.setdefault(
                (policy.kind.value, policy.source), len(self._content_ids)
            )
            known = self._contents[id(policy)] = (policy, number)
        return known[1]

    def reading(
        self, policies: tuple[CompiledPolicy, ...], actions: tuple[str, ...]
    ) -> tuple[Clause, ...] | None:
        """The tests of these policies' statements covering the actions that read who the
        caller is, each once; None when one reads it through a policy variable."""
        found: dict[int, Clause] = {}
        for action in actions:
            for policy in policies:
                clauses = self.book.reading_clauses(policy, action)
                if clauses is None:
                    return None
                found.update((id(c), c) for c in clauses)
        return tuple(found.values())

    def actor_class(self, actor: Actor, actions: tuple[str, ...]) -> object:
        """A key equal for actors whose requests for these actions get the same answers."""
        memo = (actor.node, actions)
        found = self._classes.get(memo)
        if found is None or found[0] is not actor:  # a fork's: its actor may have changed
            found = self._classes[memo] = (actor, self._actor_class(actor, actions))
        return found[1]

    def _part(self, actor: Actor, action: str) -> ActorPart:
        found = self._actor_parts.get((actor.node, action))
        if found is None or found[0] is not actor:
            return self._actor_part(actor, action)
        return found[1]

    def _actor_class(self, actor: Actor, actions: tuple[str, ...]) -> object:
        parts = []
        for action in actions:
            part = self._part(actor, action)
            if part.specific:
                return actor.node
            parts.append(part)
        tagged = any(p.tagged for p in parts)
        return (
            actor.account_id,
            actor.kind,
            tuple(sorted(actor.tags.items())) if tagged else None,
            tuple(p.side_id for p in parts),
            # what the statements do not show: a policy that cannot be read makes answers
            # unknown (and is named in them), and a service-linked role meets no RCP
            actor.unreadable,
            actor.service_linked,
        )

    def names(self, policy: CompiledPolicy, actor: Actor) -> bool:
        """Whether a resource policy names this user, role or one of its sessions."""
        named = self._principals.get(id(policy))
        if named is None:
            named = self._principals[id(policy)] = Named.of((policy,))
        return named.names(actor)

    def _actor_part(self, actor: Actor, action: str) -> ActorPart:
        """The caller's side of the key for an action: covering statements, boundary, SCPs
        (each policy's and each SCP set's share read once, `_summary`)."""
        summary = self._summary
        covering = [f for f in map(summary, actor.identity, repeat(action)) if f.ids]
        boundary = [f for f in map(summary, actor.boundary or (), repeat(action)) if f.ids]
        scps = self._scp_summary(actor.scps, action)
        side = (
            statement_ids(covering),
            None if actor.boundary is None else statement_ids(boundary),
            scps.levels,
        )
        side_id = self._sides.setdefault(side, len(self._sides))
        shape = (actor.boundary is None, side[2])
        shares: list[Share | ScpShare] = [*covering, *boundary, scps]
        statements = tuple(s for f in shares for s in f.statements)
        specific, tagged, reads_resource_tags = either(f.flags for f in shares)
        part = ActorPart(
            who=(actor.account_id, actor.kind),
            side_id=side_id,
            shape=self._sides.setdefault(("shape", shape), len(self._sides)),
            statements=statements,
            specific=specific,
            tagged=tagged,
            reads_resource_tags=reads_resource_tags,
            tags=tuple(sorted(actor.tags.items())),
        )
        self._actor_parts[(actor.node, action)] = (actor, part)
        return part

    def _summary(self, policy: CompiledPolicy, action: str) -> Share:
        """What one policy brings to a caller's side for an action."""
        key = (id(policy), action)
        found = self._shares.get(key)
        if found is None or found[0] is not policy:
            allows, denies = policy.for_action(action)
            statements = (*allows, *denies)
            share = Share(
                tuple(id(s) for s in statements), statements, self.book.flags(policy, action)
            )
            found = self._shares[key] = (policy, share)
        return found[1]

    def _scp_summary(self, scps: tuple[tuple[CompiledPolicy, ...], ...], action: str) -> ScpShare:
        """What a caller's SCPs bring (every one of them, covering or not): alike for every
        caller of an account."""
        key = (id(scps), action)
        found = self._scp_shares.get(key)
        if found is None or found[0] is not scps:
            shares = [self._summary(p, action) for level in scps for p in level]
            share = ScpShare(
                tuple(tuple(map(id, level)) for level in scps),
                tuple(s for f in shares for s in f.statements),
                either(f.flags for f in shares),
            )
            found = self._scp_shares[key] = (scps, share)
        return found[1]

    def _resource_part(
        self,
        rkey: tuple[object, ...],
        resource_policies: tuple[CompiledPolicy, ...],
        rcps: tuple[tuple[CompiledPolicy, ...], ...],
        action: str,
        target: Target | None,
    ) -> ResourcePart:
        """The resource's side: which of its policies' statements match, its account, region
        and (when a statement reads them) tags."""
        book = self.book
        resource = str(rkey[0])
        in_play = (*resource_policies, *(p for level in rcps for p in level))
        statements = [s for p in in_play for group in p.for_action(action) for s in group]
        parts = resource.split(":", 5)
        where = (parts[3], parts[4]) if len(parts) == 6 else ("", "")
        signature = self._sides.setdefault(
            ("resource", where, self._bits(tuple(statements), resource)), len(self._sides)
        )
        shared = ("shared", *rkey[1:], signature)  # all but the resource itself
        part = ResourcePart(
            signature=signature,
            shared=self._sides.setdefault(shared, len(self._sides)),
            reads=self.reading(in_play, (action,)),
            tagged=any(book.tag_specific(p, action) for p in in_play),
            reads_tags=any(book.resource_tag_specific(p, action) for p in in_play),
            tags=tuple(sorted((resource_tags(target, resource) or {}).items())),
        )
        self._resource_parts[rkey] = part
        return part

    def _matched(
        self, statements: tuple[CompiledStatement, ...], resource: str
    ) -> tuple[object, ...]:
        """The caller's statements whose Resource elements cover `resource` (with the ARN for
        templates): the engine skips the others, so callers that differ only in statements
        for other resources get the same answer."""
        if resource == "*":
            return ("*", *(id(s) for s in statements))
        found: list[object] = []
        for stmt in statements:
            bit = statement_matches(stmt, resource)
            if bit is not False:
                found.append(id(stmt) if bit is True else (id(stmt), bit))
        return tuple(found)

    def _bits(self, statements: tuple[CompiledStatement, ...], resource: str) -> tuple[object, ...]:
        """Which statements' Resource elements cover `resource` (the ARN itself for templates).

        Two resources that every covering statement matches alike get the same answer, so one
        evaluation serves both (a repository's packages, the repositories of a domain…).
        """
        if resource == "*":
            return ("*",)
        return tuple(statement_matches(s, resource) for s in statements)
