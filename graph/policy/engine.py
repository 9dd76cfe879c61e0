"""`evaluate`: AWS's decision procedure (spec A.3–A.6) over compiled policies."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from graph.policy.compiler import (
    CompiledStatement,
    statements_for,
)
from graph.policy.conditions import Clause
from graph.policy.decision import Decision, Unknown
from graph.policy.grant import Option, allow_options, best_option, grant, pending_key, ref_key
from graph.policy.inputs import Inputs, PolicyInput, _prepare, prepare
from graph.policy.matching import Pending, check_fast
from graph.policy.model import (
    DEFAULT_OPTIONS,
    DenialReason,
    Layer,
    Mode,
    Options,
    Outcome,
    PrincipalKind,
    Request,
    StatementRef,
)
from graph.policy.owned import aws_owned_rule

__all__ = [
    "Inputs",
    "Option",
    "PolicyInput",
    "clause_outcomes",
    "decide",
    "denied_outright",
    "evaluate",
    "prepare",
]

GET_CALLER_IDENTITY: Final = "sts:getcalleridentity"
ROOT_TOKEN_ACTION: Final = "codeartifact:getauthorizationtoken"
REASON_ORDER: Final = (
    (Layer.SERVICE, DenialReason.SERVICE_RULE),
    (Layer.RCP, DenialReason.NO_RCP_ALLOW),
    (Layer.SCP, DenialReason.NO_SCP_ALLOW),
    (Layer.ENDPOINT, DenialReason.NO_ENDPOINT_ALLOW),
    (Layer.RESOURCE, DenialReason.NO_RESOURCE_ALLOW),
    (Layer.IDENTITY, DenialReason.NO_IDENTITY_ALLOW),
    (Layer.PERMISSION_BOUNDARY, DenialReason.NO_BOUNDARY_ALLOW),
    (Layer.SESSION, DenialReason.NO_SESSION_ALLOW),
)
"""The layer that failed first decides the denial's reason, in this order."""
_OWNED_PREFIXES: Final = frozenset({"iam:", "kms:"})
_GATES: Final = frozenset({Layer.RCP, Layer.SCP, Layer.ENDPOINT})
_NONE: Final[frozenset[Layer]] = frozenset()


def evaluate(
    request: Request,
    *,
    identity_policies: Sequence[PolicyInput] = (),
    resource_policies: Sequence[PolicyInput] = (),
    permission_boundaries: Sequence[PolicyInput] | None = None,
    scps: Sequence[Sequence[PolicyInput]] = (),
    rcps: Sequence[Sequence[PolicyInput]] = (),
    session_policies: Sequence[PolicyInput] = (),
    endpoint_policies: Sequence[PolicyInput] = (),
    mode: Mode = "strict",
    options: Options = DEFAULT_OPTIONS,
    validate: bool = False,
) -> Decision:
    """Decide a request the way AWS would (see the package docstring for the rules).

    Policies AWS would refuse to store are evaluated as AWS's engine treats each element, with
    `Decision.warnings`; `validate=True` raises PolicyError for them instead.
    """
    return decide(
        _prepare(
            request,
            identity_policies,
            resource_policies,
            permission_boundaries,
            scps,
            rcps,
            session_policies,
            endpoint_policies,
            mode,
            options,
            validate,
        )
    )


def denied_outright(inputs: Inputs) -> bool:
    """Whether `decide` ends these inputs in an explicit deny: a Deny that applies with no
    condition left unknown. Its first test alone, for callers that need only that."""
    if inputs.action == GET_CALLER_IDENTITY and inputs.caller.kind is not PrincipalKind.ANONYMOUS:
        return False
    return any(not d[2] for d in _denies(inputs))


def clause_outcomes(
    request: Request,
    clauses: Sequence[Clause],
    *,
    mode: Mode = "discover",
    options: Options = DEFAULT_OPTIONS,
) -> tuple[object, ...]:
    """How each condition test comes out for a request (True, False or unknown), as
    `evaluate` finds it: requests alike on every test of a statement fare alike there."""
    env = prepare(request, mode=mode, options=options).env
    plain = options.multivalued_plain_operator_matches
    return tuple(clause.evaluate(env, plain) for clause in clauses)


