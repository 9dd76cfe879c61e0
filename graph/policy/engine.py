"""`evaluate`: AWS's decision procedure (spec A.3–A.6) over compiled policies."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, TypeAlias, cast

from graph.policy import catalogue
from graph.policy.compiler import (
    CompiledPolicy,
    CompiledStatement,
    compile_policy,
    statements_for,
)
from graph.policy.decision import Decision, Unknown
from graph.policy.matching import NO_PENDING, Ev, Pending, check_fast
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
from graph.policy.principals import Caller, PrincipalMatch, parse_caller

PolicyInput: TypeAlias = CompiledPolicy | dict[str, object] | str

GET_CALLER_IDENTITY: Final = "sts:getcalleridentity"
ROOT_TOKEN_ACTION: Final = "codeartifact:getauthorizationtoken"
RESOURCE_POLICY_IGNORED: Final = frozenset(
    {"codeartifact:putdomainpermissionspolicy", "codeartifact:putrepositorypermissionspolicy"}
)
"""Actions for which CodeArtifact ignores the domain/repository policy (anti-lockout, spec D.3)."""
RESOURCE_POLICY_REQUIRED: Final = frozenset(
    {
        "sts:assumerole",
        "sts:assumerolewithsaml",
        "sts:assumerolewithwebidentity",
        "sts:tagsession",
        "sts:setsourceidentity",
        "sts:setcontext",
    }
)
"""Role trust policies must allow the caller even in the same account (spec C.1)."""
RESOURCELESS_WITH_RESOURCE_POLICY: Final = frozenset(
    {"codeartifact:createrepository", "codeartifact:createpackagegroup"}
)
"""No SAR resource type, yet a foreign domain's policy must allow them (spec D.8)."""

_REASON_ORDER: Final = (
    (Layer.SERVICE, DenialReason.SERVICE_RULE),
    (Layer.RCP, DenialReason.NO_RCP_ALLOW),
    (Layer.SCP, DenialReason.NO_SCP_ALLOW),
    (Layer.ENDPOINT, DenialReason.NO_ENDPOINT_ALLOW),
    (Layer.RESOURCE, DenialReason.NO_RESOURCE_ALLOW),
    (Layer.IDENTITY, DenialReason.NO_IDENTITY_ALLOW),
    (Layer.PERMISSION_BOUNDARY, DenialReason.NO_BOUNDARY_ALLOW),
    (Layer.SESSION, DenialReason.NO_SESSION_ALLOW),
)
_CEILINGS: Final = (Layer.IDENTITY, Layer.PERMISSION_BOUNDARY, Layer.SESSION)
_GATES: Final = frozenset({Layer.RCP, Layer.SCP, Layer.ENDPOINT})
_NONE: Final[frozenset[Layer]] = frozenset()

Option: TypeAlias = tuple[CompiledStatement, frozenset[Pending], Sequence[PrincipalMatch]]


class Inputs(Ev):
    """A request with its policies normalised: what `decide` and `explain` work on."""

    __slots__ = (
        "_layers",
        "boundaries",
        "endpoint",
        "identity",
        "rcps",
        "resource_policies",
        "same_account",
        "scps",
        "session",
    )

    def __init__(
        self,
        request: Request,
        caller: Caller,
        action: str,
        resource: str,
        resource_account: str | None,
        star_only: bool,
        identity: tuple[CompiledPolicy, ...],
        resource_policies: tuple[CompiledPolicy, ...],
        boundaries: tuple[CompiledPolicy, ...] | None,
        scps: tuple[tuple[CompiledPolicy, ...], ...],
        rcps: tuple[tuple[CompiledPolicy, ...], ...],
        session: tuple[CompiledPolicy, ...],
        endpoint: tuple[CompiledPolicy, ...],
        discover: bool,
        options: Options,
    ) -> None:
        super().__init__(
            request,
            caller,
            action,
            resource,
            resource_account,
            star_only,
            boundaries is not None,
            discover,
            options,
        )
        self.same_account = caller.account is not None and caller.account == resource_account
        self.identity = identity
        self.resource_policies = resource_policies
        self.boundaries = boundaries
        self.scps = scps
        self.rcps = rcps
        self.session = session
        self.endpoint = endpoint
        self._layers: list[tuple[Layer, int | None, tuple[CompiledPolicy, ...]]] | None = None

    @property
    def resource_policies_apply(self) -> bool:
        """False for actions whose resource policies AWS does not consult (spec D.3, D.8)."""
        if self.action in RESOURCE_POLICY_IGNORED:
            return False
        return not self.star_only or self.action in RESOURCELESS_WITH_RESOURCE_POLICY

    @property
    def session_applies(self) -> bool:
        """Session policies limit a session passed one; a federated user always needs one."""
        kind = self.caller.kind
        if kind is PrincipalKind.FEDERATED_USER:
            return True
        return kind is PrincipalKind.ROLE_SESSION and bool(self.session)

    def layers(self) -> list[tuple[Layer, int | None, tuple[CompiledPolicy, ...]]]:
        """Every (layer, level, policies) that takes part in this request, gates first."""
        if self._layers is not None:
            return self._layers
        caller = self.caller
        found: list[tuple[Layer, int | None, tuple[CompiledPolicy, ...]]] = []
        if self.rcps and (not self.star_only or self.options.rcp_for_resourceless_actions):
            found.extend((Layer.RCP, i, level) for i, level in enumerate(self.rcps))
        if self.scps and caller.is_iam:
            found.extend((Layer.SCP, i, level) for i, level in enumerate(self.scps))
        if self.endpoint:
            found.append((Layer.ENDPOINT, None, self.endpoint))
        if self.resource_policies and self.resource_policies_apply:
            found.append((Layer.RESOURCE, None, self.resource_policies))
        found.extend(self.ceilings())
        self._layers = found
        return found

    def ceilings(self) -> list[tuple[Layer, int | None, tuple[CompiledPolicy, ...]]]:
        """The identity-side layers: identity policies, boundary, session policies."""
        if not self.caller.has_identity_policies:
            return []
        found: list[tuple[Layer, int | None, tuple[CompiledPolicy, ...]]] = [
            (Layer.IDENTITY, None, self.identity)
        ]
        if self.boundaries is not None:
            found.append((Layer.PERMISSION_BOUNDARY, None, self.boundaries))
        if self.session_applies:
            found.append((Layer.SESSION, None, self.session))
        return found

    def ev(self) -> Ev:
        """The per-request matching context (the inputs themselves)."""
        return self


