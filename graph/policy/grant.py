"""The granting half of a decision: which Allow statements make a path (spec A.4, A.5)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, TypeAlias

from graph.policy.compiler import (
    CompiledPolicy,
    CompiledStatement,
    statements_for,
)
from graph.policy.inputs import RESOURCE_POLICY_REQUIRED, Inputs
from graph.policy.matching import NO_PENDING, Ev, Pending, check_fast
from graph.policy.model import (
    Layer,
    Options,
    PrincipalKind,
    StatementRef,
)
from graph.policy.principals import PrincipalMatch

Option: TypeAlias = tuple[CompiledStatement, frozenset[Pending], Sequence[PrincipalMatch]]
_CEILINGS: Final = (Layer.IDENTITY, Layer.PERMISSION_BOUNDARY, Layer.SESSION)


def allow_options(policies: tuple[CompiledPolicy, ...], ev: Ev, collect: bool) -> list[Option]:
    """Matching Allow statements; stops at the first unconditional one unless `collect`."""
    out: list[Option] = []
    quick = not collect and not ev.wild
    for stmt in statements_for(policies, ev.action)[0]:
        if stmt.fast and quick:
            if stmt.covers_star if ev.star_only else stmt.resource_test(ev.resource):  # type: ignore[misc]
                out.append((stmt, NO_PENDING, ()))
                return out
            continue
        found = check_fast(stmt, ev)
        if found is not None:
            out.append((stmt, found[0], found[1]))
            if not found[0] and not collect:
                return out
    return out


def _first_allow(policies: tuple[CompiledPolicy, ...], ev: Ev) -> CompiledStatement | None:
    for stmt in statements_for(policies, ev.action)[0]:
        found = check_fast(stmt, ev)
        if found is not None and not found[0]:
            return stmt
    return None


def pending_key(pending: frozenset[Pending]) -> tuple[int, list[tuple[str, str, tuple[str, ...]]]]:
    if not pending:  # most statements need no assumption
        return 0, []
    return len(pending), sorted((p[0].key, p[0].operator, p[0].values) for p in pending)


def ref_key(ref: StatementRef) -> tuple[str, bool, str, int]:
    """A sort key putting statements in their stable order (`StatementRef.order`)."""
    return ref.order


def _ref_order(option: Option) -> tuple[str, bool, str, int]:
    return option[0].ref.order


def best_option(options: list[Option]) -> Option | None:
    """The option needing the fewest assumptions, the first by policy name and position among
    equals (the same whatever order a principal's policies come in)."""
    if not options:
        return None
    if len(options) == 1:  # most layers: one statement allows
        return options[0]
    plain = [o for o in options if not o[1]]  # needing none: better than any that needs some
    if plain:
        return plain[0] if len(plain) == 1 else min(plain, key=_ref_order)
    return min(options, key=lambda o: (pending_key(o[1]), o[0].ref.order))


def bypassed(matches: Iterable[PrincipalMatch], options: Options) -> frozenset[Layer]:
    """Which identity-side layers a same-account resource-policy grant overrides (spec A.4)."""
    out: set[Layer] = set()
    for match in matches:
        if match in (
            PrincipalMatch.SERVICE,
            PrincipalMatch.IDENTITY_PROVIDER,
            PrincipalMatch.FEDERATED_USER,
        ):
            out.update(_CEILINGS)
        elif match is PrincipalMatch.USER:
            out.update((Layer.IDENTITY, Layer.PERMISSION_BOUNDARY))
        elif match is PrincipalMatch.SESSION:
            out.update((Layer.IDENTITY, Layer.PERMISSION_BOUNDARY))
            if options.session_arn_grant_bypasses_session_policy:
                out.add(Layer.SESSION)
        elif match in (PrincipalMatch.ROLE, PrincipalMatch.FEDERATING_USER):
            out.add(Layer.IDENTITY)
        elif match is PrincipalMatch.WILDCARD:
            out.add(Layer.IDENTITY)
            if options.wildcard_grant_bypasses_ceilings:
                out.update((Layer.PERMISSION_BOUNDARY, Layer.SESSION))
    return frozenset(out)


def grant(
    inputs: Inputs,
    ev: Ev,
    chosen: list[CompiledStatement],
    pending: set[Pending],
    failed: set[Layer],
    rules: list[str],
) -> None:
    """The granting part: identity side and resource side, same-account or cross-account."""
    caller, discover = inputs.caller, inputs.discover
    if (
        inputs.same_account
        and not discover
        and caller.has_identity_policies
        and inputs.action not in RESOURCE_POLICY_REQUIRED
    ):
        # Fast path: every identity-side layer has an unconditional Allow.
        picks: list[CompiledStatement] = []
        for _layer, _level, policies in inputs.ceilings():
            first = _first_allow(policies, ev)
            if first is None:
                break
            picks.append(first)
        else:
            chosen.extend(picks)
            return
    ceilings: dict[Layer, Option | None] = {}
    for layer, _level, policies in inputs.ceilings():
        ceilings[layer] = best_option(allow_options(policies, ev, discover))
    identity_failures = {layer for layer, best in ceilings.items() if best is None}
    resource_on = inputs.resource_policies_apply
    if not resource_on and inputs.resource_policies:
        rules.append("resource_policy_ignored")
    mandatory = inputs.action in RESOURCE_POLICY_REQUIRED or not caller.is_iam
    if inputs.same_account:
        if caller.kind is PrincipalKind.ROOT and not mandatory:
            rules.append("root_same_account")
            return
        if (
            not identity_failures
            and not mandatory
            and not (discover and any(b is not None and b[1] for b in ceilings.values()))
        ):
            _take(ceilings.values(), chosen, pending)
            return
        paths: list[tuple[set[Layer], list[Option | None]]] = []
        if not mandatory:
            paths.append((set(identity_failures), list(ceilings.values())))
        rbp = allow_options(inputs.resource_policies, ev, True) if resource_on else []
        for option in rbp:
            skip = bypassed(option[2], inputs.options)
            needed = [best for layer, best in ceilings.items() if layer not in skip]
            paths.append(
                ({layer for layer in identity_failures if layer not in skip}, [option, *needed])
            )
        if not paths or (mandatory and not rbp):
            failed.add(Layer.RESOURCE if mandatory else Layer.IDENTITY)
            failed.update(identity_failures if not mandatory else ())
            return
        feasible = [p for p in paths if not p[0]]
        if not feasible:
            failed.update(min(paths, key=lambda p: (len(p[0]), sorted(p[0])))[0])
            return
        best_path = min(feasible, key=lambda p: pending_key(_union(p[1])))
        _take(best_path[1], chosen, pending)
        return
    # Cross-account (or a caller with no account): both sides must allow (spec A.5).
    failed.update(identity_failures)
    rbp = allow_options(inputs.resource_policies, ev, discover) if resource_on else []
    best_rbp = best_option(rbp)
    if best_rbp is None:
        failed.add(Layer.RESOURCE)
    if caller.kind is PrincipalKind.ROOT:
        rules.append("root_own_account_side")
    if not failed:
        _take([*ceilings.values(), best_rbp], chosen, pending)


def _union(options: Iterable[Option | None]) -> frozenset[Pending]:
    out: set[Pending] = set()
    for option in options:
        if option is not None:
            out.update(option[1])
    return frozenset(out) if out else NO_PENDING


def _take(
    options: Iterable[Option | None], chosen: list[CompiledStatement], pending: set[Pending]
) -> None:
    for option in options:
        if option is not None:
            chosen.append(option[0])
            pending.update(option[1])