def decide(inputs: Inputs, *, keep: bool = True) -> Decision:
    """Evaluate prepared inputs; `keep` False drops them from the decision (it cannot then
    `explain` itself, and holds nothing alive: a build caches many)."""
    request, caller, action = inputs.request, inputs.caller, inputs.action
    held = inputs if keep else None
    if action == GET_CALLER_IDENTITY and caller.kind is not PrincipalKind.ANONYMOUS:
        rule = ("sts_get_caller_identity",)
        return Decision(Outcome.ALLOWED, _NONE, (), (), None, request, rule, held)
    ev = inputs.ev()
    layers = inputs.layers()
    denies = _denies(inputs)
    assumed: tuple[Unknown, ...] = ()
    if denies:
        hard = [d for d in denies if not d[2]]
        if hard:
            refs = tuple(sorted({d[1].ref for d in hard}, key=ref_key))
            blocked = frozenset(d[0] for d in hard)
            reason = DenialReason.EXPLICIT_DENY
            return Decision(Outcome.EXPLICIT_DENY, blocked, refs, (), reason, request, (), held)
        assumed = _negated(d[2] for d in denies)
    chosen: list[CompiledStatement] = []
    pending: set[Pending] = set()
    failed: set[Layer] = set()
    rules: list[str] = []
    for layer, _level, policies in layers:
        if layer in _GATES:
            picked = best_option(allow_options(policies, ev, inputs.discover))
            if picked is None:
                failed.add(layer)
            else:
                chosen.append(picked[0])
                if picked[1]:
                    pending.update(picked[1])
    grant(inputs, ev, chosen, pending, failed, rules)
    if (
        caller.kind is PrincipalKind.ROOT
        and action == ROOT_TOKEN_ACTION
        and inputs.options.root_cannot_get_authorization_token
    ):
        failed.add(Layer.SERVICE)
        rules.append("root_get_authorization_token")
    if action[:4] in _OWNED_PREFIXES:
        owned = aws_owned_rule(action, inputs.resource, caller.name)
        if owned is not None:
            failed.add(Layer.SERVICE)
            rules.append(owned)
    if failed:
        reason = next(r for layer, r in REASON_ORDER if layer in failed)
        blocked = frozenset(failed)
        return Decision(
            Outcome.IMPLICIT_DENY, blocked, (), assumed, reason, request, tuple(rules), held
        )
    unknowns = _unknowns(pending) + assumed if (pending or assumed) else ()
    refs = tuple(s.ref for s in chosen) if len(chosen) < 2 else _distinct_refs(chosen)
    return Decision(
        Outcome.ALLOWED, _NONE, refs, unknowns, None, request, tuple(rules) if rules else (), held
    )


def _denies(inputs: Inputs) -> list[tuple[Layer, CompiledStatement, frozenset[Pending]]]:
    """The Deny statements that apply, each with the conditions left unknown (none: it holds)."""
    ev = inputs.ev()
    found: list[tuple[Layer, CompiledStatement, frozenset[Pending]]] = []
    for layer, _level, policies in inputs.layers():
        for stmt in statements_for(policies, inputs.action)[1]:
            match = check_fast(stmt, ev)
            if match is not None:
                found.append((layer, stmt, match[0]))
    return found


def _distinct_refs(chosen: list[CompiledStatement]) -> tuple[StatementRef, ...]:
    return tuple(s.ref for s in dict.fromkeys(chosen))


def _unknowns(pending: Iterable[Pending]) -> tuple[Unknown, ...]:
    items = [Unknown(p[0].key, p[0].operator, p[0].values, p[1]) for p in pending]
    return tuple(sorted(set(items), key=_unknown_key))


def _unknown_key(
    u: Unknown,
) -> tuple[str, str, tuple[str, ...], tuple[str, bool, str, int], bool, int]:
    return u.key, u.operator, u.values, ref_key(u.where), u.negated, u.group or 0


def _negated(deny_pendings: Iterable[frozenset[Pending]]) -> tuple[Unknown, ...]:
    """Unknowns saying a conditional Deny must not apply (its conditions must not all hold)."""
    groups = sorted(set(deny_pendings), key=pending_key)
    out: list[Unknown] = []
    for number, group in enumerate(groups, 1):
        label = number if len(group) > 1 else None
        out.extend(
            Unknown(p[0].key, p[0].operator, p[0].values, p[1], negated=True, group=label)
            for p in group
        )
    return tuple(sorted(set(out), key=_unknown_key))