def _compile_all(
    items: Sequence[PolicyInput], kind: Layer, label: str
) -> tuple[CompiledPolicy, ...]:
    if not items:
        return ()
    for item in items:
        if type(item) is not CompiledPolicy:
            break
    else:
        return cast(tuple[CompiledPolicy, ...], items if type(items) is tuple else tuple(items))
    out: list[CompiledPolicy] = []
    for index, item in enumerate(items, 1):
        if isinstance(item, CompiledPolicy):
            out.append(item)
        else:
            out.append(compile_policy(item, name=f"{label} {index}", kind=kind))
    return tuple(out)


def prepare(
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
) -> Inputs:
    """Normalise a request and its policies (compiling plain documents through the cache)."""
    return _prepare(
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
    )


def _prepare(
    request: Request,
    identity_policies: Sequence[PolicyInput],
    resource_policies: Sequence[PolicyInput],
    permission_boundaries: Sequence[PolicyInput] | None,
    scps: Sequence[Sequence[PolicyInput]],
    rcps: Sequence[Sequence[PolicyInput]],
    session_policies: Sequence[PolicyInput],
    endpoint_policies: Sequence[PolicyInput],
    mode: Mode,
    options: Options,
) -> Inputs:
    if mode != "strict" and mode != "discover":
        raise ValueError(f"mode must be 'strict' or 'discover', not {mode!r}")
    caller = parse_caller(request.principal)
    action = request.action_lower
    info = catalogue.action_info_lower(action)
    resource = request.resource
    star_only = info is not None and info.takes_no_resource
    account = request.resource_account
    if account is None:
        parts = resource.split(":", 5)
        account = parts[4] if len(parts) == 6 and parts[4] else caller.account
    return Inputs(
        request,
        caller,
        action,
        resource,
        account,
        star_only,
        _compile_all(identity_policies, Layer.IDENTITY, "identity policy"),
        _compile_all(resource_policies, Layer.RESOURCE, "resource policy")
        if resource_policies
        else (),
        None
        if permission_boundaries is None
        else _compile_all(permission_boundaries, Layer.PERMISSION_BOUNDARY, "permissions boundary"),
        _levels(scps, Layer.SCP, "SCP") if scps else (),
        _levels(rcps, Layer.RCP, "RCP") if rcps else (),
        _compile_all(session_policies, Layer.SESSION, "session policy") if session_policies else (),
        _compile_all(endpoint_policies, Layer.ENDPOINT, "endpoint policy")
        if endpoint_policies
        else (),
        mode == "discover",
        options,
    )


def _levels(
    levels: Sequence[Sequence[PolicyInput]], kind: Layer, label: str
) -> tuple[tuple[CompiledPolicy, ...], ...]:
    return tuple(
        _compile_all(level, kind, f"{label} level {i + 1} policy") for i, level in enumerate(levels)
    )


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
) -> Decision:
    """Decide a request the way AWS would (see the package docstring for the rules)."""
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
        )
    )


