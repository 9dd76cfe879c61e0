"""Which roles' trust policies may admit a caller: the roles to evaluate its edges into,
without reading every role's trust for every caller (`AssumeEdges.out_of`)."""

from __future__ import annotations

from collections.abc import Callable

from graph.access.actors import Actor
from graph.access.callers import AssumeAllows
from graph.access.policies import PolicyBook
from graph.access.trust import TrustNames, names_in, names_in_document, trust_policy
from graph.model import Policy, Role
from graph.policy import CompiledPolicy


class CandidateRoles:
    """Roles by whom their trust names, and by the `sts:AssumeRole` patterns of callers."""

    def __init__(
        self, roles: dict[str, Role], book: PolicyBook, allows: Callable[[Actor], AssumeAllows]
    ) -> None:
        self.roles = roles
        self.book = book
        self.allows = allows
        self._role_arns = {(r.account_id, r.name.lower()): r.arn for r in roles.values()}
        self._names: dict[str, TrustNames] = {}
        self._role_names: dict[str, TrustNames | None] = {}
        self._named_by: dict[str, TrustNames | None] = {}
        self._by_name: dict[str, list[str]] | None = None
        self._admitted_by_patterns: dict[tuple[object, ...], tuple[str, ...]] = {}

    def named(self, actor: Actor) -> tuple[str, ...]:
        """Roles whose trust names the actor itself (a user or role node), then the roles its
        own `sts:AssumeRole` Allow names exactly (a denied edge to them is kept)."""
        named = dict.fromkeys(self._by_names().get(actor.node, ()))
        named.update((arn, None) for arn in sorted(self.allows(actor).exact) if arn in self.roles)
        return tuple(named)

    def admitted(self, actor: Actor) -> tuple[str, ...]:
        """Roles whose trust admits the actor's account (or anyone), for those its own
        `sts:AssumeRole` Allow may match by a pattern: alike for every actor of the account
        whose Allow holds the same patterns, so found once for them all (the same tuple:
        `CandidateGroups` keeps its groups by it)."""
        allows = self.allows(actor)
        broad = allows.broad
        key = (actor.account_id, broad, frozenset(t for t, _ in allows.patterns))
        known = self._admitted_by_patterns.get(key)
        if known is not None:
            return known
        by_name = self._by_names()
        found: dict[str, None] = {}
        for arn in (*by_name.get(f"account:{actor.account_id}", ()), *by_name.get("*", ())):
            names = self._named_by[arn]
            if names is None:
                continue
            if broad or names.wildcard or names.loose or allows.matches(arn):
                found[arn] = None
        admitted = self._admitted_by_patterns[key] = tuple(found)
        return admitted

    def names_of(self, role: Role) -> TrustNames | None:
        """Whom the role's trust policy names (None when it has none or cannot be read),
        from the policy compiled once for the role (`trust_policy`); trust policies that read
        alike are read once, whatever role they belong to."""
        if role.arn in self._role_names:
            return self._role_names[role.arn]
        found: TrustNames | None = None
        policy = trust_policy(self.book, role)
        if isinstance(policy, CompiledPolicy):
            found = self._names.get(policy.source)
            if found is None:
                found = self._names[policy.source] = names_in(policy)
        self._role_names[role.arn] = found
        return found

    def _by_names(self) -> dict[str, list[str]]:
        """Role ARNs by whom their trust names: a user or role node, `account:ID`, or `*`.

        Read from each trust document's Principal elements alone (`names_in_document`): a
        role whose trust does not compile is found too, and left out when its trust is read
        (`AssumeEdges.trust`); the others name the same callers as their compiled trust."""
        if self._by_name is None:
            found: dict[str, list[str]] = {}
            for role in self.roles.values():
                policy = role.trust_policy
                names = names_in_document(policy.document) if isinstance(policy, Policy) else None
                if names is None:
                    names = self.names_of(role)
                self._named_by[role.arn] = names
                if names is None:
                    continue
                keys = [*names.users, *(f"account:{a}" for a in names.accounts)]
                keys.extend(self._role_arns[r] for r in names.roles if r in self._role_arns)
                if names.wildcard or names.loose:
                    keys.append("*")
                for key in keys:
                    found.setdefault(key, []).append(role.arn)
            self._by_name = found
        return self._by_name
