"""Normalised inputs of one decision: the request, its caller and compiled policy layers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, TypeAlias, cast

from graph.policy import catalogue
from graph.policy.compiler import (
    CompiledPolicy,
    compile_policy,
    raise_warnings,
)
from graph.policy.matching import Ev
from graph.policy.model import (
    DEFAULT_OPTIONS,
    Layer,
    Mode,
    Options,
    PrincipalKind,
    Request,
)
from graph.policy.principals import Caller, parse_caller

PolicyInput: TypeAlias = CompiledPolicy | dict[str, object] | str

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


class Inputs(Ev):
    """A request with its policies normalised: what `decide` and `explain` work on."""

    __slots__ = (
        "_ceilings",
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
        wild: bool = False,
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
            wild,
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
        self._ceilings: list[tuple[Layer, int | None, tuple[CompiledPolicy, ...]]] | None = None

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
        if self._ceilings is not None:
            return self._ceilings
        if not self.caller.has_identity_policies:
            self._ceilings = []
            return self._ceilings
        found: list[tuple[Layer, int | None, tuple[CompiledPolicy, ...]]] = [
            (Layer.IDENTITY, None, self.identity)
        ]
        if self.boundaries is not None:
            found.append((Layer.PERMISSION_BOUNDARY, None, self.boundaries))
        if self.session_applies:
            found.append((Layer.SESSION, None, self.session))
        self._ceilings = found
        return found

    def ev(self) -> Ev:
        """The per-request matching context (the inputs themselves)."""
        return self


def _compile_all(
    items: Sequence[PolicyInput], kind: Layer, label: str, strict: bool = False
) -> tuple[CompiledPolicy, ...]:
    if not items:
        return ()
    if strict:
        return tuple(_strict(item, kind, f"{label} {i}") for i, item in enumerate(items, 1))
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


def _strict(item: PolicyInput, kind: Layer, name: str) -> CompiledPolicy:
    """Compile (or take) a policy and raise PolicyError for what AWS would refuse to store."""
    if isinstance(item, CompiledPolicy):
        raise_warnings(item)
        return item
    return compile_policy(item, name=name, kind=kind, strict=True)


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
    validate: bool = False,
) -> Inputs:
    """Normalise a request and its policies (compiling plain documents through the cache).

    `validate` raises PolicyError for policies AWS would refuse to store (see `compile_policy`).
    """
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
        validate,
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
    validate: bool = False,
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
        _compile_all(identity_policies, Layer.IDENTITY, "identity policy", validate),
        _compile_all(resource_policies, Layer.RESOURCE, "resource policy", validate)
        if resource_policies
        else (),
        None
        if permission_boundaries is None
        else _compile_all(
            permission_boundaries, Layer.PERMISSION_BOUNDARY, "permissions boundary", validate
        ),
        _levels(scps, Layer.SCP, "SCP", validate) if scps else (),
        _levels(rcps, Layer.RCP, "RCP", validate) if rcps else (),
        _compile_all(session_policies, Layer.SESSION, "session policy", validate)
        if session_policies
        else (),
        _compile_all(endpoint_policies, Layer.ENDPOINT, "endpoint policy", validate)
        if endpoint_policies
        else (),
        mode == "discover",
        options,
        request.resource_is_pattern and not star_only,
    )


def _levels(
    levels: Sequence[Sequence[PolicyInput]], kind: Layer, label: str, strict: bool = False
) -> tuple[tuple[CompiledPolicy, ...], ...]:
    if (
        not strict
        and type(levels) is tuple
        and all(
            type(level) is tuple and all(type(p) is CompiledPolicy for p in level)
            for level in levels
        )
    ):
        return cast(tuple[tuple[CompiledPolicy, ...], ...], levels)  # already compiled
    return tuple(
        _compile_all(level, kind, f"{label} level {i + 1} policy", strict)
        for i, level in enumerate(levels)
    )