def decide(inputs: Inputs) -> Decision:
    """Evaluate prepared inputs."""
    request, caller, action = inputs.request, inputs.caller, inputs.action
    if action == GET_CALLER_IDENTITY and caller.kind is not PrincipalKind.ANONYMOUS:
        rule = ("sts_get_caller_identity",)
        return Decision(Outcome.ALLOWED, _NONE, (), (), None, request, rule, inputs)
    ev = inputs.ev()
    layers = inputs.layers()
    denies: list[tuple[Layer, CompiledStatement, frozenset[Pending]]] = []
    for layer, _level, policies in layers:
        for stmt in statements_for(policies, action)[1]:
            found = check_fast(stmt, ev)
            if found is not None:
                denies.append((layer, stmt, found[0]))
    assumed: tuple[Unknown, ...] = ()
    if denies:
        hard = [d for d in denies if not d[2]]
        if hard:
            refs = tuple(sorted({d[1].ref for d in hard}, key=_ref_key))
            blocked = frozenset(d[0] for d in hard)
            reason = DenialReason.EXPLICIT_DENY
            return Decision(Outcome.EXPLICIT_DENY, blocked, refs, (), reason, request, (), inputs)
        assumed = _negated(d[2] for d in denies)
    chosen: list[CompiledStatement] = []
    pending: set[Pending] = set()
    failed: set[Layer] = set()
    rules: list[str] = []
    for layer, _level, policies in layers:
        if layer in _GATES:
            best = _best(_options(policies, ev, inputs.discover))
            if best is None:
                failed.add(layer)
            else:
                chosen.append(best[0])
                if best[1]:
                    pending.update(best[1])
    _grant(inputs, ev, chosen, pending, failed, rules)
    if (
        caller.kind is PrincipalKind.ROOT
        and action == ROOT_TOKEN_ACTION
        and inputs.options.root_cannot_get_authorization_token
    ):
        failed.add(Layer.SERVICE)
        rules.append("root_get_authorization_token")
    if failed:
        reason = next(r for layer, r in _REASON_ORDER if layer in failed)
        blocked = frozenset(failed)
        return Decision(
            Outcome.IMPLICIT_DENY, blocked, (), assumed, reason, request, tuple(rules), inputs
        )
    unknowns = _unknowns(pending) + assumed if (pending or assumed) else ()
    refs = tuple(s.ref for s in chosen) if len(chosen) < 2 else _distinct_refs(chosen)
    return Decision(
        Outcome.ALLOWED, _NONE, refs, unknowns, None, request, tuple(rules) if rules else (), inputs
    )


def _distinct_refs(chosen: list[CompiledStatement]) -> tuple[StatementRef, ...]:
    return tuple(s.ref for s in dict.fromkeys(chosen))


def _options(policies: tuple[CompiledPolicy, ...], ev: Ev, collect: bool) -> list[Option]:
    """Matching Allow statements; stops at the first unconditional one unless `collect`."""
    out: list[Option] = []
    for stmt in statements_for(policies, ev.action)[0]:
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


def _pending_key(pending: frozenset[Pending]) -> tuple[int, list[tuple[str, str, tuple[str, ...]]]]:
    return len(pending), sorted((p[0].key, p[0].operator, p[0].values) for p in pending)


def _ref_key(ref: StatementRef) -> tuple[str, str, int]:
    return ref.layer.value, ref.policy, ref.index


def _best(options: list[Option]) -> Option | None:
    """The option needing the fewest assumptions (deterministic whatever the statement order)."""
    if not options:
        return None
    for option in options:
        if not option[1]:
            return option
    return min(options, key=lambda o: (_pending_key(o[1]), _ref_key(o[0].ref)))


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


def _grant(
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
        ceilings[layer] = _best(_options(policies, ev, discover))
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
        rbp = _options(inputs.resource_policies, ev, True) if resource_on else []
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
        best_path = min(feasible, key=lambda p: _pending_key(_union(p[1])))
        _take(best_path[1], chosen, pending)
        return
    # Cross-account (or a caller with no account): both sides must allow (spec A.5).
    failed.update(identity_failures)
    rbp = _options(inputs.resource_policies, ev, discover) if resource_on else []
    best_rbp = _best(rbp)
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


def _unknowns(pending: Iterable[Pending]) -> tuple[Unknown, ...]:
    items = [Unknown(p[0].key, p[0].operator, p[0].values, p[1]) for p in pending]
    return tuple(sorted(set(items), key=_unknown_key))


def _unknown_key(u: Unknown) -> tuple[str, str, tuple[str, ...], tuple[str, str, int], bool, int]:
    return u.key, u.operator, u.values, _ref_key(u.where), u.negated, u.group or 0


def _negated(deny_pendings: Iterable[frozenset[Pending]]) -> tuple[Unknown, ...]:
    """Unknowns saying a conditional Deny must not apply (its conditions must not all hold)."""
    groups = sorted(set(deny_pendings), key=_pending_key)
    out: list[Unknown] = []
    for number, group in enumerate(groups, 1):
        label = number if len(group) > 1 else None
        out.extend(
            Unknown(p[0].key, p[0].operator, p[0].values, p[1], negated=True, group=label)
            for p in group
        )
    return tuple(sorted(set(out), key=_unknown_key))
