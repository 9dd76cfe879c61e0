"""Who can assume which role: trust policies evaluated with the callers' own policies (spec C.1)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Final

from graph.access.actors import Actor
from graph.access.capabilities import Step
from graph.access.evaluator import Evaluator, StepResult, Verdict, verdict_of
from graph.access.policies import PolicyBook, Unreadable
from graph.access.verdicts import trust_verdict
from graph.model import Role
from graph.policy import CompiledPolicy, Layer, PolicyError, Request, compile_policy, evaluate
from graph.policy.context import derivable
from graph.policy.principals import PrincipalSet, compile_principal

OUTSIDE_ACCOUNT: Final = "000000000000"
"""Stands for "some account outside the snapshot" when a trust policy names `*`."""

ASSUME: Final = "sts:AssumeRole"
WEB_IDENTITY: Final = "sts:AssumeRoleWithWebIdentity"
SAML: Final = "sts:AssumeRoleWithSAML"

ASSUMED_IDENTITY: Final = compile_policy(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
    name="identity policies outside the snapshot (assumed to allow)",
    kind=Layer.IDENTITY,
)


@dataclass(frozen=True)
class Stranger:
    """A caller the snapshot does not hold: another account, a service, an identity provider."""

    node: str
    kind: str
    caller: str
    action: str
    assumed: str = ""
    """What cax had to assume about it (shown as a condition), e.g. its identity policies."""


@dataclass(frozen=True)
class TrustNames:
    """Whom a trust policy names in its Allow statements."""

    wildcard: bool
    accounts: frozenset[str]
    users: frozenset[str]
    roles: frozenset[tuple[str, str]]
    services: frozenset[str]
    providers: frozenset[str]
    loose: bool = False
    """Some Allow names a role session, a federated user or an unresolved id: callers it
    admits are not found by account and name alone."""


def names_in(*policies: CompiledPolicy) -> TrustNames:
    """Every principal the Allow statements of these policies name (a trust policy, or the
    resource policies of CodeArtifact)."""
    return _names(
        stmt.principal
        for policy in policies
        for stmt in policy.statements
        if not (stmt.is_deny or stmt.principal is None or stmt.not_principal)
    )


def _names(principals: Iterable[PrincipalSet]) -> TrustNames:
    wildcard = False
    accounts: set[str] = set()
    users: set[str] = set()
    roles: set[tuple[str, str]] = set()
    services: set[str] = set()
    providers: set[str] = set()
    loose = False
    for p in principals:
        wildcard |= p.wildcard
        accounts |= p.accounts
        users |= p.users
        roles |= p.roles
        services |= p.services
        providers |= p.providers
        loose |= bool(p.sessions or p.federated_users or p.unresolved)
    return TrustNames(
        wildcard,
        frozenset(accounts),
        frozenset(users),
        frozenset(roles),
        frozenset(services),
        frozenset(providers),
        loose,
    )


def names_in_document(document: object) -> TrustNames | None:
    """`names_in` read straight from a trust policy's document, without compiling its
    conditions, actions and resources: the same names for every policy that compiles, so
    finding the roles that name a caller does not compile every role's trust. None when the
    document is not a plain JSON object of statements, or a Principal cannot be read."""
    if not isinstance(document, Mapping):
        return None
    raw = document.get("Statement")
    statements = raw if isinstance(raw, list) else [raw]
    found: list[PrincipalSet] = []
    for stmt in statements:
        if not isinstance(stmt, Mapping):
            return None
        if stmt.get("Effect") != "Allow" or "NotPrincipal" in stmt or "Principal" not in stmt:
            continue
        try:
            found.append(compile_principal(stmt["Principal"], policy="", statement=""))
        except PolicyError:
            return None
    return _names(found)


def never_certain(policy: CompiledPolicy, known: Collection[str]) -> bool:
    """Whether no Allow of a trust policy can apply for certain to any caller in the snapshot:
    each tests a key that discover mode cannot know (not derived from the caller or the
    request, nor among the lower-cased context keys `known`), which makes it unknown at best.
    The trust policy must allow every assumption (spec C.1), so no edge into the role is then
    better than conditional."""
    return all(
        any(c.key_lower not in known and not derivable(c.key_lower) for c in statement.conditions)
        for statement in policy.for_action(ASSUME.lower())[0]
    )


def assume_step(role: Role, action: str = ASSUME) -> Step:
    """The step of assuming a role."""
    return Step(action, role.arn)


def run_actor(
    evaluator: Evaluator,
    actor: Actor,
    role: Role,
    trust: CompiledPolicy,
    rcps: tuple[tuple[CompiledPolicy, ...], ...],
) -> StepResult:
    """May a user or role of the snapshot assume `role`?"""
    step = assume_step(role)
    decision = evaluator.decide(actor, step, (trust,), () if actor.service_linked else rcps, None)
    return StepResult(step, decision, trust_verdict(decision, actor.unreadable), actor.unreadable)


def strangers(names: TrustNames, known_accounts: set[str]) -> Iterator[Stranger]:
    """The callers outside the snapshot that a trust policy names."""
    for account in sorted(names.accounts - known_accounts):
        yield Stranger(
            f"account:{account}",
            "external_account",
            f"arn:aws:sts::{account}:assumed-role/external/cax",
            ASSUME,
            f"identity policies in account {account} allow sts:AssumeRole",
        )
    if names.wildcard:
        yield Stranger(
            "anyone",
            "anyone",
            f"arn:aws:sts::{OUTSIDE_ACCOUNT}:assumed-role/anyone/cax",
            ASSUME,
            "the caller's own identity policies allow sts:AssumeRole",
        )
    for service in sorted(names.services):
        yield Stranger(f"service:{service}", "service", service, ASSUME)
    for provider in sorted(names.providers):
        action = SAML if ":saml-provider/" in provider else WEB_IDENTITY
        yield Stranger(provider, "federated", provider, action)


def run_stranger(
    stranger: Stranger,
    role: Role,
    trust: CompiledPolicy,
    rcps: tuple[tuple[CompiledPolicy, ...], ...],
    assumptions: dict[str, object],
) -> StepResult:
    """May a caller outside the snapshot assume `role`? Its own policies are assumed to allow."""
    step = assume_step(role, stranger.action)
    identity = (ASSUMED_IDENTITY,) if stranger.kind in ("external_account", "anyone") else ()
    decision = evaluate(
        Request(stranger.caller, step.action, step.resource, context=dict(assumptions)),  # type: ignore[arg-type]
        identity_policies=identity,
        resource_policies=(trust,),
        rcps=rcps,
        mode="discover",
    )
    verdict = verdict_of(decision, ())
    if verdict is Verdict.ALLOWED and stranger.assumed:
        verdict = Verdict.CONDITIONAL
    return StepResult(step, decision, verdict)


def role_trust_name(role: Role) -> str:
    """How a role's trust policy is named in evidence."""
    return f"trust policy of role/{role.name}"


def trust_policy(book: PolicyBook, role: Role) -> CompiledPolicy | Unreadable | None:
    """The role's compiled trust policy."""
    return book.compile(role.trust_policy, role_trust_name(role), Layer.RESOURCE)
